import { defineTreeRule, reportSinks, type SinkHit, type TreeContext } from '../../dataflow/rule';
import { named } from '../../dataflow/adapter';
import type { SyntaxNode } from '../../treesitter/runtime';

/** Conversions whose result is a string, which a driver puts in the filter as a value, never as an operator. */
const TO_STRING = /^(?:str|strval|String|string)$|(?:^|\.)(?:to_s|toString|ToString)$/;

/** Flask / Django query, form and header values: always strings, whatever the client sends. */
const STRING_PARTS = /^(?:self\.)?request\.(?:args|form|values|headers|cookies|GET|POST|COOKIES|META)\s*(?:\[|\.get\()/;

/**
 * Is `filter` a document literal (`{"name": str(x)}`, `['name' => strval($x)]`, `name: x.to_s`) whose
 * every value not constant is converted to a string first? Only those values reach the query.
 */
function onlyStrings(context: TreeContext, hit: SinkHit): boolean {
  const { flow, spec } = context;
  const a = spec.adapter;
  const safe = (node: SyntaxNode, depth: number): boolean => {
    const n = a.unwrap(node);
    const pair = a.pair(n, flow.text);
    if (pair) return safe(pair.value, depth);
    if (depth < 4 && a.isCollection(n)) return named(n).every((c) => safe(c, depth + 1));
    const call = flow.callOf(n);
    if (call && TO_STRING.test(call.name)) return true;
    if (spec.id === 'python' && STRING_PARTS.test(flow.source(n))) return true;
    return flow.taint(n) === 'constant';
  };
  // A value given as a keyword (`find(name: x.to_s)`), or a whole document literal.
  const filter = a.unwrap(hit.arg);
  const call = flow.callOf(filter);
  if (call && TO_STRING.test(call.name)) return true;
  return (a.isCollection(filter) || !!a.pair(filter, flow.text)) && safe(filter, 0);
}

/** Go types that hold any document the client sends, operators included (a struct holds only its fields). */
const GO_DOCUMENT = String.raw`(?:bson\.[MD]|primitive\.[MD]|map\[string\]\s*(?:interface\{\s*\}|any))`;

/** Go: a filter given whole by name (decoded from the body) counts when it is declared a map, not a struct. */
function goDocument(context: TreeContext, hit: SinkHit): boolean {
  const { flow } = context;
  const arg = context.spec.adapter.unwrap(hit.arg);
  if (context.spec.id !== 'go' || arg.type !== 'identifier') return true;
  const name = flow.source(arg);
  const fn = flow.source(flow.enclosingFunction(arg));
  return new RegExp(String.raw`\bvar\s+${name}\s+${GO_DOCUMENT}|\b${name}\s*:?=\s*(?:${GO_DOCUMENT}\s*\{|make\(\s*${GO_DOCUMENT})`).test(fn);
}

export default defineTreeRule({
  meta: {
    id: 'tainted-nosql',
    title: 'MongoDB query document or `$where` script from request data',
    description: "A query filter taken from the request can carry operators instead of values (`{\"$ne\": null}` matches every user, `$regex` every name), and a `$where` script built from it runs the client's JavaScript in the database.",
    recommendation: 'Build the filter in code with each value converted to a plain string or number (`str(x)`, `strval($x)`, `.to_s`); never parse a filter from the request; replace `$where` with query operators.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-943'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['mongo', 'bson', '$where'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['nosql'], (_hit, from) => `This MongoDB query is made from ${from}: a value can be an operator (\`{"$ne": null}\`) or a \`$where\` script; convert each value to a string or number, and never parse the filter from the request.`, { keep: (hit) => !onlyStrings(context, hit) && goDocument(context, hit) });
  },
});
