import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../helpers/cli';

const MD5 = "const h = crypto.createHash('md5');\n";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-gate-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('what a CI gate must not do silently', () => {
  describe('the team ruleset is found upwards to the repository root', () => {
    it('from a subfolder, the root ruleset applies and the scan says which one is in force', async () => {
      const repo = folder({ '.git/HEAD': 'ref: refs/heads/main\n', '.warden/ruleset.yaml': 'rules:\n  weak-hash: off\nignorePaths: ["src/generated/**"]\n', 'src/a.js': MD5, 'src/generated/b.js': 'eval(x);\n', 'src/c.js': 'eval(y);\n' });
      const r = await run(['scan', '--format', 'json'], join(repo, 'src'));
      const json = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string }[] };
      assert.deepEqual(json.findings.map((f) => [f.path, f.ruleId]), [['src/c.js', 'eval-non-literal']], 'weak-hash stays off; ignorePaths are the root\'s');
      assert.match(r.stderr, /team ruleset in force: \.\.\/\.warden\/ruleset\.yaml \(paths are reported relative to \.\.\)/);
    });
    it('stops at the repository root', async () => {
      const outer = folder({ '.warden/ruleset.yaml': 'rules:\n  weak-hash: off\n', 'repo/.git/HEAD': 'x\n', 'repo/a.js': MD5 });
      const r = await run(['scan', '--format', 'json'], join(outer, 'repo'));
      assert.equal(r.code, 1);
      assert.doesNotMatch(r.stderr, /team ruleset in force/);
      assert.deepEqual((JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId), ['weak-hash']);
    });
  });

  describe('scanning nothing is an error unless asked for', () => {
    it('an empty folder exits 2 and says how to allow it', async () => {
      const dir = folder({ 'other.txt': 'x' });
      mkdirSync(join(dir, 'empty'));
      const r = await run(['scan', 'empty'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /nothing to scan in empty: .*Pass --allow-empty if an empty scan is expected\./);
      assert.equal((await run(['scan', 'empty', '--allow-empty'], dir)).code, 0);
    });
    it('files all in ignorePaths: says so', async () => {
      const dir = folder({ '.warden/ruleset.yaml': 'ignorePaths: ["fixtures/**"]\n', 'fixtures/a.js': MD5 });
      const r = await run(['scan', 'fixtures'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /all 1 file\(s\) there are in the team ruleset's ignorePaths/);
    });
    it('a path that does not exist exits 2', async () => {
      const r = await run(['scan', 'srcc'], folder({ 'src/a.js': MD5 }));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /"srcc" does not exist/);
    });
  });

  it('an explicitly named path that is excluded by default is scanned', async () => {
    const dir = folder({ 'node_modules/x/index.js': MD5, 'node_modules/x/node_modules/y/index.js': MD5, 'dist/app.js': 'eval(x);\n' });
    const r = await run(['scan', 'node_modules/x', 'dist', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string }[] };
    assert.deepEqual(json.findings.map((f) => [f.path, f.ruleId]), [['node_modules/x/index.js', 'weak-hash'], ['dist/app.js', 'eval-non-literal']]);
    assert.equal((await run(['scan'], dir)).code, 2, 'not when scanning the whole folder');
  });

  it('--output into a missing folder names the path and the reason, before scanning', async () => {
    const dir = folder({ 'a.js': MD5 });
    const r = await run(['scan', '--format', 'sarif', '--output', '/missing/dir/report.sarif'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot write the report to \/missing\/dir\/report\.sarif: the folder \/missing\/dir does not exist/);
    assert.doesNotMatch(r.stderr, /internal error|ENOENT/);
  });
});
