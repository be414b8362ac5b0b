import { defineAstRule, staticString, type TSESTree } from '../../engine/ast';
import { spanOf } from '../../engine/tree';
import { cryptoCalleeName, sinkFlow, storedAsPassword } from '../../engine/patterns';
import { placesElsewhere } from '../../engine/types';
import { enclosingFunction } from '../../engine/taint';

const WEAK = new Set(['md5', 'md4', 'md2', 'sha1', 'sha-1', 'ripemd160', 'rsa-md5', 'rsa-sha1']);

/**
 * Uses where a protocol fixes the hash and the hash guards nothing, so a stronger one would only break
 * the exchange (and the quick fix would break it): the WebSocket handshake (RFC 6455 answers the
 * client's key with its SHA-1 in Sec-WebSocket-Accept) and HTTP entity tags (cache validators).
 * Recognised by the header the surrounding function builds or checks.
 */
const PROTOCOL_USE = /sec-websocket-accept|\betag\b|entity[-_]?tag/i;

/** The source of the function around `node`, or of its top-level statement outside any function. */
function surroundingCode(node: TSESTree.Node, text: string): string {
  const fn = enclosingFunction(node);
  if (fn.type !== 'Program') return text.slice(fn.start, fn.end);
  let statement: TSESTree.Node = node;
  while (statement.parent && statement.parent.type !== 'Program') statement = statement.parent;
  return text.slice(statement.start, statement.end);
}

/** `createHash('md5').update(x).digest('hex')` from its `createHash` call: the whole chain of calls on it. */
function hashChain(create: TSESTree.CallExpression): TSESTree.Node {
  let top: TSESTree.Node = create;
  while (top.parent?.type === 'MemberExpression' && top.parent.object === top && top.parent.parent?.type === 'CallExpression' && top.parent.parent.callee === top.parent) {
    top = top.parent.parent;
  }
  return top;
}

/**
 * Words of security use. A weak hash whose data is in view (`createHash('md5').update(x)`) in a function
 * that mentions none of them (a storage name from a file name, a cache key from content) guards nothing
 * anyone relies on: the finding is low confidence,
 * shown as info at the `recommended` preset and as a warning at `strict`. On ten popular projects all
 * nine such uses were names or digests of the program's own data (`scripts/eval-noise.mjs`).
 */
const SECURITY_USE = /pass(?:word|wd|phrase)|pwd|secret|token|salt|signature|\bsign|hmac|nonce|credential|\botp\b|cert|verif|integrity|checksum|tamper|cookie|csrf|jwt|api[-_]?key|private|encrypt|decrypt|session|\bauth|(?<![a-z])key(?![a-z])/i;

export default defineAstRule({
  meta: {
    id: 'weak-hash',
    title: 'MD5 or SHA-1 used for hashing',
    description: 'MD5 and SHA-1 have practical collision attacks; anything that relies on them for integrity or identity can be forged.',
    recommendation: 'Use SHA-256 or stronger for integrity, and scrypt, Argon2 or bcrypt for passwords.',
    category: 'crypto',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-328'],
    owasp: ['A02:2021'],
    fixable: true,
  },
  keywords: ['createhash', 'createhmac', 'subtle.digest'],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const name = cryptoCalleeName(node);
        if (!name || !/(?:^|\.)(?:createHash|createHmac)$|^(?:window\.|self\.|globalThis\.)?crypto\.subtle\.digest$/.test(name)) return;
        const arg = node.arguments[0];
        const algorithm = staticString(arg);
        if (!arg || algorithm === undefined || !WEAK.has(algorithm.toLowerCase())) return;
        // HMAC does not rest on collision resistance: HMAC-SHA1 (TOTP, webhook and OAuth 1 signatures) stands.
        if (name.endsWith('createHmac') && /^(?:rsa-)?sha-?1$/i.test(algorithm)) return;
        const around = surroundingCode(node, context.text);
        if (PROTOCOL_USE.test(around)) return;
        // Only when the hashed data is in view (`.update(x)`) can a use be told apart.
        const update = node.parent?.type === 'MemberExpression' && node.parent.object === node && node.parent.parent?.type === 'CallExpression'
          && !node.parent.computed && node.parent.property.type === 'Identifier' && node.parent.property.name === 'update';
        // A digest stored as a user's password is a security use whatever the words around it (and
        // `password-fast-hash` reports the store); the finding names that place and the input's origin.
        const store = storedAsPassword(hashChain(node));
        const input = update ? (node.parent!.parent as TSESTree.CallExpression).arguments[0] : undefined;
        const level = !update || store || SECURITY_USE.test(around) ? {} : { confidence: 'low' as const };
        const quote = context.text[arg.start] ?? "'";
        const subtle = name.endsWith('digest');
        context.report({
          node: arg,
          message: `${algorithm.toUpperCase()} is broken for security use; use SHA-256 (or scrypt/Argon2 for passwords).`,
          ...level,
          related: input ? sinkFlow(context.text, arg, input, input, undefined, [[store && spanOf(store), 'The digest is stored as the password here.']]) : placesElsewhere(context.text, arg.start, [[store && spanOf(store), 'The digest is stored as the password here.']]),
          fix: {
            title: 'Use SHA-256',
            edits: [{ start: arg.start, end: arg.end, newText: `${quote}${subtle ? 'SHA-256' : 'sha256'}${quote}` }],
          },
        });
      },
    };
  },
});
