import { defineTreeRule, reportSinks } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'tainted-redirect',
    title: "Redirect to a URL from request data",
    description: "Redirecting to a URL the request names sends your users to any site an attacker chooses, with your domain in the link.",
    recommendation: "Redirect only to relative paths or to hosts on an allow-list; otherwise fall back to a fixed page.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-601'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ['redirect', 'location', 'redirect_to'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['redirect'], (_hit, from) => `This redirect target comes from ${from}; allow only relative paths or hosts on an allow-list.`);
  },
});
