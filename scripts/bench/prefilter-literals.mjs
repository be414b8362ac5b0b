#!/usr/bin/env node
// What a literal pre-test could spare the AST prefilters: `node scripts/bench/prefilter-literals.mjs [--big BYTES]
// [FOLDER...]` (after `npx tsc -b`). For every JS/TS file (and, with --big, the bench's TypeScript file of that
// size), each AST rule's prefilter rows are asked as the engine asks them (keywords first, rows in order, stop at
// the first that fails), timed warm (second pass). For every row that fails it counts:
//   proof  a set of literal words absent from the text that every match needs (`literalProof`, engine/absence.ts,
//          the words `needsOf` reads from the expression): the most any pre-test on words could spare;
//   free   the same proven by the keyword pass alone (`KeywordIndex.absentFrom`: a keyword inside a needed word is
//          absent), which costs no read of the text;
// and, for a plan a pre-test could use (the words of the expression's alternatives, in an `all` the part with the
// longest shortest word; plain words of 4 characters or more, at most 4, case-sensitive rows only), what searching
// them with `includes` costs and spares.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typescriptFile } from './lib/typescript-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { walk } = require(join(root, 'out/server/src/cli/walk.js'));
const { BUILTIN_CATALOG } = require(join(root, 'out/server/src/rules/index.js'));
const { compileRuleset } = require(join(root, 'out/server/src/engine/ruleset.js'));
const { literalProof, needsOf } = require(join(root, 'out/server/src/engine/absence.js'));

const args = process.argv.slice(2);
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--big') {
    files.push({ text: typescriptFile(root, Number(args[++i])), path: 'big.ts' });
    continue;
  }
  const { files: walked } = await walk(resolve(args[i]), ['.']);
  for (const f of walked) if (/\.(?:[cm]?[jt]sx?)$/.test(f.relativePath)) files.push({ text: readFileSync(f.path, 'utf8'), path: f.relativePath });
}

const ruleset = compileRuleset({}, BUILTIN_CATALOG);
const index = ruleset.keywords;

/** Plain words, one of which every match holds; undefined when the expression's syntax gives none. */
function plan(needs) {
  if (needs === undefined) return undefined;
  if ('word' in needs) return [needs.word.text];
  if ('any' in needs) {
    const out = [];
    for (const n of needs.any) {
      const words = plan(n);
      if (!words) return undefined;
      out.push(...words);
    }
    return [...new Set(out)];
  }
  let best;
  const shortest = (words) => Math.min(...words.map((w) => w.length));
  for (const n of needs.all) {
    const words = plan(n);
    if (words && words.every((w) => w.length >= 4) && (!best || shortest(words) > shortest(best))) best = words;
  }
  return best;
}
function freeAbsent(needs, present) {
  if (needs === undefined) return false;
  if ('word' in needs) return index.absentFrom(needs.word.text, present);
  if ('all' in needs) return needs.all.some((n) => freeAbsent(n, present));
  return needs.any.every((n) => freeAbsent(n, present));
}
const plans = new Map();
for (const r of BUILTIN_CATALOG.astRules) {
  for (const re of r.prefilter ?? []) {
    const words = plan(needsOf(re.source));
    if (words && words.length <= 4 && words.every((w) => w.length >= 4) && !re.flags.includes('i')) plans.set(re, words);
  }
}

const rows = new Map();
for (let pass = 0; pass < 2; pass++) {
  for (const { text, path } of files) {
    const present = index.present(text);
    for (const r of ruleset.active) {
      if (!r.ast || !r.appliesTo(path)) continue;
      if (r.ast.keywords?.length && !r.ast.keywords.some((k) => present.has(k.toLowerCase()))) continue;
      for (const [i, re] of (r.ast.prefilter ?? []).entries()) {
        const key = `${r.meta.id} #${i}`;
        const row = rows.get(key) ?? { asked: 0, failed: 0, failedMs: 0, proof: 0, proofMs: 0, free: 0, freeMs: 0, planMs: 0, planSpares: 0 };
        if (pass === 1) rows.set(key, row);
        let t0 = performance.now();
        const matched = re.test(text);
        const ms = performance.now() - t0;
        row.asked++;
        const words = plans.get(re);
        if (words) {
          t0 = performance.now();
          const any = words.some((w) => text.includes(w));
          row.planMs += performance.now() - t0;
          if (matched && !any) throw new Error(`${key}: matched without any of ${words.join(', ')} (${path})`);
          if (!any) row.planSpares += ms;
        }
        if (matched) continue;
        row.failed++;
        row.failedMs += ms;
        if (literalProof(re, text)) {
          row.proof++;
          row.proofMs += ms;
        }
        if (freeAbsent(needsOf(re.source), present)) {
          row.free++;
          row.freeMs += ms;
        }
        break;
      }
    }
  }
}

const total = { failedMs: 0, proofMs: 0, freeMs: 0, planMs: 0, planSpares: 0 };
console.log(`${files.length} files; warm ms. Per row: asked, failed (ms), failed with a literal proof (ms), proven by the keyword pass alone (ms), plain-word plan: cost / spared`);
for (const [key, row] of [...rows].sort((a, b) => b[1].failedMs - a[1].failedMs)) {
  for (const k of Object.keys(total)) total[k] += row[k];
  if (row.failedMs < 0.05 && row.planMs < 0.05) continue;
  const plan = row.planMs > 0 ? `${row.planMs.toFixed(1)} / ${row.planSpares.toFixed(1)}` : '-';
  console.log(`  ${key.padEnd(32)} ${String(row.asked).padStart(5)} ${String(row.failed).padStart(5)} (${row.failedMs.toFixed(1)}) ${String(row.proof).padStart(5)} (${row.proofMs.toFixed(1)}) ${String(row.free).padStart(5)} (${row.freeMs.toFixed(1)})  ${plan}`);
}
console.log(`failed ${total.failedMs.toFixed(1)} ms; with a literal proof ${total.proofMs.toFixed(1)} ms; by the keyword pass alone ${total.freeMs.toFixed(1)} ms; plain-word plans cost ${total.planMs.toFixed(1)} ms and spare ${total.planSpares.toFixed(1)} ms`);
