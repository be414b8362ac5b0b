import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lsp';
import type { SuppressArgs } from '../../server/src/protocol';
import { sha256 } from '../../server/src/ruleset/load';
import { WorkspaceRulesetProvider, WORKSPACE_TRUSTED_NOTIFICATION } from '../../server/src/ruleset/provider';

const CODE = [
  "const h = crypto.createHash('md5');",
  'eval(userInput);',
  '',
].join('\n');

const codes = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)}:${d.severity}`).sort();

describe('team ruleset over LSP', () => {
  let dir: string;
  let lsp: LspHarness;
  let appUri: string;
  let rulesetFile: string;
  let rulesetUri: string;

  async function start(ruleset: string | undefined, provider?: WorkspaceRulesetProvider, init: Record<string, unknown> = {}): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'warden-rs-lsp-'));
    mkdirSync(join(dir, '.warden'));
    rulesetFile = join(dir, '.warden', 'ruleset.yaml');
    rulesetUri = pathToFileURL(rulesetFile).toString();
    if (ruleset !== undefined) writeFileSync(rulesetFile, ruleset);
    appUri = pathToFileURL(join(dir, 'app.js')).toString();
    lsp = new LspHarness(provider ? { rulesetProvider: provider } : {});
    await lsp.initialize(pathToFileURL(dir).toString(), init);
  }

  afterEach(async () => {
    await lsp.shutdown();
  });

  it("applies the folder's .warden/ruleset.yaml", async () => {
    await start('rules:\n  weak-hash: off\n  eval-non-literal: info\n');
    const { diagnostics } = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(codes(diagnostics), ['eval-non-literal:3']);
  });

  it('applies unsaved edits to the open ruleset at once, and keeps the last good ruleset while it is broken', async () => {
    await start('rules:\n  weak-hash: off\n');
    const first = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(codes(first.diagnostics), ['eval-non-literal:2']);

    const ownDiagnostics = lsp.open(rulesetUri, 'rules:\n  weak-hash: off\n', 'yaml');
    assert.deepEqual((await ownDiagnostics).diagnostics, []);

    // Broken: an unknown rule id. The ruleset file gets a diagnostic on the right line; app.js keeps the last good ruleset.
    const broken = lsp.nextDiagnostics(rulesetUri, 2);
    lsp.change(rulesetUri, 'rules:\n  weak-hash: off\n  eval-non-literl: off\n');
    const problem = (await broken).diagnostics;
    assert.equal(problem.length, 1);
    assert.equal(problem[0]!.code, 'warden-ruleset');
    assert.equal(problem[0]!.range.start.line, 2);
    assert.match(String(problem[0]!.message), /^rules\.eval-non-literl: unknown rule id "eval-non-literl"; did you mean "eval-non-literal"\?/);
    assert.match(String(problem[0]!.message), /keeps using the last valid ruleset/);
    assert.deepEqual(codes(lsp.lastDiagnostics(appUri)!.diagnostics), ['eval-non-literal:2']);

    // Fixed: the new ruleset applies to every open document, and the ruleset's own problem clears.
    // app.js may still get a publish from the earlier edits (same version, older ruleset) before the
    // new ruleset's: wait through at most a few for the one that reflects the fix.
    const cleared = lsp.nextDiagnostics(rulesetUri, 3);
    let appAgain = lsp.nextDiagnostics(appUri);
    lsp.change(rulesetUri, 'rules:\n  weak-hash: error\n  eval-non-literal: off\n');
    let seen = codes((await appAgain).diagnostics);
    for (let i = 0; i < 5 && seen.join() !== 'weak-hash:1'; i++) {
      appAgain = lsp.nextDiagnostics(appUri);
      seen = codes((await appAgain).diagnostics);
    }
    assert.deepEqual(seen, ['weak-hash:1']);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('reloads when the ruleset changes on disk (workspace/didChangeWatchedFiles)', async () => {
    await start('rules:\n  weak-hash: off\n');
    await lsp.open(appUri, CODE, 'javascript');
    const next = lsp.nextDiagnostics(appUri);
    writeFileSync(rulesetFile, 'rules:\n  eval-non-literal: off\n');
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: rulesetUri, type: 2 }] });
    assert.deepEqual(codes((await next).diagnostics), ['weak-hash:2']);
  });

  it('publishes a broken ruleset on disk as a diagnostic on that file, using the built-in defaults meanwhile', async () => {
    await start('rules:\n  weak-hash: sometimes\n');
    const problem = lsp.nextDiagnostics(rulesetUri);
    const app = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(codes(app.diagnostics), ['eval-non-literal:2', 'weak-hash:2']);
    const [d] = (await problem).diagnostics;
    assert.equal(d!.range.start.line, 1);
    assert.equal(d!.range.start.character, 2);
    assert.match(String(d!.message), /"sometimes" is not one of off, info, warning, error.*built-in defaults until this is fixed/);
  });

  it('keeps required rules on against user settings, which may still change the others', async () => {
    await start('required: [weak-hash]\n');
    lsp.settings = { rules: { 'weak-hash': 'off', 'eval-non-literal': 'off' } };
    const warned = new Promise<{ message: string }>((resolve) => lsp.client.onRequest('window/showMessageRequest', (p: { message: string }) => {
      resolve(p);
      return null;
    }));
    const { diagnostics } = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(codes(diagnostics), ['weak-hash:2']);
    assert.match((await warned).message, /requires weak-hash, so your warden.rules setting cannot switch it off/);
  });

  it("shows required rules' findings below a developer's own severity threshold", async () => {
    await start('required: [weak-hash]\n');
    lsp.settings = { severityThreshold: 'error' };
    const { diagnostics } = await lsp.open(appUri, CODE, 'javascript');
    // eval of a value of unknown origin is a warning too, and not required: hidden by the threshold.
    assert.deepEqual(codes(diagnostics), ['weak-hash:2']);
  });

  it("links a finding to the team's training page, in the diagnostic and the hover", async () => {
    await start('training:\n  rules: { weak-hash: "https://learn.example.com/hashing" }\n');
    const { diagnostics } = await lsp.open(appUri, CODE, 'javascript');
    const hash = diagnostics.find((d) => d.code === 'weak-hash')!;
    assert.equal(hash.codeDescription?.href, 'https://learn.example.com/hashing');
    const hover = await lsp.hover(appUri, hash.range.start);
    assert.ok(String((hover!.contents as { value: string }).value).includes('(https://learn.example.com/hashing)'));
  });

  it('offers "suppress with a reason"; the comment it asks for silences the finding unless the ruleset forbids it', async () => {
    await start('suppressions:\n  forbid: [eval-non-literal]\n');
    const { diagnostics } = await lsp.open(appUri, CODE, 'javascript');
    const suppressOf = async (d: Diagnostic) => {
      const action = (await lsp.codeActions(appUri, [d])).find((a) => a.command?.command === 'warden.suppress')!;
      return action.command!.arguments![0] as SuppressArgs;
    };
    const hashArgs = await suppressOf(diagnostics.find((d) => d.code === 'weak-hash')!);
    assert.deepEqual(hashArgs, { uri: appUri, line: 0, ruleId: 'weak-hash', commentPrefix: '// ', commentSuffix: '' });
    const evalArgs = await suppressOf(diagnostics.find((d) => d.code === 'eval-non-literal')!);

    // What the client's snippet inserts once the developer has typed the reason.
    const comment = (a: SuppressArgs, reason: string) => `${a.commentPrefix}warden-ignore ${a.ruleId} -- ${reason}${a.commentSuffix}`;
    const lines = CODE.split('\n');
    lines.splice(evalArgs.line, 0, comment(evalArgs, 'input is a constant in tests'));
    lines.splice(hashArgs.line, 0, comment(hashArgs, 'checksum for a legacy cache key, not security'));
    const version = lsp.change(appUri, lines.join('\n'));
    const after = await lsp.nextDiagnostics(appUri, version);
    assert.deepEqual(codes(after.diagnostics), ['eval-non-literal:2', 'warden-suppression-forbidden:2']);
  });

  it('waits for workspace trust before fetching a remote ruleset', async () => {
    const remote = 'rules:\n  weak-hash: off\n';
    const calls: string[] = [];
    const cacheDir = mkdtempSync(join(tmpdir(), 'warden-rs-cache-'));
    const provider = new WorkspaceRulesetProvider({
      cacheDir,
      fetch: (url) => {
        calls.push(url);
        return Promise.resolve(Buffer.from(remote));
      },
    });
    const url = `https://rules.example.com/team.yaml#sha256-${sha256(remote)}`;
    await start(`extends:\n  - ${url}\n`, provider, { initializationOptions: { workspaceTrusted: false } });
    const problem = lsp.nextDiagnostics(rulesetUri);
    const first = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(calls, []);
    assert.ok(first.diagnostics.some((d) => d.code === 'weak-hash'));
    assert.match(String((await problem).diagnostics[0]!.message), /not trusted, so it was not fetched/);

    const trusted = lsp.nextDiagnostics(appUri);
    await lsp.client.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION);
    assert.deepEqual(codes((await trusted).diagnostics), ['eval-non-literal:2']);
    assert.deepEqual(calls, ['https://rules.example.com/team.yaml']);
  });

  it('watches a ruleset set by warden.ruleset outside .warden/, and reloads when it changes on disk', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'warden-rs-shared-'));
    const sharedFile = join(shared, 'team-ruleset.yaml');
    writeFileSync(sharedFile, 'rules:\n  weak-hash: off\n');
    dir = mkdtempSync(join(tmpdir(), 'warden-rs-lsp-'));
    appUri = pathToFileURL(join(dir, 'app.js')).toString();
    lsp = new LspHarness();
    const registrations: { registrations: { method: string; registerOptions: { watchers: { globPattern: unknown }[] } }[] }[] = [];
    lsp.client.onRequest('client/registerCapability', (p: (typeof registrations)[number]) => {
      registrations.push(p);
      return null;
    });
    lsp.settings = { ruleset: sharedFile };
    await lsp.initialize(pathToFileURL(dir).toString(), {
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
      },
    });
    const first = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(codes(first.diagnostics), ['eval-non-literal:2']);
    const watchers = registrations.flatMap((r) => r.registrations).filter((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watchers.flatMap((w) => w.registerOptions.watchers.map((x) => x.globPattern)), [
      { baseUri: pathToFileURL(shared).toString(), pattern: 'team-ruleset.yaml' },
    ]);

    const next = lsp.nextDiagnostics(appUri);
    writeFileSync(sharedFile, 'rules:\n  eval-non-literal: off\n');
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(sharedFile).toString(), type: 2 }] });
    assert.deepEqual(codes((await next).diagnostics), ['weak-hash:2']);
  });

  it('gives each workspace folder its own ruleset', async () => {
    const a = mkdtempSync(join(tmpdir(), 'warden-rs-a-'));
    const b = mkdtempSync(join(tmpdir(), 'warden-rs-b-'));
    mkdirSync(join(a, '.warden'));
    writeFileSync(join(a, '.warden', 'ruleset.yaml'), 'rules:\n  weak-hash: off\n');
    mkdirSync(join(b, '.warden'));
    writeFileSync(join(b, '.warden', 'ruleset.json'), JSON.stringify({ rules: { 'eval-non-literal': 'off' } }));
    lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(a).toString(), {
      workspaceFolders: [{ uri: pathToFileURL(a).toString(), name: 'a' }, { uri: pathToFileURL(b).toString(), name: 'b' }],
    });
    const inA = await lsp.open(pathToFileURL(join(a, 'app.js')).toString(), CODE, 'javascript');
    const inB = await lsp.open(pathToFileURL(join(b, 'app.js')).toString(), CODE, 'javascript');
    assert.deepEqual(codes(inA.diagnostics), ['eval-non-literal:2']);
    assert.deepEqual(codes(inB.diagnostics), ['weak-hash:2']);
  });

  it('reports an unusable remote warden.ruleset once, in a message, and keeps analysing with the defaults', async () => {
    await start(undefined);
    const messages: string[] = [];
    const told = new Promise<void>((resolve) => lsp.client.onRequest('window/showMessageRequest', (p: { message: string }) => {
      messages.push(p.message);
      resolve();
      return null;
    }));
    lsp.settings = { ruleset: 'https://rules.example.com/team.yaml' };
    const { diagnostics } = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(codes(diagnostics), ['eval-non-literal:2', 'weak-hash:2']);
    await told;
    assert.deepEqual(messages.length, 1);
    assert.match(messages[0]!, /team ruleset https:\/\/rules\.example\.com\/team\.yaml could not be used: .* must be pinned: append #sha256-/);
  });

  it('picks up a ruleset created after start, and returns to the defaults when it is deleted', async () => {
    await start(undefined);
    const first = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(codes(first.diagnostics), ['eval-non-literal:2', 'weak-hash:2']);

    let next = lsp.nextDiagnostics(appUri);
    writeFileSync(rulesetFile, 'rules:\n  weak-hash: off\n');
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: rulesetUri, type: 1 }] });
    assert.deepEqual(codes((await next).diagnostics), ['eval-non-literal:2']);

    next = lsp.nextDiagnostics(appUri);
    rmSync(rulesetFile);
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: rulesetUri, type: 3 }] });
    assert.deepEqual(codes((await next).diagnostics), ['eval-non-literal:2', 'weak-hash:2']);
  });

  it("links the bundled lesson from the hover through the client's openLesson command when the client trusts it", async () => {
    await start(undefined, undefined, { initializationOptions: { lessonCommandLinks: true } });
    const { diagnostics } = await lsp.open(appUri, CODE, 'javascript');
    const hash = diagnostics.find((d) => d.code === 'weak-hash')!;
    assert.match(String(hash.codeDescription?.href), /^file:.*\/lessons\/weak-hash\.md$/);
    const hover = await lsp.hover(appUri, hash.range.start);
    const value = String((hover!.contents as { value: string }).value);
    assert.ok(value.includes(`[Lesson](command:warden.openLesson?${encodeURIComponent('["weak-hash"]')})`), value);

    // Other clients get the plain file link.
    await lsp.shutdown();
    await start(undefined);
    await lsp.open(appUri, CODE, 'javascript');
    const plain = String(((await lsp.hover(appUri, hash.range.start))!.contents as { value: string }).value);
    assert.match(plain, /\[Lesson\]\(file:[^)]*weak-hash\.md\)/);
  });

  it('warns on a second ruleset file that Warden ignores', async () => {
    await start('rules:\n  weak-hash: off\n');
    const jsonFile = join(dir, '.warden', 'ruleset.json');
    writeFileSync(jsonFile, '{ "rules": { "eval-non-literal": "off" } }');
    const jsonUri = pathToFileURL(jsonFile).toString();
    const warned = lsp.nextDiagnostics(jsonUri);
    const { diagnostics } = await lsp.open(appUri, CODE, 'javascript');
    assert.deepEqual(codes(diagnostics), ['eval-non-literal:2']);
    const [d] = (await warned).diagnostics;
    assert.equal(d!.code, 'warden-ruleset');
    assert.match(String(d!.message), /Warden reads ruleset\.yaml in this folder and ignores this file; merge the two and delete one/);
  });
});
