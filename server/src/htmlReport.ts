import type { RuleMeta, Severity } from './engine/types';
import type { FileReport } from './cli/scan';

export interface HtmlOptions {
  metas: Map<string, RuleMeta>;
  generated: string;
  lessonLink: (ruleId: string) => string | undefined;
  /** Paths not analysed, or only in part, with the reason: a clean report must not hide them. */
  skipped?: { relativePath: string; reason: string }[];
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A self-contained, readable HTML report: totals, then every finding by file with the rule's title,
 * what to do instead and the lesson link. No scripts, no external resources; every value escaped.
 * Messages carry masked secrets only, so the report is as safe to share as the SARIF file.
 */
export function toHtml(reports: FileReport[], options: HtmlOptions): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule = new Map<string, number>();
  for (const r of reports) for (const f of r.findings) {
    counts[f.severity]++;
    byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  }
  const total = counts.error + counts.warning + counts.info;
  const withFindings = reports.filter((r) => r.findings.length > 0).sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  const suppressed = reports.reduce((n, r) => n + r.suppressed.length, 0);
  const link = (href: string | undefined, text: string) => {
    if (!href || !/^(https?|file):/.test(href)) return escape(text);
    return `<a href="${escape(href)}">${escape(text)}</a>`;
  };

  const ruleRows = [...byRule.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, n]) => {
    const meta = options.metas.get(id);
    return `<tr><td><code>${escape(id)}</code></td><td>${escape(meta?.title ?? id)}</td><td>${n}</td><td>${link(options.lessonLink(id), 'lesson')}</td></tr>`;
  }).join('\n');

  const fileSections = withFindings.map((r) => {
    const rows = [...r.findings].sort((a, b) => a.start - b.start).map((f) => {
      const p = r.lines.positionAt(f.start);
      const meta = options.metas.get(f.ruleId);
      return `<tr class="${f.severity}"><td>${p.line + 1}:${p.character + 1}</td><td>${f.severity}</td><td><code>${escape(f.ruleId)}</code></td>` +
        `<td>${escape(f.message)}${meta ? `<div class="instead">Instead: ${escape(meta.recommendation)}</div>` : ''}</td></tr>`;
    }).join('\n');
    return `<h3>${escape(r.relativePath)}</h3>\n<table><thead><tr><th>Line</th><th>Severity</th><th>Rule</th><th>Finding</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
  }).join('\n');

  const skippedRows = (options.skipped ?? []).map((s) => `<tr><td><code>${escape(s.relativePath)}</code></td><td>${escape(s.reason)}</td></tr>`).join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Warden report</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1f2328}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.error td:nth-child(2){color:#cf222e;font-weight:600}tr.warning td:nth-child(2){color:#9a6700;font-weight:600}
.instead{color:#57606a;font-size:.9em}.totals span{margin-right:1.5rem}h3{margin-bottom:0;font-family:ui-monospace,monospace;font-size:1em}
</style></head><body>
<h1>Warden report</h1>
<p>Generated ${escape(options.generated)} · ${reports.length} file(s) with findings or suppressions</p>
<p class="totals"><span><strong>${total}</strong> finding(s)</span><span>${counts.error} error(s)</span><span>${counts.warning} warning(s)</span><span>${counts.info} note(s)</span><span>${suppressed} suppressed</span></p>
${total === 0 ? '<p>No findings.</p>' : `<h2>By rule</h2>\n<table><thead><tr><th>Rule</th><th>Title</th><th>Findings</th><th>Lesson</th></tr></thead><tbody>\n${ruleRows}\n</tbody></table>\n<h2>By file</h2>\n${fileSections}`}
${skippedRows ? `<h2>Not analysed, or only in part (${options.skipped!.length})</h2>\n<table><thead><tr><th>Path</th><th>Why</th></tr></thead><tbody>\n${skippedRows}\n</tbody></table>` : ''}
</body></html>
`;
}
