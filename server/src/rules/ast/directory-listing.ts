import { defineAstRule, mentions, staticString, type TSESTree } from '../../engine/ast';
import { valuesOf } from '../../engine/taint';
import { moduleBindings, moduleCall, type ModuleBindings } from '../../engine/patterns';
import { member, seq } from '../prefilter';

const LISTING = '`serve-index` lists the files of this folder to every visitor; remove it, or put it behind authentication.';

/** Folders whose files are not meant to be served: logs, uploads, backups, repositories, secrets. */
const PRIVATE_DIR = /(?:^|[/\\])(?:logs?|uploads?|backups?|\.git|\.svn|\.env|private|secrets?|dumps?)(?:[/\\]|$)/i;

export default defineAstRule({
  meta: {
    id: 'directory-listing',
    title: 'Directory listing, or static serving of logs and uploads',
    description: '`serve-index` lists every file of a folder to anyone who asks, and serving a logs, uploads or backup folder as static files publishes whatever lands there: tokens in logs, other users\' documents, uploaded HTML that runs as your site.',
    recommendation: 'Remove the directory listing; serve uploads through a handler that checks access and sets `Content-Disposition: attachment`, and keep logs and backups outside every static root.',
    category: 'privilege',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-548', 'CWE-552'],
    owasp: ['A01:2021', 'A05:2021'],
    fixable: false,
  },
  keywords: ['serve-index', 'static', 'serve-static'],
  // `serve-index` or a static-serving module named in the text, or `express.static` / `koa.static` /
  // `serve.static` (the object's name in any case): `static` alone is in every class with a static member.
  prefilter: [new RegExp(`serve-index|serve-static|koa-static|${seq(...member('express|koa|serve', 'static'))}`, 'i')],
  scope: 'unit',
  fileText: mentions('serve-index', 'serve-static', 'koa-static'),
  create(context) {
    let serveIndex: ModuleBindings | undefined;
    let serveStatic: ModuleBindings | undefined;
    return {
      Program(node) {
        serveIndex = context.textIncludes('serve-index') ? moduleBindings(node, ['serve-index']) : undefined;
        serveStatic = context.textIncludes('serve-static') || context.textIncludes('koa-static') ? moduleBindings(node, ['serve-static', 'koa-static', 'express']) : undefined;
      },
      CallExpression(node) {
        const callee = node.callee;
        if (serveIndex) {
          const bindings = serveIndex;
          const isServeIndex = (n: TSESTree.Node): boolean => n.type === 'CallExpression' && n.callee.type === 'Identifier' && bindings.namespaces.has(n.callee.name);
          // `const serve = serveIndex('ftp')`: the listing is served where the middleware is mounted or
          // called (`app.use(serve)`, `serve(req, res, next)`), and reported there.
          const mounted = (n: TSESTree.Node) => n.type === 'Identifier' && valuesOf(n).some(isServeIndex);
          if (isServeIndex(node)) {
            if (node.parent?.type === 'VariableDeclarator' && node.parent.init === node && node.parent.id.type === 'Identifier') return;
            context.report({ node, message: LISTING });
            return;
          }
          if (mounted(callee)) context.report({ node, message: LISTING });
          for (const arg of node.arguments) if (mounted(arg)) context.report({ node: arg, message: LISTING });
        }
        // express.static('logs'), serveStatic('uploads'), koaStatic(path.join(__dirname, 'uploads'))
        const isStatic = (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === 'static'
          && callee.object.type === 'Identifier' && /^(?:express|koa|serve)$/i.test(callee.object.name))
          || (callee.type === 'Identifier' && !!serveStatic && (serveStatic.namespaces.has(callee.name) || moduleCall(node, serveStatic) === 'static'));
        if (!isStatic) return;
        const dir = node.arguments[0];
        let folder = staticString(dir);
        if (folder === undefined && dir?.type === 'CallExpression') {
          // path.join(__dirname, 'uploads') / path.resolve('logs')
          const parts = dir.arguments.map((a) => staticString(a)).filter((s): s is string => s !== undefined);
          folder = parts.length > 0 ? parts.join('/') : undefined;
        }
        if (folder === undefined || !PRIVATE_DIR.test(folder)) return;
        context.report({ node: dir!, message: `\`${folder}\` is served as static files to anyone; serve these files through a handler that checks who asks (and as attachments), or move them out of the static root.` });
      },
    };
  },
});
