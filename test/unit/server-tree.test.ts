import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspHarness } from '../helpers/lsp';
import type { DiagnosticData } from '../../server/src/protocol';

/** A Python file through the language server: grammar loaded on first use, data flow, fix, clear. */
const APP = [
  'from flask import request',
  '',
  '@app.route("/users")',
  'def users():',
  '    q = "SELECT * FROM users WHERE name = \'%s\'" % request.args["name"]',
  '    cursor.execute(q)',
  '    return requests.get(BILLING, verify=False).text',
  '',
].join('\n');

describe('language server: a Python file (tree-sitter)', function () {
  this.timeout(30_000);
  let lsp: LspHarness;
  let uri: string;

  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-lsp-py-'));
    uri = pathToFileURL(join(dir, 'app.py')).toString();
    lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(dir).toString());
  });

  afterEach(async () => {
    await lsp.shutdown();
  });

  it('publishes data-flow findings with severity from the flow, and the fix clears one', async () => {
    const { diagnostics } = await lsp.open(uri, APP, 'python');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]), [
      ['tainted-sql', 1, 5, 19, 20],
      ['tls-verify-off', 2, 6, 40, 45],
    ]);
    assert.equal((diagnostics[0]!.data as DiagnosticData).ruleId, 'tainted-sql');
    const tls = diagnostics.find((d) => d.code === 'tls-verify-off')!;
    const preferred = (await lsp.codeActions(uri, [tls])).find((a) => a.isPreferred)!;
    const version = lsp.applyEdit(uri, preferred.edit!);
    const after = await lsp.nextDiagnostics(uri, version);
    assert.ok(lsp.text(uri).includes('verify=True'));
    assert.deepEqual(after.diagnostics.map((d) => d.code), ['tainted-sql']);
  });

  it('a parameterised query is not a finding', async () => {
    const fixed = APP.replace('cursor.execute(q)', 'cursor.execute("SELECT * FROM users WHERE name = %s", (request.args["name"],))');
    const { diagnostics } = await lsp.open(uri, fixed, 'python');
    assert.deepEqual(diagnostics.map((d) => d.code), ['tls-verify-off']);
  });
});

describe('language server: related locations of a data-flow finding', function () {
  this.timeout(30_000);

  /** Opens `text` as `file` in a fresh server: each diagnostic's code and its related information as [uri, line, character, end line, end character, message]. */
  async function relatedOf(file: string, text: string, languageId: string): Promise<{ uri: string; shown: [unknown, unknown[][]][] }> {
    const dir = mkdtempSync(join(tmpdir(), 'warden-lsp-related-'));
    const uri = pathToFileURL(join(dir, file)).toString();
    const lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(dir).toString());
    try {
      const { diagnostics } = await lsp.open(uri, text, languageId);
      return {
        uri,
        shown: diagnostics.map((d) => [d.code, (d.relatedInformation ?? []).map((r) => [r.location.uri, r.location.range.start.line, r.location.range.start.character, r.location.range.end.line, r.location.range.end.character, r.message])]),
      };
    } finally {
      await lsp.shutdown();
    }
  }

  it('shows where the request data enters and where the text is built, under the message', async () => {
    const text = 'from flask import request\n\n@app.route("/u")\ndef u():\n    name = request.args["name"]\n    q = "SELECT * FROM users WHERE name = \'%s\'" % name\n    cursor.execute(q)\n';
    const { uri, shown } = await relatedOf('app.py', text, 'python');
    assert.deepEqual(shown, [['tainted-sql', [
      [uri, 4, 11, 4, 31, 'Request data enters here.'],
      [uri, 5, 8, 5, 54, 'The text is built here with it.'],
    ]]]);
  });

  it('JS: a code-injection finding shows the same places', async () => {
    const text = "const vm = require('vm');\napp.get('/run', (req, res) => {\n  const input = req.query.expr;\n  const code = `return (${input});`;\n  res.json(vm.runInThisContext(code));\n});\n";
    const { uri, shown } = await relatedOf('app.js', text, 'javascript');
    assert.deepEqual(shown, [['eval-non-literal', [
      [uri, 2, 16, 2, 30, 'Request data enters here.'],
      [uri, 3, 15, 3, 35, 'The text is built here with it.'],
    ]]]);
  });
});
