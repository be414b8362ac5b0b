import type { RE2JS } from 're2js';
import type { Matcher, MatchView, ScanMeter } from './textRules';

/**
 * The text as RE2 reads it, recording the furthest index read. RE2 is linear per search, but one
 * search may read to the end of the text to return a one-character match (`x(?:[^Q]*(Q))?` on a line
 * of `x`), and a file can hold thousands of matches: the furthest index each search read is what it
 * cost, counted in characters, the same on every machine. re2js takes any object that
 * `Object.prototype.toString` calls a String as its text: this one says so with its tag, and gives every
 * other String method the text's own. It does not extend String: a subclass of String, even an empty
 * one that is never instantiated, makes V8 run every `charCodeAt` loop of the process on a slow path
 * (the keyword pass, the lexers: 5–6× their CPU; docs/engineering.md, branch `cli-cold`).
 */
class MeteredText {
  furthest = -1;
  constructor(private readonly value: string) {}
  get length(): number {
    return this.value.length;
  }
  get [Symbol.toStringTag](): string {
    return 'String';
  }
  charCodeAt(index: number): number {
    if (index > this.furthest) this.furthest = index;
    return this.value.charCodeAt(index);
  }
  codePointAt(index: number): number | undefined {
    if (index > this.furthest) this.furthest = index;
    return this.value.codePointAt(index);
  }
  toString(): string {
    return this.value;
  }
  valueOf(): string {
    return this.value;
  }
}
for (const name of Object.getOwnPropertyNames(String.prototype)) {
  const method = (String.prototype as unknown as Record<string, unknown>)[name];
  if (name === 'constructor' || Object.hasOwn(MeteredText.prototype, name) || typeof method !== 'function') continue;
  Object.defineProperty(MeteredText.prototype, name, {
    value(this: MeteredText, ...args: unknown[]): unknown {
      return (method as (...a: unknown[]) => unknown).apply(this.toString(), args);
    },
  });
}

/**
 * The RE2 engine, loaded on first use: only team custom rules run on it, and loading it took about
 * 20 ms of every language server start.
 */
export function re2(): typeof RE2JS {
  return (require('re2js') as typeof import('re2js')).RE2JS;
}

/**
 * Largest compiled program accepted. Matching is linear in the text, with a constant that grows with
 * the program: the most complex built-in pattern compiles to under 3,000 steps on RE2.
 */
export const MAX_PROGRAM_SIZE = 5000;

/** Thrown when a pattern uses syntax RE2 cannot run in linear time (back-references, look-around…). */
export class UnsupportedPatternError extends Error {}

/**
 * A `Matcher` on the linear-time RE2 engine, for patterns nobody vetted in advance (team custom
 * rules): whatever the pattern and the input, matching cannot hang. Offsets are UTF-16 code units,
 * the same as V8's. Flags: `i`, `m`, `s`; `u` is implied (RE2 always matches code points).
 */
export function re2jsMatcher(pattern: string, flags = ''): Matcher {
  const RE2JS = re2();
  let bits = 0;
  for (const f of flags) {
    if (f === 'i') bits |= RE2JS.CASE_INSENSITIVE;
    else if (f === 'm') bits |= RE2JS.MULTILINE;
    else if (f === 's') bits |= RE2JS.DOTALL;
    else if (f !== 'u' && f !== 'g' && f !== 'd' && f !== 'y') throw new UnsupportedPatternError(`flag "${f}" is not supported; use i, m, s or u`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, bits);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new UnsupportedPatternError(
      `${detail}. Custom rules run on RE2, which has no back-references or look-around so that no pattern can hang the editor; rewrite the pattern without them`,
    );
  }
  const size = (re as unknown as { re2Input?: { prog?: { inst?: unknown[] } } }).re2Input?.prog?.inst?.length ?? 0;
  if (size > MAX_PROGRAM_SIZE) {
    throw new UnsupportedPatternError(
      `the pattern compiles to ${size} steps, over the limit of ${MAX_PROGRAM_SIZE}: matching time grows with that size. Shorten counted repetitions such as {1000}, or split the rule`,
    );
  }
  const groupCount = re.groupCount();
  const named = re.namedGroups();
  return {
    *matches(text: string, meter?: ScanMeter): Iterable<MatchView> {
      const input = meter ? new MeteredText(text) : undefined;
      const m = re.matcher((input ?? text) as unknown as string);
      let from = 0;
      for (;;) {
        if (input) input.furthest = from - 1;
        const found = from <= text.length && m.find(from);
        const searched = from;
        if (!found) {
          if (meter && input) meter.scanned += Math.max(0, input.furthest + 1 - searched);
          return;
        }
        const start = m.start();
        const end = m.end();
        from = end > start ? end : end + 1;
        const spans: ([number, number] | undefined)[] = [];
        if (end > start) {
          for (let g = 0; g <= groupCount; g++) {
            const s = m.start(g);
            spans.push(s < 0 ? undefined : [s, m.end(g)]);
          }
        }
        // The search, then the sub-match pass over the match for the groups.
        if (meter && input) meter.scanned += Math.max(0, input.furthest + 1 - searched) + (end - start);
        if (end === start) continue;
        const matchText = text.slice(start, end);
        yield {
          start,
          end,
          text: matchText,
          group(key: number | string) {
            const index = typeof key === 'number' ? key : named[key];
            return index === undefined ? undefined : spans[index];
          },
        };
      }
    },
  };
}
