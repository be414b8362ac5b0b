#!/usr/bin/env node
// A second labelled suite for Ruby: the test applications of Brakeman (presidentbeef/brakeman) and the
// warnings its own test suite expects in them, extracted at run time from the `fetch` mirror at a pinned
// commit (nothing of theirs is committed; only this script and its mapping of warning types are).
//
// Labels: every `assert_warning` (a positive) and `assert_no_warning` (a negative) in test/tests/*.rb that
// names a warning type, a line and a `relative_path`, in the application its test class scans
// (`BrakemanTester.run_scan "rails5"`). A Warden finding of a mapped rule starting on the labelled line or
// up to 2 lines below predicts "positive" for that label, as in eval-languages.mjs. Precision and recall
// are over labelled lines; Warden findings on lines Brakeman does not label are counted apart ("other"),
// since these applications are vulnerable on purpose and Brakeman's tests do not label everything.
//
//   npm run build && node scripts/eval-brakeman.mjs [--json out.json] [--misses TYPE|all] [--fps TYPE|all] [--other]
//
// Missing mirror: run the fetch tool for presidentbeef/brakeman.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { archive, git, lineOf, listFiles, mirror } from './lib/mirrors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/engine/engine.js');
const { compileRuleset } = require('../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../out/server/src/rules/index.js');
const { loadAllGrammars } = require('../out/server/src/treesitter/runtime.js');
const { collectRenderFacts, factsFor } = require('../out/server/src/templates/renderIndex.js');

const BRAKEMAN = { repo: 'presidentbeef/brakeman', commit: '104443e426f8c810d92746343d6becf9a250ef80' };

/**
 * Brakeman warning type → the Warden rules that cover it. `Remote Code Execution` is Brakeman's name
 * for unsafe reflection (`constantize`), `YAML.load`/`Marshal.load` of params and similar, so either the
 * code or the deserialisation rule counts. XSS in `.erb` views is the template rule's.
 */
const COVERED = {
  'SQL Injection': ['tainted-sql'],
  'Command Injection': ['tainted-command'],
  'Remote Code Execution': ['tainted-code', 'tainted-deserialization'],
  'Dangerous Eval': ['tainted-code'],
  'Dangerous Send': ['tainted-code'],
  'Template Injection': ['tainted-code'],
  'Cross-Site Scripting': ['tainted-html', 'template-unescaped-output'],
  Redirect: ['tainted-redirect'],
  'File Access': ['tainted-path'],
  'Path Traversal': ['tainted-path'],
  'Directory Traversal': ['tainted-path'],
  'Dynamic Render Path': ['tainted-path'],
  // Cookie flags, and the session secret written in the code (`secret_key_base = '…'`): a credential finding.
  'Session Setting': ['cookie-flags-off', 'generic-secret'],
  'SSL Verification Bypass': ['tls-verify-off'],
  'Weak Hash': ['password-weak-hash'],
  'Information Disclosure': ['debug-mode-on'],
};
/** File types Warden reads: Ruby, and ERB views (HAML and Slim are not parsed). */
const READ = /\.(?:rb|erb)$/;

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const jsonOut = opt('--json') ?? join(root, 'bench-results', 'brakeman-eval.json');
const wanted = (filter, type) => filter === 'all' || type === filter;

/** The labels of one Brakeman test file: { app, type, line, path, positive, confidence }. */
function labelsOf(text) {
  const out = [];
  // Each assertion runs to the next assertion, method or class; the app is the last `run_scan` above it.
  const marks = [...text.matchAll(/run_scan\(?\s*["']([^"']+)["']|\bassert_(no_)?warning\b|\n\s*def (\w+)|\nclass /g)];
  let app;
  let test = '';
  marks.forEach((m, i) => {
    if (m[1]) {
      app = m[1];
      return;
    }
    if (m[3]) test = m[3];
    if (!m[0].startsWith('assert_')) return;
    const body = text.slice(m.index, marks[i + 1]?.index ?? text.length);
    const type = /:warning_type\s*=>\s*"([^"]+)"|warning_type:\s*"([^"]+)"/.exec(body);
    const line = /:line\s*=>\s*(\d+)|\bline:\s*(\d+)/.exec(body);
    const path = /:relative_path\s*=>\s*"([^"]+)"|relative_path:\s*"([^"]+)"/.exec(body);
    // Older asserts name the file by a regular expression matched against the warning's path (`:file => /user\.rb/`).
    const file = /:file\s*=>\s*\/(.*)\/\w*\s*,?\s*$|\bfile:\s*\/(.*)\/\w*\s*,?\s*$/m.exec(body);
    const confidence = /:confidence\s*=>\s*(\d)|confidence:\s*(\d)/.exec(body);
    const message = /:message\s*=>\s*\/\^?(.*)\/\s*,?\s*$|\bmessage:\s*\/\^?(.*)\/\s*,?\s*$/m.exec(body);
    if (!app || !type || !line || (!path && !file)) return;
    out.push({
      app,
      type: type[1] ?? type[2],
      line: Number(line[1] ?? line[2]),
      path: path ? path[1] ?? path[2] : undefined,
      file: path ? undefined : file[1] ?? file[2],
      positive: m[1] === undefined && !m[0].includes('no_'),
      confidence: confidence ? ['high', 'medium', 'weak'][Number(confidence[1] ?? confidence[2])] : undefined,
      message: (message?.[1] ?? message?.[2] ?? '').replace(/\\(.)/g, '$1'),
      test,
    });
  });
  return out;
}

const dir = mirror(BRAKEMAN);
if (!dir) {
  console.log(`${BRAKEMAN.repo}: not mirrored at ${BRAKEMAN.commit}; run the fetch tool for it.`);
  process.exit(0);
}
await loadAllGrammars();
const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const tree = archive(dir, BRAKEMAN.commit, ['test/tests', 'test/apps'], 'brakeman');
const testFiles = git(dir, 'ls-tree', '--name-only', BRAKEMAN.commit, 'test/tests/').split('\n').filter((f) => f.endsWith('.rb'));

/**
 * A `:file => /regex/` assert names the file Brakeman's warning is in by a pattern over its path: resolved
 * against the app's files, it is the one file that matches and is long enough to hold the labelled line.
 * Patterns that match no such file, or more than one, are left out and listed with their candidates.
 */
const appFiles = new Map();
const unresolved = [];
function resolveFile(l) {
  if (!appFiles.has(l.app)) {
    const base = join(tree, 'test/apps', l.app);
    appFiles.set(l.app, listFiles(base, () => true).map((f) => ({ path: relative(base, f), lines: readFileSync(f, 'utf8').split('\n').length })));
  }
  let re;
  try {
    re = new RegExp(l.file.replace(/\\A|\\z|\\Z/g, (m) => (m === '\\A' ? '^' : '$')));
  } catch {
    unresolved.push(`${l.app} /${l.file}/:${l.line} ${l.type}: not a JavaScript regular expression`);
    return undefined;
  }
  const candidates = appFiles.get(l.app).filter((f) => re.test(`test/apps/${l.app}/${f.path}`) && f.lines >= l.line);
  if (candidates.length === 1) return candidates[0].path;
  unresolved.push(`${l.app} /${l.file}/:${l.line} ${l.type}: ${candidates.length === 0 ? 'no file of the app matches' : `${candidates.length} files match (${candidates.map((c) => c.path).join(', ')})`}`);
  return undefined;
}

// One label per (app, file, line, type): a test file may assert the same warning twice.
const labels = new Map();
let byPattern = 0;
for (const f of testFiles) {
  for (const l of labelsOf(readFileSync(join(tree, f), 'utf8'))) {
    if (l.file) {
      l.path = resolveFile(l);
      if (!l.path) continue;
      byPattern++;
    }
    const key = `${l.app} ${l.path}:${l.line} ${l.type}`;
    const seen = labels.get(key);
    // `assert_warning` wins over an `assert_no_warning` of the same line and type (another option set).
    if (!seen || (l.positive && !seen.positive)) labels.set(key, l);
  }
}

// As the CLI scans a project: the render calls of the app's Ruby files (an action renders its view with
// the instance variables it assigns) are collected once, and each ERB view is analysed with those about it.
const appFacts = new Map();
function renderFactsOf(app) {
  if (!appFacts.has(app)) {
    const base = join(tree, 'test/apps', app);
    const files = listFiles(base, (name) => name.endsWith('.rb')).map((f) => ({ path: relative(base, f), text: readFileSync(f, 'utf8') }));
    appFacts.set(app, collectRenderFacts(files));
  }
  return appFacts.get(app);
}

const findingsCache = new Map();
function findingsOf(app, path) {
  const key = `${app}/${path}`;
  if (!findingsCache.has(key)) {
    let text;
    try {
      text = readFileSync(join(tree, 'test/apps', app, path), 'utf8');
    } catch {
      findingsCache.set(key, undefined);
      return undefined;
    }
    const line = lineOf(text);
    findingsCache.set(key, analyze({ text, path }, ruleset, { timeBudgetMs: 60_000, ...(path.endsWith('.erb') ? { renders: factsFor(renderFactsOf(app), path) } : {}) }).findings.map((x) => ({ rule: x.ruleId, line: line(x.start), severity: x.severity, confidence: x.confidence, message: x.message })));
  }
  return findingsCache.get(key);
}

// The lines labelled per file and type: a negative label is not charged with a finding that a later label
// (on the finding's line or nearer to it) explains, so the prediction for a labelled line does not also
// count as a false positive of the label just above it. Positive labels keep the whole window.
const labelLines = new Map();
for (const l of labels.values()) {
  const k = `${l.app}/${l.path} ${l.type}`;
  labelLines.set(k, [...(labelLines.get(k) ?? []), l.line]);
}
const ownedBy = (l, x) => !labelLines.get(`${l.app}/${l.path} ${l.type}`).some((n) => n > l.line && n <= x.line);

/**
 * Judged figures leave out, and list, the negative labels that the issue's rule for data flow says are
 * wrong: where every Warden finding on the label is a warning about a value of unknown origin (a method's
 * parameter, an attribute, another method's result), not request data. Issue #14: request data → error,
 * unknown origin → warning, constants → silent; Brakeman is silent on much of what is of unknown origin.
 * The raw figures (every such label counted as a false positive) are printed beside the judged ones.
 */
const UNKNOWN_ORIGIN = 'unknown origin: Warden warns (issue #14: unknown origin → warning) where Brakeman is silent';
/**
 * Brakeman leaves out a secret in a file the app's `.gitignore` lists (it is kept out of version control);
 * Warden reads the file the editor has open, whatever Git does with it. A negative label that holds only
 * because of the ignore file is about the repository's settings, not the code: listed and left out.
 */
const GIT_IGNORED = "the file is listed in the app's .gitignore: Brakeman is silent on a secret kept out of version control, Warden reports the literal in the file it reads";
const ignoredBy = new Map();
function gitIgnored(app, path) {
  if (!ignoredBy.has(app)) {
    let lines = [];
    try {
      lines = readFileSync(join(tree, 'test/apps', app, '.gitignore'), 'utf8').split('\n').map((x) => x.trim()).filter((x) => x && !x.startsWith('#') && !/[*?[!]/.test(x));
    } catch {
      // no ignore file
    }
    ignoredBy.set(app, lines);
  }
  return ignoredBy.get(app).some((p) => (p.includes('/') ? path === p.replace(/^\//, '') || path.startsWith(p.replace(/^\//, '').replace(/\/?$/, '/')) : path.split('/').includes(p)));
}
const excluded = [];
/**
 * Positive labels outside Warden's classes, by what Brakeman's test says (its message or test name), never by
 * file or line: listed and left out of judged recall, counted in the raw recall beside it.
 */
const OUT_OF_CLASS = [
  {
    why: "a dependency version's known vulnerability (Rails, rails-html-sanitizer CVEs): an advisory about the Gemfile, not a code pattern; Warden does not check gem versions",
    test: (l) => /has a vulnerability|is vulnerable|^Upgrade to Rails|^MySQL integer conversion|^Format options in `number_to|^Values passed to `simple_format`/.test(l.message) || /_cve(?:_|$)/i.test(l.test),
  },
  {
    why: 'JSON HTML-entity escaping switched off by a Rails setting or version default (escape_html_entities_in_json): no Warden class covers it, and the label names a line of another file',
    test: (l) => /^HTML entities in JSON are not escaped/.test(l.message),
  },
];

const table = new Map(); // type → counts
const uncovered = new Map(); // type → { positive, negative }
const misses = [];
const fps = [];
let unread = 0;
let missingFiles = 0;
for (const l of labels.values()) {
  const rules = COVERED[l.type];
  if (!rules || !READ.test(l.path)) {
    const why = !rules ? l.type : `${l.type} (in ${l.path.split('.').pop()} files)`;
    const u = uncovered.get(why) ?? { positive: 0, negative: 0 };
    l.positive ? u.positive++ : u.negative++;
    uncovered.set(why, u);
    if (rules) unread++;
    continue;
  }
  const found = findingsOf(l.app, l.path);
  if (!found) {
    missingFiles++;
    continue;
  }
  const outOfClass = l.positive ? OUT_OF_CLASS.find((o) => o.test(l)) : undefined;
  const hits = found.filter((x) => rules.includes(x.rule) && x.line >= l.line && x.line <= l.line + 2 && (l.positive || ownedBy(l, x)));
  const predicted = hits.length > 0;
  const row = table.get(l.type) ?? { tp: 0, fn: 0, fp: 0, tn: 0, excluded: 0, outOfClass: 0 };
  if (outOfClass && !predicted) {
    row.outOfClass++;
    excluded.push({ type: l.type, at: `${l.app}/${l.path}:${l.line}`, reason: outOfClass.why });
  } else if (!l.positive && predicted && l.type === 'Session Setting' && gitIgnored(l.app, l.path)) {
    row.excluded++;
    excluded.push({ type: l.type, at: `${l.app}/${l.path}:${l.line}`, reason: GIT_IGNORED });
  } else if (!l.positive && predicted && hits.every((x) => x.severity !== 'error')) {
    row.excluded++;
    excluded.push({ type: l.type, at: `${l.app}/${l.path}:${l.line}`, reason: UNKNOWN_ORIGIN });
  } else if (l.positive && predicted) row.tp++;
  else if (l.positive) row.fn++, misses.push({ type: l.type, at: `${l.app}/${l.path}:${l.line}${l.confidence ? ` (${l.confidence})` : ''}`, message: l.message });
  else if (predicted) row.fp++, fps.push({ type: l.type, at: `${l.app}/${l.path}:${l.line}`, by: hits.map((x) => `${x.rule}@${x.line} ${x.severity}/${x.confidence}: ${x.message.slice(0, 140)}`) });
  else row.tn++;
  table.set(l.type, row);
}

// Warden findings of the mapped rules on lines no label of that type names (neither positive nor negative).
const labelled = new Set([...labels.values()].flatMap((l) => (COVERED[l.type] ?? []).flatMap((r) => [0, 1, 2].map((d) => `${l.app}/${l.path}:${l.line + d} ${r}`))));
const mapped = new Set(Object.values(COVERED).flat());
const other = [];
for (const [key, found] of findingsCache) for (const x of found ?? []) if (mapped.has(x.rule) && !labelled.has(`${key}:${x.line} ${x.rule}`)) other.push(`${x.rule} ${key}:${x.line} ${x.severity}`);

const ratio = (a, b) => (b === 0 ? NaN : a / b);
const f2 = (x) => (Number.isNaN(x) ? '  -  ' : x.toFixed(2));
console.log(`Brakeman ${BRAKEMAN.commit.slice(0, 12)} test apps, labels from test/tests (strict preset; ${findingsCache.size} files read)`);
// Judged: precision without the excluded negative labels, recall without the out-of-class positives; raw: with them.
console.log('warning type                Warden rule(s)                               pos  TP  FN  FP  neg  precision  recall   excl P/R   raw P  raw R');
const total = { tp: 0, fn: 0, fp: 0, tn: 0, excluded: 0, outOfClass: 0 };
const perType = {};
const figures = (r) => ({ precision: ratio(r.tp, r.tp + r.fp), recall: ratio(r.tp, r.tp + r.fn), rawPrecision: ratio(r.tp, r.tp + r.fp + r.excluded), rawRecall: ratio(r.tp, r.tp + r.fn + r.outOfClass) });
const printRow = (name, r) => {
  const f = figures(r);
  console.log(`${name.padEnd(72)} ${String(r.tp + r.fn).padStart(4)} ${String(r.tp).padStart(3)} ${String(r.fn).padStart(3)} ${String(r.fp).padStart(3)} ${String(r.tn + r.fp + r.excluded).padStart(4)}  ${f2(f.precision).padStart(9)}  ${f2(f.recall).padStart(6)}  ${`${r.excluded}/${r.outOfClass}`.padStart(8)}  ${f2(f.rawPrecision).padStart(6)} ${f2(f.rawRecall).padStart(6)}`);
  return f;
};
for (const [type, r] of [...table].sort((a, b) => b[1].tp + b[1].fn - (a[1].tp + a[1].fn))) {
  for (const k of Object.keys(total)) total[k] += r[k];
  perType[type] = { ...r, ...printRow(`${type.padEnd(27)} ${COVERED[type].join(', ')}`, r) };
}
const totalFigures = printRow('all covered types', total);
console.log(`Judged: ${total.excluded} negative labels left out of precision and ${total.outOfClass} positive labels out of recall (raw P and raw R count them):`);
for (const e of excluded) console.log(`  excluded ${e.type}: ${e.at} (${e.reason})`);
console.log(`\nNot covered by Warden (labels: positive / negative):`);
for (const [why, u] of [...uncovered].sort((a, b) => b[1].positive - a[1].positive)) console.log(`  ${why.padEnd(50)} ${String(u.positive).padStart(4)} / ${u.negative}`);
console.log(`Asserts naming their file by a pattern (\`:file => /…/\`): ${byPattern} resolved to one file of the app (duplicates of other asserts merge); ${unresolved.length} left out:`);
for (const u of unresolved) console.log(`  unresolved ${u}`);
console.log(`Labelled files missing from the tree: ${missingFiles}. Warden findings of mapped rules on unlabelled lines: ${other.length} (--other lists them).`);
if (opt('--misses')) for (const m of misses.filter((x) => wanted(opt('--misses'), x.type))) console.log(`  miss ${m.type}: ${m.at}${args.includes('--why') ? ` "${m.message}"` : ''}`);
if (opt('--fps')) for (const m of fps.filter((x) => wanted(opt('--fps'), x.type))) console.log(`  fp   ${m.type}: ${m.at}${args.includes('--why') ? m.by.map((b) => `\n         ${b}`).join('') : ''}`);
if (args.includes('--other')) for (const x of other) console.log(`  other ${x}`);
rmSync(tree, { recursive: true, force: true });
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify({ commit: BRAKEMAN.commit, perType, total: { ...total, ...totalFigures }, excluded, uncovered: Object.fromEntries(uncovered), misses, fps, other }, null, 2)}\n`);
