import { defineAstRule, mentions, staticString, type TSESTree } from '../../engine/ast';
import { hasSpread, methodName, moduleBindings, propertiesOf, propertyKey, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { propertySource } from '../prefilter';

const ALLOW_ORIGIN = 'access-control-allow-origin';
/** Response methods that set headers (by name and value, or from an object of headers), and NestJS's `@Header` decorator. */
const HEADER_METHODS = new Set(['setHeader', 'header', 'set', 'writeHead', 'setHeaders', 'append', 'Header']);

/**
 * The values a call gives `Access-Control-Allow-Origin`: `res.setHeader(name, value)`, `res.set({ [name]: value })`,
 * `res.writeHead(200, { [name]: value })`, `@Header(name, value)`; any spelling of the name.
 */
export function allowedOrigins(node: TSESTree.CallExpression): TSESTree.Node[] {
  const method = methodName(node);
  if (!method || !HEADER_METHODS.has(method)) return [];
  const args = node.arguments;
  if (method !== 'writeHead' && staticString(args[0])?.toLowerCase() === ALLOW_ORIGIN) return args[1] ? [args[1]] : [];
  const out: TSESTree.Node[] = [];
  for (const arg of args) {
    if (arg.type !== 'ObjectExpression') continue;
    for (const p of arg.properties) if (p.type === 'Property' && propertyKey(p)?.toLowerCase() === ALLOW_ORIGIN) out.push(p.value);
  }
  return out;
}

/** Credentials allowed by header (`setHeader(name, 'true')` or `{ name: 'true' }`), looked for in the file before reporting a reflected origin. */
const ALLOW_CREDENTIALS_HEADER = /access-control-allow-credentials['"`]\s*[,:]\s*(?:true|['"`]true['"`])/i;

function allowsAnyOrigin(value: TSESTree.Node): boolean {
  return staticString(value) === '*' || (value.type === 'Literal' && value.value === true) || taintOf(value) === 'request';
}

export default defineAstRule({
  meta: {
    id: 'cors-wildcard-credentials',
    title: 'CORS allows any origin with credentials',
    description: 'Reflecting any origin (or `*`) while allowing credentials lets every website make authenticated requests with your users\' cookies and read the answers. An origin taken from the request without credentials in view is reported at low confidence: it turns into the same hole as soon as other middleware allows credentials.',
    recommendation: 'List the exact origins that may call the API, or drop `credentials: true`.',
    category: 'privilege',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-942', 'CWE-346'],
    owasp: ['A05:2021', 'A01:2021'],
    fixable: false,
  },
  keywords: ['credentials', 'access-control-allow-origin'],
  // `credentials: true` (the literal, maybe in parentheses), the credentials header set to true, or the
  // allowed origin set as a header
  prefilter: [new RegExp(`${propertySource('credentials', String.raw`(?:true\b|\()`)}|${ALLOW_CREDENTIALS_HEADER.source}|${ALLOW_ORIGIN}`, 'i')],
  scope: 'unit',
  fileText: [ALLOW_CREDENTIALS_HEADER, ...mentions('@koa/cors', 'kcors')],
  create(context) {
    let koa: ModuleBindings | undefined;
    const reportReflected = (value: TSESTree.Node) => {
      // An origin passed only after a check the redirect class knows (membership in the program's own
      // list, equality with a literal) is an allow-list, the right way: `list.includes(o) ? o : list[0]`.
      if (taintOf(value, 'redirect') !== 'request') return;
      if (ALLOW_CREDENTIALS_HEADER.test(context.text)) {
        context.report({ node: value, message: 'The request\'s Origin is reflected while credentials are allowed; check it against an allow-list of trusted origins first.' });
        return;
      }
      // No credentials in this file: as open as `*` while they stay off, but unlike `*` (which browsers
      // never combine with credentials) a reflected origin becomes a full bypass once any other middleware
      // or proxy allows them for this response. Low confidence: info at `recommended`.
      context.report({
        node: value,
        confidence: 'low',
        message: 'The origin allowed here comes from the request, so every site passes; once credentials are allowed on this response (here or in other middleware) any site reads your users\' data. Check it against an allow-list of trusted origins.',
      });
    };
    return {
      Program(node) {
        koa = context.textIncludes('@koa/cors') || context.textIncludes('kcors') ? moduleBindings(node, ['@koa/cors', 'kcors']) : undefined;
      },
      ObjectExpression(node) {
        const props = propertiesOf(node);
        const origin = props.get('origin');
        const credentials = props.get('credentials');
        if (!credentials || credentials.value.type !== 'Literal' || credentials.value.value !== true) return;
        // @koa/cors (every version, and kcors, its earlier name) answers with the request's own Origin when credentials are on and
        // `origin` is left out (before 5.0.0 that is its default; from 5.0.0 the default `*` is swapped for it).
        const call = node.parent;
        if (!origin && call?.type === 'CallExpression' && call.arguments[0] === node && call.callee.type === 'Identifier' && koa?.namespaces.has(call.callee.name)) {
          if (hasSpread(node)) return;
          context.report({ node: call, message: '`@koa/cors` with credentials on and no `origin` answers every website with its own Origin and `Access-Control-Allow-Credentials: true` (in every version, also under its earlier name `kcors`; CVE-2023-49803), so any site can make requests with your users\' cookies and read the answers; set `origin` to a function that checks an allow-list.' });
          return;
        }
        if (!origin) return;
        if (!allowsAnyOrigin(origin.value)) return;
        context.report({ node: origin, message: 'CORS accepts any origin while allowing credentials; list the trusted origins explicitly instead.' });
      },
      CallExpression(node) {
        // res.setHeader('Access-Control-Allow-Origin', req.headers.origin), res.set({ 'access-control-allow-origin': origin }),
        // res.writeHead(200, { 'Access-Control-Allow-Origin': req.query.origin })
        for (const value of allowedOrigins(node)) reportReflected(value);
      },
    };
  },
});
