import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point the extension host calls (the contract `@vscode/test-electron` and the offline launcher share):
 * runs every `*.test.js` beside this file and rejects when a test fails.
 */
export function run(): Promise<void> {
  console.log('warden-vscode-suite-started'); // the offline launcher shows output from here on
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    // A safety net only: tests wait for events, and this bounds a wait that never ends.
    timeout: 60_000,
    grep: process.env.WARDEN_VSCODE_GREP || undefined,
  });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} VS Code test(s) failed`)) : resolve()));
  });
}
