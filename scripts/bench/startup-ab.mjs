#!/usr/bin/env node
// Start → first diagnostics, two or more builds A/B'd in one run: the main thread's CPU time (not
// wall-clock, which the machine's load inflates), read by the server itself at the moment it writes its
// first publishDiagnostics, in nanoseconds from /proc/thread-self/schedstat (Linux).
//   node scripts/bench/startup-ab.mjs [--rounds N] [--node PATH] [--no-cache] ROOT...
// Each ROOT is a built checkout (dist/server.js). The server is started over stdio as startup.mjs does
// (initialize, didOpen of outline's User.ts), with a `-r` preload (lib/startup-mark.cjs) that wraps the
// main thread's stdout and records, at the first write of a publishDiagnostics, the main thread's CPU
// since the process started and since the preload ran (what Node's own bootstrap took is the difference).
// By default each build runs from its own V8 code cache, written by one unmeasured start first, as
// VS Code's second and later starts do (`--no-cache`: none). Rounds are alternated, the order rotated
// each round; N rounds per build (default 20). Prints per build median, quartiles and range, and per
// pair how many rounds the first build was the cheaper. Results: bench-results/startup-ab.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args.splice(args.indexOf(name), 2)[1] : fallback);
const ROUNDS = Number(option('--rounds', 20));
const NODE = option('--node', process.execPath);
const CACHE = !args.includes('--no-cache');
const roots = args.filter((a) => !a.startsWith('--')).map((r) => resolve(r));
if (roots.length === 0) throw new Error('usage: startup-ab.mjs [--rounds N] [--node PATH] [--no-cache] ROOT...');
for (const r of roots) if (!existsSync(join(r, 'dist', 'server.js'))) throw new Error(`${r}: no dist/server.js (npm run build)`);
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';
const APP_FILE = 'server/models/User.ts';
if (!existsSync(MIRROR)) throw new Error(`no mirror at ${MIRROR} (set BENCH_APP_MIRROR)`);
const source = execFileSync('git', ['--git-dir', MIRROR, 'show', `${APP_COMMIT}:${APP_FILE}`], { encoding: 'utf8' });
const work = mkdtempSync(join(tmpdir(), 'warden-startup-ab-'));
const PRELOAD = join(here, 'lib', 'startup-mark.cjs');

async function once(root, cacheDir, waitForCache) {
  const mark = join(work, 'mark.json');
  rmSync(mark, { force: true });
  process.env.WARDEN_STARTUP_MARK = mark;
  if (cacheDir) process.env.WARDEN_CODE_CACHE = cacheDir;
  else delete process.env.WARDEN_CODE_CACHE;
  const client = new StdioClient(root, NODE, ['-r', PRELOAD]);
  await client.initialize();
  const diagnostics = await client.open(pathToFileURL(join(tmpdir(), 'bench-startup.ts')).toString(), 'typescript', source);
  for (let waited = 0; waitForCache && readdirSync(cacheDir).length === 0 && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  await client.stop();
  await new Promise((done) => client.proc.once('exit', done));
  const m = JSON.parse(readFileSync(mark, 'utf8'));
  return { mainMs: m.mainMs, ownMs: m.ownMs, findings: diagnostics.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).join(',') };
}

const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const r1 = (x) => Math.round(x * 10) / 10;
const builds = roots.map((root, i) => ({ root, cacheDir: CACHE ? join(work, `cache-${i}`) : undefined, runs: [] }));
try {
  for (const b of builds) {
    if (b.cacheDir) mkdirSync(b.cacheDir, { mode: 0o700 });
    await once(b.root, b.cacheDir, Boolean(b.cacheDir));
  }
  for (let r = 0; r < ROUNDS; r++) {
    const order = builds.map((_, i) => builds[(i + r) % builds.length]);
    for (const b of order) b.runs.push(await once(b.root, b.cacheDir, false));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`Node ${execFileSync(NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}, ${CACHE ? 'code cache' : 'no code cache'}, ${ROUNDS} rounds per build, load ${load}`);
const summary = builds.map((b) => {
  const main = b.runs.map((x) => x.mainMs);
  const own = b.runs.map((x) => x.ownMs);
  const s = {
    root: b.root,
    mainMs: { median: r1(q(main, 0.5)), q1: r1(q(main, 0.25)), q3: r1(q(main, 0.75)), min: r1(Math.min(...main)), max: r1(Math.max(...main)) },
    ownMs: { median: r1(q(own, 0.5)), q1: r1(q(own, 0.25)), q3: r1(q(own, 0.75)) },
    findings: new Set(b.runs.map((x) => x.findings)).size === 1 ? b.runs[0].findings.split(',').filter(Boolean).length : 'VARIES',
    rounds: b.runs.map((x) => ({ mainMs: r1(x.mainMs), ownMs: r1(x.ownMs) })),
  };
  console.log(`${b.root}: main thread ${s.mainMs.median} ms (IQR ${s.mainMs.q1}–${s.mainMs.q3}, range ${s.mainMs.min}–${s.mainMs.max}), after Node's bootstrap ${s.ownMs.median} ms (IQR ${s.ownMs.q1}–${s.ownMs.q3}); findings ${s.findings}`);
  return s;
});
for (let i = 1; i < builds.length; i++) {
  const a = builds[0].runs, b = builds[i].runs;
  const wins = a.filter((x, r) => x.mainMs < b[r].mainMs).length;
  const same = a.every((x, r) => x.findings === b[r].findings);
  console.log(`  ${builds[0].root} cheaper than ${builds[i].root} in ${wins} of ${ROUNDS} rounds; median of per-round differences ${r1(q(a.map((x, r) => b[r].mainMs - x.mainMs), 0.5))} ms; same findings: ${same}`);
}
mkdirSync(join(here, '..', '..', 'bench-results'), { recursive: true });
writeFileSync(join(here, '..', '..', 'bench-results', 'startup-ab.json'), `${JSON.stringify({ node: NODE, cache: CACHE, load, summary }, null, 2)}\n`);
