#!/usr/bin/env node
// `npm start`: the VS Code server with Warden loaded on a copy of demo/, for a browser on this machine.
// Prints the URL to open; Ctrl+C stops the server and everything it started.
//
//   npm start                 (PORT=8080 npm start to choose the port)
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAll } from './install.mjs';
import { startServer, workbenchUrl } from './server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (msg) => process.stderr.write(`[warden-vscode] ${msg}\n`);
/** The file the demo opens on: a hardcoded AWS key, a password and MD5, each with a finding. */
const DEMO_FILE = 'api/src/config.js';

if (!existsSync(path.join(root, 'dist', 'client.js'))) {
  log('dist/client.js is missing: run "npm run build" first');
  process.exit(2);
}
const env = ensureAll();
// A fresh copy each time, so fixes made during the demo never change the bundled demo.
const temp = mkdtempSync(path.join(tmpdir(), 'warden-demo-'));
const workspace = path.join(temp, 'warden-demo');
cpSync(path.join(root, 'demo'), workspace, { recursive: true });

let server;
let stopping;
const stop = (code) => {
  stopping ??= (async () => {
    await server?.stop().catch(() => {});
    rmSync(temp, { recursive: true, force: true });
    process.exit(code);
  })();
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(0));

try {
  server = await startServer(env, {
    dataDir: path.join(temp, 'data'),
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
  });
} catch (error) {
  log(`could not start the VS Code server: ${error instanceof Error ? error.message : error}`);
  stop(1);
}
if (server) {
  // The extension is loaded straight from this checkout (extension development mode), so a rebuild
  // and a reload of the page show your changes.
  // The page opens on a demo file with findings, not on an empty editor.
  const url = workbenchUrl(server.base, server.port, workspace, { extensionDevelopmentPath: root, openFile: path.join(workspace, DEMO_FILE) });
  process.stdout.write([
    '',
    'Warden demo is ready. Open this URL in a browser on this machine (copy it into the address bar):',
    '',
    `  ${url}`,
    '',
    `VS Code opens the demo project at ${DEMO_FILE}, with Warden's findings underlined; the Problems`,
    'panel (Ctrl+Shift+M) lists them all, and the light bulb on a finding offers its fix.',
    'Press Ctrl+C here to stop.',
    '',
  ].join('\n'));
  const watch = setInterval(() => {
    if (server.exited()) {
      log(server.exited());
      clearInterval(watch);
      stop(1);
    }
  }, 1000);
}
