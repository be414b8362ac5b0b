import type { Scope } from './types';
import type { Syntax } from './languages';

/**
 * Splits a file into string and comment regions in one linear pass. Everything outside a region is
 * code. The lexer is deliberately forgiving: it never throws, an unterminated string ends at the
 * line end (or the file end for multi-line delimiters), and an unterminated comment runs to the end.
 */
export class ScopeMap {
  private constructor(
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    private readonly kinds: Uint8Array,
  ) {}

  static build(text: string, syntax: Syntax): ScopeMap {
    const starts: number[] = [];
    const ends: number[] = [];
    const kinds: number[] = [];
    const n = text.length;
    const firstChars = new Set<number>();
    for (const s of syntax.lineComments) firstChars.add(s.charCodeAt(0));
    for (const [open] of syntax.blockComments) firstChars.add(open.charCodeAt(0));
    for (const q of syntax.quotes) firstChars.add(q.charCodeAt(0));

    let i = 0;
    scan: while (i < n) {
      const c = text.charCodeAt(i);
      if (!firstChars.has(c)) {
        i++;
        continue;
      }
      for (const marker of syntax.lineComments) {
        if (!text.startsWith(marker, i)) continue;
        if (marker === '#' && syntax.hashNeedsSpace && i > 0 && !isSpace(text.charCodeAt(i - 1))) continue;
        let end = text.indexOf('\n', i);
        if (end < 0) end = n;
        starts.push(i); ends.push(end); kinds.push(COMMENT);
        i = end;
        continue scan;
      }
      for (const [open, close] of syntax.blockComments) {
        if (!text.startsWith(open, i)) continue;
        let end = text.indexOf(close, i + open.length);
        end = end < 0 ? n : end + close.length;
        starts.push(i); ends.push(end); kinds.push(COMMENT);
        i = end;
        continue scan;
      }
      for (const quote of syntax.quotes) {
        if (!text.startsWith(quote, i)) continue;
        const end = stringEnd(text, i + quote.length, quote, syntax.multiline.includes(quote));
        starts.push(i); ends.push(end); kinds.push(STRING);
        i = end;
        continue scan;
      }
      i++;
    }
    return new ScopeMap(Int32Array.from(starts), Int32Array.from(ends), Uint8Array.from(kinds));
  }

  /** The scope at `offset`. */
  scopeAt(offset: number): Scope {
    const k = this.regionIndex(offset);
    if (k < 0) return 'code';
    return this.kinds[k] === COMMENT ? 'comment' : 'string';
  }

  /** The string or comment region holding `offset`, as `[start, end)`, or undefined in code. */
  regionAt(offset: number): [number, number] | undefined {
    const k = this.regionIndex(offset);
    return k < 0 ? undefined : [this.starts[k]!, this.ends[k]!];
  }

  /** Every comment region, in order. */
  *comments(): Iterable<[number, number]> {
    for (let k = 0; k < this.kinds.length; k++) {
      if (this.kinds[k] === COMMENT) yield [this.starts[k]!, this.ends[k]!];
    }
  }

  private regionIndex(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && offset < this.ends[hi]! ? hi : -1;
  }
}

const STRING = 1;
const COMMENT = 2;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function stringEnd(text: string, from: number, quote: string, multiline: boolean): number {
  const n = text.length;
  const single = quote.length === 1 ? quote.charCodeAt(0) : -1;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && quote !== "'''" && quote !== '"""') {
      i += 2;
      continue;
    }
    if (c === 10 && !multiline) return i;
    if (single >= 0 ? c === single : text.startsWith(quote, i)) return i + quote.length;
    i++;
  }
  return n;
}
