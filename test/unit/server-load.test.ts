import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lsp';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';

const AWS = 'AKIAZ7QXS4D2L5RVN3KB';
const SMALL = `const accessKeyId = '${AWS}';\neval(userInput);\n`;

/** About `kb` KB of ordinary JavaScript with one credential on its last line. */
function bigSource(kb: number): string {
  const line = 'export function handler42(a, b) { return compute(a, b) + normalise(a) * 3; }\n';
  return `${line.repeat(Math.ceil((kb * 1024) / line.length))}const accessKeyId = '${AWS}';\n`;
}

/** Asserts diagnostics for `uri` were published with non-decreasing versions: nothing stale after newer. */
function assertNeverStale(history: PublishDiagnosticsParams[], uri: string): number[] {
  const versions = history.filter((p) => p.uri === uri && p.version !== undefined).map((p) => p.version!);
  for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! >= versions[i - 1]!, `version ${versions[i]} published after ${versions[i - 1]}`);
  return versions;
}

describe('language server under editing load', function () {
  this.timeout(60_000);
  let lsp: LspHarness;
  let dir: string;
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).toString();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-load-'));
    lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(dir).toString());
  });

  afterEach(async () => {
    await lsp.shutdown();
  });

  it('300 rapid incremental edits to one document end in the diagnostics of the final text, never stale ones', async () => {
    const uri = uriOf('burst.js');
    await lsp.open(uri, SMALL, 'javascript');
    let version = 1;
    for (let i = 0; i < 300; i++) {
      // Type a line, character by character in spirit: each edit inserts one more statement at the end.
      const line = lsp.text(uri).split('\n').length - 1;
      const insert = i % 50 === 0 ? `const h${i} = crypto.createHash('md5');\n` : `let v${i} = ${i};\n`;
      version = lsp.edit(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: insert }]);
    }
    const final = await lsp.nextDiagnostics(uri, version);
    assert.equal(final.version, version);
    const expected = analyze({ text: lsp.text(uri), path: 'burst.js' }, compileRuleset({}, BUILTIN_CATALOG)).findings.map((f) => f.ruleId);
    assert.deepEqual(final.diagnostics.map((d) => d.code), expected);
    assert.equal(expected.filter((id) => id === 'weak-hash').length, 6);
    const versions = assertNeverStale(lsp.history, uri);
    assert.ok(versions.length < 100, `${versions.length} publishes for 301 versions: bursts are coalesced`);
  });

  it('60 documents opened at once each get their own diagnostics', async () => {
    const uris = Array.from({ length: 60 }, (_, i) => uriOf(`many/file${i}.${['js', 'ts', 'py', 'yaml'][i % 4]}`));
    const results = await Promise.all(uris.map((u, i) => lsp.open(u, i % 2 === 0 ? SMALL : `# nothing here ${i}\n`, 'plaintext')));
    results.forEach((r, i) => {
      assert.equal(r.uri, uris[i]);
      const codes = r.diagnostics.map((d) => d.code);
      if (i % 2 === 0) assert.ok(codes.includes('aws-access-key-id'), `${uris[i]}: ${codes.join(',')}`);
      else assert.deepEqual(codes, []);
    });
  });

  it('a 1 MB document is analysed on the worker thread and does not delay a small one', async () => {
    const big = uriOf('big.js');
    const small = uriOf('small.js');
    const order: string[] = [];
    const bigDone = lsp.open(big, bigSource(1024), 'javascript').then((p) => (order.push('big'), p));
    const smallDone = lsp.open(small, SMALL, 'javascript').then((p) => (order.push('small'), p));
    const [bigResult, smallResult] = await Promise.all([bigDone, smallDone]);
    assert.deepEqual(order, ['small', 'big'], 'the small file was not kept waiting behind the big one');
    assert.deepEqual(smallResult.diagnostics.map((d) => d.code), ['aws-access-key-id', 'eval-non-literal']);
    // The worker found the finding on the last line of the big file, at the right position.
    const key = bigResult.diagnostics.find((d) => d.code === 'aws-access-key-id');
    assert.ok(key, 'the big file was analysed');
    assert.deepEqual(key.range.start, { line: bigSource(1024).split('\n').length - 2, character: 21 });
  });

  it('edits to big documents (the worker keeps each one\'s parse) give what a fresh analysis of each version gives', async () => {
    // A low threshold so that 20 KB documents go to the worker; two of them, edited in turn, so that one
    // document's kept parse is never used for the other's text.
    await lsp.shutdown();
    lsp = new LspHarness({ workerThreshold: 4096 });
    await lsp.initialize(pathToFileURL(dir).toString());
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const expect = async (uri: string, version: number) => {
      const published = await lsp.nextDiagnostics(uri, version);
      assert.equal(published.version, version);
      const fresh = analyze({ text: lsp.text(uri), path: uri.slice(uri.lastIndexOf('/') + 1) }, ruleset).findings;
      assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
        fresh.map((f) => [f.ruleId, lineOf(lsp.text(uri), f.start), f.start - lsp.text(uri).lastIndexOf('\n', f.start - 1) - 1]));
      return published.diagnostics.map((d) => d.code);
    };
    const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length - 1;
    const [a, b] = [uriOf('a.js'), uriOf('b.js')];
    await lsp.open(a, bigSource(20), 'javascript');
    await lsp.open(b, `function f(req) {\n${bigSource(20)}}\n`, 'javascript');
    const middle = (uri: string) => Math.floor(lsp.text(uri).split('\n').length / 2);
    const at = (line: number, character = 0) => ({ start: { line, character }, end: { line, character } });
    // A finding typed in, in the middle of each; then a syntax error; then the error fixed; then lines deleted.
    let v = lsp.edit(a, [{ range: at(middle(a)), newText: "const h = crypto.createHash('md5');\n" }]);
    assert.ok((await expect(a, v)).includes('weak-hash'));
    v = lsp.edit(b, [{ range: at(middle(b)), newText: 'eval(req.query.q);\n' }]);
    assert.ok((await expect(b, v)).includes('eval-non-literal'));
    v = lsp.edit(a, [{ range: at(3, 10), newText: '((' }]);
    await expect(a, v);
    v = lsp.edit(b, [{ range: { start: { line: 1, character: 0 }, end: { line: 40, character: 0 } }, newText: '' }]);
    assert.ok((await expect(b, v)).includes('eval-non-literal'));
    v = lsp.edit(a, [{ range: { start: { line: 3, character: 10 }, end: { line: 3, character: 12 } }, newText: '' }]);
    assert.ok((await expect(a, v)).includes('weak-hash'));
    // Closed and opened again with other text: nothing of the old parse shows.
    lsp.close(a);
    await lsp.open(a, `${bigSource(20)}eval(userInput);\n`, 'javascript');
    v = lsp.edit(a, [{ range: at(0), newText: '// top\n' }]);
    assert.deepEqual((await expect(a, v)).sort(), ['aws-access-key-id', 'eval-non-literal']);
  });

  it('an edit that arrives while the worker analyses the previous version wins: the old result is never published', async () => {
    const uri = uriOf('racing.js');
    const text = bigSource(600);
    void lsp.open(uri, text, 'javascript');
    const v2 = lsp.change(uri, `// v2\n${text}`);
    const v3 = lsp.change(uri, `// v3\n${text}`);
    const final = await lsp.nextDiagnostics(uri, v3);
    assert.equal(final.version, v3);
    assert.equal(final.diagnostics.find((d) => d.code === 'aws-access-key-id')!.range.start.line, text.split('\n').length - 1, 'positions of v3');
    assert.ok(final.diagnostics.some((d) => d.code === 'aws-access-key-id'));
    const versions = assertNeverStale(lsp.history, uri);
    assert.ok(!versions.includes(1) && !versions.includes(v2), `published versions: ${versions.join(', ')}`);
  });

  it('a document closed mid-analysis gets no diagnostics after its close', async () => {
    const uri = uriOf('closing.js');
    void lsp.open(uri, bigSource(600), 'javascript');
    const cleared = lsp.nextDiagnostics(uri);
    lsp.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
    // The worker runs one job at a time: once a later big document is done, the closed one's job is too.
    await lsp.open(uriOf('probe.js'), bigSource(300), 'javascript');
    const after = lsp.history.filter((p) => p.uri === uri);
    assert.deepEqual(after.map((p) => p.diagnostics.length), [0], 'only the clearing publish, nothing after it');
  });

  it('requests the client cancels are answered or cancelled, and the server keeps working', async () => {
    const uri = uriOf('cancel.js');
    const { diagnostics } = await lsp.open(uri, SMALL, 'javascript');
    const settled = [];
    for (let i = 0; i < 50; i++) {
      const source = new CancellationTokenSource();
      const method = i % 2 === 0 ? 'textDocument/hover' : 'textDocument/codeAction';
      const params = i % 2 === 0
        ? { textDocument: { uri }, position: diagnostics[0]!.range.start }
        : { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } };
      const request = lsp.client.sendRequest(method, params, source.token);
      source.cancel();
      settled.push(request.then(() => 'answered', (e: unknown) => (e instanceof ResponseError ? `error ${e.code}` : String(e))));
    }
    const outcomes = await Promise.all(settled);
    for (const o of outcomes) assert.ok(o === 'answered' || o === 'error -32800', o);
    const hover = await lsp.hover(uri, diagnostics[0]!.range.start);
    assert.ok(hover, 'the server still answers after 50 cancelled requests');
  });
});
