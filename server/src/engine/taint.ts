import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { qualifiedName } from './ast';
import { forEachChild } from './tree';

/**
 * A small, intra-function data-flow check for AST rules: does an expression hold data from an HTTP
 * request (or the browser's URL)? It follows simple assignments and destructuring inside the
 * enclosing function only, so it is cheap and never crosses files. A rule uses the answer to tell a
 * request parameter reaching a sink (a strong finding) from a value of unknown origin, and both from
 * a constant, which is not a finding at all.
 */
export type Taint = 'request' | 'unknown' | 'constant';

/** Request objects by the names frameworks give them, and the parts of them an attacker controls. */
export const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'context', 'event', 'evt']);
/** Where a framework nests the request in its context (`ctx.request.body`). */
export const NESTED_REQUEST = new Set(['request', 'req']);
export const REQUEST_PARTS = new Set([
  'query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'files', 'file', 'url', 'originalUrl', 'path',
  'queryStringParameters', 'pathParameters', 'multiValueQueryStringParameters', 'hostname', 'ip',
]);
export const REQUEST_METHODS = new Set(['param', 'get', 'header', 'cookie']);
const BROWSER_SOURCES = [
  /^(?:window\.|document\.)?location\.(?:search|hash|href|pathname)$/,
  /^document\.(?:URL|documentURI|referrer|cookie)$/,
  /^window\.name$/,
];

/** Calls that pass their argument's taint through (string conversions, decoding, path joining…). */
const PASS_THROUGH = /^(?:String|decodeURI|decodeURIComponent|unescape|JSON\.parse|JSON\.stringify|Buffer\.from|path\.(?:join|resolve|normalize)|join|resolve|Object\.assign|Array\.from)$/;
const PASS_THROUGH_METHODS = new Set([
  'trim', 'toString', 'toLowerCase', 'toUpperCase', 'slice', 'substring', 'substr', 'replace', 'replaceAll', 'concat',
  'split', 'join', 'padStart', 'padEnd', 'normalize', 'get', 'getAll', 'at', 'valueOf', 'format',
]);

/** True for `req.query`, `ctx.request.body.x`, `event.queryStringParameters`, `req.param('x')`, `location.search`… */
export function isRequestSource(node: TSESTree.Node): boolean {
  let n: TSESTree.Node = node;
  if (n.type === 'ChainExpression') n = n.expression;
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.property.type === 'Identifier') {
    const root = qualifiedName(n.callee.object);
    if (root && REQUEST_METHODS.has(n.callee.property.name) && (REQUEST_ROOTS.has(root) || root === 'ctx.request')) return true;
  }
  if (n.type !== 'MemberExpression') return false;
  const name = qualifiedName(n) ?? memberPrefix(n);
  if (!name) return false;
  if (BROWSER_SOURCES.some((r) => r.test(name))) return true;
  const parts = name.split('.');
  if (!REQUEST_ROOTS.has(parts[0]!)) return false;
  // req.body, req.query.id, ctx.request.body, ctx.query, event.body, request.headers['x']
  const rest = NESTED_REQUEST.has(parts[1]!) ? parts.slice(2) : parts.slice(1);
  return rest.length > 0 && REQUEST_PARTS.has(rest[0]!);
}

/** `req.query` for `req.query[k]` with a computed key: the static prefix of a member chain. */
function memberPrefix(node: TSESTree.MemberExpression): string | undefined {
  let n: TSESTree.Node = node;
  while (n.type === 'MemberExpression') {
    const q = qualifiedName(n);
    if (q) return q;
    n = n.object;
  }
  return undefined;
}

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | TSESTree.Program;

const bindingCache = new WeakMap<TSESTree.Node, Map<string, TSESTree.Node[]>>();

/** Every value assigned to each local name in a function (declarations, assignments, destructuring). */
function bindingsOf(fn: FunctionNode): Map<string, TSESTree.Node[]> {
  const cached = bindingCache.get(fn);
  if (cached) return cached;
  const map = new Map<string, TSESTree.Node[]>();
  const add = (name: string, value: TSESTree.Node) => {
    let list = map.get(name);
    if (!list) map.set(name, (list = []));
    list.push(value);
  };
  const bindPattern = (pattern: TSESTree.Node, value: TSESTree.Node) => {
    switch (pattern.type) {
      case 'Identifier':
        add(pattern.name, value);
        break;
      case 'ObjectPattern':
        for (const p of pattern.properties) bindPattern(p.type === 'RestElement' ? p.argument : p.value, value);
        break;
      case 'ArrayPattern':
        for (const e of pattern.elements) if (e) bindPattern(e, value);
        break;
      case 'AssignmentPattern':
        bindPattern(pattern.left, value);
        break;
      case 'RestElement':
        bindPattern(pattern.argument, value);
        break;
      default:
        break;
    }
  };
  const visit = (node: TSESTree.Node, depth: number) => {
    if (depth > 0 && isFunction(node)) return; // a nested function has its own scope
    if (node.type === 'VariableDeclarator' && node.init) bindPattern(node.id, node.init);
    if (node.type === 'AssignmentExpression') bindPattern(node.left, node.right);
    if (node.type === 'ForOfStatement' || node.type === 'ForInStatement') {
      const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0]?.id : node.left;
      if (left) bindPattern(left, node.right);
    }
    forEachChild(node, (child) => {
      // The shared walk sets `parent` only on nodes it has reached; set it ahead of it here.
      (child as { parent?: TSESTree.Node }).parent ??= node;
      visit(child, depth + 1);
    });
  };
  if (fn.type === 'Program') visit(fn, 1);
  else visit(fn.body, 1);
  bindingCache.set(fn, map);
  return map;
}

function isFunction(node: TSESTree.Node): node is Exclude<FunctionNode, TSESTree.Program> {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The innermost function around `node` (or the program): the scope the data-flow check stays inside. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode {
  let n: TSESTree.Node | undefined = node.parent;
  while (n) {
    if (isFunction(n) || n.type === 'Program') return n;
    if (!n.parent) return n as TSESTree.Program; // detached subtree: treat its root as the scope
    n = n.parent;
  }
  return node as TSESTree.Program;
}

/** Is `name` a parameter of `fn` that a request handler receives the request as? */
function isRequestParameter(fn: FunctionNode, name: string): boolean {
  if (fn.type === 'Program' || !fn.params) return false;
  return fn.params.some((p) => {
    const target = p.type === 'AssignmentPattern' ? p.left : p.type === 'TSParameterProperty' ? p.parameter : p;
    if (target.type === 'ObjectPattern') {
      // ({ query, body }) => … destructures the request in the parameter list.
      return target.properties.some((prop) => prop.type === 'Property' && prop.value.type === 'Identifier' && prop.value.name === name
        && !prop.computed && prop.key.type === 'Identifier' && REQUEST_PARTS.has(prop.key.name) && fn.params.length >= 2);
    }
    return false;
  });
}

const ORDER: Record<Taint, number> = { constant: 0, unknown: 1, request: 2 };
function worst(a: Taint, b: Taint): Taint {
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** Where the value of `node` comes from, as far as one function can tell. */
export function taintOf(node: TSESTree.Node | null | undefined): Taint {
  return evaluate(node, 0, new Set());
}

function evaluate(node: TSESTree.Node | null | undefined, depth: number, seen: Set<TSESTree.Node>): Taint {
  if (!node) return 'constant';
  if (depth > 12 || seen.has(node)) return 'unknown';
  seen.add(node);
  forEachChild(node, (child) => ((child as { parent?: TSESTree.Node }).parent ??= node));
  if (isRequestSource(node)) return 'request';
  const next = (n: TSESTree.Node | null | undefined) => evaluate(n, depth + 1, seen);
  switch (node.type) {
    case 'Literal':
      return 'constant';
    case 'TemplateLiteral':
      return node.expressions.reduce<Taint>((t, e) => worst(t, next(e)), 'constant');
    case 'BinaryExpression':
      return node.left.type === 'PrivateIdentifier' ? next(node.right) : worst(next(node.left), next(node.right));
    case 'LogicalExpression':
      return worst(next(node.left), next(node.right));
    case 'ConditionalExpression':
      return worst(next(node.consequent), next(node.alternate));
    case 'AwaitExpression':
      return next(node.argument);
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'TSSatisfiesExpression':
    case 'SpreadElement':
      return next(node.type === 'SpreadElement' ? node.argument : node.expression);
    case 'ChainExpression':
      return next(node.expression);
    case 'ArrayExpression':
      return node.elements.reduce<Taint>((t, e) => worst(t, e ? next(e) : 'constant'), 'constant');
    case 'ObjectExpression':
      return node.properties.reduce<Taint>((t, p) => worst(t, p.type === 'Property' ? next(p.value) : next(p.argument)), 'constant');
    case 'MemberExpression': {
      const object = next(node.object);
      return object === 'request' ? 'request' : 'unknown';
    }
    case 'CallExpression': {
      const callee = qualifiedName(node.callee);
      if (callee && PASS_THROUGH.test(callee)) {
        return node.arguments.reduce<Taint>((t, a) => worst(t, next(a)), 'constant') === 'request' ? 'request' : 'unknown';
      }
      if (node.callee.type === 'MemberExpression' && !node.callee.computed && node.callee.property.type === 'Identifier'
        && PASS_THROUGH_METHODS.has(node.callee.property.name)) {
        const t = worst(next(node.callee.object), node.arguments.reduce<Taint>((acc, a) => worst(acc, next(a)), 'constant'));
        return t === 'request' ? 'request' : 'unknown';
      }
      return 'unknown';
    }
    case 'NewExpression': {
      const callee = qualifiedName(node.callee);
      if (callee === 'URL' || callee === 'URLSearchParams') {
        return node.arguments.some((a) => next(a) === 'request') ? 'request' : 'unknown';
      }
      return 'unknown';
    }
    case 'Identifier': {
      if (node.name === 'undefined') return 'constant';
      const fn = enclosingFunction(node);
      if (isRequestParameter(fn, node.name)) return 'request';
      let t: Taint = 'unknown';
      let scope: FunctionNode | undefined = fn;
      // Look in the enclosing function, then the functions around it (closures see their bindings).
      while (scope) {
        const values = bindingsOf(scope).get(node.name);
        if (values && values.length > 0) {
          t = values.reduce<Taint>((acc, v) => worst(acc, v === node ? 'unknown' : next(v)), 'constant');
          break;
        }
        scope = scope.type === 'Program' ? undefined : enclosingFunction(scope);
      }
      return t;
    }
    default:
      return 'unknown';
  }
}

/** Every value assigned to `id` in the nearest function that binds it (empty for parameters and imports). */
export function valuesOf(id: TSESTree.Identifier): TSESTree.Node[] {
  let scope: FunctionNode | undefined = enclosingFunction(id);
  while (scope) {
    const values = bindingsOf(scope).get(id.name);
    if (values && values.length > 0) return values;
    scope = scope.type === 'Program' ? undefined : enclosingFunction(scope);
  }
  return [];
}
