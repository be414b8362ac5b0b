import { defineAstRule, mentions, qualifiedName, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, propertiesOf, type ModuleBindings } from '../../engine/patterns';
import { forEachChild } from '../../engine/tree';

/**
 * `jwt.decode(token, { complete: true })` read only for its `header`: the key id (`kid`) that picks the
 * key the token is then verified with (often in another module). The header is not a claim anyone trusts.
 * True when the call is `.header`-ed directly, or it initialises a variable whose every use in its
 * function is `x.header` or a null test (`!x`, `x == null`, `if (x)`).
 */
function readsHeaderOnly(node: TSESTree.CallExpression): boolean {
  const options = node.arguments[1];
  const complete = propertiesOf(options).get('complete')?.value;
  if (!complete || complete.type !== 'Literal' || complete.value !== true) return false;
  const up = node.parent;
  if (up?.type === 'MemberExpression' && up.object === node) return !up.computed && up.property.type === 'Identifier' && up.property.name === 'header';
  if (up?.type !== 'VariableDeclarator' || up.init !== node || up.id.type !== 'Identifier') return false;
  const name = up.id.name;
  let scope: TSESTree.Node | undefined = up.parent;
  while (scope && !/Function|Program/.test(scope.type)) scope = scope.parent;
  if (!scope) return false;
  let onlyHeader = true;
  const visit = (n: TSESTree.Node): void => {
    if (!onlyHeader) return;
    if (n.type === 'Identifier' && n.name === name && n !== up.id) {
      const p = n.parent;
      const header = p?.type === 'MemberExpression' && p.object === n && !p.computed && p.property.type === 'Identifier' && p.property.name === 'header';
      const test = (p?.type === 'UnaryExpression' && p.operator === '!') || (p?.type === 'IfStatement' && p.test === n)
        || (p?.type === 'BinaryExpression' && /^[!=]==?$/.test(p.operator) && [p.left, p.right].some((s) => (s.type === 'Literal' && s.value === null) || (s.type === 'Identifier' && s.name === 'undefined')));
      if (!header && !test) onlyHeader = false;
      return;
    }
    forEachChild(n, visit);
  };
  visit(scope);
  return onlyHeader;
}

export default defineAstRule({
  meta: {
    id: 'jwt-decode-without-verify',
    title: 'JWT decoded but never verified',
    description: '`jwt.decode` only base64-decodes the token; anyone can forge the claims it returns unless the signature is checked with `jwt.verify`.',
    recommendation: 'Use `jwt.verify(token, key, { algorithms: [...] })` wherever the claims are trusted.',
    category: 'session',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-345', 'CWE-347'],
    owasp: ['A07:2021', 'A08:2021'],
    fixable: false,
  },
  keywords: ['jsonwebtoken'],
  prefilter: [/require\s*\(\s*['"]jsonwebtoken['"]|from\s+['"]jsonwebtoken['"]|import\s*\(\s*['"]jsonwebtoken['"]/],
  scope: 'unit',
  fileText: [...mentions('jsonwebtoken'), /\bverify\s*\(/],
  create(context) {
    let jwt: ModuleBindings | undefined;
    let verifies = false;
    return {
      Program(node) {
        jwt = context.text.includes('jsonwebtoken') ? moduleBindings(node, ['jsonwebtoken']) : undefined;
        verifies = /\bverify\s*\(/.test(context.text);
      },
      CallExpression(node) {
        if (!jwt || verifies || moduleCall(node, jwt) !== 'decode' || readsHeaderOnly(node)) return;
        const name = node.callee.type === 'MemberExpression' ? node.callee.property : undefined;
        // An OpenID Connect ID token received from the token endpoint may be read without checking its
        // signature: TLS to the issuer stands in for it (OIDC Core 3.1.3.7, step 6). Whether it came from
        // there is not visible here, so the finding is low confidence (info at the recommended preset).
        const token = node.arguments[0];
        const idToken = token && /(?:^|\.)(?:id_token|idToken)$/.test(qualifiedName(token) ?? '');
        context.report({
          ...(idToken ? { confidence: 'low' as const } : {}),
          node,
          message: 'jwt.decode does not check the signature, and this file never calls verify; use jwt.verify with pinned algorithms to trust the claims.',
          suggestions: name ? [{ title: 'Use jwt.verify (then add the key and algorithms)', edits: [{ start: name.range[0], end: name.range[1], newText: 'verify' }] }] : [],
        });
      },
    };
  },
});
