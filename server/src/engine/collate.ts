/**
 * `a.localeCompare(b)` for the names a scan sorts (file and folder names, rule ids), without ICU's
 * collator where its answer is known.
 *
 * A process's first `localeCompare` loads ICU's collation data: 7–12 ms of the CLI's main thread (Node 20
 * and 24), in the walk's first folder, before any file is analysed. In the default collation of English
 * (CLDR's root order, which `en` does not change), a name made only of printable ASCII characters compares
 * as follows: each character has one weight, the same for both cases of a letter (`ORDER`: space, then
 * punctuation and symbols, digits, letters), compared in turn, and a shorter name that is a prefix of the
 * other comes first; names equal but for case differ at their first such letter, lower case first. Any
 * other character, or a default locale that is not English (Danish sorts `aa` after `z`, Lithuanian `y`
 * with `i`), takes `localeCompare` itself. The test (`collate.test.ts`) holds this against `localeCompare`
 * on generated names.
 */
export function compareNames(a: string, b: string): number {
  const ka = englishOrder() ? sortKey(a) : undefined;
  const kb = ka !== undefined ? sortKey(b) : undefined;
  return kb === undefined ? a.localeCompare(b) : compareKeyed(a, ka!, b, kb);
}

/**
 * `items` sorted in place by their names (`nameOf`) as `compareNames` orders them: each name's key made once
 * (native `toLowerCase` and `replace`), then compared natively. A comparison function over the characters,
 * run cold on a walk's 4,500 comparisons, cost as much as ICU's collation data it avoided loading.
 */
export function sortByName<T>(items: T[], nameOf: (item: T) => string): T[] {
  const byCollator = () => items.sort((x, y) => nameOf(x).localeCompare(nameOf(y)));
  if (!englishOrder()) return byCollator();
  const names = items.map(nameOf);
  const keys = names.map(sortKey);
  if (keys.includes(undefined)) return byCollator();
  const order = names.map((_, i) => i).sort((x, y) => compareKeyed(names[x]!, keys[x]!, names[y]!, keys[y]!));
  const sorted = order.map((i) => items[i]!);
  for (let i = 0; i < sorted.length; i++) items[i] = sorted[i]!;
  return items;
}

/** Two plain names by their keys (`sortKey`): the keys' order, and between names equal but for case, lower case first at the first letter that differs. */
function compareKeyed(a: string, ka: string, b: string, kb: string): number {
  if (ka !== kb) return ka < kb ? -1 : 1;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    // The same letter in either case: lower case (the higher code) first.
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}

/**
 * A name of printable ASCII as a string whose code order is the collation's order of primary weights: letters
 * lower-cased, each other character but digits replaced by one below `0` in `ORDER`'s order (digits and
 * letters already are in order, digits first). Undefined for any other name.
 */
function sortKey(name: string): string | undefined {
  return PLAIN.test(name) ? name.toLowerCase().replace(SYMBOL, (c) => SYMBOL_KEY.get(c)!) : undefined;
}

const PLAIN = /^[\x20-\x7e]*$/;
const SYMBOL = /[^0-9a-z]/g;

/**
 * Whether the process's default locale is English, with or without a region (asked of `Intl.PluralRules`,
 * which loads no collation data; under 1 ms). Nothing else: `en-US-POSIX` (ICU sorts it by code) or a
 * locale with options (`-u-kf-upper`) takes `localeCompare`.
 */
export function defaultLocaleIsEnglish(): boolean {
  return typeof Intl !== 'undefined' && /^en(?:-[A-Z]{2}|-[0-9]{3})?$/.test(new Intl.PluralRules().resolvedOptions().locale);
}

let english: boolean | undefined;
/** `defaultLocaleIsEnglish`, asked once. */
function englishOrder(): boolean {
  return (english ??= defaultLocaleIsEnglish());
}

/**
 * The printable ASCII characters in the order of English collation (space, punctuation and symbols,
 * digits, then the letters, each for both cases): what sorting them one by one with `localeCompare` gives
 * on Node 20 and 24.
 */
const ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';

/** Each character of `ORDER` before the digits, and its key: `\x01`, `\x02`… in that order, all below `0`. */
const SYMBOL_KEY = new Map([...ORDER.slice(0, ORDER.indexOf('0'))].map((c, i) => [c, String.fromCharCode(i + 1)]));
