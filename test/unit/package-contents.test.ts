import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** scripts/package.mjs's targets: vsce platform → the oxc binding it ships. */
const TARGETS: Record<string, string> = {
  'linux-x64': 'linux-x64-gnu', 'linux-arm64': 'linux-arm64-gnu', 'linux-armhf': 'linux-arm-gnueabihf', 'alpine-x64': 'linux-x64-musl',
  'alpine-arm64': 'linux-arm64-musl', 'darwin-x64': 'darwin-x64', 'darwin-arm64': 'darwin-arm64', 'win32-x64': 'win32-x64-msvc',
  'win32-arm64': 'win32-arm64-msvc', universal: 'wasm32-wasi',
};

/** What the extension needs at run time: the bundles (the parser loaded on demand) and the data they read. Nothing else. */
const ALLOWED = [
  /^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/,
  /^dist\/(client|server|cli|typescript-estree)\.js$/,
  /^dist\/oxc\/parser\.[a-z0-9-]+\.node$/,
  /^dist\/oxc-wasm\/(parser\.wasi\.cjs|wasi-worker\.mjs|parser\.wasm32-wasi\.wasm)$/,
  /^lessons\/[a-z0-9-]+\.md$/,
  /^snippets\/[a-z0-9-]+\.(json|code-snippets)$/,
  /^schemas\/[a-z0-9.-]+\.json$/,
  /^media\/[a-z0-9.-]+\.(png|svg)$/,
  /^walkthrough\/[a-z0-9.-]+\.(md|png|svg)$/,
];

function check(files: string[]): void {
  const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.deepEqual(unexpected, [], 'only whitelisted files are packaged');
  for (const needed of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/typescript-estree.js']) assert.ok(files.includes(needed), needed);
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

  it('each built .vsix (npm run package) is at most 8 MB, holds the whitelist and exactly its platform\'s parser binding', function () {
    const dir = join(ROOT, 'build', 'vsix');
    const built = existsSync(dir) ? readdirSync(dir).filter((f) => /^warden-[a-z0-9-]+\.vsix$/.test(f)) : [];
    if (built.length === 0) this.skip();
    for (const file of built) {
      const target = file.slice('warden-'.length, -'.vsix'.length);
      const triple = TARGETS[target];
      assert.ok(triple, `${file}: a known target`);
      assert.ok(statSync(join(dir, file)).size <= 8 * 1024 * 1024, `${file} is at most 8 MB`);
      const inside = execFileSync('unzip', ['-Z1', join(dir, file)], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith('extension/') && !l.endsWith('/')).map((l) => l.slice('extension/'.length));
      check(inside.map((f) => (f === 'readme.md' ? 'README.md' : f === 'LICENSE.txt' ? 'LICENSE' : f)));
      const parsers = inside.filter((f) => f.startsWith('dist/oxc'));
      assert.deepEqual(parsers.sort(), triple === 'wasm32-wasi'
        ? ['dist/oxc-wasm/parser.wasi.cjs', 'dist/oxc-wasm/parser.wasm32-wasi.wasm', 'dist/oxc-wasm/wasi-worker.mjs']
        : [`dist/oxc/parser.${triple}.node`], file);
      const manifest = execFileSync('unzip', ['-p', join(dir, file), 'extension.vsixmanifest'], { encoding: 'utf8' });
      if (target === 'universal') assert.doesNotMatch(manifest, /TargetPlatform=/, file);
      else assert.match(manifest, new RegExp(`TargetPlatform="${target}"`), file);
    }
  });

  it('the lockfile is committed and pins every runtime dependency the bundles include', () => {
    const lock = JSON.parse(require('node:fs').readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string }> };
    for (const dep of ['vscode-languageclient', 'vscode-languageserver', 'vscode-languageserver-textdocument', '@typescript-eslint/typescript-estree', 'typescript', 'yaml', 'picomatch', 'ignore', 're2js', 'ajv', 'oxc-parser', '@oxc-parser/binding-linux-x64-gnu', '@oxc-parser/binding-wasm32-wasi', '@napi-rs/wasm-runtime']) {
      const entry = lock.packages[`node_modules/${dep}`];
      assert.ok(entry?.version && entry.integrity?.startsWith('sha512-'), `${dep} is pinned with an integrity hash`);
    }
  });
});
