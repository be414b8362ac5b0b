#!/usr/bin/env node
// Where a keystroke's CPU goes in a tree-sitter language file, in process: the same typing as
// languages.mjs (a space typed at the end of a line, then deleted) on one real file per language, and
// for each edit the CPU time (process.cpuUsage) of the whole analysis with the document's cache, then,
// taken apart on a second cache: the incremental parse plus the copy into JavaScript, the flow's
// construction (the walk that lists nodes and calls), and each tree rule in the order the engine runs
// them (they share the flow's memos, so a rule's figure is what it adds after the ones before it).
// "other" is the rest of `analyze`: text rules, suppressions, sorting. Medians and p95 per part, ms.
// Needs `npm run build`. BENCH_EDITS (default 120).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageFiles, typingEdits } from './lib/language-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { analyze } = require('./out/server/src/engine/engine.js');
const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
const { loadGrammar, parseTree, releaseTreeCache } = require('./out/server/src/treesitter/runtime.js');
const { FileFlow } = require('./out/server/src/dataflow/flow.js');
const { LANGUAGE_SPECS } = require('./out/server/src/languages/index.js');

const EDITS = Number(process.env.BENCH_EDITS ?? 120);
const WARM = 20;
const only = process.argv[2];
const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
const cpu = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const r2 = (x) => Math.round(x * 100) / 100;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  return `${r2(at(50))}/${r2(at(95))}`;
};

for (const f of languageFiles(root)) {
  if (only && f.language !== only) continue;
  await loadGrammar(f.language);
  const rules = ruleset.activeFor(f.path).filter((r) => r.tree).map((r) => r.tree);
  const spec = LANGUAGE_SPECS[f.language];
  const versions = typingEdits(f.text, EDITS + WARM);
  const a = {};
  const b = {};
  analyze({ text: f.text, path: f.path }, ruleset, { parseCache: a });
  parseTree(f.text, f.language, (b.trees = {}));
  const parts = { total: [], parse: [], flow: [], other: [] };
  const perRule = new Map(rules.map((r) => [r.meta.id, []]));
  versions.forEach((v, i) => {
    let s = process.cpuUsage();
    analyze({ text: v.text, path: f.path }, ruleset, { parseCache: a });
    const total = cpu(s);
    s = process.cpuUsage();
    const tree = parseTree(v.text, f.language, b.trees);
    const parse = cpu(s);
    s = process.cpuUsage();
    const flow = new FileFlow(v.text, spec, tree.root);
    const build = cpu(s);
    let rulesMs = 0;
    const times = rules.map((rule) => {
      const t = process.cpuUsage();
      rule.run({ flow, spec, path: f.path, text: v.text, options: {}, report() {} });
      const ms = cpu(t);
      rulesMs += ms;
      return ms;
    });
    if (i < WARM) return;
    parts.total.push(total);
    parts.parse.push(parse);
    parts.flow.push(build);
    parts.other.push(Math.max(0, total - parse - build - rulesMs));
    rules.forEach((r, k) => perRule.get(r.meta.id).push(times[k]));
  });
  releaseTreeCache(a.trees);
  releaseTreeCache(b.trees);
  const top = [...perRule].map(([id, xs]) => [id, xs.reduce((x, y) => x + y, 0) / xs.length, stats(xs)]).sort((x, y) => y[1] - x[1]);
  console.log(`${f.name} (${(f.text.length / 1024).toFixed(1)} KB) CPU ms median/p95: total ${stats(parts.total)}, parse+copy ${stats(parts.parse)}, flow ${stats(parts.flow)}, other ${stats(parts.other)}`);
  console.log(`  rules (mean; median/p95): ${top.filter(([, m]) => m >= 0.05).map(([id, m, s]) => `${id} ${r2(m)} (${s})`).join(', ')}`);
}
