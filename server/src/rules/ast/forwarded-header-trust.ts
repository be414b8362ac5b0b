import { defineAstRule, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { methodName, propertyKey } from '../../engine/patterns';
import { valuesOf } from '../../engine/taint';

const HEADERS = 'x-forwarded-for|x-real-ip|forwarded|true-client-ip|x-client-ip|cf-connecting-ip';
const FORWARDED = new RegExp(`^(?:${HEADERS})$`, 'i');
const MEMBERSHIP = new Set(['includes', 'has', 'indexOf', 'lastIndexOf', 'some', 'find']);

/** `req.headers['x-forwarded-for']`, `req.header('X-Forwarded-For')`, `req.get('x-real-ip')`, `headers['x-forwarded-for']`. */
function isForwardedRead(node: TSESTree.Node): boolean {
  if (node.type === 'MemberExpression' && node.computed) {
    const key = staticString(node.property);
    return key !== undefined && FORWARDED.test(key) && /headers$/i.test(qualifiedName(node.object) ?? '');
  }
  if (node.type === 'CallExpression') {
    const method = methodName(node);
    const key = staticString(node.arguments[0]);
    return (method === 'header' || method === 'get' || method === 'getHeader') && key !== undefined && FORWARDED.test(key);
  }
  return false;
}

/** The value an expression derives from a forwarded header through `.split(',')[0]`, `.trim()`, `|| req.ip`… */
function derivesFromForwarded(node: TSESTree.Node | undefined, depth = 0): boolean {
  if (!node || depth > 6) return false;
  if (isForwardedRead(node)) return true;
  switch (node.type) {
    case 'ChainExpression':
      return derivesFromForwarded(node.expression, depth + 1);
    case 'LogicalExpression':
      return derivesFromForwarded(node.left, depth + 1) || derivesFromForwarded(node.right, depth + 1);
    case 'ConditionalExpression':
      return derivesFromForwarded(node.consequent, depth + 1) || derivesFromForwarded(node.alternate, depth + 1);
    case 'MemberExpression':
      return derivesFromForwarded(node.object, depth + 1);
    case 'CallExpression':
      return node.callee.type === 'MemberExpression' && derivesFromForwarded(node.callee.object, depth + 1);
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      return derivesFromForwarded(node.expression, depth + 1);
    case 'Identifier':
      return valuesOf(node).some((v) => v !== node && derivesFromForwarded(v, depth + 1));
    default:
      return false;
  }
}

export default defineAstRule({
  meta: {
    id: 'forwarded-header-trust',
    title: 'Rate-limit key or IP allow-list taken from X-Forwarded-For',
    description: 'Any client can send its own `X-Forwarded-For` header. A rate limiter keyed on it gives each request a fresh key, and an allow-list checked against it lets anyone claim an allowed address.',
    recommendation: "Use the address your framework derived from trusted proxies (`req.ip` with Express's `trust proxy` set to your proxy count), never the raw header.",
    category: 'injection',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-290', 'CWE-348'],
    owasp: ['A04:2021', 'A07:2021'],
    fixable: false,
  },
  keywords: ['x-forwarded-for', 'x-real-ip', 'forwarded', 'true-client-ip', 'x-client-ip', 'cf-connecting-ip'],
  // A header name is read where the rule reads it (`staticString`): a whole string literal or a
  // template without substitutions, `'X-Forwarded-For'`. The bare word (`forwardedRef`) is not one.
  prefilter: [new RegExp(String.raw`['"\`](?:${HEADERS})['"\`]`, 'i')],
  scope: 'unit',
  create(context) {
    const reported = new Set<TSESTree.Node>();
    const report = (node: TSESTree.Node, use: string) => {
      if (reported.has(node)) return;
      reported.add(node);
      context.report({ node, message: `A client-supplied forwarded header is used as ${use}; any client can set it. Use req.ip with 'trust proxy' configured for your proxies.` });
    };
    return {
      Property(node) {
        // rateLimit({ keyGenerator: (req) => req.headers['x-forwarded-for'] })
        if (propertyKey(node) !== 'keyGenerator') return;
        const fn = node.value;
        if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return;
        const returned: TSESTree.Node[] = [];
        if (fn.body.type !== 'BlockStatement') returned.push(fn.body);
        else {
          const visit = (n: TSESTree.Node): void => {
            if (n.type === 'ReturnStatement' && n.argument) returned.push(n.argument);
            if (n.type === 'BlockStatement' || n.type === 'IfStatement') {
              for (const child of n.type === 'BlockStatement' ? n.body : [n.consequent, n.alternate]) if (child) visit(child);
            }
          };
          visit(fn.body);
        }
        for (const r of returned) {
          const part = r.type === 'TemplateLiteral' ? r.expressions.find((e) => derivesFromForwarded(e)) : derivesFromForwarded(r) ? r : undefined;
          if (part) report(part, 'the rate-limit key');
        }
      },
      CallExpression(node) {
        // ALLOWED.includes(ip), allowed.has(ip), list.indexOf(ip)
        const method = methodName(node);
        const arg = node.arguments[0];
        if (!method || !MEMBERSHIP.has(method) || !arg || node.callee.type !== 'MemberExpression') return;
        if (method === 'some' || method === 'find') return;
        if (derivesFromForwarded(arg)) report(arg, 'the address checked against an allow-list');
      },
      BinaryExpression(node) {
        // ip === '10.0.0.1'
        if (node.operator !== '===' && node.operator !== '==' && node.operator !== '!==' && node.operator !== '!=') return;
        const [value, other] = staticString(node.right) !== undefined ? [node.left, node.right] : [node.right, node.left];
        const constant = staticString(other);
        if (constant === undefined || !/^(?:\d{1,3}\.){3}\d{1,3}$|^::1$|^[0-9a-f:]+:[0-9a-f:]*$/i.test(constant)) return;
        if (derivesFromForwarded(value)) report(value, 'the address compared with a trusted one');
      },
    };
  },
});
