#!/usr/bin/env node
// Editor speed of the tree-sitter languages: a ~30 KB Python and a ~30 KB Java file (handlers from
// the labelled corpus repeated with renamed functions, so every tree rule has work), analysed with
// every rule (recommended preset) as the editor does: grammar load once (cold, timed apart), then
// one-line edits, p50/p95 after warm-up. Target: the editor budget of a 20 KB TypeScript file
// (p95 <= 25 ms for didChange -> diagnostics). Writes bench-results/languages.json.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const { analyze } = require('../../out/server/src/engine/engine.js');
const { compileRuleset } = require('../../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../../out/server/src/rules/index.js');
const { loadGrammar, parseTree } = require('../../out/server/src/treesitter/runtime.js');

const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
const corpus = (p) => readFileSync(join(root, 'test', 'corpus', 'vulnerable', p), 'utf8');

/** Repeats the body of a source until it reaches `size` characters, renaming top-level names each time. */
function grow(text, size, rename) {
  let out = text;
  for (let i = 1; out.length < size; i++) out += `\n${rename(text, i)}`;
  return out;
}

const files = {
  python: grow(corpus('python/app.py') + corpus('python/integrations.py'), 30 * 1024, (t, i) => t.replace(/^def (\w+)/gm, `def $1_${i}`).replace(/^app = .*$/m, '')),
  java: (() => {
    const body = corpus('java/XmlImport.java').replace(/^[\s\S]*?public class XmlImport extends HttpServlet \{/, '').replace(/\}\s*$/, '');
    let cls = 'package com.acme.web;\n\npublic class Big extends HttpServlet {\n';
    for (let i = 0; cls.length < 30 * 1024; i++) cls += body.replace(/\b(parse|parseSafely|sax|doGet)\(/g, `$1${i}(`);
    return `${cls}}\n`;
  })(),
};

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const results = {};
for (const [language, text] of Object.entries(files)) {
  const path = language === 'python' ? 'big.py' : 'Big.java';
  let t = performance.now();
  await loadGrammar(language);
  const load = performance.now() - t;
  t = performance.now();
  const first = analyze({ text, path }, ruleset);
  const firstMs = performance.now() - t;
  const parse = [];
  const all = [];
  const lines = text.split('\n');
  for (let i = 0; i < 230; i++) {
    // A one-line edit: a comment appended to a line that moves through the file.
    const n = (i * 37) % lines.length;
    const edited = [...lines.slice(0, n), `${lines[n]}${language === 'python' ? '  # x' : ' // x'}`, ...lines.slice(n + 1)].join('\n');
    let s = performance.now();
    parseTree(edited, language);
    const p = performance.now() - s;
    s = performance.now();
    analyze({ text: edited, path }, ruleset);
    const a = performance.now() - s;
    if (i >= 30) {
      parse.push(p);
      all.push(a);
    }
  }
  results[language] = {
    bytes: text.length, lines: lines.length, findings: first.findings.length,
    grammarLoadMs: load, firstAnalysisMs: firstMs,
    parseP50: percentile(parse, 50), parseP95: percentile(parse, 95),
    everyRuleP50: percentile(all, 50), everyRuleP95: percentile(all, 95),
  };
  const r = results[language];
  console.log(`${language.padEnd(7)} ${(r.bytes / 1024).toFixed(1)} KB, ${r.findings} findings: grammar load ${load.toFixed(0)} ms, first analysis ${firstMs.toFixed(0)} ms; parse p50 ${r.parseP50.toFixed(1)} / p95 ${r.parseP95.toFixed(1)} ms; every rule p50 ${r.everyRuleP50.toFixed(1)} / p95 ${r.everyRuleP95.toFixed(1)} ms`);
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'languages.json'), `${JSON.stringify(results, null, 2)}\n`);
