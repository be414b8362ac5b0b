import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName } from '../../engine/patterns';
import { ACCESS, CALL_ARGS, name, PLAIN_STRING, prop, seq, SKIP } from '../prefilter';

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

/** The arguments of a call, when they hold no parentheses, templates, comments or regexes; strings without escapes are fine. */
const SIMPLE_ARGS = String.raw`(?:[^()'"\`/]|${PLAIN_STRING})*`;
/** Arguments that are one string literal without escapes (a constant leaks nothing). */
const ONE_STRING = String.raw`${PLAIN_STRING}${SKIP}\)`;
/** Where SIMPLE_ARGS stops without reaching `)`: the arguments are not simple, so the pattern accepts. */
const NOT_SIMPLE = String.raw`(?:[(\`/]|(?!${PLAIN_STRING})['"])`;

/** A call of a send method with some argument other than one plain string: `.send(e)`, `['json']({ … })`. */
const SEND_CALL = seq(prop([...SEND].join('|')), String.raw`(?:<|${CALL_ARGS}(?!${SKIP}(?:\)|${ONE_STRING})))`);

/** `receiver.send(…)`, `receiver.status(…).json(…)` and the like: the calls `receiverOf` and SEND accept, for the receivers in `receivers`. */
function sendCall(receivers: string): string {
  const anyMethod = String.raw`['"]?[\w$]+(?:['"]${SKIP}\])?`;
  const thenSend = String.raw`${CALL_ARGS}(?:${SIMPLE_ARGS}(?:\)${seq('', ACCESS, SEND_CALL)}|${NOT_SIMPLE}))`;
  return seq(name(receivers), ACCESS, `(?:${SEND_CALL}|${seq(anyMethod, thenSend)})`);
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
  keywords: ['send', 'json', 'end', 'write'],
  prefilter: [
    // res.send(…), res.status(500).json(…): a send method on a response, straight or after one call
    // (where that call's arguments cannot be read to their end, the next pattern still wants a send call)
    new RegExp(sendCall('res|response|reply|ctx|h')),
    new RegExp(seq(ACCESS, SEND_CALL)),
    // a `.stack` to leak, or else a raw error, which the rule does not report through Fastify's reply
    new RegExp(`${seq(String.raw`\??\.`, String.raw`stack\b`)}|${sendCall('res|response|ctx|h')}`),
  ],
  scope: 'unit',
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
