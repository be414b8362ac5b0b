import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';

/**
 * Reading a scan's files as text: the same string as `readFileSync(path, 'utf8')` for every file, for less.
 *
 * - `readFileSync(path, 'utf8')` reads in 8 KB pieces into a growing native string (a 265 KB file: 33 reads
 *   and as many copies) and then decodes. Here each thread reads a file into one buffer it keeps, sized from
 *   the walk, until the end of the file (one read and the one that finds the end, for a file that did not
 *   change since the walk).
 * - V8 decodes UTF-8 that is not ASCII at about 190 MB/s, in two passes. Valid UTF-8 (`isUtf8`, simdutf) that
 *   is not ASCII and holds a character above U+00FF is decoded in WebAssembly (`utf8ToUtf16`) and made a string
 *   by `ucs2Slice`. Everything else (ASCII, Latin-1 text, invalid bytes, which become U+FFFD) is V8's decoder as
 *   before, so the string is always the one `readFileSync` gives, a leading byte-order mark included.
 */

/** Files the walk says are larger than this are read by `readFileSync`: a kept buffer does not grow for them. */
const POOLED_LIMIT = 4 * 1024 * 1024;

/** Reads `path` (`size` bytes at the walk, a hint only) as UTF-8; throws what `readFileSync` throws. */
export function readText(path: string, size: number): string {
  if (size >= POOLED_LIMIT) return readFileSync(path, 'utf8');
  const pool = poolFor(size + 1);
  const { bytes, capacity } = pool;
  const fd = openSync(path, 'r');
  let n = 0;
  try {
    for (let read; (read = readSync(fd, bytes, n, capacity - n, null)) > 0;) {
      n += read;
      // It grew since the walk and fills the buffer: read it whole the ordinary way.
      if (n === capacity) return readFileSync(path, 'utf8');
    }
  } finally {
    closeSync(fd);
  }
  return decode(pool, n);
}

/** Whether this thread decodes in WebAssembly (after its first `readText`): false where it is not to be had. */
export function decodesInWebAssembly(): boolean {
  return pool?.utf8ToUtf16 !== undefined;
}

/** The first `n` bytes of `pool` as `Buffer#toString('utf8')` makes them. */
function decode(pool: Pool, n: number): string {
  const { bytes, capacity } = pool;
  if (pool.utf8ToUtf16 && n >= 16) {
    const view = bytes.subarray(0, n);
    if (!isAscii(view) && isUtf8(view)) {
      const end = pool.utf8ToUtf16(0, n, capacity);
      // Latin-1 text: V8 makes it a one-byte string; `ucs2Slice` of a large one would not.
      if (end & 1) return bytes.toString('utf16le', capacity, end - 1);
    }
  }
  return bytes.toString('utf8', 0, n);
}

/**
 * `utf8ToUtf16(from, n, to)`: the `n` bytes of valid UTF-8 at `from` as UTF-16 (little-endian) at `to`. Returns
 * the end of what it wrote, plus 1 when a character above U+00FF was among them.
 */
type Utf8ToUtf16 = (from: number, n: number, to: number) => number;

interface Pool {
  /**
   * Files are read into its first `capacity` bytes. Where the decoder is had, it is the whole WebAssembly
   * memory, and the decoder writes from `capacity` on (twice as many bytes).
   */
  bytes: Buffer;
  capacity: number;
  utf8ToUtf16?: Utf8ToUtf16;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { decode: Utf8ToUtf16 } };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
}

const PAGE = 0x10000;

let pool: Pool | undefined;
let memory: { buffer: ArrayBuffer; grow(pages: number): number } | undefined;
let instance: Utf8ToUtf16 | undefined;
/** Set once WebAssembly (the module, a memory or its growth) could not be had: this thread decodes with V8 from then on. */
let wasmRefused = false;

/** This thread's pool, with room for `bytes` bytes read. */
function poolFor(bytes: number): Pool {
  if (pool && pool.capacity >= bytes) return pool;
  // Whole pages, at least 256 KB; input then twice as much output, in one memory.
  const pages = Math.max(4, Math.ceil(bytes / PAGE), Math.ceil((pool?.capacity ?? 0) * 2 / PAGE));
  const capacity = pages * PAGE;
  if (!wasmRefused) {
    try {
      if (!memory) {
        const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
        const module = new api.Module(utf8ToUtf16Bytes());
        memory = new api.Memory({ initial: pages * 3 });
        instance = new api.Instance(module, { d: { memory } }).exports.decode;
      } else {
        memory.grow(pages * 3 - memory.buffer.byteLength / PAGE);
      }
      return (pool = { bytes: Buffer.from(memory.buffer), capacity, utf8ToUtf16: instance });
    } catch {
      // No WebAssembly (`--jitless`, no SIMD) or no memory (an address-space limit): V8 decodes.
      wasmRefused = true;
    }
  }
  return (pool = { bytes: Buffer.allocUnsafeSlow(capacity), capacity });
}

/**
 * The bytes of the `utf8ToUtf16` module, assembled here; in the text format:
 *
 *   (module (import "d" "memory" (memory 1))
 *     (func (export "decode") (param $s i32) (param $n i32) (param $d i32) (result i32)
 *       (local $end i32) (local $b i32) (local $wide i32) (local $c i32) (local $v v128)
 *       (local.set $end (i32.add (local.get $s) (local.get $n)))
 *       (block $done (loop $next
 *         ;; 16 ASCII bytes at a time: widened to 16 units
 *         (block $slow (loop $fast
 *           (br_if $slow (i32.gt_u (i32.add (local.get $s) (i32.const 16)) (local.get $end)))
 *           (br_if $slow (i8x16.bitmask (local.tee $v (v128.load (local.get $s)))))
 *           (v128.store (local.get $d) (i16x8.extend_low_i8x16_u (local.get $v)))
 *           (v128.store offset=16 (local.get $d) (i16x8.extend_high_i8x16_u (local.get $v)))
 *           $s += 16, $d += 32 (br $fast)))
 *         (br_if $done (i32.ge_u (local.get $s) (local.get $end)))
 *         $b = the byte at $s:
 *           < 0x80: the unit $b; $s += 1
 *           < 0xE0: ($b & 0x1F) << 6 | next & 0x3F; $s += 2; $wide |= $b >= 0xC4
 *           < 0xF0: ($b & 0x0F) << 12 | …; $s += 3; $wide = 1
 *           else:   $c = the code point - 0x10000, the units 0xD800 | $c >> 10 and 0xDC00 | $c & 0x3FF; $s += 4; $wide = 1
 *         stored at $d, $d += 2 a unit (br $next)))
 *       (i32.or (local.get $d) (local.get $wide)))
 *
 * The input must be valid UTF-8 (`isUtf8`): nothing here checks it.
 */
function utf8ToUtf16Bytes(): Uint8Array {
  const I32 = 0x7f;
  const V128 = 0x7b;
  const [s, n, d, end, b, wide, c, v] = [0, 1, 2, 3, 4, 5, 6, 7];
  const get = (local: number) => [0x20, local];
  const set = (local: number) => [0x21, local];
  const tee = (local: number) => [0x22, local];
  const i32 = (value: number) => [0x41, leb128(value, true)];
  const [add, sub, and, or, shl, shrU, ltU, gtU, geU] = [0x6a, 0x6b, 0x71, 0x72, 0x74, 0x76, 0x49, 0x4b, 0x4f];
  const byteAt = (offset: number) => [get(s), 0x2d, 0, offset]; // i32.load8_u
  const store16 = (offset: number) => [0x3b, 1, offset]; // i32.store16
  const simd = (op: number, ...immediates: number[]) => [0xfd, leb128(op), immediates];
  const [vLoad, vStore, bitmask, extendLow, extendHigh] = [0x00, 0x0b, 0x64, 0x89, 0x8a];
  const [block, loop, ifThen, else_, end_, br, brIf, empty] = [0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x40];
  const advance = (local: number, by: number) => [get(local), i32(by), add, set(local)];
  const tail = (offset: number, shift: number) => [byteAt(offset), i32(0x3f), and, shift ? [i32(shift), shl] : [], or];
  const body = flat([
    2, 4, I32, 1, V128, // locals: $end $b $wide $c, $v
    get(s), get(n), add, set(end),
    block, empty, loop, empty,
    block, empty, loop, empty,
    get(s), i32(16), add, get(end), gtU, brIf, 1,
    get(s), simd(vLoad, 4, 0), tee(v), simd(bitmask), brIf, 1,
    get(d), get(v), simd(extendLow), simd(vStore, 4, 0),
    get(d), get(v), simd(extendHigh), simd(vStore, 4, 16),
    advance(s, 16), advance(d, 32),
    br, 0, end_, end_,
    get(s), get(end), geU, brIf, 1,
    byteAt(0), tee(b), i32(0x80), ltU,
    ifThen, empty,
    get(d), get(b), store16(0), advance(s, 1),
    else_,
    get(b), i32(0xe0), ltU,
    ifThen, empty,
    get(wide), get(b), i32(0xc4), geU, or, set(wide),
    get(d), get(b), i32(0x1f), and, i32(6), shl, tail(1, 0), store16(0), advance(s, 2),
    else_,
    i32(1), set(wide),
    get(b), i32(0xf0), ltU,
    ifThen, empty,
    get(d), get(b), i32(0x0f), and, i32(12), shl, tail(1, 6), tail(2, 0), store16(0), advance(s, 3),
    else_,
    get(b), i32(0x07), and, i32(18), shl, tail(1, 12), tail(2, 6), tail(3, 0), i32(0x10000), sub, set(c),
    get(d), get(c), i32(10), shrU, i32(0xd800), or, store16(0),
    get(d), get(c), i32(0x3ff), and, i32(0xdc00), or, store16(2),
    advance(s, 4), advance(d, 2),
    end_, end_,
    end_,
    advance(d, 2),
    br, 0, end_, end_,
    get(d), get(wide), or, end_,
  ]);
  const name = (text: string) => [text.length, [...text].map((ch) => ch.charCodeAt(0))];
  const section = (id: number, content: unknown[]) => {
    const bytes = flat(content);
    return [id, leb128(bytes.length), bytes];
  };
  return new Uint8Array(flat([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    section(1, [1, 0x60, 3, I32, I32, I32, 1, I32]), // type: (i32 × 3) -> i32
    section(2, [1, name('d'), name('memory'), 0x02, 0x00, 0x01]), // import: memory, at least a page
    section(3, [1, 0]), // one function, of that type
    section(7, [1, name('decode'), 0x00, 0]), // export it as "decode"
    section(10, [1, leb128(body.length), body]), // its code
  ]));
}

function flat(code: unknown[]): number[] {
  return code.flat(Infinity) as number[];
}

/** `value` (not negative) in LEB128 (`signed`: as i32.const reads it, so a last byte with bit 6 set takes one more). */
function leb128(value: number, signed = false): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>>= 7;
    if (value === 0 && (!signed || (byte & 0x40) === 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
