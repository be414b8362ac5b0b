// What lazy-ceiling.mjs and lazy-shape.mjs share: the JS/TS files of a folder, the options parser.ts gives oxc,
// and the fields of oxc's lazy nodes (getters on their classes).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every JS/TS file under `dir` (declaration files, dot-folders and node_modules left out). */
export function jsTsFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) jsTsFiles(path, out);
    else if (/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** As parser.ts asks oxc: TypeScript, TSX where JSX is allowed (here: every file not named .ts). */
export function oxcOptionsFor(path) {
  return { lang: /\.[mc]?ts$/.test(path) ? 'ts' : 'tsx', sourceType: 'module', preserveParens: false };
}

const gettersByClass = new Map();

/** The names of a lazy node's fields: the getters of its class, found once per class. */
export function lazyFields(node) {
  let list = gettersByClass.get(node.constructor);
  if (!list) {
    const proto = Object.getPrototypeOf(node);
    list = Object.keys(Object.getOwnPropertyDescriptors(proto)).filter((k) => typeof Object.getOwnPropertyDescriptor(proto, k).get === 'function');
    gettersByClass.set(node.constructor, list);
  }
  return list;
}
