import { calleeName, defineAstRule, isConstant, qualifiedName, type TSESTree } from '../../engine/ast';
import { sinkLevel } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';

/** Handlebars' own escaper and the usual sanitisers: what a helper should pass data through first. */
const ESCAPER = /(?:^|\.)(?:escapeExpression|escape|escapeHtml|sanitize|sanitizeHtml|purify|clean|xss|filterXSS)$/i;

function escaped(node: TSESTree.Node): boolean {
  if (isConstant(node)) return true;
  if (node.type === 'CallExpression') return ESCAPER.test(qualifiedName(node.callee) ?? '');
  if (node.type === 'TemplateLiteral') return node.expressions.every((e) => escaped(e));
  if (node.type === 'BinaryExpression' && node.operator === '+') return escaped(node.left as TSESTree.Node) && escaped(node.right);
  return false;
}

export default defineAstRule({
  meta: {
    id: 'handlebars-safestring',
    title: 'Handlebars SafeString built from unescaped data',
    description: '`new Handlebars.SafeString(value)` tells Handlebars the value is markup: it is written as is, even inside `{{ }}`. A helper that wraps data in it without `Handlebars.escapeExpression` writes that data into the page unescaped (cross-site scripting).',
    recommendation: 'Escape every piece of data with `Handlebars.escapeExpression` before joining it into the markup a helper returns as a SafeString, or return a plain string and let `{{ }}` escape it.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-79', 'CWE-116'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['safestring'],
  scope: 'unit',
  create(context) {
    return {
      NewExpression(node) {
        const name = calleeName(node);
        if (!name || !/(?:^|\.)SafeString$/.test(name)) return;
        const value = node.arguments[0];
        if (!value || value.type === 'SpreadElement' || escaped(value)) return;
        const level = sinkLevel(taintOf(value));
        if (!level) return;
        context.report({
          node,
          message: `\`${name}\` marks ${level.confidence === 'high' ? 'request data' : 'this value'} as markup without escaping it; pass each piece of data through Handlebars.escapeExpression first.`,
          ...level,
        });
      },
    };
  },
});
