import { defineAstRule, isConstant, qualifiedName, type TSESTree } from '../../engine/ast';
import { callerParameter, moduleBindings, moduleCall, propertiesOf, sinkFlow, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { enclosingFunction, parameterIndex, parameterOrigin, taintOf, valuesOf, worst, type Taint } from '../../engine/taint';

const SHELL_CALLS = new Set(['exec', 'execSync']);
const SPAWN_CALLS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
/** Programs that run their argument as a command line (`sh -c "…"`, `cmd /c …`, `powershell -Command …`). */
const SHELL_PROGRAM = /^(?:.*[/\\])?(?:sh|bash|zsh|dash|ksh|ash|fish|cmd|powershell|pwsh)(?:\.exe)?$/i;
/** git subcommands that take a repository URL: `ext::sh -c …` URLs and `--upload-pack=…` options run commands. */
const GIT_REMOTE = new Set(['clone', 'fetch', 'pull', 'ls-remote', 'archive', 'submodule']);

type Level = { severity?: 'error' | 'warning' | 'info'; confidence: 'high' | 'medium' | 'low' };

/** The string a program argument always holds: a literal, or a name bound once to one. */
function constantString(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === 'Identifier') {
    const values = valuesOf(node);
    return values.length === 1 ? constantString(values[0]) : undefined;
  }
  return undefined;
}

/** The taint of the non-constant elements of an argument array (or of the whole value when it is not an array literal). */
function argumentsTaint(args: TSESTree.Node | undefined): { taint: Taint; at?: TSESTree.Node } {
  if (!args || args.type === 'ObjectExpression' || args.type === 'SpreadElement') return { taint: 'constant' };
  if (args.type !== 'ArrayExpression') return { taint: isConstant(args) ? 'constant' : taintOf(args), at: args };
  let out: { taint: Taint; at?: TSESTree.Node } = { taint: 'constant' };
  for (const e of args.elements) {
    if (!e || isConstant(e)) continue;
    const t = taintOf(e);
    if (worst(out.taint, t) !== out.taint || !out.at) out = { taint: worst(out.taint, t), at: e };
  }
  return out;
}

/** Non-constant arguments of `git clone …` (and the other subcommands that take a remote), unless they follow `--`. */
function gitRemoteTaint(args: TSESTree.Node | undefined): { taint: Taint; at?: TSESTree.Node } {
  if (args?.type !== 'ArrayExpression') return { taint: 'constant' };
  const elements = args.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement');
  const sub = elements.findIndex((e) => GIT_REMOTE.has(constantString(e) ?? ''));
  if (sub < 0) return { taint: 'constant' };
  const rest = elements.slice(sub + 1);
  const dashes = rest.findIndex((e) => constantString(e) === '--');
  return argumentsTaint({ ...args, elements: dashes >= 0 ? rest.slice(0, dashes) : rest } as TSESTree.ArrayExpression);
}

export default defineAstRule({
  meta: {
    id: 'command-injection',
    title: 'Shell command built from a string',
    description: 'A command line assembled from variables and run through a shell lets any `;`, `|` or `$(…)` in the data run extra commands; the same holds for an argument handed to `sh -c`, a program chosen by the request, and a repository URL given to `git clone` (`ext::` URLs and `--upload-pack` options run commands).',
    recommendation: 'Call `execFile` or `spawn` with a fixed program and an argument array (no `shell: true`, no `sh -c`), put `--` before URLs and paths given to git, and validate arguments against an allow-list.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-78', 'CWE-88'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['child_process', 'shelljs', 'deno.run', 'deno.command'],
  prefilter: [
    // The function's exported name, where it is imported or called (`{ exec: run }` names it too), or Deno's
    /\b(?:exec|execSync|spawn|spawnSync|execFile|execFileSync|Deno)\b/,
    // A shell runs (exec/execSync always, the others with a `shell` option or a shell program), git
    // takes a remote, or the program itself may come from the request
    /\bexec(?:Sync)?\b|\bshell\b|\b(?:sh|bash|zsh|dash|ksh|ash|fish|cmd|powershell|pwsh|git)\b|\bDeno\b|\b(?:req|request|event|ctx)\b/,
  ],
  scope: 'unit',
  fileText: [/child_process|shelljs/],
  create(context) {
    let bindings: ModuleBindings | undefined;
    const report = (fn: string, at: TSESTree.Node, level: Level, what: string) => {
      // Of unknown origin: a parameter no call in the file fills is where the caller's value enters.
      const param = level.confidence === 'high' ? undefined : parameterOrigin(at);
      const related = sinkFlow(context.text, at, at, level.confidence === 'high' ? at : undefined, undefined, [param && callerParameter(param)]);
      context.report({ node: at, message: `\`${fn}\` ${what}`, related, ...level });
    };
    /** A program and its argument array, as child_process's spawn family and Deno take them. */
    const checkProgram = (fn: string, program: TSESTree.Node | undefined, args: TSESTree.Node | undefined): boolean => {
      if (!program || program.type === 'SpreadElement') return false;
      const name = constantString(program);
      if (name !== undefined && SHELL_PROGRAM.test(name)) {
        const { taint, at } = argumentsTaint(args);
        const level = sinkLevel(taint);
        if (level && at) {
          report(fn, at, level, `hands ${level.confidence === 'high' ? 'request data' : 'a value built at run time'} to the shell \`${name}\`, which runs it as a command line; call the program itself with an argument array instead.`);
          return true;
        }
        return false;
      }
      if (name === 'git') {
        const { taint, at } = gitRemoteTaint(args);
        const level = sinkLevel(taint);
        if (level && at) {
          report(fn, at, level, `passes ${level.confidence === 'high' ? 'request data' : 'a value built at run time'} to \`git\` as a remote or option (\`ext::sh -c …\` and \`--upload-pack=…\` run commands); put \`--\` before it and allow only https: URLs.`);
          return true;
        }
        return false;
      }
      // A program chosen at run time: request data, or (low confidence, as at the other sinks) a parameter
      // whose callers this file does not show. The program's own names (`spawn(tool, args)`,
      // `process.execPath`) are not reported: choosing a program is what a launcher does.
      if (name !== undefined || isConstant(program)) return false;
      const taint = taintOf(program);
      const fromCaller = program.type === 'Identifier' && parameterIndex(enclosingFunction(program), program.name) >= 0;
      const level = taint === 'request' || fromCaller ? sinkLevel(taint) : undefined;
      if (!level) return false;
      report(fn, program, level, `runs a program named by ${level.confidence === 'high' ? 'request data' : 'a value chosen at run time'}; run a fixed program chosen from an allow-list instead.`);
      return true;
    };
    return {
      Program(node) {
        // shelljs's exec runs its string through a shell like child_process's
        bindings = (context.textIncludes('child_process') || context.textIncludes('shelljs')) ? moduleBindings(node, ['child_process', 'shelljs']) : undefined;
      },
      CallExpression(node) {
        // Deno.run({ cmd: [program, ...args] })
        if (qualifiedName(node.callee) === 'Deno.run') {
          const cmd = propertiesOf(node.arguments[0]).get('cmd')?.value;
          if (cmd?.type === 'ArrayExpression') {
            const [program, ...rest] = cmd.elements;
            checkProgram('Deno.run', program ?? undefined, { ...cmd, elements: rest } as TSESTree.ArrayExpression);
          }
          return;
        }
        if (!bindings) return;
        const fn = moduleCall(node, bindings);
        if (!fn) return;
        const command = node.arguments[0];
        if (!command || command.type === 'SpreadElement') return;
        if (SHELL_CALLS.has(fn)) {
          const level = isConstant(command) ? undefined : sinkLevel(taintOf(command));
          if (level) report(fn, command, level, `runs ${level.confidence === 'high' ? 'request data' : 'a string built at run time'} through a shell; call execFile/spawn with an argument array and no shell instead.`);
          return;
        }
        if (!SPAWN_CALLS.has(fn)) return;
        const options = node.arguments.find((a) => a.type === 'ObjectExpression') as TSESTree.ObjectExpression | undefined;
        const shell = propertiesOf(options).get('shell');
        if (!shell || (shell.value.type === 'Literal' && !shell.value.value)) {
          checkProgram(fn, command, node.arguments[1]);
          return;
        }
        // With a shell, the program and its arguments are joined into one command line.
        const args = argumentsTaint(node.arguments[1]);
        const taint = worst(isConstant(command) ? 'constant' : taintOf(command), args.taint);
        const level = sinkLevel(taint);
        const at = isConstant(command) ? args.at : command;
        if (level && at) report(fn, at, level, `runs ${level.confidence === 'high' ? 'request data' : 'a string built at run time'} through a shell; call execFile/spawn with an argument array and no shell instead.`);
      },
      NewExpression(node) {
        // new Deno.Command(program, { args: [...] })
        if (qualifiedName(node.callee) !== 'Deno.Command') return;
        const args = propertiesOf(node.arguments[1]).get('args')?.value;
        checkProgram('Deno.Command', node.arguments[0], args);
      },
    };
  },
});
