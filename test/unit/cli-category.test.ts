import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS, plantedFolder, run } from '../helpers/cli';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';

const folders: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-category-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** `plantedFolder()`, removed after the tests, with `extra` files written into it. */
function planted(extra: Record<string, string> = {}): string {
  const dir = plantedFolder();
  folders.push(dir);
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** `path line:col severity rule` of each finding in a JSON report. */
async function rows(args: string[], dir: string): Promise<{ code: number; rows: string[]; stderr: string }> {
  const r = await run(['scan', '.', '--format', 'json', ...args], dir);
  const report = JSON.parse(r.stdout) as { findings: { path: string; line: number; column: number; severity: string; ruleId: string }[] };
  return { code: r.code, rows: report.findings.map((f) => `${f.path} ${f.line}:${f.column} ${f.severity} ${f.ruleId}`), stderr: r.stderr };
}

describe('warden scan --category', () => {
  after(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('runs only the credential rules, with the findings of the full scan in that category', async () => {
    const dir = planted();
    const all = await rows([], dir);
    assert.deepEqual(all.rows, [
      'deploy_key 1:1 error private-key',
      'src/config.js 1:22 error aws-access-key-id',
      'src/config.js 2:21 error hardcoded-password',
      'src/config.js 3:38 error tls-verification-disabled',
      'src/config.js 4:29 warning weak-hash',
      'src/config.js 5:1 warning eval-non-literal',
    ]);
    const secrets = await rows(['--category', 'credentials'], dir);
    assert.equal(secrets.code, 1);
    assert.deepEqual(secrets.rows, [
      'deploy_key 1:1 error private-key',
      'src/config.js 1:22 error aws-access-key-id',
      'src/config.js 2:21 error hardcoded-password',
    ]);
    const two = await rows(['--category=credentials,crypto'], dir);
    assert.deepEqual(two.rows, [
      'deploy_key 1:1 error private-key',
      'src/config.js 1:22 error aws-access-key-id',
      'src/config.js 2:21 error hardcoded-password',
      'src/config.js 4:29 warning weak-hash',
    ]);
  });

  it('exits 0 when only other categories find something', async () => {
    const dir = folder({ 'app.js': "const h = crypto.createHash('md5');\neval(userInput);\n" });
    const { code, stdout } = await run(['scan', '--category', 'credentials'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /No findings in 1 file/);
  });

  it('keeps the team ruleset: severities, rules set off, and custom rules under "custom"', async () => {
    const dir = planted({
      'src/hosts.js': "const db = 'db.staging';\n",
      '.warden/ruleset.yaml': [
        'rules:',
        '  aws-access-key-id: warning',
        '  hardcoded-password: off',
        'customRules:',
        '  - id: acme-staging-host',
        '    message: Staging hosts stay out of the code.',
        "    pattern: '\\b[a-z0-9-]+\\.staging\\b'",
        '    examples: { match: ["db.staging"], noMatch: ["staging.example.com"] }',
        '',
      ].join('\n'),
    });
    assert.deepEqual((await rows(['--quiet', '--category', 'credentials'], dir)).rows, [
      'deploy_key 1:1 error private-key',
      'src/config.js 1:22 warning aws-access-key-id',
    ]);
    // (The custom rule's own example in the ruleset file is a match too, as in a full scan.)
    assert.deepEqual((await rows(['--quiet', '--category', 'credentials,custom'], dir)).rows, [
      '.warden/ruleset.yaml 8:26 warning acme-staging-host',
      'deploy_key 1:1 error private-key',
      'src/config.js 1:22 warning aws-access-key-id',
      'src/hosts.js 1:13 warning acme-staging-host',
    ]);
  });

  it('applies suppressions of its rules, and leaves alone those that name only rules it does not run', async () => {
    const dir = folder({
      'app.js': [
        `const id = '${AWS}'; // warden-ignore aws-access-key-id -- documented sample key`,
        'eval(userInput); // warden-ignore eval-non-literal -- input is a constant expression here',
        '// warden-ignore weak-hash',
        "const h = crypto.createHash('md5');",
        'const x = 1; // warden-ignore no-such-rule -- typo',
        `const k = '${AWS}'; // gitleaks:allow`,
        '',
      ].join('\n'),
    });
    const all = await rows([], dir);
    assert.deepEqual(all.rows, [
      'app.js 3:4 warning warden-suppression-reason',
      'app.js 4:29 warning weak-hash',
      'app.js 5:17 info warden-suppression-unused',
      'app.js 6:12 error aws-access-key-id',
      'app.js 6:38 warning warden-suppression-reason',
    ]);
    // The eval suppression is not reported unused and the weak-hash one without a reason is not this
    // scan's business; the unknown id is still reported, and so is the gitleaks marker without a reason
    // (it concerns credential rules). The AWS key's own suppression still applies.
    const secrets = await rows(['--category', 'credentials'], dir);
    assert.deepEqual(secrets.rows, [
      'app.js 5:17 info warden-suppression-unused',
      'app.js 6:12 error aws-access-key-id',
      'app.js 6:38 warning warden-suppression-reason',
    ]);
    const crypto = await rows(['--category', 'crypto'], dir);
    assert.deepEqual(crypto.rows, [
      'app.js 3:4 warning warden-suppression-reason',
      'app.js 4:29 warning weak-hash',
      'app.js 5:17 info warden-suppression-unused',
    ]);
  });

  it('reports only new findings against a baseline written by a full scan', async () => {
    const dir = planted();
    assert.equal((await run(['baseline'], dir)).code, 0);
    assert.equal((await run(['scan', '--category', 'credentials', '--baseline', '.warden/baseline.json'], dir)).code, 0);
    writeFileSync(join(dir, 'later.js'), `const h = crypto.createHash('md5');\nconst accessKeyId = '${AWS.replace('KB', 'KC')}';\n`);
    const { code, rows: found } = await rows(['--category', 'credentials', '--baseline', '.warden/baseline.json'], dir);
    assert.equal(code, 1);
    assert.deepEqual(found, ['later.js 2:22 error aws-access-key-id']);
  });

  it('refuses a category that does not exist', async () => {
    const { code, stderr } = await run(['scan', '--category', 'secrets'], planted());
    assert.equal(code, 2);
    assert.match(stderr, /--category takes credentials, transport, crypto, .* \(comma-separated\), not "secrets"/);
  });

  it('compiles to the rules of those categories only', () => {
    const ruleset = compileRuleset({ categories: ['credentials'] }, BUILTIN_CATALOG);
    assert.ok(ruleset.active.length > 100);
    assert.deepEqual([...new Set(ruleset.active.map((r) => r.meta.category))], ['credentials']);
    assert.ok(ruleset.active.some((r) => r.ast) && ruleset.active.some((r) => r.text), 'text and AST credential rules');
    // Every rule stays known (hovers, SARIF's rule list), run or not.
    assert.equal(ruleset.allMetas().length, compileRuleset({}, BUILTIN_CATALOG).allMetas().length);
  });
});
