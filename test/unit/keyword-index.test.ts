import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { KeywordIndex } from '../../server/src/engine/textRules';
import { BUILTIN_CATALOG } from '../../server/src/rules';

/** The reference: a keyword is present when the lower-cased text contains it. */
function naive(keywords: string[], text: string): string[] {
  const lower = text.toLowerCase();
  return [...new Set(keywords.map((k) => k.toLowerCase()))].filter((k) => k && lower.includes(k)).sort();
}

describe('KeywordIndex (Aho-Corasick prefilter)', () => {
  it('finds overlapping, nested and case-folded keywords', () => {
    const index = new KeywordIndex(['sk_live', 'k_li', 'live', 'PASSWORD', 'pass', 'word', 'ß-key']);
    assert.deepEqual([...index.present('const SK_LIVE_password = 1; ß-KEY')].sort(), ['k_li', 'live', 'pass', 'password', 'sk_live', 'word', 'ß-key']);
    assert.deepEqual([...index.present('nothing here')], []);
  });

  it('agrees with a plain substring search on generated text', () => {
    // With the characters whose lower case is (or holds) ASCII: the Kelvin sign and dotted capital I.
    const alphabet = fc.constantFrom('a', 'b', 'c', 'A', 'B', 'k', 'i', 'K', '\u212a', '\u0130', '\u0307', 'z', 'Z', '@', '[', '_', '-', 'é', '\n');
    const word = fc.string({ unit: alphabet, minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.string({ unit: alphabet, maxLength: 200 }), (keywords, text) => {
        assert.deepEqual([...new KeywordIndex(keywords).present(text)].sort(), naive(keywords, text));
      }),
      { seed: 0x6b77, numRuns: 500 },
    );
  });

  it('folds case as toLowerCase does, without a lower-cased copy', () => {
    const index = new KeywordIndex(['key', 'pi', 'ik', 'i\u0307k', 'az']);
    assert.deepEqual([...index.present('\u212aEY')].sort(), ['key']);
    assert.deepEqual([...index.present('P\u0130K')].sort(), ['i\u0307k', 'pi']);
    assert.deepEqual([...index.present('A@Z[')], []);
  });

  it('agrees with a plain substring search for the built-in keywords on real code', () => {
    const keywords = [...BUILTIN_CATALOG.textRules.flatMap((r) => r.keywords), ...BUILTIN_CATALOG.astRules.flatMap((r) => r.keywords ?? [])];
    const text = "const key = 'AKIAZ7QXS4D2L5RVN3KB'; crypto.createHash('md5'); db.query(`SELECT ${id}`); password: hunter2\n";
    assert.deepEqual([...new KeywordIndex(keywords).present(text)].sort(), naive(keywords, text));
  });
});
