import { quoteSource } from '../../engine/printable';
import { defineTemplateRule } from '../../templates/rule';
import { callsFor, traceVariables, type RenderCall } from '../../templates/renderIndex';
import { isLiteralOnly, isSanitised, sanitisingMembers, variablesOf, type TemplateSite } from '../../templates/sites';

/** What to write instead, per construct. */
const INSTEAD: Record<string, string> = {
  '<%-': 'use `<%=`, which escapes',
  '<%==': 'use `<%=`, which escapes',
  '<%=': 'escape it with `h()`: before Rails 3, `<%= %>` does not escape',
  'content_tag name': 'use a literal tag name: `content_tag` writes the name as it is',
  'content_tag attribute name': 'use literal attribute names: `content_tag` writes them as they are',
  'content_tag escape false': 'drop the `false` (the `escape` argument) so Rails escapes the attribute values',
  'content_tag raw content': 'drop `raw`/`html_safe` and let `content_tag` escape the content, or sanitise it first',
  raw: 'drop `raw` and let ERB escape the value, or sanitise it first',
  html_safe: 'drop `.html_safe` and let ERB escape the value, or sanitise it first (`sanitize`)',
  '{{{': 'use `{{ }}`, which escapes',
  '{{&': 'use `{{ }}`, which escapes',
  '!=': 'use `=`, which escapes',
  '!{': 'use `#{}`, which escapes',
  '| safe': 'drop `| safe` so the engine escapes the value, or sanitise it first',
  '| raw': 'drop `| raw` so Twig escapes the value, or sanitise it first',
  '{!!': 'use `{{ }}`, which escapes',
  'Html.Raw': 'write the value with `@` so Razor encodes it, or sanitise it first',
  'new HtmlString': 'write the value with `@` so Razor encodes it, or sanitise it first',
  'MvcHtmlString.Create': 'write the value with `@` so Razor encodes it, or sanitise it first',
  'v-html': 'use text interpolation, or sanitise the value with DOMPurify first',
  '{@html': 'use `{value}`, or sanitise the value with DOMPurify first',
  '[innerHTML]': 'let Angular sanitise the binding: do not bypass its sanitiser for this value',
  '[outerHTML]': 'let Angular sanitise the binding: do not bypass its sanitiser for this value',
};

export default defineTemplateRule({
  meta: {
    id: 'template-unescaped-output',
    title: 'Template output written without HTML escaping',
    description: 'Each template engine has one form that skips HTML escaping: EJS `<%- %>`, ERB `<%== %>`/`raw`/`html_safe`, Handlebars/Mustache `{{{ }}}`, Pug `!=` and `!{}`, Jinja2/Nunjucks/Django `| safe` and `{% autoescape false %}`, Twig `| raw`, Blade `{!! !!}`, Razor `Html.Raw`, Vue `v-html`, Svelte `{@html}`, Angular `[innerHTML]` bound to a value whose sanitising was bypassed. Data written that way that a user controls runs as script in the page (cross-site scripting).',
    recommendation: 'Use the escaping form (`<%= %>`, `{{ }}`, `=`, `#{}`, text interpolation) and, where rich text is really needed, sanitise it (DOMPurify, sanitize-html, bleach) before writing it raw.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-79', 'CWE-116'],
    owasp: ['A03:2021'],
    fixable: true,
  },
  keywords: ['<%', '{{{', '{{', '!=', '!{', 'safe', 'raw', '{!!', 'v-html', 'innerhtml', 'outerhtml', '{@html', 'autoescape', 'htmlstring'],
  run(context) {
    const calls = context.renders ? callsFor(context.renders, context.path) : [];
    const bypassed = new Set(context.renders?.bypassed?.[context.path.replace(/\\/g, '/')] ?? []);
    // A Vue/Svelte component's own computed property or method that returns sanitised markup.
    let members: Set<string> | undefined;
    const throughMember = (expr: string) => {
      const head = /^\s*(?:this\.)?([A-Za-z_$][\w$]*)\s*(?:\([^()]*\))?\s*$/.exec(expr)?.[1];
      if (!head || (context.engine !== 'vue' && context.engine !== 'svelte')) return false;
      members ??= sanitisingMembers(context.text);
      return members.has(head);
    };
    const rails2 = context.renders?.unescapedErb;
    for (const site of context.sites) {
      if (site.construct === 'link_to href') {
        context.report({
          start: site.start, end: site.end, severity: 'error', confidence: 'high',
          message: `\`link_to\` links to \`${quoteSource(site.expr.trim(), 40)}\`, request data: escaping leaves a \`javascript:\` URL working, so a click runs the attacker's script; link to a route, or allow only http(s) URLs.`,
        });
        continue;
      }
      // Since Rails 3 `<%= @x %>` escapes, unless the action marked `@x` safe (`@x = raw params[:x]`).
      const marking = site.escapedSinceRails3 && !rails2 ? markingSafe(site.expr, calls) : [];
      const safeIn = marking[0]?.at;
      if (site.escapedSinceRails3 && !rails2 && !safeIn) continue;
      if (site.expr !== '' && (isSanitised(site.expr, context.engine) || isLiteralOnly(site.expr) || throughMember(site.expr))) continue;
      const fix = site.edits ? { title: fixTitle(site), edits: site.edits } : undefined;
      const variables = variablesOf(site.expr);
      if (site.needsBypass) {
        // Angular sanitises [innerHTML] itself; only a property the component bypassed is a finding.
        const property = variables.find((v) => bypassed.has(v));
        if (!property) continue;
        context.report({
          start: site.start, end: site.end,
          message: `\`${site.construct}\` is bound to \`${property}\`, which the component marks safe with bypassSecurityTrust…; ${INSTEAD[site.construct]}.`,
        });
        continue;
      }
      if (site.expr === '') {
        context.report({ start: site.start, end: site.end, message: `\`${site.construct.trim()}\` turns HTML escaping off for the whole block; turn it back on and mark single, sanitised values safe instead.` });
        continue;
      }
      const shown = `\`${quoteSource(site.expr.trim(), 40)}\`${safeIn ? ` (marked safe with \`raw\`/\`html_safe\` at ${safeIn})` : site.escapedSinceRails3 ? ` (a Rails 2 project: ${rails2})` : ''}`;
      // ERB reads the request itself: `params[:x]`, `cookies[:c]`, `request.query_parameters`.
      const direct = context.engine === 'erb' ? ERB_REQUEST.exec(site.expr)?.[1] : undefined;
      const traced = direct ? { taint: 'request' as const, variable: direct, at: undefined } : traceVariables(variables, safeIn ? marking : calls);
      const advice = safeIn ? 'do not mark it safe in the controller: let ERB escape it, or sanitise it there' : INSTEAD[site.construct] ?? 'use the escaping form';
      if (traced?.taint === 'request') {
        context.report({
          start: site.start, end: site.end, fix, severity: 'error', confidence: 'high',
          message: `\`${site.construct}\` writes ${shown} without HTML escaping, and \`${traced.variable}\` is request data (${traced.at ? `rendered at ${traced.at}` : 'read in the view'}); ${advice}.`,
        });
      } else if (traced?.taint === 'constant') {
        context.report({
          start: site.start, end: site.end, fix, severity: 'info', confidence: 'low',
          message: `\`${site.construct}\` writes ${shown} without HTML escaping; every handler that renders this template (${traced.at}) passes constants here, but ${advice}.`,
        });
      } else if (traced?.taint === 'unknown') {
        // Rendered by a handler the index knows, but the value is not traced to request data: low
        // confidence (info at the recommended preset), like JS sinks reached by a value of unknown origin.
        context.report({
          start: site.start, end: site.end, fix, confidence: 'low',
          message: `\`${site.construct}\` writes ${shown} without HTML escaping; ${traced.variable ? `\`${traced.variable}\` is` : 'the value is'} not traced to request data (rendered at ${traced.at ?? 'an unknown place'}), but ${advice}.`,
        });
      } else {
        context.report({ start: site.start, end: site.end, fix, message: `\`${site.construct}\` writes ${shown} without HTML escaping; ${advice}.` });
      }
    }
  },
});

/**
 * An ERB expression that is request data read in the view: `params[:x]`, `cookies[:c]`, `request.referer`, also
 * through string methods and `strip_tags` (which leaves quotes). Not a value computed from it
 * (`User.find(params[:id])`, `params[:x] == 1`), whose origin the view cannot tell.
 */
const ERB_REQUEST = /^\s*(?:strip_tags\s*\(?\s*)?(params|cookies|request\.(?:params|parameters|query_parameters|request_parameters|cookies|headers|referer|referrer|user_agent|raw_post|query_string|fullpath|url))(?:\s*\[[^\][]+\])*\s*\)?(?:\.(?:to_s|strip|squish|html_safe|upcase|downcase|capitalize|titleize|humanize))*\s*$/;

function fixTitle(site: TemplateSite): string {
  switch (site.construct) {
    case '| safe':
    case '| raw':
      return `Remove \`${site.construct}\` (escape the value)`;
    case '{{&':
      return 'Use `{{ }}` (escape the value)';
    default:
      return `Use \`${site.edits!.map((e) => e.newText).join(' ').trim()}\` (escape the value)`;
  }
}

/**
 * The actions that mark the instance variable `<%= @x %>` writes safe (`@x = raw params[:x]`); only the
 * bare variable: a method called on the safe string (`@x.upcase`) returns an unsafe one, escaped again.
 */
function markingSafe(expr: string, calls: readonly RenderCall[]): RenderCall[] {
  const name = /^\s*@(\w+)\s*$/.exec(expr)?.[1];
  return name === undefined ? [] : calls.filter((c) => c.markedSafe?.includes(name));
}
