import { defineAstRule, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, moduleCall, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { REQUEST_TEXT } from '../prefilter';

/** Packages whose functions evaluate a string as code or as an expression language, and those functions. */
const EVALUATORS: Record<string, ReadonlySet<string>> = {
  mathjs: new Set(['evaluate', 'eval', 'compile', 'parse']),
  lodash: new Set(['template']),
  underscore: new Set(['template']),
  'lodash.template': new Set(['default']),
  vm2: new Set(['run']),
  'safe-eval': new Set(['default']),
  'static-eval': new Set(['default']),
};
const MODULES = Object.keys(EVALUATORS);

export default defineAstRule({
  meta: {
    id: 'library-code-injection',
    title: 'Request data evaluated by a library (mathjs, _.template, vm2, safe-eval)',
    description: "These libraries run the string they are given: mathjs's expression language can reach functions and properties, `_.template` compiles its text into a JavaScript function, vm2 and safe-eval have known sandbox escapes. Request data there runs the client's code on the server.",
    recommendation: 'Evaluate only expressions and templates your code owns; parse the client\'s input into data (numbers, field names from an allow-list) and compute with that.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-94', 'CWE-95'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['mathjs', 'lodash', 'underscore', 'vm2', 'safe-eval', 'static-eval', 'template'],
  prefilter: [new RegExp(REQUEST_TEXT)],
  create(context) {
    const bound = new Map<string, ModuleBindings>();
    return {
      Program(node) {
        for (const m of MODULES) if (context.text.includes(m)) bound.set(m, moduleBindings(node, [m]));
      },
      CallExpression(node) {
        const code = node.arguments[0];
        if (!code || code.type === 'SpreadElement') return;
        let fn: string | undefined;
        for (const [module, bindings] of bound) {
          const name = moduleCall(node, bindings)
            ?? (node.callee.type === 'Identifier' && bindings.namespaces.has(node.callee.name) ? 'default' : undefined);
          if (name && EVALUATORS[module]!.has(name)) fn = name === 'default' ? module : `${module}.${name}`;
        }
        // `_.template(…)` with lodash loaded another way (a global `_`, a bundle)
        if (!fn && methodName(node) === 'template' && node.callee.type === 'MemberExpression'
          && node.callee.object.type === 'Identifier' && node.callee.object.name === '_') fn = '_.template';
        // new VM().run(code) / vm.run(code) on a vm2 VM
        if (!fn && methodName(node) === 'run' && bound.has('vm2') && node.callee.type === 'MemberExpression') fn = 'vm2 run';
        if (!fn || taintOf(code) !== 'request') return;
        context.report({ node: code as TSESTree.Node, message: `\`${fn}\` evaluates request data as code; evaluate only text your code owns and pass the client's values as data.` });
      },
    };
  },
});
