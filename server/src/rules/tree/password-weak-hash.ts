import { defineTreeRule } from '../../dataflow/rule';

/** A password, not a password-reset token or e-mail (`getEmailForPasswordReset`). */
const PASSWORD = /pass(?:word|wd|phrase)?(?!\w*(?:reset|forgot|broker))|pwd|\bpw\b/i;

export default defineTreeRule({
  meta: {
    id: 'password-weak-hash',
    title: 'Password hashed with a fast hash',
    description: 'MD5, SHA-1 and the SHA-2 family are built to be fast: a leaked table of such password hashes is cracked at billions of guesses per second.',
    recommendation: 'Hash passwords with a slow, salted password hash: Argon2id, scrypt, bcrypt or PBKDF2 with a high iteration count.',
    category: 'crypto',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-916', 'CWE-328'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['md5', 'sha1', 'sha256', 'sha512', 'sha-1', 'sha-256', 'hashlib', 'messagedigest', 'digest', 'hash'],
  run(context) {
    const { flow, spec } = context;
    for (const call of flow.calls) {
      if (!spec.fastHashes.test(call.name)) continue;
      // The hashed value (or the digest object it is fed to, in the same statement) names a password.
      const hashed = [...call.args, ...call.kwargs.values()];
      let statement = call.node;
      while (statement.parent && !/statement|declaration|assignment|expression_statement/.test(statement.type)) statement = statement.parent;
      const mentions = hashed.some((a) => PASSWORD.test(flow.source(a))) || PASSWORD.test(flow.source(statement));
      if (!mentions) continue;
      context.report({ node: call.node, message: 'This password is hashed with a fast hash; use Argon2id, scrypt, bcrypt or PBKDF2 with many iterations.' });
    }
  },
});
