import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as fc from 'fast-check';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import type { ParseCache } from '../../server/src/engine/reparse';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { ParseCaches } from '../../server/src/server';
import { loadAllGrammars, parseTree, releaseTreeCache, textEdit, type ParsedTree, type SyntaxNode, type TreeCache } from '../../server/src/treesitter/runtime';
import { FUZZ_RUNS, fuzzOptions, tried } from '../helpers/fuzz';
import { LspHarness } from '../helpers/lsp';

/**
 * Incremental tree-sitter parsing in the editor: the document's previous tree is edited and parsed
 * again, and the subtrees tree-sitter reused keep their JavaScript copies. Whatever the edits, the
 * tree must equal a fresh parse of the same text, node for node, and so must the findings.
 */
const ROOT = join(__dirname, '..', '..', '..');
const corpus = (p: string) => readFileSync(join(ROOT, 'test', 'corpus', 'vulnerable', p), 'utf8');

/** The tree as data: what rules and the flow read (no parent links, no tree-sitter ids nor their bookkeeping). */
function shape(tree: ParsedTree): string {
  return JSON.stringify({ root: tree.root, size: tree.size, hasErrors: tree.hasErrors }, (k, v: unknown) => (k === 'parent' || k === 'id' || k === 'idsBelow' ? undefined : v));
}

/**
 * Every child points at its parent, and every node lies within it; below a node that says no node
 * below it holds a tree-sitter id (`idsBelow`, which lets the copy skip walking it), none does.
 */
function checkLinks(node: SyntaxNode): void {
  const stack: [SyntaxNode, boolean][] = [[node, false]];
  while (stack.length > 0) {
    const [n, bare] = stack.pop()!;
    for (const c of n.children) {
      assert.equal(c.parent, n);
      assert.ok(c.start >= n.start && c.end <= n.end, `${c.type} ${c.start}-${c.end} within ${n.type} ${n.start}-${n.end}`);
      if (bare || !n.idsBelow) assert.ok(c.id === undefined || c.id === -1, `${c.type} ${c.start}-${c.end} holds id ${c.id} below a node without ids below it`);
      stack.push([c, bare || !n.idsBelow]);
    }
  }
}

const FILES: [string, string, string][] = [
  ['python', 'app.py', corpus('python/app.py')],
  ['java', 'UserController.java', corpus('java/UserController.java')],
  ['php', 'index.php', corpus('php/index.php')],
  ['go', 'server.go', corpus('go/server.go')],
  ['csharp', 'OrdersController.cs', corpus('csharp/OrdersController.cs')],
  ['ruby', 'app.rb', corpus('ruby/app.rb')],
];

describe('tree-sitter incremental parsing (the editor)', function () {
  this.timeout(120_000);
  before(loadAllGrammars);

  it('describes the edit between two texts in UTF-16 offsets, rows and columns', () => {
    const edit = textEdit('a = 1\nbé = 2\nc = 3\n', 'a = 1\nbé = 22\nc = 3\n');
    assert.deepEqual(edit, {
      startIndex: 12, oldEndIndex: 12, newEndIndex: 13, delta: 1,
      startPosition: { row: 1, column: 6 }, oldEndPosition: { row: 1, column: 6 }, newEndPosition: { row: 1, column: 7 },
    });
    const lines = textEdit('x\ny\nz', 'x\nq\nr\ns\nz');
    assert.deepEqual([lines.startIndex, lines.oldEndIndex, lines.newEndIndex, lines.startPosition, lines.oldEndPosition, lines.newEndPosition],
      [2, 3, 7, { row: 1, column: 0 }, { row: 1, column: 1 }, { row: 3, column: 1 }]);
  });

  it('copies out of WebAssembly only the nodes around a one-character edit, and equals a fresh parse', () => {
    const text = corpus('python/app.py');
    const cache: TreeCache = {};
    const first = parseTree(text, 'python', cache);
    assert.equal(cache.last, 'full');
    assert.equal(cache.copied, first.size);
    const at = text.indexOf('cursor.execute');
    const typed = `${text.slice(0, at + 6)}s${text.slice(at + 6)}`; // `cursors.execute`
    let again = parseTree(typed, 'python', cache);
    assert.equal(cache.last, 'incremental');
    assert.ok(cache.copied! > 0 && cache.copied! < again.size / 4, `${cache.copied} of ${again.size} copied`);
    assert.equal(shape(again), shape(parseTree(typed, 'python')));
    checkLinks(again.root);
    // A space on an empty line between two functions: tree-sitter's Python scanner makes every node
    // after it anew (new ids) with the same structure (no changed range); they are found by place.
    const blank = typed.indexOf('\n\n', typed.indexOf('\ndef ')) + 1;
    const spaced = `${typed.slice(0, blank)} ${typed.slice(blank)}`;
    const third = parseTree(spaced, 'python', cache);
    assert.ok(cache.copied! < 20, `${cache.copied} of ${third.size} copied`);
    assert.equal(shape(third), shape(parseTree(spaced, 'python')));
    checkLinks(third.root);
    const back = parseTree(typed, 'python', cache);
    assert.ok(cache.copied! < 20, `${cache.copied} of ${back.size} copied`);
    assert.equal(shape(back), shape(parseTree(typed, 'python')));
    again = back;
    // The same text again (a new ruleset or settings): the same tree, nothing parsed.
    assert.equal(parseTree(typed, 'python', cache), again);
    assert.equal(cache.last, 'same');
    releaseTreeCache(cache);
    assert.equal(cache.tree, undefined);
    assert.equal(cache.parsed, undefined);
    parseTree(typed, 'python', cache);
    assert.equal(cache.last, 'full');
    releaseTreeCache(cache);
  });

  it('a long run of edits (the id map is kept from edit to edit, with stale entries) equals fresh parses at every step', () => {
    // 80 edits per language that keep the code valid (a space typed or deleted mid-line, where the
    // previous edit can be parsed incrementally): nodes around each edit leave the tree and tree-sitter
    // may hand their ids to new nodes; the kept map must never reuse such a stale copy.
    for (const [language, , text] of FILES) {
      const cache: TreeCache = {};
      try {
        let current = text;
        parseTree(current, language, cache);
        let seed = 7;
        const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        let incremental = 0;
        for (let i = 0; i < 80; i++) {
          const gaps = [...current.matchAll(/(?<=\S) /g)].map((m) => m.index);
          const at = gaps[Math.floor(next() * gaps.length)]!;
          current = i % 3 === 2 && current[at + 1] === ' ' ? current.slice(0, at) + current.slice(at + 1) : `${current.slice(0, at)} ${current.slice(at)}`;
          const tree = parseTree(current, language, cache);
          if (cache.last === 'incremental') incremental++;
          assert.equal(shape(tree), shape(parseTree(current, language)), `${language}, edit ${i}`);
          checkLinks(tree.root);
        }
        assert.ok(incremental > 50, `${language}: ${incremental} incremental parses`);
        assert.ok(cache.byId!.size <= 2 * cache.parsed!.size + 1024, 'stale entries are dropped');
      } finally {
        releaseTreeCache(cache);
      }
    }
  });

  it('starts afresh when the document changes language', () => {
    const cache: TreeCache = {};
    parseTree('x = 1\n', 'python', cache);
    const ruby = parseTree('x = 1\n', 'ruby', cache);
    assert.equal(cache.last, 'full');
    assert.equal(shape(ruby), shape(parseTree('x = 1\n', 'ruby')));
    releaseTreeCache(cache);
  });

  describe('fuzz: random edit sequences equal fresh parses, in every language', () => {
    // Mostly edits that keep the code whole, some that break it (the next edit starts from an error tree).
    const KEEP = [' ', '\n', 'x', '1', '\n\n', '    ', '\t', 'é', '😀', 'foo(bar)', '"s"', '# c\n', '// c\n'];
    const PIECES = ['(', ')', '{', '}', '[', ']', '"', "'", ':', ';', '/*', '*/', '<?php ', '?>', 'def f(a):\n    return a\n', 'end\n', 'class C {}', '$x', '\r\n', '#{', '`'];
    const edit = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(12) }),
      insert: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KEEP) }, { weight: 1, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }),
    });
    let reusedSome = 0;
    for (const [language, , text] of FILES) {
      it(`${language} (${text.length} characters)`, () => {
        fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
          tried('treesitter-reparse');
          const cache: TreeCache = {};
          try {
            parseTree(text, language, cache);
            let current = text;
            for (const e of edits) {
              const at = Math.floor(e.at * current.length);
              current = current.slice(0, at) + e.insert + current.slice(at + e.remove);
              const tree = parseTree(current, language, cache);
              const fresh = parseTree(current, language);
              assert.equal(shape(tree), shape(fresh));
              checkLinks(tree.root);
              if (cache.last === 'incremental' && cache.copied! < fresh.size) reusedSome++;
            }
          } finally {
            releaseTreeCache(cache);
          }
        }), fuzzOptions(Math.max(10, Math.floor(FUZZ_RUNS / 40))));
      });
    }
    after(() => assert.ok(reusedSome > 0, 'some edits reused subtrees'));
  });

  it('fuzz: typing into a file gives the same findings with the document cache as without', () => {
    const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
    const STEPS = [' ', 'x', '\n', '(', ')', '"', 'request.args["q"]', 'cursor.execute(q)\n', 'eval(x)'];
    fc.assert(fc.property(fc.constantFrom(...FILES), fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.constantFrom(...STEPS), remove: fc.nat(3) }), { minLength: 1, maxLength: 5 }), ([language, path, text], edits) => {
      tried('treesitter-reparse');
      const cache: ParseCache = {};
      try {
        analyze({ text, path }, ruleset, { parseCache: cache });
        let current = text;
        for (const e of edits) {
          const at = Math.floor(e.at * current.length);
          current = current.slice(0, at) + e.insert + current.slice(at + e.remove);
          const withCache = analyze({ text: current, path }, ruleset, { parseCache: cache, timeBudgetMs: 1e9 });
          const without = analyze({ text: current, path }, ruleset, { timeBudgetMs: 1e9 });
          assert.deepEqual(withCache, without, language);
        }
        assert.equal(cache.trees?.language, language);
      } finally {
        if (cache.trees) releaseTreeCache(cache.trees);
      }
    }), fuzzOptions(Math.max(10, Math.floor(FUZZ_RUNS / 50))));
  });

  it('the server frees a document\'s tree when it closes or its cache is dropped', () => {
    const caches = new ParseCaches(2);
    for (const uri of ['a', 'b']) parseTree('x = 1\n', 'python', (caches.get(uri).trees ??= {}));
    assert.equal(caches.treesHeld, 2);
    const a = caches.get('a').trees!;
    caches.delete('a');
    assert.equal(a.tree, undefined);
    assert.equal(caches.treesHeld, 1);
    const b = caches.get('b').trees!;
    // Two more documents: `b` is the least recently used one and is dropped, its tree freed.
    for (const uri of ['c', 'd']) parseTree('y = 2\n', 'python', (caches.get(uri).trees ??= {}));
    assert.equal(b.tree, undefined);
    assert.equal(caches.treesHeld, 2);
    caches.delete('c');
    caches.delete('d');
    assert.equal(caches.treesHeld, 0);
  });

  it('in the server: diagnostics of a Python file after a run of edits equal those of the final text opened fresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-ts-reparse-lsp-'));
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      const edited = pathToFileURL(join(dir, 'edited.py')).toString();
      await lsp.open(edited, corpus('python/app.py'), 'python');
      let version = 1;
      for (const [from, to] of [['verify=False', 'verify=True'], ['request.args.get("name")', 'request.form.get("name")'], ['\n', '\nimport sys\n'], ['import pickle', 'import pickle, json']] as const) {
        const text = lsp.text(edited);
        const at = text.indexOf(from);
        assert.ok(at >= 0, from);
        const position = (offset: number) => {
          const before = text.slice(0, offset).split('\n');
          return { line: before.length - 1, character: before[before.length - 1]!.length };
        };
        version = lsp.edit(edited, [{ range: { start: position(at), end: position(at + from.length) }, newText: to }]);
      }
      const after = await lsp.nextDiagnostics(edited, version);
      const fresh = await lsp.open(pathToFileURL(join(dir, 'fresh.py')).toString(), lsp.text(edited), 'python');
      const strip = (d: typeof after.diagnostics) => d.map((x) => ({ code: x.code, range: x.range, message: x.message, severity: x.severity }));
      assert.deepEqual(strip(after.diagnostics), strip(fresh.diagnostics));
      assert.ok(after.diagnostics.some((d) => d.code === 'tainted-sql'));
    } finally {
      await lsp.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
