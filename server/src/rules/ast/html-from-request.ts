import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { FORMAT_CALL, HTML_ESCAPER, methodName, requestInMarkup, sinkFlow } from '../../engine/patterns';
import { HANDLER_RESPONSE, isFileFunction } from '../../engine/taint';
import { MARKUP, REQUEST_OR_EVENT } from '../prefilter';

/** The root name of a callee (`res` for `res.status(200).send`, `console` for `console.log`). */
function rootName(node: TSESTree.Node): string | undefined {
  let n = node;
  while (n.type === 'MemberExpression' || n.type === 'CallExpression' || n.type === 'ChainExpression') {
    n = n.type === 'MemberExpression' ? n.object : n.type === 'CallExpression' ? n.callee : n.expression;
  }
  return n.type === 'Identifier' ? n.name : n.type === 'ThisExpression' ? 'this' : undefined;
}

/** Logging: the text is written to a log, not rendered. */
const LOGGER = /^(?:console|logger|log|debug)$/;
const LOG_METHOD = new Set(['log', 'debug', 'info', 'warn', 'warning', 'error', 'trace', 'fatal', 'verbose', 'silly', 'notice']);
/**
 * Calls whose argument another rule reads, or which only build the string further: a response or the
 * DOM (`reflected-xss`, `dom-xss-sink`), code and template compilers (`eval-non-literal`,
 * `library-code-injection`), escapers, and string and array building (the built value is judged where it goes).
 */
const OTHER_RULES = /^(?:wkhtmlto\w+|document|\$\w*|jQuery|eval|Function|setTimeout|setInterval|setImmediate|String|Buffer|JSON|Object|Array|Number|Promise)$/;
const BUILDING_METHOD = new Set([
  'concat', 'push', 'unshift', 'splice', 'replace', 'replaceAll', 'join', 'split', 'trim', 'slice', 'substring', 'indexOf', 'includes',
  'startsWith', 'endsWith', 'match', 'test', 'insertAdjacentHTML', 'html', 'append', 'prepend', 'after', 'before', 'replaceWith',
  'wrap', 'wrapAll', 'wrapInner', 'render', 'renderString', 'renderFile', 'compile', 'template', 'evaluate', 'run', 'runInContext',
  'runInNewContext', 'runInThisContext', 'then', 'resolve', 'reject',
  // headless browsers and HTML-to-PDF tools (`headless-browser-injection`)
  'setContent', 'goto', 'evaluate', 'evaluateHandle', 'evaluateOnNewDocument', 'addInitScript', 'evaluateJavaScript', 'waitForFunction', 'create', 'generate',
]);

export default defineAstRule({
  meta: {
    id: 'html-from-request',
    title: 'HTML built from request data handed on unescaped',
    description: 'Markup built by concatenation or interpolation from request data, with no escaping, and handed to a call this file does not show rendering it (a mailer, a queue, a helper from another module): wherever that HTML is shown, the markup the client sent runs as script (stored or reflected XSS, HTML injection in e-mail).',
    recommendation: 'Escape each value for HTML where the markup is built (`escape-html`, `he.encode`), or build it in an autoescaping template.',
    category: 'injection',
    severity: 'warning',
    // Where the HTML ends up is out of view: off at `recommended`, on at `strict`.
    confidence: 'low',
    cwe: ['CWE-79', 'CWE-80'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['req', 'ctx', 'context', 'event', 'evt', 'location', 'document', 'window', 'query', 'param', 'body', 'header', 'uploadedfile'],
  prefilter: [REQUEST_OR_EVENT, MARKUP],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        let callee: string | undefined;
        for (const arg of node.arguments) {
          // Only a value that is built (or names what is built) can hold markup and request data together.
          if (arg.type !== 'BinaryExpression' && arg.type !== 'TemplateLiteral' && arg.type !== 'CallExpression' && arg.type !== 'Identifier') continue;
          if (arg.type === 'TemplateLiteral' && arg.expressions.length === 0) continue;
          callee ??= handedTo(node) ?? '';
          if (!callee) return;
          const carrier = requestInMarkup(arg);
          if (!carrier) continue;
          context.report({
            node: arg,
            message: `HTML built from request data without escaping is handed to \`${callee}\`; wherever it is shown, the client's markup runs as script. Escape the value where the HTML is built.`,
            related: sinkFlow(context.text, arg, arg, carrier),
          });
        }
      },
    };
  },
});

/** The callee's name when it is a call whose HTML argument no other rule reads and that does not just build it further; else undefined. */
function handedTo(node: TSESTree.CallExpression): string | undefined {
  const name = qualifiedName(node.callee);
  const root = rootName(node.callee);
  const method = methodName(node);
  if (!root || LOGGER.test(root) || OTHER_RULES.test(root) || HANDLER_RESPONSE.has(root) || root === 'ctx') return undefined;
  // `dom-xss-sink` reads these: AngularJS's jqLite and fbjs parse their argument as HTML.
  if (name === 'angular.element' || name === 'createNodesFromMarkup') return undefined;
  if (method && (LOG_METHOD.has(method) || BUILDING_METHOD.has(method))) return undefined;
  if (name && (HTML_ESCAPER.test(name) || FORMAT_CALL.test(name) || /(?:^|\.)(?:sanitize\w*|DOMPurify\.\w+)$/i.test(name))) return undefined;
  // A function of this file: the data flow follows the value into it, to the sink the other rules know.
  if (node.callee.type === 'Identifier' && isFileFunction(node.callee.name, node)) return undefined;
  return name ?? method ?? root;
}
