import { defineTreeRule, fixedHost, fixedPath, levelOf, originFor, reportSinks } from '../../dataflow/rule';

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
    // A handler returning a view name that redirects (Spring `return "redirect:" + url`): request data after the prefix picks the target.
    const { flow, spec } = context;
    const views = spec.viewRedirects;
    if (!views) return;
    for (const node of flow.nodes) {
      if (!views.returns.has(node.type)) continue;
      const value = node.children.find((c) => c.named && c.type !== 'comment');
      const shape = value && flow.shape(value);
      if (!value || !shape || !views.prefix.test(shape.text) || !flow.isHandler(flow.enclosingFunction(node))) continue;
      const target = shape.text.replace(views.prefix, '');
      if (fixedHost(target) || fixedPath(target) || flow.guardedFor(value, 'redirect')) continue;
      const taint = originFor(flow, value, 'redirect', shape);
      if (taint !== 'request') continue;
      context.report({ node: value, message: 'This view name redirects to a target from request data; allow only relative paths or hosts on an allow-list.', ...levelOf(taint) });
    }
  },
});
