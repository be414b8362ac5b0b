#!/usr/bin/env node
// Garbage per keystroke in the tree-sitter languages: the young generation's growth during each cached
// analysis (the server's path), for languages.mjs's files and typing. Allocation does not move with the
// machine's load the way CPU and wall-clock do, and it decides how often a scavenge pauses an edit (the
// p95). Runs itself with a 64 MB young generation so that few edits see a scavenge; an edit that does
// (the growth is negative) is left out. Needs `npx tsc -b`. BENCH_EDITS (default 100).
//   node scripts/bench/languages-alloc.mjs [ROOT] [LANGUAGE|FILE_NAME]   ROOT: another built checkout (A/B)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { languageFiles, typingEdits } from './lib/language-files.mjs';

if (!process.execArgv.includes('--max-semi-space-size=64')) {
  execFileSync(process.execPath, ['--min-semi-space-size=64', '--max-semi-space-size=64', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(0);
}
const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = process.argv[2] ? resolve(process.argv[2]) : here;
const only = process.argv[3];
const require = createRequire(join(root, 'package.json'));
const { analyze } = require('./out/server/src/engine/engine.js');
const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
const { loadGrammar, releaseTreeCache } = require('./out/server/src/treesitter/runtime.js');
const EDITS = Number(process.env.BENCH_EDITS ?? 100);
const WARM = 20;
const young = () => v8.getHeapSpaceStatistics().filter((s) => s.space_name === 'new_space' || s.space_name === 'new_large_object_space').reduce((t, s) => t + s.space_used_size, 0);
const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
console.log(`${root}: KB allocated per keystroke (young generation), mean / median`);
for (const f of languageFiles(here, { log() {} })) {
  if (only && f.language !== only && !f.name.includes(only)) continue;
  await loadGrammar(f.language);
  const cache = {};
  analyze({ text: f.text, path: f.path }, ruleset, { parseCache: cache });
  const kb = [];
  for (const [i, v] of typingEdits(f.text, EDITS + WARM).entries()) {
    const before = young();
    analyze({ text: v.text, path: f.path }, ruleset, { parseCache: cache });
    const grown = young() - before;
    if (i >= WARM && grown >= 0) kb.push(grown / 1024);
  }
  releaseTreeCache(cache.trees);
  const sorted = [...kb].sort((a, b) => a - b);
  console.log(`${f.name}: ${Math.round(kb.reduce((a, b) => a + b, 0) / kb.length)} / ${Math.round(sorted[sorted.length >> 1])} (${kb.length} edits)`);
}
