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
