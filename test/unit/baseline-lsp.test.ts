import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lsp';
import { run } from '../helpers/cli';
import type { DiagnosticData } from '../../server/src/protocol';
import { SCAN_WORKSPACE_REQUEST, type ScanWorkspaceResult } from '../../server/src/scanProtocol';

const CODE = [
  "const h = crypto.createHash('md5');",
  'eval(req.body.code);',
  '',
].join('\n');

/** rule id : LSP severity (1 error … 4 hint) : baselined */
const shown = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)}:${d.severity}:${(d.data as DiagnosticData).baselined ? 'baselined' : 'new'}`).sort();

describe('baselined findings in the editor', () => {
  let dir: string;
  let lsp: LspHarness;
  let appUri: string;

  /** A project whose .warden/baseline.json (written by the CLI) holds CODE's findings. */
  async function start(settings: Record<string, unknown> = {}, ruleset?: string): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'warden-baseline-lsp-'));
    mkdirSync(join(dir, '.warden'));
    if (ruleset) writeFileSync(join(dir, '.warden', 'ruleset.yaml'), ruleset);
    writeFileSync(join(dir, 'app.js'), CODE);
    const written = await run(['baseline'], dir);
    assert.equal(written.code, 0, written.stderr);
    appUri = pathToFileURL(join(dir, 'app.js')).toString();
    lsp = new LspHarness();
    lsp.settings = settings;
    await lsp.initialize(pathToFileURL(dir).toString());
  }

  afterEach(async () => {
    await lsp.shutdown();
  });

  it('shows them as hints by default, marked in the message and the data; new findings stay as they are', async () => {
    await start();
    const { diagnostics } = await lsp.open(appUri, `// moved down\n${CODE}const again = crypto.createHash('md5');\n`, 'javascript');
    assert.deepEqual(shown(diagnostics), ['eval-non-literal:4:baselined', 'weak-hash:2:new', 'weak-hash:4:baselined']);
    const hint = diagnostics.find((d) => d.severity === 4 && d.code === 'weak-hash')!;
    assert.equal(hint.range.start.line, 1);
    assert.match(String(hint.message), /\(in the baseline: accepted when the baseline was written\)$/);
    // Code actions still work on a baselined finding.
    const actions = await lsp.codeActions(appUri, [hint]);
    assert.ok(actions.some((a) => /lesson/i.test(a.title)));
  });

  it('hides them with warden.baselinedFindings: hide, and shows them as usual with show', async () => {
    await start({ baselinedFindings: 'hide' });
    const hidden = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(hidden.diagnostics, []);
    const next = lsp.nextDiagnostics(appUri);
    await lsp.changeSettings({ baselinedFindings: 'show' });
    assert.deepEqual(shown((await next).diagnostics), ['eval-non-literal:1:new', 'weak-hash:2:new']);
  });

  it('reads the baseline the team ruleset names, and a rewritten baseline at the next analysis', async () => {
    await start({}, 'baseline: accepted.json\n');
    const first = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(shown(first.diagnostics), ['eval-non-literal:4:baselined', 'weak-hash:4:baselined']);
    // An empty baseline replaces it: the findings are new again once the file change is seen.
    writeFileSync(join(dir, '.warden', 'accepted.json'), '{"warden": "baseline", "version": 1, "findings": []}\n');
    const next = lsp.nextDiagnostics(appUri);
    void lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, '.warden', 'accepted.json')).toString(), type: 2 }] });
    assert.deepEqual(shown((await next).diagnostics), ['eval-non-literal:1:new', 'weak-hash:2:new']);
  });

  it('applies to the workspace scan too: hints, not counted as findings', async () => {
    await start();
    writeFileSync(join(dir, 'new.js'), "const h2 = crypto.createHash('md5');\n");
    const newUri = pathToFileURL(join(dir, 'new.js')).toString();
    const published = new Map<string, Diagnostic[]>();
    lsp.client.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => void published.set(p.uri, p.diagnostics));
    const result = await lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, {}) as ScanWorkspaceResult;
    assert.deepEqual(shown(published.get(appUri) ?? []), ['eval-non-literal:4:baselined', 'weak-hash:4:baselined']);
    assert.deepEqual(shown(published.get(newUri) ?? []), ['weak-hash:2:new']);
    assert.deepEqual(result.counts, { error: 0, warning: 1, info: 0 });
  });
});
