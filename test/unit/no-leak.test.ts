import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { defineAstRule } from '../../server/src/engine/ast';
import { BUILTIN_CATALOG, TEXT_RULES } from '../../server/src/rules';
import type { RuleExample, TextRuleSpec } from '../../server/src/engine/textRules';
import { run } from '../helpers/cli';
import type { RulesetProvider } from '../../server/src/rulesetProvider';
import { LspHarness } from '../helpers/lsp';

const EXT: Record<string, string> = {
  javascript: 'x.js', typescript: 'x.ts', python: 'x.py', java: 'X.java', go: 'x.go', csharp: 'x.cs', php: 'x.php', ruby: 'x.rb',
  shellscript: 'x.sh', dockerfile: 'Dockerfile', yaml: 'x.yaml', json: 'x.json', terraform: 'x.tf', properties: 'x.properties',
  ini: 'x.ini', xml: 'x.xml', dotenv: '.env',
};

interface Planted { path: string; text: string }

/** The corpus: every credential rule's own positive examples, one file each. */
function corpus(): Planted[] {
  const files: Planted[] = [];
  TEXT_RULES.filter((r: TextRuleSpec) => r.category === 'credentials').forEach((rule) => {
    rule.examples.match.forEach((e: RuleExample, i) => {
      const text = typeof e === 'string' ? e : e.text;
      const name = (typeof e === 'string' ? undefined : e.path) ?? EXT[rule.languages?.[0] ?? ''] ?? 'x.txt';
      files.push({ path: `${rule.id}/${i}/${name}`, text: `${text}\n` });
    });
  });
  return files;
}

const strict = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);

/** Every secret value the engine finds in the corpus (8 characters or more: shorter ones are not secrets to leak). */
function plantedSecrets(files: Planted[], ruleset = strict): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const f of files) {
    const result = analyze({ text: f.text, path: f.path }, ruleset);
    for (const finding of [...result.findings, ...result.suppressed.map((s) => s.finding)]) {
      const value = f.text.slice(finding.start, finding.end);
      if (finding.secret && value.length >= 8) secrets.set(value, `${finding.ruleId} in ${f.path}`);
    }
  }
  return secrets;
}

function assertNoSecret(where: string, output: string, secrets: Map<string, string>): void {
  for (const [secret, origin] of secrets) {
    assert.ok(!output.includes(secret), `${where} contains the full secret of ${origin}`);
  }
}

describe('secrets never leak', function () {
  this.timeout(120_000);
  const files = corpus();
  const secrets = plantedSecrets(files);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-leak-'));
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
  });

  it('the corpus plants many distinct secrets, each found', () => {
    assert.ok(secrets.size >= 60, `${secrets.size} secrets found in ${files.length} files`);
  });

  it('engine: findings, fixes, suppressed findings, errors — none holds a full secret', () => {
    for (const f of files) {
      const result = analyze({ text: f.text, path: f.path }, strict);
      const { findings, suppressed, ruleErrors, parseError, skipped, notRun } = result;
      assertNoSecret(`engine result for ${f.path}`, JSON.stringify({ findings, suppressed, ruleErrors, parseError, skipped, notRun }), secrets);
    }
  });

  it('engine: a rule that throws with the file content in its message has the secret masked', () => {
    const leaky = defineAstRule({
      meta: { ...BUILTIN_CATALOG.astRules[0]!.meta, id: 'test-leaky-throw' },
      create: (context) => ({ Program() { throw new Error(`cannot handle ${context.text}`); } }),
    });
    // Each preset masks what its own rules find: a value only a strict-preset rule reports
    // (`weak-literal-credential`) is not a finding, and so not known as a secret, at `recommended`.
    for (const preset of ['recommended', 'strict'] as const) {
      const ruleset = compileRuleset({ preset }, { astRules: [leaky], textRules: BUILTIN_CATALOG.textRules });
      const found = preset === 'strict' ? secrets : plantedSecrets(files, compileRuleset({ preset }, BUILTIN_CATALOG));
      for (const f of files.filter((x) => /\.(js|ts)$/.test(x.path))) {
        const result = analyze({ text: f.text, path: f.path }, ruleset);
        assertNoSecret(`rule error for ${f.path} (${preset})`, JSON.stringify(result.ruleErrors), found);
      }
    }
  });

  it('CLI: text, JSON and SARIF reports, standard error, and the --output file', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const { code, stdout, stderr } = await run(['scan', '.', '--format', format, '--severity-threshold', 'info'], dir);
      assert.equal(code, 1);
      assert.ok(stdout.length > 1000);
      assertNoSecret(`CLI ${format} output`, stdout + stderr, secrets);
      await run(['scan', '.', '--format', format, '--output', `report.${format}`], dir);
      assertNoSecret(`CLI ${format} --output file`, readFileSync(join(dir, `report.${format}`), 'utf8'), secrets);
    }
  });

  it('CLI: a broken ruleset that quotes a secret in the error message', async () => {
    const [secret] = [...secrets.keys()].filter((s) => /^[A-Za-z0-9_]+$/.test(s));
    const bad = mkdtempSync(join(tmpdir(), 'warden-leak-ruleset-'));
    writeFileSync(join(bad, 'ruleset.yaml'), `rules:\n  ${secret}: error\n`);
    const { code, stderr } = await run(['scan', '.', '--ruleset', 'ruleset.yaml'], bad);
    assert.equal(code, 2);
    assert.ok(stderr.length > 0);
    assertNoSecret('CLI ruleset error', stderr, new Map([[secret!, 'the ruleset']]));
  });

  it('server: diagnostics, hovers, code actions, logs and status notifications', async () => {
    const leaky = defineAstRule({
      meta: { ...BUILTIN_CATALOG.astRules[0]!.meta, id: 'test-leaky-throw' },
      create: (context) => ({ Program() { throw new Error(`cannot handle ${context.text}`); } }),
    });
    const ruleset = compileRuleset({ preset: 'strict' }, { astRules: [leaky, ...BUILTIN_CATALOG.astRules], textRules: BUILTIN_CATALOG.textRules });
    const provider: RulesetProvider = { get: () => Promise.resolve(ruleset), onDidChange() {} };
    const lsp = new LspHarness({ rulesetProvider: provider });
    await lsp.initialize(pathToFileURL(dir).toString());
    const answers: unknown[] = [];
    try {
      for (const f of files) {
        const uri = pathToFileURL(join(dir, f.path)).toString();
        const { diagnostics } = await lsp.open(uri, f.text, 'plaintext');
        for (const d of diagnostics) {
          answers.push(await lsp.hover(uri, d.range.start));
          answers.push(await lsp.codeActions(uri, [d]));
        }
        answers.push(await lsp.codeActions(uri, diagnostics, ['source.fixAll.warden']));
      }
      const everything = JSON.stringify({ history: lsp.history, notifications: lsp.notifications, answers });
      assert.ok(lsp.notifications.some((n) => n.method === 'window/logMessage'), 'logs were produced (the leaky rule failed)');
      assertNoSecret('server messages', everything, secrets);
    } finally {
      await lsp.shutdown();
    }
  });

  it('fingerprints are the same run after run, and survive unrelated edits above the finding', async () => {
    const scan = async () => {
      const { stdout } = await run(['scan', '.', '--format', 'json'], dir);
      return (JSON.parse(stdout) as { findings: { path: string; ruleId: string; fingerprint: string }[] }).findings.map((f) => `${f.path} ${f.ruleId} ${f.fingerprint}`);
    };
    const first = await scan();
    assert.deepEqual(await scan(), first);
    for (const f of files) {
      const before = analyze({ text: f.text, path: f.path }, strict).findings.map((x) => x.fingerprint);
      const after = analyze({ text: `\n\n${f.text}`, path: f.path }, strict).findings.map((x) => x.fingerprint);
      assert.deepEqual(after, before, f.path);
    }
  });
});
