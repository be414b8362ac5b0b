import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawTransferUnsupported } from '../../server/src/engine/rawTransfer';

const ROOT = join(__dirname, '..', '..', '..');
const PKG = join(ROOT, 'packages', 'cli');

/** npm as a newcomer runs it: none of the outer `npm run`'s settings leak in, and no registry is needed. */
function npm(args: string[], cwd: string, cache: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const [command, ...rest] = args;
  return spawnSync('npm', [command!, '--offline', '--cache', cache, '--no-audit', '--no-fund', '--no-update-notifier', ...rest], { cwd, env, encoding: 'utf8' });
}

describe('the publishable CLI package (packages/cli)', function () {
  this.timeout(180_000);
  let work: string;
  let tarball: string;

  before(() => {
    assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'npm run build makes dist/cli.js');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'cli-package.mjs')], { cwd: ROOT });
    work = mkdtempSync(join(tmpdir(), 'warden-pack-'));
    const packed = npm(['pack', '--json', '--pack-destination', work], PKG, join(work, 'cache'));
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info!.filename);
  });

  it('has a manifest npm can publish: bin, files, engines, the extension\'s version, no bundled dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.private, undefined);
    assert.deepEqual(manifest.bin, { warden: 'dist/cli.js' });
    assert.equal(manifest.engines.node, root.engines.node);
    assert.equal(manifest.version, root.version);
    assert.deepEqual(manifest.dependencies, {}, 'everything ships inside the bundles');
    // The native parser: every binding oxc-parser itself lists (the WebAssembly one ships inside the
    // package), each at exactly the lockfile's oxc-parser version, which the bundle was built against.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages as Record<string, { version: string; optionalDependencies?: Record<string, string> }>;
    const oxc = lock['node_modules/oxc-parser']!;
    const natives = Object.keys(oxc.optionalDependencies!).filter((n) => n !== '@oxc-parser/binding-wasm32-wasi').sort();
    assert.ok(natives.includes('@oxc-parser/binding-linux-x64-gnu') && natives.includes('@oxc-parser/binding-win32-x64-msvc') && natives.includes('@oxc-parser/binding-darwin-arm64'));
    assert.deepEqual(manifest.optionalDependencies, Object.fromEntries(natives.map((n) => [n, oxc.version])));
    for (const n of natives) if (lock[`node_modules/${n}`]) assert.equal(lock[`node_modules/${n}`]!.version, oxc.version, n);
    assert.ok(readFileSync(join(PKG, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n'), 'the bin has a shebang');
  });

  it('packs only the bundles and the data they read', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    const unexpected = listing.filter((f) => !/^(package\.json|README\.md|LICENSE|dist\/(cli|warden-cli|warden-cli-light|scan-worker|scan-worker-light|re2js|yaml|ajv|tree-sitter-wasm|typescript-estree|scslre|oxc-deserialize)\.js|dist\/tree-sitter(-[a-z_-]+)?\.wasm|dist\/oxc-wasm\/(parser\.wasi\.cjs|wasi-worker\.mjs|parser\.wasm32-wasi\.wasm)|lessons\/[a-z0-9-]+\.md|schemas\/[a-z0-9.-]+\.json)$/.test(f));
    assert.deepEqual(unexpected, []);
    for (const needed of ['dist/cli.js', 'dist/warden-cli.js', 'dist/warden-cli-light.js', 'dist/scan-worker.js', 'dist/scan-worker-light.js', 'dist/re2js.js', 'dist/yaml.js', 'dist/ajv.js', 'dist/tree-sitter-wasm.js', 'dist/typescript-estree.js', 'dist/scslre.js', 'dist/oxc-deserialize.js', 'dist/oxc-wasm/parser.wasi.cjs', 'dist/oxc-wasm/wasi-worker.mjs', 'dist/oxc-wasm/parser.wasm32-wasi.wasm', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'schemas/ruleset.schema.json', 'lessons/aws-access-key-id.md', 'LICENSE', 'README.md']) {
      assert.ok(listing.includes(needed), needed);
    }
  });

  it('installs globally from the tarball into an empty prefix with no warnings, and `warden scan` works', () => {
    const prefix = join(work, 'global');
    const installed = npm(['install', '-g', '--prefix', prefix, tarball], work, join(work, 'cache'));
    assert.equal(installed.status, 0, installed.stderr);
    assert.equal(installed.stderr.split('\n').filter((l) => /warn/i.test(l)).join('\n'), '', 'no install warnings');
    const warden = join(prefix, 'bin', 'warden');

    const project = join(work, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'src', 'config.ts'), "const accessKeyId = 'AKIAZ7QXS4D2L5RVN3KB';\nimport { createHash } from 'crypto';\nexport const h = createHash('md5');\n");
    writeFileSync(join(project, 'src', 'route.js'), "const EMAIL = /^([a-z0-9]+)+@x\\.com$/;\nmodule.exports = (s) => EMAIL.test(s);\n");
    writeFileSync(join(project, 'app.py'), 'import requests\nrequests.get(url, verify=False)\n');
    const env = { ...process.env, NO_COLOR: '1' };

    const text = spawnSync(warden, ['scan'], { cwd: project, encoding: 'utf8', env });
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /src\/config\.ts\n\s+1:22\s+error\s+aws-access-key-id\s+.*AKIA\*+/);
    assert.match(text.stdout, /3:\d+\s+warning\s+weak-hash/, 'the AST rules: the parser bundle loads from the package');
    assert.match(text.stdout, /src\/route\.js\n\s+1:15\s+warning\s+regex-dos/, 'the ReDoS checker bundle (dist/scslre.js) loads from the package');
    assert.match(text.stdout, /app\.py\n\s+2:\d+\s+warning\s+tls-verify-off/, 'the tree rules: tree-sitter and its grammars load from the package');
    assert.ok(!text.stdout.includes('AKIAZ7QXS4D2L5RVN3KB'), 'masked');
    assert.match(text.stdout, new RegExp(`weak-hash\\s+file://${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/lib/node_modules/warden-cli/lessons/weak-hash\\.md`), 'lessons ship with it');

    const sarif = spawnSync(warden, ['scan', '--format', 'sarif', '--output', 'warden.sarif'], { cwd: project, encoding: 'utf8', env });
    assert.equal(sarif.status, 1, sarif.stderr);
    const log = JSON.parse(readFileSync(join(project, 'warden.sarif'), 'utf8'));
    assert.equal(log.version, '2.1.0');
    const rule = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'weak-hash');
    assert.ok(rule.help.markdown.length > 100, 'the bundled lesson is the help text');

    writeFileSync(join(project, 'team.yaml'), 'rules:\n  weak-hash: error\n');
    const verify = spawnSync(warden, ['verify', 'team.yaml'], { cwd: project, encoding: 'utf8', env });
    assert.equal(verify.status, 0, verify.stderr + verify.stdout);
    const version = spawnSync(warden, ['--version'], { encoding: 'utf8' });
    // The version, then the parser this installation uses: offline npm could not fetch the optional
    // native binding, so the WebAssembly one the package ships.
    assert.equal(version.stdout.split('\n')[0], JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    assert.match(version.stdout.split('\n')[1]!, /^parser: oxc-parser [\d.]+ \(WebAssembly\) \(not loaded: no native oxc binding/);
    writeFileSync(join(project, 'src', 'config.ts'), 'export const ok = 1;\n');
    writeFileSync(join(project, 'app.py'), 'print(1)\n');
    rmSync(join(project, 'src', 'route.js'));
    rmSync(join(project, 'warden.sarif'));
    const clean = spawnSync(warden, ['scan', '--quiet'], { cwd: project, encoding: 'utf8', env });
    assert.deepEqual([clean.status, clean.stdout], [0, '']);
  });

  it('scans with worker threads from the package: the full scan and the light secrets-only scan find what one thread finds', () => {
    // The project of the test above is too small to start workers (a scan starts them from 128 files on),
    // so the workers' own bundles (dist/scan-worker.js, dist/scan-worker-light.js) and the packages they
    // load on first use would never be read from the package there.
    const prefix = join(work, 'global-threads');
    const installed = npm(['install', '-g', '--prefix', prefix, tarball], work, join(work, 'cache'));
    assert.equal(installed.status, 0, installed.stderr);
    const warden = join(prefix, 'bin', 'warden');
    const project = join(work, 'threads');
    mkdirSync(join(project, 'src'), { recursive: true });
    for (let i = 0; i < 140; i++) writeFileSync(join(project, 'src', `m${i}.js`), `export const n${i} = ${i};\n`);
    writeFileSync(join(project, 'src', 'config.ts'), "const accessKeyId = 'AKIAZ7QXS4D2L5RVN3KB';\nimport { createHash } from 'crypto';\nexport const h = createHash('md5');\n");
    writeFileSync(join(project, 'src', 'token.js'), "const jwt = require('jsonwebtoken');\nmodule.exports = (p) => jwt.sign(p, 'k');\n");
    writeFileSync(join(project, 'app.py'), 'import requests\nrequests.get(url, verify=False)\n');
    const env = { ...process.env, NO_COLOR: '1' };
    const scan = (...args: string[]) => {
      const r = spawnSync(warden, ['scan', '--format', 'json', ...args], { cwd: project, encoding: 'utf8', env });
      assert.equal(r.status, 1, r.stderr);
      return r.stdout;
    };
    const rulesOf = (json: string) => (JSON.parse(json) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).sort();

    const full = scan('--jobs', '2');
    assert.equal(full, scan('--jobs', '1'));
    for (const rule of ['aws-access-key-id', 'weak-hash', 'tls-verify-off', 'literal-jwt-key']) assert.ok(rulesOf(full).includes(rule), rule);

    const secrets = scan('--jobs', '2', '--category', 'credentials');
    assert.equal(secrets, scan('--jobs', '1', '--category', 'credentials'));
    assert.deepEqual([...new Set(rulesOf(secrets))], ['aws-access-key-id', 'literal-jwt-key'], 'the light worker parses and runs the AST credential rules');
  });

  it('uses the native binding npm installs from optionalDependencies, else the WebAssembly one it ships, else typescript-estree', function () {
    const triple = `${process.platform}-${process.arch}` === 'linux-x64' ? 'linux-x64-gnu' : undefined;
    const native = triple && join(ROOT, 'node_modules', '@oxc-parser', `binding-${triple}`);
    if (!native || !existsSync(native)) this.skip();
    const prefix = join(work, 'fallbacks');
    const installed = npm(['install', '-g', '--prefix', prefix, tarball], work, join(work, 'cache'));
    assert.equal(installed.status, 0, installed.stderr);
    const pkg = join(prefix, 'lib', 'node_modules', 'warden-cli');
    const parser = () => spawnSync(join(prefix, 'bin', 'warden'), ['--version'], { encoding: 'utf8' }).stdout.split('\n')[1];
    assert.match(parser()!, /^parser: oxc-parser [\d.]+ \(WebAssembly\)/);
    // What npm puts there on a machine that reaches the registry: the platform's binding package.
    cpSync(native, join(pkg, 'node_modules', '@oxc-parser', `binding-${triple}`), { recursive: true });
    // The installed `warden` runs on this Node: raw transfer where it can (22 or later), else JSON, and says why.
    const notRaw = rawTransferUnsupported();
    assert.equal(parser(), `parser: oxc-parser ${JSON.parse(readFileSync(join(native, 'package.json'), 'utf8')).version} (${triple}, ${notRaw ? `JSON transfer) (no raw transfer: ${notRaw})` : 'raw transfer)'}`);
    rmSync(join(pkg, 'node_modules'), { recursive: true, force: true });
    rmSync(join(pkg, 'dist', 'oxc-wasm'), { recursive: true, force: true });
    assert.match(parser()!, /^parser: @typescript-eslint\/typescript-estree [\d.]+ \(not loaded: .*WebAssembly binding did not load/);
  });

  it('runs with npx from the tarball', () => {
    const r = npm(['exec', '--yes', '--package', tarball, '--', 'warden', 'rules', '--category', 'transport', '--language', 'go'], work, join(work, 'cache'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^tls-verify-off\s+warning\s/m);
    assert.doesNotMatch(r.stdout, /^tls-verification-disabled\s/m, 'a JS/TS-only rule is not listed for Go');
  });
});
