import { calleeName, defineAstRule, isConstant, type TSESTree } from '../../engine/ast';
import { spanOf } from '../../engine/tree';
import { methodName, propertyKey, sinkFlow } from '../../engine/patterns';
import { enclosingFunction, isRequestObject, someInScope, taintOf, valuesOf } from '../../engine/taint';
import { ACCESS, ARROW, CALL_ARGS, prop, REQUEST_TEXT, seq, SKIP } from '../prefilter';

/** DynamoDB's read calls whose one argument is the whole request (table, key condition, filter, projection). */
const DYNAMO_METHODS = new Set(['query', 'scan']);
const DYNAMO_COMMANDS = new Set(['QueryCommand', 'ScanCommand']);
const QUERY_METHODS = new Set(['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'count', 'exists', 'where', 'aggregate', 'distinct', 'replaceOne']);

/**
 * Whether a filter value may be an object the client sent: a request member (`req.body.user`), or a
 * name holding one (`const { user } = req.body`, a parameter fed `req.body.id` by its callers), but
 * not a value cast or built into a string (`String(x)`, `` `${x}` ``, `x + ''`).
 */
function requestObject(node: TSESTree.Node, depth = 0): boolean {
  if (depth > 4) return false;
  if (node.type === 'MemberExpression') return taintOf(node) === 'request' && !routeParam(node);
  // Object.assign({ fixed: 1 }, req.body.params): the request's keys land in the result
  if (node.type === 'CallExpression') return calleeName(node) === 'Object.assign' && node.arguments.some((a) => requestObject(a, depth + 1));
  if (node.type !== 'Identifier') return false;
  const values = valuesOf(node);
  if (values.length === 0) return taintOf(node) === 'request';
  return values.some((v) => (v.type === 'MemberExpression' || v.type === 'Identifier' || v.type === 'CallExpression') && v !== node && requestObject(v, depth + 1));
}

/**
 * A filter object named by a local and filled with request values: an object literal assigned to it
 * (`const q = { email: req.body.email }`) or members set on it in the function (`q['email'] = req.body.email`).
 * Gives the first such request value and the literal or assignment that puts it in, else undefined.
 */
function builtFromRequest(filter: TSESTree.Identifier): { value: TSESTree.Node; built: TSESTree.Node } | undefined {
  const values: { value: TSESTree.Node; built: TSESTree.Node }[] = [];
  for (const v of valuesOf(filter)) {
    if (v.type === 'ObjectExpression') for (const p of v.properties) if (p.type === 'Property') values.push({ value: p.value, built: v });
  }
  someInScope(enclosingFunction(filter), (n) => {
    if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && n.left.object.type === 'Identifier' && n.left.object.name === filter.name) values.push({ value: n.right, built: n });
    return false;
  });
  return values.find(({ value: v }) => (v.type === 'MemberExpression' || v.type === 'Identifier') && requestObject(v));
}

/**
 * Route parameters (`req.params.id`, Koa's `ctx.params.id`) are strings cut from the URL path by the
 * router: they cannot carry an operator object.
 */
function routeParam(node: TSESTree.MemberExpression): boolean {
  for (let n: TSESTree.Node = node; n.type === 'MemberExpression'; n = n.object) {
    if (!n.computed && n.property.type === 'Identifier' && n.property.name === 'params' && isRequestObject(n.object)) return true;
  }
  return false;
}

/**
 * `exists` is Mongoose's `Model.exists(filter)` (the MongoDB driver has none); on anything but a model
 * (`User`, `models.User`, `mongoose.model('User')`, `this.model`) it is another API's
 * `exists(id)`, such as a forum's `posts.exists(pid)`.
 */
function modelReceiver(callee: TSESTree.MemberExpression): boolean {
  const object = callee.object;
  if (object.type === 'Identifier') return /^[A-Z]/.test(object.name);
  if (object.type === 'MemberExpression' && object.property.type === 'Identifier') return /^(?:[A-Z]|model$)/.test(object.property.name);
  if (object.type === 'CallExpression') return /(?:^|\.)model$/.test(calleeName(object) ?? '');
  return false;
}

export default defineAstRule({
  meta: {
    id: 'nosql-injection',
    title: 'NoSQL query built from request data or $where code',
    description: 'Passing a request object straight into a MongoDB filter lets a client send operators such as `{"$ne": null}` or `{"$where": …}` and bypass the check; `$where` runs JavaScript on the server. DynamoDB\'s `query`/`scan` (and `QueryCommand`/`ScanCommand`) given the request\'s object whole let the client choose the table, key condition and filter.',
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
    new RegExp(String.raw`\$where|${seq(ACCESS, prop([...QUERY_METHODS, ...DYNAMO_METHODS].join('|')), String.raw`(?:<|${CALL_ARGS}(?!${SKIP}(?:${ARROW}|function\b|[)'"\d])))`)}|\b(?:${[...DYNAMO_COMMANDS].join('|')})\b`),
    new RegExp(String.raw`\$where|${REQUEST_TEXT}`),
  ],
  scope: 'unit',
  fileText: [/dynamodb/i],
  create(context) {
    const dynamo = /dynamodb/i.test(context.text);
    const reportDynamo = (params: TSESTree.Node, call: string) => {
      if ((params.type === 'MemberExpression' || params.type === 'Identifier') && requestObject(params)) {
        context.report({ node: params, related: entersAt(params, params), message: `\`${call}\` takes its whole parameters from the request, so the client picks the table, the key condition and the filter; build them from validated fields instead.` });
      }
    };
    /** Where the request data in `value` enters (and where a named value is built), and where the filter is built with it, each when on another line than `at`. */
    const entersAt = (at: TSESTree.Node, value: TSESTree.Node, filter?: TSESTree.Node) =>
      sinkFlow(context.text, at, value, value, undefined, [[filter && spanOf(filter), 'The filter is built here with it.']]);
    const reportWhere = (node: TSESTree.Node, value: TSESTree.Node) => {
      if (isConstant(value) || value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') return;
      // Code built from constants only (`"this.start >= '" + startDate + "'"` with `const startDate = "…"`) is not built at run time.
      const taint = taintOf(value);
      if (taint === 'constant') return;
      // Code built from a value of unknown origin (configuration, a parameter no caller in the file
      // fills with request data) is low confidence, as at every other sink (`sinkLevel`).
      context.report({
        node,
        related: entersAt(node, value),
        message: '`$where` evaluates JavaScript built at run time on the database server; express the condition with query operators instead.',
        confidence: taint === 'request' ? 'high' : 'low',
      });
    };
    return {
      Property(node) {
        if (propertyKey(node) === '$where') reportWhere(node, node.value);
      },
      AssignmentExpression(node) {
        // query['$where'] = `this.email == '${req.body.email}'`
        // On a local filter object, with code as text (not mongoose's own `this.$where = this.$where || {}`).
        const left = node.left;
        if (left.type !== 'MemberExpression' || left.object.type !== 'Identifier') return;
        if (!['TemplateLiteral', 'BinaryExpression', 'Identifier', 'Literal'].includes(node.right.type)) return;
        const key = left.computed ? (left.property.type === 'Literal' ? left.property.value : undefined) : left.property.type === 'Identifier' ? left.property.name : undefined;
        if (key === '$where') reportWhere(node, node.right);
      },
      NewExpression(node) {
        // new QueryCommand(event.body.params) (@aws-sdk/client-dynamodb, lib-dynamodb)
        const name = methodName(node);
        if (dynamo && name && DYNAMO_COMMANDS.has(name) && node.arguments[0]) reportDynamo(node.arguments[0], `new ${name}`);
      },
      CallExpression(node) {
        const method = methodName(node);
        // documentClient.query(event.body.params, cb) (aws-sdk v2)
        if (dynamo && method && DYNAMO_METHODS.has(method) && node.callee.type === 'MemberExpression' && node.arguments[0]) {
          reportDynamo(node.arguments[0], `${context.quote(node.callee)}`);
          return;
        }
        if (!method || !QUERY_METHODS.has(method) || node.callee.type !== 'MemberExpression') return;
        if (method === 'exists' && !modelReceiver(node.callee)) return;
        const filter = node.arguments[0];
        if (!filter) return;
        if (filter.type !== 'ObjectExpression') {
          // Model.find(req.body) / collection.findOne(req.query) / const q = req.query; find(q)
          if ((filter.type === 'MemberExpression' || filter.type === 'Identifier') && requestObject(filter)) {
            context.report({ node: filter, related: entersAt(filter, filter), message: 'The whole request object is used as a query filter, so a client can inject operators such as $ne or $gt; build the filter from validated, cast fields instead.' });
          } else if (filter.type === 'Identifier') {
            // const q = { email: req.body.email }; find(q)  /  q['email'] = req.body.email; find(q)
            const from = builtFromRequest(filter);
            if (from) context.report({ node: filter, related: entersAt(filter, from.value, from.built), message: `\`${filter.name}\` is filled with request values unchecked, so an object like {"$ne": null} becomes an operator; cast each with String(…) or validate it first.` });
          }
          return;
        }
        for (const p of filter.properties) {
          if (p.type !== 'Property' || (p.value.type !== 'MemberExpression' && p.value.type !== 'Identifier')) continue;
          if (!requestObject(p.value)) continue;
          // { user: req.body.user }: an object in the body becomes an operator.
          context.report({ node: p.value, related: entersAt(p.value, p.value), message: `\`${context.quote(p.value)}\` goes into the query unchecked, so an object like {"$ne": null} becomes an operator; cast it with String(…) or validate it first.` });
        }
      },
    };
  },
});
