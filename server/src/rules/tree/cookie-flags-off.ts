import { defineTreeRule, reportSettings } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'cookie-flags-off',
    title: "Cookie or session protection flag switched off",
    description: "A cookie without `Secure` travels over plain HTTP, and one without `HttpOnly` can be read by any script in the page; session cookies need both.",
    recommendation: "Set `Secure` and `HttpOnly` (and `SameSite`) on session and authentication cookies.",
    category: 'session',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-614', 'CWE-1004'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['secure', 'httponly', 'cookie', 'setcookie', 'session_cookie', 'http_only'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'cookie-flags-off');
  },
});
