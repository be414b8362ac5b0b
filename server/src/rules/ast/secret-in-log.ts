import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { name, seq } from '../prefilter';

const LOGGER = /^(?:console|logger|log|winston|pino|bunyan|this\.logger|this\.log|req\.log|fastify\.log|app\.log|ctx\.log)$/;
const LEVELS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'dir']);
export const SECRET_NAME = /^(?:password|passwd|pwd|passphrase|secret|clientSecret|client_secret|apiKey|api_key|apiSecret|accessToken|access_token|refreshToken|refresh_token|authToken|idToken|bearerToken|sessionToken|sessionId|privateKey|private_key|secretKey|secret_key|authorization|cookie|creditCard|cardNumber|cvv|ssn|otp)$/i;

function secretIn(node: TSESTree.Node): string | undefined {
  switch (node.type) {
    case 'Identifier':
      return SECRET_NAME.test(node.name) ? node.name : undefined;
    case 'MemberExpression': {
      const name = qualifiedName(node)?.split('.').pop();
      return name && SECRET_NAME.test(name) ? qualifiedName(node) : undefined;
    }
    case 'TemplateLiteral':
      return node.expressions.map(secretIn).find(Boolean);
    case 'BinaryExpression':
      return node.left.type === 'PrivateIdentifier' ? undefined : secretIn(node.left) ?? secretIn(node.right);
    case 'ObjectExpression':
      return node.properties.map((p) => (p.type === 'Property' && p.shorthand ? secretIn(p.value) : undefined)).find(Boolean);
    default:
      return undefined;
  }
}

export default defineAstRule({
  meta: {
    id: 'secret-in-log',
    title: 'Password, token or key written to a log',
    description: 'Logs are copied to many systems and kept for a long time, read by more people than the secret was meant for.',
    recommendation: 'Log that the event happened, or a masked form (last four characters), never the password, token or key itself.',
    category: 'logging',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-532'],
    owasp: ['A09:2021'],
    fixable: false,
  },
  keywords: ['password', 'passwd', 'pwd', 'passphrase', 'secret', 'apikey', 'api_key', 'token', 'privatekey', 'private_key', 'authorization', 'cookie', 'creditcard', 'cardnumber', 'cvv', 'ssn', 'otp', 'sessionid', 'session_id'],
  // A call of a level on a logger whose name ends in one of `LOGGER`'s last words, as written (`Logger.error`
  // is not one), with blanks, comments and parentheses between; and, anywhere, a whole name `SECRET_NAME`
  // accepts (what `secretIn` reports is always such a name: a variable, a member's last part, a shorthand).
  prefilter: [
    new RegExp(seq(name('console|logger|log|winston|pino|bunyan'), String.raw`\??\.`, name([...LEVELS].join('|')))),
    new RegExp(String.raw`(?<![\w$])${SECRET_NAME.source.slice(1, -1)}(?![\w$])`, 'i'),
  ],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        if (node.callee.type !== 'MemberExpression' || node.callee.computed || node.callee.property.type !== 'Identifier') return;
        if (!LEVELS.has(node.callee.property.name)) return;
        const logger = qualifiedName(node.callee.object);
        if (!logger || !LOGGER.test(logger)) return;
        for (const arg of node.arguments) {
          const secret = secretIn(arg);
          if (secret) {
            context.report({ node: arg, message: `\`${secret}\` is written to the log; log the event or a masked value instead.` });
            return;
          }
        }
      },
    };
  },
});
