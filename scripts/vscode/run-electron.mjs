#!/usr/bin/env node
// `npm run test:vscode:electron`: the same suite (out/test/vscode) in desktop VS Code, downloaded by
// @vscode/test-electron. Needs access to Microsoft's update service, so it is for desktops with a
// normal internet connection; CI and offline machines use run-offline.mjs.
//
//   VSCODE_VERSION=1.91.0 npm run test:vscode:electron     (default: stable)
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const testsIndex = path.join(root, 'out', 'test', 'vscode', 'index.js');
if (!existsSync(testsIndex) || !existsSync(path.join(root, 'dist', 'client.js'))) {
  console.error('run "npm run build" first');
  process.exit(2);
}
const temp = mkdtempSync(path.join(tmpdir(), 'warden-vscode-electron-'));
const workspace = path.join(temp, 'workspace');
cpSync(path.join(root, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: testsIndex,
    launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', path.join(temp, 'user')],
    extensionTestsEnv: { WARDEN_VSCODE_MODE: 'development', WARDEN_VSCODE_GREP: process.env.WARDEN_VSCODE_GREP ?? '' },
  });
} catch (error) {
  console.error(`VS Code tests failed: ${error instanceof Error ? error.message : error}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(code);
