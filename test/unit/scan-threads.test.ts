import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { batchBytes, metadataOnlyRules, scanFiles, type FileReport } from '../../server/src/cli/scan';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { analyze } from '../../server/src/engine/engine';
import type { AstRule } from '../../server/src/engine/ast';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { batchCompilerFlags, endEarlyScanWorkers, INTERRUPT_BUDGET, lightScan, lightScanArguments, lightScanFlags, MAGLEV_INVOCATIONS, scanWorkerCount, scanWorkerResourceLimits, SCAN_WORKER_YOUNG_GENERATION_MB, startScanWorkersEarly, takeEarlyScanWorkers } from '../../server/src/cli/scanThreads';
import { STACK_MB } from '../../server/src/engine/parseThreadSpawn';
import { walk } from '../../server/src/cli/walk';
import { parseArgs } from '../../server/src/cli/args';

const ROOT = join(__dirname, '..', '..', '..');
/** The compiled scan.ts: unbundled, the scan workers run it (in the bundle, dist/cli.js). */
const SCAN_SCRIPT = join(ROOT, 'out', 'server', 'src', 'cli', 'scan.js');

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-scan-threads-'));
  // At least 128 files: fewer are analysed on the main thread.
  for (let i = 0; i < 140; i++) {
    // Every seventh is parsed by a credential AST rule: a light scan's main thread hands those to its worker.
    writeFileSync(join(dir, `f${i}.js`), i % 3 === 0 ? `eval(x${i});\n` : i % 5 === 0 ? `const password = "Pl4inT3xt-${i}-Secret!";\n` : i % 7 === 1 ? `jwt.sign(payload, 'k3y-${i}-two');\n` : `const a${i} = ${i};\n`);
  }
  return dir;
}

const plain = (reports: FileReport[]) => reports.map(({ lines, ...rest }) => ({ ...rest, at: rest.findings.map((f) => lines.positionAt(f.start)) }));

describe('scan worker threads started by the CLI entry before the bundle loads', () => {
  afterEach(() => endEarlyScanWorkers());

  it('starts them for `warden scan` on more than one thread only', () => {
    const started = (args: string[], count: number, light = false) => {
      startScanWorkersEarly(args, SCAN_SCRIPT);
      const workers = takeEarlyScanWorkers(count, light);
      for (const w of workers ?? []) void w.terminate();
      return workers?.length;
    };
    assert.equal(started(['scan', '--jobs', '2'], 2), 2);
    assert.equal(started(['scan', 'src', '--jobs=3', '--format', 'json'], 3), 3);
    assert.equal(started(['scan', '--jobs', '1'], 1), undefined);
    assert.equal(started(['scan', '--jobs=1'], 1), undefined);
    assert.equal(started(['scan', '--jobs', '2', '--help'], 2), undefined);
    assert.equal(started(['scan', '-h', '--jobs', '2'], 2), undefined);
    assert.equal(started(['scan', '--history', '--jobs', '2'], 2), undefined);
    assert.equal(started(['rules', '--jobs', '2'], 2), undefined);
    assert.equal(started(['verify', '--jobs', '2'], 2), undefined);
    // Another count than the scan's own: not used (the scan starts its own).
    assert.equal(started(['scan', '--jobs', '3'], 2), undefined);
    // A light scan's main thread analyses too: one worker fewer.
    assert.equal(started(['scan', '--jobs', '2', '--category', 'credentials'], 1, true), 1);
    assert.equal(started(['scan', '--jobs=3', '--category=Credentials'], 2, true), 2);
    assert.equal(started(['scan', '--jobs', '1', '--category', 'credentials'], 1, true), undefined);
    // They run the light scan's worker bundle (`scanWorkerScript`): a scan that is not light cannot use them.
    assert.equal(started(['scan', '--jobs=3', '--category=Credentials'], 2, false), undefined);
    assert.equal(started(['scan', '--jobs', '2', '--category', 'credentials,crypto'], 2), 2);
  });

  it('calls only a scan of credentials light, and gives it one worker fewer than threads', () => {
    assert.equal(lightScan(['credentials']), true);
    assert.equal(lightScan(undefined), false);
    assert.equal(lightScan([]), false);
    assert.equal(lightScan(['credentials', 'injection']), false);
    assert.deepEqual([1, 2, 3, 4].map((t) => scanWorkerCount(t, true)), [0, 1, 2, 3]);
    assert.deepEqual([1, 2, 3, 4].map((t) => scanWorkerCount(t, false)), [0, 2, 3, 4]);
  });

  it("reads --category from the command line as the command's own parser does: the last one given counts", () => {
    const rows: [string[], boolean][] = [
      [['scan', '--category', 'credentials'], true],
      [['scan', '--category', 'credentials', '--category', 'injection'], false],
      [['scan', '--category=credentials', '--category', 'credentials,injection'], false],
      [['scan', '--category', 'injection', '--category=credentials'], true],
      [['scan', '--category', 'injection', 'src', '--category', 'Credentials', '--jobs', '2'], true],
      [['rules', '--category', 'credentials'], false],
    ];
    for (const [args, light] of rows) {
      assert.equal(lightScanArguments(args), light, args.join(' '));
      // The scan the CLI runs (cli.ts parses with these flags among others) has the same categories.
      const parsed = parseArgs(args.slice(1), ['--category', '--jobs'], []).flags.get('--category') as string;
      assert.equal(args[0] === 'scan' && lightScan(parsed.split(',').map((c) => c.trim().toLowerCase())), light, args.join(' '));
    }
  });

  it('hands out 64 KB batches until the end nears, then smaller ones, so the workers finish together', () => {
    assert.equal(batchBytes(14_000_000, 2), 64 * 1024);
    assert.equal(batchBytes(16 * 64 * 1024, 2), 64 * 1024);
    assert.equal(batchBytes(16 * 64 * 1024 - 16, 2), 64 * 1024 - 1);
    assert.equal(batchBytes(160 * 1024, 2), 10 * 1024);
    assert.equal(batchBytes(160 * 1024, 4), 5 * 1024);
    assert.equal(batchBytes(3, 2), 1);
    assert.equal(batchBytes(0, 2), 0, 'nothing left: the caller still takes one file');
  });

  it('turns V8\'s optimising compiler off for the CLI where V8 has Maglev (Node 22+), and a hot function then stops short of it', () => {
    assert.equal(batchCompilerFlags('11.3.244.8-node.38'), `--interrupt-budget=${INTERRUPT_BUDGET}`, 'Node 20');
    assert.equal(batchCompilerFlags('12.4.254.21-node.33'), '--no-turbofan', 'Node 22');
    assert.equal(batchCompilerFlags('13.6.233.10-node.29'), `--no-turbofan --invocation-count-for-maglev=${MAGLEV_INVOCATIONS}`, 'Node 24');
    // The flag set at run time, as the CLI's entry sets it, reaches code compiled after (checked where it applies).
    const script = `require(${JSON.stringify(join(ROOT, 'out', 'server', 'src', 'cli', 'scanThreads.js'))}).compileForBatch();
      function f(x) { return x * 2 + 1; }
      let s = 0;
      for (let i = 0; i < 2e7; i++) s = f(s) % 1000;
      process.stdout.write(String(%GetOptimizationStatus(f)));`;
    const status = Number(execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' }));
    const TURBOFANNED = 64;
    if (batchCompilerFlags().startsWith('--no-turbofan')) assert.equal(status & TURBOFANNED, 0, `status ${status.toString(2)}`);
    // This V8 knows every flag (it names one it does not on stderr, where the CLI's user would see it).
    const set = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'out', 'server', 'src', 'cli', 'scanThreads.js'))}).compileForBatch()`], { encoding: 'utf8' });
    assert.equal(set.stderr, '');
  });

  it("keeps a light scan's young generations at their starting size: its workers set the flag again once they run (V8 11 undoes it as an isolate is made)", () => {
    assert.equal(lightScanFlags('11.3.244.8-node.38'), '--semi-space-growth-factor=1', 'Node 20');
    assert.equal(lightScanFlags('12.4.254.21-node.33'), undefined, 'Node 22: not measured');
    assert.equal(lightScanFlags('13.6.233.10-node.29'), '--semi-space-growth-factor=1', 'Node 24');
    // In a child process (V8 flags are per process): a scan worker answers its first (empty) batch, then the
    // main thread keeps 300,000 objects alive. Its new space stays near its start when the worker set the flag.
    const script = (light: boolean) => `
      const { spawnScanWorkers } = require(${JSON.stringify(join(ROOT, 'out', 'server', 'src', 'cli', 'scanThreads.js'))});
      const newSpace = () => require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      const [w] = spawnScanWorkers(${JSON.stringify(SCAN_SCRIPT)}, 1, ${light});
      w.postMessage({ rulesetConfig: {}, maxFileSize: 1 << 20, today: '2026-01-01' });
      w.postMessage([]);
      w.once('message', async () => {
        const keep = [];
        for (let i = 0; i < 300000; i++) keep.push({ i, s: 'x' + i });
        process.stdout.write(String(newSpace() / 2 ** 20));
        await w.terminate();
      });`;
    const run = (light: boolean) => spawnSync(process.execPath, ['-e', script(light)], { encoding: 'utf8' });
    const light = run(true);
    const full = run(false);
    assert.equal(light.stderr, '', 'this V8 knows the flag');
    // Where this V8 is left at its default (V8 12, Node 22: not measured), a light scan grows as a full one does.
    if (lightScanFlags()) assert.ok(Number(light.stdout) <= 2, `light scan: new space ${light.stdout} MB`);
    else assert.ok(Number(light.stdout) >= 8, `light scan without the flag: new space ${light.stdout} MB`);
    assert.ok(Number(full.stdout) >= 8, `full scan: new space ${full.stdout} MB (V8 grows it)`);
  });

  it('caps a worker\'s young generation only where trees come by raw transfer, and the running workers get it', async () => {
    assert.deepEqual(scanWorkerResourceLimits(true), { stackSizeMb: STACK_MB, maxYoungGenerationSizeMb: SCAN_WORKER_YOUNG_GENERATION_MB });
    assert.deepEqual(scanWorkerResourceLimits(false), { stackSizeMb: STACK_MB });
    startScanWorkersEarly(['scan', '--jobs', '2'], SCAN_SCRIPT);
    const workers = takeEarlyScanWorkers(2) ?? [];
    assert.equal(workers.length, 2);
    const expected = scanWorkerResourceLimits();
    const online = workers.map((w) => new Promise<void>((resolve) => w.once('online', () => resolve())));
    await Promise.all(online);
    for (const w of workers) {
      const limits = w.resourceLimits;
      assert.equal(limits?.stackSizeMb, expected.stackSizeMb);
      if (expected.maxYoungGenerationSizeMb !== undefined) assert.equal(limits?.maxYoungGenerationSizeMb, expected.maxYoungGenerationSizeMb);
      await w.terminate();
    }
  });

  it('a scan takes them and finds exactly what one thread finds; with another count it starts its own', async function () {
    this.timeout(120_000);
    const dir = tree();
    const files = (await walk(dir, ['.'])).files;
    const options = { rulesetConfig: {}, maxFileSize: 2 * 1024 * 1024 };
    const reference = plain(await scanFiles(files, { ...options, jobs: 1 }));
    assert.equal(reference.flatMap((r) => r.findings).filter((f) => f.ruleId === 'eval-non-literal').length, 47);

    startScanWorkersEarly(['scan', '--jobs', '2'], SCAN_SCRIPT);
    assert.deepEqual(plain(await scanFiles(files, { ...options, jobs: 2 })), reference);
    assert.equal(takeEarlyScanWorkers(2), undefined, 'the scan took the early workers');

    startScanWorkersEarly(['scan', '--jobs', '3'], SCAN_SCRIPT);
    assert.deepEqual(plain(await scanFiles(files, { ...options, jobs: 2 })), reference);
    assert.equal(takeEarlyScanWorkers(3), undefined, 'the scan ended the early workers it could not use');
  });

  it("a report with nothing in it, which crosses threads as its language alone, is the engine's result field for field, as a report with findings is", async function () {
    this.timeout(120_000);
    const dir = tree();
    const files = (await walk(dir, ['.'])).files;
    const options = { rulesetConfig: {}, maxFileSize: 2 * 1024 * 1024 };
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    for (const jobs of [1, 2]) {
      const reports = await scanFiles(files, { ...options, jobs });
      const empty = reports.filter((r) => r.findings.length === 0);
      assert.ok(empty.length > 0 && empty.length < reports.length);
      for (const { lines, relativePath, ...report } of reports) {
        const { budgetExceeded, ...result } = analyze({ text: readFileSync(join(dir, relativePath), 'utf8'), path: relativePath }, ruleset, { maxFileSize: options.maxFileSize });
        assert.deepEqual(report, { skipped: undefined, parseError: undefined, notRun: undefined, ...result }, relativePath);
        assert.deepEqual(Object.keys(report).sort(), ['findings', 'language', 'notRun', 'parseError', 'ruleErrors', 'skipped', 'suppressed', 'suppressions']);
        assert.equal(typeof lines.positionAt, 'function');
      }
    }
  });

  it('a light scan analyses on the main thread beside one worker and finds exactly what one thread finds', async function () {
    this.timeout(120_000);
    const dir = tree();
    const files = (await walk(dir, ['.'])).files;
    const options = { rulesetConfig: { categories: ['credentials' as const] }, maxFileSize: 2 * 1024 * 1024 };
    const reference = plain(await scanFiles(files, { ...options, jobs: 1 }));
    assert.ok(reference.flatMap((r) => r.findings).length > 0);
    // Found by an AST rule: the main thread hands those files to the worker (`analyzeUnlessParsed`).
    assert.equal(reference.flatMap((r) => r.findings).filter((f) => f.ruleId === 'literal-jwt-key').length, 12);
    startScanWorkersEarly(['scan', '--jobs', '2', '--category', 'credentials'], SCAN_SCRIPT);
    assert.deepEqual(plain(await scanFiles(files, { ...options, jobs: 2 })), reference);
    assert.equal(takeEarlyScanWorkers(1), undefined, 'the scan took its one early worker');
    // Without early workers (another count), the scan starts its one worker itself.
    assert.deepEqual(plain(await scanFiles(files, { ...options, jobs: 3 })), reference);
  });

  it('the bundled CLI gives the same JSON with --jobs 1 and 2 (its entry starts the workers)', function () {
    const cli = join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) this.skip();
    this.timeout(120_000);
    const dir = tree();
    const scan = (jobs: string, ...more: string[]) => {
      try {
        return execFileSync(process.execPath, [cli, 'scan', '--jobs', jobs, '--format', 'json', ...more], { cwd: dir, encoding: 'utf8' });
      } catch (error) {
        return (error as { stdout: string }).stdout; // exit code 1: findings
      }
    };
    const one = scan('1');
    assert.ok(JSON.parse(one).findings.length > 0);
    assert.equal(scan('2'), one);
    // A light scan: the main thread and one worker.
    const light = scan('1', '--category', 'credentials');
    assert.ok(JSON.parse(light).findings.length > 0);
    assert.equal(scan('2', '--category', 'credentials'), light);
  });

  it('the bundled CLI: its entry (dist/cli.js) starts the workers before the rest of the CLI (dist/warden-cli.js) loads, and the scan takes them', function () {
    if (!existsSync(join(ROOT, 'dist', 'warden-cli.js'))) this.skip();
    this.timeout(120_000);
    const dir = tree();
    const log = join(dir, '..', `${dir.split(/[\\/]/).pop()}-entry.log`);
    const preload = join(dir, '..', `${dir.split(/[\\/]/).pop()}-entry-preload.js`);
    // Each worker's script, and whether any module of the CLI's bundle was loaded when it started.
    writeFileSync(preload, `const wt = require('node:worker_threads'); const { appendFileSync } = require('node:fs'); const { basename } = require('node:path');
const Base = wt.Worker; wt.Worker = class extends Base { constructor(file, options) { if (!options?.eval) appendFileSync(${JSON.stringify(log)}, basename(String(options?.workerData?.bundle ?? file)) + ' ' + Object.keys(require.cache).map((f) => basename(f)).filter((f) => f.startsWith('warden-cli')).join(',') + '\\n'); super(file, options); } };\n`);
    const run = spawnSync(process.execPath, ['--require', preload, join(ROOT, 'dist', 'cli.js'), 'scan', '--jobs', '2', '--category', 'credentials', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.ok(JSON.parse(run.stdout).findings.length > 0);
    // One worker, started early (none after: the scan took it), before warden-cli.js was required.
    assert.deepEqual(readFileSync(log, 'utf8').split('\n').filter(Boolean), ['scan-worker-light.js ']);
    assert.ok(readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8').length < 64 * 1024, 'the entry is small: the engine and the commands are in warden-cli.js');
  });

  it('the bundled CLI: a scan written to --output, full or light, never loads node:fs/promises (nor the readline modules it requires)', function () {
    if (!existsSync(join(ROOT, 'dist', 'warden-cli-light.js'))) this.skip();
    this.timeout(120_000);
    const dir = tree();
    const log = join(dir, '..', `${dir.split(/[\\/]/).pop()}-modules.log`);
    const preload = join(dir, '..', `${dir.split(/[\\/]/).pop()}-modules-preload.js`);
    writeFileSync(preload, `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(log)}, process.moduleLoadList.filter((m) => /fs\\/promises|readline/.test(m)).join(',') + '\\n'));\n`);
    for (const more of [[], ['--category', 'credentials']]) {
      const out = join(dir, '..', `${dir.split(/[\\/]/).pop()}-report.json`);
      const run = spawnSync(process.execPath, ['--require', preload, join(ROOT, 'dist', 'cli.js'), 'scan', '--jobs', '2', '--format', 'json', '--output', out, ...more], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 1, run.stderr);
      assert.ok(JSON.parse(readFileSync(out, 'utf8')).findings.length > 0, 'the report was written');
    }
    assert.deepEqual(readFileSync(log, 'utf8').split('\n'), ['', '', '']);
  });

  it('the bundled CLI: a light scan runs dist/warden-cli-light.js and reports what the unbundled CLI (every rule whole) reports; any other scan runs dist/warden-cli.js', function () {
    if (!existsSync(join(ROOT, 'dist', 'warden-cli-light.js'))) this.skip();
    this.timeout(180_000);
    const dir = tree();
    writeFileSync(join(dir, 'suppressed.js'), "// warden-ignore eval-non-literal -- reviewed\njwt.sign(payload, 'k3y-suppressed-two'); // warden-ignore no-such-rule -- typo\n");
    const log = join(dir, '..', `${dir.split(/[\\/]/).pop()}-bundles.log`);
    // At exit, which of the CLI's bundles the process loaded.
    const preload = join(dir, '..', `${dir.split(/[\\/]/).pop()}-bundles-preload.js`);
    writeFileSync(preload, `const { appendFileSync } = require('node:fs'); const { basename } = require('node:path');
process.on('exit', () => appendFileSync(${JSON.stringify(log)}, (Object.keys(require.cache).map((f) => basename(f)).filter((f) => f.startsWith('warden-cli')).join(',') || '-') + '\\n'));\n`);
    const scan = (entry: string, args: string[]) => {
      const run = spawnSync(process.execPath, ['--require', preload, entry, 'scan', ...args], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 1, run.stderr);
      return run.stdout;
    };
    const bundled = join(ROOT, 'dist', 'cli.js');
    const unbundled = join(ROOT, 'out', 'server', 'src', 'cli', 'main.js');
    for (const format of ['json', 'sarif']) {
      const reference = scan(unbundled, ['--jobs', '1', '--format', format, '--category', 'credentials']);
      assert.ok(reference.includes('literal-jwt-key') && reference.includes('no-such-rule'), format);
      for (const jobs of ['1', '2']) assert.equal(scan(bundled, ['--jobs', jobs, '--format', format, '--category', 'credentials']), reference, `${format}, --jobs ${jobs}`);
    }
    scan(bundled, ['--jobs', '1', '--format', 'json', '--category', 'credentials,injection']);
    scan(bundled, ['--jobs', '1', '--format', 'json']);
    assert.deepEqual(readFileSync(log, 'utf8').split('\n').filter(Boolean), ['-', 'warden-cli-light.js', 'warden-cli-light.js', '-', 'warden-cli-light.js', 'warden-cli-light.js', 'warden-cli.js', 'warden-cli.js']);
  });

  /**
   * The bundled CLI with every worker's script file written to `log` (a preload replaces `Worker` on the
   * main thread; the parse thread's code is given inline), so a test sees which of dist/'s worker bundles
   * a scan started.
   */
  function bundledScan(dir: string, log: string, args: string[]): string {
    const preload = join(dir, '..', `${dir.split(/[\\/]/).pop()}-preload.js`);
    writeFileSync(preload, `const wt = require('node:worker_threads'); const { appendFileSync } = require('node:fs'); const { basename } = require('node:path');
const Base = wt.Worker; wt.Worker = class extends Base { constructor(file, options) { if (!options?.eval) appendFileSync(${JSON.stringify(log)}, basename(String(options?.workerData?.bundle ?? file)) + '\\n'); super(file, options); } };\n`);
    const run = spawnSync(process.execPath, ['--require', preload, join(ROOT, 'dist', 'cli.js'), 'scan', ...args], { cwd: dir, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    return run.stdout;
  }

  it('the bundled CLI: the worker of a light scan runs the light bundle, those of a full scan the full one, and the reports are the same as one thread gives', function () {
    if (!existsSync(join(ROOT, 'dist', 'scan-worker-light.js'))) this.skip();
    this.timeout(120_000);
    const dir = tree();
    // Handled on the worker (parsed by a credential AST rule): a suppression naming another category's
    // rule, which the light bundle knows by its metadata alone, is left alone, not reported unknown;
    // an unknown id still is.
    writeFileSync(join(dir, 'suppressed.js'), "// warden-ignore eval-non-literal -- reviewed\njwt.sign(payload, 'k3y-suppressed-two'); // warden-ignore no-such-rule -- typo\n");
    for (const format of ['json', 'sarif']) {
      const logs = ['1', '2'].map((jobs) => join(dir, '..', `${dir.split(/[\\/]/).pop()}-${format}-${jobs}.log`));
      const [one, two] = (['1', '2'] as const).map((jobs, i) => bundledScan(dir, logs[i]!, ['--jobs', jobs, '--format', format, '--category', 'credentials']));
      assert.ok(one!.length > 0 && one!.includes('literal-jwt-key') && one!.includes('no-such-rule'), format);
      assert.equal(two, one, `${format}: the same bytes (the rules list included) with the light worker`);
      assert.ok(!existsSync(logs[0]!), 'one thread: no worker');
      assert.deepEqual(readFileSync(logs[1]!, 'utf8').split('\n').filter(Boolean), ['scan-worker-light.js']);
    }
    const full = join(dir, '..', `${dir.split(/[\\/]/).pop()}-full.log`);
    bundledScan(dir, full, ['--jobs', '2', '--format', 'json']);
    assert.deepEqual(readFileSync(full, 'utf8').split('\n').filter(Boolean), ['scan-worker.js', 'scan-worker.js']);
  });
});

describe('a scan worker whose bundle holds a rule as metadata alone', () => {
  it('the light bundle fails on a ruleset that would run another rule, and takes a credentials one', async function () {
    const light = join(ROOT, 'dist', 'scan-worker-light.js');
    if (!existsSync(light)) this.skip();
    this.timeout(60_000);
    const start = async (rulesetConfig: object) => {
      const worker = new Worker(light, { workerData: { wardenScanWorker: true } });
      const outcome = new Promise<string>((done) => {
        worker.once('error', (error) => done(error.message));
        worker.once('message', () => done('answered'));
      });
      worker.postMessage({ rulesetConfig, maxFileSize: 1024 * 1024, today: '2026-12-06' });
      worker.postMessage([]);
      const result = await outcome;
      await worker.terminate();
      return result;
    };
    assert.match(await start({}), /this scan worker cannot run eval-non-literal, .*weak-hash/);
    assert.equal(await start({ categories: ['credentials'] }), 'answered');
  });

  it('names every active rule it could not run, and none of the full catalog', () => {
    assert.deepEqual(metadataOnlyRules(compileRuleset({}, BUILTIN_CATALOG)), []);
    const [first, ...rest] = BUILTIN_CATALOG.astRules;
    const metadataOnly = { kind: 'ast', meta: first!.meta, metadataOnly: true } as unknown as AstRule;
    const catalog = { ...BUILTIN_CATALOG, astRules: [metadataOnly, ...rest] };
    assert.deepEqual(metadataOnlyRules(compileRuleset({}, catalog)), [first!.meta.id]);
    // Off, or of another category than the scan's: it would not run, so the worker can hold it.
    assert.deepEqual(metadataOnlyRules(compileRuleset({ rules: { [first!.meta.id]: { severity: 'off' } } }, catalog)), []);
    assert.deepEqual(metadataOnlyRules(compileRuleset({ categories: ['credentials'] }, catalog)), []);
  });
});
