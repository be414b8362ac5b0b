// The files the tree-sitter editor benchmarks type into: one real file of ~20–40 KB per language from
// the noise projects (written by others, read from the fetch tool's mirrors at pinned commits; a
// project not mirrored here is left out with a note), plus two ~31 KB files made of the vulnerable
// corpus's handlers repeated, so the data-flow rules have work. And the typing itself.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REAL = [
  { language: 'python', repo: 'psf+requests', commit: '1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e', file: 'src/requests/sessions.py' },
  { language: 'java', repo: 'brettwooldridge+HikariCP', commit: '604d7d5838e96afbbdd4e19eedab7497cf368eb6', file: 'src/main/java/com/zaxxer/hikari/pool/HikariPool.java' },
  { language: 'php', repo: 'laravel+framework', commit: 'bd71b45fbb7e672957bf6ff61baddefe15fbca6a', file: 'src/Illuminate/Auth/SessionGuard.php' },
  { language: 'go', repo: 'spf13+cobra', commit: 'adbc8813901bba65827259daa8e22ff94ec1f30e', file: 'completions.go' },
  { language: 'ruby', repo: 'sinatra+sinatra', commit: 'cb22afd7902b566b6eaba6c4ea89739494a65d12', file: 'test/routing_test.rb' },
  // eShop's largest hand-written C# file (the larger ones are generated protobuf code).
  { language: 'csharp', repo: 'dotnet+eShop', commit: '5624ad564d1602a927879df32a79b94522eb6101', file: 'src/Catalog.API/Apis/CatalogApi.cs' },
];

/** Repeats the body of a source until it reaches `size` characters, renaming top-level names each time. */
function grow(text, size, rename) {
  let out = text;
  for (let i = 1; out.length < size; i++) out += `\n${rename(text, i)}`;
  return out;
}

/** `{ name, language, path, text }` for each file; BENCH_MIRRORS overrides /work/.mirror. */
export function languageFiles(root, { log = console.log } = {}) {
  const mirrors = process.env.BENCH_MIRRORS ?? '/work/.mirror';
  const corpus = (p) => readFileSync(join(root, 'test', 'corpus', 'vulnerable', p), 'utf8');
  const out = [];
  for (const r of REAL) {
    const git = join(mirrors, r.repo, 'repo');
    if (!existsSync(git)) {
      log(`(${r.repo} is not mirrored here: its row is left out)`);
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

/**
 * The versions typing produces, `count` of them: a space typed at the end of a line, then deleted
 * (one character per edit; the code stays valid, Python included), at spread-out lines.
 */
export function typingEdits(text, count) {
  const lines = text.split('\n');
  const out = [];
  let current = lines.slice();
  for (let v = 0; v < count; v++) {
    let line = (Math.floor(v / 2) * 37) % lines.length;
    while (lines[line].endsWith('\\')) line = (line + 1) % lines.length; // a continuation line must stay one
    current = current.slice();
    const insert = v % 2 === 0;
    current[line] = insert ? `${current[line]} ` : current[line].slice(0, -1);
    out.push({ line, character: lines[line].length, insert, text: current.join('\n') });
  }
  return out;
}
