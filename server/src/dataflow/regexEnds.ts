/**
 * What the strings a pattern matches can end with, read from the pattern's source: a small reader of
 * the sink tables' regexes (`/(?:^|\.)(?:Query|Exec)$/` ends with `Query` or `.Query`, `Exec` or `.Exec`;
 * `/^os\.spawn\w+$/` is `os.spawn` and word characters, whole). The data flow asks a call's other names
 * (`FileFlow.calleeNames`: reaching definitions, imports, declared types) only to test them against the
 * sinks; every such name ends with what the call's own name ends with (`.method`), so a sink none of
 * whose endings fits that needs none of them.
 *
 * Sound by construction: what the reader does not understand (a pattern not anchored at its end, a
 * repeated group, a back-reference, the `m`, `g`, `y`, `u` or `v` flags) ends an ending early ("and
 * anything before"), or gives none at all ("anything"), never a wrong one.
 *
 * Its own reader rather than regexpp's parser (which `regexAmbiguity.ts` uses): regexpp ships in the ReDoS
 * checker's bundle (`dist/scslre.js`, 1.1 MB, loaded only for a pattern that needs it), and this runs on
 * keystrokes in every tree-sitter language, where loading that bundle would cost more than the names saved.
 */

/** A class of characters (UTF-16 units; under the `i` flag, as `canonical` spells them). */
interface ClassSet {
  has(unit: string): boolean;
}
/** One character, or a class. */
type CharSet = string | ClassSet;

function inSet(set: CharSet, unit: string): boolean {
  return typeof set === 'string' ? set === unit : set.has(unit);
}

type Atom =
  | { kind: 'char'; set: CharSet }
  | { kind: 'start' }
  | { kind: 'end' }
  /** Zero-width: `\b`, `\B`, lookaheads and lookbehinds (they only restrict). */
  | { kind: 'empty' }
  /** Consumes what the reader cannot say (a back-reference), perhaps nothing. */
  | { kind: 'opaque' }
  | { kind: 'group'; alts: Atom[][] }
  | { kind: 'repeat'; atom: Atom; min: number; max: number };

/** Steps of one reading before the reader gives up ("may"). */
const MAX_STEPS = 20_000;
/** The widest range of a class spelled out (under `i`, each member's canonical form); wider ones are "any character". */
const MAX_RANGE = 4096;

/** How a character compares under the `i` flag without `u` (ECMAScript's Canonicalize: upper case, unless that leaves ASCII for a non-ASCII character or takes two units). */
function canonicalUnit(unit: string): string {
  const upper = unit.toUpperCase();
  return upper.length !== 1 || (unit.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128) ? unit : upper;
}

function canonical(text: string): string {
  let out = '';
  for (let k = 0; k < text.length; k++) out += canonicalUnit(text[k]!);
  return out;
}

const LINE_END = /[\n\r\u2028\u2029]/;
const ANY: ClassSet = { has: () => true };
/** `\d \w \s` and their complements; `.`. Under `i` without `u` they hold the same characters after Canonicalize. */
const CLASS_ESCAPES: Record<string, ClassSet> = {
  d: { has: (u) => /\d/.test(u) },
  D: { has: (u) => /\D/.test(u) },
  w: { has: (u) => /\w/.test(u) },
  W: { has: (u) => /\W/.test(u) },
  s: { has: (u) => /\s/.test(u) },
  S: { has: (u) => /\S/.test(u) },
  '.': { has: (u) => !LINE_END.test(u) },
};

const CONTROLS: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };

class Unreadable extends Error {}

class Reader {
  private at = 0;
  constructor(
    private readonly src: string,
    private readonly fold: boolean,
    private readonly dotAll: boolean,
  ) {}

  /** The whole pattern: its alternatives. */
  pattern(): Atom[][] {
    const alts = this.alternatives();
    if (this.at !== this.src.length) throw new Unreadable();
    return alts;
  }

  private literal(unit: string): CharSet {
    return this.fold ? canonicalUnit(unit) : unit;
  }

  private alternatives(): Atom[][] {
    const alts: Atom[][] = [[]];
    while (this.at < this.src.length) {
      const c = this.src[this.at]!;
      if (c === ')') break;
      if (c === '|') {
        this.at++;
        alts.push([]);
        continue;
      }
      alts[alts.length - 1]!.push(this.quantified(this.atom()));
    }
    return alts;
  }

  private quantified(atom: Atom): Atom {
    const c = this.src[this.at];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.at));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      this.at += m[0].length - 1;
    } else return atom;
    this.at++;
    if (this.src[this.at] === '?') this.at++;
    return { kind: 'repeat', atom, min, max };
  }

  private atom(): Atom {
    const c = this.src[this.at++]!;
    if (c === '^') return { kind: 'start' };
    if (c === '$') return { kind: 'end' };
    if (c === '.') return { kind: 'char', set: this.dotAll ? ANY : CLASS_ESCAPES['.']! };
    if (c === '[') return { kind: 'char', set: this.charClass() };
    if (c === '\\') return this.escape();
    if (c === '(') {
      // `(?:…)` and `(?<name>…)` are groups like `(…)`; `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)` take no text.
      let look = false;
      if (this.src[this.at] === '?') {
        const [a, b] = [this.src[this.at + 1], this.src[this.at + 2]];
        if (a === ':') this.at += 2;
        else if (a === '=' || a === '!') [this.at, look] = [this.at + 2, true];
        else if (a === '<' && (b === '=' || b === '!')) [this.at, look] = [this.at + 3, true];
        else if (a === '<' && this.src.indexOf('>', this.at) > 0) this.at = this.src.indexOf('>', this.at) + 1;
        else throw new Unreadable();
      }
      const alts = this.alternatives();
      if (this.src[this.at++] !== ')') throw new Unreadable();
      return look ? { kind: 'empty' } : { kind: 'group', alts };
    }
    if (c === '*' || c === '+' || c === '?') throw new Unreadable();
    return { kind: 'char', set: this.literal(c) };
  }

  /** After a backslash, outside a class. */
  private escape(): Atom {
    const c = this.src[this.at];
    if (c === 'b' || c === 'B') {
      this.at++;
      return { kind: 'empty' };
    }
    const unit = this.escapedUnit();
    if (typeof unit === 'string') return { kind: 'char', set: this.literal(unit) };
    return unit ? { kind: 'char', set: unit } : { kind: 'opaque' };
  }

  /**
   * After a backslash (`\b` is a backspace here: the caller takes the word boundary): one character, a
   * class escape's set, or undefined for what is not read.
   */
  private escapedUnit(): string | ClassSet | undefined {
    const c = this.src[this.at++];
    if (c === undefined) throw new Unreadable();
    if (c === 'b') return '\b';
    if (CLASS_ESCAPES[c] && c !== '.') return CLASS_ESCAPES[c];
    if (CONTROLS[c]) return CONTROLS[c];
    if (c === 'x' || c === 'u') {
      const hex = this.src.slice(this.at, this.at + (c === 'x' ? 2 : 4));
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== (c === 'x' ? 2 : 4)) return undefined;
      this.at += hex.length;
      return String.fromCharCode(parseInt(hex, 16));
    }
    // A back-reference, or a legacy octal and digits after it: all the digits taken, none read.
    if (/[0-9]/.test(c)) {
      while (/[0-9]/.test(this.src[this.at] ?? '')) this.at++;
      return undefined;
    }
    // `\k<name>` and `\cX` taken whole; other letters (`\p`…) are not read. Punctuation stands for itself.
    if (c === 'k') this.at += /^<[^>]*>/.exec(this.src.slice(this.at))?.[0].length ?? 0;
    if (c === 'c' && /[A-Za-z]/.test(this.src[this.at] ?? '')) this.at++;
    if (/[A-Za-z]/.test(c)) return undefined;
    return c;
  }

  private charClass(): ClassSet {
    const negated = this.src[this.at] === '^';
    if (negated) this.at++;
    const units = new Set<string>();
    const sets: ClassSet[] = [];
    let any = false;
    // (`]` always closes a class here: `[]` is an empty one, matching nothing.)
    for (;;) {
      const c = this.src[this.at];
      if (c === undefined) throw new Unreadable();
      if (c === ']') break;
      const low = this.classUnit();
      if (low === undefined) any = true;
      else if (typeof low !== 'string') sets.push(low);
      else if (this.src[this.at] === '-' && this.src[this.at + 1] !== ']' && this.src[this.at + 1] !== undefined) {
        this.at++;
        const high = this.classUnit();
        if (typeof high !== 'string') {
          // `[\w-z]`, `[a-\w]`: the `-` is itself.
          if (high === undefined) any = true;
          else sets.push(high);
          units.add(low).add('-');
          continue;
        }
        const [a, b] = [low.charCodeAt(0), high.charCodeAt(0)];
        if (b - a + 1 > MAX_RANGE) any = true;
        else for (let k = a; k <= b; k++) units.add(String.fromCharCode(k));
      } else units.add(low);
    }
    this.at++;
    // What is not read makes the class any character (more than it holds, negated or not).
    if (any) return ANY;
    const members = new Set([...units].map((u) => (this.fold ? canonicalUnit(u) : u)));
    const inside = (u: string): boolean => members.has(u) || sets.some((s) => s.has(u));
    return { has: negated ? (u) => !inside(u) : inside };
  }

  /** One character of a class, a class escape's set, or undefined for what is not read. */
  private classUnit(): string | ClassSet | undefined {
    const c = this.src[this.at++]!;
    return c === '\\' ? this.escapedUnit() : c;
  }
}

/** What is left to read once a group's alternative or a repeated atom is read: atom `i` of `seq` and back, then `next`. */
interface Place {
  seq: readonly Atom[];
  i: number;
  next: Place | undefined;
}

/**
 * May `alts` (a pattern's alternatives) match some string `P + end` (any `P`)? Reads the pattern
 * backwards from its end, matching `end` from its last character; what `end` leaves of the pattern is
 * `P`'s. True whenever it cannot tell (a step budget, unanchored alternatives, unread atoms).
 */
function mayEnd(alts: readonly Atom[][], end: string): boolean {
  let steps = 0;
  // At atom `i` of `seq` and back, then `next`; `z`: the last character of `end` not yet matched;
  // `anchored`: a `$` was met, so the match ends where the input does.
  const walk = (seq: readonly Atom[], i: number, next: Place | undefined, z: number, anchored: boolean): boolean => {
    for (;;) {
      if (++steps > MAX_STEPS) return true;
      // `end` all matched: the rest is `P`'s.
      if (z < 0) return true;
      if (i >= 0) break;
      // The pattern read to its start, not anchored there: the match starts inside `end`, so the input
      // ends with it (anchored), or with anything (not).
      if (!next) return true;
      ({ seq, i, next } = next);
    }
    const atom = seq[i]!;
    switch (atom.kind) {
      case 'empty':
        return walk(seq, i - 1, next, z, anchored);
      case 'end':
        // Text after the end of the input: no match this way.
        return z === end.length - 1 && walk(seq, i - 1, next, z, true);
      case 'start':
        // Not anchored: the match ends before the input does, which may end with anything. Anchored: the
        // input is what was matched, shorter than `end`.
        return !anchored;
      case 'group': {
        const after: Place = { seq, i: i - 1, next };
        for (const alt of atom.alts) {
          // (An alternative whose last character cannot be `end`'s is passed over without a step.)
          const last = alt[alt.length - 1];
          if (anchored && last?.kind === 'char' && !inSet(last.set, end[z]!)) continue;
          if (walk(alt, alt.length - 1, after, z, anchored)) return true;
        }
        return false;
      }
      default:
    }
    // The rest consume text: past the end of the match, the input's end is unknown.
    if (!anchored || atom.kind === 'opaque') return true;
    if (atom.kind === 'char') return inSet(atom.set, end[z]!) && walk(seq, i - 1, next, z - 1, true);
    // `\w+`, `[Tt]?`: a run of one set.
    const inner = atom.atom;
    if (inner.kind === 'char') {
      for (let k = 0; ; k++) {
        if (k >= atom.min && walk(seq, i - 1, next, z - k, true)) return true;
        if (k >= atom.max) return false;
        // `end` used up inside the run: the rest of it is `P`'s.
        if (z - k < 0) return true;
        if (!inSet(inner.set, end[z - k]!)) return false;
      }
    }
    if (atom.min === 0 && walk(seq, i - 1, next, z, true)) return true;
    if (atom.max === 0) return false;
    // Once: the atom, then what comes before. The last of several: what one ends with, and before it anything.
    return walk([inner], 0, atom.max === 1 ? { seq, i: i - 1, next } : undefined, z, true);
  };
  return alts.some((alt) => walk(alt, alt.length - 1, undefined, end.length - 1, false));
}

/**
 * A test of whether `pattern` may match some string that ends with a given text, whatever comes before
 * it (`P + end` for some `P`, the empty one included). False only when no such string can match; true
 * whenever the reader cannot tell.
 */
export function endingTest(pattern: RegExp): (end: string) => boolean {
  if (/[mgyuv]/.test(pattern.flags)) return () => true;
  const fold = pattern.flags.includes('i');
  let alts: Atom[][];
  try {
    alts = new Reader(pattern.source, fold, pattern.flags.includes('s')).pattern();
  } catch (e) {
    if (e instanceof Unreadable) return () => true;
    throw e;
  }
  // Memoised by ending: several lists of sinks share a pattern, and a file's calls share their method names.
  const memo = new Map<string, boolean>();
  return (end) => {
    let may = memo.get(end);
    if (may === undefined) {
      if (memo.size >= 20_000) memo.clear();
      memo.set(end, (may = mayEnd(alts, fold ? canonical(end) : end)));
    }
    return may;
  };
}
