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
import { stageOxcWasm } from './oxc-wasm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'packages', 'cli');

/**
 * What the CLI reads at run time, relative to the package root: the same layout as the repository's. The
 * one list of what ships: staging copies exactly these into packages/cli (whose `files` takes what staging put in `dist/`).
 * The bundles (the CLI's entry and the rest of it, whole and for a light scan, its scan workers' two, the packages it requires on first use, oxc's deserialiser the parsing threads require, the reference parser and the ReDoS checker it loads on demand), tree-sitter's WebAssembly runtime and grammars (read from beside the bundles), the
 * lessons (SARIF help, lesson links) and the ruleset schema.
 */
const RUNTIME = ['dist/cli.js', 'dist/warden-cli.js', 'dist/warden-cli-light.js', 'dist/scan-worker.js', 'dist/scan-worker-light.js', 'dist/re2js.js', 'dist/yaml.js', 'dist/ajv.js', 'dist/tree-sitter-wasm.js', 'dist/typescript-estree.js', 'dist/scslre.js', 'dist/oxc-deserialize.js', 'lessons', 'schemas', 'LICENSE'];

/**
 * The JavaScript/TypeScript parser, in the order server/src/engine/parser.ts tries it: oxc's native
 * binding for the platform, which npm installs from `optionalDependencies` (every binding oxc-parser
 * itself lists, at exactly the lockfile's oxc-parser version, the version the bundle was built
 * against); else oxc's WebAssembly binding, shipped in the package as dist/oxc-wasm/; else
 * typescript-estree (dist/typescript-estree.js).
 */
export function parserOptionalDependencies() {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages;
  const version = lock['node_modules/oxc-parser']?.version;
  if (!version) throw new Error('package-lock.json has no oxc-parser');
  const oxc = JSON.parse(readFileSync(path.join(root, 'node_modules', 'oxc-parser', 'package.json'), 'utf8'));
  if (oxc.version !== version) throw new Error(`node_modules/oxc-parser is ${oxc.version}, the lockfile says ${version}: run npm ci`);
  const names = Object.keys(oxc.optionalDependencies ?? {}).filter((n) => n.startsWith('@oxc-parser/binding-') && n !== '@oxc-parser/binding-wasm32-wasi').sort();
  if (names.length === 0) throw new Error('oxc-parser lists no native bindings');
  return Object.fromEntries(names.map((n) => [n, version]));
}

export async function stageCliPackage() {
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
  await stageOxcWasm(path.join(root, 'node_modules', '@oxc-parser', 'binding-wasm32-wasi'), path.join(out, 'dist', 'oxc-wasm'));
  // The package's version is the extension's: one release, one number; the native parser bindings
  // are its only (optional) dependencies.
  const manifest = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8'));
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const optionalDependencies = parserOptionalDependencies();
  if (manifest.version !== version || JSON.stringify(manifest.optionalDependencies) !== JSON.stringify(optionalDependencies)) {
    manifest.version = version;
    manifest.optionalDependencies = optionalDependencies;
    writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return { dir: out, lessons: readdirSync(path.join(out, 'lessons')).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dir } = await stageCliPackage();
  process.stdout.write(`CLI package staged in ${path.relative(process.cwd(), dir) || '.'}; "npm pack" there makes the tarball.\n`);
}
