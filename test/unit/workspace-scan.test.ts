import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lsp';
import { writeTree } from '../helpers/tree';
import {
  EXPORT_REPORT_REQUEST, SCAN_PROGRESS_NOTIFICATION, SCAN_WORKSPACE_REQUEST, type ExportReportResult, type ScanProgressParams,
  type ScanWorkspaceResult,
} from '../../server/src/scanProtocol';

const KEY = "const accessKeyId = 'AKIAZ7QXS4D2L5RVN3KB';\n";

const workspace = (files: Record<string, string>) => writeTree('warden-scan-', files);

describe('workspace scan (warden/scanWorkspace)', () => {
  let lsp: LspHarness;
  const published = new Map<string, PublishDiagnosticsParams>();

  async function start(root: string): Promise<void> {
    lsp = new LspHarness();
    published.clear();
    lsp.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void published.set(p.uri, p));
    await lsp.initialize(pathToFileURL(root).toString());
  }
  const uriOf = (root: string, rel: string) => pathToFileURL(join(root, rel)).toString();
  const codes = (root: string, rel: string) => (published.get(uriOf(root, rel))?.diagnostics ?? []).map((d) => d.code);

  afterEach(async () => {
    await lsp.shutdown();
  });

  it('reports files nobody opened, and leaves out .gitignore, default excludes, warden.exclude, client excludes and ignorePaths', async () => {
    const root = workspace({
      'src/app.js': KEY,
      'src/clean.js': 'module.exports = process.env.AWS_ACCESS_KEY_ID;\n',
      'config/settings.py': 'SMTP_PASSWORD = "q7Rk2Lm9Tz4Wx"\n',
      'node_modules/pkg/index.js': KEY,
      'local/keys.js': KEY,
      '.gitignore': 'local/\n',
      'excluded/keys.js': KEY,
      'hidden/keys.js': KEY,
      'generated/keys.js': KEY,
      '.warden/ruleset.yaml': 'ignorePaths:\n  - "generated/**"\n',
    });
    await start(root);
    lsp.settings = { exclude: ['excluded/**'] };
    const result = await lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, { excludes: ['hidden/**'] }) as ScanWorkspaceResult;
    assert.equal(result.cancelled, false);
    assert.deepEqual(codes(root, 'src/app.js'), ['aws-access-key-id']);
    assert.deepEqual(codes(root, 'config/settings.py'), ['hardcoded-password']);
    for (const left of ['node_modules/pkg/index.js', 'local/keys.js', 'excluded/keys.js', 'hidden/keys.js', 'generated/keys.js']) {
      assert.equal(published.get(uriOf(root, left)), undefined, `${left} must not be analysed`);
    }
    assert.equal(result.filesWithFindings, 2);
    assert.deepEqual(result.counts, { error: 2, warning: 0, info: 0 });
    assert.equal(result.skipped, 1, 'generated/keys.js is skipped by ignorePaths');
  });

  it('traces a template to the handler that renders it, from files nobody opened', async () => {
    const root = workspace({
      'routes/user.js': "app.post('/bio', (req, res) => res.render('profile', { bio: req.body.bio }));\n",
      'views/profile.ejs': '<p><%- bio %></p>\n',
    });
    await start(root);
    await lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, {});
    const diagnostics = published.get(uriOf(root, 'views/profile.ejs'))?.diagnostics ?? [];
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['template-unescaped-output', 1]]);
    assert.match(String(diagnostics[0]!.message), /routes\/user\.js:1/);
  });

  it('clears a file fixed since the last scan, and exports SARIF and escaped HTML without secrets', async () => {
    const root = workspace({ 'src/app.js': KEY, 'src/<b>odd name</b>.js': KEY });
    await start(root);
    await lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, {});
    const report = await lsp.client.sendRequest(EXPORT_REPORT_REQUEST) as ExportReportResult;
    assert.equal(report.available, true);
    assert.equal(report.findings, 2);
    const sarif = JSON.parse(report.sarif) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0]!.results.map((r) => r.ruleId), ['aws-access-key-id', 'aws-access-key-id']);
    assert.ok(report.html.includes('src/&lt;b&gt;odd name&lt;/b&gt;.js'));
    assert.ok(!report.html.includes('<b>odd'));
    assert.ok(!report.html.includes('AKIAZ7QXS4D2L5RVN3KB') && !report.sarif.includes('AKIAZ7QXS4D2L5RVN3KB'));

    writeFileSync(join(root, 'src/app.js'), 'module.exports = process.env.AWS_ACCESS_KEY_ID;\n');
    await lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, {});
    assert.deepEqual(codes(root, 'src/app.js'), []);
    assert.deepEqual(codes(root, 'src/<b>odd name</b>.js'), ['aws-access-key-id']);
  });

  it('answers other requests while a big scan runs, and stops when cancelled', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`pkg${i % 30}/file${i}.js`] = `// file ${i}\nconst crypto = require('node:crypto');\nmodule.exports = (d) => crypto.createHash('sha256').update(d).digest('hex');\n`;
    const root = workspace(files);
    await start(root);
    const source = new CancellationTokenSource();
    const order: string[] = [];
    let total = 0;
    let cancelledAt = 0;
    lsp.client.onNotification(SCAN_PROGRESS_NOTIFICATION, (p: ScanProgressParams) => {
      total = p.total;
      if (p.done > 0 && order.length === 0) {
        order.push('scan running');
        // A request sent mid-scan is answered before the scan ends: the server is not blocked.
        void lsp.hover(uriOf(root, 'pkg0/file0.js'), { line: 0, character: 0 }).then(() => {
          order.push('hover answered');
          cancelledAt = p.done;
          source.cancel();
        });
      }
    });
    const result = await lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, {}, source.token).then(
      (r) => r as ScanWorkspaceResult,
      () => undefined,
    );
    order.push('scan ended');
    assert.deepEqual(order, ['scan running', 'hover answered', 'scan ended']);
    assert.equal(total, 3000);
    assert.ok(cancelledAt < 3000);
    // The server answers a cancelled scan with what it did so far.
    assert.ok(result, 'a cancelled scan still answers');
    assert.equal(result.cancelled, true);
    assert.ok(result.files < 3000, `stopped early: ${result.files}`);
  });
});
