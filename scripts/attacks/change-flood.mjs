#!/usr/bin/env node
// Issue 17 item 13: sends N separate didChange notifications (default 100,000) for one open document
// to a language server over in-memory streams, then counts the diagnostic publications and the time
// until the diagnostics of the last version arrive. Needs `npx tsc -b` (uses out/test/helpers/lsp.js).
// Usage: node scripts/attacks/change-flood.mjs [N]
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { LspHarness } = require('../../out/test/helpers/lsp.js');
const changes = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'warden-flood-'));
const lsp = new LspHarness();
await lsp.initialize(pathToFileURL(dir).toString());
const uri = pathToFileURL(join(dir, 'app.js')).toString();
await lsp.open(uri, "const h = crypto.createHash('md5');\neval(userInput);\nx\n", 'javascript');
const before = lsp.history.length;
const started = process.hrtime.bigint();
let version = 1;
const at = { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } };
for (let i = 0; i < changes; i++) version = lsp.edit(uri, [{ range: at, newText: i % 2 === 0 ? 'y' : 'x' }]);
const sent = Number(process.hrtime.bigint() - started) / 1e9;
await lsp.nextDiagnostics(uri, version);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const publications = lsp.history.length - before;
console.log(`${changes} changes: ${publications} publications, last version's diagnostics after ${seconds.toFixed(1)} s (sending took ${sent.toFixed(1)} s), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (client and server in one process)`);
await lsp.shutdown();
