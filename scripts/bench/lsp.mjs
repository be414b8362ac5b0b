#!/usr/bin/env node
// Editor latency and CLI throughput, measured end to end on the built bundles:
//  - didChange → publishDiagnostics over stdio for a 20 KB TypeScript file (median, p95),
//  - server start → first diagnostics,
//  - CLI throughput in MB/s on a generated mixed corpus, on one thread and on every core.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { typescriptFile } from './lib/typescript-file.mjs';
import { StdioClient } from './lib/stdio-client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EDITS = Number(process.env.BENCH_EDITS ?? 300);



function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function editorLatency() {
  const text = typescriptFile(root, 20 * 1024);
  const uri = pathToFileURL(join(tmpdir(), 'bench-20k.ts')).toString();
  const started = performance.now();
  const client = new StdioClient(root);
  await client.initialize();
  const firstDiagnostics = await client.open(uri, 'typescript', text);
  const startToFirst = performance.now() - started;

  const latencies = [];
  const lines = text.split('\n');
  for (let v = 2; v < EDITS + 2; v++) {
    const line = (v * 37) % lines.length;
    const wait = client.diagnostics(uri, v);
    const t0 = performance.now();
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: v % 2 ? ' ' : '' }],
    });
    await wait;
    latencies.push(performance.now() - t0);
  }
  await client.stop();
  latencies.sort((a, b) => a - b);
  return {
    fileBytes: text.length,
    findings: firstDiagnostics.diagnostics.length,
    edits: latencies.length,
    didChangeToDiagnosticsMs: { median: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), max: round(latencies.at(-1)) },
    serverStartToFirstDiagnosticsMs: round(startToFirst),
  };
}

/** A mixed corpus: JS/TS from Warden's sources and dependencies, plus config files with planted secrets. */
function makeCorpus(dir, targetBytes) {
  const seeds = [];
  const pick = (p) => { try { seeds.push([p.split('.').pop(), readFileSync(join(root, p), 'utf8')]); } catch { /* optional */ } };
  for (const p of ['server/src/server.ts', 'server/src/engine/engine.ts', 'client/src/extension.ts', 'node_modules/express/lib/response.js',
    'node_modules/axios/lib/core/Axios.js', 'node_modules/yaml/dist/compose/composer.js', 'node_modules/commander/lib/command.js']) pick(p);
  seeds.push(['py', "import os\nDB_PASSWORD = 'kX9#mQ2$vL7pW'\n\ndef handler(event):\n    return os.environ.get('HOME')\n".repeat(40)]);
  seeds.push(['yaml', 'services:\n  api:\n    image: acme/api:1.4\n    environment:\n      - LOG_LEVEL=info\n'.repeat(60)]);
  seeds.push(['json', JSON.stringify({ name: 'x', dependencies: { a: '1.0.0' }, config: { url: 'https://example.com', retries: 3 } }, null, 2).repeat(40)]);
  let bytes = 0;
  let n = 0;
  while (bytes < targetBytes) {
    const [ext, content] = seeds[n % seeds.length];
    const sub = join(dir, `pkg${n % 40}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `file${n}.${ext}`), content);
    bytes += Buffer.byteLength(content);
    n++;
  }
  return { bytes, files: n };
}

function cliThroughput() {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-corpus-'));
  const corpus = makeCorpus(dir, 24 * 1024 * 1024);
  const results = {};
  for (const jobs of [1, availableParallelism()]) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'scan', dir, '--format', 'json', '--output', join(tmpdir(), 'bench.json'), '--jobs', String(jobs)]);
      times.push((performance.now() - t0) / 1000);
      if (r.status !== 1 && r.status !== 0) throw new Error(`cli failed: ${r.stderr}`);
    }
    const best = Math.min(...times);
    results[`jobs${jobs}`] = { seconds: round(best), mbPerSecond: round(corpus.bytes / 1024 / 1024 / best) };
  }
  rmSync(dir, { recursive: true, force: true });
  return { corpusMB: round(corpus.bytes / 1024 / 1024), files: corpus.files, ...results };
}

function round(x) {
  return Math.round(x * 100) / 100;
}

const editor = await editorLatency();
const cli = cliThroughput();
const result = { date: new Date().toISOString(), node: process.version, cores: availableParallelism(), editor, cli };
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'lsp.json'), `${JSON.stringify(result, null, 2)}\n`);
console.table({
  'didChange→diagnostics median (ms)': editor.didChangeToDiagnosticsMs.median,
  'didChange→diagnostics p95 (ms)': editor.didChangeToDiagnosticsMs.p95,
  'server start→first diagnostics (ms)': editor.serverStartToFirstDiagnosticsMs,
  [`CLI MB/s, 1 thread (${cli.corpusMB} MB, ${cli.files} files)`]: cli.jobs1.mbPerSecond,
  [`CLI MB/s, ${availableParallelism()} threads`]: cli[`jobs${availableParallelism()}`].mbPerSecond,
});
