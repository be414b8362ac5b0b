import { calleeName, defineAstRule, type TSESTree } from '../../engine/ast';
import { moduleBindings, propertyKey, type ModuleBindings } from '../../engine/patterns';
import { enclosingFunction, parameterIndex, valuesOf } from '../../engine/taint';

/** Keys that hold a password or its hash (exact names: `passwordChangedAt` or `passwordResetRequired` are not one). */
const PASSWORD_KEY = /^(?:(?:user|hashed|encrypted)_?)?(?:password|passwd|passphrase)(?:_?hash(?:ed)?)?$|^pwd$/i;
/** How far the payload is followed: nested objects, `Object.assign`, spreads and variables, each one step. */
const MAX_DEPTH = 4;

/** `x as T`, `x!`, `(x)`: the expression itself. */
function unwrap(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSTypeAssertion') n = n.expression;
  return n;
}

/** A value that carries nothing: `undefined`, `null`, `void 0`, `false`/`true`, `''` (how a payload strips or flags the field). */
function carriesNothing(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name === 'undefined';
  if (n.type === 'UnaryExpression') return n.operator === 'void';
  return n.type === 'Literal' && (n.value === null || typeof n.value === 'boolean' || n.value === '');
}

/** The name a member chain starts from and the last key it names: `payload.user.password` → payload, password. */
function memberPath(node: TSESTree.Node): { root: string; key: string | undefined } | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const key = !node.computed && node.property.type === 'Identifier' ? node.property.name
    : node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
  let object: TSESTree.Node = node.object;
  while (object.type === 'MemberExpression') object = object.object;
  return object.type === 'Identifier' ? { root: object.name, key } : undefined;
}

/**
 * `name.password = …` (or `name.user.password = …`) in the statement lists around `from`, up to the body
 * of the function that binds `name`; none when the payload's field is deleted there (`delete name.password`).
 */
function passwordWrites(name: string, from: TSESTree.Node): TSESTree.Node[] {
  const writes: TSESTree.Node[] = [];
  for (let n: TSESTree.Node | undefined = from.parent; n; n = n.parent) {
    if (n.type !== 'BlockStatement' && n.type !== 'Program') continue;
    for (const statement of n.body) {
      if (statement.type !== 'ExpressionStatement') continue;
      const e = statement.expression;
      if (e.type === 'UnaryExpression' && e.operator === 'delete') {
        const path = memberPath(e.argument);
        if (path?.root === name && path.key !== undefined && PASSWORD_KEY.test(path.key)) return [];
      }
      if (e.type !== 'AssignmentExpression' || e.operator !== '=' || carriesNothing(e.right)) continue;
      const path = memberPath(e.left);
      if (path?.root === name && path.key !== undefined && PASSWORD_KEY.test(path.key)) writes.push(e.left);
    }
    const owner = n.parent;
    if (owner && (owner.type === 'FunctionDeclaration' || owner.type === 'FunctionExpression' || owner.type === 'ArrowFunctionExpression')
      && owner.params.some((p) => p.type === 'Identifier' && p.name === name)) break;
  }
  return writes;
}

/** Where a password or password hash is put into the value `node` (an object literal, `Object.assign`, a spread, a variable). */
function passwordsIn(node: TSESTree.Node | undefined, depth: number, seen: Set<TSESTree.Node>): TSESTree.Node[] {
  if (!node || depth > MAX_DEPTH || seen.has(node)) return [];
  seen.add(node);
  const n = unwrap(node);
  switch (n.type) {
    case 'ObjectExpression':
      return n.properties.flatMap((p) => {
        if (p.type === 'SpreadElement') return passwordsIn(p.argument, depth + 1, seen);
        const key = propertyKey(p);
        if (key !== undefined && PASSWORD_KEY.test(key)) return carriesNothing(p.value) ? [] : [p];
        return passwordsIn(p.value, depth + 1, seen);
      });
    case 'CallExpression':
      // Object.assign({ password }, …) and { ...a, ...b }: every source's fields end up in the payload
      return calleeName(n) === 'Object.assign' ? n.arguments.flatMap((a) => passwordsIn(a, depth + 1, seen)) : [];
    case 'Identifier': {
      // A parameter's fields are not known here (and looking further would read every scope up to the file's).
      for (let fn = enclosingFunction(n); fn.type !== 'Program'; fn = enclosingFunction(fn)) if (parameterIndex(fn, n.name) >= 0) return [];
      // `const payload = {…}` / `payload = {…}` (not a destructured rest, which drops what it names), then its fields set later
      const values = valuesOf(n).filter((v) => {
        const at = v.parent;
        return (at?.type === 'VariableDeclarator' && at.id.type === 'Identifier') || (at?.type === 'AssignmentExpression' && at.left.type === 'Identifier');
      });
      if (values.length === 0) return [];
      return [...values.flatMap((v) => passwordsIn(v, depth + 1, seen)), ...passwordWrites(n.name, n)];
    }
    default:
      return [];
  }
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
      for (const at of new Set(passwordsIn(payload, 0, new Set()))) {
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
        const parts = name.split('.');
        const [object, method] = parts;
        const isSign = /^(?:jwt|jsonwebtoken|JWT|jsonWebToken)\.sign$/.test(name)
          || (parts.length === 2 && object !== undefined && jsonwebtoken.namespaces.has(object) && method === 'sign')
          || jsonwebtoken.members.get(name) === 'sign'
          // jwt-simple: jwt.encode(payload, secret)
          || (parts.length === 2 && object !== undefined && jwtSimple.namespaces.has(object) && method === 'encode')
          || jwtSimple.members.get(name) === 'encode';
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
