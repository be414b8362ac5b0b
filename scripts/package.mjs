#!/usr/bin/env node
// Packages the extension: one .vsix per platform with that platform's native oxc binding in dist/oxc/,
// and one universal .vsix with oxc's WebAssembly binding in dist/oxc-wasm/ (VS Code installs the
// platform one where it exists, the universal one elsewhere). Every .vsix also carries the reference
// parser (dist/typescript-estree.js, 1.7 MB compressed) as the last fallback.
//
//   node scripts/package.mjs                     every target, into build/vsix/
//   node scripts/package.mjs linux-x64 universal only these
//
// Bindings for other platforms come from the registry with `npm pack` (into build/bindings/, reused);
// they do not run here, they only ship. Run `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageOxcWasm } from './oxc-wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OXC_VERSION = JSON.parse(readFileSync(join(root, 'node_modules', 'oxc-parser', 'package.json'), 'utf8')).version;

/** vsce's platform targets and the oxc binding each ships (`universal`: the WebAssembly one). */
export const TARGETS = {
  'linux-x64': 'linux-x64-gnu',
  'linux-arm64': 'linux-arm64-gnu',
  'linux-armhf': 'linux-arm-gnueabihf',
  'alpine-x64': 'linux-x64-musl',
  'alpine-arm64': 'linux-arm64-musl',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64-msvc',
  'win32-arm64': 'win32-arm64-msvc',
  universal: 'wasm32-wasi',
};

const out = join(root, 'build', 'vsix');
const bindings = join(root, 'build', 'bindings');

/** The folder of `@oxc-parser/binding-<triple>` at the pinned version: installed, or fetched with npm pack. */
function bindingFolder(triple) {
  const installed = join(root, 'node_modules', '@oxc-parser', `binding-${triple}`);
  if (existsSync(join(installed, 'package.json')) && JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version === OXC_VERSION) return installed;
  const folder = join(bindings, `${triple}-${OXC_VERSION}`);
  if (!existsSync(join(folder, 'package', 'package.json'))) {
    mkdirSync(folder, { recursive: true });
    const tarball = execFileSync('npm', ['pack', `@oxc-parser/binding-${triple}@${OXC_VERSION}`, '--silent'], { cwd: folder, encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', tarball], { cwd: folder });
  }
  return join(folder, 'package');
}

async function stage(triple) {
  rmSync(join(root, 'dist', 'oxc'), { recursive: true, force: true });
  rmSync(join(root, 'dist', 'oxc-wasm'), { recursive: true, force: true });
  const from = bindingFolder(triple);
  if (triple === 'wasm32-wasi') {
    await stageOxcWasm(from, join(root, 'dist', 'oxc-wasm'));
  } else {
    mkdirSync(join(root, 'dist', 'oxc'), { recursive: true });
    copyFileSync(join(from, `parser.${triple}.node`), join(root, 'dist', 'oxc', `parser.${triple}.node`));
  }
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TARGETS);
mkdirSync(out, { recursive: true });
try {
  for (const target of wanted) {
    const triple = TARGETS[target];
    if (!triple) throw new Error(`unknown target ${target}; one of ${Object.keys(TARGETS).join(', ')}`);
    await stage(triple);
    const file = join(out, `warden-${target}.vsix`);
    const args = ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', file];
    if (target !== 'universal') args.push('--target', target);
    const r = spawnSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), ...args], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`vsce package ${target} failed:\n${r.stdout}\n${r.stderr}`);
    console.log(`${target.padEnd(13)} ${(statSync(file).size / 1024 / 1024).toFixed(2)} MB  ${file}`);
  }
} finally {
  // dist/ goes back to what `npm run build` makes: bindings are found in node_modules there.
  rmSync(join(root, 'dist', 'oxc'), { recursive: true, force: true });
  rmSync(join(root, 'dist', 'oxc-wasm'), { recursive: true, force: true });
}
