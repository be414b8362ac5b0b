#!/usr/bin/env node
// What each credential text rule costs over a real tree, as a secrets-only scan runs it: one thread, every
// file through `analyze` with the `--category credentials` ruleset (keyword pass first, then the rules its
// keywords let in, in the engine's order and gating). Per rule: the files it ran on, its CPU time in
// `runTextRule` (regex and validators), the regex alone (the same matcher run again on the same text before
// the rule, timed apart), its matches and findings. Per validator: calls and time. The keyword pass's time.
//   <node> [--no-turbofan --invocation-count-for-maglev=4000] scripts/bench/credential-rows.mjs FOLDER [--passes N] [--top N]
//     [--split PATH-REGEX] [--regex] [--root CHECKOUT]
// (after `npx tsc -b`; with the CLI's V8 flags for Node 24 as above, the scan's workers' tiers).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `--root DIR`: the built checkout whose engine is measured (default this one), for an A/B. */
const root = resolve(option('--root', here));
const require = createRequire(join(root, 'package.json'));
const out = (p) => require(join(root, 'out', 'server', 'src', p));
const folder = resolve(args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) ?? '/tmp/st-outline');
const passes = Number(option('--passes', 1));
const top = Number(option('--top', 25));

const textRules = out('engine/textRules.js');
const validators = out('engine/validators.js');
const { analyze } = out('engine/engine.js');
const { compileRuleset } = out('engine/ruleset.js');
const { BUILTIN_CATALOG } = out('rules/index.js');
const { walk } = out('cli/walk.js');

/** CPU time of the process (ms): the machine is shared, and wall time counts the other engineers' load. */
const now = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const rows = new Map();
const row = (id) => rows.get(id) ?? (rows.set(id, { id, files: 0, ms: 0, regexMs: 0, matches: 0, findings: 0 }), rows.get(id));
/** With `--split REGEX`, each rule's time is split by whether the file's path matches it (`+` suffix on the id). */
const split = option('--split') && new RegExp(option('--split'));
let currentPath = '';
let keywordMs = 0;
const realRun = textRules.runTextRule;
const regexOnly = args.includes('--regex');
textRules.runTextRule = function (rule, ctx, progress, stop) {
  const r = row(split && split.test(currentPath) ? `${rule.spec.id}+` : rule.spec.id);
  if (regexOnly) {
    const t = now();
    let n = 0;
    for (const _ of rule.matcher.matches(ctx.text)) n++;
    r.regexMs += now() - t;
    r.matches += n;
  }
  const t = now();
  const found = realRun(rule, ctx, progress, stop);
  r.ms += now() - t;
  r.files++;
  r.findings += found.length;
  return found;
};
const realPresent = textRules.KeywordIndex.prototype.present;
textRules.KeywordIndex.prototype.present = function (text) {
  const t = now();
  const found = realPresent.call(this, text);
  keywordMs += now() - t;
  return found;
};
const vrows = new Map();
for (const name of Object.keys(validators.VALIDATORS)) {
  const real = validators.VALIDATORS[name];
  const v = { name, calls: 0, ms: 0, passed: 0 };
  vrows.set(name, v);
  validators.VALIDATORS[name] = (value, ctx) => {
    const t = now();
    const ok = real(value, ctx);
    v.ms += now() - t;
    v.calls++;
    if (ok) v.passed++;
    return ok;
  };
}

const walked = await walk(folder, ['.']);
const files = walked.files.map((f) => ({ path: f.relativePath, text: readFileSync(f.path, 'utf8') }));
const chars = files.reduce((n, f) => n + f.text.length, 0);
const ruleset = compileRuleset({ categories: ['credentials'] }, BUILTIN_CATALOG);
const results = [];
for (let p = 0; p < passes; p++) {
  rows.clear();
  for (const v of vrows.values()) Object.assign(v, { calls: 0, ms: 0, passed: 0 });
  keywordMs = 0;
  const c0 = process.cpuUsage();
  const t0 = now();
  let findings = 0;
  for (const f of files) currentPath = f.path, findings += analyze({ path: f.path, text: f.text }, ruleset, { today: '2026-01-01' }).findings.length;
  const cpu = process.cpuUsage(c0);
  const list = [...rows.values()].sort((a, b) => b.ms - a.ms);
  const textMs = list.reduce((n, r) => n + r.ms, 0);
  const round = (x) => Math.round(x * 10) / 10;
  console.log(`pass ${p + 1}: ${files.length} files, ${(chars / 1e6).toFixed(1)} M chars; analyze ${round(now() - t0)} ms wall, ${round((cpu.user + cpu.system) / 1000)} ms CPU; keyword pass ${round(keywordMs)} ms; text rules ${round(textMs)} ms (${list.reduce((n, r) => n + r.files, 0)} runs); findings ${findings}; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const r of list.slice(0, top)) console.log(`  ${round(r.ms).toString().padStart(7)} ms  ${regexOnly ? `regex ${round(r.regexMs).toString().padStart(6)}  ` : ''}${String(r.files).padStart(5)} files  ${String(r.matches).padStart(6)} m  ${String(r.findings).padStart(4)} f  ${r.id}`);
  const vlist = [...vrows.values()].filter((v) => v.calls > 0).sort((a, b) => b.ms - a.ms);
  console.log('  validators:');
  for (const v of vlist.slice(0, 12)) console.log(`  ${round(v.ms).toString().padStart(7)} ms  ${String(v.calls).padStart(6)} calls  ${String(v.passed).padStart(5)} passed  ${v.name}`);
  results.push({ pass: p + 1, keywordMs, textMs, rows: list, validators: vlist });
}
mkdirSync(join(here, 'bench-results'), { recursive: true });
writeFileSync(join(here, 'bench-results', 'credential-rows.json'), JSON.stringify({ folder, files: files.length, chars, node: process.version, load: loadavg(), results }, null, 1));
