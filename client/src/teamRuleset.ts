import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STARTER_RULESET } from '../../server/src/ruleset/starter';
import { lessonHtml } from './lessonHtml';

/** Same name as the server's constant; kept here so the client bundle does not pull server code in. */
const WORKSPACE_TRUSTED_NOTIFICATION = 'warden/workspaceTrusted';

/** What the server needs from the editor to load team rulesets: trust, and where to cache remote ones. */
export function rulesetInitializationOptions(context: vscode.ExtensionContext): { workspaceTrusted: boolean; cacheDir: string; lessonCommandLinks: boolean } {
  return {
    workspaceTrusted: vscode.workspace.isTrusted,
    cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'rulesets').fsPath,
    // Hovers link bundled lessons through the openLesson command, which the client trusts (below).
    lessonCommandLinks: true,
  };
}

/** Markdown from the server may run exactly one command: opening a lesson. */
export const TRUSTED_MARKDOWN = { isTrusted: { enabledCommands: ['warden.openLesson'] } };

/** "Warden: Create team ruleset", and telling the server when the workspace becomes trusted. */
export function registerTeamRuleset(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('warden.createTeamRuleset', createTeamRuleset),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION);
    }),
  );
}

async function createTeamRuleset(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the team ruleset' });
  if (!folder) {
    if (folders.length === 0) void vscode.window.showWarningMessage('Open a folder first: the team ruleset lives in its .warden/ folder.');
    return;
  }
  for (const name of ['ruleset.yaml', 'ruleset.yml', 'ruleset.json']) {
    const existing = vscode.Uri.joinPath(folder.uri, '.warden', name);
    try {
      await vscode.workspace.fs.stat(existing);
      await vscode.window.showTextDocument(existing);
      void vscode.window.showInformationMessage(`This folder already has a team ruleset: .warden/${name}.`);
      return;
    } catch {
      // not there: keep looking
    }
  }
  const file = vscode.Uri.joinPath(folder.uri, '.warden', 'ruleset.yaml');
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.warden'));
  await vscode.workspace.fs.writeFile(file, Buffer.from(STARTER_RULESET, 'utf8'));
  await vscode.window.showTextDocument(file);
}

const panels = new Map<string, vscode.WebviewPanel>();

/** Shows a bundled lesson in a themed webview: offline, no scripts, nothing remote. */
export async function showLessonView(ruleId: string, file: vscode.Uri): Promise<void> {
  const markdown = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
  const title = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? ruleId;
  let panel = panels.get(ruleId);
  if (panel) {
    panel.reveal();
  } else {
    panel = vscode.window.createWebviewPanel('warden.lesson', `Lesson: ${title}`, vscode.ViewColumn.Beside, {
      enableScripts: false,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panels.set(ruleId, panel);
    panel.onDidDispose(() => panels.delete(ruleId));
  }
  panel.webview.html = lessonHtml(markdown, { nonce: randomBytes(16).toString('base64'), cspSource: panel.webview.cspSource, title });
}

/** A searchable list of every bundled lesson (title and rule id), for "Open lesson" from the palette. */
export async function pickLesson(context: vscode.ExtensionContext): Promise<string | undefined> {
  const dir = vscode.Uri.joinPath(context.extensionUri, 'lessons');
  let names: [string, vscode.FileType][] = [];
  try {
    names = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return vscode.window.showInputBox({ prompt: 'Rule id, e.g. aws-access-key-id' });
  }
  const items = await Promise.all(names.filter(([n]) => n.endsWith('.md')).map(async ([n]) => {
    const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, n))).toString('utf8');
    return { label: /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? n, description: n.slice(0, -3) };
  }));
  items.sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Lesson to open', matchOnDescription: true });
  return picked?.description;
}
