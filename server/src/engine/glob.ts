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
 */
export class Glob {
  private readonly alternatives: Segment[][];
  /** Alternatives `**\/name` with a literal name: the path's last name is one of these. */
  private readonly lastNames = new Set<string>();
  /** Alternatives `**\/name/**` with a literal name: some name of the path is one of these. */
  private readonly anyNames = new Set<string>();

  constructor(readonly source: string | readonly string[], private readonly options: GlobOptions = {}) {
    const sources = typeof source === 'string' ? [source] : source;
    const all = sources.flatMap(expandBraces).map((p) => parseSegments(options.ignoreCase ? p.toLowerCase() : p));
    // Brace expansion turns `**\/{test,tests,spec}/**` into many alternatives of the same literal
    // shape: they are looked up in a set, each path's names once, not matched one by one.
    this.alternatives = all.filter((segments) => {
      const middle = segments[1];
      if (segments[0]!.kind !== 'globstar' || middle?.kind !== 'name' || middle.literal === undefined) return true;
      if (segments.length === 2) this.lastNames.add(middle.literal);
      else if (segments.length === 3 && segments[2]!.kind === 'globstar') this.anyNames.add(middle.literal);
      else return true;
      return false;
    });
  }

  matches(path: string): boolean {
    const p = this.options.ignoreCase ? path.toLowerCase() : path;
    const lastName = p.slice(p.lastIndexOf('/') + 1);
    if (this.lastNames.has(lastName)) return true;
    let names: readonly string[] | undefined;
    if (this.anyNames.size > 0) {
      names = namesOf(p);
      // `**` never matches an empty name (a path with `//`): such a path takes the general way.
      if (names.includes('')) {
        for (const literal of this.anyNames) if (matchSegments(anyNameSegments(literal), names)) return true;
      } else if (names.some((name) => this.anyNames.has(name))) {
        return true;
      }
    }
    for (const segments of this.alternatives) {
      const middle = segments[1];
      // `**\/name` (every unanchored .gitignore line): only the last name decides, so a walk that
      // checks each entry of a deep tree does not pay for the depth each time.
      if (segments.length === 2 && segments[0]!.kind === 'globstar' && middle?.kind === 'name') {
        if (matchName(middle, lastName)) return true;
      } else if (matchSegments(segments, (names ??= namesOf(p)))) {
        return true;
      }
    }
    return false;
  }
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
  const positives = globs.filter((g) => !g.startsWith('!'));
  const negatives = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  if (positives.length === 0 && negatives.length === 0) return () => false;
  const positive = positives.length > 0 ? new Glob(positives) : undefined;
  const negative = negatives.length > 0 ? new Glob(negatives) : undefined;
  return (path) => (!positive || positive.matches(path)) && !negative?.matches(path);
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
  const n = segments.length;
  let states = closeBits(segments, 1);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    let next = 0;
    for (let k = 0; k < n; k++) {
      if (!((states >>> k) & 1)) continue;
      const segment = segments[k]!;
      if (segment.kind === 'globstar') {
        // `**` never matches an empty name (a path with `//`), like picomatch.
        if (name !== '') next |= 1 << k;
      } else if (matchName(segment, name)) {
        next |= 1 << (k + 1);
      }
    }
    if (next === 0) return false;
    states = closeBits(segments, next);
  }
  return ((states >>> n) & 1) === 1;
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
