import type { Finding, Fix, RuleMeta, Scope } from './types';
import { shannonEntropy, maskSecret, fingerprint, secretFingerprint } from './secrets';
import { CATALOG_BOUND, jsonMessageCatalog, knownMessageCatalog, VALIDATORS, type ValidatorName } from './validators';
import type { ScopeMap } from './lexer';
import { printable } from './printable';

/** A text rule exactly as written in a rule data file (and in a team ruleset's `customRules`). */
export interface TextRuleSpec extends Omit<RuleMeta, 'fixable'> {
  /** Case-insensitive literals; the pattern runs only on files that contain at least one. */
  keywords: string[];
  /** JavaScript regular expression source. */
  pattern: string;
  /** Extra flags among `i`, `m`, `s`, `u`. */
  flags?: string;
  /** Capture group (number or name) that holds a secret: it is masked and entropy-checked. */
  secretGroup?: number | string;
  /** Capture group whose range is reported; defaults to `secretGroup`, then the whole match. */
  reportGroup?: number | string;
  /** Minimum Shannon entropy (bits per character) of the secret group. */
  entropy?: number;
  /** Named checks the secret (or the whole match) must pass. */
  validators?: ValidatorName[];
  /** Language ids; absent means every language. */
  languages?: string[];
  excludeLanguages?: string[];
  /** Globs on the workspace-relative path. */
  paths?: { include?: string[]; exclude?: string[] };
  /** Where a match may start; absent means anywhere. */
  scope?: Scope[];
  /** `{masked}` is replaced with the masked secret, `{kind}` with the rule title. */
  message: string;
  /** Replace `group` (default the whole match) with `replace`, where `$1`… refer to capture groups. */
  fix?: { title: string; replace: string; group?: number | string };
  /** Offer replacing the string literal holding the secret with an environment lookup. */
  envFix?: boolean;
  examples: { match: RuleExample[]; noMatch: RuleExample[] };
}

export type RuleExample = string | { text: string; path?: string };

export interface Matcher {
  /**
   * Yields every match; `group(k)` returns `[start, end]` of a participating group. When `meter` is
   * given, a matcher whose cost is not linear in the text (RE2 on an unvetted pattern, where each
   * search may read far past the match it returns) adds the characters it read to `meter.scanned`.
   */
  matches(text: string, meter?: ScanMeter): Iterable<MatchView>;
  /**
   * Built-in patterns, each proven free of super-linear backtracking and reading the text once: no
   * per-match work budget is needed. Unvetted patterns (custom rules on RE2) are metered.
   */
  readonly vetted?: boolean;
}

/** Deterministic work counter for one rule on one file: characters the regex engine read. */
export interface ScanMeter {
  scanned: number;
}

export interface MatchView {
  start: number;
  end: number;
  text: string;
  group(key: number | string): [number, number] | undefined;
}

/**
 * Built-in rules run on V8's engine; every pattern is proven free of super-linear backtracking by a test.
 * The RegExp is made on the first search: V8 parses a pattern when the RegExp is made, and most rules
 * never search a given kind of file (their keywords are absent), so compiling a ruleset no longer parses
 * all 194 built-in patterns (docs/engineering.md, start-up, sixth pass).
 */
export function v8Matcher(pattern: string, flags = ''): Matcher {
  let made: RegExp | undefined;
  return {
    vetted: true,
    *matches(text: string) {
      const regex = (made ??= new RegExp(pattern, `${flags.replace(/[gdy]/g, '')}gd`));
      regex.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = regex.exec(text)) !== null) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        const match = m;
        yield {
          start: match.index,
          end: match.index + match[0].length,
          text: match[0],
          group(key: number | string) {
            const indices = match.indices!;
            const range = typeof key === 'number' ? indices[key] : indices.groups?.[key];
            return range ? [range[0], range[1]] : undefined;
          },
        };
      }
    },
  };
}

export interface CompiledTextRule {
  kind: 'text';
  meta: RuleMeta;
  spec: TextRuleSpec;
  keywords: string[];
  matcher: Matcher;
}

export function metaOf(spec: TextRuleSpec): RuleMeta {
  return {
    id: spec.id, title: spec.title, description: spec.description, recommendation: spec.recommendation,
    category: spec.category, severity: spec.severity, confidence: spec.confidence,
    cwe: spec.cwe, owasp: spec.owasp, fixable: Boolean(spec.fix || spec.envFix),
  };
}

export function compileTextRule(spec: TextRuleSpec, makeMatcher: (p: string, f?: string) => Matcher = v8Matcher): CompiledTextRule {
  return {
    kind: 'text',
    meta: metaOf(spec),
    spec,
    keywords: spec.keywords.map((k) => k.toLowerCase()),
    matcher: makeMatcher(spec.pattern, spec.flags),
  };
}

/**
 * At most this many findings per rule and file are reported: past it, more of the same helps nobody.
 * Counted on what is reported, after suppressions (the engine applies it), so suppressed decoys
 * cannot use it up and hide a real finding.
 */
export const MAX_FINDINGS_PER_RULE = 200;

/**
 * The per-file work budget of one unvetted text rule (a custom rule on RE2), in units that do not
 * depend on the machine, its load or the number of threads, so a verdict is the same everywhere:
 * every match counts (also those a scope, entropy or validator check then drops), and so does every
 * character the engine read.
 */
export const MAX_MATCHES_PER_RULE = 10_000;

/**
 * Characters one RE2 rule may read in a file of `length`: 16 passes over it, plus 256 K. An ordinary
 * pattern reads each character about once (1.4 times for a password rule over 1.1 MB with 20,000
 * matches); `x(?:[^Q]*(Q))?` on lines of `x` would read the rest of the file for every `x`.
 */
export function maxScanned(length: number): number {
  return 16 * length + 262_144;
}

/** Why `runTextRule` stopped early, if it did. */
export interface TextRuleProgress {
  stopped?: 'matches' | 'scanned' | 'time';
}

export interface TextRuleContext {
  text: string;
  language: string;
  scopes: () => ScopeMap;
  /** Builds the environment-lookup fix for a secret at `[start, end)`, when the language has one. */
  envFix: (start: number, end: number, kind: string) => Fix | undefined;
  /**
   * Whether a finding at this offset sits where a suppression marker could hide it (the engine says
   * so for the lines of every marker and the line after). Such findings do not count toward the
   * `MAX_FINDINGS_PER_RULE` after which a rule stops looking, so that suppressed decoys cannot crowd
   * out a finding that is reported.
   */
  maySuppress?: (offset: number) => boolean;
}

/**
 * Runs one text rule over a whole file, within its work budget (`MAX_MATCHES_PER_RULE`, `maxScanned`)
 * and, as a safety net only, `shouldStop` (a wall clock, read every 256 matches). When it stops early,
 * `progress.stopped` says why and the findings so far are returned.
 */
export function runTextRule(
  rule: CompiledTextRule, ctx: TextRuleContext, progress: TextRuleProgress = {}, shouldStop: () => boolean = () => false,
): Finding[] {
  const { spec } = rule;
  const findings: Finding[] = [];
  const meter: ScanMeter = { scanned: 0 };
  const maxScan = maxScanned(ctx.text.length);
  const metered = !rule.matcher.vetted;
  // A built-in rule that requires a validator false for every value of a message catalog finds nothing in a
  // text known to be one (`CATALOG_BOUND`): it is not run, or stops at the match that learnt it. A JSON text
  // that starts as a catalog is asked first (`jsonMessageCatalog`). Custom rules run on: their work budget
  // may stop them, and that is reported.
  const catalogBound = !metered && spec.validators !== undefined && spec.validators.some((name) => CATALOG_BOUND.has(name));
  if (catalogBound && (knownMessageCatalog(ctx.text) || (ctx.language === 'json' && jsonMessageCatalog(ctx.text)))) return findings;
  let examined = 0;
  let counted = 0;
  for (const m of rule.matcher.matches(ctx.text, metered ? meter : undefined)) {
    if (counted >= MAX_FINDINGS_PER_RULE) break;
    if (metered && ++examined > MAX_MATCHES_PER_RULE) {
      progress.stopped = 'matches';
      break;
    }
    if (meter.scanned > maxScan) {
      progress.stopped = 'scanned';
      break;
    }
    if (examined % 256 === 0 && shouldStop()) {
      progress.stopped = 'time';
      break;
    }
    if (spec.scope && !spec.scope.includes(ctx.scopes().scopeAt(m.start))) continue;

    const secretRange = spec.secretGroup !== undefined ? m.group(spec.secretGroup) : undefined;
    if (spec.secretGroup !== undefined && !secretRange) continue;
    const secret = secretRange ? ctx.text.slice(secretRange[0], secretRange[1]) : undefined;
    const checked = secret ?? m.text;
    if (spec.entropy !== undefined && shannonEntropy(checked) < spec.entropy) continue;
    if (spec.validators?.some((name) => !VALIDATORS[name](checked, { text: ctx.text, start: m.start, end: m.end }))) {
      if (catalogBound && knownMessageCatalog(ctx.text)) break;
      continue;
    }
    // A value whose opening quote in fact closes a string is code between two strings, not a literal
    // (`e = "Input new password: "),E=n.limitMessage,…,[C,""`): the key sat in prose inside a string.
    if (secretRange && closesString(ctx, secretRange[0] - 1)) continue;

    const reportRange = (spec.reportGroup !== undefined ? m.group(spec.reportGroup) : undefined) ?? secretRange ?? [m.start, m.end];
    const masked = secret !== undefined ? maskSecret(secret) : undefined;
    const message = printable(spec.message.replace(/\{masked\}/g, masked ?? '').replace(/\{kind\}/g, spec.title));

    let fix: Fix | undefined;
    if (spec.fix) {
      const target: [number, number] | undefined = spec.fix.group !== undefined ? m.group(spec.fix.group) : [m.start, m.end];
      if (target) {
        const newText = spec.fix.replace.replace(/\$(\d)/g, (_, d: string) => {
          const g = m.group(Number(d));
          return g ? ctx.text.slice(g[0], g[1]) : '';
        });
        fix = { title: spec.fix.title, edits: [{ start: target[0], end: target[1], newText }] };
      }
    } else if (spec.envFix && secretRange) {
      fix = ctx.envFix(secretRange[0], secretRange[1], spec.title);
    }

    if (!ctx.maySuppress?.(reportRange[0])) counted++;
    findings.push({
      ruleId: spec.id,
      severity: spec.severity,
      confidence: spec.confidence,
      message,
      start: reportRange[0],
      end: reportRange[1],
      cwe: spec.cwe,
      owasp: spec.owasp,
      fix,
      suggestions: [],
      secret: masked !== undefined ? { masked, kind: spec.title, at: secretRange } : undefined,
      // A secret's fingerprint is made by the engine, from its context or under the workspace key.
      fingerprint: secret !== undefined ? secretFingerprint(spec.id, '', '', undefined) : fingerprint(spec.id, m.text),
    });
  }
  return findings;
}

/** True when the quote at `at` ends a string literal (or comment) of the file's lexer rather than opening one. */
function closesString(ctx: TextRuleContext, at: number): boolean {
  if (!/["'`]/.test(ctx.text[at] ?? '')) return false;
  const region = ctx.scopes().regionAt(at);
  return region !== undefined && region[0] < at && region[1] === at + 1;
}

/**
 * One pass over the text that tells which keywords occur, so each rule's pattern runs only on files
 * that can match it. An Aho-Corasick automaton over the lower-cased text: linear in the text, whatever
 * the number of keywords, and several times faster than one big case-insensitive alternation.
 */
export class KeywordIndex {
  /**
   * Dense transition table over character classes, pre-multiplied: `table[row + classAt[unit]]` is the
   * next state's row (`state * width`), so the pass does one add and two loads a character. Each 7-bit
   * character that occurs in some keyword has its own class; all others share class 0, on which every
   * state goes back to the root (no keyword contains them). About 60 classes instead of 128 columns:
   * the table is built in half the time and read with fewer cache misses.
   */
  private readonly table: Int32Array;
  /**
   * Every UTF-16 unit's class as the automaton reads it (case folded, `WIDE_FOLDS`, then the class of that 7-bit
   * character): one 64 KB lookup instead of a case fold and a second lookup per character.
   */
  private readonly classAt: Uint8Array;
  private readonly width: number;
  /**
   * States are numbered so that those where keywords end come last: a row at or past `outputFrom` has
   * outputs (`outputs[(row - outputFrom) / width]`: its own keywords and those reached by failure links).
   */
  private readonly outputFrom: number;
  private readonly outputs: number[][];
  private readonly keywords: string[];
  /** Keywords with characters outside 7-bit ASCII are looked up directly; there are few or none. */
  private readonly wide: string[];

  constructor(keywords: Iterable<string>) {
    const unique = [...new Set([...keywords].map((k) => k.toLowerCase()))].filter((k) => k.length > 0);
    this.wide = unique.filter((k) => /[^\x00-\x7f]/.test(k));
    this.keywords = unique.filter((k) => !/[^\x00-\x7f]/.test(k));

    const classOf = new Uint8Array(128);
    let width = 1;
    let chars = 0;
    for (const k of this.keywords) {
      chars += k.length;
      for (let i = 0; i < k.length; i++) if (classOf[k.charCodeAt(i)] === 0) classOf[k.charCodeAt(i)] = width++;
    }

    // The trie in one flat table (at most one state per keyword character, plus the root): its edges are
    // written straight into `next` (a state's row: next[state * width + class]), and each state's edges
    // are listed (`firstChild`, `sibling`, `edgeClass`) so that the pass below visits only them.
    const next = new Int32Array((chars + 1) * width);
    const firstChild = new Int32Array(chars + 1).fill(-1);
    const sibling = new Int32Array(chars + 1).fill(-1);
    const edgeClass = new Int32Array(chars + 1);
    const ends = new Map<number, number[]>();
    let count = 1;
    this.keywords.forEach((k, id) => {
      let state = 0;
      for (let i = 0; i < k.length; i++) {
        const c = classOf[k.charCodeAt(i)]!;
        let to = next[state * width + c]!;
        if (to === 0) {
          to = count++;
          next[state * width + c] = to;
          edgeClass[to] = c;
          sibling[to] = firstChild[state]!;
          firstChild[state] = to;
        }
        state = to;
      }
      const list = ends.get(state);
      if (list) list.push(id);
      else ends.set(state, [id]);
    });

    // Breadth-first: failure links folded into a full transition table, outputs merged along them. A
    // state's row is its failure state's row (complete by then: that state is shallower) with its own
    // edges written over it: one native copy a state rather than a loop over every class. The root's row
    // is its edges already, and 0 (back to the root) everywhere else.
    const fail = new Int32Array(count);
    const outputs: (number[] | undefined)[] = new Array(count).fill(undefined);
    const queue: number[] = [];
    for (let child = firstChild[0]!; child >= 0; child = sibling[child]!) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const inherited = outputs[fail[state]!];
      const own = ends.get(state);
      outputs[state] = own || inherited ? [...(own ?? []), ...(inherited ?? [])] : undefined;
      const row = state * width;
      const failRow = fail[state]! * width;
      next.copyWithin(row, failRow, failRow + width);
      for (let to = firstChild[state]!; to >= 0; to = sibling[to]!) {
        const c = edgeClass[to]!;
        fail[to] = next[failRow + c]!;
        next[row + c] = to;
        queue.push(to);
      }
    }

    // Renumbered (the root stays 0) so that states with outputs come last, and pre-multiplied by `width`.
    // Plain loops: this runs on a cold thread, once per index.
    const rowOf = new Int32Array(count);
    const kept: number[][] = [];
    let plain = 0;
    for (let s = 0; s < count; s++) if (outputs[s] === undefined) rowOf[s] = width * plain++;
    let withOutput = plain;
    for (let s = 0; s < count; s++) {
      const out = outputs[s];
      if (out !== undefined) {
        rowOf[s] = width * withOutput++;
        kept.push(out);
      }
    }
    const table = new Int32Array(count * width);
    for (let s = 0; s < count; s++) {
      const from = s * width;
      const to = rowOf[s]!;
      for (let c = 0; c < width; c++) table[to + c] = rowOf[next[from + c]!]!;
    }
    this.table = table;
    this.width = width;
    this.outputFrom = plain * width;
    this.outputs = kept;
    // Every other non-ASCII unit stays in class 0.
    const classAt = new Uint8Array(0x10000);
    for (let unit = 0; unit < 128; unit++) classAt[unit] = classOf[unit >= 65 && unit <= 90 ? unit + 32 : unit]!;
    for (const [unit, folded] of WIDE_FOLDS) classAt[unit] = classOf[folded]!;
    this.classAt = classAt;
  }

  /**
   * How many times each keyword occurs in `text` (by its index in `counts`), for `presentAfterEdit`;
   * undefined when some keyword is outside 7-bit ASCII (those are looked up whole each time).
   */
  occurrences(text: string): KeywordCounts | undefined {
    if (this.wide.length > 0) return undefined;
    const counts = new Int32Array(this.keywords.length);
    this.count(text, 0, text.length, 0, text.length, counts, 1);
    return { index: this, text, counts };
  }

  /**
   * The keywords present in `text`, from the counts of an earlier text of the same document: only the
   * occurrences that the changed span can touch are counted again, in the old text (taken away) and in
   * the new one (added). An occurrence is a run of characters that folds to the keyword, so one that lies
   * wholly outside the change is in both texts; the result equals `present(text)`. `counts` is updated
   * to the new text's.
   */
  presentAfterEdit(previous: KeywordCounts, text: string, change: TextChange): Set<string> {
    const { counts } = previous;
    const reach = this.longest - 1;
    const old = previous.text;
    const { start, oldEnd, newEnd } = change;
    this.count(old, Math.max(0, start - reach), Math.min(old.length, oldEnd + reach), start, oldEnd, counts, -1);
    this.count(text, Math.max(0, start - reach), Math.min(text.length, newEnd + reach), start, newEnd, counts, 1);
    previous.text = text;
    return this.fromCounts(counts);
  }

  /** The keywords whose count is above zero. */
  fromCounts(counts: Int32Array): Set<string> {
    const found = new Set<string>();
    for (let id = 0; id < counts.length; id++) if (counts[id]! > 0) found.add(this.keywords[id]!);
    return found;
  }

  private get longest(): number {
    return (this.longestKeyword ??= this.keywords.reduce((n, k) => Math.max(n, k.length), 1));
  }

  private longestKeyword: number | undefined;

  /**
   * Adds `sign` to the count of every keyword occurrence that starts in [from, to) of `text`, ends by
   * `to`, and overlaps [touchFrom, touchTo) (for an empty range: straddles that point). The automaton
   * starts afresh at `from`, so it sees exactly the occurrences that start there or later.
   */
  private count(text: string, from: number, to: number, touchFrom: number, touchTo: number, counts: Int32Array, sign: number): void {
    const { table, classAt, width, outputFrom, outputs, keywords } = this;
    let row = 0;
    for (let i = from; i < to; i++) {
      const unit = text.charCodeAt(i);
      row = table[row + classAt[unit]!]!;
      if (row >= outputFrom) {
        for (const id of outputs[(row - outputFrom) / width]!) {
          const end = i + 1;
          const begin = end - keywords[id]!.length;
          if (begin < touchTo && end > touchFrom) counts[id]! += sign;
        }
      }
      // "İ" lower-cases to "i" and U+0307, which no 7-bit keyword contains.
      if (unit === 0x130) row = 0;
    }
  }

  /**
   * Whether `word` is proven absent from a text whose keywords present (`present(text)`) are `present`: one
   * of this index's keywords is part of it (case-folded) and absent. Such a word cannot occur in the text in
   * any case, so `text.includes(word)` is false. False when that proves nothing (then search the text).
   * Words outside 7-bit ASCII prove nothing here.
   */
  absentFrom(word: string, present: ReadonlySet<string>): boolean {
    let inside = this.keywordsInside.get(word);
    if (inside === undefined) {
      const lower = word.toLowerCase();
      inside = /[^\x00-\x7f]/.test(word) ? [] : this.keywords.filter((k) => lower.includes(k));
      this.keywordsInside.set(word, inside);
    }
    for (let i = 0; i < inside.length; i++) if (!present.has(inside[i]!)) return true;
    return false;
  }

  /** For `absentFrom`: the keywords inside each word asked about (a few dozen module names). */
  private readonly keywordsInside = new Map<string, readonly string[]>();

  /**
   * The lower-cased keywords present in `text`. The automaton reads the text a slice at a time
   * (`PRESENT_SLICE` characters, `presentIn`): V8 optimises a function after it has been called often
   * enough (a scan's `--invocation-count-for-maglev`, 4,000 on Node 24), and a scan calls this once per
   * file, about 1,300 times a worker, so one loop over each whole text ran unoptimised from one file to the
   * next, and reached optimised code only through on-stack replacement within long files. Sliced, the
   * loop's function is called once per slice and optimised after the first megabyte or so: over outline's
   * 2,575 texts (14 M characters) on one thread, Node 24 with the CLI's flags, the first pass took 219–368 →
   * 126–146 ms of CPU (docs/engineering.md). The answer does not depend on the slicing: the state is carried over.
   */
  present(text: string): Set<string> {
    const found = new Set<string>();
    const { keywords, wide } = this;
    const anyWide = wide.length > 0;
    if (keywords.length > 0) {
      // Case folded as it is read (`classAt`), instead of a lower-cased copy of every file.
      const seen = new Uint8Array(keywords.length);
      let row = 0;
      for (let from = 0; from < text.length; from += PRESENT_SLICE) row = this.presentIn(text, from, Math.min(text.length, from + PRESENT_SLICE), row, seen, found);
    }
    if (anyWide) {
      const lower = text.toLowerCase();
      for (const k of wide) if (lower.includes(k)) found.add(k);
    }
    return found;
  }

  /**
   * `KeywordIndex.present`'s pass over `text` from `from` to `to`, starting in state `row` (returned at the
   * end): each keyword met that `seen` does not mark yet is marked and added to `found`. Everything the code
   * after the loop needs is read before it: V8 may compile the loop mid-run (on-stack replacement) once it is
   * hot, and code after the loop that had not run by then has no type feedback; that compiled code then gave
   * up at the loop's exit on every later call and went back to the interpreter (526 bail-outs in a
   * secrets-only scan of outline on Node 24, 928 on Node 20, `--trace-deopt`, when the loop ran over a whole
   * text here).
   */
  private presentIn(text: string, from: number, to: number, row: number, seen: Uint8Array, found: Set<string>): number {
    const { table, classAt, width, outputFrom, outputs, keywords } = this;
    for (let i = from; i < to; i++) {
      const unit = text.charCodeAt(i);
      row = table[row + classAt[unit]!]!;
      if (row >= outputFrom) {
        // An indexed loop: `for…of` runs the iterator protocol until the function is optimised.
        const ids = outputs[(row - outputFrom) / width]!;
        for (let j = 0; j < ids.length; j++) {
          const id = ids[j]!;
          if (seen[id] === 0) {
            seen[id] = 1;
            found.add(keywords[id]!);
          }
        }
      }
      // "İ" lower-cases to "i" and U+0307, which no 7-bit keyword contains.
      if (unit === 0x130) row = 0;
    }
    return row;
  }
}

/** Characters of a text `KeywordIndex.present` reads per call of `presentIn`. */
const PRESENT_SLICE = 256;

/**
 * The only two characters outside 7-bit ASCII whose lower case holds an ASCII letter, with that letter,
 * as `toLowerCase` gives them: the Kelvin sign, "k"; dotted capital I, "i" (and a combining dot). The
 * keyword automaton reads them as that letter (`KeywordIndex.classAt`); A–Z it reads as a–z.
 */
const WIDE_FOLDS: readonly (readonly [unit: number, folded: number])[] = [[0x212a, 107], [0x130, 105]];

/** A document's keyword counts for one `KeywordIndex` (see `KeywordIndex.presentAfterEdit`). */
export interface KeywordCounts {
  readonly index: KeywordIndex;
  text: string;
  readonly counts: Int32Array;
}

/** Where two versions of a text differ: [start, oldEnd) of the old became [start, newEnd) of the new. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * The one span where `newText` differs from `oldText` (the longest common prefix and, after it, the
 * longest common suffix). Compares halves of the remaining text natively instead of one character at
 * a time: about 30 comparisons for a 25 KB document.
 */
export function changedSpan(oldText: string, newText: string): Readonly<TextChange> {
  // One analysis asks this of the same two versions up to five times (keywords, prefilters, the
  // whole-text tests, the re-parse, the reuse plan): the last answer is kept. Comparing the strings
  // costs nothing when they are the same objects, as they are here; the slices below cost garbage.
  if (lastSpan && lastSpan.oldText === oldText && lastSpan.newText === newText) return lastSpan.span;
  const span = findChangedSpan(oldText, newText);
  lastSpan = { oldText, newText, span };
  return span;
}

let lastSpan: { oldText: string; newText: string; span: Readonly<TextChange> } | undefined;

function findChangedSpan(oldText: string, newText: string): Readonly<TextChange> {
  const shortest = Math.min(oldText.length, newText.length);
  let lo = 0;
  let hi = shortest;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (oldText.slice(lo, mid) === newText.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  const start = lo;
  let same = 0;
  hi = shortest - start;
  while (same < hi) {
    const mid = (same + hi + 1) >> 1;
    if (oldText.slice(oldText.length - mid, oldText.length - same) === newText.slice(newText.length - mid, newText.length - same)) same = mid;
    else hi = mid - 1;
  }
  return Object.freeze({ start, oldEnd: oldText.length - same, newEnd: newText.length - same });
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
