import { defineAstRule, isConstant, qualifiedName, type TSESTree } from '../../engine/ast';
import { spanOf } from '../../engine/tree';
import { valuesOf } from '../../engine/taint';
import { cryptoCalleeName } from '../../engine/patterns';
import { placesElsewhere } from '../../engine/types';

/** `Buffer.alloc(16)`, `Buffer.from('…')`, `new Uint8Array(16)`, `'0000…'`: the same IV every time. */
function isConstantIv(node: TSESTree.Node, depth = 0): boolean {
  if (isConstant(node)) return true;
  if (node.type === 'CallExpression') {
    const name = qualifiedName(node.callee);
    if ((name === 'Buffer.alloc' || name === 'Buffer.from') && node.arguments.every((a) => isConstant(a) || (a.type === 'ArrayExpression' && a.elements.every((e) => e && isConstant(e))))) return true;
  }
  if (node.type === 'NewExpression') {
    const name = qualifiedName(node.callee);
    if (name && /^(?:Uint8Array|Buffer)$/.test(name) && node.arguments.every((a) => isConstant(a) || a.type === 'ArrayExpression')) return true;
  }
  if (node.type === 'Identifier' && depth === 0 && !isParameter(node)) {
    const values = valuesOf(node);
    return values.length > 0 && values.every((v) => isConstantIv(v, depth + 1));
  }
  return false;
}

function isParameter(node: TSESTree.Identifier): boolean {
  let n: TSESTree.Node | undefined = node.parent;
  while (n) {
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') {
      if (n.params.some((p) => p.type === 'Identifier' && p.name === node.name)) return true;
    }
    n = n.parent;
  }
  return false;
}

export default defineAstRule({
  meta: {
    id: 'cipher-static-iv',
    title: 'Cipher with a constant IV or no IV',
    description: 'Reusing an IV (or deriving it from the password, as `createCipher` does) makes equal messages encrypt alike and, with GCM or CTR, leaks the keystream.',
    recommendation: 'Generate a fresh IV with `crypto.randomBytes(12)` for each message and store it next to the ciphertext.',
    category: 'crypto',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-329', 'CWE-1204'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['createcipher', 'createdecipher'],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const name = cryptoCalleeName(node);
        if (!name) return;
        if (/(?:^|\.)createCipher$/.test(name) && /^crypto\.|^createCipher$/.test(name)) {
          context.report({ node, message: '`createCipher` derives the IV from the password, so it never changes; use `createCipheriv` with `crypto.randomBytes(12)` as the IV.' });
          return;
        }
        // The other half of the same scheme: what it decrypts was encrypted with the password's fixed IV and a
        // key from one unsalted MD5 round (Node's DEP0106).
        if (/(?:^|\.)createDecipher$/.test(name) && /^crypto\.|^createDecipher$/.test(name)) {
          context.report({ node, message: '`createDecipher` reads data encrypted under an IV and key derived from the password alone (one unsalted MD5 round), so the IV never changes; encrypt with `createCipheriv` and a random IV, and decrypt with `createDecipheriv`.' });
          return;
        }
        if (!/(?:^|\.)createCipheriv$/.test(name)) return;
        const [algorithm, , iv] = node.arguments;
        if (!iv || (iv.type === 'Literal' && (iv.value === null || iv.value === ''))) return; // no IV: ECB and stream ciphers, which other rules cover
        // ECB and RC4 ignore the IV (an empty or dummy one is what Node asks for): cipher-ecb-mode and weak-cipher report them.
        if (algorithm?.type === 'Literal' && typeof algorithm.value === 'string' && /-ecb$|^rc4(?:-40|-hmac-md5)?$/i.test(algorithm.value)) return;
        if (isConstantIv(iv)) {
          // A name given one constant value: where that IV is made (often a module constant far above).
          const made = iv.type === 'Identifier' ? valuesOf(iv) : [];
          context.report({ node: iv, related: placesElsewhere(context.text, iv.start, [[made.length === 1 ? spanOf(made[0]!) : undefined, 'The IV is made here.']]), message: 'This IV is the same for every message; generate one per message with `crypto.randomBytes(12)` and store it with the ciphertext.' });
        }
      },
    };
  },
});
