import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateWarden, codeOf, fileIn, openWithFindings, screenshot, waitFor, waitForDiagnostics, wardenDiagnostics } from './helpers';

describe('Team ruleset in VS Code', () => {
  before(async () => {
    await activateWarden();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('marks a broken team ruleset on the offending line and keeps the last good ruleset in force', async () => {
    const planted = fileIn('src', 'planted.js');
    const before = (await openWithFindings(planted, 3)).diagnostics.map(codeOf).sort();
    const rulesetUri = fileIn('.warden', 'ruleset.yaml');
    const doc = await vscode.workspace.openTextDocument(rulesetUri);
    const original = doc.getText();
    const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount, 0), 'rules:\n  weak-hsh: "off"\n'));
    const line = doc.getText().split('\n').findIndex((l) => l.includes('weak-hsh'));
    const problems = await waitForDiagnostics(rulesetUri, (ds) => ds.some((d) => codeOf(d) === 'warden-ruleset'), 'a diagnostic on the ruleset file');
    const problem = problems.find((d) => codeOf(d) === 'warden-ruleset')!;
    assert.equal(problem.range.start.line, line);
    assert.match(problem.message, /unknown rule id "weak-hsh"; did you mean "weak-hash"\?.*keeps using the last valid ruleset/);
    await screenshot('ruleset-error');
    assert.deepEqual(wardenDiagnostics(planted).map(codeOf).sort(), before, 'the last good ruleset still applies');
    // Put the original text back (the suite may auto-save, so "revert" is not enough) and save it.
    const restore = new vscode.WorkspaceEdit();
    restore.replace(rulesetUri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await doc.save();
    await waitForDiagnostics(rulesetUri, (ds) => !ds.some((d) => codeOf(d) === 'warden-ruleset'), 'the ruleset problem to clear after revert');
  });

  it('"Create team ruleset" opens the folder\'s existing ruleset instead of overwriting it', async () => {
    await vscode.commands.executeCommand('warden.createTeamRuleset');
    const editor = await waitFor(
      () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/.warden/ruleset.yaml') ? vscode.window.activeTextEditor : undefined),
      (listener) => vscode.window.onDidChangeActiveTextEditor(listener),
      () => `the ruleset in an editor; active: ${vscode.window.activeTextEditor?.document.uri.toString()}`,
    );
    assert.match(editor.document.getText(), /^# Team ruleset of the suite's workspace/);
  });

  it('"Open lesson" shows the bundled lesson in Warden\'s own webview', async () => {
    await vscode.commands.executeCommand('warden.openLesson', 'weak-hash');
    const tab = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('warden.lesson')),
      (listener) => vscode.window.tabGroups.onDidChangeTabs(listener),
      () => `a lesson webview; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`,
    );
    assert.equal(tab.label, 'Lesson: MD5 or SHA-1 used for hashing');
    await screenshot('lesson-webview');
  });

  it("the hover's lesson link opens the lesson in Warden's view", async () => {
    const uri = fileIn('src', 'planted.js');
    const { diagnostics } = await openWithFindings(uri, 3);
    const hash = diagnostics.find((d) => codeOf(d) === 'weak-hash')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, hash.range.start);
    const md = (hovers ?? []).flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => typeof c !== 'string' && 'isTrusted' in c && /\[Lesson\]/.test(c.value));
    assert.ok(md, 'a hover with a lesson link');
    const link = /\[Lesson\]\((command:[^)]+)\)/.exec(md.value)?.[1];
    assert.ok(link, md.value);
    assert.deepEqual(md.isTrusted, { enabledCommands: ['warden.openLesson'] });
    const [command, args] = [link.slice('command:'.length, link.indexOf('?')), JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))) as string[]];
    await vscode.commands.executeCommand(command, ...args);
    await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Lesson: MD5 or SHA-1 used for hashing'),
      (listener) => vscode.window.tabGroups.onDidChangeTabs(listener),
      () => 'the lesson webview',
    );
  });
});
