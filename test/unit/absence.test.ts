import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Absences, literalProof, needsOf, withinLine } from '../../server/src/engine/absence';
import { analyze } from '../../server/src/engine/engine';
import { settleParseCache, type ParseCache } from '../../server/src/engine/reparse';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { AST_RULES, BUILTIN_CATALOG, TEXT_RULES } from '../../server/src/rules';
import { fuzzOptions, tried } from '../helpers/fuzz';

/** One generated edit applied to the text: `removed` characters at `at` (wrapped to the text) replaced by `inserted`. */
function applyEdit(text: string, step: { at: number; removed: number; inserted: string }): string {
  const at = step.at % (text.length + 1);
  return text.slice(0, at) + step.inserted + text.slice(Math.min(text.length, at + step.removed));
}

/** `needsOf` written short: words as `word`, `<before>word<after>` with assertions, `&(…)` all, `|(…)` any, `?` nothing known. */
function show(source: string): string {
  const n = needsOf(source);
  const f = (x: typeof n): string => {
    if (x === undefined) return '?';
    if ('word' in x) return `${x.word.before ? `<${x.word.before}>` : ''}${x.word.text}${x.word.after ? `<${x.word.after}>` : ''}`;
    if ('all' in x) return `&(${x.all.map(f).join(' ')})`;
    return `|(${x.any.map(f).join(' ')})`;
  };
  return f(n);
}

describe('Absences: what every match of an expression contains (needsOf)', () => {
  const cases: [string, string][] = [
    ['handlebars', 'handlebars'],
    ['hogan\\.js', 'hogan.js'],
    ['crypto-?js', '&(crypto js)'],
    ['ab+c', '&(ab c)'],
    ['ab*c', '&(a c)'],
    ['a{2}b', '&(a b)'],
    ['a{0,3}b', 'b'],
    ['a{1}b', 'ab'],
    ['foo|bar', '|(foo bar)'],
    ['foo|b?', '?'],
    ['x(?:foo|bar)y', '&(x |(foo bar) y)'],
    ['(?:foo|bar)?baz', 'baz'],
    ['[abc]def\\s+gh', '&(def gh)'],
    ['a.b', '&(a b)'],
    ['\\u2028x', 'x'],
    ['\\x41yz', 'yz'],
    ['\\p{L}q', 'q'],
    ['(?<n>ab)\\k<n>c', '&(ab c)'],
    ['\\1abc', 'abc'],
    ['\\-\\\'x', "-'x"],
    ['(?=abc)d', 'd'],
    ['(?<=ab)cd', 'cd'],
    // One-character assertions become the words': before a run or a group of whole words, and after one.
    ['\\bfoo\\b', '<\\b>foo<\\b>'],
    ['(?<![\\w$])(?:eval)(?![\\w$])\\s*\\(', '&(<(?<![\\w$])>eval<(?![\\w$])> ()'],
    ['(?<![\\w$])(?:res|response)(?![\\w$])', '|(<(?<![\\w$])>res<(?![\\w$])> <(?<![\\w$])>response<(?![\\w$])>)'],
    // Not after a repeated character (more of it may follow), nor around a group that is not whole words.
    ['ab+\\b', 'ab'],
    ['\\b(?:a\\sb)', '&(a b)'],
    ['\\b(?:ab|cd)+\\b', '|(ab cd)'],
    // Syntax it does not read gives up on the whole expression.
    ['a{', '?'],
    ['(?i:a)', '?'],
    ['a]', '?'],
  ];
  for (const [source, expected] of cases) it(`${source} → ${expected}`, () => assert.equal(show(source), expected));
});

describe('Absences: a proof holds only while the expression finds nothing', () => {
  // Small expressions over a small alphabet, so that edits often make and break matches.
  const atom: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c', 'ab', 'ba', 'abc', '\\.', '.', '[ab]', '[^a]', '\\s', '\\w', ' ');
  const assertion = fc.constantFrom('', '\\b', '\\B', '(?<![a])', '(?![b])', '(?<=[c ])', '(?=\\s)');
  const quantifier = fc.constantFrom('', '', '', '?', '*', '+', '{2}', '{1,2}');
  const group = fc.tuple(fc.array(atom, { minLength: 1, maxLength: 3 }), fc.array(atom, { minLength: 1, maxLength: 3 }))
    .map(([x, y]) => `(?:${x.join('')}|${y.join('')})`);
  const piece = fc.tuple(assertion, fc.oneof(atom, group), quantifier, assertion).map((p) => p.join(''));
  const pattern = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.constantFrom('', 'i', 'm', 's'))
    .map(([p, flags]) => new RegExp(p.join(''), flags));
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', ' ', '.', '\n', 'x'), maxLength: 40 });
  const edit = fc.record({ at: fc.nat(), removed: fc.nat({ max: 6 }), inserted: text });

  it('over random expressions and edit sequences, a held proof means no match', () => {
    let held = 0;
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), text, fc.array(edit, { maxLength: 12 }), (patterns, first, edits) => {
        tried('absences');
        const absent = new Absences<RegExp>();
        let current = first;
        for (const step of [undefined, ...edits]) {
          if (step) current = applyEdit(current, step);
          absent.advance(current);
          for (const re of patterns) {
            const found = re.test(current);
            if (absent.holds(re)) {
              held++;
              assert.equal(found, false, `${re} in ${JSON.stringify(current)}`);
            } else if (found) {
              absent.forget(re);
            } else {
              absent.failed(re, re, current);
            }
          }
        }
      }),
      fuzzOptions(),
    );
    assert.ok(held > 0, 'some answers came from proofs');
  });

  it('a proof is made only when every word it names is absent', () => {
    assert.equal(literalProof(/(?<![\w$])eval(?![\w$])\s*\(/, 'x = eval (y)'), undefined, 'eval is there as a word');
    assert.equal(literalProof(/(?<![\w$])eval(?![\w$])\s*\(/, 'f(); eval'), undefined, '"(" is there, and so is eval');
    assert.ok(literalProof(/(?<![\w$])eval(?![\w$])\s*\(/, 'retrieval(x)'), '"eval" only inside a word');
    assert.equal(literalProof(/handlebars/i, 'require("HandleBars")'), undefined);
    assert.ok(literalProof(/handlebars/i, 'require("mustache")'));
    assert.equal(literalProof(/x/iu, 'y'), undefined, 'ignoring case with u: not proven');
  });
});

describe('Absences: patterns that cannot match a line break (withinLine)', () => {
  const cases: [string, string, boolean][] = [
    ['key=[A-Za-z0-9_.-]{8,}', '', true],
    ['["\'][^"\'\\s]{8,}["\']', '', true],
    ['a[^"]b', '', false],
    ['a[^\\n\\r\\u2028\\u2029]b', '', true],
    ['a[^\\n]b', '', false],
    ['a\\sb', '', false],
    ['a\\Sb', '', true],
    ['a[\\s]b', '', false],
    ['a[\\x00-\\x1f]b', '', false],
    ['a[\\x0e-\\x1f]b', '', true],
    ['a.b', '', true],
    ['a.b', 's', false],
    ['a\\u2028', '', false],
    ['a\\x0a', '', false],
    ['a\\cJ', '', false],
    ['(["\'])x\\1', '', true],
    ['a\\12', '', false],
    ['a\\p{L}', 'u', false],
    ['(?<=[a-z][_.-]?)key', '', true],
    ['a\\Wb', '', false],
    ['a[^\\W]b', '', true],
  ];
  for (const [source, flags, expected] of cases) it(`/${source}/${flags} → ${expected}`, () => assert.equal(withinLine(source, flags), expected));

  it('only the edited lines are searched again, and a match there ends the proof', () => {
    const re = /key=\d/;
    const absent = new Absences<RegExp>();
    let text = 'key=x\nfoo\nbar';
    absent.advance(text);
    assert.equal(re.test(text), false);
    absent.failed(re, re, text);
    assert.ok(absent.holds(re), 'the words are there, but no line matches');
    text = 'key=x\nfoo2\nbar';
    absent.advance(text);
    assert.ok(absent.holds(re));
    text = 'key=x\nkey=2\nbar';
    absent.advance(text);
    assert.equal(absent.holds(re), false);
  });

  it('a failed search noted for later: proven in the text it failed in, whether settled, asked for or carried by the next advance', () => {
    const re = /secret=\w+/;
    const absent = new Absences<RegExp>();
    absent.advance('const a = 1;');
    absent.failed(re, re, 'another text');
    absent.settle();
    assert.equal(absent.size, 0, 'a search of another text than the current one leaves nothing');
    absent.failed(re, re, 'const a = 1;');
    assert.equal(absent.unsettled, 1, 'noted, not yet proven');
    absent.settle();
    assert.equal(absent.unsettled, 0);
    assert.ok(absent.holds(re));
    // Left pending, the proof is made by the next advance in the text it failed in, then checked against the edit.
    const other = new Absences<RegExp>();
    other.advance('const a = 1;');
    other.failed(re, re, 'const a = 1;');
    other.advance('const a = 1; secret=x');
    assert.equal(other.holds(re), false, 'the edit brought the word: no proof');
    const kept = new Absences<RegExp>();
    kept.advance('const a = 1;');
    kept.failed(re, re, 'const a = 1;');
    kept.advance('const a = 2;');
    assert.ok(kept.holds(re), 'made in the first text and still true after the edit');
    // A key that matched after all (forget) is not proven by a pending search.
    const forgotten = new Absences<RegExp>();
    forgotten.advance('x');
    forgotten.failed(re, re, 'x');
    forgotten.forget(re);
    assert.equal(forgotten.size, 0);
  });

  it('a text rule with no finding is proven only when its pattern has no match at all', () => {
    const re = /token=(\w+)/;
    const absent = new Absences<RegExp>();
    const text = 'token=abc\n';
    absent.advance(text);
    absent.failed(re, re, text, false);
    assert.equal(absent.holds(re), false);
  });

  it('a proof is looked for when first needed, against the text whose search failed', () => {
    const foo = /foo\d/;
    const bar = /bar\d/;
    const absent = new Absences<RegExp>();
    let text = 'abc\ndef';
    absent.advance(text);
    absent.failed(foo, foo, text);
    absent.failed(bar, bar, text);
    assert.equal(absent.unsettled, 2, 'failing records the search, nothing more');
    assert.ok(absent.holds(foo));
    assert.equal(absent.unsettled, 1, 'holds proves its own key only');
    absent.advance(text);
    assert.equal(absent.unsettled, 1, 'the same text: still waiting');
    // Proven against the text it failed on, then checked against the edit like any proof.
    text = 'abc\ndef bar1';
    absent.advance(text);
    assert.equal(absent.unsettled, 0);
    assert.equal(absent.holds(bar), false, 'the edit brought a match');
    assert.ok(absent.holds(foo));
    absent.failed(bar, bar, 'another text');
    assert.equal(absent.unsettled, 0, 'a failure in a text other than the current one is not kept');
  });
});

describe('Absences: the first analysis leaves its proofs for later', () => {
  it('analyze notes the failed searches; settleParseCache proves them', () => {
    const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
    const cache: ParseCache = {};
    analyze({ text: "import express from 'express';\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\nconst password = process.env.DB_PASSWORD;\nconst url = 'http://example.com/token';\n", path: '/w/app.js' }, ruleset, { parseCache: cache });
    const text = cache.textAbsent!;
    const prefilters = cache.prefilters!.absent;
    assert.ok(text.unsettled > 0 && prefilters.unsettled > 0, 'failed searches noted');
    settleParseCache(cache);
    assert.equal(text.unsettled + prefilters.unsettled, 0);
    assert.ok(text.size > 0 && prefilters.size > 0, 'and proven');
  });
});

describe('Absences: the built-in patterns, edited', () => {
  it('every text rule and prefilter answers as a search of the whole text does', () => {
    const patterns = [
      ...TEXT_RULES.map((r) => new RegExp(r.pattern, (r.flags ?? '').replace(/[gdy]/g, ''))),
      ...AST_RULES.flatMap((r) => [...(r.prefilter ?? []), ...(r.fileText ?? [])]),
    ];
    const examples = TEXT_RULES.flatMap((r) => [...r.examples.match, ...r.examples.noMatch]).map((e) => (typeof e === 'string' ? e : e.text));
    const document = fc.array(fc.constantFrom(...examples), { minLength: 1, maxLength: 4 }).map((p) => p.join('\n'));
    const edit = fc.record({ at: fc.nat(), removed: fc.nat({ max: 30 }), inserted: fc.oneof(fc.constantFrom(...examples), fc.constantFrom(' ', '\n', '"', '=', 'key', 'token')) });
    let held = 0;
    fc.assert(
      fc.property(document, fc.array(edit, { minLength: 1, maxLength: 6 }), (first, edits) => {
        tried('absences-builtin');
        const absent = new Absences<RegExp>();
        let current = first;
        for (const step of [undefined, ...edits]) {
          if (step) current = applyEdit(current, step);
          absent.advance(current);
          for (const re of patterns) {
            if (absent.holds(re)) {
              held++;
              assert.equal(re.test(current), false, `${re.source.slice(0, 80)} in ${JSON.stringify(current)}`);
            } else if (!re.test(current)) absent.failed(re, re, current);
          }
        }
      }),
      fuzzOptions(60),
    );
    assert.ok(held > 0);
  });

  it('the text rules with the document cache find what they find without it', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const credentialLines = TEXT_RULES.flatMap((r) => r.examples.match).map((e) => (typeof e === 'string' ? e : e.text));
    const filler = ['const a = 1;', 'function f(x) { return x + 1; }', '// note', 'const url = "https://example.com";'];
    const document = fc.array(fc.constantFrom(...filler, ...credentialLines), { minLength: 2, maxLength: 8 }).map((p) => p.join('\n'));
    const edit = fc.record({ at: fc.nat(), removed: fc.nat({ max: 20 }), inserted: fc.oneof(fc.constantFrom(...credentialLines), fc.constantFrom(...filler), fc.constantFrom(' ', '\n', '"', 'x')) });
    let proven = 0;
    let turn = 0;
    fc.assert(
      fc.property(document, fc.array(edit, { minLength: 1, maxLength: 5 }), (first, edits) => {
        tried('absences-engine');
        const cache: ParseCache = {};
        let current = first;
        for (const step of [undefined, ...edits]) {
          if (step) current = applyEdit(current, step);
          const input = { text: current, path: 'src/config.ts' };
          const kept = analyze(input, ruleset, { parseCache: cache, today: '2026-01-01' });
          const fresh = analyze(input, ruleset, { today: '2026-01-01' });
          assert.deepEqual(kept.findings, fresh.findings, JSON.stringify(current));
          // The proofs are made later (noted by `failed`): settled here every other version, by the next analysis
          // otherwise (reading `size` settles, so it is read on the settled turns only).
          if (turn++ % 2 === 1) continue;
          settleParseCache(cache);
          proven += cache.textAbsent?.size ?? 0;
        }
      }),
      fuzzOptions(40),
    );
    assert.ok(proven > 0, 'some text rules were proven to match nothing');
  });
});
