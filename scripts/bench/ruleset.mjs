#!/usr/bin/env node
// Team ruleset costs: loading and validating a ruleset (schema, ids, custom-rule examples on RE2),
// compiling it, and what a custom rule costs per MB on RE2 with and without a keyword prefilter,
// next to the same pattern on V8. Corpus: JS/TS sources of the clean-code packages, about 4 MB.
// Writes bench-results/ruleset.json.
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { loadRuleset } = require(join(root, 'out/server/src/ruleset/load.js'));
const { STARTER_RULESET } = require(join(root, 'out/server/src/ruleset/starter.js'));
const { compileRuleset } = require(join(root, 'out/server/src/engine/ruleset.js'));
const { analyze } = require(join(root, 'out/server/src/engine/engine.js'));
const { v8Matcher } = require(join(root, 'out/server/src/engine/textRules.js'));
const { re2jsMatcher } = require(join(root, 'out/server/src/engine/re2Matcher.js'));
const { BUILTIN_CATALOG } = require(join(root, 'out/server/src/rules/index.js'));

const files = [];
let bytes = 0;
function collect(path) {
  if (bytes > 4 * 1024 * 1024) return;
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) if (name !== 'node_modules' && !name.startsWith('.')) collect(join(path, name));
  } else if (['.js', '.ts', '.mjs', '.cjs'].includes(extname(path)) && !/\.min\./.test(path) && st.size < 500_000) {
    const text = readFileSync(path, 'utf8');
    files.push({ path: path.slice(root.length + 1).replace(/^node_modules\//, ''), text });
    bytes += text.length;
  }
}
for (const p of ['express', 'koa', 'fastify', 'axios', 'undici', 'ws', 'commander', 'yargs', 'lodash', 'pg']) collect(join(root, 'node_modules', p));

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
async function time(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return { p50: +percentile(out, 50).toFixed(2), p95: +percentile(out, 95).toFixed(2) };
}

const dir = mkdtempSync(join(tmpdir(), 'warden-bench-ruleset-'));
const withCustom = STARTER_RULESET.replace(/^# (customRules:|training:|  )/gm, '$1');
mkdirSync(join(dir, '.warden'));
writeFileSync(join(dir, '.warden', 'ruleset.yaml'), withCustom);
const load = await time(50, () => loadRuleset(join(dir, '.warden', 'ruleset.yaml')));
const loaded = await loadRuleset(join(dir, '.warden', 'ruleset.yaml'));
const compile = await time(50, () => compileRuleset(loaded.config, BUILTIN_CATALOG));

const PATTERN = '\\b[a-z0-9-]+\\.internal\\b';
function throughput(matcher) {
  const t = performance.now();
  let n = 0;
  for (const f of files) for (const _ of matcher.matches(f.text)) n++;
  return { mbPerSecond: +((bytes / 1024 / 1024) / ((performance.now() - t) / 1000)).toFixed(2), matches: n };
}
const v8 = throughput(v8Matcher(PATTERN));
const re2 = throughput(re2jsMatcher(PATTERN));

function customRuleset(keywords) {
  return compileRuleset({
    rules: Object.fromEntries([...BUILTIN_CATALOG.astRules.map((r) => r.meta.id), ...BUILTIN_CATALOG.textRules.map((r) => r.id)].map((id) => [id, { severity: 'off' }])),
    customRules: [{ ...loaded.config.customRules[0], keywords, languages: undefined }],
  }, BUILTIN_CATALOG);
}
function analyseAll(ruleset) {
  const t = performance.now();
  for (const f of files) analyze({ text: f.text, path: f.path }, ruleset);
  return +((bytes / 1024 / 1024) / ((performance.now() - t) / 1000)).toFixed(2);
}
const noKeyword = analyseAll(customRuleset([]));
const keyword = analyseAll(customRuleset(['.internal']));

const result = {
  corpus: { files: files.length, megabytes: +(bytes / 1024 / 1024).toFixed(2) },
  loadStarterWithCustomRuleMs: load,
  compileRulesetMs: compile,
  customPatternMBps: { v8, re2js: re2 },
  customRuleAnalyzeMBps: { withoutKeywords: noKeyword, withKeyword: keyword },
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'ruleset.json'), `${JSON.stringify(result, null, 2)}\n`);
console.table({
  'load + validate starter (custom rule examples checked), ms': load,
  'compile ruleset (196 built-in + 1 custom), ms': compile,
});
console.table({
  'pattern alone, V8': v8,
  'pattern alone, re2js': re2,
});
console.table({ 'custom rule via analyze, MB/s': { 'no keywords': noKeyword, 'keyword ".internal"': keyword } });
