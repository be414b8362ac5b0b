import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { lessonFor } from '../../server/src/lessons';
import {
  activateWarden, codeOf, describe as show, fileIn, openWithFindings, screenshot, waitFor, waitForDiagnostics, waitForText, wardenDiagnostics,
} from './helpers';

/** What `src/planted.js` must produce: rule, 0-based range, severity. */
const PLANTED = [
  { code: 'aws-access-key-id', range: [4, 21, 4, 41], severity: vscode.DiagnosticSeverity.Error },
  { code: 'weak-hash', range: [7, 27, 7, 32], severity: vscode.DiagnosticSeverity.Warning },
  { code: 'tls-verification-disabled', range: [10, 52, 10, 57], severity: vscode.DiagnosticSeverity.Error },
] as const;

let extensionPath = '';

/** A private copy of the planted file, so each scenario edits its own document. */
async function plantedCopy(name: string): Promise<vscode.Uri> {
  const target = fileIn('scratch', name, 'planted.js');
  await vscode.workspace.fs.copy(fileIn('src', 'planted.js'), target, { overwrite: true });
  return target;
}

async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic, kind = vscode.CodeActionKind.QuickFix.value): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, diagnostic.range, kind,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

function find(diagnostics: vscode.Diagnostic[], code: string): vscode.Diagnostic {
  const d = diagnostics.find((x) => codeOf(x) === code);
  assert.ok(d, `no ${code} among ${diagnostics.map(show).join(', ')}`);
  return d;
}

describe('Warden in a real VS Code', () => {
  before(async () => {
    extensionPath = (await activateWarden()).extensionPath;
    // With --vsix/--package the launcher installs the package: Warden must then run from the
    // extensions folder, not from this checkout, or the run would prove nothing about the .vsix.
    const checkout = join(__dirname, '..', '..', '..');
    if (process.env.WARDEN_VSCODE_MODE === 'vsix') assert.ok(!extensionPath.startsWith(checkout), `Warden ran from ${extensionPath}`);
    else if (process.env.WARDEN_VSCODE_MODE === 'development') assert.equal(extensionPath, checkout);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the planted findings with their rule codes, exact ranges, severities and lesson links', async () => {
    const uri = fileIn('src', 'planted.js');
    const { diagnostics } = await openWithFindings(uri, PLANTED.length);
    assert.deepEqual(diagnostics.map(show).sort(), PLANTED.map((p) => `${p.code}@${p.range[0]}:${p.range[1]}-${p.range[2]}:${p.range[3]}`).sort());
    for (const p of PLANTED) {
      const d = find(diagnostics, p.code);
      assert.equal(d.severity, p.severity, `${p.code} severity`);
      assert.match(d.message, /\S/);
      assert.doesNotMatch(d.message, /AKIAZ7QXS4D2L5RVN3KB/, 'a message never repeats the secret');
      // The link is the bundled lesson when there is one; VS Code shows it as a clickable code.
      const lesson = join(extensionPath, 'lessons', `${p.code}.md`);
      if (existsSync(lesson)) {
        assert.equal(typeof d.code, 'object', `${p.code} has a lesson, so its code must carry a link`);
        assert.equal((d.code as { target: vscode.Uri }).target.toString(), pathToFileURL(lesson).toString());
      } else {
        assert.equal(d.code, p.code, `${p.code} has no lesson, so its code carries no link`);
      }
    }
  });

  it('replaces MD5 with SHA-256 through the quick fix and the finding clears', async () => {
    const uri = await plantedCopy('weak-hash');
    const { editor, diagnostics } = await openWithFindings(uri, PLANTED.length);
    const actions = await quickFixes(uri, find(diagnostics, 'weak-hash'));
    const fix = actions.find((a) => a.title === 'Use SHA-256');
    assert.ok(fix?.edit, `no "Use SHA-256" among ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.lineAt(7).text, /createHash\('sha256'\)/);
    const after = await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'weak-hash'), 'weak-hash to clear');
    assert.deepEqual(after.map(codeOf).sort(), ['aws-access-key-id', 'tls-verification-disabled']);
  });

  it('moves the AWS key to the environment and records the name in .env.example', async () => {
    const uri = await plantedCopy('env-fix');
    const { editor, diagnostics } = await openWithFindings(uri, PLANTED.length);
    const actions = await quickFixes(uri, find(diagnostics, 'aws-access-key-id'));
    const fix = actions.find((a) => /environment variable/.test(a.title));
    assert.ok(fix?.edit, `no environment fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const line = editor.document.lineAt(4).text;
    assert.doesNotMatch(line, /AKIA/);
    assert.match(line, /process\.env\.[A-Z_]+/);
    const name = /process\.env\.([A-Z_]+)/.exec(line)![1]!;
    const example = (await vscode.workspace.openTextDocument(fileIn('scratch', 'env-fix', '.env.example'))).getText();
    assert.match(example, new RegExp(`^${name}=`, 'm'));
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'aws-access-key-id'), 'the AWS finding to clear');
  });

  it('turns TLS verification back on through the quick fix', async () => {
    const uri = await plantedCopy('tls-fix');
    const { editor, diagnostics } = await openWithFindings(uri, PLANTED.length);
    const actions = await quickFixes(uri, find(diagnostics, 'tls-verification-disabled'));
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix?.edit, `no preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.doesNotMatch(editor.document.lineAt(10).text, /rejectUnauthorized:\s*false/);
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'tls-verification-disabled'), 'the TLS finding to clear');
  });

  it('fixes every fixable finding at once with source.fixAll.warden', async () => {
    const uri = await plantedCopy('fix-all');
    await openWithFindings(uri, PLANTED.length);
    const doc = await vscode.workspace.openTextDocument(uri);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.warden');
    const fixAll = actions?.find((a) => a.kind?.value === 'source.fixAll.warden');
    assert.ok(fixAll?.edit, 'no source.fixAll.warden action');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'every finding to clear after fix-all');
  });

  it('suppresses a finding with a reason: a valid comment above the line, and the finding goes away', async () => {
    const uri = await plantedCopy('suppress');
    const { editor, diagnostics } = await openWithFindings(uri, PLANTED.length);
    const actions = await quickFixes(uri, find(diagnostics, 'tls-verification-disabled'));
    const suppress = actions.find((a) => a.command?.command === 'warden.suppress');
    assert.ok(suppress?.command, `no suppress action among ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.commands.executeCommand(suppress.command.command, ...(suppress.command.arguments ?? []));
    await waitForText(editor.document, (t) => t.includes('warden-ignore'), 'the suppression comment');
    assert.equal(editor.document.lineAt(10).text, '// warden-ignore tls-verification-disabled -- why this is safe');
    // The snippet leaves the placeholder selected: typing replaces it with the real reason.
    assert.equal(editor.document.getText(editor.selection), 'why this is safe');
    await editor.edit((b) => b.replace(editor.selection, 'local mock server with a self-signed certificate, tests only'));
    assert.equal(editor.document.lineAt(10).text, '// warden-ignore tls-verification-disabled -- local mock server with a self-signed certificate, tests only');
    const after = await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'tls-verification-disabled'), 'the suppressed finding to go');
    assert.deepEqual(after.map(codeOf).sort(), ['aws-access-key-id', 'weak-hash'], 'the comment is valid: no warden-suppression-* finding');
  });

  it('explains a finding on hover with the lesson summary or rule description and what to do instead', async () => {
    const uri = fileIn('src', 'planted.js');
    const { diagnostics } = await openWithFindings(uri, PLANTED.length);
    const d = find(diagnostics, 'weak-hash');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start);
    const text = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    const meta = compileRuleset({}, BUILTIN_CATALOG).meta('weak-hash');
    assert.ok(meta, 'weak-hash is a built-in rule');
    assert.match(text, /\*\*Warden: .*\*\* `weak-hash`/);
    const why = lessonFor('weak-hash', join(extensionPath, 'lessons'))?.summary ?? meta.description;
    assert.ok(text.includes(`*Why:* ${why}`), `hover lacks the explanation:\n${text}`);
    assert.ok(text.includes(`*Instead:* ${meta.recommendation}`), `hover lacks the recommendation:\n${text}`);
  });

  it('reports nothing on safe code in the same workspace', async () => {
    // Open the clean file next to a planted one; once the planted one is analysed, the clean one
    // (opened first, analysed first) has had its turn too.
    const clean = fileIn('src', 'clean.js');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(clean));
    const uri = await plantedCopy('sentinel');
    await openWithFindings(uri, PLANTED.length);
    assert.deepEqual(wardenDiagnostics(clean).map(show), []);
  });

  it('opens the bundled lesson from the "Open lesson" command', async function () {
    const lessons = join(extensionPath, 'lessons');
    const ids = [...BUILTIN_CATALOG.astRules.map((r) => r.meta.id), ...BUILTIN_CATALOG.textRules.map((r) => r.id)];
    const withLesson = ids.find((id) => existsSync(join(lessons, `${id}.md`)));
    if (!withLesson) this.skip(); // lessons/ is still empty in this checkout
    const title = lessonFor(withLesson!, lessons)!.title;
    await vscode.commands.executeCommand('warden.openLesson', withLesson);
    const tab = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.includes(title)),
      (listener) => vscode.window.tabGroups.onDidChangeTabs(listener),
      () => `a lesson tab; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`,
    );
    assert.ok(tab);
    await screenshot('lesson');
  });
});
