import { defineAstRule, mentions, staticString, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, propertiesOf, type ModuleBindings } from '../../engine/patterns';

export default defineAstRule({
  meta: {
    id: 'jwt-algorithm-not-pinned',
    title: 'JWT verified without pinned algorithms, or signed with alg none',
    description: "Without an `algorithms` list the token's own header picks the algorithm, which enables `none` and RS256/HS256 confusion attacks; `alg: none` tokens carry no signature at all.",
    recommendation: "Pass `{ algorithms: ['RS256'] }` (the one algorithm you issue) to `jwt.verify`, and never sign or accept `none`.",
    category: 'session',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-347'],
    owasp: ['A02:2021', 'A07:2021'],
    fixable: false,
  },
  keywords: ['jsonwebtoken'],
  prefilter: [/require\s*\(\s*['"]jsonwebtoken['"]|from\s+['"]jsonwebtoken['"]|import\s*\(\s*['"]jsonwebtoken['"]/],
  scope: 'unit',
  fileText: mentions('jsonwebtoken'),
  create(context) {
    let jwt: ModuleBindings | undefined;
    const hasNone = (node: TSESTree.Node | undefined) =>
      !!node && ((staticString(node)?.toLowerCase() === 'none') || (node.type === 'ArrayExpression' && node.elements.some((e) => e && staticString(e)?.toLowerCase() === 'none')));
    return {
      Program(node) {
        jwt = context.text.includes('jsonwebtoken') ? moduleBindings(node, ['jsonwebtoken']) : undefined;
      },
      CallExpression(node) {
        if (!jwt) return;
        const fn = moduleCall(node, jwt);
        if (fn === 'verify') {
          const options = node.arguments[2];
          if (options && options.type !== 'ObjectExpression') return; // built elsewhere: cannot tell
          const algorithms = propertiesOf(options).get('algorithms');
          if (!algorithms) {
            context.report({ node, message: "jwt.verify accepts whatever algorithm the token names; pass { algorithms: ['RS256'] } (the one you issue)." });
          } else if (hasNone(algorithms.value)) {
            context.report({ node: algorithms, message: "Accepting 'none' lets unsigned tokens through; list only the algorithm you sign with." });
          }
        }
        if (fn === 'sign') {
          const algorithm = propertiesOf(node.arguments[2]).get('algorithm');
          if (algorithm && hasNone(algorithm.value)) {
            context.report({ node: algorithm, message: "Tokens signed with 'none' carry no signature; sign with RS256, ES256 or HS256." });
          }
        }
      },
    };
  },
});
