import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lsp';
import { run } from '../helpers/cli';
import { anyText, codeLike, FAMILY_PATHS, FUZZ_RUNS, fuzzOptions, tried } from '../helpers/fuzz';

function assertInside(d: Diagnostic, text: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [d.range.start, d.range.end]) {
    assert.ok(p.line >= 0 && p.line < Math.max(lines.length, 1), `line ${p.line} of ${lines.length}`);
    assert.ok(p.character >= 0 && p.character <= (lines[p.line]?.length ?? 0), `character ${p.character}`);
  }
}

describe('fuzz: language server', function () {
  this.timeout(300_000);
  let lsp: LspHarness;
  let root: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'warden-fuzz-lsp-'));
    lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(root).toString());
  });
  after(async () => lsp.shutdown());

  it('publishes diagnostics inside the document for any text, and answers hover and code actions', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(anyText, fc.constantFrom(...FAMILY_PATHS), fc.nat(), async (text, path, at) => {
        tried('server');
        const uri = pathToFileURL(join(root, `${n++}`, path)).toString();
        const published = await lsp.open(uri, text, 'plaintext');
        for (const d of published.diagnostics) assertInside(d, text);
        const doc = lsp.text(uri).split('\n');
        const line = at % doc.length;
        const position = { line, character: at % ((doc[line]?.length ?? 0) + 1) };
        await lsp.hover(uri, position);
        const ours = published.diagnostics.filter((d) => d.source === 'warden');
        if (ours.length > 0) await lsp.codeActions(uri, ours.slice(0, 3));
        lsp.close(uri);
      }),
      fuzzOptions(Math.ceil(FUZZ_RUNS / 4)),
    );
  });

  it('follows any sequence of incremental edits, even ones that split surrogate pairs or CRLF', async () => {
    let n = 0;
    const edit = fc.record({ a: fc.nat(), b: fc.nat(), text: fc.oneof(codeLike, fc.constantFrom('\ud83d', '\ude00', '\r', '\n', '\r\n', '', '"', '/*')) });
    await fc.assert(
      fc.asyncProperty(codeLike, fc.constantFrom(...FAMILY_PATHS), fc.array(edit, { minLength: 1, maxLength: 25 }), async (initial, path, edits) => {
        tried('server-edits');
        const uri = pathToFileURL(join(root, `edits-${n++}`, path)).toString();
        await lsp.open(uri, initial, 'plaintext');
        let version = 1;
        for (const e of edits) {
          const lines = lsp.text(uri).split('\n');
          const l1 = e.a % lines.length;
          const l2 = l1 + (e.b % (lines.length - l1));
          const start = { line: l1, character: e.a % ((lines[l1]?.length ?? 0) + 1) };
          const end = { line: l2, character: l2 === l1 ? Math.max(start.character, e.b % ((lines[l2]?.length ?? 0) + 1)) : e.b % ((lines[l2]?.length ?? 0) + 1) };
          version = lsp.edit(uri, [{ range: { start, end }, newText: e.text }]);
        }
        const final = await lsp.nextDiagnostics(uri, version);
        assert.equal(final.version, version);
        for (const d of final.diagnostics) assertInside(d, lsp.text(uri));
        lsp.close(uri);
      }),
      fuzzOptions(Math.ceil(FUZZ_RUNS / 10)),
    );
  });
});

describe('fuzz: CLI', function () {
  this.timeout(300_000);

  it('scans a folder of arbitrary files in every format: exit 0 or 1, a report that parses, no internal error', async () => {
    const file = fc.record({
      path: fc.constantFrom(...FAMILY_PATHS),
      content: fc.oneof(anyText.map((t) => Buffer.from(t, 'utf8')), fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b))),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 6 }), fc.constantFrom('text', 'json', 'sarif'), async (files, format) => {
        tried('cli');
        const dir = mkdtempSync(join(tmpdir(), 'warden-fuzz-cli-'));
        try {
          files.forEach((f, i) => {
            const full = join(dir, `d${i}`, f.path);
            mkdirSync(dirname(full), { recursive: true });
            writeFileSync(full, f.content);
          });
          const { code, stdout, stderr } = await run(['scan', '.', '--format', format, '--jobs', '1'], dir);
          assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
          assert.ok(!stderr.includes('internal error'), stderr);
          if (format !== 'text') assert.ok(JSON.parse(stdout));
          else assert.match(stdout, /(?:No findings in \d+ files?|; by rule: .*)\.\n$/);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzOptions(Math.ceil(FUZZ_RUNS / 10)),
    );
  });
});
