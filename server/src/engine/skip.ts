/**
 * Files the engine does not analyse, each with a reason a person can act on. Checked before any
 * rule runs, in the order a person would expect: size, binary content, minified code.
 */
export interface SkipOptions {
  /** Bytes (UTF-16 code units) above which a file is skipped. */
  maxFileSize: number;
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/**
 * Credential rules are cheap (a keyword pass, then short patterns where a keyword occurs), so they
 * still run on a file skipped for its size, binary content or minified look, up to this size: one
 * NUL byte, a long line or a `.min.js` name must not hide a key. Larger files are not read at all.
 */
export const CREDENTIAL_SCAN_LIMIT = 8 * 1024 * 1024;

export function skipReason(text: string, path: string, options: SkipOptions): string | undefined {
  const cause = skipCause(text, path, options);
  return cause && `Warden skipped this file: ${cause}`;
}

/** Why the full rule set does not run on this file (size, binary, minified), or undefined. */
export function skipCause(text: string, path: string, options: SkipOptions): string | undefined {
  if (text.length > options.maxFileSize) {
    return `it is ${formatSize(text.length)}, over the ${formatSize(options.maxFileSize)} limit (setting warden.maxFileSize).`;
  }
  if (looksBinary(text)) return 'it looks binary (it contains NUL or many control characters).';
  if (looksMinified(text, path)) return 'it looks minified or generated (very long lines); scan its source instead.';
  return undefined;
}

/** Every character `looksBinary` counts: NUL, the other control characters but tab, line breaks, form feed and escape, and U+FFFD. */
const COUNTED = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\ufffd]/;

function looksBinary(text: string): boolean {
  const sample = Math.min(text.length, 8192);
  // Almost every file has none of them: one native search says so without the loop.
  if (!COUNTED.test(sample === text.length ? text : text.slice(0, sample))) return false;
  let control = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) control++;
    else if (c === 0xfffd) control++;
  }
  return sample > 0 && control / sample > 0.1;
}

function looksMinified(text: string, path: string): boolean {
  if (/\.min\.(?:js|mjs|cjs|css)$|[.-]bundle\.js$/i.test(path)) return true;
  if (text.length < 4096) return false;
  // Minified code: few lines, and most bytes sit on lines of thousands of characters. Once there are so
  // many lines that their average length is 500 or less, the answer is no: most files stop early.
  const enough = text.length / 500;
  let longest = 0;
  let lines = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - lineStart);
    lineStart = i + 1;
    if (++lines >= enough) return false;
  }
  longest = Math.max(longest, text.length - lineStart);
  const average = text.length / lines;
  return longest > 5000 && average > 500;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
