import { calleeName, defineAstRule, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, propertyKey, type ModuleBindings } from '../../engine/patterns';
import { optionValues } from '../../engine/envFix';

/** Keys that hold a password or its hash (exact names: `passwordChangedAt` or `passwordResetRequired` are not one). */
const PASSWORD_KEY = /^(?:(?:user|hashed|encrypted)_?)?(?:password|passwd|passphrase)(?:_?hash(?:ed)?)?$|^pwd$/i;

/** A value that carries nothing: `undefined`, `null`, `void 0`, `false`/`true`, `''` (how a payload strips or flags the field). */
function carriesNothing(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier') return node.name === 'undefined';
  if (node.type === 'UnaryExpression') return node.operator === 'void';
  return node.type === 'Literal' && (node.value === null || typeof node.value === 'boolean' || node.value === '');
}

export default defineAstRule({
  meta: {
    id: 'jwt-password-in-payload',
    title: 'Password put into a JWT payload',
    description: 'A password (or its hash) is placed in the payload of a signed JSON Web Token. A JWT is signed, not encrypted: its payload is base64url text that the browser, every proxy and log that sees the token, and anyone the token leaks to can read.',
    recommendation: 'Put only an identifier and the claims the API needs into the token (sub, role, expiry); leave the password and its hash out (`const { password, ...claims } = user`).',
    category: 'credentials',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-522', 'CWE-312'],
    owasp: ['A04:2021', 'A02:2021'],
    fixable: false,
  },
  keywords: ['password', 'passwd', 'passphrase', 'pwd'],
  prefilter: [/\bsign\b|SignJWT|\bencode\b/],
  scope: 'unit',
  create(context) {
    // The names jsonwebtoken and jwt-simple are bound to in this file.
    let jsonwebtoken: ModuleBindings = { namespaces: new Set(), members: new Map() };
    let jwtSimple: ModuleBindings = { namespaces: new Set(), members: new Map() };
    const report = (payload: TSESTree.Node | undefined) => {
      // the payload's literal, spreads, `Object.assign`, the variable holding it and fields set on it later, nested
      const placed = optionValues(payload, (k) => PASSWORD_KEY.test(k), true).filter((o) => !carriesNothing(o.value));
      for (const at of new Set(placed.map((o) => o.at))) {
        context.report({ node: at, message: 'Password put into a JWT payload: a signed token is readable by anyone who holds it (base64url, not encrypted); leave the password and its hash out of the claims.' });
      }
    };
    return {
      Program(node) {
        jsonwebtoken = moduleBindings(node, ['jsonwebtoken']);
        jwtSimple = moduleBindings(node, ['jwt-simple']);
      },
      CallExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        // jwt.sign / jsonwebtoken.sign by their usual names, jsonwebtoken's sign and jwt-simple's encode under any name
        const isSign = /^(?:jwt|jsonwebtoken|JWT|jsonWebToken)\.sign$/.test(name)
          || moduleCall(node, jsonwebtoken) === 'sign' || moduleCall(node, jwtSimple) === 'encode';
        if (isSign) {
          report(node.arguments[0]);
          return;
        }
        // jws.sign({ header, payload, secret })
        if (name === 'jws.sign') {
          const options = node.arguments[0];
          if (options?.type === 'ObjectExpression') {
            const payload = options.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKey(p) === 'payload');
            report(payload?.value);
          }
        }
      },
      NewExpression(node) {
        // jose: new SignJWT(payload).setProtectedHeader(…).sign(key)
        if (/(?:^|\.)SignJWT$/.test(calleeName(node) ?? '')) report(node.arguments[0]);
      },
    };
  },
});
