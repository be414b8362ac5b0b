import { defineAstRule, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, propertiesOf, replaceNode, sinkFlow, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { taintOf, valuesOf } from '../../engine/taint';
import type { Fix } from '../../engine/types';
import { onlyBelowMajor, versionNote } from '../../engine/project';

/**
 * The js-yaml 3.x API that 4.0 removed (`safeLoad` and kin throw there, the schemas are gone): a file that
 * uses it runs on js-yaml 3, whose `load`/`loadAll` read with the full schema (`!!js/function` included).
 */
const YAML_3_API = /\b(?:safeLoad(?:All)?|safeDump|DEFAULT_SAFE_SCHEMA|DEFAULT_FULL_SCHEMA)\b/;
/** A schema with the JavaScript types: js-yaml 3's full schema, or js-yaml 4's extended with `js-yaml-js-types`. */
const JS_TYPES_SCHEMA = /\bDEFAULT_FULL_SCHEMA\b|js-yaml-js-types/;

export default defineAstRule({
  meta: {
    id: 'unsafe-deserialization',
    title: 'Deserialisation that can run code',
    description: "`node-serialize`, `funcster` and `serialize-to-js` revive functions from their input, and js-yaml 3's `load` (or any js-yaml `load` given a schema with the JavaScript types) builds `!!js/function` values, so a crafted payload runs code in your process.",
    recommendation: 'Exchange plain data with `JSON.parse` (validated with a schema), or read YAML with js-yaml 3 `safeLoad` / js-yaml 4 `load` and its default schema.',
    category: 'deserialization',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    owasp: ['A08:2021'],
    fixable: true,
  },
  keywords: ['node-serialize', 'funcster', 'serialize-to-js', 'js-yaml'],
  scope: 'unit',
  fileText: [/node-serialize|funcster|serialize-to-js/, /js-yaml/, YAML_3_API],
  create(context) {
    let serialize: ModuleBindings | undefined;
    let yaml: ModuleBindings | undefined;
    let yaml3: 'file' | 'project' | undefined;
    let jsTypes: ModuleBindings | undefined;
    /** `{ schema }` of a js-yaml load call names the JavaScript types (also through a name given one value). */
    const jsTypesSchema = (options: TSESTree.Node | undefined): boolean => {
      let schema: TSESTree.Node | undefined = propertiesOf(options).get('schema')?.value;
      if (schema?.type === 'Identifier') {
        const values = valuesOf(schema);
        schema = values.length === 1 ? values[0] : schema;
      }
      if (!schema) return false;
      const text = context.source(schema);
      return JS_TYPES_SCHEMA.test(text) || [...(jsTypes?.namespaces ?? [])].some((name) => new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(text));
    };
    return {
      Program(node) {
        serialize = (context.textIncludes('node-serialize') || context.textIncludes('funcster') || context.textIncludes('serialize-to-js')) ? moduleBindings(node, ['node-serialize', 'funcster', 'serialize-to-js']) : undefined;
        yaml = context.textIncludes('js-yaml') ? moduleBindings(node, ['js-yaml']) : undefined;
        // js-yaml 3: the file uses its API, or the project's package.json allows no later major.
        yaml3 = !!yaml && YAML_3_API.test(context.text) ? 'file' : !!yaml && onlyBelowMajor(context.project, 'js-yaml', 4) ? 'project' : undefined;
        jsTypes = yaml ? moduleBindings(node, ['js-yaml-js-types']) : undefined;
      },
      CallExpression(node) {
        const fromSerialize = serialize ? moduleCall(node, serialize) : undefined;
        const fromYaml = yaml ? moduleCall(node, yaml) : undefined;
        const yamlLoad = fromYaml === 'load' || fromYaml === 'loadAll';
        // load(text, options), loadAll(text, iterator, options) or loadAll(text, options)
        const options = fromYaml === 'loadAll' && node.arguments[1]?.type !== 'ObjectExpression' ? node.arguments[2] : node.arguments[1];
        const fullSchema = yamlLoad && jsTypesSchema(options);
        // js-yaml 3's default is the full schema; a schema given explicitly is that schema.
        const yaml3Default = yaml3 && !propertiesOf(options).has('schema');
        const fn = fromSerialize && /^(?:unserialize|deepDeserialize|deserialize)$/.test(fromSerialize) ? fromSerialize
          : yamlLoad && (fullSchema || yaml3Default) ? fromYaml : undefined;
        if (!fn) return;
        const input = node.arguments[0];
        const level = sinkLevel(taintOf(input)) ?? { confidence: 'medium' as const, severity: 'warning' as const };
        // js-yaml 3 with its default schema: the same call under its safe name.
        const callee = node.callee.type === 'MemberExpression' && !node.callee.computed ? node.callee.property : undefined;
        const fix: Fix | undefined = yamlLoad && !fullSchema && callee ? replaceNode(`Use ${fn === 'load' ? 'safeLoad' : 'safeLoadAll'}`, callee, fn === 'load' ? 'safeLoad' : 'safeLoadAll') : undefined;
        context.report({
          node,
          // Where the request data in the input enters (`req.cookies.profile` decoded a line above) and where a named input is built.
          related: input ? sinkFlow(context.text, node, input, input) : undefined,
          message: yamlLoad
            ? fullSchema
              ? `\`${fn}\` with a schema that has the JavaScript types (\`!!js/function\`) can run code embedded in the YAML; load with the default schema instead.`
              : `${yaml3 === 'project' ? `This project runs js-yaml 3 (${versionNote(context.project!, 'js-yaml')})` : 'This file uses js-yaml 3 (its `safeLoad`/`safeDump` API)'}, whose \`${fn}\` builds \`!!js/function\` values that run code; use \`${fn === 'load' ? 'safeLoad' : 'safeLoadAll'}\`.`
            : `\`${fn}\` can run code embedded in its input; parse plain data with JSON.parse or yaml.load and validate it instead.`,
          fix,
          ...level,
        });
      },
    };
  },
});
