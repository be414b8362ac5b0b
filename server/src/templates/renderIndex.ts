import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { qualifiedName, staticString } from '../engine/ast';
import { detectLanguage, isJsx, JS_TS_LANGUAGES } from '../engine/languages';
import { LineIndex } from '../engine/lines';
import { parse } from '../engine/parser';
import { returnedValues, taintOf, valuesOf, type Taint } from '../engine/taint';
import { forEachChild } from '../engine/tree';
import { give, treeRenderCallsIn } from './treeRenders';

/**
 * Which handler renders which template with which values: `res.render('profile', { bio: req.body.bio })`
 * in the project says the `bio` of views/profile.* is request data. Plain data, so it crosses
 * threads; built by the CLI once per scan from the project's JS/TS files and by the language server
 * from the open documents, then handed to `analyze` (`AnalyzeOptions.renders`), which stays pure.
 */
export interface RenderCall {
  /** The view name as written: `profile`, `users/show`, `profile.ejs`. */
  view: string;
  /** Where the call is, for messages: `routes/user.js:14`. */
  at: string;
  /** Where each passed variable comes from (`{ bio: req.body.bio }` → `bio: request`). */
  locals: Record<string, Taint>;
  /** The locals are not an object literal (or spread one in): any variable may be anything. */
  opaque?: true;
  /**
   * Rails: the instance variables the action marks safe (`@bio = raw params[:bio]`, `@x = y.html_safe`),
   * which the view's escaping `<%= @bio %>` then writes as they are. Sorted; absent when none.
   */
  markedSafe?: string[];
}

/** Methods that render a named view: Express/Koa (`render`), Fastify point-of-view (`view`). */
const RENDER_METHODS = new Set(['render', 'view', 'renderFile']);
const MAYBE_RENDERS = /\.(?:render|view|renderFile)\s*\(\s*['"`]/;
/**
 * A module that fills template files itself: it calls an engine's string renderer on text it read
 * (`mustache.render(data, params)`, `Handlebars.compile(source)(ctx)`) and names the files by literal
 * (`defaultFile: 'password_reset.html'`). Engines by the names their packages are imported as.
 */
const SELF_RENDER_ENGINES = new Set(['mustache', 'handlebars', 'hbs', 'ejs', 'nunjucks', 'pug', 'jade', 'eta', 'hogan', 'liquid', 'swig']);
const SELF_RENDER_METHODS = new Set(['render', 'renderString', 'compile']);
const MAYBE_SELF_RENDERS = /\.(?:render|renderString|compile)\s*\(/;
const NAMES_TEMPLATE_FILE = /['"`][\w./-]+\.(?:html?|mustache|hbs|handlebars|ejs|njk|pug)['"`]/;
const TEMPLATE_FILE_NAME = /^[\w./-]+\.(?:html?|mustache|hbs|handlebars|ejs|njk|pug)$/;
/** Properties (Angular components) whose value bypassed the sanitiser: `this.html = this.s.bypassSecurityTrustHtml(x)`. */
const BYPASS = /\bbypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)\s*\(/;

/** The render calls of one JS/TS file; none when it cannot be parsed or renders nothing by name. */
export function renderCallsIn(text: string, path: string): RenderCall[] {
  const language = detectLanguage(path);
  if (!JS_TS_LANGUAGES.has(language)) return [];
  const selfRenders = MAYBE_SELF_RENDERS.test(text) && NAMES_TEMPLATE_FILE.test(text);
  if (!selfRenders && !MAYBE_RENDERS.test(text)) return [];
  let program: TSESTree.Program;
  try {
    program = parse(text, isJsx(path, language));
  } catch {
    return [];
  }
  const calls: TSESTree.CallExpression[] = [];
  const self: SelfRenderParts = { engineCalls: [], fileNames: [], objects: [], assignments: [] };
  // One iterative walk: parents first (the data-flow answers climb them), then the calls.
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    forEachChild(node, (child) => {
      (child as { parent?: TSESTree.Node }).parent = node;
      stack.push(child);
    });
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed
      && node.callee.property.type === 'Identifier' && RENDER_METHODS.has(node.callee.property.name)) calls.push(node);
    if (selfRenders) collectSelfRenderPart(node, self);
  }
  const lines = new LineIndex(text);
  const out: RenderCall[] = selfRenders ? selfRenderedPages(self, path, lines) : [];
  for (const call of calls.sort((a, b) => a.start - b.start)) {
    const view = staticString(call.arguments[0]);
    // A view is a name or a path; `mustache.render('<p>{{x}}</p>', data)` renders a literal template, no file.
    if (view === undefined || view.length === 0 || view.length > 200 || /[\s<>{}]/.test(view)) continue;
    const at = `${path}:${lines.lineAt(call.start) + 1}`;
    const data = call.arguments[1];
    const locals: Record<string, Taint> = {};
    let opaque = false;
    if (data === undefined || data.type === 'ArrowFunctionExpression' || data.type === 'FunctionExpression') {
      // no locals (a callback): the template sees res.locals / app.locals only
    } else if (data.type === 'ObjectExpression') {
      for (const p of data.properties) {
        if (p.type !== 'Property') {
          opaque = true;
          continue;
        }
        const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : staticString(p.key);
        if (key === undefined) opaque = true;
        else if (key === '__proto__') continue;
        else locals[key] = taintOf(p.value as TSESTree.Node);
      }
    } else {
      opaque = true;
    }
    out.push({ view, at, locals, ...(opaque ? { opaque: true as const } : {}) });
  }
  return out;
}

/** What a self-rendering module is made of, gathered during the render index's one walk. */
interface SelfRenderParts {
  /** `mustache.render(text, data)` with a text that is not a literal. */
  engineCalls: TSESTree.CallExpression[];
  /** String literals naming a template file: `'password_reset.html'`. */
  fileNames: { name: string; node: TSESTree.Node }[];
  objects: TSESTree.ObjectExpression[];
  /** `params[pageParams.locale] = locale`, `data.title = t`. */
  assignments: TSESTree.AssignmentExpression[];
}

function collectSelfRenderPart(node: TSESTree.Node, parts: SelfRenderParts): void {
  switch (node.type) {
    case 'CallExpression': {
      const callee = node.callee;
      if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.object.type !== 'Identifier') return;
      if (!SELF_RENDER_ENGINES.has(callee.object.name.toLowerCase()) || !SELF_RENDER_METHODS.has(callee.property.name)) return;
      const source = node.arguments[0];
      if (source && source.type !== 'SpreadElement' && staticString(source) === undefined) parts.engineCalls.push(node);
      return;
    }
    case 'Literal':
    case 'TemplateLiteral': {
      const name = staticString(node);
      if (name !== undefined && TEMPLATE_FILE_NAME.test(name)) parts.fileNames.push({ name, node });
      return;
    }
    case 'ObjectExpression':
      parts.objects.push(node);
      return;
    case 'AssignmentExpression':
      if (node.operator === '=' && node.left.type === 'MemberExpression' && node.left.object.type === 'Identifier') parts.assignments.push(node);
      return;
    default:
      return;
  }
}

/**
 * The pages a module renders itself: one render call per template file it names, whose locals are
 * every key the module puts into an object or assigns onto one (`{ [pageParams.username]: username }`,
 * `params[pageParams.locale] = locale`), each with the worst origin of the values it is given. The data
 * object's way to the engine (through `goToPage(req, page, params)` into `pageResponse`) is not
 * followed: any object the module builds may be it. A key a constant map names is resolved
 * (`pageParams.username` in `const pageParams = Object.freeze({ username: 'username' })`).
 */
function selfRenderedPages(parts: SelfRenderParts, path: string, lines: LineIndex): RenderCall[] {
  const engine = parts.engineCalls[0];
  if (!engine || parts.fileNames.length === 0) return [];
  const locals: Record<string, Taint> = {};
  const giveValue = (key: string | undefined, value: TSESTree.Node) => {
    if (key !== undefined && key !== '__proto__') give(locals, key, valueTaint(value));
  };
  for (const object of parts.objects) {
    for (const p of object.properties) {
      if (p.type === 'Property' && p.kind === 'init' && !p.method) giveValue(p.computed ? constantKey(p.key) : propertyName(p.key), p.value as TSESTree.Node);
    }
  }
  for (const a of parts.assignments) {
    const target = a.left as TSESTree.MemberExpression;
    giveValue(target.computed ? constantKey(target.property) : propertyName(target.property), a.right);
  }
  const at = `${path}:${lines.lineAt(engine.start) + 1}`;
  const views = [...new Set(parts.fileNames.map((f) => f.name))];
  return views.map((view) => ({ view, at, locals: { ...locals } }));
}

function propertyName(key: TSESTree.Node): string | undefined {
  return key.type === 'Identifier' ? key.name : staticString(key);
}

/** A computed key that is a literal, or a member of a module constant map of strings (`pageParams.username`). */
function constantKey(key: TSESTree.Node): string | undefined {
  const literal = staticString(key);
  if (literal !== undefined) return literal;
  if (key.type !== 'MemberExpression' || key.computed || key.property.type !== 'Identifier' || key.object.type !== 'Identifier') return undefined;
  const name = key.property.name;
  const values = valuesOf(key.object);
  if (values.length !== 1) return undefined;
  let map = values[0]!;
  // `Object.freeze({ … })`
  if (map.type === 'CallExpression' && qualifiedName(map.callee) === 'Object.freeze' && map.arguments[0]) map = map.arguments[0];
  if (map.type !== 'ObjectExpression') return undefined;
  for (const p of map.properties) {
    if (p.type === 'Property' && !p.computed && propertyName(p.key) === name) return staticString(p.value as TSESTree.Node);
  }
  return undefined;
}

/**
 * Where a value comes from: `taintOf`, and where that cannot tell, one hop into a method of the same
 * class the value is returned by (`const locale = this.getLocale(req)`, whose `getLocale` returns
 * `req.query.locale`).
 */
function valueTaint(value: TSESTree.Node): Taint {
  const t = taintOf(value);
  if (t !== 'unknown') return t;
  const calls = value.type === 'Identifier' ? valuesOf(value) : [value];
  for (const c of calls) {
    if (c.type !== 'CallExpression' && !(c.type === 'AwaitExpression' && c.argument.type === 'CallExpression')) continue;
    const call = (c.type === 'AwaitExpression' ? c.argument : c) as TSESTree.CallExpression;
    const method = thisMethod(call);
    if (method && returnedValues(method).some((r) => taintOf(r) === 'request')) return 'request';
  }
  return t;
}

/** The method of the enclosing class that `this.name(…)` calls. */
function thisMethod(call: TSESTree.CallExpression): TSESTree.FunctionExpression | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'ThisExpression' || callee.property.type !== 'Identifier') return undefined;
  const name = callee.property.name;
  let n: TSESTree.Node | undefined = call.parent;
  while (n && n.type !== 'ClassBody') n = n.parent;
  if (!n) return undefined;
  for (const m of n.body) {
    if (m.type === 'MethodDefinition' && m.kind === 'method' && !m.computed && m.key.type === 'Identifier' && m.key.name === name && m.value.type === 'FunctionExpression') return m.value;
  }
  return undefined;
}

/**
 * Angular: the component properties a `.component.ts` file fills with `bypassSecurityTrust*`, keyed
 * by the component's template path (`x.component.html` beside it).
 */
export function bypassedPropertiesIn(text: string, path: string): { template: string; properties: string[] } | undefined {
  if (!/\.component\.ts$/i.test(path) || !BYPASS.test(text)) return undefined;
  const properties = new Set<string>();
  for (const m of text.matchAll(/\b(?:this\.)?([A-Za-z_$][\w$]*)\s*(?::\s*[\w<>[\]|. ]+)?=\s*(?:this\.)?[\w$.]*\.bypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)\s*\(/g)) properties.add(m[1]!);
  // Getters and pipes returning a bypassed value: `get html() { return this.s.bypassSecurityTrustHtml(…) }`.
  for (const m of text.matchAll(/\bget\s+([A-Za-z_$][\w$]*)\s*\(\s*\)[^{]*\{[^}]{0,400}?bypassSecurityTrust/g)) properties.add(m[1]!);
  return properties.size > 0 ? { template: path.replace(/\.ts$/i, '.html'), properties: [...properties].sort() } : undefined;
}

/** The project's render facts for template rules: render calls and Angular bypassed properties. */
export interface RenderFacts {
  calls: RenderCall[];
  /** Template path → component properties holding bypassed values. */
  bypassed?: Record<string, string[]>;
  /**
   * A Rails 2 project (`RAILS_GEM_VERSION = '2.3.11'` in config/environment.rb), where ERB `<%= %>` does not
   * escape: where it says so. The rails_xss plugin, which turns escaping on, is seen only when the file names it.
   */
  unescapedErb?: string;
}

const TEMPLATE_EXTENSIONS = /\.(?:blade\.php|ejs|hbs|handlebars|mustache|pug|jade|njk|nunjucks|jinja2?|j2|twig|html?|erb|eta|liquid)$/i;

function withoutExtension(path: string): string {
  let p = path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
  while (TEMPLATE_EXTENSIONS.test(p)) p = p.replace(TEMPLATE_EXTENSIONS, '');
  return p;
}

/** The render calls that may render the template at `templatePath` (by view name, any views folder). */
export function callsFor(facts: RenderFacts, templatePath: string): RenderCall[] {
  const template = withoutExtension(templatePath);
  return facts.calls.filter((c) => {
    const view = withoutExtension(c.view);
    return view.length > 0 && (template === view || template.endsWith(`/${view}`));
  });
}

/** The facts relevant to one template, for handing to `analyze` (small, plain data). */
export function factsFor(facts: RenderFacts, templatePath: string): RenderFacts {
  const calls = callsFor(facts, templatePath);
  const key = templatePath.replace(/\\/g, '/');
  const bypassed = facts.bypassed?.[key];
  return { calls, ...(bypassed ? { bypassed: { [key]: bypassed } } : {}), ...(facts.unescapedErb ? { unescapedErb: facts.unescapedErb } : {}) };
}

/** Languages whose files may render templates: JS/TS, and Python, PHP and Ruby (`treeRenders.ts`). */
export function mayRenderTemplates(language: string): boolean {
  return JS_TS_LANGUAGES.has(language) || language === 'python' || language === 'php' || language === 'ruby';
}

/** Collects the facts of many source files (the CLI's walk, the editor's open documents). */
export function collectRenderFacts(files: Iterable<{ path: string; text: string }>): RenderFacts {
  const calls: RenderCall[] = [];
  const bypassed: Record<string, string[]> = {};
  let unescapedErb: string | undefined;
  for (const f of files) {
    calls.push(...renderCallsIn(f.text, f.path), ...treeRenderCallsIn(f.text, f.path));
    const b = bypassedPropertiesIn(f.text, f.path);
    if (b) bypassed[b.template] = b.properties;
    unescapedErb ??= rails2Environment(f.text, f.path);
  }
  return { calls, bypassed, ...(unescapedErb ? { unescapedErb } : {}) };
}

/** Merges the facts of `from` into `into` (the CLI's and the editor's files, one by one). */
export function mergeRenderFacts(into: RenderFacts, from: RenderFacts): void {
  into.calls.push(...from.calls);
  Object.assign((into.bypassed ??= {}), from.bypassed);
  into.unescapedErb ??= from.unescapedErb;
}

const RAILS_2 = /^[ \t]*RAILS_GEM_VERSION\s*=\s*['"]2\.[\d.]*['"]/m;

/** `config/environment.rb` of a Rails 2 app without rails_xss: `config/environment.rb:4 (Rails 2.3.11)`. */
function rails2Environment(text: string, path: string): string | undefined {
  if (!/(?:^|\/)config\/environment\.rb$/.test(path.replace(/\\/g, '/'))) return undefined;
  const m = RAILS_2.exec(text);
  if (!m || /\brails_xss\b/.test(text)) return undefined;
  return `${path.replace(/\\/g, '/')}:${text.slice(0, m.index).split('\n').length} (Rails ${/2\.[\d.]*/.exec(m[0])![0]})`;
}

const ORDER: Record<Taint, number> = { constant: 0, unknown: 1, request: 2 };

export interface Traced {
  taint: Taint;
  /** The variable and call that decided it: `bio` from `routes/user.js:14`. */
  variable?: string;
  at?: string;
}

/**
 * Where the values an expression writes come from, over every call that renders the template: the
 * worst origin of its variables. A variable a call does not pass comes from `res.locals`,
 * `app.locals` or a helper: unknown. Undefined when no call in the project renders the template.
 */
export function traceVariables(variables: readonly string[], calls: readonly RenderCall[]): Traced | undefined {
  if (calls.length === 0) return undefined;
  let result: Traced = { taint: 'constant', at: calls[0]!.at };
  if (variables.length === 0) return { taint: 'unknown', at: calls[0]!.at };
  for (const call of calls) {
    for (const v of variables) {
      const t: Taint = Object.prototype.hasOwnProperty.call(call.locals, v) ? call.locals[v]! : 'unknown';
      if (ORDER[t] > ORDER[result.taint] || (t === 'request' && result.variable === undefined)) {
        result = { taint: t, variable: v, at: call.at };
      }
      if (call.opaque && t !== 'request' && ORDER.unknown > ORDER[result.taint]) result = { taint: 'unknown', variable: v, at: call.at };
    }
  }
  return result;
}
