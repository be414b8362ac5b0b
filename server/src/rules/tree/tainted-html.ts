import { defineTreeRule, reportSinks } from '../../dataflow/rule';

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
  keywords: ['markup', 'mark_safe', 'httpresponse', 'make_response', 'response', 'echo', 'print', 'write', 'html', 'raw', 'html_safe', 'render', 'fprintf', 'writestring', 'content'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['html'], (_hit, from) => `This response writes ${from} without HTML escaping; render it through an autoescaping template or escape it first.`);
  },
});
