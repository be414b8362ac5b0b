import { calleeName, defineAstRule } from '../../engine/ast';
import { nameHint } from '../../engine/patterns';
import { member, seq } from '../prefilter';

/** Names that say a value must be unguessable. */
export const SECRET_PURPOSE = /(?:token|secret|password|passwd|nonce|salt|otp|apikey|api_key|sessionid|session_id|csrf|xsrf|resetcode|verificationcode|invitecode|authcode|(?:^|_|[a-z])(?:Key|Iv|Pin)$|^(?:key|iv|pin|code)$)/i;

export default defineAstRule({
  meta: {
    id: 'insecure-random',
    title: 'Math.random used for a secret value',
    description: '`Math.random` is a predictable generator: after a few outputs an attacker can compute the rest, so tokens, passwords, keys or ids built from it can be guessed.',
    recommendation: 'Use `crypto.randomBytes`, `crypto.randomInt`, `crypto.randomUUID` or `crypto.getRandomValues` for anything that must be unguessable.',
    category: 'randomness',
    severity: 'error',
    confidence: 'medium',
    cwe: ['CWE-338'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['random'],
  prefilter: [
    // Math.random, Math?.random, Math['random']
    new RegExp(seq(...member('Math', 'random'))),
    // A name SECRET_PURPOSE accepts: one of its words anywhere, a name ending in key/iv/pin, or `code`.
    /token|secret|passw|nonce|salt|otp|api_?key|session_?id|csrf|xsrf|(?:reset|verification|invite|auth)code|(?:key|iv|pin)(?![\w$])|\bcode(?![\w$])/i,
  ],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        if (calleeName(node) !== 'Math.random') return;
        const name = nameHint(node);
        if (!name || !SECRET_PURPOSE.test(name)) return;
        context.report({
          node,
          message: `\`${name}\` is built from Math.random, which is predictable; use crypto.randomBytes, crypto.randomInt or crypto.randomUUID instead.`,
        });
      },
    };
  },
});
