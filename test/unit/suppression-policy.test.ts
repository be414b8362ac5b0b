import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset, type RulesetConfig } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { isRealDate } from '../../server/src/engine/suppression';

const TODAY = '2026-12-04';
const MD5 = "const h = crypto.createHash('md5');";
const PASSWORD = 'const password = "Zq8#rTp2!vLm9wXe";';

function check(text: string, config: RulesetConfig = {}, path = 'a.js') {
  const result = analyze({ text, path }, compileRuleset({ preset: 'recommended', ...config }, BUILTIN_CATALOG), { today: TODAY });
  return { ids: result.findings.map((f) => f.ruleId), messages: result.findings.map((f) => f.message), suppressed: result.suppressed.length };
}

describe('suppression policy', () => {
  describe('an until date that does not exist is an error that suppresses nothing', () => {
    for (const date of ['2026-99-99', '2027-13-45', '2027-02-30', '2027-1-5']) {
      it(`until ${date}`, () => {
        const r = check(`// warden-ignore weak-hash -- legacy checksum until ${date}\n${MD5}\n`, { suppressions: { maxDays: 90 } });
        assert.deepEqual(r.ids, ['warden-suppression-invalid', 'weak-hash']);
        assert.equal(r.suppressed, 0);
        assert.match(r.messages[0]!, new RegExp(`until ${date}\`, which is not a date`));
      });
    }
    it('isRealDate accepts only days that exist', () => {
      assert.deepEqual(['2026-12-31', '2028-02-29', '2027-02-29', '2026-00-10', '2026-12-32', '20261231'].map(isRealDate), [true, true, false, false, false, false]);
    });
  });

  it('reports missing until, too far, expired and unused each under its own name', () => {
    const policy = { suppressions: { maxDays: 90 } };
    assert.deepEqual(check(`// warden-ignore weak-hash -- legacy checksum\n${MD5}\n`, policy).ids, ['warden-suppression-missing-until', 'weak-hash']);
    assert.deepEqual(check(`// warden-ignore weak-hash -- legacy checksum until 2027-12-01\n${MD5}\n`, policy).ids, ['warden-suppression-too-long', 'weak-hash']);
    assert.deepEqual(check(`// warden-ignore weak-hash -- legacy checksum until 2026-11-01\n${MD5}\n`, policy).ids, ['warden-suppression-expired', 'weak-hash']);
    assert.deepEqual(check(`// warden-ignore weak-hash -- legacy checksum until 2027-01-01\nconst x = 1;\n`, policy).ids, ['warden-suppression-unused']);
    const ok = check(`// warden-ignore weak-hash -- legacy checksum until 2027-01-01\n${MD5}\n`, policy);
    assert.deepEqual([ok.ids, ok.suppressed], [[], 1]);
  });

  it('says what is wrong when until comes before the reason, and the right order', () => {
    const r = check(`// warden-ignore weak-hash until 2027-01-01 -- legacy checksum\n${MD5}\n`);
    assert.deepEqual(r.ids, ['warden-suppression-invalid', 'weak-hash']);
    assert.equal(r.messages[0], 'Suppression of weak-hash puts `until` before the reason, so it does not apply. Write the reason first: `warden-ignore weak-hash -- <reason> until 2027-01-01`.');
  });

  describe('only comments suppress, for every kind of marker', () => {
    const inStrings: [string, string][] = [
      ['a.js', `const note = "// warden-ignore weak-hash -- not a comment"; ${MD5}\n`],
      ['a.js', `const help = 'use warden-ignore for this'; ${MD5}\n`],
      ['a.js', `const x = \`gitleaks:allow -- in a template\`; ${PASSWORD}\n`],
      ['a.py', `note = "# pragma: allowlist secret -- in a string"; password = "Zq8#rTp2!vLm9wXe"\n`],
      ['a.js', `${PASSWORD} const m = "trufflehog:ignore -- not a comment";\n`],
    ];
    for (const [path, text] of inStrings) {
      it(`${path}: ${text.slice(0, 50)}…`, () => {
        const r = check(text, {}, path);
        assert.equal(r.suppressed, 0);
        assert.ok(r.ids.some((id) => id === 'weak-hash' || id === 'hardcoded-password'), r.ids.join());
        assert.ok(!r.ids.some((id) => id.startsWith('warden-suppression-')), 'a marker in a string is not read at all');
      });
    }
  });

  describe("other scanners' markers obey the team's policy", () => {
    it('need a reason', () => {
      const r = check(`${PASSWORD} // gitleaks:allow\n`);
      assert.deepEqual(r.ids, ['hardcoded-password', 'warden-suppression-reason']);
      assert.match(r.messages[1]!, /gitleaks:allow marker has no reason.*`gitleaks:allow -- <reason>`/);
      assert.equal(check(`${PASSWORD} // gitleaks:allow -- fixture for the login test\n`).suppressed, 1);
    });
    it('cannot silence a rule the team forbids suppressing, or marked required', () => {
      const forbid = check(`${PASSWORD} // gitleaks:allow -- fixture\n`, { suppressions: { forbid: ['hardcoded-password'] } });
      assert.deepEqual(forbid.ids, ['hardcoded-password', 'warden-suppression-forbidden']);
      const required = check(`${PASSWORD} // pragma: allowlist secret -- fixture\n`, { required: ['hardcoded-password'] });
      assert.deepEqual(required.ids, ['hardcoded-password', 'warden-suppression-forbidden']);
      assert.match(required.messages[1]!, /marks hardcoded-password required/);
      // A warden-ignore with a reason still may (required is about personal settings).
      assert.equal(check(`${PASSWORD} // warden-ignore hardcoded-password -- fixture\n`, { required: ['hardcoded-password'] }).suppressed, 1);
    });
    it('need an until date when the team caps suppressions', () => {
      assert.deepEqual(check(`${PASSWORD} // gitleaks:allow -- fixture\n`, { suppressions: { maxDays: 90 } }).ids, ['hardcoded-password', 'warden-suppression-missing-until']);
      assert.equal(check(`${PASSWORD} // gitleaks:allow -- fixture until 2027-01-01\n`, { suppressions: { maxDays: 90 } }).suppressed, 1);
    });
    it('are not reported as unused (other scanners read them too)', () => {
      assert.deepEqual(check('const x = 1; // gitleaks:allow\n').ids, []);
    });
  });

  it('the per-rule cap counts reported findings: 200 suppressed decoys do not hide a real password', () => {
    const decoys = Array.from({ length: 200 }, (_, i) => `const password${i} = "Dq${i}#rTp2!vLm9wXe"; // gitleaks:allow -- decoy ${i}`);
    const text = `${decoys.join('\n')}\n${PASSWORD}\n`;
    const r = check(text);
    assert.equal(r.suppressed, 200);
    assert.deepEqual(r.ids, ['hardcoded-password']);
    const ignores = Array.from({ length: 300 }, (_, i) => `// warden-ignore hardcoded-password -- decoy ${i}\nconst password${i} = "Dq${i}#rTp2!vLm9wXe";`);
    assert.deepEqual(check(`${ignores.join('\n')}\n${PASSWORD}\n`).ids, ['hardcoded-password']);
  });

  it('still reports at most 200 findings of one rule', () => {
    const text = Array.from({ length: 250 }, (_, i) => `const password${i} = "Dq${i}#rTp2!vLm9wXe";`).join('\n');
    assert.equal(check(text).ids.length, 200);
  });
});
