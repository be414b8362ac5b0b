import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';

describe('engine: one mistake, one finding', () => {
  const ruleset = compileRuleset({}, BUILTIN_CATALOG);

  it('reports a database password once, by the more specific and confident rule', () => {
    const text = "const pool = new Pool({ host: 'db', user: 'app', password: 'kX9#mQ2$vL7pWz' });\n";
    const findings = analyze({ text, path: 'db.js' }, ruleset).findings;
    assert.deepEqual(findings.map((f) => [f.ruleId, text.slice(f.start, f.end)]), [['literal-db-password', "'kX9#mQ2$vL7pWz'"]]);
  });

  it('keeps two different secrets on one line apart', () => {
    const text = "const a = 'AKIAZ7QXS4D2L5RVN3KB', dbPassword = 'Tr0ub4dor&3x!';\n";
    const ids = analyze({ text, path: 'a.js' }, ruleset).findings.map((f) => f.ruleId);
    assert.deepEqual(ids, ['aws-access-key-id', 'hardcoded-password']);
  });
});
