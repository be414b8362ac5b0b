#!/usr/bin/env node
// The secretlint question in numbers (issue #13: "≥ 8× faster than secretlint's recommended preset on all
// files"): on outline at the pinned commit of targets.mjs, interleaved, on the system Node and on the
// extension host's Node 24, each run's wall time, CPU time (user + system) and peak RSS for
//  - `node -e 0`: Node's own start;
//  - the floor of ANY scan that reads every file: Node's start, Warden's walk (.gitignore files and the
//    default excludes, scripts/bench/lib/read-floor.mjs) and reading every file it yields as UTF-8, on one
//    thread, no rule;
//  - secretlint with its recommended preset on exactly those files (as targets.mjs runs it);
//  - `warden scan --category credentials` (the secrets-only scan: every credential rule, text and AST), and
//    `warden scan` with only the credential text rules (no parse at all) through a team ruleset that sets
//    every other rule off;
//  - `warden scan` with every rule (the cold target's own row).
// Each tool's ratio to secretlint is printed from the best of the rounds. Results: bench-results/secrets-floor.json.
//   node scripts/bench/secrets-floor.mjs [--rounds N] [--folder DIR] [--node system|host]   (after npm run build)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode } from '../vscode/install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const rounds = Number(option('--rounds') ?? 3);
const round2 = (x) => Math.round(x * 100) / 100;

const work = mkdtempSync(join(tmpdir(), 'warden-secrets-floor-'));
let folder = option('--folder') && resolve(option('--folder'));
if (!folder) {
  if (!existsSync(MIRROR)) {
    console.error(`no mirror at ${MIRROR}: give --folder, or fetch github:outline/outline with the fetch tool`);
    process.exit(2);
  }
  folder = join(work, 'app');
  mkdirSync(folder);
  execFileSync('sh', ['-c', `git --git-dir=${JSON.stringify(MIRROR)} archive ${APP_COMMIT} | tar -x -C ${JSON.stringify(folder)}`]);
}

/** Team rulesets that leave on only the credential rules (all of them, or the text ones alone). */
function secretsRulesets() {
  const { BUILTIN_CATALOG: c } = require(join(root, 'out', 'server', 'src', 'rules', 'index.js'));
  const metas = [
    ...c.astRules.map((r) => ({ kind: 'ast', meta: r.meta })), ...c.textRules.map((r) => ({ kind: 'text', meta: r })),
    ...c.treeRules.map((r) => ({ kind: 'tree', meta: r.meta })), ...c.templateRules.map((r) => ({ kind: 'template', meta: r.meta })),
  ];
  const write = (name, keep) => {
    const rules = {};
    for (const { kind, meta } of metas) if (!keep(kind, meta)) rules[meta.id] = 'off';
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify({ rules }));
    return { file, kept: [...new Set(metas.filter(({ kind, meta }) => keep(kind, meta)).map(({ meta }) => meta.id))].length };
  };
  return {
    all: write('secrets', (kind, meta) => meta.category === 'credentials'),
    text: write('secrets-text', (kind, meta) => kind === 'text' && meta.category === 'credentials'),
  };
}

async function wardenFiles() {
  const { walk } = require(join(root, 'out', 'server', 'src', 'cli', 'walk.js'));
  return (await walk(folder, ['.'])).files.map((f) => f.relativePath).sort();
}

function nodes() {
  const only = option('--node');
  const list = [];
  if (only !== 'host') list.push({ key: 'system', path: process.execPath });
  if (only !== 'system') list.push({ key: 'host', path: join(ensureNode(), 'bin', 'node') });
  return list;
}

function timed(command) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'bench-time %M %U %S', ...command], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  const [rss, user, system] = r.stderr.trim().split('\n').pop().split(' ').slice(1).map(Number);
  // 0 or 1 (findings) is a finished scan; anything else is a broken run, not a figure.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command.slice(0, 3).join(' ')} … exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { seconds: round2(seconds), cpuSeconds: round2(user + system), peakRssMB: Math.round(rss / 1024), status: r.status, stdout: r.stdout };
}

const files = await wardenFiles();
const rulesets = secretsRulesets();
writeFileSync(join(work, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
const out = (name) => join(work, `${name}.json`);
const jobs = nodes().flatMap(({ key, path }) => Object.entries({
  nodeStart: [path, '-e', '0'],
  readFloor: [path, join(root, 'scripts', 'bench', 'lib', 'read-floor.mjs'), '.'],
  secretlint: [path, join(root, 'node_modules', 'secretlint', 'bin', 'secretlint.js'), '--secretlintrc', join(work, '.secretlintrc.json'), '--no-glob', '--format', 'json', '--output', out(`${key}-secretlint`), ...files],
  wardenSecrets: [path, join(root, 'dist', 'cli.js'), 'scan', '.', '--quiet', '--category', 'credentials', '--format', 'json', '--output', out(`${key}-wardenSecrets`)],
  wardenSecretsText: [path, join(root, 'dist', 'cli.js'), 'scan', '.', '--quiet', '--ruleset', rulesets.text.file, '--format', 'json', '--output', out(`${key}-wardenSecretsText`)],
  warden: [path, join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--output', out(`${key}-warden`)],
}).map(([tool, command]) => ({ key, tool, command })));

// Every file read once before timing, so the first run does not pay the disk for the others.
for (const f of files) readFileSync(join(folder, f));
const runs = new Map(jobs.map((j) => [`${j.key}:${j.tool}`, []]));
const loads = [];
try {
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < jobs.length; k++) {
      const job = jobs[(r + k) % jobs.length];
      loads.push(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]));
      const run = timed(job.command);
      if (job.tool === 'readFloor') run.floor = JSON.parse(run.stdout);
      else if (job.tool.startsWith('warden')) run.findings = JSON.parse(readFileSync(out(`${job.key}-${job.tool}`), 'utf8')).findings.length;
      else if (job.tool === 'secretlint') run.files = JSON.parse(readFileSync(out(`${job.key}-secretlint`), 'utf8')).length;
      delete run.stdout;
      runs.get(`${job.key}:${job.tool}`).push(run);
      console.log(job.key, job.tool, JSON.stringify(run));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const result = { folder: option('--folder') ? folder : `outline/outline@${APP_COMMIT}`, files: files.length, rounds, loadAverage: [Math.min(...loads), Math.max(...loads)], rulesKept: { credentials: rulesets.all.kept, credentialText: rulesets.text.kept } };
for (const { key, path } of nodes()) {
  const best = (tool) => Math.min(...runs.get(`${key}:${tool}`).map((x) => x.seconds));
  const bestCpu = (tool) => Math.min(...runs.get(`${key}:${tool}`).map((x) => x.cpuSeconds));
  const secretlint = best('secretlint');
  result[key] = {
    node: execFileSync(path, ['--version'], { encoding: 'utf8' }).trim(),
    ...Object.fromEntries(['nodeStart', 'readFloor', 'secretlint', 'wardenSecretsText', 'wardenSecrets', 'warden'].map((tool) => [tool, {
      seconds: runs.get(`${key}:${tool}`).map((x) => x.seconds), best: best(tool), bestCpu: bestCpu(tool),
      underSecretlintBy: round2(secretlint / best(tool)), peakRssMB: Math.max(...runs.get(`${key}:${tool}`).map((x) => x.peakRssMB)),
      ...(tool === 'readFloor' ? { inProcessMs: runs.get(`${key}:${tool}`).map((x) => x.floor) } : {}),
      ...(tool.startsWith('warden') ? { findings: [...new Set(runs.get(`${key}:${tool}`).map((x) => x.findings))] } : {}),
    }])),
    eightTimesSecretlintIs: round2(secretlint / 8),
  };
}
for (const [k, v] of Object.entries(result)) console.log(`${k}: ${JSON.stringify(v)}`);
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'secrets-floor.json'), JSON.stringify(result, null, 1));
