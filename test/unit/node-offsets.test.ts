import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parserInUse, useParser, type OxcTransfer } from '../../server/src/engine/parser';
import { isNode } from '../../server/src/engine/tree';
import type { TSESTree } from '../../server/src/engine/ast';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Nodes carry their offsets as `start`/`end` and no `range` array, whichever parser ran: oxc's
 * deserialiser builds none (one allocation less per node, a seventh of a 1 MB file's first analysis),
 * typescript-estree's trees are given the same shape (tree.ts `withOffsets`), and no module reads `range`.
 */
describe('node offsets: start/end, no range arrays', function () {
  this.timeout(120_000);

  // An import's default specifier and its name, which typescript-estree gives one shared range array;
  // JSX, a class with decorators, a template, a regular expression and non-ASCII text before them.
  const text = [
    "import first, { b as c } from 'a';",
    'const é = "ü"; /* 中文 */',
    '@sealed class K<T> { @log m(x: T): void { return void `a${x}b`; } }',
    'export const v = <div id={c}>{/x+/u.test(first)}</div>;',
  ].join('\n');

  const parsers: [name: 'oxc-native' | 'oxc-wasm' | 'typescript-estree', transfer: OxcTransfer | undefined][] = [
    ['oxc-native', undefined],
    ['oxc-native', 'json'],
    ['oxc-wasm', undefined],
    ['typescript-estree', undefined],
  ];

  function nodesOf(program: TSESTree.Program): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const stack: unknown[] = [program];
    while (stack.length > 0) {
      const node = stack.pop() as Record<string, unknown>;
      out.push(node);
      for (const key in node) {
        if (key === 'parent') continue;
        const value = node[key];
        for (const v of Array.isArray(value) ? value : [value]) if (isNode(v)) stack.push(v);
      }
    }
    return out;
  }

  it('every parser gives every node numeric start/end and no range, at the same offsets', () => {
    let reference: string | undefined;
    for (const [name, transfer] of parsers) {
      useParser(name, transfer);
      try {
        const program = parse(text, true);
        const nodes = nodesOf(program);
        assert.ok(nodes.length > 50, `${parserInUse().description}: ${nodes.length} nodes`);
        for (const node of nodes) {
          assert.equal(node.range, undefined, `${parserInUse().description}: ${String(node.type)} has a range`);
          assert.ok(typeof node.start === 'number' && typeof node.end === 'number' && node.start <= node.end, `${parserInUse().description}: ${String(node.type)} offsets`);
        }
        const offsets = JSON.stringify(nodes.map((n) => [n.type, n.start, n.end]).sort());
        reference ??= offsets;
        assert.equal(offsets, reference, `${parserInUse().description} places the nodes as the first parser did`);
        const imported = program.body[0] as TSESTree.ImportDeclaration;
        assert.equal(text.slice(imported.specifiers[0]!.local.start, imported.specifiers[0]!.local.end), 'first');
      } finally {
        useParser(undefined);
      }
    }
  });

  it('no module that reads the JavaScript/TypeScript tree reads a node\'s range', () => {
    const offenders: string[] = [];
    for (const dir of ['engine', 'rules', 'templates']) {
      const base = join(ROOT, 'server', 'src', dir);
      for (const file of readdirSync(base, { recursive: true }) as string[]) {
        if (!file.endsWith('.ts')) continue;
        readFileSync(join(base, file), 'utf8').split('\n').forEach((line, i) => {
          // tree.ts `withOffsets` turns typescript-estree's range into start/end: the one place that reads it.
          if (dir === 'engine' && file === 'tree.ts' && /\bnode\.range\b/.test(line)) return;
          if (/\.range\b|\[['"]range['"]\]|['"]range['"] in\b/.test(line)) offenders.push(`${dir}/${file}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    assert.deepEqual(offenders, []);
  });
});
