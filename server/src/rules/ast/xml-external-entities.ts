import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName, propertiesOf, sinkLevel } from '../../engine/patterns';
import { taintOf, valuesOf } from '../../engine/taint';

/**
 * The parse functions of the libxml2 bindings (libxmljs, libxmljs2, libxml, their Document and SAX
 * parsers). `noent` is libxml2's own option name, so a parse call with `noent: true` is one of them
 * whatever the receiver is called; `noent: true` makes libxml2 substitute entities, external ones
 * (`SYSTEM "file:///etc/passwd"`) included.
 */
export const PARSE = new Set(['parseXml', 'parseXmlString', 'parseXmlAsync', 'parseHtml', 'parseHtmlString', 'parseHtmlFragment', 'fromXml', 'fromHtml']);

/** `parser` when it was made by `new libxmljs.SaxParser()` / `new SaxPushParser()`: the class name. */
function saxParserOf(node: TSESTree.Node): string | undefined {
  const created = node.type === 'Identifier' ? valuesOf(node) : [node];
  if (created.length !== 1 || created[0]!.type !== 'NewExpression') return undefined;
  const name = qualifiedName(created[0]!.callee) ?? '';
  const m = /(?:^|\.)(Sax(?:Push)?Parser)$/.exec(name);
  return m && /libxml/i.test(name.includes('.') ? name : 'libxml') ? m[1] : undefined;
}

/**
 * The options object of a libxml parse call (written in the call, or a name holding one: `const opts =
 * { noent: true }`), and where the call names it (the variable, when the object is defined elsewhere).
 */
export function optionsOf(args: TSESTree.CallExpressionArgument[]): { object: TSESTree.Node; use?: TSESTree.Node } | undefined {
  for (const a of args.slice(1)) {
    if (a.type === 'ObjectExpression') return { object: a };
    if (a.type === 'Identifier') {
      const values = valuesOf(a);
      const [value] = values;
      if (values.length === 1 && value?.type === 'ObjectExpression') return { object: value, use: a };
    }
  }
  return undefined;
}

export default defineAstRule({
  meta: {
    id: 'xml-external-entities',
    title: 'XML parsed with entity substitution (XXE)',
    description: 'With `noent: true`, libxml2 replaces entities by their content, including external entities that name a local file or a URL, so an uploaded XML document can read `/etc/passwd` or make the server fetch internal URLs. libxmljs\'s `SaxParser` and `SaxPushParser` do so without the option.',
    recommendation: 'Leave entity substitution off (drop `noent: true`) and never enable DTD loading for XML that comes from outside.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-611'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['noent', 'saxparser', 'saxpushparser'],
  prefilter: [/\bnoent\b|\bSax(?:Push)?Parser\b/],
  scope: 'unit',
  create(context) {
    /** Code run by `vm` that calls a libxml parse with `noent: true` (`vm.runInContext('libxml.parseXml(data, { noent: true })', sandbox)`). */
    const checkCode = (name: string, code: TSESTree.Node | undefined) => {
      if (!code || (code.type !== 'Literal' && code.type !== 'TemplateLiteral')) return;
      const raw = context.text.slice(code.start, code.end);
      const call = new RegExp(String.raw`\b(?:${[...PARSE].join('|')})\s*\([^)]*?\bnoent\s*:\s*(true)\b`).exec(raw);
      if (!call) return;
      const start = code.start + call.index + call[0].length - 4;
      context.report({
        node: code,
        message: `The code that \`${name}\` runs parses XML with \`noent: true\`, which substitutes external entities, so the document can read local files or reach internal URLs; remove noent.`,
        confidence: 'high',
        severity: 'error',
        fix: { title: 'Turn entity substitution off', edits: [{ start, end: start + 4, newText: 'false' }] },
      });
    };
    return {
      NewExpression(node) {
        if (/^(?:vm\.)?Script$/.test(qualifiedName(node.callee) ?? '')) checkCode('vm.Script', node.arguments[0]);
      },
      CallExpression(node) {
        const method = methodName(node);
        if (method && /^(?:runInContext|runInNewContext|runInThisContext)$/.test(method)) checkCode(method, node.arguments[0]);
        // libxmljs's SAX parsers load external entities whatever the options (CodeQL's XXE model of libxmljs says the same).
        const parser = (method === 'parseString' || method === 'push') && node.callee.type === 'MemberExpression' ? saxParserOf(node.callee.object) : undefined;
        if (parser && node.arguments[0] && node.arguments[0].type !== 'SpreadElement') {
          const level = sinkLevel(taintOf(node.arguments[0]));
          if (level) {
            context.report({
              node: node.arguments[0],
              message: `\`${parser}\` substitutes external entities, so ${level.confidence === 'high' ? 'this XML from the request' : 'the document'} can read local files or reach internal URLs; parse it with \`parseXml\` (no \`noent\`) instead.`,
              ...level,
            });
          }
          return;
        }
        if (!method || !PARSE.has(method)) return;
        const options = optionsOf(node.arguments);
        const noent = propertiesOf(options?.object).get('noent');
        if (!noent || noent.value.type !== 'Literal' || noent.value.value !== true) return;
        const level = sinkLevel(taintOf(node.arguments[0])) ?? { confidence: 'medium' as const };
        // Reported where the parser is called with the options (the fix edits their definition).
        context.report({
          node: options?.use ?? noent,
          message: `\`${method}\` with \`noent: true\` substitutes external entities, so the document can read local files or reach internal URLs${level.confidence === 'high' ? ', and this XML comes from the request' : ''}; remove noent.`,
          ...level,
          severity: 'error',
          fix: { title: 'Turn entity substitution off', edits: [{ start: noent.value.start, end: noent.value.end, newText: 'false' }] },
        });
      },
    };
  },
});
