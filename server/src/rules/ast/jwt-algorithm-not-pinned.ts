import { defineAstRule, mentions, staticString, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, propertiesOf, propertyKey, type ModuleBindings } from '../../engine/patterns';

/** `JWK.None`, jose's (v1, v2) key for unsecured tokens, through the module's namespace or its `JWK` export. */
function isJoseNoneKey(node: TSESTree.Node, jose: ModuleBindings): boolean {
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier' || node.property.name !== 'None') return false;
  const holder = node.object;
  if (holder.type === 'Identifier') return jose.members.get(holder.name) === 'JWK';
  return holder.type === 'MemberExpression' && !holder.computed && holder.property.type === 'Identifier' && holder.property.name === 'JWK'
    && holder.object.type === 'Identifier' && jose.namespaces.has(holder.object.name);
}

/** jose's bindings, with the exports destructured from its namespace at top level (`const { JWK } = jose`). */
function joseBindings(program: TSESTree.Program): ModuleBindings {
  const jose = moduleBindings(program, ['jose']);
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const d of statement.declarations) {
      if (d.id.type !== 'ObjectPattern' || d.init?.type !== 'Identifier' || !jose.namespaces.has(d.init.name)) continue;
      for (const p of d.id.properties) {
        if (p.type === 'Property' && p.value.type === 'Identifier') jose.members.set(p.value.name, propertyKey(p) ?? p.value.name);
      }
    }
  }
  return jose;
}

export default defineAstRule({
  meta: {
    id: 'jwt-algorithm-not-pinned',
    title: 'JWT signed or accepted with alg none',
    description: "Tokens with `alg: none` carry no signature: a verifier that lists `'none'` among its algorithms (jsonwebtoken) or verifies with `JWK.None` (jose 1 and 2) accepts claims anyone can write, and a token signed with `none` proves nothing.",
    recommendation: "List only the algorithm you sign with (`{ algorithms: ['RS256'] }`), verify with the issuer's key, and never sign with `none`.",
    category: 'session',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-347'],
    owasp: ['A02:2021', 'A07:2021'],
    fixable: false,
  },
  keywords: ['jsonwebtoken', 'jwk.none'],
  prefilter: [/(?:require\s*\(\s*|from\s+|import\s*\(\s*)['"](?:jsonwebtoken|jose)['"]/],
  scope: 'unit',
  fileText: [...mentions('jsonwebtoken'), /\bJWK\b[\s\S]*\bNone\b/],
  create(context) {
    let jwt: ModuleBindings | undefined;
    let jose: ModuleBindings | undefined;
    const hasNone = (node: TSESTree.Node | undefined) =>
      !!node && ((staticString(node)?.toLowerCase() === 'none') || (node.type === 'ArrayExpression' && node.elements.some((e) => e && staticString(e)?.toLowerCase() === 'none')));
    return {
      Program(node) {
        jwt = context.textIncludes('jsonwebtoken') ? moduleBindings(node, ['jsonwebtoken']) : undefined;
        jose = /\bJWK\b[\s\S]*\bNone\b/.test(context.text) ? joseBindings(node) : undefined;
      },
      CallExpression(node) {
        // jose 1/2: JWT.verify(token, JWK.None), JWS.verify(jws, jose.JWK.None)
        if (jose) {
          const none = node.arguments.find((a) => isJoseNoneKey(a, jose!));
          if (none) context.report({ node: none, message: '`JWK.None` accepts unsigned tokens (alg none), so anyone can write the claims; verify with the issuer\'s key.' });
        }
        if (!jwt) return;
        // jsonwebtoken 9 derives the allowed algorithms from the key's type when `algorithms` is left out
        // (a secret allows only HS256/384/512, a public key only its own family) and rejects `none` unless
        // it is listed: only an explicit `none` is reported.
        const fn = moduleCall(node, jwt);
        if (fn === 'verify') {
          const algorithms = propertiesOf(node.arguments[2]).get('algorithms');
          if (algorithms && hasNone(algorithms.value)) {
            context.report({ node: algorithms, message: "Accepting 'none' lets unsigned tokens through; list only the algorithm you sign with." });
          }
        }
        if (fn === 'sign') {
          const algorithm = propertiesOf(node.arguments[2]).get('algorithm');
          if (algorithm && hasNone(algorithm.value)) {
            context.report({ node: algorithm, message: "Tokens signed with 'none' carry no signature; sign with RS256, ES256 or HS256." });
          }
        }
      },
    };
  },
});
