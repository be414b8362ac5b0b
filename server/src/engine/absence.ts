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
   * Keys that had no proof when first asked (a word every match needs is in the text): not asked again
   * for this document, since looking for a proof reads the whole text once per word.
   */
  private readonly unprovable = new Set<K>();
  private longest = 0;

  /** Moves to `text`, dropping the proofs an edit may have broken. */
  advance(text: string): void {
    const before = this.text;
    this.text = text;
    if (before === undefined || before === text || this.proofs.size === 0) return;
    const span = changedSpan(before, text);
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
    return this.proofs.has(key);
  }

  /**
   * After a search for `pattern` found nothing in the current text: remembers a proof of that when there
   * is one (the text must be the one last given to `advance`).
   */
  failed(key: K, pattern: RegExp, text: string): void {
    if (text !== this.text || this.unprovable.has(key)) return;
    const proof = literalProof(pattern, text);
    if (!proof) {
      this.unprovable.add(key);
      return;
    }
    this.proofs.set(key, proof);
    if (proof.longest > this.longest) this.longest = proof.longest;
  }

  /** How many keys hold a proof (for tests). */
  get size(): number {
    return this.proofs.size;
  }

  /** Forgets `key`'s proof (its expression matched, or is no longer asked). */
  forget(key: K): void {
    this.proofs.delete(key);
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
  const key = `${flags}/${pattern.source}`;
  let needs = requirements.get(key);
  if (needs === undefined) {
    needs = needsOf(pattern.source) ?? null;
    requirements.set(key, needs);
  }
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
