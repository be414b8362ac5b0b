import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COMMANDS, type SuppressArgs } from '../../server/src/protocol';
import { isRuleIdShape, safeHttpsUrl } from '../../server/src/engine/markdown';
import { registerScanCommands } from './scan';
import { pickLesson, registerTeamRuleset, rulesetInitializationOptions, showLessonView, TRUSTED_MARKDOWN } from './teamRuleset';
import { registerDrill } from './drill';
import { CODE_CACHE_ENV } from '../../server/src/boot';

let client: LanguageClient | undefined;

/** The thin client: start the server, insert suppressions, open lessons, count findings. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // The server compiles its bundle from a V8 code cache kept in the extension's own storage (see
    // server/src/boot.ts): a folder only this user can write, as the extension's code itself.
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: { ...process.env, [CODE_CACHE_ENV]: path.join(context.globalStorageUri.fsPath, 'code-cache') } } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    synchronize: { configurationSection: 'warden', fileEvents: vscode.workspace.createFileSystemWatcher('**/.warden/**') },
    initializationOptions: rulesetInitializationOptions(context),
    diagnosticCollectionName: 'warden',
    markdown: TRUSTED_MARKDOWN,
  };
  client = new LanguageClient('warden', 'Warden', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem('warden.findings', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Warden findings';
  status.command = 'workbench.actions.view.problems';
  const refreshStatus = () => {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        if (d.source !== 'warden' || d.code === 'warden-skipped') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) counts.error++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warning++;
        else counts.info++;
      }
    }
    status.text = `$(shield) ${counts.error} $(warning) ${counts.warning} $(info) ${counts.info}`;
    status.tooltip = `Warden: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes. Click to open the Problems panel.`;
    status.show();
  };
  refreshStatus();

  context.subscriptions.push(
    client,
    status,
    vscode.languages.onDidChangeDiagnostics(refreshStatus),
    vscode.commands.registerCommand(COMMANDS.suppress, insertSuppression),
    vscode.commands.registerCommand(COMMANDS.openLesson, (ruleId?: string, link?: string) => openLesson(context, ruleId, link)),
  );
  registerScanCommands(context, client);
  registerTeamRuleset(context, client);
  registerDrill(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Inserts `warden-ignore <rule> -- <reason>` above the line and leaves the cursor on the reason. */
async function insertSuppression(args: SuppressArgs): Promise<void> {
  const uri = vscode.Uri.parse(args.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const line = document.lineAt(args.line);
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  const escape = (s: string) => s.replace(/[$}\\]/g, '\\$&');
  const snippet = new vscode.SnippetString(
    `${escape(indent + args.commentPrefix)}warden-ignore ${escape(args.ruleId)} -- \${1:why this is safe}${escape(args.commentSuffix)}\n`,
  );
  await editor.insertSnippet(snippet, new vscode.Position(args.line, 0));
}

/** The team's page in the browser, or the bundled lesson rendered inside VS Code. */
async function openLesson(context: vscode.ExtensionContext, ruleId?: string, link?: string): Promise<void> {
  const id = ruleId ?? (await pickLesson(context));
  if (!id) return;
  // The arguments can come from a hover link: only a rule id's shape (no `/`, no `..`) names a
  // bundled lesson, and only a plain https URL is handed to the browser.
  if (!isRuleIdShape(id)) {
    void vscode.window.showWarningMessage('Warden: that is not a rule id; no lesson opened.');
    return;
  }
  if (link !== undefined && !link.startsWith('file:')) {
    const safe = safeHttpsUrl(link);
    if (safe) await vscode.env.openExternal(vscode.Uri.parse(safe, true));
    else void vscode.window.showWarningMessage('Warden: the lesson link is not a plain https URL; not opened.');
    return;
  }
  const file = vscode.Uri.joinPath(context.extensionUri, 'lessons', `${id}.md`);
  try {
    await vscode.workspace.fs.stat(file);
  } catch {
    void vscode.window.showWarningMessage(`Warden has no lesson for "${id}".`);
    return;
  }
  await showLessonView(id, file);
}
