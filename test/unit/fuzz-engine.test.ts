import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import type { AnalysisResult } from '../../server/src/engine/types';
import { anyText, codeLike, FAMILY_PATHS, fuzzOptions, jsProgram, tried } from '../helpers/fuzz';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRuleset } from '../../server/src/ruleset/load';
import { useParser } from '../../server/src/engine/parser';

const strict = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);

/** What every result must satisfy, whatever the input. */
function assertWellFormed(result: AnalysisResult, text: string): void {
  assert.ok(Array.isArray(result.findings) && Array.isArray(result.suppressed) && Array.isArray(result.ruleErrors));
  assert.equal(typeof result.language, 'string');
  assert.deepEqual(result.ruleErrors, [], 'no rule throws on any input');
  assert.notEqual(result.notRun?.cause, 'budget', 'every rule ran within the per-file time budget');
  for (const f of result.findings) {
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.ruleId} range`);
    assert.match(f.fingerprint, /^[0-9a-f]{20}$/);
    assert.ok(f.message.length > 0);
    for (const e of [...(f.fix?.edits ?? []), ...f.suggestions.flatMap((s) => s.edits)]) {
      assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${f.ruleId} fix range`);
    }
  }
}

describe('fuzz: engine', function () {
  this.timeout(300_000);

  it('returns a well-formed result for any text in every language family', () => {
    let findings = 0;
    let parsed = 0;
    fc.assert(
      fc.property(anyText, fc.constantFrom(...FAMILY_PATHS), (text, path) => {
        tried('engine');
        const result = analyze({ text, path }, strict);
        assertWellFormed(result, text);
        findings += result.findings.length;
        if (/\.[jt]sx?$/.test(path) && !result.parseError && !result.skipped) parsed++;
      }),
      fuzzOptions(),
    );
    // The generator reaches the rules, not only their prefilters: inputs produce findings and some parse.
    assert.ok(findings > 0 && parsed > 0, `${findings} findings, ${parsed} parsed`);
  });

  it('gives the same findings and fingerprints for the same input, run after run', () => {
    fc.assert(
      fc.property(codeLike, fc.constantFrom(...FAMILY_PATHS), (text, path) => {
        tried('engine-determinism');
        const a = analyze({ text, path }, strict);
        const b = analyze({ text, path }, strict);
        assert.deepEqual(b.findings, a.findings);
      }),
      fuzzOptions(),
    );
  });

  it('runs every AST rule without a throw on generated programs that parse, in JS and TS', () => {
    let parsed = 0;
    let findings = 0;
    fc.assert(
      fc.property(jsProgram, fc.constantFrom('src/app.js', 'src/app.ts', 'src/app.mjs'), (text, path) => {
        tried('engine-ast');
        const result = analyze({ text, path }, strict);
        assertWellFormed(result, text);
        if (!result.parseError) parsed++;
        findings += result.findings.length;
      }),
      fuzzOptions(),
    );
    assert.ok(parsed > 0.8 * Math.max(1, Number(process.env.WARDEN_FUZZ_RUNS ?? 1000)) && findings > 0, `${parsed} parsed, ${findings} findings`);
  });

  it('runs custom rules (RE2) on any text as safely as the built-in ones', () => {
    const file = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'rulesets', 'custom-examples.yaml');
    const config = parseRuleset(readFileSync(file, 'utf8'), file);
    const withCustom = compileRuleset({ ...config, preset: 'strict' }, BUILTIN_CATALOG);
    fc.assert(
      fc.property(anyText, fc.constantFrom(...FAMILY_PATHS), (text, path) => {
        tried('engine-custom-rules');
        assertWellFormed(analyze({ text, path }, withCustom), text);
      }),
      fuzzOptions(),
    );
  });

  it('uses the editor language id when the path says nothing', () => {
    const ids = ['javascript', 'typescript', 'typescriptreact', 'python', 'yaml', 'json', 'dockerfile', 'go', 'java', 'plaintext', 'made-up'];
    fc.assert(
      fc.property(anyText, fc.constantFrom(...ids), (text, languageId) => {
        tried('engine-language-id');
        assertWellFormed(analyze({ text, path: 'untitled-1', languageId }, strict), text);
      }),
      fuzzOptions(),
    );
  });

  it('keeps offsets in place when a BOM leads the file', () => {
    fc.assert(
      fc.property(codeLike, fc.constantFrom(...FAMILY_PATHS), (text, path) => {
        tried('engine-bom');
        // A BOM counts as one code unit, like the space the engine reads in its place.
        const spaced = analyze({ text: ` ${text}`, path }, strict);
        const bom = analyze({ text: `\ufeff${text}`, path }, strict);
        assertWellFormed(bom, `\ufeff${text}`);
        assert.deepEqual(bom.findings.map((f) => [f.ruleId, f.start, f.end]), spaced.findings.map((f) => [f.ruleId, f.start, f.end]));
      }),
      fuzzOptions(),
    );
  });

  it('the reference parser says why a deeply nested file was not parsed, and still runs the text rules on it', () => {
    const text = `const accessKeyId = 'AKIAZ7QXS4D2L5RVN3KB';\neval(input);\nx = ${'(\n'.repeat(20000)}1${')\n'.repeat(20000)}`;
    useParser('typescript-estree');
    try {
      const result = analyze({ text, path: 'deep.js' }, strict);
      assert.equal(result.parseError, 'the code is nested too deeply to parse; the text rules still ran');
      assert.deepEqual(result.findings.map((f) => f.ruleId), ['aws-access-key-id']);
    } finally {
      useParser(undefined);
    }
  });

  it('oxc parses nesting far deeper than a thread\'s stack would take (its own parse thread) without harm', () => {
    // 20,000 levels crash a native parse on an ordinary thread (see parseThread.ts); parentheses
    // vanish from the tree, arrays, blocks and arrow functions do not. Past 2,000 levels the rules are
    // not given the tree (they recurse), as with typescript-estree, which could not parse these at all.
    for (const deep of [`x = ${'[\n'.repeat(20000)}${']\n'.repeat(20000)}`, `${'{\n'.repeat(20000)}${'}\n'.repeat(20000)}`, `x = ${'a =>\n'.repeat(20000)}a;`]) {
      const text = `const accessKeyId = 'AKIAZ7QXS4D2L5RVN3KB';\neval(input);\n${deep}`;
      const result = analyze({ text, path: 'deep.js' }, strict);
      assert.equal(result.parseError, 'the code is nested too deeply to parse; the text rules still ran');
      assert.deepEqual(result.findings.map((f) => f.ruleId), ['aws-access-key-id']);
    }
    const text = `eval(input);\nx = ${'['.repeat(1500)}${']'.repeat(1500)}`;
    assert.deepEqual(analyze({ text, path: 'deep.js' }, strict).findings.map((f) => f.ruleId), ['eval-non-literal']);
  });

  it('handles the hostile shapes one by one: deep nesting, long lines, unterminated literals, NUL, lone surrogates', () => {
    const shapes: [string, string][] = [
      ['deep parens', `x = ${'('.repeat(20000)}1${')'.repeat(20000)}`],
      ['deep parens, one per line', `x = ${'(\n'.repeat(6000)}1${')\n'.repeat(6000)}`],
      ['deep blocks', `${'if (a) {\n'.repeat(3000)}eval(x)\n${'}\n'.repeat(3000)}`],
      ['long member chain', `x = a${'\n.b'.repeat(30000)}`],
      ['long concatenation of secrets', `const password = 'a'${"\n + 'Tr0ub4dor&3x!'".repeat(20000)}`],
      ['very long line', `const token = "${'A1b2'.repeat(250_000)}"`],
      ['unterminated string', `const password = "${'x'.repeat(100_000)}`],
      ['unterminated comment', `/* ${'password = secret\n'.repeat(20_000)}`],
      ['unterminated template', `const q = \`\${${'a'.repeat(50_000)}`],
      ['NUL byte', "const password = 'Tr0ub4dor&3x!';\u0000"],
      ['lone surrogates', `const token = '\ud800\udc00\ud800${'\udfff'.repeat(1000)}';`],
      ['only a BOM', '\ufeff'],
      ['empty', ''],
    ];
    for (const [name, text] of shapes) {
      for (const path of FAMILY_PATHS) {
        tried('engine-shapes');
        let result: AnalysisResult | undefined;
        assert.doesNotThrow(() => (result = analyze({ text, path }, strict)), `${name} in ${path}`);
        assertWellFormed(result!, text);
      }
    }
  });
});
