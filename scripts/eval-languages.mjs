#!/usr/bin/env node
// Precision and recall of the tree rules (Python, Java, PHP, Go, C#, Ruby) on labelled code nobody
// here wrote, extracted at run time from bare git mirrors made by the `fetch` tool (nothing of theirs
// is committed; only this script and its category mapping are):
//
// 1. semgrep/semgrep-rules at a pinned commit: every test file next to a rule whose CWE or id maps to
//    a Warden category. `ruleid: <rule>` labels the next code line (or its own line when trailing) a
//    positive, `ok: <rule>` a negative. A Warden finding of the mapped rule starting on the labelled
//    line, or up to 2 lines after it within the same statement, predicts "positive" for that label;
//    when the labelled line declares a method (semgrep rules that match a whole method), anywhere in it.
//    Precision = TP / (TP + FP) over labelled lines, recall = TP / positives.
// 2. OWASP-Benchmark/BenchmarkJava at a pinned commit: its expectedresults CSV and official scoring,
//    TPR - FPR per category, where a test case counts as flagged when the mapped Warden rule reports
//    anything in its file.
//
//   npm run build && node scripts/eval-languages.mjs [--json out.json] [--langs python,ruby] [--skip semgrep,benchmark,noise]
//     [--misses CATEGORY|LANGUAGE|all] [--fps CATEGORY|LANGUAGE|all] [--show-noise] [--sink-line-only]
// `--misses`/`--fps` list the labelled lines missed / wrongly flagged (all of them go into the JSON too).
//
// Missing mirrors are skipped with a message (run the fetch tool for the repositories below).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIRRORS, archive, git, mirror } from './lib/mirrors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/engine/engine.js');
const { compileRuleset } = require('../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../out/server/src/rules/index.js');
const { loadAllGrammars } = require('../out/server/src/treesitter/runtime.js');
const YAML = require('yaml');

const SEMGREP = { repo: 'semgrep/semgrep-rules', commit: '157ae4706d7f54aa33647332f234dd68f30da195' };
const BENCHMARK = { repo: 'OWASP-Benchmark/BenchmarkJava', commit: '79b9bd6177e07991a9c11dc19e457c840e229931' };
/**
 * 3. Noise: every finding (`recommended` preset) of a tree rule on popular, well-kept projects, per
 *    10,000 lines of their source (tests and examples included: they run too). Target: at most 1.
 */
const CLEAN = [
  { repo: 'psf/requests', commit: '1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e', language: 'python' },
  { repo: 'spring-projects/spring-petclinic', commit: 'edf4db28affcc4741c79850a3d95bc3f177b5ff9', language: 'java' },
  // A JDBC connection pool: SQL from configuration and callers reaches JDBC calls everywhere (unknown origin, by design).
  { repo: 'brettwooldridge/HikariCP', commit: '604d7d5838e96afbbdd4e19eedab7497cf368eb6', language: 'java' },
  { repo: 'laravel/framework', commit: 'bd71b45fbb7e672957bf6ff61baddefe15fbca6a', language: 'php' },
  { repo: 'spf13/cobra', commit: 'adbc8813901bba65827259daa8e22ff94ec1f30e', language: 'go' },
  { repo: 'dotnet/eShop', commit: '5624ad564d1602a927879df32a79b94522eb6101', language: 'csharp' },
  { repo: 'sinatra/sinatra', commit: 'cb22afd7902b566b6eaba6c4ea89739494a65d12', language: 'ruby' },
];
const LANGS = { python: '.py', java: '.java', php: '.php', go: '.go', csharp: '.cs', ruby: '.rb' };

const args = process.argv.slice(2);
// --sink-line-only: count a label only by a finding's own lines, not by its related locations (the
// stricter reading, reported next to the default one).
const sinkLineOnly = args.includes('--sink-line-only');
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const jsonOut = opt('--json') ?? join(root, 'bench-results', 'languages-eval.json');
const showMisses = opt('--misses');
const showFps = opt('--fps');
/** `--langs java,csharp` limits the semgrep and noise parts to those languages; `--skip semgrep,benchmark,noise` skips parts. */
const onlyLangs = opt('--langs')?.split(',');
const skip = new Set(opt('--skip')?.split(',') ?? []);
const wanted = (filter, line) => filter === 'all' || line.startsWith(filter) || line.includes(` ${filter}/`);

/** CWE → the Warden tree rule for that category. */
const BY_CWE = {
  89: 'tainted-sql', 564: 'tainted-sql', 78: 'tainted-command', 77: 'tainted-command', 94: 'tainted-code', 95: 'tainted-code',
  1336: 'tainted-code', 917: 'tainted-code', 22: 'tainted-path', 23: 'tainted-path', 73: 'tainted-path', 98: 'tainted-path',
  601: 'tainted-redirect', 918: 'tainted-ssrf', 90: 'tainted-ldap-xpath', 643: 'tainted-ldap-xpath', 79: 'tainted-html',
  502: 'tainted-deserialization', 295: 'tls-verify-off', 297: 'tls-verify-off', 614: 'cookie-flags-off', 1004: 'cookie-flags-off',
  489: 'debug-mode-on', 215: 'debug-mode-on', 942: 'cors-credentials-any-origin', 611: 'xxe-enabled', 776: 'xxe-enabled',
  916: 'password-weak-hash', 338: 'weak-random-secret', 330: 'weak-random-secret', 322: 'ssh-host-key-unverified',
};
/**
 * Rule ids that name a category better than their CWE: semgrep files some SQL rules under CWE-704, and
 * its rules about OS commands in Ruby, PHP and Go (`dangerous-exec`, `exec-use`, backticks, subshells,
 * `exec.Command`, `syscall.Exec`) under CWE-94 (code injection); `eval-use` in PHP under CWE-78.
 */
const BY_ID = [
  [/nosql/, undefined],
  [/^(?:dangerous-exec|dangerous-exec-cmd|dangerous-exec-command|dangerous-syscall-exec|dangerous-subshell|dangerous-open|dangerous-open3-pipeline|exec-use|tainted-exec|backticks-use)$/, 'tainted-command'],
  [/^eval-use$/, 'tainted-code'], [/sql/, 'tainted-sql'], [/xxe|external-entit/, 'xxe-enabled'], [/ssrf/, 'tainted-ssrf'],
  // semgrep files its `Access-Control-Allow-Origin: *` rules under CWE-183/346; without credentials that is `cors-wildcard-origin`.
  [/^(?:php-permissive-cors|symfony-permissive-cors|permissive-cors)$/, 'cors-wildcard-origin'],
  [/open-redirect|unvalidated-redirect/, 'tainted-redirect'], [/deserializ|pickle|marshal|unserialize|yaml-load|objectinputstream/, 'tainted-deserialization'],
];


/** The pinned tree's files under `paths`, extracted once into a temporary folder. */
const extract = (dir, commit, paths) => archive(dir, commit, paths);


const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const results = { semgrep: undefined, benchmark: undefined };

function ratio(a, b) {
  return b === 0 ? NaN : a / b;
}
const f2 = (x) => (Number.isNaN(x) ? '  -  ' : x.toFixed(2));

function categoryOf(ruleId, yamlRule) {
  for (const [re, cat] of BY_ID) if (re.test(ruleId)) return cat;
  const cwes = [].concat(yamlRule?.metadata?.cwe ?? []).map((c) => Number(/CWE-(\d+)/.exec(String(c))?.[1]));
  for (const c of cwes) if (BY_CWE[c]) return BY_CWE[c];
  return undefined;
}

/** Labels of a semgrep test file: line (1-based) → { ruleId, positive }. */
function labelsOf(text) {
  const lines = text.split('\n');
  const out = [];
  let pending = [];
  lines.forEach((row, i) => {
    const m = /(?:#|\/\/|\/\*|<!--)\s*(ruleid|ok|todoruleid|todook)\s*:\s*([\w.,\s-]+)/.exec(row);
    const code = row.replace(/(?:#|\/\/|\/\*).*$/, '').trim();
    if (m) {
      const ids = m[2].split(',').map((s) => s.trim()).filter(Boolean);
      // todoruleid / todook: known gaps of semgrep itself; the intended truth is the opposite of what semgrep does today.
      const positive = m[1] === 'ruleid' || m[1] === 'todoruleid';
      const entries = ids.map((id) => ({ id, positive }));
      if (code.length > 0) out.push(...entries.map((e) => ({ ...e, line: i + 1 })));
      else pending.push(...entries);
    } else if (pending.length > 0 && row.trim().length > 0) {
      out.push(...pending.map((e) => ({ ...e, line: i + 1 })));
      pending = [];
    }
  });
  return out;
}

/** A C-like method or function declaration line (Java, C#, PHP, Go). */
const FUNCTION_LINE = /^\s*(?:(?:public|private|protected|internal|static|async|final|override|virtual)\s+)+[\w<>\[\],.?\s]*\w+\s*\([^;]*$|^\s*func\s|^\s*(?:public\s+|private\s+|protected\s+)?function\s/;

/** The last line (1-based) of the brace block opened on or after `line`. */
function blockEnd(rows, line) {
  let depth = 0;
  let opened = false;
  for (let i = line - 1; i < rows.length; i++) {
    for (const ch of rows[i].replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\/\/.*$/g, '')) {
      if (ch === '{') depth++, (opened = true);
      else if (ch === '}') depth--;
    }
    if (opened && depth <= 0) return i + 1;
  }
  return line + 2;
}

function evalSemgrep(dir) {
  const files = git(dir, 'ls-tree', '-r', '--name-only', SEMGREP.commit).split('\n');
  const tree = extract(dir, SEMGREP.commit, Object.keys(LANGS));
  const show = (f) => readFileSync(join(tree, f), 'utf8');
  const yamls = new Map();
  for (const f of files) if (/\.ya?ml$/.test(f)) yamls.set(f.replace(/\.ya?ml$/, ''), f);
  const table = new Map(); // `${lang} ${category}` → counts
  const taintTable = new Map(); // the same without `audit/` rules
  const misses = [];
  const fps = [];
  let testFiles = 0;
  let lines = 0;
  for (const [lang, ext] of Object.entries(LANGS)) {
    if (onlyLangs && !onlyLangs.includes(lang)) continue;
    for (const f of files) {
      if (!f.startsWith(`${lang}/`) || !f.endsWith(ext)) continue;
      // `audit` rules label any non-constant argument; the others are taint rules (data from a source).
      const audit = f.includes('/audit/');
      const yamlFile = yamls.get(f.slice(0, -ext.length));
      if (!yamlFile) continue;
      let rules;
      try {
        rules = YAML.parse(show(yamlFile))?.rules ?? [];
      } catch {
        continue;
      }
      const cats = new Map(rules.map((r) => [r.id, categoryOf(r.id, r)]));
      const text = show(f);
      const labels = labelsOf(text).filter((l) => cats.get(l.id));
      if (labels.length === 0) continue;
      testFiles++;
      lines += text.split('\n').length;
      const result = analyze({ text, path: f }, ruleset, { timeBudgetMs: 60_000 });
      const lineOf = (at) => text.slice(0, at).split('\n').length;
      // A finding is at its sink; the lines it shows as related (where the request data enters, where the
      // text is built) are part of the flow it reports, and count for a label on their own line (semgrep puts some there).
      const starts = result.findings.map((x) => ({ rule: x.ruleId, line: lineOf(x.start), related: (x.related ?? []).map((r) => lineOf(r.start)), message: x.message }));
      const rows = text.split('\n');
      const seen = new Set();
      for (const l of labels) {
        const cat = cats.get(l.id);
        const key = `${l.line} ${cat}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // Some semgrep rules match a whole method and label its declaration: then any finding inside it counts.
        const last = /\{\s*$|\)\s*$/.test(rows[l.line - 1] ?? '') && FUNCTION_LINE.test(rows[l.line - 1] ?? '') ? blockEnd(rows, l.line) : l.line + 2;
        // semgrep splits cookie flags into one rule per flag, so an `ok:` of its HttpOnly rule says nothing
        // about Secure: there, a finding that names only the other flag is not a prediction for this label.
        const flag = cat === 'cookie-flags-off' && !l.positive ? /httponly|secure/.exec(l.id.toLowerCase())?.[0] : undefined;
        const aboutFlag = (m) => !flag || new RegExp(flag, 'i').test(m) || !/httponly|secure/i.test(m);
        const predicted = starts.some((s) => s.rule === cat && ((s.line >= l.line && s.line <= last) || (!sinkLineOnly && s.related.includes(l.line))) && aboutFlag(s.message));
        for (const t of audit ? [table] : [table, taintTable]) {
          const row = t.get(`${lang} ${cat}`) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
          if (l.positive && predicted) row.tp++;
          else if (l.positive) row.fn++;
          else if (predicted) row.fp++;
          else row.tn++;
          t.set(`${lang} ${cat}`, row);
        }
        if (l.positive && !predicted) misses.push(`${cat} ${f}:${l.line}`);
        if (!l.positive && predicted) fps.push(`${cat} ${f}:${l.line}`);
      }
    }
  }
  rmSync(tree, { recursive: true, force: true });
  return { table, taintTable, misses, fps, testFiles, lines };
}

function printTable(title, table) {
  console.log(`\n${title}`);
  console.log('language   category                      pos  TP  FN  FP  neg  precision  recall');
  const byLang = new Map();
  for (const [key, r] of [...table].sort()) {
    const [lang, cat] = key.split(' ');
    console.log(`${lang.padEnd(10)} ${cat.padEnd(28)} ${String(r.tp + r.fn).padStart(4)} ${String(r.tp).padStart(3)} ${String(r.fn).padStart(3)} ${String(r.fp).padStart(3)} ${String(r.tn + r.fp).padStart(4)}  ${f2(ratio(r.tp, r.tp + r.fp)).padStart(9)}  ${f2(ratio(r.tp, r.tp + r.fn)).padStart(6)}`);
    const t = byLang.get(lang) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const k of Object.keys(t)) t[k] += r[k];
    byLang.set(lang, t);
  }
  console.log('-- per language --');
  for (const [lang, r] of byLang) console.log(`${lang.padEnd(10)} ${'all categories'.padEnd(28)} ${String(r.tp + r.fn).padStart(4)} ${String(r.tp).padStart(3)} ${String(r.fn).padStart(3)} ${String(r.fp).padStart(3)} ${String(r.tn + r.fp).padStart(4)}  ${f2(ratio(r.tp, r.tp + r.fp)).padStart(9)}  ${f2(ratio(r.tp, r.tp + r.fn)).padStart(6)}`);
  return Object.fromEntries([...byLang].map(([k, r]) => [k, { ...r, precision: ratio(r.tp, r.tp + r.fp), recall: ratio(r.tp, r.tp + r.fn) }]));
}

const BENCH_CATEGORIES = {
  sqli: 'tainted-sql', cmdi: 'tainted-command', pathtraver: 'tainted-path', ldapi: 'tainted-ldap-xpath', xpathi: 'tainted-ldap-xpath',
  xss: 'tainted-html', securecookie: 'cookie-flags-off', weakrand: 'weak-random-secret', hash: 'password-weak-hash',
};

function evalBenchmark(dir) {
  const tree = extract(dir, BENCHMARK.commit, ['expectedresults-1.2.csv', 'src/main/java/org/owasp/benchmark/testcode']);
  const csv = readFileSync(join(tree, 'expectedresults-1.2.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const table = new Map();
  const misses = [];
  const fps = [];
  let lines = 0;
  for (const row of csv) {
    const [name, category, real] = row.split(',');
    const rule = BENCH_CATEGORIES[category];
    if (!rule) continue;
    const path = `src/main/java/org/owasp/benchmark/testcode/${name}.java`;
    const text = readFileSync(join(tree, path), 'utf8');
    lines += text.split('\n').length;
    const found = analyze({ text, path }, ruleset).findings.filter((f) => f.ruleId === rule);
    // Scored twice: any finding, and errors only (request data traced to the sink).
    for (const [key, flagged] of [[category, found.length > 0], [`${category}/err`, found.some((f) => f.severity === 'error')]]) {
      const r = table.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
      if (real === 'true') flagged ? r.tp++ : (r.fn++, key === category && misses.push(`${category} ${name}`));
      else flagged ? (r.fp++, key === category && fps.push(`${category} ${name}`)) : r.tn++;
      table.set(key, r);
    }
  }
  rmSync(tree, { recursive: true, force: true });
  console.log('\nOWASP Benchmark for Java 1.2 (official scoring: TPR - FPR per category; /err: error findings only)');
  console.log('category      rule                          TP   FN   FP   TN    TPR   FPR  score');
  const out = {};
  let sum = 0;
  for (const [cat, r] of [...table].sort()) {
    const tpr = ratio(r.tp, r.tp + r.fn);
    const fpr = ratio(r.fp, r.fp + r.tn);
    sum += tpr - fpr;
    out[cat] = { ...r, tpr, fpr, score: tpr - fpr };
    console.log(`${cat.padEnd(17)} ${BENCH_CATEGORIES[cat.split('/')[0]].padEnd(24)} ${String(r.tp).padStart(4)} ${String(r.fn).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.tn).padStart(4)}  ${f2(tpr)}  ${f2(fpr)}  ${f2(tpr - fpr)}`);
  }
  const any = [...table.keys()].filter((k) => !k.includes('/'));
  const avg = (keys) => keys.reduce((t, k) => t + out[k].score, 0) / keys.length;
  console.log(`average score over ${any.length} categories: any finding ${f2(avg(any))}, errors only ${f2(avg(any.map((k) => `${k}/err`)))} (${lines} lines)`);
  return { categories: out, average: avg(any), averageErrorsOnly: avg(any.map((k) => `${k}/err`)), misses, fps };
}

await loadAllGrammars();
const semgrepDir = skip.has('semgrep') ? undefined : mirror(SEMGREP);
if (!semgrepDir) console.log(`${SEMGREP.repo}: skipped (--skip) or not mirrored under ${MIRRORS}.`);
else {
  const t0 = performance.now();
  const s = evalSemgrep(semgrepDir);
  const perLanguage = printTable(`semgrep-rules test files @ ${SEMGREP.commit.slice(0, 12)}, all rules: ${s.testFiles} files, ${s.lines} lines (${((performance.now() - t0) / 1000).toFixed(1)} s)`, s.table);
  const perLanguageTaint = printTable('semgrep-rules test files, taint rules only (audit/ left out)', s.taintTable);
  results.semgrep = { commit: SEMGREP.commit, perCategory: Object.fromEntries(s.table), perLanguage, perCategoryTaint: Object.fromEntries(s.taintTable), perLanguageTaint, files: s.testFiles, misses: s.misses, fps: s.fps };
  if (showMisses) for (const m of s.misses.filter((x) => wanted(showMisses, x))) console.log(`  miss ${m}`);
  if (showFps) for (const m of s.fps.filter((x) => wanted(showFps, x))) console.log(`  fp   ${m}`);
}
const benchDir = skip.has('benchmark') || (onlyLangs && !onlyLangs.includes('java')) ? undefined : mirror(BENCHMARK);
if (!benchDir) console.log(`${BENCHMARK.repo}: skipped (--skip, --langs) or not mirrored under ${MIRRORS}.`);
else {
  const b = evalBenchmark(benchDir);
  results.benchmark = { commit: BENCHMARK.commit, categories: b.categories, average: b.average, averageErrorsOnly: b.averageErrorsOnly };
  if (showMisses) for (const m of b.misses.filter((x) => wanted(showMisses, x))) console.log(`  miss ${m}`);
  if (showFps) for (const m of b.fps.filter((x) => wanted(showFps, x))) console.log(`  fp   ${m}`);
}
const recommended = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
const treeIds = new Set(BUILTIN_CATALOG.treeRules.map((r) => r.meta.id));
const noise = [];
console.log('\nNoise on popular projects (recommended preset, tree rules): findings per 10,000 lines');
for (const project of CLEAN) {
  if (skip.has('noise') || (onlyLangs && !onlyLangs.includes(project.language))) continue;
  const dir = mirror(project);
  if (!dir) {
    console.log(`${project.repo}: not mirrored, skipped.`);
    continue;
  }
  const ext = LANGS[project.language];
  const tree = extract(dir, project.commit, ['.']);
  // Tests left out, as in eval-patterns.mjs: they exercise insecure settings on purpose (`verify=False`).
  const files = git(dir, 'ls-tree', '-r', '--name-only', project.commit).split('\n')
    .filter((f) => f.endsWith(ext) && !/(?:^|\/)(?:tests?|spec|testdata|fixtures?)\/|_test\.go$|Tests?\.(?:java|cs)$|_spec\.rb$/.test(f));
  let lines = 0;
  const found = [];
  for (const f of files) {
    let text;
    try {
      text = readFileSync(join(tree, f), 'utf8');
    } catch {
      continue; // a large file the mirror keeps as a pointer only
    }
    lines += text.split('\n').length;
    for (const x of analyze({ text, path: f }, recommended).findings) {
      if (treeIds.has(x.ruleId)) found.push(`${x.ruleId} ${f}:${text.slice(0, x.start).split('\n').length} ${text.slice(x.start, x.end).slice(0, 60).replace(/\s+/g, ' ')}`);
    }
  }
  rmSync(tree, { recursive: true, force: true });
  const per10k = (found.length / lines) * 10_000;
  noise.push({ repo: project.repo, commit: project.commit, language: project.language, files: files.length, lines, findings: found.length, per10k, list: found });
  console.log(`${project.repo.padEnd(34)} ${project.language.padEnd(7)} ${String(files.length).padStart(5)} files ${String(lines).padStart(7)} lines ${String(found.length).padStart(4)} findings ${per10k.toFixed(2).padStart(6)} per 10k`);
  if (args.includes('--show-noise')) for (const x of found) console.log(`  ${x}`);
}
results.noise = noise;
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
