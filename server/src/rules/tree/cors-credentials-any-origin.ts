import { defineTreeRule, reportSettings } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'cors-credentials-any-origin',
    title: "CORS allows any origin together with credentials",
    description: "Allowing every origin while also allowing credentials lets any web site make requests with your users' cookies and read the answers.",
    recommendation: "List the exact origins that may call the API with credentials.",
    category: 'privilege',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-942'],
    owasp: ['A05:2021'],
    fixable: false,
  },
  keywords: ['cors', 'origin', 'allowcredentials', 'credentials', 'crossorigin', 'allowanyorigin', 'access-control'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'cors-credentials-any-origin');
  },
});
