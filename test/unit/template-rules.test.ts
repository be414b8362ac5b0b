import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testRule } from '../helpers/ruleTester';
import { run as runCli } from '../helpers/cli';
import { LspHarness } from '../helpers/lsp';
import { TEMPLATE_RULES, BUILTIN_CATALOG } from '../../server/src/rules';
import { analyze, prepareLanguages, wouldRunTemplateRules } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { loadAllGrammars } from '../../server/src/treesitter/runtime';
import { collectRenderFacts, factsFor, renderCallsIn, traceVariables, bypassedPropertiesIn } from '../../server/src/templates/renderIndex';
import { templateEngineOf, templateSites, variablesOf } from '../../server/src/templates/sites';
import { treeRenderCallsIn } from '../../server/src/templates/treeRenders';

/**
 * Template analysis: each engine's raw-output form at exact positions, with its fix; comments,
 * literal blocks and the escaping forms stay quiet; and the severity follows what the handlers that
 * render the template pass to it (engine with facts, `warden scan` over a project, the editor).
 */
const rule = TEMPLATE_RULES.find((r) => r.meta.id === 'template-unescaped-output')!;

testRule(rule, {
  valid: [
    // EJS: escaping output, partials, layout bodies, scriptlets, comments, literal <%%.
    { code: '<p><%= user.bio %></p>\n<%- include("partials/footer") %>\n<%- include partials/head %>\n<%- body %>\n<% if (a != b) { %>x<% } %>\n<%# <%- hidden %> %>', path: 'views/profile.ejs' },
    // ERB: escaping output, literal strings marked safe, code blocks.
    { code: '<%= @post.title %>\n<%= "<br>".html_safe %>\n<%= raw "<hr>" %>\n<% x = 1 %>', path: 'app/views/posts/show.html.erb' },
    // Handlebars: escaping output, comments, an escaped delimiter, a raw block.
    { code: '{{ user.bio }}\n{{!-- {{{ user.bio }}} --}}\n{{! {{{ x }}} }}\n\\{{{ literal }}}\n{{{{raw}}}}{{{ y }}}{{{{/raw}}}}', path: 'views/p.hbs' },
    // Pug: escaping forms, comparisons in code and conditions, comments and their blocks, literal \!{.
    { code: 'div.bio= user.bio\np #{user.name}\nif a != b\n  p ok\n- var c = a != b\n//\n  p!= hidden\n//- p!= also hidden\np \\!{not}\na(href=url, title="t")', path: 'views/p.pug' },
    // Jinja2 / Nunjucks: escaping output, other filters, literal blocks, comments, autoescape on.
    { code: '{{ user.bio }}\n{{ user.bio | e }}\n{{ a or b }}\n{% raw %}{{ x | safe }}{% endraw %}\n{# {{ y | safe }} #}\n{% autoescape true %}{% endautoescape %}\n{{ "safe" }}', path: 'templates/p.html' },
    { code: '{{ comment.body|e }}\n{{ comment.body|escape("html") }}\n{% verbatim %}{{ x|raw }}{% endverbatim %}', path: 'templates/c.html.twig' },
    // Blade: escaping output, comments, a front-end framework's @{{ }}.
    { code: '<p>{{ $comment->body }}</p>\n{{-- {!! $x !!} --}}\n@{{ vue }}', path: 'resources/views/c.blade.php' },
    // Razor: encoded output, a literal, a comment.
    { code: '<p>@Model.Bio</p>\n@Html.Raw("<br/>")\n@* @Html.Raw(Model.Bio) *@', path: 'Views/Bio.cshtml' },
    // Vue: interpolation, v-text, v-html in the script part is not markup.
    { code: '<template><div>{{ post.body }}</div><p v-text="post.body"></p></template>\n<script>const s = \'<div v-html="x">\';</script>', path: 'src/Post.vue' },
    // Vue: a computed property or method of the component that returns sanitised markup (uptime-kuma's status page).
    {
      code: '<template>\n  <p v-html="descriptionHTML"></p>\n  <div v-html="incidentHTML(incident.content)"></div>\n</template>\n<script>\nexport default {\n  computed: {\n    descriptionHTML() {\n      if (this.config.description != null) {\n        return DOMPurify.sanitize(marked(this.config.description));\n      } else {\n        return "";\n      }\n    },\n  },\n  methods: {\n    incidentHTML(content) {\n      if (content != null) {\n        return DOMPurify.sanitize(marked(content));\n      }\n      return "";\n    },\n  },\n};\n</script>',
      path: 'src/pages/StatusPage.vue',
    },
    // Angular sanitises [innerHTML] itself: without a bypassed value it is not a finding.
    { code: '<div [innerHTML]="post.body"></div>', path: 'src/app/post.component.html' },
    // Svelte: interpolation and a literal.
    { code: '<p>{post.body}</p>{@html "<hr>"}', path: 'src/Post.svelte' },
    // Sanitised or escaped before it is written raw; a helper given only literals; Rails' to_json.
    { code: '<%- sanitize(user.bio) %>\n<%- DOMPurify.sanitize(post.body) %>', path: 'views/a.ejs' },
    { code: "{{{ sanitize post.body }}}\n{{{include 'partials/head.html'}}}", path: 'views/a.hbs' },
    { code: '{!! e($comment->body) !!}\n{!! clean($post->body) !!}', path: 'resources/views/a.blade.php' },
    { code: '@Html.Raw(HttpUtility.HtmlEncode(Model.Bio))\n@(new HtmlString(WebUtility.HtmlEncode(d)))', path: 'Views/a.cshtml' },
    { code: '<%== @page.to_json %>', path: 'app/views/a.html.erb' },
    { code: '<%= raw params[:stuff].to_json %>\n<%= raw u(params[:w00t]) %>', path: 'app/views/a.html.erb' },
    // Literals and calls given only literals write the application's own text; Blade's $slot is rendered markup.
    { code: "{!! __('pagination.next') !!}\n{!! Renderer::css() !!}\n{!! $slot !!}", path: 'resources/views/a.blade.php' },
    { code: "<%- t('nav.home') %>", path: 'views/a.ejs' },
    // Not a template at all.
    { code: 'const s = "<%- x %>";', path: 'src/a.ts' },
  ],
  invalid: [
    { code: '<p><%- user.bio %></p>', path: 'views/profile.ejs', errors: [{ line: 1, column: 4, endColumn: 19, message: '`<%-` writes `user.bio` without HTML escaping' }], output: '<p><%= user.bio %></p>' },
    { code: '<ul>\n  <li><%- item.name -%></li>\n</ul>', path: 'views/list.ejs', errors: [{ line: 2, column: 7, endColumn: 24 }], output: '<ul>\n  <li><%= item.name -%></li>\n</ul>' },
    {
      code: '<%== @comment.body %>\n<%= raw @comment.body %>\n<%= @comment.body.html_safe %>',
      path: 'app/views/comments/show.html.erb',
      errors: [{ line: 1, column: 1, endColumn: 22, message: '`<%==`' }, { line: 2, column: 1, endColumn: 25, message: '`raw`' }, { line: 3, column: 1, endColumn: 31, message: '`html_safe`' }],
      output: '<%= @comment.body %>\n<%= raw @comment.body %>\n<%= @comment.body.html_safe %>',
    },
    { code: '<div class="bio">{{{ user.bio }}}</div>', path: 'views/profile.hbs', errors: [{ line: 1, column: 18, endColumn: 34 }], output: '<div class="bio">{{ user.bio }}</div>' },
    { code: '{{{~ user.bio ~}}}\n{{& user.name}}', path: 'templates/card.mustache', errors: [{ line: 1, column: 1, endColumn: 19 }, { line: 2, column: 1, endColumn: 16, message: '`{{&`' }], output: '{{~ user.bio ~}}\n{{ user.name}}' },
    { code: 'div.bio!= user.bio', path: 'views/profile.pug', errors: [{ line: 1, column: 1, endColumn: 19 }], output: 'div.bio= user.bio' },
    { code: 'p Hello !{user.name}\na(href!=user.url, title="x") link\n!= footer', path: 'views/p.jade', errors: [{ line: 1, column: 9, endColumn: 21, message: '`!{`' }, { line: 2, column: 3, endColumn: 17 }, { line: 3, column: 1, endColumn: 10 }], output: 'p Hello #{user.name}\na(href=user.url, title="x") link\n= footer' },
    { code: 'script.\n  var data = !{JSON.stringify(user)};', path: 'views/p.pug', errors: [{ line: 2, column: 14, endColumn: 37 }] },
    { code: '<p>{{ user.bio | safe }}</p>', path: 'templates/profile.html', errors: [{ line: 1, column: 4, endColumn: 25, message: '`| safe`' }], output: '<p>{{ user.bio }}</p>' },
    { code: '{{ post.body|safe|truncate(30) }}', path: 'views/post.njk', errors: [{ line: 1, column: 1, endColumn: 34 }], output: '{{ post.body|truncate(30) }}' },
    { code: '{% autoescape false %}\n{{ post.body }}\n{% endautoescape %}', path: 'templates/post.jinja2', errors: [{ line: 1, column: 1, endColumn: 23, message: 'escaping off for the whole block' }] },
    { code: '{% autoescape off %}{{ x }}{% endautoescape %}', path: 'blog/templates/blog/x.html', errors: [{ line: 1, column: 1, endColumn: 21 }] },
    { code: '<p>{{ comment.body|raw }}</p>', path: 'templates/comment.html.twig', errors: [{ line: 1, column: 4, endColumn: 26, message: '`| raw`' }], output: '<p>{{ comment.body }}</p>' },
    { code: '<p>{!! $comment->body !!}</p>', path: 'resources/views/comment.blade.php', errors: [{ line: 1, column: 4, endColumn: 26 }], output: '<p>{{ $comment->body }}</p>' },
    { code: '<div>@Html.Raw(Model.Bio)</div>', path: 'Views/Profile/Bio.cshtml', errors: [{ line: 1, column: 6, endColumn: 26, message: '`Html.Raw`' }] },
    { code: '<template>\n  <div v-html="post.body"></div>\n</template>', path: 'src/Post.vue', errors: [{ line: 2, column: 8, endColumn: 26, message: '`v-html`' }] },
    { code: '<div v-html="post.body"></div>', path: 'public/index.html', errors: [{ line: 1, column: 6, endColumn: 24 }] },
    // EJS in a .html file (`app.engine('html', ejs.renderFile)`).
    { code: '<title><%- padId %></title>\n<%- body %>', path: 'src/templates/export.html', errors: [{ line: 1, column: 8, endColumn: 20, message: '`<%-`' }], output: '<title><%= padId %></title>\n<%- body %>' },
    { code: '{@html post.body}', path: 'src/Post.svelte', errors: [{ line: 1, column: 1, endColumn: 18, message: '`{@html`' }] },
    { code: '<div>@(new Microsoft.AspNetCore.Html.HtmlString(description))</div>', path: 'Views/a.cshtml', errors: [{ line: 1, column: 8, endColumn: 61, message: '`new HtmlString`' }] },
    { code: '<meta content="{{ things | safeseq | join:\',\' }}">', path: 'templates/a.html', errors: [{ line: 1, column: 16, endColumn: 49, message: '`| safeseq`' }] },
    { code: '<a href="{{ .URL | safeHTML }}">x</a>', path: 'layouts/partials/a.html', errors: [{ line: 1, column: 10, endColumn: 31, message: '`| safeHTML`' }] },
    { code: '<div>\n  <span v-html="entry.post"></span>\n</div>', path: 'src/Entry.vue', errors: [{ line: 2, column: 9, endColumn: 28 }] },
    // …but one return that is not sanitised, or a member that only renders markdown, still counts.
    {
      code: '<template>\n  <p v-html="descriptionHTML"></p>\n  <p v-html="footerHTML"></p>\n</template>\n<script>\nexport default {\n  computed: {\n    descriptionHTML() {\n      if (this.safe) return DOMPurify.sanitize(this.d);\n      return this.d;\n    },\n    footerHTML() { return marked(this.footer); },\n  },\n};\n</script>',
      path: 'src/pages/Status.vue',
      errors: [{ line: 2, column: 6, endColumn: 30 }, { line: 3, column: 6, endColumn: 25 }],
    },
  ],
}, 'views/x.ejs');

describe('template sites', () => {
  before(async () => loadAllGrammars());

  it('knows each engine by path', () => {
    const cases: [string, string, string | undefined][] = [
      ['views/a.ejs', 'ejs', 'ejs'], ['a/show.html.erb', 'erb', 'erb'], ['v/a.hbs', 'handlebars', 'handlebars'], ['v/a.pug', 'jade', 'pug'],
      ['t/a.njk', 'jinja', 'jinja'], ['t/a.twig', 'twig', 'twig'], ['r/a.blade.php', 'php', 'blade'], ['V/a.cshtml', 'razor', 'razor'],
      ['s/A.vue', 'vue', 'vue'], ['s/A.svelte', 'svelte', 'svelte'], ['s/a.component.html', 'html', 'angular'], ['t/a.html', 'html', 'html'],
      ['src/a.php', 'php', undefined], ['a.ts', 'typescript', undefined],
    ];
    for (const [path, language, engine] of cases) assert.equal(templateEngineOf(path, language), engine, path);
  });

  it('names the variables an expression reads', () => {
    assert.deepEqual(variablesOf(' user.bio '), ['user']);
    assert.deepEqual(variablesOf('$comment->body'), ['comment']);
    assert.deepEqual(variablesOf('@post.title'), ['post']);
    assert.deepEqual(variablesOf('locals.bio + this.name'), ['bio', 'name']);
    assert.deepEqual(variablesOf('markdown(post.body, "x.y")'), ['markdown', 'post']);
  });

  it('never loops or throws on unterminated delimiters', () => {
    for (const engine of ['handlebars', 'jinja', 'twig', 'blade', 'razor', 'pug', 'vue', 'angular', 'svelte', 'html'] as const) {
      for (const text of ['{{{ x', '{{ x | safe', '{% autoescape false', '{!! x', '@Html.Raw(x', 'p!= ', '!{x', '<div v-html="x', '{@html x', '{#', '{{!--', '<template><a', '{% raw %}{{ x|safe }}']) {
        assert.ok(Array.isArray(templateSites(text, engine)), `${engine}: ${text}`);
      }
    }
  });
});

describe('render facts: request data versus constants', () => {
  before(async () => loadAllGrammars());

  const ROUTES = [
    "const express = require('express');",
    'const app = express();',
    "app.get('/profile', (req, res) => {",
    "  res.render('profile', { bio: req.body.bio, title: 'Profile', user: req.user });",
    '});',
    "app.get('/about', (req, res) => res.render('about.ejs', { motto: 'We build things' }));",
    "app.get('/list', (req, res) => res.render('list', data));",
  ].join('\n');

  it('reads res.render calls: view, line, and where each value comes from', () => {
    assert.deepEqual(renderCallsIn(ROUTES, 'routes/index.js'), [
      { view: 'profile', at: 'routes/index.js:4', locals: { bio: 'request', title: 'constant', user: 'unknown' } },
      { view: 'about.ejs', at: 'routes/index.js:6', locals: { motto: 'constant' } },
      { view: 'list', at: 'routes/index.js:7', locals: {}, opaque: true },
    ]);
    assert.deepEqual(renderCallsIn('res.render(view, {})', 'a.js'), [], 'a view chosen at run time names no template');
    assert.deepEqual(renderCallsIn('this is not javascript res.render("x", {', 'a.js'), []);
  });

  it('says which files a template rule would run on: templates holding one of its keywords', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const runs = (path: string, text: string, maxFileSize?: number) => wouldRunTemplateRules({ path, text }, ruleset, { maxFileSize });
    assert.equal(runs('views/profile.ejs', '<p><%- bio %></p>'), true);
    assert.equal(runs('views/page.html', '<p>{{ q|safe }}</p>'), true);
    assert.equal(runs('views/page.html', '<div v-html="x"></div>'), true);
    assert.equal(runs('static/index.html', '<html><body><h1>Welcome</h1></body></html>'), false, 'no keyword');
    assert.equal(runs('static/index.hbs', '<h1>Welcome</h1>'), false, 'no keyword');
    assert.equal(runs('src/app.js', "res.render('profile', { bio: req.body.bio }); // <%- bio %>"), false, 'not a template');
    assert.equal(runs('views/big.ejs', `<p><%- bio %></p>${' '.repeat(2048)}`, 1024), false, 'over the size limit: credential rules only');
    assert.equal(wouldRunTemplateRules({ path: 'views/profile.ejs', text: '<%- bio %>' }, compileRuleset({ categories: ['credentials'] }, BUILTIN_CATALOG)), false, 'no template rule active');
  });

  it('matches a view name to template files in any views folder', () => {
    const facts = collectRenderFacts([{ path: 'routes/index.js', text: ROUTES }]);
    assert.deepEqual(factsFor(facts, 'views/profile.ejs').calls.map((c) => c.at), ['routes/index.js:4']);
    assert.deepEqual(factsFor(facts, 'src/views/about.ejs').calls.map((c) => c.at), ['routes/index.js:6']);
    assert.deepEqual(factsFor(facts, 'views/myprofile.ejs').calls, []);
  });

  it('takes the worst origin over every call that renders the template', () => {
    const calls = [
      { view: 'p', at: 'a.js:1', locals: { bio: 'constant' as const } },
      { view: 'p', at: 'b.js:9', locals: { bio: 'request' as const } },
    ];
    assert.deepEqual(traceVariables(['bio'], calls), { taint: 'request', variable: 'bio', at: 'b.js:9' });
    assert.equal(traceVariables(['bio'], [calls[0]!])!.taint, 'constant');
    assert.equal(traceVariables(['other'], [calls[0]!])!.taint, 'unknown', 'a variable no call passes comes from res.locals or a helper');
    assert.equal(traceVariables(['bio'], []), undefined);
  });

  it('raises request data to error/high, lowers constants to info/low, keeps the rest', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const facts = collectRenderFacts([{ path: 'routes/index.js', text: ROUTES }]);
    const at = (path: string, text: string) => analyze({ path, text }, ruleset, { renders: factsFor(facts, path) }).findings
      .filter((f) => f.ruleId === 'template-unescaped-output').map((f) => [f.severity, f.confidence, f.message]);
    const profile = at('views/profile.ejs', '<p><%- bio %></p><h1><%- title %></h1><p><%- user.name %></p>');
    // `user` is req.user (set by the server): not request data, so low confidence, info at the default preset.
    assert.deepEqual(profile.map((f) => f.slice(0, 2)), [['error', 'high'], ['info', 'low'], ['info', 'low']]);
    assert.match(profile[2]![2]!, /`user` is not traced to request data \(rendered at routes\/index\.js:4\)/);
    assert.match(profile[0]![2]!, /`bio` is request data \(rendered at routes\/index\.js:4\)/);
    assert.match(profile[1]![2]!, /passes constants here/);
    assert.deepEqual(at('views/about.ejs', '<%- motto %>').map((f) => f[0]), ['info']);
    assert.deepEqual(at('views/list.ejs', '<%- motto %>').map((f) => f.slice(0, 2)), [['info', 'low']], 'opaque locals: unknown');
    assert.deepEqual(at('views/unrendered.ejs', '<%- x %>').map((f) => f[0]), ['warning'], 'no handler found: the default');
  });

  // A router that reads its page files and fills them with mustache itself (no res.render): the
  // shape of parse-server's PagesRouter, written here from scratch.
  const PAGES = [
    "import mustache from 'mustache';",
    "const pages = Object.freeze({ reset: new Page({ id: 'reset', defaultFile: 'password_reset.html' }) });",
    "const keys = Object.freeze({ username: 'username', serverUrl: 'serverUrl', locale: 'locale' });",
    'export class PagesRouter {',
    '  resetPage(req) {',
    '    const config = req.config;',
    '    const { username } = req.query;',
    '    return this.goToPage(req, pages.reset, { [keys.username]: username, [keys.serverUrl]: config.publicServerURL });',
    '  }',
    '  goToPage(req, page, params = {}) {',
    '    const locale = this.getLocale(req);',
    '    params[keys.locale] = locale;',
    '    return this.pageResponse(page.defaultFile, params);',
    '  }',
    '  getLocale(req) {',
    '    const locale = (req.query || {}).locale || req.headers["x-locale"];',
    '    return locale;',
    '  }',
    '  async pageResponse(path, params) {',
    '    const data = await fs.readFile(path, "utf8");',
    '    return { text: mustache.render(data, params) };',
    '  }',
    '}',
  ].join('\n');

  it('reads a module that fills the page files it names with a template engine itself', () => {
    const [call, ...rest] = renderCallsIn(PAGES, 'src/PagesRouter.js');
    assert.equal(rest.length, 0);
    assert.equal(call!.view, 'password_reset.html');
    assert.equal(call!.at, 'src/PagesRouter.js:21', 'where the engine fills the page');
    assert.equal(call!.locals.username, 'request', 'destructured from req.query');
    assert.equal(call!.locals.serverUrl, 'unknown', 'configuration, keyed through the constant map');
    assert.equal(call!.locals.locale, 'request', 'assigned from this.getLocale(req), which returns req.query.locale');
    assert.deepEqual(renderCallsIn(PAGES.replace('mustache.render(data, params)', 'mustache.render("<p>{{x}}</p>", params)'), 'src/PagesRouter.js'), [],
      'an engine given a literal template fills no page file');
    assert.deepEqual(renderCallsIn(PAGES.replace('mustache.render', 'format.render'), 'src/PagesRouter.js'), [], 'no template engine');
  });

  it('raises the pages\' request values to errors and leaves configuration at low confidence', () => {
    const facts = collectRenderFacts([{ path: 'src/PagesRouter.js', text: PAGES }]);
    const path = 'public/de/password_reset.html';
    const text = '<form action="{{{serverUrl}}}/reset">\n<input name="username" value="{{{username}}}">\n<input name="locale" value="{{{locale}}}">\n<p>{{{ footer }}}</p>';
    const findings = analyze({ path, text }, compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG), { renders: factsFor(facts, path) }).findings
      .filter((f) => f.ruleId === 'template-unescaped-output');
    assert.deepEqual(findings.map((f) => [text.slice(f.start, f.end), f.severity, f.confidence]), [
      ['{{{serverUrl}}}', 'info', 'low'],
      ['{{{username}}}', 'error', 'high'],
      ['{{{locale}}}', 'error', 'high'],
      ['{{{ footer }}}', 'info', 'low'],
    ]);
    assert.match(findings[1]!.message, /`username` is request data \(rendered at src\/PagesRouter\.js:21\)/);
    assert.match(findings[0]!.message, /`serverUrl` is not traced to request data/);
    const strict = analyze({ path, text }, compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG), { renders: factsFor(facts, path) }).findings
      .filter((f) => f.ruleId === 'template-unescaped-output');
    assert.deepEqual(strict.map((f) => f.severity), ['warning', 'error', 'error', 'warning'], 'strict keeps the low-confidence ones as warnings');
  });

  it('reports Angular [innerHTML] only for a property the component bypassed', () => {
    const component = 'export class PostComponent {\n  html: SafeHtml;\n  constructor(private s: DomSanitizer) {}\n  ngOnInit() { this.html = this.s.bypassSecurityTrustHtml(this.post.body); }\n}';
    assert.deepEqual(bypassedPropertiesIn(component, 'src/app/post.component.ts'), { template: 'src/app/post.component.html', properties: ['html'] });
    const facts = collectRenderFacts([{ path: 'src/app/post.component.ts', text: component }]);
    const path = 'src/app/post.component.html';
    const text = '<div [innerHTML]="html"></div>\n<div [innerHTML]="post.body"></div>';
    const findings = analyze({ path, text }, compileRuleset({}, BUILTIN_CATALOG), { renders: factsFor(facts, path) }).findings.filter((f) => f.ruleId === 'template-unescaped-output');
    assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['[innerHTML]="html"']);
  });
});

describe('render facts in Python, PHP and Ruby: Flask, Django, Laravel and Rails views', () => {
  before(async () => loadAllGrammars());
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
  /** [text written, severity, confidence] of each template finding with the facts of `sources`. */
  const traced = (sources: { path: string; text: string }[], path: string, text: string) => {
    const facts = collectRenderFacts(sources);
    return analyze({ path, text }, ruleset, { renders: factsFor(facts, path) }).findings
      .filter((f) => f.ruleId === 'template-unescaped-output').map((f) => [text.slice(f.start, f.end), f.severity, f.confidence, f.message]);
  };

  const FLASK = [
    'from flask import Flask, request, render_template',
    "@app.route('/search')",
    'def search():',
    "    q = request.args.get('q', '')",
    "    return render_template('search.html', q=q, title='Search', count=total())",
    "@app.route('/report')",
    'def report():',
    "    return render_template('report.html', **context())",
    'def post(request):',
    "    return render(request, 'blog/post.html', {'body': request.GET['body'], 'n': 1})",
  ].join('\n');

  it('reads Flask render_template keywords and Django render contexts', () => {
    assert.deepEqual(treeRenderCallsIn(FLASK, 'app.py'), [
      { view: 'search.html', at: 'app.py:5', locals: { q: 'request', title: 'constant', count: 'unknown' } },
      { view: 'report.html', at: 'app.py:8', locals: {}, opaque: true },
      { view: 'blog/post.html', at: 'app.py:10', locals: { body: 'request', n: 'constant' } },
    ]);
  });

  it('raises Jinja2 | safe of request data to an error, lowers the rest', () => {
    const text = '<h1>{{ title|safe }}</h1>\n<p>{{ q | safe }}</p>\n<p>{{ count|safe }}</p>';
    const found = traced([{ path: 'app.py', text: FLASK }], 'templates/search.html', text);
    assert.deepEqual(found.map((f) => f.slice(0, 3)), [
      ['{{ title|safe }}', 'info', 'low'],
      ['{{ q | safe }}', 'error', 'high'],
      ['{{ count|safe }}', 'info', 'low'],
    ]);
    assert.match(found[1]![3]!, /`q` is request data \(rendered at app\.py:5\)/);
    assert.deepEqual(traced([{ path: 'app.py', text: FLASK }], 'templates/blog/post.html', '{{ body|safe }}').map((f) => f[1]), ['error']);
    assert.deepEqual(traced([{ path: 'app.py', text: FLASK }], 'templates/report.html', '{{ body|safe }}').map((f) => f.slice(1, 3)), [['info', 'low']], '**context: opaque');
  });

  const LARAVEL = [
    '<?php',
    'class UserController extends Controller {',
    '  public function show(Request $request) {',
    "    $bio = $request->input('bio');",
    "    return view('users.show', ['bio' => $bio, 'title' => 'Profile']);",
    '  }',
    '  public function search(Request $request) {',
    "    $q = $request->query('q');",
    "    return view('search', compact('q'));",
    '  }',
    '}',
  ].join('\n');

  it('reads Laravel view() data arrays and compact(), dotted names as paths', () => {
    assert.deepEqual(treeRenderCallsIn(LARAVEL, 'app/Http/Controllers/UserController.php'), [
      { view: 'users/show', at: 'app/Http/Controllers/UserController.php:5', locals: { bio: 'request', title: 'constant' } },
      { view: 'search', at: 'app/Http/Controllers/UserController.php:9', locals: { q: 'request' } },
    ]);
    const text = '<h1>{!! $title !!}</h1>\n<div>{!! $bio !!}</div>';
    assert.deepEqual(traced([{ path: 'app/Http/Controllers/UserController.php', text: LARAVEL }], 'resources/views/users/show.blade.php', text).map((f) => f.slice(0, 3)), [
      ['{!! $title !!}', 'info', 'low'],
      ['{!! $bio !!}', 'error', 'high'],
    ]);
  });

  const RAILS = [
    'class PostsController < ApplicationController',
    '  def show',
    '    @post = Post.find(params[:id])',
    '    @highlight = params[:q]',
    '  end',
    '  def preview',
    '    @body = params[:body]',
    '    render :show',
    '  end',
    'end',
  ].join('\n');

  it('reads a Rails action: its view by convention or by render, with the instance variables it sets', () => {
    assert.deepEqual(treeRenderCallsIn(RAILS, 'app/controllers/posts_controller.rb'), [
      { view: 'posts/show', at: 'app/controllers/posts_controller.rb:2', locals: { highlight: 'request', post: 'unknown' } },
      { view: 'posts/preview', at: 'app/controllers/posts_controller.rb:6', locals: { body: 'request' } },
      { view: 'posts/show', at: 'app/controllers/posts_controller.rb:6', locals: { body: 'request' } },
    ]);
    const text = '<h1><%= @post.title %></h1>\n<p><%= raw @highlight %></p>\n<div><%== @post.body %></div>';
    assert.deepEqual(traced([{ path: 'app/controllers/posts_controller.rb', text: RAILS }], 'app/views/posts/show.html.erb', text).map((f) => f.slice(0, 3)), [
      ['<%= raw @highlight %>', 'error', 'high'],
      ['<%== @post.body %>', 'info', 'low'],
    ]);
    assert.deepEqual(treeRenderCallsIn(RAILS, 'lib/posts_controller.rb'), [], 'not a controller by its place');
  });

  it('reads `<%= %>` as unescaped in a Rails 2 project only, and link_to / content_tag by what they write', () => {
    const text = [
      '<p><%= @highlight %></p>',
      '<%= h @highlight %>',
      '<%= render :partial => "x" %>',
      '<%= link_to @post.title, params[:url] %>',
      '<%= link_to h(@post.title), @post %>',
      '<%= content_tag :div, "Hi", { :class => params[:c] } %>',
    ].join('\n');
    const env = "RAILS_GEM_VERSION = '2.3.11' unless defined? RAILS_GEM_VERSION\n";
    const rails2 = [{ path: 'app/controllers/posts_controller.rb', text: RAILS }, { path: 'config/environment.rb', text: env }];
    assert.equal(collectRenderFacts(rails2).unescapedErb, 'config/environment.rb:1 (Rails 2.3.11)');
    assert.deepEqual(traced(rails2, 'app/views/posts/show.html.erb', text).map((f) => f.slice(0, 3)), [
      ['<%= @highlight %>', 'error', 'high'],
      // The href; the text's own finding (unescaped in Rails 2, of unknown origin) has the same range: one kept.
      ['<%= link_to @post.title, params[:url] %>', 'error', 'high'],
    ]);
    assert.match(String(traced(rails2, 'app/views/posts/show.html.erb', text)[0]![3]), /Rails 2 project: config\/environment\.rb:1/);
    // Rails 3 and later escape `<%= %>`; so does a Rails 2 app that loads rails_xss. Only the href is left.
    const href = [['<%= link_to @post.title, params[:url] %>', 'error', 'high']];
    assert.deepEqual(traced(rails2.slice(0, 1), 'app/views/posts/show.html.erb', text).map((f) => f.slice(0, 3)), href);
    assert.deepEqual(traced([rails2[0]!, { path: 'config/environment.rb', text: `${env}config.gem 'rails_xss'\n` }], 'app/views/posts/show.html.erb', text).map((f) => f.slice(0, 3)), href);
  });

  it('reads `<%= @x %>` as unescaped in Rails 3+ when the action marked `@x` safe with raw or html_safe', () => {
    const controller = [
      'class PostsController < ApplicationController',
      '  def show',
      '    @bio = raw params[:bio]',
      '    @note = Note.first.text.html_safe',
      '    @title = params[:title]',
      '  end',
      '  def edit',
      '    @bio = params[:bio]',
      '  end',
      'end',
    ].join('\n');
    const sources = [{ path: 'app/controllers/posts_controller.rb', text: controller }];
    assert.deepEqual(treeRenderCallsIn(controller, 'app/controllers/posts_controller.rb').map((c) => [c.view, c.markedSafe]), [
      ['posts/show', ['bio', 'note']],
      ['posts/edit', undefined],
    ]);
    const text = '<p><%= @bio %></p>\n<p><%= @note %></p>\n<%= @title %>\n<%= @bio.upcase %>';
    const found = traced(sources, 'app/views/posts/show.html.erb', text);
    assert.deepEqual(found.map((f) => f.slice(0, 3)), [
      ['<%= @bio %>', 'error', 'high'],
      ['<%= @note %>', 'info', 'low'],
    ]);
    assert.match(String(found[0]![3]), /marked safe with `raw`\/`html_safe` at app\/controllers\/posts_controller\.rb:2/);
    // Another action's view, where `@bio` is not marked safe, stays escaped.
    assert.deepEqual(traced(sources, 'app/views/posts/edit.html.erb', '<%= @bio %>'), []);
  });

  it('reports a `link_to` href read from the request (a `javascript:` URL survives escaping), in any Rails', () => {
    const text = [
      '<%= link_to "more", params[:url] %>',
      '<%= link_to("xss", url_for(params[:bad])) %>',
      '<%= link_to "x", h(params[:js]) %>',
      '<%= link_to params[:x] do %>stuff<% end %>',
      '<% link_to(cookies[:u]) do %>b<% end %>',
      '<%= link_to h(params[:q]), "/search" %>',
      '<%= link_to "ok", ensure_valid_proto!(params[:u], :js) %>',
      '<%= link_to "ok", params.merge(:page => 2) %>',
      '<%= link_to "ok", :action => "show", :q => params[:q] %>',
      '<%= link_to "ok", @post %>',
    ].join('\n');
    const found = traced([{ path: 'app/controllers/posts_controller.rb', text: RAILS }], 'app/views/posts/show.html.erb', text);
    assert.deepEqual(found.map((f) => f.slice(0, 3)), [
      ['<%= link_to "more", params[:url] %>', 'error', 'high'],
      ['<%= link_to("xss", url_for(params[:bad])) %>', 'error', 'high'],
      ['<%= link_to "x", h(params[:js]) %>', 'error', 'high'],
      ['<%= link_to params[:x] do %>', 'error', 'high'],
      ['<% link_to(cookies[:u]) do %>', 'error', 'high'],
    ]);
    assert.match(String(found[0]![3]), /`link_to` links to `params\[:url\]`, request data: escaping leaves a `javascript:` URL working/);
  });
  it('reads what `content_tag` writes unescaped in any Rails: the tag name, attribute names, values with escape false, raw content', () => {
    const text = [
      '<%= content_tag params[:tag], "x" %>',
      '<%= content_tag :div, "Hi", { cookies[:k] => "v" } %>',
      '<%= content_tag :div, "Hi", { :id => @post.name }, false %>',
      '<%= content_tag(:span, raw(params[:b])) %>',
      '<%= content_tag :div, "Hi", { :class => params[:c] } %>',
      '<%= content_tag :div, "Hi", { :class => params[:c] }, true %>',
      '<%= content_tag :span, "t", { u(params[:c]) => "x" } %>',
      '<%= content_tag :p, h(params[:s]) %>',
      '<%= content_tag(:div, "hi", title: params[:t]) %>',
      '<%= content_tag :div, "Hi", { "data-x" => @post.name, :id => "a" }, false %>',
    ].join('\n');
    const found = traced([{ path: 'app/controllers/posts_controller.rb', text: RAILS }], 'app/views/posts/show.html.erb', text);
    assert.deepEqual(found.map((f) => f.slice(0, 3)), [
      ['<%= content_tag params[:tag], "x" %>', 'error', 'high'],
      ['<%= content_tag :div, "Hi", { cookies[:k] => "v" } %>', 'error', 'high'],
      ['<%= content_tag :div, "Hi", { :id => @post.name }, false %>', 'info', 'low'],
      ['<%= content_tag(:span, raw(params[:b])) %>', 'error', 'high'],
      ['<%= content_tag :div, "Hi", { "data-x" => @post.name, :id => "a" }, false %>', 'info', 'low'],
    ]);
    assert.match(String(found[0]![3]), /`content_tag name` writes `params\[:tag\]` without HTML escaping, and `params` is request data \(read in the view\)/);
    assert.match(String(found[2]![3]), /drop the `false` \(the `escape` argument\)/);
  });

  it("gives a Rails view the instance variables its action's before_action callbacks set", () => {
    const controller = [
      'class PostsController < ApplicationController',
      '  before_filter :load_bio, :only => [:show, :own]',
      '  def show',
      '  end',
      '  def own',
      '    @bio = "fixed"',
      '  end',
      '  def edit',
      '  end',
      '  private',
      '  def load_bio',
      '    @bio = params[:bio]',
      '  end',
      'end',
    ].join('\n');
    const sources = [{ path: 'app/controllers/posts_controller.rb', text: controller }];
    assert.deepEqual(traced(sources, 'app/views/posts/show.html.erb', '<%== @bio %>').map((f) => f.slice(0, 3)), [['<%== @bio %>', 'error', 'high']]);
    assert.deepEqual(traced(sources, 'app/views/posts/own.html.erb', '<%== @bio %>').map((f) => f.slice(0, 3)), [['<%== @bio %>', 'info', 'low']]);
    assert.deepEqual(traced(sources, 'app/views/posts/edit.html.erb', '<%== @bio %>').map((f) => f.slice(0, 2)), [['<%== @bio %>', 'info']]);
  });

  it('does not take `strip_tags` for an escaper: it leaves quotes', () => {
    const text = '<%= strip_tags(params[:x]).html_safe %>\n<%= raw strip_tags(@highlight) %>\n<%= h strip_tags(params[:x]) %>\n<%= raw sanitize(params[:x]) %>';
    assert.deepEqual(traced([{ path: 'app/controllers/posts_controller.rb', text: RAILS }], 'app/views/posts/show.html.erb', text).map((f) => f.slice(0, 3)), [
      ['<%= strip_tags(params[:x]).html_safe %>', 'error', 'high'],
      ['<%= raw strip_tags(@highlight) %>', 'error', 'high'],
    ]);
  });

  it('reads request data written by an ERB view itself, but not a value computed from it', () => {
    const text = '<%== params[:x] %>\n<%== params[:x] == 1 %>\n<%= raw User.find(params[:id]).bio %>\n<%= raw request.referer %>';
    assert.deepEqual(traced([], 'app/views/posts/show.html.erb', text).map((f) => f.slice(0, 2)), [
      ['<%== params[:x] %>', 'error'],
      ['<%== params[:x] == 1 %>', 'warning'],
      ['<%= raw User.find(params[:id]).bio %>', 'warning'],
      ['<%= raw request.referer %>', 'error'],
    ]);
  });
});

describe('warden scan: templates traced to their handlers', function () {
  this.timeout(60_000);

  it('finds the handler in another file and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-templates-'));
    mkdirSync(join(dir, 'routes'));
    mkdirSync(join(dir, 'views'));
    writeFileSync(join(dir, 'routes', 'user.js'), "module.exports = (app) => {\n  app.post('/bio', (req, res) => res.render('profile', { bio: req.body.bio, year: 2026 }));\n};\n");
    writeFileSync(join(dir, 'views', 'profile.ejs'), '<p><%- bio %></p>\n<footer><%- year %></footer>\n');
    await prepareLanguages(['views/profile.ejs']);
    const out = await runCli(['scan', '--format', 'json', '--jobs', '1'], dir);
    const report = JSON.parse(out.stdout) as { findings: { path: string; ruleId: string; severity: string; message: string }[] };
    const found = report.findings.filter((f) => f.path === 'views/profile.ejs' && f.ruleId === 'template-unescaped-output');
    assert.deepEqual(found.map((f) => f.severity), ['error', 'info']);
    assert.match(found[0]!.message, /routes\/user\.js:2/);
  });
});

describe('warden scan: a Flask view traced to its handler', function () {
  this.timeout(60_000);

  it('loads the Python grammar before reading the handlers, and raises request data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-templates-flask-'));
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'app.py'), "from flask import request, render_template\n\n@app.route('/s')\ndef s():\n    return render_template('search.html', q=request.args['q'], year=2026)\n");
    writeFileSync(join(dir, 'templates', 'search.html'), '<p>{{ q|safe }}</p>\n<footer>{{ year|safe }}</footer>\n');
    const out = await runCli(['scan', '--format', 'json', '--jobs', '1'], dir);
    const report = JSON.parse(out.stdout) as { findings: { path: string; ruleId: string; severity: string; message: string }[] };
    const found = report.findings.filter((f) => f.path === 'templates/search.html' && f.ruleId === 'template-unescaped-output');
    assert.deepEqual(found.map((f) => f.severity), ['error', 'info']);
    assert.match(found[0]!.message, /`q` is request data \(rendered at app\.py:5\)/);
  });
});

describe('warden scan: the same verdicts on worker threads', function () {
  this.timeout(120_000);

  /** A project past the scan's threshold for workers (130 files) whose handler renders `profile` with request data. */
  const projectRenderingProfile = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    mkdirSync(join(dir, 'lib'));
    mkdirSync(join(dir, 'views'));
    for (let i = 0; i < 128; i++) writeFileSync(join(dir, 'lib', `m${i}.js`), `module.exports = ${i};\n`);
    writeFileSync(join(dir, 'lib', 'routes.js'), "app.get('/p', (req, res) => res.render('profile', { bio: req.query.bio, title: 'Hi' }));\n");
    return dir;
  };

  it('hands each template its facts whatever the thread (--jobs 1 and 2, 130 files)', async () => {
    const dir = projectRenderingProfile('warden-templates-jobs-');
    writeFileSync(join(dir, 'views', 'profile.ejs'), '<h1><%- title %></h1>\n<p><%- bio %></p>\n');
    const verdicts = async (jobs: string) => {
      const out = await runCli(['scan', '--format', 'json', '--jobs', jobs], dir);
      const report = JSON.parse(out.stdout) as { findings: { path: string; ruleId: string; severity: string; message: string }[] };
      return report.findings.filter((f) => f.ruleId === 'template-unescaped-output').map((f) => [f.path, f.severity, f.message]);
    };
    const one = await verdicts('1');
    assert.deepEqual(one.map((f) => f[1]), ['info', 'error']);
    assert.deepEqual(await verdicts('2'), one);
  });

  it('collects render calls only when a template rule runs on some template; a static page is a file like any other', async () => {
    const dir = projectRenderingProfile('warden-templates-static-');
    // No template rule's keyword in it (`<%`, `{{`, `safe`…), listed before the EJS view: a credential is all there is.
    writeFileSync(join(dir, 'views', 'about.html'), '<html><script>const password = "Pl4inT3xt-42-Secret!";</script></html>\n');
    const found = async (jobs: string) => {
      const out = await runCli(['scan', '--format', 'json', '--jobs', jobs], dir);
      const report = JSON.parse(out.stdout) as { findings: { path: string; ruleId: string; severity: string }[] };
      return report.findings.map((f) => [f.path, f.ruleId, f.severity]);
    };
    const page = ['views/about.html', 'hardcoded-password', 'error'];
    writeFileSync(join(dir, 'views', 'profile.ejs'), '<h1><%- title %></h1>\n<p><%- bio %></p>\n');
    // The static page is read first, and the EJS view after it still gets the handler's values.
    const both = await found('1');
    assert.deepEqual(both.filter((f) => f[1] === 'template-unescaped-output').map((f) => f[2]), ['info', 'error']);
    assert.deepEqual(both.filter((f) => f[0] === 'views/about.html'), [page]);
    assert.deepEqual(await found('2'), both);
    // Only the static page: the one pass finds in it what `analyze` alone finds.
    writeFileSync(join(dir, 'views', 'profile.ejs'), '<h1>Profile</h1>\n');
    const text = readFileSync(join(dir, 'views', 'about.html'), 'utf8');
    const alone = analyze({ path: 'views/about.html', text }, compileRuleset({}, BUILTIN_CATALOG)).findings.map((f) => ['views/about.html', f.ruleId, f.severity]);
    assert.deepEqual(alone, [page]);
    for (const jobs of ['1', '2']) assert.deepEqual(await found(jobs), alone, `--jobs ${jobs}`);
    // Static pages past what the main thread reads to decide (1 MB) before the EJS view: the facts are
    // collected as before, and the view still gets the handler's values.
    writeFileSync(join(dir, 'views', 'profile.ejs'), '<h1><%- title %></h1>\n<p><%- bio %></p>\n');
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, 'views', `a${i}.html`), '<p>A plain page of text.</p>\n'.repeat(15_000));
    const past = await found('1');
    assert.deepEqual(past.filter((f) => f[1] === 'template-unescaped-output').map((f) => f[2]), ['info', 'error']);
    assert.deepEqual(await found('2'), past);
  });
});

describe('language server: a template and the open handler', function () {
  this.timeout(30_000);

  it('raises the finding when the handler that passes request data is open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-lsp-tpl-'));
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      const template = pathToFileURL(join(dir, 'views', 'profile.ejs')).toString();
      const alone = await lsp.open(template, '<p><%- bio %></p>\n', 'ejs');
      assert.deepEqual(alone.diagnostics.map((d) => [d.code, d.severity, d.range.start.character, d.range.end.character]), [['template-unescaped-output', 2, 3, 13]]);
      await lsp.open(pathToFileURL(join(dir, 'routes', 'user.js')).toString(), "app.post('/b', (req, res) => res.render('profile', { bio: req.body.bio }));\n", 'javascript');
      const traced = await lsp.nextDiagnostics(template, lsp.change(template, '<p><%- bio %></p>\n\n'));
      assert.deepEqual(traced.diagnostics.map((d) => [d.code, d.severity]), [['template-unescaped-output', 1]]);
      assert.match(String(traced.diagnostics[0]!.message), /request data \(rendered at routes\/user\.js:1\)/);
    } finally {
      await lsp.shutdown();
    }
  });
});
