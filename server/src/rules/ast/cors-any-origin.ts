import { defineAstRule, mentions, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { hasSpread, methodName, moduleBindings, propertiesOf, type ModuleBindings } from '../../engine/patterns';
import { valuesOf } from '../../engine/taint';
import type { RelatedLocation } from '../../engine/types';
import { allowedOrigins } from './cors-wildcard-credentials';
import { onlyBelowMajor, onlyFromMajor, versionNote, type ProjectFacts } from '../../engine/project';

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

/** Express's route methods: `app.options(path, cors())` mounts the middleware on `path` only. */
const ROUTE_METHODS = new Set(['use', 'options', 'get', 'post', 'put', 'patch', 'delete', 'all', 'head']);

/**
 * `app.options('null', cors())`: a route path that is a string not starting with `/` (nor `*`) matches no
 * request, since the path of every request line starts with `/` (Express and its router compile the
 * string as it is); the middleware mounted there never runs.
 */
function unreachableRoute(call: TSESTree.CallExpression): boolean {
  const route = call.parent;
  if (route?.type !== 'CallExpression' || !route.arguments.includes(call) || route.arguments[0] === call) return false;
  const method = methodName(route);
  const path = staticString(route.arguments[0]);
  return !!method && ROUTE_METHODS.has(method) && path !== undefined && !/^[/*(]/.test(path);
}

/**
 * NestJS `@Header(name, '*')` on a handler: the header goes out on the responses of the route its
 * method decorator (`@Get()`) and its class's `@Controller(prefix)` declare; both named as related
 * locations, so the finding says which endpoint answers with it.
 */
function nestRoute(header: TSESTree.CallExpression, text: string): RelatedLocation[] | undefined {
  const decorator = header.parent;
  const method = decorator?.type === 'Decorator' ? decorator.parent : undefined;
  if (method?.type !== 'MethodDefinition') return undefined;
  const cls = method.parent?.parent;
  const named = (d: TSESTree.Decorator, names: RegExp) => d.expression.type === 'CallExpression' && d.expression.callee.type === 'Identifier' && names.test(d.expression.callee.name);
  const route = method.decorators?.find((d) => named(d, /^(?:Get|Post|Put|Patch|Delete|Options|Head|All)$/));
  const controller = cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression' ? cls.decorators?.find((d) => named(d, /^Controller$/)) : undefined;
  const lineOf = (at: number) => text.lastIndexOf('\n', at - 1);
  const out: RelatedLocation[] = [];
  if (route && lineOf(route.start) !== lineOf(header.start)) out.push({ start: route.start, end: route.end, message: 'The route that answers with this header.' });
  if (controller) out.push({ start: controller.start, end: controller.end, message: 'The controller that serves the route.' });
  return out.length > 0 ? out : undefined;
}

/**
 * `@koa/cors` without an `origin`: `*` from 5.0.0, the request's own Origin before it (CVE-2023-49803).
 * Which one a project gets depends on its installed version, which the file does not show.
 */
const KOA_DEFAULT = '`@koa/cors` without an `origin` answers every origin: `*` from version 5.0.0, and before it (CVE-2023-49803) the request\'s own Origin, which turns into a full bypass as soon as credentials are allowed on the response. It ';
/** The same, when the project's package.json settles the version. */
const koaDefault = (facts: ProjectFacts | undefined): string => {
  if (onlyBelowMajor(facts, '@koa/cors', 5)) return `\`@koa/cors\` before 5.0.0 (${versionNote(facts!, '@koa/cors')}) without an \`origin\` answers every website with its own Origin (CVE-2023-49803), which turns into a full bypass as soon as credentials are allowed on the response. It `;
  if (onlyFromMajor(facts, '@koa/cors', 5)) return `\`@koa/cors\` 5 (${versionNote(facts!, '@koa/cors')}) without an \`origin\` answers every origin with \`*\`. It `;
  return KOA_DEFAULT;
};
/** `kcors`, the package's name up to 2.2.2: the request's own Origin in every version. */
const KCORS_DEFAULT = '`kcors` (@koa/cors\'s earlier name, every version) without an `origin` answers every website with its own Origin, which turns into a full bypass as soon as credentials are allowed on the response. It ';

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
  fileText: mentions('@koa/cors', 'kcors'),
  create(context) {
    let koa: ModuleBindings | undefined;
    let kcors: ModuleBindings | undefined;
    /**
     * CORS options: no `origin` (the `cors` package and NestJS default to `*`), `origin: '*'`, or
     * `origin: true` (every origin reflected). With `credentials: true`, `cors-wildcard-credentials` reports it
     * (and `@koa/cors` without an `origin`, which then reflects the request's Origin in every version).
     */
    const checkOptions = (options: TSESTree.ObjectExpression | undefined, call: TSESTree.Node, what: string, koaCors?: 'koa' | 'kcors') => {
      const props = propertiesOf(options);
      const credentials = props.get('credentials')?.value;
      const origin = props.get('origin');
      if (!origin) {
        if (options && hasSpread(options)) return;
        if (koaCors && credentials?.type === 'Literal' && credentials.value === true) return;
        context.report({ node: call, message: koaCors ? `${koaCors === 'koa' ? koaDefault(context.project) : KCORS_DEFAULT}${WHY}.` : `${what} without an \`origin\` allows every origin, which ${WHY}.` });
        return;
      }
      const anyOrigin = isStar(origin.value) || (origin.value.type === 'Literal' && origin.value.value === true);
      if (!anyOrigin || (credentials?.type === 'Literal' && credentials.value === true)) return;
      context.report({ node: origin, message: `CORS allowing every origin ${WHY}.` });
    };
    return {
      Program(node) {
        koa = context.textIncludes('@koa/cors') ? moduleBindings(node, ['@koa/cors']) : undefined;
        kcors = context.textIncludes('kcors') ? moduleBindings(node, ['kcors']) : undefined;
      },
      CallExpression(node) {
        const method = methodName(node);
        if (!method) return;
        const args = node.arguments;
        // res.set('Access-Control-Allow-Origin', '*'), res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }), @Header('Access-Control-Allow-Origin', '*')
        const origins = allowedOrigins(node);
        if (origins.length > 0) {
          const related = method === 'Header' ? nestRoute(node, context.text) : undefined;
          for (const value of origins) if (isStar(value)) context.report({ node: value, message: `\`Access-Control-Allow-Origin: *\` ${WHY}.`, ...(related ? { related } : {}) });
          return;
        }
        // cors(), cors({ origin: '*' }) (the `cors` middleware, or `@koa/cors` under any name)
        const koaCors = node.callee.type !== 'Identifier' ? undefined : koa?.namespaces.has(node.callee.name) ? 'koa' : kcors?.namespaces.has(node.callee.name) ? 'kcors' : undefined;
        if (node.callee.type === 'Identifier' && (node.callee.name === 'cors' || koaCors) && args.length <= 1) {
          if (unreachableRoute(node)) return;
          if (args.length === 0) checkOptions(undefined, node, '`cors()`', koaCors);
          else if (objectOf(args[0])) checkOptions(objectOf(args[0]), node, '`cors(…)`', koaCors);
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
