import { changedSpan } from './textRules';

/**
 * Proofs that a regular expression finds nothing in a document's text, kept across edits so that a
 * search that failed need not read the whole text again on the next keystroke.
 *
 * A proof is a set of literal words, every one of them absent from the text, such that every match of
 * the expression contains one of them (`literalProof`): with none of them in the text, no match can
 * exist. After an edit a word can only be new where it overlaps the changed span, so the proof is
 * checked again on that span (and a word's length either side) alone. The words are searched with the
 * expression's own flags (case-insensitive ones as such), so a word counts as present exactly where the
 * expression would have matched it.
 */
export interface Proof {
  /**
   * The words, none of them in the text: a plain word as a string (searched with `includes`), or, for an
   * expression that ignores case or a word with the one-character assertions around it in the expression
   * (`\\b`, `(?<![\\w$])`), as an expression with the pattern's flags.
   */
  readonly words: readonly (string | RegExp)[];
  /** The longest word, in UTF-16 units. */
  readonly longest: number;
}

/**
 * The proofs of one document, for the version last given to `advance`. Keys are the expressions (or
 * rules) the proofs are for; a key without a proof is searched as usual.
 */
export class Absences<K extends object> {
  private text: string | undefined;
  private readonly proofs = new Map<K, Proof>();
  /**
   * Expressions that found nothing and cannot match a line break (`withinLine`): a match an edit makes
   * must lie on a line it touched, so only those lines are searched again.
   */
  private readonly lineProofs = new Map<K, RegExp>();
  /**
   * Keys that had no proof when first asked (a word every match needs is in the text): not asked again
   * for this document, since looking for a proof reads the whole text once per word.
   */
  private readonly unprovable = new Set<K>();
  /** Searches that failed in the current text, their proofs not looked for yet (`failLater`). */
  private readonly pending = new Map<K, { pattern: RegExp; searched: boolean }>();
  private longest = 0;

  /** Moves to `text`, dropping the proofs an edit may have broken. */
  advance(text: string): void {
    this.settle();
    const before = this.text;
    this.text = text;
    if (before === undefined || before === text || this.proofs.size + this.lineProofs.size === 0) return;
    const span = changedSpan(before, text);
    if (this.lineProofs.size > 0) {
      // The lines the edit touched, with the line breaks around them: what assertions read at a line's
      // ends is there as in the whole text.
      let from = span.start;
      while (from > 0 && !isLineBreak(text.charCodeAt(from - 1))) from--;
      let to = span.newEnd;
      while (to < text.length && !isLineBreak(text.charCodeAt(to))) to++;
      const lines = text.slice(Math.max(0, from - 1), Math.min(text.length, to + 1));
      this.lineProofs.forEach((re, key) => {
        if (re.test(lines)) this.lineProofs.delete(key);
      });
    }
    if (this.proofs.size === 0) return;
    // A word new in the text, with the character either side its assertions read, overlaps the changed
    // span: it lies within a word's length and two characters of it. (At the slice's ends an assertion
    // sees no character, which can only find a word that is not there: a proof dropped, never one kept.)
    const margin = this.longest + 2;
    const around = text.slice(Math.max(0, span.start - margin), Math.min(text.length, span.newEnd + margin));
    let longest = 0;
    // `forEach`, not `for…of`: the iterator made a [key, value] array per entry, on every keystroke.
    this.proofs.forEach((proof, key) => {
      for (let i = 0; i < proof.words.length; i++) {
        const word = proof.words[i]!;
        if (typeof word === 'string' ? around.includes(word) : word.test(around)) {
          this.proofs.delete(key);
          return;
        }
      }
      if (proof.longest > longest) longest = proof.longest;
    });
    this.longest = longest;
  }

  /** Whether `key`'s expression is proven to find nothing in the text last given to `advance`. */
  holds(key: K): boolean {
    return this.proofs.has(key) || this.lineProofs.has(key);
  }

  /**
   * After a search for `pattern` found nothing in the current text: remembers a proof of that when there
   * is one (the text must be the one last given to `advance`).
   */
  failed(key: K, pattern: RegExp, text: string, searched = true): void {
    if (text !== this.text || this.unprovable.has(key)) return;
    const proof = literalProof(pattern, text);
    if (proof) {
      this.proofs.set(key, proof);
      if (proof.longest > this.longest) this.longest = proof.longest;
      return;
    }
    // Every match holds a word, so none is empty: a pattern that cannot match a line break finds
    // nothing while no edited line holds a match. (`searched`: the caller's search of this text found
    // nothing; a text rule with no finding may still have matches its checks dropped.)
    const flags = pattern.flags.replace(/[gyd]/g, '');
    const needs = needsFor(pattern, flags);
    if (needs !== null && withinLine(pattern.source, flags)) {
      const re = new RegExp(pattern.source, flags);
      if (searched || !re.test(text)) {
        this.lineProofs.set(key, re);
        return;
      }
    }
    this.unprovable.add(key);
  }

  /**
   * `failed`, later: the proof is looked for by `settle` (or the next `advance`), still in this text. Until
   * then `holds(key)` is false, so a caller searches as if no proof had been found: same answers. Looking
   * for a proof reads the whole text once per word, which a document's first analysis (a big file's open)
   * need not wait for: only the next version uses the proof.
   */
  failLater(key: K, pattern: RegExp, text: string, searched = true): void {
    if (text !== this.text || this.unprovable.has(key) || this.pending.has(key)) return;
    this.pending.set(key, { pattern, searched });
  }

  /** Looks for the proofs `failLater` left, in the text they failed in. */
  settle(): void {
    if (this.pending.size === 0) return;
    const text = this.text!;
    this.pending.forEach(({ pattern, searched }, key) => {
      if (!this.proofs.has(key) && !this.lineProofs.has(key)) this.failed(key, pattern, text, searched);
    });
    this.pending.clear();
  }

  /** How many keys hold a proof (for tests). */
  get size(): number {
    this.settle();
    return this.proofs.size + this.lineProofs.size;
  }

  /** Forgets `key`'s proof (its expression matched, or is no longer asked). */
  forget(key: K): void {
    this.pending.delete(key);
    this.proofs.delete(key);
    this.lineProofs.delete(key);
  }
}

/**
 * A literal word every match contains, with the one-character assertions the expression makes right
 * before and after it (their source, or ''). `whole`: the word is all its sub-expression matches, so an
 * assertion next to that sub-expression is next to the word.
 */
interface Word {
  text: string;
  before: string;
  after: string;
  whole: boolean;
}

/**
 * What every match of an expression must contain, as a tree: a literal word, all of several, one of
 * several, or nothing known (`undefined`).
 */
type Needs = { word: Word } | { all: Needs[] } | { any: Needs[] } | undefined;

const requirements = new Map<string, Needs | null>();

/**
 * A proof that `pattern` has no match in `text`: words absent from it, one of which every match contains.
 * Undefined when the expression's syntax is outside what `needsOf` reads, or one of its required words is
 * present.
 */
export function literalProof(pattern: RegExp, text: string): Proof | undefined {
  const flags = pattern.flags.replace(/[gyd]/g, '');
  if (flags.includes('v')) return undefined;
  // Ignoring case with `u`, a word may match text of another length (a character outside the BMP).
  if (flags.includes('i') && flags.includes('u')) return undefined;
  const needs = needsFor(pattern, flags);
  if (needs === null) return undefined;
  const search = (word: Word) => wordSearch(word, flags);
  const absent = absentWords(needs, (word) => {
    const s = search(word);
    return typeof s === 'string' ? text.includes(s) : s.test(text);
  });
  if (!absent || absent.length === 0) return undefined;
  let longest = 0;
  for (const w of absent) longest = Math.max(longest, w.text.length);
  return { words: absent.map(search), longest };
}

/** `needsOf` of a pattern, kept per source and flags (null: nothing known). */
function needsFor(pattern: RegExp, flags: string): Needs | null {
  const key = `${flags}/${pattern.source}`;
  let needs = requirements.get(key);
  if (needs === undefined) {
    needs = needsOf(pattern.source) ?? null;
    requirements.set(key, needs);
  }
  return needs;
}

/** `\n`, `\r`, U+2028, U+2029: what `.` does not match, and `^`/`$` see with `m`. */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

const LINE_BREAKS = [10, 13, 0x2028, 0x2029];

/**
 * Whether nothing in the expression can match a line break: no `\s`, `\W`, `\D`, `\p{…}`, `\n`, `\r` or other
 * escape of one, no `.` with `s`, no class that holds one (a negated class must exclude all four), no octal or
 * control escape. Then every match, and every lookaround, lies within one line. False when unsure.
 */
export function withinLine(source: string, flags: string): boolean {
  if (flags.includes('v')) return false;
  let groups: number;
  try {
    groups = new RegExp(`${source}|`, flags.replace(/[gyd]/g, '')).exec('')!.length - 1;
  } catch {
    return false;
  }
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const read = escapeAt(source, i, groups);
      if (!read || read.breaks) return false;
      i = read.end - 1;
    } else if (c === '[') {
      const end = classEnd(source, i);
      if (end < 0) return false;
      i = end - 1;
    } else if (isLineBreak(c.charCodeAt(0)) || (c === '.' && flags.includes('s'))) {
      return false;
    }
  }
  return true;
}

/** An escape at `i`: where it ends, and whether it can match a line break (undefined when unsure). */
function escapeAt(s: string, i: number, groups: number): { end: number; breaks: boolean; code?: number; set?: boolean } | undefined {
  const e = s[i + 1];
  if (e === undefined) return undefined;
  const code = (n: number, end: number) => ({ end, breaks: isLineBreak(n), code: n });
  if (e === 'n') return code(10, i + 2);
  if (e === 'r') return code(13, i + 2);
  if (e === 't') return code(9, i + 2);
  if (e === 'v') return code(11, i + 2);
  if (e === 'f') return code(12, i + 2);
  if (e === 's' || e === 'W' || e === 'D') return { end: i + 2, breaks: true, set: true };
  if (e === 'S' || e === 'w' || e === 'd') return { end: i + 2, breaks: false, set: true };
  if (e === 'b' || e === 'B') return { end: i + 2, breaks: false, set: true };
  if (e === 'x') {
    const hex = /^[0-9a-fA-F]{2}/.exec(s.slice(i + 2));
    return hex ? code(parseInt(hex[0], 16), i + 4) : undefined;
  }
  if (e === 'u') {
    const hex = /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/.exec(s.slice(i + 2));
    return hex ? code(parseInt(hex[0].replace(/[{}]/g, ''), 16), i + 2 + hex[0].length) : undefined;
  }
  if (e === 'k') {
    const close = s.indexOf('>', i);
    return close < 0 ? undefined : { end: close + 1, breaks: false, set: true };
  }
  if (e >= '1' && e <= '9') {
    // A back-reference repeats what its group matched (which this check covers); anything else here
    // would be an octal escape.
    const digits = /^\d+/.exec(s.slice(i + 1))![0];
    return Number(digits) <= groups ? { end: i + 1 + digits.length, breaks: false, set: true } : undefined;
  }
  if (e === '0') return /^[0-9]/.test(s[i + 2] ?? '') ? undefined : code(0, i + 2);
  if (/[A-Za-z]/.test(e)) return undefined; // `\c`, `\p`, and letters whose meaning depends on the flags
  return code(e.charCodeAt(0), i + 2);
}

/** Where the class at `i` ends, or -1 when it may hold a line break (or could not be read). */
function classEnd(s: string, i: number): number {
  let j = i + 1;
  const negated = s[j] === '^';
  if (negated) j++;
  const excluded = new Set<number>();
  let holdsBreak = false;
  for (; j < s.length && s[j] !== ']'; ) {
    // In a class, `\\1` is octal (or an error) and `\\k` no back-reference: not read.
    if (s[j] === '\\' && /[1-9k]/.test(s[j + 1] ?? '')) return -1;
    const item = s[j] === '\\' ? escapeAt(s, j, 0) : { end: j + 1, breaks: isLineBreak(s.charCodeAt(j)), code: s.charCodeAt(j), set: false };
    if (!item) return -1;
    // A range `a-z`: between two single characters.
    if (s[item.end] === '-' && s[item.end + 1] !== ']' && item.code !== undefined) {
      const k = item.end + 1;
      const to = s[k] === '\\' ? escapeAt(s, k, 0) : { end: k + 1, breaks: false, code: s.charCodeAt(k) };
      if (!to || to.code === undefined) return -1;
      for (const b of LINE_BREAKS) {
        if (item.code <= b && b <= to.code) {
          holdsBreak = true;
          excluded.add(b);
        }
      }
      j = to.end;
      continue;
    }
    if (item.breaks) holdsBreak = true;
    if (item.code !== undefined && isLineBreak(item.code)) excluded.add(item.code);
    // `\\s`, `\\W` and `\\D` hold all four: in a negated class they exclude them.
    if (item.set && (s[j + 1] === 's' || s[j + 1] === 'W' || s[j + 1] === 'D')) for (const b of LINE_BREAKS) excluded.add(b);
    j = item.end;
  }
  if (j >= s.length) return -1;
  if (negated) return LINE_BREAKS.every((b) => excluded.has(b)) ? j + 1 : -1;
  return holdsBreak ? -1 : j + 1;
}

const searches = new Map<string, RegExp>();

/** How a word is looked for: `includes` of the word itself, or an expression (kept, one per source and flags). */
function wordSearch(word: Word, flags: string): string | RegExp {
  if (!flags.includes('i') && word.before === '' && word.after === '') return word.text;
  const source = `${word.before}${escapeWord(word.text)}${word.after}`;
  const key = `${flags}/${source}`;
  let re = searches.get(key);
  if (!re) searches.set(key, (re = new RegExp(source, flags)));
  return re;
}

/** Words absent from the text (per `present`) that together prove `needs` unmet; undefined when it may be met. */
function absentWords(needs: Needs, present: (word: Word) => boolean): Word[] | undefined {
  if (needs === undefined) return undefined;
  if ('word' in needs) return present(needs.word) ? undefined : [needs.word];
  if ('all' in needs) {
    // Any one absent part proves it; the one whose shortest word is longest is the least likely to be
    // typed nearby (a proof of `(` would not last a keystroke).
    let best: Word[] | undefined;
    let bestShortest = 0;
    for (const n of needs.all) {
      const absent = absentWords(n, present);
      if (!absent) continue;
      let shortest = Infinity;
      for (const w of absent) shortest = Math.min(shortest, w.text.length);
      if (!best || shortest > bestShortest) {
        best = absent;
        bestShortest = shortest;
      }
    }
    return best;
  }
  const union: Word[] = [];
  for (const n of needs.any) {
    const absent = absentWords(n, present);
    if (!absent) return undefined;
    union.push(...absent);
  }
  return union;
}

const SYNTAX = '^$\\.*+?()[]{}|/';

function escapeWord(word: string): string {
  let out = '';
  for (const c of word) out += SYNTAX.includes(c) ? `\\${c}` : c;
  return out;
}

/**
 * What every match of the expression `source` contains, read from its syntax: the runs of literal
 * characters of each alternative, through groups. Anything it does not read with certainty (character
 * classes, escapes other than escaped syntax characters, lookarounds, optional parts) counts as
 * nothing known; syntax it does not expect at all (a brace that is not a quantifier, `(?` forms other
 * than groups and lookarounds) gives up on the whole expression (undefined).
 */
export function needsOf(source: string): Needs | undefined {
  const reader = new Reader(source);
  try {
    const needs = reader.alternatives();
    return reader.at === source.length ? needs : undefined;
  } catch (error) {
    if (error instanceof Unread) return undefined;
    throw error;
  }
}

class Unread extends Error {}

/** A lookaround body that reads exactly one character: a class or a class escape. */
const ONE_CHARACTER = /^(?:\[(?:[^\]\\]|\\.)*\]|\\[wWdDsS])$/;

/** The words of a group each of whose alternatives is one whole word, or undefined. */
function wholeWords(needs: Needs): Word[] | undefined {
  if (needs === undefined) return undefined;
  if ('word' in needs) return needs.word.whole ? [needs.word] : undefined;
  if (!('any' in needs)) return undefined;
  const out: Word[] = [];
  for (const n of needs.any) {
    if (!n || !('word' in n) || !n.word.whole) return undefined;
    out.push(n.word);
  }
  return out;
}

class Reader {
  at = 0;
  constructor(private readonly s: string) {}

  /** Alternatives up to a `)` or the end. */
  alternatives(): Needs {
    const alts: Needs[] = [this.sequence()];
    while (this.s[this.at] === '|') {
      this.at++;
      alts.push(this.sequence());
    }
    if (alts.length === 1) return alts[0];
    return alts.some((a) => a === undefined) ? undefined : { any: alts };
  }

  /** One alternative: atoms, each with its quantifier, up to a `|`, a `)` or the end. */
  private sequence(): Needs {
    const all: Needs[] = [];
    let run = '';
    let runBefore = '';
    /** An assertion just read, for a word that starts right after it. */
    let pending = '';
    /** The words of the atom just read that end where it ends, for an assertion right after them. */
    let ending: Word[] = [];
    let onlyChars = true;
    const flush = (after: string) => {
      if (run !== '') {
        const word: Word = { text: run, before: runBefore, after, whole: false };
        all.push({ word });
        ending = after === '' ? [word] : [];
      }
      run = '';
      runBefore = '';
    };
    for (;;) {
      const c = this.s[this.at];
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.atom();
      const min = this.quantifier();
      if (min === 0 || !('char' in atom)) onlyChars = false;
      if (min === 0) {
        flush('');
        ending = [];
        pending = '';
        continue;
      }
      if ('assert' in atom) {
        if (run !== '') flush(atom.assert);
        else for (const w of ending) if (w.after === '') w.after = atom.assert;
        ending = [];
        pending = atom.assert;
        continue;
      }
      if ('char' in atom) {
        if (run === '') {
          runBefore = pending;
          ending = [];
        }
        pending = '';
        run += atom.char;
        if (min !== 1) {
          // Repeated: the run cannot go on past it, nor can an assertion after it be the word's.
          flush('');
          ending = [];
          onlyChars = false;
        }
        continue;
      }
      flush('');
      ending = [];
      let needs = atom.needs;
      // A group of whole words, right after an assertion or before one: the assertions are the words'.
      const words = min === 1 ? wholeWords(needs) : undefined;
      if (words) {
        const copies = words.map((w) => ({ ...w, before: w.before === '' ? pending : w.before, whole: false }));
        needs = copies.length === 1 ? { word: copies[0]! } : { any: copies.map((word) => ({ word })) };
        ending = copies;
      }
      pending = '';
      if (needs !== undefined) all.push(needs);
    }
    flush('');
    if (onlyChars && all.length === 1 && all[0] && 'word' in all[0]) all[0].word.whole = true;
    return all.length === 0 ? undefined : all.length === 1 ? all[0] : { all };
  }

  /** A literal character, an assertion that reads one character either side, or something else with what it needs. */
  private atom(): { char: string } | { assert: string } | { needs: Needs } {
    const s = this.s;
    const begin = this.at;
    const c = s[this.at]!;
    if (c === '\\') {
      const e = s[this.at + 1];
      if (e === undefined) throw new Unread();
      if (SYNTAX.includes(e)) {
        this.at += 2;
        return { char: e };
      }
      this.at += 2;
      if (e === 'b' || e === 'B') return { assert: s.slice(begin, this.at) };
      if (e === 'u') {
        if (s[this.at] === '{') this.skipPast('}');
        else this.at += 4;
      } else if (e === 'x') this.at += 2;
      else if (e === 'c') this.at += 1;
      else if ((e === 'p' || e === 'P') && s[this.at] === '{') this.skipPast('}');
      else if (e === 'k' && s[this.at] === '<') this.skipPast('>');
      else if (e >= '0' && e <= '9') while (s[this.at]! >= '0' && s[this.at]! <= '9') this.at++;
      else if (!/[A-Za-z]/.test(e)) return { char: e }; // an identity escape (`\\-`, `\\'`)
      return { needs: undefined };
    }
    if (c === '[') {
      // A class ends at the first `]` not escaped (`[]` is an empty class in JavaScript).
      for (this.at++; s[this.at] !== ']'; this.at++) {
        if (this.at >= s.length) throw new Unread();
        if (s[this.at] === '\\') this.at++;
      }
      this.at++;
      return { needs: undefined };
    }
    if (c === '(') {
      this.at++;
      let lookaround = false;
      if (s[this.at] === '?') {
        const k = s[this.at + 1];
        if (k === ':') this.at += 2;
        else if (k === '=' || k === '!') {
          this.at += 2;
          lookaround = true;
        } else if (k === '<' && (s[this.at + 2] === '=' || s[this.at + 2] === '!')) {
          this.at += 3;
          lookaround = true;
        } else if (k === '<') this.skipPast('>');
        else throw new Unread();
      }
      const bodyStart = this.at;
      const inner = this.alternatives();
      if (s[this.at] !== ')') throw new Unread();
      this.at++;
      if (!lookaround) return { needs: inner };
      // One character class or class escape looked at: it reads one character next to the match.
      return ONE_CHARACTER.test(s.slice(bodyStart, this.at - 1)) ? { assert: s.slice(begin, this.at) } : { needs: undefined };
    }
    if (c === '{' || c === '}' || c === ']' || c === '*' || c === '+' || c === '?') throw new Unread();
    this.at++;
    if (c === '.' || c === '^' || c === '$') return { needs: undefined };
    return { char: c };
  }

  /** The quantifier after an atom, as its least count (1 without one). */
  private quantifier(): number {
    const s = this.s;
    const q = s[this.at];
    let min = 1;
    if (q === '*' || q === '?') {
      min = 0;
      this.at++;
    } else if (q === '+') {
      min = 2; // at least once, possibly repeated
      this.at++;
    } else if (q === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(s.slice(this.at));
      if (!m) throw new Unread();
      const least = Number(m[1]);
      min = least === 0 ? 0 : least === 1 && m[2] === undefined ? 1 : 2;
      this.at += m[0].length;
    } else {
      return 1;
    }
    if (s[this.at] === '?') this.at++; // lazy
    return min;
  }

  private skipPast(end: string): void {
    const i = this.s.indexOf(end, this.at);
    if (i < 0) throw new Unread();
    this.at = i + 1;
  }
}
