import { defineTreeRule, reportSettings, type TreeContext } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'debug-mode-on',
    title: "Debug mode switched on in code that ships",
    description: "Debuggers and detailed error pages (Flask/Werkzeug debugger, Django `DEBUG`, `display_errors`, Rails local requests or a controller's own `show_detailed_exceptions?`) show code and settings, and some let visitors run code.",
    recommendation: "Take the debug setting from the environment and keep it off in production.",
    category: 'logging',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-489', 'CWE-215'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['debug', 'display_errors', 'consider_all_requests_local', 'developerexceptionpage', 'enablewebsecurity', 'development', 'pprof', 'show_detailed_exceptions', 'show_exceptions', 'dump_errors'],
  run(context) {
    // The settings per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'debug-mode-on');
    if (context.spec.id === 'ruby') detailedExceptions(context);
  },
});

/**
 * A Rails controller that answers `show_detailed_exceptions?` itself with anything but `false` shows
 * the detailed error page (code, parameters, environment) to the requests it says yes to.
 */
function detailedExceptions(context: TreeContext): void {
  const { flow } = context;
  if (!context.text.includes('show_detailed_exceptions?')) return;
  for (const fn of flow.nodes) {
    if (fn.type !== 'method') continue;
    const name = fn.children.find((c) => c.field === 'name');
    if (!name || flow.source(name) !== 'show_detailed_exceptions?') continue;
    const body = fn.children.find((c) => c.field === 'body');
    if (body && /^\s*false\s*$/.test(flow.source(body))) continue;
    context.report({
      node: name,
      message: body && /^\s*true\s*$/.test(flow.source(body))
        ? '`show_detailed_exceptions?` returns true: every visitor gets the detailed error page with code, parameters and environment.'
        : '`show_detailed_exceptions?` is answered by the application: the visitors it says yes to get the detailed error page with code, parameters and environment.',
    });
  }
}
