import { defineAstRule, isConstant, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, propertiesOf, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';

const SHELL_CALLS = new Set(['exec', 'execSync']);
const SPAWN_CALLS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);

export default defineAstRule({
  meta: {
    id: 'command-injection',
    title: 'Shell command built from a string',
    description: 'A command line assembled from variables and run through a shell lets any `;`, `|` or `$(…)` in the data run extra commands.',
    recommendation: 'Call `execFile` or `spawn` with the program and an argument array (no `shell: true`), and validate arguments against an allow-list.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-78'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['child_process', 'shelljs'],
  prefilter: [
    // The function's exported name, where it is imported or called (`{ exec: run }` names it too)
    /\b(?:exec|execSync|spawn|spawnSync|execFile|execFileSync)\b/,
    // A shell runs: exec/execSync always, the others only with a `shell` option
    /\bexec(?:Sync)?\b|\bshell\b/,
  ],
  create(context) {
    let bindings: ModuleBindings | undefined;
    return {
      Program(node) {
        // shelljs's exec runs its string through a shell like child_process's
        bindings = /child_process|shelljs/.test(context.text) ? moduleBindings(node, ['child_process', 'shelljs']) : undefined;
      },
      CallExpression(node) {
        if (!bindings) return;
        const fn = moduleCall(node, bindings);
        if (!fn) return;
        const command = node.arguments[0];
        if (!command || command.type === 'SpreadElement' || isConstant(command)) return;
        let level;
        if (SHELL_CALLS.has(fn)) {
          level = sinkLevel(taintOf(command));
        } else if (SPAWN_CALLS.has(fn)) {
          const options = node.arguments.find((a) => a.type === 'ObjectExpression') as TSESTree.ObjectExpression | undefined;
          const shell = propertiesOf(options).get('shell');
          if (!shell || (shell.value.type === 'Literal' && !shell.value.value)) return;
          const args = node.arguments[1];
          const taint = [command, args].reduce<'constant' | 'unknown' | 'request'>((t, a) => {
            if (!a || a.type === 'ObjectExpression' || a.type === 'SpreadElement') return t;
            const at = taintOf(a);
            return at === 'request' || t === 'request' ? 'request' : at === 'unknown' || t === 'unknown' ? 'unknown' : 'constant';
          }, 'constant');
          level = sinkLevel(taint);
        }
        if (!level) return;
        const from = level.confidence === 'high' ? 'request data' : 'a string built at run time';
        context.report({
          node: command,
          message: `\`${fn}\` runs ${from} through a shell; call execFile/spawn with an argument array and no shell instead.`,
          ...level,
        });
      },
    };
  },
});
