import { calleeName, defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { ASSIGN, member, REQUEST_TEXT, seq } from '../prefilter';

const RESPONSE = /^(?:res|response|ctx|reply|h)$/;

/** The operands of a `+` chain, or the quasis and expressions of a template literal, in order. */
function pieces(node: TSESTree.Node): (string | TSESTree.Node)[] {
  if (node.type === 'BinaryExpression' && node.operator === '+') return [...pieces(node.left), ...pieces(node.right)];
  if (node.type === 'Literal' && typeof node.value === 'string') return [node.value];
  if (node.type === 'TemplateLiteral') {
    const out: (string | TSESTree.Node)[] = [];
    node.quasis.forEach((q, i) => {
      out.push(q.value.cooked ?? q.value.raw);
      const e = node.expressions[i];
      if (e) out.push(e);
    });
    return out;
  }
  return [node];
}

/**
 * Whether the target's host is fixed before any request value enters it: the text before the first
 * request value holds a path (`/groups/${slug}`, `${base}/groups/${slug}`, `/?notice=${msg}`), or a
 * scheme and host followed by `/`, `?` or `#` (`https://acme.io/${x}`, `https://${host}/${x}`; without it,
 * `https://acme.io` + `.evil.io` or `@evil.io` changes the host). A value of the program's own
 * (`${base}`) is unknown text, so it never completes a path by itself: `${base}/${slug}` stays
 * reported (`slug` may start with `/`), and so does `${base}${slug}` (`@evil.io` after an origin).
 */
function hostFixed(target: TSESTree.Node): boolean {
  let before = '';
  for (const piece of pieces(target)) {
    if (typeof piece === 'string') before += piece;
    else if (taintOf(piece) === 'request') break;
    else before += '\u0000';
  }
  const authority = /^(?:[a-z][\w+.-]*:)?\/\//i.exec(before);
  if (!authority) return /\/[^/\\\u0000]/.test(before);
  // `https://acme.io/` + anything stays on acme.io, and `https://${host}/` on the program's own
  // host: the `/`, `?` or `#` after the host ends it.
  const host = /^[^/?#\\]*/.exec(before.slice(authority[0].length))![0];
  return host.length > 0 && before.length > authority[0].length + host.length;
}

export default defineAstRule({
  meta: {
    id: 'open-redirect',
    title: 'Redirect to a URL taken from the request',
    description: 'Redirecting to a URL from a query parameter lets an attacker send your users from a trusted link to a phishing site.',
    recommendation: 'Redirect only to relative paths or to hosts on an allow-list; map a key from the request to a known URL.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-601'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ['redirect', 'location', 'open'],
  prefilter: [
    new RegExp([
      seq(...member('res|response|ctx|reply|h', 'redirect')),
      seq(...member('location', 'assign|replace')),
      seq(...member('window', 'open')),
      // location = …, but not const location = … nor this.location = …
      seq(String.raw`\blocation(?<!(?:\.\s*|\b(?:const|let|var)\s+)location)(?![\w$])`, ASSIGN),
      seq(...member('window|document', 'location'), ASSIGN),
      seq(...member('location', 'href'), ASSIGN),
    ].join('|')),
    new RegExp(REQUEST_TEXT),
  ],
  create(context) {
    const report = (node: TSESTree.Node) =>
      context.report({ node, message: 'This redirect target comes from the request; redirect only to relative paths or hosts on an allow-list.' });
    return {
      CallExpression(node) {
        const method = methodName(node);
        const receiver = node.callee.type === 'MemberExpression' ? qualifiedName(node.callee.object) : undefined;
        if (method === 'redirect' && receiver && RESPONSE.test(receiver)) {
          const target = node.arguments[node.arguments.length - 1];
          if (target && taintOf(target) === 'request' && !hostFixed(target)) report(target);
        }
        const name = calleeName(node);
        if (name && /^(?:window\.)?location\.(?:assign|replace)$|^window\.open$/.test(name) && node.arguments[0] && taintOf(node.arguments[0]) === 'request' && !hostFixed(node.arguments[0])) {
          report(node.arguments[0]);
        }
      },
      AssignmentExpression(node) {
        const target = qualifiedName(node.left);
        if (target && /^(?:window\.|document\.)?location(?:\.href)?$/.test(target) && taintOf(node.right) === 'request' && !hostFixed(node.right)) report(node.right);
      },
    };
  },
});
