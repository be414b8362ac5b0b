import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { qualifiedName, staticString } from './ast';
import { factCache, forEachChild, recordedNodes } from './tree';
import { isWordAllowList } from '../dataflow/flow';
import { worst, type Taint } from './origin';
import type { SinkClass } from '../dataflow/language';

/**
 * A small data-flow check for AST rules: does an expression hold data from an HTTP request (or the
 * browser's URL)? It follows simple assignments and destructuring inside a function, and across the
 * functions of one file: a parameter of a named function takes the taint of the arguments its calls
 * in the same file pass (`fetchPage(req.body.url)` → `function fetchPage(url) { axios.get(url) }`),
 * and a call of such a function takes the taint of what it returns for those arguments. It never
 * crosses files, and at most `MAX_CALL_HOPS` calls deep and `MAX_CALL_SITES` call sites per function,
 * so it stays cheap. A rule uses the answer to tell a request parameter reaching a sink (a strong
 * finding) from a value of unknown origin, and both from a constant, which is not a finding at all.
 */
export type { Taint } from './origin';

/** Request objects by the names frameworks give them, and the parts of them an attacker controls. */
export const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'context', 'event', 'evt']);
/** Where a framework nests the request in its context (`ctx.request.body`). */
export const NESTED_REQUEST = new Set(['request', 'req']);
export const REQUEST_PARTS = new Set([
  'query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'files', 'file', 'url', 'originalUrl', 'path',
  'queryStringParameters', 'pathParameters', 'multiValueQueryStringParameters', 'hostname', 'ip',
]);
export const REQUEST_METHODS = new Set(['param', 'get', 'header', 'cookie']);
/**
 * A handler's request parameter: the first parameter, named `req` or `request`, of a function whose
 * second parameter is the response (`(req, res)`, Fastify's `(request, reply)`, Hapi's `(request, h)`).
 * Any member of it counts as client data (`req.foo`, `request.payload`), since body parsers and
 * middleware put what the client sent on new members, except the ones the server itself fills.
 */
export const HANDLER_REQUEST = new Set(['req', 'request']);
export const HANDLER_RESPONSE = new Set(['res', 'response', 'resp', 'reply', 'rep', 'h']);
/** Members of a request that the server or its middleware set, not the client (`req.user` after authentication). */
const SERVER_SIDE = new Set([
  'app', 'res', 'next', 'route', 'baseUrl', 'method', 'protocol', 'secure', 'xhr', 'fresh', 'stale', 'socket', 'connection',
  'httpVersion', 'httpVersionMajor', 'httpVersionMinor', 'complete', 'aborted', 'readable', 'destroyed', 'session', 'sessionID',
  'sessionStore', 'user', 'account', 'auth', 'authInfo', 'credentials', 'locals', 'log', 'logger', 'id', 'requestId', 't', 'i18n',
  'flash', 'csrfToken', 'db', 'models', 'services', 'container', 'context', 'server', 'raw', 'info', 'routeOptions',
  'routerPath', 'plugins', 'pre', 'response', 'tenant', 'isAuthenticated', 'isUnauthenticated', 'login', 'logout', 'logIn', 'logOut',
  'length', 'constructor', 'prototype', 'startTime', '_startTime', 'timedout', 'config',
]);
/**
 * An AWS Lambda handler's event: the first parameter (`event`/`evt`) of the function a module exports
 * as `handler` or `lambdaHandler` (`exports.handler = async (event) => …`, `export const handler = …`,
 * `export async function handler(event)`). The whole event is what the caller sent (an API Gateway
 * request, a direct invocation's payload), except the parts API Gateway fills itself.
 */
const LAMBDA_HANDLER = /^(?:handler|lambdaHandler)$/;
const LAMBDA_EVENT = new Set(['event', 'evt']);
const LAMBDA_SERVER_SIDE = new Set(['requestContext', 'stageVariables', 'isBase64Encoded', 'resource', 'httpMethod']);
const BROWSER_SOURCES = [
  /^(?:window\.|document\.)?location\.(?:search|hash|href|pathname)$/,
  /^document\.(?:URL|documentURI|referrer|cookie)$/,
  /^window\.name$/,
];

/** Calls that pass their argument's taint through (string conversions, decoding, path joining…). */
const PASS_THROUGH = /^(?:String|decodeURI|decodeURIComponent|unescape|JSON\.parse|JSON\.stringify|Buffer\.(?:from|concat)|path\.(?:join|resolve|normalize)|join|resolve|Object\.assign|Array\.from)$/;
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

const bindingCache = factCache<Map<string, TSESTree.Node[]>>();
/** Per function, what `name.push(…)`/`name.unshift(…)` put into each local array (filled with `bindingsOf`). */
const pushedCache = factCache<Map<string, TSESTree.Node[]>>();
const ADDS_ELEMENTS = new Set(['push', 'unshift']);

/** The values pushed onto the array `name` in `fn` (`list.push(req.query.x)`): its elements carry their taint. */
function pushedOnto(fn: FunctionNode, name: string): TSESTree.Node[] | undefined {
  bindingsOf(fn);
  return pushedCache.get(fn)?.get(name);
}

/** Every value assigned to each local name in a function (declarations, assignments, destructuring). */
function bindingsOf(fn: FunctionNode): Map<string, TSESTree.Node[]> {
  const cached = bindingCache.get(fn);
  if (cached) return cached;
  const map = new Map<string, TSESTree.Node[]>();
  const pushed = new Map<string, TSESTree.Node[]>();
  const add = (name: string, value: TSESTree.Node, into = map) => {
    let list = into.get(name);
    if (!list) into.set(name, (list = []));
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
  // Pre-order, iteratively (no closure per node: for the program this runs on every keystroke).
  const stack: TSESTree.Node[] = [fn.type === 'Program' ? fn : fn.body];
  // Counted into, not cleared with `length = 0` (which makes V8 drop the array's storage each time).
  const children: TSESTree.Node[] = [];
  let childCount = 0;
  const collect = (child: TSESTree.Node) => void (children[childCount++] = child);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunction(node)) continue; // a nested function has its own scope (so has an arrow's body that is one)
    if (node.type === 'VariableDeclarator' && node.init) bindPattern(node.id, node.init);
    if (node.type === 'AssignmentExpression') bindPattern(node.left, node.right);
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.object.type === 'Identifier'
      && !node.callee.computed && node.callee.property.type === 'Identifier' && ADDS_ELEMENTS.has(node.callee.property.name)) {
      for (const arg of node.arguments) add(node.callee.object.name, arg, pushed);
    }
    // `req.on('data', (chunk) => { body += chunk })`: the listener's writes to this function's names.
    if (node.type === 'CallExpression') {
      const listener = requestDataListener(node);
      if (listener) closureWrites(listener, add, pushed);
    }
    if (node.type === 'ForOfStatement' || node.type === 'ForInStatement') {
      const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0]?.id : node.left;
      if (left) bindPattern(left, node.right);
    }
    childCount = 0;
    forEachChild(node, collect);
    for (let i = childCount - 1; i >= 0; i--) {
      const child = children[i]!;
      // The shared walk sets `parent` only on nodes it has reached; set it ahead of it here.
      (child as { parent?: TSESTree.Node }).parent ??= node;
      stack.push(child);
    }
  }
  bindingCache.set(fn, map);
  pushedCache.set(fn, pushed);
  return map;
}

const STREAM_LISTEN = new Set(['on', 'once', 'addListener', 'prependListener']);

/**
 * The listener of the request body stream's `data` event (`req.on('data', (chunk) => …)`, also on
 * Koa's `ctx.req`): its first parameter is a chunk of what the client sent.
 */
function requestDataListener(call: TSESTree.CallExpression): Exclude<FunctionNode, TSESTree.Program> | undefined {
  const [event, listener] = call.arguments;
  if (call.callee.type !== 'MemberExpression' || call.callee.computed || call.callee.property.type !== 'Identifier' || !STREAM_LISTEN.has(call.callee.property.name)) return undefined;
  if (event?.type !== 'Literal' || event.value !== 'data' || !listener || !isFunction(listener)) return undefined;
  const stream = unwrap(call.callee.object);
  // By name only (`req`, `request`, `ctx.req`): this runs while a function's bindings are being listed.
  if (stream.type === 'Identifier' ? !HANDLER_REQUEST.has(stream.name) : !isRequestObject(stream)) return undefined;
  return listener;
}

/**
 * What a data listener adds to names of the function around it: `body += chunk`, `body = body + chunk`,
 * `chunks.push(chunk)` on a name the listener does not bind itself. Only those listeners are read (a
 * closure's writes in general are not followed): the body they gather is parsed in the `end` listener.
 */
function closureWrites(listener: Exclude<FunctionNode, TSESTree.Program>, add: (name: string, value: TSESTree.Node, into?: Map<string, TSESTree.Node[]>) => void, pushed: Map<string, TSESTree.Node[]>): void {
  const declared = new Set<string>();
  const writes: [string, TSESTree.Node, boolean][] = [];
  const stack: TSESTree.Node[] = [listener.body];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isFunction(n)) continue;
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier') declared.add(n.id.name);
    if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier' && (n.operator === '+=' || n.operator === '=')) writes.push([n.left.name, n.right, false]);
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && n.callee.object.type === 'Identifier' && !n.callee.computed
      && n.callee.property.type === 'Identifier' && ADDS_ELEMENTS.has(n.callee.property.name)) {
      for (const arg of n.arguments) writes.push([n.callee.object.name, arg, true]);
    }
    forEachChild(n, (child) => {
      (child as { parent?: TSESTree.Node }).parent ??= n;
      stack.push(child);
    });
  }
  for (const [name, value, element] of writes) {
    if (!declared.has(name) && parameterIndex(listener, name) < 0) add(name, value, element ? pushed : undefined);
  }
}

/**
 * The values of a name that may reach `use`: all of them, except those an assignment overwrites on the
 * way (`x = x.replace(…)` as a statement of a block that holds the use, before it), and those assigned
 * after the use in the same function when no loop holds the use (a `var` read before the statement that
 * assigns it holds `undefined`). Values written after the use stay when a loop may bring them back round,
 * or when the use is in a function called later.
 */
function reaching(values: TSESTree.Node[], use: TSESTree.Node): TSESTree.Node[] {
  const later = (v: TSESTree.Node) => v.start >= use.end
    && ((v.parent?.type === 'VariableDeclarator' && v.parent.init === v) || (v.parent?.type === 'AssignmentExpression' && v.parent.right === v));
  const unreached = (v: TSESTree.Node) => later(v) && !inLoopOf(use, enclosingFunction(v));
  if (values.some(unreached)) values = values.filter((v) => !unreached(v));
  for (let i = values.length - 1; i > 0; i--) {
    const v = values[i]!;
    if (v.start >= use.start) continue;
    const p = v.parent;
    const statement = p?.type === 'AssignmentExpression' && p.operator === '=' && p.right === v && p.left.type === 'Identifier' && p.parent?.type === 'ExpressionStatement' ? p.parent
      : p?.type === 'VariableDeclarator' && p.init === v && p.id.type === 'Identifier' ? p.parent : undefined;
    const block = statement?.parent;
    if (statement && statement.end <= use.start && (block?.type === 'BlockStatement' || block?.type === 'Program') && block.start <= use.start && use.end <= block.end) {
      return values.slice(i);
    }
  }
  return values;
}

/** Whether a loop inside `fn` holds `use`, or `use` lies in a function nested in `fn` (called who knows when). */
function inLoopOf(use: TSESTree.Node, fn: FunctionNode): boolean {
  for (let n = use.parent; n && n !== fn; n = n.parent) {
    if (isFunction(n) || LOOPS.has(n.type)) return true;
  }
  return false;
}

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

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
    // NestJS route parameters: `@Query('q') q`, `@Body() dto`, `@Param('id') id`, `@Headers() h`, `@Req() req`.
    if (target.type === 'Identifier' && target.name === name) return nestRequestDecorated(p) || nestRequestDecorated(target);
    if (target.type === 'ObjectPattern') {
      // ({ query, body }) => … destructures the request in the parameter list.
      return target.properties.some((prop) => prop.type === 'Property' && prop.value.type === 'Identifier' && prop.value.name === name
        && !prop.computed && prop.key.type === 'Identifier' && REQUEST_PARTS.has(prop.key.name) && fn.params.length >= 2);
    }
    return false;
  });
}

/**
 * Whether `id` names a parameter bound to what the client sent as a whole: a request part destructured in
 * a handler's parameters (`({ body }, res)`), a NestJS `@Body() dto`, a Lambda event.
 */
export function isRequestBoundParameter(id: TSESTree.Identifier): boolean {
  for (let scope: FunctionNode | undefined = enclosingFunction(id); scope && scope.type !== 'Program'; scope = enclosingFunction(scope)) {
    if (parameterIndex(scope, id.name) >= 0) return isRequestParameter(scope, id.name) || isLambdaEvent(id);
  }
  return false;
}

/** NestJS's decorators that bind a handler parameter to what the client sent (@nestjs/common). */
export const NEST_REQUEST_DECORATORS = new Set(['Query', 'Param', 'Body', 'Headers', 'Req', 'Request', 'HostParam', 'UploadedFile', 'UploadedFiles']);

function nestRequestDecorated(node: TSESTree.Node): boolean {
  const decorators = (node as { decorators?: TSESTree.Decorator[] }).decorators;
  return !!decorators?.some((d) => d.expression.type === 'CallExpression' && d.expression.callee.type === 'Identifier' && NEST_REQUEST_DECORATORS.has(d.expression.callee.name));
}

function staticValue(node: TSESTree.Node): string | undefined {
  return node.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
}

/** Is `id` the request parameter of the handler it sits in (or of a handler around it)? See `HANDLER_REQUEST`. */
function isHandlerRequest(id: TSESTree.Identifier): boolean {
  let scope: FunctionNode | undefined = enclosingFunction(id);
  while (scope && scope.type !== 'Program') {
    const position = parameterIndex(scope, id.name);
    if (position >= 0) {
      const [first, second] = scope.params;
      return position === 0 && first?.type === 'Identifier' && second?.type === 'Identifier' && HANDLER_RESPONSE.has(second.name);
    }
    if (bindingsOf(scope).has(id.name)) return false;
    scope = enclosingFunction(scope);
  }
  return false;
}

/** Is `fn` exported under a Lambda handler's name? */
export function isLambdaHandler(fn: FunctionNode): boolean {
  if (fn.type === 'Program') return false;
  if (fn.type === 'FunctionDeclaration') return !!fn.id && LAMBDA_HANDLER.test(fn.id.name) && fn.parent?.type === 'ExportNamedDeclaration';
  const p = fn.parent;
  if (p?.type === 'AssignmentExpression' && p.right === fn) {
    const target = qualifiedName(p.left);
    return !!target && /^(?:module\.)?exports\.(?:handler|lambdaHandler)$/.test(target);
  }
  return p?.type === 'VariableDeclarator' && p.init === fn && p.id.type === 'Identifier' && LAMBDA_HANDLER.test(p.id.name)
    && p.parent?.parent?.type === 'ExportNamedDeclaration';
}

/**
 * The Lambda handler whose third parameter, the callback (`exports.handler = (event, context, callback) =>`),
 * `id` names, in it or in a function inside it: `callback(null, response)` answers the invocation.
 */
export function lambdaCallbackOf(id: TSESTree.Identifier): FunctionNode | undefined {
  // Asked for every `f(a, b)` of a file: most files have no handler with a callback of that name, and the
  // climb below listed the bindings of every function around the call (a 1 MB file: 671 of its 782 lists).
  if (!moduleIndex(id).lambdaCallbacks.has(id.name)) return undefined;
  let scope: FunctionNode | undefined = enclosingFunction(id);
  while (scope && scope.type !== 'Program') {
    const position = parameterIndex(scope, id.name);
    if (position >= 0) return position === 2 && scope.params[2]?.type === 'Identifier' && isLambdaHandler(scope) ? scope : undefined;
    if (bindingsOf(scope).has(id.name)) return undefined;
    scope = enclosingFunction(scope);
  }
  return undefined;
}

/** Is `id` the event parameter of the Lambda handler it sits in (or of a handler around it)? See `LAMBDA_HANDLER`. */
function isLambdaEvent(id: TSESTree.Identifier): boolean {
  if (!LAMBDA_EVENT.has(id.name) || !moduleIndex(id).lambdaEvents.has(id.name)) return false;
  let scope: FunctionNode | undefined = enclosingFunction(id);
  while (scope && scope.type !== 'Program') {
    const position = parameterIndex(scope, id.name);
    if (position >= 0) return position === 0 && scope.params[0]?.type === 'Identifier' && isLambdaHandler(scope);
    if (bindingsOf(scope).has(id.name)) return false;
    scope = enclosingFunction(scope);
  }
  return false;
}

/** How many function boundaries (argument → parameter, or return value → call) one question may cross. */
export const MAX_CALL_HOPS = 3;
/** Call sites of one function looked at, in source order; a parameter of a function called more often stays `unknown` beyond them. */
export const MAX_CALL_SITES = 16;

/** The name a function is called by in its file: `function f`, `const f = () => …`, `const f = function …`. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.type === 'Program') return undefined;
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
  const p = fn.parent;
  if (p?.type === 'VariableDeclarator' && p.init === fn && p.id.type === 'Identifier') return p.id.name;
  return undefined;
}

interface ModuleIndex {
  /** Calls by callee name (`f(…)` only), in source order. */
  calls: Map<string, TSESTree.CallExpression[]>;
  /** Calls of methods on `this` (`this.m(…)`, not computed) by method name, in source order. */
  thisCalls: Map<string, TSESTree.CallExpression[]>;
  /** Named functions by name; a name bound to two functions is left out (which one runs is not known). */
  functions: Map<string, FunctionNode | null>;
  /**
   * The names of the Lambda handlers' (`isLambdaHandler`) callbacks and events: their third and first parameters
   * when a plain name. `lambdaCallbackOf` and `isLambdaEvent` answer no at once for any other name.
   */
  lambdaCallbacks: Set<string>;
  lambdaEvents: Set<string>;
}
const moduleIndexCache = factCache<ModuleIndex>();

function programOf(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

/** One walk over the file: every `name(…)` call and every named function. */
function moduleIndex(node: TSESTree.Node): ModuleIndex {
  const program = programOf(node);
  const cached = moduleIndexCache.get(program);
  if (cached) return cached;
  const index: ModuleIndex = { calls: new Map(), thisCalls: new Map(), functions: new Map(), lambdaCallbacks: new Set(), lambdaEvents: new Set() };
  const push = (map: Map<string, TSESTree.CallExpression[]>, name: string, call: TSESTree.CallExpression) => {
    let list = map.get(name);
    if (!list) map.set(name, (list = []));
    list.push(call);
  };
  // Every node of the file passes here: its `type` (a load that sees every node shape) is read once.
  const add = (n: TSESTree.Node) => {
    const type = n.type;
    if (type === 'CallExpression') {
      const callee = n.callee;
      if (callee.type === 'Identifier') push(index.calls, callee.name, n);
      else if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression'
        && !callee.computed && callee.property.type === 'Identifier') push(index.thisCalls, callee.property.name, n);
    } else if (type === 'FunctionDeclaration' || type === 'FunctionExpression' || type === 'ArrowFunctionExpression') {
      const name = functionName(n);
      if (name) index.functions.set(name, index.functions.has(name) ? null : n);
      const event = n.params[0];
      const callback = n.params[2];
      if ((event?.type === 'Identifier' || callback?.type === 'Identifier') && isLambdaHandler(n)) {
        if (event?.type === 'Identifier') index.lambdaEvents.add(event.name);
        if (callback?.type === 'Identifier') index.lambdaCallbacks.add(callback.name);
      }
    }
  };
  // The AST rules' walk already met every node (and set `parent`): its list spares a second walk.
  const recorded = recordedNodes(program);
  if (recorded) {
    // Indexed: this runs once per analysis, so a big file's first one runs it unoptimised, where
    // `for…of` made an iterator result per node (a 1 MB file: 25-60 ms against 4-6 ms, CPU).
    for (let i = 0; i < recorded.length; i++) add(recorded[i]!);
  } else {
    const stack: TSESTree.Node[] = [program];
    while (stack.length > 0) {
      const n = stack.pop()!;
      add(n);
      const children: TSESTree.Node[] = [];
      forEachChild(n, (child) => {
        (child as { parent?: TSESTree.Node }).parent ??= n;
        children.push(child);
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  for (const list of index.calls.values()) list.sort((a, b) => a.start - b.start);
  moduleIndexCache.set(program, index);
  return index;
}

/** Whether `name` is a function this file declares (the data flow follows a call of it into its body). */
export function isFileFunction(name: string, node: TSESTree.Node): boolean {
  return moduleIndex(node).functions.has(name);
}

/** Where `name` is bound among `fn`'s parameters: its position, and whether it is the whole argument or a part of it. */
export function parameterIndex(fn: FunctionNode, name: string): number {
  if (fn.type === 'Program') return -1;
  const binds = (p: TSESTree.Node): boolean => {
    switch (p.type) {
      case 'Identifier':
        return p.name === name;
      case 'AssignmentPattern':
        return binds(p.left);
      case 'RestElement':
        return binds(p.argument);
      case 'TSParameterProperty':
        return binds(p.parameter);
      case 'ObjectPattern':
        return p.properties.some((q) => binds(q.type === 'RestElement' ? q.argument : q.value));
      case 'ArrayPattern':
        return p.elements.some((e) => !!e && binds(e));
      default:
        return false;
    }
  };
  return fn.params.findIndex(binds);
}

/**
 * Arguments of the calls being followed into functions, innermost last: while a function's return
 * value is evaluated for one call, its parameters stand for that call's arguments.
 */
interface Frame {
  fn: FunctionNode;
  /** Absent for a hop from a parameter out to one of its callers: there, the caller's own parameters are open. */
  args?: TSESTree.CallExpressionArgument[];
}

export { worst } from './origin';

/**
 * Where the value of `node` comes from, as far as one function can tell. With a sink class, a value
 * validated for that class where it is used (see `guardedFor`), or passed through one of its
 * sanitisers, counts as `constant`: it is as safe for that sink as a constant.
 */
export function taintOf(node: TSESTree.Node | null | undefined, cls?: SinkClass): Taint {
  return evaluate(node, 0, new Set(), [], cls);
}

/** Set only while `requestOrigin` runs: told of each request source the evaluation reaches. */
let onSource: ((node: TSESTree.Node) => void) | undefined;

/**
 * Where the request data in `node` enters, when `taintOf(node, cls)` is `request`: the first request
 * source the same evaluation reaches (`req.query.name` in `var user = req.query.name`, an `event`
 * member, or the parameter the request arrives in). A request reaching a leaf always makes the whole
 * value `request` (taint only grows on the way up), so that source is one the value carries.
 */
export function requestOrigin(node: TSESTree.Node, cls?: SinkClass): TSESTree.Node | undefined {
  let first: TSESTree.Node | undefined;
  onSource = (n) => void (first ??= n);
  try {
    return evaluate(node, 0, new Set(), [], cls) === 'request' ? first : undefined;
  } finally {
    onSource = undefined;
  }
}

function evaluate(node: TSESTree.Node | null | undefined, depth: number, seen: Set<TSESTree.Node>, frames: Frame[], cls?: SinkClass): Taint {
  if (!node) return 'constant';
  if (depth > 12 || seen.has(node)) return 'unknown';
  seen.add(node);
  forEachChild(node, (child) => ((child as { parent?: TSESTree.Node }).parent ??= node));
  if (cls && (guardedFor(node, cls) || sanitizedFor(node, cls))) return 'constant';
  if (isRequestSource(node)) {
    onSource?.(node);
    return 'request';
  }
  const next = (n: TSESTree.Node | null | undefined) => evaluate(n, depth + 1, seen, frames, cls);
  /** A value in another function (a call's argument, a function's return value): a fresh `seen`, one more hop. */
  const across = (n: TSESTree.Node | null | undefined, inner: Frame[]) => evaluate(n, depth + 1, new Set(seen), inner, cls);
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
      if (node.object.type === 'Identifier' && HANDLER_REQUEST.has(node.object.name) && isHandlerRequest(node.object)) {
        const key = node.computed ? staticValue(node.property) : node.property.type === 'Identifier' ? node.property.name : undefined;
        if (key !== undefined && !SERVER_SIDE.has(key)) {
          onSource?.(node);
          return 'request';
        }
      }
      if (node.object.type === 'Identifier' && isLambdaEvent(node.object)) {
        const key = node.computed ? staticValue(node.property) : node.property.type === 'Identifier' ? node.property.name : undefined;
        if (key !== undefined && LAMBDA_SERVER_SIDE.has(key)) return 'unknown';
        onSource?.(node);
        return 'request';
      }
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
      // A function of this file: what it returns for these arguments.
      if (node.callee.type === 'Identifier' && frames.length < MAX_CALL_HOPS) {
        const fn = moduleIndex(node).functions.get(node.callee.name);
        if (fn && fn.type !== 'Program' && !frames.some((f) => f.fn === fn)) {
          const inner = [...frames, { fn, args: node.arguments }];
          return returnedValues(fn).reduce<Taint>((t, r) => (t === 'request' ? t : across(r, inner) === 'request' ? 'request' : t), 'unknown');
        }
      }
      return 'unknown';
    }
    case 'NewExpression': {
      const callee = qualifiedName(node.callee);
      if (callee === 'URL' || callee === 'URLSearchParams') {
        return node.arguments.some((a) => next(a) === 'request') ? 'request' : 'unknown';
      }
      // vm2's compiled script is its source text: `run(new VMScript(src))` runs whatever `src` is.
      if (callee === 'VMScript' && node.arguments[0]) return next(node.arguments[0]);
      return 'unknown';
    }
    case 'Identifier': {
      if (node.name === 'undefined') return 'constant';
      const fn = enclosingFunction(node);
      if (isRequestParameter(fn, node.name) || isLambdaEvent(node)) {
        onSource?.(node);
        return 'request';
      }
      let t: Taint = 'unknown';
      let scope: FunctionNode | undefined = fn;
      // Look in the enclosing function, then the functions around it (closures see their bindings).
      while (scope) {
        const values = bindingsOf(scope).get(node.name);
        if (values && values.length > 0) {
          t = reaching(values, node).reduce<Taint>((acc, v) => worst(acc, v === node ? 'unknown' : next(v)), 'constant');
          // An array the function fills: `list.push(req.query.x)` makes `list` (and `list[0]`) request data.
          if (t !== 'request' && pushedOnto(scope, node.name)?.some((v) => next(v) === 'request')) t = 'request';
          break;
        }
        const position = parameterIndex(scope, node.name);
        if (position >= 0) {
          t = parameterTaint(scope, position, depth, seen, frames, cls);
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

/**
 * A parameter: the argument of the call being followed, when there is one; otherwise the arguments
 * of the function's calls in this file. Only `request` crosses the boundary: a parameter whose
 * every caller passes a constant is still `unknown`, since other files may call the function too.
 */
function parameterTaint(fn: FunctionNode, position: number, depth: number, seen: Set<TSESTree.Node>, frames: Frame[], cls?: SinkClass): Taint {
  const across = (n: TSESTree.Node | null | undefined, inner: Frame[]) => evaluate(n, depth + 1, new Set(seen), inner, cls);
  let frame: Frame | undefined;
  for (const f of frames) if (f.fn === fn && f.args) frame = f;
  const argumentAt = (args: TSESTree.CallExpressionArgument[]) => {
    const spread = args.findIndex((a) => a.type === 'SpreadElement');
    return spread >= 0 && spread <= position ? args[spread] : args[position];
  };
  if (frame?.args) return across(argumentAt(frame.args), frames.slice(0, frames.indexOf(frame))) === 'request' ? 'request' : 'unknown';
  // `list.forEach((item) => …)`: the first parameter is an element of the list.
  const call = fn.type === 'Program' ? undefined : fn.parent;
  if (position === 0 && call?.type === 'CallExpression' && call.arguments[0] === fn && call.callee.type === 'MemberExpression'
    && !call.callee.computed && call.callee.property.type === 'Identifier' && ELEMENT_CALLBACKS.has(call.callee.property.name)) {
    return evaluate(call.callee.object, depth + 1, seen, frames, cls) === 'request' ? 'request' : 'unknown';
  }
  // `req.on('data', (chunk) => …)`: a chunk of the request body.
  if (position === 0 && call?.type === 'CallExpression' && call.arguments[1] === fn && requestDataListener(call) === fn) return 'request';
  if (frames.length >= MAX_CALL_HOPS) return 'unknown';
  const name = functionName(fn);
  if (!name) return 'unknown';
  const index = moduleIndex(fn);
  if (index.functions.get(name) !== fn) return 'unknown';
  const calls = (index.calls.get(name) ?? []).slice(0, MAX_CALL_SITES);
  // Each caller is one more hop: a frame without arguments counts it.
  return calls.some((call) => across(argumentAt(call.arguments), [...frames, { fn: enclosingFunction(call) }]) === 'request') ? 'request' : 'unknown';
}

const returnsCache = factCache<TSESTree.Node[]>();

/** The values a function returns (an arrow's expression body, or each `return x` not inside a nested function). */
export function returnedValues(fn: Exclude<FunctionNode, TSESTree.Program>): TSESTree.Node[] {
  const cached = returnsCache.get(fn);
  if (cached) return cached;
  const out: TSESTree.Node[] = [];
  if (fn.body.type !== 'BlockStatement') out.push(fn.body);
  else {
    const stack: TSESTree.Node[] = [fn.body];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type === 'ReturnStatement' && n.argument) out.push(n.argument);
      forEachChild(n, (child) => {
        (child as { parent?: TSESTree.Node }).parent ??= n;
        if (!isFunction(child)) stack.push(child);
      });
    }
  }
  returnsCache.set(fn, out);
  return out;
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

/** `valuesOf(id)` less the values that cannot reach `id` (see `reaching`): the ones `taintOf` reads. */
export function reachingValuesOf(id: TSESTree.Identifier): TSESTree.Node[] {
  const values = valuesOf(id);
  return values.length > 0 ? reaching(values, id) : values;
}

/** The browser's own globals, where a page reads what the visitor or another origin controls (`name` is `window.name`). */
const BROWSER_GLOBALS = new Set(['window', 'self', 'globalThis', 'top', 'parent', 'opener', 'frames', 'document', 'location', 'name', 'history', 'localStorage', 'sessionStorage', 'event']);
/** Array methods whose callback's first parameter is an element of the receiver. */
const ELEMENT_CALLBACKS = new Set(['map', 'forEach', 'filter', 'find', 'findLast', 'flatMap', 'some', 'every']);

/**
 * Whether a value of unknown origin is one of the page's or another script's globals: a name this file
 * never binds (no declaration, assignment, parameter, function, class or import), a member of one or a
 * call of one (`params`, `createMarkup()`, `config.html`), or an element of an array that is one
 * (`items.map((item) => …)`); the browser's globals (`window`, `location`, `name`…) are not among them. The sink rules that report values of unknown origin at low confidence
 * leave these alone: what they hold is set outside the file, by the program's own code.
 */
export function fromUndeclaredName(node: TSESTree.Node, depth = 0): boolean {
  let n = unwrap(node);
  while (n.type === 'MemberExpression' || n.type === 'CallExpression') n = unwrap(n.type === 'MemberExpression' ? n.object : n.callee);
  if (n.type !== 'Identifier' || depth > 3 || BROWSER_GLOBALS.has(n.name)) return false;
  const name = n.name;
  let scope: FunctionNode | undefined = enclosingFunction(n);
  while (scope) {
    if (bindingsOf(scope).get(name)?.length) return false;
    if (scope.type !== 'Program' && parameterIndex(scope, name) >= 0) {
      const call = scope.parent;
      return parameterIndex(scope, name) === 0 && call?.type === 'CallExpression' && call.arguments[0] === scope
        && call.callee.type === 'MemberExpression' && !call.callee.computed && call.callee.property.type === 'Identifier'
        && ELEMENT_CALLBACKS.has(call.callee.property.name) && fromUndeclaredName(call.callee.object, depth + 1);
    }
    scope = scope.type === 'Program' ? undefined : enclosingFunction(scope);
  }
  const program = programOf(n);
  if (program.type !== 'Program' || moduleIndex(n).functions.has(name)) return false;
  return !program.body.some((statement) => {
    const declared = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (!declared) return false;
    if (declared.type === 'ImportDeclaration') return declared.specifiers.some((sp) => sp.local.name === name);
    if (declared.type === 'ClassDeclaration' || declared.type === 'TSEnumDeclaration' || declared.type === 'TSModuleDeclaration') return declared.id?.type === 'Identifier' && declared.id.name === name;
    // `let x;` with no value, assigned nowhere in this function
    return declared.type === 'VariableDeclaration' && declared.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === name);
  });
}

/** Calls whose result keeps what their later arguments say (`path.join(base, x)` holds `x`'s `..`). */
const JOINING = /^(?:path\.(?:posix\.|win32\.)?)?(?:join|resolve|normalize)$/;

/**
 * Does a call in this file pass an argument at `position` of `fn`: `f(…)` of a named function, or
 * `this.m(…)` in the class of a method `m`? Then the callers' values are in view (taint.ts follows them
 * for request data; checks there are the caller's).
 */
function filledInFile(fn: FunctionNode, position: number): boolean {
  const fills = (c: TSESTree.CallExpression) => c.arguments.length > position || c.arguments.some((a) => a.type === 'SpreadElement');
  const method = fn.parent;
  if (method?.type === 'MethodDefinition' && !method.computed && method.key.type === 'Identifier' && method.parent.type === 'ClassBody') {
    const body = method.parent;
    const inClass = (call: TSESTree.Node) => {
      for (let n: TSESTree.Node | undefined = call; n; n = n.parent) if (n === body) return true;
      return false;
    };
    return (moduleIndex(fn).thisCalls.get(method.key.name) ?? []).some((c) => fills(c) && inClass(c));
  }
  const name = functionName(fn);
  const index = moduleIndex(fn);
  if (!name || index.functions.get(name) !== fn) return false;
  return (index.calls.get(name) ?? []).some(fills);
}

/**
 * The parameter a value of unknown origin is built from, when it is one: the parameter itself, a member
 * of it (`entry.path`), or a string or joined path with it in a later part (`path.join(base, name)`,
 * `dir + '/' + name`; any part of the string for other sinks), through the function's own variables.
 * Not one: the first parameter of an element callback (`list.forEach((x) => …)`, an element of the
 * list, whose origin `taintOf` answers); the parameter of a function some call in this file passes it
 * to (taint.ts followed those callers); the request; a value checked for `cls` where it is used. Sink
 * rules use it to report, at low confidence, a value whose callers this file does not show.
 */
export function parameterOrigin(node: TSESTree.Node | null | undefined, cls?: SinkClass, depth = 0): TSESTree.Identifier | undefined {
  if (!node || depth > 6) return undefined;
  const n = unwrap(node);
  // Request data (reported as such) or a value checked for the sink: not a caller's unknown value.
  if (isRequestSource(n) || (cls && (guardedFor(n, cls) || sanitizedFor(n, cls)))) return undefined;
  const next = (m: TSESTree.Node | null | undefined) => parameterOrigin(m, cls, depth + 1);
  switch (n.type) {
    case 'Identifier': {
      if (isRequestParameter(enclosingFunction(n), n.name) || isLambdaEvent(n)) return undefined;
      const values = valuesOf(n);
      if (values.length > 0) {
        return values.map((v) => (v === n ? undefined : next(v))).find(Boolean);
      }
      for (let scope: FunctionNode = enclosingFunction(n); scope.type !== 'Program'; scope = enclosingFunction(scope)) {
        const position = parameterIndex(scope, n.name);
        if (position < 0) continue;
        const call = scope.parent;
        const element = position === 0 && call?.type === 'CallExpression' && call.arguments[0] === scope && call.callee.type === 'MemberExpression'
          && !call.callee.computed && call.callee.property.type === 'Identifier' && ELEMENT_CALLBACKS.has(call.callee.property.name);
        return element || filledInFile(scope, position) ? undefined : n;
      }
      return undefined;
    }
    case 'MemberExpression':
      return n.object.type === 'ThisExpression' ? undefined : next(n.object);
    case 'AwaitExpression':
      return next(n.argument);
    // For a path, a caller's folder at the start (`${dir}/config.json`, `dir + '/x'`) is where the
    // program looks, not a name in it.
    case 'TemplateLiteral':
      return n.expressions.filter((e, i) => cls !== 'path' || i > 0 || n.quasis[0]!.value.cooked !== '').map(next).find(Boolean);
    case 'BinaryExpression':
      if (n.operator !== '+') return undefined;
      return next(n.right) ?? (cls !== 'path' || n.left.type === 'BinaryExpression' ? next(n.left) : undefined);
    case 'ConditionalExpression':
    case 'LogicalExpression':
      return n.type === 'ConditionalExpression' ? next(n.consequent) ?? next(n.alternate) : next(n.left) ?? next(n.right);
    case 'CallExpression':
      return JOINING.test(qualifiedName(n.callee) ?? '') ? n.arguments.slice(1).map(next).find(Boolean) : undefined;
    default:
      return undefined;
  }
}

/**
 * The request object itself, as taint.ts takes it: a request handler's request parameter
 * (`(req, res) =>`, see `HANDLER_REQUEST`), a Lambda handler's event, a name taint.ts reads request
 * parts from (`REQUEST_ROOTS`: `req.query`, `ctx.params`), or the request a context nests (`ctx.request`).
 */
export function isRequestObject(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') return REQUEST_ROOTS.has(n.name) || isHandlerRequest(n) || isLambdaEvent(n);
  if (n.type !== 'MemberExpression' || n.computed || n.property.type !== 'Identifier' || !NESTED_REQUEST.has(n.property.name)) return false;
  return n.object.type === 'Identifier' && REQUEST_ROOTS.has(n.object.name);
}

// Guards: a check that validates a value for one sink class makes it safe inside the branch where the
// check holds, and after a statement that exits when it fails (`if (!ALLOWED.includes(x)) return;`),
// unless the value is assigned again in between. The tree-sitter core has the same mechanism
// (`dataflow/flow.ts` `guardedFor`); these are the checks JavaScript spells.

/** `x!`, `x as T`, `a?.b`: the expression a guard compares. */
function unwrap(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.type === 'TSNonNullExpression' || n.type === 'TSAsExpression' || n.type === 'TSTypeAssertion' || n.type === 'TSSatisfiesExpression' || n.type === 'ChainExpression') n = n.expression;
  return n;
}

/** Calls that make a path absolute or canonical: a prefix test on their result is a containment check. */
const PATH_NORMALIZERS = /^(?:path\.(?:posix\.|win32\.)?)?(?:resolve|join|normalize)$|(?:^|\.)realpath(?:Sync)?(?:\.native)?$/;
/** `path.relative(base, x)`: `..` at its start (or an absolute result) means `x` is outside `base`. */
const PATH_RELATIVE = /^(?:path\.(?:posix\.|win32\.)?)?relative$/;
/** Calls that accept only numbers, ids and the like. */
const TYPE_CHECKS = /^(?:Number\.(?:isInteger|isSafeInteger|isFinite)|(?:validator\.)?is(?:Int|Numeric|UUID|MongoId|Alphanumeric|Alpha|Hexadecimal|Boolean)|(?:mongoose\.)?(?:Types\.)?ObjectId\.isValid|isValidObjectId)$/;
/** Helpers named for a containment test (`isPathInside(child, parent)`, `isSubdir`, `isWithin`). */
const CONTAINMENT_HELPER = /(?:^|\.)is\w*(?:Inside|Within|Under|Sub(?:dir|Dir|path|Path))\w*$/;
/** Sanitisers of a file name: `sanitize-filename` (imported as `sanitize`), `sanitizePath`, `path.basename`. */
const PATH_SANITIZERS = /^(?:sanitize|\w*\.?sanitize\w*(?:Path|File|Filename|FileName|Name)|(?:path\.)?basename)$/;

function literalNumber(node: TSESTree.Node): number | undefined {
  if (node.type === 'Literal' && typeof node.value === 'number') return node.value;
  if (node.type === 'UnaryExpression' && node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') return -node.argument.value;
  return undefined;
}

function methodOf(call: TSESTree.Node): { method: string; receiver: TSESTree.Expression; args: TSESTree.CallExpressionArgument[] } | undefined {
  const c = unwrap(call);
  if (c.type !== 'CallExpression') return undefined;
  const callee = unwrap(c.callee);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
  return { method: callee.property.name, receiver: callee.object, args: c.arguments };
}

/** A call of `names` (by qualified name) or a local holding the result of one (`const p = path.resolve(x)`). */
function resultOf(node: TSESTree.Node, names: RegExp): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const n = unwrap(node);
  if ((n.type === 'CallExpression' || n.type === 'NewExpression') && names.test(qualifiedName(n.callee) ?? '')) return n;
  if (n.type === 'Identifier') {
    const values = valuesOf(n);
    if (values.length === 1 && values[0] !== n) return resultOf(values[0]!, names);
  }
  // `cond ? path.join(dir, x) : ''`
  if (n.type === 'ConditionalExpression') {
    if (n.alternate.type === 'Literal') return resultOf(n.consequent, names);
    if (n.consequent.type === 'Literal') return resultOf(n.alternate, names);
  }
  return undefined;
}

/**
 * Is `subject` the guarded value keyed `key`: the value itself (`raw`), or a form of it that a check
 * of the class speaks for (`normalized`): `path.resolve(base, x)` for a path, `new URL(x).host` for a
 * redirect target.
 */
function subjectOf(subject: TSESTree.Node | undefined, key: string, cls: SinkClass, depth = 0): 'raw' | 'normalized' | undefined {
  if (!subject || depth > 3) return undefined;
  const s = unwrap(subject);
  if (qualifiedName(s) === key) return 'raw';
  // `x || ''`, `x ?? 'index.html'`: the value or a default of the program's own.
  if (s.type === 'LogicalExpression' && s.operator !== '&&' && s.right.type === 'Literal') return subjectOf(s.left, key, cls, depth + 1);
  if (cls === 'path') {
    const call = resultOf(s, PATH_NORMALIZERS) ?? resultOf(s, PATH_RELATIVE);
    if (call && call.arguments.some((a) => subjectOf(a, key, cls, depth + 1))) return 'normalized';
  }
  if (cls === 'redirect' && s.type === 'MemberExpression' && !s.computed && s.property.type === 'Identifier' && /^(?:origin|host|hostname)$/.test(s.property.name)) {
    const url = resultOf(s.object, /^(?:URL|url\.parse|parse)$/);
    if (url?.arguments[0] && subjectOf(url.arguments[0], key, cls, depth + 1)) return 'normalized';
  }
  return undefined;
}

/** A regular expression that accepts only words (`/^[\w-]+$/`, `new RegExp('^\\d+$')`, or a local holding one). */
function wordPattern(node: TSESTree.Node | undefined, depth = 0): boolean {
  if (!node || depth > 2) return false;
  const n = unwrap(node);
  if (n.type === 'Literal' && 'regex' in n && n.regex) return isWordAllowList(n.regex.pattern, false);
  if (n.type === 'NewExpression' && qualifiedName(n.callee) === 'RegExp') {
    const source = staticString(n.arguments[0]);
    return source !== undefined && isWordAllowList(source, false);
  }
  if (n.type === 'Identifier') {
    const values = valuesOf(n);
    return values.length === 1 && values[0] !== n && wordPattern(values[0], depth + 1);
  }
  return false;
}

/** A literal that fixes a redirect's host: `https://acme.io/…` (scheme, host, then `/`, `?` or `#`) or a path on this site (`/app/`). */
function fixesHost(prefix: string): boolean {
  return /^[a-z][\w+.-]*:\/\/[^/?#\\]+[/?#]/i.test(prefix) || /^\/[^/\\]/.test(prefix);
}

/** A list or set of the program's own values (not a string, whose `includes` is a substring test, nor request data). */
function allowList(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  return n.type !== 'Literal' && n.type !== 'TemplateLiteral' && taintOf(n) !== 'request';
}

/** Does the call `cond` being true (true) or false (false) mean the value keyed `key` passed a check for `cls`? */
function callPolarity(cond: TSESTree.Node, key: string, cls: SinkClass): boolean | undefined {
  const c = unwrap(cond);
  if (c.type !== 'CallExpression') return undefined;
  const m = methodOf(c);
  if (m) {
    const [first] = m.args;
    // ALLOWED.includes(x), KNOWN.has(x)
    if ((m.method === 'includes' || m.method === 'has') && first && subjectOf(first, key, cls) && allowList(m.receiver)) return true;
    const literal = staticString(first);
    // rel.includes('..'), x.startsWith('..'): true when the path may leave its base.
    if (cls === 'path' && (m.method === 'includes' || m.method === 'startsWith') && literal?.startsWith('..') && subjectOf(m.receiver, key, cls)) return false;
    if (m.method === 'startsWith' && first) {
      // path.resolve(base, x).startsWith(base): containment, on a normalised path only (`/base/../etc` starts with `/base`).
      if (cls === 'path' && !literal?.startsWith('.') && subjectOf(m.receiver, key, cls) && resultOf(m.receiver, PATH_NORMALIZERS)) return true;
      if (cls === 'redirect' && literal !== undefined && fixesHost(literal) && subjectOf(m.receiver, key, cls) === 'raw') return true;
    }
    // /^[a-z]+$/.test(x), x.match(/^\d+$/)
    if (m.method === 'test' && first && subjectOf(first, key, cls) && wordPattern(m.receiver)) return true;
    if (m.method === 'match' && subjectOf(m.receiver, key, cls) && wordPattern(first)) return true;
  }
  const name = qualifiedName(c.callee) ?? '';
  if (TYPE_CHECKS.test(name) && subjectOf(c.arguments[0], key, cls)) return true;
  if (cls === 'path' && CONTAINMENT_HELPER.test(name) && c.arguments.some((a) => subjectOf(a, key, cls))) return true;
  return undefined;
}

/** Does `cond` being true (true) or false (false) mean the value keyed `key` passed a check for `cls`? Undefined when it says nothing of it. */
function guardPolarity(cond: TSESTree.Node, key: string, cls: SinkClass, depth = 0): boolean | undefined {
  if (depth > 8) return undefined;
  const c = unwrap(cond);
  if (c.type === 'UnaryExpression' && c.operator === '!') {
    const p = guardPolarity(c.argument, key, cls, depth + 1);
    return p === undefined ? undefined : !p;
  }
  if (c.type === 'LogicalExpression') {
    const kids = [c.left, c.right];
    // `ok(x) && other`: true means ok(x) held; `bad(x) || other`: false means bad(x) failed.
    if (c.operator === '&&') return kids.some((k) => guardPolarity(k, key, cls, depth + 1) === true) ? true : undefined;
    if (c.operator === '||') return kids.some((k) => guardPolarity(k, key, cls, depth + 1) === false) ? false : undefined;
    return undefined;
  }
  if (c.type === 'CallExpression') return callPolarity(c, key, cls);
  if (c.type !== 'BinaryExpression' || c.left.type === 'PrivateIdentifier') return undefined;
  const { operator: op } = c;
  const pairs = [[c.left, c.right], [c.right, c.left]] as const;
  if (op === '===' || op === '==' || op === '!==' || op === '!=') {
    const eq = op === '===' || op === '==';
    for (const [v, k] of pairs) {
      const value = unwrap(v);
      // typeof x === 'number'
      if (value.type === 'UnaryExpression' && value.operator === 'typeof' && /^(?:number|boolean)$/.test(staticString(k) ?? '') && subjectOf(value.argument, key, cls) === 'raw') return eq;
      // x === 'admin', new URL(x).origin === 'https://acme.io'
      if (k.type === 'Literal' && (typeof k.value === 'string' || typeof k.value === 'number') && subjectOf(value, key, cls)) return eq;
      // new URL(x).host === req.get('host') or a setting: the site's own host (a victim's browser sends the real one).
      if (cls === 'redirect' && subjectOf(value, key, cls) === 'normalized' && !subjectOf(k, key, cls)) return eq;
      // ok(x) === true
      if (k.type === 'Literal' && typeof k.value === 'boolean') {
        const p = guardPolarity(value, key, cls, depth + 1);
        return p === undefined ? undefined : p === (k.value === eq);
      }
    }
  }
  // LIST.indexOf(x) !== -1, x.indexOf('..') === -1, path.resolve(x).indexOf(base) === 0
  for (const [v, k] of pairs) {
    const m = methodOf(v);
    const n = literalNumber(k);
    if (!m || m.method !== 'indexOf' || n === undefined || !m.args[0]) continue;
    if (n === 0 && (op === '===' || op === '==' || op === '!==' || op === '!=')) {
      // startsWith by another name
      if (cls === 'path' && subjectOf(m.receiver, key, cls) && resultOf(m.receiver, PATH_NORMALIZERS)) return op === '===' || op === '==';
      continue;
    }
    const found = indexFound(op, n, v === c.left);
    if (found === undefined) continue;
    if (subjectOf(m.args[0], key, cls) && allowList(m.receiver)) return found;
    if (cls === 'path' && staticString(m.args[0])?.startsWith('..') && subjectOf(m.receiver, key, cls)) return !found;
  }
  return undefined;
}

/** What `i OP n` (or `n OP i` when not `left`) says of an `indexOf` result `i`: found (true), not found (false), or neither. */
function indexFound(op: string, n: number, left: boolean): boolean | undefined {
  const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
  const o = left ? op : flip[op] ?? op;
  if (n === -1) return /^(?:!==?|>)$/.test(o) ? true : /^(?:===?|<=)$/.test(o) ? false : undefined;
  if (n === 0) return o === '>=' ? true : o === '<' ? false : undefined;
  return undefined;
}

/** Does control never leave `node` normally (return, throw, break, continue, `process.exit()`)? */
function exits(node: TSESTree.Node, depth = 0): boolean {
  if (depth > 6) return false;
  switch (node.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    case 'BlockStatement':
      return node.body.some((s) => exits(s, depth + 1));
    case 'IfStatement':
      return !!node.alternate && exits(node.consequent, depth + 1) && exits(node.alternate, depth + 1);
    case 'ExpressionStatement':
      return node.expression.type === 'CallExpression' && qualifiedName(node.expression.callee) === 'process.exit';
    default:
      return false;
  }
}

/** Is the local `name` assigned between `from` and `use` (so a check before no longer speaks for it)? */
function reboundBetween(use: TSESTree.Node, name: string, from: number): boolean {
  for (let scope: FunctionNode | undefined = enclosingFunction(use); scope; scope = scope.type === 'Program' ? undefined : enclosingFunction(scope)) {
    const values = bindingsOf(scope).get(name);
    if (values?.some((v) => v.start >= from && v.start < use.start)) return true;
    if (values?.length || parameterIndex(scope, name) >= 0) return false;
  }
  return false;
}

/**
 * Is the value at `node` (a name or a member chain: `next`, `req.query.next`) validated for `cls` where
 * it is used: inside the branch of an `if`, `?:`, `&&` or `||` where a check holds, or after an `if`
 * whose failing branch exits? Checks for every class: membership in a list of the program's own
 * (`ALLOWED.includes(x)`, `.has(x)`, `.indexOf(x) !== -1`), equality with a literal, `typeof x ===
 * 'number'`, `Number.isInteger(x)`, a words-only anchored regex (`/^[\w-]+$/.test(x)`). For a path:
 * a normalised path that starts with its base (`path.resolve(base, x).startsWith(base)`, `indexOf(base)
 * === 0`), `..` absent (`!path.relative(base, x).startsWith('..')`), an `is…Inside(…)` helper. For a
 * redirect: `new URL(x).origin`/`.host` compared with the program's own value, or `x.startsWith` a
 * literal that fixes the host (`https://acme.io/`, `/app/`).
 */
export function guardedFor(node: TSESTree.Node, cls: SinkClass): boolean {
  const use = unwrap(node);
  if (use.type !== 'Identifier' && use.type !== 'MemberExpression') return false;
  const key = qualifiedName(use);
  if (!key) return false;
  const root = key.split('.')[0]!;
  for (let child: TSESTree.Node = use, n: TSESTree.Node | undefined = use.parent; n; child = n, n = n.parent) {
    if ((n.type === 'IfStatement' || n.type === 'ConditionalExpression') && child !== n.test) {
      const p = guardPolarity(n.test, key, cls);
      if (p !== undefined && ((child === n.consequent && p) || (child === n.alternate && !p)) && !reboundBetween(use, root, n.test.end)) return true;
    }
    if (n.type === 'LogicalExpression' && child === n.right && (n.operator === '&&' || n.operator === '||')) {
      const p = guardPolarity(n.left, key, cls);
      if (p === (n.operator === '&&') && !reboundBetween(use, root, n.left.end)) return true;
    }
    const body = n.type === 'BlockStatement' || n.type === 'Program' ? n.body : n.type === 'SwitchCase' ? n.consequent : undefined;
    for (const s of body ?? []) {
      if (s.start >= child.start) break;
      if (s.type !== 'IfStatement') continue;
      const p = guardPolarity(s.test, key, cls);
      const failing = p === undefined ? undefined : p ? s.alternate : s.consequent;
      if (failing && exits(failing) && !reboundBetween(use, root, s.end)) return true;
    }
    // A parameter of this function is another value than a name checked around it.
    if (isFunction(n) && parameterIndex(n, root) >= 0) break;
  }
  return false;
}

/**
 * Does `scope` check the value named `name` for `cls` anywhere (a check such as `guardedFor` knows, in
 * any expression, not in nested functions)? For a value that is checked but not used where the check
 * is seen (a path returned to a caller after `if (p && !p.startsWith(base)) throw …`).
 */
export function checksValue(scope: TSESTree.Node, name: string, cls: SinkClass): boolean {
  return someInScope(scope, (n) => (n.type === 'CallExpression' || n.type === 'BinaryExpression') && guardPolarity(n, name, cls) !== undefined);
}

/**
 * Does `test` hold for `scope` or a node under it, nested functions left out (they are scopes of their
 * own)? Stops at the first hit, in no particular order; sets `parent` ahead of the shared walk, as the
 * data-flow answers climb it.
 */
export function someInScope(scope: TSESTree.Node, test: (node: TSESTree.Node) => boolean): boolean {
  const stack: TSESTree.Node[] = [scope];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n !== scope && isFunction(n)) continue;
    if (test(n)) return true;
    forEachChild(n, (child) => {
      (child as { parent?: TSESTree.Node }).parent ??= n;
      stack.push(child);
    });
  }
  return false;
}

/** Is the value at `node` passed through a sanitiser of `cls` (a file-name sanitiser, `path.basename`, a `..` removal for a path)? */
/** Helpers whose name says they return a checked host or URL (`getValidatedHost(h)`, `safeRedirectUrl(u)`). */
const REDIRECT_SANITIZERS = /(?:^|\.)(?:get)?(?:validated?|verified|sanitized?|safe|allowed|trusted)(?:Host(?:name)?|Ur[li]|Origin|Domain|Redirect\w*|ReturnTo)$/i;

function sanitizedFor(node: TSESTree.Node, cls: SinkClass): boolean {
  const n = unwrap(node);
  if (n.type !== 'CallExpression') return false;
  if (cls === 'redirect') return REDIRECT_SANITIZERS.test(qualifiedName(n.callee) ?? '');
  if (cls !== 'path') return false;
  if (PATH_SANITIZERS.test(qualifiedName(n.callee) ?? '')) return true;
  const m = methodOf(n);
  const pattern = m?.args[0];
  return !!m && /^replace(?:All)?$/.test(m.method) && pattern?.type === 'Literal' && 'regex' in pattern && !!pattern.regex && pattern.regex.pattern.includes('\\.\\.');
}
