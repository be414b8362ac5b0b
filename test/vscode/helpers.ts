import { existsSync } from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'warden.warden';

/** Activates Warden (and so its language server) and returns the extension. */
export async function activateWarden(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder');
  return folder.uri;
}

export function fileIn(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

export function wardenDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'warden');
}

export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * Resolves once the Warden diagnostics of `uri` satisfy `accept`, re-checking on every diagnostics
 * change. The timeout is a safety net that turns a hang into a failure with the last state in it.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const current = wardenDiagnostics(uri);
    return accept(current) ? current : undefined;
  }, (listener) => vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === uri.toString())) listener();
  }), () => `${what}; last Warden diagnostics of ${uri.fsPath}: ${JSON.stringify(wardenDiagnostics(uri).map(describe))}`, timeoutMs);
}

/** Generic event wait: `check` runs now and after every event `subscribe` reports. */
export function waitFor<T>(
  check: () => T | undefined,
  subscribe: (listener: () => void) => vscode.Disposable,
  explain: () => string,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let subscription: vscode.Disposable | undefined;
    const finish = (value: T | undefined, error?: Error) => {
      clearTimeout(timer);
      subscription?.dispose();
      if (error) reject(error);
      else resolve(value as T);
    };
    const timer = setTimeout(() => finish(undefined, new Error(`timed out waiting: ${explain()}`)), timeoutMs);
    subscription = subscribe(() => {
      try {
        const value = check();
        if (value !== undefined) finish(value);
      } catch (error) {
        finish(undefined, error as Error);
      }
    });
    const first = check();
    if (first !== undefined) finish(first);
  });
}

/** Resolves once the document's text satisfies `accept`. */
export function waitForText(doc: vscode.TextDocument, accept: (text: string) => boolean, what: string): Promise<string> {
  return waitFor(() => (accept(doc.getText()) ? doc.getText() : undefined),
    (listener) => vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc) listener();
    }), () => `${what}; text is:\n${doc.getText()}`);
}

export function describe(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${codeOf(d)}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Opens a workspace file in an editor and waits for Warden to publish at least `atLeast` findings. */
export async function openWithFindings(uri: vscode.Uri, atLeast: number): Promise<{ editor: vscode.TextEditor; diagnostics: vscode.Diagnostic[] }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const diagnostics = await waitForDiagnostics(uri, (ds) => ds.length >= atLeast, `${atLeast}+ findings in ${uri.fsPath}`);
  return { editor, diagnostics };
}

/** Where the launcher asked for screenshots, if anywhere. */
export const artifactsDir = process.env.WARDEN_VSCODE_ARTIFACTS && existsSync(process.env.WARDEN_VSCODE_ARTIFACTS)
  ? process.env.WARDEN_VSCODE_ARTIFACTS
  : undefined;

/**
 * Asks the offline launcher for a screenshot of the whole workbench and waits until the file is
 * there. Without a launcher that takes them (e.g. `@vscode/test-electron`), it does nothing.
 */
export async function screenshot(name: string): Promise<string | undefined> {
  if (!artifactsDir) return undefined;
  const { join } = await import('node:path');
  const { watch } = await import('node:fs');
  const file = join(artifactsDir, `${name}.png`);
  const dir = artifactsDir;
  await new Promise<void>((resolve, reject) => {
    const watcher = watch(dir, () => {
      if (existsSync(file)) finish();
    });
    const timer = setTimeout(() => finish(new Error(`no screenshot ${file}`)), 30_000);
    function finish(error?: Error) {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    }
    console.log(`warden-screenshot ${name}`);
    if (existsSync(file)) finish();
  });
  return file;
}
