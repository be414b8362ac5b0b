import { defineAstRule, type TSESTree } from '../../engine/ast';
import { moduleBindings, propertiesOf, replaceNode, sinkFlow, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';

const MODULE = 'serialize-javascript';

/** `serialize(…)` through the module's binding (`const serialize = require(…)`, a default import) or `require(…)(…)` directly. */
function callsModule(node: TSESTree.CallExpression, bindings: ModuleBindings): boolean {
  const callee = node.callee;
  if (callee.type === 'Identifier') return bindings.namespaces.has(callee.name) || bindings.members.get(callee.name) === 'default';
  return callee.type === 'CallExpression' && callee.callee.type === 'Identifier' && callee.callee.name === 'require'
    && callee.arguments[0]?.type === 'Literal' && callee.arguments[0].value === MODULE;
}

export default defineAstRule({
  meta: {
    id: 'serialize-javascript-unsafe',
    title: 'serialize-javascript with `unsafe: true`',
    description: "serialize-javascript escapes `<`, `>`, `/` and the line separators so that its output can be written into a `<script>` element; `unsafe: true` turns that off, and a string holding `</script><script>…` in the serialised data then ends the element and runs the attacker's script (cross-site scripting).",
    recommendation: 'Drop `unsafe: true` (the escaped output is the same JavaScript value); keep it only for output that never reaches HTML.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-79', 'CWE-116'],
    owasp: ['A03:2021'],
    fixable: true,
  },
  keywords: [MODULE],
  scope: 'unit',
  create(context) {
    let bindings: ModuleBindings | undefined;
    return {
      Program(node) {
        bindings = moduleBindings(node, [MODULE]);
      },
      CallExpression(node) {
        if (!bindings || !callsModule(node, bindings)) return;
        const unsafe = propertiesOf(node.arguments[1]).get('unsafe');
        if (unsafe?.value.type !== 'Literal' || unsafe.value.value !== true) return;
        const data = node.arguments[0];
        if (!data || data.type === 'SpreadElement') return;
        // Constant data has nothing an attacker wrote in it.
        const level = sinkLevel(taintOf(data));
        if (!level) return;
        context.report({
          node,
          related: sinkFlow(context.text, node, data, data),
          message: "`unsafe: true` turns off serialize-javascript's HTML escaping: data holding `</script>` ends the script element this output is written into and runs what follows; drop `unsafe: true`.",
          fix: replaceNode('Escape the output for HTML (unsafe: false)', unsafe.value, 'false'),
          ...level,
        });
      },
    };
  },
});
