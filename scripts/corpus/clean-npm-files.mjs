// The clean-code corpus for the insecure-pattern rules: the JS/TS sources of popular, well-kept npm
// packages installed as dev dependencies, without declarations, tests, bundles or minified files.
import { readdirSync } from 'node:fs';
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
