import { defineTreeRule, reportSettings } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'debug-mode-on',
    title: "Debug mode switched on in code that ships",
    description: "Debuggers and detailed error pages (Flask/Werkzeug debugger, Django `DEBUG`, `display_errors`, Rails local requests) show code and settings, and some let visitors run code.",
    recommendation: "Take the debug setting from the environment and keep it off in production.",
    category: 'logging',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-489', 'CWE-215'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['debug', 'display_errors', 'consider_all_requests_local', 'developerexceptionpage', 'enablewebsecurity', 'development', 'pprof'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'debug-mode-on');
  },
});
