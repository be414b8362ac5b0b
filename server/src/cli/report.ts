import type { FileReport } from './scan';

const COLUMN_SEVERITY = { error: 'error  ', warning: 'warning', info: 'info   ' } as const;

/** Human-readable report, grouped by file, eslint-style. Messages never contain secrets. */
export function toText(reports: FileReport[], skipped: { relativePath: string; reason: string }[], scanned: number): string {
  const out: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  let filesWithFindings = 0;
  for (const r of reports) {
    if (r.findings.length === 0) continue;
    filesWithFindings++;
    out.push(r.relativePath);
    for (const f of r.findings) {
      counts[f.severity]++;
      const p = r.lines.positionAt(f.start);
      out.push(`  ${p.line + 1}:${p.character + 1}  ${COLUMN_SEVERITY[f.severity]}  ${f.ruleId}  ${f.message}`);
    }
    out.push('');
  }
  for (const s of skipped) out.push(`skipped ${s.relativePath}: ${s.reason}`);
  const total = counts.error + counts.warning + counts.info;
  out.push(total === 0
    ? `No findings in ${scanned} file(s).`
    : `${total} finding(s) (${counts.error} error, ${counts.warning} warning, ${counts.info} info) in ${filesWithFindings} of ${scanned} file(s).`);
  if (skipped.length > 0) out.push(`${skipped.length} path(s) skipped.`);
  return `${out.join('\n')}\n`;
}

/** Machine-readable report with 1-based positions. */
export function toJson(reports: FileReport[], skipped: { relativePath: string; reason: string }[], version: string): unknown {
  const findings = reports.flatMap((r) => r.findings.map((f) => {
    const s = r.lines.positionAt(f.start);
    const e = r.lines.positionAt(f.end);
    return {
      path: r.relativePath,
      line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1,
      ruleId: f.ruleId, severity: f.severity, confidence: f.confidence, message: f.message,
      cwe: f.cwe, owasp: f.owasp, fingerprint: f.fingerprint,
      ...(f.secret ? { secret: f.secret } : {}),
      ...(f.fix ? { fix: f.fix.title } : {}),
    };
  }));
  return {
    tool: 'warden', version,
    summary: {
      files: reports.length, findings: findings.length,
      bySeverity: { error: findings.filter((f) => f.severity === 'error').length, warning: findings.filter((f) => f.severity === 'warning').length, info: findings.filter((f) => f.severity === 'info').length },
      skipped: skipped.length,
    },
    findings,
    skipped,
  };
}
