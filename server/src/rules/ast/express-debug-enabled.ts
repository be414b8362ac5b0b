import { calleeName, defineAstRule, mentions, staticString, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, propertiesOf, replaceNode, type ModuleBindings } from '../../engine/patterns';

/** Inside `if (env === 'development')`, `if (app.get('env') !== 'production') …` and the like. */
function guardedByEnvironment(node: TSESTree.Node, text: string): boolean {
  for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
    if (n.type === 'IfStatement' || n.type === 'ConditionalExpression' || n.type === 'LogicalExpression') {
      const test = n.type === 'LogicalExpression' ? n.left : n.test;
      if (/NODE_ENV|\benv\b|development|production|isDev|isProd|debug/i.test(text.slice(test.start, test.end))) return true;
    }
  }
  return false;
}

export default defineAstRule({
  meta: {
    id: 'express-debug-enabled',
    title: 'Express development error handling in production code',
    description: "`errorhandler()` and `app.set('env', 'development')` send stack traces and internals to every client that triggers an error; they are meant for development only.",
    recommendation: "Register errorhandler only when NODE_ENV is 'development', and never force the env setting in code.",
    category: 'logging',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-489', 'CWE-209'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['errorhandler', "'env'", '"env"', 'showstack', 'dumpexceptions'],
  prefilter: [/\.use\s*\(\s*[\w.]*error[hH]andler\s*\(|\.set\s*\(\s*['"]env['"]\s*,\s*['"]development/],
  scope: 'unit',
  fileText: mentions('errorhandler'),
  create(context) {
    let errorhandler: ModuleBindings | undefined;
    return {
      Program(node) {
        errorhandler = context.textIncludes('errorhandler') ? moduleBindings(node, ['errorhandler']) : undefined;
      },
      CallExpression(node) {
        const method = methodName(node);
        // app.set('env', 'development')
        if (method === 'set' && staticString(node.arguments[0]) === 'env' && staticString(node.arguments[1]) === 'development') {
          const value = node.arguments[1]!;
          context.report({
            node,
            message: "Forcing env to 'development' turns on verbose errors for every client; read NODE_ENV from the environment instead.",
            fix: replaceNode("Use process.env.NODE_ENV", value, "process.env.NODE_ENV ?? 'production'"),
          });
          return;
        }
        // app.use(errorhandler()) / app.use(express.errorHandler({ showStack: true, dumpExceptions: true }))
        if (method !== 'use' || node.arguments.length !== 1) return;
        const arg = node.arguments[0]!;
        if (arg.type !== 'CallExpression') return;
        const handler = calleeName(arg);
        if (!handler || !/(?:^|\.)error[hH]andler$/.test(handler)) return;
        const options = propertiesOf(arg.arguments[0]);
        const verbose = ['showStack', 'dumpExceptions'].some((k) => {
          const p = options.get(k);
          return p?.value.type === 'Literal' && p.value.value === true;
        });
        const isDevPackage = Boolean(errorhandler?.namespaces.has(handler)) || verbose;
        if (!isDevPackage || guardedByEnvironment(node, context.text)) return;
        context.report({
          node,
          message: `\`${handler}\` shows stack traces to clients; register it only when NODE_ENV is 'development'.`,
        });
      },
    };
  },
});
