#!/usr/bin/env node
// Insecure-pattern analysis speed.
//  (a) The clean JS/TS corpus (the npm packages of `npm run eval`, copied to a temporary folder) scanned
//      by each tool's own command line, as CI would run it, cold, side by side and interleaved: `warden
//      scan` (every rule, its default threads) against ESLint 9 with eslint-plugin-security
//      (recommended) with its multithreading on (`--concurrency auto` and one per core) and off.
//      Wall time, best of runs (BENCH_RUNS, default 3). With BENCH_LARGE=1, the same on the sources
//      of every installed package (33 MB; about five minutes here).
//  (b) Analysis time of a 20 KB and a 1 MB TypeScript file (every rule, recommended preset), of the
//      parse alone, and of one-line edits with the document's parse cache (what the editor does),
//      p50/p95 after warm-up.
// Writes bench-results/patterns.json.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allNpmFiles, cleanNpmFiles } from '../corpus/clean-npm-files.mjs';
import { typescriptFile } from './lib/typescript-file.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);

await main();

function eslintConfigFile(dir) {
  const file = join(dir, 'eslint.security.config.cjs');
  const plugin = require.resolve('eslint-plugin-security');
  const parser = require.resolve('@typescript-eslint/parser');
  writeFileSync(file, `const security = require(${JSON.stringify(plugin)});
const tsParser = require(${JSON.stringify(parser)});
const rules = security.configs.recommended.rules;
module.exports = [
  { files: ['**/*.{js,mjs,cjs,jsx}'], plugins: { security }, rules, languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
  { files: ['**/*.{cjs}'], languageOptions: { sourceType: 'commonjs' } },
  { files: ['**/*.{ts,mts,cts,tsx}'], plugins: { security }, rules, languageOptions: { parser: tsParser } },
];
`);
  return file;
}

/** Runs a command line in `cwd`, returns wall milliseconds and its JSON report. */
function timed(args, reportFile, cwd) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, report: JSON.parse(readFileSync(reportFile, 'utf8')) };
}

function wardenCli(dir, out) {
  const { ms, report } = timed([join(root, 'dist', 'cli.js'), 'scan', dir, '--format', 'json', '--output', out], out, dirname(dir));
  return { ms, findings: report.summary.findings, files: report.summary.files };
}

function eslintCli(dir, config, concurrency, out) {
  const bin = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
  // ESLint lints only below its working directory: run it from the folder holding corpus and config.
  const { ms, report } = timed([bin, '-c', config, '--no-ignore', '--concurrency', String(concurrency), '--format', 'json', '--output-file', out, dir], out, dirname(dir));
  let findings = 0;
  for (const r of report) findings += r.messages.filter((m) => m.ruleId?.startsWith('security/')).length;
  return { ms, findings, files: report.length };
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

/** One-line edits spread over the file (a space added or removed at a line start), as typing does. */
function editWithCache(text, runs, run) {
  const lines = text.split('\n');
  const parseCache = {};
  run(text, parseCache);
  const times = [];
  let partial = 0;
  for (let i = 0; i < runs + 5; i++) {
    const line = (i * 37) % lines.length;
    lines[line] = i % 2 === 0 ? ` ${lines[line]}` : lines[line].replace(/^ /, '');
    const next = lines.join('\n');
    const t = performance.now();
    run(next, parseCache);
    if (i >= 5) times.push(performance.now() - t); // the first few warm up
    if (parseCache.last === 'partial') partial++;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), partial, runs: runs + 5 };
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
    edit: editWithCache(text, runs, (t, parseCache) => analyze({ text: t, path: 'big.ts' }, ruleset, { maxFileSize: 4 * 1024 * 1024, parseCache })),
  };
}

/**
 * Copies `files` (under node_modules) to a temporary folder and times each command line on it,
 * interleaved, `runs` times; returns the best wall time of each.
 */
function compareClis(label, files, runs, eslintModes) {
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  const lines = files.reduce((a, f) => a + readFileSync(f, 'utf8').split('\n').length, 0);
  const work = mkdtempSync(join(tmpdir(), 'warden-bench-patterns-'));
  const corpus = join(work, 'corpus');
  for (const f of files) cpSync(f, join(corpus, relative(join(root, 'node_modules'), f)));
  const configFile = eslintConfigFile(work);
  const out = join(work, 'report.json');
  const threads = availableParallelism();
  console.log(`${label}: ${files.length} JS/TS files, ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB; ${threads} cores`);

  const tools = { warden: () => wardenCli(corpus, out) };
  for (const mode of eslintModes) tools[`eslint --concurrency ${mode}`] = () => eslintCli(corpus, configFile, mode, out);
  const results = Object.fromEntries(Object.keys(tools).map((k) => [k, []]));
  // Interleaved, so a burst of load on the machine hits every tool alike.
  for (let r = 0; r < runs; r++) {
    for (const [name, run] of Object.entries(tools)) results[name].push(run());
    console.log(`  run ${r + 1}: ${Object.entries(results).map(([k, v]) => `${k} ${(v.at(-1).ms / 1000).toFixed(2)} s`).join(', ')}`);
  }
  rmSync(work, { recursive: true, force: true });
  const best = (name) => Math.min(...results[name].map((x) => x.ms));
  const eslint = Object.fromEntries(eslintModes.map((mode) => [mode, best(`eslint --concurrency ${mode}`)]));
  const eslintBestMs = Math.min(...Object.values(eslint));
  const first = results[`eslint --concurrency ${eslintModes[0]}`][0];
  const scan = {
    files: files.length, lines, bytes, threads, runs,
    wardenMs: best('warden'), wardenFindings: results.warden[0].findings, wardenFiles: results.warden[0].files,
    eslintMs: eslint, eslintBestMs, eslintFindings: first.findings, eslintFiles: first.files,
    speedup: eslintBestMs / best('warden'),
  };
  const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\n| command line, ${label} | wall time (best of ${runs}) | files | findings |`);
  console.log('| --- | --- | --- | --- |');
  console.log(`| warden scan (every rule, credentials too) | ${secs(scan.wardenMs)} | ${scan.wardenFiles} | ${scan.wardenFindings} |`);
  eslintModes.forEach((mode, i) =>
    console.log(`| eslint + eslint-plugin-security, --concurrency ${mode} | ${secs(eslint[mode])} | ${i === 0 ? scan.eslintFiles : ''} | ${i === 0 ? scan.eslintFindings : ''} |`));
  console.log(`warden scan is ${scan.speedup.toFixed(1)}x faster than the fastest ESLint run (target >= 5x: ${scan.speedup >= 5 ? 'met' : 'NOT met'}).\n`);
  return scan;
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const threads = availableParallelism();
  const scan = compareClis('clean JS/TS corpus', cleanNpmFiles(root), runs, ['auto', String(threads), 'off']);
  // Opt-in (about five minutes here): every installed package's sources, 33 MB.
  const scanLarge = process.env.BENCH_LARGE ? compareClis('every installed package', allNpmFiles(root), Number(process.env.BENCH_LARGE_RUNS ?? 2), ['auto', 'off']) : undefined;

  // The editor bench's document (real code with a planted finding, so every AST rule runs on a parse).
  const small = typescriptFile(root, 20 * 1024);
  const large = typescriptOfSize(1024 * 1024);
  const file20k = timeFile(small, 100);
  const file1m = timeFile(large, 8);

  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  console.log('\n| TypeScript file | parse alone p50 / p95 | AST rules p50 / p95 | every rule p50 / p95 | every rule, one-line edit with the parse cache p50 / p95 |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, r] of [['20 KB', file20k], ['1 MB', file1m]]) {
    console.log(`| ${name} (${r.bytes} chars) | ${fmt(r.parse.p50)} / ${fmt(r.parse.p95)} | ${fmt(r.astRules.p50)} / ${fmt(r.astRules.p95)} | ${fmt(r.allRules.p50)} / ${fmt(r.allRules.p95)} | ${fmt(r.edit.p50)} / ${fmt(r.edit.p95)} (${r.edit.partial} of ${r.edit.runs} partial) |`);
  }

  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'patterns.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, scan, scanLarge, file20k, file1m }, null, 2)}\n`);
  console.log('\nwrote bench-results/patterns.json');
}
