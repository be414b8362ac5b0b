// The language server over stdio, as an editor drives it: requests, notifications, and a promise per
// document version that resolves when that version's diagnostics are published. Used by the benches.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export class StdioClient {
  /**
   * `node`: the Node that runs the server (default: this one); `nodeArgs`: its own options (`--cpu-prof`).
   * BENCH_SERVER_NODE_ARGS (space-separated) adds options to every server a bench starts, to try V8 flags
   * the client could pass (e.g. `--min-semi-space-size=16`: docs/engineering.md, eighth pass).
   */
  constructor(root, node = process.execPath, nodeArgs = []) {
    const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.proc = spawn(node, [...extra, ...nodeArgs, join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.buffer = Buffer.alloc(0);
    this.waiters = [];
    this.pending = new Map();
    this.nextId = 1;
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
  }
  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.onMessage(message);
    }
  }
  onMessage(m) {
    if (m.id !== undefined && m.method === undefined) {
      this.pending.get(m.id)?.(m.result);
      this.pending.delete(m.id);
    } else if (m.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: m.id, result: m.method === 'workspace/configuration' ? m.params.items.map(() => ({})) : null });
    } else if (m.method === 'textDocument/publishDiagnostics') {
      const ready = this.waiters.filter((w) => w.uri === m.params.uri && m.params.version >= w.version);
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(m.params);
    } else if (m.method === 'window/logMessage' && /parses JavaScript/.test(m.params.message)) {
      this.parser = m.params.message;
    }
  }
  send(m) {
    const body = Buffer.from(JSON.stringify(m));
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }
  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }
  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }
  /** The editor's handshake: initialize (pulling configuration), then initialized. */
  async initialize() {
    await this.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    this.notify('initialized', {});
  }
  /** Opens a document at version 1 and resolves with its first diagnostics. */
  open(uri, languageId, text) {
    const first = this.diagnostics(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return first;
  }
  diagnostics(uri, version) {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }
  async stop() {
    await this.request('shutdown');
    this.notify('exit');
  }
}
