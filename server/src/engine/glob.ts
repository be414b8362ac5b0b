/**
 * Path globs and `.gitignore` patterns, matched in time linear in the path for a given pattern.
 *
 * `picomatch` and `ignore` compile patterns to JavaScript regular expressions with lazy quantifiers
 * and look-arounds: twelve `**` in one pattern backtrack exponentially on a deep path (a 65-byte
 * `.gitignore` hung a scan for minutes). Here a pattern is a list of path segments; a segment is
 * matched against one name with the greedy "last star" method (`*` and single-character tokens
 * only, so a mismatch never needs to revisit an earlier star: O(name × segment)), and `**` is run as
 * a set of states over the segments (O(segments of the path × segments of the pattern)). Nothing
 * recurses and nothing backtracks beyond the last star of one segment.
 *
 * Syntax (the subset of picomatch and gitignore that Warden documents): `*`, `?`, `[abc]`, `[a-z]`,
 * `[!a]`/`[^a]`, `**` as a whole segment, `{a,b}` alternatives (expanded, at most
 * `MAX_ALTERNATIVES`), `\` escapes. Extglobs (`+(a|b)`) are not supported: their characters match
 * themselves.
 */

type Token =
  | { kind: 'char'; c: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; ranges: [string, string][] };

/**
 * `literal`: the name when the segment has no wildcard. `pieces`: the literal texts between the stars
 * when the segment has stars and no other wildcard (`*.test.*` is `['', '.test.', '']`).
 */
type Segment = { kind: 'globstar' } | { kind: 'name'; tokens: Token[]; literal?: string; pieces?: string[] };

/** Brace expansion is multiplicative; past this a pattern is refused with a clear error. */
export const MAX_ALTERNATIVES = 256;

export class GlobError extends Error {}

export interface GlobOptions {
  /** Compare names without regard to case (gitignore files). */
  ignoreCase?: boolean;
}

/**
 * A compiled pattern: `matches(path)` for a `/`-separated relative path. Given several patterns, it
 * matches a path any of them matches (each path is split and looked up once for all of them).
 *
 * A path is its folder and its name: what a pattern knows of a folder can be worked out once
 * (`inFolder`), and each of its entries (a walk's) then pays for its own name only (`matchesIn`).
 */
export class Glob {
  // The alternatives by shape (read by `GlobSet` too).
  /** Alternatives `**\/name` with a literal name: the path's last name is one of these. */
  readonly lastNames = new Set<string>();
  /** Alternatives `**\/name/**` with a literal name: some name of the path is one of these. */
  readonly anyNames = new Set<string>();
  /** Alternatives `**\/*.ext` (a star, then a literal from a dot on): the path's name ends with one of these. */
  readonly suffixes = new Set<string>();
  /** Other alternatives `**\/segment`: only the path's last name decides. */
  readonly lastSegments: NameSegment[] = [];
  /** The other alternatives of fewer than 31 segments, run as a set of states in the bits of a number. */
  readonly inBits: Segment[][] = [];
  /** Alternatives of 31 segments or more (`matchSegmentsInArrays`), run on the whole path. */
  readonly long: Segment[][] = [];

  constructor(readonly source: string | readonly string[], readonly options: GlobOptions = {}) {
    const sources = typeof source === 'string' ? [source] : source;
    const all = sources.flatMap(expandBraces).map((p) => parseSegments(options.ignoreCase ? p.toLowerCase() : p));
    // Brace expansion turns `**\/{test,tests,spec}/**` into many alternatives of the same literal
    // shape: they are looked up in a set, each path's names once, not matched one by one.
    for (const segments of all) {
      const middle = segments[1];
      if (segments[0]!.kind === 'globstar' && middle?.kind === 'name') {
        if (segments.length === 2) {
          if (middle.literal !== undefined) this.lastNames.add(middle.literal);
          else if (middle.pieces?.length === 2 && middle.pieces[0] === '' && middle.pieces[1]!.startsWith('.')) this.suffixes.add(middle.pieces[1]!);
          else this.lastSegments.push(middle);
          continue;
        }
        if (segments.length === 3 && middle.literal !== undefined && segments[2]!.kind === 'globstar') {
          this.anyNames.add(middle.literal);
          continue;
        }
      }
      (segments.length < 31 ? this.inBits : this.long).push(segments);
    }
  }

  matches(path: string): boolean {
    const p = this.options.ignoreCase ? path.toLowerCase() : path;
    const slash = p.lastIndexOf('/');
    const last = slash < 0 ? p : p.slice(slash + 1);
    // An empty name (`a//b`, `a/`) takes the general way: `**` never matches one.
    if (hasEmptyName(p, slash, last)) return this.matchesPath(p);
    if (this.lastNames.has(last) || this.anyNames.has(last) || this.lastNameMatches(last)) return true;
    let names: readonly string[] | undefined;
    if (this.anyNames.size > 0) {
      names = namesOf(p);
      for (let i = 0; i < names.length - 1; i++) if (this.anyNames.has(names[i]!)) return true;
    }
    const inBits = this.inBits;
    for (let j = 0; j < inBits.length; j++) if (matchSegmentsInBits(inBits[j]!, (names ??= namesOf(p)))) return true;
    const long = this.long;
    for (let j = 0; j < long.length; j++) if (matchSegmentsInArrays(long[j]!, (names ??= namesOf(p)))) return true;
    return false;
  }

  /** Whether an alternative of names alone (`**\/*.min.js`, not a literal) takes `last`. */
  private lastNameMatches(last: string): boolean {
    if (this.suffixes.size > 0) {
      for (let dot = last.indexOf('.'); dot >= 0; dot = last.indexOf('.', dot + 1)) if (this.suffixes.has(last.slice(dot))) return true;
    }
    const segments = this.lastSegments;
    for (let i = 0; i < segments.length; i++) if (matchName(segments[i]!, last)) return true;
    return false;
  }

  /** `matches(folder + '/' + name)`, given what `inFolder` found of the folder. */
  matchesIn(folder: GlobFolder, name: string): boolean {
    const last = this.options.ignoreCase ? name.toLowerCase() : name;
    // An empty name (`a//b`, `a/`) takes the general way: `**` never matches one.
    if (!folder.plain || last === '') return this.matchesPath(folder.path === undefined ? last : `${folder.path}/${last}`);
    if (folder.anyName || this.lastNames.has(last) || this.anyNames.has(last) || this.lastNameMatches(last)) return true;
    const inBits = this.inBits;
    for (let j = 0; j < inBits.length; j++) {
      const states = folder.states[j]!;
      if (states !== 0 && acceptsAfter(inBits[j]!, states, last)) return true;
    }
    if (this.long.length > 0) {
      const names = namesOf(folder.path === undefined ? last : `${folder.path}/${last}`);
      for (const segments of this.long) if (matchSegmentsInArrays(segments, names)) return true;
    }
    return false;
  }

  /**
   * What this pattern knows of the paths in `folder` (undefined: paths without a folder) before their
   * last name, for `matchesIn` to finish each path of the folder with its name alone.
   */
  inFolder(folder: string | undefined): GlobFolder {
    const path = folder !== undefined && this.options.ignoreCase ? folder.toLowerCase() : folder;
    const names = path === undefined ? [] : path.split('/');
    const plain = !names.includes('');
    const states = this.inBits.map((segments) => (plain ? statesAfter(segments, names) : 0));
    return { path, plain, anyName: plain && names.some((name) => this.anyNames.has(name)), states };
  }

  /**
   * The whole path at once, for a path with an empty name (`a//b`, `a/`), as this class always did: a
   * `**\/name` alternative still asks the last name alone, the others run over all the names.
   */
  private matchesPath(p: string): boolean {
    const last = p.slice(p.lastIndexOf('/') + 1);
    if (this.lastNames.has(last) || this.lastNameMatches(last)) return true;
    const names = namesOf(p);
    for (const literal of this.anyNames) if (matchSegments(anyNameSegments(literal), names)) return true;
    for (const segments of this.inBits) if (matchSegments(segments, names)) return true;
    for (const segments of this.long) if (matchSegments(segments, names)) return true;
    return false;
  }
}

/**
 * Patterns asked about the same paths one after another (a ruleset's rule path filters: the credential
 * rules' dozen), answered together: `matching(path)` has bit i set when `globs[i].matches(path)`. Each
 * literal name is looked up once for all of them, and what their longer alternatives know of a folder
 * is kept for its other files (a scan asks about every file of a folder).
 */
export class GlobSet {
  private readonly lastNames = new Map<string, number>();
  private readonly anyNames = new Map<string, number>();
  private readonly suffixes = new Map<string, number>();
  private readonly lastSegments: { segment: NameSegment; bit: number }[] = [];
  private readonly inBits: { segments: Segment[]; bit: number }[] = [];
  private readonly long: { segments: Segment[]; bit: number }[] = [];
  /** Per folder, the bits its names decide and the state bits of each of `inBits` after them (`top`: no folder). */
  private readonly folders = new Map<string, SetFolder>();
  private top?: SetFolder;

  /** The set of `globs`, or undefined when it cannot be one: more than 30, or one ignores case. */
  static of(globs: readonly Glob[]): GlobSet | undefined {
    return globs.length <= 30 && globs.every((g) => !g.options.ignoreCase) ? new GlobSet(globs) : undefined;
  }

  private constructor(private readonly globs: readonly Glob[]) {
    const add = (map: Map<string, number>, key: string, bit: number) => map.set(key, (map.get(key) ?? 0) | bit);
    globs.forEach((glob, i) => {
      const bit = 1 << i;
      for (const name of glob.lastNames) add(this.lastNames, name, bit);
      for (const name of glob.anyNames) add(this.anyNames, name, bit);
      for (const suffix of glob.suffixes) add(this.suffixes, suffix, bit);
      for (const segment of glob.lastSegments) this.lastSegments.push({ segment, bit });
      for (const segments of glob.inBits) this.inBits.push({ segments, bit });
      for (const segments of glob.long) this.long.push({ segments, bit });
    });
  }

  matching(path: string): number {
    const slash = path.lastIndexOf('/');
    const last = slash < 0 ? path : path.slice(slash + 1);
    if (hasEmptyName(path, slash, last)) {
      // An empty name: each pattern its own general way.
      let bits = 0;
      for (let i = 0; i < this.globs.length; i++) if (this.globs[i]!.matches(path)) bits |= 1 << i;
      return bits;
    }
    let bits = (this.lastNames.get(last) ?? 0) | (this.anyNames.get(last) ?? 0);
    if (this.suffixes.size > 0) {
      for (let dot = last.indexOf('.'); dot >= 0; dot = last.indexOf('.', dot + 1)) bits |= this.suffixes.get(last.slice(dot)) ?? 0;
    }
    const lastSegments = this.lastSegments;
    for (let i = 0; i < lastSegments.length; i++) {
      const { segment, bit } = lastSegments[i]!;
      if ((bits & bit) === 0 && matchName(segment, last)) bits |= bit;
    }
    const folder = slash < 0 ? (this.top ??= this.inFolder([])) : this.folder(path.slice(0, slash));
    bits |= folder.bits;
    const inBits = this.inBits;
    for (let j = 0; j < inBits.length; j++) {
      const { segments, bit } = inBits[j]!;
      const states = folder.states[j]!;
      if ((bits & bit) === 0 && states !== 0 && acceptsAfter(segments, states, last)) bits |= bit;
    }
    const long = this.long;
    for (let j = 0; j < long.length; j++) {
      const { segments, bit } = long[j]!;
      if ((bits & bit) === 0 && matchSegmentsInArrays(segments, namesOf(path))) bits |= bit;
    }
    return bits;
  }

  /** What the names of `folder` (plain names) decide, kept. */
  private folder(folder: string): SetFolder {
    let known = this.folders.get(folder);
    if (!known) {
      known = this.inFolder(folder.split('/'));
      // A bound for a long-lived ruleset (the editor's, over a large workspace); a scan's folders fit.
      if (this.folders.size >= 4096) this.folders.clear();
      this.folders.set(folder, known);
    }
    return known;
  }

  private inFolder(names: readonly string[]): SetFolder {
    let bits = 0;
    for (const name of names) bits |= this.anyNames.get(name) ?? 0;
    return { bits, states: this.inBits.map(({ segments }) => statesAfter(segments, names)) };
  }
}

/** What a `GlobSet` knows of a folder: the patterns its names match (`**\/name/**`), the others' states after them. */
interface SetFolder {
  bits: number;
  states: number[];
}

/** What a pattern knows of a folder (`Glob.inFolder`). */
export interface GlobFolder {
  /** The folder's path as the pattern compares it (lower case for `ignoreCase`); undefined for none. */
  readonly path: string | undefined;
  /** No name of the folder is empty: its files are finished by their name alone. */
  readonly plain: boolean;
  /** Some name of the folder is one of the pattern's `**\/name/**` literals. */
  readonly anyName: boolean;
  /** Per alternative run in bits, its states after the folder's names (0: it cannot match there). */
  readonly states: readonly number[];
}

type NameSegment = Extract<Segment, { kind: 'name' }>;

/** Whether `path` (its last `/` at `slash`, its last name `last`) has an empty name: `a/`, `/a`, `a//b`. */
function hasEmptyName(path: string, slash: number, last: string): boolean {
  return last === '' || path.charCodeAt(0) === 47 || (slash > 0 && path.includes('//'));
}

/**
 * `path.split('/')`, the last answer kept: a file's path is asked by one glob after another (the path
 * filters of a ruleset's rules: a dozen for the credential rules), and each split it again.
 */
function namesOf(path: string): readonly string[] {
  if (path !== lastSplit) {
    lastSplit = path;
    lastNames = path.split('/');
  }
  return lastNames;
}
let lastSplit: string | undefined;
let lastNames: readonly string[] = [];

function anyNameSegments(literal: string): Segment[] {
  return [{ kind: 'globstar' }, { kind: 'name', tokens: [], literal }, { kind: 'globstar' }];
}

/**
 * Several globs, picomatch style: a path matches when any positive glob matches and no `!glob`
 * does (a list of only negations matches everything they do not).
 */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  return listMatcher(globList(globs));
}

/** `compileGlobs`'s two patterns: its positive globs and its `!` globs (neither: it matches nothing). */
export interface GlobList {
  positive?: Glob;
  negative?: Glob;
}

/** `compileGlobs` of the list `globList` compiled. */
export function listMatcher({ positive, negative }: GlobList): (path: string) => boolean {
  if (!positive && !negative) return () => false;
  return (path) => (!positive || positive.matches(path)) && !negative?.matches(path);
}

/** The `GlobList` of `compileGlobs`'s globs. */
export function globList(globs: readonly string[]): GlobList {
  const positives = globs.filter((g) => !g.startsWith('!'));
  const negatives = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  return {
    positive: positives.length > 0 ? new Glob(positives) : undefined,
    negative: negatives.length > 0 ? new Glob(negatives) : undefined,
  };
}

interface IgnoreRule {
  glob: Glob;
  negated: boolean;
  dirOnly: boolean;
}

/**
 * The patterns of one `.gitignore` (or a list in the same syntax), with git's meaning: blank lines
 * and `#` comments skipped, `!` re-includes, a trailing `/` matches folders only, a pattern with a
 * `/` before its end is anchored to the file's folder, any other matches a name at any depth; the
 * last matching line decides. Case-insensitive, as the `ignore` package was.
 */
export class IgnoreFile {
  /**
   * Runs of consecutive lines of one kind (`!` or not, folder-only or not), each run one `Glob` of
   * all its patterns: within a run any matching line decides the same way as the last one would, so
   * a path is split and matched once per run, not once per line.
   */
  private readonly rules: IgnoreRule[] = [];

  constructor(lines: string | readonly string[]) {
    const runs: { patterns: string[]; negated: boolean; dirOnly: boolean }[] = [];
    for (const raw of typeof lines === 'string' ? lines.split(/\r?\n/) : lines) {
      const line = parseIgnoreLine(raw);
      if (!line) continue;
      const run = runs[runs.length - 1];
      if (run && run.negated === line.negated && run.dirOnly === line.dirOnly) run.patterns.push(line.pattern);
      else runs.push({ patterns: [line.pattern], negated: line.negated, dirOnly: line.dirOnly });
    }
    for (const { patterns, negated, dirOnly } of runs) this.rules.push({ glob: new Glob(patterns, { ignoreCase: true }), negated, dirOnly });
  }

  /** `true` ignored, `false` re-included by a `!` line, `undefined` when no line matches. */
  decide(relativePath: string, isDir: boolean): boolean | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]!;
      if (rule.dirOnly && !isDir) continue;
      if (rule.glob.matches(relativePath)) return !rule.negated;
    }
    return undefined;
  }

  ignores(relativePath: string, isDir: boolean): boolean {
    return this.decide(relativePath, isDir) === true;
  }

  /**
   * `decide` for the entries of one folder (`folder`: their paths' folder part, undefined for none), what
   * each line knows of the folder worked out once: a walk asks about every entry of a folder in turn.
   */
  inFolder(folder: string | undefined): (name: string, isDir: boolean) => boolean | undefined {
    const rules = this.rules;
    const folders = rules.map((rule) => rule.glob.inFolder(folder));
    return (name, isDir) => {
      for (let i = rules.length - 1; i >= 0; i--) {
        const rule = rules[i]!;
        if (rule.dirOnly && !isDir) continue;
        if (rule.glob.matchesIn(folders[i]!, name)) return !rule.negated;
      }
      return undefined;
    };
  }

  /**
   * For a file path met without a walk (a git diff, a commit): ignored when one of its folders is (git
   * never re-includes a file below an ignored folder) or the file itself is.
   */
  ignoresFileOrFolder(relativePath: string): boolean {
    for (let i = relativePath.indexOf('/'); i > 0; i = relativePath.indexOf('/', i + 1)) {
      if (this.ignores(relativePath.slice(0, i), true)) return true;
    }
    return this.ignores(relativePath, false);
  }
}

function parseIgnoreLine(raw: string): { pattern: string; negated: boolean; dirOnly: boolean } | undefined {
  let line = raw.replace(/^\uFEFF/, '');
  // Trailing spaces are dropped unless escaped with a backslash.
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  line = line.slice(0, end);
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  // `dir/**` matches what is inside the folder, not the folder itself.
  if (line.endsWith('/**')) line = `${line.slice(0, -3)}/*/**`;
  const pattern = anchored ? line : `**/${line}`;
  return { pattern, negated, dirOnly };
}

function expandBraces(pattern: string): string[] {
  let results = [''];
  let i = 0;
  const emit = (parts: string[]) => {
    const next: string[] = [];
    for (const r of results) for (const p of parts) next.push(r + p);
    if (next.length > MAX_ALTERNATIVES) throw new GlobError(`The glob "${pattern.slice(0, 80)}" expands to more than ${MAX_ALTERNATIVES} alternatives.`);
    results = next;
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      emit([pattern.slice(i, i + 2)]);
      i += 2;
    } else if (c === '{') {
      const close = matchingBrace(pattern, i);
      if (close < 0) {
        emit(['\\{']);
        i++;
        continue;
      }
      const options = splitTopLevel(pattern.slice(i + 1, close));
      if (options.length < 2) {
        emit([`\\{`]);
        i++;
        continue;
      }
      emit(options.flatMap((o) => expandBraces(o)));
      i = close + 1;
    } else {
      // A run of plain characters at once: appended one by one, each alternative became a rope of
      // single characters that every later read walked (compiling the built-in rules' 106 globs took
      // 6-15 ms, most of a ruleset compile).
      let end = i + 1;
      while (end < pattern.length && pattern[end] !== '\\' && pattern[end] !== '{') end++;
      emit([pattern.slice(i, end)]);
      i = end;
    }
  }
  return results;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function parseSegments(pattern: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of splitUnescaped(pattern)) {
    if (part === '**') {
      if (segments[segments.length - 1]?.kind !== 'globstar') segments.push({ kind: 'globstar' });
      continue;
    }
    const tokens = parseTokens(part);
    const literal = tokens.every((t) => t.kind === 'char') ? tokens.map((t) => (t as { c: string }).c).join('') : undefined;
    const pieces = literal === undefined && tokens.every((t) => t.kind === 'char' || t.kind === 'star')
      ? tokens.reduce<string[]>((out, t) => (t.kind === 'star' ? out.push('') : (out[out.length - 1] += (t as { c: string }).c), out), [''])
      : undefined;
    segments.push({ kind: 'name', tokens, literal, pieces });
  }
  return segments;
}

function splitUnescaped(pattern: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '/') {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}

function parseTokens(part: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '\\' && i + 1 < part.length) {
      tokens.push({ kind: 'char', c: part[++i]! });
    } else if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else if (c === '[') {
      const parsed = parseClass(part, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else {
        tokens.push({ kind: 'char', c });
      }
    } else {
      tokens.push({ kind: 'char', c });
    }
  }
  return tokens;
}

function parseClass(part: string, open: number): { token: Token; end: number } | undefined {
  let i = open + 1;
  let negated = false;
  if (part[i] === '!' || part[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: [string, string][] = [];
  let first = true;
  for (; i < part.length; i++) {
    let c = part[i]!;
    if (c === ']' && !first) return { token: { kind: 'class', negated, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < part.length) c = part[++i]!;
    if (part[i + 1] === '-' && i + 2 < part.length && part[i + 2] !== ']') {
      let to = part[i + 2]!;
      i += 2;
      if (to === '\\' && i + 1 < part.length) to = part[++i]!;
      ranges.push([c, to]);
    } else {
      ranges.push([c, c]);
    }
  }
  return undefined;
}

function tokenMatches(token: Token, c: string): boolean {
  switch (token.kind) {
    case 'char': return token.c === c;
    case 'any': return true;
    case 'class': return token.ranges.some(([a, b]) => c >= a && c <= b) !== token.negated;
    default: return false;
  }
}

/** One name against one segment: greedy, backing up only to the last `*` seen (linear per star position). */
function matchName(segment: Extract<Segment, { kind: 'name' }>, name: string): boolean {
  if (segment.literal !== undefined) return segment.literal === name;
  if (segment.pieces) return matchPieces(segment.pieces, name);
  const tokens = segment.tokens;
  let t = 0;
  let i = 0;
  let starT = -1;
  let starI = 0;
  while (i < name.length) {
    const token = tokens[t];
    if (token && token.kind !== 'star' && tokenMatches(token, name[i]!)) {
      t++;
      i++;
    } else if (token?.kind === 'star') {
      starT = t++;
      starI = i;
    } else if (starT >= 0) {
      t = starT + 1;
      i = ++starI;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/** The path's names against the pattern's segments, `**` as zero or more names: a set of states, no backtracking. */
function matchSegments(segments: Segment[], names: readonly string[]): boolean {
  return segments.length < 31 ? matchSegmentsInBits(segments, names) : matchSegmentsInArrays(segments, names);
}

/**
 * `matchSegments` with the set of states as the bits of a number (state k: the first k segments are
 * matched): nothing is allocated, where an array per name was a quarter of what a scan allocated.
 */
function matchSegmentsInBits(segments: Segment[], names: readonly string[]): boolean {
  return ((statesAfter(segments, names) >>> segments.length) & 1) === 1;
}

/**
 * The states after `names` (0 once no state is left: no path that starts so matches): what
 * `matchSegmentsInBits` answers from, and a folder's part of a path, kept for its files (`Glob.inFolder`).
 */
function statesAfter(segments: Segment[], names: readonly string[]): number {
  let states = closeBits(segments, 1);
  for (let i = 0; i < names.length && states !== 0; i++) states = stepBits(segments, states, names[i]!);
  return states;
}

/** `matchSegmentsInBits`'s answer for the last name, from `statesAfter` the folder's names (not 0). */
function acceptsAfter(segments: Segment[], states: number, name: string): boolean {
  return ((stepBits(segments, states, name) >>> segments.length) & 1) === 1;
}

/** The states after one more name, from `states` (closed over `**`); 0 when none is left. */
function stepBits(segments: Segment[], states: number, name: string): number {
  let next = 0;
  for (let k = 0; k < segments.length; k++) {
    if (!((states >>> k) & 1)) continue;
    const segment = segments[k]!;
    if (segment.kind === 'globstar') {
      // `**` never matches an empty name (a path with `//`), like picomatch.
      if (name !== '') next |= 1 << k;
    } else if (matchName(segment, name)) {
      next |= 1 << (k + 1);
    }
  }
  return next === 0 ? 0 : closeBits(segments, next);
}

/** After a `**`, the state past it holds too (it matches zero names). */
function closeBits(segments: Segment[], states: number): number {
  for (let k = 0; k < segments.length; k++) if ((states >>> k) & 1 && segments[k]!.kind === 'globstar') states |= 1 << (k + 1);
  return states;
}

/** `matchSegments` for a pattern of 31 segments or more. */
function matchSegmentsInArrays(segments: Segment[], names: readonly string[]): boolean {
  let states: Uint8Array = new Uint8Array(segments.length + 1);
  const close = (s: Uint8Array) => {
    for (let k = 0; k < segments.length; k++) if (s[k] && segments[k]!.kind === 'globstar') s[k + 1] = 1;
    return s;
  };
  states[0] = 1;
  close(states);
  for (const name of names) {
    const next = new Uint8Array(segments.length + 1);
    let any = false;
    for (let k = 0; k < segments.length; k++) {
      if (!states[k]) continue;
      const segment = segments[k]!;
      if (segment.kind === 'globstar') {
        // `**` never matches an empty name (a path with `//`), like picomatch.
        if (name !== '') {
          next[k] = 1;
          any = true;
        }
      } else if (matchName(segment, name)) {
        next[k + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    states = close(next);
  }
  return states[segments.length] === 1;
}

/**
 * A segment of literal pieces joined by stars (`a*b*c`): the name starts with the first piece, ends
 * with the last, and holds the others in order between them. Taking each middle piece where it first
 * occurs is never wrong (a star takes any text), so this is `matchName`'s answer without its loop.
 */
function matchPieces(pieces: readonly string[], name: string): boolean {
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  const end = name.length - last.length;
  let at = first.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const piece = pieces[k]!;
    const found = name.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
