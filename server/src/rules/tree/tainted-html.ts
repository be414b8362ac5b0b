import { worst, type Taint } from '../../dataflow/flow';
import { defineTreeRule, reportSinks } from '../../dataflow/rule';

/** Markup in the literal text of a built string: a tag opens or closes. */
const MARKUP = /<\/?[a-z][\w-]*[\s>\/]|<!--/i;

export default defineTreeRule({
  meta: {
    id: 'tainted-html',
    title: "Request data written into an HTML response unescaped",
    description: "Writing client data into a response without HTML escaping (or marking it safe) lets an attacker run script in your users' browsers (reflected XSS).",
    recommendation: "Render through an autoescaping template, or escape the value for HTML first; never mark client data as safe.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-79'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['markup', 'mark_safe', 'httpresponse', 'make_response', 'response', 'echo', 'print', 'write', 'html', 'raw', 'html_safe', 'render', 'fprintf', 'writestring', 'content', '</'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['html'], (_hit, from) => `This response writes ${from} without HTML escaping; render it through an autoescaping template or escape it first.`);
    // A view that returns markup built from request data (`return "<p>%s</p>" % name` in Flask).
    const { flow, spec } = context;
    if (!spec.responseReturns) return;
    for (const node of flow.nodes) {
      if (!spec.responseReturns.has(node.type)) continue;
      const value = node.children.find((c) => c.named && c.type !== 'comment');
      if (!value || !flow.isHandler(flow.enclosingFunction(node))) continue;
      const shape = flow.shape(value);
      if (!shape || !MARKUP.test(shape.text)) continue;
      const taint = shape.dynamic.reduce<Taint>((t, d) => (flow.sanitizedFor(d, 'html') ? t : worst(t, flow.taint(d))), 'constant');
      if (taint !== 'request') continue;
      context.report({ node: value, message: 'This view returns HTML built from request data without escaping; render it through an autoescaping template or escape the value first.', severity: 'error', confidence: 'high' });
    }
  },
});
