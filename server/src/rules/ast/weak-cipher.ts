import { defineAstRule, type TSESTree } from '../../engine/ast';
import { cipherAlgorithm, moduleBindings } from '../../engine/patterns';

/** Node/OpenSSL cipher names for DES, 3DES, RC2, RC4 and Blowfish. */
export const WEAK_CIPHER = /^(?:des(?:-|$)|des3|des-ede|desx|rc2|rc4|bf(?:-|$)|blowfish|cast5?-|idea)/i;

/** crypto-js's broken ciphers, by the name its namespace exports each under. */
const CRYPTO_JS_WEAK = new Set(['DES', 'TripleDES', 'RC4', 'RC4Drop']);
/** crypto-js's per-cipher modules and what they export (`module.exports = CryptoJS.TripleDES` in 4.x). */
const CRYPTO_JS_MODULES: Record<string, string> = { 'crypto-js/tripledes': 'TripleDES', 'crypto-js/rc4': 'RC4' };
const CRYPTO_JS_TEXT = /crypto-?js/i;

interface CryptoJs {
  /** Names bound to crypto-js as a whole. */
  namespaces: Set<string>;
  /** Local name → cipher: `import { TripleDES } from 'crypto-js'`, `const tripleDes = require('crypto-js/tripledes')`. */
  ciphers: Map<string, string>;
}

function cryptoJsOf(program: TSESTree.Program): CryptoJs {
  const whole = moduleBindings(program, ['crypto-js']);
  const ciphers = new Map<string, string>();
  for (const [local, exported] of whole.members) if (CRYPTO_JS_WEAK.has(exported)) ciphers.set(local, exported);
  for (const [module, cipher] of Object.entries(CRYPTO_JS_MODULES)) {
    for (const local of moduleBindings(program, [module]).namespaces) ciphers.set(local, cipher);
  }
  return { namespaces: whole.namespaces, ciphers };
}

/** `CryptoJS.DES.encrypt(…)`, `TripleDES.decrypt(…)`, `tripleDes.encrypt(…)`: the cipher's name, or undefined. */
function cryptoJsCipher(node: TSESTree.CallExpression, js: CryptoJs): string | undefined {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || !/^(?:en|de)crypt$/.test(callee.property.name)) return undefined;
  const target = callee.object;
  if (target.type === 'Identifier') return js.ciphers.get(target.name);
  if (target.type !== 'MemberExpression' || target.computed || target.property.type !== 'Identifier' || !CRYPTO_JS_WEAK.has(target.property.name)) return undefined;
  const root = target.object;
  // The namespace bound to crypto-js, or the browser build's global `CryptoJS`.
  return root.type === 'Identifier' && (js.namespaces.has(root.name) || root.name === 'CryptoJS') ? target.property.name : undefined;
}

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
  keywords: ['createcipher', 'createdecipher', 'crypto-js', 'cryptojs'],
  scope: 'unit',
  fileText: [CRYPTO_JS_TEXT],
  create(context) {
    let cryptoJs: CryptoJs | undefined;
    return {
      Program(node) {
        cryptoJs = CRYPTO_JS_TEXT.test(context.text) ? cryptoJsOf(node) : undefined;
      },
      CallExpression(node) {
        const js = cryptoJs && cryptoJsCipher(node, cryptoJs);
        if (js) {
          context.report({ node: node.callee, message: `crypto-js's ${js} is a broken cipher; use AES-GCM through Node's crypto (or WebCrypto) with a random 12-byte IV instead.` });
          return;
        }
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
