import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { skipCause } from '../../server/src/engine/skip';
import { fuzzOptions, tried } from '../helpers/fuzz';

/**
 * The binary test's definition, counted character by character over the first 8 KB: NUL, or more than
 * a tenth control characters (not tab, line breaks, form feed, escape) and U+FFFD. `skipCause` answers
 * most files with one native search first; its verdict must be this one.
 */
function binaryByDefinition(text: string): boolean {
  const sample = Math.min(text.length, 8192);
  let control = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && ![9, 10, 12, 13, 27].includes(c)) || c === 0xfffd) control++;
  }
  return sample > 0 && control / sample > 0.1;
}

const isBinary = (text: string) => skipCause(text, 'a.txt', { maxFileSize: 1 << 20 })?.includes('binary') ?? false;

describe('skipCause: binary files', () => {
  it('says binary exactly when the character count does, every character below 32 and U+FFFD included', () => {
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 33 }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('a', ' ', '\ufffd', '\ufffe', 'é', '\u2028'),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), fc.nat({ max: 9000 }), (units, padding) => {
        tried('skip-binary');
        // Padding moves the control characters around the 8 KB sample's end.
        const text = 'x'.repeat(padding) + units.join('');
        assert.equal(isBinary(text), binaryByDefinition(text), JSON.stringify(units));
      }),
      fuzzOptions(),
    );
  });

  it('finds both sides of the threshold', () => {
    assert.equal(isBinary(`${'a'.repeat(89)}${'\x01'.repeat(11)}`), true);
    assert.equal(isBinary(`${'a'.repeat(91)}${'\x01'.repeat(9)}`), false);
    assert.equal(isBinary('text\x1b[0m\tand\f\r\n'), false);
    assert.equal(isBinary('a\x00b'), true);
  });
});
