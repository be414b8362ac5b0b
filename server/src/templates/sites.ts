import type { TextEdit } from '../engine/types';
import { basename } from '../engine/languages';
import type { SyntaxNode } from '../treesitter/runtime';

/**
 * Where a server-side or component template writes HTML without escaping it. EJS and ERB are read
 * from tree-sitter's embedded_template tree (the caller parses); the other engines have no well-kept
 * grammar, so each gets a small scanner of its own delimiters: it walks the text once, skips the
 * engine's comments and literal blocks, finds each output tag's end quote-aware, and reports the
 * tag that skips escaping, with the expression it writes. No whole-line regular expressions.
 */
export type TemplateEngine =
  | 'ejs' | 'erb' | 'handlebars' | 'pug' | 'jinja' | 'twig' | 'blade' | 'razor' | 'vue' | 'angular' | 'svelte' | 'html';

export interface TemplateSite {
  engine: TemplateEngine;
  /** The construct that skips escaping, as a person writes it: `<%-`, `{{{`, `| safe`, `v-html`… */
  construct: string;
  /** The range reported: the whole tag (or attribute). */
  start: number;
  end: number;
  /** The expression written out (empty for a setting such as `{% autoescape false %}`). */
  expr: string;
  /** The mechanical fix to the escaping form, where there is one. */
  edits?: TextEdit[];
  /** Angular sanitises `[innerHTML]` itself: only a value the component bypassed is a finding. */
  needsBypass?: boolean;
  /** ERB `<%= %>`, which escapes since Rails 3: a finding only in a Rails 2 project (`RenderFacts.unescapedErb`). */
  escapedSinceRails3?: boolean;
}

/** The engine a file's templates are written for, from its path and language; undefined for other files. */
export function templateEngineOf(path: string, language: string): TemplateEngine | undefined {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.blade.php')) return 'blade';
  switch (language) {
    case 'ejs': return 'ejs';
    case 'erb': return 'erb';
    case 'handlebars': return 'handlebars';
    case 'jade': return 'pug';
    case 'jinja': return 'jinja';
    case 'twig': return 'twig';
    case 'razor': return 'razor';
    case 'vue': return 'vue';
    case 'svelte': return 'svelte';
    case 'html': return name.endsWith('.component.html') ? 'angular' : 'html';
    default: return undefined;
  }
}

/** Engines read with the embedded_template grammar (the caller passes its tree). */
export function usesEmbeddedTemplate(engine: TemplateEngine, text = ''): boolean {
  // A plain .html file may be an EJS template too (`app.engine('html', ejs.renderFile)`, Etherpad's eejs).
  return engine === 'ejs' || engine === 'erb' || (engine === 'html' && text.includes('<%'));
}

/** Every unescaped-output site of `text`. `tree` is the embedded_template tree for EJS and ERB. */
export function templateSites(text: string, engine: TemplateEngine, tree?: SyntaxNode): TemplateSite[] {
  switch (engine) {
    case 'ejs':
    case 'erb':
      return tree ? embeddedSites(text, engine, tree) : [];
    case 'handlebars':
      return handlebarsSites(text, false);
    case 'jinja':
    case 'twig':
      return curlySites(text, engine);
    case 'blade':
      return bladeSites(text);
    case 'razor':
      return razorSites(text);
    case 'pug':
      return pugSites(text);
    case 'svelte':
      return [...svelteSites(text), ...attributeSites(text, engine)];
    case 'vue': {
      // A single-file component: its <template> part; a .vue file without one is markup throughout.
      const open = /<template\b/i.exec(text);
      const close = text.toLowerCase().lastIndexOf('</template>');
      return open && close > open.index ? attributeSites(text, engine, open.index, close) : open ? [] : attributeSites(text, engine);
    }
    case 'angular':
      return attributeSites(text, engine);
    case 'html':
      // A plain .html file may be a Jinja/Django/Nunjucks template, a Handlebars/Mustache one, an EJS
      // one, or markup for Vue or Angular: each engine's raw form is distinctive.
      return [...handlebarsSites(text, true), ...curlySites(text, 'html'), ...attributeSites(text, engine), ...(tree ? embeddedSites(text, 'ejs', tree) : [])]
        .sort((a, b) => a.start - b.start);
  }
}

// ---- EJS and ERB (tree-sitter embedded_template) ------------------------------------------------

/** EJS output that is markup by construction: partials, layouts' bodies. */
const EJS_MARKUP = /^\s*(?:include\b|partial\s*\(|defineContent\s*\(|contentFor\s*\(|body\s*$|yield\b)/;
/** Blade components' `$slot`: the inner markup, already rendered (and escaped) by Blade. */
const BLADE_SLOT = /^\s*\$slot\s*$/;
const ERB_RAW_CALL = /^\s*raw[\s(]/;
const ERB_HTML_SAFE = /\.html_safe\b/;
const QUOTED_ONLY = /^\s*(?:raw\s*\(?\s*)?(?:"[^"#]*"|'[^']*')\s*\)?\s*(?:\.html_safe\s*)?$/;
/** Rails helpers whose output is markup they built (and escaped): partials, layouts, forms, asset and URL tags. */
const ERB_MARKUP_HELPER = /^\s*(?:render|yield|content_for|form_for|form_tag|fields_for|form_remote_tag|remote_form_for|javascript_include_tag|stylesheet_link_tag|image_tag|csrf_meta_tags?|error_messages_for|\w+_(?:path|url)|t|translate|pluralize|number_\w+|time_ago_in_words|debug)\b/;

/**
 * What a Rails 2 `<%= %>` writes unescaped: the whole expression, or for `link_to` the link's text and for
 * `content_tag` the content (both escape the attributes they write). Undefined when nothing is written.
 */
function rails2Written(expr: string): string | undefined {
  const helper = /^\s*(link_to|content_tag)\b\s*\(?/.exec(expr);
  if (!helper) return expr;
  const args = topLevelArgs(expr.slice(helper[0].length));
  return helper[1] === 'link_to' ? args[0] : args[1];
}

/**
 * A link's URL read straight from the request: `params[:url]`, `cookies[:u]`, also through `h(…)` (escaping does
 * not change a `javascript:` scheme) or `url_for(…)` (a String is returned as it is). A helper of the app's
 * own (`ensure_valid_proto!(params[:u])`) may check the scheme: not matched.
 */
const REQUEST_URL = /^(?:(?:h|html_escape|url_for)\b\s*\(?\s*)?(?:params|cookies|request\.(?:params|query_parameters|request_parameters))(?:\s*\[[^\][]+\])+\s*\)?$/;

/** The URL argument of `link_to`: the second, or the first when a block gives the link's content (`link_to url do`). */
function linkToHref(expr: string): string | undefined {
  const helper = /^\s*link_to\b\s*(\()?/.exec(expr);
  if (!helper) return undefined;
  let rest = expr.slice(helper[0].length);
  const block = /\s*\bdo\s*(?:\|[^|]*\|)?\s*-?\s*$/.exec(rest);
  if (block) rest = rest.slice(0, block.index);
  // topLevelArgs drops the call's closing parenthesis: give one to a call written without.
  const args = topLevelArgs(helper[1] ? rest : `${rest})`);
  const href = block ? args[0] : args[1];
  return href !== undefined && !href.includes('=>') && !/^\w+:\s/.test(href) ? href : undefined;
}

/** The comma-separated arguments of a call's text, split at depth 0 outside strings. */
function topLevelArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(from, i));
      from = i + 1;
    }
    if (depth < 0) break;
  }
  const last = text.slice(from).replace(/\)\s*(?:do\b.*)?$/, '');
  if (last.trim() !== '') out.push(last);
  return out.map((a) => a.trim());
}

/** A conditional whose arms are both literals (`params[:x] == 1 ? "totally" : "safe"`): it writes one of them. */
const LITERAL_ARMS = /\?\s*(?:"[^"#]*"|'[^']*'|\d+|nil)\s*:\s*(?:"[^"#]*"|'[^']*'|\d+|nil)\s*$/;

/** A Ruby literal that writes no data: a symbol, a string without interpolation, a number, nil, true or false. */
const RUBY_LITERAL = /^(?::\w+|"[^"#]*"|'[^']*'|\d+|nil|true|false)$/;

/**
 * What `content_tag` writes without escaping it in any Rails version: the tag name (the first argument),
 * the attributes' names (`{ params[:k] => "v" }`), and their values when the fourth argument, `escape`, is
 * `false`; also content marked safe (`raw(x)`, `x.html_safe`). Literal names are silent. The content's own
 * escaping since Rails 3 is `rails2Written`'s business. Undefined when everything written is escaped.
 */
function contentTagWritten(expr: string): { construct: string; written: string } | undefined {
  const helper = /^\s*content_tag\b\s*(\()?/.exec(expr);
  if (!helper) return undefined;
  const rest = expr.slice(helper[0].length).replace(/\s*\bdo\s*(?:\|[^|]*\|)?\s*-?\s*$/, '');
  const args = topLevelArgs(helper[1] ? rest : `${rest})`);
  const name = args[0];
  if (name !== undefined && !RUBY_LITERAL.test(name)) return { construct: 'content_tag name', written: name };
  // With a block the content is the block: the attributes come second.
  const block = /\bdo\s*(?:\|[^|]*\|)?\s*-?\s*$/.test(expr);
  const content = block ? undefined : args[1];
  if (content !== undefined && (ERB_RAW_CALL.test(content) || /\.html_safe\s*$/.test(content))) {
    return { construct: 'content_tag raw content', written: content.replace(/^\s*raw\s*\(?/, '').replace(/\)?\s*$/, '').replace(/\.html_safe\s*$/, '') };
  }
  const from = block ? 1 : 2;
  const braced = args[from]?.startsWith('{');
  const pairs = braced ? topLevelArgs(args[from]!.slice(1).replace(/\}\s*$/, ')')) : args.slice(from);
  const escape = braced ? args[from + 1] : undefined;
  for (const pair of pairs) {
    const m = /^(.*?)\s*=>\s*([\s\S]*)$/.exec(pair) ?? /^(\w+:)\s+([\s\S]*)$/.exec(pair) ?? /^("[^"#]*"|'[^']*'):\s+([\s\S]*)$/.exec(pair);
    if (!m) continue;
    if (!/:$/.test(m[1]!) && !RUBY_LITERAL.test(m[1]!)) return { construct: 'content_tag attribute name', written: m[1]! };
    if (escape === 'false' && !RUBY_LITERAL.test(m[2]!.trim())) return { construct: 'content_tag escape false', written: m[2]!.trim() };
  }
  return undefined;
}

function embeddedSites(text: string, engine: 'ejs' | 'erb', root: SyntaxNode): TemplateSite[] {
  const out: TemplateSite[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    if (node.type !== 'output_directive' && node.type !== 'directive') continue;
    const code = node.children.find((c) => c.type === 'code');
    const expr = code ? text.slice(code.start, code.end) : '';
    if (engine === 'erb') {
      // `link_to` escapes its href, but a `javascript:` URL needs no markup: request data there is XSS.
      const href = linkToHref(expr);
      if (href !== undefined && REQUEST_URL.test(href)) out.push({ engine, construct: 'link_to href', start: node.start, end: node.end, expr: href });
    }
    if (node.type !== 'output_directive') continue;
    const open = text.startsWith('<%==', node.start) ? '<%==' : text.slice(node.start, node.start + 3);
    if (engine === 'ejs') {
      if (open !== '<%-' || EJS_MARKUP.test(expr)) continue;
      out.push({ engine, construct: '<%-', start: node.start, end: node.end, expr, edits: [{ start: node.start, end: node.start + 3, newText: '<%=' }] });
    } else if (open === '<%==' && /\.to_json\s*$/.test(expr)) {
      // Rails escapes <, > and & in to_json: JSON written raw is safe there.
    } else if (open === '<%==') {
      out.push({ engine, construct: '<%==', start: node.start, end: node.end, expr, edits: [{ start: node.start, end: node.start + 4, newText: '<%=' }] });
    } else if (open === '<%=' && !QUOTED_ONLY.test(expr)) {
      if (ERB_RAW_CALL.test(expr)) out.push({ engine, construct: 'raw', start: node.start, end: node.end, expr: expr.replace(/^\s*raw\s*\(?/, '') });
      else if (ERB_HTML_SAFE.test(expr)) out.push({ engine, construct: 'html_safe', start: node.start, end: node.end, expr });
      else if (!ERB_MARKUP_HELPER.test(expr)) {
        const tag = contentTagWritten(expr);
        if (tag) out.push({ engine, construct: tag.construct, start: node.start, end: node.end, expr: tag.written });
        const written = rails2Written(expr);
        if (written !== undefined && !/^\s*(?:\d+|nil|true|false|:\w+)?\s*$/.test(written) && !LITERAL_ARMS.test(written)) out.push({ engine, construct: '<%=', start: node.start, end: node.end, expr: written, escapedSinceRails3: true });
      }
    }
  }
  return out;
}

// ---- shared scanning helpers --------------------------------------------------------------------

/**
 * The one quote-aware walk every scanner here shares: visits each character of `text[from, to)` that is
 * outside a '…', "…" (and, with `backtick`, `…`) string, skipping backslash escapes inside strings, with
 * the bracket depth after that character (`(`, `[`, `{` open; `)`, `]`, `}` close). `visit` returns
 * undefined to go on, `{ stop: n }` to end the walk with result `n`, or `{ next: i }` to resume after `i`.
 * With `lineEndsQuote`, an unclosed '…' or "…" ends with its line. Returns -1 when nothing stopped it.
 */
export function scanOutsideStrings(
  text: string, from: number, to: number,
  visit: (i: number, c: string, depth: number) => { stop: number } | { next: number } | undefined,
  options: { backtick?: boolean; lineEndsQuote?: boolean } = {},
): number {
  const backtick = options.backtick ?? true;
  let quote = '';
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      else if (options.lineEndsQuote && c === '\n' && quote !== '`') quote = '';
      continue;
    }
    if (c === '"' || c === "'" || (backtick && c === '`')) {
      quote = c;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    const answer = visit(i, c, depth);
    if (answer === undefined) continue;
    if ('stop' in answer) return answer.stop;
    i = answer.next;
  }
  return -1;
}

/** Index of `close` at or after `from`, not inside a '…', "…" or `…` string; -1 when missing. */
export function findClose(text: string, from: number, close: string): number {
  const first = close[0];
  return scanOutsideStrings(text, from, text.length, (i, c) => (c === first && text.startsWith(close, i) ? { stop: i } : undefined), { lineEndsQuote: true });
}

/** Index of the bracket closing the one at `open` (`(`, `{` or `[`), quote-aware; -1 when missing. */
export function findMatching(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const stack: string[] = [];
  return scanOutsideStrings(text, open, text.length, (i, c) => {
    if (pairs[c]) stack.push(pairs[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return { stop: i };
    } else if (c === ')' || c === '}' || c === ']') return { stop: -1 };
    return undefined;
  });
}

// ---- Handlebars / Mustache ------------------------------------------------------------------------

const HELPER_OF_LITERALS = /^~?\s*[\w.-]+(?:\s+(?:"[^"]*"|'[^']*'))+\s*~?$/;

function handlebarsSites(text: string, onlyRaw: boolean): TemplateSite[] {
  const out: TemplateSite[] = [];
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i)) {
    if (i > 0 && text[i - 1] === '\\') {
      i += 2; // \{{ is literal text
      continue;
    }
    if (text.startsWith('{{!--', i)) {
      const end = text.indexOf('--}}', i + 5);
      i = end < 0 ? text.length : end + 4;
      continue;
    }
    if (text.startsWith('{{!', i)) {
      const end = text.indexOf('}}', i + 3);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (text.startsWith('{{{{', i)) {
      // {{{{raw}}}} … {{{{/raw}}}}: literal text between.
      const end = text.indexOf('{{{{/', i + 4);
      const close = end < 0 ? -1 : text.indexOf('}}}}', end);
      i = close < 0 ? text.length : close + 4;
      continue;
    }
    if (text.startsWith('{{{', i)) {
      const close = findClose(text, i + 3, '}}}');
      if (close < 0) break;
      const inner = text.slice(i + 3, close);
      if (HELPER_OF_LITERALS.test(inner)) {
        i = close + 3; // `{{{include 'partials/x.html'}}}`: a helper given only literals writes a fixed partial
        continue;
      }
      out.push({
        engine: 'handlebars', construct: '{{{', start: i, end: close + 3, expr: inner.replace(/^~|~$/g, ''),
        edits: [{ start: i, end: i + 3, newText: '{{' }, { start: close, end: close + 3, newText: '}}' }],
      });
      i = close + 3;
      continue;
    }
    const close = findClose(text, i + 2, '}}');
    if (close < 0) break;
    if (!onlyRaw) {
      const amp = /^~?\s*&/.exec(text.slice(i + 2, close));
      if (amp) {
        const at = i + 2 + amp[0].length - 1;
        out.push({ engine: 'handlebars', construct: '{{&', start: i, end: close + 2, expr: text.slice(at + 1, close), edits: [{ start: at, end: at + 1, newText: '' }] });
      }
    }
    i = close + 2;
  }
  return out;
}

// ---- Jinja2, Nunjucks, Swig, Django, Twig ---------------------------------------------------------

/** Filters that mark a value as markup, per engine family. */
const RAW_FILTERS: Record<'jinja' | 'twig' | 'html', ReadonlySet<string>> = {
  jinja: new Set(['safe', 'safeseq']),
  twig: new Set(['raw']),
  // Plain .html: Jinja2/Nunjucks/Django (`safe`, `safeseq`) and Go templates / Hugo (`safeHTML`, `safeJS`).
  html: new Set(['safe', 'safeseq', 'safeHTML', 'safeJS', 'safeHTMLAttr']),
};

function curlySites(text: string, engine: 'jinja' | 'twig' | 'html'): TemplateSite[] {
  const out: TemplateSite[] = [];
  const filters = RAW_FILTERS[engine];
  for (let i = text.indexOf('{'); i >= 0 && i < text.length - 1; i = text.indexOf('{', i)) {
    const next = text[i + 1];
    if (next === '#') {
      const end = text.indexOf('#}', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (next === '%') {
      const close = findClose(text, i + 2, '%}');
      if (close < 0) break;
      const tag = text.slice(i + 2, close).replace(/^[-+~]/, '').replace(/[-+~]$/, '').trim();
      const [name = '', arg = ''] = tag.split(/\s+/);
      if (name === 'raw' || name === 'verbatim') {
        // Literal text until the end tag.
        const end = new RegExp(`\\{%[-+~]?\\s*end${name}\\s*[-+~]?%\\}`, 'g');
        end.lastIndex = close + 2;
        const m = end.exec(text);
        i = m ? m.index + m[0].length : text.length;
        continue;
      }
      if (name === 'autoescape' && /^(?:false|off|False)$/.test(arg)) {
        out.push({ engine: engine === 'html' ? 'jinja' : engine, construct: `{% autoescape ${arg} %}`, start: i, end: close + 2, expr: '' });
      }
      i = close + 2;
      continue;
    }
    if (next !== '{') {
      i++;
      continue;
    }
    if (text[i + 2] === '{') {
      i += 3; // {{{ … }}} is Handlebars' raw form, read by its own scanner
      continue;
    }
    const close = findClose(text, i + 2, '}}');
    if (close < 0) break;
    const bodyStart = i + 2;
    const segments = topLevelPipes(text, bodyStart, close);
    const exprEnd = segments[0] ?? close;
    for (const pipe of segments) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(text.slice(pipe + 1, close));
      if (!name || !filters.has(name[1]!)) continue;
      let from = pipe;
      while (from > bodyStart && /[ \t]/.test(text[from - 1]!)) from--;
      const to = pipe + 1 + name[0].length;
      const expr = text.slice(bodyStart, exprEnd).replace(/^[-+~]/, '');
      const family = engine === 'html' ? 'jinja' : engine;
      out.push({ engine: family, construct: `| ${name[1]}`, start: i, end: close + 2, expr, edits: [{ start: from, end: to, newText: '' }] });
    }
    i = close + 2;
  }
  return out;
}

/** Offsets of the `|` filter separators between `from` and `to` (not `||`, not in strings or brackets). */
function topLevelPipes(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  scanOutsideStrings(text, from, to, (i, c, depth) => {
    if (c !== '|' || depth !== 0) return undefined;
    if (text[i + 1] === '|') return { next: i + 1 };
    out.push(i);
    return undefined;
  }, { backtick: false });
  return out;
}

// ---- Blade ----------------------------------------------------------------------------------------

function bladeSites(text: string): TemplateSite[] {
  const out: TemplateSite[] = [];
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i)) {
    if (text.startsWith('{{--', i)) {
      const end = text.indexOf('--}}', i + 4);
      i = end < 0 ? text.length : end + 4;
      continue;
    }
    if (i > 0 && text[i - 1] === '@' && text.startsWith('{{', i)) {
      i += 2; // @{{ … }} is left for a front-end framework
      continue;
    }
    if (!text.startsWith('{!!', i)) {
      i++;
      continue;
    }
    const close = findClose(text, i + 3, '!!}');
    if (close < 0) break;
    if (BLADE_SLOT.test(text.slice(i + 3, close))) {
      i = close + 3;
      continue;
    }
    out.push({
      engine: 'blade', construct: '{!!', start: i, end: close + 3, expr: text.slice(i + 3, close),
      edits: [{ start: i, end: i + 3, newText: '{{' }, { start: close, end: close + 3, newText: '}}' }],
    });
    i = close + 3;
  }
  return out;
}

// ---- Razor ----------------------------------------------------------------------------------------

function razorSites(text: string): TemplateSite[] {
  return [...razorCalls(text, 'Html.Raw', 'Html.Raw'), ...razorCalls(text, 'HtmlString', 'new HtmlString'), ...razorCalls(text, 'MvcHtmlString.Create', 'MvcHtmlString.Create')]
    .sort((a, b) => a.start - b.start);
}

/** Calls of `needle(…)` outside Razor comments (`new HtmlString(x)` with or without its namespace). */
function razorCalls(text: string, needle: string, construct: string): TemplateSite[] {
  const out: TemplateSite[] = [];
  for (let i = 0; i < text.length; ) {
    const comment = text.indexOf('@*', i);
    const hit = text.indexOf(needle, i);
    if (hit < 0) break;
    if (comment >= 0 && comment < hit) {
      const end = text.indexOf('*@', comment + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    i = hit + needle.length;
    let start = hit;
    if (construct === 'new HtmlString') {
      // `new HtmlString(` or `new Microsoft.AspNetCore.Html.HtmlString(`.
      const before = /\bnew\s+(?:[\w]+\.)*$/.exec(text.slice(Math.max(0, hit - 80), hit));
      if (!before) continue;
      start = hit - before[0].length;
    } else if (hit > 0 && /[\w.]/.test(text[hit - 1]!)) continue;
    let open = i;
    while (open < text.length && /\s/.test(text[open]!)) open++;
    if (text[open] !== '(') continue;
    const close = findMatching(text, open);
    if (close < 0) continue;
    const expr = text.slice(open + 1, close);
    if (/^\s*@?"[^"]*"\s*$/.test(expr)) continue; // a literal written as is
    if (start > 0 && text[start - 1] === '@') start--;
    out.push({ engine: 'razor', construct, start, end: close + 1, expr });
    i = close + 1;
  }
  return out;
}

// ---- Pug (Jade) -----------------------------------------------------------------------------------

function pugSites(text: string): TemplateSite[] {
  const out: TemplateSite[] = [];
  /** Lines more indented than this belong to a comment, a code block or a text block. */
  let blockIndent = -1;
  let blockIsText = false;
  for (let lineStart = 0; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let p = lineStart;
    while (p < lineEnd && (text[p] === ' ' || text[p] === '\t')) p++;
    const indent = p - lineStart;
    const blank = p >= lineEnd || text[p] === '\r';
    if (blockIndent >= 0 && (blank || indent > blockIndent)) {
      if (blockIsText && !blank) interpolations(text, p, lineEnd, out);
      lineStart = lineEnd + 1;
      continue;
    }
    blockIndent = -1;
    if (!blank) {
      const opened = pugLine(text, p, lineEnd, out);
      if (opened) {
        blockIndent = indent;
        blockIsText = opened === 'text';
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/** Reads one Pug line from `p`; says whether it opens a block of comment/code or of text. */
function pugLine(text: string, p: number, end: number, out: TemplateSite[]): 'skip' | 'text' | undefined {
  if (text.startsWith('//', p)) return 'skip';
  if (text[p] === '-') return text.slice(p + 1, end).trim() === '' ? 'skip' : undefined;
  if (text[p] === '|') {
    interpolations(text, p + 1, end, out);
    return undefined;
  }
  if (text[p] === '<') {
    interpolations(text, p, end, out); // literal HTML line
    return undefined;
  }
  // A tag: name, #id, .class, mixin call (+name), then attributes, then its content.
  while (p < end) {
    const headStart = p;
    if (text[p] === '+') p++;
    while (p < end && /[\w\-#.:$]/.test(text[p]!)) {
      if (text[p] === '.' && (p + 1 >= end || /[\s\r]/.test(text[p + 1]!))) break;
      if (text[p] === ':' && (p + 1 >= end || /\s/.test(text[p + 1]!))) break;
      p++;
    }
    while (text[p] === '(') {
      const close = findMatching(text, p);
      if (close < 0 || close > end) return undefined;
      pugAttributes(text, p + 1, close, out);
      p = close + 1;
      if (text.startsWith('&attributes(', p)) {
        const c = findMatching(text, p + 11);
        if (c < 0) return undefined;
        p = c + 1;
      }
    }
    if (text.startsWith('!=', p) && p > headStart) {
      out.push({ engine: 'pug', construct: '!=', start: headStart, end: trimEnd(text, end), expr: text.slice(p + 2, end), edits: [{ start: p, end: p + 2, newText: '=' }] });
      return undefined;
    }
    if (text.startsWith('!=', p) && p === headStart) {
      out.push({ engine: 'pug', construct: '!=', start: p, end: trimEnd(text, end), expr: text.slice(p + 2, end), edits: [{ start: p, end: p + 2, newText: '=' }] });
      return undefined;
    }
    if (text[p] === '=' || text.startsWith('&=', p)) return undefined;
    if (text[p] === '.' && p > headStart) return 'text'; // `script.`: a block of text follows
    if (text[p] === ':' && p > headStart) {
      // Block expansion: `li: a(href='/') text` — another tag follows on the same line.
      p++;
      while (p < end && text[p] === ' ') p++;
      continue;
    }
    if (p === headStart) return undefined;
    interpolations(text, p, end, out);
    return undefined;
  }
  return undefined;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /[\s\r]/.test(text[end - 1]!)) end--;
  return end;
}

/** `name!=value` attributes between the parentheses of a Pug tag. */
function pugAttributes(text: string, from: number, to: number, out: TemplateSite[]): void {
  scanOutsideStrings(text, from, to, (i, c, depth) => {
    if (c !== '!' || text[i + 1] !== '=' || depth !== 0 || i <= from || !/[\w\-:@]/.test(text[i - 1]!)) return undefined;
    let nameStart = i;
    while (nameStart > from && /[\w\-:@.]/.test(text[nameStart - 1]!)) nameStart--;
    // The value runs to the first `,` or line end outside strings and brackets.
    const stop = scanOutsideStrings(text, i + 2, to, (v, ch, d) => (d === 0 && (ch === ',' || ch === '\n') ? { stop: v } : undefined));
    const valueEnd = stop < 0 ? to : stop;
    const expr = text.slice(i + 2, valueEnd);
    if (!/^\s*(?:"[^"]*"|'[^']*')\s*$/.test(expr)) {
      out.push({ engine: 'pug', construct: '!=', start: nameStart, end: trimEnd(text, valueEnd), expr, edits: [{ start: i, end: i + 2, newText: '=' }] });
    }
    return { next: valueEnd - 1 };
  });
}

/** `!{expr}` interpolations in Pug text (`\!{` is literal). */
function interpolations(text: string, from: number, to: number, out: TemplateSite[]): void {
  for (let i = text.indexOf('!{', from); i >= 0 && i < to; i = text.indexOf('!{', i + 2)) {
    if (i > 0 && text[i - 1] === '\\') continue;
    const close = findMatching(text, i + 1);
    if (close < 0 || close > to) continue;
    out.push({ engine: 'pug', construct: '!{', start: i, end: close + 1, expr: text.slice(i + 2, close), edits: [{ start: i, end: i + 1, newText: '#' }] });
    i = close - 1;
  }
}

// ---- Svelte ---------------------------------------------------------------------------------------

function svelteSites(text: string): TemplateSite[] {
  const out: TemplateSite[] = [];
  for (let i = text.indexOf('{@html'); i >= 0; i = text.indexOf('{@html', i + 6)) {
    if (!/\s/.test(text[i + 6] ?? '')) continue;
    const close = findMatching(text, i);
    if (close < 0) continue;
    const expr = text.slice(i + 6, close);
    if (/^\s*(?:"[^"]*"|'[^']*')\s*$/.test(expr)) continue;
    out.push({ engine: 'svelte', construct: '{@html', start: i, end: close + 1, expr });
  }
  return out;
}

// ---- HTML attributes: Vue v-html, Angular [innerHTML] -------------------------------------------

const RAW_ATTRIBUTES: Record<string, { construct: string; needsBypass?: boolean }> = {
  'v-html': { construct: 'v-html' },
  '[innerhtml]': { construct: '[innerHTML]', needsBypass: true },
  '[outerhtml]': { construct: '[outerHTML]', needsBypass: true },
  'bind-innerhtml': { construct: '[innerHTML]', needsBypass: true },
};

/** Attributes of HTML start tags between `from` and `to` that write their value as markup. */
function attributeSites(text: string, engine: TemplateEngine, from = 0, to = text.length): TemplateSite[] {
  const out: TemplateSite[] = [];
  let i = from;
  while (i < to) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? to : end + 3;
      continue;
    }
    if (!/[A-Za-z]/.test(text[lt + 1] ?? '')) {
      i = lt + 1;
      continue;
    }
    let p = lt + 1;
    while (p < to && /[\w\-.:]/.test(text[p]!)) p++;
    // Attributes until the tag's `>`.
    while (p < to) {
      while (p < to && /\s/.test(text[p]!)) p++;
      if (p >= to || text[p] === '>' || text.startsWith('/>', p) || text[p] === '<') break;
      const nameStart = p;
      while (p < to && !/[\s=>]/.test(text[p]!) && !text.startsWith('/>', p)) p++;
      const name = text.slice(nameStart, p);
      if (p === nameStart) {
        p++;
        continue;
      }
      let valueStart = -1;
      let valueEnd = -1;
      let q = p;
      while (q < to && /[ \t]/.test(text[q]!)) q++;
      if (text[q] === '=') {
        q++;
        while (q < to && /[ \t]/.test(text[q]!)) q++;
        const quote = text[q];
        if (quote === '"' || quote === "'") {
          const close = text.indexOf(quote, q + 1);
          if (close < 0) break;
          valueStart = q + 1;
          valueEnd = close;
          p = close + 1;
        } else {
          valueStart = q;
          while (q < to && !/[\s>]/.test(text[q]!)) q++;
          valueEnd = q;
          p = q;
        }
      }
      const raw = RAW_ATTRIBUTES[name.toLowerCase()];
      if (raw && valueStart >= 0) {
        const expr = text.slice(valueStart, valueEnd);
        if (expr.trim() !== '' && !/^\s*(?:"[^"]*"|'[^']*')\s*$/.test(expr)) {
          out.push({ engine: raw.needsBypass ? 'angular' : engine, construct: raw.construct, start: nameStart, end: p, expr, needsBypass: raw.needsBypass });
        }
      }
    }
    i = p + 1;
  }
  return out;
}

// ---- expressions ----------------------------------------------------------------------------------

/**
 * An expression whose outermost call escapes or sanitises HTML (`sanitize(x)`, `DOMPurify.sanitize(x)`,
 * `{{{ sanitize body }}}`, `{!! e($x) !!}`, `Html.Raw(HttpUtility.HtmlEncode(x))`, ERB `raw u(x)`), or that ends in
 * Rails' `to_json`, which escapes `<`, `>` and `&`: written raw, it is safe. In ERB not `strip_tags`: it leaves
 * quotes (an attribute's value ends there) and, in older Rails, characters that still open markup; elsewhere
 * (PHP's `strip_tags` in a Blade plain-text mail layout) it is kept, as text output is its common use.
 */
const SANITISED = /^\s*(?:[\w$]+\.)*(?:sanitize\w*|sanitise\w*|purify|escape(?:Html|HTML|Expression)?|htmlEscape|html_escape|HtmlEncode|htmlEncode|encodeHTML|strip_tags|clean|e|h|u|url_encode|filterXSS|xss)\s*[(\s]|\.to_json\s*$/;

export function isSanitised(expr: string, engine?: TemplateEngine): boolean {
  return SANITISED.test(expr) && !(engine === 'erb' && /^\s*strip_tags\b/.test(expr));
}

/**
 * An expression with no variable in it: literals, or calls given only literals (`__('pagination.next')`,
 * `Renderer::css()`, `t("title")`): what it writes is the application's own text, not data.
 */
export function isLiteralOnly(expr: string): boolean {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').trim();
  return /^(?:""|\d+(?:\.\d+)?|(?:[A-Za-z_][\w\\]*(?:::|->|\.))*[A-Za-z_]\w*\s*\(\s*(?:(?:""|\d+)\s*(?:,\s*(?:""|\d+)\s*)*)?\))$/.test(code);
}

/**
 * The members of a single-file component's own `<script>` (Vue computed properties and methods, Svelte
 * functions) whose every return is sanitised or a literal, and one at least sanitised:
 * `descriptionHTML() { if (d != null) return DOMPurify.sanitize(marked(d)); else return ""; }`.
 * `v-html="descriptionHTML"` or `v-html="html(incident.content)"` then writes sanitised markup.
 */
export function sanitisingMembers(text: string): Set<string> {
  const out = new Set<string>();
  for (const script of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    const from = script.index! + script[0].indexOf('>') + 1;
    const code = script[1]!;
    for (const m of code.matchAll(/(?:^|[\s,{])(?:function\s+)?([A-Za-z_$][\w$]*)\s*(?:=\s*(?:\([^()]*\)|[A-Za-z_$][\w$]*)\s*=>\s*|\([^()]*\)\s*(?::\s*[\w<>[\]|. ]+)?)\{/g)) {
      const open = from + m.index! + m[0].length - 1;
      const close = findMatching(text, open);
      if (close < 0) continue;
      const body = text.slice(open + 1, close);
      const returns = [...body.matchAll(/\breturn\b([^;\n}]*)/g)].map((r) => r[1]!.trim());
      if (returns.length > 0 && returns.every((r) => r === '' || isSanitised(r) || isLiteralOnly(r)) && returns.some((r) => isSanitised(r))) out.add(m[1]!);
    }
  }
  return out;
}

const NOT_VARIABLES = new Set([
  'this', 'locals', 'true', 'false', 'null', 'undefined', 'nil', 'None', 'True', 'False', 'not', 'and', 'or', 'in', 'is',
  'if', 'else', 'new', 'typeof', 'raw', 'html_safe', 'Model', 'ViewBag', 'ViewData', 'JSON', 'Math', 'String', 'Number',
]);

/**
 * The template variables an expression reads, by their first name: `user.bio` → `user`,
 * `$comment->body` → `comment`, `@post.title` → `post`, `locals.bio` and `this.bio` → `bio`.
 */
export function variablesOf(expr: string): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, ' ').replace(/\b(?:locals|this)\s*\./g, ' ');
  const out = new Set<string>();
  for (const m of code.matchAll(/(?<![\w$.>@:])[$@]?([A-Za-z_][\w$]*)/g)) {
    const name = m[1]!;
    if (!NOT_VARIABLES.has(name)) out.add(name);
  }
  return [...out];
}
