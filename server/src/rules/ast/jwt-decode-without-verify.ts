import { defineAstRule, mentions, qualifiedName, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, propertiesOf, type ModuleBindings } from '../../engine/patterns';
import { forEachChild } from '../../engine/tree';

/**
 * `jwt.decode(token, { complete: true })` read only for its `header`: the key id (`kid`) that picks the
 * key the token is then verified with (often in another module). The header is not a claim anyone trusts.
 * True when the call is `.header`-ed directly, or it initialises a variable whose every use in its
 * function is `x.header` or a null test (`!x`, `x == null`, `if (x)`).
 */
function readsHeaderOnly(node: TSESTree.CallExpression): boolean {
  const options = node.arguments[1];
  const complete = propertiesOf(options).get('complete')?.value;
  if (!complete || complete.type !== 'Literal' || complete.value !== true) return false;
  const up = node.parent;
  if (up?.type === 'MemberExpression' && up.object === node) return !up.computed && up.property.type === 'Identifier' && up.property.name === 'header';
  if (up?.type !== 'VariableDeclarator' || up.init !== node || up.id.type !== 'Identifier') return false;
  const name = up.id.name;
  let scope: TSESTree.Node | undefined = up.parent;
  while (scope && !/Function|Program/.test(scope.type)) scope = scope.parent;
  if (!scope) return false;
  let onlyHeader = true;
  const visit = (n: TSESTree.Node): void => {
    if (!onlyHeader) return;
    if (n.type === 'Identifier' && n.name === name && n !== up.id) {
      const p = n.parent;
      const header = p?.type === 'MemberExpression' && p.object === n && !p.computed && p.property.type === 'Identifier' && p.property.name === 'header';
      const test = (p?.type === 'UnaryExpression' && p.operator === '!') || (p?.type === 'IfStatement' && p.test === n)
        || (p?.type === 'BinaryExpression' && /^[!=]==?$/.test(p.operator) && [p.left, p.right].some((s) => (s.type === 'Literal' && s.value === null) || (s.type === 'Identifier' && s.name === 'undefined')));
      if (!header && !test) onlyHeader = false;
      return;
    }
    forEachChild(n, visit);
  };
  visit(scope);
  return onlyHeader;
}

/** jwt-simple's signing algorithms, which a caller may pass third by mistake (`decode(token, key, 'HS256')`). */
const JWT_SIMPLE_ALGORITHMS = /^(?:HS256|HS384|HS512|RS256)$/;

/**
 * jwt-simple's `decode(token, key, noVerify, algorithm)` skips the signature check when its third
 * argument is truthy: `true`, and also an algorithm name or `'false'` passed there by mistake. Only
 * literals are judged; a variable's value is not known here.
 */
function skipsVerification(node: TSESTree.CallExpression): TSESTree.Literal | undefined {
  const flag = node.arguments[2];
  if (flag?.type !== 'Literal' || 'regex' in flag) return undefined;
  return flag.value ? flag : undefined;
}

export default defineAstRule({
  meta: {
    id: 'jwt-decode-without-verify',
    title: 'JWT decoded but never verified',
    description: "`jwt.decode` (jsonwebtoken) and `decodeJwt` (jose) only base64-decode the token, and jwt-simple's `decode(token, key, noVerify)` skips the signature check when its third argument is truthy (`true`, but also `'HS256'` passed there for the algorithm): anyone can forge the claims it returns.",
    recommendation: "Use `jwt.verify(token, key, { algorithms: [...] })` wherever the claims are trusted; with jwt-simple pass `false` third and the algorithm fourth: `decode(token, key, false, 'HS256')`.",
    category: 'session',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-345', 'CWE-347'],
    owasp: ['A07:2021', 'A08:2021'],
    fixable: false,
  },
  keywords: ['jsonwebtoken', 'jwt-simple', 'decodejwt'],
  prefilter: [/(?:require\s*\(\s*|from\s+|import\s*\(\s*)['"](?:jsonwebtoken|jwt-simple|jose)['"]/],
  scope: 'unit',
  fileText: [...mentions('jsonwebtoken', 'jwt-simple', 'decodeJwt'), /\b(?:verify|jwtVerify|compactVerify|flattenedVerify|generalVerify)\s*\(/],
  create(context) {
    let jwt: ModuleBindings | undefined;
    let jwtSimple: ModuleBindings | undefined;
    let jose: ModuleBindings | undefined;
    let verifies = false;
    // An OpenID Connect ID token received from the token endpoint may be read without checking its
    // signature: TLS to the issuer stands in for it (OIDC Core 3.1.3.7, step 6). Whether it came from
    // there is not visible here, so the finding is low confidence (info at the recommended preset).
    const level = (token: TSESTree.Node | undefined) => (token && /(?:^|\.)(?:id_token|idToken)$/.test(qualifiedName(token) ?? '') ? { confidence: 'low' as const } : {});
    return {
      Program(node) {
        jwt = context.textIncludes('jsonwebtoken') ? moduleBindings(node, ['jsonwebtoken']) : undefined;
        jwtSimple = context.textIncludes('jwt-simple') ? moduleBindings(node, ['jwt-simple']) : undefined;
        jose = context.textIncludes('decodeJwt') ? moduleBindings(node, ['jose']) : undefined;
        // jsonwebtoken's verify, jose's jwtVerify (and its JWS verifiers)
        verifies = /\b(?:verify|jwtVerify|compactVerify|flattenedVerify|generalVerify)\s*\(/.test(context.text);
      },
      CallExpression(node) {
        // jose 4 and later: decodeJwt(token) reads the claims without checking anything
        if (jose && !verifies && moduleCall(node, jose) === 'decodeJwt') {
          context.report({ ...level(node.arguments[0]), node, message: '`decodeJwt` does not check the signature, and this file never verifies a token; use `jwtVerify` with the issuer\'s key to trust the claims.' });
          return;
        }
        if (jwtSimple && moduleCall(node, jwtSimple) === 'decode') {
          const flag = skipsVerification(node);
          if (!flag) return;
          const algorithm = typeof flag.value === 'string' && JWT_SIMPLE_ALGORITHMS.test(flag.value);
          context.report({
            node: flag,
            message: algorithm
              ? `jwt-simple's third argument is \`noVerify\`, so ${context.source(flag)} switches the signature check off; pass \`false\` third and the algorithm fourth.`
              : `jwt-simple's third argument is \`noVerify\`: ${context.source(flag)} switches the signature check off, so anyone can forge these claims.`,
            suggestions: [{ title: 'Verify the signature', edits: [{ start: flag.start, end: flag.end, newText: algorithm ? `false, ${context.source(flag)}` : 'false' }] }],
          });
          return;
        }
        if (!jwt || verifies || moduleCall(node, jwt) !== 'decode' || readsHeaderOnly(node)) return;
        const name = node.callee.type === 'MemberExpression' ? node.callee.property : undefined;
        context.report({
          ...level(node.arguments[0]),
          node,
          message: 'jwt.decode does not check the signature, and this file never calls verify; use jwt.verify with pinned algorithms to trust the claims.',
          suggestions: name ? [{ title: 'Use jwt.verify (then add the key and algorithms)', edits: [{ start: name.start, end: name.end, newText: 'verify' }] }] : [],
        });
      },
    };
  },
});
