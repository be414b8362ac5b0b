import { defineAstRule, isConstant, qualifiedName } from '../../engine/ast';
import { propertiesOf, sinkLevel } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';

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
  create(context) {
    return {
      JSXAttribute(node) {
        if (node.name.type !== 'JSXIdentifier' || node.name.name !== 'dangerouslySetInnerHTML') return;
        if (node.value?.type !== 'JSXExpressionContainer' || node.value.expression.type === 'JSXEmptyExpression') return;
        const html = propertiesOf(node.value.expression).get('__html');
        const value = html ? html.value : node.value.expression;
        if (isConstant(value)) return;
        if (value.type === 'CallExpression' && /(?:^|\.)(?:sanitize|purify|escape\w*|xss|filterXSS)$/i.test(qualifiedName(value.callee) ?? '')) return;
        const level = sinkLevel(taintOf(value)) ?? { confidence: 'medium' as const };
        context.report({
          node,
          message: 'dangerouslySetInnerHTML renders this value as HTML; render it as text, or pass it through DOMPurify.sanitize first.',
          ...level,
        });
      },
    };
  },
});
