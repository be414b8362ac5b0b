#!/usr/bin/env node
// Where the slowest keystrokes of languages.mjs's stdio typing lose their time: the language server
// (dist/server.js) with a preload (lib/tail-preload.cjs) that notes when it read each change and wrote
// its diagnostics, how long its thread had waited for a CPU (Linux schedstat) and each garbage
// collection. Per file, for the edits above twice the median and for the slowest 5%: the client's
// latency split into the server's own time (read → write), within it the collections and the waits for
// a CPU, and the rest (the pipe both ways, the client). Load shows as waits; a collection as GC.
//   node scripts/bench/languages-tail.mjs [LANGUAGE,…]   BENCH_EDITS (default 160); needs `npm run build`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';
import { languageFiles, typingEdits } from './lib/language-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EDITS = Number(process.env.BENCH_EDITS ?? 160);
const WARM = 20;
const only = process.argv[2]?.split(',');
const dir = mkdtempSync(join(tmpdir(), 'warden-tail-'));
const out = join(dir, 'server.json');
process.env.BENCH_TAIL_OUT = out;
const client = new StdioClient(root, process.execPath, ['--require', join(root, 'scripts', 'bench', 'lib', 'tail-preload.cjs')]);
await client.initialize();
const files = [];
for (const f of languageFiles(root, { log() {} }).filter((x) => !x.name.startsWith('corpus') && (!only || only.includes(x.language)))) {
  const uri = pathToFileURL(join(dir, f.path)).toString();
  await client.open(uri, f.language, f.text);
  const edits = [];
  let version = 1;
  for (const [i, e] of typingEdits(f.text, EDITS + WARM).entries()) {
    version++;
    const wait = client.diagnostics(uri, version);
    const t0 = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.insert ? e.character : e.character + 1 } }, text: e.insert ? ' ' : '' }] });
    await wait;
    if (i >= WARM) edits.push({ version, lat: performance.now() - t0 });
  }
  client.notify('textDocument/didClose', { textDocument: { uri } });
  files.push({ file: f.name, edits });
}
await client.stop();
await new Promise((resolve) => (client.proc.exitCode !== null ? resolve() : client.proc.on('exit', resolve)));
const server = JSON.parse(readFileSync(out, 'utf8'));
rmSync(dir, { recursive: true, force: true });
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const mean = (rows, k) => (rows.length ? rows.reduce((s, r) => s + r[k], 0) / rows.length : 0).toFixed(2);
// Files are typed one after another, each from version 2 up: matched in order, by version.
let ri = 0;
let wi = 0;
for (const f of files) {
  for (const e of f.edits) {
    while (ri < server.reads.length && server.reads[ri][2] !== e.version) ri++;
    while (wi < server.writes.length && (server.writes[wi][2] !== e.version || server.writes[wi][0] < (server.reads[ri]?.[0] ?? Infinity))) wi++;
    const r = server.reads[ri];
    const w = server.writes[wi];
    if (!w || !r) continue;
    e.server = w[0] - r[0];
    e.waits = w[1] - r[1];
    e.gc = server.gcs.filter(([s]) => s >= r[0] && s <= w[0]).reduce((s, [, d]) => s + d, 0);
    e.scavenge = server.gcs.some(([s, , k]) => s >= r[0] && s <= w[0] && k === 1) ? 1 : 0;
    e.rest = e.lat - e.server;
  }
  const rows = f.edits.filter((e) => e.server !== undefined);
  const m = q(rows.map((e) => e.lat), 0.5);
  const p95 = q(rows.map((e) => e.lat), 0.95);
  const show = (name, rs) => `${name} ${rs.length}: latency ${mean(rs, 'lat')}, server ${mean(rs, 'server')} (GC ${mean(rs, 'gc')}, a scavenge in ${rs.filter((e) => e.scavenge).length}; waiting for a CPU ${mean(rs, 'waits')}), pipe and client ${mean(rs, 'rest')}`;
  console.log(`${f.file}: median ${m.toFixed(2)} p95 ${p95.toFixed(2)} ms; scavenges in ${rows.filter((e) => e.scavenge).length} of ${rows.length} edits`);
  console.log(`  ${show('all', rows)}`);
  console.log(`  ${show('over 2×median', rows.filter((e) => e.lat > 2 * m))}`);
  console.log(`  ${show('slowest 5%', rows.filter((e) => e.lat >= p95))}`);
}
