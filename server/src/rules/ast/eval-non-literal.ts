import { calleeName, defineAstRule, isConstant, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { ARROW, FLAT_GROUP, name, PLAIN_STRING, seq, SKIP } from '../prefilter';

/** A call's arguments that are one string literal without escapes: a constant, so not a finding. */
const ONE_STRING = String.raw`${SKIP}${PLAIN_STRING}${SKIP}\)`;
/** Where a call's arguments open: `(`, `?.(`, or type arguments `<…>(`. */
const CALL = String.raw`(?:\?\.${SKIP})?(?:<|\(`;

const VM_CALLS = new Set(['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script']);

export default defineAstRule({
  meta: {
    id: 'eval-non-literal',
    title: 'Code evaluated from a non-literal string',
    description: '`eval`, `new Function`, string timers and the `vm` module run whatever string they get, and `require` runs whichever file it is named; when any part of it comes from input, an attacker runs code in your process.',
    recommendation: 'Parse data with `JSON.parse`, look values up in a map, or call the function directly instead of building code.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-95'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  // `function` for `Function(…)` without `new`; the prefilter below narrows it down.
  keywords: ['eval', 'function', 'settimeout', 'setinterval', '\'vm\'', '"vm"', 'node:vm', 'require'],
  prefilter: [new RegExp([
    // eval(…), eval?.(…), window.eval(…), window['eval'](…), unless the only argument is a plain string literal
    seq(name('eval'), String.raw`${CALL}(?!${ONE_STRING}))`),
    // Function(…) and new Function(…), the same way
    seq(name('Function'), String.raw`${CALL}(?!${ONE_STRING}))`),
    // setTimeout/setInterval whose first argument may be a template or a `+`: not an arrow function, and not
    // a name, member, call or simple function (`a.b(c)`, `a[b]`, `function () { f(); }`) that ends at a `,` or `)`
    seq(name('setTimeout|setInterval'), String.raw`${CALL}(?!${SKIP}${ARROW})(?:[^+\`'"()[\]{},;/]|${FLAT_GROUP})*(?:[+\`'"/]|(?!${FLAT_GROUP})[([{]))`),
    // a vm import
    String.raw`['"](?:node:)?vm['"]`,
    seq(name('require'), String.raw`${CALL}(?!${ONE_STRING}))`),
  ].join('|'))],
  scope: 'unit',
  fileText: [/['"](?:node:)?vm['"]/],
  create(context) {
    let vm: ModuleBindings | undefined;
    const level = (code: TSESTree.Node) => (taintOf(code) === 'request' ? { severity: 'error' as const, confidence: 'high' as const } : {});
    return {
      Program(node) {
        vm = /['"](?:node:)?vm['"]/.test(context.text) ? moduleBindings(node, ['vm']) : undefined;
      },
      CallExpression(node) {
        const name = calleeName(node);
        if (name === 'eval' || name === 'window.eval' || name === 'globalThis.eval' || name === 'Function') {
          const code = node.arguments[node.arguments.length - 1];
          // A name bound only to constants (`const SRC = '…'; eval(SRC)`) is a constant too.
          if (!code || isConstant(code) || taintOf(code) === 'constant') return;
          context.report({
            node,
            message: `\`${name}\` runs code built at run time; parse data with JSON.parse or dispatch through a lookup table instead.`,
            ...level(code),
          });
          return;
        }
        if (name === 'setTimeout' || name === 'setInterval' || name === 'window.setTimeout' || name === 'window.setInterval') {
          const code = node.arguments[0];
          // A string (not a function) is compiled like eval; constants are only style, built strings are injection.
          if (!code || isConstant(code) || (code.type !== 'TemplateLiteral' && !(code.type === 'BinaryExpression' && code.operator === '+'))) return;
          const quasi = code.type === 'TemplateLiteral' || (code.type === 'BinaryExpression' && (code.left.type === 'Literal' || code.right.type === 'Literal'));
          if (!quasi) return;
          context.report({ node: code, message: `\`${name}\` with a string compiles it like eval; pass a function instead.`, ...level(code) });
          return;
        }
        // require(req.query.module): the client picks which file is loaded and run
        if (name === 'require' && node.arguments[0] && node.arguments[0].type !== 'SpreadElement' && taintOf(node.arguments[0]) === 'request') {
          context.report({ node: node.arguments[0], message: '`require` loads a module the request names, so a client picks which file runs; map the request value to a fixed list of modules.' });
          return;
        }
        const fn = vm ? moduleCall(node, vm) : undefined;
        if (fn && VM_CALLS.has(fn)) {
          const code = node.arguments[0];
          if (!code || isConstant(code)) return;
          const sink = sinkLevel(taintOf(code));
          if (!sink) return;
          context.report({ node, message: `\`vm.${fn}\` runs code built at run time and is no sandbox; avoid evaluating strings, or run untrusted code in a separate process.`, ...sink, severity: sink.severity ?? 'warning' });
        }
      },
      NewExpression(node) {
        const name = calleeName(node);
        if (name === 'Function') {
          const body = node.arguments[node.arguments.length - 1];
          if (!body || isConstant(body) || taintOf(body) === 'constant') return;
          context.report({ node, message: '`new Function` compiles code built at run time; call a known function instead.', ...level(body) });
          return;
        }
        const fn = vm ? moduleCall(node, vm) : undefined;
        if (fn === 'Script' && node.arguments[0] && !isConstant(node.arguments[0])) {
          const sink = sinkLevel(taintOf(node.arguments[0]));
          if (!sink) return;
          context.report({ node, message: '`new vm.Script` compiles code built at run time and is no sandbox; avoid evaluating strings.', ...sink, severity: sink.severity ?? 'warning' });
        }
      },
    };
  },
});
