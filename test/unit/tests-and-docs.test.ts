import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset, type TestsAndDocsConfig } from '../../server/src/engine/ruleset';
import { nonProductionKind } from '../../server/src/engine/pathKind';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { parseRuleset, RulesetError } from '../../server/src/ruleset/load';

/**
 * Findings in tests, fixtures, examples and docs (issue 15): structured credentials and dummy-data rules
 * as everywhere, the rest lowered (default), hidden or reported as the team ruleset says.
 */
describe('tests, fixtures, examples and docs', () => {
  describe('recognised by path and by imports', () => {
    const cases: [string, string, string, ReturnType<typeof nonProductionKind>][] = [
      ['src/app.js', '', 'javascript', undefined],
      ['test/app.js', '', 'javascript', 'test'],
      ['packages/core/__tests__/a.ts', '', 'typescript', 'test'],
      ['src/app.spec.ts', '', 'typescript', 'test'],
      ['pkg/server_test.go', '', 'go', 'test'],
      ['tests/test_views.py', '', 'python', 'test'],
      ['src/fixtures/users.json', '', 'json', 'fixture'],
      ['internal/testdata/keys.yaml', '', 'yaml', 'fixture'],
      ['examples/basic/server.js', '', 'javascript', 'example'],
      ['docs/guide/setup.js', '', 'javascript', 'docs'],
      ['README.md', '', 'markdown', 'docs'],
      ['src/contest.js', '', 'javascript', undefined],
      ['src/latest/index.js', '', 'javascript', undefined],
      ['src/check.js', "import { describe, it } from 'vitest';\n", 'javascript', 'test'],
      ['src/check.js', "const { expect } = require('chai');\n", 'javascript', 'test'],
      ['lib/check.py', 'import pytest\n', 'python', 'test'],
      ['lib/check.py', 'from unittest import mock\n', 'python', 'test'],
      ['lib/check.py', '# uses pytest in CI\nimport os\n', 'python', undefined],
    ];
    for (const [path, text, language, kind] of cases) {
      it(`${path}${text ? ` importing ${text.trim()}` : ''}: ${kind ?? 'production'}`, () => {
        assert.equal(nonProductionKind(path, text, language), kind);
      });
    }
  });

  const example = (e: string | { text: string; path?: string }) => (typeof e === 'string' ? { text: e, path: undefined } : e);
  const structured = example(BUILTIN_CATALOG.textRules.find((r) => r.id === 'aws-access-key-id')!.examples!.match[0]!).text;
  const code = [
    "const crypto = require('crypto');",
    "const h = crypto.createHash('md5').update(x).digest('hex');",
    "const password = 'Sup3rS3cretPa55w0rd';",
    structured,
  ].join('\n');
  const run = (path: string, testsAndDocs?: TestsAndDocsConfig) =>
    analyze({ text: code, path }, compileRuleset({ preset: 'strict', testsAndDocs }, BUILTIN_CATALOG)).findings
      .map((f) => `${f.ruleId}:${f.severity}:${f.confidence}`);

  it('reports as usual in production code', () => {
    assert.deepEqual(run('src/a.js'), ['weak-hash:warning:high', 'hardcoded-password:error:medium', 'aws-access-key-id:error:high']);
  });

  it('lowers all but structured credentials to info by default', () => {
    // hardcoded-password leaves test files out by itself (its own path filter).
    assert.deepEqual(run('test/a.test.js'), ['weak-hash:info:low', 'aws-access-key-id:error:high']);
    assert.deepEqual(run('docs/a.js'), ['weak-hash:info:low', 'hardcoded-password:info:low', 'aws-access-key-id:error:high']);
  });

  it('hides them, or reports them as usual, when the ruleset says so', () => {
    assert.deepEqual(run('docs/a.js', { findings: 'hide' }), ['aws-access-key-id:error:high']);
    assert.deepEqual(run('docs/a.js', { findings: 'report' }), ['weak-hash:warning:high', 'hardcoded-password:error:medium', 'aws-access-key-id:error:high']);
  });

  it('treats the ruleset\'s extra globs as tests', () => {
    assert.deepEqual(run('qa/smoke.js', { paths: ['qa/**'] }), ['weak-hash:info:low', 'hardcoded-password:info:low', 'aws-access-key-id:error:high']);
  });

  it('keeps the dummy-data rules, which look only at tests and fixtures', () => {
    const rule = BUILTIN_CATALOG.textRules.find((r) => r.category === 'test-data' && r.examples?.match.some((e) => example(e).path))!;
    const sample = rule.examples!.match.map(example).find((e) => e.path)!;
    const findings = analyze({ text: sample.text, path: sample.path! }, compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG)).findings;
    assert.ok(findings.some((f) => f.ruleId === rule.id && f.severity !== 'info'), `${rule.id} in ${sample.path}`);
  });

  it('is configured in a team ruleset, checked by the schema', () => {
    const config = parseRuleset('testsAndDocs:\n  findings: hide\n  paths: ["qa/**"]\n', '.warden/ruleset.yaml');
    assert.deepEqual(config.testsAndDocs, { findings: 'hide', paths: ['qa/**'] });
    assert.throws(() => parseRuleset('testsAndDocs:\n  findings: quiet\n', '.warden/ruleset.yaml'), (e: unknown) => e instanceof RulesetError && e.line === 2);
    assert.throws(() => parseRuleset('testsAndDocs:\n  paths: ["../qa/**"]\n', '.warden/ruleset.yaml'), (e: unknown) => e instanceof RulesetError && /relative to the workspace root/.test(e.message));
  });
});
