import { defineTreeRule } from '../../dataflow/rule';
import type { SyntaxNode } from '../../treesitter/runtime';

const SECRET = /token|secret|passw(?:or)?d|pwd|nonce|salt|otp|session[_-]?id|api[_-]?key|reset[_-]?(?:code|key)|csrf|verification[_-]?code|\bkey\b/i;

export default defineTreeRule({
  meta: {
    id: 'weak-random-secret',
    title: 'Secret made with a predictable random generator',
    description: 'General-purpose generators (`random`, `java.util.Random`, `math/rand`, `rand()`, `System.Random`) are predictable from a few outputs: tokens, passwords and keys made with them can be guessed.',
    recommendation: 'Use the platform CSPRNG: `secrets`, `SecureRandom`, `crypto/rand`, `random_bytes`, `RandomNumberGenerator`, `SecureRandom` (Ruby).',
    category: 'randomness',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-338', 'CWE-330'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['random', 'rand', 'mt_rand', 'uniqid', 'math/rand', 'lcg_value', 'intn', 'nextint'],
  run(context) {
    const { flow, spec } = context;
    for (const call of flow.calls) {
      if (!spec.weakRandom.test(call.name)) continue;
      // What the value is for: the name it is assigned to, returned from, or the function it is in.
      let n: SyntaxNode | undefined = call.node;
      let purpose = '';
      for (let i = 0; n && i < 6; i++, n = n.parent) {
        const binds = spec.adapter.binds(n);
        if (binds.length > 0) {
          purpose = binds.map(([t]) => flow.source(t)).join(' ');
          break;
        }
        if (spec.adapter.isFunction(n)) break;
      }
      if (!purpose) {
        const fn = flow.enclosingFunction(call.node);
        const header = flow.source(fn).slice(0, Math.max(0, flow.source(fn).indexOf('\n')));
        purpose = header;
      }
      if (!SECRET.test(purpose)) continue;
      context.report({ node: call.node, message: 'This secret comes from a predictable random generator; use the platform\'s cryptographically secure generator.' });
    }
  },
});
