import { calleeName, defineAstRule, isConstant } from '../../engine/ast';

export default defineAstRule({
  meta: {
    id: 'eval-non-literal',
    title: 'Code evaluated from a non-literal string',
    description: '`eval` and `new Function` run whatever string they get; when any part of it comes from input, an attacker runs code in your process.',
    recommendation: 'Parse data with `JSON.parse`, look values up in a map, or call the function directly instead of building code.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-95'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (name !== 'eval' && name !== 'window.eval' && name !== 'globalThis.eval' && name !== 'Function') return;
        const code = node.arguments[node.arguments.length - 1];
        if (!code || isConstant(code)) return;
        context.report({
          node,
          message: `\`${name}\` runs code built at run time; parse data with JSON.parse or dispatch through a lookup table instead.`,
        });
      },
      NewExpression(node) {
        if (calleeName(node) !== 'Function') return;
        const body = node.arguments[node.arguments.length - 1];
        if (!body || isConstant(body)) return;
        context.report({ node, message: '`new Function` compiles code built at run time; call a known function instead.' });
      },
    };
  },
});
