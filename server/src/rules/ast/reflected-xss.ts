import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { HTML_MARKUP, sinkLevel, stringShape } from '../../engine/patterns';
import { enclosingFunction, taintOf, type Taint } from '../../engine/taint';
import { REQUEST_TEXT, member, seq } from '../prefilter';

/** Calls that make a value safe for HTML. */
const ESCAPER = /(?:^|\.)(?:escape\w*|encode\w*|sanitize\w*|purify|xss|filterXSS|htmlspecialchars|he\.encode|entities\.encode\w*)$/i;
/** The response says it is not HTML: then the browser does not render markup in it. */
const NOT_HTML = /['"`](?:text\/plain|application\/json)|\.json\s*\(|\btype\s*\(\s*['"`](?:json|text|txt)['"`]/;
const RESPONSE = /^(?:res|response|resp)$/;

export default defineAstRule({
  meta: {
    id: 'reflected-xss',
    title: 'Request data written into an HTML response unescaped',
    description: "Express's `res.send` serves a string as HTML, and `res.write`/`res.end` leave the type to the browser; markup built from request data in it runs script in your users' browsers (reflected XSS).",
    recommendation: 'Render through an autoescaping template (`res.render`), escape the value for HTML first (`escape-html`, `he.encode`), or send JSON or text/plain.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-79'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['send', 'write', 'end'],
  prefilter: [
    new RegExp(seq(...member('res|response|resp', 'send|write|end'))),
    new RegExp(REQUEST_TEXT),
    /<\/?[a-z]|<!--/i,
  ],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        if (node.callee.type !== 'MemberExpression' || node.callee.computed || node.callee.property.type !== 'Identifier') return;
        const method = node.callee.property.name;
        if (method !== 'send' && method !== 'write' && method !== 'end') return;
        // res.status(404).send(…): the chainable setters return the response
        let object: TSESTree.Node = node.callee.object;
        while (object.type === 'CallExpression' && object.callee.type === 'MemberExpression' && !object.callee.computed
          && object.callee.property.type === 'Identifier' && /^(?:status|set|header|append|vary|cookie|clearCookie|location|links)$/.test(object.callee.property.name)) {
          object = object.callee.object;
        }
        const receiver = qualifiedName(object);
        if (!receiver || !RESPONSE.test(receiver)) return;
        const body = node.arguments[0];
        if (!body || body.type === 'SpreadElement') return;
        const shape = stringShape(body);
        if (shape.dynamic.length === 0 || !HTML_MARKUP.test(shape.text)) return;
        const taint = shape.dynamic.reduce<Taint>((t, d) => {
          if (d.type === 'CallExpression' && ESCAPER.test(qualifiedName(d.callee) ?? '')) return t;
          const dt = taintOf(d);
          return t === 'request' || dt === 'request' ? 'request' : t;
        }, 'constant');
        if (taint !== 'request') return;
        const fn = enclosingFunction(node);
        if (NOT_HTML.test(context.text.slice(fn.range[0], fn.range[1]))) return;
        context.report({
          node: body,
          message: `\`${receiver}.${method}\` writes HTML built from request data without escaping; render it through an autoescaping template or escape the value first.`,
          ...sinkLevel(taint),
        });
      },
    };
  },
});
