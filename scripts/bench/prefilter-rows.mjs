#!/usr/bin/env node
// Each AST prefilter row's own time: `node scripts/bench/prefilter-rows.mjs [--big BYTES] [--reps N] [FOLDER...]`
// (after `npx tsc -b`). Every row of every AST rule is asked of each text (the bench's TypeScript file of BYTES,
// 1 MB by default, or the JS/TS files of the folders), not only the rows the engine would reach: the median of
// N warm passes (after one cold), per row, slowest first, with the row's answer. For A/B of a row's rewrite.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typescriptFile } from './lib/typescript-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { walk } = require(join(root, 'out/server/src/cli/walk.js'));
const { BUILTIN_CATALOG } = require(join(root, 'out/server/src/rules/index.js'));

const args = process.argv.slice(2);
let big = 1_000_000;
let reps = 9;
const texts = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--big') big = Number(args[++i]);
  else if (args[i] === '--reps') reps = Number(args[++i]);
  else {
    big = 0;
    const { files } = await walk(resolve(args[i]), ['.']);
    for (const f of files) if (/\.(?:[cm]?[jt]sx?)$/.test(f.relativePath)) texts.push(readFileSync(f.path, 'utf8'));
  }
}
if (big) texts.push(typescriptFile(root, big));

const rows = [];
for (const r of BUILTIN_CATALOG.astRules) for (const [i, re] of (r.prefilter ?? []).entries()) rows.push({ key: `${r.meta.id} #${i}`, re, times: [], hits: 0 });
for (let pass = 0; pass <= reps; pass++) {
  for (const row of rows) {
    let hits = 0;
    const t0 = performance.now();
    for (const text of texts) if (row.re.test(text)) hits++;
    const ms = performance.now() - t0;
    if (pass > 0) row.times.push(ms);
    row.hits = hits;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
let total = 0;
for (const row of rows) total += (row.median = median(row.times));
console.log(`${texts.length} text(s), ${texts.reduce((n, t) => n + t.length, 0)} chars; median of ${reps} warm passes, ms; total ${total.toFixed(1)} ms`);
for (const row of rows.sort((a, b) => b.median - a.median).slice(0, 25)) console.log(`  ${row.key.padEnd(34)} ${row.median.toFixed(2).padStart(8)}  ${row.hits}`);
