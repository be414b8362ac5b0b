import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** What the extension needs at run time: the bundles (the parser loaded on demand) and the data they read. Nothing else. */
const ALLOWED = [
  /^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/,
  /^dist\/(client|server|cli|parser)\.js$/,
  /^dist\/tree-sitter(-(python|java|php|go|c-sharp|ruby))?\.wasm$/,
  /^lessons\/[a-z0-9-]+\.md$/,
  /^snippets\/[a-z0-9-]+\.(json|code-snippets)$/,
  /^schemas\/[a-z0-9.-]+\.json$/,
  /^media\/[a-z0-9.-]+\.(png|svg)$/,
  /^walkthrough\/[a-z0-9.-]+\.(md|png|svg)$/,
];

function check(files: string[]): void {
  const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.deepEqual(unexpected, [], 'only whitelisted files are packaged');
  for (const needed of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/parser.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) assert.ok(files.includes(needed), needed);
  assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.ts') || f.startsWith('node_modules/')), 'no source maps, sources or dependencies');
}

describe('supply chain: the .vsix', function () {
  this.timeout(60_000);

  it('vsce would package only the whitelisted bundles and data', () => {
    const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    check(out.split('\n').map((l) => l.trim()).filter(Boolean));
  });

  it('the built warden.vsix (npm run package), when present, holds the same whitelist', function () {
    const vsix = join(ROOT, 'warden.vsix');
    if (!existsSync(vsix)) this.skip();
    const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.endsWith('/'));
    const inside = listing.filter((l) => l.startsWith('extension/')).map((l) => l.slice('extension/'.length));
    assert.deepEqual(listing.filter((l) => !l.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
    check(inside.map((f) => (f === 'readme.md' ? 'README.md' : f === 'LICENSE.txt' ? 'LICENSE' : f)));
  });

  it('the lockfile is committed and pins every runtime dependency the bundles include', () => {
    const lock = JSON.parse(require('node:fs').readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string }> };
    for (const dep of ['vscode-languageclient', 'vscode-languageserver', 'vscode-languageserver-textdocument', '@typescript-eslint/typescript-estree', 'typescript', 'yaml', 'picomatch', 'ignore', 're2js', 'ajv']) {
      const entry = lock.packages[`node_modules/${dep}`];
      assert.ok(entry?.version && entry.integrity?.startsWith('sha512-'), `${dep} is pinned with an integrity hash`);
    }
  });
});
