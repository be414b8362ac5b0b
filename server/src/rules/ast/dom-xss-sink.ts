import { calleeName, defineAstRule, findProperty, isConstant, qualifiedName, type TSESTree } from '../../engine/ast';
import { spanOf } from '../../engine/tree';
import { HTML_ESCAPER, HTML_MARKUP, methodName, propertiesOf, sinkFlow, sinkLevel, stringShape } from '../../engine/patterns';
import { enclosingFunction, fromUndeclaredName, parameterIndex, reachingValuesOf, returnedValues, taintOf, valuesOf, worst, type FunctionNode, type Taint } from '../../engine/taint';

const SANITIZER = /(?:^|\.)\$?(?:sanitize|sanitizeHtml|escape|escapeHtml|encode|purify|clean|xss|filterXSS)$/i;

function sanitized(node: TSESTree.Node, depth = 0): boolean {
  // A name whose values that reach here are all sanitised (`const b = $sanitize(a)`).
  if (node.type === 'Identifier') {
    const values = depth < 3 ? reachingValuesOf(node) : [];
    return values.length > 0 && values.every((v) => sanitized(v, depth + 1));
  }
  if (node.type === 'CallExpression') return SANITIZER.test(qualifiedName(node.callee) ?? '');
  if (node.type === 'TemplateLiteral') return node.expressions.every((e) => isConstant(e) || sanitized(e, depth));
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    return (isConstant(node.left) || sanitized(node.left, depth)) && (isConstant(node.right) || sanitized(node.right, depth));
  }
  return false;
}

/** URLs the browser serialises percent-encoding `"`, `<` and `>` (the URL standard's path, query and fragment sets). */
const SERIALISED_URL = /^(?:window\.|document\.)?location\.href$|^document\.(?:URL|documentURI)$/;

/**
 * A `+` chain or template whose every dynamic part is such a URL inside a double-quoted attribute value
 * (`'<line marker-start="url(' + location.href + '#m)" />'`): it cannot close the attribute or the tag.
 */
function onlyQuotedUrls(node: TSESTree.Node): boolean {
  const parts: (string | TSESTree.Node)[] = [];
  const flatten = (n: TSESTree.Node) => {
    if (n.type === 'Literal' && typeof n.value === 'string') parts.push(n.value);
    else if (n.type === 'BinaryExpression' && n.operator === '+') { flatten(n.left); flatten(n.right); }
    else if (n.type === 'TemplateLiteral') n.quasis.forEach((q, i) => { parts.push(q.value.cooked ?? ''); if (n.expressions[i]) flatten(n.expressions[i]!); });
    else parts.push(n);
  };
  flatten(node);
  let before = '';
  let dynamic = 0;
  for (const part of parts) {
    if (typeof part === 'string') { before += part; continue; }
    dynamic++;
    const inQuotedAttribute = /<[^>]*=\s*"[^"]*$/.test(before);
    if (!(inQuotedAttribute && SERIALISED_URL.test(qualifiedName(part) ?? ''))) return false;
  }
  return dynamic > 0;
}

/** The page's own URL and its parts: they start with a scheme, `#` or `?`, never with `<`. */
const BROWSER_URL = /^(?:window\.|document\.)?location(?:\.\w+)?$|^document\.(?:URL|documentURI|referrer|baseURI)$/;
const JQUERY = /^(?:\$|jQuery)$/;
/**
 * What makes a jQuery-like object from its argument: jQuery's `$`/`jQuery`, and AngularJS's
 * `angular.element` (jqLite, or jQuery when the page loads it), which also parses a string that starts
 * with `<` as HTML and has the same `.html`/`.append` family.
 */
function jQueryFactory(callee: TSESTree.Node): string | undefined {
  if (callee.type === 'Identifier') return JQUERY.test(callee.name) ? callee.name : undefined;
  return qualifiedName(callee) === 'angular.element' ? 'angular.element' : undefined;
}
/**
 * `escapeMarkup: false`: toastify-js documents `escapeMarkup` as a boolean (default true) and, when it is
 * false, writes the toast's `text` with `innerHTML`. (Select2's `escapeMarkup` is a function; `false`
 * there does not turn escaping off, so an options object handed to `.select2(…)` is left alone.)
 */
function escapeMarkupOff(key: TSESTree.Node, value: TSESTree.Node): boolean {
  const name = key.type === 'Identifier' ? key.name : key.type === 'Literal' ? key.value : undefined;
  return name === 'escapeMarkup' && value.type === 'Literal' && value.value === false;
}
const ESCAPE_MARKUP_MESSAGE = '`escapeMarkup: false` turns HTML escaping off: toastify-js then writes the toast\'s `text` with innerHTML';
const ESCAPE_MARKUP_ADVICE = 'keep escaping on, or pass an element built with text as `node`.';

/** jQuery methods that take HTML as well as elements: a string with markup is parsed. */
const JQUERY_INSERT = new Set(['append', 'prepend', 'after', 'before', 'replaceWith', 'wrap', 'wrapAll', 'wrapInner']);

/** A jQuery object: the result of `$(…)`/`jQuery(…)`/`angular.element(…)` (through chained calls), or a name or member spelled `$x`. */
function jQueryObject(node: TSESTree.Node): boolean {
  let n = node;
  while (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !jQueryFactory(n.callee)) n = n.callee.object;
  if (n.type === 'CallExpression') return jQueryFactory(n.callee) !== undefined;
  if (n.type === 'Identifier') return n.name.startsWith('$') && n.name.length > 1;
  return n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name.startsWith('$') && n.property.name.length > 1;
}

/**
 * SCEditor's BBCode format (`sceditor.formats.bbcode.set(name, { html(token, attrs, content) {…} })`, the
 * older `$.sceditor.plugins.bbcode.bbcode.set`): the editor writes the markup the `html` callback returns
 * into its WYSIWYG document. `attrs` and `token` are the tag's attributes as the BBCode's author wrote
 * them (a post or message, often another user's); `content` is the tag's content, already converted to
 * HTML with its text escaped. SCEditor's own formats escape every attribute with `escapeEntities`.
 */
function bbcodeHtmlCallback(node: TSESTree.CallExpression): Exclude<FunctionNode, TSESTree.Program> | undefined {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'set') return undefined;
  // `bbcode.set(…).set(…)`: the chained calls go to the same format.
  let target: TSESTree.Node = callee.object;
  while (target.type === 'CallExpression' && target.callee.type === 'MemberExpression' && methodName(target) === 'set') target = target.callee.object;
  const name = target.type === 'Identifier' ? target.name
    : target.type === 'MemberExpression' && !target.computed && target.property.type === 'Identifier' ? target.property.name : undefined;
  if (name !== 'bbcode') return undefined;
  const html = propertiesOf(node.arguments[1])?.get('html')?.value;
  return html?.type === 'FunctionExpression' || html?.type === 'ArrowFunctionExpression' ? html : undefined;
}

/** A `.replace` that rewrites a character markup needs (`"`, `'`, `<`, `&`): the value is escaped there. */
function escapingReplace(call: TSESTree.CallExpression): boolean {
  const method = methodName(call);
  const pattern = call.arguments[0];
  if ((method !== 'replace' && method !== 'replaceAll') || pattern?.type !== 'Literal') return false;
  const source = 'regex' in pattern && pattern.regex ? pattern.regex.pattern : typeof pattern.value === 'string' ? pattern.value : '';
  return /["'<&]/.test(source);
}

/**
 * Where a BBCode tag's attribute enters `part` unescaped: `attrs.pid`, `token.val`, through string
 * methods (`attrs.x.trim()`) and `||`/`?:` branches, when `attrs`/`token` are `fn`'s own parameters
 * (the first two). An escaper, any other call, or a name given other values stops it.
 */
function bbcodeAttribute(part: TSESTree.Node, fn: Exclude<FunctionNode, TSESTree.Program>, depth = 0): TSESTree.Node | undefined {
  if (depth > 8) return undefined;
  let n: TSESTree.Node = part;
  for (;;) {
    if (n.type === 'MemberExpression') n = n.object;
    else if (n.type === 'ChainExpression') n = n.expression;
    else if (n.type === 'TSNonNullExpression' || n.type === 'TSAsExpression') n = n.expression;
    else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !HTML_ESCAPER.test(methodName(n) ?? '') && !escapingReplace(n)) n = n.callee.object;
    else break;
  }
  if (n.type === 'LogicalExpression') return bbcodeAttribute(n.left, fn, depth + 1) ?? bbcodeAttribute(n.right, fn, depth + 1);
  if (n.type === 'ConditionalExpression') return bbcodeAttribute(n.consequent, fn, depth + 1) ?? bbcodeAttribute(n.alternate, fn, depth + 1);
  if (n.type !== 'Identifier' || enclosingFunction(n) !== fn || valuesOf(n).length > 0) return undefined;
  const position = parameterIndex(fn, n.name);
  return position === 0 || position === 1 ? part : undefined;
}

export default defineAstRule({
  meta: {
    id: 'dom-xss-sink',
    title: 'HTML built from data written to the DOM',
    description: '`innerHTML`, `outerHTML`, `insertAdjacentHTML` and `document.write` parse their input as HTML (as do jQuery `$(…)`/`.html` with markup, AngularJS `angular.element`, fbjs `createNodesFromMarkup`, and toastify-js with `escapeMarkup: false`), so markup or script in the data runs in the page (cross-site scripting).',
    recommendation: 'Set `textContent` for text, build elements with `createElement`, or sanitise with DOMPurify before writing HTML.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-79'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['innerhtml', 'outerhtml', 'insertadjacenthtml', 'document.write', 'jquery', '$(', '.html(', 'escapemarkup', 'bbcode', 'angular.element', 'createnodesfrommarkup'],
  scope: 'unit',
  create(context) {
    const check = (sink: string, value: TSESTree.Node, at: TSESTree.Node, textSuggestion?: TSESTree.MemberExpression) => {
      if (isConstant(value) || sanitized(value) || onlyQuotedUrls(value)) return;
      const level = sinkLevel(taintOf(value));
      if (!level || (level.confidence === 'low' && fromUndeclaredName(value))) return;
      const suggestions = textSuggestion && !textSuggestion.computed
        ? [{ title: 'Write text with textContent', edits: [{ start: textSuggestion.property.start, end: textSuggestion.property.end, newText: 'textContent' }] }]
        : [];
      context.report({
        node: at,
        message: `\`${sink}\` parses ${level.confidence === 'high' ? 'request data' : 'this value'} as HTML; use textContent or sanitise it with DOMPurify first.`,
        suggestions,
        ...level,
      });
    };
    /**
     * jQuery parses a string that holds markup as HTML: `.append('<b>' + x)`. `$(…)`/`jQuery(…)` does so
     * only when the string starts with `<` (jQuery 1.9 and later; anything else is a selector), so
     * there the markup must open the string, or request data must (the URL's parts, which start with
     * `#`, `?` or a scheme, cannot).
     */
    const checkMarkup = (sink: string, value: TSESTree.Node, at: TSESTree.Node, leading: boolean) => {
      if (isConstant(value) || sanitized(value)) return;
      const shape = stringShape(value);
      const text = shape.text.trimStart();
      const markup = HTML_MARKUP.test(leading ? text.slice(0, text.search(/>|$/) + 1) : shape.text) && (!leading || text.startsWith('<'));
      const first = shape.dynamic[0];
      const taint = markup
        ? shape.dynamic.reduce<Taint>((t, d) => {
          if (isConstant(d) || sanitized(d)) return t;
          // A global's value is the program's own, but request data passed through one (`unescape(location.href)`) is not.
          const taint = taintOf(d);
          return taint !== 'request' && fromUndeclaredName(d) ? t : worst(t, taint);
        }, 'constant')
        : (!leading || (text.startsWith('?') && first && !BROWSER_URL.test(qualifiedName(first) ?? ''))) && first && taintOf(first) === 'request' ? 'request' : 'constant';
      const level = sinkLevel(taint);
      if (!level) return;
      context.report({
        node: at,
        message: `\`${sink}\` parses ${level.confidence === 'high' ? 'request data' : 'this value'} as HTML; build elements with text (\`.text()\`, \`createElement\`) or sanitise it with DOMPurify first.`,
        ...level,
      });
    };
    /** A BBCode `html` callback's returned markup with request data or a tag attribute in it, unescaped. */
    const checkBbcode = (value: TSESTree.Node, fn: Exclude<FunctionNode, TSESTree.Program>) => {
      // What the callback returns is HTML by contract: no markup needs to be in view.
      const open = stringShape(value).dynamic.filter((d) => !isConstant(d) && !sanitized(d));
      const request = open.find((d) => taintOf(d) === 'request');
      const attribute = request ? undefined : open.map((d) => bbcodeAttribute(d, fn)).find(Boolean);
      if (!request && !attribute) return;
      const what = request ? 'request data' : `\`${context.quote(attribute!)}\`, an attribute as the BBCode's author wrote it,`;
      context.report({
        node: value,
        message: `SCEditor writes the HTML a BBCode \`html\` callback returns into the editor, and ${what} is in it unescaped; escape it with \`sceditor.escapeEntities\` first.`,
        related: sinkFlow(context.text, value, value, request, undefined, attribute ? [[spanOf(attribute), 'The attribute enters here.']] : []),
        ...(request ? { severity: 'error' as const, confidence: 'high' as const } : { confidence: 'medium' as const }),
      });
    };
    return {
      AssignmentExpression(node) {
        if (node.left.type !== 'MemberExpression' || node.left.computed || node.left.property.type !== 'Identifier') return;
        const prop = node.left.property.name;
        // `options.escapeMarkup = false`: what the text will hold is not in view.
        if (escapeMarkupOff(node.left.property, node.right)) {
          context.report({ node, message: `${ESCAPE_MARKUP_MESSAGE}; ${ESCAPE_MARKUP_ADVICE}`, confidence: 'low' });
          return;
        }
        if (prop !== 'innerHTML' && prop !== 'outerHTML') return;
        check(prop, node.right, node, prop === 'innerHTML' ? node.left : undefined);
      },
      Property(node) {
        if (node.computed || !escapeMarkupOff(node.key, node.value) || node.parent.type !== 'ObjectExpression') return;
        const holder = node.parent.parent;
        if (holder?.type === 'CallExpression' && methodName(holder) === 'select2') return;
        // The toast's text beside it decides: constant text is safe, request data is an error.
        const text = findProperty(node.parent, 'text');
        const level = text ? sinkLevel(taintOf(text.value)) : { confidence: 'low' as const };
        if (!level || (text && (sanitized(text.value) || (level.confidence === 'low' && fromUndeclaredName(text.value))))) return;
        const what = level.confidence === 'high' ? 'request data' : 'this text';
        context.report({ node, message: `${ESCAPE_MARKUP_MESSAGE}, and it parses ${what} as HTML; ${ESCAPE_MARKUP_ADVICE}`, ...level });
      },
      CallExpression(node) {
        const method = methodName(node);
        if (method === 'set') {
          const html = bbcodeHtmlCallback(node);
          if (html) for (const value of returnedValues(html)) checkBbcode(value, html);
          return;
        }
        const name = calleeName(node);
        if (method === 'insertAdjacentHTML' && node.arguments[1]) check('insertAdjacentHTML', node.arguments[1], node);
        if ((name === 'document.write' || name === 'document.writeln') && node.arguments[0]) check(name, node.arguments[0], node);
        const value = node.arguments[0];
        if (!value || value.type === 'SpreadElement') return;
        // fbjs `createNodesFromMarkup(markup, handleScript)` sets its markup as a node's innerHTML.
        if (name === 'createNodesFromMarkup') check(name, value, node);
        const factory = jQueryFactory(node.callee);
        if (factory) {
          checkMarkup(factory, value, node, true);
        } else if (method && node.callee.type === 'MemberExpression' && jQueryObject(node.callee.object)) {
          if (method === 'html' && node.arguments.length === 1) check('.html', value, node);
          else if (JQUERY_INSERT.has(method)) checkMarkup(`.${method}`, value, node, false);
        }
      },
    };
  },
});
