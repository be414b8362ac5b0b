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
import { build } from 'esbuild';

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
    // The binding's loader and its thread script, with their runtime (@napi-rs/wasm-runtime, @emnapi/*) bundled in.
    const dir = join(root, 'dist', 'oxc-wasm');
    mkdirSync(dir, { recursive: true });
    // The binding needs its own emnapi 2 (nested in its folder), not the emnapi 1 hoisted for others.
    const nested = join(from, 'node_modules');
    const ownEmnapi = {
      name: 'own-emnapi',
      setup(b) {
        b.onResolve({ filter: /^@emnapi\/(core|runtime|wasi-threads)$/ }, (args) =>
          existsSync(join(nested, args.path)) ? { path: execFileSync(process.execPath, ['-p', `require.resolve(${JSON.stringify(args.path)}, { paths: [${JSON.stringify(from)}] })`], { encoding: 'utf8' }).trim() } : undefined);
      },
    };
    const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'error', absWorkingDir: from, plugins: [ownEmnapi] };
    await build({ ...common, entryPoints: [join(from, 'parser.wasi.cjs')], format: 'cjs', outfile: join(dir, 'parser.wasi.cjs') });
    // The worker asks for its runtime by name through a `require` of its own (createRequire), which
    // esbuild leaves to run time: inside an installed .vsix there is no node_modules to find it in.
    // It becomes a static import, so the runtime is bundled into the worker file itself.
    const runtimeBundled = {
      name: 'runtime-bundled',
      setup(b) {
        b.onLoad({ filter: /wasi-worker\.mjs$/ }, (args) => {
          const source = readFileSync(args.path, 'utf8');
          const named = /\brequire\((['"])@napi-rs\/wasm-runtime\1\)/g;
          if (!named.test(source)) throw new Error(`${args.path}: no require of @napi-rs/wasm-runtime to bundle (the binding changed; check this plugin)`);
          return { contents: `import * as __wardenWasmRuntime from '@napi-rs/wasm-runtime';\n${source.replace(named, '__wardenWasmRuntime')}`, loader: 'js', resolveDir: dirname(args.path) };
        });
      },
    };
    await build({ ...common, plugins: [...common.plugins, runtimeBundled], entryPoints: [join(from, 'wasi-worker.mjs')], format: 'esm', outfile: join(dir, 'wasi-worker.mjs'),
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
    // Neither file may load a package by name at run time (the runtime's own guarded probe for a
    // caller's emnapi, `pair.require(…)`, falls back to the bundled copy and is not such a load).
    for (const file of ['parser.wasi.cjs', 'wasi-worker.mjs']) {
      const left = readFileSync(join(dir, file), 'utf8').match(/(?<![.\w$])require\d*\((['"])(?!node:)[^'"]+\1\)/g)?.filter((r) => !/\((['"])(?:fs|path|os|url|util|crypto|worker_threads|wasi|module|events|buffer|stream|assert|tty|child_process)\1\)/.test(r));
      if (left?.length) throw new Error(`dist/oxc-wasm/${file} still requires by name: ${left.join(', ')}`);
    }
    copyFileSync(join(from, 'parser.wasm32-wasi.wasm'), join(dir, 'parser.wasm32-wasi.wasm'));
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
