#!/usr/bin/env node
// Issue 17 items 3 and 5 against the language server (in-memory streams, out/test/helpers/lsp.js; run
// `npx tsc -b` first): (a) the 4-file × 10-extends × 2,000-ignorePaths chain written to .warden/, (b) an
// unsaved 20 MB .warden/ruleset.yaml. Prints the time until the ruleset's error diagnostic arrives and
// the process's peak RSS (client and server share the process).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { LspHarness } = require('../../out/test/helpers/lsp.js');
const dir = mkdtempSync(join(tmpdir(), 'warden-attack-lsp-'));
mkdirSync(join(dir, '.warden'));
for (let i = 1; i < 4; i++) {
  writeFileSync(join(dir, '.warden', `r${i}.yaml`), i < 3
    ? `extends:\n${Array.from({ length: 10 }, () => `  - ./r${i + 1}.yaml`).join('\n')}\n`
    : `ignorePaths:\n${Array.from({ length: 2000 }, (_, j) => `  - "d${j}/**"`).join('\n')}\n`);
}
const ruleset = join(dir, '.warden', 'ruleset.yaml');
writeFileSync(ruleset, 'rules:\n  weak-hash: off\n');
const lsp = new LspHarness();
await lsp.initialize(pathToFileURL(dir).toString());
const app = pathToFileURL(join(dir, 'app.js')).toString();
await lsp.open(app, "const h = crypto.createHash('md5');\n", 'javascript');
const uri = pathToFileURL(ruleset).toString();
await lsp.open(uri, 'rules:\n  weak-hash: off\n', 'yaml');

const timed = async (name, text, file) => {
  const started = process.hrtime.bigint();
  const problem = new Promise((resolve) => {
    const check = () => {
      const d = lsp.lastDiagnostics(file)?.diagnostics.find((x) => x.code === 'warden-ruleset');
      if (d) resolve(d);
      else setTimeout(check, 5);
    };
    check();
  });
  lsp.change(uri, text);
  const d = await problem;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${name}: refused in ${seconds.toFixed(2)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB: ${d.message.slice(0, 120)}`);
};
await timed('chain 4 × 10 extends × 2,000 ignorePaths', 'extends: [./r1.yaml]\n', pathToFileURL(join(dir, '.warden', 'r2.yaml')).toString());
await timed('unsaved 20 MB ruleset', `rules:\n  weak-hash: off\n# ${'x'.repeat(20 * 1024 * 1024)}\n`, uri);
await lsp.shutdown();
process.exit(0);
