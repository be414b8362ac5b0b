#!/usr/bin/env node
// Where the 1 MB open goes, thread by thread: `node scripts/bench/big-open-profile.mjs [--node PATH] [--rounds N]
// [--pause MS] [--top N]`. Starts dist/server.js over stdio with `--cpu-prof` (every thread writes its own
// profile), opens a 20 KB TypeScript file, waits `--pause` ms (default 1000, as targets.mjs: the analysis
// worker starts and warms up in it), opens the 1 MB file of targets.mjs and waits for its diagnostics. Only the
// samples taken during that open count (the profiles' clock and this process's `hrtime` are both the
// system's monotonic clock); they are attributed through the bundles' source maps to source files and
// functions (self and inclusive), per thread, averaged over the rounds. Sampling is wall-clock while a thread
// runs, so under load read the shares, not the milliseconds; a parse thread waiting for work shows as its
// `[worker eval]` frame the whole time. Needs `npm run build`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';
import { typescriptFile } from './lib/typescript-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const NODE = option('--node', process.execPath);
const ROUNDS = Number(option('--rounds', 3));
const PAUSE_MS = Number(option('--pause', 1000));
const TOP = Number(option('--top', 25));
const small = typescriptFile(root, 20 * 1024);
const big = typescriptFile(root, 1024 * 1024);

const maps = new Map();
function entryOf({ url, lineNumber, columnNumber }) {
  if (!url.startsWith('file://')) return undefined;
  const path = fileURLToPath(url);
  if (!maps.has(path)) maps.set(path, existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))) : null);
  const entry = maps.get(path)?.findEntry(lineNumber, columnNumber);
  return entry && entry.originalSource ? entry : undefined;
}
const V8_PARTS = new Set(['(garbage collector)', '(program)', '(idle)']);
function fileOf(frame) {
  if (V8_PARTS.has(frame.functionName)) return frame.functionName;
  const source = entryOf(frame)?.originalSource ?? (frame.url || '(native)');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return `pkg ${pkg[1]}`;
  return /(?:server|client)\/src\/(.*)$/.exec(source)?.[1] ?? source;
}
function functionOf(frame) {
  const e = entryOf(frame);
  const where = e ? `${e.originalSource.split('/').slice(-2).join('/')}:${e.originalLine + 1}` : `${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
  return `${e?.name ?? (frame.functionName || '(anonymous)')} ${where}`;
}

/** Per thread (by its profile's order of creation): total, self by file, self and inclusive by function. */
const threads = new Map();
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
const dir = mkdtempSync(join(tmpdir(), 'warden-big-open-profile-'));
try {
  for (let r = 0; r < ROUNDS; r++) {
    const out = join(dir, String(r));
    const client = new StdioClient(root, NODE, ['--cpu-prof', `--cpu-prof-dir=${out}`]);
    await client.initialize();
    await client.open(pathToFileURL(join(tmpdir(), 'bench-profile-small.ts')).toString(), 'typescript', small);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const from = Number(process.hrtime.bigint() / 1000n);
    await client.open(pathToFileURL(join(tmpdir(), 'bench-profile-1mb.ts')).toString(), 'typescript', big);
    const to = Number(process.hrtime.bigint() / 1000n);
    console.log(`round ${r + 1}: open ${((to - from) / 1000).toFixed(0)} ms wall`);
    await client.stop();
    await new Promise((resolve) => client.proc.once('exit', resolve));
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: the thread's number names it across rounds.
    for (const name of readdirSync(out).sort()) {
      const profile = JSON.parse(readFileSync(join(out, name), 'utf8'));
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const key = `thread ${name.split('.').at(-3)}`;
      const t = threads.get(key) ?? { total: 0, files: new Map(), self: new Map(), inclusive: new Map() };
      let at = profile.startTime;
      for (let i = 0; i < profile.samples.length; i++) {
        at += profile.timeDeltas[i];
        if (at < from || at > to) continue;
        const node = byId.get(profile.samples[i]);
        if (node.callFrame.functionName === '(idle)') continue;
        const ms = profile.timeDeltas[i] / 1000;
        t.total += ms;
        add(t.files, fileOf(node.callFrame), ms);
        add(t.self, functionOf(node.callFrame), ms);
        const seen = new Set();
        for (let id = node.id; id !== undefined; id = parent.get(id)) {
          const f = functionOf(byId.get(id).callFrame);
          if (!seen.has(f)) add(t.inclusive, f, ms), seen.add(f);
        }
      }
      threads.set(key, t);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`${NODE}, ${ROUNDS} rounds, pause ${PAUSE_MS} ms, load ${load}: ms of samples per open`);
const list = (title, map, n) => {
  console.log(`  ${title}`);
  for (const [k, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${(ms / ROUNDS).toFixed(1).padStart(10)}  ${k}`);
};
for (const [key, t] of [...threads].sort((a, b) => b[1].total - a[1].total)) {
  if (t.total / ROUNDS < 5) continue;
  console.log(`\n${key}: ${(t.total / ROUNDS).toFixed(0)} ms`);
  list('by source file (self)', t.files, TOP);
  list('by function (self)', t.self, TOP);
  list('by function (inclusive)', t.inclusive, TOP);
}
