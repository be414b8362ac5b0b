#!/usr/bin/env node
// What oxc's lazy raw transfer could save the 1 MB open, at best: the eager tree (what Warden builds now)
// against oxc's lazy tree, in a Worker with the analysis worker's resource limits (`workerResourceLimits`), on one thread.
// `node scripts/bench/lazy-ceiling.mjs [--node PATH] [--rounds N] [--runs N] [--target big|outline] [--variants a,b]`
//
// Variants, each in a fresh process per round (rotated order, so the load treats them alike):
//   parse       oxc's parse into the buffer only (nothing deserialised): the floor of any path
//   eager       parse + oxc's eager TS deserialiser (no ranges), as rawTransfer.ts loads it
//   eager-walk  the same + Warden's walk (`walkPreorder`: `parent` on every node, the node list the rules use)
//   lazy-visit  parse + oxc's lazy visitor calling only the node types Warden's AST rules dispatch on (mapped to
//               oxc's own type names), doing nothing with them
//   lazy-read   the same, reading every field of each visited node and the type and offsets of its children
//   lazy-all    parse + the lazy visitor on every node type, `parent` set and every node listed (what the engine's
//               whole-tree passes need: bindings, the module index, data flow), reading type and offsets
//   eager-calls the eager tree, walked, then every CallExpression's `callee.type` and `arguments.length` read 46 times
//               (46 of Warden's AST rules visit CallExpression, and most read those)
//   lazy-calls  the lazy visitor collecting CallExpressions, then the same 46 reads (each a getter; `callee` is looked up
//               again in the tree's node map on every read)
//   json-parse  Node 20's hand-over without raw transfer: parse and the tree written as JSON (in Rust), not read
//   json        the same + `JSON.parse` of it (oxc's wrapper, which also builds RegExp and BigInt values)
//   json-walk   the same + Warden's walk
// `--variants reads` runs eager-walk, eager-calls, lazy-visit and lazy-calls.
// Per run: the worker thread's CPU (/proc/thread-self/schedstat). `--target big`: the targets bench's 1 MB file,
// `--runs` times in one worker after the analysis worker's warm-up sample (the first run is the open's case);
// `--target outline`: every JS/TS file of outline (BENCH_APP_DIR, an extracted checkout), `--runs` passes.
// Needs `npx tsc -b` (Warden's walk from out/) and Node 22+ (raw transfer; oxc refuses lazy parsing on Node 20).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { jsTsFiles, lazyFields, oxcOptionsFor } from './lib/lazy-tree.mjs';
import { runWorkerChild } from './lib/worker-child.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const VARIANTS = ['parse', 'eager', 'eager-walk', 'lazy-visit', 'lazy-read', 'lazy-all'];
const READ_VARIANTS = ['eager-walk', 'eager-calls', 'lazy-visit', 'lazy-calls'];
const JSON_VARIANTS = ['json-parse', 'json', 'json-walk'];

/** Warden's dispatch types (every AST rule's visitor keys) in oxc's lazy names: ESTree's `Literal` and `Property` are several there. */
const RULE_TYPES = {
  CallExpression: ['CallExpression'],
  NewExpression: ['NewExpression'],
  Property: ['ObjectProperty', 'BindingProperty', 'AssignmentTargetPropertyProperty', 'AssignmentTargetPropertyIdentifier'],
  AssignmentExpression: ['AssignmentExpression'],
  Literal: ['BooleanLiteral', 'NullLiteral', 'NumericLiteral', 'StringLiteral', 'BigIntLiteral', 'RegExpLiteral'],
  JSXAttribute: ['JSXAttribute'],
  TemplateLiteral: ['TemplateLiteral'],
  VariableDeclarator: ['VariableDeclarator'],
  ObjectExpression: ['ObjectExpression'],
  MethodDefinition: ['MethodDefinition'],
  BinaryExpression: ['BinaryExpression'],
  ReturnStatement: ['ReturnStatement'],
  ArrowFunctionExpression: ['ArrowFunctionExpression'],
  Program: ['Program'],
};

if (!isMainThread) {
  const require = createRequire(join(root, 'package.json'));
  const oxc = await import(require.resolve('oxc-parser'));
  const { walkPreorder } = require('./out/server/src/engine/tree.js');
  const { WARM_UP } = require('./out/server/src/analysisWorker.js');
  const { NODE_TYPE_IDS_MAP, LEAF_NODE_TYPES_COUNT } = await import(join(dirname(require.resolve('oxc-parser')), 'generated/lazy/type_ids.js'));
  const variant = workerData.variant;
  // oxc throws when asked for its lazy visitor where raw transfer is not supported (Node 20).
  const LazyVisitor = variant.startsWith('lazy') ? oxc.experimentalGetLazyVisitor() : class {};
  const threadMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  let counted = 0;

  const readChild = (value) => {
    if (value !== null && typeof value === 'object' && typeof value.type === 'string') counted += value.start + value.end > -1 ? 1 : 0;
  };
  const readAll = (node) => {
    counted++;
    for (const key of lazyFields(node)) {
      const value = node[key];
      if (value !== null && typeof value === 'object' && typeof value.length === 'number' && typeof value !== 'string') {
        for (let i = 0; i < value.length; i++) readChild(value[i]);
      } else readChild(value);
    }
  };
  const readCalls = (calls) => {
    for (let r = 0; r < 46; r++) for (let i = 0; i < calls.length; i++) counted += calls[i].callee.type.length + calls[i].arguments.length > 0 ? 1 : 0;
  };
  const visitorFor = (fn) => {
    const visitor = {};
    for (const lazyTypes of Object.values(RULE_TYPES)) for (const t of lazyTypes) visitor[t] = fn;
    return new LazyVisitor(visitor);
  };
  const visitOnly = visitorFor(() => counted++);
  const visitRead = visitorFor(readAll);
  let all = [];
  const stack = [];
  const allVisitor = {};
  for (const [name, id] of NODE_TYPE_IDS_MAP) {
    const enter = (node) => {
      node.parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
      counted += node.start >= 0 && node.end >= 0 ? 1 : 0;
      all.push(node);
    };
    if (id < LEAF_NODE_TYPES_COUNT) allVisitor[name] = enter;
    else {
      allVisitor[name] = (node) => {
        enter(node);
        stack.push(node);
      };
      allVisitor[`${name}:exit`] = () => stack.pop();
    }
  }
  const visitAll = new LazyVisitor(allVisitor);

  const run = (name, text) => {
    const options = oxcOptionsFor(name);
    if (variant.startsWith('json')) {
      const result = oxc.parseSync(name, text, options);
      if (variant === 'json-parse') counted++;
      else if (variant === 'json') counted += result.program.body.length > -1 ? 1 : 0;
      else counted += walkPreorder(result.program, undefined, 0, [], 0);
      return;
    }
    if (variant.startsWith('eager')) {
      const result = oxc.parseSync(name, text, { ...options, experimentalRawTransfer: true });
      const program = result.program;
      if (variant === 'eager') counted++;
      else {
        const nodes = [];
        nodes.length = walkPreorder(program, undefined, 0, nodes, 0);
        counted += nodes.length;
        if (variant === 'eager-calls') readCalls(nodes.filter((n) => n.type === 'CallExpression'));
      }
      return;
    }
    const result = oxc.parseSync(name, text, { ...options, experimentalLazy: true });
    if (variant === 'lazy-visit') result.visit(visitOnly);
    else if (variant === 'lazy-calls') {
      const calls = [];
      result.visit(new LazyVisitor({ CallExpression: (node) => calls.push(node) }));
      readCalls(calls);
    }
    else if (variant === 'lazy-read') result.visit(visitRead);
    else if (variant === 'lazy-all') {
      all = [];
      result.visit(visitAll);
      all = [];
    }
    result.dispose();
  };

  run('warm-up.ts', WARM_UP.text);
  const rows = [];
  if (workerData.target === 'big') {
    const { typescriptFile } = await import('./lib/typescript-file.mjs');
    const big = typescriptFile(root, 1024 * 1024);
    for (let i = 0; i < workerData.runs; i++) {
      await new Promise((resolve) => setTimeout(resolve, i === 0 ? 500 : 100));
      const t = threadMs();
      counted = 0;
      run('bench-1mb.ts', big);
      rows.push({ threadMs: threadMs() - t, counted });
    }
  } else {
    const dir = process.env.BENCH_APP_DIR;
    // Files with syntax errors are left out (the AST rules skip them); checked before anything is timed, with
    // oxc's JSON hand-over, whose program is never read here, so no deserialiser runs.
    const texts = jsTsFiles(dir).map((path) => [path, readFileSync(path, 'utf8')]).filter(([path, text]) => oxc.parseSync(path, text, oxcOptionsFor(path)).errors.length === 0);
    for (let i = 0; i < workerData.runs; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const t = threadMs();
      counted = 0;
      let failed = 0;
      for (const [path, text] of texts) {
        try {
          run(path, text);
        } catch {
          failed++;
        }
      }
      rows.push({ threadMs: threadMs() - t, counted, files: texts.length, failed });
    }
  }
  parentPort.postMessage(rows);
} else if (args[0] === '--child') {
  // The analysis worker's limits: its young generation capped where trees come by raw transfer, V8's default on Node 20.
  const { workerResourceLimits } = createRequire(join(root, 'package.json'))('./out/server/src/analysisWorker.js');
  runWorkerChild(fileURLToPath(import.meta.url), { variant: args[1], target: args[2], runs: Number(args[3]) }, workerResourceLimits());
} else {
  const NODE = option('--node', process.execPath);
  const ROUNDS = Number(option('--rounds', 5));
  const RUNS = Number(option('--runs', 3));
  const TARGET = option('--target', 'big');
  const NODE_MAJOR = Number(/^v(\d+)/.exec(spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout)[1]);
  // oxc refuses raw transfer (eager or lazy) before Node 22.
  const asked = option('--variants', (NODE_MAJOR >= 22 ? VARIANTS : JSON_VARIANTS).join(','));
  const variants = (asked === 'reads' ? READ_VARIANTS.join(',') : asked).split(',');
  const runs = Object.fromEntries(variants.map((v) => [v, []]));
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const loadBefore = load();
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of variants.map((_, i) => variants[(i + r) % variants.length])) {
      const child = spawnSync(NODE, [fileURLToPath(import.meta.url), '--child', v, TARGET, String(RUNS)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (child.status !== 0) throw new Error(`the ${v} run failed: ${child.stderr}`);
      runs[v].push(JSON.parse(child.stdout.trim().split('\n').pop()));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`${NODE} (Node ${NODE_MAJOR}) target ${TARGET}, ${ROUNDS} rounds, load ${loadBefore} → ${load()}; worker thread CPU ms per run, median [rounds]`);
  for (const v of variants) {
    const cols = [];
    for (let i = 0; i < RUNS; i++) cols.push(`${i === 0 ? 'first' : `run ${i + 1}`} ${Math.round(median(runs[v].map((x) => x[i].threadMs)))} [${runs[v].map((x) => Math.round(x[i].threadMs)).join(' ')}]`);
    const extra = runs[v][0][0].files ? `, ${runs[v][0][0].files} files, ${runs[v][0][0].failed} failed` : '';
    console.log(`${v.padEnd(11)} ${cols.join('; ')}  (nodes/counted ${runs[v][0][0].counted}${extra})`);
  }
}
