#!/usr/bin/env node
// Editor speed of the tree-sitter languages: typing into one real file per language (Python, Java, PHP,
// Go, Ruby, C#; 18–40 KB, written by others, read from the fetch tool's mirrors at pinned commits; list
// in lib/language-files.mjs) plus two ~31 KB files made of the vulnerable corpus's handlers repeated
// (215 and 108 findings), so the data-flow rules have work. Typing: a space typed at the end of a line,
// then deleted again (one character per edit; the code stays valid, Python included), at lines spread
// through the file. Every rule of the recommended preset runs, as in the editor.
//  - In process, CPU time per edit (process.cpuUsage: does not grow with the machine's load the way
//    wall-clock does) with the document's parse cache, as the server runs it (incremental tree-sitter
//    parse), and without it (every version parsed whole, as before), interleaved in one run; the
//    findings of both must be identical.
//  - Over stdio, the language server (dist/server.js) as an editor drives it: didChange with the
//    one-character edit, waiting for that version's diagnostics (wall-clock, so inflated by load).
// The grammar load (once per process) is timed apart. Needs `npm run build`. Results:
// bench-results/languages.json. BENCH_EDITS (default 160) sets the edits per file. Where the time goes:
// languages-profile.mjs.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StdioClient } from './lib/stdio-client.mjs';
import { languageFiles, typingEdits } from './lib/language-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { analyze } = require('./out/server/src/engine/engine.js');
const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
const { loadGrammar, releaseTreeCache } = require('./out/server/src/treesitter/runtime.js');
const { lastUnitsRun } = require('./out/server/src/dataflow/run.js');

const EDITS = Number(process.env.BENCH_EDITS ?? 160);
const WARM = 20;
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
for (const f of languageFiles(root)) {
  let t = performance.now();
  await loadGrammar(f.language);
  const grammarLoadMs = round(performance.now() - t);
  const versions = typingEdits(f.text, EDITS + WARM);
  const cache = {};
  analyze({ text: f.text, path: f.path }, ruleset, { parseCache: cache });
  const cached = [];
  const whole = [];
  const copied = [];
  const unitsRan = [];
  const how = {};
  let same = true;
  versions.forEach((v, i) => {
    let s = process.cpuUsage();
    const a = analyze({ text: v.text, path: f.path }, ruleset, { parseCache: cache });
    const c = cpuMs(s);
    how[cache.trees?.last ?? 'none'] = (how[cache.trees?.last ?? 'none'] ?? 0) + 1;
    const units = cache.trees && lastUnitsRun(cache.trees);
    s = process.cpuUsage();
    const b = analyze({ text: v.text, path: f.path }, ruleset);
    const w = cpuMs(s);
    if (JSON.stringify(a.findings) !== JSON.stringify(b.findings)) same = false;
    if (i >= WARM) {
      cached.push(c);
      whole.push(w);
      copied.push(cache.trees?.copied ?? 0);
      if (units) unitsRan.push(units.run / units.total);
    }
  });
  if (cache.trees) releaseTreeCache(cache.trees);
  const findings = analyze({ text: f.text, path: f.path }, ruleset).findings.length;
  results.files.push({
    file: f.name, language: f.language, chars: f.text.length, findings, grammarLoadMs,
    cpuMsPerEdit: { withDocumentCache: stats(cached), wholeParse: stats(whole) },
    nodesCopiedPerEdit: stats(copied), howParsed: how, sameFindings: same,
    // Share of the file's units (root + outermost functions) the rules ran on per edit; the rest kept their findings.
    unitsRunPerEdit: stats(unitsRan),
  });
  console.log(`${f.name}: ${(f.text.length / 1024).toFixed(1)} KB, ${findings} findings; CPU ms per edit with the document cache median ${stats(cached).median} / p95 ${stats(cached).p95}, parsed whole ${stats(whole).median} / ${stats(whole).p95}; units run per edit median ${stats(unitsRan).median} / p95 ${stats(unitsRan).p95}; same findings: ${same}`);
}

// The language server over stdio: didChange → that version's diagnostics.
if (existsSync(join(root, 'dist', 'server.js'))) {
  const client = new StdioClient(root);
  await client.initialize();
  for (const f of languageFiles(root, { log() {} })) {
    const uri = pathToFileURL(join(tmpdir(), 'warden-bench-languages', f.path)).toString();
    await client.open(uri, f.language, f.text);
    const latencies = [];
    let version = 1;
    for (const [i, e] of typingEdits(f.text, EDITS + WARM).entries()) {
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
