#!/usr/bin/env node
// `warden scan` of one folder by two builds, alternated, with what each run cost and whether both
// found exactly the same: the A/B the CLI's speed work is judged by on a loaded 2-core machine, where
// wall times say little and only CPU time and same-run ratios hold.
//   node scripts/bench/scan-ab.mjs OLD NEW [--rounds N] [--folder DIR] [--jobs N] [--node-flag FLAG]... [--new-arg ARG]... [--arg ARG]...
// OLD and NEW are checkouts with a built `dist/cli.js` (e.g. /work/ab-base and this one). Without
// --folder, outline/outline at the pinned commit of targets.mjs is extracted from the fetch tool's
// mirror into a temporary folder (removed after). `--node-flag` (repeatable) is given to NEW's Node
// only, to A/B a V8 or Node flag on one build (OLD = NEW); `--new-arg` (repeatable) is added to NEW's
// `warden scan` command line (e.g. `--new-arg --jobs --new-arg 1`); `--arg` (repeatable) to both builds' (e.g.
// `--arg --category --arg credentials`, the secrets-only scan). Rounds alternate which build goes first.
// Per run: wall time, CPU (user + system) of the whole process and, polled every 5 ms from
// /proc/PID/task/*/stat (10 ms steps, Linux), of its main thread, of the analysis workers (the
// `--jobs`/cores busiest other threads) and of the rest (V8's helpers: GC, compilers; libuv); peak RSS
// from /usr/bin/time. The JSON reports are compared with the install paths in lesson links made equal:
// the script exits 1 if they differ. Results: bench-results/scan-ab.json.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadCpuMs } from './lib/proc-cpu.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';

const args = process.argv.slice(2);
// Every `--name` takes the argument after it as its value (so `--new-arg --jobs` gives NEW `--jobs`).
const options = new Map();
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith('--')) options.set(args[i], [...(options.get(args[i]) ?? []), args[++i]]);
  else positional.push(args[i]);
}
const option = (name) => options.get(name) ?? [];
if (positional.length !== 2) {
  console.error('usage: scan-ab.mjs OLD NEW [--rounds N] [--folder DIR] [--jobs N] [--node-flag FLAG]...');
  process.exit(2);
}
const [oldRoot, newRoot] = positional.map((p) => resolve(p));
const rounds = Number(option('--rounds')[0] ?? 3);
const jobs = option('--jobs')[0];
const workers = Number(jobs ?? Math.min(availableParallelism(), 8));
const newFlags = option('--node-flag');
const newArgs = option('--new-arg');
const bothArgs = option('--arg');

let folder = option('--folder')[0];
let extracted;
if (!folder) {
  if (!existsSync(MIRROR)) {
    console.error(`no mirror at ${MIRROR}: give --folder, or fetch github:outline/outline with the fetch tool`);
    process.exit(2);
  }
  extracted = folder = mkdtempSync(join(tmpdir(), 'warden-scan-ab-'));
  execFileSync('sh', ['-c', `git --git-dir=${JSON.stringify(MIRROR)} archive ${APP_COMMIT} | tar -x -C ${JSON.stringify(folder)}`]);
}
folder = resolve(folder);
const out = mkdtempSync(join(tmpdir(), 'warden-scan-ab-out-'));

const round2 = (x) => Math.round(x * 100) / 100;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** CPU ms (user + system) of every thread of `pid` now, by thread id (a thread that just ended is left out). */
function threadCpu(pid) {
  const cpu = new Map();
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    // the process has gone
  }
  for (const tid of tids) {
    const ms = threadCpuMs(pid, Number(tid));
    if (!Number.isNaN(ms)) cpu.set(Number(tid), ms);
  }
  return cpu;
}

/** One scan by `root`'s build: its costs and its report with install paths made equal. */
function run(root, flags, extra) {
  const report = join(out, 'report.json');
  rmSync(report, { force: true });
  const argv = ['-f', 'scan-ab %M %U %S', process.execPath, ...flags, join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--output', report, ...(jobs ? ['--jobs', jobs] : []), ...bothArgs, ...extra];
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', argv, { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // /usr/bin/time's child is the scan: found once it exists, then polled.
    const seen = new Map();
    let scanPid;
    const poll = setInterval(() => {
      scanPid ??= childOf(child.pid);
      if (scanPid) for (const [tid, ms] of threadCpu(scanPid)) seen.set(tid, ms);
    }, 5);
    child.on('error', fail);
    child.on('close', (status) => {
      clearInterval(poll);
      const seconds = (performance.now() - t0) / 1000;
      const [rss, user, system] = stderr.trim().split('\n').pop().split(' ').slice(1).map(Number);
      const main = seen.get(scanPid) ?? NaN;
      const others = [...seen].filter(([tid]) => tid !== scanPid).map(([, ms]) => ms).sort((a, b) => b - a);
      const workerMs = others.slice(0, workers);
      const text = existsSync(report) ? readFileSync(report, 'utf8').replace(/"lesson": "file:\/\/\/[^"]*\/lessons\//g, '"lesson": "lessons/') : '';
      done({
        seconds: round2(seconds), cpuSeconds: round2(user + system), peakRssMB: Math.round(rss / 1024), status,
        threads: { main: round2(main / 1000), workers: workerMs.map((ms) => round2(ms / 1000)), rest: round2(others.slice(workers).reduce((a, b) => a + b, 0) / 1000) },
        report: text,
      });
    });
  });
}

function childOf(pid) {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

const builds = { old: { root: oldRoot, flags: [], extra: [] }, new: { root: newRoot, flags: newFlags, extra: newArgs } };
const runs = { old: [], new: [] };
const loads = [];
let same = true;
try {
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? ['old', 'new'] : ['new', 'old']) {
      loads.push(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]));
      const result = await run(builds[name].root, builds[name].flags, builds[name].extra);
      runs[name].push(result);
      const { report, ...shown } = result;
      console.log(name, JSON.stringify(shown));
    }
    if (runs.old[r].report !== runs.new[r].report) same = false;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
  if (extracted) rmSync(extracted, { recursive: true, force: true });
}

const summary = (rs) => ({
  cpuSeconds: rs.map((r) => r.cpuSeconds), medianCpu: round2(median(rs.map((r) => r.cpuSeconds))),
  seconds: rs.map((r) => r.seconds), mainThread: rs.map((r) => r.threads.main), workers: rs.map((r) => r.threads.workers),
  rest: rs.map((r) => r.threads.rest), peakRssMB: rs.map((r) => r.peakRssMB), exit: [...new Set(rs.map((r) => r.status))],
});
const result = {
  folder: extracted ? `outline/outline@${APP_COMMIT}` : folder, node: process.version, rounds, jobs: jobs ?? `default (${workers})`,
  old: { root: oldRoot, ...summary(runs.old) }, new: { root: newRoot, flags: newFlags, args: newArgs, ...summary(runs.new) },
  // Per round, new's CPU over old's (same-run ratios hold under load better than either figure).
  cpuRatioPerRound: runs.new.map((r, i) => round2(r.cpuSeconds / runs.old[i].cpuSeconds)),
  loadAverage: [Math.min(...loads), Math.max(...loads)],
  sameFindings: same,
};
for (const [key, value] of Object.entries(result)) console.log(`${key}: ${JSON.stringify(value)}`);
mkdirSync(join(here, 'bench-results'), { recursive: true });
writeFileSync(join(here, 'bench-results', 'scan-ab.json'), JSON.stringify(result, null, 1));
if (!same) {
  console.error('the two builds reported different findings (lesson paths aside)');
  process.exit(1);
}
