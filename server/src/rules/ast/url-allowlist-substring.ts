import { defineAstRule, staticString, type TSESTree } from '../../engine/ast';
import { methodName } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { REQUEST_TEXT } from '../prefilter';

/** A host name or the start of a URL: `acme.io`, `https://acme.io`, `//acme.io`. */
const HOSTISH = /^(?:[a-z][a-z0-9+.-]*:)?(?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?$/i;

export default defineAstRule({
  meta: {
    id: 'url-allowlist-substring',
    title: 'URL checked against an allowed host with includes / startsWith / indexOf',
    description: 'A substring test on the whole URL does not check its host: `https://acme.io.evil.net`, `https://evil.net/?acme.io` and `https://acme.io@evil.net` all pass `includes("acme.io")`, and the first and last pass `startsWith("https://acme.io")`. The redirect or request then goes where the client chose.',
    recommendation: 'Parse the URL (`new URL(value)`) and compare its `protocol` and `hostname` exactly with the allowed ones (or `hostname.endsWith(".acme.io")` for subdomains).',
    category: 'injection',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-20', 'CWE-601', 'CWE-918'],
    owasp: ['A01:2021', 'A10:2021'],
    fixable: false,
  },
  keywords: ['includes', 'startswith', 'indexof'],
  prefilter: [new RegExp(REQUEST_TEXT)],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const method = methodName(node);
        if ((method !== 'includes' && method !== 'startsWith' && method !== 'indexOf') || node.callee.type !== 'MemberExpression') return;
        const needle = staticString(node.arguments[0]);
        if (needle === undefined || !HOSTISH.test(needle)) return;
        // startsWith('https://acme.io/') pins the host; only a prefix ending inside the host is open.
        if (method === 'startsWith' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(needle) && !needle.startsWith('//')) return;
        const subject = node.callee.object;
        if (taintOf(subject) !== 'request') return;
        context.report({
          node: node as TSESTree.Node,
          message: `\`${method}(${context.source(node.arguments[0]!)})\` on a request URL does not pin its host (\`${needle}.evil.net\` and \`evil.net/?${needle}\` pass); parse it with new URL() and compare the hostname exactly.`,
        });
      },
    };
  },
});
