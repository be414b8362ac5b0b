#!/usr/bin/env node
// Whether the AST rules' keywords and prefilters keep any finding out, over whole folders: every JS/TS
// file the walk yields is analysed twice, once with the rules as they are and once with every AST rule's
// keywords and prefilter taken away (so every file is parsed for every rule), with the strict preset and
// tests and docs reported (every finding shown). A finding the second run has and the first lacks is a
// prefilter that is not sound; the script lists each (rule, file, offset) and exits 1.
// Also prints, per rule, the files its filters let through and those where it found something; and checks
// that every prefilter holding parts searched from their last token (`endingWith`, rules/prefilter.ts) answers
// on every file as the same expression written forwards does (each difference listed; exit 1).
//   node scripts/bench/prefilter-soundness.mjs FOLDER...   (after `npx tsc -b`)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { walk } = require(join(root, 'out/server/src/cli/walk.js'));
const { BUILTIN_CATALOG } = require(join(root, 'out/server/src/rules/index.js'));
const { compileRuleset } = require(join(root, 'out/server/src/engine/ruleset.js'));
const { analyze } = require(join(root, 'out/server/src/engine/engine.js'));
const { passesPrefilter } = require(join(root, 'out/server/src/engine/ast.js'));
const { ENDINGS } = require(join(root, 'out/server/src/rules/prefilter.js'));

const config = { preset: 'strict', testsAndDocs: { findings: 'report' } };
const filtered = compileRuleset(config, BUILTIN_CATALOG);
const astRules = BUILTIN_CATALOG.astRules;
const unfiltered = compileRuleset(config, { ...BUILTIN_CATALOG, astRules: astRules.map((r) => ({ ...r, keywords: undefined, prefilter: undefined })) });
const astIds = new Set(astRules.map((r) => r.meta.id));
const JS_TS = /\.(?:[cm]?[jt]sx?)$/;

const missed = [];
const perRule = new Map();
/** Each prefilter row with `endingWith` parts, and the row written forwards. */
const forwards = BUILTIN_CATALOG.astRules.flatMap((rule) => (rule.prefilter ?? []).flatMap((re, i) => {
  let source = re.source;
  ENDINGS.forEach((written, built) => { source = source.split(built).join(written); });
  return source === re.source ? [] : [{ id: `${rule.meta.id} #${i}`, re, forward: new RegExp(source, re.flags) }];
}));
const backwardsDiffer = [];
let files = 0;
for (const folder of process.argv.slice(2).map((f) => resolve(f))) {
  const { files: walked } = await walk(folder, ['.']);
  for (const f of walked) {
    if (!JS_TS.test(f.relativePath)) continue;
    const text = readFileSync(f.path, 'utf8');
    const file = { text, path: f.relativePath };
    const key = (x) => `${x.ruleId}@${x.start}-${x.end}:${x.severity}:${x.message}`;
    const on = new Set(analyze(file, filtered, { timeBudgetMs: 60_000 }).findings.filter((x) => astIds.has(x.ruleId)).map(key));
    const offFindings = analyze(file, unfiltered, { timeBudgetMs: 60_000 }).findings.filter((x) => astIds.has(x.ruleId));
    files++;
    for (const row of forwards) if (row.re.test(text) !== row.forward.test(text)) backwardsDiffer.push(`${row.id}\t${folder}/${f.relativePath}`);
    const present = filtered.keywords.present(text);
    for (const r of filtered.active) {
      if (!r.ast || !r.appliesTo(f.relativePath)) continue;
      const through = (!r.ast.keywords?.length || r.ast.keywords.some((k) => present.has(k.toLowerCase()))) && passesPrefilter(r.ast, text);
      const entry = perRule.get(r.meta.id) ?? { through: 0, withFinding: 0 };
      if (through) entry.through++;
      if (offFindings.some((x) => x.ruleId === r.meta.id)) entry.withFinding++;
      perRule.set(r.meta.id, entry);
    }
    for (const x of offFindings) if (!on.has(key(x))) missed.push(`${x.ruleId}\t${folder}/${f.relativePath}\t${x.start}-${x.end}\t${x.message.slice(0, 100)}`);
  }
}
console.log(`${files} JS/TS files; per rule: files its keywords and prefilter let through / files where it finds something`);
for (const [id, e] of [...perRule].sort((a, b) => b[1].through - a[1].through)) console.log(`  ${id.padEnd(32)} ${String(e.through).padStart(6)} ${String(e.withFinding).padStart(6)}`);
console.log(`\n${forwards.length} prefilter row(s) with parts searched from their last token: ${backwardsDiffer.length} file(s) answered otherwise than written forwards.`);
for (const d of backwardsDiffer) console.log(d);
if (backwardsDiffer.length > 0) process.exitCode = 1;
if (missed.length > 0) {
  console.log(`\n${missed.length} finding(s) kept out by the filters:`);
  for (const m of missed) console.log(m);
  process.exitCode = 1;
} else {
  console.log('\nNo finding kept out by the filters.');
}
