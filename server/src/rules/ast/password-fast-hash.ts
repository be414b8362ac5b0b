import { defineAstRule, mentions, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { spanOf } from '../../engine/tree';
import { cryptoCalleeName, methodName, moduleBindings, PASSWORD_STORE, sinkFlow, type ModuleBindings } from '../../engine/patterns';
import { placesElsewhere } from '../../engine/types';
import { enclosingFunction, valuesOf } from '../../engine/taint';

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
  const rest = text.slice(node.end, fn.end);
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

/**
 * The fast hash a value is the digest of: `createHash('md5').update(x).digest('hex')`, directly or through a
 * name given that one value in the function (`digest = …; user.setPassword(digest)`).
 */
function fastDigest(node: TSESTree.Node, depth = 0): { algorithm: string; data: TSESTree.Node; digest: TSESTree.Node } | undefined {
  if (node.type === 'Identifier' && depth === 0) {
    const values = valuesOf(node);
    return values.length === 1 ? fastDigest(values[0]!, 1) : undefined;
  }
  if (node.type !== 'CallExpression' || methodName(node) !== 'digest' || node.callee.type !== 'MemberExpression') return undefined;
  const update = node.callee.object;
  if (update.type !== 'CallExpression' || methodName(update) !== 'update' || update.callee.type !== 'MemberExpression') return undefined;
  const create = update.callee.object;
  if (create.type !== 'CallExpression' || !/(?:^|\.)createHash$/.test(cryptoCalleeName(create) ?? '')) return undefined;
  const algorithm = staticString(create.arguments[0]);
  const data = update.arguments[0];
  return algorithm !== undefined && data ? { algorithm, data, digest: node } : undefined;
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
    /** A name bound to a one-hash package (`md5(password)`) → its algorithm; the last package binding it wins, as the loop over them did. */
    const hashers = new Map<string, string>();
    /** A fast digest stored as a password; when its input is named like a password, the hash call is reported instead. */
    const reportStored = (value: TSESTree.Node, at: TSESTree.Node) => {
      const digest = fastDigest(value);
      if (!digest || passwordIn(digest.data)) return;
      context.report({
        node: at,
        // Where the digest is made, when a name carries it here.
        related: placesElsewhere(context.text, at.start, [[spanOf(digest.digest), 'The fast digest is made here.']]),
        message: `A fast ${digest.algorithm.toUpperCase()} digest is stored as the password; hash passwords with crypto.scrypt (or Argon2/bcrypt) with a per-user salt instead.`,
      });
    };
    /** Where the password enters as request data (and where a name's one value is built), when on another line than the finding. */
    const passwordEnters = (at: TSESTree.Node, data: TSESTree.Node) => sinkFlow(context.text, at, data, data);
    return {
      AssignmentExpression(node) {
        // user.password = digest
        const target = node.left;
        if (node.operator === '=' && target.type === 'MemberExpression' && !target.computed && target.property.type === 'Identifier' && PASSWORD_STORE.test(target.property.name)) reportStored(node.right, node);
      },
      Program(node) {
        for (const m of Object.keys(HASH_PACKAGES)) {
          if (!context.textIncludes(m)) continue;
          const bindings = moduleBindings(node, [m]);
          packages.set(m, bindings);
          for (const name of bindings.namespaces) hashers.set(name, HASH_PACKAGES[m]!);
        }
        if (context.textIncludes('crypto-js')) packages.set('crypto-js', moduleBindings(node, ['crypto-js']));
      },
      CallExpression(node) {
        const data0 = node.arguments[0];
        if (data0 && data0.type !== 'SpreadElement') {
          // md5(password), CryptoJS.SHA1(password)
          const callee = node.callee;
          // One lookup per call, not a loop over every package the text names (a 1 MB file names most).
          let algorithm = callee.type === 'Identifier' ? hashers.get(callee.name) : undefined;
          if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && CRYPTO_JS_HASHERS.test(callee.property.name)
            && callee.object.type === 'Identifier' && (callee.object.name === 'CryptoJS' || packages.get('crypto-js')?.namespaces.has(callee.object.name))) {
            algorithm = callee.property.name;
          }
          const cryptoJsMember = callee.type === 'Identifier' ? packages.get('crypto-js')?.members.get(callee.name) : undefined;
          if (cryptoJsMember && CRYPTO_JS_HASHERS.test(cryptoJsMember)) algorithm = cryptoJsMember;
          const name = algorithm ? passwordIn(data0) : undefined;
          if (algorithm && name) {
            context.report({ node, related: passwordEnters(node, data0), message: `\`${name}\` is hashed with fast ${algorithm}; use crypto.scrypt (or Argon2/bcrypt) with a per-user salt instead.` });
            return;
          }
        }
        // user.setPassword(createHash('md5').update(pwtext).digest('hex')), the input named otherwise
        const method = methodName(node);
        if (node.callee.type === 'MemberExpression' && PASSWORD_STORE.test(method ?? '') && node.arguments[0]) reportStored(node.arguments[0], node);
        // crypto.createHash('sha256').update(password)
        if (method !== 'update' || node.callee.type !== 'MemberExpression') return;
        const inner = node.callee.object;
        if (inner.type !== 'CallExpression' || !/(?:^|\.)createHash$/.test(qualifiedName(inner.callee) ?? '')) return;
        const algorithm = staticString(inner.arguments[0]);
        const data = node.arguments[0];
        if (!data || algorithm === undefined) return;
        const name = passwordIn(data);
        if (!name || slowHashFollows(node, name, context.text)) return;
        context.report({
          node: inner,
          related: passwordEnters(inner, data),
          message: `\`${name}\` is hashed with fast ${algorithm.toUpperCase()}; use crypto.scrypt (or Argon2/bcrypt) with a per-user salt instead.`,
        });
      },
    };
  },
});
