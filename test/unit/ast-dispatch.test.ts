import * as assert from 'node:assert/strict';
import { defineAstRule, runAstRules, type AstContext, type AstRule, type AstRuleInstance } from '../../server/src/engine/ast';
import type { ParseCache } from '../../server/src/engine/reparse';

/**
 * `runAstRules` keeps, per document cache, which rule's visitor runs on which node type, and on the
 * next version only replaces the visitor functions when the rules ask for the same types in the same
 * order (ast.ts `Dispatch`). These rules change what they ask for with the text, or fail to start,
 * so that every way the kept handlers can differ from a run's is met; each version's findings with
 * the cache must equal a run without it.
 */
const meta = (id: string) => ({
  id, title: id, description: 'A rule of the dispatch test.', recommendation: 'None.',
  category: 'custom' as const, severity: 'warning' as const, confidence: 'high' as const, cwe: ['CWE-20'], owasp: ['A04:2021'], fixable: false,
});
const reportAs = (context: AstContext, what: string) => (node: { range: [number, number] }) => context.report({ node: node as never, message: `${what} ${context.source(node as never)}` });

/** Asks for calls only while the text mentions `alpha`, and for string literals always. */
const sometimesCalls = defineAstRule({
  meta: meta('test-sometimes-calls'),
  create(context) {
    const literal = reportAs(context, 'literal');
    return context.text.includes('alpha') ? { CallExpression: reportAs(context, 'call'), Literal: literal } : { Literal: literal };
  },
});
/** Cannot start while the text mentions `boom`. */
const failsToStart = defineAstRule({
  meta: meta('test-fails-to-start'),
  create(context) {
    if (context.text.includes('boom')) throw new Error('no start');
    return { Identifier: reportAs(context, 'identifier') };
  },
});
/** Asks for members before calls while the text mentions `swap`, the other way round otherwise. */
const reorders = defineAstRule({
  meta: meta('test-reorders'),
  create(context) {
    const call = reportAs(context, 'call');
    const member = reportAs(context, 'member');
    return context.text.includes('swap') ? { MemberExpression: member, CallExpression: call } : { CallExpression: call, MemberExpression: member };
  },
});
/** A unit-scoped rule with the same visitors every time. */
const unitCalls = defineAstRule({
  meta: meta('test-unit-calls'),
  scope: 'unit',
  create: (context) => ({ CallExpression: reportAs(context, 'unit call') }),
});

/** Two rules that fail on every call: a failure is reported under the rule's own id. */
const throwsOnCalls = (id: string) => defineAstRule({ meta: meta(id), create: () => ({ CallExpression() { throw new Error('broken'); } }) });
const [brokenA, brokenB] = [throwsOnCalls('test-broken-a'), throwsOnCalls('test-broken-b')];

const instances = (rules: AstRule[]): AstRuleInstance[] => rules.map((rule) => ({ rule, severity: 'warning', options: {} }));
const shown = (text: string, rules: AstRuleInstance[], cache?: ParseCache) => {
  const run = runAstRules(text, 'a.ts', 'typescript', false, rules, undefined, cache);
  return { findings: run.findings.map((f) => `${f.ruleId} ${f.start}-${f.end} ${f.message}`), errors: run.ruleErrors.map((e) => e.ruleId) };
};

describe('AST rule dispatch kept across a document\'s versions', () => {
  const all = instances([sometimesCalls, failsToStart, reorders, unitCalls]);
  const versions = [
    "function f() { g('alpha'); }\nfunction h() { a.b(1); }\n",
    "function f() { g('beta'); }\nfunction h() { a.b(1); }\n", // sometimesCalls drops CallExpression
    "function f() { g('beta'); }\nfunction h() { a.b(2); }\n", // same handlers: only the functions replaced
    "function f() { g('alpha'); }\nfunction h() { a.b(2); }\n", // CallExpression back
    "function f() { g('alpha', boom); }\nfunction h() { a.b(2); }\n", // failsToStart adds none
    "function f() { g('alpha'); }\nfunction h() { a.b(swap); }\n", // failsToStart back, reorders swaps its types
    "function f() { g('alpha'); }\nfunction h() { a.b(swap, 3); }\n",
    "function f() { g('alpha'); }\nfunction h() { a.b(3); }\n",
  ];

  it('gives each version the findings a run without the cache gives', () => {
    const cache: ParseCache = {};
    for (const text of versions) assert.deepEqual(shown(text, all, cache), shown(text, all), text);
  });

  it('follows a change of rules on the same document (fewer, more, another order)', () => {
    const cache: ParseCache = {};
    // all.slice(0, 3) after all: the kept handlers less the last rule's, which must not run. Broken
    // rule B after broken rule A: the same node types in the same order, from another rule.
    const broken = instances([brokenA]);
    // And all after all plus broken A: A's kept handler (a function of the last run) must not run.
    const lists = [all, all.slice(1), all, all.slice(0, 3), [...all].reverse(), all.slice(0, 2), all, broken, instances([brokenB]), broken, [...all, ...broken], all];
    const text = versions[2]!; // one text: the rules ask for the same types each time
    lists.forEach((rules, i) => assert.deepEqual(shown(text, rules, cache), shown(text, rules), `rule list ${i}`));
  });

  it('reports through this run\'s visitors, not the kept ones', () => {
    const cache: ParseCache = {};
    const text = "function f() { g('alpha'); }\n";
    const first = shown(text, all, cache).findings;
    assert.ok(first.length > 0);
    // Same text again: the kept handlers would report into the first run's lists if their functions were not replaced.
    assert.deepEqual(shown(text, all, cache).findings, first);
  });
});
