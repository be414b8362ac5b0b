import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

  it('the lockfile is committed and pins every runtime dependency the bundles include', () => {
    const lock = JSON.parse(require('node:fs').readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string }> };
    for (const dep of ['vscode-languageclient', 'vscode-languageserver', 'vscode-languageserver-textdocument', '@typescript-eslint/typescript-estree', 'typescript', 'yaml', 'picomatch', 'ignore', 're2js', 'ajv']) {
      const entry = lock.packages[`node_modules/${dep}`];
      assert.ok(entry?.version && entry.integrity?.startsWith('sha512-'), `${dep} is pinned with an integrity hash`);
    }
  });
});
