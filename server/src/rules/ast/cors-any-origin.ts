import { defineAstRule, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { methodName, propertiesOf } from '../../engine/patterns';
import { valuesOf } from '../../engine/taint';
import { allowedOrigins } from './cors-wildcard-credentials';

const WHY = 'lets every website read these responses through its visitors\' browsers: right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list); list the origins that may read it';

/** `'*'`, or a name whose only value is `'*'` (`var x = '*'`). */
function isStar(node: TSESTree.Node): boolean {
  if (staticString(node) === '*') return true;
  if (node.type !== 'Identifier') return false;
  const values = valuesOf(node);
  return values.length > 0 && values.every((v) => staticString(v) === '*');
}

/** The options object written in the call or held by a name with one value. */
function objectOf(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
  if (node?.type === 'ObjectExpression') return node;
  if (node?.type !== 'Identifier') return undefined;
  const values = valuesOf(node);
  return values.length === 1 && values[0]!.type === 'ObjectExpression' ? values[0] : undefined;
}

export default defineAstRule({
  meta: {
    id: 'cors-any-origin',
    title: 'CORS lets any website read the responses',
    description: '`Access-Control-Allow-Origin: *` (also `cors()` and NestJS `enableCors()` without an `origin`) lets every website read the responses through its visitors\' browsers. Browsers send no cookies with it, so for public data that is intended; it is a leak where access depends on where the request comes from: a service on an intranet or on localhost, an IP allow-list, a VPN. Low confidence: one file does not show which of the two the API is.',
    recommendation: 'List the origins that may read the API (`cors({ origin: [\'https://app.example.com\'] })`); keep `*` for data that is public anyway.',
    category: 'privilege',
    severity: 'warning',
    confidence: 'low',
    cwe: ['CWE-942'],
    owasp: ['A05:2021'],
    fixable: false,
  },
  keywords: ['access-control-allow-origin', 'cors'],
  prefilter: [/access-control-allow-origin|\bcors\b|enableCors/i],
  scope: 'unit',
  create(context) {
    /**
     * CORS options: no `origin` (the `cors` package and NestJS default to `*`), `origin: '*'`, or
     * `origin: true` (every origin reflected). With `credentials: true`, `cors-wildcard-credentials` reports it.
     */
    const checkOptions = (options: TSESTree.ObjectExpression | undefined, call: TSESTree.Node, what: string) => {
      const props = propertiesOf(options);
      const credentials = props.get('credentials')?.value;
      const origin = props.get('origin');
      if (!origin) {
        if (options && options.properties.some((p) => p.type === 'SpreadElement')) return;
        context.report({ node: call, message: `${what} without an \`origin\` allows every origin, which ${WHY}.` });
        return;
      }
      const anyOrigin = isStar(origin.value) || (origin.value.type === 'Literal' && origin.value.value === true);
      if (!anyOrigin || (credentials?.type === 'Literal' && credentials.value === true)) return;
      context.report({ node: origin, message: `CORS allowing every origin ${WHY}.` });
    };
    return {
      CallExpression(node) {
        const method = methodName(node);
        if (!method) return;
        const args = node.arguments;
        // res.set('Access-Control-Allow-Origin', '*'), res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }), @Header('Access-Control-Allow-Origin', '*')
        const origins = allowedOrigins(node);
        if (origins.length > 0) {
          for (const value of origins) if (isStar(value)) context.report({ node: value, message: `\`Access-Control-Allow-Origin: *\` ${WHY}.` });
          return;
        }
        // cors(), cors({ origin: '*' }) (the `cors` middleware)
        if (node.callee.type === 'Identifier' && node.callee.name === 'cors' && args.length <= 1) {
          if (args.length === 0) checkOptions(undefined, node, '`cors()`');
          else if (objectOf(args[0])) checkOptions(objectOf(args[0]), node, '`cors(…)`');
          return;
        }
        // NestJS: app.enableCors(), app.enableCors({ origin: '*' })
        if (method === 'enableCors' && args.length <= 1) {
          if (args.length === 0) checkOptions(undefined, node, '`enableCors()`');
          else if (objectOf(args[0])) checkOptions(objectOf(args[0]), node, '`enableCors(…)`');
          return;
        }
        // NestFactory.create(AppModule, { cors: true }) / { cors: { origin: '*' } }
        if (method === 'create' && /(?:^|\.)NestFactory$/.test(qualifiedName(node.callee.type === 'MemberExpression' ? node.callee.object : node.callee) ?? '')) {
          const cors = propertiesOf(objectOf(args[1])).get('cors');
          if (!cors) return;
          if (cors.value.type === 'Literal' && cors.value.value === true) {
            context.report({ node: cors, message: `\`cors: true\` allows every origin, which ${WHY}.` });
          } else if (objectOf(cors.value)) checkOptions(objectOf(cors.value), cors, '`cors: { … }`');
        }
      },
    };
  },
});
