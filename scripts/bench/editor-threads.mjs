#!/usr/bin/env node
// CPU per keystroke of the language server over stdio, edit by edit and thread by thread: the typing of
// targets.mjs (a space typed at the start of a line, then deleted, into outline's User.ts) sent to
// `dist/server.js`, each version's diagnostics waited for, and every thread's CPU time read from
// /proc/<pid>/task/<tid>/schedstat (Linux) before and after.
//
// Why this and not process.cpuUsage around each edit: on a busy machine (and on this VM even when
// quiet) the kernel brings a running thread's CPU time up to date only at scheduler ticks (4 ms) and
// when it sleeps, so a reading taken while the thread runs is stale by up to a tick. Sums over many
// edits stay right; single edits, and so percentiles, do not. Here every reading is taken while the
// server sleeps (between an edit's diagnostics and the next edit), so each edit's figure is its own:
// the main thread, the parse thread ("WorkerThread"), V8's helpers (garbage collection, compilation).
// Wall-clock is printed too, but under load it measures the scheduler.
//
//   node scripts/bench/editor-threads.mjs [ROOT ...]   (default: this checkout; several alternate)
// BENCH_ROUNDS (default 2) rounds of the 300 edits per server; BENCH_NODE picks the Node (default: the
// Node 24 scripts/vscode/install.mjs caches, as targets.mjs's editor half). BENCH_LANGUAGE=ruby (python,
// java, php, go, csharp) types into that language's file of languages.mjs instead, with its typing (a
// space at the end of a line, then deleted; BENCH_EDITS edits, default 300). Needs `npm run build` in
// each ROOT. Results: bench-results/editor-threads.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';
import { typescriptFile } from './lib/typescript-file.mjs';
import { languageFiles, typingEdits } from './lib/language-files.mjs';
import { ensureNode } from '../vscode/install.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const roots = process.argv.slice(2).map((r) => resolve(r));
if (roots.length === 0) roots.push(here);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const EDITS = Number(process.env.BENCH_EDITS ?? 300);
const LANGUAGE = process.env.BENCH_LANGUAGE;
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';
const APP_FILE = 'server/models/User.ts';
// The application's file, or Warden's own sources cut to 28 KB of whole files (as targets.mjs does).
const file = LANGUAGE ? languageFiles(here).find((f) => f.language === LANGUAGE) : undefined;
if (LANGUAGE && !file) throw new Error(`no ${LANGUAGE} file mirrored here (scripts/bench/lib/language-files.mjs)`);
const source = file ? file.name : existsSync(MIRROR) ? `outline/outline@${APP_COMMIT.slice(0, 10)}:${APP_FILE}` : 'Warden sources (whole files, 28 KB)';
const text = file ? file.text : existsSync(MIRROR) ? execFileSync('git', ['--git-dir', MIRROR, 'show', `${APP_COMMIT}:${APP_FILE}`], { encoding: 'utf8' }) : typescriptFile(here, 28 * 1024);
const lines = text.split('\n');
const edits = file
  ? typingEdits(text, EDITS).map((e) => ({ line: e.line, character: e.character, insert: e.insert }))
  : Array.from({ length: EDITS }, (_, v) => ({ line: (Math.floor(v / 2) * 37) % lines.length, character: 0, insert: v % 2 === 0 }));
const node = process.env.BENCH_NODE ?? join(ensureNode(), 'bin', 'node');

/** CPU ms of every thread of `pid`, by thread id, with its name ('main' for the main thread). */
function threads(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      const name = Number(tid) === pid ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim().replace(/^V8 Worker.*|^V8Worker.*/, 'V8 helpers');
      out.set(tid, { ms: ns / 1e6, name });
    } catch {
      // the thread ended
    }
  }
  return out;
}

async function type(root) {
  const client = new StdioClient(root, node);
  await client.initialize();
  const uri = pathToFileURL(join(tmpdir(), file ? `bench-typing-${file.path}` : 'bench-typing.ts')).toString();
  await client.open(uri, file ? file.language : 'typescript', text);
  const pid = client.proc.pid;
  const perEdit = [];
  let version = 1;
  for (let r = 0; r < ROUNDS; r++) {
    for (const e of edits) {
      version++;
      const wait = client.diagnostics(uri, version);
      const before = threads(pid);
      const t0 = performance.now();
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.insert ? e.character : e.character + 1 } }, text: e.insert ? ' ' : '' }],
      });
      await wait;
      const wall = performance.now() - t0;
      // Let the server finish the edit (it sleeps once it has written the diagnostics) before reading.
      await new Promise((r) => setTimeout(r, 1));
      const by = {};
      let all = 0;
      for (const [tid, { ms, name }] of threads(pid)) {
        const d = ms - (before.get(tid)?.ms ?? 0);
        if (d <= 0) continue;
        by[name] = (by[name] ?? 0) + d;
        all += d;
      }
      perEdit.push({ all, main: by.main ?? 0, by, wall });
    }
  }
  await client.stop();
  return perEdit;
}

const round = (x) => Math.round(x * 100) / 100;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: round(at(0.5)), p95: round(at(0.95)), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
};
const runs = [];
for (let pass = 0; pass < 2; pass++) {
  for (const root of pass === 0 ? roots : [...roots].reverse()) {
    if (roots.length === 1 && pass === 1) break;
    const perEdit = await type(root);
    const names = [...new Set(perEdit.flatMap((x) => Object.keys(x.by)))];
    const top = [...perEdit].sort((a, b) => b.all - a.all).slice(0, Math.ceil(perEdit.length * 0.05));
    const run = {
      root, edits: perEdit.length,
      cpuMsPerEdit: { allThreads: stats(perEdit.map((x) => x.all)), mainThread: stats(perEdit.map((x) => x.main)) },
      meanMsByThread: Object.fromEntries(names.map((n) => [n, round(perEdit.reduce((a, x) => a + (x.by[n] ?? 0), 0) / perEdit.length)])),
      slowestFivePercentMeanMsByThread: Object.fromEntries(names.map((n) => [n, round(top.reduce((a, x) => a + (x.by[n] ?? 0), 0) / top.length)])),
      wallMs: stats(perEdit.map((x) => x.wall)),
    };
    runs.push(run);
    console.log(JSON.stringify(run));
  }
}
mkdirSync(join(here, 'bench-results'), { recursive: true });
writeFileSync(join(here, 'bench-results', 'editor-threads.json'), `${JSON.stringify({ typingFile: source, node, rounds: ROUNDS, runs }, null, 2)}\n`);
