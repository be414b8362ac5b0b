import { defineTreeRule } from '../../dataflow/rule';
import type { SyntaxNode } from '../../treesitter/runtime';
import type { TreeContext } from '../../dataflow/rule';

const SECRET = /token|secret|passw(?:or)?d|pwd|nonce|salt|otp|session[_ -]?id|api[_ -]?key|reset[_ -]?(?:code|key)|csrf|verification[_ -]?code|remember[_ -]?me|\bkey\b/i;
/** Where a value becomes a credential: a cookie, the session, an authentication header. */
const STORED = /(?:^|\.|new )(?:Cookie|HttpCookie|setAttribute|putValue|set_cookie|setcookie|SetCookie|Append)$/;

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
      // Through the imports: `mrand.Int63()` is math/rand's, `rand.Read(key)` after `import "crypto/rand"` is not weak.
      const head = /^\w+/.exec(call.name)?.[0];
      const path = head && spec.weakRandomPackages ? flow.importPath(head) : undefined;
      if (path !== undefined && !spec.weakRandomPackages!.test(path)) continue;
      const name = path !== undefined ? `${path.split('/').filter((p) => !/^v\d+$/.test(p)).at(-1)}${call.name.slice(head!.length)}` : call.name;
      if (!spec.weakRandom.test(name)) continue;
      // `random.nextBytes(salt)` where `random` is a `SecureRandom`: not weak.
      if (flow.calleeNames(call).some((name) => /SecureRandom|RandomNumberGenerator|crypto/.test(name))) continue;
      // What the value is for: the name it is assigned to, returned from, or the function it is in.
      let n: SyntaxNode | undefined = call.node;
      let purpose = '';
      const names: string[] = [];
      for (let i = 0; n && i < 6; i++, n = n.parent) {
        const binds = spec.adapter.binds(n);
        if (binds.length > 0) {
          purpose = binds.map(([t]) => flow.source(t)).join(' ');
          for (const [t] of binds) names.push(flow.source(t));
          break;
        }
        if (spec.adapter.isFunction(n)) break;
      }
      if (!purpose) {
        const fn = flow.enclosingFunction(call.node);
        const header = flow.source(fn).slice(0, Math.max(0, flow.source(fn).indexOf('\n')));
        purpose = header;
      }
      if (!SECRET.test(words(purpose)) && !(names.length > 0 && usedAsSecret(flow, spec, call.node, names))) continue;
      context.report({ node: call.node, message: 'This secret comes from a predictable random generator; use the platform\'s cryptographically secure generator.' });
    }
  },
});

/** `rememberMeKey`, `reset_token` → words a secret name is recognised by. */
function words(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
}

/**
 * Follows the random value forward through the function (names assigned from expressions that use it,
 * a few steps) and tells whether it ends up in a secret-named variable, a cookie or the session.
 */
function usedAsSecret(flow: TreeContext['flow'], spec: TreeContext['spec'], at: SyntaxNode, start: string[]): boolean {
  const fn = flow.enclosingFunction(at);
  const binds: [string, string][] = [];
  const calls: { name: string; args: string }[] = [];
  // The nodes within the function's range, in document order: its subtree, from the outermost node with
  // that same range (the others there are empty, and bind and call nothing), not the whole file's list.
  let top = fn;
  while (top.parent && top.parent.start >= fn.start && top.parent.end <= fn.end) top = top.parent;
  const stack = [top];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const [t, v] of spec.adapter.binds(node)) binds.push([flow.source(t), flow.source(v)]);
    const call = flow.callOf(node);
    if (call) calls.push({ name: call.name, args: call.args.map((a) => flow.source(a)).join(' ') });
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  const tainted = new Set(start);
  const uses = (text: string) => [...tainted].some((name) => /^\w+$/.test(name) && new RegExp(`\\b${name}\\b`).test(text));
  for (let round = 0; round < 4; round++) {
    let grew = false;
    for (const [t, v] of binds) if (!tainted.has(t) && uses(v)) tainted.add(t), (grew = true);
    if (!grew) break;
  }
  if ([...tainted].some((name) => SECRET.test(words(name)))) return true;
  return calls.some((c) => STORED.test(c.name) && uses(c.args));
}
