import { RE2JS } from 're2js';
import type { Matcher, MatchView } from './textRules';

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
    *matches(text: string): Iterable<MatchView> {
      const m = re.matcher(text);
      let from = 0;
      while (from <= text.length && m.find(from)) {
        const start = m.start();
        const end = m.end();
        from = end > start ? end : end + 1;
        if (end === start) continue;
        const spans: ([number, number] | undefined)[] = [];
        for (let g = 0; g <= groupCount; g++) {
          const s = m.start(g);
          spans.push(s < 0 ? undefined : [s, m.end(g)]);
        }
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
