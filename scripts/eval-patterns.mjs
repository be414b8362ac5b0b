#!/usr/bin/env node
// Noise and recall of the insecure-pattern rules, with eslint-plugin-security compared on the same
// JS/TS files in the same run.
//
// Noise: every finding (warning or error, `recommended` preset) of a pattern rule on clean,
// well-maintained code: the sources of a fixed list of popular npm packages installed as dev
// dependencies (their tests, dist bundles and minified files left out), and the Python standard
// library when Debian's python3 is present. Target: at most 1 per 10,000 lines on the npm corpus.
//
// Recall: the labelled vulnerable corpus in test/corpus/vulnerable/. A line `ruleid: <id>[, <id>]` in
// a comment labels the next non-label line; JSON files (no comments) carry their labels in a
// sidecar `<file>.labels` with `<line> <rule-id>` per row. A label counts as found when that rule
// reports a finding starting on the labelled line. Findings on unlabelled lines are listed as extra.
// For ESLint, a label in a JS/TS file counts as found when any security/* rule reports on its line.
//
//   node scripts/eval-patterns.mjs [--json out.json] [--show-noise] [--misses] [--no-eslint]
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineOf } from './lib/mirrors.mjs';
import { cleanNpmFiles as listCleanNpmFiles, JS_TS } from './corpus/clean-npm-files.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/engine/engine.js');
const { compileRuleset } = require('../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../out/server/src/rules/index.js');

const args = process.argv.slice(2);
const showNoise = args.includes('--show-noise');
const showMisses = args.includes('--misses');
const withEslint = !args.includes('--no-eslint');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : join(root, 'bench-results', 'patterns-eval.json');

const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
const isPattern = (id) => {
  const c = ruleset.meta(id)?.category;
  return c !== undefined && c !== 'credentials' && c !== 'suppression' && c !== 'custom';
};
const patternRuleIds = ruleset.allMetas().filter((m) => isPattern(m.id)).map((m) => m.id);

function pythonStdlibFiles() {
  const base = ['/usr/lib/python3.13', '/usr/lib/python3.12', '/usr/lib/python3.11'].find((d) => existsSync(d));
  if (!base) return { base: undefined, files: [] };
  const skip = new Set(['test', 'tests', 'idle_test', 'site-packages', 'dist-packages', 'lib2to3', 'turtledemo', 'config-3.11-x86_64-linux-gnu']);
  const files = [];
  const visit = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!skip.has(e.name) && !e.name.startsWith('__')) visit(p);
      } else if (e.name.endsWith('.py') && !e.name.startsWith('test_')) files.push(p);
    }
  };
  visit(base);
  return { base, files };
}

const countLines = (text) => {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
};


/** Noise of Warden's pattern rules on a set of files. */
function noise(name, files, baseDir) {
  let lines = 0;
  const perRule = new Map();
  const examples = [];
  const started = performance.now();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(baseDir, file).split(sep).join('/');
    const result = analyze({ text, path: rel }, ruleset);
    if (result.skipped) continue;
    lines += countLines(text);
    const lineNo = lineOf(text);
    for (const f of result.findings) {
      if (!isPattern(f.ruleId) || f.severity === 'info') continue;
      perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
      const line = lineNo(f.start);
      examples.push({ rule: f.ruleId, at: `${rel}:${line}`, text: text.split("\n", line)[line - 1].trim().slice(0, 140) });
    }
  }
  const total = [...perRule.values()].reduce((a, b) => a + b, 0);
  return { name, files: files.length, lines, findings: total, per10k: (total / lines) * 10_000, perRule: Object.fromEntries([...perRule].sort((a, b) => b[1] - a[1])), examples, ms: performance.now() - started };
}

// ---- vulnerable corpus ------------------------------------------------------------------------------

const VULN_DIR = join(root, 'test', 'corpus', 'vulnerable');

/** Labels of one corpus file: `[{ line, rule }]` (1-based lines). */
export function labelsOf(path, text) {
  const labels = [];
  if (existsSync(`${path}.labels`)) {
    for (const row of readFileSync(`${path}.labels`, 'utf8').split('\n')) {
      const m = /^\s*(\d+)\s+([a-z0-9-]+)\s*$/.exec(row);
      if (m) labels.push({ line: Number(m[1]), rule: m[2] });
    }
    return labels;
  }
  const rows = text.split('\n');
  let pending = [];
  rows.forEach((row, i) => {
    const m = /ruleid:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/.exec(row);
    if (m) {
      pending.push(...m[1].split(/\s*,\s*/));
      return;
    }
    if (pending.length) {
      for (const rule of pending) labels.push({ line: i + 1, rule });
      pending = [];
    }
  });
  return labels;
}

export function vulnerableFiles() {
  if (!existsSync(VULN_DIR)) return [];
  return walkAll(VULN_DIR).filter((p) => !p.endsWith('.labels') && !p.endsWith('.md'));
}
function walkAll(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walkAll(p, out);
    else out.push(p);
  }
  return out;
}

function recall(files) {
  const perRule = new Map(patternRuleIds.map((id) => [id, { labels: 0, found: 0, languages: new Set() }]));
  const misses = [];
  const extra = [];
  const unknownLabels = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(VULN_DIR, file).split(sep).join('/');
    const labels = labelsOf(file, text);
    const result = analyze({ text, path: rel }, compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG));
    const lineNo = lineOf(text);
    const found = result.findings.filter((f) => isPattern(f.ruleId)).map((f) => ({ rule: f.ruleId, line: lineNo(f.start) }));
    for (const l of labels) {
      const st = perRule.get(l.rule);
      if (!st) {
        unknownLabels.push(`${rel}:${l.line} ${l.rule}`);
        continue;
      }
      st.labels++;
      st.languages.add(result.language);
      if (found.some((f) => f.rule === l.rule && f.line === l.line)) st.found++;
      else misses.push(`${rel}:${l.line} ${l.rule}: ${text.split('\n')[l.line - 1]?.trim().slice(0, 120)}`);
    }
    for (const f of found) {
      if (!labels.some((l) => l.rule === f.rule && l.line === f.line)) extra.push(`${rel}:${f.line} ${f.rule}: ${text.split('\n')[f.line - 1]?.trim().slice(0, 120)}`);
    }
  }
  return { perRule, misses, extra, unknownLabels };
}

// ---- ESLint + eslint-plugin-security --------------------------------------------------------------

async function eslintRunner() {
  const { ESLint } = require('eslint');
  const security = require('eslint-plugin-security');
  const tsParser = require('@typescript-eslint/parser');
  const rules = security.configs.recommended.rules;
  const eslint = new ESLint({
    cwd: root,
    ignorePatterns: ['!**/node_modules/'],
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{js,mjs,cjs,jsx}'], plugins: { security }, rules, languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
      { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
      { files: ['**/*.{ts,mts,cts,tsx}'], plugins: { security }, rules, languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } },
    ],
  });
  return eslint;
}

async function eslintNoise(eslint, files) {
  const started = performance.now();
  const results = await eslint.lintFiles(files);
  const perRule = new Map();
  let parseErrors = 0;
  for (const r of results) {
    for (const m of r.messages) {
      if (!m.ruleId) {
        if (/ignored/i.test(m.message)) throw new Error(`ESLint ignored ${r.filePath}: ${m.message}`);
        parseErrors++;
        continue;
      }
      if (!m.ruleId.startsWith('security/')) continue; // inline directives naming rules of other plugins
      perRule.set(m.ruleId, (perRule.get(m.ruleId) ?? 0) + 1);
    }
  }
  const total = [...perRule.values()].reduce((a, b) => a + b, 0);
  return { findings: total, parseErrors, perRule: Object.fromEntries([...perRule].sort((a, b) => b[1] - a[1])), ms: performance.now() - started };
}

async function eslintRecall(eslint, files) {
  const js = files.filter((f) => JS_TS.test(f));
  const results = await eslint.lintFiles(js);
  let labels = 0;
  let found = 0;
  let extra = 0;
  for (const r of results) {
    const text = readFileSync(r.filePath, 'utf8');
    const ls = labelsOf(r.filePath, text);
    const lines = new Set(r.messages.filter((m) => m.ruleId).map((m) => m.line));
    labels += ls.length;
    found += ls.filter((l) => lines.has(l.line)).length;
    extra += [...lines].filter((line) => !ls.some((l) => l.line === line)).length;
  }
  return { labels, found, extra, files: js.length };
}

// ---- run ----------------------------------------------------------------------------------------------

const pct = (a, b) => (b === 0 ? '  -  ' : `${((100 * a) / b).toFixed(1)}%`);

const npmFiles = listCleanNpmFiles(root);
const npm = noise('npm packages', npmFiles, join(root, 'node_modules'));
const py = pythonStdlibFiles();
const stdlib = py.base ? noise(`Python stdlib (${py.base})`, py.files, py.base) : undefined;

console.log(`\nInsecure-pattern rules: ${patternRuleIds.length} (${BUILTIN_CATALOG.astRules.filter((r) => isPattern(r.meta.id)).length} AST, ${BUILTIN_CATALOG.textRules.filter((r) => isPattern(r.id)).length} text)`);
console.log('\nNoise on clean code (recommended preset, warnings + errors):');
for (const n of [npm, stdlib].filter(Boolean)) {
  console.log(`  ${n.name}: ${n.files} files, ${n.lines} lines, ${n.findings} findings = ${n.per10k.toFixed(2)} per 10k lines`);
  for (const [id, c] of Object.entries(n.perRule)) console.log(`      ${String(c).padStart(4)}  ${id}`);
  if (showNoise) for (const e of n.examples) console.log(`        ${e.rule}  ${e.at}  ${e.text}`);
}
const target = npm.per10k <= 1;
console.log(`  target on the npm corpus: <= 1 per 10k lines: ${target ? 'met' : 'NOT met'}`);

const vuln = vulnerableFiles();
const rec = recall(vuln);
let labels = 0;
let found = 0;
const thin = [];
console.log(`\nRecall on the labelled vulnerable corpus (${vuln.length} files, strict preset):`);
for (const [id, st] of rec.perRule) {
  labels += st.labels;
  found += st.found;
  if (st.labels < 3) thin.push(`${id} (${st.labels})`);
  console.log(`  ${pct(st.found, st.labels).padStart(6)}  ${String(st.found).padStart(3)}/${String(st.labels).padEnd(3)} ${id}  [${[...st.languages].join(', ')}]`);
}
console.log(`  overall: ${found}/${labels} = ${pct(found, labels)}; findings on unlabelled lines: ${rec.extra.length}`);
if (thin.length) console.log(`  rules with fewer than 3 labelled positives: ${thin.join(', ')}`);
if (rec.unknownLabels.length) console.log(`  labels naming unknown rules: ${rec.unknownLabels.join('; ')}`);
if (showMisses) {
  for (const m of rec.misses) console.log(`    missed  ${m}`);
  for (const m of rec.extra) console.log(`    extra   ${m}`);
}

let eslint;
if (withEslint) {
  const runner = await eslintRunner();
  const eNoise = await eslintNoise(runner, npmFiles);
  const eRecall = await eslintRecall(runner, vuln);
  eslint = { noise: { ...eNoise, per10k: (eNoise.findings / npm.lines) * 10_000 }, recall: eRecall };
  const jsLabels = [...rec.perRule.entries()].length; // for the table below
  const wardenJs = (() => {
    let l = 0;
    let f = 0;
    for (const file of vuln.filter((p) => JS_TS.test(p))) {
      const text = readFileSync(file, 'utf8');
      const ls = labelsOf(file, text);
      const lineNo = lineOf(text);
      const res = analyze({ text, path: relative(VULN_DIR, file) }, compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG));
      l += ls.length;
      f += ls.filter((x) => res.findings.some((g) => g.ruleId === x.rule && lineNo(g.start) === x.line)).length;
    }
    return { labels: l, found: f };
  })();
  void jsLabels;
  eslint.wardenJs = wardenJs;
  console.log('\neslint-plugin-security (recommended) on the same JS/TS files, same run:');
  console.log('  | | Warden | eslint-plugin-security |');
  console.log('  | --- | --- | --- |');
  console.log(`  | noise, npm corpus (${npm.lines} lines) | ${npm.findings} (${npm.per10k.toFixed(2)}/10k) | ${eNoise.findings} (${eslint.noise.per10k.toFixed(2)}/10k) |`);
  console.log(`  | recall, JS/TS vulnerable files (${eRecall.files}) | ${wardenJs.found}/${wardenJs.labels} = ${pct(wardenJs.found, wardenJs.labels)} | ${eRecall.found}/${eRecall.labels} = ${pct(eRecall.found, eRecall.labels)} (any rule on the line) |`);
  console.log(`  | findings on unlabelled lines, JS/TS vulnerable files | ${rec.extra.filter((e) => JS_TS.test(e.split(':')[0])).length} | ${eRecall.extra} |`);
  console.log(`  | lint time, npm corpus (one thread) | ${(npm.ms / 1000).toFixed(1)} s | ${(eNoise.ms / 1000).toFixed(1)} s |`);
  for (const [id, c] of Object.entries(eNoise.perRule)) console.log(`      ${String(c).padStart(4)}  ${id}`);
}

mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify({
  date: new Date().toISOString(),
  rules: patternRuleIds.length,
  noise: { npm: { ...npm, examples: undefined }, stdlib: stdlib && { ...stdlib, examples: undefined } },
  recall: { labels, found, extra: rec.extra.length, perRule: Object.fromEntries([...rec.perRule].map(([id, s]) => [id, { labels: s.labels, found: s.found, languages: [...s.languages] }])) },
  eslint,
}, null, 2)}\n`);
console.log(`\nwrote ${relative(root, jsonOut)}`);
process.exitCode = target ? 0 : 1;
