#!/usr/bin/env node
// Server start → first diagnostics, as the editor meets it: the server bundle (dist/server.js) spawned
// over stdio, initialize, didOpen of outline's User.ts (the targets bench's typing file, about 28 KB),
// until that document's diagnostics arrive. Besides wall-clock (which grows with the machine's load),
// each round records the CPU time the server's main thread had used by then (from /proc/<pid>/task/<pid>,
// Linux, 10 ms steps): that is the critical path the load does not inflate, the parse thread works beside it.
// Runs on the system Node and on the Node VS Code's host gives the server (Node 24, from
// scripts/vscode/install.mjs's cache), rounds interleaved, each Node with and without the V8 code
// cache the extension gives the server (WARDEN_CODE_CACHE, a private folder here as the extension's
// global storage is there; written by a first start that lives until the cache is saved).
// BENCH_ROUNDS (default 5).
// Needs `npm run build`. Results: bench-results/startup.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';
import { processCpuMs, threadCpuMs } from './lib/proc-cpu.mjs';
import { ensureNode } from '../vscode/install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';
const APP_FILE = 'server/models/User.ts';


function text() {
  if (!existsSync(MIRROR)) throw new Error(`no mirror at ${MIRROR} (fetch github:outline/outline with the fetch tool, or set BENCH_APP_MIRROR)`);
  return execFileSync('git', ['--git-dir', MIRROR, 'show', `${APP_COMMIT}:${APP_FILE}`], { encoding: 'utf8' });
}

async function once(node, source, cacheDir, waitForCache = false) {
  const uri = pathToFileURL(join(tmpdir(), 'bench-startup.ts')).toString();
  if (cacheDir) process.env.WARDEN_CODE_CACHE = cacheDir;
  else delete process.env.WARDEN_CODE_CACHE;
  const t0 = performance.now();
  const client = new StdioClient(root, node);
  await client.initialize();
  const diagnostics = await client.open(uri, 'typescript', source);
  const wallMs = performance.now() - t0;
  const mainCpuMs = threadCpuMs(client.proc.pid);
  const processMs = processCpuMs(client.proc.pid);
  for (let waited = 0; waitForCache && readdirSync(cacheDir).length === 0 && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  await client.stop();
  await new Promise((resolve) => client.proc.once('exit', resolve));
  return { wallMs: Math.round(wallMs), mainThreadCpuMs: mainCpuMs, processCpuMs: processMs, findings: diagnostics.diagnostics.length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const source = text();
const nodes = [{ name: `Node ${process.versions.node}`, path: process.execPath }];
try {
  nodes.unshift({ name: 'Node 24 (VS Code host)', path: join(ensureNode(), 'bin', 'node') });
} catch (error) {
  console.log(`(no Node 24: ${error.message})`);
}
const cacheRoot = mkdtempSync(join(tmpdir(), 'warden-code-cache-'));
const variants = nodes.flatMap((n, i) => [
  { ...n, name: `${n.name}, no code cache`, cacheDir: undefined },
  { ...n, name: `${n.name}, code cache`, cacheDir: join(cacheRoot, String(i)) },
]);
const runs = Object.fromEntries(variants.map((v) => [v.name, []]));
try {
  for (const v of variants) {
    if (v.cacheDir) mkdirSync(v.cacheDir, { mode: 0o700 });
    await once(v.path, source, v.cacheDir, Boolean(v.cacheDir)); // warms the file cache, writes the code cache
  }
  for (let r = 0; r < ROUNDS; r++) for (const v of variants) runs[v.name].push(await once(v.path, source, v.cacheDir));
} finally {
  rmSync(cacheRoot, { recursive: true, force: true });
}
const summary = {};
for (const v of variants) {
  const rs = runs[v.name];
  summary[v.name] = {
    wallMs: median(rs.map((x) => x.wallMs)),
    mainThreadCpuMs: median(rs.map((x) => x.mainThreadCpuMs)),
    processCpuMs: median(rs.map((x) => x.processCpuMs)),
    findings: [...new Set(rs.map((x) => x.findings))],
    rounds: rs,
  };
  console.log(`${v.name}: start → first diagnostics median ${summary[v.name].wallMs} ms wall, main thread ${summary[v.name].mainThreadCpuMs} ms CPU, process ${summary[v.name].processCpuMs} ms CPU (${ROUNDS} rounds, findings ${summary[v.name].findings.join('/')})`);
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'startup.json'), `${JSON.stringify({ file: `outline/outline@${APP_COMMIT.slice(0, 10)}:${APP_FILE}`, chars: source.length, summary }, null, 2)}\n`);
