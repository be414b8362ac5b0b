#!/usr/bin/env node
// The editor's typing, two builds side by side in one window: `node scripts/bench/typing-ab.mjs OTHER_ROOT
// [--node PATH] [--rounds N] [--edits N] [--threads] [--flag-other F] [--flag-this F] [--node-other PATH] [--node-this PATH]`. OTHER_ROOT is another
// checkout (built; /work/ab-base is the usual one), this checkout the second build. Each round starts each
// build's server over stdio (alternating which goes first), opens the typing file of targets.mjs (outline's
// User.ts, about 28 KB) and types into it as targets.mjs does (`--edits`, default 300: a space typed at the
// start of a line, then deleted; each edit sent as soon as the last one's diagnostics arrived), straight after
// the open, so the figures carry the JIT's warm-up as the targets bench does.
//
// Per round and build: wall-clock per edit (didChange to that version's diagnostics: median, p95) and the
// server process's CPU over the typing per edit (/proc, all threads). `--threads`: also each edit's CPU per
// thread, read from /proc/<pid>/task/*/schedstat while the server sleeps (a 1 ms pause after each edit's
// diagnostics, which changes the pacing): the main thread, the parse thread (on Node 20 every thread is
// called "node": the parse thread is the one that ran in most edits) and the rest (V8's helpers: collector,
// compiler). `--flag-other`/`--flag-this` add a Node option to that build's servers (a V8 flag to try), both
// may be the same root. `--node-other`/`--node-this`: a Node for one side (e.g. Node 20 against Node 24, one build). The diagnostics of every version must be the same for both builds, or it fails.
// Wall-clock grows with the machine's load, CPU much less: compare the CPU columns and the per-round ratios.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';
import { processCpuMs } from './lib/proc-cpu.mjs';
import { typescriptFile } from './lib/typescript-file.mjs';
import { typingEdits } from './lib/typing-edits.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const other = args[0] && !args[0].startsWith('--') ? resolve(args[0]) : undefined;
if (!other) throw new Error('usage: typing-ab.mjs OTHER_ROOT [--node PATH] [--rounds N] [--edits N] [--threads] [--flag-other F] [--flag-this F]');
const NODE = option('--node', process.execPath);
const NODES = { other: option('--node-other', NODE), this: option('--node-this', NODE) };
const ROUNDS = Number(option('--rounds', 4));
const EDITS = Number(option('--edits', 300));
const THREADS = args.includes('--threads');
const FLAGS = { other: option('--flag-other', '').split(' ').filter(Boolean), this: option('--flag-this', '').split(' ').filter(Boolean) };

const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';
const text = existsSync(MIRROR)
  ? execFileSync('git', ['--git-dir', MIRROR, 'show', `${APP_COMMIT}:server/models/User.ts`], { encoding: 'utf8' })
  : typescriptFile(root, 28 * 1024);
const edits = typingEdits(text, EDITS);

/** CPU ms of every thread of `pid`, by thread id (schedstat: nanoseconds, exact while the thread sleeps). */
function threads(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.set(tid, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
    } catch {
      // the thread ended
    }
  }
  return out;
}

const round2 = (x) => Math.round(x * 100) / 100;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const median = (xs) => pct(xs, 0.5);

async function once(buildRoot, node, flags) {
  const client = new StdioClient(buildRoot, node, flags);
  await client.initialize();
  const uri = pathToFileURL(join(tmpdir(), 'bench-typing-ab.ts')).toString();
  await client.open(uri, 'typescript', text);
  const pid = client.proc.pid;
  const wall = [];
  const perThread = [];
  const found = createHash('sha256');
  let version = 1;
  const cpu0 = processCpuMs(pid);
  for (const e of edits) {
    version++;
    const wait = client.diagnostics(uri, version);
    const before = THREADS ? threads(pid) : undefined;
    const t0 = performance.now();
    client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: e.line, character: 0 }, end: { line: e.line, character: e.insert ? 0 : 1 } }, text: e.insert ? ' ' : '' }],
    });
    const published = await wait;
    wall.push(performance.now() - t0);
    found.update(JSON.stringify(published.diagnostics.map((d) => [d.code, d.range, d.severity, d.message])));
    if (before) {
      await new Promise((r) => setTimeout(r, 1)); // the server sleeps once it has written the diagnostics
      const by = new Map();
      for (const [tid, ms] of threads(pid)) if (ms - (before.get(tid) ?? 0) > 0) by.set(tid, ms - (before.get(tid) ?? 0));
      perThread.push(by);
    }
  }
  const cpu = processCpuMs(pid) - cpu0;
  await client.stop();
  const result = { wallP50: median(wall), wallP95: pct(wall, 0.95), cpuPerEdit: cpu / edits.length, found: found.digest('hex') };
  if (THREADS) {
    const main = String(pid);
    const seen = new Map();
    for (const by of perThread) for (const tid of by.keys()) if (tid !== main) seen.set(tid, (seen.get(tid) ?? 0) + 1);
    const parse = [...seen].sort((a, b) => b[1] - a[1])[0]?.[0];
    const col = (f) => perThread.map(f);
    const mainMs = col((by) => by.get(main) ?? 0);
    const parseMs = col((by) => by.get(parse) ?? 0);
    const helpers = col((by) => [...by].reduce((s, [tid, ms]) => (tid === main || tid === parse ? s : s + ms), 0));
    const all = col((by) => [...by.values()].reduce((s, ms) => s + ms, 0));
    Object.assign(result, {
      mainP50: median(mainMs), mainP95: pct(mainMs, 0.95), mainMean: mainMs.reduce((a, b) => a + b, 0) / mainMs.length,
      parseMean: parseMs.reduce((a, b) => a + b, 0) / parseMs.length,
      helpersMean: helpers.reduce((a, b) => a + b, 0) / helpers.length,
      allP95: pct(all, 0.95),
    });
  }
  return result;
}

const builds = { other, this: root };
const runs = { other: [], this: [] };
const loads = [];
for (let r = 0; r < ROUNDS; r++) {
  loads.push(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  for (const name of r % 2 ? ['this', 'other'] : ['other', 'this']) runs[name].push(await once(builds[name], NODES[name], FLAGS[name]));
}
loads.push(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
if (new Set([...runs.other, ...runs.this].map((x) => x.found)).size !== 1) throw new Error('the two builds published different diagnostics');

const keys = ['wallP50', 'wallP95', 'cpuPerEdit', ...(THREADS ? ['mainP50', 'mainP95', 'mainMean', 'parseMean', 'helpersMean', 'allP95'] : [])];
console.log(`${NODES.other === NODES.this ? NODE : `other on ${NODES.other}, this on ${NODES.this}`}: ${ROUNDS} rounds of ${EDITS} edits of User.ts straight after the open, load ${loads.join(' → ')}; same diagnostics in every version; ms per edit, median [each round]`);
for (const name of ['other', 'this']) {
  const label = `${name}${FLAGS[name].length ? ` (${FLAGS[name].join(' ')})` : ''}`;
  console.log(label);
  for (const key of keys) console.log(`  ${key.padEnd(12)} ${round2(median(runs[name].map((x) => x[key])))} [${runs[name].map((x) => round2(x[key])).join(' ')}]`);
}
console.log('this/other per round');
for (const key of keys) {
  const ratios = runs.this.map((x, i) => x[key] / runs.other[i][key]);
  console.log(`  ${key.padEnd(12)} median ${round2(median(ratios))} [${ratios.map(round2).join(' ')}]`);
}
