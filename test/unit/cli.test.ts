import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { AWS, KEY_BODY, plantedFolder, run } from '../helpers/cli';

describe('warden CLI', () => {
  it('reports every planted issue with its line and exits 1', async () => {
    const dir = plantedFolder();
    const { code, stdout } = await run(['scan', '.'], dir);
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    const rows = lines.filter((l) => /^\s+\d+:\d+/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '));
    assert.deepEqual(rows, [
      '1:1 error private-key',
      '1:22 error aws-access-key-id',
      '2:21 error hardcoded-password',
      '3:38 error tls-verification-disabled',
      '4:29 warning weak-hash',
      '5:1 warning eval-non-literal',
    ]);
    assert.ok(lines.includes('deploy_key') && lines.includes('src/config.js'));
    assert.ok(!stdout.includes('node_modules') && !stdout.includes('generated'), 'default excludes and .gitignore honoured');
    assert.ok(!stdout.includes(AWS) && !stdout.includes(KEY_BODY.slice(0, 30)), 'secrets are masked');
  });

  it('exits 0 on a clean folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-clean-'));
    writeFileSync(join(dir, 'ok.ts'), "const key = process.env.API_KEY;\nconst h = createHash('sha256');\n");
    const { code, stdout } = await run(['scan'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /No findings in 1 file/);
  });

  it('exits 2 with a helpful message on usage errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-usage-'));
    for (const [args, message] of [
      [['scan', '--bogus'], /Unknown option --bogus/],
      [['scan', '--format', 'xml'], /--format must be text, json or sarif/],
      [['scan', '--severity-threshold'], /needs a value/],
      [['scan', 'missing-folder'], /"missing-folder" does not exist/],
      [['frobnicate'], /Unknown command "frobnicate"/],
    ] as const) {
      const { code, stderr } = await run([...args], dir);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
    }
  });

  it('honours the severity threshold for output and exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-threshold-'));
    writeFileSync(join(dir, 'h.js'), "crypto.createHash('md5');\n");
    assert.equal((await run(['scan', '--severity-threshold', 'warning'], dir)).code, 1);
    const { code, stdout } = await run(['scan', '--severity-threshold=error'], dir);
    assert.equal(code, 0);
    assert.ok(!stdout.includes('weak-hash'));
  });

  it('writes JSON with 1-based positions, masked secrets and fingerprints', async () => {
    const dir = plantedFolder();
    const { code } = await run(['scan', '--format', 'json', '--output', 'report.json'], dir);
    assert.equal(code, 1);
    const text = readFileSync(join(dir, 'report.json'), 'utf8');
    assert.ok(!text.includes(AWS));
    const report = JSON.parse(text) as { findings: { ruleId: string; line: number; column: number; fingerprint: string; secret?: { masked: string } }[] };
    const aws = report.findings.find((f) => f.ruleId === 'aws-access-key-id')!;
    assert.deepEqual([aws.line, aws.column], [1, 22]);
    assert.match(aws.secret!.masked, /^AKIA\*+ \(\d+–\d+ chars\)$/);
    const again = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as typeof report;
    assert.deepEqual(again.findings.map((f) => f.fingerprint), report.findings.map((f) => f.fingerprint));
  });

  it('writes SARIF 2.1.0 with rule metadata, %SRCROOT% URIs and 1-based regions', async () => {
    const dir = plantedFolder();
    const { code, stdout } = await run(['scan', '--format', 'sarif'], dir);
    assert.equal(code, 1);
    assert.ok(!stdout.includes(AWS));
    const log = JSON.parse(stdout);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.equal(run0.tool.driver.name, 'Warden');
    const rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 'weak-hash');
    assert.equal(rule.shortDescription.text, 'MD5 or SHA-1 used for hashing');
    assert.ok(rule.fullDescription.text.length > 20);
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.ok(rule.properties.tags.includes('external/cwe/cwe-328'));
    assert.match(run0.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'weak-hash');
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'weak-hash');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/config.js', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 29, endLine: 4, endColumn: 34 },
    });
    assert.equal(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, "'sha256'");
  });

  it('skips binary, minified and linked files with a reason and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-odd-'));
    writeFileSync(join(dir, 'blob.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]));
    writeFileSync(join(dir, 'bundle.js'), `var a=1;${'x=1;'.repeat(3000)}`);
    writeFileSync(join(dir, 'real.js'), 'eval(code);\n');
    symlinkSync(dir, join(dir, 'loop'));
    const { code, stdout } = await run(['scan', '--verbose'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /skipped blob\.js: .*binary/);
    assert.match(stdout, /skipped bundle\.js: .*minified/);
    assert.match(stdout, /skipped loop: symbolic link, not followed/);
    assert.match(stdout, /real\.js\n\s+1:1\s+warning\s+eval-non-literal/);
  });

  it('reads --ruleset and reports a broken one with file, line and field (exit 2)', async () => {
    const dir = plantedFolder();
    writeFileSync(join(dir, 'team.yaml'), 'rules:\n  weak-hash: off\n  eval-non-literal: info\n');
    const off = await run(['scan', '--ruleset', 'team.yaml', '--format', 'json'], dir);
    const ids = (JSON.parse(off.stdout) as { findings: { ruleId: string; severity: string }[] }).findings;
    assert.ok(!ids.some((f) => f.ruleId === 'weak-hash'));
    assert.equal(ids.find((f) => f.ruleId === 'eval-non-literal')!.severity, 'info');

    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  weak-hash: loud\n');
    const bad = await run(['scan', '--ruleset', 'bad.yaml'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.yaml:2: rules\.weak-hash: "loud" is not one of off, info, warning, error/);
  });

  it('scans on worker threads with the same results as on one thread', async function () {
    this.timeout(180_000); // several scans; on a loaded machine each takes a while (the results must not change)
    const dir = mkdtempSync(join(tmpdir(), 'warden-pool-'));
    for (let i = 0; i < 150; i++) writeFileSync(join(dir, `f${i}.js`), i % 3 === 0 ? `eval(x${i});\n` : `const a${i} = ${i};\n`);
    // Enough to parse that the threads preferring other files take some too, and one file over the size limit.
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, `big${i}.js`), `${'const v = [1, 2, 3].map((n) => n * 2);\n'.repeat(1500)}eval(big${i});\n`);
    writeFileSync(join(dir, 'huge.js'), 'x'.repeat(300 * 1024));
    const one = await run(['scan', '--jobs', '1', '--format', 'json', '--max-file-size', '256'], dir);
    assert.equal(one.code, 1);
    for (const jobs of ['2', '3']) {
      const many = await run(['scan', '--jobs', jobs, '--format', 'json', '--max-file-size', '256'], dir);
      assert.equal(many.code, 1);
      assert.deepEqual(JSON.parse(many.stdout).findings, JSON.parse(one.stdout).findings, `--jobs ${jobs}`);
      assert.deepEqual(JSON.parse(many.stdout).skipped, JSON.parse(one.stdout).skipped, `--jobs ${jobs}`);
    }
    assert.equal(JSON.parse(one.stdout).findings.length, 56);
    assert.equal(JSON.parse(one.stdout).skipped.length, 1);
  });
});

describe('SARIF accepted by a SARIF consumer', () => {
  it("passes Microsoft's SARIF validator (sarif-multitool validate) without errors", async function () {
    this.timeout(60_000);
    const dir = plantedFolder();
    writeFileSync(join(dir, 'src', 'ok.js'), '// warden-ignore eval-non-literal -- fixture\neval(x);\n');
    const { code } = await run(['scan', '--format', 'sarif', '--output', 'out.sarif'], dir);
    assert.equal(code, 1);
    const tool = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'sarif-multitool');
    const result = spawnSync(tool, ['validate', join(dir, 'out.sarif')], { encoding: 'utf8' });
    assert.equal(result.error, undefined, String(result.error));
    assert.match(result.stdout, /Analysis completed successfully/);
    const errors = result.stdout.split('\n').filter((l) => /: error /.test(l));
    assert.deepEqual(errors, []);
  });
});
