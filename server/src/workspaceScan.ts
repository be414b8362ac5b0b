import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, Diagnostic, WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, prepareAnalysis } from './engine/engine';
import { LineIndex } from './engine/lines';
import type { Ruleset } from './engine/ruleset';
import { atLeast, type Finding, type RuleMeta, type Severity } from './engine/types';
import { toSarif } from './cli/sarif';
import { CREDENTIAL_SCAN_LIMIT } from './engine/skip';
import type { FileReport } from './cli/scan';
import { walk } from './cli/walk';
import { detectLanguage, JS_TS_LANGUAGES } from './engine/languages';
import { collectRenderFacts, factsFor, type RenderFacts } from './templates/renderIndex';
import { templateEngineOf } from './templates/sites';
import { ProjectFactsReader } from './projectFacts';
import { toHtml } from './htmlReport';
import type { WardenSettings } from './protocol';
import {
  EXPORT_REPORT_REQUEST, SCAN_PROGRESS_NOTIFICATION, SCAN_WORKSPACE_REQUEST, type ExportReportResult,
  type ScanProgressParams, type ScanWorkspaceParams, type ScanWorkspaceResult,
} from './scanProtocol';

/** What the scan borrows from the live server, so both publish the same diagnostics. */
export interface WorkspaceScanHost {
  folders(): WorkspaceFolder[];
  settings(uri: string): Promise<WardenSettings>;
  ruleset(folder: WorkspaceFolder, settings: WardenSettings): Promise<Ruleset>;
  /** The text of an open document; open documents are analysed from the editor, and published by the live analysis. */
  openText(uri: string): string | undefined;
  isExcluded(path: string, globs: string[]): boolean;
  toDiagnostic(doc: TextDocument, finding: Finding, version: number, ruleset: Ruleset, baselined?: boolean): Diagnostic;
  /** Which of a file's findings the folder's baseline covers (matched over all of them, before the threshold). */
  baselinedIn?(uri: string, folder: WorkspaceFolder, settings: WardenSettings, findings: Finding[]): boolean[];
  lessonLink(ruleId: string, ruleset: Ruleset): string | undefined;
}

interface SkippedPath {
  folder: WorkspaceFolder;
  relativePath: string;
  reason: string;
}

interface LastScan {
  reports: { folder: WorkspaceFolder; report: FileReport; ruleset: Ruleset }[];
  /** Paths not analysed, or analysed only in part: listed in the exported reports. */
  skipped: SkippedPath[];
}

/** Time slice after which the scan yields, so the server keeps answering the editor mid-scan. */
const SLICE_MS = 20;

/**
 * `warden/scanWorkspace`: analyses every file of every workspace folder (not only open ones),
 * honouring .gitignore, the default excludes, `warden.exclude`, the client's `files.exclude` and the
 * ruleset's ignorePaths; publishes diagnostics file by file as they are ready and stops when the
 * client cancels. `warden/exportReport` turns the last scan into SARIF and HTML.
 */
export function registerWorkspaceScan(connection: Connection, host: WorkspaceScanHost): void {
  let published = new Set<string>();
  let last: LastScan | undefined;
  let running: Promise<unknown> = Promise.resolve();

  connection.onRequest(SCAN_WORKSPACE_REQUEST, (params: ScanWorkspaceParams | undefined, token: CancellationToken) => {
    // One scan at a time: a second request waits for the first.
    const next = running.then(() => scan(params ?? {}, token));
    running = next.catch(() => undefined);
    return next;
  });

  connection.onRequest(EXPORT_REPORT_REQUEST, (): ExportReportResult => {
    if (!last) return { available: false, sarif: '', html: '', findings: 0 };
    const multi = new Set(last.reports.map((r) => r.folder.uri)).size > 1;
    const metas = new Map<string, RuleMeta>();
    for (const { ruleset } of last.reports) for (const m of ruleset.allMetas()) metas.set(m.id, m);
    const firstRuleset = last.reports[0]?.ruleset;
    const reports = last.reports.map(({ folder, report }) => (multi ? { ...report, relativePath: `${folder.name}/${report.relativePath}` } : report));
    const skipped = last.skipped.map(({ folder, relativePath, reason }) => ({ relativePath: multi ? `${folder.name}/${relativePath}` : relativePath, reason }));
    const root = last.reports[0] && !multi ? fileURLToPath(last.reports[0].folder.uri) : process.cwd();
    const helpUri = (id: string) => {
      const link = firstRuleset && host.lessonLink(id, firstRuleset);
      return link && /^https?:/.test(link) ? link : undefined;
    };
    const sarif = toSarif(reports, { root, version: '0.1.0', metas: [...metas.values()], helpUri, helpMarkdown: () => undefined, skipped });
    const html = toHtml(reports, { metas, generated: new Date().toISOString(), lessonLink: (id) => firstRuleset && host.lessonLink(id, firstRuleset), skipped });
    return { available: true, sarif: JSON.stringify(sarif, null, 2), html, findings: reports.reduce((n, r) => n + r.findings.length, 0) };
  });

  async function scan(params: ScanWorkspaceParams, token: CancellationToken): Promise<ScanWorkspaceResult> {
    const result: ScanWorkspaceResult = { files: 0, skipped: 0, filesWithFindings: 0, counts: { error: 0, warning: 0, info: 0 }, cancelled: false };
    const skippedPaths: SkippedPath[] = [];
    const plan: { folder: WorkspaceFolder; settings: WardenSettings; ruleset: Ruleset; files: { path: string; relativePath: string; size: number }[] }[] = [];
    for (const folder of host.folders()) {
      if (!folder.uri.startsWith('file:')) continue;
      const settings = await host.settings(folder.uri);
      if (!settings.enable) continue;
      const ruleset = await host.ruleset(folder, settings);
      const globs = [...settings.exclude, ...(params.excludes ?? [])];
      const walked = await walk(fileURLToPath(folder.uri), ['.'], { isCancelled: () => token.isCancellationRequested });
      if (walked.cancelled) {
        result.cancelled = true;
        return result;
      }
      for (const s of walked.skipped) skippedPaths.push({ folder, ...s });
      result.skipped += walked.skipped.length;
      plan.push({ folder, settings, ruleset, files: walked.files.filter((f) => !host.isExcluded(f.relativePath, globs)) });
      if (token.isCancellationRequested) break;
    }
    const total = plan.reduce((n, p) => n + p.files.length, 0);
    const reports: LastScan['reports'] = [];
    const stillPublished = new Set<string>();
    let done = 0;
    let findingsSoFar = 0;
    let sliceStart = performance.now();
    let lastProgress = 0;
    const progress = () => {
      const params: ScanProgressParams = { done, total, findings: findingsSoFar };
      void connection.sendNotification(SCAN_PROGRESS_NOTIFICATION, params);
    };
    progress();

    // As `warden scan` does: each package.json read once for the dependency versions rules ask about.
    const projectFacts = new ProjectFactsReader();
    outer: for (const { folder, settings, ruleset, files } of plan) {
      // As `warden scan` does: the folder's render calls, read once, when it holds templates.
      let renders: RenderFacts | undefined;
      if (files.some((f) => templateEngineOf(f.relativePath, detectLanguage(f.relativePath)))) {
        const sources: { path: string; text: string }[] = [];
        for (const f of files) {
          if (!JS_TS_LANGUAGES.has(detectLanguage(f.relativePath)) || f.size > settings.maxFileSizeKB * 1024) continue;
          const text = host.openText(pathToFileURL(f.path).toString()) ?? await readFile(f.path, 'utf8').catch(() => undefined);
          if (text !== undefined) sources.push({ path: f.relativePath, text });
        }
        renders = collectRenderFacts(sources);
      }
      for (const file of files) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
          if (performance.now() - lastProgress > 200) {
            lastProgress = performance.now();
            progress();
          }
        }
        if (token.isCancellationRequested) {
          result.cancelled = true;
          break outer;
        }
        done++;
        const uri = pathToFileURL(file.path).toString();
        const maxFileSize = settings.maxFileSizeKB * 1024;
        let text = host.openText(uri);
        const skip = (reason: string) => {
          skippedPaths.push({ folder, relativePath: file.relativePath, reason });
          result.skipped++;
        };
        if (text === undefined) {
          // Over the size limit, the engine still runs the credential rules, up to CREDENTIAL_SCAN_LIMIT.
          if (file.size > Math.max(maxFileSize, CREDENTIAL_SCAN_LIMIT)) {
            skip(`Warden skipped this file: it is ${Math.ceil(file.size / 1024)} KB, over every size limit.`);
            continue;
          }
          try {
            text = await readFile(file.path, 'utf8');
          } catch (error) {
            skip(`Warden could not read this file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
            continue;
          }
        }
        await prepareAnalysis({ path: file.relativePath });
        const analysis = analyze({ text, path: file.relativePath }, ruleset, { maxFileSize, renders: renders && factsFor(renders, file.relativePath), project: projectFacts.factsFor(file.path) });
        if (analysis.skipped) {
          skip(analysis.skipped);
          continue;
        }
        if (analysis.notRun) skippedPaths.push({ folder, relativePath: file.relativePath, reason: `partly analysed: ${analysis.notRun.reason}` });
        result.files++;
        const inBaseline = host.baselinedIn?.(uri, folder, settings, analysis.findings) ?? [];
        const findings = analysis.findings.filter((f, i) => atLeast(f.severity, settings.severityThreshold) && !(inBaseline[i] && settings.baselinedFindings === 'hide'));
        const baselined = new Set(analysis.findings.filter((_, i) => inBaseline[i] && settings.baselinedFindings === 'hint'));
        if (findings.length === 0 && analysis.suppressed.length === 0) {
          if (published.has(uri) && host.openText(uri) === undefined) void connection.sendDiagnostics({ uri, diagnostics: [] });
          continue;
        }
        for (const f of findings) if (!baselined.has(f)) result.counts[f.severity as Severity]++;
        findingsSoFar += findings.length;
        if (findings.length > 0) result.filesWithFindings++;
        reports.push({
          folder,
          ruleset,
          report: {
            relativePath: file.relativePath,
            language: analysis.language,
            findings,
            suppressed: analysis.suppressed,
            suppressions: analysis.suppressions,
            parseError: analysis.parseError,
            ruleErrors: analysis.ruleErrors,
            lines: new LineIndex(text),
          },
        });
        if (host.openText(uri) === undefined) {
          const doc = TextDocument.create(uri, analysis.language, 0, text);
          void connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => host.toDiagnostic(doc, f, 0, ruleset, baselined.has(f))) });
          stillPublished.add(uri);
        }
      }
    }
    progress();
    if (!result.cancelled) {
      // Files that had findings in the previous scan and are gone or clean now.
      for (const uri of published) if (!stillPublished.has(uri) && host.openText(uri) === undefined) void connection.sendDiagnostics({ uri, diagnostics: [] });
      published = stillPublished;
      last = { reports, skipped: skippedPaths };
    } else {
      for (const uri of stillPublished) published.add(uri);
    }
    return result;
  }
}
