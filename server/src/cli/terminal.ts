/** `UNPRINTABLE` without the C0 controls, which `JSON.stringify` escapes itself (and uses for indentation). */
const UNPRINTABLE_ABOVE_ASCII = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * What the CLI prints for people: safe text, colour only where a terminal shows it, and a progress line.
 *
 * Anything that comes from the scanned tree (file names, messages that quote source, suppression
 * reasons, ruleset paths) goes through `printable` before it reaches a terminal, so a file name
 * cannot forge result lines (a newline) or drive the terminal (escape sequences, bidi overrides).
 */

export { printable } from '../engine/printable';

/**
 * JSON (and SARIF) text that is also safe to print: `JSON.stringify` escapes only U+0000–U+001F, so
 * DEL, C1 controls, line separators and bidi marks are escaped here too. Lossless: `JSON.parse` gives
 * back exactly the same strings. Those characters can only occur inside JSON strings, so replacing
 * them with `\uXXXX` keeps the document valid.
 */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(UNPRINTABLE_ABOVE_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Whether to colour output to a stream, with the conventions other command-line tools follow:
 * `FORCE_COLOR` (any value but `0` or `false`) forces colour even when piped, `FORCE_COLOR=0`,
 * `NO_COLOR` (any non-empty value, see no-color.org) and `TERM=dumb` turn it off; otherwise colour
 * only when the stream is a terminal.
 */
export function useColour(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export interface Style {
  error(text: string): string;
  warning(text: string): string;
  info(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  ok(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => (text === '' ? text : `\x1b[${open}m${text}\x1b[${close}m`);

export const COLOUR: Style = {
  error: sgr(31, 39),
  warning: sgr(33, 39),
  info: sgr(36, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  ok: sgr(32, 39),
};

const same = (text: string) => text;
export const PLAIN: Style = { error: same, warning: same, info: same, dim: same, bold: same, ok: same };

/** The visible width of `text`: escape sequences take no room. */
export function visibleWidth(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/** Pads `text` to `width` visible characters. */
export function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/** Lays out rows so every column starts at the same place; the last column is not padded. */
export function columns(rows: string[][], gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell))));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i]!))).join(gap).trimEnd());
}

/**
 * A progress line on a terminal (stderr), redrawn in place at most every `interval` ms and only once
 * the work has taken `delay` ms, so short scans print nothing. `done()` erases it.
 */
export class Progress {
  private started = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly label: string,
    private readonly delay = 500,
    private readonly interval = 100,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(done: number, total: number): void {
    const t = this.now();
    if (t - this.started < this.delay || (this.shown && t - this.last < this.interval && done < total)) return;
    this.last = t;
    this.shown = true;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    this.write(`\r\x1b[K${this.label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} files (${percent}%)`);
  }

  done(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}
