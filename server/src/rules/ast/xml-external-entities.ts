import { defineAstRule } from '../../engine/ast';
import { methodName, moduleBindings, propertiesOf, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';

/** libxml2 bindings; `noent: true` makes libxml2 substitute entities, external ones (`SYSTEM "file:///etc/passwd"`) included. */
const LIBXML = ['libxmljs', 'libxmljs2', 'libxmljs-mt', 'libxmljs-dom'];
const PARSE = new Set(['parseXml', 'parseXmlString', 'parseXmlAsync', 'parseHtml', 'parseHtmlString', 'parseHtmlFragment', 'fromXml', 'fromHtml']);

export default defineAstRule({
  meta: {
    id: 'xml-external-entities',
    title: 'XML parsed with entity substitution (XXE)',
    description: 'With `noent: true`, libxml2 replaces entities by their content, including external entities that name a local file or a URL, so an uploaded XML document can read `/etc/passwd` or make the server fetch internal URLs.',
    recommendation: 'Leave entity substitution off (drop `noent: true`) and never enable DTD loading for XML that comes from outside.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-611'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['noent'],
  prefilter: [/\bnoent\b/],
  create(context) {
    let libxml: ModuleBindings | undefined;
    return {
      Program(node) {
        libxml = moduleBindings(node, LIBXML);
      },
      CallExpression(node) {
        const method = methodName(node);
        if (!method || !PARSE.has(method) || !libxml) return;
        const callee = node.callee;
        const viaModule = callee.type === 'Identifier'
          ? libxml.members.has(callee.name)
          : callee.type === 'MemberExpression' && callee.object.type === 'Identifier'
            && (libxml.namespaces.has(callee.object.name) || (callee.object.name === 'Document' && libxml.members.has('Document')));
        if (!viaModule) return;
        const noent = propertiesOf(node.arguments.find((a) => a.type === 'ObjectExpression')).get('noent');
        if (!noent || noent.value.type !== 'Literal' || noent.value.value !== true) return;
        const level = sinkLevel(taintOf(node.arguments[0])) ?? { confidence: 'medium' as const };
        context.report({
          node: noent,
          message: `\`${method}\` with \`noent: true\` substitutes external entities, so the document can read local files or reach internal URLs${level.confidence === 'high' ? ', and this XML comes from the request' : ''}; remove noent.`,
          ...level,
          severity: 'error',
          fix: { title: 'Turn entity substitution off', edits: [{ start: noent.value.range[0], end: noent.value.range[1], newText: 'false' }] },
        });
      },
    };
  },
});
