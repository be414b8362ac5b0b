import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lsp';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import type { DiagnosticData, SuppressArgs } from '../../server/src/protocol';

const PLANTED = [
  "const accessKeyId = 'AKIAZ7QXS4D2L5RVN3KB';",
  "const agent = new https.Agent({ rejectUnauthorized: false });",
  "const digest = crypto.createHash('md5').update(data).digest('hex');",
  'eval(userInput);',
  '',
].join('\n');

describe('language server over in-memory streams', () => {
  let lsp: LspHarness;
  let dir: string;
  let uri: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-lsp-'));
    uri = pathToFileURL(join(dir, 'app.js')).toString();
    lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(dir).toString());
  });

  afterEach(async () => {
    await lsp.shutdown();
  });

  it('advertises text sync, quick fixes, fix-all and hover', async () => {
    const fresh = new LspHarness();
    const result = await fresh.initialize(null);
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual((result.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.warden']);
    await fresh.shutdown();
  });

  it('publishes one diagnostic per planted issue with rule id, source, range and data', async () => {
    const { diagnostics, version } = await lsp.open(uri, PLANTED, 'javascript');
    assert.equal(version, 1);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [
      ['aws-access-key-id', 0, 21, 41],
      ['tls-verification-disabled', 1, 52, 57],
      ['weak-hash', 2, 33, 38],
      ['eval-non-literal', 3, 0, 15],
    ]);
    for (const d of diagnostics) {
      assert.equal(d.source, 'warden');
      const data = d.data as DiagnosticData;
      assert.equal(data.ruleId, d.code);
      assert.equal(data.version, 1);
      assert.match(data.fingerprint, /^[0-9a-f]{20}$/);
    }
    assert.ok(!String(diagnostics[0]!.message).includes('AKIAZ7QXS4D2L5RVN3KB'), 'the secret is masked');
  });

  it('sends the findings status when it changed, not after every keystroke', async () => {
    const statuses = () => lsp.notifications.filter((n) => n.method === 'warden/status').map((n) => (n.params as { counts: unknown }).counts);
    await lsp.open(uri, PLANTED, 'javascript');
    // A space typed after the last line (the same findings), then the eval removed (one warning fewer).
    const spaced = lsp.edit(uri, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: ' ' }]);
    await lsp.nextDiagnostics(uri, spaced);
    const fixed = lsp.edit(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 15 } }, newText: 'run(userInput)' }]);
    await lsp.nextDiagnostics(uri, fixed);
    // The status follows its version's diagnostics: wait for the last one's.
    for (let i = 0; i < 200 && statuses().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(statuses(), [{ error: 2, warning: 1, info: 1 }, { error: 2, warning: 0, info: 1 }]);
  });

  it('applies the preferred fix and the diagnostic clears', async () => {
    const { diagnostics } = await lsp.open(uri, PLANTED, 'javascript');
    const tls = diagnostics.find((d) => d.code === 'tls-verification-disabled')!;
    const actions = await lsp.codeActions(uri, [tls]);
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.equal(preferred.title, 'Turn certificate verification back on');
    const version = lsp.applyEdit(uri, preferred.edit!);
    const after = await lsp.nextDiagnostics(uri, version);
    assert.ok(lsp.text(uri).includes('rejectUnauthorized: true'));
    assert.ok(!after.diagnostics.some((d) => d.code === 'tls-verification-disabled'));
    assert.equal(after.diagnostics.length, diagnostics.length - 1);
  });

  it('offers fix, suppress-with-reason and open-lesson for a finding', async () => {
    const { diagnostics } = await lsp.open(uri, PLANTED, 'javascript');
    const hash = diagnostics.find((d) => d.code === 'weak-hash')!;
    const actions = await lsp.codeActions(uri, [hash]);
    assert.deepEqual(actions.map((a) => a.title), [
      'Use SHA-256',
      'Suppress weak-hash on this line with a reason…',
      'Open the lesson for weak-hash',
    ]);
    const suppress = actions[1]!.command!.arguments![0] as SuppressArgs;
    assert.deepEqual(suppress, { uri, line: 2, ruleId: 'weak-hash', commentPrefix: '// ', commentSuffix: '' });
  });

  it('a suppression with a reason silences the finding; one without a reason is reported', async () => {
    await lsp.open(uri, PLANTED, 'javascript');
    let version = lsp.change(uri, PLANTED.replace('eval(', '// warden-ignore eval-non-literal -- sandboxed test harness\neval('));
    let after = await lsp.nextDiagnostics(uri, version);
    assert.ok(!after.diagnostics.some((d) => d.code === 'eval-non-literal'));
    assert.ok(!after.diagnostics.some((d) => String(d.code).startsWith('warden-suppression')));

    version = lsp.change(uri, PLANTED.replace('eval(userInput);', 'eval(userInput); // warden-ignore eval-non-literal'));
    after = await lsp.nextDiagnostics(uri, version);
    assert.deepEqual(after.diagnostics.filter((d) => ['eval-non-literal', 'warden-suppression-reason'].includes(String(d.code))).map((d) => d.code),
      ['eval-non-literal', 'warden-suppression-reason']);
  });

  it('fix-all applies every safe fix in one edit', async () => {
    await lsp.open(uri, PLANTED, 'javascript');
    const [fixAll] = await lsp.codeActions(uri, [], ['source.fixAll']);
    assert.equal(fixAll?.kind, 'source.fixAll.warden');
    const version = lsp.applyEdit(uri, fixAll!.edit!);
    const after = await lsp.nextDiagnostics(uri, version);
    assert.deepEqual(after.diagnostics.map((d) => d.code), ['eval-non-literal']);
    assert.ok(lsp.text(uri).includes("accessKeyId = process.env.ACCESS_KEY_ID;"));
    assert.ok(lsp.text(uri).includes("createHash('sha256')"));
  });

  it('the environment fix also adds NAME= (never the value) to .env.example', async () => {
    const { diagnostics } = await lsp.open(uri, PLANTED, 'javascript');
    const aws = diagnostics.find((d) => d.code === 'aws-access-key-id')!;
    const [fix] = await lsp.codeActions(uri, [aws]);
    const changes = fix!.edit!.documentChanges!;
    const example = pathToFileURL(join(dir, '.env.example')).toString();
    assert.deepEqual(changes.filter((c) => 'kind' in c), [{ kind: 'create', uri: example, options: { ignoreIfExists: true } }]);
    const append = changes.find((c) => 'textDocument' in c && c.textDocument.uri === example) as { edits: { newText: string }[] };
    assert.equal(append.edits[0]!.newText, 'ACCESS_KEY_ID=\n');
    assert.ok(!JSON.stringify(changes).includes('AKIAZ7QXS4D2L5RVN3KB') || JSON.stringify(changes).split('AKIAZ7QXS4D2L5RVN3KB').length === 1);
  });

  it('does not offer actions computed for an older version', async () => {
    const { diagnostics } = await lsp.open(uri, PLANTED, 'javascript');
    const version = lsp.change(uri, `\n${PLANTED}`);
    await lsp.nextDiagnostics(uri, version);
    const actions: CodeAction[] = await lsp.codeActions(uri, diagnostics as Diagnostic[]);
    assert.deepEqual(actions, []);
  });

  it('hover shows the message, why, the secure alternative and links', async () => {
    await lsp.open(uri, PLANTED, 'javascript');
    const hover = await lsp.hover(uri, { line: 2, character: 35 });
    const value = (hover!.contents as { value: string }).value;
    assert.match(value, /MD5/);
    assert.match(value, /\*Instead:\*/);
    assert.match(value, /CWE-328/);
  });

  it('settings are pulled per resource: threshold, exclude and enable', async () => {
    await lsp.open(uri, PLANTED, 'javascript');
    await lsp.changeSettings({ severityThreshold: 'error' });
    let after = await lsp.nextDiagnostics(uri);
    assert.ok(!after.diagnostics.some((d) => d.code === 'weak-hash' || d.code === 'eval-non-literal'), 'warnings hidden below the threshold');
    assert.ok(after.diagnostics.some((d) => d.code === 'tls-verification-disabled'));

    await lsp.changeSettings({ exclude: ['*.js'] });
    after = await lsp.nextDiagnostics(uri);
    assert.deepEqual(after.diagnostics, []);

    await lsp.changeSettings({ enable: false });
    after = await lsp.nextDiagnostics(uri);
    assert.deepEqual(after.diagnostics, []);

    await lsp.changeSettings({});
    after = await lsp.nextDiagnostics(uri);
    assert.equal(after.diagnostics.length, 4);
  });

  it('over the size limit runs only the credential rules, with one informational diagnostic saying so', async () => {
    await lsp.changeSettings({ maxFileSizeKB: 1 });
    const big = `${PLANTED}\n${'// padding\n'.repeat(200)}`;
    const { diagnostics } = await lsp.open(uri, big, 'javascript');
    const skipped = diagnostics.filter((d) => d.code === 'warden-skipped');
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.severity, 3);
    assert.match(String(skipped[0]!.message), /only its credential rules.*over the 1 KB limit/);
    const others = diagnostics.filter((d) => d.code !== 'warden-skipped').map((d) => String(d.code));
    assert.ok(others.length > 0 && others.every((id) => BUILTIN_CATALOG.textRules.find((r) => r.id === id)?.category === 'credentials'), others.join());
  });

  it('the newest version wins when edits arrive in a burst', async () => {
    await lsp.open(uri, 'const a = 1;\n', 'javascript');
    let last = 0;
    for (let i = 0; i < 50; i++) last = lsp.change(uri, i % 2 === 0 ? PLANTED : 'const a = 1;\n');
    const final = await lsp.nextDiagnostics(uri, last);
    assert.equal(final.version, last);
    assert.deepEqual(final.diagnostics, []);
  });

  it('clears diagnostics when a document closes', async () => {
    await lsp.open(uri, PLANTED, 'javascript');
    const cleared = lsp.nextDiagnostics(uri);
    lsp.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('analyses non-JS files with text rules', async () => {
    const env = pathToFileURL(join(dir, 'settings.py')).toString();
    writeFileSync(join(dir, 'settings.py'), '');
    const { diagnostics } = await lsp.open(env, 'DB_PASSWORD = "kX9#mQ2$vL7pW"\n', 'python');
    assert.deepEqual(diagnostics.map((d) => d.code), ['hardcoded-password']);
    const [fix] = await lsp.codeActions(env, diagnostics);
    const version = lsp.applyEdit(env, fix!.edit!);
    await lsp.nextDiagnostics(env, version);
    assert.equal(lsp.text(env), 'DB_PASSWORD = os.environ["DB_PASSWORD"]\n');
  });
});

describe('the server log line naming the JS/TS parser', () => {
  it('comes once, after the first file\'s diagnostics: asked for earlier, the parser made that file wait for the parse thread to load', async () => {
    const lsp = new LspHarness();
    const said: number[] = [];
    lsp.client.onNotification('window/logMessage', (p: { message: string }) => {
      if (/^Warden parses JavaScript and TypeScript with /.test(p.message)) said.push(lsp.history.length);
    });
    await lsp.initialize();
    const first = await lsp.open('file:///tmp/warden-parser-line/a.ts', "const digest = crypto.createHash('md5').update(data).digest('hex');\n", 'typescript');
    assert.ok(first.diagnostics.some((d) => d.code === 'weak-hash'));
    assert.deepEqual(said, [], 'not before the first diagnostics');
    while (said.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await lsp.open('file:///tmp/warden-parser-line/b.ts', 'eval(userInput);\n', 'typescript');
    assert.deepEqual(said, [1], 'once, after the first publish');
    await lsp.shutdown();
  });

  it('comes without any document too, once the server has been idle a moment', async () => {
    const lsp = new LspHarness();
    const said = new Promise<string>((resolve) => {
      lsp.client.onNotification('window/logMessage', (p: { message: string }) => {
        if (/parses JavaScript/.test(p.message)) resolve(p.message);
      });
    });
    await lsp.initialize();
    assert.match(await said, /^Warden parses JavaScript and TypeScript with (oxc-parser|@typescript-eslint\/typescript-estree) /);
    await lsp.shutdown();
  });
});
