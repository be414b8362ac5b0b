import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { lengthBucket, maskSecret } from '../../server/src/engine/secrets';
import type { DiagnosticData } from '../../server/src/protocol';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { FINGERPRINT_KEY_ENV, FINGERPRINT_KEY_FILE, readFingerprintKey } from '../../server/src/ruleset/fingerprintKey';
import { RulesetError } from '../../server/src/ruleset/load';
import { run } from '../helpers/cli';
import { LspHarness } from '../helpers/lsp';

/** Files that hold a weak password in the ways people write them; `{P}` is the password. */
const PLANTED: Record<string, string> = {
  'src/db.js': "const { Pool } = require('pg');\nconst pool = new Pool({ user: 'app', password: '{P}' });\n",
  '.env': 'DB_HOST=db.internal\nDB_PASSWORD={P}\n',
  'config/app.yaml': 'database:\n  user: app\n  password: "{P}"\n',
  'settings.py': 'DATABASES = {"default": {"PASSWORD": "{P}"}}\n',
  'deploy.sh': 'mysql -u root -p{P} appdb < dump.sql\n',
  'docker/url.txt': 'DATABASE_URL=postgres://app:{P}@db.internal:5432/app\n',
};

/**
 * A dictionary attack's word list: common passwords, several of each length, each one that every
 * planted form reports (whether a value is reported at all depends on the value, e.g. plain words in
 * a `.env`, and says nothing about which password it is).
 */
const DICTIONARY = [
  'hunter22', 'letmein1', 'dragon99', 'monkey12', 'shadow77', 'master42',
  'Summer2024!', 'Winter2023!', 'Autumn2022!', 'Spring2021!', 'Passw0rd!23', 'Welcome1234', 'Qwerty12345', 'Dragon2020!',
];

function workspace(password: string, dir = mkdtempSync(join(tmpdir(), 'warden-fp-'))): string {
  for (const [path, text] of Object.entries(PLANTED)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text.replaceAll('{P}', password));
  }
  return dir;
}

interface Outputs { text: string; json: string; sarif: string; baseline: string }

/** Every report format, and a baseline such as `git-gate` keeps: rule, path and fingerprint of each finding. */
async function reports(dir: string): Promise<Outputs> {
  const text = (await run(['scan', '.'], dir)).stdout;
  const json = (await run(['scan', '--format', 'json', '.'], dir)).stdout;
  const sarif = (await run(['scan', '--format', 'sarif', '.'], dir)).stdout;
  const findings = (JSON.parse(json) as { findings: { ruleId: string; path: string; fingerprint: string; secret?: unknown }[] }).findings;
  const baseline = JSON.stringify(findings.map((f) => ({ ruleId: f.ruleId, path: f.path, fingerprint: f.fingerprint, secret: f.secret })));
  return { text, json, sarif, baseline };
}

describe('credential fingerprints and masks: no offline guessing (issue 17 item 2)', function () {
  this.timeout(120_000);

  it('masks a password without any of its characters or its exact length; a token keeps only its type prefix', () => {
    assert.equal(maskSecret('hunter22'), '******** (8–15 chars)');
    assert.equal(maskSecret('Summer2024!'), maskSecret('letmein1'));
    assert.equal(maskSecret('ghp_0123456789abcdefghijABCDEFGHIJ012345'), 'ghp_******** (32–63 chars)');
    assert.equal(maskSecret('AKIAIOSFODNN7EXAMPLE'), 'AKIA******** (16–31 chars)');
    assert.equal(maskSecret('github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS'), 'github_******** (64–127 chars)');
    // A password that happens to start like a token shows nothing of it unless it is long enough to be one.
    assert.equal(maskSecret('pat12345'), '******** (8–15 chars)');
    assert.equal(lengthBucket(7), 'under 8 chars');
  });

  it('a dictionary attack on text, JSON, SARIF and a baseline learns nothing: the reports are the same whichever same-length password is real', async () => {
    const byLength = new Map<number, string[]>();
    for (const word of DICTIONARY) byLength.set(word.length, [...(byLength.get(word.length) ?? []), word]);
    for (const words of byLength.values()) {
      const [first, ...others] = words;
      // One folder, rewritten for each candidate: SARIF names the folder it scanned.
      const dir = workspace(first!);
      const reference = await reports(dir);
      const findings = (JSON.parse(reference.json) as { findings: unknown[] }).findings.length;
      assert.ok(findings >= Object.keys(PLANTED).length, `each planted password is found (${findings} findings)`);
      for (const other of others) {
        const candidate = await reports(workspace(other, dir));
        for (const format of ['text', 'json', 'sarif', 'baseline'] as const) {
          assert.equal(candidate[format], reference[format], `${format}: the report for "${other}" differs from the one for "${first}"`);
        }
      }
      // And nothing the old scheme made (a plain hash of rule id and secret) nor the secret itself is in them.
      const everything = Object.values(reference).join('\n');
      for (const word of DICTIONARY) {
        assert.ok(!everything.includes(word), `a report contains "${word}"`);
        for (const ruleId of ['hardcoded-password', 'literal-db-password', 'config-secret', 'connection-string-password', 'mysql-password-argument']) {
          const old = createHash('sha256').update(ruleId).update('\0').update(word).update('\0').digest('hex').slice(0, 20);
          assert.ok(!everything.includes(old));
        }
      }
    }
  });

  it('with the workspace key: stable across machines, folders, moves and edits elsewhere; new when the secret changes; useless without the key', async () => {
    const key = 'a'.repeat(16) + 'b'.repeat(16) + '0123456789abcdef';
    const fingerprints = (dir: string, path: string, text: string, k: string | undefined) => {
      const ruleset = compileRuleset({ fingerprintKey: k }, BUILTIN_CATALOG);
      return analyze({ text, path }, ruleset).findings.filter((f) => f.secret).map((f) => f.fingerprint);
    };
    const text = PLANTED['src/db.js']!.replace('{P}', 'hunter22');
    const here = fingerprints('a', 'src/db.js', text, key);
    assert.equal(here.length, 1);
    assert.deepEqual(fingerprints('b', 'lib/moved/db.js', `// a comment\n\n${text.replace('new Pool', '   new Pool')}`, key), here);
    assert.notDeepEqual(fingerprints('a', 'src/db.js', text.replace('hunter22', 'hunter23'), key), here);
    assert.notDeepEqual(fingerprints('a', 'src/db.js', text, `${key}x`), here);
    // Without a key the fingerprint comes from the context: the same for any password on that line.
    assert.deepEqual(fingerprints('a', 'src/db.js', text, undefined), fingerprints('a', 'src/db.js', text.replace('hunter22', 'dragon99'), undefined));
  });

  it('without a key, a new token on the same line is a new fingerprint, a new password is not', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const fp = (text: string) => analyze({ text, path: 'a.js' }, ruleset).findings.filter((f) => f.secret).map((f) => f.fingerprint);
    const aws = (id: string) => `const client = new S3({ accessKeyId: '${id}' });\n`;
    assert.equal(fp(aws('AKIAZ7QXS4D2L5RVN3KB')).length, 1);
    assert.notDeepEqual(fp(aws('AKIAZ7QXS4D2L5RVN3KB')), fp(aws('AKIAJ7Q4ZP3XHRK2WLMN')));
    const pool = (pw: string) => `new Pool({ password: '${pw}' });\n`;
    assert.deepEqual(fp(pool('hunter22')), fp(pool('dragon99')));
  });

  it('numbers repeats, so two identical lines keep two fingerprints', () => {
    const line = "new Pool({ password: 'hunter22' });\n";
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const fps = analyze({ text: line + line, path: 'a.js' }, ruleset).findings.filter((f) => f.secret).map((f) => f.fingerprint);
    assert.equal(fps.length, 2);
    assert.notEqual(fps[0], fps[1]);
  });

  it('leaves another secret on the same line out of the context, so it cannot be guessed through its neighbour', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const withToken = (token: string) => analyze({
      text: `new Pool({ password: 'hunter22', ssl: { key: '${token}' } }); // ${token}\n`, path: 'a.js',
    }, ruleset).findings.filter((f) => f.ruleId === 'literal-db-password').map((f) => f.fingerprint);
    const a = withToken('ghp_0123456789abcdefghijABCDEFGHIJ012345');
    assert.equal(a.length, 1);
    assert.deepEqual(withToken('ghp_zzzz456789abcdefghijABCDEFGHIJ0123zz'), a);
  });

  it('the CLI reads .warden/fingerprint.key (made by "warden init") or WARDEN_FINGERPRINT_KEY, and the editor gives the same fingerprints', async () => {
    const dir = workspace('hunter22');
    rmSync(join(dir, 'config'), { recursive: true });
    const init = await run(['init', '--fingerprint-key'], dir);
    assert.equal(init.code, 0, init.stderr);
    const key = readFileSync(join(dir, FINGERPRINT_KEY_FILE), 'utf8').trim();
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal((await run(['init', '--fingerprint-key'], dir)).code, 2, 'an existing key is never replaced');

    const keyed = JSON.parse((await run(['scan', '--format', 'json', '.'], dir)).stdout) as { findings: { path: string; fingerprint: string; secret?: unknown }[] };
    const other = workspace('hunter22');
    rmSync(join(other, 'config'), { recursive: true });
    const unkeyed = JSON.parse((await run(['scan', '--format', 'json', '.'], other)).stdout) as typeof keyed;
    assert.notDeepEqual(keyed.findings.map((f) => f.fingerprint), unkeyed.findings.map((f) => f.fingerprint));
    process.env[FINGERPRINT_KEY_ENV] = key;
    try {
      const viaEnv = JSON.parse((await run(['scan', '--format', 'json', '.'], other)).stdout) as typeof keyed;
      assert.deepEqual(viaEnv.findings.map((f) => f.fingerprint), keyed.findings.map((f) => f.fingerprint));
    } finally {
      delete process.env[FINGERPRINT_KEY_ENV];
    }

    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      const uri = pathToFileURL(join(dir, 'src', 'db.js')).toString();
      const { diagnostics } = await lsp.open(uri, readFileSync(join(dir, 'src', 'db.js'), 'utf8'), 'javascript');
      const inEditor = diagnostics.filter((d) => d.code === 'literal-db-password').map((d) => (d.data as DiagnosticData).fingerprint);
      const inCli = keyed.findings.filter((f) => f.path === 'src/db.js' && f.secret).map((f) => f.fingerprint);
      assert.equal(inEditor.length, 1);
      assert.deepEqual(inEditor, inCli);
    } finally {
      await lsp.shutdown();
    }
  });

  it('refuses a short key, with where it came from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-fp-'));
    mkdirSync(join(dir, '.warden'));
    writeFileSync(join(dir, FINGERPRINT_KEY_FILE), 'secret\n');
    assert.throws(() => readFingerprintKey(dir, {}), (e: unknown) => e instanceof RulesetError && /very short; use at least 32/.test(e.problem));
    assert.throws(() => readFingerprintKey(dir, { [FINGERPRINT_KEY_ENV]: 'short' }), (e: unknown) => e instanceof RulesetError && e.file === FINGERPRINT_KEY_ENV);
    assert.equal(readFingerprintKey(mkdtempSync(join(tmpdir(), 'warden-fp-')), {}), undefined);
  });
});
