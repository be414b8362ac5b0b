import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { FileFlow } from '../../server/src/dataflow/flow';
import { LANGUAGE_SPECS } from '../../server/src/languages';
import { loadAllGrammars, parseTree, releaseTreeCache, type SyntaxNode, type TreeCache } from '../../server/src/treesitter/runtime';
import { FUZZ_RUNS, fuzzOptions, tried } from '../helpers/fuzz';

/**
 * A document's flow built from its previous version's (the editor's keystroke): units the parse reused
 * whole are taken over with their nodes, calls and functions, the calls by node are taken over and
 * patched, the file's lists are merged from the units when asked for, and a unit's code is compared
 * with the previous version's skipping the nodes the parse reused. Whatever the edits, every answer
 * must be a fresh flow's on a fresh parse of the same text.
 */
const ROOT = join(__dirname, '..', '..', '..');
const corpus = (p: string) => readFileSync(join(ROOT, 'test', 'corpus', 'vulnerable', p), 'utf8');

const FILES: [string, string][] = [
  ['python', corpus('python/app.py')],
  ['java', corpus('java/UserController.java')],
  ['php', corpus('php/index.php')],
  ['go', corpus('go/server.go')],
  ['csharp', corpus('csharp/OrdersController.cs')],
  ['ruby', corpus('ruby/app.rb')],
];

/** Pieces typed at a line's end: spacing, a comment, a statement-ish token, a brace that breaks the code. */
const PIECES = [' ', '  ', '\n', 'x', ' # c', ' // c', '(', '}', ' "s"', ';', '\n    y = f(z)\n'];

const place = (n: SyntaxNode) => `${n.type}@${n.start}-${n.end}`;

describe('the flow built from the previous version', function () {
  this.timeout(300_000);
  before(loadAllGrammars);

  for (const [language, text] of FILES) {
    it(`${language}: nodes, calls, functions, facts and code equal a fresh flow's after random edits`, () => {
      const spec = LANGUAGE_SPECS[language]!;
      let codeSkipped = 0;
      fc.assert(fc.property(fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), piece: fc.nat(PIECES.length - 1), how: fc.constantFrom('type', 'type', 'delete', 'replace') }), { minLength: 1, maxLength: 6 }), (edits) => {
        tried('flow-previous');
        const cache: TreeCache = {};
        try {
          let current = text;
          let flow = new FileFlow(current, spec, parseTree(current, language, cache).root);
          let codes = flow.units.map((_, i) => flow.unitCode(i));
          for (const e of edits) {
            const ends = [...current.matchAll(/\n/g)].map((m) => m.index);
            const end = ends[Math.floor(e.at * ends.length)] ?? current.length;
            // (A character replaced keeps the line's length: a leaf's text changes, not its length.)
            if (e.how === 'type') current = `${current.slice(0, end)}${PIECES[e.piece]}${current.slice(end)}`;
            else current = current.slice(0, Math.max(0, end - 1)) + (e.how === 'replace' ? 'q' : '') + current.slice(end);
            const next = new FileFlow(current, spec, parseTree(current, language, cache).root, flow);
            const fresh = new FileFlow(current, spec, parseTree(current, language).root);
            const why = `${language} after ${JSON.stringify(edits)}`;
            assert.deepEqual(next.fileNodes.map(place), fresh.fileNodes.map(place), why);
            assert.equal(next.fileNodeCount, fresh.fileNodes.length, why);
            assert.deepEqual(next.fileCalls.map((c) => `${c.name}@${place(c.node)}`), fresh.fileCalls.map((c) => `${c.name}@${place(c.node)}`), why);
            assert.deepEqual(next.units.map((u) => u.functions.map(place)), fresh.units.map((u) => u.functions.map(place)), why);
            next.fileNodes.forEach((n, i) => assert.equal(next.callOf(n)?.name, fresh.callOf(fresh.fileNodes[i]!)?.name, `${why}: call of ${place(n)}`));
            if (next.units.length === codes.length) {
              next.units.forEach((u, i) => {
                const same = fresh.unitCode(i) === codes[i];
                assert.equal(next.unitCodeIs(i, codes[i]!), same, `${why}: unit ${i} code`);
                if (u === flow.units[i]) codeSkipped++;
                if (i > 0) assert.equal(next.unitFacts(i), fresh.unitFacts(i), `${why}: unit ${i} facts`);
              });
            }
            assert.deepEqual(next.units.map((_, i) => next.unitCode(i)), fresh.units.map((_, i) => fresh.unitCode(i)), why);
            flow = next;
            codes = flow.units.map((_, i) => flow.unitCode(i));
          }
        } finally {
          releaseTreeCache(cache);
        }
      }), fuzzOptions(Math.max(10, Math.floor(FUZZ_RUNS / 40))));
      assert.ok(codeSkipped > 0, `${language}: some units were taken over whole`);
    });
  }
});
