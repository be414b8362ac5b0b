import { defineAstRule } from '../../engine/ast';
import { cipherAlgorithm } from '../../engine/patterns';

export default defineAstRule({
  meta: {
    id: 'cipher-ecb-mode',
    title: 'Block cipher in ECB mode',
    description: 'ECB encrypts equal plaintext blocks to equal ciphertext blocks, so patterns in the data stay visible and blocks can be swapped undetected.',
    recommendation: "Use an authenticated mode such as 'aes-256-gcm' with a random IV per message.",
    category: 'crypto',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-327'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['createcipher', 'createdecipher', 'mode.ecb'],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const call = cipherAlgorithm(node);
        if (!call || !/-ecb$/i.test(call.algorithm)) return;
        const { arg, algorithm } = call;
        context.report({ node: arg, message: `'${algorithm}' uses ECB mode, which leaks patterns; use 'aes-256-gcm' with a random IV instead.` });
      },
      Property(node) {
        // CryptoJS: { mode: CryptoJS.mode.ECB }
        const key = !node.computed && node.key.type === 'Identifier' ? node.key.name : undefined;
        if (key !== 'mode' || node.value.type !== 'MemberExpression') return;
        const value = context.source(node.value);
        if (/(?:^|\.)mode\.ECB$/.test(value)) {
          context.report({ node: node.value, message: 'ECB mode leaks patterns in the plaintext; use an authenticated mode such as GCM with a random IV instead.' });
        }
      },
    };
  },
});
