import { defineAstRule } from '../../engine/ast';
import { moduleBindings, moduleCall, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { requestOrigin, taintOf } from '../../engine/taint';
import { placesElsewhere, REQUEST_ENTERS } from '../../engine/types';

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
        const input = node.arguments[0];
        const level = sinkLevel(taintOf(input)) ?? { confidence: 'medium' as const, severity: 'warning' as const };
        context.report({
          node,
          // Where the request data in the input enters (`req.cookies.profile` decoded a line above).
          related: input ? placesElsewhere(context.text, node.range[0], [[requestOrigin(input)?.range, REQUEST_ENTERS]]) : undefined,
          message: `\`${fn}\` can run code embedded in its input; parse plain data with JSON.parse or yaml.load and validate it instead.`,
          ...level,
        });
      },
    };
  },
});
