import { calleeName, defineAstRule, staticString } from '../../engine/ast';
import { propertiesOf, replaceNode } from '../../engine/patterns';

export default defineAstRule({
  meta: {
    id: 'rsa-key-too-small',
    title: 'RSA or DSA key shorter than 2048 bits',
    description: 'RSA and DSA keys under 2048 bits are within reach of well-funded attackers and are rejected by current standards (NIST SP 800-131A).',
    recommendation: 'Generate RSA keys of at least 2048 bits (3072 for data that must stay secret past 2030), or use Ed25519 / P-256.',
    category: 'crypto',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-326'],
    owasp: ['A02:2021'],
    fixable: true,
  },
  keywords: ['generatekeypair', 'nodersa'],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!name || !/(?:^|\.)generateKeyPair(?:Sync)?$/.test(name)) return;
        const type = staticString(node.arguments[0]);
        if (type !== 'rsa' && type !== 'rsa-pss' && type !== 'dsa') return;
        const length = propertiesOf(node.arguments[1]).get('modulusLength');
        if (!length || length.value.type !== 'Literal' || typeof length.value.value !== 'number' || length.value.value >= 2048) return;
        context.report({
          node: length.value,
          message: `A ${length.value.value}-bit ${type.toUpperCase()} key is too short; use at least 2048 bits.`,
          fix: replaceNode('Use a 2048-bit key', length.value, '2048'),
        });
      },
      NewExpression(node) {
        // node-rsa: new NodeRSA({ b: 512 })
        if (calleeName(node) !== 'NodeRSA') return;
        const bits = propertiesOf(node.arguments[0]).get('b');
        if (!bits || bits.value.type !== 'Literal' || typeof bits.value.value !== 'number' || bits.value.value >= 2048) return;
        context.report({ node: bits.value, message: `A ${bits.value.value}-bit RSA key is too short; use at least 2048 bits.`, fix: replaceNode('Use a 2048-bit key', bits.value, '2048') });
      },
    };
  },
});
