import { defineAstRule, findProperty, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { propertySource } from '../prefilter';

export default defineAstRule({
  meta: {
    id: 'tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    description: 'Turning off certificate verification lets anyone on the network read and change the traffic, credentials included.',
    recommendation: 'Keep verification on; trust a private CA by passing it as `ca`, never by switching checks off.',
    category: 'transport',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-295'],
    owasp: ['A02:2021', 'A07:2021'],
    fixable: true,
  },
  keywords: ['rejectunauthorized', 'strictssl', 'node_tls_reject_unauthorized', 'checkserveridentity'],
  // `rejectUnauthorized: false` / `strictSSL: false` (the literal, maybe in parentheses), or the other two names
  prefilter: [new RegExp(`${propertySource('rejectUnauthorized|strictSSL', String.raw`(?:false\b|\()`)}|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity`)],
  scope: 'unit',
  create(context) {
    const reportFalse = (node: TSESTree.Node, what: string) =>
      context.report({
        node,
        message: `${what} disables TLS certificate verification; remove it and trust a private CA with the \`ca\` option instead.`,
        fix: { title: 'Turn certificate verification back on', edits: [{ start: node.range[0], end: node.range[1], newText: 'true' }] },
      });

    return {
      Property(node) {
        const key = !node.computed && node.key.type === 'Identifier' ? node.key.name : staticString(node.key);
        if (key === 'rejectUnauthorized' && node.value.type === 'Literal' && node.value.value === false) {
          reportFalse(node.value, '`rejectUnauthorized: false`');
        }
        if (key === 'strictSSL' && node.value.type === 'Literal' && node.value.value === false) {
          reportFalse(node.value, '`strictSSL: false`');
        }
        // spawn(cmd, { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } })
        if (key === 'NODE_TLS_REJECT_UNAUTHORIZED') {
          const value = staticString(node.value) ?? (node.value.type === 'Literal' ? String(node.value.value) : undefined);
          if (value === '0') {
            context.report({ node, message: 'NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks for every connection of that process; remove it.' });
          }
        }
      },
      AssignmentExpression(node) {
        const target = qualifiedName(node.left);
        if (target !== 'process.env.NODE_TLS_REJECT_UNAUTHORIZED') return;
        const value = staticString(node.right) ?? (node.right.type === 'Literal' ? String(node.right.value) : undefined);
        if (value === '0') {
          context.report({
            node,
            message: 'Setting NODE_TLS_REJECT_UNAUTHORIZED to 0 disables certificate checks for every connection in the process; delete this line.',
          });
        }
      },
      NewExpression(node) {
        // new https.Agent({ rejectUnauthorized: false }) is caught by Property; this catches `checkServerIdentity: () => undefined`.
        const options = node.arguments[0];
        const check = findProperty(options, 'checkServerIdentity');
        if (check && (check.value.type === 'ArrowFunctionExpression' || check.value.type === 'FunctionExpression')) {
          const body = check.value.body;
          const returnsNothing = body.type === 'BlockStatement'
            ? body.body.length === 0 || (body.body.length === 1 && body.body[0]!.type === 'ReturnStatement' && (!body.body[0]!.argument || (body.body[0]!.argument.type === 'Identifier' && body.body[0]!.argument.name === 'undefined')))
            : body.type === 'Identifier' && body.name === 'undefined';
          if (returnsNothing) {
            context.report({ node: check, message: 'A `checkServerIdentity` that accepts every certificate disables hostname verification; remove it.' });
          }
        }
      },
    };
  },
});
