import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { hasSpread, ARCHIVES, archiveEntryCallback, methodName, moduleBindings, moduleCall, propertiesOf, callerParameter, sinkFlow, type ModuleBindings } from '../../engine/patterns';
import { checksValue, enclosingFunction, isRequestBoundParameter, isRequestObject, isRequestSource, parameterIndex, parameterOrigin, someInScope, taintOf, valuesOf } from '../../engine/taint';
import { forEachChild } from '../../engine/tree';
import { ACCESS, member, prop, REQUEST_TEXT, seq } from '../prefilter';

const FS_CALLS = new Set([
  'readFile', 'readFileSync', 'createReadStream', 'writeFile', 'writeFileSync', 'createWriteStream', 'appendFile', 'appendFileSync',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'readdir', 'readdirSync', 'open', 'openSync', 'stat', 'statSync', 'access', 'accessSync',
  'copyFile', 'copyFileSync', 'rename', 'renameSync', 'mkdir', 'mkdirSync', 'lstat', 'realpath',
]);

/** The request is read in the function itself: a path handed in by a caller may have been checked there (etherpad's Minify). */
const localRequest = new RegExp(REQUEST_TEXT);

function isStatement(node: TSESTree.Node): boolean {
  return node.type.endsWith('Statement') || node.type.endsWith('Declaration');
}

/** `path.join(req.baseUrl, req.path)`: a URL path built from the request's own URL parts, not a file path. */
function urlJoin(join: TSESTree.CallExpression): boolean {
  const base = join.arguments[0];
  return base?.type === 'MemberExpression' && !base.computed && base.property.type === 'Identifier'
    && /^(?:baseUrl|path|originalUrl|url)$/.test(base.property.name) && isRequestObject(base.object);
}

/** `path.join` or `path.resolve`, as `isJoin` reads the callee's name (`path['join']`, `(path).join`, `path?.join`). */
const PATH_JOIN = seq(...member('path', 'join|resolve'));

export default defineAstRule({
  meta: {
    id: 'path-traversal',
    title: 'File path taken from the request',
    description: 'A path built from request data can contain `../` or an absolute path and reach any file the process can read or write. `res.render(view, req.body)` gives the template engine an object the client wrote as its options, where `layout` (hbs) or `settings` (EJS) name the file that is read and run.',
    recommendation: 'Resolve the path under a fixed base directory and check the result still starts with it, or map the request value to a known file name.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-22'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ['sendfile', 'download', '\'fs', '"fs', 'node:fs', 'fs-extra', 'join', 'resolve', 'render'],
  prefilter: [
    // res.sendFile / res.download / res.render, an fs import (the same test the Program visitor makes), or
    // path joining as `isJoin` knows it: `path.join` / `path.resolve`, or `join` / `resolve` imported from
    // path (not `Promise.resolve` or `lines.join`)
    new RegExp(String.raw`${seq(ACCESS, prop('sendFile|download|sendfile|render'))}|['"](?:node:)?fs(?:\/promises)?['"]|fs-extra|${PATH_JOIN}|['"](?:node:)?path['"]`),
    // request data, or (for a path its caller passes in) the file loads fs or path, or calls `path.join`
    // by that name without loading it (`isJoin` reads the name)
    new RegExp(String.raw`${REQUEST_TEXT}|['"](?:node:)?(?:fs(?:\/promises)?|path)['"]|fs-extra|${PATH_JOIN}`),
  ],
  scope: 'unit',
  fileText: [/['"](?:node:)?path['"]/, /['"](?:node:)?fs(?:\/promises)?['"]|fs-extra/, localRequest],
  create(context) {
    let fs: ModuleBindings | undefined;
    let pathModule: ModuleBindings | undefined;
    /** The file loads an archive reader: `archive-path-traversal` reports what its entries' names reach. */
    let archives = false;
    /** The file reads the request somewhere (the prefilter's test; read once, when a call needs it): without it, only parameters are followed. */
    let requestText: boolean | undefined;
    const readsRequest = () => (requestText ??= localRequest.test(context.text));
    const report = (node: TSESTree.Node, fn: string) =>
      context.report({ node, message: `\`${fn}\` opens a path built from request data; resolve it under a fixed base directory and reject paths that leave it.`, related: sinkFlow(context.text, node, node, node, 'path') });
    return {
      Program(node) {
        pathModule = /['"](?:node:)?path['"]/.test(context.text) ? moduleBindings(node, ['path']) : undefined;
        fs = /['"](?:node:)?fs(?:\/promises)?['"]|fs-extra/.test(context.text) ? moduleBindings(node, ['fs', 'fs/promises', 'fs-extra']) : undefined;
        requestText = undefined;
        const loaded = fs && moduleBindings(node, ARCHIVES);
        archives = !!loaded && (loaded.namespaces.size > 0 || loaded.members.size > 0);
      },
      CallExpression(node) {
        if (isJoin(node)) {
          // The path is built here; a sink in the same function that opens it reports it there instead.
          // Request data checked before the join (an allow-list, a words-only pattern) is not reported.
          const value = readsRequest() ? node.arguments.find((a) => taintOf(a, 'path') === 'request') : undefined;
          // A callback (`items.forEach((x) => …)`) sees the request of the function around it: read there counts.
          let fn = enclosingFunction(node);
          while (fn.type !== 'Program' && fn.parent?.type === 'CallExpression' && fn.parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) fn = enclosingFunction(fn.parent);
          const body = context.text.slice(fn.start, fn.end);
          if (value && !consumedBySink(node) && !checkedLater(node, value) && localRequest.test(body) && !urlJoin(node)) {
            context.report({
              node,
              message: `\`${qualifiedName(node.callee) ?? 'path.join'}\` builds a file path from request data, and \`../\` or an absolute path in it leaves the base directory; check the result still starts with the base before using it.`,
              related: sinkFlow(context.text, node, value, value, 'path'),
            });
            return;
          }
          // A name its caller passes in (low confidence): the callers this file shows pass no request data.
          const passed = value ? undefined : node.arguments.slice(1).find((a) => parameterOrigin(a, 'path') && taintOf(a, 'path') === 'unknown');
          const param = passed && parameterOrigin(passed, 'path');
          if (passed && param && !consumedBySink(node) && !checkedLater(node, passed)) {
            context.report({
              node,
              severity: 'warning',
              confidence: 'low',
              message: `\`${qualifiedName(node.callee) ?? 'path.join'}\` builds a file path from \`${param.name}\`, which its caller passes in; if a caller can pass request data or an archive entry's name, \`../\` leaves the base directory: check the result still starts with the base.`,
              related: sinkFlow(context.text, node, passed, undefined, undefined, [callerParameter(param)]),
            });
          }
          return;
        }
        const method = methodName(node);
        if (method === 'render' && readsRequest() && rendersRequestLocals(node)) {
          context.report({
            node: node.arguments[1]!,
            message: `\`${qualifiedName(node.callee)}\` gives the template engine an object the client built as its options: \`layout\` (hbs, express-handlebars) or \`filename\`/\`root\`/\`settings\` (EJS) pick which file is read and run; pass the fields the view needs, by name.`,
          });
          return;
        }
        if ((method === 'sendFile' || method === 'download' || method === 'sendfile') && readsRequest() && sendsFile(node)) {
          const path = node.arguments[0];
          // `res.download(path, filename?, options?, fn?)`: only options written out as an object are known to be options
          const rooted = methodName(node) === 'download'
            ? node.arguments.slice(1, 3).some((a) => setsRoot(a))
            : mayHaveRoot(node.arguments[1]);
          if (path && !rooted && taintOf(path, 'path') === 'request') report(path, methodName(node)!);
          return;
        }
        const fn = fsCall(node);
        if (!fn) return;
        const path = node.arguments[0];
        const param = parameterOrigin(path, 'path');
        if (!path || (!param && !readsRequest())) return;
        const taint = taintOf(path, 'path');
        if (taint === 'request') report(path, fn);
        else if (taint === 'unknown' && param && !(archives && archiveEntry(param))) {
          context.report({
            node: path,
            severity: 'warning',
            confidence: 'low',
            message: `\`${fn}\` opens a path built from \`${param.name}\`, which its caller passes in; if a caller can pass request data, resolve it under a fixed base directory and reject paths that leave it.`,
            related: sinkFlow(context.text, path, path, undefined, undefined, [callerParameter(param)]),
          });
        }
      },
    };
    /**
     * `res.render(view, req.body)`: the locals object is also the engine's options, so a client who
     * writes the object (a request part as a whole, or spread into the literal) names the layout or
     * template file. A literal of request values (`{ name: req.query.name }`) is not this.
     */
    function rendersRequestLocals(node: TSESTree.CallExpression): boolean {
      if (methodName(node) !== 'render' || node.callee.type !== 'MemberExpression' || !/^(?:res|response|ctx)$/.test(qualifiedName(node.callee.object) ?? '')) return false;
      let locals: TSESTree.Node | undefined = node.arguments[1];
      if (locals?.type === 'Identifier') {
        const values = valuesOf(locals);
        locals = values.length === 1 ? values[0] : locals;
      }
      if (!locals || locals.type === 'SpreadElement') return false;
      if (locals.type === 'ObjectExpression') return locals.properties.some((p) => p.type === 'SpreadElement' && clientObject(p.argument));
      return clientObject(locals);
    }
    /**
     * An object as the client sent it: a part of the request (`req.body`, `req.body.profile`), or a
     * handler parameter bound to it (`@Body() dto`); not an object the program builds with request values in it.
     */
    function clientObject(node: TSESTree.Node, depth = 0): boolean {
      if (node.type === 'Identifier') {
        const values = valuesOf(node);
        if (values.length === 1 && depth < 3) return clientObject(values[0]!, depth + 1);
        return values.length === 0 && isRequestBoundParameter(node);
      }
      for (let n: TSESTree.Node = node; n.type === 'MemberExpression'; n = n.object) if (isRequestSource(n)) return true;
      return false;
    }
    /** Is `param` the entry an archive reader hands its callback (`.on('entry', (entry) => …)`)? */
    function archiveEntry(param: TSESTree.Identifier): boolean {
      for (let fn = enclosingFunction(param); fn.type !== 'Program'; fn = enclosingFunction(fn)) {
        const position = parameterIndex(fn, param.name);
        if (position >= 0) return position === 0 && archiveEntryCallback(fn);
      }
      return false;
    }
    /** `res.sendFile(p)` / `res.download(p)`. */
    function sendsFile(node: TSESTree.CallExpression): boolean {
      const method = methodName(node);
      return (method === 'sendFile' || method === 'download' || method === 'sendfile') && node.callee.type === 'MemberExpression';
    }
    /** The `fs` function a call runs, when it is one that opens or changes a path. */
    function fsCall(node: TSESTree.CallExpression): string | undefined {
      if (!fs) return undefined;
      let fn = moduleCall(node, fs);
      if (!fn && node.callee.type === 'MemberExpression') {
        // fs.promises.readFile(…)
        const object = node.callee.object;
        if (object.type === 'MemberExpression' && object.object.type === 'Identifier' && fs.namespaces.has(object.object.name)) fn = methodName(node);
      }
      return fn && FS_CALLS.has(fn) ? fn : undefined;
    }
    function isSink(call: TSESTree.Node | undefined): boolean {
      return call?.type === 'CallExpression' && (sendsFile(call) || !!fsCall(call));
    }
    function isJoin(node: TSESTree.CallExpression): boolean {
      const name = qualifiedName(node.callee);
      if (name === 'path.join' || name === 'path.resolve') return true;
      return node.callee.type === 'Identifier' && !!pathModule && (pathModule.members.get(node.callee.name) === 'join' || pathModule.members.get(node.callee.name) === 'resolve');
    }
    /**
     * Whether the joined path is checked for containment after the join: a variable holding it is checked
     * in the function (`if (!p.startsWith(base)) return`), or it is passed to a method of the same class or
     * a function of the file that checks that parameter (parse-server's PagesRouter.readFile).
     */
    function checkedLater(join: TSESTree.CallExpression, value: TSESTree.Node): boolean {
      // `path.relative(base, path.resolve(base, x))`: the result of the outer call is what is checked.
      // `cond ? path.join(dir, x) : ''`: the conditional's value.
      let result: TSESTree.Node = join;
      for (let p: TSESTree.Node | undefined = result.parent; p; result = p, p = p.parent) {
        const pathCall = p.type === 'CallExpression' && p.arguments.includes(result as TSESTree.CallExpressionArgument)
          && /^(?:path\.)?(?:relative|resolve|join|normalize)$/.test(qualifiedName(p.callee) ?? '');
        if (!pathCall && !(p.type === 'ConditionalExpression' && p.test !== result)) break;
      }
      // The join is the check itself: `if (path.resolve(base, x).startsWith(base))`.
      const key = qualifiedName(value);
      for (let child: TSESTree.Node = result, n: TSESTree.Node | undefined = result.parent; key && n; child = n, n = n.parent) {
        const test = n.type === 'IfStatement' || n.type === 'ConditionalExpression' ? n.test : n.type === 'LogicalExpression' ? n.left : undefined;
        if (test === child && checksValue(test, key, 'path')) return true;
        if (isStatement(n)) break;
      }
      const parent = result.parent;
      if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return checkedIn(enclosingFunction(join), parent.id.name, 0);
      if (parent?.type !== 'CallExpression') return false;
      const position = parent.arguments.indexOf(result as TSESTree.CallExpressionArgument);
      const callee = calleeFunction(parent);
      const param = callee?.params[position];
      return param?.type === 'Identifier' && checkedIn(callee!, param.name, 1);
    }
    /** Does `fn` check the value named `name` for containment, itself or in a function of the file it hands it to (at most 3 calls deep)? */
    function checkedIn(fn: TSESTree.Node, name: string, depth: number): boolean {
      if (checksValue(fn, name, 'path')) return true;
      if (depth >= 3) return false;
      return someInScope(fn, (n) => {
        if (n.type !== 'CallExpression') return false;
        const position = n.arguments.findIndex((a) => a.type === 'Identifier' && a.name === name);
        const callee = position >= 0 ? calleeFunction(n) : undefined;
        const param = callee?.params[position];
        return !!callee && callee !== fn && param?.type === 'Identifier' && checkedIn(callee, param.name, depth + 1);
      });
    }
    /** The function a call runs when it is declared in this file: `this.m(…)` in a class with a method `m`, or `f(…)` of a function declaration. */
    function calleeFunction(call: TSESTree.CallExpression): TSESTree.FunctionExpression | TSESTree.FunctionDeclaration | undefined {
      const callee = call.callee;
      if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression' && !callee.computed && callee.property.type === 'Identifier') {
        const name = callee.property.name;
        let body: TSESTree.Node | undefined = call.parent;
        while (body && body.type !== 'ClassBody') body = body.parent;
        const method = body?.type === 'ClassBody' ? body.body.find((m) => m.type === 'MethodDefinition' && !m.computed && m.key.type === 'Identifier' && m.key.name === name) : undefined;
        return method?.type === 'MethodDefinition' && method.value.type === 'FunctionExpression' ? method.value : undefined;
      }
      if (callee.type !== 'Identifier') return undefined;
      let scope: TSESTree.Node | undefined = call.parent;
      while (scope?.parent) scope = scope.parent;
      const decl = scope?.type === 'Program' ? scope.body.find((s) => s.type === 'FunctionDeclaration' && s.id?.name === callee.name) : undefined;
      return decl?.type === 'FunctionDeclaration' ? decl : undefined;
    }
    /** Whether the joined path goes straight to a sink: as its first argument, or through a variable passed first to one in the same function. */
    function consumedBySink(join: TSESTree.CallExpression): boolean {
      const parent = join.parent;
      if (parent?.type === 'CallExpression' && parent.arguments[0] === join) return isSink(parent);
      if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return false;
      const name = parent.id.name;
      let found = false;
      const visit = (n: TSESTree.Node) => {
        if (found) return;
        if (n.type === 'CallExpression' && n.arguments[0]?.type === 'Identifier' && n.arguments[0].name === name && isSink(n)) found = true;
        forEachChild(n, visit);
      };
      visit(enclosingFunction(join));
      return found;
    }
  },
});

/**
 * Whether `sendFile(path, options)`'s options may set `root` (then Express serves `path` below that
 * folder and refuses `..`): an object with `root`, or options this file does not spell out (a parameter,
 * an undeclared name, a member such as `config.sendOptions`). A callback or an object without `root` may not.
 */
function mayHaveRoot(options: TSESTree.Node | undefined): boolean {
  if (!options || options.type === 'SpreadElement') return false;
  if (options.type === 'ObjectExpression') return propertiesOf(options).has('root') || hasSpread(options);
  if (options.type === 'Identifier') {
    const values = valuesOf(options);
    return values.length === 0 || values.some((v) => v.type !== 'ObjectExpression' || mayHaveRoot(v));
  }
  return options.type === 'MemberExpression' || options.type === 'CallExpression';
}

/** An object, or a name bound only to objects, one of which sets `root` (or spreads something that may). */
function setsRoot(options: TSESTree.Node | undefined): boolean {
  if (options?.type === 'Identifier') {
    const values = valuesOf(options);
    return values.length > 0 && values.every((v) => v.type === 'ObjectExpression') && values.some((v) => mayHaveRoot(v));
  }
  return options?.type === 'ObjectExpression' && mayHaveRoot(options);
}
