#!/usr/bin/env node
// The former worst case of issue #17.1: a team rule `x(?:[^Q]*(Q))?` with the group as its secret, on
// files of 1 KB lines of `x` (10, 25, 50 KB). Each `x` makes RE2 read to the end of the file: linear
// per match, quadratic in all. Measured on the built language server over stdio: open the file, and
// right after it ask for a hover in another open document. Before the work budget: 10 KB took 6.9 s,
// 25 KB 30–58 s, 50 KB over 300 s, and the server answered nothing meanwhile. Wall-clock figures
// swing with the machine's load; the server's CPU time is the stable one. Writes
// bench-results/custom-rule-freeze.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RULESET = `customRules:
  - id: greedy-tail
    message: "tail {masked}"
    severity: warning
    pattern: "x(?:[^Q]*(Q))?"
    secretGroup: 1
    keywords: ["xx"]
    examples: { match: ["xxQ"], noMatch: ["y"] }
`;

function client() {
  const proc = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const diagnostics = [];
  const send = (m) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }));
    proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    proc.stdin.write(body);
  };
  proc.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
      if (buffer.length < end + 4 + length) return;
      const m = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
      buffer = buffer.subarray(end + 4 + length);
      if (m.id !== undefined && m.method === undefined) {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      } else if (m.id !== undefined) {
        send({ id: m.id, result: m.method === 'workspace/configuration' ? m.params.items.map(() => ({})) : null });
      } else if (m.method === 'textDocument/publishDiagnostics') {
        for (const w of diagnostics.filter((x) => x.uri === m.params.uri)) w.resolve(m.params);
        diagnostics.splice(0, diagnostics.length, ...diagnostics.filter((x) => x.uri !== m.params.uri));
      }
    }
  });
  return {
    request: (method, params) => new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ id, method, params });
    }),
    notify: (method, params) => send({ method, params }),
    diagnosticsFor: (uri) => new Promise((resolve) => diagnostics.push({ uri, resolve })),
    stop: () => proc.kill(),
    /** CPU time the server process has used so far, in ms (Linux /proc): stable when the machine is busy. */
    cpuMs: () => {
      const fields = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
  };
}

const rows = [];
for (const kb of [10, 25, 50]) {
  const dir = mkdtempSync(join(tmpdir(), 'warden-freeze-'));
  mkdirSync(join(dir, '.warden'));
  writeFileSync(join(dir, '.warden', 'ruleset.yaml'), RULESET);
  const c = client();
  await c.request('initialize', { processId: null, rootUri: pathToFileURL(dir).toString(), capabilities: { workspace: { configuration: true } } });
  c.notify('initialized', {});
  const other = pathToFileURL(join(dir, 'app.js')).toString();
  const first = c.diagnosticsFor(other);
  c.notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'javascript', version: 1, text: "const h = crypto.createHash('md5');\n" } });
  await first;
  const uri = pathToFileURL(join(dir, 'tail.txt')).toString();
  const text = `${'x'.repeat(1023)}\n`.repeat(kb);
  const done = c.diagnosticsFor(uri);
  const cpu0 = c.cpuMs();
  const t0 = performance.now();
  c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
  const hover = c.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 0, character: 30 } }).then(() => performance.now() - t0);
  const published = await done;
  const analysedMs = performance.now() - t0;
  const cpuMs = c.cpuMs() - cpu0;
  const hoverMs = await hover;
  const notice = published.diagnostics.find((d) => d.code === 'warden-time-budget')?.message ?? '';
  rows.push({ kb, analysedMs: Math.round(analysedMs), serverCpuMs: cpuMs, hoverMs: Math.round(hoverMs), stoppedByWorkBudget: /work budget/.test(notice) });
  console.log(`${kb} KB: diagnostics after ${Math.round(analysedMs)} ms (server CPU ${cpuMs} ms), hover in the other document answered after ${Math.round(hoverMs)} ms, ${notice ? 'partly analysed (work budget)' : 'fully analysed'}`);
  c.stop();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'custom-rule-freeze.json'), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
