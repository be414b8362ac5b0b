import { defineAstRule, findProperty, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { methodName } from '../../engine/patterns';
import { GAP, propertySource, seq } from '../prefilter';

/** `0` or `false`: a libcurl verification option switched off. */
function isOff(node: TSESTree.Node): boolean {
  return node.type === 'Literal' && (node.value === 0 || node.value === false);
}

export default defineAstRule({
  meta: {
    id: 'tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    description: 'Turning off certificate verification lets anyone on the network read and change the traffic, credentials included.',
    recommendation: 'Keep verification on; trust a private CA by passing it as `ca`, never by switching checks off.',
    category: 'transport',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-295'],
    owasp: ['A02:2021', 'A07:2021'],
    fixable: true,
  },
  keywords: ['rejectunauthorized', 'strictssl', 'node_tls_reject_unauthorized', 'checkserveridentity', 'ssl_verifypeer', 'ssl_verifyhost', 'disabletlscerts'],
  // `rejectUnauthorized: false` / `strictSSL: false` (the literal, maybe in parentheses), the same
  // assigned to a member (`agent.options.rejectUnauthorized = false`), or the other names
  prefilter: [new RegExp(`${propertySource('rejectUnauthorized|strictSSL', String.raw`(?:false\b|\()`)}|${seq(String.raw`\b(?:rejectUnauthorized|strictSSL)['"\`]?${GAP}(?:\]${GAP})?=(?![=>])`, String.raw`(?:false\b|\()`)}|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity|SSL_VERIFY(?:PEER|HOST)|disableTLSCerts`)],
  scope: 'unit',
  create(context) {
    const reportFalse = (node: TSESTree.Node, what: string) =>
      context.report({
        node,
        message: `${what} disables TLS certificate verification; remove it and trust a private CA with the \`ca\` option instead.`,
        fix: { title: 'Turn certificate verification back on', edits: [{ start: node.range[0], end: node.range[1], newText: 'true' }] },
      });

    const reportCurlOption = (node: TSESTree.Node, option: string) =>
      context.report({
        node,
        message: `libcurl's \`${option}\` set to ${context.source(node)} turns off ${option === 'SSL_VERIFYPEER' ? 'certificate' : 'host name'} verification; remove it and trust a private CA with the \`CAINFO\` option instead.`,
        fix: { title: 'Turn verification back on', edits: [{ start: node.range[0], end: node.range[1], newText: option === 'SSL_VERIFYHOST' ? '2' : (node.type === 'Literal' && typeof node.value === 'boolean' ? 'true' : '1') }] },
      });

    return {
      Property(node) {
        const key = !node.computed && node.key.type === 'Identifier' ? node.key.name : staticString(node.key);
        if (key === 'rejectUnauthorized' && node.value.type === 'Literal' && node.value.value === false) {
          reportFalse(node.value, '`rejectUnauthorized: false`');
        }
        if (key === 'strictSSL' && node.value.type === 'Literal' && node.value.value === false) {
          reportFalse(node.value, '`strictSSL: false`');
        }
        // libcurl's options through node-curl / node-libcurl: curl(url, { SSL_VERIFYPEER: 0 })
        if ((key === 'SSL_VERIFYPEER' || key === 'SSL_VERIFYHOST') && isOff(node.value)) {
          reportCurlOption(node.value, key);
        }
        // spawn(cmd, { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } })
        if (key === 'NODE_TLS_REJECT_UNAUTHORIZED') {
          const value = staticString(node.value) ?? (node.value.type === 'Literal' ? String(node.value.value) : undefined);
          if (value === '0') {
            context.report({ node, message: 'NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks for every connection of that process; remove it.' });
          }
        }
      },
      CallExpression(node) {
        // superagent: request.get(url).disableTLSCerts()
        if (methodName(node) === 'disableTLSCerts' && node.callee.type === 'MemberExpression' && node.arguments.length === 0) {
          context.report({ node: node.callee.property, message: '`disableTLSCerts()` turns off certificate verification for this request; remove it and trust a private CA with `.ca(cert)` instead.' });
          return;
        }
        // node-libcurl: curl.setOpt('SSL_VERIFYPEER', false), curl.setOpt(Curl.option.SSL_VERIFYHOST, 0)
        if (methodName(node) !== 'setOpt') return;
        const [option, value] = node.arguments;
        const name = staticString(option) ?? (option?.type === 'MemberExpression' && !option.computed && option.property.type === 'Identifier' ? option.property.name : undefined);
        if ((name === 'SSL_VERIFYPEER' || name === 'SSL_VERIFYHOST') && value && isOff(value)) reportCurlOption(value, name);
      },
      AssignmentExpression(node) {
        // https.globalAgent.options.rejectUnauthorized = false
        const left = node.left;
        const member = left.type === 'MemberExpression' ? (!left.computed && left.property.type === 'Identifier' ? left.property.name : staticString(left.property)) : undefined;
        if ((member === 'rejectUnauthorized' || member === 'strictSSL') && node.operator === '=' && node.right.type === 'Literal' && node.right.value === false) {
          reportFalse(node.right, `\`${member} = false\``);
          return;
        }
        const target = qualifiedName(node.left);
        if (target !== 'process.env.NODE_TLS_REJECT_UNAUTHORIZED') return;
        const value = staticString(node.right) ?? (node.right.type === 'Literal' ? String(node.right.value) : undefined);
        if (value === '0') {
          context.report({
            node,
            message: 'Setting NODE_TLS_REJECT_UNAUTHORIZED to 0 disables certificate checks for every connection in the process; delete this line.',
          });
        }
      },
      NewExpression(node) {
        // new https.Agent({ rejectUnauthorized: false }) is caught by Property; this catches `checkServerIdentity: () => undefined`.
        const options = node.arguments[0];
        const check = findProperty(options, 'checkServerIdentity');
        if (check && (check.value.type === 'ArrowFunctionExpression' || check.value.type === 'FunctionExpression')) {
          const body = check.value.body;
          const returnsNothing = body.type === 'BlockStatement'
            ? body.body.length === 0 || (body.body.length === 1 && body.body[0]!.type === 'ReturnStatement' && (!body.body[0]!.argument || (body.body[0]!.argument.type === 'Identifier' && body.body[0]!.argument.name === 'undefined')))
            : body.type === 'Identifier' && body.name === 'undefined';
          if (returnsNothing) {
            context.report({ node: check, message: 'A `checkServerIdentity` that accepts every certificate disables hostname verification; remove it.' });
          }
        }
      },
    };
  },
});
