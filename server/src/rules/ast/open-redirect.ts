import { calleeName, defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { callerParameter, methodName, propertiesOf, propertyKey, sinkFlow } from '../../engine/patterns';
import { enclosingFunction, isRequestObject, parameterIndex, parameterOrigin, returnedValues, someInScope, taintOf, valuesOf } from '../../engine/taint';
import { forEachChild } from '../../engine/tree';
import { ASSIGN, member, REQUEST_TEXT, seq } from '../prefilter';

const RESPONSE = /^(?:res|response|ctx|reply|h)$/;

/**
 * The page moves to another URL: `location.assign|replace(…)`, `location = …` (not `const location = …` nor
 * `this.location = …`), `window.location = …` (AngularJS's `$window` too, as the rule reads it), `location.href
 * = …`. Case-sensitive, as the rule's names are: not a `Location` type (`const here: Location = {…}`).
 */
const PAGE_NAVIGATION = [
  seq(...member('location', 'assign|replace')),
  seq(String.raw`\blocation(?<!(?:\.\s*|\b(?:const|let|var)\s+)location)(?![\w$])`, ASSIGN),
  seq(...member(String.raw`\$?window|document`, 'location'), ASSIGN),
  seq(...member('location', 'href'), ASSIGN),
].join('|');

/** The operands of a `+` chain, or the quasis and expressions of a template literal, in order (through a name bound once). */
function pieces(node: TSESTree.Node, depth = 0): (string | TSESTree.Node)[] {
  if (node.type === 'Identifier' && depth < 3) {
    const values = valuesOf(node);
    if (values.length === 1) return pieces(values[0]!, depth + 1);
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') return [...pieces(node.left, depth), ...pieces(node.right, depth)];
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
function hostFixed(target: TSESTree.Node, source: (piece: TSESTree.Node) => boolean = fromRequest): boolean {
  const all = pieces(target);
  if (typeof all[0] !== 'string' && ownPageUrl(all[0]!)) return true;
  if (encodedStart(all)) return true;
  const before = textBefore(all, source);
  const authority = /^(?:[a-z][\w+.-]*:)?\/\//i.exec(before);
  if (!authority) return /\/[^/\\\u0000]/.test(before);
  // `https://acme.io/` + anything stays on acme.io, and `https://${host}/` on the program's own
  // host: the `/`, `?` or `#` after the host ends it.
  const host = /^[^/?#\\]*/.exec(before.slice(authority[0].length))![0];
  return host.length > 0 && before.length > authority[0].length + host.length;
}

const fromRequest = (piece: TSESTree.Node): boolean => taintOf(piece, 'redirect') === 'request';
/** A property of AngularJS's `$scope` (`$scope.input`). */
const scopeValue = (piece: TSESTree.Node): boolean => piece.type === 'MemberExpression' && piece.object.type === 'Identifier' && piece.object.name === '$scope';
/** A piece built from a parameter no call in the file fills (`parameterOrigin`). */
const fromCaller = (piece: TSESTree.Node): boolean => parameterOrigin(piece, 'redirect') !== undefined;

/**
 * The target's text before its first value from `source` (request data unless told): literals as
 * written, a value of the program's own as `\u0000` (unknown text), a request path made a path on this
 * site as `/\u0001`.
 */
function textBefore(all: (string | TSESTree.Node)[], source: (piece: TSESTree.Node) => boolean = fromRequest): string {
  let before = '';
  for (const piece of all) {
    if (typeof piece === 'string') before += piece;
    else if (oneLeadingSlash(piece) || routePrefixReplaced(initOf(piece), piece)) before += '/\u0001';
    else if (source(piece)) break;
    else before += '\u0000';
  }
  return before;
}

/**
 * Why a reported target's host is open, when something comes before the request data (URL standard:
 * the host runs to the first `/`, `?`, `#` or `\\`, and an `@` before it makes what preceded it userinfo):
 * `origin`, a literal scheme and host with nothing ending the host (`'https://acme.io' + x`: `@evil.example`
 * or `.evil.example` in `x` names another host); `program`, a value of the program's own (`base + x`: the
 * same when `base` is an origin, all of the target when it is empty; only a path in it would fix the host).
 */
function openBefore(target: TSESTree.Node): 'origin' | 'program' | undefined {
  const before = textBefore(pieces(target));
  if (before.includes('\u0000')) return 'program';
  return /^[a-z][\w+.-]*:\/\/[^/?#\\@\u0001]+$/i.test(before) ? 'origin' : undefined;
}

/**
 * A target that starts with `encodeURIComponent(…)`, then nothing, a literal, or a URL's `.search` or
 * `.hash` (which start with `?` or `#`): the encoded part has no `/`, `\\` or `:`, so the target is a
 * relative path on this host (`encodeURIComponent(padId) + new URL(req.url, base).search`).
 */
function encodedStart(all: (string | TSESTree.Node)[]): boolean {
  const [first, second] = all;
  if (typeof first === 'string' || first?.type !== 'CallExpression' || qualifiedName(first.callee) !== 'encodeURIComponent') return false;
  if (second === undefined || typeof second === 'string') return true;
  return second.type === 'MemberExpression' && !second.computed && second.property.type === 'Identifier' && (second.property.name === 'search' || second.property.name === 'hash');
}

/**
 * The page's own full URL (`location.href`, `document.URL`), or a prefix of it cut at a `/` of its path
 * (`href.substring(0, href.lastIndexOf('/'))`): it starts with the page's scheme and host, so a suffix
 * cannot move it to another site (`location.href + "/../.."`, a reload).
 */
function ownPageUrl(node: TSESTree.Node): boolean {
  const name = qualifiedName(node);
  if (name && /^(?:window\.|document\.)?location\.href$|^(?:window\.)?document\.(?:URL|documentURI)$/.test(name)) return true;
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.arguments[0]?.type === 'Literal' && node.arguments[0].value === 0) {
    const method = methodName(node);
    const cut = node.arguments[1];
    return (method === 'substring' || method === 'slice') && cut?.type === 'CallExpression' && methodName(cut) === 'lastIndexOf'
      && cut.arguments[0]?.type === 'Literal' && cut.arguments[0].value === '/' && ownPageUrl(node.callee.object);
  }
  return false;
}

/** The path of the request line (origin-form: always starts with `/`), as a server sees it: `req.originalUrl`, `ctx.request.path`. */
function requestPath(node: TSESTree.Node): boolean {
  return node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier'
    && /^(?:path|originalUrl|url)$/.test(node.property.name) && isRequestObject(node.object);
}

/**
 * A path the server or the page already sits at, put first in a target: the request's own path
 * (`req.originalUrl`), the page's (`location.pathname`), or a URL resolved from one of them against a base
 * (`new URL(ctx.originalUrl, base)`, its `.href` or `.toString()`, through a name given it once). Such a
 * path starts with `/`; it names another host only when it starts with `//`, which reaches a handler or
 * a page only when it is served for any path (a catch-all route or an SPA fallback).
 */
function ownPath(node: TSESTree.Node, depth = 0): boolean {
  if (depth > 3) return false;
  if (node.type === 'Identifier') {
    const values = valuesOf(node);
    return values.length === 1 && ownPath(values[0]!, depth + 1) && !hostRewritten(node);
  }
  if (requestPath(node) || /^(?:window\.|document\.)?location\.pathname$/.test(qualifiedName(node) ?? '')) return true;
  if (node.type === 'NewExpression') {
    return node.callee.type === 'Identifier' && node.callee.name === 'URL' && node.arguments.length === 2 && ownPath(node.arguments[0]!, depth + 1);
  }
  const url = node.type === 'CallExpression' && methodName(node) === 'toString' && node.arguments.length === 0 && node.callee.type === 'MemberExpression' ? node.callee.object
    : node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === 'href' ? node.object : undefined;
  return url !== undefined && ownPath(url, depth + 1);
}

/** The parts of a URL object that choose where it points, besides its path. */
const URL_HOST_PARTS = new Set(['host', 'hostname', 'href', 'origin', 'protocol', 'port', 'username']);

/** Whether the function that uses `url` sets a part of it that moves it to another host (`url.host = …`). */
function hostRewritten(url: TSESTree.Identifier): boolean {
  return someInScope(enclosingFunction(url), (n) => n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && !n.left.computed
    && n.left.object.type === 'Identifier' && n.left.object.name === url.name && n.left.property.type === 'Identifier' && URL_HOST_PARTS.has(n.left.property.name));
}

/** Whether `node` is in a middleware mounted for every path (`app.use((req, res) => …)`, no path before it): it receives `//host/…` paths too. */
function mountedForAnyPath(node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  const call = fn.type === 'Program' ? undefined : fn.parent;
  return call?.type === 'CallExpression' && methodName(call) === 'use' && call.arguments[0] === fn;
}

/**
 * A request path with its leading slashes collapsed to one (`req.originalUrl.replace(/^\/+/, '/')`),
 * possibly after removing a prefix first: a path on this site. A request path always starts with `/`,
 * and servers percent-encode a backslash in the Location header.
 */
function oneLeadingSlash(node: TSESTree.Node): boolean {
  if (node.type !== 'CallExpression' || methodName(node) !== 'replace' || node.callee.type !== 'MemberExpression') return false;
  const [pattern, replacement] = node.arguments;
  if (pattern?.type !== 'Literal' || !('regex' in pattern) || pattern.regex.pattern !== '^\\/+' || replacement?.type !== 'Literal' || replacement.value !== '/') return false;
  let subject: TSESTree.Node = node.callee.object;
  // `req.originalUrl.replace(prefix, '')` first, or a variable holding it, is still a request path.
  if (subject.type === 'Identifier') {
    const name = subject.name;
    let scope: TSESTree.Node | undefined = node.parent;
    while (scope && !/Function|Program/.test(scope.type)) scope = scope.parent;
    const decl = scope && findDeclarator(scope, name);
    if (!decl?.init) return false;
    subject = decl.init;
  }
  while (subject.type === 'CallExpression' && methodName(subject) === 'replace' && subject.callee.type === 'MemberExpression') subject = subject.callee.object;
  return requestPath(subject);
}

/**
 * A request path whose route prefix is swapped for another path (`ctx.path.replace(/^\/share/, '/s')`)
 * inside a handler registered only for routes under that prefix (`router.use(['/share/:id', …], h)`):
 * the prefix is always there, so the result starts with the replacement, a path on this site. The
 * pattern is a `^\/` and letters; each route must start with the same text followed by `/` or its end.
 */
function routePrefixReplaced(node: TSESTree.Node, path = node): boolean {
  if (node.type !== 'CallExpression' || methodName(node) !== 'replace' || node.callee.type !== 'MemberExpression') return false;
  const [pattern, replacement] = node.arguments;
  if (pattern?.type !== 'Literal' || !('regex' in pattern) || replacement?.type !== 'Literal' || typeof replacement.value !== 'string') return false;
  const prefix = /^\^\\\/([\w-]+)$/.exec(pattern.regex.pattern)?.[1];
  if (!prefix || pattern.regex.flags !== '' || !/^\/[^/\\]/.test(replacement.value)) return false;
  if (!requestPath(node.callee.object)) return false;
  let fn: TSESTree.Node | undefined = path.parent;
  while (fn && fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') fn = fn.parent;
  const register = fn?.parent;
  if (register?.type !== 'CallExpression' || !register.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const routes: string[] = [];
  for (const arg of register.arguments) {
    if (arg === fn) continue;
    const items = arg.type === 'ArrayExpression' ? arg.elements : [arg];
    for (const item of items) {
      if (item?.type === 'Literal' && typeof item.value === 'string') routes.push(item.value);
      else if (item?.type !== 'Identifier') return false;
    }
  }
  return routes.length > 0 && routes.every((r) => r === `/${prefix}` || r.startsWith(`/${prefix}/`));
}

/**
 * Whether the function that declares parameter `use` is handed to a call (`fetch(…).then((response) =>
 * …)`, `addEventListener('message', (event) => …)`, `$.ajax(url, { success(data) { … } })`): the library
 * or the browser fills that parameter (a response, an event), not a caller of the program's.
 */
function libraryCallback(use: TSESTree.Identifier): boolean {
  let fn = enclosingFunction(use);
  while (fn.type !== 'Program' && parameterIndex(fn, use.name) < 0) fn = enclosingFunction(fn);
  if (fn.type === 'Program') return false;
  let holder: TSESTree.Node = fn;
  // An options object's method or property (`{ success(data) { … } }`, `{ onDone: (url) => … }`).
  while (holder.parent && (holder.parent.type === 'Property' || holder.parent.type === 'ObjectExpression')) holder = holder.parent;
  const call = holder.parent;
  return (call?.type === 'CallExpression' || call?.type === 'NewExpression') && call.arguments.includes(holder as TSESTree.CallExpressionArgument);
}

/** What a `const` name was set to in its function (itself for anything else). */
function initOf(node: TSESTree.Node): TSESTree.Node {
  if (node.type !== 'Identifier') return node;
  let scope: TSESTree.Node | undefined = node.parent;
  while (scope && !/Function|Program/.test(scope.type)) scope = scope.parent;
  const decl = scope && findDeclarator(scope, node.name);
  return decl?.init && decl.parent?.type === 'VariableDeclaration' && decl.parent.kind === 'const' ? decl.init : node;
}

function findDeclarator(scope: TSESTree.Node, name: string): TSESTree.VariableDeclarator | undefined {
  let found: TSESTree.VariableDeclarator | undefined;
  const visit = (n: TSESTree.Node): void => {
    if (found) return;
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === name) {
      found = n;
      return;
    }
    forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

/**
 * The value a response call puts in the Location header, which browsers follow on a 3xx (and Express's
 * `res.location`): `res.header|set|setHeader|append('Location', v)`, `res.location(v)`, and the headers
 * object of `res.writeHead(status[, message], { location: v })`.
 */
function locationHeader(node: TSESTree.CallExpression, method: string | undefined): TSESTree.CallExpressionArgument | undefined {
  const [first, second] = node.arguments;
  if (method === 'location') return first;
  if (method === 'header' || method === 'set' || method === 'setHeader' || method === 'append') {
    return first?.type === 'Literal' && typeof first.value === 'string' && first.value.toLowerCase() === 'location' ? second : undefined;
  }
  if (method === 'writeHead') {
    const headers = node.arguments.find((a, i) => i > 0 && a.type === 'ObjectExpression') as TSESTree.ObjectExpression | undefined;
    for (const p of headers?.properties ?? []) {
      if (p.type === 'Property' && propertyKey(p)?.toLowerCase() === 'location') return p.value as TSESTree.Expression;
    }
  }
  return undefined;
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
      PAGE_NAVIGATION,
      seq(...member(String.raw`\$?window`, 'open')),
      // a Location header: res.header('Location', …), res.location(…), and res.writeHead(302, { location: … })
      // (`locationHeader` reads only an object written in the call: not a `location: Location` type); the
      // header's name in any case, as `locationHeader` compares it
      String.raw`['"][Ll][Oo][Cc][Aa][Tt][Ii][Oo][Nn]['"]\s*,`,
      seq(...member('res|response|ctx|reply|h', 'writeHead')),
      seq(...member('res|response|ctx|reply', 'location')),
      String.raw`@Redirect\s*\(`,
    ].join('|')),
    // The page navigates to a value a function's caller passes in (low confidence): no request text needed.
    new RegExp(`${REQUEST_TEXT}|${PAGE_NAVIGATION}`),
  ],
  scope: 'unit',
  create(context) {
    const report = (node: TSESTree.Node) => {
      const first = pieces(node).find((p) => p !== '');
      if (first !== undefined && typeof first !== 'string' && ownPath(first) && !mountedForAnyPath(node)) {
        context.report({
          node,
          severity: 'warning',
          confidence: 'low',
          message: 'This redirect target starts with the path the request or page is already at, which names another host only when it starts with `//` (reached when the handler or page is served for any path, which is not in view here); collapse leading slashes first (`.replace(/^\\/+/, \'/\')`) to keep it on this site.',
          related: sinkFlow(context.text, node, node, node, 'redirect'),
        });
        return;
      }
      const open = openBefore(node);
      const related = sinkFlow(context.text, node, node, node, 'redirect');
      context.report({
        node,
        message: open === 'origin'
          ? 'The host written before the request data in this redirect target has no `/` after it: `@evil.example` from the request makes evil.example the host, and `.evil.example` a host of evil.example. End the host with `/`, or check the target against an allow-list.'
          : open === 'program'
            ? 'Request data follows a value of the program\'s own in this redirect target: unless that value ends in a path, `@evil.example` or `.evil.example` from the request moves the redirect to another host (and an empty value leaves it all to the request). End the host with `/`, or check the target against an allow-list.'
            : 'This redirect target comes from the request; redirect only to relative paths or hosts on an allow-list.',
        ...(open === 'program' ? { confidence: 'medium' as const } : {}),
        ...(related ? { related } : {}),
      });
    };
    /**
     * The page navigates to a value built from a parameter no call in this file fills (`location.href =
     * url` in `function go(url)`): low confidence, since the callers are not in view; silent when a
     * literal host ended by `/` comes first, as for request data.
     */
    const reportCallerValue = (target: TSESTree.Node) => {
      const param = taintOf(target, 'redirect') === 'unknown' ? parameterOrigin(target, 'redirect') : undefined;
      if (!param || libraryCallback(param) || hostFixed(target, fromCaller)) return;
      context.report({
        node: target,
        severity: 'warning',
        confidence: 'low',
        message: `The page navigates to a URL built from \`${param.name}\`, which its caller passes in; if a caller can pass a link's query or hash, the page sends the user to another site: navigate only to relative paths or hosts on an allow-list.`,
        related: sinkFlow(context.text, target, target, undefined, undefined, [callerParameter(param)]),
      });
    };
    /**
     * AngularJS: the page navigates to a URL whose host a `$scope` value decides (`$window.location.href =
     * $scope.next + '/app'`). The scope is the view's model: form fields (`ng-model`) and whatever the
     * controller copied from the route fill it, so its origin is unknown here: low confidence, as for a
     * caller's value.
     */
    const reportViewValue = (target: TSESTree.Node) => {
      if (!pieces(target).some((p) => typeof p !== 'string' && scopeValue(p)) || hostFixed(target, scopeValue)) return;
      context.report({
        node: target,
        severity: 'warning',
        confidence: 'low',
        message: 'The page navigates to a URL that starts with a `$scope` value, which the view binds (a form field, or what the controller copied from the route); if a link can set it, the page sends the user to another site: navigate only to relative paths or hosts on an allow-list.',
      });
    };
    return {
      CallExpression(node) {
        const method = methodName(node);
        const receiver = node.callee.type === 'MemberExpression' ? qualifiedName(node.callee.object) : undefined;
        if (method === 'redirect' && receiver && RESPONSE.test(receiver)) {
          const target = node.arguments[node.arguments.length - 1];
          if (target && taintOf(target, 'redirect') === 'request' && !hostFixed(target)) report(target);
        }
        if (receiver && RESPONSE.test(receiver)) {
          const target = locationHeader(node, method);
          if (target && target.type !== 'SpreadElement' && taintOf(target, 'redirect') === 'request' && !hostFixed(target)) report(target);
        }
        const name = calleeName(node);
        const first = node.arguments[0];
        if (name && first && first.type !== 'SpreadElement' && /^(?:\$?window\.)?location\.(?:assign|replace)$|^\$?window\.open$/.test(name)) {
          if (taintOf(first, 'redirect') === 'request') {
            if (!hostFixed(first)) report(first);
          } else if (!name.endsWith('window.open')) {
            reportCallerValue(first);
            reportViewValue(first);
          }
        }
      },
      // NestJS: a handler under `@Redirect()` redirects to the `url` of the object it returns.
      MethodDefinition(node) {
        if (node.value.type !== 'FunctionExpression' || !node.decorators?.some((d) => d.expression.type === 'CallExpression' && d.expression.callee.type === 'Identifier' && d.expression.callee.name === 'Redirect')) return;
        for (const value of returnedValues(node.value)) {
          const url = value.type === 'ObjectExpression' ? propertiesOf(value).get('url')?.value : undefined;
          if (url && taintOf(url, 'redirect') === 'request' && !hostFixed(url)) report(url);
        }
      },
      AssignmentExpression(node) {
        const target = qualifiedName(node.left);
        if (!target || !/^(?:\$?window\.|document\.)?location(?:\.href)?$/.test(target)) return;
        if (taintOf(node.right, 'redirect') === 'request') {
          if (!hostFixed(node.right)) report(node.right);
        } else {
          reportCallerValue(node.right);
          reportViewValue(node.right);
        }
      },
    };
  },
});
