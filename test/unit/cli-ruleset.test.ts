import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { run } from '../helpers/cli';
import { writeTree } from '../helpers/tree';
import { STARTER_RULESET } from '../../server/src/ruleset/starter';
import { sha256 } from '../../server/src/ruleset/load';
import { effectiveRules } from '../../server/src/cli/rulesetCommands';
import { LANGUAGE_SPECS } from '../../server/src/languages';
import { BUILTIN_CATALOG } from '../../server/src/rules';

const folder = (files: Record<string, string> = {}) => writeTree('warden-cli-rs-', files);

const MD5 = "const h = crypto.createHash('md5');";

describe('warden init / verify / rules / suppressions', () => {
  it("lists each tree rule's languages as the tree languages' specs do, in their order (the CLI's bundles hold the names, not the specs)", () => {
    const tree = new Set((BUILTIN_CATALOG.treeRules ?? []).map((r) => r.meta.id));
    const rows = effectiveRules(undefined, process.cwd()).filter((r) => tree.has(r.id));
    assert.ok(rows.length > 0);
    for (const row of rows) assert.deepEqual(row.languages, Object.keys(LANGUAGE_SPECS), row.id);
  });

  it('init writes the commented starter, verify accepts it, and init will not overwrite it', async () => {
    const dir = folder();
    const init = await run(['init'], dir);
    assert.equal(init.code, 0);
    assert.match(init.stdout, /Wrote \.warden\/ruleset\.yaml/);
    assert.equal(readFileSync(join(dir, '.warden', 'ruleset.yaml'), 'utf8'), STARTER_RULESET);

    const verify = await run(['verify'], dir);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /\.warden\/ruleset\.yaml is valid\./);
    assert.match(verify.stdout, /required: aws-access-key-id, private-key/);
    assert.ok(verify.stdout.includes(`#sha256-${sha256(STARTER_RULESET)}`), 'prints the pin for extending it by URL');

    const again = await run(['init'], dir);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists; edit it, or pass --force/);
    assert.equal((await run(['init', '--force'], dir)).code, 0);
  });

  it('verify fails with file:line: field: problem for a broken ruleset (exit 1)', async () => {
    const dir = folder({ 'team.yaml': 'extends: [warden:strict]\nrules:\n  weak-hsh: error\n' });
    const { code, stderr, stdout } = await run(['verify', 'team.yaml'], dir);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^team\.yaml:3: rules\.weak-hsh: unknown rule id "weak-hsh"; did you mean "weak-hash"\?/);
  });

  it('verify checks custom rule examples', async () => {
    const dir = folder({
      'team.yaml': [
        'customRules:',
        '  - id: acme-internal-host',
        '    message: Internal hostnames must come from configuration.',
        "    pattern: '\\b[a-z0-9-]+\\.internal\\b'",
        '    examples:',
        '      match: ["db.internal"]',
        '      noMatch: ["db.internal.example.com"]',
        '',
      ].join('\n'),
    });
    const { code, stderr } = await run(['verify', 'team.yaml'], dir);
    assert.equal(code, 1);
    assert.match(stderr, /^team\.yaml:7: customRules\[0\]\.examples\.noMatch\[0\]: the rule flags "db\.internal\.example\.com", which it must not/);
  });

  it('verify warns about a second ruleset file it ignores', async () => {
    const dir = folder({ '.warden/ruleset.yaml': 'rules: {}\n', '.warden/ruleset.json': '{}' });
    const { code, stdout } = await run(['verify'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /warning: \.warden\/ruleset\.json is ignored because \.warden\/ruleset\.yaml comes first/);
  });

  it('verify without a ruleset is a usage error', async () => {
    const { code, stderr } = await run(['verify'], folder());
    assert.equal(code, 2);
    assert.match(stderr, /No ruleset found: pass a file, or create .warden\/ruleset.yaml with "warden init"/);
  });

  it('rules lists every rule with its severity, required flag and where the setting came from', async () => {
    const dir = folder({ '.warden/ruleset.yaml': 'rules:\n  weak-hash: error\n  eval-non-literal: off\nrequired: [aws-access-key-id]\n' });
    const { code, stdout } = await run(['rules'], dir);
    assert.equal(code, 0);
    const line = (id: string) => stdout.split('\n').find((l) => l.startsWith(`${id} `)) ?? '';
    // Columns: rule, severity, required, category, set by, languages, what it finds.
    assert.match(stdout.split('\n')[0]!, /^RULE\s+SEVERITY\s+REQUIRED\s+CATEGORY\s+SET BY\s+LANGUAGES\s+WHAT IT FINDS$/);
    assert.match(line('weak-hash'), /^weak-hash\s+error\s+crypto\s+\.warden\/ruleset\.yaml:2\s+JS\/TS\s+MD5 or SHA-1 used for hashing$/);
    assert.match(line('eval-non-literal'), /off\s+injection\s+\.warden\/ruleset\.yaml:3\s/);
    assert.match(line('aws-access-key-id'), /error\s+required\s+credentials\s+\.warden\/ruleset\.yaml:4\s+all\s/);
    assert.match(line('tls-verification-disabled'), /preset warden:recommended\s+JS\/TS\s/);


    const json = JSON.parse((await run(['rules', '--format', 'json'], dir)).stdout) as { rules: { id: string; severity: string; required: boolean; source: string }[] };
    const aws = json.rules.find((r) => r.id === 'aws-access-key-id')!;
    assert.deepEqual([aws.severity, aws.required, aws.source], ['error', true, '.warden/ruleset.yaml:4']);
    writeFileSync(join(dir, '.warden', 'ruleset.yaml'), [
      'customRules:',
      '  - id: acme-internal-host',
      '    message: Internal hostnames must come from configuration.',
      "    pattern: '\\b[a-z0-9-]+\\.internal\\b'",
      '    examples: { match: ["db.internal"], noMatch: ["db.example.com"] }',
      '',
    ].join('\n'));
    const custom = (await run(['rules'], dir)).stdout.split('\n').find((l) => l.startsWith('acme-internal-host '));
    assert.match(custom ?? '', /warning\s+custom\s+\.warden\/ruleset\.yaml:2\s/);
  });

  describe('suppressions', () => {
    const files = {
      'src/a.js': [
        '// warden-ignore weak-hash -- legacy cache key, not security until 2099-01-01',
        MD5,
        '// warden-ignore weak-hash -- this one expired until 2020-01-01',
        MD5,
        '// warden-ignore eval-non-literal -- nothing here to suppress',
        'const x = 1;',
        '// warden-ignore weak-hash',
        MD5,
        '',
      ].join('\n'),
      'src/b.js': 'const ok = 1;\n',
    };

    it('lists each with file, line, rules, status, expiry and reason (text)', async () => {
      const { code, stdout } = await run(['suppressions'], folder(files));
      assert.equal(code, 0);
      assert.deepEqual(stdout.trim().split('\n'), [
        'src/a.js:1  weak-hash  active until 2099-01-01  "legacy cache key, not security"',
        'src/a.js:3  weak-hash  expired until 2020-01-01  "this one expired"',
        'src/a.js:5  eval-non-literal  unused  "nothing here to suppress"',
        'src/a.js:7  weak-hash  no-reason  (no reason)',
        "4 suppression(s): 1 active, 1 unused, 1 expired, 1 without a reason, 0 malformed, 0 without the required until, 0 beyond the team's limit, 0 forbidden.",
      ]);
    });

    it('fails CI on chosen statuses with --fail-on', async () => {
      const dir = folder(files);
      assert.equal((await run(['suppressions', '--fail-on', 'expired'], dir)).code, 1);
      assert.equal((await run(['suppressions', '--fail-on', 'forbidden'], dir)).code, 0);
      const bad = await run(['suppressions', '--fail-on', 'old'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--fail-on takes statuses among active, unused, expired, no-reason, invalid, missing-until, too-long, forbidden, not "old"/);
    });

    it('reports forbidden suppressions under the team ruleset (JSON)', async () => {
      const dir = folder({ ...files, '.warden/ruleset.yaml': 'suppressions: { forbid: [weak-hash] }\n' });
      const { stdout } = await run(['suppressions', 'src', '--format', 'json'], dir);
      const json = JSON.parse(stdout) as { summary: Record<string, number>; suppressions: { path: string; line: number; status: string; findings: number }[] };
      assert.deepEqual(json.suppressions.map((s) => [s.path, s.line, s.status, s.findings]), [
        ['src/a.js', 1, 'forbidden', 0],
        ['src/a.js', 3, 'expired', 0],
        ['src/a.js', 5, 'unused', 0],
        ['src/a.js', 7, 'no-reason', 0],
      ]);
      assert.equal(json.summary.forbidden, 1);
    });

    it("puts accepted suppressions in SARIF's own suppressions field", async () => {
      const { stdout } = await run(['suppressions', '--format', 'sarif'], folder(files));
      const log = JSON.parse(stdout) as Sarif.Log;
      const results = log.runs[0]!.results!;
      const suppressed = results.filter((r) => r.suppressions?.length);
      assert.equal(suppressed.length, 1);
      assert.equal(suppressed[0]!.ruleId, 'weak-hash');
      assert.deepEqual(suppressed[0]!.suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'legacy cache key, not security (until 2099-01-01)' }]);
      assert.equal(suppressed[0]!.locations![0]!.physicalLocation!.region!.startLine, 2);
      assert.deepEqual(results.filter((r) => !r.suppressions).map((r) => r.ruleId).sort(), [
        'warden-suppression-expired', 'warden-suppression-reason', 'warden-suppression-unused',
      ]);
    });
  });

  it('scan honours the team ruleset with extends', async () => {
    const dir = folder({
      '.warden/base.yaml': 'rules:\n  weak-hash: off\n',
      '.warden/ruleset.yaml': 'extends: [./base.yaml]\n',
      'a.js': `${MD5}\n`,
    });
    const { code, stdout } = await run(['scan', '--format', 'json'], dir);
    assert.equal(code, 0, stdout);
  });

  it("scan's SARIF links the team's page and carries the bundled lesson as rule help", async () => {
    const dir = folder({
      '.warden/ruleset.yaml': 'training:\n  rules: { weak-hash: "https://learn.example.com/hashing" }\n',
      'a.js': `${MD5}\n`,
    });
    const { stdout } = await run(['scan', '--format', 'sarif'], dir);
    const rule = (JSON.parse(stdout) as Sarif.Log).runs[0]!.tool.driver.rules!.find((r) => r.id === 'weak-hash')!;
    assert.equal(rule.helpUri, 'https://learn.example.com/hashing');
    assert.ok(rule.help!.markdown!.startsWith('# MD5 or SHA-1 used for hashing\n\n## What the problem is'));
  });
});
