import * as assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { BootResult } from '../../server/src/boot';

const BOOT = join(__dirname, '..', '..', 'server', 'src', 'boot.js');

/**
 * One start of a process that runs `main` through `runWithCodeCache` (writing its cache at once), as
 * the server does: in a process of its own, since V8 compiles a source it has already seen in this
 * process from memory and would never read the cache.
 */
function runWithCodeCache(main: string, dir: string | undefined, delayMs: number): BootResult {
  const script = `const r = require(${JSON.stringify(BOOT)}).runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(dir)}, ${delayMs});
setTimeout(() => process.stdout.write(JSON.stringify(r)), ${delayMs} + 50);`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as BootResult;
}

/** The server's loader (dist/server.js → boot.ts): a V8 code cache used only when nobody else could have written it. */
describe('the server bundle run from a V8 code cache (boot.ts)', function () {
  this.timeout(60_000);
  let dir: string;
  let main: string;
  let cache: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-boot-'));
    main = join(dir, 'bundle.js');
    cache = join(dir, 'cache');
    writeFileSync(main, `const path = require('node:path');\nfunction twice(x) { return [x, x]; }\nmodule.exports = { value: twice(21), base: path.basename(__filename), dir: path.basename(__dirname) };\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const written = async () => readdirSync(cache);

  it('runs the module as require would, writes the cache later, and compiles from it the next time', async () => {
    const first = runWithCodeCache(main, cache, 0);
    assert.equal(first.cache, 'miss');
    assert.deepEqual(first.exports, { value: [21, 21], base: 'bundle.js', dir: dir.split('/').pop() });
    const files = await written();
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^server-[0-9a-f]{32}-v8-.*\.cache$/);
    const second = runWithCodeCache(main, cache, 0);
    assert.equal(second.cache, 'hit');
    assert.deepEqual(second.exports, first.exports);
  });

  it('the analysis worker thread compiles from the cache the main thread wrote, and writes none itself', () => {
    // In one process, as the server and its worker are: the main thread writes the cache at once; a
    // worker thread (its own V8 isolate, so it compiles the source again) reads it with write: false.
    const worker = join(dir, 'worker.js');
    writeFileSync(worker, `const r = require(${JSON.stringify(BOOT)}).runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(cache)}, 0, { write: false });
require('node:worker_threads').parentPort.postMessage(r.cache);\n`);
    const script = `const { Worker } = require('node:worker_threads');
const onMain = require(${JSON.stringify(BOOT)}).runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(cache)}, 0).cache;
setTimeout(() => {
  const files = require('node:fs').readdirSync(${JSON.stringify(cache)}).length;
  new Worker(${JSON.stringify(worker)}).once('message', (inWorker) => process.stdout.write(JSON.stringify({ onMain, inWorker, files })));
}, 100);`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), { onMain: 'miss', inWorker: 'hit', files: 1 });
    assert.equal(readdirSync(cache).length, 1);
  });

  it('a reader that does not write (the analysis worker) leaves a missing cache missing', async () => {
    const script = `const r = require(${JSON.stringify(BOOT)}).runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(cache)}, 0, { write: false });
setTimeout(() => process.stdout.write(JSON.stringify(r.cache)), 100);`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(JSON.parse(child.stdout), 'miss');
    assert.deepEqual(await written(), []);
  });

  it('a bundle with characters outside ASCII is still read as UTF-8 (ASCII ones are read as Latin-1), cached or not', () => {
    // The build makes the server bundle ASCII; boot.ts reads ASCII bytes as Latin-1 (a plain copy) and
    // must not mangle any other bundle it is given.
    writeFileSync(main, `module.exports = { text: 'caf\u00e9 \u2026 \u{1f511}', written: 'café … 🔑' };\n`);
    for (const expected of ['miss', 'hit']) {
      const run = runWithCodeCache(main, cache, 0);
      assert.equal(run.cache, expected);
      assert.deepEqual(run.exports, { text: 'café … 🔑', written: 'café … 🔑' });
    }
  });

  it('without a folder it runs without a cache', () => {
    assert.deepEqual(runWithCodeCache(main, undefined, 0), { cache: 'off', exports: { value: [21, 21], base: 'bundle.js', dir: dir.split('/').pop() } });
  });

  it('a changed bundle never meets the old cache: it runs the new code and the old cache is removed', async () => {
    runWithCodeCache(main, cache, 0);
    const [old] = await written();
    writeFileSync(main, `module.exports = { value: 'changed' };\n`);
    const changed = runWithCodeCache(main, cache, 0);
    assert.deepEqual(changed, { cache: 'miss', exports: { value: 'changed' } });
    const files = await written();
    assert.equal(files.length, 1);
    assert.notEqual(files[0], old);
  });

  it('a damaged cache is rejected by V8, the module still runs, and a good cache is written again', async () => {
    runWithCodeCache(main, cache, 0);
    const [file] = await written();
    writeFileSync(join(cache, file!), Buffer.from('not a code cache at all'), { mode: 0o600 });
    assert.equal(runWithCodeCache(main, cache, 0).cache, 'miss');
    await written();
    assert.equal(runWithCodeCache(main, cache, 0).cache, 'hit');
  });

  it('a folder or a cache file that others can write is not used, nor written to', async function () {
    if (typeof process.getuid !== 'function') this.skip();
    mkdirSync(cache, { mode: 0o700 });
    chmodSync(cache, 0o777);
    const open = runWithCodeCache(main, cache, 0);
    assert.equal(open.cache, 'off');
    assert.match(open.untrusted!, /can be written by others/);
    assert.deepEqual(await written(), []);

    chmodSync(cache, 0o700);
    runWithCodeCache(main, cache, 0);
    const [file] = await written();
    chmodSync(join(cache, file!), 0o666);
    const shared = runWithCodeCache(main, cache, 0);
    assert.equal(shared.cache, 'off');
    assert.match(shared.untrusted!, /can be written by others/);
    assert.deepEqual(shared.exports, { value: [21, 21], base: 'bundle.js', dir: dir.split('/').pop() });
  });

  it("another user's folder or cache file is not used", async function () {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) this.skip(); // needs chown
    runWithCodeCache(main, cache, 0);
    const [file] = await written();
    chownSync(join(cache, file!), 4242, 4242);
    assert.match(runWithCodeCache(main, cache, 0).untrusted!, /belongs to another user/);
    chownSync(cache, 4242, 4242);
    assert.match(runWithCodeCache(main, cache, 0).untrusted!, /belongs to another user/);
  });

  it('a folder that cannot be made (a file in the way) runs without a cache', () => {
    writeFileSync(cache, 'a file');
    assert.equal(runWithCodeCache(main, join(cache, 'below'), 0).cache, 'off');
  });

  it("with no delay (the CLI's bundles) the caller writes the cache under the bundle's name, once it has run", () => {
    const named = (write: boolean) => {
      const script = `const r = require(${JSON.stringify(BOOT)}).runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(cache)}, null, { name: 'warden-cli' });
const before = require('node:fs').readdirSync(${JSON.stringify(cache)}).length;
${write ? 'r.writeCache?.();' : ''}
process.stdout.write(JSON.stringify({ cache: r.cache, writes: typeof r.writeCache, before }));`;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.equal(child.status, 0, child.stderr);
      return JSON.parse(child.stdout) as { cache: string; writes: string; before: number };
    };
    assert.deepEqual(named(false), { cache: 'miss', writes: 'function', before: 0 }, 'nothing is written until the caller asks');
    assert.deepEqual(readdirSync(cache), []);
    assert.deepEqual(named(true), { cache: 'miss', writes: 'function', before: 0 });
    assert.match(readdirSync(cache).join(), /^warden-cli-[0-9a-f]{32}-v8-.*\.cache$/);
    assert.deepEqual(named(true), { cache: 'hit', writes: 'undefined', before: 1 }, 'a hit has nothing to write');
  });

  it("a new build's cache replaces that bundle's older ones: the server's for every V8, the CLI's for this V8 only", () => {
    for (const keepOtherNodes of [false, true]) {
      rmSync(cache, { recursive: true, force: true });
      writeFileSync(main, `module.exports = 1;\n`);
      const run = (options: string) => {
        const child = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(BOOT)}).runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(cache)}, null, ${options}).writeCache()`], { encoding: 'utf8' });
        assert.equal(child.status, 0, child.stderr);
      };
      const options = JSON.stringify({ name: 'warden-cli', keepOtherNodes });
      run(options);
      const [mine] = readdirSync(cache);
      const thisV8 = mine!.slice(mine!.indexOf('-v8-'));
      const key = 'a'.repeat(32);
      const otherNode = `warden-cli-${key}-v8-0.0.0-other.cache`;
      const otherBundle = `warden-cli-light-${key}${thisV8}`;
      for (const other of [otherNode, otherBundle, `warden-cli-${key}${thisV8}`]) writeFileSync(join(cache, other), 'x', { mode: 0o600 });
      writeFileSync(main, `module.exports = 2;\n`);
      run(options);
      const left = readdirSync(cache).sort();
      const expected = [otherBundle, ...(keepOtherNodes ? [otherNode] : [])];
      assert.equal(left.length, expected.length + 1, left.join());
      for (const kept of expected) assert.ok(left.includes(kept), `${kept} (keepOtherNodes ${keepOtherNodes})`);
    }
  });
});

describe("the CLI's code-cache folder (cliCodeCacheDir)", () => {
  const { cliCodeCacheDir } = require(BOOT) as typeof import('../../server/src/boot');
  it('is WARDEN_CODE_CACHE when set, none when it is empty or off, else beside the remote rulesets in the user cache folder', () => {
    assert.equal(cliCodeCacheDir({ WARDEN_CODE_CACHE: '/x/y' }, '/home/u'), '/x/y');
    assert.equal(cliCodeCacheDir({ WARDEN_CODE_CACHE: '' }, '/home/u'), undefined);
    assert.equal(cliCodeCacheDir({ WARDEN_CODE_CACHE: 'off' }, '/home/u'), undefined);
    assert.equal(cliCodeCacheDir({}, '/home/u'), join('/home/u', '.cache', 'warden', 'code-cache'));
    assert.equal(cliCodeCacheDir({ XDG_CACHE_HOME: '/c' }, '/home/u'), join('/c', 'warden', 'code-cache'));
  });
});
