import type { Scope } from './types';
import type { Syntax } from './languages';
import { changedSpan } from './textRules';

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
    const out: Regions = { starts: [], ends: [], kinds: [] };
    lex(text, syntax, 0, out);
    return new ScopeMap(Int32Array.from(out.starts), Int32Array.from(out.ends), Uint8Array.from(out.kinds));
  }

  /**
   * The map of `text`, an edit of the text this map is of that changed `[start, oldEnd)` into
   * `[start, newEnd)`: the regions before the edit are kept, the lexer starts again a few characters
   * before it (at the start of the region holding that place, if one does) and stops at the first
   * place after the edit where it is in code and the old lex was in code at the same text; the old
   * regions from there on are moved by the edit. Equal to `build(text)` (a test compares them).
   */
  updated(text: string, syntax: Syntax, start: number, oldEnd: number, newEnd: number): ScopeMap {
    const delta = newEnd - oldEnd;
    const from = Math.max(0, start - 4);
    const holding = this.regionIndex(from);
    const restart = holding >= 0 ? this.starts[holding]! : from;
    let keep = holding >= 0 ? holding : this.firstFrom(from);
    const out: Regions = { starts: Array.from(this.starts.subarray(0, keep)), ends: Array.from(this.ends.subarray(0, keep)), kinds: Array.from(this.kinds.subarray(0, keep)) };
    // The old regions from `j` on end after `i - delta`; in code there when the next one starts after it.
    let j = keep;
    const resumed = lex(text, syntax, restart, out, (i) => {
      if (i <= newEnd) return false;
      const old = i - delta;
      while (j < this.starts.length && this.ends[j]! <= old) j++;
      return j >= this.starts.length || this.starts[j]! > old;
    });
    if (resumed >= 0) {
      for (keep = j; keep < this.starts.length; keep++) {
        out.starts.push(this.starts[keep]! + delta);
        out.ends.push(this.ends[keep]! + delta);
        out.kinds.push(this.kinds[keep]!);
      }
    }
    return new ScopeMap(Int32Array.from(out.starts), Int32Array.from(out.ends), Uint8Array.from(out.kinds));
  }

  /** The index of the first region starting at or after `offset`. */
  private firstFrom(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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

/** A document's last scope map, kept between analyses (`ParseCache.scopes`). */
export interface ScopeMemo {
  text: string;
  syntax: Syntax;
  map: ScopeMap;
}

/** The scope map of `text`: from the document's last one when there is one (`ScopeMap.updated`), and kept in `memo`. */
export function scopeMapOf(text: string, syntax: Syntax, memo?: { scopes?: ScopeMemo }): ScopeMap {
  const last = memo?.scopes;
  let map: ScopeMap;
  if (last && last.syntax === syntax && last.text === text) map = last.map;
  else if (last && last.syntax === syntax) {
    const { start, oldEnd, newEnd } = changedSpan(last.text, text);
    map = last.map.updated(text, syntax, start, oldEnd, newEnd);
  } else map = ScopeMap.build(text, syntax);
  if (memo) memo.scopes = { text, syntax, map };
  return map;
}

const STRING = 1;
const COMMENT = 2;

interface Regions {
  starts: number[];
  ends: number[];
  kinds: number[];
}

/**
 * Lexes `text` from `from` (a place in code) to its end, adding the regions to `out`; or stops at the
 * first place in code where `resume` says the rest is known, and returns it (-1 when it reached the end).
 */
function lex(text: string, syntax: Syntax, from: number, out: Regions, resume?: (i: number) => boolean): number {
  const { starts, ends, kinds } = out;
  const n = text.length;
  const firstChars = firstCharsOf(syntax);
  const { lineComments, blockComments, quotes } = syntax;

  // Indexed loops and a table lookup per character: a big file is lexed once, by code not yet
  // optimised, where each `for…of` (and `[open, close]` destructuring) made iterator objects.
  let i = from;
  scan: while (i < n) {
    if (resume && resume(i)) return i;
    const c = text.charCodeAt(i);
    if (c < 128 ? firstChars.ascii[c] === 0 : !firstChars.other.has(c)) {
      i++;
      continue;
    }
    for (let m = 0; m < lineComments.length; m++) {
      const marker = lineComments[m]!;
      if (!text.startsWith(marker, i)) continue;
      if (marker === '#' && syntax.hashNeedsSpace && i > 0 && !isSpace(text.charCodeAt(i - 1))) continue;
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      starts.push(i); ends.push(end); kinds.push(COMMENT);
      i = end;
      continue scan;
    }
    for (let b = 0; b < blockComments.length; b++) {
      const open = blockComments[b]![0];
      const close = blockComments[b]![1];
      if (!text.startsWith(open, i)) continue;
      let end = text.indexOf(close, i + open.length);
      end = end < 0 ? n : end + close.length;
      starts.push(i); ends.push(end); kinds.push(COMMENT);
      i = end;
      continue scan;
    }
    for (let q = 0; q < quotes.length; q++) {
      const quote = quotes[q]!;
      if (!text.startsWith(quote, i)) continue;
      const end = stringEnd(text, i + quote.length, quote, syntax.multiline.includes(quote));
      starts.push(i); ends.push(end); kinds.push(STRING);
      i = end;
      continue scan;
    }
    i++;
  }
  return -1;
}

/** The characters that can open a comment or a string in `syntax` (ASCII as a table), made once per syntax. */
const firstCharsCache = new WeakMap<Syntax, { ascii: Uint8Array; other: Set<number> }>();
function firstCharsOf(syntax: Syntax): { ascii: Uint8Array; other: Set<number> } {
  let found = firstCharsCache.get(syntax);
  if (found) return found;
  found = { ascii: new Uint8Array(128), other: new Set() };
  for (const opener of [...syntax.lineComments, ...syntax.blockComments.map(([open]) => open), ...syntax.quotes]) {
    const c = opener.charCodeAt(0);
    if (c < 128) found.ascii[c] = 1;
    else found.other.add(c);
  }
  firstCharsCache.set(syntax, found);
  return found;
}

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
