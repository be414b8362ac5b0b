#!/usr/bin/env node
// How oxc's lazy nodes differ from the TS-ESTree nodes Warden's rules read, counted over real files:
// `node scripts/bench/lazy-shape.mjs DIR [--top N]` (Node 22+; needs `npx tsc -b`).
// Every JS/TS file under DIR is parsed twice: eagerly (oxc's TS deserialiser without ranges, Warden's walk
// setting `parent`) and lazily (oxc's lazy visitor over every node type). Nodes are paired by their offsets
// (same span, same order among the nodes of that span, pre-order on both sides); then counted:
// - which eager `type` became which lazy `type`, and the nodes one side has and the other does not;
// - per pair of types, the field names only one side has (`parent` and `type` aside; lazy fields are getters);
// - literals whose `value` differs, and nodes where `parent` is missing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsTsFiles, lazyFields, oxcOptionsFor } from './lib/lazy-tree.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const oxc = await import(require.resolve('oxc-parser'));
const { walkPreorder } = require('./out/server/src/engine/tree.js');
const { NODE_TYPE_IDS_MAP, LEAF_NODE_TYPES_COUNT } = await import(join(dirname(require.resolve('oxc-parser')), 'generated/lazy/type_ids.js'));
const args = process.argv.slice(2);
const dir = args[0];
const TOP = Number(args.includes('--top') ? args[args.indexOf('--top') + 1] : 40);

const bump = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
const pairs = new Map();
const onlyEager = new Map();
const onlyLazy = new Map();
const fieldDiff = new Map();
const values = new Map();
let eagerNodes = 0;
let lazyNodes = 0;
let parsed = 0;
let failed = 0;

// A lazy node's fields: its class's getters, and anything set on it (but `parent`, which this script sets).
const gettersOf = (node) => [...lazyFields(node), ...Object.keys(node).filter((k) => k !== 'parent')];

const LazyVisitor = oxc.experimentalGetLazyVisitor();
let collected = [];
const visitor = {};
for (const [name, id] of NODE_TYPE_IDS_MAP) {
  visitor[name] = (node) => collected.push(node);
  if (id >= LEAF_NODE_TYPES_COUNT) visitor[name] = (node) => collected.push(node);
}
const visitAll = new LazyVisitor(visitor);

const bySpan = (nodes) => {
  const map = new Map();
  for (const node of nodes) {
    const key = `${node.start}:${node.end}`;
    const list = map.get(key);
    if (list) list.push(node);
    else map.set(key, [node]);
  }
  return map;
};

for (const path of jsTsFiles(dir)) {
  const text = readFileSync(path, 'utf8');
  const options = oxcOptionsFor(path);
  const name = options.lang === 'ts' ? 'f.ts' : 'f.tsx';
  let eager;
  try {
    const result = oxc.parseSync(name, text, { ...options, experimentalRawTransfer: true });
    if (result.errors.length > 0) throw new Error('syntax');
    const all = [];
    all.length = walkPreorder(result.program, undefined, 0, all, 0);
    eager = all;
  } catch {
    failed++;
    continue;
  }
  const lazy = oxc.parseSync(name, text, { ...options, experimentalLazy: true });
  collected = [];
  lazy.visit(visitAll);
  parsed++;
  eagerNodes += eager.length;
  lazyNodes += collected.length;
  const e = bySpan(eager);
  const l = bySpan(collected);
  for (const [key, es] of e) {
    const ls = l.get(key) ?? [];
    for (let i = 0; i < Math.max(es.length, ls.length); i++) {
      const a = es[i];
      const b = ls[i];
      if (a && !b) bump(onlyEager, a.type);
      else if (b && !a) bump(onlyLazy, b.type);
      else {
        const pair = `${a.type} → ${b.type}`;
        bump(pairs, pair);
        const ek = new Set(Object.keys(a).filter((k) => k !== 'parent' && k !== 'type'));
        const lk = new Set(gettersOf(b).filter((k) => k !== 'type'));
        for (const k of ek) if (!lk.has(k)) bump(fieldDiff, `${pair}: eager only .${k}`);
        for (const k of lk) if (!ek.has(k)) bump(fieldDiff, `${pair}: lazy only .${k}`);
        if (a.type === 'Literal') {
          const same = Object.is(a.value, b.value) || (a.value instanceof RegExp && b.value instanceof RegExp && String(a.value) === String(b.value)) || (typeof a.value === 'bigint' && a.value === b.value);
          bump(values, `${b.type}: value ${same ? 'same' : 'differs'}${'raw' in a && a.raw !== b.raw ? ', raw differs' : ''}`);
        }
        if (a.type === 'Identifier' && a.name !== b.name) bump(values, `${b.type}: name differs`);
        if (b.parent === undefined) bump(values, 'lazy node without parent');
      }
    }
  }
  for (const [key, ls] of l) if (!e.has(key)) for (const b of ls) bump(onlyLazy, b.type);
  lazy.dispose();
}

const top = (map, n = TOP) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${String(v).padStart(8)}  ${k}`).join('\n');
const sameType = [...pairs].filter(([k]) => k.split(' → ')[0] === k.split(' → ')[1]).reduce((s, [, v]) => s + v, 0);
const paired = [...pairs.values()].reduce((s, v) => s + v, 0);
console.log(`${parsed} files parsed (${failed} with syntax errors skipped); nodes: eager ${eagerNodes}, lazy ${lazyNodes}; paired by span ${paired}, of which same type ${sameType} (${((100 * sameType) / paired).toFixed(1)}%)`);
console.log(`eager type → lazy type, where they differ (top ${TOP}):\n${top(new Map([...pairs].filter(([k]) => k.split(' → ')[0] !== k.split(' → ')[1])))}`);
console.log(`nodes only the eager tree has:\n${top(onlyEager)}`);
console.log(`nodes only the lazy tree has:\n${top(onlyLazy)}`);
console.log(`fields only one side has (top ${TOP}):\n${top(fieldDiff)}`);
console.log(`values:\n${top(values)}`);
