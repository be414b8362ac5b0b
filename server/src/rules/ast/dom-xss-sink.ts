import { calleeName, defineAstRule, isConstant, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName, sinkLevel } from '../../engine/patterns';
import { fromUndeclaredName, taintOf } from '../../engine/taint';

const SANITIZER = /(?:^|\.)(?:sanitize|sanitizeHtml|escape|escapeHtml|encode|purify|clean|xss|filterXSS)$/i;

function sanitized(node: TSESTree.Node): boolean {
  if (node.type === 'CallExpression') return SANITIZER.test(qualifiedName(node.callee) ?? '');
  if (node.type === 'TemplateLiteral') return node.expressions.every((e) => isConstant(e) || sanitized(e));
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    return (isConstant(node.left) || sanitized(node.left)) && (isConstant(node.right) || sanitized(node.right));
  }
  return false;
}

export default defineAstRule({
  meta: {
    id: 'dom-xss-sink',
    title: 'HTML built from data written to the DOM',
    description: '`innerHTML`, `outerHTML`, `insertAdjacentHTML` and `document.write` parse their input as HTML, so markup or script in the data runs in the page (cross-site scripting).',
    recommendation: 'Set `textContent` for text, build elements with `createElement`, or sanitise with DOMPurify before writing HTML.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-79'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['innerhtml', 'outerhtml', 'insertadjacenthtml', 'document.write'],
  create(context) {
    const check = (sink: string, value: TSESTree.Node, at: TSESTree.Node, textSuggestion?: TSESTree.MemberExpression) => {
      if (isConstant(value) || sanitized(value)) return;
      const level = sinkLevel(taintOf(value));
      if (!level || (level.confidence === 'low' && fromUndeclaredName(value))) return;
      const suggestions = textSuggestion && !textSuggestion.computed
        ? [{ title: 'Write text with textContent', edits: [{ start: textSuggestion.property.range[0], end: textSuggestion.property.range[1], newText: 'textContent' }] }]
        : [];
      context.report({
        node: at,
        message: `\`${sink}\` parses ${level.confidence === 'high' ? 'request data' : 'this value'} as HTML; use textContent or sanitise it with DOMPurify first.`,
        suggestions,
        ...level,
      });
    };
    return {
      AssignmentExpression(node) {
        if (node.left.type !== 'MemberExpression' || node.left.computed || node.left.property.type !== 'Identifier') return;
        const prop = node.left.property.name;
        if (prop !== 'innerHTML' && prop !== 'outerHTML') return;
        check(prop, node.right, node, prop === 'innerHTML' ? node.left : undefined);
      },
      CallExpression(node) {
        const method = methodName(node);
        const name = calleeName(node);
        if (method === 'insertAdjacentHTML' && node.arguments[1]) check('insertAdjacentHTML', node.arguments[1], node);
        if ((name === 'document.write' || name === 'document.writeln') && node.arguments[0]) check(name, node.arguments[0], node);
      },
    };
  },
});
