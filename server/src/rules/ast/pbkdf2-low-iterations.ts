import { calleeName, defineAstRule } from '../../engine/ast';
import { replaceNode } from '../../engine/patterns';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; anything under 100,000 is reported. */
const MINIMUM = 100_000;

export default defineAstRule({
  meta: {
    id: 'pbkdf2-low-iterations',
    title: 'PBKDF2 with too few iterations',
    description: 'PBKDF2 protects a password only through its iteration count; with fewer than 100,000 iterations a stolen hash is cheap to brute-force.',
    recommendation: 'Use at least 600,000 iterations of PBKDF2-HMAC-SHA256 (OWASP 2023), or switch to scrypt or Argon2.',
    category: 'crypto',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-916'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['pbkdf2'],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!name || !/(?:^|\.)pbkdf2(?:Sync)?$/.test(name)) return;
        const iterations = node.arguments[2];
        if (!iterations || iterations.type !== 'Literal' || typeof iterations.value !== 'number' || iterations.value >= MINIMUM) return;
        context.report({
          node: iterations,
          message: `${iterations.value} PBKDF2 iterations are too few; use at least 600000 (existing hashes need re-hashing at next login).`,
          // Changing the count breaks verification of stored hashes, so this is a suggestion, not a fix.
          suggestions: [replaceNode('Use 600000 iterations', iterations, '600000')],
        });
      },
    };
  },
});
