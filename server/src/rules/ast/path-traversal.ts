import { defineAstRule, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, moduleCall, propertiesOf, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { ACCESS, prop, REQUEST_TEXT, seq } from '../prefilter';

const FS_CALLS = new Set([
  'readFile', 'readFileSync', 'createReadStream', 'writeFile', 'writeFileSync', 'createWriteStream', 'appendFile', 'appendFileSync',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'readdir', 'readdirSync', 'open', 'openSync', 'stat', 'statSync', 'access', 'accessSync',
  'copyFile', 'copyFileSync', 'rename', 'renameSync', 'mkdir', 'mkdirSync', 'lstat', 'realpath',
]);

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
  keywords: ['sendfile', 'download', '\'fs', '"fs', 'node:fs', 'fs-extra'],
  prefilter: [
    // res.sendFile / res.download, or an fs import (the same test the Program visitor makes)
    new RegExp(String.raw`${seq(ACCESS, prop('sendFile|download|sendfile'))}|['"](?:node:)?fs(?:\/promises)?['"]|fs-extra`),
    new RegExp(REQUEST_TEXT),
  ],
  create(context) {
    let fs: ModuleBindings | undefined;
    const report = (node: TSESTree.Node, fn: string) =>
      context.report({ node, message: `\`${fn}\` opens a path built from request data; resolve it under a fixed base directory and reject paths that leave it.` });
    return {
      Program(node) {
        fs = /['"](?:node:)?fs(?:\/promises)?['"]|fs-extra/.test(context.text) ? moduleBindings(node, ['fs', 'fs/promises', 'fs-extra']) : undefined;
      },
      CallExpression(node) {
        const method = methodName(node);
        if ((method === 'sendFile' || method === 'download' || method === 'sendfile') && node.callee.type === 'MemberExpression') {
          const path = node.arguments[0];
          const options = node.arguments.find((a) => a.type === 'ObjectExpression');
          if (path && !propertiesOf(options).has('root') && taintOf(path) === 'request') report(path, method);
          return;
        }
        if (!fs) return;
        let fn = moduleCall(node, fs);
        if (!fn && node.callee.type === 'MemberExpression') {
          // fs.promises.readFile(…)
          const object = node.callee.object;
          if (object.type === 'MemberExpression' && object.object.type === 'Identifier' && fs.namespaces.has(object.object.name)) fn = method;
        }
        if (!fn || !FS_CALLS.has(fn)) return;
        const path = node.arguments[0];
        if (path && taintOf(path) === 'request') report(path, fn);
      },
    };
  },
});
