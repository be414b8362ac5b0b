#!/usr/bin/env node
// Editor speed of the tree-sitter languages: typing into a real ~34 KB Python file (psf/requests
// sessions.py) and a real ~34 KB Java file (HikariCP's HikariPool.java), both written by others and read
// from the fetch tool's mirrors at pinned commits; plus two ~31 KB files made of the vulnerable corpus's
// handlers repeated (215 and 108 findings), so the data-flow rules have work. Typing: a space typed at
// the end of a line, then deleted again (one character per edit; the code stays valid, Python included),
// at lines spread through the file. Every rule of the recommended preset runs, as in the editor.
//  - In process, CPU time per edit (process.cpuUsage: does not grow with the machine's load the way
//    wall-clock does) with the document's parse cache, as the server runs it (incremental tree-sitter
//    parse), and without it (every version parsed whole, as before), interleaved in one run; the
//    findings of both must be identical.
//  - Over stdio, the language server (dist/server.js) as an editor drives it: didChange with the
//    one-character edit, waiting for that version's diagnostics (wall-clock, so inflated by load).
// The grammar load (once per process) is timed apart. Needs `npm run build`. Results:
// bench-results/languages.json. BENCH_EDITS (default 160) sets the edits per file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { analyze } = require('./out/server/src/engine/engine.js');
const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
const { loadGrammar, releaseTreeCache } = require('./out/server/src/treesitter/runtime.js');

const EDITS = Number(process.env.BENCH_EDITS ?? 160);
const WARM = 20;
const MIRRORS = process.env.BENCH_MIRRORS ?? '/work/.mirror';
const REAL = [
  { language: 'python', repo: 'psf+requests', commit: '1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e', file: 'src/requests/sessions.py' },
  { language: 'java', repo: 'brettwooldridge+HikariCP', commit: '604d7d5838e96afbbdd4e19eedab7497cf368eb6', file: 'src/main/java/com/zaxxer/hikari/pool/HikariPool.java' },
];

const corpus = (p) => readFileSync(join(root, 'test', 'corpus', 'vulnerable', p), 'utf8');
/** Repeats the body of a source until it reaches `size` characters, renaming top-level names each time. */
function grow(text, size, rename) {
  let out = text;
  for (let i = 1; out.length < size; i++) out += `\n${rename(text, i)}`;
  return out;
}

function files() {
  const out = [];
  for (const r of REAL) {
    const git = join(MIRRORS, r.repo, 'repo');
    if (!existsSync(git)) {
      console.log(`(${r.repo} is not mirrored here: its row is left out)`);
      continue;
    }
    const text = execFileSync('git', ['--git-dir', git, 'show', `${r.commit}:${r.file}`], { encoding: 'utf8' });
    out.push({ name: `${r.repo.replace('+', '/')}@${r.commit.slice(0, 10)}:${r.file}`, language: r.language, path: r.file.split('/').pop(), text });
  }
  out.push({
    name: 'corpus handlers repeated (Python)', language: 'python', path: 'big.py',
    text: grow(corpus('python/app.py') + corpus('python/integrations.py'), 30 * 1024, (t, i) => t.replace(/^def (\w+)/gm, `def $1_${i}`).replace(/^app = .*$/m, '')),
  });
  const body = corpus('java/XmlImport.java').replace(/^[\s\S]*?public class XmlImport extends HttpServlet \{/, '').replace(/\}\s*$/, '');
  let cls = 'package com.acme.web;\n\npublic class Big extends HttpServlet {\n';
  for (let i = 0; cls.length < 30 * 1024; i++) cls += body.replace(/\b(parse|parseSafely|sax|doGet)\(/g, `$1${i}(`);
  out.push({ name: 'corpus handlers repeated (Java)', language: 'java', path: 'Big.java', text: `${cls}}\n` });
  return out;
}

/** The versions typing produces: a space typed at the end of a line, then deleted, at spread-out lines. */
function edits(text) {
  const lines = text.split('\n');
  const out = [];
  let current = lines.slice();
  for (let v = 0; v < EDITS + WARM; v++) {
    let line = (Math.floor(v / 2) * 37) % lines.length;
    while (lines[line].endsWith('\\')) line = (line + 1) % lines.length; // a continuation line must stay one
    current = current.slice();
    const insert = v % 2 === 0;
    current[line] = insert ? `${current[line]} ` : current[line].slice(0, -1);
    out.push({ line, character: lines[line].length, insert, text: current.join('\n') });
  }
  return out;
}

const round = (x) => Math.round(x * 100) / 100;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  return { median: round(at(50)), p95: round(at(95)), max: round(s.at(-1)) };
};
const cpuMs = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
const results = { edits: EDITS, files: [] };
for (const f of files()) {
  let t = performance.now();
  await loadGrammar(f.language);
  const grammarLoadMs = round(performance.now() - t);
  const versions = edits(f.text);
  const cache = {};
  analyze({ text: f.text, path: f.path }, ruleset, { parseCache: cache });
  const cached = [];
  const whole = [];
  const copied = [];
  const how = {};
  let same = true;
  versions.forEach((v, i) => {
    let s = process.cpuUsage();
    const a = analyze({ text: v.text, path: f.path }, ruleset, { parseCache: cache });
    const c = cpuMs(s);
    how[cache.trees?.last ?? 'none'] = (how[cache.trees?.last ?? 'none'] ?? 0) + 1;
    s = process.cpuUsage();
    const b = analyze({ text: v.text, path: f.path }, ruleset);
    const w = cpuMs(s);
    if (JSON.stringify(a.findings) !== JSON.stringify(b.findings)) same = false;
    if (i >= WARM) {
      cached.push(c);
      whole.push(w);
      copied.push(cache.trees?.copied ?? 0);
    }
  });
  if (cache.trees) releaseTreeCache(cache.trees);
  const findings = analyze({ text: f.text, path: f.path }, ruleset).findings.length;
  results.files.push({
    file: f.name, language: f.language, chars: f.text.length, findings, grammarLoadMs,
    cpuMsPerEdit: { withDocumentCache: stats(cached), wholeParse: stats(whole) },
    nodesCopiedPerEdit: stats(copied), howParsed: how, sameFindings: same,
  });
  console.log(`${f.name}: ${(f.text.length / 1024).toFixed(1)} KB, ${findings} findings; CPU ms per edit with the document cache median ${stats(cached).median} / p95 ${stats(cached).p95}, parsed whole ${stats(whole).median} / ${stats(whole).p95}; same findings: ${same}`);
}

// The language server over stdio: didChange → that version's diagnostics.
if (existsSync(join(root, 'dist', 'server.js'))) {
  const client = new StdioClient(root);
  await client.initialize();
  for (const f of files()) {
    const uri = pathToFileURL(join(tmpdir(), 'warden-bench-languages', f.path)).toString();
    await client.open(uri, f.language, f.text);
    const latencies = [];
    let version = 1;
    for (const [i, e] of edits(f.text).entries()) {
      version++;
      const wait = client.diagnostics(uri, version);
      const t0 = performance.now();
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.insert ? e.character : e.character + 1 } }, text: e.insert ? ' ' : '' }],
      });
      await wait;
      if (i >= WARM) latencies.push(performance.now() - t0);
    }
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const row = results.files.find((r) => r.file === f.name);
    row.didChangeToDiagnosticsMs = stats(latencies);
    console.log(`${f.name}: didChange → diagnostics median ${row.didChangeToDiagnosticsMs.median} / p95 ${row.didChangeToDiagnosticsMs.p95} ms (wall-clock)`);
  }
  await client.stop();
} else {
  console.log('(dist/server.js is missing: run `npm run build` for the language-server figures)');
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'languages.json'), `${JSON.stringify(results, null, 2)}\n`);
if (results.files.some((r) => !r.sameFindings)) process.exitCode = 1;
