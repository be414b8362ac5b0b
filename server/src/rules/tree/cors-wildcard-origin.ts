import { defineTreeRule, reportSettings } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'cors-wildcard-origin',
    title: 'CORS lets any website read the responses',
    description: "Allowing every origin (`Access-Control-Allow-Origin: *`, flask-cors or FastAPI `*`, django-cors-headers' allow-all, Spring `@CrossOrigin(\"*\")`) without credentials lets every website read the responses through its visitors' browsers. That is intended for public data and a leak where access depends on the network: an intranet or localhost service, an IP allow-list, a VPN. Low confidence: one file does not show which of the two the API is. With credentials, `cors-credentials-any-origin` reports it.",
    recommendation: 'List the origins that may read the API; keep `*` for data that is public anyway.',
    category: 'privilege',
    severity: 'warning',
    confidence: 'low',
    cwe: ['CWE-942'],
    owasp: ['A05:2021'],
    fixable: false,
  },
  keywords: ['cors', 'origin', 'crossorigin', 'access-control'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'cors-wildcard-origin');
  },
});
