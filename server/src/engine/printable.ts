/**
 * Text from a scanned file or a ruleset made safe to show: control characters become visible escapes.
 * Finding messages pass through it in the engine, and the CLI passes every file name and quoted
 * line through it before printing, so a file cannot forge a line of a report or send escape
 * sequences to a terminal.
 */

/**
 * C0 controls (tab and newline included), DEL, C1 controls, the Unicode line and paragraph separators,
 * and the bidirectional marks, embeddings, overrides and isolates ("Trojan Source", CVE-2021-42574).
 */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character written as a visible escape (`\n`, `\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Source text quoted in a message: on one line, controls escaped, at most `max` characters. */
export function quoteSource(source: string, max = 60): string {
  const line = printable(source.replace(/\s+/g, ' ').trim());
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
