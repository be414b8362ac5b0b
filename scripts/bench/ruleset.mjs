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

// Editor round trip: an unsaved edit to the open ruleset until an open document's diagnostics are
// published again under the new ruleset (in-memory LSP, the real server).
const { LspHarness } = require(join(root, 'out/test/helpers/lsp.js'));
const { pathToFileURL } = await import('node:url');
const lspDir = mkdtempSync(join(tmpdir(), 'warden-bench-lsp-'));
mkdirSync(join(lspDir, '.warden'));
writeFileSync(join(lspDir, '.warden', 'ruleset.yaml'), withCustom);
const lsp = new LspHarness();
await lsp.initialize(pathToFileURL(lspDir).toString());
const appUri = pathToFileURL(join(lspDir, 'app.js')).toString();
const sample = files.find((f) => f.text.length > 15_000 && f.text.length < 40_000) ?? files[0];
await lsp.open(appUri, sample.text, 'javascript');
const rulesetUri = pathToFileURL(join(lspDir, '.warden', 'ruleset.yaml')).toString();
await lsp.open(rulesetUri, withCustom, 'yaml');
const reloads = [];
for (let i = 0; i < 30; i++) {
  const next = lsp.nextDiagnostics(appUri);
  const t = performance.now();
  lsp.change(rulesetUri, withCustom.replace('weak-hash: error', i % 2 ? 'weak-hash: error' : 'weak-hash: warning') + `# edit ${i}\n`);
  await next;
  reloads.push(performance.now() - t);
}
await lsp.shutdown();
const reload = { p50: +percentile(reloads, 50).toFixed(1), p95: +percentile(reloads, 95).toFixed(1), documentKB: Math.round(sample.text.length / 1024) };

const result = {
  rulesetEditToDiagnosticsMs: reload,
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
console.table({ 'ruleset edit → open document re-published, ms': reload });
process.exit(0);
