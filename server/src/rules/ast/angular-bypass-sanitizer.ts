import { defineAstRule, isConstant, qualifiedName } from '../../engine/ast';
import { methodName, receiverName, sinkLevel } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';

export default defineAstRule({
  meta: {
    id: 'angular-bypass-sanitizer',
    title: "Angular's sanitizer bypassed for dynamic data",
    description: '`bypassSecurityTrustHtml` and its siblings (AngularJS: `$sce.trustAsHtml` and its siblings) tell Angular a value is safe; when the value comes from data, markup or script in it runs in the page.',
    recommendation: 'Bind the value normally so Angular sanitises it, or sanitise it with DOMPurify before trusting it.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-79'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['bypasssecuritytrust', '$sce'],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const method = methodName(node);
        if (!method) return;
        // AngularJS: `$sce.trustAsHtml(v)` (and `trustAs($sce.HTML, v)`) does for `ng-bind-html` what the bypass does in Angular.
        const sce = receiverName(node) === '$sce' && /^trustAs(?:Html|Js|Css|Url|ResourceUrl)?$/.test(method);
        if (!sce && !/^bypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)$/.test(method)) return;
        const value = node.arguments[method === 'trustAs' ? 1 : 0];
        if (!value || isConstant(value)) return;
        // HTML already cleaned by an HTML sanitiser (DOMPurify.sanitize, sanitize-html, xss) is what the bypass is for.
        if ((method === 'bypassSecurityTrustHtml' || method === 'trustAsHtml') && value.type === 'CallExpression'
          && /(?:^|\.)(?:sanitize|sanitizeHtml|purify|filterXSS|xss)$/i.test(qualifiedName(value.callee) ?? '')) return;
        const level = sinkLevel(taintOf(value));
        if (!level) return;
        context.report({ node, message: `\`${method}\` marks dynamic data as safe; let Angular sanitise the binding or sanitise the value with DOMPurify first.`, ...level });
      },
    };
  },
});
