import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { analyze } from '../../server/src/engine/engine';
import { defineAstRule } from '../../server/src/engine/ast';
import { compileRuleset, type Ruleset } from '../../server/src/engine/ruleset';
import type { Matcher, TextRuleSpec } from '../../server/src/engine/textRules';
import { re2jsMatcher } from '../../server/src/engine/re2Matcher';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import type { RulesetProvider } from '../../server/src/rulesetProvider';
import { LspHarness, quietReader } from '../helpers/lsp';

const ROOT = join(__dirname, '..', '..', '..');
const AWS = 'AKIAZ7QXS4D2L5RVN3KB';
const CODE = `const accessKeyId = '${AWS}';\nconst h = crypto.createHash('md5');\neval(userInput);\nfoo(1);\nfoo(2);\n`;

const throwingAst = defineAstRule({
  meta: {
    id: 'test-throws-on-every-call', title: 'Throws', description: 'A broken rule injected by the test.', recommendation: 'None.',
    category: 'custom', severity: 'error', confidence: 'high', cwe: ['CWE-20'], owasp: ['A04:2021'], fixable: false,
  },
  create() {
    return { CallExpression() { throw new Error(`boom (value ${AWS})`); } };
  },
});

const throwingText: TextRuleSpec = {
  id: 'test-text-rule-throws', title: 'Throws', description: 'A broken text rule injected by the test.', recommendation: 'None.',
  category: 'custom', severity: 'error', confidence: 'high', cwe: ['CWE-20'], owasp: ['A04:2021'], keywords: [], pattern: 'foo',
  message: 'never', examples: { match: [], noMatch: [] },
};

/** Custom rules get this matcher: the test's one throws, the others run on RE2 as usual. */
function matcherFor(pattern: string, flags?: string): Matcher {
  if (pattern !== 'foo') return re2jsMatcher(pattern, flags);
  return { matches() { throw new Error('matcher exploded'); } };
}

function brokenRuleset(): Ruleset {
  return compileRuleset(
    { customRules: [throwingText] },
    { astRules: [throwingAst, ...BUILTIN_CATALOG.astRules], textRules: BUILTIN_CATALOG.textRules },
    matcherFor,
  );
}

describe('crash recovery: a rule that throws is isolated', () => {
  it('the engine reports each broken rule once and every other rule still runs on the file', () => {
    const result = analyze({ text: CODE, path: 'a.js' }, brokenRuleset());
    assert.deepEqual(result.ruleErrors.map((e) => e.ruleId).sort(), ['test-text-rule-throws', 'test-throws-on-every-call']);
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['aws-access-key-id', 'weak-hash', 'eval-non-literal']);
  });

  it('the server publishes the other findings and logs the broken rule once per analysis', async () => {
    const provider: RulesetProvider = { get: () => Promise.resolve(brokenRuleset()), onDidChange() {} };
    const lsp = new LspHarness({ rulesetProvider: provider });
    await lsp.initialize(null);
    try {
      const uri = 'untitled:broken.js';
      const { diagnostics } = await lsp.open(uri, CODE, 'javascript');
      assert.deepEqual(diagnostics.map((d) => d.code), ['aws-access-key-id', 'weak-hash', 'eval-non-literal']);
      await lsp.hover(uri, { line: 0, character: 0 }); // a round trip: the log messages have arrived
      const logs = lsp.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
      assert.equal(logs.filter((m) => m.includes('test-throws-on-every-call')).length, 1);
      assert.equal(logs.filter((m) => m.includes('test-text-rule-throws')).length, 1);
    } finally {
      await lsp.shutdown();
    }
  });
});

/** The bundled server as VS Code runs it, over stdio. */
class ServerProcess {
  readonly child: ChildProcess;
  readonly rpc: MessageConnection;
  private waiters: { uri: string; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  constructor() {
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.rpc = createMessageConnection(quietReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const ready = this.waiters.filter((w) => w.uri === p.uri);
      this.waiters = this.waiters.filter((w) => w.uri !== p.uri);
      for (const w of ready) w.resolve(p);
    });
    this.rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.rpc.onRequest('client/registerCapability', () => null);
    this.rpc.onNotification(() => {});
    this.rpc.onError(() => {});
    this.rpc.listen();
  }

  async start(root: string): Promise<void> {
    await this.rpc.sendRequest('initialize', {
      processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'root' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
    await this.rpc.sendNotification('initialized', {});
  }

  open(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    const next = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, resolve }));
    void this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text } });
    return next;
  }

  kill(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.rpc.dispose();
    this.child.kill('SIGKILL');
    return exited;
  }
}

describe('crash recovery: the server process', function () {
  this.timeout(120_000);
  const started: ServerProcess[] = [];
  afterEach(async () => {
    // Never leave a server behind, whatever the test's outcome (a live child keeps mocha from exiting).
    await Promise.all(started.filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => s.kill()));
  });

  it('killed and started again (as the client does), it analyses from nothing, big documents on its worker thread included', async function () {
    assert.ok(existsSync(join(ROOT, 'dist', 'server.js')), 'npm run build makes dist/server.js');
    const dir = mkdtempSync(join(tmpdir(), 'warden-restart-'));
    const root = pathToFileURL(dir).toString();
    const small = pathToFileURL(join(dir, 'small.js')).toString();
    const big = pathToFileURL(join(dir, 'big.js')).toString();
    const line = 'export function handler42(a, b) { return compute(a, b) + normalise(a) * 3; }\n';
    const bigText = `${line.repeat(4000)}const accessKeyId = '${AWS}';\n`; // 316 KB: over the worker threshold

    const codes = async (server: ServerProcess) => {
      await server.start(root);
      const [s, b] = await Promise.all([server.open(small, CODE), server.open(big, bigText)]);
      // (The time budget may cut a big file's AST rules short on a loaded machine; the credential is a text rule.)
      return { small: s.diagnostics.map((d) => d.code), big: b.diagnostics.filter((d) => d.code !== 'warden-time-budget').map((d) => [d.code, d.range.start.line]) };
    };
    const first = new ServerProcess();
    started.push(first);
    const before = await codes(first);
    assert.deepEqual(before.small, ['aws-access-key-id', 'weak-hash', 'eval-non-literal']);
    assert.deepEqual(before.big, [['aws-access-key-id', 4000]]);
    await first.kill();
    assert.equal(first.child.signalCode, 'SIGKILL');

    const second = new ServerProcess();
    started.push(second);
    const after = await codes(second);
    assert.deepEqual(after, before, 'diagnostics come back the same after the restart');
    await second.kill();
  });
});
