import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, moduleCall, propertiesOf, type ModuleBindings } from '../../engine/patterns';
import { enclosingFunction, taintOf } from '../../engine/taint';
import { forEachChild } from '../../engine/tree';
import { ACCESS, prop, REQUEST_TEXT, seq } from '../prefilter';

const FS_CALLS = new Set([
  'readFile', 'readFileSync', 'createReadStream', 'writeFile', 'writeFileSync', 'createWriteStream', 'appendFile', 'appendFileSync',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'readdir', 'readdirSync', 'open', 'openSync', 'stat', 'statSync', 'access', 'accessSync',
  'copyFile', 'copyFileSync', 'rename', 'renameSync', 'mkdir', 'mkdirSync', 'lstat', 'realpath',
]);

/**
 * A check in the same function that a joined path stays under its base (`resolved.startsWith(base)`,
 * `resolved.indexOf(base) === 0`, `path.relative`, a `..` test or removal), or a sanitiser: with one, a join of request data is not reported.
 */
const CONTAINMENT = /\.startsWith\s*\(|\.indexOf\s*\([^)]*\)\s*[!=]==?\s*0\b|\.replace(?:All)?\s*\(\s*\/[^\n]*\\\.\\\.|\brelative\s*\(|\b(?:includes|indexOf)\s*\(\s*(['"`])\.\.|\bsanitize\w*\s*\(|\bis\w*(?:Inside|Within|Under|Sub(?:dir|Dir|path|Path))\w*\s*\(/;

/** The request is read in the function itself: a path handed in by a caller may have been checked there (etherpad's Minify). */
const localRequest = new RegExp(REQUEST_TEXT);

function enclosingClass(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'ClassBody') return n;
  return undefined;
}

/** `if (!languages.includes(lng)) return;`: the value is checked against a list of known names. */
function allowListed(value: TSESTree.Node, body: string): boolean {
  if (value.type !== 'Identifier') return false;
  return new RegExp(String.raw`\.(?:includes|has|indexOf)\s*\(\s*${value.name}\b`).test(body);
}

/** `path.join(req.baseUrl, req.path)`: a URL path built from the request's own URL parts, not a file path. */
function urlJoin(join: TSESTree.CallExpression): boolean {
  const base = join.arguments[0];
  return base?.type === 'MemberExpression' && base.object.type === 'Identifier' && /^(?:req|request|ctx)$/.test(base.object.name);
}

export default defineAstRule({
  meta: {
    id: 'path-traversal',
    title: 'File path taken from the request',
    description: 'A path built from request data can contain `../` or an absolute path and reach any file the process can read or write.',
    recommendation: 'Resolve the path under a fixed base directory and check the result still starts with it, or map the request value to a known file name.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-22'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ['sendfile', 'download', '\'fs', '"fs', 'node:fs', 'fs-extra', 'join', 'resolve'],
  prefilter: [
    // res.sendFile / res.download, an fs import (the same test the Program visitor makes), or path joining
    new RegExp(String.raw`${seq(ACCESS, prop('sendFile|download|sendfile'))}|['"](?:node:)?fs(?:\/promises)?['"]|fs-extra|\b(?:join|resolve)\b`),
    new RegExp(REQUEST_TEXT),
  ],
  create(context) {
    let fs: ModuleBindings | undefined;
    let pathModule: ModuleBindings | undefined;
    const report = (node: TSESTree.Node, fn: string) =>
      context.report({ node, message: `\`${fn}\` opens a path built from request data; resolve it under a fixed base directory and reject paths that leave it.` });
    return {
      Program(node) {
        pathModule = /['"](?:node:)?path['"]/.test(context.text) ? moduleBindings(node, ['path']) : undefined;
        fs = /['"](?:node:)?fs(?:\/promises)?['"]|fs-extra/.test(context.text) ? moduleBindings(node, ['fs', 'fs/promises', 'fs-extra']) : undefined;
      },
      CallExpression(node) {
        if (isJoin(node)) {
          // The path is built here; a sink in the same function that opens it reports it there instead.
          const value = node.arguments.find((a) => taintOf(a) === 'request');
          const fn = enclosingFunction(node);
          const body = context.text.slice(fn.range[0], fn.range[1]);
          // A class may check containment in the method that opens the file (parse-server's PagesRouter.readFile).
          const scope = enclosingClass(node) ?? fn;
          if (value && !consumedBySink(node) && !CONTAINMENT.test(context.text.slice(scope.range[0], scope.range[1])) && localRequest.test(body) && !allowListed(value, body) && !urlJoin(node)) {
            context.report({
              node,
              message: `\`${qualifiedName(node.callee) ?? 'path.join'}\` builds a file path from request data, and \`../\` or an absolute path in it leaves the base directory; check the result still starts with the base before using it.`,
            });
          }
          return;
        }
        if (sendsFile(node)) {
          const path = node.arguments[0];
          const options = node.arguments.find((a) => a.type === 'ObjectExpression');
          if (path && !propertiesOf(options).has('root') && taintOf(path) === 'request') report(path, methodName(node)!);
          return;
        }
        const fn = fsCall(node);
        if (!fn) return;
        const path = node.arguments[0];
        if (path && taintOf(path) === 'request') report(path, fn);
      },
    };
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
