#!/usr/bin/env node
// The 1 MB open as the analysis worker runs it, in process, with the worker's V8 limits varied:
// `node scripts/bench/big-open-worker.mjs [--node PATH] [--rounds N] [--young default,8,16] [--edits N]`.
// Each round starts, for each young-generation size in `--young` (MB, or `default` for V8's own), a fresh
// process whose Worker thread (with that `resourceLimits.maxYoungGenerationSizeMb`) loads the engine from
// out/, compiles the built-in ruleset, analyses the worker's warm-up sample (analysisWorker.ts `WARM_UP`),
// idles 0.5 s, then analyses the targets bench's 1 MB file with a fresh parse cache (the open) and `--edits`
// versions after it (a trailing space added, taken away), settling the cache after each as the worker does.
// Records per analysis the worker thread's CPU (/proc/thread-self/schedstat, nanoseconds) and the process's
// (`process.cpuUsage`: the parse thread, V8's collector and compiler threads included). The variants alternate
// in every round, in a rotated order, so the load treats them alike; findings must be the same in all, or it
// fails. Needs `npx tsc -b`. With `--node` on Node 20 the parse thread hands trees over as JSON.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runWorkerChild } from './lib/worker-child.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);

if (!isMainThread) {
  const require = createRequire(join(root, 'package.json'));
  const { analyze } = require('./out/server/src/engine/engine.js');
  const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
  const { settleParseCache } = require('./out/server/src/engine/reparse.js');
  const { parserInUse } = require('./out/server/src/engine/parser.js');
  const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
  const { WARM_UP } = require('./out/server/src/analysisWorker.js');
  const { typescriptFile } = await import('./lib/typescript-file.mjs');
  const threadMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  parserInUse();
  const ruleset = compileRuleset({}, BUILTIN_CATALOG);
  analyze(WARM_UP, ruleset);
  const big = typescriptFile(root, 1024 * 1024);
  const cache = {};
  const rows = [];
  for (let i = 0; i <= workerData.edits; i++) {
    await new Promise((resolve) => setTimeout(resolve, i === 0 ? 500 : 100));
    const t = threadMs();
    const p = process.cpuUsage();
    const result = analyze({ path: 'bench-1mb.ts', text: i % 2 ? `${big} ` : big }, ruleset, { parseCache: cache });
    const d = process.cpuUsage(p);
    rows.push({ threadMs: threadMs() - t, processMs: (d.user + d.system) / 1000, found: JSON.stringify(result.findings.map((f) => [f.ruleId, f.start, f.end])) });
    settleParseCache(cache);
  }
  parentPort.postMessage(rows);
} else if (args[0] === '--child') {
  const young = args[1] === 'default' ? undefined : Number(args[1]);
  runWorkerChild(fileURLToPath(import.meta.url), { edits: Number(args[2]) }, young ? { maxYoungGenerationSizeMb: young } : undefined, (worker, rows) => ({ limit: worker.resourceLimits.maxYoungGenerationSizeMb, rows }));
} else {
  const NODE = option('--node', process.execPath);
  const ROUNDS = Number(option('--rounds', 6));
  const EDITS = Number(option('--edits', 0));
  const variants = option('--young', 'default,8').split(',');
  const runs = Object.fromEntries(variants.map((v) => [v, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = variants.map((_, i) => variants[(i + r) % variants.length]);
    for (const v of order) {
      const child = spawnSync(NODE, [fileURLToPath(import.meta.url), '--child', v, String(EDITS)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (child.status !== 0) throw new Error(`the ${v} run failed: ${child.stderr}`);
      runs[v].push(JSON.parse(child.stdout.trim().split('\n').pop()));
    }
  }
  const found = new Set(Object.values(runs).flat().flatMap((run) => run.rows.map((row, i) => `${i}:${row.found}`)));
  if (found.size !== EDITS + 1) throw new Error('the variants found different things');
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`${NODE} (${ROUNDS} rounds, load ${load}); the worker's CPU per analysis, thread / process, median [all rounds]`);
  for (const v of variants) {
    const limit = runs[v][0].limit;
    for (let i = 0; i <= EDITS; i++) {
      const col = (key) => `${Math.round(median(runs[v].map((run) => run.rows[i][key])))} [${runs[v].map((run) => Math.round(run.rows[i][key])).join(' ')}]`;
      console.log(`young ${String(v).padEnd(7)} (${limit} MB) ${i === 0 ? 'open  ' : `edit ${i}`}: thread ${col('threadMs')} ms, process ${col('processMs')} ms`);
    }
  }
}
