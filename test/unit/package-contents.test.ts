import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
  /^dist\/(client|server|warden-server|cli|warden-cli|warden-cli-light|scan-worker|scan-worker-light|re2js|yaml|ajv|tree-sitter-wasm|typescript-estree|scslre|oxc-deserialize)\.js$/,
  /^dist\/oxc\/parser\.[a-z0-9-]+\.node$/,
  /^dist\/oxc-wasm\/(parser\.wasi\.cjs|wasi-worker\.mjs|parser\.wasm32-wasi\.wasm)$/,
  /^dist\/tree-sitter(-(python|java|php|go|c-sharp|ruby|embedded_template))?\.wasm$/,
  /^lessons\/[a-z0-9-]+\.md$/,
  /^snippets\/[a-z0-9-]+\.(json|code-snippets)$/,
  /^schemas\/[a-z0-9.-]+\.json$/,
  /^media\/[a-z0-9.-]+\.(png|svg)$/,
  /^walkthrough\/[a-z0-9.-]+\.(md|png|svg)$/,
];

function check(files: string[]): void {
  const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.deepEqual(unexpected, [], 'only whitelisted files are packaged');
  for (const needed of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/warden-server.js', 'dist/cli.js', 'dist/warden-cli.js', 'dist/warden-cli-light.js', 'dist/scan-worker.js', 'dist/scan-worker-light.js', 'dist/re2js.js', 'dist/yaml.js', 'dist/ajv.js', 'dist/tree-sitter-wasm.js', 'dist/typescript-estree.js', 'dist/scslre.js', 'dist/oxc-deserialize.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) assert.ok(files.includes(needed), needed);
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
    check(inside.map((f) => (f === 'readme.md' ? 'README.md' : f === 'changelog.md' ? 'CHANGELOG.md' : f === 'LICENSE.txt' ? 'LICENSE' : f)));
  });

  it('every relative link and image in README.md (the Marketplace page) points to a file the .vsix ships', () => {
    const shipped = new Set(execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n').map((l) => l.trim()).filter(Boolean));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
    const targets = [
      ...[...readme.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
      ...[...readme.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!),
      ...[...readme.matchAll(/<(?:img|a|source)\b[^>]*\b(?:src|href|srcset)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!),
    ];
    const relative = targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'));
    assert.ok(relative.length > 0, 'the check sees at least one link (CHANGELOG.md)');
    const broken = relative.filter((t) => {
      const file = decodeURIComponent(t.split('#')[0]!.split('?')[0]!).replace(/^\.\//, '');
      return !shipped.has(file);
    });
    assert.deepEqual(broken, [], 'links to files that are not in the .vsix');
  });

  it('has the Marketplace metadata: icon (a PNG of at least 128×128), repository, keywords, banner, changelog', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, any>;
    const icon = readFileSync(join(ROOT, manifest.icon as string));
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'at least 128×128');
    assert.match(manifest.repository.url, /^https:\/\//);
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'vsce accepts at most 30 keywords');
    assert.match(manifest.galleryBanner.color, /^#[0-9A-Fa-f]{6}$/);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'), 'the changelog has the current version');
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
      check(inside.map((f) => (f === 'readme.md' ? 'README.md' : f === 'changelog.md' ? 'CHANGELOG.md' : f === 'LICENSE.txt' ? 'LICENSE' : f)));
      const parsers = inside.filter((f) => f.startsWith('dist/oxc'));
      assert.deepEqual(parsers.sort(), triple === 'wasm32-wasi'
        ? ['dist/oxc-wasm/parser.wasi.cjs', 'dist/oxc-wasm/parser.wasm32-wasi.wasm', 'dist/oxc-wasm/wasi-worker.mjs']
        : [`dist/oxc/parser.${triple}.node`], file);
      if (triple === 'wasm32-wasi') {
        // The WASI thread script loads with nothing installed around it: its runtime is inside it, not
        // looked up by name in a node_modules (which an installed extension does not have).
        const alone = mkdtempSync(join(tmpdir(), 'warden-wasi-worker-'));
        try {
          writeFileSync(join(alone, 'wasi-worker.mjs'), execFileSync('unzip', ['-p', join(dir, file), 'extension/dist/oxc-wasm/wasi-worker.mjs']));
          const loaded = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(alone, 'wasi-worker.mjs')).href)}); console.log('loaded')`], { cwd: alone, encoding: 'utf8' });
          assert.equal(loaded.stdout.trim(), 'loaded', `${file}: wasi-worker.mjs loads on its own (${loaded.stderr.split('\n')[0]})`);
        } finally {
          rmSync(alone, { recursive: true, force: true });
        }
      }
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
