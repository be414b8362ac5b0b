import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DrillProgress } from '../../client/src/drill';
import {
  activateWarden, codeOf, fileIn, openWithFindings, screenshot, waitFor, waitForDiagnostics,
} from './helpers';

let extensionPath = '';

describe('Onboarding: snippets, walkthrough, drill, screenshots', () => {
  before(async () => {
    extensionPath = (await activateWarden()).extensionPath;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('inserts a contributed snippet by name, and the inserted code adds no finding', async () => {
    const uri = fileIn('scratch', 'snippet', 'app.js');
    await vscode.workspace.fs.writeFile(uri, Buffer.from("const legacyKey = 'AKIAZ7QXS4D2L5RVN3KB';\n"));
    const { editor } = await openWithFindings(uri, 1);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'javascript', name: 'Secret from the environment' });
    const text = editor.document.getText();
    assert.match(text, /^const apiKey = process\.env\.API_KEY;\nif \(!apiKey\) \{/);
    const inserted = text.split('\n').findIndex((l) => l.includes('AKIA'));
    assert.ok(inserted > 0);
    // The planted line moved down by the snippet's height, and it is still the only finding.
    const after = await waitForDiagnostics(uri, (ds) => ds.length > 0 && ds.every((d) => d.range.start.line === inserted), 'the planted finding to move below the snippet');
    assert.deepEqual(after.map(codeOf), ['aws-access-key-id']);
  });

  it('contributes a walkthrough whose steps all have their page, and it opens', async () => {
    const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: { id: string; steps: { id: string; media: { markdown?: string } }[] }[] };
    };
    const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'gettingStarted');
    assert.ok(walkthrough && walkthrough.steps.length >= 4);
    for (const step of walkthrough.steps) assert.ok(step.media.markdown && existsSync(join(extensionPath, step.media.markdown)), `${step.id} page`);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'warden.warden#gettingStarted', false);
    const tab = await waitFor(
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.label.match(/welcome|walkthrough|warden/i) ? vscode.window.tabGroups.activeTabGroup.activeTab : undefined,
      (listener) => vscode.window.tabGroups.onDidChangeTabs(listener),
      () => `the walkthrough tab; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`,
    );
    assert.ok(tab);
    await screenshot('walkthrough');
  });

  it('runs a security drill: planted issues from the effective rules, suppressing does not count, fixing does', async () => {
    const root = fileIn('drill');
    const start = await vscode.commands.executeCommand<DrillProgress>('warden.startDrill', root);
    assert.ok(start, 'the drill starts in the current workspace');
    assert.ok(start.total >= 4, `planted ${start.total}`);
    // Drawn from the effective rules: the ruleset ignores drill/worker/**, so its exercise is gone.
    assert.ok(!start.remaining.some((r) => r.file.startsWith('worker/')), JSON.stringify(start.remaining));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(root, 'worker', 'settings.py'))));
    assert.equal(start.fixed, 0);
    assert.equal(start.done, false);
    const progress = () => vscode.commands.executeCommand<DrillProgress>('warden.drillProgress') as Thenable<DrillProgress>;

    // Suppress the first one: the finding goes, but the drill still counts it as to do.
    const first = start.remaining[0]!;
    const firstUri = vscode.Uri.joinPath(root, first.file);
    const doc = await vscode.workspace.openTextDocument(firstUri);
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(firstUri, (ds) => ds.some((d) => codeOf(d) === first.ruleId), `${first.ruleId} in ${first.file}`);
    const line = vscode.languages.getDiagnostics(firstUri).find((d) => codeOf(d) === first.ruleId)!.range.start.line;
    const comment = first.file.endsWith('.py') ? '#' : '//';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(firstUri, new vscode.Position(line, 0), `${comment} warden-ignore ${first.ruleId} -- drill practice\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(firstUri, (ds) => !ds.some((d) => codeOf(d) === first.ruleId), 'the suppressed finding to go');
    const suppressed = await progress();
    assert.equal(suppressed.suppressed, 1);
    assert.equal(suppressed.done, false);

    // Now fix every planted issue for real: the safe fixes where there are some, by hand elsewhere.
    const byHand: Record<string, [RegExp, string]> = {
      'eval-non-literal': [/eval\(rule\.replace\('total', String\(total\)\)\)/, 'RULES[rule](total)'],
      'sql-injection': [/"SELECT id FROM users WHERE name = '" \+ req\.query\.name \+ "'"/, "'SELECT id FROM users WHERE name = $1', [req.query.name]"],
    };
    for (const p of start.remaining) {
      const uri = vscode.Uri.joinPath(root, p.file);
      const d = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(d);
      const text = d.getText().replace(/^.*warden-ignore.*\n/m, '');
      const replacement = byHand[p.ruleId];
      const whole = new vscode.WorkspaceEdit();
      whole.replace(uri, new vscode.Range(0, 0, d.lineCount, 0), replacement ? text.replace(replacement[0], replacement[1]) : text);
      assert.ok(await vscode.workspace.applyEdit(whole));
      if (!replacement) {
        const found = await waitForDiagnostics(uri, (ds) => ds.some((x) => codeOf(x) === p.ruleId), `${p.ruleId} back in ${p.file}`);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, found[0]!.range, vscode.CodeActionKind.QuickFix.value);
        const fix = actions?.find((a) => a.isPreferred && a.edit);
        assert.ok(fix?.edit, `a safe fix for ${p.ruleId}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
      }
      await d.save();
      await waitForDiagnostics(uri, (ds) => !ds.some((x) => codeOf(x) === p.ruleId), `${p.ruleId} fixed in ${p.file}`);
    }
    const done = await progress();
    assert.deepEqual(done.remaining, []);
    assert.equal(done.fixed, start.total);
    assert.equal(done.done, true);
  });

  it('screenshots the Problems panel and a hover for people to look at', async () => {
    const uri = fileIn('src', 'planted.js');
    const { editor, diagnostics } = await openWithFindings(uri, 3);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems-panel');
    const weak = diagnostics.find((d) => codeOf(d) === 'weak-hash')!;
    editor.selection = new vscode.Selection(weak.range.start, weak.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover');
  });
});
