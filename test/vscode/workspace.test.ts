import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ScanWorkspaceResult } from '../../server/src/scanProtocol';
import { activateWarden, codeOf, fileIn, openWithFindings, waitForDiagnostics, wardenDiagnostics } from './helpers';

describe('Warden across the workspace', () => {
  before(async () => {
    await activateWarden();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('re-analyses open editors as soon as the team ruleset is edited', async () => {
    const planted = fileIn('src', 'planted.js');
    await openWithFindings(planted, 3);
    const rulesetDoc = await vscode.workspace.openTextDocument(fileIn('.warden', 'ruleset.yaml'));
    const editor = await vscode.window.showTextDocument(rulesetDoc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    const original = rulesetDoc.getText();
    await editor.edit((b) => b.insert(new vscode.Position(rulesetDoc.lineCount, 0), 'rules:\n  weak-hash: "off"\n'));
    // Unsaved edits count: the open planted file loses its weak-hash finding without a save.
    const off = await waitForDiagnostics(planted, (ds) => ds.length > 0 && !ds.some((d) => codeOf(d) === 'weak-hash'), 'weak-hash to be switched off');
    assert.deepEqual(off.map(codeOf).sort(), ['aws-access-key-id', 'tls-verification-disabled']);
    await vscode.window.showTextDocument(rulesetDoc, { preview: false, viewColumn: editor.viewColumn });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(rulesetDoc.isDirty, false);
    assert.equal(rulesetDoc.getText(), original);
    await waitForDiagnostics(planted, (ds) => ds.some((d) => codeOf(d) === 'weak-hash'), 'weak-hash to come back after the edit is reverted');
  });

  it('"Scan workspace" reports files nobody opened and leaves out excludes, files.exclude and ignorePaths', async () => {
    const result = await vscode.commands.executeCommand<ScanWorkspaceResult>('warden.scanWorkspace', { quiet: true });
    assert.ok(result, 'the scan returns its summary');
    assert.equal(result.cancelled, false);
    const neverOpened = fileIn('scan', 'deep', 'settings.py');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === neverOpened.toString()));
    const found = await waitForDiagnostics(neverOpened, (ds) => ds.length > 0, 'scan findings in a file nobody opened');
    assert.deepEqual(found.map(codeOf), ['hardcoded-password']);
    assert.equal(found[0]!.range.start.line, 2);
    const planted = await waitForDiagnostics(fileIn('src', 'planted.js'), (ds) => ds.length === 3, 'scan findings in src/planted.js');
    assert.equal(planted.length, 3);
    for (const left of ['excluded', 'generated', 'hidden']) {
      assert.deepEqual(wardenDiagnostics(fileIn(left, 'keys.js')), [], `${left}/keys.js must not be analysed`);
    }
    assert.ok(result.counts.error >= 3, `errors counted: ${JSON.stringify(result)}`);
    assert.ok(result.files >= 3);
  });

  it('"Export report" writes SARIF and a readable HTML report without secrets', async () => {
    const target = fileIn('report-out');
    await vscode.workspace.fs.createDirectory(target);
    const written = await vscode.commands.executeCommand<{ sarif: vscode.Uri; html: vscode.Uri }>('warden.exportReport', target);
    assert.ok(written, 'the export returns the files it wrote');
    const sarif = JSON.parse(readFileSync(written.sarif.fsPath, 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const where = sarif.runs[0]!.results.map((r) => `${r.ruleId}@${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`);
    for (const expected of ['aws-access-key-id@src/planted.js:5', 'weak-hash@src/planted.js:8', 'hardcoded-password@scan/deep/settings.py:3']) {
      assert.ok(where.includes(expected), `${expected} missing from ${where.join(', ')}`);
    }
    assert.ok(!where.some((w) => /@(excluded|generated|hidden)\//.test(w)), 'left-out files are not in the report');
    const html = readFileSync(written.html.fsPath, 'utf8');
    assert.match(html, /<h1>Warden report<\/h1>/);
    assert.match(html, /src\/planted\.js/);
    assert.ok(!html.includes('AKIAZ7QXS4D2L5RVN3KB') && !html.includes('q7Rk2Lm9Tz4Wx'), 'the report never contains a secret');
    assert.ok(!readFileSync(written.sarif.fsPath, 'utf8').includes('AKIAZ7QXS4D2L5RVN3KB'));
  });
});
