// The clean-code corpus for the insecure-pattern rules: the JS/TS sources of popular, well-kept npm
// packages installed as dev dependencies, without declarations, tests, bundles or minified files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CLEAN_PACKAGES = ['express', 'koa', 'fastify', 'axios', 'undici', 'ws', 'commander', 'yargs', 'lodash', 'pg', 'jsonwebtoken', 'helmet'];
export const JS_TS = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;
const SKIP_DIRS = new Set(['node_modules', 'test', 'tests', '__tests__', 'spec', 'specs', 'dist', 'build', 'coverage', 'benchmarks', 'bench', 'fixtures', 'example', 'examples', 'types']);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p, out);
    } else if (e.isFile() && JS_TS.test(e.name) && !e.name.endsWith('.d.ts') && !/\.min\.|[.-]bundle\./.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

/** Absolute paths, in a stable order. */
export function cleanNpmFiles(root) {
  return CLEAN_PACKAGES.flatMap((pkg) => walk(join(root, 'node_modules', pkg), []).sort());
}

/**
 * The same kind of files from every package installed at the top of node_modules (this project's
 * own link excepted): a larger, less curated corpus, with bundles and generated code in it, for the
 * speed comparison at scale. Files over 2 MB are left out, as `warden scan` skips them by default.
 */
export function allNpmFiles(root) {
  const modules = join(root, 'node_modules');
  const packages = readdirSync(modules)
    .filter((name) => !name.startsWith('.') && name !== 'warden')
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((scoped) => `${name}/${scoped}`) : [name]))
    .sort();
  return packages.flatMap((pkg) => walk(join(modules, pkg), []).sort()).filter((f) => statSync(f).size <= 2 * 1024 * 1024);
}
