import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodesInWebAssembly, readText } from '../../server/src/cli/readText';

/** UTF-8 of one code point (surrogates too, as CESU would write them: invalid UTF-8). */
function encode(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

const ascii = fc.array(fc.integer({ min: 0, max: 0x7f }), { minLength: 1, maxLength: 40 });
const longAscii = fc.integer({ min: 15, max: 70 }).map((n) => Array.from({ length: n }, (_, i) => 0x20 + (i % 90)));
const codePoint = fc.oneof(
  fc.integer({ min: 0x80, max: 0xff }), // Latin-1
  fc.integer({ min: 0x100, max: 0x7ff }),
  fc.integer({ min: 0x800, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0xffff }),
  fc.integer({ min: 0x10000, max: 0x10ffff }),
  fc.constantFrom(0xfeff, 0xfffd, 0xffff, 0x10000, 0x10ffff, 0xc4, 0x100, 0x7ff, 0x800),
);
const valid = fc.oneof(ascii, longAscii, codePoint.map(encode));
const invalid = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdfff }).map(encode), // a surrogate
  fc.constantFrom([0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf]), // overlong
  fc.constantFrom([0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0xfe]), // above U+10FFFF, never UTF-8
  fc.integer({ min: 0x80, max: 0xbf }).map((b) => [b]), // a continuation alone
  codePoint.chain((cp) => fc.integer({ min: 1, max: encode(cp).length - 1 }).map((k) => encode(cp).slice(0, k))), // cut short
  fc.integer({ min: 0, max: 0xff }).map((b) => [b]),
);

describe('readText', () => {
  let folder: string;
  let count = 0;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'warden-read-text-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  /** `bytes` written to a file of their own: what `readText` reads (with `hint` as the walk's size), checked against `readFileSync`. */
  function same(bytes: Uint8Array | number[], hint?: number): void {
    const file = join(folder, `f${count++}`);
    writeFileSync(file, Uint8Array.from(bytes));
    const expected = readFileSync(file, 'utf8');
    assert.equal(expected, Buffer.from(Uint8Array.from(bytes)).toString('utf8'));
    assert.equal(readText(file, hint ?? bytes.length), expected);
  }

  it('gives the string readFileSync gives, for generated valid UTF-8 (1- to 4-byte sequences, long ASCII runs, a byte-order mark first)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(valid, { maxLength: 40 }), (bom, pieces) => {
        const bytes = [...(bom ? [0xef, 0xbb, 0xbf] : []), ...pieces.flat()];
        assert.ok(Buffer.from(bytes).toString('utf8').length <= bytes.length);
        same(bytes);
      }),
      { seed: 0x7274, numRuns: 1500 },
    );
    assert.ok(decodesInWebAssembly(), 'WebAssembly here');
  });

  it('gives the string readFileSync gives where the bytes are not UTF-8 (surrogates, overlongs, cut short, stray bytes: U+FFFD as before)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(valid, invalid), { minLength: 1, maxLength: 40 }), fc.boolean(), (pieces, cutEnd) => {
        const bytes = pieces.flat();
        same(cutEnd ? bytes.slice(0, -1) : bytes);
      }),
      { seed: 0x7275, numRuns: 1500 },
    );
  });

  it('reads every character of the Basic Multilingual Plane and the first and last of the others', () => {
    const points: number[] = [];
    for (let cp = 0; cp < 0x10000; cp++) if (cp < 0xd800 || cp > 0xdfff) points.push(cp);
    points.push(0x10000, 0x1f600, 0x10fffd, 0x10ffff);
    same(points.flatMap(encode));
  });

  it('reads a file whole whatever size the walk saw (grown, shrunk, empty, past the kept buffer)', () => {
    const text = `${'é'.repeat(70_000)}${'x'.repeat(600_000)}☃`;
    const bytes = Buffer.from(text);
    same(bytes, 10); // grew since the walk: past the buffer sized from it
    same(bytes, bytes.length + 1_000_000); // shrank
    same([], 0);
    same([0x41], 0);
    same(Buffer.from('a'.repeat(5 * 1024 * 1024) + '€'), 5 * 1024 * 1024 + 3); // larger than a kept buffer: readFileSync
    same(Buffer.from('ü'.repeat(20)), 40); // Latin-1 alone: V8's decoder
  });

  it('throws what readFileSync throws', () => {
    const missing = join(folder, 'missing');
    assert.throws(() => readText(missing, 10), { code: 'ENOENT' });
    assert.throws(() => readText(folder, 10), { code: 'EISDIR' });
  });

  it('decodes with V8 where WebAssembly is not to be had (--jitless), with the same strings', () => {
    const file = join(folder, 'jitless');
    writeFileSync(file, `\ufeff${'€ and 🔑 '.repeat(100)}${'x'.repeat(40)}`);
    const script = `const r = require(${JSON.stringify(require.resolve('../../server/src/cli/readText'))});
      const s = r.readText(${JSON.stringify(file)}, 10);
      process.stdout.write(JSON.stringify([r.decodesInWebAssembly(), s === require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8')]));`;
    const run = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' })) as [boolean, boolean];
    assert.deepEqual(run(['--jitless']), [false, true]);
    assert.deepEqual(run([]), [true, true]);
  });
});
