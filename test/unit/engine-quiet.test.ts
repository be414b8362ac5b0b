import * as assert from 'node:assert/strict';
import { analyze, analyzeUnlessParsed } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';

/**
 * Most files of a scan have nothing found, nothing to suppress and every rule run: `analyze` returns for them at
 * once (no dedupe, suppression, fingerprint, sort or cap pass over empty lists). Its result is the one those passes
 * made, with the final check of the time budget kept.
 */
describe('engine: a file with nothing found', () => {
  const ruleset = compileRuleset({}, BUILTIN_CATALOG);
  const secrets = compileRuleset({ categories: ['credentials'] }, BUILTIN_CATALOG);

  it('gives the whole result, its fields all present', () => {
    for (const [path, text, language] of [['src/app.ts', 'export const answer = 42;\n', 'typescript'], ['README.md', '# Notes\n\nNothing secret.\n', 'markdown'], ['a.json', '{"password": "x"}\n', 'json']] as const) {
      for (const [analyse, rules] of [[analyze, ruleset], [analyzeUnlessParsed, secrets], [analyze, secrets]] as const) {
        const result = analyse({ path, text }, rules);
        assert.deepStrictEqual(result, { findings: [], suppressed: [], suppressions: [], ruleErrors: [], language, parseError: undefined }, path);
      }
    }
  });

  it('still says when the analysis outran its time budget', () => {
    // The clock jumps past the deadline after it is set: no rule is stopped (none is asked of this file), but
    // the analysis as a whole ended past its budget.
    let calls = 0;
    const now = () => (calls++ === 0 ? 0 : 1e12);
    const result = analyze({ path: 'notes.txt', text: 'plain words\n' }, ruleset, { now });
    assert.equal(result.budgetExceeded, true);
    assert.deepEqual(result.findings, []);
  });

  it('reports a parse error with nothing found', () => {
    // An AST rule's keywords and prefilter let the file be parsed; the parse fails.
    const { parseError, ...rest } = analyze({ path: 'broken.js', text: 'eval(req.query.x\nconst = ;\n' }, ruleset);
    assert.equal(typeof parseError, 'string');
    assert.deepStrictEqual(rest, { findings: [], suppressed: [], suppressions: [], ruleErrors: [], language: 'javascript' });
  });
});
