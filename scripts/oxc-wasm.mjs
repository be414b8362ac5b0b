// oxc's WebAssembly binding, staged beside the bundles as dist/oxc-wasm/ (where
// server/src/engine/parser.ts looks first): the universal .vsix (scripts/package.mjs) and the CLI
// package (scripts/cli-package.mjs) ship it as the fallback where no native binding loads.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** Bundles the binding in `from` (the @oxc-parser/binding-wasm32-wasi folder) into `dir`. */
export async function stageOxcWasm(from, dir) {
  // The binding's loader and its thread script, with their runtime (@napi-rs/wasm-runtime, @emnapi/*) bundled in.
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
}
