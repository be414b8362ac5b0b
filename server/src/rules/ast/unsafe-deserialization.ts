import { defineAstRule } from '../../engine/ast';
import { moduleBindings, moduleCall, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';

export default defineAstRule({
  meta: {
    id: 'unsafe-deserialization',
    title: 'Deserialisation that can run code',
    description: '`node-serialize` and `funcster` revive functions from their input and js-yaml `unsafeLoad` builds arbitrary types, so a crafted payload runs code in your process.',
    recommendation: 'Exchange plain data with `JSON.parse` (validated with a schema) or `yaml.load` with the default safe schema.',
    category: 'deserialization',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    owasp: ['A08:2021'],
    fixable: false,
  },
  keywords: ['node-serialize', 'funcster', 'serialize-to-js', 'js-yaml'],
  scope: 'unit',
  fileText: [/node-serialize|funcster|serialize-to-js/, /js-yaml/],
  create(context) {
    let serialize: ModuleBindings | undefined;
    let yaml: ModuleBindings | undefined;
    return {
      Program(node) {
        serialize = /node-serialize|funcster|serialize-to-js/.test(context.text) ? moduleBindings(node, ['node-serialize', 'funcster', 'serialize-to-js']) : undefined;
        yaml = /js-yaml/.test(context.text) ? moduleBindings(node, ['js-yaml']) : undefined;
      },
      CallExpression(node) {
        const fromSerialize = serialize ? moduleCall(node, serialize) : undefined;
        const fromYaml = yaml ? moduleCall(node, yaml) : undefined;
        const fn = fromSerialize && /^(?:unserialize|deepDeserialize|deserialize)$/.test(fromSerialize) ? fromSerialize
          : fromYaml === 'unsafeLoad' || fromYaml === 'unsafeLoadAll' ? fromYaml : undefined;
        if (!fn) return;
        const level = sinkLevel(taintOf(node.arguments[0])) ?? { confidence: 'medium' as const, severity: 'warning' as const };
        context.report({
          node,
          message: `\`${fn}\` can run code embedded in its input; parse plain data with JSON.parse or yaml.load and validate it instead.`,
          ...level,
        });
      },
    };
  },
});
