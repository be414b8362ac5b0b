import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheIdentity, ScanCache } from '../../server/src/cli/cache';
import { scanFiles, type FileReport } from '../../server/src/cli/scan';
import { endEarlyScanWorkers, startScanWorkersEarly, takeEarlyScanWorkers } from '../../server/src/cli/scanThreads';
import { walk } from '../../server/src/cli/walk';
import { createFingerprintKey } from '../../server/src/ruleset/fingerprintKey';
import { run } from '../helpers/cli';

const PASSWORD = 'Tr0ub4dor&3x!';

/** Folders the tests made, removed after them. */
const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A small Express project: a template rendered with request data, js-yaml 3, a suppression that expires, a password. */
function project(): string {
  const dir = tempDir('warden-scan-cache-');
  mkdirSync(join(dir, 'views'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'app', dependencies: { 'js-yaml': '^3.14.0', express: '^4.18.0' } }),
    'app.js': [
      "const express = require('express');",
      'const app = express();',
      "app.get('/profile', (req, res) => {",
      "  res.render('profile', { bio: req.body.bio });",
      '});',
    ].join('\n'),
    'views/profile.ejs': '<p><%- bio %></p>\n',
    'config.js': "const yaml = require('js-yaml');\nmodule.exports = (input) => yaml.load(input);\n",
    'reviewed.js': 'eval(code); // warden-ignore eval-non-literal -- reviewed by the team until 2026-12-10\n',
    'secret.js': `const dbPassword = '${PASSWORD}';\n`,
    'plain.js': 'eval(x);\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const JSON_SCAN = ['scan', '.', '--format', 'json', '--jobs', '1'];

async function cold(dir: string, extra: string[] = []): Promise<string> {
  return (await run([...JSON_SCAN, ...extra], dir)).stdout;
}

async function cached(dir: string, extra: string[] = []): Promise<{ stdout: string; reused: number; stderr: string }> {
  const { stdout, stderr } = await run([...JSON_SCAN, '--cache', '--verbose', ...extra], dir);
  const m = /cache: (\d+) of \d+ file/.exec(stderr);
  assert.ok(m, stderr);
  return { stdout, reused: Number(m[1]), stderr };
}

describe('warden scan --cache', function () {
  this.timeout(120_000);
  after(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives what a cold scan gives, after edits to files and to what crosses files (package.json, a handler rendering a template)', async () => {
    const dir = project();
    const reference = await cold(dir);
    const first = await cached(dir);
    assert.equal(first.stdout, reference);
    assert.equal(first.reused, 0);
    const second = await cached(dir);
    assert.equal(second.stdout, reference);
    // Every file but secret.js: without a fingerprint key a file with a credential is not stored.
    assert.equal(second.reused, 6);

    const findings = (out: string, path: string) => (JSON.parse(out) as { findings: { path: string }[] }).findings.filter((f) => f.path === path);
    // Only the handler changes (the template is judged by what it is rendered with), a file comes and one goes.
    writeFileSync(join(dir, 'app.js'), readFileSync(join(dir, 'app.js'), 'utf8').replace('req.body.bio', "'Hello'"));
    writeFileSync(join(dir, 'added.js'), 'eval(y);\n');
    rmSync(join(dir, 'plain.js'));
    const edited = await cold(dir);
    assert.notDeepEqual(findings(edited, 'views/profile.ejs'), findings(reference, 'views/profile.ejs'), 'the template is judged by its handler');
    const after = await cached(dir);
    assert.equal(after.stdout, edited);
    // package.json, config.js and reviewed.js are unchanged.
    assert.equal(after.reused, 3);

    // Only package.json changes: config.js is judged by the js-yaml version it allows.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { 'js-yaml': '^4.1.0', express: '^4.18.0' } }));
    const upgraded = await cold(dir);
    assert.notDeepEqual(findings(upgraded, 'config.js'), findings(edited, 'config.js'), 'config.js is judged by package.json');
    const afterUpgrade = await cached(dir);
    assert.equal(afterUpgrade.stdout, upgraded);
    // The project facts of every file under package.json changed: nothing is reused.
    assert.equal(afterUpgrade.reused, 0);
    assert.equal((await cached(dir)).stdout, upgraded);
  });

  it('re-reads a suppression on another day: its expiry depends on the date', async () => {
    const dir = project();
    const files = (await walk(dir, ['.'])).files;
    const file = join(dir, '.wardencache');
    const identity = cacheIdentity({ version: 'test', rulesetConfig: {}, maxFileSize: 2 << 20, script: __filename });
    const options = { rulesetConfig: {}, maxFileSize: 2 << 20, jobs: 1 };
    // As JSON: a stored report has no keys whose value is undefined.
    const plain = (reports: FileReport[]) => JSON.parse(JSON.stringify(reports.map(({ lines, ...rest }) => ({ ...rest, at: rest.findings.map((f) => lines.positionAt(f.start)) })))) as unknown;
    const before = plain(await scanFiles(files, { ...options, today: '2026-12-01' }));
    const expired = plain(await scanFiles(files, { ...options, today: '2026-12-31' }));
    assert.notDeepEqual(before, expired);

    const first = ScanCache.open(file, identity, undefined);
    assert.deepEqual(plain(await scanFiles(files, { ...options, today: '2026-12-01', cache: first })), before);
    first.save();
    const sameDay = ScanCache.open(file, identity, undefined);
    assert.deepEqual(plain(await scanFiles(files, { ...options, today: '2026-12-01', cache: sameDay })), before);
    assert.equal(sameDay.reused, 6);
    const later = ScanCache.open(file, identity, undefined);
    assert.deepEqual(plain(await scanFiles(files, { ...options, today: '2026-12-31', cache: later })), expired);
    // Only reviewed.js has a marker: the others are reused.
    assert.equal(later.reused, 5);
  });

  it('holds no secret; with a fingerprint key it keeps files with credentials too, keyed by it', async () => {
    const dir = project();
    const reference = await cold(dir);
    await cached(dir);
    assert.ok(!readFileSync(join(dir, '.wardencache'), 'utf8').includes(PASSWORD));
    createFingerprintKey(dir);
    const keyed = await cold(dir);
    assert.notEqual(keyed, reference, 'credential fingerprints are keyed now');
    const first = await cached(dir);
    assert.equal(first.stdout, keyed);
    assert.equal(first.reused, 0, 'a new key is another identity');
    const second = await cached(dir);
    assert.equal(second.stdout, keyed);
    // The key file itself is one of the files scanned.
    assert.equal(second.reused, 8);
    const text = readFileSync(join(dir, '.wardencache'), 'utf8');
    assert.ok(!text.includes(PASSWORD) && !text.includes(readFileSync(join(dir, '.warden', 'fingerprint.key'), 'utf8').trim()));
  });

  it('ignores a damaged cache, one made for another --max-file-size, and never overwrites a file that is not one', async () => {
    const dir = project();
    const reference = await cold(dir);
    const file = join(dir, '.wardencache');
    writeFileSync(file, '{"format":"warden-scan-cache/1","identity":"x","entries":{"app.js":');
    const damaged = await cached(dir);
    assert.equal(damaged.stdout, reference);
    assert.match(damaged.stderr, /the cache is damaged/);
    assert.equal((await cached(dir)).reused, 6, 'written afresh');

    const other = await cached(dir, ['--max-file-size', '100']);
    assert.match(other.stderr, /another Warden build, Node, ruleset or --max-file-size/);
    assert.equal(other.reused, 0);

    const foreign = join(dir, 'notes.json');
    writeFileSync(foreign, '{"keep": true}\n');
    const notOurs = await cached(dir, ['--cache-location', 'notes.json']);
    assert.match(notOurs.stderr, /not a Warden cache/);
    assert.equal(readFileSync(foreign, 'utf8'), '{"keep": true}\n');
    // A stored report of the wrong shape is a miss, never a result.
    const good = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, { report: unknown }> };
    good.entries['plain.js']!.report = { relativePath: 'plain.js', findings: 'none' };
    writeFileSync(file, JSON.stringify(good));
    const tampered = await cached(dir, ['--max-file-size', '100']);
    assert.equal(tampered.stdout, await cold(dir, ['--max-file-size', '100']));
    assert.equal(tampered.reused, 5);
  });

  it('is the same on worker threads, with the files left to analyse split between them', async () => {
    const dir = tempDir('warden-scan-cache-threads-');
    for (let i = 0; i < 150; i++) writeFileSync(join(dir, `f${i}.js`), i % 3 === 0 ? `eval(x${i});\n` : `const a${i} = ${i};\n`);
    const reference = await cold(dir);
    const threads = ['--jobs', '2'];
    assert.equal((await run([...JSON_SCAN, ...threads, '--cache'], dir)).stdout, reference);
    for (let i = 0; i < 140; i++) writeFileSync(join(dir, `f${i}.js`), i % 2 === 0 ? `eval(y${i});\n` : `const b${i} = ${i};\n`);
    const edited = await cold(dir);
    const warm = await run([...JSON_SCAN, ...threads, '--cache', '--verbose'], dir);
    assert.equal(warm.stdout, edited);
    assert.match(warm.stderr, /cache: 10 of 150 file/);
  });

  it('the CLI entry starts no early worker threads when there is a cache to reuse', () => {
    const dir = tempDir('warden-scan-cache-early-');
    const script = join(__dirname, '..', '..', 'server', 'src', 'cli', 'scan.js');
    const started = (args: string[]) => {
      startScanWorkersEarly(['scan', '--jobs', '2', ...args], script);
      const workers = takeEarlyScanWorkers(2);
      for (const w of workers ?? []) void w.terminate();
      endEarlyScanWorkers();
      return workers?.length;
    };
    const file = join(dir, 'scan.cache');
    assert.equal(started(['--cache', '--cache-location', file]), 2, 'no cache yet: every file is analysed');
    writeFileSync(file, '{"format":"warden-scan-cache/1","identity":"","entries":{}}');
    assert.equal(started(['--cache', `--cache-location=${file}`]), undefined);
    assert.equal(started(['--cache-location', file]), 2, 'without --cache the file is not used');
    writeFileSync(file, '{"not": "a cache"}');
    assert.equal(started(['--cache', '--cache-location', file]), 2);
  });

  it('says when --cache-location comes without --cache or --cache with --history', async () => {
    const dir = project();
    assert.equal((await run(['scan', '.', '--cache-location', 'x'], dir)).code, 2);
    assert.equal((await run(['scan', '--history', '--cache'], dir)).code, 2);
  });
});
