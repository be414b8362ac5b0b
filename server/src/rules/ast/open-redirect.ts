import { calleeName, defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { ASSIGN, member, REQUEST_TEXT, seq } from '../prefilter';

const RESPONSE = /^(?:res|response|ctx|reply|h)$/;

export default defineAstRule({
  meta: {
    id: 'open-redirect',
    title: 'Redirect to a URL taken from the request',
    description: 'Redirecting to a URL from a query parameter lets an attacker send your users from a trusted link to a phishing site.',
    recommendation: 'Redirect only to relative paths or to hosts on an allow-list; map a key from the request to a known URL.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-601'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ['redirect', 'location', 'open'],
  prefilter: [
    new RegExp([
      seq(...member('res|response|ctx|reply|h', 'redirect')),
      seq(...member('location', 'assign|replace')),
      seq(...member('window', 'open')),
      // location = …, but not const location = … nor this.location = …
      seq(String.raw`\blocation(?<!(?:\.\s*|\b(?:const|let|var)\s+)location)(?![\w$])`, ASSIGN),
      seq(...member('window|document', 'location'), ASSIGN),
      seq(...member('location', 'href'), ASSIGN),
    ].join('|')),
    new RegExp(REQUEST_TEXT),
  ],
  create(context) {
    const report = (node: TSESTree.Node) =>
      context.report({ node, message: 'This redirect target comes from the request; redirect only to relative paths or hosts on an allow-list.' });
    return {
      CallExpression(node) {
        const method = methodName(node);
        const receiver = node.callee.type === 'MemberExpression' ? qualifiedName(node.callee.object) : undefined;
        if (method === 'redirect' && receiver && RESPONSE.test(receiver)) {
          const target = node.arguments[node.arguments.length - 1];
          if (target && taintOf(target) === 'request') report(target);
        }
        const name = calleeName(node);
        if (name && /^(?:window\.)?location\.(?:assign|replace)$|^window\.open$/.test(name) && node.arguments[0] && taintOf(node.arguments[0]) === 'request') {
          report(node.arguments[0]);
        }
      },
      AssignmentExpression(node) {
        const target = qualifiedName(node.left);
        if (target && /^(?:window\.|document\.)?location(?:\.href)?$/.test(target) && taintOf(node.right) === 'request') report(node.right);
      },
    };
  },
});
