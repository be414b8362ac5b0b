import { defineTreeRule, reportSinks } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'tainted-ldap-xpath',
    title: "LDAP filter or XPath expression built from request data",
    description: "LDAP filters and XPath expressions built from client data can be rewritten by it (`*)(uid=*`, `' or '1'='1`) to read or match every entry.",
    recommendation: "Escape values for the query language (LDAP filter escaping, XPath variables) or use parameterised APIs.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-90', 'CWE-643'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['search', 'xpath', 'ldap', 'selectnodes', 'selectsinglenode', 'evaluate', 'directorysearcher', 'filter', 'compile', 'xmlquery', 'htmlquery'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['ldap', 'xpath'], (hit, from) => `This ${hit.sink.class === 'ldap' ? 'LDAP filter' : 'XPath expression'} is built from ${from}; escape the values or use the API's variables or parameters.`);
  },
});
