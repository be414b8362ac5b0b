import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction, Diagnostic, Hover, InitializeResult, PublishDiagnosticsParams, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerOptions } from '../../server/src/server';
import type { WardenSettings } from '../../server/src/protocol';

/**
 * A reader with no partial-message timer. vscode-jsonrpc re-arms that 10 s timer for as long as a message
 * stays half-read, and disposing the reader does not clear it: a connection closed between a message's
 * header and its body (a test that ends while the server publishes, a server killed mid-write) would keep
 * mocha's process alive for ever. In tests a half-read message is a failure the waits already catch.
 */
export function quietReader(stream: NodeJS.ReadableStream): StreamMessageReader {
  const reader = new StreamMessageReader(stream);
  reader.partialMessageTimeout = 0;
  return reader;
}

/**
 * Drives a real Warden server over in-memory streams, the way an editor would: no VS Code, no
 * child process, no timers in the tests — every wait is for a message.
 */
export class LspHarness {
  readonly client: MessageConnection;
  private readonly docs = new Map<string, TextDocument>();
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  settings: Partial<WardenSettings> = {};
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Every diagnostics notification, in arrival order (for ordering and staleness checks). */
  readonly history: PublishDiagnosticsParams[] = [];

  /** The analysis worker is not started ahead of need here (`workerPrewarmMs`) unless a test asks for it. */
  constructor(serverOptions: ServerOptions = {}) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(quietReader(toServer), new StreamMessageWriter(toClient));
    startServer(serverConnection, { workerPrewarmMs: false, ...serverOptions });
    this.client = createMessageConnection(quietReader(toClient), new StreamMessageWriter(toServer));
    this.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      this.history.push(p);
      const ready = this.waiters.filter((w) => w.match(p));
      this.waiters = this.waiters.filter((w) => !w.match(p));
      for (const w of ready) w.resolve(p);
    });
    this.client.onNotification((method, params) => {
      this.notifications.push({ method, params });
    });
    this.client.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.client.onRequest('client/registerCapability', () => null);
    this.client.listen();
  }

  async initialize(rootUri: string | null = null, extra: Record<string, unknown> = {}): Promise<InitializeResult> {
    const result = (await this.client.sendRequest('initialize', {
      processId: null,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } } },
      ...extra,
    })) as InitializeResult;
    await this.client.sendNotification('initialized', {});
    return result;
  }

  /** Opens a document and resolves with its first diagnostics. */
  open(uri: string, text: string, languageId = 'plaintext'): Promise<PublishDiagnosticsParams> {
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.docs.set(uri, doc);
    const next = this.nextDiagnostics(uri, 1);
    void this.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return next;
  }

  /** Replaces the whole text (a new version) without waiting. */
  change(uri: string, text: string): number {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    const updated = TextDocument.update(doc, [{ text }], version);
    this.docs.set(uri, updated);
    void this.client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Applies edits incrementally, as an editor sends them. */
  edit(uri: string, edits: TextEdit[]): number {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    this.docs.set(uri, TextDocument.update(doc, edits.map((e) => ({ range: e.range, text: e.newText })), version));
    void this.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  /** The next diagnostics for `uri` at `version` or later. */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => {
      this.waiters.push({ match: (p) => p.uri === uri && (version === undefined || (p.version ?? 0) >= version), resolve });
    });
  }

  lastDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.published.get(uri);
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.client.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>;
  }

  /** Applies the part of a workspace edit that targets `uri`, as the editor would, and sends the change. */
  applyEdit(uri: string, edit: WorkspaceEdit): number {
    const edits: TextEdit[] = [];
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
    }
    for (const e of edit.changes?.[uri] ?? []) edits.push(e);
    return this.edit(uri, edits);
  }

  async changeSettings(settings: Partial<WardenSettings>): Promise<void> {
    this.settings = settings;
    await this.client.sendNotification('workspace/didChangeConfiguration', { settings: { warden: settings } });
  }

  async shutdown(): Promise<void> {
    await this.client.sendRequest('shutdown');
    this.client.dispose();
  }
}
