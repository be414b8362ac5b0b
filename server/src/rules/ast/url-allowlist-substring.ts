import { defineAstRule, staticString, type TSESTree } from '../../engine/ast';
import { corsOriginParameter, methodName } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { CALL_ARGS, GAP, OPEN_GAP, prop, REQUEST_TEXT, SKIP } from '../prefilter';

/** A host name or the start of a URL: `acme.io`, `https://acme.io`, `//acme.io`. */
const HOSTISH = /^(?:[a-z][a-z0-9+.-]*:)?(?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?$/i;

const METHODS = new Set(['includes', 'startsWith', 'indexOf', 'endsWith']);

/**
 * One of `METHODS` called with a string written in place (`staticString`) that holds a `.` or an escape
 * (which may make one): every needle `HOSTISH` accepts does. Not `arr.includes(name)`, `s.indexOf('?')`.
 * Linear: the string's text ends at its first `.`, `\\`, quote or line break.
 */
const HOST_NEEDLE = String.raw`${prop([...METHODS].join('|'))}${GAP}${CALL_ARGS}${OPEN_GAP}['"\`][^'"\`\\.\n\r\u2028\u2029]*[.\\]`;

export default defineAstRule({
  meta: {
    id: 'url-allowlist-substring',
    title: 'URL checked against an allowed host with includes / startsWith / indexOf',
    description: 'A substring test on the whole URL does not check its host: `https://acme.io.evil.net`, `https://evil.net/?acme.io` and `https://acme.io@evil.net` all pass `includes("acme.io")`, and the first and last pass `startsWith("https://acme.io")`. The redirect or request then goes where the client chose. A CORS origin check written so (`origin.includes("acme.io")`, `origin.endsWith("acme.io")`) lets look-alike sites read the API\'s answers.',
    recommendation: 'Parse the URL (`new URL(value)`) and compare its `protocol` and `hostname` exactly with the allowed ones (or `hostname.endsWith(".acme.io")` for subdomains).',
    category: 'injection',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-20', 'CWE-601', 'CWE-918'],
    owasp: ['A01:2021', 'A10:2021'],
    fixable: false,
  },
  keywords: ['includes', 'startswith', 'indexof', 'endswith'],
  // Request data, or a function given as the `origin` option (CORS middleware's origin check), maybe a method;
  // and the call with its host-like needle written in place (`HOST_NEEDLE`).
  prefilter: [new RegExp(HOST_NEEDLE), new RegExp(String.raw`${REQUEST_TEXT}|\borigin['"]?${SKIP}(?::${SKIP}(?:async\b|function\b|\(|[\w$]+${SKIP}=>)|\()`)],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const method = methodName(node);
        if (!method || !METHODS.has(method) || node.callee.type !== 'MemberExpression') return;
        const needle = staticString(node.arguments[0]);
        if (needle === undefined || !HOSTISH.test(needle)) return;
        // startsWith('https://acme.io/') pins the host; only a prefix ending inside the host is open.
        if (method === 'startsWith' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(needle) && !needle.startsWith('//')) return;
        const subject = node.callee.object;
        if (corsOriginParameter(subject)) {
          // cors({ origin: (origin, cb) => cb(null, origin.includes('acme.io')) }): an origin has no path, so
          // only look-alike hosts pass (`acme.io.evil.net`, `evilacme.io` for endsWith), and read the answers.
          if (method === 'endsWith' && needle.startsWith('.')) return;
          context.report({
            node: node as TSESTree.Node,
            message: `\`${method}(${context.source(node.arguments[0]!)})\` on the request's Origin admits look-alike hosts (${method === 'endsWith' ? `\`evil${needle}\`` : `\`${needle}.evil.net\``}) to read your API's answers; compare the origin with a list of exact origins.`,
          });
          return;
        }
        if (method === 'endsWith' || taintOf(subject) !== 'request') return;
        context.report({
          node: node as TSESTree.Node,
          message: `\`${method}(${context.source(node.arguments[0]!)})\` on a request URL does not pin its host (\`${needle}.evil.net\` and \`evil.net/?${needle}\` pass); parse it with new URL() and compare the hostname exactly.`,
        });
      },
    };
  },
});
