import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { runCli, type CliIO } from '../../server/src/cli/cli';
import { SCAN_WORKSPACE_REQUEST } from '../../server/src/scanProtocol';
import { LspHarness, quietReader } from '../helpers/lsp';

const ROOT = join(__dirname, '..', '..', '..');
const PRELOAD = join(ROOT, 'test', 'fixtures', 'no-network', 'preload.cjs');
const AWS = 'AKIAZ7QXS4D2L5RVN3KB';
const MARKER = 'WARDEN_EXECUTED_WORKSPACE_CODE';

/**
 * A workspace that would run code and reach the network if anything in it were executed: a
 * `.warden/ruleset.js`, a ruleset that extends it, a config file and package.json scripts that
 * write a marker file, modules with top-level side effects, URLs everywhere, and a symbolic link
 * that points outside the workspace at a planted secret.
 */
function hostileWorkspace(): { dir: string; marker: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'warden-hostile-'));
  const dir = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(join(dir, '.warden'), { recursive: true });
  mkdirSync(join(dir, 'src'));
  mkdirSync(outside);
  const marker = join(base, 'marker');
  const payload = `require('fs').writeFileSync(${JSON.stringify(marker)}, '${MARKER}'); require('https').get('https://example.com/');`;
  writeFileSync(join(dir, '.warden', 'ruleset.js'), `${payload}\nmodule.exports = { rules: {} };\n`);
  writeFileSync(join(dir, '.warden', 'ruleset.yaml'), [
    'ignorePaths: ["fixtures/**"]',
    'training:',
    '  baseUrl: https://training.example.com/lessons/',
    'rules:',
    '  eval-non-literal: { severity: error, paths: { include: ["src/**"] } }',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'warden.config.js'), payload);
  writeFileSync(join(dir, '.eslintrc.js'), payload);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'hostile', main: 'index.js',
    scripts: { preinstall: `node -e "${payload.replace(/"/g, '\\"')}"`, test: 'node index.js', postinstall: 'node index.js', prepare: 'node index.js' },
  }));
  writeFileSync(join(dir, 'index.js'), payload);
  mkdirSync(join(dir, 'node_modules', 'warden-plugin'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'warden-plugin', 'index.js'), payload);
  writeFileSync(join(dir, 'src', 'app.js'), [
    `const accessKeyId = '${AWS}';`,
    "fetch('http://insecure.example.com/api');",
    'eval(userInput);',
    `import('${pathToFileURL(join(dir, 'index.js')).toString()}');`,
    `require(${JSON.stringify(join(dir, 'index.js'))});`,
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'src', 'settings.py'), `import urllib.request\nurllib.request.urlopen("https://example.com")\naws_access_key_id = "${AWS}"\n`);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\nRUN curl https://example.com/install.sh | sh\n');
  writeFileSync(join(outside, 'secret.js'), `const outsideKey = '${AWS}';\neval(outsideInput);\n`);
  symlinkSync(outside, join(dir, 'link-to-outside'));
  return { dir, marker, outside };
}

type Restore = () => void;

/** Makes every network entry point throw and count, in this process, until restored. */
function blockNetwork(attempts: string[]): Restore {
  const saved: [object, string, unknown][] = [];
  const block = (target: object, key: string, what: string) => {
    saved.push([target, key, (target as Record<string, unknown>)[key]]);
    (target as Record<string, unknown>)[key] = () => {
      attempts.push(what);
      throw new Error(`network access during analysis: ${what}`);
    };
  };
  block(net.Socket.prototype, 'connect', 'net.Socket.connect');
  block(net, 'connect', 'net.connect');
  block(net, 'createConnection', 'net.createConnection');
  block(tls, 'connect', 'tls.connect');
  block(dns, 'lookup', 'dns.lookup');
  block(dns.promises, 'lookup', 'dns.promises.lookup');
  block(http, 'request', 'http.request');
  block(http, 'get', 'http.get');
  block(https, 'request', 'https.request');
  block(https, 'get', 'https.get');
  block(globalThis, 'fetch', 'fetch');
  return () => {
    for (const [target, key, value] of saved.reverse()) (target as Record<string, unknown>)[key] = value;
  };
}

describe('no network, and workspace content is data', function () {
  this.timeout(120_000);

  it('the network block works: a request made under it is counted and fails (the test can fail)', () => {
    const attempts: string[] = [];
    const restore = blockNetwork(attempts);
    try {
      assert.throws(() => https.get('https://example.com/'));
      assert.throws(() => dns.lookup('example.com', () => {}));
    } finally {
      restore();
    }
    assert.deepEqual(attempts, ['https.get', 'dns.lookup']);
  });

  it('CLI in-process: scans the hostile workspace on one thread without a connection or running its code', async () => {
    const { dir, marker, outside } = hostileWorkspace();
    const attempts: string[] = [];
    const restore = blockNetwork(attempts);
    let stdout = '';
    let stderr = '';
    try {
      const io: CliIO = { cwd: dir, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
      for (const format of ['json', 'sarif']) assert.equal(await runCli(['scan', '.', '--format', format, '--jobs', '1'], io), 1, stderr);
    } finally {
      restore();
    }
    assert.deepEqual(attempts, []);
    assert.equal(existsSync(marker), false, 'no workspace file was executed');
    const report = JSON.parse(stdout.slice(0, stdout.indexOf('\n}\n') + 2)) as { findings: { path: string; ruleId: string }[]; skipped: { relativePath: string }[] };
    const paths = [...new Set(report.findings.map((f) => f.path))].sort();
    assert.deepEqual(paths, ['Dockerfile', 'src/app.js', 'src/settings.py'].filter((p) => paths.includes(p)));
    assert.ok(paths.includes('src/app.js') && paths.includes('src/settings.py'));
    for (const p of [...paths, ...report.skipped.map((s) => s.relativePath)]) {
      assert.ok(!p.startsWith('..') && !p.startsWith('/'), `${p} is inside the workspace`);
    }
    assert.ok(!stdout.includes(outside), 'nothing outside the workspace is read or named');
  });

  it('language server in-process: open documents and a workspace scan, no connection, no code run', async () => {
    const { dir, marker } = hostileWorkspace();
    const attempts: string[] = [];
    const restore = blockNetwork(attempts);
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(dir).toString(), { initializationOptions: { workspaceTrusted: true } });
      const app = pathToFileURL(join(dir, 'src', 'app.js')).toString();
      const { diagnostics } = await lsp.open(app, readFileSync(join(dir, 'src', 'app.js'), 'utf8'), 'javascript');
      assert.ok(diagnostics.some((d) => d.code === 'aws-access-key-id'));
      await lsp.hover(app, diagnostics[0]!.range.start);
      await lsp.codeActions(app, diagnostics);
      await lsp.open(pathToFileURL(join(dir, '.warden', 'ruleset.js')).toString(), readFileSync(join(dir, '.warden', 'ruleset.js'), 'utf8'), 'javascript');
      const scan = (await lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, {})) as { files: number };
      assert.ok(scan.files > 3, `${scan.files} files scanned`);
    } finally {
      await lsp.shutdown();
      restore();
    }
    assert.deepEqual(attempts, []);
    assert.equal(existsSync(marker), false, 'no workspace file was executed');
  });

  it('ignore globs pointing outside the workspace are refused; rule path filters aimed outside match nothing', async () => {
    const { dir } = hostileWorkspace();
    for (const [field, yaml] of [
      ['ignorePaths', 'ignorePaths: ["../outside/**"]'],
      ['ignorePaths', 'ignorePaths: ["/etc/**"]'],
    ] as const) {
      writeFileSync(join(dir, '.warden', 'ruleset.yaml'), `${yaml}\n`);
      let stderr = '';
      const code = await runCli(['scan', '.'], { cwd: dir, stdout: () => {}, stderr: (t) => void (stderr += t) });
      assert.equal(code, 2, yaml);
      assert.match(stderr, new RegExp(`${field}.*(relative to the workspace|inside the workspace|outside)`), stderr);
    }
    // A rule's path filter only narrows workspace-relative paths: one aimed outside matches nothing.
    writeFileSync(join(dir, '.warden', 'ruleset.yaml'), 'rules:\n  eval-non-literal: { severity: error, paths: { include: ["../**", "/tmp/**"] } }\n');
    let stdout = '';
    assert.equal(await runCli(['scan', '.', '--format', 'json'], { cwd: dir, stdout: (t) => void (stdout += t), stderr: () => {} }), 1);
    const findings = (JSON.parse(stdout) as { findings: { path: string; ruleId: string }[] }).findings;
    assert.deepEqual(findings.filter((f) => f.ruleId === 'eval-non-literal'), []);
    assert.ok(findings.every((f) => !f.path.startsWith('..') && !f.path.startsWith('/') && !f.path.startsWith('link-to-outside')));
  });

  it('bundled CLI in a child process with the preload, on worker threads too', function () {
    assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'npm run build makes dist/cli.js');
    const { dir, marker } = hostileWorkspace();
    // Enough files for the CLI to start its worker pool (it uses one worker per 64 files).
    for (let i = 0; i < 200; i++) writeFileSync(join(dir, 'src', `gen${i}.js`), `const k${i} = '${AWS}';\n`);
    const log = join(dir, '..', 'net.log');
    const result = spawnSync(process.execPath, ['--require', PRELOAD, join(ROOT, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--jobs', '2'], {
      cwd: dir, env: { ...process.env, WARDEN_NET_LOG: log }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(result.status, 1, result.stderr);
    const loaded = readFileSync(`${log}.loaded`, 'utf8').split('\n').filter(Boolean);
    assert.ok(loaded.includes('main') && loaded.includes('worker'), `the preload ran in: ${loaded.join(', ')}`);
    assert.equal(existsSync(log) ? readFileSync(log, 'utf8') : '', '', 'no network entry point was called');
    assert.equal(existsSync(marker), false);
    const report = JSON.parse(result.stdout) as { findings: unknown[] };
    assert.ok(report.findings.length >= 200);
  });

  it('the preload catches a child process that does reach for the network (the test can fail)', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'warden-net-')), 'net.log');
    spawnSync(process.execPath, ['--require', PRELOAD, '-e', "try { require('https').get('https://example.com') } catch {}"], { env: { ...process.env, WARDEN_NET_LOG: log } });
    assert.equal(readFileSync(log, 'utf8'), 'https.request\n');
  });

  it('bundled server in a child process with the preload: documents, a big one on its worker thread, a workspace scan', async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'server.js')), 'npm run build makes dist/server.js');
    const { dir, marker } = hostileWorkspace();
    const log = join(dir, '..', 'net.log');
    const child = spawn(process.execPath, ['--require', PRELOAD, join(ROOT, 'dist', 'server.js'), '--stdio'], {
      env: { ...process.env, WARDEN_NET_LOG: log }, stdio: ['pipe', 'pipe', 'inherit'],
    });
    const rpc = createMessageConnection(quietReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published = new Map<string, (p: PublishDiagnosticsParams) => void>();
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => published.get(p.uri)?.(p));
    rpc.onNotification(() => {});
    rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    rpc.onRequest(() => null);
    rpc.listen();
    try {
      const root = pathToFileURL(dir).toString();
      await rpc.sendRequest('initialize', {
        processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'ws' }],
        capabilities: { workspace: { configuration: true, workspaceFolders: true } }, initializationOptions: { workspaceTrusted: true },
      });
      await rpc.sendNotification('initialized', {});
      const open = (name: string, text: string) => new Promise<PublishDiagnosticsParams>((resolve) => {
        const uri = pathToFileURL(join(dir, name)).toString();
        published.set(uri, resolve);
        void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text } });
      });
      const line = 'export function handler42(a, b) { return compute(a, b) + normalise(a) * 3; }\n';
      const [small, big] = await Promise.all([
        open('src/app.js', readFileSync(join(dir, 'src', 'app.js'), 'utf8')),
        open('src/big.js', `${line.repeat(4000)}const accessKeyId = '${AWS}';\n`),
      ]);
      assert.ok(small.diagnostics.length > 0 && big.diagnostics.some((d) => d.code === 'aws-access-key-id'));
      await rpc.sendRequest(SCAN_WORKSPACE_REQUEST, {});
    } finally {
      rpc.dispose();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    const loaded = readFileSync(`${log}.loaded`, 'utf8').split('\n').filter(Boolean);
    assert.ok(loaded.includes('main') && loaded.includes('worker'), `the preload ran in: ${loaded.join(', ')}`);
    assert.equal(existsSync(log) ? readFileSync(log, 'utf8') : '', '', 'no network entry point was called');
    assert.equal(existsSync(marker), false, 'no workspace file was executed');
  });
});
