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
  if (!(englishOrder ??= defaultLocaleIsEnglish()) || !plain(a) || !plain(b)) return a.localeCompare(b);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = WEIGHT[a.charCodeAt(i)]! - WEIGHT[b.charCodeAt(i)]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    // The same letter in either case: lower case (the higher code) first.
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}

/**
 * Whether the process's default locale is English, with or without a region (asked of `Intl.PluralRules`,
 * which loads no collation data; under 1 ms). Nothing else: `en-US-POSIX` (ICU sorts it by code) or a
 * locale with options (`-u-kf-upper`) takes `localeCompare`.
 */
export function defaultLocaleIsEnglish(): boolean {
  return typeof Intl !== 'undefined' && /^en(?:-[A-Z]{2}|-[0-9]{3})?$/.test(new Intl.PluralRules().resolvedOptions().locale);
}

let englishOrder: boolean | undefined;

/**
 * The printable ASCII characters in the order of English collation (space, punctuation and symbols,
 * digits, then the letters, each for both cases): what sorting them one by one with `localeCompare` gives
 * on Node 20 and 24.
 */
const ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';

/** Each character's weight in `compareNames` (its place in `ORDER`, both cases of a letter alike); 0: one it leaves to `localeCompare`. */
const WEIGHT = new Uint8Array(128);
for (let i = 0; i < ORDER.length; i++) {
  const c = ORDER.charCodeAt(i);
  WEIGHT[c] = i + 1;
  if (c >= 0x61 && c <= 0x7a) WEIGHT[c - 0x20] = i + 1;
}

/** Whether every character of `s` has a weight (`WEIGHT`). */
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || WEIGHT[c] === 0) return false;
  }
  return true;
}
