import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { runAstRules } from '../../server/src/engine/ast';
import { AST_RULES } from '../../server/src/rules';
import { re2jsMatcher } from '../../server/src/engine/re2Matcher';
import { MAX_MATCHES_PER_RULE, type TextRuleSpec } from '../../server/src/engine/textRules';

const strict = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const CODE = "const password = 'Tr0ub4dor&3x!';\nconst h = crypto.createHash('md5');\neval(userInput);\n";

/** A clock that moves `step` ms each time it is read: the budget is tested without waiting. */
function steppingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('per-file time budget (the wall-clock safety net)', () => {
  it('runs every rule when the budget is not reached', () => {
    const result = analyze({ text: CODE, path: 'a.js' }, strict, { now: steppingClock(0) });
    assert.equal(result.notRun, undefined);
    assert.ok(result.findings.some((f) => f.ruleId === 'eval-non-literal'));
  });

  it('stops between rules when the budget runs out and names the rules it did not run', () => {
    // Each clock read costs 1 ms of a 3 ms budget: the first rules run, the rest are listed.
    const result = analyze({ text: CODE, path: 'a.js' }, strict, { now: steppingClock(1), timeBudgetMs: 3 });
    assert.ok(result.notRun, 'the result says rules were left out');
    assert.match(result.notRun.reason, /within its 3 ms time budget \(a safety net\)/);
    assert.ok(result.notRun.ruleIds.includes('eval-non-literal'), 'the AST rules did not run');
    assert.ok(!result.findings.some((f) => f.ruleId === 'eval-non-literal'));
  });

  it('reads the clock only for rules that would run, and lists only those as not run', () => {
    // CODE holds none of most text rules' keywords: past the deadline such a rule is not "left out", it
    // could never have matched; and the clock is read once per rule that gets past its keywords.
    let reads = 0;
    const clock = () => ++reads;
    const result = analyze({ text: CODE, path: 'a.js' }, strict, { now: clock, timeBudgetMs: 3 });
    const unrelated = strict.activeFor('a.js').filter((r) => r.text && r.text.keywords.length > 0 && r.text.keywords.every((k) => !CODE.toLowerCase().includes(k)));
    assert.ok(unrelated.length > 50, `${unrelated.length} text rules without their keywords here`);
    assert.ok(result.notRun);
    for (const r of unrelated) assert.ok(!result.notRun.ruleIds.includes(r.meta.id), `${r.meta.id} is listed as not run`);
    assert.ok(reads < 20, `${reads} clock reads`);
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

describe('per-file work budget (deterministic units)', () => {
  // x(?:[^Q]*(Q))? with the capture group as the secret: on lines of `x`, each of thousands of
  // one-character matches makes RE2 read to the end of the file looking for a Q. Linear per search,
  // quadratic in all: before the work budget, 10 KB took 6.9 s, 25 KB 30–58 s, 50 KB over 300 s.
  const greedy: TextRuleSpec = {
    description: 'd', recommendation: 'r', category: 'custom', confidence: 'high', cwe: [], owasp: [],
    id: 'greedy-tail', title: 'Greedy tail', message: 'tail {masked}', severity: 'warning',
    pattern: 'x(?:[^Q]*(Q))?', secretGroup: 1, keywords: ['xx'], examples: { match: ['xxQ'], noMatch: ['y'] },
  };
  const ruleset = compileRuleset({ preset: 'recommended', customRules: [greedy] }, BUILTIN_CATALOG);
  const lines = (kb: number) => `${'x'.repeat(1023)}\n`.repeat(kb);

  for (const kb of [10, 25, 50]) {
    it(`stops a custom rule that would read a ${kb} KB file of x once per x, at the same point on every machine`, () => {
      const meter = { scanned: 0 };
      // A clock that never moves: only the work budget can stop it.
      const result = analyze({ text: lines(kb), path: 'a.txt' }, ruleset, { now: () => 0 });
      assert.deepEqual(result.notRun?.ruleIds, ['greedy-tail']);
      assert.equal(result.notRun?.reason, 'Warden analysed this file only in part: rule greedy-tail stopped after its pattern had read the file 16 times over (its work budget).');
      for (const _ of re2jsMatcher(greedy.pattern).matches(lines(kb).slice(0, 1024), meter)) void _;
      assert.ok(meter.scanned > 1024 * 100, `every search is counted to where it stopped reading (${meter.scanned})`);
    });
  }

  it('counts every match, also those a check drops, toward the cap', () => {
    // `y` matches everywhere, but the secret group never takes part: nothing is reported, and the
    // rule still stops after MAX_MATCHES_PER_RULE matches.
    const spec = { ...greedy, id: 'many-drops', pattern: 'y(Q)?', keywords: ['yy'], examples: { match: ['yyQ'], noMatch: ['x'] } };
    const rs = compileRuleset({ preset: 'recommended', customRules: [spec] }, BUILTIN_CATALOG);
    const ys = (n: number) => `${'y'.repeat(999)}\n`.repeat(Math.ceil(n / 999)).slice(0, n + Math.floor(n / 999));
    const result = analyze({ text: ys(MAX_MATCHES_PER_RULE + 10), path: 'a.txt' }, rs, { now: () => 0 });
    assert.deepEqual(result.notRun?.ruleIds, ['many-drops']);
    assert.match(result.notRun!.reason, /many-drops stopped after 10,000 matches \(its work budget\)/);
    const under = analyze({ text: ys(MAX_MATCHES_PER_RULE - 10), path: 'a.txt' }, rs, { now: () => 0 });
    assert.equal(under.notRun, undefined);
  });

  it('leaves an ordinary custom rule on a big file alone', () => {
    const spec = { ...greedy, id: 'pw', pattern: 'secret_pw\\s*=\\s*"([^"]+)"', keywords: ['secret_pw'], examples: { match: ['secret_pw = "a"'], noMatch: ['x'] } };
    const rs = compileRuleset({ preset: 'recommended', customRules: [spec] }, BUILTIN_CATALOG);
    const text = 'const a = 1; // an ordinary line of code here\nsecret_pw = "Zq8#rTp2!vLm9wXe"\n'.repeat(8000);
    const meter = { scanned: 0 };
    let n = 0;
    for (const _ of re2jsMatcher(spec.pattern).matches(text, meter)) n++;
    assert.equal(n, 8000);
    assert.ok(meter.scanned < 2 * text.length, `read about once: ${meter.scanned} for ${text.length}`);
    assert.equal(analyze({ text, path: 'a.txt' }, rs, { now: () => 0 }).notRun, undefined);
  });
});

describe("RE2's metered text", () => {
  // The characters each search read, as the String subclass that metered them before counted them: the
  // metered text is a plain object now (a String subclass slows every `charCodeAt` loop in the process).
  const cases: [string, string, string, number, number][] = [
    ['x(?:[^Q]*(Q))?', `${'x'.repeat(3000)}\nQ`, '', 6004, 1],
    ['(?i)pass(word)?\\s*=\\s*"([^"]+)"', 'let a = 1;\npassword = "hunter2"\n PASS="x" 😀 é'.repeat(50), '', 3700, 100],
    ['\\bfoo|bar\\b|baz', 'foo bar baz qux'.repeat(100), 'i', 2203, 201],
    ['^a.*$', 'abc\nabd\n😀a😀\n', 'm', 22, 2],
    ['token|secret|apikey', 'no match here at all, '.repeat(200), '', 4400, 0],
  ];
  for (const [pattern, text, flags, scanned, count] of cases) {
    it(`counts ${scanned} characters read for /${pattern}/${flags}`, () => {
      const meter = { scanned: 0 };
      const plain = [...re2jsMatcher(pattern, flags).matches(text)].map((m) => [m.start, m.end, m.group(1)]);
      const metered = [...re2jsMatcher(pattern, flags).matches(text, meter)].map((m) => [m.start, m.end, m.group(1)]);
      assert.equal(metered.length, count);
      assert.deepEqual(metered, plain);
      assert.equal(meter.scanned, scanned);
    });
  }

  it('no server module subclasses String', () => {
    const root = join(__dirname, '..', '..', '..', 'server', 'src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 50);
    const offenders = files.filter((f) => /\bextends\s+String\b/.test(readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
