#!/usr/bin/env node
// Stages the publishable CLI package in packages/cli/: the committed manifest (package.json) and README
// there, plus the bundles and data the CLI reads at run time, copied from the build. `npm run build`
// calls it; `npm run pack:cli` then makes the tarball (`npm pack` in packages/cli).
//
// Why a separate package: the root package.json is the VS Code extension manifest (private, with
// `contributes`, devDependencies for everything, and .vscodeignore for vsce, which refuses a `files`
// list beside it); see ARCHITECTURE.md, "The CLI package".
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'packages', 'cli');

/**
 * What the CLI reads at run time, relative to the package root: the same layout as the repository's.
 * The bundles, tree-sitter's WebAssembly runtime and grammars (read from beside the bundles), the
 * lessons (SARIF help, lesson links) and the ruleset schema.
 */
const RUNTIME = ['dist/cli.js', 'dist/typescript-estree.js', 'lessons', 'schemas', 'LICENSE'];

export function stageCliPackage() {
  const wasm = readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.wasm')).map((f) => `dist/${f}`);
  rmSync(path.join(out, 'dist'), { recursive: true, force: true });
  for (const rel of [...RUNTIME, ...wasm]) {
    const from = path.join(root, rel);
    if (!existsSync(from)) throw new Error(`${rel} is missing: run "npm run build" first`);
    const to = path.join(out, rel);
    rmSync(to, { recursive: true, force: true });
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(from, to, { recursive: true, filter: (f) => !f.endsWith('.map') });
  }
  // The package's version is the extension's: one release, one number.
  const manifest = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8'));
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (manifest.version !== version) {
    manifest.version = version;
    writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return { dir: out, lessons: readdirSync(path.join(out, 'lessons')).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dir } = stageCliPackage();
  process.stdout.write(`CLI package staged in ${path.relative(process.cwd(), dir) || '.'}; "npm pack" there makes the tarball.\n`);
}
