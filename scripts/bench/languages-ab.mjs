#!/usr/bin/env node
// Two builds of Warden typing into the same tree-sitter language files in one process, alternating per
// edit (which goes first alternates too), each with its own document cache: CPU per edit
// (process.cpuUsage) of each, and whether their findings are identical on every edit. On a loaded
// machine wall-clock and even CPU figures move with the load; a ratio taken in one run does not move
// nearly as much. The files and the typing are languages.mjs's (lib/language-files.mjs).
//
//   node scripts/bench/languages-ab.mjs BASE_DIR [LANGUAGE|FILE_NAME]
// BASE_DIR: another checkout with `out/` built (`git archive REV | tar -x -C DIR`, a `node_modules` link,
// `npx tsc -b`); this checkout is B. BENCH_EDITS (default 160). Exit code 1 when findings differ.
// Also the tree rules' own CPU (their `run` calls, every unit run): a quarter or so of a keystroke, so
// a change to the rules alone shows in that ratio well before it shows above the load's noise in the whole.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageFiles, typingEdits } from './lib/language-files.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!process.argv[2]) {
  console.error('usage: node scripts/bench/languages-ab.mjs BASE_DIR [LANGUAGE|FILE_NAME]');
  process.exit(2);
}
const roots = { A: resolve(process.argv[2]), B: here };
const only = process.argv[3];
const cpuMs = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const load = (root) => {
  const require = createRequire(join(root, 'package.json'));
  const { analyze } = require('./out/server/src/engine/engine.js');
  const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
  const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
  const runtime = require('./out/server/src/treesitter/runtime.js');
  const build = { analyze, runtime, ruleset: compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG), rulesMs: 0 };
  // Each tree rule's `run` timed (this build's own catalogue objects: the other build's are its own).
  for (const tree of BUILTIN_CATALOG.treeRules) {
    const run = tree.run;
    tree.run = (context) => {
      const s = process.cpuUsage();
      try {
        return run.call(tree, context);
      } finally {
        build.rulesMs += cpuMs(s);
      }
    };
  }
  return build;
};
const builds = { A: load(roots.A), B: load(roots.B) };
const EDITS = Number(process.env.BENCH_EDITS ?? 160);
const WARM = 20;
const r2 = (x) => Math.round(x * 100) / 100;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${r2(s[Math.floor(s.length / 2)])} / ${r2(s[Math.min(s.length - 1, Math.floor(s.length * 0.95))])}`;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

console.log(`A ${roots.A}\nB ${roots.B}\nCPU ms per edit, median / p95; mean B/A`);
for (const f of languageFiles(here)) {
  if (only && f.language !== only && f.path !== only) continue;
  for (const k of ['A', 'B']) await builds[k].runtime.loadGrammar(f.language);
  const caches = { A: {}, B: {} };
  const times = { A: [], B: [] };
  const rules = { A: 0, B: 0 };
  let firstDiff;
  for (const k of ['A', 'B']) builds[k].analyze({ text: f.text, path: f.path }, builds[k].ruleset, { parseCache: caches[k] });
  typingEdits(f.text, EDITS + WARM).forEach((v, i) => {
    const out = {};
    for (const k of i % 2 ? ['A', 'B'] : ['B', 'A']) {
      const s = process.cpuUsage();
      builds[k].rulesMs = 0;
      out[k] = builds[k].analyze({ text: v.text, path: f.path }, builds[k].ruleset, { parseCache: caches[k] });
      if (i >= WARM) {
        times[k].push(cpuMs(s));
        rules[k] += builds[k].rulesMs;
      }
    }
    if (firstDiff === undefined && JSON.stringify(out.A.findings) !== JSON.stringify(out.B.findings)) firstDiff = i;
  });
  for (const k of ['A', 'B']) if (caches[k].trees) builds[k].runtime.releaseTreeCache(caches[k].trees);
  console.log(`${f.name}: A ${stats(times.A)}, B ${stats(times.B)}, B/A ${r2(sum(times.B) / sum(times.A))}; tree rules A ${r2(rules.A / EDITS)} B ${r2(rules.B / EDITS)} ms per edit, B/A ${r2(rules.B / rules.A)}; ${firstDiff === undefined ? 'same findings on every edit' : `FINDINGS DIFFER from edit ${firstDiff}`}`);
  if (firstDiff !== undefined) process.exitCode = 1;
}
