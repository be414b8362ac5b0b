import { defineAstRule } from '../../engine/ast';
import { moduleBindings, moduleCall, type ModuleBindings } from '../../engine/patterns';

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
  create(context) {
    let jwt: ModuleBindings | undefined;
    let verifies = false;
    return {
      Program(node) {
        jwt = context.text.includes('jsonwebtoken') ? moduleBindings(node, ['jsonwebtoken']) : undefined;
        verifies = /\bverify\s*\(/.test(context.text);
      },
      CallExpression(node) {
        if (!jwt || verifies || moduleCall(node, jwt) !== 'decode') return;
        const name = node.callee.type === 'MemberExpression' ? node.callee.property : undefined;
        context.report({
          node,
          message: 'jwt.decode does not check the signature, and this file never calls verify; use jwt.verify with pinned algorithms to trust the claims.',
          suggestions: name ? [{ title: 'Use jwt.verify (then add the key and algorithms)', edits: [{ start: name.range[0], end: name.range[1], newText: 'verify' }] }] : [],
        });
      },
    };
  },
});
