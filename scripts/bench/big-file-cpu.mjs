#!/usr/bin/env node
// CPU time of a 1 MB TypeScript file (the targets bench's: Warden's own sources, whole files) in the
// engine, in process: the parse alone, the whole analysis (all built-in rules), and an edit's analysis
// with the document's parse cache (as the server's analysis worker runs it), with oxc's two ways of
// handing the tree over interleaved in one run: raw transfer (where this Node can: 22 or later) and
// JSON. CPU time is the process's (process.cpuUsage: parse thread and garbage collector included), so it
// grows much less with the machine's load than wall-clock does; medians of BENCH_ROUNDS (default 9)
// after two warm-up rounds. Findings must be the same either way, or the script fails.
// Needs `npx tsc -b` (it loads the compiled engine from out/). `node scripts/bench/big-file-cpu.mjs` on
// Node 20 measures JSON there, then runs itself again on Node 24 (scripts/vscode/install.mjs's).
// Results: bench-results/big-file-cpu-node<major>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typescriptFile } from './lib/typescript-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { analyze } = require('./out/server/src/engine/engine.js');
const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
const { parse, parserInUse, useParser } = require('./out/server/src/engine/parser.js');
const { rawTransferUnsupported } = require('./out/server/src/engine/rawTransfer.js');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const text = typescriptFile(root, 1024 * 1024);
const ruleset = compileRuleset({}, BUILTIN_CATALOG);
const kinds = rawTransferUnsupported() ? ['json'] : ['raw', 'json'];
const cpuMs = (fn) => {
  const c = process.cpuUsage();
  const result = fn();
  const d = process.cpuUsage(c);
  return [(d.user + d.system) / 1000, result];
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const samples = Object.fromEntries(kinds.map((k) => [k, { parse: [], analysis: [], edit: [] }]));
// An edit, as the editor's analysis worker runs it: with the document's parse cache (reparse.ts), the
// version before differing by one trailing space (the targets bench's edits).
const caches = Object.fromEntries(kinds.map((k) => [k, {}]));
const findings = {};
for (let round = 0; round < ROUNDS + 2; round++) {
  for (const kind of kinds) {
    useParser('oxc-native', kind);
    // A different text each time (a trailing space more), as an edited document is.
    const version = text + ' '.repeat(round);
    const [parseMs] = cpuMs(() => parse(version, false));
    const [analysisMs, result] = cpuMs(() => analyze({ text: version, path: 'big.ts' }, ruleset));
    findings[kind] ??= JSON.stringify(result.findings.map((f) => [f.ruleId, f.start, f.end]));
    if (findings[kind] !== JSON.stringify(result.findings.map((f) => [f.ruleId, f.start, f.end]))) throw new Error(`${kind}: findings changed between rounds`);
    const [editMs, edited] = cpuMs(() => analyze({ text: version, path: 'big.ts' }, ruleset, { parseCache: caches[kind] }));
    if (JSON.stringify(edited.findings.map((f) => [f.ruleId, f.start, f.end])) !== findings[kind]) throw new Error(`${kind}: an edit with the parse cache found something else`);
    if (round >= 2) {
      samples[kind].parse.push(parseMs);
      samples[kind].analysis.push(analysisMs);
      samples[kind].edit.push(editMs);
    }
  }
}
if (kinds.length === 2 && findings.raw !== findings.json) throw new Error('raw transfer and JSON gave different findings');
useParser('oxc-native');
const result = {
  date: new Date().toISOString(), node: process.version, chars: text.length, rounds: ROUNDS,
  loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  parser: parserInUse().description,
  cpuMsMedian: Object.fromEntries(kinds.map((k) => [k, { parse: Math.round(median(samples[k].parse)), analysis: Math.round(median(samples[k].analysis)), editWithParseCache: Math.round(median(samples[k].edit)) }])),
  findings: JSON.parse(findings[kinds[0]]).length,
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', `big-file-cpu-node${process.versions.node.split('.')[0]}.json`), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));

// Run from a Node without raw transfer (`npm run bench` on Node 20), it runs again on the Node VS Code's
// extension host uses, installed once by the project's own script.
if (rawTransferUnsupported() && !process.env.BENCH_ON_HOST_NODE) {
  const { ensureNode } = await import('../vscode/install.mjs');
  let node;
  try {
    node = join(ensureNode(), 'bin', 'node');
  } catch (error) {
    console.log(`(not run on Node 22 or later: ${String(error?.message ?? error).split('\n')[0]})`);
  }
  if (node) {
    const again = spawnSync(node, [fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, BENCH_ON_HOST_NODE: '1' } });
    process.exitCode = again.status ?? 1;
  }
}
