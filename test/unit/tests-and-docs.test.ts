import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset, type TestsAndDocsConfig } from '../../server/src/engine/ruleset';
import { nonProductionKind } from '../../server/src/engine/pathKind';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { parseRuleset, RulesetError } from '../../server/src/ruleset/load';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { run as runCli } from '../helpers/cli';
import { LspHarness } from '../helpers/lsp';

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
      ['.env.test', '', 'dotenv', 'test'],
      ['.env.example', '', 'dotenv', 'example'],
      ['config/settings.sample.yml', '', 'yaml', 'example'],
      ['.env', '', 'dotenv', undefined],
      ['.env.production', '', 'dotenv', undefined],
      ['src/examples.ts', '', 'typescript', undefined],
      ['src/contest.js', '', 'javascript', undefined],
      ['src/latest/index.js', '', 'javascript', undefined],
      ['src/check.js', "import { describe, it } from 'vitest';\n", 'javascript', 'test'],
      ['src/check.js', "const { expect } = require('chai');\n", 'javascript', 'test'],
      ['lib/check.py', 'import pytest\n', 'python', 'test'],
      ['lib/check.py', 'from unittest import mock\n', 'python', 'test'],
      ['lib/check.py', '# uses pytest in CI\nimport os\n', 'python', undefined],
      ['src/util/Support.java', 'package x;\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n', 'java', 'test'],
      ['src/util/Support.kt', 'import io.kotest.core.spec.style.StringSpec\n', 'kotlin', 'test'],
      ['src/util/Support.java', 'package x;\n// see org.junit for tests\nimport java.util.List;\n', 'java', undefined],
      ['pkg/fake/fake.go', 'package fake\n\nimport (\n\t"fmt"\n\t"testing"\n)\n', 'go', 'test'],
      ['pkg/fake/fake.go', 'package fake\n\nimport "github.com/stretchr/testify/assert"\n', 'go', 'test'],
      ['pkg/names/names.go', 'package names\n\nvar modes = []string{\n\t"testing",\n}\n', 'go', undefined],
      ['Support/Fixture.cs', 'using System;\nusing Xunit;\n', 'csharp', 'test'],
      ['Support/Fixture.cs', 'using System;\nusing System.Net.Http;\n', 'csharp', undefined],
      ['lib/Support.php', '<?php\nuse PHPUnit\\Framework\\TestCase;\n', 'php', 'test'],
      ['lib/support.rb', "require 'rspec'\n", 'ruby', 'test'],
      ['lib/support.rb', "require 'json'\n# run with minitest\n", 'ruby', undefined],
      ['src/helpers.ts', "import nock from 'nock';\n", 'typescript', 'test'],
      ['src/helpers.ts', "const name = 'nock';\n", 'typescript', undefined],
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
    "const h = crypto.createHash('md5').update(token).digest('hex');",
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

  it('lowers a literal in a credential position (a session secret, a URL\'s password) there too: only a format is structured', () => {
    const sample = "app.use(session({ secret: 'kH8#vQ2mZp4@wN7x' }));\n";
    const findings = (path: string) =>
      analyze({ text: sample, path }, compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG)).findings.map((f) => `${f.ruleId}:${f.severity}`);
    assert.deepEqual(findings('src/app.js'), ['literal-session-secret:error']);
    assert.deepEqual(findings('examples/session/index.js'), ['literal-session-secret:info']);
    const url = "const uri = 'mysql://app:kH8vQ2mZp4wN7x@db.acme.io/app';\n";
    const urlFindings = (path: string) =>
      analyze({ text: url, path }, compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG)).findings.map((f) => `${f.ruleId}:${f.severity}`);
    assert.deepEqual(urlFindings('src/db.js'), ['connection-string-password:error']);
    assert.deepEqual(urlFindings('test/db.test.js'), ['connection-string-password:info']);
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

  describe('through the command line and the language server', () => {
    const files: Record<string, string> = {
      'src/app.js': code,
      'test/app.test.js': code,
      'qa/smoke.js': code,
    };
    const folder = (ruleset?: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'warden-tests-docs-'));
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      if (ruleset) {
        mkdirSync(join(dir, '.warden'));
        writeFileSync(join(dir, '.warden', 'ruleset.yaml'), ruleset);
      }
      return dir;
    };
    const scan = async (dir: string) => {
      const { stdout } = await runCli(['scan', '--format', 'json'], dir);
      return (JSON.parse(stdout) as { findings: { ruleId: string; severity: string; path: string }[] }).findings
        .map((f) => `${f.path} ${f.ruleId}:${f.severity}`).sort();
    };

    it('warden scan lowers them by default and hides them when the team ruleset says so', async () => {
      const lowered = await scan(folder());
      assert.ok(lowered.includes('test/app.test.js weak-hash:info'), lowered.join('\n'));
      assert.ok(lowered.includes('test/app.test.js aws-access-key-id:error'));
      assert.ok(lowered.includes('src/app.js weak-hash:warning'));
      assert.ok(lowered.includes('qa/smoke.js weak-hash:warning'));

      const hidden = await scan(folder('testsAndDocs:\n  findings: hide\n  paths: ["qa/**"]\n'));
      assert.deepEqual(hidden.filter((f) => !f.startsWith('src/')), ['qa/smoke.js aws-access-key-id:error', 'test/app.test.js aws-access-key-id:error']);
      assert.ok(hidden.includes('src/app.js weak-hash:warning'));
    });

    it('the editor shows them as information, and as usual once the ruleset says report', async function () {
      this.timeout(60_000);
      for (const [ruleset, expected] of [
        [undefined, DiagnosticSeverity.Information],
        ['testsAndDocs:\n  findings: report\n', DiagnosticSeverity.Warning],
      ] as const) {
        const dir = folder(ruleset);
        const lsp = new LspHarness();
        try {
          await lsp.initialize(pathToFileURL(dir).toString());
          const { diagnostics } = await lsp.open(pathToFileURL(join(dir, 'test/app.test.js')).toString(), code, 'javascript');
          assert.equal(diagnostics.find((d) => d.code === 'weak-hash')?.severity, expected, ruleset ?? 'default');
          assert.equal(diagnostics.find((d) => d.code === 'aws-access-key-id')?.severity, DiagnosticSeverity.Error);
        } finally {
          await lsp.shutdown();
        }
      }
    });
  });
});
