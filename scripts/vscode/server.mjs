// Starts the VS Code server (from code-server's lib/vscode) and a headless Chromium on its workbench,
// and stops both — whatever happens — through the returned `stop()`. Shared by the test launcher and
// the `npm start` demo.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';

const log = (msg) => process.stderr.write(`[warden-vscode] ${msg}\n`);

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = get(url, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Kills a whole process group: politely, then for sure. */
export async function killGroup(child, name) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  signal('SIGKILL'); // stragglers left in the group (extension host, language server, watchers)
  log(`${name} stopped`);
}

/** Installs a .vsix into an extensions folder with the server's own CLI. */
export function installVsix(env, vsix, extensionsDir) {
  const r = spawnSync(env.node, [path.join(env.vscodeDir, 'out', 'server-main.js'), '--install-extension', vsix,
    '--extensions-dir', extensionsDir, '--accept-server-license-terms'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`--install-extension failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Starts the server bound to 127.0.0.1 on a free port. `dataDir` holds its user, server and extension
 * data; its output goes to `<dataDir>/server.log`.
 */
export async function startServer(env, { dataDir, extensionsDir, port, extraEnv = {}, smokeTestDriver = true }) {
  port ??= await freePort();
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'server.log');
  const out = createWriteStream(logFile);
  const args = [
    path.join(env.vscodeDir, 'out', 'server-main.js'),
    '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--disable-workspace-trust', '--disable-telemetry',
    '--user-data-dir', path.join(dataDir, 'user'), '--server-data-dir', path.join(dataDir, 'server'),
    '--extensions-dir', extensionsDir ?? path.join(dataDir, 'extensions'),
  ];
  if (smokeTestDriver) args.push('--enable-smoke-test-driver');
  // detached: the server leads its own process group, so stopping it also stops every process it started.
  const child = spawn(env.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VSCODE_AGENT_FOLDER: path.join(dataDir, 'agent'), ...extraEnv },
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exitInfo;
  child.on('exit', (code, sig) => {
    exitInfo = `server exited (${code ?? sig}); see ${logFile}`;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await httpOk(`${base}/version`))) {
    if (exitInfo) throw new Error(exitInfo);
    if (Date.now() > deadline) {
      await killGroup(child, 'VS Code server');
      throw new Error(`VS Code server did not answer on ${base} within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, port, base, logFile, exited: () => exitInfo, stop: () => killGroup(child, 'VS Code server') };
}

/** Headless Debian Chromium driven by playwright-core; never downloads a browser. */
export async function launchChromium(executablePath, { headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless,
    // The launcher's own signal handlers stop the browser and the server together.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/**
 * The workbench URL that opens `folder` and, optionally, a file in an editor (`openFile`, an absolute
 * path: the web workbench's own payload key) and an extension in development mode with tests.
 */
export function workbenchUrl(base, port, folder, { extensionDevelopmentPath, extensionTestsPath, openFile } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (openFile) payload.push(['openFile', remote(openFile)]);
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
