import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze, prepareAnalysis } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { changedSpan, KeywordIndex, keywordPassInWebAssembly } from '../../server/src/engine/textRules';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { SUPPRESSION_MARKERS } from '../../server/src/engine/suppression';

/** The reference: a keyword is present when the lower-cased text contains it. */
function naive(keywords: string[], text: string): string[] {
  const lower = text.toLowerCase();
  return [...new Set(keywords.map((k) => k.toLowerCase()))].filter((k) => k && lower.includes(k)).sort();
}

describe('KeywordIndex (Aho-Corasick prefilter)', () => {
  // The CLI's threads ask for the WebAssembly pass (the language server does not): these tests read both ways.
  before(() => keywordPassInWebAssembly());

  it('finds overlapping, nested and case-folded keywords', () => {
    const index = new KeywordIndex(['sk_live', 'k_li', 'live', 'PASSWORD', 'pass', 'word', 'ß-key']);
    assert.deepEqual([...index.present('const SK_LIVE_password = 1; ß-KEY')].sort(), ['k_li', 'live', 'pass', 'password', 'sk_live', 'word', 'ß-key']);
    assert.deepEqual([...index.present('nothing here')], []);
    // Each once (in no particular order).
    assert.deepEqual([...index.present('word live WORD pass')].sort(), ['live', 'pass', 'word']);
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

  it('finds keywords across the slices it reads a text in (256 characters), in the order they end', () => {
    const index = new KeywordIndex(['password', 'key', 'ik', 'secret']);
    for (const at of [0, 1, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 505, 509, 510, 511, 512, 767, 768]) {
      // `password` written so that it ends at, starts at or straddles a slice's end; `İk` (no `ik`: the
      // dotted capital lower-cases to `i` and a combining dot) and `key` after it.
      const text = `${'x'.repeat(at)}PassWord${'y'.repeat(300)}\u0130k${'z'.repeat(at % 7)}KEY`;
      assert.deepEqual([...index.present(text)], ['password', 'key'], `at ${at}`);
      assert.deepEqual([...index.present(text)].sort(), naive(['password', 'key', 'ik', 'secret'], text));
    }
    // Long generated texts, with keywords anywhere.
    const alphabet = fc.constantFrom('a', 'b', 'c', 'A', 'k', 'i', '\u0130', 'z', '-', '\n');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), fc.string({ unit: alphabet, minLength: 200, maxLength: 1_200 }), (keywords, text) => {
        assert.deepEqual([...new KeywordIndex(keywords).present(text)].sort(), naive(keywords, text));
      }),
      { seed: 0x5c1e, numRuns: 300 },
    );
  });

  it('finds keywords wherever the two runs of the WebAssembly pass meet, and across its windows (16 K units)', () => {
    // A text of n units is read as two runs from the root, [0, half) and [n - half, n), half = (n + longest) / 2
    // rounded down, so the runs overlap by longest - 1 units (longest: 8 here): a keyword is found wherever it starts around the middle, as in a text too
    // short to split. No dotted capital I: that text is read in JavaScript.
    const keywords = ['password', 'key', 'ik', 'secret'];
    const index = new KeywordIndex(keywords);
    for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 40, 41, 300, 301]) {
      for (let at = 0; at + 8 <= length; at++) {
        const text = `${'x'.repeat(at)}PassWord${'y'.repeat(length - at - 8)}`;
        assert.deepEqual([...index.present(text)], ['password'], `${length} units, at ${at}`);
      }
    }
    // Across windows: 16 K units a window, the next one starting 7 units (longest - 1) before it ends.
    const window = 0x4000;
    for (const end of [window, 2 * window, 3 * window]) {
      for (const at of [end - 9, end - 8, end - 7, end - 4, end - 1, end, end + 1]) {
        const text = `${'\u212a'.repeat(at)}sEcRet${'a'.repeat(3 * window + 20 - at)}`;
        assert.deepEqual([...index.present(text)], ['secret'], `at ${at}`);
        assert.deepEqual([...index.present(`${text}\u0130k`)], ['secret'], `at ${at}, read in JavaScript`);
      }
    }
    // Generated texts of every length up to a few windows' worth of keywords, with the Kelvin sign (read as
    // "k"), surrogates alone and in pairs, and other units outside 7-bit ASCII.
    const alphabet = fc.constantFrom('a', 'b', 'c', 'A', 'B', 'k', 'K', '\u212a', 'i', '\u0307', 'z', '_', 'é', '\ud83d', '\ude00', '\ud83d\ude00', '\n');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 7 }), { minLength: 1, maxLength: 12 }), fc.string({ unit: alphabet, maxLength: 400 }), (keywords, text) => {
        assert.deepEqual([...new KeywordIndex(keywords).present(text)].sort(), naive(keywords, text));
      }),
      { seed: 0x6b7a, numRuns: 1000 },
    );
  });

  it('gives the same answer read in WebAssembly and in JavaScript (a dotted capital I), for the built-in keywords on generated code', () => {
    const keywords = [...BUILTIN_CATALOG.textRules.flatMap((r) => r.keywords), ...BUILTIN_CATALOG.astRules.flatMap((r) => r.keywords ?? [])];
    const index = new KeywordIndex(keywords);
    const pieces = fc.constantFrom(...keywords.slice(0, 400), ' ', '\n', '=', '"', 'x', 'Q', '\u212a', 'é', '\ud83d');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 300 }), (parts) => {
        const text = parts.join('');
        const got = [...index.present(text)].sort();
        assert.deepEqual(got, naive(keywords, text));
        // The same text with a dotted capital I at its end (read by the JavaScript pass) finds the same.
        assert.deepEqual([...index.present(`${text}\u0130`)].sort(), got);
      }),
      { seed: 0x6b7b, numRuns: 200 },
    );
  });

  it('reads in JavaScript where WebAssembly is not available (--jitless) or not asked for (the language server), with the same answers', () => {
    // The longest keyword odd (7): the JavaScript pass's buffer is then no whole number of 4-byte words unless rounded up.
    const keywords = ['passwd', 'key', 'secret', 'token', 'ik', 'secrets'];
    const texts = ['const PASSWD = "x"; // \u212aey', `${'a'.repeat(40_000)}secrets_key${'\u0130'.repeat(3)}token`, 'nothing', ''];
    const read = (ask: boolean, expectWasm: boolean) => `const t = require(${JSON.stringify(require.resolve('../../server/src/engine/textRules'))});
      ${ask ? 't.keywordPassInWebAssembly();' : ''}
      for (const k of [${JSON.stringify(keywords)}, ['abc'], ['a'], []]) if (!new t.KeywordIndex(k).scan !== !(${expectWasm} && k.length > 0)) throw new Error('WebAssembly ' + (${expectWasm} ? 'missing' : 'unexpected') + ' for ' + k);
      const index = new t.KeywordIndex(${JSON.stringify(keywords)});
      process.stdout.write(JSON.stringify(${JSON.stringify(texts)}.map((t) => [...index.present(t)].sort())));`;
    const run = (flags: string[], script: string) => JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' })) as string[][];
    const expected = texts.map((t) => naive(keywords, t));
    assert.deepEqual(run(['--jitless'], read(true, false)), expected, '--jitless, asked');
    assert.deepEqual(run([], read(false, false)), expected, 'not asked');
    assert.deepEqual(run([], read(true, true)), expected, 'asked');
    const index = new KeywordIndex(keywords);
    assert.ok((index as unknown as { scan?: unknown }).scan, 'WebAssembly here');
    assert.deepEqual(texts.map((t) => [...index.present(t)].sort()), expected);
  });

  it('folds case as toLowerCase does, without a lower-cased copy', () => {
    const index = new KeywordIndex(['key', 'pi', 'ik', 'i\u0307k', 'az']);
    assert.deepEqual([...index.present('\u212aEY')].sort(), ['key']);
    assert.deepEqual([...index.present('P\u0130K')].sort(), ['i\u0307k', 'pi']);
    assert.deepEqual([...index.present('A@Z[')], []);
  });

  it('reads every UTF-16 unit as toLowerCase does (its 64K class table)', () => {
    // A keyword for every printable ASCII character followed by "q": each unit before a "q" finds
    // exactly what its lower case does.
    const keywords = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => `${String.fromCharCode(0x21 + i)}q`);
    const index = new KeywordIndex(keywords);
    for (let unit = 0; unit < 0x10000; unit++) {
      const text = `${String.fromCharCode(unit)}q`;
      const got = [...index.present(text)].sort();
      const want = naive(keywords, text);
      if (got.join() !== want.join()) assert.fail(`unit U+${unit.toString(16)}: ${JSON.stringify(got)} against ${JSON.stringify(want)}`);
    }
  });

  it('proves a word absent only when a keyword inside it is absent (absentFrom)', () => {
    const index = new KeywordIndex(['mustache', 'cors', 'json']);
    const present = index.present("import cors from 'cors'; JSON.parse(body);");
    // `mustache` is not in the text: so is no word holding it; `kcors` holds `cors`, which is, so it proves nothing.
    assert.equal(index.absentFrom('mustache', present), true);
    assert.equal(index.absentFrom('mustache-express', present), true);
    assert.equal(index.absentFrom('kcors', present), false);
    assert.equal(index.absentFrom('xml2json', present), false);
    // No keyword inside: nothing proven. Outside 7-bit ASCII: nothing proven.
    assert.equal(index.absentFrom('lodash', present), false);
    assert.equal(index.absentFrom('mustaché', present), false);
  });

  it('never proves absent a word the text contains (absentFrom, generated text)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'A', 'B', 'k', 'i', 'K', '\u212a', '\u0130', '\u0307', '-', 'é', '\n');
    const word = fc.string({ unit: alphabet, minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.string({ unit: alphabet, maxLength: 120 }), fc.array(word, { maxLength: 8 }), (keywords, text, asked) => {
        const index = new KeywordIndex(keywords);
        const present = index.present(text);
        // Every substring of the text, and words made up: none the text holds may be proven absent.
        for (const w of [...asked, text.slice(3, 9), text.slice(0, 4)]) if (w && index.absentFrom(w, present)) assert.ok(!text.includes(w), w);
      }),
      { seed: 0x6b78, numRuns: 500 },
    );
  });

  it('agrees with a plain substring search for the built-in keywords on real code', () => {
    const keywords = [...BUILTIN_CATALOG.textRules.flatMap((r) => r.keywords), ...BUILTIN_CATALOG.astRules.flatMap((r) => r.keywords ?? [])];
    const text = "const key = 'AKIAZ7QXS4D2L5RVN3KB'; crypto.createHash('md5'); db.query(`SELECT ${id}`); password: hunter2\n";
    assert.deepEqual([...new KeywordIndex(keywords).present(text)].sort(), naive(keywords, text));
  });

  describe('after an edit (the editor: only what the edit can touch is counted again)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'A', 'B', 'k', 'i', 'K', '\u212a', '\u0130', '\u0307', 'z', 'Z', '_', 'é', '\n', ' ');
    const edit = fc.record({ at: fc.nat(), removed: fc.nat({ max: 6 }), inserted: fc.string({ unit: alphabet, maxLength: 6 }) });

    it('gives what a whole scan gives, over random edit sequences', () => {
      const word = fc.string({ unit: alphabet, minLength: 1, maxLength: 5 });
      fc.assert(
        fc.property(fc.array(word, { minLength: 1, maxLength: 10 }), fc.string({ unit: alphabet, maxLength: 120 }), fc.array(edit, { minLength: 1, maxLength: 12 }), (keywords, first, edits) => {
          const index = new KeywordIndex(keywords);
          const counts = index.occurrences(first);
          if (!counts) return; // a keyword outside 7-bit ASCII: looked up whole each time
          let text = first;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            const next = text.slice(0, at) + e.inserted + text.slice(Math.min(text.length, at + e.removed));
            assert.deepEqual([...index.presentAfterEdit(counts, next, changedSpan(text, next))].sort(), naive(keywords, next));
            text = next;
          }
        }),
        { seed: 0x6b78, numRuns: 1500 },
      );
    });

    it('counts an occurrence the edit splits, joins or cuts at either end', () => {
      const index = new KeywordIndex(['token', 'ken', 'secret']);
      const counts = index.occurrences('a token here')!;
      const step = (next: string) => [...index.presentAfterEdit(counts, next, changedSpan(counts.text, next))].sort();
      assert.deepEqual(step('a to ken here'), ['ken']); // split: token gone, ken still whole
      assert.deepEqual(step('a token here'), ['ken', 'token']); // joined again
      assert.deepEqual(step('a toke here'), []); // its last character cut
      assert.deepEqual(step('a toke here secret'), ['secret']); // a new one at the end
      assert.deepEqual(step('SECRET a toke here secret'), ['secret']); // two of one: one removed below
      assert.deepEqual(step('a toke here secret'), ['secret']);
      assert.deepEqual(step('a toke here secre'), []);
    });

    it('has no occurrence counts when a keyword is outside 7-bit ASCII', () => {
      assert.equal(new KeywordIndex(['ß-key']).occurrences('ß-key'), undefined);
    });
  });

  it('is built once for kinds of file whose rules have the same keywords', () => {
    const ruleset = compileRuleset({ rules: Object.fromEntries(BUILTIN_CATALOG.astRules.map((r) => [r.meta.id, { severity: 'off' as const }])) }, BUILTIN_CATALOG);
    const everyRule = () => true;
    const textOnly = (r: { text?: unknown }) => r.text !== undefined;
    const a = ruleset.keywordsFor('a', everyRule);
    assert.equal(ruleset.keywordsFor('b', everyRule), a);
    const b = ruleset.keywordsFor('c', textOnly);
    assert.notEqual(b, a, 'other keywords, another index');
    assert.deepEqual([...b.present('const jwt = sign(x)')].sort(), naive(ruleset.active.filter(textOnly).flatMap((r) => r.text!.keywords), 'const jwt = sign(x)'));
  });

  it('changedSpan finds the one changed span as a character-by-character comparison would', () => {
    const naiveSpan = (a: string, b: string) => {
      const shortest = Math.min(a.length, b.length);
      let start = 0;
      while (start < shortest && a[start] === b[start]) start++;
      let same = 0;
      while (same < shortest - start && a[a.length - 1 - same] === b[b.length - 1 - same]) same++;
      return { start, oldEnd: a.length - same, newEnd: b.length - same };
    };
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\ud83d', '\ude00'), maxLength: 60 });
    fc.assert(fc.property(text, text, (a, b) => assert.deepEqual(changedSpan(a, b), naiveSpan(a, b))), { seed: 0x6b79, numRuns: 3000 });
    assert.deepEqual(changedSpan('abc', 'abc'), { start: 3, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(changedSpan('aXa', 'aa'), { start: 1, oldEnd: 2, newEnd: 1 });
  });

  describe('one index per kind of file (Ruleset.keywordsFor)', () => {
    // The engine looks only for the keywords of rules that can run on the file (its language, whether
    // it is parsed): the findings must be those of the index of every rule, on every corpus file, on
    // the same file with every rule's keywords appended (so every rule that can run does), and on
    // paths whose name and extension disagree (`.env.js` is dotenv and parsed).
    const root = join(__dirname, '..', '..', '..', 'test', 'corpus');
    const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
      .filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
    const everyKeyword = BUILTIN_CATALOG.textRules.flatMap((r) => r.keywords)
      .concat(BUILTIN_CATALOG.astRules.flatMap((r) => r.keywords ?? []), (BUILTIN_CATALOG.treeRules ?? []).flatMap((r) => r.keywords ?? []))
      .join(' ');
    const byKind = compileRuleset({}, BUILTIN_CATALOG);
    const whole = compileRuleset({}, BUILTIN_CATALOG);
    const all = whole.keywords;
    whole.keywordsFor = () => all;
    const inputs = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const path = relative(root, file).split('\\').join('/');
      return [{ path, text }, { path, text: `${text}\n${everyKeyword}\n` }];
    }).concat(['.env.js', 'Dockerfile.ts', 'views/a.blade.php', 'notes', 'a.component.html'].map((path) => ({ path, text: `const k = 1;\n${everyKeyword}\n` })));

    it(`gives the findings of the index of every rule (${inputs.length} inputs)`, async () => {
      assert.ok(files.length >= 50);
      for (const input of inputs) {
        await prepareAnalysis(input);
        const a = analyze(input, byKind, { today: '2026-01-01' });
        const b = analyze(input, whole, { today: '2026-01-01' });
        assert.deepEqual(a.findings.map((f) => [f.ruleId, f.start, f.end]), b.findings.map((f) => [f.ruleId, f.start, f.end]), input.path);
        assert.deepEqual(a, b, input.path);
      }
    });

    it('gives a ruleset narrowed to some categories one index, that of all its rules, and the findings of one per kind', async () => {
      const narrowed = compileRuleset({ categories: ['credentials'] }, BUILTIN_CATALOG);
      const perKind = compileRuleset({ categories: ['credentials'] }, BUILTIN_CATALOG);
      // The index of each kind's rules, as a ruleset that is not narrowed has them.
      const built = new Map<string, KeywordIndex>();
      perKind.keywordsFor = (key, mayRun) => {
        let index = built.get(key);
        if (!index) {
          const keywords = perKind.active.flatMap((r) => (mayRun(r) ? r.text?.keywords ?? r.ast?.keywords ?? r.tree?.keywords ?? r.template?.keywords ?? [] : []));
          built.set(key, (index = new KeywordIndex([...keywords, ...SUPPRESSION_MARKERS])));
        }
        return index;
      };
      for (const input of inputs) {
        await prepareAnalysis(input);
        assert.deepEqual(analyze(input, narrowed, { today: '2026-01-01' }), analyze(input, perKind, { today: '2026-01-01' }), input.path);
      }
      assert.ok(built.size >= 5, `${built.size} kinds of file`);
      assert.equal(narrowed.keywordsFor('typescript\0true\0false', () => false), narrowed.keywords);
      assert.equal(narrowed.keywordsFor('python\0false\0true', () => false), narrowed.keywords);
      assert.equal((narrowed as unknown as { keywordIndexes: Map<string, KeywordIndex> }).keywordIndexes.size, 1);
    });

    it('builds each kind once, and not the index of every rule', () => {
      const ruleset = compileRuleset({}, BUILTIN_CATALOG);
      analyze({ path: 'a.ts', text: 'const password = "x";' }, ruleset);
      const first = ruleset.keywordsFor('typescript\0true\0false', () => { throw new Error('built again'); });
      analyze({ path: 'b.ts', text: 'const token = "y";' }, ruleset);
      assert.equal(ruleset.keywordsFor('typescript\0true\0false', () => false), first);
      assert.equal((ruleset as unknown as { keywordIndexes: Map<string, KeywordIndex> }).keywordIndexes.size, 1);
    });
  });
});
