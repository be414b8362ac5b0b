import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyse as findSuperLinear } from 'scslre';
import { AST_RULES, BUILTIN_CATALOG, TEMPLATE_RULES, TEXT_RULES, TREE_RULES } from '../../server/src/rules';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import type { RuleExample, TextRuleSpec } from '../../server/src/engine/textRules';
import { VALIDATOR_NAMES } from '../../server/src/engine/validators';

const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const ROOT = join(__dirname, '..', '..', '..');

function example(rule: TextRuleSpec, e: RuleExample): { text: string; path: string } {
  if (typeof e !== 'string') return { path: e.path ?? defaultPath(rule), text: e.text };
  return { text: e, path: defaultPath(rule) };
}

function defaultPath(rule: TextRuleSpec): string {
  const lang = rule.languages?.[0];
  const ext: Record<string, string> = {
    javascript: 'x.js', typescript: 'x.ts', python: 'x.py', java: 'X.java', go: 'x.go', csharp: 'x.cs', php: 'x.php',
    ruby: 'x.rb', shellscript: 'x.sh', dockerfile: 'Dockerfile', yaml: 'x.yaml', json: 'x.json', terraform: 'x.tf',
    properties: 'x.properties', ini: 'x.ini', xml: 'x.xml', dotenv: '.env',
  };
  return (lang && ext[lang]) ?? 'example.txt';
}

describe('rule catalog', () => {
  it('has unique rule ids in kebab-case', () => {
    const ids = [...AST_RULES.map((r) => r.meta.id), ...TREE_RULES.map((r) => r.meta.id), ...TEMPLATE_RULES.map((r) => r.meta.id), ...TEXT_RULES.map((r) => r.id)];
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, id);
  });

  it('registers every AST rule file, named after its id', () => {
    const files = readdirSync(join(ROOT, 'server', 'src', 'rules', 'ast')).filter((f) => f.endsWith('.ts'));
    assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), AST_RULES.map((r) => r.meta.id).sort());
  });

  it('registers every tree rule file (rules/tree), named after its id', () => {
    const files = readdirSync(join(ROOT, 'server', 'src', 'rules', 'tree')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), TREE_RULES.map((r) => r.meta.id).sort());
  });

  it('registers every template rule file (rules/template), named after its id', () => {
    const files = readdirSync(join(ROOT, 'server', 'src', 'rules', 'template')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), TEMPLATE_RULES.map((r) => r.meta.id).sort());
  });

  it('documents every rule: title, description, recommendation, CWE, OWASP', () => {
    for (const meta of [...AST_RULES.map((r) => r.meta), ...TREE_RULES.map((r) => r.meta), ...TEMPLATE_RULES.map((r) => r.meta), ...TEXT_RULES.map((r) => ({ ...r, id: r.id }))]) {
      assert.ok(meta.title.length > 3, `${meta.id} title`);
      assert.ok(meta.description.length > 20, `${meta.id} description`);
      assert.ok(meta.recommendation.length > 10, `${meta.id} recommendation`);
      assert.ok(meta.cwe.length > 0 && meta.cwe.every((c) => /^CWE-\d+$/.test(c)), `${meta.id} cwe`);
      assert.ok(meta.owasp.length > 0 && meta.owasp.every((o) => /^A\d\d:2021$/.test(o)), `${meta.id} owasp`);
    }
  });
});

describe('text rules: own examples', () => {
  for (const rule of TEXT_RULES) {
    describe(rule.id, () => {
      it('has at least one positive and one negative example', () => {
        assert.ok(rule.examples.match.length > 0 && rule.examples.noMatch.length > 0);
      });
      it('names only known validators and keywords in lower case', () => {
        for (const v of rule.validators ?? []) assert.ok(VALIDATOR_NAMES.includes(v), v);
        assert.ok(rule.keywords.length > 0, 'a built-in rule needs a keyword prefilter');
      });
      rule.examples.match.forEach((e, i) => {
        it(`matches example ${i + 1}`, () => {
          const { text, path } = example(rule, e);
          const hits = analyze({ text, path }, ruleset).findings.filter((f) => f.ruleId === rule.id);
          assert.ok(hits.length > 0, `no finding in ${JSON.stringify(text)}`);
          for (const hit of hits) if (hit.secret) assert.ok(!hit.message.includes(text.slice(hit.start, hit.end)) || hit.end - hit.start < 4);
        });
      });
      rule.examples.noMatch.forEach((e, i) => {
        it(`does not match counter-example ${i + 1}`, () => {
          const { text, path } = example(rule, e);
          const hits = analyze({ text, path }, ruleset).findings.filter((f) => f.ruleId === rule.id);
          assert.deepEqual(hits.map((h) => text.slice(h.start, h.end)), []);
        });
      });
    });
  }
});

describe('text rules: no super-linear backtracking', () => {
  for (const rule of TEXT_RULES) {
    it(rule.id, () => {
      // Every match attempt at every start position counts (`Move`), as the engine scans whole files.
      const { reports } = findSuperLinear({ source: rule.pattern, flags: `${rule.flags ?? ''}g` });
      assert.deepEqual(reports.map((r) => `${r.type} on repeated ${JSON.stringify(r.character.literal)} (${r.exponential ? 'exponential' : 'polynomial'})`), [], rule.pattern);
    });
  }
});

/**
 * Node 20's V8 (11) picks where a match may begin from a pattern's first item, and a leading look-behind hides
 * the word after it: `(?<=[A-Za-z0-9][_.-]?)(?:key|auth)…` ran the look-behind at every character of every file,
 * 7–18 times slower there than the same pattern with the word first and the look-behind after it
 * (`(?:key|auth)(?<=[A-Za-z0-9][_.-]?(?:key|auth))…`: the same matches, group for group). Node 22 and later do
 * this themselves. A rule may still open with a look-behind where no word follows it to lead with.
 */
const LOOK_BEHIND_FIRST = new Map([
  ['embedded-config-secret', 'a name of up to 60 characters follows, which may be empty: no word leads'],
]);

describe('text rules: a word before its look-behind', () => {
  it('opens no pattern with a look-behind where a word could lead', () => {
    const opening = TEXT_RULES.filter((r) => r.pattern.startsWith('(?<=')).map((r) => r.id);
    assert.deepEqual(opening.filter((id) => !LOOK_BEHIND_FIRST.has(id)), []);
    assert.deepEqual([...LOOK_BEHIND_FIRST.keys()].filter((id) => !opening.includes(id)), [], 'an exception no rule needs any more');
  });
});
