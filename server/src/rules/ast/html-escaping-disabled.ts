import { defineAstRule, mentions, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, propertyKey, type ModuleBindings } from '../../engine/patterns';
import { ACCESS, name, prop, seq, SKIP } from '../prefilter';

/** The name of a member's property (`a.escape`, `a['escape']`). */
function memberKey(node: TSESTree.MemberExpression): string | undefined {
  return !node.computed && node.property.type === 'Identifier' ? node.property.name : staticString(node.property);
}

/** The parameter a function returns unchanged (`function (t) { return t; }`, `(t) => t`), or undefined. */
function isIdentity(node: TSESTree.Node): boolean {
  if (node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression') return false;
  const param = node.params[0];
  if (param?.type !== 'Identifier') return false;
  let returned: TSESTree.Node | null | undefined = node.body;
  if (node.body.type === 'BlockStatement') {
    const only = node.body.body.length === 1 ? node.body.body[0] : undefined;
    returned = only?.type === 'ReturnStatement' ? only.argument : undefined;
  }
  return returned?.type === 'Identifier' && returned.name === param.name;
}

/**
 * An AngularJS resource URL pattern whose `**` stands in the scheme or host (`'**'`, `'https://**.example.com'`):
 * `**` matches any characters, `/` and `:` included, so the pattern admits a URL on any host.
 */
function anyHost(pattern: string): boolean {
  const rest = pattern.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = rest.indexOf('/');
  return (slash < 0 ? rest : rest.slice(0, slash)).includes('**');
}

const FALSE = (node: TSESTree.Node | undefined): boolean => node?.type === 'Literal' && node.value === false;

export default defineAstRule({
  meta: {
    id: 'html-escaping-disabled',
    title: 'HTML escaping or sanitising switched off in configuration',
    description: 'One line of configuration turns a library\'s protection against cross-site scripting off for every value it renders: AngularJS `$sceProvider.enabled(false)` (Strict Contextual Escaping off) or a `$sceDelegateProvider` resource URL list with `**` in the host (templates and scripts from any host), react-markdown\'s `allowDangerousHtml` or `escapeHtml={false}` (raw HTML in the markdown rendered), `Mustache.escape` replaced by a function that returns its input, Squirrelly\'s `autoEscaping(false)`, `escapeMarkup = false`. No data has to be traced: any value the library later renders from a user is written as markup.',
    recommendation: 'Keep the library\'s escaping on (`$sceProvider.enabled(true)`, `escapeHtml={true}`, `Sqrl.autoEscaping(true)`, Mustache\'s own `escape`), list resource URLs by exact host (`https://cdn.example.com/**`), and mark the few trusted values safe one by one after sanitising them.',
    category: 'injection',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-79', 'CWE-116'],
    owasp: ['A03:2021'],
    fixable: true,
  },
  keywords: ['sceProvider', 'sceDelegateProvider', 'allowDangerousHtml', 'escapeHtml', 'mustache', 'autoEscaping', 'escapeMarkup'],
  prefilter: [new RegExp([
    name(String.raw`\$?sceProvider|\$?sceDelegateProvider|allowDangerousHtml|autoEscaping`),
    // escapeHtml={false}, escapeHtml: false, x.escapeMarkup = false, Mustache.escape = …
    String.raw`${name('escapeHtml')}${SKIP}(?:=${SKIP}\{|:)`,
    seq(ACCESS, prop('escapeMarkup|escape'), '=(?![=>])'),
  ].join('|'))],
  scope: 'unit',
  fileText: mentions('mustache', 'react-markdown'),
  create(context) {
    let mustache: ModuleBindings | undefined;
    const reactMarkdown = context.textIncludes('react-markdown');
    const setTrue = (literal: TSESTree.Node, title: string) => ({ title, edits: [{ start: literal.start, end: literal.end, newText: 'true' }] });
    return {
      Program(node) {
        mustache = context.textIncludes('mustache') ? moduleBindings(node, ['mustache']) : undefined;
      },
      CallExpression(node) {
        const method = methodName(node);
        if (!method || node.callee.type !== 'MemberExpression') return;
        const receiver = qualifiedName(node.callee.object) ?? '';
        const arg = node.arguments[0];
        if (method === 'enabled' && /(?:^|\.)\$?sceProvider$/.test(receiver) && arg && FALSE(arg)) {
          context.report({
            node,
            message: 'AngularJS Strict Contextual Escaping is switched off: every `ng-bind-html` and template binding takes markup as is; keep `$sceProvider.enabled(true)`.',
            fix: setTrue(arg, 'Switch Strict Contextual Escaping back on'),
          });
        } else if ((method === 'resourceUrlWhitelist' || method === 'trustedResourceUrlList') && /(?:^|\.)\$?sceDelegateProvider$/.test(receiver) && arg?.type === 'ArrayExpression') {
          const wide = arg.elements.find((e) => e?.type === 'Literal' && typeof e.value === 'string' && anyHost(e.value));
          if (!wide) return;
          context.report({
            node: wide,
            message: `The resource URL pattern ${context.quote(wide)} has \`**\` in its host, so templates and scripts load from any host; list each trusted host exactly ('https://cdn.example.com/**').`,
          });
        } else if (method === 'autoEscaping' && /(?:^|\.)(?:Sqrl|squirrelly)$/i.test(receiver) && arg && FALSE(arg)) {
          context.report({
            node,
            message: 'Squirrelly\'s auto-escaping is switched off, so every `{{ value }}` is written as raw HTML; keep `autoEscaping(true)` and mark trusted values with `| safe`.',
            fix: setTrue(arg, 'Switch auto-escaping back on'),
          });
        }
      },
      AssignmentExpression(node) {
        if (node.operator !== '=' || node.left.type !== 'MemberExpression') return;
        const key = memberKey(node.left);
        if (key === 'escapeMarkup' && FALSE(node.right)) {
          context.report({
            node,
            message: '`escapeMarkup = false` switches the template\'s HTML escaping off, so every value is written as markup; leave it on.',
            fix: setTrue(node.right, 'Switch escaping back on'),
          });
          return;
        }
        if (key !== 'escape' || !isIdentity(node.right)) return;
        const receiver = node.left.object;
        const isMustache = receiver.type === 'Identifier' && (/^mustache$/i.test(receiver.name) || mustache?.namespaces.has(receiver.name) === true);
        if (!isMustache) return;
        context.report({
          node,
          message: 'Mustache\'s `escape` is replaced by a function that returns its input, so every `{{ value }}` is written as raw HTML; keep Mustache\'s own escaper (use `{{{ }}}` for the few trusted values).',
        });
      },
      JSXAttribute(node) {
        if (node.name.type !== 'JSXIdentifier') return;
        const value = node.value?.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
        if (node.name.name === 'escapeHtml' && value && FALSE(value)) {
          context.report({
            node,
            message: '`escapeHtml={false}` makes react-markdown render the raw HTML in the markdown, scripts and event handlers included; keep `escapeHtml={true}` or sanitise with rehype-sanitize.',
            fix: setTrue(value, 'Escape HTML'),
          });
        } else if (node.name.name === 'allowDangerousHtml' && (!value || value.type === 'Literal' && value.value === true)) {
          context.report({
            node,
            message: '`allowDangerousHtml` makes react-markdown render the raw HTML in the markdown, scripts and event handlers included; remove it or sanitise with rehype-sanitize.',
          });
        }
      },
      // react-markdown's options given as an object (`React.createElement(ReactMarkdown, { escapeHtml: false })`).
      Property(node) {
        if (!reactMarkdown || node.parent?.type !== 'ObjectExpression') return;
        const key = propertyKey(node);
        if (key === 'escapeHtml' && FALSE(node.value)) {
          context.report({ node, message: '`escapeHtml: false` makes react-markdown render the raw HTML in the markdown; keep it true or sanitise with rehype-sanitize.', fix: setTrue(node.value, 'Escape HTML') });
        } else if (key === 'allowDangerousHtml' && node.value.type === 'Literal' && node.value.value === true) {
          context.report({ node, message: '`allowDangerousHtml: true` makes react-markdown render the raw HTML in the markdown; remove it or sanitise with rehype-sanitize.' });
        }
      },
    };
  },
});
