#!/usr/bin/env node
// Which AST rules make `warden scan` parse the JS/TS files of a folder: for every file the walk yields,
// the rules whose keywords and prefilters let it through. A file that a single rule lets through is
// parsed for that rule alone; if the rule then finds nothing there, the parse was for nothing. Prints,
// per rule, the files it alone lets through and how many of those it finds something in.
//   node scripts/bench/parse-causes.mjs FOLDER        (after `npx tsc -b`)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { walk } = require(join(root, 'out/server/src/cli/walk.js'));
const { BUILTIN_CATALOG } = require(join(root, 'out/server/src/rules/index.js'));
const { compileRuleset } = require(join(root, 'out/server/src/engine/ruleset.js'));
const { wouldParse, analyze } = require(join(root, 'out/server/src/engine/engine.js'));
const { passesPrefilter } = require(join(root, 'out/server/src/engine/ast.js'));

const ruleset = compileRuleset({}, BUILTIN_CATALOG);
const folder = resolve(process.argv[2] ?? '.');
const { files } = await walk(folder, ['.']);
const sole = new Map();
let parsed = 0;
let bytes = 0;
for (const f of files) {
  const text = readFileSync(f.path, 'utf8');
  if (!wouldParse({ text, path: f.relativePath }, ruleset)) continue;
  parsed++;
  bytes += text.length;
  const present = ruleset.keywords.present(text);
  const through = ruleset.active.filter((r) => r.ast && r.appliesTo(f.relativePath) && (!r.ast.keywords?.length || r.ast.keywords.some((k) => present.has(k.toLowerCase()))) && passesPrefilter(r.ast, text));
  if (through.length !== 1) continue;
  const id = through[0].meta.id;
  const found = analyze({ text, path: f.relativePath }, ruleset).findings.some((x) => x.ruleId === id);
  const entry = sole.get(id) ?? { files: 0, withFinding: 0, bytes: 0, examples: [] };
  entry.files++;
  entry.bytes += text.length;
  if (found) entry.withFinding++;
  else entry.examples.push(f.relativePath);
  sole.set(id, entry);
}
console.log(JSON.stringify({ files: files.length, parsed, parsedMB: Math.round(bytes / 1e4) / 100, soleReason: Object.fromEntries([...sole].sort((a, b) => b[1].files - a[1].files)) }, null, 1));
