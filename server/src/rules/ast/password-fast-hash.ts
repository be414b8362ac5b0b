import { defineAstRule, mentions, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, type ModuleBindings } from '../../engine/patterns';
import { enclosingFunction } from '../../engine/taint';

export const PASSWORD_NAME = /^(?:password|passwd|passphrase|pwd|pass|userPassword|plainPassword|newPassword|rawPassword|plaintextPassword)$/i;

function lastName(node: TSESTree.Node): string | undefined {
  return qualifiedName(node)?.split('.').pop();
}

/** The password name among a hash input's parts (`password`, `${salt}${password}`, `salt + user.password`). */
function passwordIn(data: TSESTree.Node): string | undefined {
  const name = data.type === 'TemplateLiteral'
    ? data.expressions.map(lastName).find((n) => n && PASSWORD_NAME.test(n))
    : data.type === 'BinaryExpression' ? [data.left, data.right].map(lastName).find((n) => n && PASSWORD_NAME.test(n)) : lastName(data);
  return name && PASSWORD_NAME.test(name) ? name : undefined;
}

/** Packages that export one fast hash function (`md5(password)`), and crypto-js's hashers (`CryptoJS.SHA1(password)`). */
const HASH_PACKAGES: Record<string, string> = {
  md5: 'MD5', 'js-md5': 'MD5', 'blueimp-md5': 'MD5', 'md5-hex': 'MD5', 'crypto-js/md5': 'MD5',
  sha1: 'SHA-1', 'js-sha1': 'SHA-1', 'crypto-js/sha1': 'SHA-1', 'crypto-js/sha256': 'SHA-256', 'crypto-js/sha512': 'SHA-512',
};
const CRYPTO_JS_HASHERS = /^(?:MD5|SHA1|SHA224|SHA256|SHA384|SHA512|SHA3|RIPEMD160)$/;

/**
 * A fast pre-hash before a slow one: after the call, the same function hands the password on to bcrypt,
 * Argon2, scrypt or PBKDF2, or to a worker task named `hash`/`compare`/`verify` (`pool.exec('hash',
 * [password, rounds])`: NodeBB SHA-512s the password so bcrypt's 72-byte limit does not cut it).
 */
function slowHashFollows(node: TSESTree.Node, name: string, text: string): boolean {
  const fn = enclosingFunction(node);
  if (fn.type === 'Program') return false;
  const rest = text.slice(node.range[1], fn.range[1]);
  // The pre-hash is stored back in the password's variable or in a new one (`const pre = sha256(password)…`).
  let up: TSESTree.Node | undefined = node.parent;
  while (up && (up.type === 'MemberExpression' || up.type === 'CallExpression' || up.type === 'AwaitExpression')) up = up.parent;
  const held = up?.type === 'VariableDeclarator' && up.id.type === 'Identifier' ? up.id.name
    : up?.type === 'AssignmentExpression' && up.left.type === 'Identifier' ? up.left.name : undefined;
  const variables = [name.split('.').pop() ?? name, held].filter((v): v is string => !!v).map((v) => v.replace(/[^\w$]/g, '').replace(/\$/g, '\\$'));
  const handed = `(?:${variables.join('|')})\\b`;
  if (new RegExp(`\\b(?:bcrypt|bcryptjs|argon2|scrypt|scryptSync|pbkdf2|pbkdf2Sync)\\b[\\w.$]*\\s*\\(\\s*(?:[^()]{0,200},\\s*)?${handed}`, 'i').test(rest)) return true;
  return new RegExp(`\\(\\s*['"](?:hash|compare|verify)['"]\\s*,\\s*\\[?\\s*${handed}`).test(rest);
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
  keywords: ['createhash', 'md5', 'sha1', 'crypto-js', 'cryptojs'],
  scope: 'unit',
  fileText: mentions(...Object.keys(HASH_PACKAGES), 'crypto-js'),
  create(context) {
    const packages = new Map<string, ModuleBindings>();
    return {
      Program(node) {
        for (const m of Object.keys(HASH_PACKAGES)) if (context.text.includes(m)) packages.set(m, moduleBindings(node, [m]));
        if (context.text.includes('crypto-js')) packages.set('crypto-js', moduleBindings(node, ['crypto-js']));
      },
      CallExpression(node) {
        const data0 = node.arguments[0];
        if (data0 && data0.type !== 'SpreadElement') {
          // md5(password), CryptoJS.SHA1(password)
          let algorithm: string | undefined;
          const callee = node.callee;
          for (const [m, bindings] of packages) {
            if (m !== 'crypto-js' && callee.type === 'Identifier' && bindings.namespaces.has(callee.name)) algorithm = HASH_PACKAGES[m];
          }
          if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && CRYPTO_JS_HASHERS.test(callee.property.name)
            && callee.object.type === 'Identifier' && (callee.object.name === 'CryptoJS' || packages.get('crypto-js')?.namespaces.has(callee.object.name))) {
            algorithm = callee.property.name;
          }
          const cryptoJsMember = callee.type === 'Identifier' ? packages.get('crypto-js')?.members.get(callee.name) : undefined;
          if (cryptoJsMember && CRYPTO_JS_HASHERS.test(cryptoJsMember)) algorithm = cryptoJsMember;
          const name = algorithm ? passwordIn(data0) : undefined;
          if (algorithm && name) {
            context.report({ node, message: `\`${name}\` is hashed with fast ${algorithm}; use crypto.scrypt (or Argon2/bcrypt) with a per-user salt instead.` });
            return;
          }
        }
        // crypto.createHash('sha256').update(password)
        if (methodName(node) !== 'update' || node.callee.type !== 'MemberExpression') return;
        const inner = node.callee.object;
        if (inner.type !== 'CallExpression' || !/(?:^|\.)createHash$/.test(qualifiedName(inner.callee) ?? '')) return;
        const algorithm = staticString(inner.arguments[0]);
        const data = node.arguments[0];
        if (!data || algorithm === undefined) return;
        const name = passwordIn(data);
        if (!name || slowHashFollows(node, name, context.text)) return;
        context.report({
          node: inner,
          message: `\`${name}\` is hashed with fast ${algorithm.toUpperCase()}; use crypto.scrypt (or Argon2/bcrypt) with a per-user salt instead.`,
        });
      },
    };
  },
});
