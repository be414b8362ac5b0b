#!/usr/bin/env node
// Where the server's start → first diagnostics goes, from V8 CPU profiles of the server's main thread.
//   node scripts/bench/startup-profile.mjs [--rounds N] [--node PATH] [--cache] [--keep DIR]
// Starts dist/server.js over stdio with `--cpu-prof` (as startup.mjs does: initialize, didOpen of
// outline's User.ts, until its diagnostics), `N` times (default 3), and attributes the samples taken
// before the diagnostics arrived (the profile's clock and this process's `hrtime` are both the
// system's monotonic clock) to parts: by the source file of the innermost bundled frame (through
// the bundle's source map), by package for node_modules, and V8's own (garbage collector, program).
// With `--cache`, each profiled start runs from a V8 code cache that an unprofiled start wrote first,
// as VS Code's second start does. Counts are samples times the interval: CPU time of the main thread,
// so they hold under load. Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const ROUNDS = Number(option('--rounds', 3));
const NODE = option('--node', process.execPath);
const CACHE = args.includes('--cache');
const KEEP = option('--keep', undefined);
const TOP = Number(option('--top', 30));
/** `--detail PART`: that part's time by function as well. */
const DETAIL = option('--detail', undefined);
const details = new Map();
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';
const APP_FILE = 'server/models/User.ts';
if (!existsSync(MIRROR)) throw new Error(`no mirror at ${MIRROR} (fetch github:outline/outline with the fetch tool, or set BENCH_APP_MIRROR)`);
const source = execFileSync('git', ['--git-dir', MIRROR, 'show', `${APP_COMMIT}:${APP_FILE}`], { encoding: 'utf8' });

/** One start; returns the profile's path and the monotonic time (µs) the first diagnostics arrived. */
async function start(profileDir, cacheDir) {
  if (cacheDir) process.env.WARDEN_CODE_CACHE = cacheDir;
  else delete process.env.WARDEN_CODE_CACHE;
  const client = new StdioClient(root, NODE, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  await client.initialize();
  await client.open(pathToFileURL(join(tmpdir(), 'bench-startup.ts')).toString(), 'typescript', source);
  const arrived = Number(process.hrtime.bigint() / 1000n);
  for (let waited = 0; cacheDir && !profileDir && readdirSync(cacheDir).length === 0 && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  await client.stop();
  await new Promise((resolve) => client.proc.once('exit', resolve));
  return arrived;
}

const maps = new Map();
function entryOf(url, line, column) {
  if (!url.startsWith('file://')) return undefined;
  const path = fileURLToPath(url);
  if (!maps.has(path)) {
    const mapPath = `${path}.map`;
    maps.set(path, existsSync(mapPath) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8'))) : null);
  }
  const entry = maps.get(path)?.findEntry(line, column);
  return entry && entry.originalSource ? entry : undefined;
}
function sourceOf(url, line, column) {
  if (!url.startsWith('file://')) return url || '(native)';
  return entryOf(url, line, column)?.originalSource ?? fileURLToPath(url);
}
/** A function's name in the source (the server bundle is minified: the profile has the short names). */
function nameOf({ functionName, url, lineNumber, columnNumber }) {
  return entryOf(url, lineNumber, columnNumber)?.name ?? functionName;
}

function partOf(frame) {
  const { functionName: name, url, lineNumber, columnNumber } = frame;
  if (name === '(garbage collector)' || name === '(program)' || name === '(idle)') return name;
  const s = sourceOf(url, lineNumber, columnNumber).replace(/\\/g, '/');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s);
  if (pkg) return `pkg ${pkg[1]}`;
  const own = /(server|client)\/src\/(.*)$/.exec(s);
  if (own) return own[2].replace(/\.[jt]s$/, '');
  if (s.startsWith('node:')) return 'node internals';
  if (/dist\/server\.js$/.test(s)) return 'boot (dist/server.js)';
  return s;
}

const totals = new Map();
/** Inclusive time of a few functions that stand for phases. */
const PHASES = ['runWithCodeCache', 'startServer', 'compileRuleset', 'validate', 'analyze', 'createConnection', 'startParser', 'parserInUse'];
const phases = new Map();
let allMs = 0;
const cacheRoot = CACHE ? mkdtempSync(join(tmpdir(), 'warden-profile-cache-')) : undefined;
const profileRoot = KEEP ?? mkdtempSync(join(tmpdir(), 'warden-startup-profile-'));
try {
  if (cacheRoot) await start(undefined, cacheRoot); // writes the code cache
  else await start(undefined, undefined); // warms the file cache
  for (let r = 0; r < ROUNDS; r++) {
    const dir = join(profileRoot, String(r));
    mkdirSync(dir, { recursive: true });
    const arrived = await start(dir, cacheRoot);
    const mainProfile = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
      .sort((a, b) => b.samples.length - a.samples.length)
      .find((p) => p.nodes.some((n) => n.callFrame.url.endsWith('/warden-server.js'))) ?? null;
    if (!mainProfile) throw new Error('no main-thread profile');
    const byId = new Map(mainProfile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of mainProfile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let t = mainProfile.startTime;
    for (let i = 0; i < mainProfile.samples.length; i++) {
      const dt = mainProfile.timeDeltas[i];
      t += dt;
      if (t > arrived) break;
      const ms = dt / 1000;
      const node = byId.get(mainProfile.samples[i]);
      if (node.callFrame.functionName === '(idle)') continue;
      allMs += ms;
      let part = partOf(node.callFrame);
      // Node's own internals count for the bundled code that called them (a require, a read).
      for (let id = node.id; part === 'node internals' || part === '(native)';) {
        id = parent.get(id);
        if (id === undefined) break;
        part = partOf(byId.get(id).callFrame) === 'node internals' ? part : partOf(byId.get(id).callFrame);
        if (part !== 'node internals' && part !== '(native)') part = `${part} (via node)`;
      }
      totals.set(part, (totals.get(part) ?? 0) + ms);
      if (DETAIL && part.startsWith(DETAIL)) {
        const f = node.callFrame;
        const e = entryOf(f.url, f.lineNumber, f.columnNumber);
        const key = `${nameOf(f) || '(anonymous)'} ${e ? `${e.originalSource.split('/').slice(-2).join('/')}:${e.originalLine + 1}` : `${f.url.split('/').pop()}:${f.lineNumber + 1}`}`;
        details.set(key, (details.get(key) ?? 0) + ms);
      }
      const seen = new Set();
      for (let id = node.id; id !== undefined; id = parent.get(id)) {
        const name = nameOf(byId.get(id).callFrame);
        if (PHASES.includes(name) && !seen.has(name)) {
          seen.add(name);
          phases.set(name, (phases.get(name) ?? 0) + ms);
        }
      }
    }
  }
} finally {
  if (cacheRoot) rmSync(cacheRoot, { recursive: true, force: true });
  if (!KEEP) rmSync(profileRoot, { recursive: true, force: true });
}
const per = (ms) => `${(ms / ROUNDS).toFixed(1).padStart(7)} ms ${((100 * ms) / allMs).toFixed(1).padStart(5)}%`;
console.log(`${NODE} ${CACHE ? 'with' : 'without'} code cache, ${ROUNDS} rounds: main thread ${(allMs / ROUNDS).toFixed(1)} ms of samples (not idle) per start before the first diagnostics`);
console.log('phases (inclusive):');
for (const [name, ms] of [...phases].sort((a, b) => b[1] - a[1])) console.log(`  ${per(ms)}  ${name}`);
console.log('parts (self):');
for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${per(ms)}  ${name}`);
if (DETAIL) {
  console.log(`${DETAIL} by function (self):`);
  for (const [name, ms] of [...details].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${per(ms)}  ${name}`);
}
