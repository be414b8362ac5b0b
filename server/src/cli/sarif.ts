import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { RuleMeta, Severity, Suppression } from '../engine/types';
import type { FileReport } from './scan';
import { compareNames } from '../engine/collate';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  root: string;
  version: string;
  metas: RuleMeta[];
  helpUri: (ruleId: string) => string | undefined;
  helpMarkdown: (ruleId: string) => string | undefined;
  /** Paths not analysed, or only in part: reported as tool execution notifications. */
  skipped?: { relativePath: string; reason: string }[];
}

/** SARIF 2.1.0 for code-scanning upload: rule metadata, relative URIs under %SRCROOT%, 1-based regions. */
export function toSarif(reports: FileReport[], options: SarifOptions): Sarif.Log {
  const used = new Set(reports.flatMap((r) => [...r.findings, ...r.suppressed.map((s) => s.finding)].map((f) => f.ruleId)));
  const metas = options.metas.filter((m) => used.has(m.id)).sort((a, b) => compareNames(a.id, b.id));
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const rules: Sarif.ReportingDescriptor[] = metas.map((m) => ({
    id: m.id,
    name: m.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: m.title },
    fullDescription: { text: m.description },
    help: { text: `${m.description} ${m.recommendation}`, markdown: options.helpMarkdown(m.id) ?? `${m.description}\n\n**Instead:** ${m.recommendation}` },
    helpUri: options.helpUri(m.id),
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: {
      tags: ['security', m.category, ...m.cwe.map((c) => `external/cwe/${c.toLowerCase()}`), ...m.owasp.map((o) => `owasp-${o}`)],
      precision: m.confidence === 'high' ? 'high' : m.confidence === 'medium' ? 'medium' : 'low',
      'security-severity': m.severity === 'error' ? '8.0' : m.severity === 'warning' ? '5.0' : '2.0',
    },
  }));

  const results: Sarif.Result[] = [];
  for (const report of reports) {
    const all = [
      ...report.findings.map((f) => ({ f, suppression: undefined as Suppression | undefined })),
      ...report.suppressed.map((s) => ({ f: s.finding, suppression: s.suppression })),
    ];
    for (const { f, suppression } of all) {
      const s = report.lines.positionAt(f.start);
      const e = report.lines.positionAt(f.end);
      const result: Sarif.Result = {
        ruleId: f.ruleId,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: sarifUri(report.relativePath), uriBaseId: '%SRCROOT%' },
            region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
          },
        }],
        partialFingerprints: { 'wardenFingerprint/v1': f.fingerprint },
        properties: { confidence: f.confidence, ...(f.secret ? { secretKind: f.secret.kind, maskedSecret: f.secret.masked } : {}) },
      };
      const ruleIndex = index.get(f.ruleId);
      if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
      // Where the data comes from and where its text is built (a data-flow finding's other steps).
      if (f.related && f.related.length > 0) {
        result.relatedLocations = f.related.map((r, id) => {
          const a = report.lines.positionAt(r.start);
          const b = report.lines.positionAt(r.end);
          return {
            id,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: { uri: sarifUri(report.relativePath), uriBaseId: '%SRCROOT%' },
              region: { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 },
            },
          };
        });
      }
      if (suppression) {
        result.suppressions = [{
          kind: 'inSource',
          status: 'accepted',
          justification: suppression.reason + (suppression.until ? ` (until ${suppression.until})` : ''),
        }];
      }
      if (f.fix) {
        result.fixes = [{
          description: { text: f.fix.title },
          artifactChanges: [{
            artifactLocation: { uri: sarifUri(report.relativePath), uriBaseId: '%SRCROOT%' },
            replacements: f.fix.edits.map((edit) => {
              const a = report.lines.positionAt(edit.start);
              const b = report.lines.positionAt(edit.end);
              return {
                deletedRegion: { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 },
                insertedContent: { text: edit.newText },
              };
            }),
          }],
        }];
      }
      results.push(result);
    }
  }

  const root = pathToFileURL(options.root).toString();
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'Warden', semanticVersion: options.version, version: options.version, rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: root.endsWith('/') ? root : `${root}/` } },
      results,
      // What was not analysed is part of the result: a code-scanning reader must be able to tell a
      // clean file from one Warden could not read.
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: (options.skipped ?? []).map((s) => ({
          level: 'warning' as const,
          descriptor: { id: s.reason.startsWith('partly analysed') ? 'warden-partly-analysed' : 'warden-skipped' },
          message: { text: s.reason },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(s.relativePath), uriBaseId: '%SRCROOT%' } } }],
        })),
      }],
      columnKind: 'utf16CodeUnits',
    }],
  };
}

/** A relative path as a URI reference: each segment percent-encoded, so `#`, `?` and controls stay part of the name. */
function sarifUri(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}
