import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { textRuleIndex, textRulesWanted } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { fuzzOptions, tried } from '../helpers/fuzz';

/**
 * `analyze` picks a file's text rules from the keywords it holds (`textRulesWanted`), not by asking every rule
 * of its list: the answer must be the rules, in the list's order, whose language and keywords allow them.
 */
describe('text rules picked by keyword', () => {
  // A team rule without keywords runs on every file; the built-in ones all have keywords.
  const ruleset = compileRuleset({
    preset: 'strict',
    customRules: [{
      id: 'team-no-keywords', title: 't', description: 'd', recommendation: 'r', category: 'custom', severity: 'warning', confidence: 'high',
      cwe: [], owasp: [], keywords: [], pattern: 'TODO-SECURITY', message: 'Resolve this.', examples: { match: ['TODO-SECURITY'], noMatch: ['TODO'] },
    }],
  }, BUILTIN_CATALOG);
  const paths = ['src/app.ts', 'config/settings.py', '.env', 'deploy/values.yaml', 'test/app.test.js', 'Main.java', 'README.md', 'notes.txt'];
  const languages = ['typescript', 'javascript', 'python', 'dotenv', 'yaml', 'java', 'markdown', 'plaintext', 'go', 'ruby'];
  const keywords = [...new Set(ruleset.active.flatMap((r) => r.text?.keywords ?? []))];

  /** The rules as the loop before asked them: each rule of the list for its language, then its keywords. */
  function naive(path: string, language: string, present: ReadonlySet<string>): number[] {
    const out: number[] = [];
    ruleset.activeFor(path).forEach((r, i) => {
      const spec = r.text?.spec;
      if (!spec || (spec.languages && !spec.languages.includes(language)) || spec.excludeLanguages?.includes(language)) return;
      if (r.text!.keywords.length === 0 || r.text!.keywords.some((k) => present.has(k))) out.push(i);
    });
    return out;
  }

  it('has rules with and without keywords to pick from', () => {
    assert.ok(keywords.length > 50);
    assert.ok(ruleset.active.some((r) => r.text && r.text.keywords.length === 0));
  });

  it('gives the rules the list would run, in its order, for any keywords present', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.constantFrom(...languages), fc.subarray(keywords, { maxLength: 40 }), fc.subarray(['zzz-not-a-keyword', 'warden-ignore'], {}), (path, language, found, other) => {
        tried('text-rule-index');
        const present = new Set([...found, ...other]);
        const rules = ruleset.activeFor(path);
        assert.deepEqual(textRulesWanted(textRuleIndex(rules, language), present), naive(path, language, present));
      }),
      fuzzOptions(300),
    );
  });

  it('gives the rules without keywords alone when none is present', () => {
    const rules = ruleset.activeFor('src/app.ts');
    const none = textRulesWanted(textRuleIndex(rules, 'typescript'), new Set());
    assert.deepEqual(none.map((i) => rules[i]!.meta.id), ['team-no-keywords']);
  });
});
