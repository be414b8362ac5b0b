import { defineAstRule, isConstant, qualifiedName, type TSESTree } from '../../engine/ast';
import { propertiesOf, propertyKey, sinkLevel } from '../../engine/patterns';
import { fromUndeclaredName, taintOf } from '../../engine/taint';

export default defineAstRule({
  meta: {
    id: 'react-dangerous-html',
    title: 'dangerouslySetInnerHTML with unsanitised data',
    description: 'React escapes everything except `dangerouslySetInnerHTML`; markup in the value runs in the page (cross-site scripting).',
    recommendation: 'Render the value as children (`{text}`) or pass it through `DOMPurify.sanitize` before `__html`.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-79'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['dangerouslysetinnerhtml'],
  scope: 'unit',
  create(context) {
    /** `value`: what `dangerouslySetInnerHTML` is given (`{ __html: x }`, or an expression that builds it). */
    const check = (value: TSESTree.Node, at: TSESTree.Node) => {
      const html = propertiesOf(value).get('__html');
      const markup = html ? html.value : value;
      if (isConstant(markup)) return;
      if (markup.type === 'CallExpression' && /(?:^|\.)(?:sanitize|purify|escape\w*|xss|filterXSS)$/i.test(qualifiedName(markup.callee) ?? '')) return;
      const taint = taintOf(markup);
      // A page global or an undeclared helper's result (`createMarkup()`): the program's own markup.
      if (taint === 'unknown' && fromUndeclaredName(markup)) return;
      const level = sinkLevel(taint) ?? { confidence: 'medium' as const };
      context.report({
        node: at,
        message: 'dangerouslySetInnerHTML renders this value as HTML; render it as text, or pass it through DOMPurify.sanitize first.',
        ...level,
      });
    };
    return {
      JSXAttribute(node) {
        if (node.name.type !== 'JSXIdentifier' || node.name.name !== 'dangerouslySetInnerHTML') return;
        if (node.value?.type !== 'JSXExpressionContainer' || node.value.expression.type === 'JSXEmptyExpression') return;
        check(node.value.expression, node);
      },
      // Props built as an object for `React.createElement(type, props)`.
      Property(node) {
        if (node.parent?.type !== 'ObjectExpression' || node.value.type !== 'ObjectExpression' || propertyKey(node) !== 'dangerouslySetInnerHTML') return;
        check(node.value, node);
      },
    };
  },
});
