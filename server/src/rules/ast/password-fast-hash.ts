import { defineAstRule, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { methodName } from '../../engine/patterns';

export const PASSWORD_NAME = /^(?:password|passwd|passphrase|pwd|pass|userPassword|plainPassword|newPassword|rawPassword|plaintextPassword)$/i;

function lastName(node: TSESTree.Node): string | undefined {
  return qualifiedName(node)?.split('.').pop();
}

export default defineAstRule({
  meta: {
    id: 'password-fast-hash',
    title: 'Password hashed with a fast hash',
    description: 'MD5 and the SHA families are built to be fast, so a stolen table of password hashes can be brute-forced at billions of guesses per second.',
    recommendation: 'Hash passwords with a slow, salted function: `crypto.scrypt`, Argon2 or bcrypt.',
    category: 'crypto',
    severity: 'error',
    confidence: 'medium',
    cwe: ['CWE-916', 'CWE-759'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['createhash'],
  create(context) {
    return {
      CallExpression(node) {
        // crypto.createHash('sha256').update(password)
        if (methodName(node) !== 'update' || node.callee.type !== 'MemberExpression') return;
        const inner = node.callee.object;
        if (inner.type !== 'CallExpression' || !/(?:^|\.)createHash$/.test(qualifiedName(inner.callee) ?? '')) return;
        const algorithm = staticString(inner.arguments[0]);
        const data = node.arguments[0];
        if (!data || algorithm === undefined) return;
        const name = data.type === 'TemplateLiteral'
          ? data.expressions.map(lastName).find((n) => n && PASSWORD_NAME.test(n))
          : data.type === 'BinaryExpression' ? [data.left, data.right].map(lastName).find((n) => n && PASSWORD_NAME.test(n)) : lastName(data);
        if (!name || !PASSWORD_NAME.test(name)) return;
        context.report({
          node: inner,
          message: `\`${name}\` is hashed with fast ${algorithm.toUpperCase()}; use crypto.scrypt (or Argon2/bcrypt) with a per-user salt instead.`,
        });
      },
    };
  },
});
