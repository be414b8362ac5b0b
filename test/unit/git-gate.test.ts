import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { run } from '../helpers/cli';
import { GIT_ENV, TempRepo } from '../helpers/git';
import { addedLines, unquoteGitPath } from '../../server/src/cli/git';
import { HOOK_MARKER } from '../../server/src/cli/hook';

const KEY_A = 'AKIAZ7QXS4D2L5RVN3KB';
const KEY_B = 'AKIAJ7Q4ZP3XHRK2WLMN';
const KEY_C = 'AKIAZ5RT2MXQ4LPW7BNV';

const APP = (extraTop = '', keyName = 'accessKeyId') => [
  extraTop,
  `const ${keyName} = '${KEY_A}';`,
  '',
  'function digest(data) {',
  "  return crypto.createHash('md5').update(data).digest('hex');",
  '}',
  '',
  'function run(input) {',
  '  const result = eval(input);',
  '  return result;',
  '}',
  '',
].join('\n');

function secretsAbsent(text: string): void {
  for (const k of [KEY_A, KEY_B, KEY_C]) assert.ok(!text.includes(k), `the secret ${k.slice(0, 4)}… leaked into output`);
}

describe('warden baseline and scan --baseline', () => {
  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'warden-baseline-'));
    for (const [p, t] of Object.entries(files)) writeFileSync(join(dir, p), t);
    return dir;
  }

  it('writes fingerprints, rules and files (never a secret or line number) and then fails only on new findings', async () => {
    const dir = folder({ 'app.js': APP() });
    const written = await run(['baseline'], dir);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /Wrote 3 finding\(s\) in 1 of 2 file\(s\) to \.warden\/baseline\.json/);
    // The key is created first (and scanned like any file: it is no finding).
    assert.match(written.stdout, /Created the fingerprint key \.warden\/fingerprint\.key/);
    assert.ok(existsSync(join(dir, '.warden', 'fingerprint.key')));
    assert.doesNotMatch((await run(['baseline'], dir)).stdout, /Created the fingerprint key/);
    const text = readFileSync(join(dir, '.warden', 'baseline.json'), 'utf8');
    secretsAbsent(text);
    const baseline = JSON.parse(text) as { findings: { path: string; ruleId: string; fingerprint: string; count: number }[] };
    assert.deepEqual(baseline.findings.map((e) => [e.path, e.ruleId, e.count]).sort(), [
      ['app.js', 'aws-access-key-id', 1], ['app.js', 'eval-non-literal', 1], ['app.js', 'weak-hash', 1],
    ]);
    assert.ok(!/"line"/.test(text));
    const ajv = new Ajv({ strict: false });
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'baseline.schema.json'), 'utf8')) as object;
    assert.equal(ajv.validate(schema, baseline), true, JSON.stringify(ajv.errors));

    const clean = await run(['scan', '--baseline', '.warden/baseline.json'], dir);
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /No findings in 3 files\.\n3 finding\(s\) in the baseline not shown\./);
  });

  it('keeps findings baselined across lines inserted above, a moved function and a renamed unrelated variable', async () => {
    const dir = folder({ 'app.js': APP() });
    await run(['baseline'], dir);
    const moved = [
      '// a header comment',
      "'use strict';",
      APP('const unrelated = 42;\nconst other = unrelated + 1;', 'accessKeyId'),
    ].join('\n')
      // Move run() above digest() and rename an unrelated variable.
      .replace(/function digest[\s\S]*?\n}\n\n(function run[\s\S]*?\n}\n)/, (_m, runFn: string) => `${runFn}\n${_m.slice(0, _m.indexOf('function run'))}`)
      .replace(/\bother\b/g, 'somethingElse');
    assert.ok(moved.indexOf('function run') < moved.indexOf('function digest'), 'the test must move the function');
    writeFileSync(join(dir, 'app.js'), moved);
    const r = await run(['scan', '--baseline', '.warden/baseline.json'], dir);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /3 finding\(s\) in the baseline not shown/);
  });

  it('reports a changed finding, a new one and an extra copy of a baselined snippet as new', async () => {
    const dir = folder({ 'app.js': APP() });
    await run(['baseline'], dir);
    writeFileSync(join(dir, 'app.js'), `${APP().replace(KEY_A, KEY_B).replace('eval(input)', 'eval(input + suffix)')}\nconst h2 = crypto.createHash('md5');\n`);
    const r = await run(['scan', '--baseline', '.warden/baseline.json', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as { summary: { findings: number; baselined: number }; findings: { ruleId: string; line: number }[] };
    assert.deepEqual(report.findings.map((f) => `${f.ruleId}:${f.line}`), ['aws-access-key-id:2', 'eval-non-literal:9', 'weak-hash:13']);
    assert.equal(report.summary.baselined, 1, 'the unchanged weak-hash on line 5 is baselined');
    assert.equal(report.summary.findings, 3);
    secretsAbsent(r.stdout);
  });

  it('counts copies: the same snippet twice in a file is baselined twice, a third copy is new', async () => {
    const line = "const h = crypto.createHash('md5');\n";
    const dir = folder({ 'a.js': line + line });
    await run(['baseline'], dir);
    assert.equal((await run(['scan', '--baseline', '.warden/baseline.json'], dir)).code, 0);
    writeFileSync(join(dir, 'a.js'), line + line + line);
    const r = await run(['scan', '--baseline', '.warden/baseline.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^1 finding in 1 of 3 files: 1 warning; by rule: weak-hash 1\.$/m);
  });

  it('uses the baseline the team ruleset names, with paths relative to the project folder', async () => {
    const dir = folder({ 'app.js': APP() });
    await run(['init'], dir);
    writeFileSync(join(dir, '.warden', 'ruleset.yaml'), `${readFileSync(join(dir, '.warden', 'ruleset.yaml'), 'utf8')}\nbaseline: accepted.json\n`);
    const written = await run(['baseline'], dir);
    assert.match(written.stdout, /to \.warden\/accepted\.json/);
    assert.equal(JSON.parse(readFileSync(join(dir, '.warden', 'accepted.json'), 'utf8')).findings[0].path, 'app.js');
    const r = await run(['scan'], dir);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /3 finding\(s\) in the baseline not shown/);
  });

  it('refuses a missing or malformed baseline with a clear error (exit 2)', async () => {
    const dir = folder({ 'app.js': APP(), 'bad.json': '{"warden": "baseline", "version": 1, "findings": [{"path": 1}]}', 'x.json': '{' });
    const missing = await run(['scan', '--baseline', 'nope.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /baseline .*nope\.json does not exist; write it with "warden baseline"/);
    const bad = await run(['scan', '--baseline', 'bad.json'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /entry 0 needs path, ruleId, fingerprint/);
    const notJson = await run(['scan', '--baseline', 'x.json'], dir);
    assert.match(notJson.stderr, /is not valid JSON/);
  });
});

describe('warden scan --staged and --since', () => {
  it('scans the index as git would commit it, not the work tree, and only the lines the commit adds', async () => {
    const repo = new TempRepo();
    repo.write('src/config.js', `const old = '${KEY_A}';\n`).commit('existing finding');
    // Staged: a new secret. Then the work tree drops it and adds another one that is not staged.
    repo.write('src/config.js', `const old = '${KEY_A}';\nconst added = '${KEY_B}';\n`);
    repo.git('add', 'src/config.js');
    repo.write('src/config.js', `const old = '${KEY_A}';\nconst notStaged = '${KEY_C}';\n`);
    const r = await run(['scan', '--staged', '--format', 'json'], repo.dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { path: string; line: number; ruleId: string }[] };
    assert.deepEqual(report.findings.map((f) => `${f.path}:${f.line}:${f.ruleId}`), ['src/config.js:2:aws-access-key-id']);
    secretsAbsent(r.stdout + r.stderr);
  });

  it('works before the first commit, and with deleted, renamed and binary files in the commit', async () => {
    const repo = new TempRepo();
    repo.write('a.js', `const k = '${KEY_A}';\n`);
    repo.git('add', '-A');
    const first = await run(['scan', '--staged'], repo.dir);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stdout, /a\.js\n {2}1:12/);
    repo.write('gone.js', 'const x = 1;\n').write('old-name.js', `const y = '${KEY_B}';\n`).commit('first');
    repo.git('rm', '-q', 'gone.js');
    repo.git('mv', 'old-name.js', 'new-name.js');
    repo.write('img.bin', Buffer.from([0, 1, 2, 0, 255]).toString('latin1'));
    // Excluded by default, as in a folder scan.
    repo.write('node_modules/dep/index.js', `const k = '${KEY_C}';\n`);
    repo.git('add', '-A');
    const r = await run(['scan', '--staged'], repo.dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, '');
  });

  it('--since REF reports only lines changed since the merge base, from a subfolder too', async () => {
    const repo = new TempRepo();
    repo.write('src/a.js', `const old = '${KEY_A}';\n`).write('src/b.js', 'let x = 1;\n').commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/b.js', `let x = 1;\nconst added = '${KEY_B}';\n`).commit('feature work');
    repo.git('checkout', '-q', 'main');
    repo.write('src/c.js', `const onMain = '${KEY_C}';\n`).commit('main moved on');
    repo.git('checkout', '-q', 'feature');
    const r = await run(['scan', '--since', 'main', '--format', 'json'], repo.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { findings: { path: string; line: number }[] }).findings.map((f) => `${f.path}:${f.line}`), ['src/b.js:2']);
    const sub = await run(['scan', '--since', 'main'], join(repo.dir, 'src'));
    assert.match(sub.stdout, /^b\.js\n {2}2:16/);
    const bad = await run(['scan', '--since', 'no-such-branch'], repo.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since no-such-branch: no common ancestor with HEAD/);
  });

  it('applies the baseline to the whole file before keeping the changed lines', async () => {
    const repo = new TempRepo();
    const line = "const h = crypto.createHash('md5');\n";
    repo.write('a.js', line).commit('one');
    assert.equal((await run(['baseline'], repo.dir)).code, 0);
    repo.commit('baseline');
    // The same snippet again on a new line: the baseline covers one copy, so the new copy is new.
    repo.write('a.js', line + line);
    repo.git('add', '-A');
    const r = await run(['scan', '--staged', '--baseline', '.warden/baseline.json'], repo.dir);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /a\.js\n {2}2:29 {2}warning/);
  });

  it('refuses outside a repository and combined modes, with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-nogit-'));
    const r = await run(['scan', '--staged'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /need a git repository|not a git repository/);
    const repo = new TempRepo();
    const both = await run(['scan', '--staged', '--since', 'main'], repo.dir);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /cannot be combined/);
  });

  it('parses hunks and quoted paths from git diff', () => {
    const patch = [
      'diff --git a/x.js b/x.js', '--- a/x.js', '+++ b/x.js', '@@ -1,0 +2,2 @@', '++++ not a header', '+b',
      '@@ -9 +11 @@', '-old', '+new', 'diff --git "a/t\\tb.js" "b/t\\tb.js"', '+++ "b/t\\tb.js"', '@@ -0,0 +1 @@', '+x',
      'diff --git a/d.js b/d.js', '+++ /dev/null', '@@ -1 +0,0 @@', '-gone',
    ].join('\n');
    assert.deepEqual(addedLines(patch), [{ path: 'x.js', lines: [2, 3, 11] }, { path: 't\tb.js', lines: [1] }]);
    assert.equal(unquoteGitPath('"caf\\303\\251.js"'), 'café.js');
  });
});

describe('warden scan --history', () => {
  function historyRepo(): { repo: TempRepo; introduced: string; second: string } {
    const repo = new TempRepo();
    repo.write('README.md', '# app\n').commit('start', '2024-01-02T10:00:00+01:00');
    const introduced = repo.write('src/config.js', `// config\nconst key = '${KEY_A}';\n`).commit('add config', '2024-02-03T10:00:00+01:00');
    repo.write('src/config.js', '// config\nconst key = process.env.KEY;\n').commit('remove the key', '2024-03-04T10:00:00+01:00');
    // The same secret again, in another file, later: still one finding, counted twice.
    repo.write('scripts/deploy.sh', `export AWS_ACCESS_KEY_ID=${KEY_A}\n`).commit('deploy script', '2024-04-05T10:00:00+01:00');
    const second = repo.write('lib/other.py', `\n\nkey = "${KEY_B}"\n`).commit('other', '2024-05-06T10:00:00+01:00');
    repo.git('rm', '-q', 'scripts/deploy.sh');
    repo.commit('remove deploy script', '2024-06-07T10:00:00+01:00');
    return { repo, introduced, second };
  }

  it('reports each secret once, at the commit that introduced it, masked, with a rotation warning', async () => {
    const { repo, introduced, second } = historyRepo();
    const r = await run(['scan', '--history', '--format', 'json'], repo.dir);
    assert.equal(r.code, 1, r.stderr);
    secretsAbsent(r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as { summary: { commits: number; secrets: number }; advice: string; findings: Record<string, unknown>[] };
    assert.deepEqual(report.summary, { commits: 6, secrets: 2 });
    assert.match(report.advice, /rotate/);
    assert.deepEqual(report.findings.map((f) => [f.commit, f.date, f.path, f.line, f.column, f.ruleId, (f.secret as { masked: string }).masked, f.commits]), [
      [introduced, '2024-02-03T10:00:00+01:00', 'src/config.js', 2, 14, 'aws-access-key-id', 'AKIA******** (16–31 chars)', 2],
      [second, '2024-05-06T10:00:00+01:00', 'lib/other.py', 3, 8, 'aws-access-key-id', 'AKIA******** (16–31 chars)', 1],
    ]);
    const text = await run(['scan', '--history'], repo.dir);
    assert.match(text.stdout, new RegExp(`^${introduced.slice(0, 12)}  2024-02-03  src/config\\.js:2:14  aws-access-key-id  AKIA\\*{8} \\(16–31 chars\\)  \\(added again in 1 later commit\\(s\\)\\)`, 'm'));
    assert.match(text.stdout, /2 secret\(s\) in the history of 6 commit\(s\)\.\nEach one stays in the repository's history.*\nrotate it/);
  });

  it('counts every commit and finds the secret after a commit whose only change is a binary file or a mode', async () => {
    const repo = new TempRepo();
    repo.write('run.sh', 'echo hi\n').commit('script');
    const secret = repo.write('a.js', `const k = '${KEY_B}';\n`).commit('secret');
    repo.write('logo.bin', Buffer.from([0, 1, 2, 0, 255]).toString('latin1')).commit('binary only');
    repo.git('update-index', '--chmod=+x', 'run.sh');
    repo.git('commit', '-q', '--no-verify', '-m', 'mode only');
    const r = await run(['scan', '--history', '--format', 'json'], repo.dir);
    const report = JSON.parse(r.stdout) as { summary: { commits: number }; findings: { commit: string }[] };
    assert.equal(report.summary.commits, 4);
    assert.deepEqual(report.findings.map((f) => f.commit), [secret]);
  });

  it('takes a revision range, and says so when there is nothing', async () => {
    const { repo, second } = historyRepo();
    const r = await run(['scan', '--history', `${second}~1..${second}`, '--format', 'json'], repo.dir);
    assert.deepEqual((JSON.parse(r.stdout) as { findings: { path: string }[] }).findings.map((f) => f.path), ['lib/other.py']);
    const none = await run(['scan', '--history', 'HEAD~1..HEAD'], repo.dir);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, 'No secrets in the added lines of 1 commit(s) in HEAD~1..HEAD.\n');
    const bad = await run(['scan', '--history', 'nope..HEAD'], repo.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--history nope\.\.HEAD:/);
    const sarif = await run(['scan', '--history', '--format', 'sarif'], repo.dir);
    assert.equal(sarif.code, 2);
  });
});

describe('warden hook install', () => {
  const commit = (repo: TempRepo, message: string) =>
    spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo.dir, env: GIT_ENV, encoding: 'utf8' });

  it('installs a pre-commit hook that refuses a commit adding a secret and lets a clean one through', async () => {
    const repo = new TempRepo();
    repo.write('README.md', '# app\n').commit('start');
    const installed = await run(['hook', 'install'], repo.dir);
    assert.equal(installed.code, 0, installed.stderr);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    assert.ok(readFileSync(hook, 'utf8').includes(HOOK_MARKER));

    repo.write('src/config.js', `const key = '${KEY_A}';\n`);
    repo.git('add', '-A');
    const refused = commit(repo, 'add a key');
    assert.notEqual(refused.status, 0, 'the commit with a secret must be refused');
    assert.match(refused.stdout + refused.stderr, /src\/config\.js\n {2}1:14 {2}error {2}aws-access-key-id/);
    secretsAbsent(refused.stdout + refused.stderr);
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), '1');

    repo.write('src/config.js', 'const key = process.env.AWS_ACCESS_KEY_ID;\n');
    repo.git('add', '-A');
    const accepted = commit(repo, 'read the key from the environment');
    assert.equal(accepted.status, 0, accepted.stdout + accepted.stderr);
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), '2');
  });

  it('honours the baseline in .warden/baseline.json', async () => {
    const repo = new TempRepo();
    const line = "const h = crypto.createHash('md5');\n";
    repo.write('a.js', line).commit('start');
    await run(['baseline'], repo.dir);
    await run(['hook', 'install'], repo.dir);
    // Moving the baselined line down is not a new finding.
    repo.write('a.js', `// hashing\n${line}`);
    repo.git('add', '-A');
    const r = commit(repo, 'comment');
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('leaves an existing hook alone unless --force, which keeps a backup; updates its own hook', async () => {
    const repo = new TempRepo();
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho mine\n', { mode: 0o755 });
    const refused = await run(['hook', 'install'], repo.dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already exists and is not Warden's; it was left unchanged/);
    assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho mine\n');
    const forced = await run(['hook', 'install', '--force'], repo.dir);
    assert.equal(forced.code, 0);
    assert.equal(readFileSync(`${hook}.warden-backup`, 'utf8'), '#!/bin/sh\necho mine\n');
    const again = await run(['hook', 'install'], repo.dir);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /\(updated\)/);
    assert.ok(existsSync(hook));
    const outside = await run(['hook', 'install'], mkdtempSync(join(tmpdir(), 'warden-nogit-')));
    assert.equal(outside.code, 2);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('declares a warden hook that scans staged changes', () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', '.pre-commit-hooks.yaml'), 'utf8');
    assert.match(text, /- id: warden\n/);
    assert.match(text, /entry: warden scan --staged/);
    assert.match(text, /pass_filenames: false/);
  });
});
