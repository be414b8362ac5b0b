import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { propertiesOf, requestInMarkup, sinkFlow, sinkLevel } from '../../engine/patterns';
import { enclosingFunction, isLambdaHandler, lambdaCallbackOf, valuesOf, type Taint } from '../../engine/taint';
import type { RelatedLocation } from '../../engine/types';
import { ACCESS, MARKUP, REQUEST_OR_EVENT, SKIP, member, prop, seq } from '../prefilter';

/** The response says it is not HTML: then the browser does not render markup in it. */
const NOT_HTML = /['"`](?:text\/plain|application\/json)|\.json\s*\(|\btype\s*\(\s*['"`](?:json|text|txt)['"`]/;
const RESPONSE = /^(?:res|response|resp)$/;

/**
 * Text every function `isLambdaHandler` accepts needs: `exports.handler` (or `module.exports['handler']`),
 * `export function handler`, `export const handler`, or a later declarator of such a declaration
 * (`export const a = 1, handler = …`: a `,`, the name, then `=` or a type's `:`). Files that merely name a
 * `handler` (React event handlers) have none of these.
 */
const HANDLER_NAME = String.raw`(?:handler|lambdaHandler)(?![\w$])`;
const EXPORTED_HANDLER = [
  seq(String.raw`(?<![\w$])exports`, ACCESS, prop('handler|lambdaHandler')),
  String.raw`(?<![\w$])export${SKIP}(?:async${SKIP})?function${SKIP}(?:\*${SKIP})?${HANDLER_NAME}`,
  String.raw`(?<![\w$])export${SKIP}(?:const|let|var)(?![\w$])${SKIP}${HANDLER_NAME}`,
  String.raw`,${SKIP}${HANDLER_NAME}${SKIP}[:=]`,
].join('|');

export default defineAstRule({
  meta: {
    id: 'reflected-xss',
    title: 'Request data written into an HTML response unescaped',
    description: "Express's `res.send` serves a string as HTML, `res.write`/`res.end` and an AWS Lambda handler's response `body` (returned or passed to its callback) leave the type to the browser; markup built from request data in it runs script in your users' browsers (reflected XSS).",
    recommendation: 'Render through an autoescaping template (`res.render`), escape the value for HTML first (`escape-html`, `he.encode`), or send JSON or text/plain.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-79'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['send', 'write', 'end', 'handler', 'lambdaHandler'],
  prefilter: [
    new RegExp(`${seq(...member('res|response|resp', 'send|write|end'))}|${EXPORTED_HANDLER}`),
    REQUEST_OR_EVENT,
    MARKUP,
  ],
  scope: 'unit',
  create(context) {
    /** `request` when markup in `body` carries request data no escaper has seen. */
    const htmlTaint = (body: TSESTree.Node): Taint => (requestInMarkup(body) ? 'request' : 'constant');
    /**
     * The rest of the flow when it is on other lines: where the request data enters (the first part of
     * the markup that carries it) and, for a body sent by name, where that HTML is built.
     */
    const related = (body: TSESTree.Node, at: TSESTree.Node): RelatedLocation[] | undefined => sinkFlow(context.text, at, body, requestInMarkup(body));
    /**
     * An AWS Lambda handler's returned `{ body }` is the HTTP response API Gateway sends (its type is the
     * handler's `headers`, HTML unless they say otherwise). Reported where the markup is built when the
     * body is a name given one value (the escape goes there; the return is often far below), else at `body`.
     */
    const lambdaResponse = (returned: TSESTree.Node | null | undefined, fn: TSESTree.Node): void => {
      if (returned?.type === 'SpreadElement') return;
      const prop = propertiesOf(returned ?? undefined).get('body');
      if (!prop || htmlTaint(prop.value) !== 'request') return;
      if (NOT_HTML.test(context.text.slice(fn.start, fn.end))) return;
      const values = prop.value.type === 'Identifier' ? valuesOf(prop.value) : [];
      const at = values.length === 1 && htmlTaint(values[0]!) === 'request' ? values[0]! : prop.value;
      // No line number in the message: a finding kept across edits (per-function reuse) keeps its text.
      context.report({
        node: at,
        message: at === prop.value
          ? "The Lambda handler returns HTML built from the event's data as its response `body` without escaping; escape the value first or return JSON or text/plain."
          : "HTML built from the event's data without escaping is returned below as the Lambda handler's response `body`; escape the value first or return JSON or text/plain.",
        related: related(at, at),
        ...sinkLevel('request'),
      });
    };
    return {
      ReturnStatement(node) {
        const fn = enclosingFunction(node);
        if (fn.type !== 'Program' && isLambdaHandler(fn)) lambdaResponse(node.argument, fn);
      },
      ArrowFunctionExpression(node) {
        if (node.body.type === 'ObjectExpression' && isLambdaHandler(node)) lambdaResponse(node.body, node);
      },
      CallExpression(node) {
        // A Lambda handler's `callback(null, { statusCode, body })` answers as its return value does.
        if (node.callee.type === 'Identifier' && node.arguments.length >= 2) {
          const handler = lambdaCallbackOf(node.callee);
          if (handler) lambdaResponse(node.arguments[1], handler);
          return;
        }
        if (node.callee.type !== 'MemberExpression' || node.callee.computed || node.callee.property.type !== 'Identifier') return;
        const method = node.callee.property.name;
        if (method !== 'send' && method !== 'write' && method !== 'end') return;
        // res.status(404).send(…): the chainable setters return the response
        let object: TSESTree.Node = node.callee.object;
        while (object.type === 'CallExpression' && object.callee.type === 'MemberExpression' && !object.callee.computed
          && object.callee.property.type === 'Identifier' && /^(?:status|set|header|append|vary|cookie|clearCookie|location|links)$/.test(object.callee.property.name)) {
          object = object.callee.object;
        }
        const receiver = qualifiedName(object);
        if (!receiver || !RESPONSE.test(receiver)) return;
        const body = node.arguments[0];
        if (!body || body.type === 'SpreadElement') return;
        const taint = htmlTaint(body);
        if (taint !== 'request') return;
        const fn = enclosingFunction(node);
        if (NOT_HTML.test(context.text.slice(fn.start, fn.end))) return;
        context.report({
          node: body,
          message: `\`${receiver}.${method}\` writes HTML built from request data without escaping; render it through an autoescaping template or escape the value first.`,
          related: related(body, body),
          ...sinkLevel(taint),
        });
      },
    };
  },
});
