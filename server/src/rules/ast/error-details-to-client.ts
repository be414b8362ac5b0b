import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName } from '../../engine/patterns';

const RESPONSE = /^(?:res|response|reply|ctx|h)(?:\.status\(\))?$/;
const SEND = new Set(['send', 'json', 'end', 'write', 'jsonp']);

/** The catch-clause or error-handler parameter names in scope of `node`. */
function errorNames(node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
    if (n.type === 'CatchClause' && n.param?.type === 'Identifier') names.add(n.param.name);
    if ((n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration') && n.params.length === 4) {
      const first = n.params[0];
      if (first?.type === 'Identifier') names.add(first.name); // Express (err, req, res, next)
    }
  }
  return names;
}

function receiverOf(node: TSESTree.CallExpression): string | undefined {
  if (node.callee.type !== 'MemberExpression') return undefined;
  const object = node.callee.object;
  // res.status(500).send(…)
  if (object.type === 'CallExpression' && object.callee.type === 'MemberExpression') return qualifiedName(object.callee.object);
  return qualifiedName(object);
}

export default defineAstRule({
  meta: {
    id: 'error-details-to-client',
    title: 'Stack trace or raw error sent to the client',
    description: 'Stack traces and raw error objects reveal file paths, library versions, queries and sometimes secrets that help an attacker plan the next step.',
    recommendation: 'Log the error on the server and send the client a generic message with a correlation id.',
    category: 'logging',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-209'],
    owasp: ['A04:2021', 'A05:2021'],
    fixable: false,
  },
  keywords: ['res.status', 'res.send', 'res.json', 'res.end', 'res.write', 'reply.send', 'reply.code', 'reply.status', 'response.status', 'response.send', 'response.json', 'response.end', 'response.write', 'ctx.status', 'h.response'],
  prefilter: [/\b(?:res|response|reply|ctx|h)\.(?:status\([^)\n]{0,40}\)\.)?(?:send|json|end|write|jsonp)\s*\(/, /\.stack\b|\bcatch\b|\(\s*err/],
  create(context) {
    return {
      CallExpression(node) {
        const method = methodName(node);
        const receiver = receiverOf(node);
        if (!method || !SEND.has(method) || !receiver || !RESPONSE.test(receiver)) return;
        const errors = errorNames(node);
        const leaks = (arg: TSESTree.Node): TSESTree.Node | undefined => {
          if (arg.type === 'MemberExpression' && !arg.computed && arg.property.type === 'Identifier' && arg.property.name === 'stack') return arg;
          // Fastify's reply.send(error) goes through its error serialiser (message and status only).
          if (arg.type === 'Identifier' && errors.has(arg.name) && !receiver.startsWith('reply')) return arg;
          if (arg.type === 'ObjectExpression') {
            for (const p of arg.properties) {
              const found = p.type === 'Property' ? leaks(p.value) : undefined;
              if (found) return found;
            }
          }
          if (arg.type === 'TemplateLiteral') return arg.expressions.map(leaks).find(Boolean);
          if (arg.type === 'BinaryExpression' && arg.left.type !== 'PrivateIdentifier') return leaks(arg.left) ?? leaks(arg.right);
          return undefined;
        };
        for (const arg of node.arguments) {
          const leak = leaks(arg);
          if (!leak) continue;
          const stack = leak.type === 'MemberExpression';
          context.report({
            node: leak,
            message: `${stack ? 'A stack trace' : 'The raw error'} goes back to the client; log it on the server and send a generic message instead.`,
          });
          return;
        }
      },
    };
  },
});
