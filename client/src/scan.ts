import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EXPORT_REPORT_REQUEST, SCAN_PROGRESS_NOTIFICATION, SCAN_WORKSPACE_REQUEST, type ExportReportResult,
  type ScanProgressParams, type ScanWorkspaceParams, type ScanWorkspaceResult,
} from '../../server/src/scanProtocol';

export const SCAN_COMMAND = 'warden.scanWorkspace';
export const EXPORT_COMMAND = 'warden.exportReport';

/** `Warden: Scan workspace` and `Warden: Export report`. The server does the work; this shows progress and writes files. */
export function registerScanCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SCAN_COMMAND, (options?: { quiet?: boolean }) => scanWorkspace(client, options?.quiet ?? false)),
    vscode.commands.registerCommand(EXPORT_COMMAND, (target?: vscode.Uri) => exportReport(client, target)),
  );
}

/** `files.exclude` patterns that are switched on, as globs over workspace-relative file paths. */
function filesExcludes(): string[] {
  const globs = new Set<string>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const excludes = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, on] of Object.entries(excludes)) {
      if (on !== true) continue;
      globs.add(glob);
      globs.add(`${glob.replace(/\/+$/, '')}/**`); // a folder pattern leaves out everything below it
    }
  }
  return [...globs];
}

async function scanWorkspace(client: LanguageClient, quiet: boolean): Promise<ScanWorkspaceResult | undefined> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Warden: scanning the workspace', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const listener = client.onNotification(SCAN_PROGRESS_NOTIFICATION, (p: ScanProgressParams) => {
        const percent = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100);
        progress.report({ message: `${p.done} of ${p.total} files · ${p.findings} finding(s)`, increment: Math.max(0, percent - reported) });
        reported = Math.max(reported, percent);
      });
      try {
        const params: ScanWorkspaceParams = { excludes: filesExcludes() };
        return await client.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST, params, token);
      } catch (error) {
        if (token.isCancellationRequested) return undefined;
        throw error;
      } finally {
        listener.dispose();
      }
    },
  );
  if (!quiet) {
    if (!result || result.cancelled) {
      void vscode.window.showInformationMessage('Warden: workspace scan cancelled; the Problems panel shows the files scanned so far.');
    } else {
      const { error, warning, info } = result.counts;
      void vscode.window.showInformationMessage(
        `Warden scanned ${result.files} file(s): ${error} error(s), ${warning} warning(s), ${info} note(s) in ${result.filesWithFindings} file(s).`,
        'Open Problems',
      ).then((choice) => choice && vscode.commands.executeCommand('workbench.actions.view.problems'));
    }
  }
  return result;
}

/** Scans, then writes `warden-report.sarif` and `warden-report.html` into `target` (asks for a folder without one). */
async function exportReport(client: LanguageClient, target?: vscode.Uri): Promise<{ sarif: vscode.Uri; html: vscode.Uri } | undefined> {
  const folder = target ?? (await vscode.window.showOpenDialog({
    canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Export Warden report here',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  }))?.[0];
  if (!folder) return undefined;
  const scan = await scanWorkspace(client, true);
  if (!scan || scan.cancelled) return undefined;
  const report = await client.sendRequest<ExportReportResult>(EXPORT_REPORT_REQUEST);
  if (!report.available) return undefined;
  const sarif = vscode.Uri.joinPath(folder, 'warden-report.sarif');
  const html = vscode.Uri.joinPath(folder, 'warden-report.html');
  await vscode.workspace.fs.writeFile(sarif, Buffer.from(report.sarif, 'utf8'));
  await vscode.workspace.fs.writeFile(html, Buffer.from(report.html, 'utf8'));
  if (!target) {
    void vscode.window.showInformationMessage(`Warden wrote ${report.findings} finding(s) to ${sarif.fsPath} and ${html.fsPath}.`, 'Open HTML report')
      .then((choice) => choice && vscode.env.openExternal(html));
  }
  return { sarif, html };
}
