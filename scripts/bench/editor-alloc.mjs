#!/usr/bin/env node
// What a keystroke allocates, and the garbage collection it costs: the typing of targets.mjs (a space
// typed at the start of a line, then deleted, into outline's User.ts) analysed in process by the
// engine the server runs, with the document's parse cache, as editor-cpu.mjs does.
//
// Two passes over the same edits, after a warm-up:
// - GC: every collection's kind and duration (PerformanceObserver 'gc' entries) and the process's
//   CPU over the edits, without a profiler attached;
// - allocation: V8's sampling heap profiler with the objects later collected kept in the profile, so
//   the sampled sizes add up to what the edits allocated (a statistical estimate, 512-byte interval),
//   by function, to find what allocates.
// Only the analysing thread's heap: the parse thread's (the JSON hand-over on Node < 22) is its own.
//
//   node --expose-gc scripts/bench/editor-alloc.mjs [ROOT ...]   (default: this checkout; several alternate)
// BENCH_ROUNDS (default 2) rounds of the 300 edits; BENCH_TOP (default 25) functions listed.
// Needs `npm run build` in each ROOT. Results: bench-results/editor-alloc.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Session } from 'node:inspector';
import { typescriptFile } from './lib/typescript-file.mjs';
import { typingEdits } from './lib/typing-edits.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const TOP = Number(process.env.BENCH_TOP ?? 25);
const EDITS = 300;
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';
const APP_FILE = 'server/models/User.ts';

if (process.argv[2] !== '--child') {
  // One process per checkout and round, alternating, so each meets the same load and starts cold.
  const roots = process.argv.slice(2).map((r) => resolve(r));
  if (roots.length === 0) roots.push(here);
  const results = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const root of roots) {
      const out = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', root], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (out.status !== 0) throw new Error(`${root}: ${out.stderr}`);
      const result = JSON.parse(out.stdout);
      results.push(result);
      const { root: _, top, ...brief } = result;
      console.log(root, JSON.stringify(brief));
      if (r === ROUNDS - 1) for (const f of top) console.log(`  ${f.kbPerEdit.toFixed(1).padStart(7)} KB/edit  ${f.fn}`);
    }
  }
  mkdirSync(join(here, 'bench-results'), { recursive: true });
  writeFileSync(join(here, 'bench-results', 'editor-alloc.json'), `${JSON.stringify({ node: process.version, results }, null, 2)}\n`);
} else {
  const root = process.argv[3];
  const require = createRequire(join(root, 'package.json'));
  const { analyze } = require('./out/server/src/engine/engine.js');
  const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
  const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
  const { parserInUse } = require('./out/server/src/engine/parser.js');

  const text = existsSync(MIRROR)
    ? execFileSync('git', ['--git-dir', MIRROR, 'show', `${APP_COMMIT}:${APP_FILE}`], { encoding: 'utf8' })
    : typescriptFile(here, 28 * 1024);
  const versions = typingEdits(text, EDITS).map((e) => e.text);
  const ruleset = compileRuleset({}, BUILTIN_CATALOG);
  const cache = {};
  const typeAll = () => {
    for (const version of versions) analyze({ text: version, path: APP_FILE }, ruleset, { parseCache: cache });
  };
  analyze({ text, path: APP_FILE }, ruleset, { parseCache: cache });
  typeAll(); // warm: the JIT, the rules' lazy state
  globalThis.gc?.();

  // Pass 1: collections and CPU, no profiler.
  const gcs = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) typeAll();
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 10)); // the observer's entries arrive asynchronously
  observer.disconnect();
  const edits = ROUNDS * EDITS;
  const kinds = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
  const byKind = {};
  for (const e of gcs) {
    const kind = kinds[e.detail?.kind ?? e.kind] ?? 'other';
    byKind[kind] ??= { count: 0, ms: 0 };
    byKind[kind].count++;
    byKind[kind].ms = Math.round((byKind[kind].ms + e.duration) * 100) / 100;
  }

  // Pass 2: allocation by function.
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((ok, fail) => session.post(method, params, (err, res) => (err ? fail(err) : ok(res))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let i = 0; i < ROUNDS; i++) typeAll();
  const { profile } = await post('HeapProfiler.stopSampling');
  const byFn = new Map();
  let total = 0;
  const where = (f) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(out|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
  // A built-in (`join`, `Set`, `slice`) is named with the function that called it.
  const visit = (node, parent) => {
    const f = node.callFrame;
    const key = f.url === '' && parent ? `${where(f)} <- ${where(parent.callFrame)}` : where(f);
    byFn.set(key, (byFn.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const c of node.children) visit(c, f.url === '' && parent ? parent : node);
  };
  visit(profile.head);
  const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([fn, bytes]) => ({ fn, kbPerEdit: bytes / 1024 / edits }));
  const round = (x) => Math.round(x * 100) / 100;
  process.stdout.write(JSON.stringify({
    root, parser: parserInUse().description, edits,
    allocatedKbPerEdit: round(total / 1024 / edits),
    cpuMsPerEdit: round((cpu.user + cpu.system) / 1000 / edits),
    gc: byKind,
    gcMsPerEdit: round(gcs.reduce((s, e) => s + e.duration, 0) / edits),
    top,
  }));
}
