import { defineAstRule } from '../../engine/ast';
import { cipherAlgorithm } from '../../engine/patterns';

/** Node/OpenSSL cipher names for DES, 3DES, RC2, RC4 and Blowfish. */
export const WEAK_CIPHER = /^(?:des(?:-|$)|des3|des-ede|desx|rc2|rc4|bf(?:-|$)|blowfish|cast5?-|idea)/i;

export default defineAstRule({
  meta: {
    id: 'weak-cipher',
    title: 'Broken cipher: DES, 3DES, RC2, RC4 or Blowfish',
    description: 'DES and RC2 keys can be brute-forced, RC4 leaks its keystream, and 64-bit block ciphers (3DES, Blowfish) fall to birthday attacks (Sweet32); data encrypted with them is not protected.',
    recommendation: "Use an authenticated cipher such as 'aes-256-gcm' or 'chacha20-poly1305' with a random IV per message.",
    category: 'crypto',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-327'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['createcipher', 'createdecipher'],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const call = cipherAlgorithm(node);
        if (!call || !WEAK_CIPHER.test(call.algorithm)) return;
        const { arg, algorithm } = call;
        context.report({
          node: arg,
          message: `'${algorithm}' is a broken cipher; use 'aes-256-gcm' with a random 12-byte IV instead.`,
        });
      },
    };
  },
});
