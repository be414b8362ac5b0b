#!/usr/bin/env node
// The speed targets of the parser issue, each side by side with what the comparison tool pays, in one run:
//  - editor: typing into a real ~28 KB TypeScript file over stdio (one character inserted or removed per
//    edit, waiting for that version's diagnostics), against vscode-eslint's per-keystroke cost
//    (`ESLint.lintText` of the same texts with eslint-plugin-security, @microsoft/eslint-plugin-sdl and
//    @typescript-eslint/parser, warm); server start to first diagnostics (with the V8 code cache an
//    earlier start wrote, as in VS Code); a 1 MB file's diagnostics;
//  - CLI: `warden scan` of a whole real application (outline/outline at a pinned commit, extracted at
//    run time from the fetch tool's mirror; skipped with a message when the mirror is absent) against
//    ESLint with those plugins on its JS/TS files (as run by default, one thread; and, beside it, with
//    its opt-in `--concurrency auto` and `--concurrency 2`), and secretlint (recommended preset) on all files
//    against the like-for-like secrets-only scan (`warden scan --category credentials`: every credential rule,
//    text and AST; the full scan's ratio to secretlint is kept beside it as information),
//    each given exactly the files Warden's walk yields, interleaved, with each process's wall time,
//    CPU time and peak RSS, and the number of files each tool's own report covers. Cold runs are the target;
//    beside them, warm runs of the unchanged tree with a result cache filled by one untimed run before the
//    rounds: `warden scan --cache` against ESLint's `--cache` (its default metadata strategy, and
//    `--cache-strategy content`, which like Warden's cache hashes each file and so survives a fresh checkout in
//    CI). secretlint has no cache: the warm Warden figure against it is reported apart, never as the cold target.
//    Cold means no result cache: Warden's CLI compiles from the V8 code caches it keeps (a folder of the bench's
//    own, written by one run per Node before the rounds and timed apart as `wardenFirstRun`), as from a user's
//    second run on.
// The editor half runs on the Node VS Code's extension host uses (Node 24, installed into a cache by
// scripts/vscode/install.mjs; the system Node with a note if that fails) and again on the system Node,
// ESLint on the same Node each time. Wall-clock times grow with the machine's load: the 1 MB file also
// records the server's CPU time (all its threads, from /proc), which does much less.
// Results: bench-results/targets.json. BENCH_ROUNDS (default 3) sets the interleaved CLI rounds;
// BENCH_PART=cli or BENCH_PART=editor runs one half. The CLI half runs every tool on the system Node and on
// the extension host's Node 24 (where Warden's parser hands trees over by raw transfer), interleaved;
// BENCH_CLI_NODE=system or =host runs it on one of them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { typescriptFile } from './lib/typescript-file.mjs';
import { typingEdits } from './lib/typing-edits.mjs';
import { StdioClient } from './lib/stdio-client.mjs';
import { processCpuMs } from './lib/proc-cpu.mjs';
import { ensureNode, NODE_VERSION, CODE_SERVER_VERSION } from '../vscode/install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const EDITS = Number(process.env.BENCH_EDITS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** How long after the typing the 1 MB file is opened (see `editor`). */
const BIG_PAUSE_MS = Number(process.env.BENCH_BIG_PAUSE_MS ?? 1000);
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';
/** The application's real TypeScript file used for typing (about 28 KB). */
const APP_FILE = 'server/models/User.ts';


const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (x) => Math.round(x * 100) / 100;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(percentile(s, 50)), p95: round(percentile(s, 95)), max: round(s.at(-1)) };
};


/** The typing file: the application's own, or Warden's sources cut to 28 KB of whole files. */
function typingText() {
  if (existsSync(MIRROR)) {
    try {
      return { source: `outline/outline@${APP_COMMIT.slice(0, 10)}:${APP_FILE}`, text: execFileSync('git', ['--git-dir', MIRROR, 'show', `${APP_COMMIT}:${APP_FILE}`], { encoding: 'utf8' }) };
    } catch {
      // fall through
    }
  }
  return { source: 'Warden sources (whole files, 28 KB)', text: typescriptFile(root, 28 * 1024) };
}

/** The texts typing produces (scripts/bench/lib/typing-edits.mjs). */
const edits = (text) => typingEdits(text, EDITS);

/**
 * A private folder standing for the extension's global storage, where the server keeps its V8 code
 * cache (server/src/boot.ts), filled by one earlier start of the server on `node`: VS Code starts the
 * server with it every time but the first. `scripts/bench/startup.mjs` times the first start too.
 */
async function warmCodeCache(node, text) {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-code-cache-'));
  process.env.WARDEN_CODE_CACHE = dir;
  const client = new StdioClient(root, node);
  await client.initialize();
  await client.open(pathToFileURL(join(tmpdir(), 'bench-typing.ts')).toString(), 'typescript', text);
  for (let waited = 0; readdirSync(dir).length === 0 && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  // Its exit is waited for: tearing down its threads (the warmed analysis worker's heap among them) takes
  // 100-240 ms and 50 ms or more of CPU, which the timed start would otherwise share two cores with. A
  // server VS Code starts has no dying one beside it (docs/engineering.md, start-up, sixth pass).
  const exited = new Promise((resolve) => client.proc.once('exit', resolve));
  await client.stop();
  await exited;
  return dir;
}

async function editor(text, node) {
  const uri = pathToFileURL(join(tmpdir(), 'bench-typing.ts')).toString();
  const codeCache = await warmCodeCache(node, text);
  const started = performance.now();
  const client = new StdioClient(root, node);
  await client.initialize();
  const firstDiagnostics = await client.open(uri, 'typescript', text);
  const startToFirst = performance.now() - started;

  const latencies = [];
  let v = 1;
  for (const e of edits(text)) {
    v++;
    const wait = client.diagnostics(uri, v);
    const t0 = performance.now();
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line: e.line, character: 0 }, end: { line: e.line, character: e.insert ? 0 : 1 } }, text: e.insert ? ' ' : '' }],
    });
    await wait;
    latencies.push(performance.now() - t0);
  }

  // A 1 MB TypeScript file, opened in the same server: time to its diagnostics. A user opens it after a
  // pause (finding the file takes longer than a second); the server starts its analysis worker in such a
  // pause (analysisWorker.ts prewarmWhenIdle, 500 ms without an analysis). BENCH_BIG_PAUSE_MS=0 opens it
  // straight after the last keystroke's diagnostics, with the worker not yet started.
  const big = typescriptFile(root, 1024 * 1024);
  // The server's CPU in the pause: the worker's start and warm-up, when they fit in it (about 0.5-0.7 s of
  // CPU); less means the open below paid for the rest of them.
  const pauseCpu0 = processCpuMs(client.proc.pid);
  await new Promise((resolve) => setTimeout(resolve, BIG_PAUSE_MS));
  const pauseCpu = processCpuMs(client.proc.pid) - pauseCpu0;
  const bigUri = pathToFileURL(join(tmpdir(), 'bench-1mb.ts')).toString();
  const bigTimes = [];
  const bigCpu = [];
  for (let i = 1; i <= 3; i++) {
    const wait = client.diagnostics(bigUri, i);
    const cpu0 = processCpuMs(client.proc.pid);
    const t0 = performance.now();
    if (i === 1) client.notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'typescript', version: 1, text: big } });
    else client.notify('textDocument/didChange', { textDocument: { uri: bigUri, version: i }, contentChanges: [{ text: i % 2 ? big : `${big} ` }] });
    await wait;
    bigTimes.push(performance.now() - t0);
    bigCpu.push(processCpuMs(client.proc.pid) - cpu0);
  }
  const parser = client.parser;
  await client.stop();
  delete process.env.WARDEN_CODE_CACHE;
  rmSync(codeCache, { recursive: true, force: true });
  return {
    parser,
    fileChars: text.length,
    findings: firstDiagnostics.diagnostics.length,
    edits: latencies.length,
    didChangeToDiagnosticsMs: stats(latencies),
    serverStartToFirstDiagnosticsMs: round(startToFirst),
    oneMegabyteFile: { chars: big.length, pauseBeforeOpenMs: BIG_PAUSE_MS, serverCpuInPauseMs: round(pauseCpu), openToDiagnosticsMs: bigTimes.map(round), serverCpuMs: bigCpu.map(round) },
  };
}

const ESLINT_PLUGINS = ['eslint-plugin-security', '@microsoft/eslint-plugin-sdl', '@typescript-eslint/parser'];

/**
 * ESLint's flat config for the comparison: security's and sdl's recommended rules, the TypeScript parser.
 * Every rule is guarded: ESLint stops the whole run at the first exception a rule throws (sdl 1.1's
 * `no-insecure-random` throws on `require(variable)`, which outline's server/scripts/release.js has),
 * so unguarded it never lints most of the tree and exits 2. A guarded rule that throws is reported on
 * stderr (`bench-rule-error`) and skips that file, as Warden isolates a failing rule.
 */
function eslintConfigSource() {
  return `const security = require(${JSON.stringify(require.resolve('eslint-plugin-security'))});
const sdl = require(${JSON.stringify(require.resolve('@microsoft/eslint-plugin-sdl'))});
const tsParser = require(${JSON.stringify(require.resolve('@typescript-eslint/parser'))});
const failed = (id, context, error) => process.stderr.write('bench-rule-error ' + id + ' ' + context.filename + ': ' + String(error && error.message).split('\\n')[0] + '\\n');
const guard = (prefix, plugin) => ({ ...plugin, rules: Object.fromEntries(Object.entries(plugin.rules).map(([id, rule]) => [id, { ...rule, create(context) {
  let visitors;
  try { visitors = rule.create(context); } catch (error) { failed(prefix + id, context, error); return {}; }
  let broken = false;
  return Object.fromEntries(Object.entries(visitors).map(([selector, visit]) => [selector, function (...args) {
    if (broken) return undefined;
    try { return visit.apply(this, args); } catch (error) { broken = true; failed(prefix + id, context, error); return undefined; }
  }]));
} }])) });
const sdlRules = Object.fromEntries(Object.keys(sdl.rules).map((r) => ['@microsoft/sdl/' + r, 'error']));
module.exports = [
  { ignores: ['**/node_modules/**'] },
  { files: ['**/*.{js,jsx,mjs,cjs,ts,tsx}'], languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { security: guard('security/', security), '@microsoft/sdl': guard('@microsoft/sdl/', sdl) }, rules: { ...security.configs.recommended.rules, ...sdlRules } },
];
`;
}

/** ESLint.lintText of the same texts, warm, on the Node given (a child process: lib/eslint-keystroke.mjs). */
function eslintPerKeystroke(text, configDir, node) {
  const input = join(configDir, 'keystroke-input.json');
  writeFileSync(input, JSON.stringify({ root, configDir, texts: [text, ...edits(text).map((e) => e.text)] }));
  const out = execFileSync(node, [join(root, 'scripts', 'bench', 'lib', 'eslint-keystroke.mjs'), input], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return stats(JSON.parse(out).slice(1));
}

/**
 * The Node VS Code's extension host runs the server on: the Node 24 the real-VS-Code tests use
 * (code-server 4.139 runs on it), installed once into a cache by the project's own script. Where it
 * cannot be installed, the system Node, with a note saying so.
 */
function extensionHostNode() {
  if (process.env.BENCH_EXTENSION_HOST_NODE) return { path: process.env.BENCH_EXTENSION_HOST_NODE, note: 'BENCH_EXTENSION_HOST_NODE' };
  try {
    return { path: join(ensureNode(), 'bin', 'node'), note: `Node ${NODE_VERSION}, as code-server ${CODE_SERVER_VERSION} runs the extension host (scripts/vscode/install.mjs)` };
  } catch (error) {
    return { path: process.execPath, note: `the system Node: Node ${NODE_VERSION} could not be installed (${String(error?.message ?? error).split('\n')[0]})` };
  }
}

const nodeVersion = (node) => execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();

/** Warden's editor figures and ESLint's per keystroke, both on one Node. */
async function editorOn(node, text, configDir, note) {
  const warden = await editor(text, node);
  const eslintLintTextMs = eslintPerKeystroke(text, configDir, node);
  return { node: nodeVersion(node), note, ...warden, eslintLintTextMs, p95UnderEslintBy: round(eslintLintTextMs.p95 / warden.didChangeToDiagnosticsMs.p95) };
}

/** Runs a command; returns wall seconds, CPU seconds (user + system) and peak RSS (MB) from GNU time. */
function timed(args, cwd, env = process.env) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'bench-time %M %U %S', ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  const [rss, user, system] = r.stderr.trim().split('\n').pop().split(' ').slice(1).map(Number);
  return { seconds: round(seconds), cpuSeconds: round(user + system), peakRssMB: Math.round(rss / 1024), status: r.status, stderr: r.stderr };
}

/** The JS/TS files ESLint's config covers. */
const ESLINT_FILES = /\.(?:js|jsx|mjs|cjs|ts|tsx)$/;

/**
 * The files `warden scan .` analyses in the tree (its own walk: .gitignore files and the default
 * excludes of images, archives, lock files, build output). The other tools are given exactly these
 * (ESLint the JS/TS ones) by name, so no tool scans a file another skips, and they are spared their
 * own folder walk, which only favours them.
 */
async function wardenFileSet(dir) {
  const { walk } = require(join(root, 'out', 'server', 'src', 'cli', 'walk.js'));
  const walked = await walk(dir, ['.']);
  return walked.files.map((f) => f.relativePath).sort();
}

/**
 * The Nodes the CLI half runs on: the system's (Node 20 here and in CI: trees handed over as JSON) and the
 * extension host's (Node 24: raw transfer), each with all the tools on that same Node. BENCH_CLI_NODE=system
 * or =host runs one of them.
 */
function cliNodes() {
  const only = process.env.BENCH_CLI_NODE;
  const nodes = [];
  if (only !== 'host') nodes.push({ key: 'system', path: process.execPath, note: 'the system Node' });
  if (only !== 'system') {
    const host = extensionHostNode();
    if (host.path !== process.execPath || nodes.length === 0) nodes.push({ key: 'host', path: host.path, note: host.note });
  }
  return nodes;
}

/** The tools' command lines on one Node, given the files; reports go to `configDir/<key>-<tool>.json`. */
function cliCommands(node, key, configDir, files, jsTs) {
  const out = (tool) => join(configDir, `${key}-${tool}.json`);
  const eslint = (extra, tool) => [node, join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), ...extra, '--config', join(configDir, 'eslint.config.cjs'), '--no-warn-ignored', '--format', 'json', '--output-file', out(tool), ...jsTs];
  return {
    warden: [node, join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--output', out('warden')],
    // What secretlint does, done by Warden: only the credential rules (all of them, text and AST).
    wardenSecrets: [node, join(root, 'dist', 'cli.js'), 'scan', '.', '--category', 'credentials', '--format', 'json', '--output', out('wardenSecrets')],
    eslint: eslint([], 'eslint'),
    // ESLint 9.39's opt-in multithreaded linting, beside the default its users run: reported, not the
    // target. `auto` takes at most half the cores (none on 2 cores: it then lints on one thread), so
    // two threads are measured as well.
    eslintConcurrent: eslint(['--concurrency', 'auto'], 'eslintConcurrent'),
    eslintTwoThreads: eslint(['--concurrency', '2'], 'eslintTwoThreads'),
    secretlint: [node, join(root, 'node_modules', 'secretlint', 'bin', 'secretlint.js'), '--secretlintrc', join(configDir, '.secretlintrc.json'), '--no-glob', '--format', 'json', '--output', out('secretlint'), ...files],
    // Warm: the caches live outside the tree (no tool scans another's cache) and are filled before the rounds.
    wardenWarm: [node, join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--output', out('wardenWarm'), '--cache', '--cache-location', join(configDir, `${key}-warden.cache`)],
    eslintWarm: eslint(['--cache', '--cache-location', join(configDir, `${key}-eslint.cache`)], 'eslintWarm'),
    eslintWarmContent: eslint(['--cache', '--cache-strategy', 'content', '--cache-location', join(configDir, `${key}-eslint-content.cache`)], 'eslintWarmContent'),
  };
}

/** The tools whose runs read a cache an earlier run filled. */
const WARM_TOOLS = ['wardenWarm', 'eslintWarm', 'eslintWarmContent'];

/** Warden's JSON report without what may differ between two runs of one build (nothing, today): for comparing cold and warm. */
function wardenFindings(file) {
  return JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).findings);
}

/** What each tool really covered, from its own report (checked after every run). */
function coveredBy(tool, file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return tool.startsWith('warden') ? report.summary.files : report.length;
}

/**
 * The CLI half on every Node of `cliNodes`: each tool on each Node, interleaved in every round (each round
 * starts with another), so the two Nodes' figures come from one window. Returns one result per Node.
 */
async function cli(configDir) {
  if (!existsSync(MIRROR)) return { skipped: `no mirror at ${MIRROR} (fetch github:outline/outline with the fetch tool, or set BENCH_APP_MIRROR)` };
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-app-'));
  try {
    execFileSync('sh', ['-c', `git --git-dir=${JSON.stringify(MIRROR)} archive ${APP_COMMIT} | tar -x -C ${JSON.stringify(dir)}`]);
    const all = execFileSync('git', ['--git-dir', MIRROR, 'ls-tree', '-r', '-l', APP_COMMIT], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(/\s+/));
    const files = await wardenFileSet(dir);
    const jsTs = files.filter((f) => ESLINT_FILES.test(f));
    const sizeOf = new Map(all.map((f) => [f[4], Number(f[3]) || 0]));
    const bytes = files.reduce((n, f) => n + (sizeOf.get(f) ?? 0), 0);
    writeFileSync(join(configDir, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    // The lists go on the command line (about 130 KB, well under the system's limit).
    const nodes = cliNodes();
    const jobs = nodes.flatMap(({ key, path }) => Object.entries(cliCommands(path, key, configDir, files, jsTs)).map(([tool, command]) => ({ key, tool, command, report: join(configDir, `${key}-${tool}.json`) })));
    // Every file read once before timing, so the first tool does not pay the disk for the others.
    for (const f of files) readFileSync(join(dir, f));
    // Warden's V8 code caches (the CLI keeps them in the user's cache folder, cliCodeCacheDir) in a folder of
    // the bench's own, so no earlier run on this machine decides what this one measures. The first run on each
    // Node writes them, as a user's first run does; it is timed apart (firstRun), and the rounds compile from
    // them, as every later run of a user does.
    const wardenEnv = { ...process.env, WARDEN_CODE_CACHE: join(configDir, 'warden-code-cache') };
    const envOf = (tool) => (tool.startsWith('warden') ? wardenEnv : process.env);
    const firstRun = {};
    for (const job of jobs.filter((j) => j.tool === 'warden' || j.tool === 'wardenSecrets')) {
      const { seconds, cpuSeconds, status } = timed(job.command, dir, wardenEnv);
      (firstRun[job.key] ??= {})[job.tool] = { seconds, cpuSeconds, status };
    }
    // The caches filled once, untimed (ESLint's DEBUG log is not needed here).
    for (const job of jobs.filter((j) => WARM_TOOLS.includes(j.tool))) {
      const r = spawnSync(job.command[0], job.command.slice(1), { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, env: envOf(job.tool) });
      if (r.status !== 0 && r.status !== 1) throw new Error(`filling ${job.key} ${job.tool}'s cache failed (${r.status}): ${r.stderr.slice(0, 500)}`);
    }
    const runs = new Map(jobs.map((j) => [`${j.key}:${j.tool}`, []]));
    // ESLint says how many worker threads it lints with in its debug log (none: one thread).
    const debugEslint = { ...process.env, DEBUG: 'eslint:eslint' };
    const eslintThreads = (stderr) => Number(/Linting using (\d+) worker thread/.exec(stderr)?.[1] ?? 0);
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      // Interleaved, and each round starts with a different tool.
      for (let k = 0; k < jobs.length; k++) {
        const job = jobs[(round_ + k) % jobs.length];
        rmSync(job.report, { force: true });
        const run = timed(job.command, dir, job.tool.startsWith('eslint') ? debugEslint : envOf(job.tool));
        if (job.tool.startsWith('eslint')) run.workerThreads = eslintThreads(run.stderr);
        run.files = existsSync(job.report) ? coveredBy(job.tool, job.report) : 0;
        run.ruleErrors = run.stderr.split('\n').filter((l) => l.startsWith('bench-rule-error ')).map((l) => l.slice('bench-rule-error '.length).replace(`${dir}/`, ''));
        delete run.stderr;
        runs.get(`${job.key}:${job.tool}`).push(run);
      }
    }
    const summary = (rs) => ({
      seconds: rs.map((r) => r.seconds), best: Math.min(...rs.map((r) => r.seconds)),
      cpuSeconds: rs.map((r) => r.cpuSeconds), bestCpu: Math.min(...rs.map((r) => r.cpuSeconds)),
      peakRssMB: Math.max(...rs.map((r) => r.peakRssMB)), exit: rs.map((r) => r.status), filesCovered: [...new Set(rs.map((r) => r.files))],
      ...(rs[0].ruleErrors.length > 0 ? { ruleErrors: rs[0].ruleErrors } : {}),
      ...(rs[0].workerThreads !== undefined ? { workerThreads: [...new Set(rs.map((r) => r.workerThreads))] } : {}),
    });
    const results = {};
    for (const { key, path, note } of nodes) {
      const of = (tool) => summary(runs.get(`${key}:${tool}`));
      const warden = of('warden');
      const eslint = of('eslint');
      const secretlint = of('secretlint');
      const wardenSecrets = of('wardenSecrets');
      const eslintConcurrent = { concurrency: 'auto', ...of('eslintConcurrent') };
      const eslintTwoThreads = { concurrency: 2, ...of('eslintTwoThreads') };
      const wardenWarm = of('wardenWarm');
      const eslintWarm = { cacheStrategy: 'metadata (default)', ...of('eslintWarm') };
      const eslintWarmContent = { cacheStrategy: 'content', ...of('eslintWarmContent') };
      results[key] = {
        node: nodeVersion(path), note, app: `outline/outline@${APP_COMMIT}`, files: files.length, megabytes: round(bytes / 1e6), jsTsFiles: jsTs.length,
        warden, wardenSecrets, eslint, eslintConcurrent, eslintTwoThreads, secretlint,
        // Warden's first run on this Node, which wrote its V8 code caches (the rounds compile from them).
        wardenFirstRun: firstRun[key],
        // The target is against ESLint as its users run it by default (one thread); `--concurrency auto` beside it.
        wardenFasterThanEslint: round(eslint.best / warden.best), wardenFasterThanEslintConcurrent: round(eslintConcurrent.best / warden.best), wardenFasterThanEslintTwoThreads: round(eslintTwoThreads.best / warden.best),
        // The secretlint target, like for like: Warden's secrets-only scan against secretlint's recommended preset.
        wardenSecretsFasterThanSecretlint: round(secretlint.best / wardenSecrets.best),
        // Information only: the full scan (every rule) against secretlint, which finds secrets alone.
        fullScanFasterThanSecretlint: round(secretlint.best / warden.best),
        byCpuTime: { wardenUnderEslint: round(eslint.bestCpu / warden.bestCpu), wardenUnderEslintConcurrent: round(eslintConcurrent.bestCpu / warden.bestCpu), wardenUnderEslintTwoThreads: round(eslintTwoThreads.bestCpu / warden.bestCpu), wardenSecretsUnderSecretlint: round(secretlint.bestCpu / wardenSecrets.bestCpu), fullScanUnderSecretlint: round(secretlint.bestCpu / warden.bestCpu) },
        // Not the cold target: the same unchanged tree again, each tool reading the cache one earlier run filled.
        warm: {
          note: 'unchanged tree, caches filled by one untimed run; secretlint has no cache (its cold run is the comparison)',
          warden: wardenWarm, eslint: eslintWarm, eslintContent: eslintWarmContent,
          sameFindingsAsCold: wardenFindings(join(configDir, `${key}-wardenWarm.json`)) === wardenFindings(join(configDir, `${key}-warden.json`)),
          wardenWarmFasterThanEslintWarm: round(eslintWarm.best / wardenWarm.best),
          wardenWarmFasterThanEslintWarmContent: round(eslintWarmContent.best / wardenWarm.best),
          wardenWarmFasterThanSecretlintCold: round(secretlint.best / wardenWarm.best),
          byCpuTime: { wardenWarmUnderEslintWarm: round(eslintWarm.bestCpu / wardenWarm.bestCpu), wardenWarmUnderEslintWarmContent: round(eslintWarmContent.bestCpu / wardenWarm.bestCpu), wardenWarmUnderSecretlintCold: round(secretlint.bestCpu / wardenWarm.bestCpu) },
        },
      };
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const configDir = mkdtempSync(join(tmpdir(), 'warden-bench-config-'));
writeFileSync(join(configDir, 'eslint.config.cjs'), eslintConfigSource());
try {
  const typing = typingText();
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const loadBefore = load();
  // BENCH_PART=cli (or editor) runs only that half.
  const part = process.env.BENCH_PART;
  // The editor half runs twice: on the Node VS Code's extension host uses (where the parser hands
  // trees over by raw transfer), and on the system Node (Node 20 here and in CI: JSON hand-over).
  const host = part === 'cli' ? undefined : extensionHostNode();
  const editorResult = host && await editorOn(host.path, typing.text, configDir, host.note);
  const editorSystem = part === 'cli' || host.path === process.execPath ? undefined : await editorOn(process.execPath, typing.text, configDir, 'the system Node, for comparison');
  const cliResults = part === 'editor' ? undefined : await cli(configDir);
  const result = {
    date: new Date().toISOString(), node: process.version, cores: availableParallelism(), loadAverage: { before: loadBefore, after: load() },
    typingFile: typing.source, comparedWith: ESLINT_PLUGINS,
    editor: editorResult,
    editorOnSystemNode: editorSystem,
    // The CLI on the system Node (`cli`) and on the extension host's Node 24 (`cliOnHost`), one window.
    cli: cliResults?.skipped ? cliResults : cliResults?.system,
    cliOnHost: cliResults?.host,
  };
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'targets.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  rmSync(configDir, { recursive: true, force: true });
}
