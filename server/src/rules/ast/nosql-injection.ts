import { defineAstRule, isConstant } from '../../engine/ast';
import { methodName, propertyKey } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { ACCESS, ARROW, CALL_ARGS, prop, REQUEST_TEXT, seq, SKIP } from '../prefilter';

const QUERY_METHODS = new Set(['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'count', 'exists', 'where', 'aggregate', 'distinct', 'replaceOne']);

export default defineAstRule({
  meta: {
    id: 'nosql-injection',
    title: 'NoSQL query built from request data or $where code',
    description: 'Passing a request object straight into a MongoDB filter lets a client send operators such as `{"$ne": null}` or `{"$where": …}` and bypass the check; `$where` runs JavaScript on the server.',
    recommendation: 'Cast each request value to the type you expect (`String(req.body.name)`) or validate it with a schema, and never use `$where`.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-943'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['$where', 'req', 'ctx', 'context', 'event', 'evt', 'location', 'document', 'window'],
  prefilter: [
    // A `$where` key, or a query method called with a first argument that may be a member or an object
    // (not an arrow or function, a string, a number, or nothing).
    new RegExp(String.raw`\$where|${seq(ACCESS, prop([...QUERY_METHODS].join('|')), String.raw`(?:<|${CALL_ARGS}(?!${SKIP}(?:${ARROW}|function\b|[)'"\d])))`)}`),
    new RegExp(String.raw`\$where|${REQUEST_TEXT}`),
  ],
  create(context) {
    return {
      Property(node) {
        if (propertyKey(node) !== '$where' || isConstant(node.value)) return;
        if (node.value.type === 'FunctionExpression' || node.value.type === 'ArrowFunctionExpression') return;
        const request = taintOf(node.value) === 'request';
        context.report({
          node,
          message: '`$where` evaluates JavaScript built at run time on the database server; express the condition with query operators instead.',
          confidence: request ? 'high' : 'medium',
        });
      },
      CallExpression(node) {
        const method = methodName(node);
        if (!method || !QUERY_METHODS.has(method) || node.callee.type !== 'MemberExpression') return;
        const filter = node.arguments[0];
        if (!filter) return;
        if (filter.type !== 'ObjectExpression') {
          // Model.find(req.body) / collection.findOne(req.query)
          if (filter.type === 'MemberExpression' && taintOf(filter) === 'request') {
            context.report({ node: filter, message: 'The whole request object is used as a query filter, so a client can inject operators such as $ne or $gt; build the filter from validated, cast fields instead.' });
          }
          return;
        }
        for (const p of filter.properties) {
          if (p.type !== 'Property' || p.value.type !== 'MemberExpression') continue;
          if (taintOf(p.value) !== 'request') continue;
          // { user: req.body.user }: an object in the body becomes an operator.
          context.report({ node: p.value, message: `\`${context.quote(p.value)}\` goes into the query unchecked, so an object like {"$ne": null} becomes an operator; cast it with String(…) or validate it first.` });
        }
      },
    };
  },
});
