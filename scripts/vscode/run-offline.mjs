#!/usr/bin/env node
// `npm run test:vscode`: runs test/vscode (compiled to out/test/vscode) inside a real VS Code without
// internet: the VS Code server from the `code-server` npm package, Debian's Chromium on its workbench.
// Installs what is missing (cached under ~/.cache/warden-vscode), and stops every process it started.
//
//   node scripts/vscode/run-offline.mjs [--grep PATTERN] [--keep-temp]
//   node scripts/vscode/run-offline.mjs --package            packages a .vsix and tests it installed
//   node scripts/vscode/run-offline.mjs --vsix warden.vsix   tests a given .vsix installed
//
// With a .vsix, Warden is installed with the server's --install-extension (as a user would) and only
// the scenarios that prove the package are run (PACKAGE_GREP): it activates, reports findings, and
// carries its snippets and walkthrough — which proves .vscodeignore keeps what the extension needs.
// Screenshots and logs land in test-artifacts/vscode/ (test-artifacts/vscode-vsix/ for a .vsix).
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAll } from './install.mjs';
import { installVsix, launchChromium, startServer, workbenchUrl } from './server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const packageIt = argv.includes('--package');
let vsix = option('--vsix') && path.resolve(option('--vsix'));
const PACKAGE_GREP = 'shows the planted findings|inserts a contributed snippet|contributes a walkthrough|explains a finding on hover';
const grep = option('--grep') ?? (vsix || packageIt ? PACKAGE_GREP : undefined);
const keepTemp = argv.includes('--keep-temp');
const SUITE_TIMEOUT_MS = Number(process.env.WARDEN_VSCODE_TIMEOUT_MS || 20 * 60_000);

const log = (msg) => process.stderr.write(`[warden-vscode] ${msg}\n`);
const artifacts = path.join(root, 'test-artifacts', option('--vsix') || argv.includes('--package') ? 'vscode-vsix' : 'vscode');

const testsIndex = path.join(root, 'out', 'test', 'vscode', 'index.js');
for (const needed of [path.join(root, 'dist', 'client.js'), path.join(root, 'dist', 'server.js'), testsIndex]) {
  if (!existsSync(needed)) {
    log(`${path.relative(root, needed)} is missing: run "npm run build" first`);
    process.exit(2);
  }
}

const started = Date.now();
const env = ensureAll();
const installSeconds = env.installSeconds;

const temp = mkdtempSync(path.join(tmpdir(), 'warden-vscode-'));
const workspace = path.join(temp, 'workspace');
cpSync(path.join(root, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

let server;
let browser;
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (server?.logFile && existsSync(server.logFile)) cpSync(server.logFile, path.join(artifacts, 'server.log'));
    if (!keepTemp) rmSync(temp, { recursive: true, force: true });
    else log(`kept ${temp}`);
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

const NOISE = /^\[[A-Za-z][\w .:-]*\]/;
const SUITE_STARTED = 'warden-vscode-suite-started';
let suiteStarted = false;
const consoleLog = createWriteStream(path.join(artifacts, 'console.log'));

let exitCode = 1;
try {
  const extensionsDir = path.join(temp, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  let developmentPath = root;
  if (packageIt) {
    // The platform .vsix for this machine, with its native parser binding (scripts/package.mjs).
    const target = `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
    vsix = path.join(root, 'build', 'vsix', `warden-${target}.vsix`);
    log(`packaging warden-${target}.vsix (scripts/package.mjs)`);
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), target], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`packaging failed:\n${r.stdout}\n${r.stderr}`);
  }
  if (vsix) {
    // Prove the package: install the .vsix like a user would and load a do-nothing development
    // extension, so only the installed Warden can answer.
    log(`installing ${path.relative(root, vsix)}`);
    log(installVsix(env, vsix, extensionsDir).trim());
    developmentPath = path.join(temp, 'host-extension');
    mkdirSync(developmentPath);
    writeFileSync(path.join(developmentPath, 'package.json'), JSON.stringify({
      name: 'warden-test-host', publisher: 'warden-test', version: '0.0.0', engines: { vscode: '*' },
    }));
  }
  server = await startServer(env, {
    dataDir: path.join(temp, 'data'),
    extensionsDir,
    extraEnv: {
      WARDEN_VSCODE_ARTIFACTS: artifacts,
      WARDEN_VSCODE_GREP: grep ?? '',
      WARDEN_VSCODE_MODE: vsix ? 'vsix' : 'development',
    },
  });
  log(`VS Code server on ${server.base}`);
  browser = await launchChromium(env.chromium);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

  let resolveExit;
  const suiteExit = new Promise((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    // Screenshot requests from the suite: "warden-screenshot <name>"; the suite waits for the file.
    const shot = /^warden-screenshot ([a-z0-9-]+)$/.exec(text.trim());
    if (shot) {
      void (async () => {
        // A webview (the lesson view) renders after its tab opens: let it finish first.
        if (await page.locator('iframe.webview').count()) {
          await page.locator('iframe.webview.ready').first().waitFor({ timeout: 10_000 }).catch(() => {});
          for (const frame of page.frames()) await frame.waitForLoadState('load').catch(() => {});
        }
        await page.screenshot({ path: path.join(artifacts, `${shot[1]}.png`) });
      })().catch((e) => log(`screenshot failed: ${e}`));
      return;
    }
    consoleLog.write(`${type}: ${text}\n`);
    // The workbench's own chatter (start-up, marketplace, chat, accounts) goes to the log file only:
    // the terminal shows what the suite prints once it has started.
    if (text === SUITE_STARTED) suiteStarted = true;
    else if (suiteStarted && !NOISE.test(text) && !/^getaddrinfo|^\s+at .*https?:\/\/127\.0\.0\.1/.test(text)) process.stdout.write(`${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  page.on('pageerror', (e) => log(`page error: ${e.message}`));

  const url = workbenchUrl(server.base, server.port, workspace, { extensionDevelopmentPath: developmentPath, extensionTestsPath: testsIndex });
  await page.goto(url);
  let timer;
  let serverWatch;
  const outcome = await Promise.race([
    suiteExit,
    new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS))),
    new Promise((resolve) => (serverWatch = setInterval(() => server.exited() && resolve('server-exit'), 1000))),
  ]);
  clearTimeout(timer);
  clearInterval(serverWatch);
  if (outcome === 'timeout') {
    log(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
    await page.screenshot({ path: path.join(artifacts, 'timeout.png') }).catch(() => {});
  } else if (outcome === 'server-exit') {
    log(server.exited());
  } else {
    exitCode = outcome;
  }
} catch (error) {
  log(`failed: ${error instanceof Error ? error.stack : error}`);
  exitCode = 1;
} finally {
  await cleanup();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
log(`${exitCode === 0 ? 'passed' : 'FAILED'} in ${seconds} s (install/check ${installSeconds.toFixed(1)} s)`);
process.exit(exitCode);
