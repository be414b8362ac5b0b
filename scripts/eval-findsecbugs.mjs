#!/usr/bin/env node
// A second labelled suite for Java: the sample classes of FindSecBugs (find-sec-bugs/find-sec-bugs,
// findsecbugs-samples-java) and the bugs its own detector tests expect in them, extracted at run time from
// the `fetch` mirror at a pinned commit (nothing of theirs is committed; only this script and its mapping
// of bug types to Warden rules are).
//
// Labels: every `verify(reporter[, times(n)]).doReportBug(bugDefinition().bugType(T).inClass(C).inMethod(M)…)`
// in findsecbugs-plugin/src/test is a positive for (C's sample file, method M, T's Warden rule);
// `never()` / `times(0)` make it a negative. A method given through a loop variable
// (`for (String m : Arrays.asList("a", "b"))`) stands for each listed name. With `atLine(n)` the label is
// that line (a finding on it or up to 2 lines below counts, as in eval-languages.mjs); without, the whole
// method; a negative without a method, the whole class file. Precision = TP / (TP + FP) over labels,
// recall = TP / positives. FindSecBugs reports some types on every use (every `MessageDigest.getInstance("MD5")`,
// every `new Random()`) where Warden reports only where a password or secret is involved; those types are
// listed apart ("audit types"), not in the totals. XXE and deserialisation labels on a line also count a
// finding earlier in the same method (FindSecBugs marks the parse / `readObject`, Warden where the parser or
// stream is made); the number so counted is printed. Labels the issue's rule says Warden should leave silent,
// or whose sample contradicts them, are excluded from the judged figures (`EXCLUDED`, keyed by the code or
// FindSecBugs' priority, each printed with its reason); the raw figures over every label are printed beside them.
//
//   npm run build && node scripts/eval-findsecbugs.mjs [--json out.json] [--misses RULE|all] [--fps RULE|all]
//
// Missing mirror: run the fetch tool for find-sec-bugs/find-sec-bugs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, mirror } from './lib/mirrors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/engine/engine.js');
const { compileRuleset } = require('../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../out/server/src/rules/index.js');
const { loadAllGrammars } = require('../out/server/src/treesitter/runtime.js');

const FSB = { repo: 'find-sec-bugs/find-sec-bugs', commit: 'e38542b3c810c548fc271a681881557d23e2088e' };
const SAMPLES = 'findsecbugs-samples-java/src/test/java/';
const TESTS = 'findsecbugs-plugin/src/test/java/';

/** FindSecBugs bug type → the Warden rule for it (types not listed are not Warden categories, or not Java). */
const RULES = [
  [/^SQL_INJECTION(?:_\w+)?$/, 'tainted-sql'],
  [/^COMMAND_INJECTION$/, 'tainted-command'],
  [/^(?:LDAP|XPATH)_INJECTION$/, 'tainted-ldap-xpath'],
  [/^PATH_TRAVERSAL_(?:IN|OUT)$/, 'tainted-path'],
  [/^XSS_SERVLET$/, 'tainted-html'],
  [/^XXE_\w+$/, 'xxe-enabled'],
  [/^(?:UNVALIDATED_REDIRECT|SPRING_UNVALIDATED_REDIRECT)$/, 'tainted-redirect'],
  [/^URLCONNECTION_SSRF_FD$/, 'tainted-ssrf'],
  [/^(?:OBJECT_DESERIALIZATION|JACKSON_UNSAFE_DESERIALIZATION|XML_DECODER)$/, 'tainted-deserialization'],
  [/^(?:INSECURE_COOKIE|HTTPONLY_COOKIE)$/, 'cookie-flags-off'],
  [/^(?:SPEL_INJECTION|EL_INJECTION|OGNL_INJECTION|SCRIPT_ENGINE_INJECTION|GROOVY_SHELL|SEAM_LOG_INJECTION|TEMPLATE_INJECTION_\w+)$/, 'tainted-code'],
  [/^(?:WEAK_TRUST_MANAGER|WEAK_HOSTNAME_VERIFIER)$/, 'tls-verify-off'],
  // Reported by FindSecBugs on every use; by Warden only for passwords and secrets.
  [/^(?:PREDICTABLE_RANDOM|WEAK_MESSAGE_DIGEST_MD5|WEAK_MESSAGE_DIGEST_SHA1)$/, 'audit'],
];
/**
 * Labels left out of the judged figures, keyed by the code they are about (the labelled method, else the
 * file; `atLine`: only labels on one line, by that line) or by FindSecBugs' priority: the issue's rule
 * says Warden should be silent there, or the sample says the opposite of its label. Raw figures (every
 * label) are printed beside the judged ones.
 */
const EXCLUDED = [
  { positive: true, type: /^XSS_SERVLET$/, priority: /^Low$/, reason: 'an HTML-encoded value written out: FindSecBugs\' Low priority, reported only with its "potential XSS in wrong context" option (hidden by default, as its own test checks); by the rule a sanitised value is silent' },
  { positive: false, type: /^XXE_/, code: /setFeature\(\s*"http:\/\/xml\.org\/sax\/features\/external-(?:general|parameter)-entities"\s*,\s*true\s*\)/, reason: 'the "safe" sample switches external entities ON (`true`): an XXE by FindSecBugs\' own guidance, so Warden\'s finding is not counted as a false positive' },
  { positive: true, type: /^XPATH_INJECTION$/, code: /\.encodeForXPath\s*\(/, reason: 'the query goes through `encodeForXPath`; FindSecBugs labels the class both ways (positive without its custom sanitiser configuration, negative with it); by the rule a sanitised value is silent' },
  { positive: true, type: /^XPATH_INJECTION$/, code: /\bXPathBadApi\./, reason: 'the sink (`XPathBadApi.query`) is a method of the sample that only FindSecBugs\' custom sink configuration names; no library call is made' },
  { positive: true, type: /^(?:INSECURE|HTTPONLY)_COOKIE$/, code: /^(?![\s\S]*\.(?:addCookie|setSecure|setHttpOnly)\s*\()[\s\S]*\bnew\s+(?:[\w.]+\.)?Cookie\s*\(/, reason: 'a cookie made, never marked and never sent (no `addCookie`, `setSecure` or `setHttpOnly` in the method): FindSecBugs reports the constructor; Warden reports a cookie where it is added to a response' },
  { positive: true, type: /^TEMPLATE_INJECTION_FREEMARKER$/, code: /\.getTemplate\s*\(/, reason: 'FindSecBugs reports every `Template.process` (an audit); the template is loaded by name through the Configuration\'s loader, not built from data' },
];
const AUDIT = { PREDICTABLE_RANDOM: 'weak-random-secret', WEAK_MESSAGE_DIGEST_MD5: 'password-weak-hash', WEAK_MESSAGE_DIGEST_SHA1: 'password-weak-hash' };

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const jsonOut = opt('--json') ?? join(root, 'bench-results', 'findsecbugs-eval.json');
const showMisses = opt('--misses');
const showFps = opt('--fps');

const dir = mirror(FSB);
if (!dir) {
  console.log(`${FSB.repo}: not mirrored under the mirrors folder; run the fetch tool for it.`);
  process.exit(0);
}
const files = git(dir, 'ls-tree', '-r', '--name-only', FSB.commit).split('\n');
const samples = files.filter((f) => f.startsWith(SAMPLES) && f.endsWith('.java'));
const tests = files.filter((f) => f.startsWith(TESTS) && f.endsWith('Test.java'));
const show = (f) => git(dir, 'show', `${FSB.commit}:${f}`);

/** The labels of one detector test file. */
function labelsOf(text) {
  const paths = [...text.matchAll(/getClassFilePath\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]);
  const out = [];
  const verify = /verify\(\s*reporter\s*(?:,\s*(never\(\)|times\(\s*(\d+)\s*\)|atLeast\w*\([^)]*\)))?\s*\)\s*\.doReportBug\(\s*bugDefinition\(\)([\s\S]*?)\.build\(\)/g;
  for (const m of text.matchAll(verify)) {
    const body = m[3];
    const type = /\.bugType\(\s*"(\w+)"\s*\)/.exec(body)?.[1];
    const cls = /\.inClass\(\s*"([\w$]+)"\s*\)/.exec(body)?.[1];
    if (!type || !cls) continue;
    const positive = m[1] !== 'never()' && m[2] !== '0';
    const priority = /\.withPriority\(\s*"(\w+)"\s*\)/.exec(body)?.[1];
    const line = Number(/\.atLine\(\s*(\d+)\s*\)/.exec(body)?.[1]) || undefined;
    const literal = /\.inMethod\(\s*"([\w$<>]+)"\s*\)/.exec(body)?.[1];
    const variable = /\.inMethod\(\s*(\w+)\s*\)/.exec(body)?.[1];
    let methods = literal ? [literal] : [undefined];
    if (variable) {
      // The nearest loop above that binds the variable: `for (String m : Arrays.asList("a", "b"))` or `: new String[] {…}`.
      const before = text.slice(0, m.index);
      const loops = [...before.matchAll(new RegExp(`for\\s*\\(\\s*String\\s+${variable}\\s*:\\s*(?:Arrays\\.asList\\(([^)]*)\\)|new\\s+String\\s*\\[\\s*\\]\\s*\\{([^}]*)\\})`, 'g'))];
      const list = loops.at(-1);
      if (!list) continue;
      methods = [...(list[1] ?? list[2]).matchAll(/"([\w$]+)"/g)].map((x) => x[1]);
    }
    const simple = cls.replace(/\$.*$/, '');
    const path = paths.find((p) => p.endsWith(`/${simple}`) || p === simple);
    const file = path ? `${SAMPLES}${path}.java` : samples.filter((f) => f.endsWith(`/${simple}.java`)).length === 1 ? samples.find((f) => f.endsWith(`/${simple}.java`)) : undefined;
    if (!file || !samples.includes(file)) continue;
    for (const method of methods) out.push({ type, file, method, line, positive, priority });
  }
  return out;
}

/** Line ranges (1-based, inclusive) of the methods named `name` in a Java text: declaration line to closing brace. */
function methodRanges(text, name) {
  const ranges = [];
  const decl = new RegExp(`^[ \\t]*(?:(?:public|private|protected|static|final|synchronized|abstract)\\s+)*(?:<[^>]*>\\s*)?[\\w<>\\[\\],.? ]+\\s+${name.replace(/\$/g, '\\$')}\\s*\\(`, 'gm');
  for (const m of text.matchAll(decl)) {
    const open = text.indexOf('{', m.index);
    const semi = text.indexOf(';', m.index);
    if (open < 0 || (semi >= 0 && semi < open)) continue;
    let depth = 0;
    let end = open;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    ranges.push([text.slice(0, m.index).split('\n').length, text.slice(0, end).split('\n').length]);
  }
  return ranges;
}

await loadAllGrammars();
const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const labels = tests.flatMap((t) => labelsOf(show(t)));
const findingsOf = new Map();
const textOf = new Map();
const stats = new Map();
const audit = new Map();
const misses = [];
const fps = [];
const seen = new Set();
const excluded = [];
/** Positives found only earlier in the method (XXE, deserialisation). */
let earlier = 0;
let unmapped = 0;
for (const l of labels) {
  const rule = RULES.find(([re]) => re.test(l.type))?.[1];
  if (!rule) {
    unmapped++;
    continue;
  }
  const target = rule === 'audit' ? AUDIT[l.type] : rule;
  const key = `${l.file} ${l.method ?? '*'} ${l.line ?? '*'} ${target} ${l.positive}`;
  if (seen.has(key)) continue;
  seen.add(key);
  if (!findingsOf.has(l.file)) {
    const text = show(l.file);
    textOf.set(l.file, text);
    findingsOf.set(l.file, analyze({ text, path: l.file }, ruleset, { timeBudgetMs: 60_000 }).findings.map((f) => ({ rule: f.ruleId, line: text.slice(0, f.start).split('\n').length })));
  }
  const text = textOf.get(l.file);
  const methods = l.method ? methodRanges(text, l.method) : [];
  let ranges = l.line ? [[l.line, l.line + 2]] : l.method ? methods : [[1, Infinity]];
  if (ranges.length === 0) continue;
  // XXE and deserialisation: FindSecBugs places them at the parse / `readObject` call, Warden where the
  // parser or stream is made, or a feature switched on (where the fix goes), earlier in the same method:
  // counted from the method's start.
  const strict = ranges;
  if ((target === 'xxe-enabled' || target === 'tainted-deserialization') && l.line) ranges = ranges.concat(methods.filter(([a, b]) => l.line >= a && l.line <= b).map(([a]) => [a, l.line]));
  const hit = (within) => findingsOf.get(l.file).some((f) => f.rule === target && within.some(([a, b]) => f.line >= a && f.line <= b));
  const flagged = hit(ranges);
  if (flagged && l.positive && !hit(strict)) earlier++;
  const table = rule === 'audit' ? audit : stats;
  const name = rule === 'audit' ? `${l.type} (${target})` : target;
  const r = table.get(name) ?? { pos: 0, tp: 0, fn: 0, fp: 0, neg: 0, xPos: 0, xTp: 0, xFp: 0, xNeg: 0 };
  table.set(name, r);
  const where = `${l.file.slice(SAMPLES.length)} ${l.method ?? '(class)'}${l.line ? `:${l.line}` : ''} ${l.type}`;
  // The code a label is about: its line (exclusions `atLine`), else its method, else the file.
  const lines = text.split('\n');
  const method = methods.length ? methods.map(([a, b]) => lines.slice(a - 1, b).join('\n')).join('\n') : text;
  const exclusion = EXCLUDED.find((x) => x.positive === l.positive && x.type.test(l.type) && (!x.priority || x.priority.test(l.priority ?? '')) && (!x.code ? true : x.atLine ? !!l.line && x.code.test(lines[l.line - 1] ?? '') : x.code.test(method)));
  if (l.positive) {
    r.pos++;
    flagged ? r.tp++ : exclusion || (r.fn++, misses.push(`${target} ${where}`));
  } else {
    r.neg++;
    if (flagged) (r.fp++, exclusion || fps.push(`${target} ${where}`));
  }
  if (exclusion) {
    excluded.push(`${l.positive ? 'pos' : 'neg'} ${target} ${where} ${flagged ? '(flagged)' : '(silent)'}: ${exclusion.reason}`);
    if (l.positive) (r.xPos++, flagged && r.xTp++);
    else (r.xNeg++, flagged && r.xFp++);
  }
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : ' -  ');
const KEYS = ['pos', 'tp', 'fn', 'fp', 'neg', 'xPos', 'xTp', 'xFp', 'xNeg'];
/** Raw: every label; judged: without the excluded ones (each listed below with its reason). */
const row = (name, r) => {
  const jp = r.pos - r.xPos;
  const jtp = r.tp - r.xTp;
  const jfp = r.fp - r.xFp;
  console.log(`${name.padEnd(44)} ${String(r.pos).padStart(4)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.neg).padStart(4)}   ${fmt(r.tp / (r.tp + r.fp))}  ${fmt(r.tp / r.pos)}   ${String(jp).padStart(4)} ${String(jtp).padStart(4)} ${String(jfp).padStart(4)}   ${fmt(jtp / (jtp + jfp))}  ${fmt(jtp / jp)}`);
};
const print = (table) => {
  const total = Object.fromEntries(KEYS.map((k) => [k, 0]));
  for (const [name, r] of [...table].sort()) {
    for (const k of KEYS) total[k] += r[k];
    row(name, r);
  }
  return total;
};
console.log(`\nFindSecBugs detector tests @ ${FSB.commit.slice(0, 12)}: ${labels.length} labels in ${tests.length} test files (${unmapped} of types Warden does not cover)`);
console.log(`${''.padEnd(44)} ${'raw (every label)'.padEnd(38)} judged (without the excluded labels)`);
console.log(`${'rule'.padEnd(44)}  pos   TP   FP  neg   prec  recall    pos   TP   FP   prec  recall`);
const total = print(stats);
row('all covered types', total);
console.log(`(xxe-enabled, tainted-deserialization: ${earlier} TP are findings earlier in the labelled method, where the parser or stream is made, not on the parse line)`);
console.log('\naudit types (FindSecBugs reports every use; Warden only passwords and secrets):');
print(audit);
console.log(`\n${excluded.length} labels excluded from the judged figures, each with its reason:`);
for (const x of excluded) console.log(`  ${x}`);
const wanted = (filter, line) => filter === 'all' || line.startsWith(`${filter} `);
if (showMisses) for (const m of misses.filter((x) => wanted(showMisses, x))) console.log(`  miss ${m}`);
if (showFps) for (const m of fps.filter((x) => wanted(showFps, x))) console.log(`  fp   ${m}`);
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify({ commit: FSB.commit, rules: Object.fromEntries(stats), audit: Object.fromEntries(audit), total, misses, fps, excluded }, null, 2));
