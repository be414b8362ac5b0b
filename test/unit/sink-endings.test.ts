import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import * as fc from 'fast-check';
import { FileFlow } from '../../server/src/dataflow/flow';
import { endingTest } from '../../server/src/dataflow/regexEnds';
import { LANGUAGE_SPECS } from '../../server/src/languages';
import { loadAllGrammars, parseTree } from '../../server/src/treesitter/runtime';
import { fuzzOptions, tried } from '../helpers/fuzz';

/**
 * The sinks' endings (`regexEnds.ts`): a call's other names (`FileFlow.calleeNames`) are asked only
 * for the sinks whose patterns may match some text followed by what those names end with
 * (`FileFlow.calleeNamesEnd`). Both halves are checked here: the reader never says "no" where the
 * pattern matches (JavaScript's own regex engine is the judge), and every other name a call is given
 * ends with its `calleeNamesEnd`.
 */
const ROOT = join(__dirname, '..', '..', '..');

/** Every suffix of `s`, the empty one and `s` itself included. */
const suffixes = (s: string): string[] => Array.from({ length: s.length + 1 }, (_, k) => s.slice(k));

describe('the sink patterns\' endings', () => {
  describe('what the reader makes of a pattern', () => {
    // [pattern, end, may a string ending with `end` match it]
    const rows: [RegExp, string, boolean][] = [
      [/(?:^|\.)(?:Query|Exec)$/, '.Query', true],
      [/(?:^|\.)(?:Query|Exec)$/, '.QueryRow', false],
      [/(?:^|\.)(?:Query|Exec)$/, 'Exec', true],
      [/(?:^|\.)(?:Query|Exec)$/, 'ry', true],
      [/(?:^|\.)(?:Query|Exec)$/, '.Flags', false],
      // Whole names: `end` must be the name's end.
      [/^exec\.Command$/, '.Command', true],
      [/^exec\.Command$/, '.CommandContext', false],
      [/^exec\.Command$/, 'x.exec.Command', false],
      [/^exec\.Command$/, '', true],
      // Word characters after a fixed head: any method of that module, never a dotted end.
      [/^os\.spawn\w+$/, '.spawnl', true],
      [/^os\.spawn\w+$/, '.pop', false],
      [/^os\.spawn\w+$/, 'nl', true],
      [/^(?:Files\.\w+|new File)$/, '.toMillis', true],
      [/^(?:Files\.\w+|new File)$/, '.a.b', false],
      // A class, a run, an optional group.
      [/^\w*(?:[Tt]mpl|[Tt]emplate)\w*\.Parse$/, '.Parse', true],
      [/^\w*(?:[Tt]mpl|[Tt]emplate)\w*\.Parse$/, 'myTemplate2.Parse', true],
      [/^\w*(?:[Tt]mpl|[Tt]emplate)\w*\.Parse$/, 'my.x.Parse', false],
      [/^new ResponseEntity(?:<[^>]*>)?$/, '.ok', false],
      [/^new ResponseEntity(?:<[^>]*>)?$/, 'Entity<String>', true],
      [/(?:^|\.)(?:Query|Execute)(?:Async)?(?:<[^()]*>)?$/, '.QueryAsync<User>', true],
      [/(?:^|\.)(?:Query|Execute)(?:Async)?(?:<[^()]*>)?$/, '.Query<(x)>', false],
      // Case folded under `i`.
      [/^(?:\w+\.)*(?:client|ssh)\.exec_command$/i, '.EXEC_COMMAND', true],
      [/^(?:\w+\.)*(?:client|ssh)\.exec_command$/i, '.exec_commands', false],
      // What it does not read: anything.
      [/./, '.x', true],
      [/exec/, '.nothing', true],
      [/^exec$/m, '.x', true],
      [/^(a)\1$/, '.x', true],
      [/^(?:a\.b)+$/, '.b', true],
      [/^(?:a\.b)+$/, '.c', false],
      [/^$/, '.x', false],
      [/^$/, '', true],
      // `\b` and lookarounds restrict, and take no text.
      [/\bfoo(?=$)$/, '.foo', true],
      [/\bfoo(?<!x)$/, '.bar', false],
    ];
    for (const [pattern, end, expected] of rows) {
      it(`${pattern} ${expected ? 'may' : 'cannot'} match a name ending ${JSON.stringify(end)}`, () => {
        assert.equal(endingTest(pattern)(end), expected);
        // The judge agrees wherever the reader says yes with a string at hand.
        if (!expected) for (const head of ['', 'x', 'os', 'exec', 'a.', 'Files', 'new ResponseEntity']) assert.equal(pattern.test(head + end), false, head + end);
      });
    }

    it('reads the sink patterns of every language: only the one not anchored at its end may end with anything', () => {
      const unread: string[] = [];
      for (const [language, spec] of Object.entries(LANGUAGE_SPECS)) for (const s of spec.sinks) if (endingTest(s.call)('.\u0000')) unread.push(`${language} ${s.call}`);
      assert.deepEqual(unread, ['ruby /./']);
    });
  });

  describe('never says no where the pattern matches', () => {
    // Small patterns from a grammar of the constructs the reader knows (and some it does not), and
    // short strings over the characters they use: every suffix of every string a pattern matches must
    // be answered "may".
    const atom = fc.constantFrom('a', 'b', '\\.', '.', '[ab]', '[^a]', '[a-c]', '\\w', '\\d', '[.]', '(?=a)', '(?!b)', '\\b', '\\B', '(?<=a)', '\\1', '[\\w.]', '[]', '[^]', '(?:a|\\.b)', '(a)', '\\x61', '\\u0062');
    const quantifier = fc.constantFrom('', '', '', '?', '*', '+', '{2}', '{0,1}', '{1,}', '+?');
    const sequence = fc.array(fc.tuple(atom, quantifier).map(([a, q]) => (/^\(\?[=!<]|^\\[bB]$/.test(a) && q ? a : a + q)), { maxLength: 5 }).map((parts) => parts.join(''));
    const alternatives = fc.array(fc.tuple(fc.constantFrom('', '^'), sequence, fc.constantFrom('', '$', '$', '(?:$)', '(?:x$|$)')).map(([s, body, e]) => s + body + e), { minLength: 1, maxLength: 3 });
    const pattern = fc.tuple(alternatives, fc.constantFrom('', 'i', 's')).map(([alts, flags]) => new RegExp(alts.join('|'), flags));
    const text = fc.array(fc.constantFrom('a', 'b', 'A', '.', '1', '_', ' '), { maxLength: 7 }).map((cs) => cs.join(''));

    it('random patterns against random strings', () => {
      let matched = 0;
      let refused = 0;
      fc.assert(fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 30 }), (re, texts) => {
        tried('sink-endings');
        const test = endingTest(re);
        for (const s of texts) {
          for (const z of suffixes(s)) {
            if (!test(z)) {
              refused++;
              assert.equal(re.test(s), false, `${re} matches ${JSON.stringify(s)}, yet the reader refuses the ending ${JSON.stringify(z)}`);
            } else if (re.test(s)) matched++;
          }
        }
      }), fuzzOptions());
      // Neither side empty: the property saw matches, and the reader said no somewhere.
      assert.ok(matched > 1000 && refused > 1000, `${matched} matched, ${refused} refused`);
    });

    it('every language\'s sink patterns, against names made of their own words', () => {
      for (const [language, spec] of Object.entries(LANGUAGE_SPECS)) {
        for (const s of spec.sinks) {
          const words = [...new Set(s.call.source.replace(/\\./g, ' ').match(/[A-Za-z_]\w*/g) ?? [])];
          const piece = fc.oneof(fc.constantFrom(...words, 'x', 'Foo', 'new ', '()', '(…)', '<T>'), fc.constantFrom('.', '.', '\\'));
          const name = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
          const test = endingTest(s.call);
          let matched = 0;
          fc.assert(fc.property(name, (n) => {
            tried('sink-endings');
            if (!s.call.test(n)) return;
            matched++;
            for (const z of suffixes(n)) assert.ok(test(z), `${language} ${s.call} matches ${n}, yet the reader refuses the ending ${JSON.stringify(z)}`);
          }), fuzzOptions(200));
          // (Some patterns are hard to hit at random: `^$`, long whole names. The property is the point where they are hit.)
          void matched;
        }
      }
    });
  });

  describe('a call\'s other names end as `calleeNamesEnd` says', function () {
    this.timeout(120_000);
    before(loadAllGrammars);
    const EXTENSIONS: Record<string, string> = { '.py': 'python', '.java': 'java', '.php': 'php', '.go': 'go', '.cs': 'csharp', '.rb': 'ruby' };
    const dir = join(ROOT, 'test', 'corpus', 'vulnerable');
    const files = readdirSync(dir).flatMap((sub) => readdirSync(join(dir, sub)).map((f) => join(dir, sub, f))).filter((f) => EXTENSIONS[extname(f)]);

    it('over the corpus of every language', () => {
      const seen = new Map<string, { others: number; ends: number }>();
      for (const file of files) {
        const language = EXTENSIONS[extname(file)]!;
        const text = readFileSync(file, 'utf8');
        const flow = new FileFlow(text, LANGUAGE_SPECS[language]!, parseTree(text, language).root);
        const count = seen.get(language) ?? { others: 0, ends: 0 };
        seen.set(language, count);
        for (const call of flow.fileCalls) {
          const names = flow.calleeNames(call);
          const end = flow.calleeNamesEnd(call);
          assert.equal(names[0], call.name);
          if (end === undefined) assert.equal(names.length, 1, `${file}: ${call.name} has other names ${names.join(', ')} though none were expected`);
          for (const other of names.slice(1)) assert.ok(other.endsWith(end!), `${file}: ${call.name} is also ${other}, which does not end with ${end}`);
          count.others += names.length - 1;
          if (end) count.ends++;
        }
      }
      // Every language has calls with other names, and calls with a known ending.
      assert.deepEqual([...seen.keys()].sort(), ['csharp', 'go', 'java', 'php', 'python', 'ruby']);
      for (const [language, { others, ends }] of seen) assert.ok(others > 0 && ends > 0, `${language}: ${others} other names, ${ends} endings`);
    });
  });
});
