import { defineAstRule, staticString, type TSESTree } from '../../engine/ast';
import { methodName, propertiesOf } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { propertySource } from '../prefilter';

/** Credentials allowed by header, which the rule looks for in the file before reporting a reflected origin. */
const ALLOW_CREDENTIALS_HEADER = /access-control-allow-credentials['"`]\s*,\s*(?:true|['"`]true['"`])/i;

function allowsAnyOrigin(value: TSESTree.Node): boolean {
  return staticString(value) === '*' || (value.type === 'Literal' && value.value === true) || taintOf(value) === 'request';
}

export default defineAstRule({
  meta: {
    id: 'cors-wildcard-credentials',
    title: 'CORS allows any origin with credentials',
    description: 'Reflecting any origin (or `*`) while allowing credentials lets every website make authenticated requests with your users\' cookies and read the answers.',
    recommendation: 'List the exact origins that may call the API, or drop `credentials: true`.',
    category: 'privilege',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-942', 'CWE-346'],
    owasp: ['A05:2021', 'A01:2021'],
    fixable: false,
  },
  keywords: ['credentials'],
  // `credentials: true` (the literal, maybe in parentheses), or the header set to true
  prefilter: [new RegExp(`${propertySource('credentials', String.raw`(?:true\b|\()`)}|${ALLOW_CREDENTIALS_HEADER.source}`, 'i')],
  scope: 'unit',
  fileText: [ALLOW_CREDENTIALS_HEADER],
  create(context) {
    return {
      ObjectExpression(node) {
        const props = propertiesOf(node);
        const origin = props.get('origin');
        const credentials = props.get('credentials');
        if (!origin || !credentials || credentials.value.type !== 'Literal' || credentials.value.value !== true) return;
        if (!allowsAnyOrigin(origin.value)) return;
        context.report({ node: origin, message: 'CORS accepts any origin while allowing credentials; list the trusted origins explicitly instead.' });
      },
      CallExpression(node) {
        // res.setHeader('Access-Control-Allow-Origin', req.headers.origin) next to Allow-Credentials: true
        const method = methodName(node);
        if (method !== 'setHeader' && method !== 'header' && method !== 'set') return;
        if (staticString(node.arguments[0])?.toLowerCase() !== 'access-control-allow-origin' || !node.arguments[1]) return;
        const value = node.arguments[1];
        if (taintOf(value) !== 'request') return;
        if (!ALLOW_CREDENTIALS_HEADER.test(context.text)) return;
        context.report({ node: value, message: 'The request\'s Origin is reflected while credentials are allowed; check it against an allow-list of trusted origins first.' });
      },
    };
  },
});
