import type { Severity } from '../engine/types';
import type { FileReport } from './scan';
import { columns, PLAIN, printable, type Style } from './terminal';
import { compareNames } from '../engine/collate';

export interface SkippedPath {
  relativePath: string;
  reason: string;
}

export interface TextOptions {
  /** Files scanned. */
  scanned: number;
  /** Colour or not (see `useColour`). */
  style?: Style;
  /** Findings only: no lessons, no skipped summary, no totals. */
  quiet?: boolean;
  /** Every skipped path with its reason, instead of one line with counts. */
  verbose?: boolean;
  /** The lesson for a rule: the team's page, else the lesson bundled with Warden. */
  lessonLink?: (ruleId: string) => string | undefined;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/**
 * Human-readable report: findings grouped by file in aligned columns, the lessons for the rules that
 * fired, skipped paths in one line (each one with `verbose`), and a one-line summary with counts by
 * severity and by rule. Messages never contain secrets; every string from the scanned tree is
 * passed through `printable`, so nothing in a file name or a quoted line can forge a line of this
 * report or reach the terminal as a control sequence.
 */
export function toText(reports: FileReport[], skipped: SkippedPath[], options: TextOptions): string {
  const style = options.style ?? PLAIN;
  const paint = (severity: Severity, text: string) => style[severity](text);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule = new Map<string, number>();
  let filesWithFindings = 0;

  // One table for the whole report, so columns line up across files; file names are header rows.
  const rows: (string[] | string)[] = [];
  for (const r of reports) {
    if (r.findings.length === 0) continue;
    if (filesWithFindings++ > 0) rows.push('');
    rows.push(style.bold(printable(r.relativePath)));
    for (const f of r.findings) {
      counts[f.severity]++;
      byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      const p = r.lines.positionAt(f.start);
      rows.push(['', `${p.line + 1}:${p.character + 1}`, paint(f.severity, f.severity), style.dim(f.ruleId), printable(f.message)]);
    }
  }
  const table = rows.filter((x): x is string[] => Array.isArray(x));
  const laidOut = columns(table);
  let next = 0;
  const out = rows.map((x) => (Array.isArray(x) ? laidOut[next++]! : x));
  const total = counts.error + counts.warning + counts.info;
  if (options.quiet) return out.length > 0 ? `${out.join('\n')}\n` : '';
  if (out.length > 0) out.push('');

  const rules = [...byRule.entries()].sort((a, b) => b[1] - a[1] || compareNames(a[0], b[0]));
  const lessons = rules.map(([id]) => [id, options.lessonLink?.(id)] as const).filter((x): x is readonly [string, string] => !!x[1]);
  if (lessons.length > 0) {
    out.push('Lessons:');
    out.push(...columns(lessons.map(([id, link]) => ['', style.dim(id), printable(link)])));
    out.push('');
  }

  if (skipped.length > 0) {
    if (options.verbose) {
      for (const s of skipped) out.push(`skipped ${printable(s.relativePath)}: ${printable(s.reason)}`);
    }
    out.push(skippedSummary(skipped, !options.verbose));
  }

  const files = `${options.scanned.toLocaleString('en-US')} ${plural(options.scanned, 'file')}`;
  if (total === 0) {
    out.push(style.ok(`No findings in ${files}.`));
  } else {
    const severities = SEVERITIES.filter((s) => counts[s] > 0).map((s) => paint(s, `${counts[s]} ${s === 'info' ? 'info' : plural(counts[s], s)}`));
    const perRule = rules.map(([id, n]) => `${id} ${n}`).join(', ');
    out.push(`${style.bold(`${total} ${plural(total, 'finding')}`)} in ${filesWithFindings} of ${files}: ${severities.join(', ')}; by rule: ${perRule}.`);
  }
  return `${out.join('\n')}\n`;
}

/** `Skipped 3,412 paths (3,400 symbolic links, 12 binary).`, by kind of reason, most frequent first. */
export function skippedSummary(skipped: SkippedPath[], hint: boolean): string {
  const kinds = new Map<string, number>();
  for (const s of skipped) {
    const kind = skipKind(s.reason);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const parts = [...kinds.entries()].sort((a, b) => b[1] - a[1] || compareNames(a[0], b[0]))
    .map(([kind, n]) => `${n.toLocaleString('en-US')} ${n === 1 ? kind : KIND_PLURAL[kind] ?? kind}`);
  const n = skipped.length;
  return `Skipped ${n.toLocaleString('en-US')} ${plural(n, 'path')} (${parts.join(', ')})${hint ? '; --verbose lists them' : ''}.`;
}

const KIND_PLURAL: Record<string, string> = { 'symbolic link': 'symbolic links', 'not a regular file': 'not regular files' };

/** A short name for a skip reason, for counting. */
export function skipKind(reason: string): string {
  if (/symbolic link/i.test(reason)) return 'symbolic link';
  // A file that only got the credential rules is counted by why (binary, minified, too large).
  if (/over the .*limit/i.test(reason)) return 'too large';
  if (/binary/i.test(reason)) return 'binary';
  if (/minified|generated/i.test(reason)) return 'minified';
  if (/not a regular file/i.test(reason)) return 'not a regular file';
  if (/cannot read/i.test(reason)) return 'unreadable';
  if (/^partly analysed/i.test(reason)) return 'partly analysed';
  return 'other';
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** Machine-readable report with 1-based positions and each finding's lesson link. */
export function toJson(reports: FileReport[], skipped: SkippedPath[], version: string, lessonLink?: (ruleId: string) => string | undefined): unknown {
  const findings = reports.flatMap((r) => r.findings.map((f) => {
    const s = r.lines.positionAt(f.start);
    const e = r.lines.positionAt(f.end);
    const lesson = lessonLink?.(f.ruleId);
    return {
      path: r.relativePath,
      line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1,
      ruleId: f.ruleId, severity: f.severity, confidence: f.confidence, message: f.message,
      cwe: f.cwe, owasp: f.owasp, fingerprint: f.fingerprint,
      ...(f.secret ? { secret: f.secret } : {}),
      ...(f.fix ? { fix: f.fix.title } : {}),
      ...(lesson ? { lesson } : {}),
    };
  }));
  const byRule: Record<string, number> = {};
  for (const f of [...findings].sort((a, b) => compareNames(a.ruleId, b.ruleId))) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return {
    tool: 'warden', version,
    summary: {
      files: reports.length, findings: findings.length,
      bySeverity: { error: findings.filter((f) => f.severity === 'error').length, warning: findings.filter((f) => f.severity === 'warning').length, info: findings.filter((f) => f.severity === 'info').length },
      byRule,
      skipped: skipped.length,
    },
    findings,
    skipped,
  };
}
