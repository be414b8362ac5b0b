import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { runAstRules } from '../../server/src/engine/ast';
import { AST_RULES } from '../../server/src/rules';

const strict = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const CODE = "const password = 'Tr0ub4dor&3x!';\nconst h = crypto.createHash('md5');\neval(userInput);\n";

/** A clock that moves `step` ms each time it is read: the budget is tested without waiting. */
function steppingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('per-file time budget', () => {
  it('runs every rule when the budget is not reached', () => {
    const result = analyze({ text: CODE, path: 'a.js' }, strict, { now: steppingClock(0) });
    assert.equal(result.notRun, undefined);
    assert.ok(result.findings.some((f) => f.ruleId === 'eval-non-literal'));
  });

  it('stops between rules when the budget runs out and names the rules it did not run', () => {
    // Each clock read costs 1 ms of a 3 ms budget: the first rules run, the rest are listed.
    const result = analyze({ text: CODE, path: 'a.js' }, strict, { now: steppingClock(1), timeBudgetMs: 3 });
    assert.ok(result.notRun, 'the result says rules were left out');
    assert.match(result.notRun.reason, /3 ms time budget/);
    assert.ok(result.notRun.ruleIds.includes('eval-non-literal'), 'the AST rules did not run');
    assert.ok(!result.findings.some((f) => f.ruleId === 'eval-non-literal'));
  });

  it('cuts an AST walk short and says so', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `eval(input${i});`).join('\n');
    let calls = 0;
    const run = runAstRules(text, 'a.js', 'javascript', false, AST_RULES.map((rule) => ({ rule, severity: rule.meta.severity, options: {} })), () => ++calls > 2);
    assert.equal(run.stopped, true);
    const evals = run.findings.filter((f) => f.ruleId === 'eval-non-literal').length;
    assert.ok(evals > 0 && evals < 2000, `${evals} of 2000 calls seen before the stop`);
  });
});
