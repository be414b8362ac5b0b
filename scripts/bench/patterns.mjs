#!/usr/bin/env node
// Insecure-pattern analysis speed.
//  (a) A CLI-equivalent scan of the clean JS/TS corpus (the npm packages of `npm run eval`): Warden's
//      engine on worker threads, one per core, each worker starting cold like a CLI process, against
//      ESLint 9 with eslint-plugin-security (recommended) on the same files in the same run, with
//      ESLint's own multithreading (`concurrency: 'auto'`) and without it. Wall time, best of runs.
//  (b) Analysis time of a 20 KB and a 1 MB TypeScript file (every rule, recommended preset) and of
//      the parse alone, p50/p95 after warm-up.
// Writes bench-results/patterns.json.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanNpmFiles } from '../corpus/clean-npm-files.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);

if (!isMainThread) {
  // One worker: load the engine, compile the ruleset, analyse its share of files, report counts.
  const { analyze } = require('../../out/server/src/engine/engine.js');
  const { compileRuleset } = require('../../out/server/src/engine/ruleset.js');
  const { BUILTIN_CATALOG } = require('../../out/server/src/rules/index.js');
  const catalog = workerData.only === 'patterns' ? patternCatalog(BUILTIN_CATALOG) : BUILTIN_CATALOG;
  const ruleset = compileRuleset({ preset: 'recommended' }, catalog);
  let findings = 0;
  for (const file of workerData.files) {
    const text = readFileSync(file, 'utf8');
    findings += analyze({ text, path: relative(workerData.root, file) }, ruleset).findings.length;
  }
  parentPort.postMessage({ findings });
} else {
  await main();
}

/** The insecure-pattern rules alone: the set eslint-plugin-security is compared with. */
function patternCatalog(catalog) {
  const isPattern = (category) => category !== 'credentials' && category !== 'custom' && category !== 'suppression';
  return { astRules: catalog.astRules.filter((r) => isPattern(r.meta.category)), textRules: catalog.textRules.filter((r) => isPattern(r.category)) };
}

/** Splits files into `n` shares of about equal size (largest first, to the lightest share). */
function shares(files, n) {
  const sized = files.map((f) => ({ f, size: statSync(f).size })).sort((a, b) => b.size - a.size);
  const out = Array.from({ length: n }, () => ({ files: [], size: 0 }));
  for (const { f, size } of sized) {
    const lightest = out.reduce((a, b) => (b.size < a.size ? b : a));
    lightest.files.push(f);
    lightest.size += size;
  }
  return out.map((s) => s.files);
}

async function wardenScan(files, threads, only) {
  const started = performance.now();
  const results = await Promise.all(shares(files, threads).map((share) => new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { files: share, root, only } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  return { ms: performance.now() - started, findings: results.reduce((a, r) => a + r.findings, 0) };
}

function eslintConfigFile() {
  // ESLint's worker threads need the configuration as a file they can load themselves.
  const dir = join(root, 'bench-results', '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'eslint.security.config.cjs');
  const plugin = require.resolve('eslint-plugin-security');
  const parser = require.resolve('@typescript-eslint/parser');
  writeFileSync(file, `const security = require(${JSON.stringify(plugin)});
const tsParser = require(${JSON.stringify(parser)});
const rules = security.configs.recommended.rules;
module.exports = [
  { files: ['**/*.{js,mjs,cjs,jsx}'], plugins: { security }, rules, languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  { files: ['**/*.{ts,mts,cts,tsx}'], plugins: { security }, rules, languageOptions: { parser: tsParser } },
];
`);
  return file;
}

async function eslintScan(files, configFile, concurrency) {
  const started = performance.now();
  const { ESLint } = require('eslint');
  const eslint = new ESLint({ cwd: root, overrideConfigFile: configFile, ignorePatterns: ['!**/node_modules/'], concurrency });
  const results = await eslint.lintFiles(files);
  let findings = 0;
  for (const r of results) findings += r.messages.filter((m) => m.ruleId?.startsWith('security/')).length;
  return { ms: performance.now() - started, findings };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A TypeScript file of about `bytes`, made of the project's own engine and rule sources. */
function typescriptOfSize(bytes) {
  const sources = [];
  const visit = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.ts')) sources.push(readFileSync(p, 'utf8'));
    }
  };
  visit(join(root, 'server', 'src'));
  let out = '';
  let i = 0;
  while (out.length < bytes) {
    // Each copy in its own namespace so the file stays valid TypeScript.
    const body = sources[i % sources.length]
      .replace(/^import[\s\S]*?from\s+['"][^'"]+['"];?$/gm, '')
      .replace(/^export (?:type )?\{[^}]*\}[^;\n]*;?$|^export \*.*$/gm, '')
      .replace(/^export (?:default )?/gm, '');
    out += `namespace copy${i} {\n${body}\n} // end copy\n`;
    i++;
  }
  const cut = out.indexOf('\n} // end copy\n', bytes);
  return cut > 0 ? out.slice(0, cut + '\n} // end copy\n'.length) : out;
}

function timeFile(text, runs) {
  const { analyze } = require('../../out/server/src/engine/engine.js');
  const { compileRuleset } = require('../../out/server/src/engine/ruleset.js');
  const { BUILTIN_CATALOG } = require('../../out/server/src/rules/index.js');
  const { parse } = require('@typescript-eslint/typescript-estree');
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
  const astOnly = compileRuleset({ preset: 'recommended' }, { astRules: BUILTIN_CATALOG.astRules, textRules: [] });
  const measure = (fn) => {
    for (let i = 0; i < Math.min(5, runs); i++) fn(i);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      fn(i);
      times.push(performance.now() - t);
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  };
  // A one-character edit per run, so no cache can serve a repeat.
  const edited = (i) => `${text}\n// edit ${i}\n`;
  return {
    bytes: text.length,
    parse: measure((i) => parse(edited(i), { range: true, loc: false, comment: false, tokens: false, jsx: false })),
    astRules: measure((i) => analyze({ text: edited(i), path: 'big.ts' }, astOnly)),
    allRules: measure((i) => analyze({ text: edited(i), path: 'big.ts' }, ruleset, { maxFileSize: 4 * 1024 * 1024 })),
  };
}

async function main() {
  const files = cleanNpmFiles(root);
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  const lines = files.reduce((a, f) => a + readFileSync(f, 'utf8').split('\n').length, 0);
  const threads = availableParallelism();
  const configFile = eslintConfigFile();
  console.log(`corpus: ${files.length} JS/TS files, ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB; ${threads} cores`);

  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const warden = [];
  const wardenAll = [];
  const eslintThreads = [];
  const eslintSingle = [];
  // Interleaved, so a burst of load on the machine hits both tools alike.
  for (let r = 0; r < runs; r++) {
    warden.push(await wardenScan(files, threads, 'patterns'));
    eslintThreads.push(await eslintScan(files, configFile, 'auto'));
    wardenAll.push(await wardenScan(files, threads, 'all'));
    eslintSingle.push(await eslintScan(files, configFile, 'off'));
    console.log(`  run ${r + 1}: Warden patterns ${(warden.at(-1).ms / 1000).toFixed(2)} s, all rules ${(wardenAll.at(-1).ms / 1000).toFixed(2)} s; ESLint auto threads ${(eslintThreads.at(-1).ms / 1000).toFixed(2)} s, one thread ${(eslintSingle.at(-1).ms / 1000).toFixed(2)} s`);
  }
  const best = (xs) => Math.min(...xs.map((x) => x.ms));
  const scan = {
    files: files.length, lines, bytes, threads,
    wardenMs: best(warden), wardenFindings: warden[0].findings,
    wardenAllRulesMs: best(wardenAll), wardenAllRulesFindings: wardenAll[0].findings,
    eslintAutoMs: best(eslintThreads), eslintSingleMs: best(eslintSingle), eslintFindings: eslintThreads[0].findings,
  };
  scan.speedup = Math.min(scan.eslintAutoMs, scan.eslintSingleMs) / scan.wardenMs;
  scan.speedupAllRules = Math.min(scan.eslintAutoMs, scan.eslintSingleMs) / scan.wardenAllRulesMs;

  const small = typescriptOfSize(20 * 1024);
  const large = typescriptOfSize(1024 * 1024);
  const file20k = timeFile(small, 100);
  const file1m = timeFile(large, 8);

  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  console.log('\n| scan of the clean JS/TS corpus | wall time (best of runs) | findings |');
  console.log('| --- | --- | --- |');
  console.log(`| Warden, insecure-pattern rules, ${threads} worker threads (cold start each run) | ${(scan.wardenMs / 1000).toFixed(2)} s | ${scan.wardenFindings} |`);
  console.log(`| Warden, every rule (credentials too), ${threads} worker threads | ${(scan.wardenAllRulesMs / 1000).toFixed(2)} s | ${scan.wardenAllRulesFindings} |`);
  console.log(`| ESLint + eslint-plugin-security, concurrency auto | ${(scan.eslintAutoMs / 1000).toFixed(2)} s | ${scan.eslintFindings} |`);
  console.log(`| ESLint + eslint-plugin-security, one thread | ${(scan.eslintSingleMs / 1000).toFixed(2)} s | |`);
  console.log(`Warden (pattern rules) is ${scan.speedup.toFixed(1)}x faster than the faster ESLint run, ${scan.speedupAllRules.toFixed(1)}x with every rule (target >= 5x: ${scan.speedup >= 5 ? 'met' : 'NOT met'}).`);
  console.log('\n| TypeScript file | parse alone p50 / p95 | AST rules p50 / p95 | every rule p50 / p95 |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, r] of [['20 KB', file20k], ['1 MB', file1m]]) {
    console.log(`| ${name} (${r.bytes} chars) | ${fmt(r.parse.p50)} / ${fmt(r.parse.p95)} | ${fmt(r.astRules.p50)} / ${fmt(r.astRules.p95)} | ${fmt(r.allRules.p50)} / ${fmt(r.allRules.p95)} |`);
  }

  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'patterns.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, scan, file20k, file1m }, null, 2)}\n`);
  console.log('\nwrote bench-results/patterns.json');
}
