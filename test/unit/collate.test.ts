import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fc from 'fast-check';
import { compareNames, defaultLocaleIsEnglish, sortByName } from '../../server/src/engine/collate';
import { fuzzOptions, tried } from '../helpers/fuzz';

/** Names of the characters `compareNames` weighs itself, and now and then one it leaves to `localeCompare`. */
const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));
const name = fc.array(fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'aAbBmMzZ09 _-.') },
  { weight: 3, arbitrary: fc.constantFrom(...printable) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '\u00ad', '\u0301', '\t', '\u0000', '\u007f', 'Å') },
), { maxLength: 7 }).map((cs) => cs.join(''));

describe('compareNames: localeCompare without loading ICU collation where its answer is known', () => {
  it('orders every pair of names as localeCompare does', () => {
    fc.assert(fc.property(name, name, (a, b) => {
      tried('compareNames');
      assert.equal(Math.sign(compareNames(a, b)), Math.sign(a.localeCompare(b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }), fuzzOptions(20_000));
  });

  it('sorts lists of names, one a prefix of another, as localeCompare does', () => {
    fc.assert(fc.property(fc.array(fc.tuple(name, name).map(([a, b]) => [a, a + b]), { maxLength: 10 }), (pairs) => {
      const names = pairs.flat();
      assert.deepEqual([...names].sort(compareNames), [...names].sort((a, b) => a.localeCompare(b)));
    }), fuzzOptions());
  });

  it('sortByName sorts items by their names as localeCompare does, in place', () => {
    fc.assert(fc.property(fc.array(name, { maxLength: 12 }), (names) => {
      const items = names.map((n, i) => ({ n, i }));
      const sorted = sortByName(items, (x) => x.n);
      assert.equal(sorted, items);
      assert.deepEqual(sorted.map((x) => x.n), [...names].sort((a, b) => a.localeCompare(b)));
    }), fuzzOptions());
  });

  it('answers plain names without localeCompare under an English locale (the mocha process)', function () {
    if (!defaultLocaleIsEnglish()) this.skip();
    const original = String.prototype.localeCompare;
    String.prototype.localeCompare = () => {
      throw new Error('localeCompare was called');
    };
    try {
      const names = ['README.md', 'readme.md', 'Readme.md', '__tests__', '_app.tsx', 'app-config.ts', 'app.config.ts', 'App.tsx', 'a b', 'a', '9', 'z', '@scope+pkg.patch', 'A & B.md'];
      const sorted = [...names].sort(compareNames);
      const byName = sortByName([...names], (n) => n);
      String.prototype.localeCompare = original;
      assert.deepEqual(byName, sorted);
      assert.deepEqual(sorted, [...names].sort((a, b) => a.localeCompare(b)));
      assert.deepEqual(sorted, ['__tests__', '_app.tsx', '@scope+pkg.patch', '9', 'a', 'A & B.md', 'a b', 'app-config.ts', 'app.config.ts', 'App.tsx', 'readme.md', 'Readme.md', 'README.md', 'z']);
    } finally {
      String.prototype.localeCompare = original;
    }
  });

  it('leaves names to localeCompare under a locale that sorts ASCII otherwise (Danish: aa after z)', function () {
    const script = `const { compareNames, defaultLocaleIsEnglish, sortByName } = require(${JSON.stringify(require.resolve('../../server/src/engine/collate'))});
      const names = ['aa', 'z', 'Ab', 'ab', 'b'];
      process.stdout.write(JSON.stringify({ english: defaultLocaleIsEnglish(), ours: [...names].sort(compareNames), byName: sortByName([...names], (n) => n), theirs: [...names].sort((a, b) => a.localeCompare(b)) }));`;
    const run = (env: Record<string, string>) => JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, LC_ALL: '', LANG: '', ...env }, encoding: 'utf8' })) as { english: boolean; ours: string[]; byName: string[]; theirs: string[] };
    const danish = run({ LC_ALL: 'da_DK.UTF-8' });
    // A Node without Danish collation data sorts as English: nothing to show then.
    if (danish.theirs.indexOf('aa') < danish.theirs.indexOf('z')) this.skip();
    assert.equal(danish.english, false);
    assert.deepEqual(danish.ours, danish.theirs);
    assert.deepEqual(danish.byName, danish.theirs);
    const posix = run({ LC_ALL: 'C' });
    assert.deepEqual(posix.ours, posix.theirs);
  });
});
