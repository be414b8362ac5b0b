import { defineAstRule, mentions, staticString, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, moduleCall, propertiesOf, replaceNode, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import type { Fix } from '../../engine/types';
import { taintOf, valuesOf } from '../../engine/taint';
import { propertySource } from '../prefilter';
import { optionsOf, PARSE } from './xml-external-entities';

/**
 * node-expat compiles its own copy of libexpat (`deps/libexpat`, 2.2.1 of June 2017, in node-expat 2.4.1,
 * the latest release) and sets no handler that stops on an entity declaration (its `entityDecl` handler
 * only emits an event). That libexpat expands the general entities a document declares with no bound:
 * the protection against "billion laughs" (CVE-2013-0340) came with libexpat 2.4.0 (2021). xml2json's
 * `toJson` parses with node-expat.
 */
const PARSER_FACTORIES = new Set(['Parser', 'createParser']);

export default defineAstRule({
  meta: {
    id: 'xml-entity-expansion',
    title: 'XML from outside parsed with unbounded entity expansion (node-expat, xml2json, libxmljs `huge`)',
    description: 'node-expat, and xml2json which parses with it, build their own libexpat 2.2.1 (2017). It expands the entities a document declares without any limit, so a few hundred bytes of nested entities ("billion laughs", CVE-2013-0340, bounded only from libexpat 2.4.0) grow to gigabytes and stop the server. libxmljs with `huge: true` lifts libxml2\'s own bound the same way.',
    recommendation: 'Refuse documents that contain `<!DOCTYPE` before parsing them, or parse with a parser that does not expand declared entities (sax) or bounds their expansion (libxmljs without `noent` or `huge`).',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-776'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['node-expat', 'xml2json', 'huge'],
  prefilter: [new RegExp(`node-expat|xml2json|${propertySource('huge', String.raw`true\b`)}`)],
  scope: 'unit',
  fileText: mentions('node-expat', 'xml2json'),
  create(context) {
    let expat: ModuleBindings | undefined;
    let xml2json: ModuleBindings | undefined;
    /**
     * `new expat.Parser('UTF-8')`, `new Parser()` from node-expat, `expat.createParser()`. The module's
     * bindings are the file's; a name the enclosing functions bind to something else (`const { Parser } =
     * require('other')` in this function) is not node-expat's.
     */
    const isParser = (n: TSESTree.Node): boolean => {
      if ((n.type !== 'NewExpression' && n.type !== 'CallExpression') || !expat || !PARSER_FACTORIES.has(moduleCall(n, expat) ?? '')) return false;
      const root = n.callee.type === 'MemberExpression' ? n.callee.object : n.callee;
      const bound = root.type === 'Identifier' ? valuesOf(root) : [];
      return bound.every((v) => v.type === 'CallExpression' && v.callee.type === 'Identifier' && v.callee.name === 'require' && staticString(v.arguments[0]) === 'node-expat');
    };
    /** Reports `arg` when it is not the program's own text; `message` says what happens to `doc`. */
    const report = (arg: TSESTree.CallExpressionArgument | undefined, message: (doc: string) => string, fix?: Fix) => {
      if (!arg || arg.type === 'SpreadElement') return;
      const level = sinkLevel(taintOf(arg));
      if (!level) return;
      context.report({ node: arg, message: message(level.confidence === 'high' ? 'this XML from the request' : 'the document'), ...level, ...(fix ? { fix } : {}) });
    };
    const expands = (what: string) => (doc: string) => `${what} expands the entities ${doc} declares without limit (its bundled libexpat 2.2.1 predates the billion-laughs bound of 2.4.0), so a few hundred bytes can exhaust the server's memory; refuse documents with a DOCTYPE, or use a parser that does not expand them.`;
    return {
      Program(node) {
        expat = context.textIncludes('node-expat') ? moduleBindings(node, ['node-expat']) : undefined;
        xml2json = context.textIncludes('xml2json') ? moduleBindings(node, ['xml2json']) : undefined;
      },
      CallExpression(node) {
        // libxmljs.parseXml(req.body, { huge: true }): XML_PARSE_HUGE lifts libxml2's limits, its bound on
        // entity amplification included.
        const method = methodName(node);
        if (method && PARSE.has(method)) {
          const huge = propertiesOf(optionsOf(node.arguments)?.object).get('huge');
          if (huge && huge.value.type === 'Literal' && huge.value.value === true) report(node.arguments[0], (doc) => `\`${method}\` with \`huge: true\` lifts libxml2's safety limits (entity amplification, nesting depth, text size) for ${doc}, so a small document can exhaust the server's memory; remove \`huge\`.`, replaceNode('Keep libxml2\'s limits', huge.value, 'false'));
          return;
        }
        // xml2json.toJson(req.body, { object: true })
        if (xml2json && moduleCall(node, xml2json) === 'toJson') {
          report(node.arguments[0], expands('xml2json (node-expat)'));
          return;
        }
        // parser.parse(req.body) / parser.write(chunk) on a node-expat parser
        if (!expat || (method !== 'parse' && method !== 'write') || node.callee.type !== 'MemberExpression') return;
        const receiver = node.callee.object;
        const made = receiver.type === 'Identifier' ? valuesOf(receiver) : [receiver];
        if (made.length === 0 || !made.every(isParser)) return;
        report(node.arguments[0], expands('node-expat'));
      },
    };
  },
});
