import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from '../helpers/cli';
import { scanFiles } from '../../server/src/cli/scan';
import { LspHarness } from '../helpers/lsp';

const AWS = 'AKIAZ7QXS4D2L5RVN3KB';
const MB = 1024 * 1024;

/** About `bytes` of harmless YAML, one credential on its last line. */
function bigYaml(bytes: number): string {
  const line = 'service_name: checkout-frontend # an ordinary setting\n';
  return `${line.repeat(Math.ceil(bytes / line.length))}aws_access_key_id: ${AWS}\n`;
}

describe('big and odd files', function () {
  this.timeout(120_000);

  it('the CLI skips each odd file with a reason and goes on with the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-odd-'));
    writeFileSync(join(dir, 'huge.js'), `// ${'x'.repeat(80)}\n`.repeat((5 * MB) / 84));
    writeFileSync(join(dir, 'nul.js'), `const a = 1;\u0000\nconst accessKeyId = '${AWS}';\n`);
    writeFileSync(join(dir, 'utf16.js'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`const k = '${AWS}';\n`, 'utf16le')]));
    writeFileSync(join(dir, 'empty.js'), '');
    writeFileSync(join(dir, 'app.bundle.js'), `var a=1;${'x=1;'.repeat(3000)}`);
    symlinkSync(join(dir, 'no-such-target.js'), join(dir, 'dangling.js'));
    execFileSync('mkfifo', [join(dir, 'pipe.js')]);
    mkdirSync(join(dir, 'folder.js'));
    writeFileSync(join(dir, 'folder.js', 'inside.py'), `aws_access_key_id = "${AWS}"\n`);
    writeFileSync(join(dir, 'real.js'), 'eval(code);\n');

    const { code, stdout, stderr } = await run(['scan', '--format', 'json'], dir);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout) as { findings: { path: string; ruleId: string }[]; skipped: { relativePath: string; reason: string }[] };
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.relativePath, s.reason]));
    assert.match(reasons['huge.js']!, /credential rules only|only its credential rules.*over the 2\.0 MB limit/);
    assert.match(reasons['nul.js']!, /binary/);
    assert.match(reasons['utf16.js']!, /binary/);
    assert.match(reasons['app.bundle.js']!, /minified/);
    assert.match(reasons['dangling.js']!, /symbolic link, not followed/);
    assert.match(reasons['pipe.js']!, /not a regular file/);
    assert.equal(reasons['empty.js'], undefined, 'an empty file is analysed (and clean), not skipped');
    assert.deepEqual(report.findings.map((f) => `${f.path} ${f.ruleId}`).sort(), [
      'folder.js/inside.py aws-access-key-id',
      'nul.js aws-access-key-id', // a NUL byte does not hide a key: credential rules still run on binary files
      'real.js eval-non-literal',
    ]);
  });

  it('analyses a 5 MB file when the limit allows it, finding what is on its last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-big-'));
    writeFileSync(join(dir, 'big.yaml'), bigYaml(5 * MB));
    const { code, stdout } = await run(['scan', '--format', 'json', '--max-file-size', '8192'], dir);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { findings: { line: number; ruleId: string }[]; skipped: unknown[] };
    assert.deepEqual(report.skipped, []);
    assert.deepEqual(report.findings.map((f) => [f.ruleId, f.line]), [['aws-access-key-id', bigYaml(5 * MB).split('\n').length - 1]]);
  });

  it('a file that vanishes between listing and reading is skipped with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-gone-'));
    writeFileSync(join(dir, 'here.js'), 'eval(code);\n');
    const reports = await scanFiles(
      [{ path: join(dir, 'gone.js'), relativePath: 'gone.js', size: 10 }, { path: join(dir, 'here.js'), relativePath: 'here.js', size: 12 }],
      { rulesetConfig: {}, maxFileSize: 2 * MB, jobs: 1 },
    );
    assert.match(reports[0]!.skipped!, /cannot read it \(ENOENT\)/);
    assert.deepEqual(reports[1]!.findings.map((f) => f.ruleId), ['eval-non-literal']);
  });

  it('the CLI refuses to read a FIFO named on the command line, instead of hanging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-fifo-'));
    execFileSync('mkfifo', [join(dir, 'pipe.js')]);
    const { code, stdout } = await run(['scan', 'pipe.js', '--verbose'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /skipped pipe\.js: not a regular file/);
  });

  it('the server never opens a FIFO where .env.example should be (the environment fix still comes back)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-fifo-lsp-'));
    execFileSync('mkfifo', [join(dir, '.env.example')]);
    const lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(dir).toString());
    try {
      const uri = pathToFileURL(join(dir, 'app.js')).toString();
      const { diagnostics } = await lsp.open(uri, `const accessKeyId = '${AWS}';\n`, 'javascript');
      const actions = await lsp.codeActions(uri, diagnostics.filter((d) => d.code === 'aws-access-key-id'));
      assert.ok(actions.some((a) => a.isPreferred && a.edit), 'answered, not blocked on the FIFO');
    } finally {
      await lsp.shutdown();
    }
  });

  it('a FIFO in place of .warden/ruleset.yaml is an error with a reason, not a scan that waits for good', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-fifo-ruleset-'));
    mkdirSync(join(dir, '.warden'));
    execFileSync('mkfifo', [join(dir, '.warden', 'ruleset.yaml')]);
    writeFileSync(join(dir, 'app.js'), 'eval(code);\n');
    const { code, stderr } = await run(['scan'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /not a regular file/);
  });

  it('the server answers odd documents with one clear diagnostic, or none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-odd-lsp-'));
    const lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(dir).toString());
    const uri = (name: string) => pathToFileURL(join(dir, name)).toString();
    try {
      const huge = await lsp.open(uri('huge.js'), `// ${'x'.repeat(80)}\n`.repeat((5 * MB) / 84), 'javascript');
      assert.deepEqual(huge.diagnostics.map((d) => d.code), ['warden-skipped']);
      assert.match(String(huge.diagnostics[0]!.message), /over the 2\.0 MB limit/);
      const nul = await lsp.open(uri('nul.js'), `const a = 1;\u0000\nconst accessKeyId = '${AWS}';\n`, 'javascript');
      // One NUL byte does not hide a key: the credential rules still run, and the file says why the others did not.
      assert.deepEqual(nul.diagnostics.map((d) => [d.code, /binary/.test(String(d.message))]), [['aws-access-key-id', false], ['warden-skipped', true]]);
      const empty = await lsp.open(uri('empty.js'), '', 'javascript');
      assert.deepEqual(empty.diagnostics, []);
      const bundle = await lsp.open(uri('app.bundle.js'), `var a=1;${'x=1;'.repeat(3000)}`, 'javascript');
      assert.match(String(bundle.diagnostics[0]!.message), /minified/);
    } finally {
      await lsp.shutdown();
    }
  });
});
