import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

/**
 * The bundled CLI (dist/cli.js) runs the rest of itself, and its scan workers their bundle, from V8 code caches
 * in the user's cache folder (WARDEN_CODE_CACHE here): what it finds never depends on them.
 */
describe('the CLI run from V8 code caches (dist/cli.js)', function () {
  this.timeout(120_000);
  let dir: string;
  let project: string;
  let cache: string;
  before(function () {
    if (!existsSync(CLI)) this.skip(); // npm run build makes it (cli-package.test.ts checks that it does)
    dir = mkdtempSync(join(tmpdir(), 'warden-cli-cache-'));
    project = join(dir, 'project');
    cache = join(dir, 'cache');
    // Enough files that each of two scan workers analyses more than the 256 after which it writes its cache.
    for (let i = 0; i < 700; i++) {
      const folder = join(project, `m${i % 7}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `f${i}.js`), i % 50 === 0
        ? `const password = "t7Vq2Lm9Xz4Rk8Wp";\nconst key = "AKIAQ3EGUSNCXLR7P4WM";\nrequire('child_process').exec(process.argv[2]);\n`
        : `module.exports = function f${i}(a) { return a + ${i}; };\n`);
    }
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  const scan = (codeCache: string, ...args: string[]) => {
    const run = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json', '--jobs', '2', ...args], {
      cwd: project, encoding: 'utf8', env: { ...process.env, WARDEN_CODE_CACHE: codeCache },
    });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    return run.stdout;
  };
  const files = () => (existsSync(cache) ? readdirSync(cache).sort() : []);
  const stamps = () => files().map((f) => { const s = statSync(join(cache, f)); return `${f} ${s.ino} ${s.mtimeMs}`; });

  it('writes a cache per bundle on the first run, compiles from them after, and finds the same as without', () => {
    const reference = scan('off');
    assert.match(reference, /aws-access-key-id/);
    assert.deepEqual(files(), [], 'off: no cache folder');
    assert.equal(scan(cache), reference);
    assert.deepEqual(files().map((f) => f.replace(/-[0-9a-f]{32}-v8-.*$/, '')), ['scan-worker', 'warden-cli']);
    const written = stamps();
    assert.equal(scan(cache), reference);
    assert.deepEqual(stamps(), written, 'the caches were used, not written again');
  });

  it('a secrets-only scan uses its own bundles, and its main thread compiles under the flags it writes under', () => {
    const reference = scan('off', '--category', 'credentials');
    assert.equal(scan(cache, '--category', 'credentials'), reference);
    assert.ok(files().some((f) => f.startsWith('warden-cli-light-')), files().join());
    const written = stamps();
    for (let i = 0; i < 3; i++) assert.equal(scan(cache, '--category', 'credentials'), reference);
    // A cache V8 rejected (made under other flags: V8 11 puts one back whenever a worker's isolate is made) would be written again.
    assert.deepEqual(stamps(), written);
  });

  it('a damaged cache is rejected: the scan finds the same and writes a good one', () => {
    const reference = scan('off');
    const main = files().find((f) => f.startsWith('warden-cli-') && !f.startsWith('warden-cli-light-'))!;
    writeFileSync(join(cache, main), Buffer.from('not a code cache'), { mode: 0o600 });
    assert.equal(scan(cache), reference);
    assert.ok(statSync(join(cache, main)).size > 1000, 'written again');
  });
});
