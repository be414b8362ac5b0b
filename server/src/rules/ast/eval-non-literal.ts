import { calleeName, defineAstRule, isConstant, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, propertiesOf, sinkFlow, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { HANDLER_REQUEST, REQUEST_ROOTS, taintOf, valuesOf } from '../../engine/taint';
import { ACCESS, ARROW, CALL_ARGS, FLAT_GROUP, name, OPEN_GAP, PLAIN_STRING, seq, SKIP } from '../prefilter';

/** A call's arguments that are one string literal without escapes: a constant, so not a finding. */
const ONE_STRING = String.raw`${SKIP}${PLAIN_STRING}${SKIP}\)`;
/** Where a call's arguments open: `(`, `?.(`, or type arguments `<…>(`. */
const CALL = String.raw`(?:\?\.${SKIP})?(?:<|\(`;

/** Names a request is read from, as taint.ts knows them: a timer given `req.body.code` runs the client's string. */
const REQUEST_NAMES = new Set([...REQUEST_ROOTS, ...HANDLER_REQUEST]);

/** Packages that evaluate the string they are called with (their default export). */
const EVALUATOR_MODULES = ['notevil', 'safe-eval', 'static-eval'];

const VM_CALLS = new Set(['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script']);

/**
 * The global `eval` and `Function`, by the names a script reaches them under; jQuery's `globalEval`
 * runs its string as a script in the page's global scope (an indirect eval).
 */
const EVAL_NAMES = new Set(['eval', 'window.eval', 'globalThis.eval', '$.globalEval', 'jQuery.globalEval']);
const FUNCTION_NAMES = new Set(['Function', 'window.Function', 'globalThis.Function']);
/**
 * Text where a function's constructor is taken (`Object.getPrototypeOf(async function () {}).constructor`,
 * `(function* () {}).constructor`: AsyncFunction, GeneratorFunction and Function compile their last
 * argument as `new Function` does) or `Function` is given another name (`const F = Function;`).
 */
const FUNCTION_CONSTRUCTOR_TEXT = /\}\s*\)\s*(?:\)\s*)?\.constructor(?![\w$])|=\s*(?:(?:window|globalThis)\.)?Function\s*[;,\n]/;

export default defineAstRule({
  meta: {
    id: 'eval-non-literal',
    title: 'Code evaluated from a non-literal string',
    description: '`eval`, `new Function`, string timers, the `vm` module and a `worker_threads` Worker with `eval: true` run whatever string they get, and `require` runs whichever file it is named; when any part of it comes from input, an attacker runs code in your process.',
    recommendation: 'Parse data with `JSON.parse`, look values up in a map, or call the function directly instead of building code.',
    category: 'injection',
    // Code of unknown origin (a parameter, a value read back): a warning; request data raises it to an error.
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-95'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  // `function` for `Function(…)` without `new`; the prefilter below narrows it down.
  keywords: ['eval', 'function', 'settimeout', 'setinterval', '\'vm\'', '"vm"', 'node:vm', 'require', 'worker_threads'],
  prefilter: [new RegExp([
    // eval(…), eval?.(…), window.eval(…), window['eval'](…), unless the only argument is a plain string literal
    seq(name('eval|globalEval'), String.raw`${CALL}(?!${ONE_STRING}))`),
    // Function(…) and new Function(…), the same way
    seq(name('Function'), String.raw`${CALL}(?!${ONE_STRING}))`),
    // setTimeout/setInterval whose first argument may be a template or a `+`: not an arrow function, and not
    // a name, member, call or simple function (`a.b(c)`, `a[b]`, `function () { f(); }`) that ends at a `,` or `)`
    seq(name('setTimeout|setInterval'), String.raw`${CALL}(?!${SKIP}${ARROW})(?:[^+\`'"()[\]{},;/]|${FLAT_GROUP})*(?:[+\`'"/]|(?!${FLAT_GROUP})[([{]))`),
    // setTimeout(req.body.code, 0): a member of a request name passed as it is (the rule asks for this shape)
    seq(name('setTimeout|setInterval'), `${CALL_ARGS}${OPEN_GAP}${name([...REQUEST_NAMES].join('|'))}`, ACCESS),
    // a vm or worker_threads import
    String.raw`['"](?:node:)?(?:vm|worker_threads)['"]`,
    FUNCTION_CONSTRUCTOR_TEXT.source,
    seq(name('require'), String.raw`${CALL}(?!${ONE_STRING}))`),
  ].join('|'))],
  scope: 'unit',
  fileText: [/['"](?:node:)?vm['"]/, /['"](?:notevil|safe-eval|static-eval)['"]/, /['"](?:node:)?worker_threads['"]/, FUNCTION_CONSTRUCTOR_TEXT],
  create(context) {
    let vm: ModuleBindings | undefined;
    let evaluators: ModuleBindings | undefined;
    let workers: ModuleBindings | undefined;
    let constructors = false;
    // Request data is an error; code of unknown origin keeps the rule's severity (a warning), as in every data-flow rule.
    const REQUEST = { severity: 'error' as const, confidence: 'high' as const };
    const level = (code: TSESTree.Node) => (taintOf(code) === 'request' ? REQUEST : {});
    /** Where the request data in `code` enters and where `code`'s text is built, for a finding reported at `at`. */
    const related = (at: TSESTree.Node, code: TSESTree.Node) => sinkFlow(context.text, at, code, taintOf(code) === 'request' ? code : undefined);
    return {
      Program(node) {
        vm = /['"](?:node:)?vm['"]/.test(context.text) ? moduleBindings(node, ['vm']) : undefined;
        evaluators = vm && /['"](?:notevil|safe-eval|static-eval)['"]/.test(context.text) ? moduleBindings(node, [...EVALUATOR_MODULES]) : undefined;
        workers = /['"](?:node:)?worker_threads['"]/.test(context.text) ? moduleBindings(node, ['worker_threads']) : undefined;
        constructors = FUNCTION_CONSTRUCTOR_TEXT.test(context.text);
      },
      CallExpression(node) {
        const written = calleeName(node);
        const compiler = compilerOf(node.callee, written, constructors);
        const name = compiler?.shown ?? written;
        if (compiler) {
          // `Function` compiles its last argument; `globalEval(code, options)` its first.
          const code = node.arguments[compiler.kind === 'eval' ? 0 : node.arguments.length - 1];
          // A name bound only to constants (`const SRC = '…'; eval(SRC)`) is a constant too.
          if (!code || isConstant(code) || taintOf(code) === 'constant') return;
          context.report({
            node,
            message: `\`${name}\` runs code built at run time; parse data with JSON.parse or dispatch through a lookup table instead.`,
            related: related(node, code),
            ...level(code),
          });
          return;
        }
        if (name === 'setTimeout' || name === 'setInterval' || name === 'window.setTimeout' || name === 'window.setInterval') {
          const code = node.arguments[0];
          if (!code || code.type === 'SpreadElement') return;
          // A member of the request passed as it is (`setInterval(req.body.code, 0)`): a request holds strings and
          // plain objects, never a function, so the timer compiles the client's text. Only this written shape,
          // which the prefilter looks for.
          const member = code.type === 'ChainExpression' ? code.expression : code;
          if (member.type === 'MemberExpression' && !node.typeArguments && REQUEST_NAMES.has(rootName(member) ?? '') && taintOf(code) === 'request') {
            context.report({ node: code, message: `\`${name}\` with a string from the request compiles it like eval; pass a function instead.`, related: related(code, code), ...level(code) });
            return;
          }
          // A string (not a function) is compiled like eval; constants are only style, built strings are injection.
          if (isConstant(code) || (code.type !== 'TemplateLiteral' && !(code.type === 'BinaryExpression' && code.operator === '+'))) return;
          const quasi = code.type === 'TemplateLiteral' || (code.type === 'BinaryExpression' && (code.left.type === 'Literal' || code.right.type === 'Literal'));
          if (!quasi) return;
          context.report({ node: code, message: `\`${name}\` with a string compiles it like eval; pass a function instead.`, related: related(code, code), ...level(code) });
          return;
        }
        // require(req.query.module): the client picks which file is loaded and run
        if (name === 'require' && node.arguments[0] && node.arguments[0].type !== 'SpreadElement' && taintOf(node.arguments[0]) === 'request') {
          context.report({ node: node.arguments[0], message: '`require` loads a module the request names, so a client picks which file runs; map the request value to a fixed list of modules.', related: related(node.arguments[0], node.arguments[0]), ...REQUEST });
          return;
        }
        const fn = vm ? moduleCall(node, vm) : undefined;
        if (fn && VM_CALLS.has(fn)) {
          const code = node.arguments[0];
          if (!code) return;
          if (isConstant(code)) {
            // vm.runInContext("safeEval(input)", { safeEval, input: req.body.x }): a constant script that hands
            // request data from its context to an evaluator in the same context
            const handed = fn === 'runInContext' || fn === 'runInNewContext' ? evaluatorCall(code, node.arguments[1], evaluators) : undefined;
            if (handed) context.report({ node, message: `\`vm.${fn}\` runs a script that passes request data (\`${handed.data}\`) to \`${handed.evaluator}\` from its context, which evaluates it as code; evaluate only expressions your code owns.`, related: related(node, handed.value), ...REQUEST });
            return;
          }
          const sink = sinkLevel(taintOf(code));
          if (!sink) return;
          context.report({ node, message: `\`vm.${fn}\` runs code built at run time and is no sandbox; avoid evaluating strings, or run untrusted code in a separate process.`, related: related(node, code), ...sink });
        }
      },
      NewExpression(node) {
        // new Worker(code, { eval: true }) runs the string as the worker's script; without it, the file it names
        if (workers && moduleCall(node, workers) === 'Worker') {
          const script = node.arguments[0];
          if (!script || script.type === 'SpreadElement' || isConstant(script)) return;
          const evaluates = evalOption(node.arguments[1]);
          const taint = taintOf(script);
          const sink = evaluates ? sinkLevel(taint) : taint === 'request' ? sinkLevel(taint) : undefined;
          if (!sink) return;
          context.report({
            node: script,
            message: evaluates
              ? `\`new Worker\` with \`eval: true\` runs ${taint === 'request' ? 'request data' : 'a string built at run time'} as the worker's code; start the worker from a fixed file and send it the values with \`workerData\` or \`postMessage\`.`
              : '`new Worker` runs the file the request names, so a client picks which code runs; map the request value to a fixed list of worker files.',
            related: related(script, script),
            ...sink,
          });
          return;
        }
        const compiler = compilerOf(node.callee, calleeName(node), constructors);
        if (compiler?.kind === 'Function') {
          const body = node.arguments[node.arguments.length - 1];
          if (!body || isConstant(body) || taintOf(body) === 'constant') return;
          context.report({ node, message: `\`new ${compiler.shown}\` compiles code built at run time; call a known function instead.`, related: related(node, body), ...level(body) });
          return;
        }
        const fn = vm ? moduleCall(node, vm) : undefined;
        if (fn === 'Script' && node.arguments[0] && !isConstant(node.arguments[0])) {
          const sink = sinkLevel(taintOf(node.arguments[0]));
          if (!sink) return;
          context.report({ node, message: '`new vm.Script` compiles code built at run time and is no sandbox; avoid evaluating strings.', related: related(node, node.arguments[0]), ...sink });
        }
      },
    };
  },
});

/**
 * What a callee compiles its last argument with: the global `eval` however it is reached (`window.eval`,
 * the indirect `(0, eval)`), the global `Function` (`globalThis.Function`), or another constructor of
 * functions (`Object.getPrototypeOf(async function () {}).constructor`, a name bound to one or to
 * `Function`, looked up only when `constructors`: the file's text takes one). `shown` is how the message
 * names it (`written`: the callee's qualified name). Undefined for anything else.
 */
function compilerOf(callee: TSESTree.Node, written: string | undefined, constructors: boolean): { kind: 'eval' | 'Function'; shown: string } | undefined {
  // `(0, eval)(code)`: the comma operator yields eval itself, which then evaluates in the global scope.
  const target = callee.type === 'SequenceExpression' ? callee.expressions[callee.expressions.length - 1]! : callee;
  const name = target === callee ? written : qualifiedName(target);
  if (name && EVAL_NAMES.has(name)) return { kind: 'eval', shown: name };
  if (name && FUNCTION_NAMES.has(name)) return { kind: 'Function', shown: name };
  if (!constructors) return undefined;
  if (functionConstructor(target)) return { kind: 'Function', shown: 'Function' };
  if (target.type !== 'Identifier') return undefined;
  const values = valuesOf(target);
  const value = values.length === 1 ? values[0]! : undefined;
  return value && (functionConstructor(value) || FUNCTION_NAMES.has(qualifiedName(value) ?? '')) ? { kind: 'Function', shown: target.name } : undefined;
}

/** `f.constructor` or `Object.getPrototypeOf(f).constructor` for a function written there: Function, AsyncFunction or GeneratorFunction. */
function functionConstructor(node: TSESTree.Node): boolean {
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier' || node.property.name !== 'constructor') return false;
  let object: TSESTree.Node | undefined = node.object;
  if (object.type === 'CallExpression' && /^(?:Object|Reflect)\.getPrototypeOf$/.test(qualifiedName(object.callee) ?? '')) object = object.arguments[0];
  return object?.type === 'FunctionExpression' || object?.type === 'ArrowFunctionExpression';
}

/** Whether Worker options set `eval: true` (a literal object, or a name given one). */
function evalOption(options: TSESTree.Node | undefined): boolean {
  let object = options;
  if (object?.type === 'Identifier') {
    const values = valuesOf(object);
    object = values.length === 1 ? values[0] : undefined;
  }
  const value = propertiesOf(object).get('eval')?.value;
  return value?.type === 'Literal' && value.value === true;
}

/** The identifier a member chain starts from (`req` for `req.body.code`). */
function rootName(node: TSESTree.Node): string | undefined {
  let n = node;
  while (n.type === 'MemberExpression') n = n.object;
  return n.type === 'Identifier' ? n.name : undefined;
}

/**
 * In a constant script run with `contextObject`, a call `k(d)` where the context's `k` is `eval` or an
 * evaluator package's function and its `d` holds request data: the names of both and `d`'s value, or undefined.
 */
function evaluatorCall(script: TSESTree.Node, contextObject: TSESTree.Node | undefined, evaluators: ModuleBindings | undefined): { evaluator: string; data: string; value: TSESTree.Node } | undefined {
  const text = staticString(script);
  let object = contextObject;
  if (object?.type === 'Identifier') {
    const values = valuesOf(object);
    object = values.length === 1 ? values[0] : undefined;
  }
  if (text === undefined || object?.type !== 'ObjectExpression') return undefined;
  const props = propertiesOf(object);
  for (const [key, p] of props) {
    const isEvaluator = p.value.type === 'Identifier' && (p.value.name === 'eval' || !!evaluators?.namespaces.has(p.value.name));
    if (!isEvaluator) continue;
    // `key(name)` in the script, with `name` a context entry holding request data
    for (const m of text.matchAll(new RegExp(String.raw`(?<![\w$.])${key.replace(/\$/g, '\\$')}\s*\(\s*([A-Za-z_$][\w$]*)\s*\)`, 'g'))) {
      const data = props.get(m[1]!);
      if (data && taintOf(data.value) === 'request') return { evaluator: key, data: m[1]!, value: data.value };
    }
  }
  return undefined;
}
