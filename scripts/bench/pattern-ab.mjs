#!/usr/bin/env node
// Text rules whose pattern was rewritten, old against new, on files nobody here wrote:
//   node scripts/bench/pattern-ab.mjs REV DIR... [--rounds N]
// For every built-in text rule (server/src/rules/text/*.json) whose `pattern` or `flags` differ between git
// revision REV and the working tree, both patterns run over every file under the DIRs (.git left out, files
// under 4 MB, read as UTF-8), from the start of each file as the engine runs them (`gd`). Every match must be
// the same: start, length and every group's indices; any difference is printed and the exit status is 1.
// Prints, per rule, the matches and each pattern's best time over the rounds on the Node that runs the script
// (run it with Node 20 and Node 24: V8 11 and 13 optimise some shapes differently).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args.splice(args.indexOf('--rounds'), 2)[1]) : 3;
const [rev, ...dirs] = args;
if (!rev || dirs.length === 0) {
  console.error('usage: pattern-ab.mjs REV DIR... [--rounds N]');
  process.exit(2);
}

const RULES = 'server/src/rules/text';
const rulesAt = (read) => new Map(readdirSync(join(root, RULES)).filter((f) => f.endsWith('.json'))
  .flatMap((f) => JSON.parse(read(`${RULES}/${f}`))).map((r) => [r.id, r]));
const before = rulesAt((path) => execFileSync('git', ['show', `${rev}:${path}`], { cwd: root, encoding: 'utf8' }));
const after = rulesAt((path) => readFileSync(join(root, path), 'utf8'));
const changed = [...after.values()].filter((r) => before.has(r.id)
  && (before.get(r.id).pattern !== r.pattern || (before.get(r.id).flags ?? '') !== (r.flags ?? '')));

const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory() && e.name !== '.git') walk(path);
    else if (e.isFile() && statSync(path).size < 4 * 1024 * 1024) files.push(readFileSync(path, 'utf8'));
  }
};
for (const dir of dirs) walk(dir);
const chars = files.reduce((sum, text) => sum + text.length, 0);
console.log(`${process.version}: ${changed.length} rewritten rules, ${files.length} files, ${(chars / 1e6).toFixed(1)} M characters`);

/** Every match of `pattern` in every file, as the engine finds them, and the time it took. */
function run(pattern, flags) {
  const regex = new RegExp(pattern, `${flags ?? ''}gd`);
  const found = [];
  const start = process.hrtime.bigint();
  files.forEach((text, file) => {
    regex.lastIndex = 0;
    for (let m; (m = regex.exec(text)) !== null;) {
      if (m[0].length === 0) regex.lastIndex++;
      else found.push(`${file}:${m.index}:${m[0].length}:${JSON.stringify(m.indices)}`);
    }
  });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, found };
}

for (const rule of changed) {
  const old = before.get(rule.id);
  let oldMs = Infinity;
  let newMs = Infinity;
  let a;
  let b;
  for (let i = 0; i < rounds; i++) {
    a = run(old.pattern, old.flags);
    b = run(rule.pattern, rule.flags);
    oldMs = Math.min(oldMs, a.ms);
    newMs = Math.min(newMs, b.ms);
  }
  const same = a.found.length === b.found.length && a.found.every((m, i) => m === b.found[i]);
  console.log(`${rule.id}: ${a.found.length} matches, ${same ? 'the same' : 'DIFFERENT'}; old ${oldMs.toFixed(0)} ms, new ${newMs.toFixed(0)} ms`);
  if (!same) {
    process.exitCode = 1;
    const inB = new Set(b.found);
    const inA = new Set(a.found);
    console.log('  only old:', a.found.filter((m) => !inB.has(m)).slice(0, 5), '\n  only new:', b.found.filter((m) => !inA.has(m)).slice(0, 5));
  }
}
