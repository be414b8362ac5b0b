import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { ScopeMap, scopeMapOf, type ScopeMemo } from '../../server/src/engine/lexer';
import { syntaxOf } from '../../server/src/engine/languages';
import { changedSpan } from '../../server/src/engine/textRules';
import { fuzzOptions, tried } from '../helpers/fuzz';

/**
 * The editor lexes only around an edit (`ScopeMap.updated`, through `scopeMapOf` and the document's
 * cache): whatever the text and the edit, the map must be the one a whole lex gives.
 */
const regions = (map: ScopeMap, length: number) => {
  const out: string[] = [];
  for (let i = 0; i <= length; i++) out.push(`${map.scopeAt(i)}${map.regionAt(i)?.join('-') ?? ''}`);
  return out.join(' ');
};

describe('scope map after an edit', () => {
  // Markers of every syntax below: quotes (single, triple, back), comments (#, //, /* */, --, <!-- -->), escapes, line ends.
  const piece = fc.constantFrom('"', "'", '`', '"""', "'''", '#', '//', '/*', '*/', '--', '<!--', '-->', '\\', '\n', ' ', 'a', 'x = 1', ';', '!');
  const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
  const languages = ['python', 'javascript', 'go', 'php', 'java', 'csharp', 'ruby', 'sql', 'xml', 'yaml', 'properties', 'json'];

  for (const language of languages) {
    it(`${language}: equals a whole lex of the edited text`, () => {
      const syntax = syntaxOf(language);
      fc.assert(fc.property(text, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(3), text), { minLength: 1, maxLength: 4 }), (first, edits) => {
        tried('scope-map-update');
        const memo: { scopes?: ScopeMemo } = {};
        let current = first;
        scopeMapOf(current, syntax, memo);
        for (const [at, removed, inserted] of edits) {
          const start = Math.floor(at * current.length);
          const next = current.slice(0, start) + inserted.slice(0, 6) + current.slice(Math.min(current.length, start + removed));
          const { start: s, oldEnd, newEnd } = changedSpan(current, next);
          const updated = ScopeMap.build(current, syntax).updated(next, syntax, s, oldEnd, newEnd);
          assert.equal(regions(updated, next.length), regions(ScopeMap.build(next, syntax), next.length), `${JSON.stringify(current)} → ${JSON.stringify(next)}`);
          assert.equal(regions(scopeMapOf(next, syntax, memo), next.length), regions(ScopeMap.build(next, syntax), next.length));
          current = next;
        }
      }), fuzzOptions());
    });
  }

  it('keeps the regions before the edit and moves those after it', () => {
    const syntax = syntaxOf('python');
    const before = 'a = "x"  # one\nb = 1\nc = """doc"""  # two\n';
    const after = before.replace('b = 1', 'b = 12');
    const { start, oldEnd, newEnd } = changedSpan(before, after);
    const map = ScopeMap.build(before, syntax).updated(after, syntax, start, oldEnd, newEnd);
    assert.deepEqual([...map.comments()], [[9, 14], [after.indexOf('# two'), after.indexOf('# two') + 5]]);
    assert.equal(map.scopeAt(after.indexOf('doc')), 'string');
    // An edit that opens a string: the rest of the line is string now.
    const opened = before.replace('b = 1', 'b = "1');
    const s2 = changedSpan(before, opened);
    assert.equal(ScopeMap.build(before, syntax).updated(opened, syntax, s2.start, s2.oldEnd, s2.newEnd).scopeAt(opened.indexOf('1')), 'string');
  });
});
