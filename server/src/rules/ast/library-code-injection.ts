import { defineAstRule, mentions, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, moduleCall, sinkFlow, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { taintOf, valuesOf, type Taint } from '../../engine/taint';
import { member, REQUEST_TEXT, seq } from '../prefilter';

/** Packages whose functions evaluate a string as code or as an expression language, and those functions. */
const EVALUATORS: Record<string, ReadonlySet<string>> = {
  mathjs: new Set(['evaluate', 'eval', 'compile', 'parse']),
  lodash: new Set(['template']),
  underscore: new Set(['template']),
  'lodash.template': new Set(['default']),
  vm2: new Set(['run']),
  'safe-eval': new Set(['default']),
  'static-eval': new Set(['default']),
  notevil: new Set(['default']),
  sandbox: new Set([]),
  // Template engines: a template compiled from request data is code the client wrote (server-side template injection).
  handlebars: new Set(['compile', 'precompile']),
  pug: new Set(['compile', 'render', 'compileClient']),
  // Pug's name before 2016, still installed by older apps.
  jade: new Set(['compile', 'render', 'compileClient']),
  ejs: new Set(['compile', 'render']),
  nunjucks: new Set(['renderString', 'compile']),
  squirrelly: new Set(['Compile', 'compile', 'render']),
  mustache: new Set(['render']),
  'hogan.js': new Set(['compile']),
  dot: new Set(['template', 'compile']),
  eta: new Set(['render', 'compile', 'renderAsync']),
  liquidjs: new Set(['parseAndRender', 'parse']),
};
/** Packages whose instances run code with `.run(code)`: `new VM().run(code)`, `new Sandbox().run(code, cb)`. */
const RUNNERS = ['vm2', 'sandbox'];
/**
 * Packages that exist to run JavaScript: their sinks run code of unknown origin too (at low confidence,
 * like `vm`), where a template engine or mathjs compiling the program's own text is its normal use.
 */
const CODE_RUNNERS = new Set(['vm2', 'sandbox', 'safe-eval', 'static-eval', 'notevil']);
/** Responses whose `render(view)` reads the template the client names (Express, Koa views). */
const RESPONSES = new Set(['res', 'response', 'ctx', 'reply']);
const MODULES = Object.keys(EVALUATORS);

export default defineAstRule({
  meta: {
    id: 'library-code-injection',
    title: 'Request data evaluated by a library (mathjs, template engines, vm2, sandbox, safe-eval)',
    description: "These libraries run the string they are given: mathjs's expression language can reach functions and properties, `_.template`, Handlebars, Pug (and Jade, its old name), EJS and the other template engines compile their text into JavaScript, vm2, sandbox, notevil and safe-eval have known escapes. Request data there runs the client's code on the server; a view name from the request (`res.render(req.query.page)`) renders whichever template file the client picks. The code runners (vm2, sandbox, notevil, safe-eval, static-eval) are no sandbox for a string of unknown origin either; those are reported at low confidence.",
    recommendation: 'Evaluate only expressions and templates your code owns and pass the client\'s values to them as data; choose a view from a fixed list.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-94', 'CWE-95'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['mathjs', 'lodash', 'underscore', 'vm2', 'safe-eval', 'static-eval', 'template', 'notevil', 'sandbox', 'handlebars', 'pug', 'jade',
    'ejs', 'nunjucks', 'squirrelly', 'mustache', 'hogan', 'dot', 'eta', 'liquidjs', 'render'],
  // Request data anywhere, or one of the code runners loaded (their sinks report code of unknown origin too).
  // And a sink `create` reads: one of the modules loaded by name (`moduleBindings` needs its name as a
  // string), `_.template(…)`, a response's `render(…)`, or a runner's name anywhere (`Program` counts a
  // runner as loaded when the text merely contains `vm2` or `sandbox`, and `.run(…)` then reports).
  prefilter: [
    new RegExp(String.raw`${RUNNERS.join('|')}|['"\`](?:node:)?(?:${MODULES.map((m) => m.replace('.', '\\.')).join('|')})['"\`]|${seq(...member('_', 'template'))}|${seq(...member([...RESPONSES].join('|'), 'render'))}`),
    new RegExp(`${REQUEST_TEXT}|['"](?:${[...CODE_RUNNERS].join('|')})['"]`),
  ],
  scope: 'unit',
  fileText: mentions(...MODULES),
  create(context) {
    const bound = new Map<string, ModuleBindings>();
    /** Every name bound to one of those modules or its members: a call through none of them reaches none. */
    const names = new Set<string>();
    /** Where the request data in `code` (of origin `taint`) enters and where its text is built, for a finding reported at `at`. */
    const related = (at: TSESTree.Node, code: TSESTree.Node, taint: Taint) => sinkFlow(context.text, at, code, taint === 'request' ? code : undefined);
    return {
      Program(node) {
        for (const m of MODULES) {
          if (!context.textIncludes(m)) continue;
          const bindings = moduleBindings(node, [m]);
          bound.set(m, bindings);
          for (const name of bindings.namespaces) names.add(name);
          for (const name of bindings.members.keys()) names.add(name);
        }
      },
      CallExpression(node) {
        const code = node.arguments[0];
        if (!code || code.type === 'SpreadElement') return;
        let fn: string | undefined;
        let module: string | undefined;
        // A 1 MB file names most of these modules somewhere ('dot', 'eta', 'template'): the loop below
        // ran for each of them on every call; only a bound name or `require(…).fn` can match one.
        const callee = node.callee;
        const reachable = callee.type === 'Identifier' ? names.has(callee.name)
          : callee.type === 'MemberExpression' && (callee.object.type === 'Identifier' ? names.has(callee.object.name) : callee.object.type === 'CallExpression');
        if (reachable) for (const [m, bindings] of bound) {
          const name = moduleCall(node, bindings)
            ?? (node.callee.type === 'Identifier' && bindings.namespaces.has(node.callee.name) ? 'default' : undefined);
          if (name && EVALUATORS[m]!.has(name)) {
            fn = name === 'default' ? m : `${m}.${name}`;
            module = m;
          }
        }
        // `_.template(…)` with lodash loaded another way (a global `_`, a bundle)
        if (!fn && methodName(node) === 'template' && node.callee.type === 'MemberExpression'
          && node.callee.object.type === 'Identifier' && node.callee.object.name === '_') fn = '_.template';
        // new VM().run(code) / vm.run(code) on a vm2 VM, new Sandbox().run(code, cb): the whole call is the
        // sink, so the finding starts where the runner is made (`new VM({ … }).run(code)` spans lines).
        const runner = RUNNERS.find((m) => bound.has(m));
        if (!fn && runner && methodName(node) === 'run' && node.callee.type === 'MemberExpression') {
          // run(new VMScript(…)): the script is reported where it is compiled
          if (code.type === 'NewExpression' && node.callee.type === 'MemberExpression' && bound.has('vm2') && qualifiedName(code.callee)?.endsWith('VMScript')) return;
          const taint = taintOf(code);
          // Code of unknown origin only on an instance this file makes (`new VM(…)`, or a name bound to one),
          // not on any `.run` (`db.run(sql)`) in a file that happens to load vm2.
          const level = taint === 'request' ? sinkLevel(taint) : taint === 'unknown' && madeHere(node.callee.object) ? sinkLevel(taint) : undefined;
          if (level) context.report({ node, message: `\`${runner} run\` evaluates ${taint === 'request' ? 'request data' : 'a string built at run time'} as code; evaluate only text your code owns and pass the client's values as data.`, related: related(node, code, taint), ...level });
          return;
        }
        // res.render(`pages/${req.query.page}`): the client picks the template file
        if (!fn && methodName(node) === 'render' && node.callee.type === 'MemberExpression' && node.callee.object.type === 'Identifier'
          && RESPONSES.has(node.callee.object.name)) {
          if (taintOf(code) === 'request') context.report({ node: code, message: `\`${context.source(node.callee)}\` renders a template the request names, so a client picks which file runs as a template; choose the view from a fixed list.`, related: related(code, code, 'request') });
          return;
        }
        if (!fn) return;
        const taint = taintOf(code);
        if (taint === 'request') {
          context.report({ node: code, message: `\`${fn}\` evaluates request data as code; evaluate only text your code owns and pass the client's values as data.`, related: related(code, code, taint) });
        } else if (taint === 'unknown' && module && CODE_RUNNERS.has(module)) {
          context.report({ node: code, message: `\`${fn}\` evaluates a string built at run time as code and is no sandbox; evaluate only text your code owns.`, related: related(code, code, taint), ...sinkLevel(taint) });
        }
      },
      NewExpression(node) {
        // new VMScript(code) compiles code for a vm2 VM (also the bare name in a file that loads vm2)
        const vm2 = bound.get('vm2');
        const code = node.arguments[0];
        if (!vm2 || !code || code.type === 'SpreadElement') return;
        if (moduleCall(node, vm2) !== 'VMScript' && !(node.callee.type === 'Identifier' && node.callee.name === 'VMScript' && !vm2.members.has('VMScript'))) return;
        const taint = taintOf(code);
        const level = sinkLevel(taint);
        if (level) context.report({ node: code, message: `\`new VMScript\` compiles ${taint === 'request' ? 'request data' : 'a string built at run time'} as code; evaluate only text your code owns and pass the client's values as data.`, related: related(code, code, taint), ...level });
      },
    };
  },
});

/** Whether `receiver` is an instance made in this file: `new X(…)` itself, or a name whose every value is one. */
function madeHere(receiver: TSESTree.Node): boolean {
  if (receiver.type === 'NewExpression') return true;
  if (receiver.type !== 'Identifier') return false;
  const values = valuesOf(receiver);
  return values.length > 0 && values.every((v) => v.type === 'NewExpression');
}
