#!/usr/bin/env node
// The 1 MB open as the analysis worker runs it, after warm-ups of real code of different sizes:
// `node scripts/bench/big-open-warm.mjs --warm-dir DIR [--node PATH] [--rounds N] [--warm-kb 0,500,1000]
// [--big-dir DIR2]`. Each round starts, for each size in `--warm-kb`, a fresh process whose Worker thread (with
// the analysis worker's own `workerResourceLimits()`) loads the engine from out/, compiles the built-in ruleset,
// analyses the worker's warm-up sample (analysisWorker.ts `WARM_UP`), then analyses the .ts and .js files under
// DIR one by one, in path order (node_modules and test files left out), until that many KB, as a warm-up; idles
// 0.5 s; then analyses the 1 MB file with a fresh parse cache (the open). The 1 MB file is the targets bench's
// (Warden's own sources) or, with `--big-dir`, DIR2's TypeScript files concatenated whole up to 1 MB, so that
// the warm-up and the measured file can be different code. Records the warm-up's thread CPU and the open's
// thread and process CPU (/proc/thread-self/schedstat; `process.cpuUsage`). The sizes alternate in every round,
// in a rotated order; the open's findings must be the same in all, or it fails. Needs `npx tsc -b`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runWorkerChild } from './lib/worker-child.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);

/** The .ts/.js files under `dir`, in path order, without node_modules, declaration files and tests. */
function codeFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.') && !/^(__)?tests?(__)?$/.test(e.name)) walk(p);
      } else if (/\.(ts|js)$/.test(e.name) && !/\.d\.ts$|\.(test|spec)\.[jt]s$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

if (!isMainThread) {
  const require = createRequire(join(root, 'package.json'));
  const { analyze } = require('./out/server/src/engine/engine.js');
  const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
  const { parserInUse } = require('./out/server/src/engine/parser.js');
  const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
  const { WARM_UP } = require('./out/server/src/analysisWorker.js');
  const { typescriptFile } = await import('./lib/typescript-file.mjs');
  const threadMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  parserInUse();
  const ruleset = compileRuleset({}, BUILTIN_CATALOG);
  analyze(WARM_UP, ruleset);
  let big;
  if (workerData.bigDir) {
    big = '';
    for (const f of codeFiles(workerData.bigDir).filter((f) => f.endsWith('.ts'))) {
      if (big.length >= 1024 * 1024) break;
      big += `${readFileSync(f, 'utf8')}\n`;
    }
  } else big = typescriptFile(root, 1024 * 1024);
  const t0 = threadMs();
  let warmed = 0;
  for (const f of workerData.warmKb > 0 ? codeFiles(workerData.warmDir) : []) {
    const text = readFileSync(f, 'utf8');
    if (warmed + text.length > workerData.warmKb * 1024) break;
    warmed += text.length;
    analyze({ path: f, text }, ruleset);
  }
  const warmMs = threadMs() - t0;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const t = threadMs();
  const p = process.cpuUsage();
  const result = analyze({ path: 'bench-1mb.ts', text: big }, ruleset, { parseCache: {} });
  const d = process.cpuUsage(p);
  parentPort.postMessage({ warmMs, warmedKb: warmed / 1024, threadMs: threadMs() - t, processMs: (d.user + d.system) / 1000, found: JSON.stringify(result.findings.map((f) => [f.ruleId, f.start, f.end])) });
} else if (args[0] === '--child') {
  const require = createRequire(join(root, 'package.json'));
  const { workerResourceLimits } = require('./out/server/src/analysisWorker.js');
  runWorkerChild(fileURLToPath(import.meta.url), { warmKb: Number(args[1]), warmDir: args[2], bigDir: args[3] || undefined }, workerResourceLimits());
} else {
  const NODE = option('--node', process.execPath);
  const ROUNDS = Number(option('--rounds', 6));
  const WARM_DIR = option('--warm-dir', undefined);
  const BIG_DIR = option('--big-dir', '');
  if (!WARM_DIR) throw new Error('usage: big-open-warm.mjs --warm-dir DIR [--node PATH] [--rounds N] [--warm-kb 0,500,1000] [--big-dir DIR2]');
  const sizes = option('--warm-kb', '0,500,1000').split(',');
  const runs = Object.fromEntries(sizes.map((s) => [s, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const s of sizes.map((_, i) => sizes[(i + r) % sizes.length])) {
      const child = spawnSync(NODE, [fileURLToPath(import.meta.url), '--child', s, WARM_DIR, BIG_DIR], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (child.status !== 0) throw new Error(`the ${s} KB run failed: ${child.stderr}`);
      runs[s].push(JSON.parse(child.stdout.trim().split('\n').pop()));
    }
  }
  if (new Set(Object.values(runs).flat().map((run) => run.found)).size !== 1) throw new Error('the variants found different things');
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`${NODE} (${ROUNDS} rounds, load ${load}); the 1 MB file: ${BIG_DIR || "the targets bench's"}; ms, median [all rounds]`);
  for (const s of sizes) {
    const col = (key) => `${Math.round(median(runs[s].map((run) => run[key])))} [${runs[s].map((run) => Math.round(run[key])).join(' ')}]`;
    console.log(`warm-up ${s.padStart(5)} KB (${Math.round(runs[s][0].warmedKb)} KB of files): its thread CPU ${col('warmMs')}; open: thread ${col('threadMs')}, process ${col('processMs')}`);
  }
}
