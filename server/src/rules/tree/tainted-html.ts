import { lastSegment, worst, type Taint } from '../../dataflow/flow';
import type { Call } from '../../dataflow/language';
import type { SyntaxNode } from '../../treesitter/runtime';
import { defineTreeRule, levelOf, originFor, reportSinks } from '../../dataflow/rule';

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
    fixable: true,
  },
  keywords: ['text/template', 'jinja2', 'markup', 'mark_safe', 'httpresponse', 'make_response', 'response', 'echo', 'print', 'write', 'html', 'raw', 'html_safe', 'render', 'fprintf', 'writestring', 'content', '</'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['html'], (_hit, from) => `This response writes ${from} without HTML escaping; render it through an autoescaping template or escape it first.`);
    const { flow, spec } = context;
    // A template whose name turns autoescaping off (Flask: `render_template("mail.txt", name=x)`).
    if (spec.templateNames) {
      for (const call of flow.calls) {
        if (!spec.templateNames.call.test(call.name) || !call.args[0]) continue;
        const name = flow.constant(call.args[0]) ?? flow.shape(call.args[0])?.text;
        if (typeof name !== 'string' || spec.templateNames.escaped.test(name)) continue;
        const values = [...call.args.slice(1), ...call.kwargs.values()];
        const taint = values.reduce<Taint>((t, v) => (flow.sanitizedFor(v, 'html') ? t : worst(t, flow.taint(v))), 'constant');
        if (taint === 'constant') continue;
        context.report({
          node: call.node,
          message: `This template's name (${JSON.stringify(name)}) turns autoescaping off, and it is given ${taint === 'request' ? 'request data' : 'values of unknown origin'}; name it \`.html\` or escape the values.`,
          ...levelOf(taint),
        });
      }
    }
    // A template environment that escapes nothing (Jinja2 `Environment()` without `autoescape`).
    const envs = spec.unescapedEnvironments;
    if (envs && flow.fileTextMatches(envs.fileText)) {
      for (const call of flow.calls) {
        const template = envs.template?.test(call.name) === true;
        if ((!template && !envs.call.test(call.name)) || call.args.some((a) => flow.source(a).startsWith('*'))) continue;
        const given = call.kwargs.get(envs.key);
        if (given) {
          // A literal `False` is template-autoescape-disabled's (a text rule); a name holding a false constant is read here.
          const v = spec.adapter.unwrap(given);
          if (!/^[A-Za-z_]\w*$/.test(flow.source(v)) || /^(?:False|True)$/.test(flow.source(v))) continue;
          const c = flow.constant(v);
          if (c === undefined || Boolean(c)) continue;
        }
        if (template) {
          // `jinja2.Template(text)` makes its own environment, escaping off: reported where it is given values.
          for (const render of rendersOf(new Set(boundToName(call)), envs)) {
            const taint = valuesTaint(render);
            if (taint === 'constant') continue;
            context.report({
              node: render.node,
              message: `This renders a \`jinja2.Template\`, which escapes nothing (autoescape is off unless passed), with ${taint === 'request' ? 'request data' : 'values of unknown origin'}: XSS in HTML. Make the template with \`autoescape=True\` or load it from an Environment that escapes.`,
              ...levelOf(taint),
            });
          }
          continue;
        }
        const taint = renderedThrough(call, envs);
        const fixAt = call.node.children.find((c) => c.field === 'arguments');
        const shown = given ? `\`${envs.key}\` is \`${flow.source(given)}\`, a false value` : `\`${envs.key}\` is left out (off)`;
        const what = taint === 'request' ? 'and its templates render request data' : taint === 'constant' ? 'though its templates here render constants' : 'so every value its templates render goes out as markup';
        context.report({
          node: call.node,
          message: `This Jinja2 environment escapes nothing: ${shown}, ${what} (XSS in HTML templates). Pass \`${envs.fix}\` (or \`select_autoescape()\`).`,
          ...(levelOf(taint) ?? { severity: 'info', confidence: 'low' }),
          fix: fixAt && !given ? { title: `Set ${envs.fix}`, edits: [{ start: fixAt.end - 1, end: fixAt.end - 1, newText: `${call.args.length + call.kwargs.size > 0 ? ', ' : ''}${envs.fix}` }] } : undefined,
        });
      }
    }
    // A template package that does not escape, rendering into an HTTP response (Go `text/template`).
    const unescaped = spec.unescapedTemplates;
    if (unescaped && [...flow.importPaths().values()].some((p) => unescaped.path.test(p))) {
      for (const node of flow.nodes) {
        if (!node.parent || !/import/.test(node.parent.type)) continue;
        const path = spec.adapter.stringValue(node, flow.text);
        if (path === undefined || !unescaped.path.test(path)) continue;
        const imports = flow.fileNodes.filter((n) => n.parent && /import/.test(n.parent.type)).map((n) => spec.adapter.stringValue(n, flow.text) ?? '');
        if (imports.some((i) => unescaped.escaping.test(i))) continue;
        const renders = flow.fileCalls.some((c) => {
          const writer = c.args[0] && spec.adapter.name(c.args[0], flow.text);
          return unescaped.render.test(lastSegment(c.name)) && !!writer && unescaped.writer.test(flow.declaredType(c.args[0]!, writer) ?? '');
        });
        if (!renders) continue;
        context.report({
          node,
          message: `\`${path}\` does not escape HTML, and this file renders its templates into an HTTP response: values in them go out as markup (XSS). Import \`${unescaped.fix}\`, which has the same API and escapes each value for where it appears.`,
          fix: { title: `Import ${unescaped.fix}`, edits: [{ start: node.start, end: node.end, newText: JSON.stringify(unescaped.fix) }] },
        });
      }
    }
    /**
     * The worst origin of the values the templates of environment `env` render (`env.get_template(n).render(x=v)`,
     * `t = env.from_string(s)` then `t.render(…)`); unknown when the environment is not bound to a name or
     * renders nothing here (it is handed on).
     */
    function boundToName(call: Call): string[] {
      const parent = call.node.parent;
      return parent ? spec.adapter.binds(parent).filter(([, v]) => spec.adapter.unwrap(v) === call.node).map(([t]) => flow.source(t)) : [];
    }
    function renderedThrough(env: Call, envs: NonNullable<typeof spec.unescapedEnvironments>): Taint {
      const names = boundToName(env);
      if (names.length === 0) return 'unknown';
      const templates = new Set<string>();
      for (const c of flow.fileCalls) {
        const rm = receiverAndMethod(c.name);
        if (!rm || !names.includes(rm.receiver) || !envs.templates.test(rm.method) || !c.node.parent) continue;
        for (const t of boundToName(c)) templates.add(t);
      }
      let taint: Taint | undefined;
      for (const c of flow.fileCalls) {
        const rm = receiverAndMethod(c.name);
        const chained = rm && /^(.*)\.(\w+)\(\)$/.exec(rm.receiver);
        if (!rm || !envs.renders.test(rm.method) || !(templates.has(rm.receiver) || (chained && names.includes(chained[1]!) && envs.templates.test(chained[2]!)))) continue;
        taint = worst(taint ?? 'constant', valuesTaint(c));
      }
      for (const c of rendersOf(templates, envs)) taint = worst(taint ?? 'constant', valuesTaint(c));
      return taint ?? 'unknown';
    }
    /** The render calls on templates bound to `names` (`t.render(…)`). */
    function rendersOf(names: ReadonlySet<string>, envs: NonNullable<typeof spec.unescapedEnvironments>): Call[] {
      return names.size === 0 ? [] : flow.fileCalls.filter((c) => {
        const rm = receiverAndMethod(c.name);
        return !!rm && names.has(rm.receiver) && envs.renders.test(rm.method);
      });
    }
    /** The worst origin of the values a render call is given (escaped ones count as constants). */
    function valuesTaint(render: Call): Taint {
      return [...render.args, ...render.kwargs.values()].reduce<Taint>((t, v) => worst(t, flow.sanitizedFor(v, 'html') ? 'constant' : flow.taint(v)), 'constant');
    }
    function receiverAndMethod(name: string): { receiver: string; method: string } | undefined {
      const dot = name.lastIndexOf('.');
      return dot < 0 ? undefined : { receiver: name.slice(0, dot), method: name.slice(dot + 1) };
    }
    // A view that returns markup built from request data (`return "<p>%s</p>" % name` in Flask), or
    // stores it into an object or container handed on from here (`context["html"] = link % text`), where
    // the flow no longer follows it. Locals are followed to their use instead.
    if (!spec.responseReturns) return;
    const requestMarkup = (value: SyntaxNode): boolean => {
      const shape = flow.shape(value);
      return !!shape && MARKUP.test(shape.text) && originFor(flow, value, 'html', shape) === 'request';
    };
    for (const node of flow.nodes) {
      for (const [target, value] of spec.adapter.binds(node)) {
        if (!/[.[]/.test(flow.source(target)) || !requestMarkup(value)) continue;
        context.report({ node: value, message: 'HTML is built here from request data without escaping and handed on; escape the value first or let an autoescaping template build the markup.', severity: 'error', confidence: 'high' });
      }
      if (!spec.responseReturns.has(node.type)) continue;
      const value = node.children.find((c) => c.named && c.type !== 'comment');
      if (!value || !flow.isHandler(flow.enclosingFunction(node))) continue;
      if (!requestMarkup(value)) continue;
      context.report({ node: value, message: 'This view returns HTML built from request data without escaping; render it through an autoescaping template or escape the value first.', severity: 'error', confidence: 'high' });
    }
  },
});
