#!/usr/bin/env node
// The 1 MB open in the editor, two builds side by side: `node scripts/bench/big-open-ab.mjs OTHER_ROOT
// [--node PATH] [--pause MS] [--rounds N] [--second] [--edits N]`. OTHER_ROOT is another checkout (or a folder with its `dist/`,
// `package.json` and a `node_modules` link), built; this checkout is the second build. Each round starts
// each build's server over stdio (alternating which goes first), opens a 20 KB TypeScript file, waits
// `--pause` ms (default 1000, as targets.mjs: the analysis worker is started and warmed in such a
// pause), then opens the 1 MB file of targets.mjs and waits for its diagnostics. Records, per build:
// wall-clock of the open, the server's process CPU during the open and during the pause (the warm-up),
// and its RSS afterwards (/proc, 10 ms steps). The diagnostics of both builds must be the same, or it
// fails. Wall-clock grows with the machine's load; the CPU columns much less. Needs `npm run build` in both.
// `--second`: after the pause, open a second ordinary file (40 KB) instead of the 1 MB one, to see
// whether what the server does in the pause (the worker's start and warm-up) delays the next file.
// `--edits N` (default 0): after the open, N edits of the 1 MB file, each sent as soon as the last one's
// diagnostics arrived (as targets.mjs does: the whole text, a trailing space added or taken away); wall
// and CPU recorded per edit, their diagnostics compared too.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';
import { processCpuMs } from './lib/proc-cpu.mjs';
import { typescriptFile } from './lib/typescript-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const other = args[0] && !args[0].startsWith('--') ? resolve(args[0]) : undefined;
if (!other) throw new Error('usage: big-open-ab.mjs OTHER_ROOT [--node PATH] [--pause MS] [--rounds N] [--second]');
const NODE = option('--node', process.execPath);
const PAUSE_MS = Number(option('--pause', 1000));
const ROUNDS = Number(option('--rounds', 4));
const SECOND = args.includes('--second');
const EDITS = Number(option('--edits', 0));
const small = typescriptFile(root, 20 * 1024);
const big = SECOND ? typescriptFile(root, 40 * 1024) : typescriptFile(root, 1024 * 1024);
const rssMb = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function once(buildRoot) {
  const client = new StdioClient(buildRoot, NODE);
  await client.initialize();
  await client.open(pathToFileURL(join(tmpdir(), 'bench-ab-small.ts')).toString(), 'typescript', small);
  const pause0 = processCpuMs(client.proc.pid);
  await new Promise((r) => setTimeout(r, PAUSE_MS));
  const cpu0 = processCpuMs(client.proc.pid);
  const t0 = performance.now();
  const uri = pathToFileURL(join(tmpdir(), SECOND ? 'bench-ab-second.ts' : 'bench-ab-1mb.ts')).toString();
  const diagnostics = await client.open(uri, 'typescript', big);
  const openMs = performance.now() - t0;
  const cpu = processCpuMs(client.proc.pid) - cpu0;
  const rss = rssMb(client.proc.pid);
  const found = [diagnostics];
  const edits = {};
  for (let i = 1; i <= EDITS; i++) {
    const version = i + 1;
    const wait = client.diagnostics(uri, version);
    const c0 = processCpuMs(client.proc.pid);
    const e0 = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: version % 2 ? big : `${big} ` }] });
    found.push(await wait);
    edits[`edit${i}Ms`] = performance.now() - e0;
    edits[`edit${i}CpuMs`] = processCpuMs(client.proc.pid) - c0;
  }
  await client.stop();
  return { openMs, cpuMs: cpu, pauseCpuMs: cpu0 - pause0, rssMb: rss, ...edits, found: JSON.stringify(found.map((p) => p.diagnostics.map((d) => [d.code, d.range, d.severity]))) };
}

const builds = { other: other, this: root };
const runs = { other: [], this: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const name of r % 2 ? ['this', 'other'] : ['other', 'this']) runs[name].push(await once(builds[name]));
}
if (new Set([...runs.other, ...runs.this].map((x) => x.found)).size !== 1) throw new Error(`the two builds published different diagnostics for the ${SECOND ? 'second' : '1 MB'} file`);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`${NODE} (${ROUNDS} rounds, pause ${PAUSE_MS} ms, then ${SECOND ? 'a second 40 KB file' : 'the 1 MB file'}, load ${load}); each cell: median [all rounds]`);
for (const name of ['other', 'this']) {
  const col = (key) => `${Math.round(median(runs[name].map((x) => x[key])))} [${runs[name].map((x) => Math.round(x[key])).join(' ')}]`;
  console.log(`${name.padEnd(5)} open ${col('openMs')} ms wall, ${col('cpuMs')} ms CPU; pause CPU ${col('pauseCpuMs')} ms; RSS ${col('rssMb')} MB`);
  for (let i = 1; i <= EDITS; i++) console.log(`${''.padEnd(5)} edit ${i}: ${col(`edit${i}Ms`)} ms wall, ${col(`edit${i}CpuMs`)} ms CPU`);
}
