import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset, type RuleCatalog } from '../../server/src/engine/ruleset';
import { LineIndex } from '../../server/src/engine/lines';
import type { AstRule } from '../../server/src/engine/ast';
import type { TreeRule } from '../../server/src/dataflow/rule';
import type { TemplateRule } from '../../server/src/templates/rule';
import { loadAllGrammars } from '../../server/src/treesitter/runtime';
import { TREE_RULES } from '../../server/src/rules';
import { useParser } from '../../server/src/engine/parser';
import type { Finding } from '../../server/src/engine/types';
import type { TextRuleSpec } from '../../server/src/engine/textRules';

export interface ExpectedFinding {
  /** 1-based, like an editor shows it. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A substring the message must contain. */
  message?: string;
  /** The finding's severity and confidence, when the case is about them (request data vs unknown origin). */
  severity?: string;
  confidence?: string;
}

export interface InvalidCase {
  code: string;
  path?: string;
  errors: ExpectedFinding[];
  /** The text after applying every finding's preferred fix. */
  output?: string;
}

export interface ValidCase {
  code: string;
  path?: string;
}

/** Runs one rule alone over each case, the way typescript-eslint's RuleTester does. */
export function testRule(
  rule: AstRule | TreeRule | TemplateRule | TextRuleSpec,
  cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] },
  defaultPath = 'file.ts',
): void {
  const id = 'kind' in rule ? rule.meta.id : rule.id;
  const catalog: RuleCatalog = !('kind' in rule) ? { astRules: [], textRules: [rule] }
    : rule.kind === 'tree' ? { astRules: [], textRules: [], treeRules: [rule] }
      : rule.kind === 'template' ? { astRules: [], textRules: [], templateRules: [rule] } : { astRules: [rule], textRules: [] };
  const ruleset = compileRuleset({ preset: 'strict' }, catalog);
  // Conformance: an AST rule's every case runs through oxc and through typescript-estree (the reference),
  // which must give the same findings (positions, messages, fixes, fingerprints); the cases' expectations
  // are then checked on oxc's.
  const run = (code: string, path: string) => {
    if (!('kind' in rule) || rule.kind === 'template') return analyze({ text: code, path }, ruleset).findings.filter((f) => f.ruleId === id);
    const [oxc, reference] = (['oxc-native', 'typescript-estree'] as const).map((parser) => {
      useParser(parser);
      try {
        return analyze({ text: code, path }, ruleset).findings.filter((f) => f.ruleId === id);
      } finally {
        useParser(undefined);
      }
    });
    assert.deepEqual(oxc, reference, 'oxc and typescript-estree give the same findings');
    return oxc!;
  };

  describe(id, () => {
    // Tree rules parse with tree-sitter: the grammars load once, before the cases run.
    if ('kind' in rule && (rule.kind === 'tree' || rule.kind === 'template')) before(async () => loadAllGrammars());
    for (const c of cases.valid) {
      const { code, path } = typeof c === 'string' ? { code: c, path: defaultPath } : { path: defaultPath, ...c };
      it(`valid: ${short(code)}`, () => {
        assert.deepEqual(run(code, path).map((f) => describeFinding(code, f)), []);
      });
    }
    for (const c of cases.invalid) {
      const path = c.path ?? defaultPath;
      it(`invalid: ${short(c.code)}`, () => {
        const findings = run(c.code, path);
        const lines = new LineIndex(c.code);
        const actual = findings.map((f) => {
          const s = lines.positionAt(f.start);
          const e = lines.positionAt(f.end);
          return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, message: f.message, severity: f.severity, confidence: f.confidence };
        });
        assert.equal(actual.length, c.errors.length, `expected ${c.errors.length} finding(s), got ${JSON.stringify(actual)}`);
        c.errors.forEach((expected, i) => {
          const got = actual[i]!;
          assert.equal(got.line, expected.line, 'line');
          assert.equal(got.column, expected.column, 'column');
          if (expected.endLine !== undefined) assert.equal(got.endLine, expected.endLine, 'endLine');
          if (expected.endColumn !== undefined) assert.equal(got.endColumn, expected.endColumn, 'endColumn');
          if (expected.message !== undefined) assert.ok(got.message.includes(expected.message), `message "${got.message}"`);
          if (expected.severity !== undefined) assert.equal(got.severity, expected.severity, 'severity');
          if (expected.confidence !== undefined) assert.equal(got.confidence, expected.confidence, 'confidence');
        });
        if (c.output !== undefined) assert.equal(applyFixes(c.code, findings), c.output);
      });
    }
  });
}

/** Applies each finding's preferred fix, skipping any that overlaps one already applied. */
export function applyFixes(text: string, findings: Finding[]): string {
  const edits = findings
    .flatMap((f) => f.fix?.edits ?? [])
    .sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const edit of edits) {
    if (edit.start < cursor) continue;
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

function describeFinding(code: string, f: Finding): string {
  return `${f.ruleId} at ${f.start}-${f.end}: ${code.slice(f.start, f.end)}`;
}

function short(code: string): string {
  const one = code.replace(/\s+/g, ' ').trim();
  return one.length > 70 ? `${one.slice(0, 67)}...` : one;
}

/** The built-in tree rule `id` (Python, Java, PHP, Go, C#, Ruby), for its table. */
export function treeRule(id: string): TreeRule {
  const rule = TREE_RULES.find((x) => x.meta.id === id);
  if (!rule) throw new Error(`no tree rule ${id}`);
  return rule;
}
