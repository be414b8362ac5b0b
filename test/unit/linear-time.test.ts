import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { RegExpParser, visitRegExpAST } from '@eslint-community/regexpp';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset, type RuleCatalog } from '../../server/src/engine/ruleset';
import type { TextRuleSpec } from '../../server/src/engine/textRules';
import { TEXT_RULES } from '../../server/src/rules';
import { parseRuleset } from '../../server/src/ruleset/load';
import { STARTER_RULESET } from '../../server/src/ruleset/starter';
import { tried } from '../helpers/fuzz';

/**
 * Linear time, per pattern, without a stopwatch in the test. For every built-in text rule and every
 * example custom rule we craft input aimed at the pattern: long runs (tens of thousands) of each
 * character its quantifiers repeat, after its keywords and inside its own examples, with a character
 * at the end that makes the match fail and forces backtracking. Each input is analysed with the rule
 * followed by a sentinel rule; the engine's per-file time budget (2 s, enforced by the product)
 * lists the sentinel as not run if the pattern under attack used the budget up. A quadratic pattern
 * on 65,536 characters takes about 2·10^9 steps, far past the budget; a linear one takes milliseconds.
 * The static proof (scslre, in catalog.test.ts) says why; this test shows it on real input.
 */
const RUN = 65_536;
const ROOT = join(__dirname, '..', '..', '..');

const ALPHABET = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  '\t', '\n', '\r', '\u00a0', 'é', 'ß', '\u2028', '😀',
];

const SENTINEL: TextRuleSpec = {
  id: 'sentinel-after-the-rule', title: 'Sentinel', description: 'Runs after the rule under test.', recommendation: 'None.',
  category: 'custom', severity: 'info', confidence: 'high', cwe: ['CWE-1333'], owasp: ['A04:2021'],
  keywords: [], pattern: 'sentinel-never-present', message: 'sentinel', examples: { match: [], noMatch: [] },
};

/** One sample of every character (from a broad alphabet) that each quantifier with a large upper bound repeats. */
export function repeatedCharacters(pattern: string, flags = ''): string[][] {
  const parser = new RegExpParser({ ecmaVersion: 2025 });
  const ast = parser.parsePattern(pattern, 0, pattern.length, { unicode: flags.includes('u') });
  const sets: string[][] = [];
  visitRegExpAST(ast, {
    onQuantifierEnter(q) {
      if (q.max < 8) return;
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${q.element.raw})$`, flags.replace(/[gmy]/g, ''));
      } catch {
        return; // an element with a back-reference or a named group does not stand alone
      }
      const chars = ALPHABET.filter((c) => re.test(c));
      // Also multi-character elements such as (?:ab)+ : their own shortest sample repeated.
      if (chars.length === 0) {
        const single = ALPHABET.flatMap((a) => ALPHABET.slice(0, 20).map((b) => a + b)).find((s) => re.test(s));
        if (single) sets.push([single]);
        return;
      }
      sets.push(chars);
    },
  });
  return sets;
}

function exampleText(e: TextRuleSpec['examples']['match'][number]): string {
  return typeof e === 'string' ? e : e.text;
}

/** Inputs aimed at one pattern: keyword + run + breaker, and each example with its runs pumped. */
function craftedInputs(rule: TextRuleSpec): string[] {
  const keywords = rule.keywords.length > 0 ? rule.keywords.join(' ') : '';
  const sets = repeatedCharacters(rule.pattern, rule.flags);
  const inputs = new Set<string>();
  const picks = (chars: string[]) => [...new Set([chars[0]!, chars[Math.floor(chars.length / 2)]!, chars[chars.length - 1]!])];
  for (const chars of sets) {
    for (const c of picks(chars)) {
      const run = c.repeat(Math.ceil(RUN / c.length));
      inputs.add(`${keywords}${run}\u0001`);
      inputs.add(`${keywords} = "${run}`);
      for (const e of rule.examples.match.slice(0, 2)) {
        const text = exampleText(e);
        // Pump the example where it already uses the character, else at its end.
        const at = text.indexOf(c);
        inputs.add(at >= 0 ? `${text.slice(0, at)}${run}${text.slice(at)}\u0001` : `${text}${run}\u0001`);
      }
    }
  }
  // Short lines after the long one keep the file from looking minified, so it is analysed, not skipped.
  const tail = '\n'.repeat(RUN / 250);
  return [...inputs].map((t) => t + tail);
}

function examplePath(rule: TextRuleSpec): string {
  const first = rule.examples.match[0];
  if (first && typeof first !== 'string' && first.path) return first.path;
  const ext: Record<string, string> = {
    javascript: 'x.js', typescript: 'x.ts', python: 'x.py', java: 'X.java', go: 'x.go', csharp: 'x.cs', php: 'x.php', ruby: 'x.rb',
    shellscript: 'x.sh', dockerfile: 'Dockerfile', yaml: 'x.yaml', json: 'x.json', terraform: 'x.tf', properties: 'x.properties',
    ini: 'x.ini', xml: 'x.xml', dotenv: '.env',
  };
  return ext[rule.languages?.[0] ?? ''] ?? 'x.txt';
}

/** Custom rules from the starter ruleset's commented example and every ruleset fixture and example in the repository. */
function exampleCustomRules(): TextRuleSpec[] {
  const rules: TextRuleSpec[] = [];
  const lines = STARTER_RULESET.split('\n');
  const from = lines.findIndex((l) => l.startsWith('# customRules:'));
  const block = from < 0 ? [] : [lines[from]!, ...lines.slice(from + 1).filter((_, i, rest) => rest.slice(0, i + 1).every((l) => l.startsWith('#   ')))];
  const starterBlock = block.map((l) => l.slice(2)).join('\n');
  rules.push(...(parseRuleset(starterBlock, 'starter.yaml').customRules ?? []));
  for (const dir of ['test/fixtures/rulesets', 'examples', 'docs/examples']) {
    const full = join(ROOT, dir);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full).filter((n) => /\.(ya?ml|json)$/.test(n))) {
      rules.push(...(parseRuleset(readFileSync(join(full, f), 'utf8'), f).customRules ?? []));
    }
  }
  return rules;
}

function assertLinear(rule: TextRuleSpec, custom: boolean): void {
  const catalog: RuleCatalog = { astRules: [], textRules: custom ? [] : [rule, SENTINEL] };
  const ruleset = compileRuleset({ preset: 'strict', customRules: custom ? [rule, SENTINEL] : [] }, catalog);
  const path = examplePath(rule);
  const inputs = craftedInputs(rule);
  assert.ok(inputs.length > 0 || repeatedCharacters(rule.pattern, rule.flags).length === 0, 'crafted inputs for every repeating pattern');
  for (const text of inputs) {
    tried('linear-time');
    const result = analyze({ text, path }, ruleset, { maxFileSize: 10 * 1024 * 1024 });
    assert.equal(result.skipped, undefined, 'the crafted input is analysed, not skipped');
    assert.equal(result.notRun, undefined, `the pattern used up the time budget on ${JSON.stringify(text.slice(0, 60))}…`);
    assert.equal(result.budgetExceeded, undefined, `the analysis outran the time budget on ${JSON.stringify(text.slice(0, 60))}…`);
    assert.deepEqual(result.ruleErrors, []);
  }
}

/**
 * Inputs aimed at the engine's own passes rather than at one rule: suppression comments (Warden's and
 * third-party markers) with long runs in their ids and reasons, the scope lexer on long unterminated
 * literals, the environment-fix key finder on long assignments, the keyword prefilter on keyword soup.
 */
function enginePassInputs(): { text: string; path: string }[] {
  const runs = [' ', '\t', '-', ',', 'a', '0', '*', '/', '*/', '-->', '"', "'", '\\', 'until ', 'warden-ignore ', 'password ', '$'];
  const out: { text: string; path: string }[] = [];
  const tail = '\n'.repeat(RUN / 250);
  for (const r of runs) {
    const run = r.repeat(Math.ceil(RUN / r.length));
    out.push(
      { path: 'a.js', text: `// warden-ignore eval-non-literal -- reason ${run}x\neval(x);${tail}` },
      { path: 'a.js', text: `/* warden-ignore eval-non-literal -- ${run} until 2099-01-01 ${run}*/\neval(x);${tail}` },
      { path: 'a.js', text: `// warden-ignore ${run}\neval(x);${tail}` },
      { path: 'a.py', text: `x = 1  # warden-ignore hardcoded-password, ${run} -- r\npassword = "Tr0ub4dor&3x!"${tail}` },
      { path: 'a.html', text: `<!-- warden-ignore x -- ${run} -->\n${tail}` },
      { path: 'a.js', text: `const k = 'AKIAZ7QXS4D2L5RVN3KB'; // gitleaks:allow ${run} pragma: allowlist secret${tail}` },
      { path: 'a.js', text: `const ${run}password = 'Tr0ub4dor&3x!';${tail}` },
      { path: 'a.js', text: `const password${run}= 'Tr0ub4dor&3x!';${tail}` },
      { path: 'a.js', text: `const s = "${run}${tail}` },
      { path: 'a.py', text: `s = """${run}${tail}` },
      { path: 'a.yaml', text: `password: ${run}Tr0ub4dor&3x!${tail}` },
      { path: '.env', text: `API_KEY=${run}${tail}` },
    );
  }
  return out;
}

describe('linear time on crafted input, per pattern', function () {
  this.timeout(120_000);

  it('finds the repeated characters of a pattern', () => {
    assert.deepEqual(repeatedCharacters('a[0-9]{2}b', ''), []);
    const [digits] = repeatedCharacters('x[0-9]{16,}', '');
    assert.deepEqual(digits, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('catches a pattern that is not linear (the test can fail)', () => {
    // Three adjacent a* : polynomial backtracking on a run of "a" with no "b"; a small budget flags it.
    const bad: TextRuleSpec = { ...SENTINEL, id: 'known-polynomial', keywords: ['k'], pattern: 'k\\s*a*\\s*a*\\s*a*b' };
    const ruleset = compileRuleset({}, { astRules: [], textRules: [bad, SENTINEL] });
    const result = analyze({ text: `k${'a'.repeat(600)}!`, path: 'x.txt' }, ruleset, { timeBudgetMs: 20 });
    assert.ok(result.notRun?.ruleIds.includes(SENTINEL.id), 'the sentinel did not run: the budget caught the slow pattern');
  });

  it("the engine's own passes (suppressions, scopes, fixes, prefilter) on crafted input", () => {
    const strict = compileRuleset({ preset: 'strict' }, { astRules: [], textRules: TEXT_RULES });
    for (const { text, path } of enginePassInputs()) {
      tried('linear-time');
      const result = analyze({ text, path }, strict, { maxFileSize: 10 * 1024 * 1024 });
      assert.equal(result.skipped, undefined, `${path}: ${result.skipped}`);
      assert.equal(result.notRun, undefined, `rules left out on ${JSON.stringify(text.slice(0, 60))}…`);
      assert.equal(result.budgetExceeded, undefined, `the analysis outran the time budget on ${JSON.stringify(text.slice(0, 60))}…`);
    }
  });

  describe('built-in text rules', () => {
    for (const rule of TEXT_RULES) it(rule.id, () => assertLinear(rule, false));
  });

  describe('example custom rules (RE2)', () => {
    const rules = exampleCustomRules();
    it('has example custom rules to check', () => assert.ok(rules.length >= 5, `${rules.length} example custom rules`));
    for (const rule of rules) it(rule.id, () => assertLinear(rule, true));
  });
});
