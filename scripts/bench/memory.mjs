#!/usr/bin/env node
// Memory over a long editing session, and the slowest big file, on the tsc output (out/):
//  - 2,000 incremental edits to a 20 KB TypeScript document over the in-memory LSP harness, each
//    waited for (its diagnostics published); heap after a full GC sampled every 100 edits, with
//    the least-squares slope, peak heap and peak RSS. Run with --expose-gc (the bench runner does).
//  - the engine on big files (1 MB TypeScript, 2 MB YAML, 5 MB .env): time per file, the slowest named.
// Writes bench-results/memory.json.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { typescriptFile } from './lib/typescript-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { LspHarness } = require(join(root, 'out', 'test', 'helpers', 'lsp.js'));
const { analyze } = require(join(root, 'out', 'server', 'src', 'engine', 'engine.js'));
const { compileRuleset } = require(join(root, 'out', 'server', 'src', 'engine', 'ruleset.js'));
const { BUILTIN_CATALOG } = require(join(root, 'out', 'server', 'src', 'rules', 'index.js'));

const EDITS = Number(process.env.BENCH_MEMORY_EDITS ?? 2000);
const SAMPLE_EVERY = 100;
if (typeof globalThis.gc !== 'function') {
  console.error('memory.mjs needs --expose-gc (npm run bench passes it).');
  process.exit(2);
}


const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 100) / 100;
function heapAfterGc() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage();
}

async function editingSession() {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-memory-'));
  const uri = pathToFileURL(join(dir, 'session.ts')).toString();
  const lsp = new LspHarness();
  await lsp.initialize(pathToFileURL(dir).toString());
  await lsp.open(uri, typescriptFile(root, 20 * 1024), 'typescript');

  const samples = [];
  let peakHeap = 0;
  const started = performance.now();
  for (let i = 0; i <= EDITS; i++) {
    if (i % SAMPLE_EVERY === 0) {
      const m = heapAfterGc();
      samples.push({ edits: i, heapUsedMB: mb(m.heapUsed), rssMB: mb(m.rss) });
    }
    if (i === EDITS) break;
    // Typing and deleting on a line in the middle, and now and then a line with a finding.
    const text = lsp.text(uri);
    const line = 200 + (i % 50);
    const lineText = text.split('\n')[line] ?? '';
    const insert = i % 97 === 0 ? `const h${i} = crypto.createHash('sha1'); ` : i % 2 === 0 ? `x${i}` : '';
    const range = i % 2 === 0
      ? { start: { line, character: 0 }, end: { line, character: 0 } }
      : { start: { line, character: 0 }, end: { line, character: Math.min(lineText.length, String(i - 1).length + 1) } };
    const version = lsp.edit(uri, [{ range, newText: insert }]);
    await lsp.nextDiagnostics(uri, version);
    // The harness keeps every message for tests; drop them so only the server's memory is measured.
    lsp.history.length = 0;
    lsp.notifications.length = 0;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - started) / 1000;
  await lsp.shutdown();

  // Least-squares slope of heap-after-GC against edits, ignoring the first sample (warm-up).
  const pts = samples.slice(1);
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p.edits, 0) / n;
  const my = pts.reduce((s, p) => s + p.heapUsedMB, 0) / n;
  const slope = pts.reduce((s, p) => s + (p.edits - mx) * (p.heapUsedMB - my), 0) / pts.reduce((s, p) => s + (p.edits - mx) ** 2, 0);
  return {
    documentBytes: 20 * 1024,
    edits: EDITS,
    seconds: Math.round(seconds * 10) / 10,
    heapAfterGcMB: { first: samples[0].heapUsedMB, last: samples.at(-1).heapUsedMB, min: Math.min(...samples.map((s) => s.heapUsedMB)), max: Math.max(...samples.map((s) => s.heapUsedMB)) },
    slopeKBPer1000Edits: Math.round(slope * 1024 * 1000 * 10) / 10,
    peakHeapMB: mb(peakHeap),
    peakRssMB: Math.round((process.resourceUsage().maxRSS / 1024) * 100) / 100,
    samples,
  };
}

function bigFiles() {
  const ruleset = compileRuleset({}, BUILTIN_CATALOG);
  const yamlLine = 'service_name: checkout-frontend # an ordinary setting\n';
  const envLine = 'FEATURE_FLAG_CHECKOUT=enabled\n';
  const files = [
    { path: 'big.ts', text: typescriptFile(root, 1024 * 1024) },
    { path: 'big.yaml', text: `${yamlLine.repeat((2 * 1024 * 1024 - 200) / yamlLine.length)}aws_access_key_id: AKIAZ7QXS4D2L5RVN3KB\n` },
    { path: '.env', text: `${envLine.repeat((5 * 1024 * 1024) / envLine.length)}AWS_ACCESS_KEY_ID=AKIAZ7QXS4D2L5RVN3KB\n` },
  ];
  return files.map(({ path, text }) => {
    analyze({ text: text.slice(0, 4096), path }, ruleset); // warm up the code paths
    const t = performance.now();
    const result = analyze({ text, path }, ruleset, { maxFileSize: 8 * 1024 * 1024 });
    return {
      path, mb: mb(text.length), ms: Math.round(performance.now() - t), findings: result.findings.length,
      skipped: result.skipped ?? null, notRun: result.notRun?.ruleIds.length ?? 0,
    };
  });
}

const session = await editingSession();
const big = bigFiles();
const slowest = big.reduce((a, b) => (b.ms > a.ms ? b : a));
const result = { date: new Date().toISOString(), node: process.version, editingSession: session, bigFiles: big, slowestFile: slowest };
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'memory.json'), `${JSON.stringify(result, null, 2)}\n`);

console.table([{
  edits: session.edits, seconds: session.seconds, 'heap first MB': session.heapAfterGcMB.first, 'heap last MB': session.heapAfterGcMB.last,
  'slope KB/1000 edits': session.slopeKBPer1000Edits, 'peak heap MB': session.peakHeapMB, 'peak RSS MB': session.peakRssMB,
}]);
console.table(big);
console.log(`slowest file: ${slowest.path} (${slowest.mb} MB) in ${slowest.ms} ms`);
