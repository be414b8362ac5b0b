import { calleeName, defineAstRule, findProperty, type TSESTree } from '../../engine/ast';
import { moduleBindings, type ModuleBindings } from '../../engine/patterns';
import { reportLiteralSecrets } from '../../engine/envFix';
import { secretMemberAssignment, secretProperty } from '../prefilter';

/** Middleware factories whose options (or first argument) hold the secret that signs session cookies. */
const FACTORIES = /^(?:session|expressSession|cookieSession|cookieParser|koaSession|fastifySession|fastifyCookie|ironSession|getIronSession|sealData)$/;

export default defineAstRule({
  meta: {
    id: 'literal-session-secret',
    title: 'Session or cookie secret written as a literal',
    description: 'The secret that signs session cookies is written in the code: anyone who reads the repository can forge a session for any user, whatever the string looks like.',
    recommendation: 'Rotate the secret and read it from the environment (process.env.SESSION_SECRET) or a secret manager.',
    category: 'credentials',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-798', 'CWE-321'],
    owasp: ['A07:2021', 'A02:2021'],
    fixable: true,
  },
  keywords: ['session', 'cookie', 'sealdata', 'keys'],
  prefilter: [
    // A literal where the rule looks: a `secret`/`keys`/`password` option, cookieParser's argument, `app.keys = …`.
    // Or a `secret` option naming a variable of the file (`secret: a`).
    new RegExp(`${secretProperty('secret|keys|password')}|cookieParser|${secretMemberAssignment('keys')}|\\bsecret['"]?[ \\t]*:[ \\t]*[A-Za-z_$][\\w$]*[ \\t]*[,}\\r\\n]`),
    // A middleware factory or a registered session/cookie plugin (case-insensitive, like the plugin test), or `app.keys = …`.
    new RegExp(`session|cookie|sealData|${secretMemberAssignment('keys')}`, 'i'),
  ],
  // `declared` collects every file-level and local declaration in source order, read by calls anywhere.
  scope: 'file',
  create(context) {
    const report = (value: TSESTree.Node | undefined) => reportLiteralSecrets(context, value, {
      message: 'Literal session secret: anyone who reads the code can forge session cookies; rotate it and read it from process.env.SESSION_SECRET.',
      env: 'SESSION_SECRET',
      kind: 'Session secret',
      followNames: true, // `const secret = '…'` in scope at the use: reported there, fixed at the literal
    });
    // Variables of this file initialised once (`const config = { secret: 'a' }`, `let a = 'a'`), so options and
    // values defined before the call are followed: `session(config)`, `session({ secret: a })`.
    const declared = new Map<string, TSESTree.Expression | null>();
    const resolve = (node: TSESTree.Node | undefined): TSESTree.Node | undefined =>
      node?.type === 'Identifier' && declared.has(node.name) ? declared.get(node.name) ?? undefined : node;
    // express-session signs with `secret` only; a `keys` option passed to it (cookie-session's name for its
    // secrets) is ignored by the library, so it protects nothing and is not reported.
    let expressSession: ModuleBindings | undefined;
    const fromOptions = (options: TSESTree.Node | undefined, callee?: TSESTree.Node) => {
      const object = resolve(options);
      if (object?.type !== 'ObjectExpression') return;
      const ignoresKeys = callee?.type === 'Identifier' && expressSession?.namespaces.has(callee.name) === true;
      for (const key of ignoresKeys ? ['secret'] : ['secret', 'keys', 'password']) { // password: iron-session
        const value = findProperty(object, key)?.value;
        report(value);
      }
    };
    return {
      Program(node) {
        expressSession = context.textIncludes('express-session') ? moduleBindings(node, ['express-session']) : undefined;
      },
      VariableDeclarator(node) {
        if (node.id.type !== 'Identifier') return;
        // A name declared twice (shadowing, another scope) is not followed.
        declared.set(node.id.name, declared.has(node.id.name) ? null : node.init);
      },
      CallExpression(node) {
        const name = calleeName(node)?.split('.').pop();
        if (name && FACTORIES.test(name)) {
          if (name === 'cookieParser') report(node.arguments[0]);
          else fromOptions(node.arguments.find((a) => a.type === 'ObjectExpression') ?? node.arguments.find((a) => a.type === 'Identifier'), node.callee);
          return;
        }
        // fastify.register(require('@fastify/session'), { secret: '…' })
        if (name === 'register' && node.arguments.length >= 2) {
          const plugin = context.source(node.arguments[0]!);
          if (/session|cookie/i.test(plugin)) fromOptions(node.arguments[1]);
        }
      },
      AssignmentExpression(node) {
        // Koa: app.keys = ['…']
        if (node.left.type === 'MemberExpression' && !node.left.computed && node.left.property.type === 'Identifier' && node.left.property.name === 'keys') {
          report(node.right);
        }
      },
    };
  },
});
