import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspHarness } from '../helpers/lsp';
import { GREEDY_RULESET } from '../helpers/rulesets';

/**
 * One custom rule whose pattern reads to the end of the file for every `x` (`x(?:[^Q]*(Q))?`, the
 * group as the secret) used to hold the language server for minutes on a 50 KB file; no other
 * document was analysed and no hover answered meanwhile. The work budget stops it after 16 reads of
 * the file, and the editor is told. (`scripts/bench/custom-rule-freeze.mjs` measures the times.)
 */

describe('a pathological custom rule over LSP', () => {
  it('is stopped by its work budget, says so, and the other documents and hovers are answered', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'warden-greedy-lsp-'));
    mkdirSync(join(dir, '.warden'));
    writeFileSync(join(dir, '.warden', 'ruleset.yaml'), GREEDY_RULESET);
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      const other = pathToFileURL(join(dir, 'app.js')).toString();
      const opened = await lsp.open(other, "const h = crypto.createHash('md5');\n", 'javascript');
      assert.deepEqual(opened.diagnostics.map((d) => d.code), ['weak-hash']);

      const tail = pathToFileURL(join(dir, 'tail.txt')).toString();
      const text = `${'xQ\n'.repeat(3)}${`${'x'.repeat(1023)}\n`.repeat(50)}`;
      const tailDiagnostics = lsp.open(tail, text);
      // Asked while the rule runs (or queued behind it): answered, with the other document's finding.
      const hover = await lsp.hover(other, { line: 0, character: 30 });
      assert.match((hover!.contents as { value: string }).value, /MD5/);
      const { diagnostics } = await tailDiagnostics;
      assert.deepEqual(diagnostics.filter((d) => d.code === 'greedy-tail').map((d) => d.range.start.line), [0, 1, 2], 'the matches before the stop');
      const notice = diagnostics.find((d) => d.code === 'warden-time-budget');
      assert.match(String(notice?.message ?? ''), /rule greedy-tail stopped after its pattern had read the file 16 times over \(its work budget\)/);
    } finally {
      await lsp.shutdown();
    }
  });
});
