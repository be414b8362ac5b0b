import type { Fix } from './types';
import type { ScopeMap } from './lexer';
import type { AstContext, TSESTree } from './ast';
import { maskSecret } from './secrets';
import { propertyKey } from './patterns';
import { enclosingFunction, parameterIndex, valuesOf } from './taint';
import { factCache, forEachChild, recordedNodes, spanOf } from './tree';

/**
 * The quick fix for a hardcoded secret: replace the string literal that holds it with the language's
 * environment lookup, and add `NAME=` (never the value) to `.env.example` beside the file.
 */
export function envLookupFix(text: string, language: string, scopes: ScopeMap, start: number, end: number, kind: string): Fix | undefined {
  const region = scopes.regionAt(start);
  let literalStart: number;
  let literalEnd: number;
  if (region && scopes.scopeAt(start) === 'string') {
    [literalStart, literalEnd] = region;
    const quote = text[literalStart]!;
    // Only when the secret is the whole literal; a secret inside a longer string needs a person.
    const inner = text.slice(literalStart, literalEnd);
    if (!inner.endsWith(quote) || literalStart + 1 !== start || literalEnd - 1 !== end) {
      const prefixed = /^[rRbBuUf@]{1,2}["']/.test(inner) && literalStart + (inner.indexOf(inner.at(-1)!) + 1) === start && literalEnd - 1 === end;
      if (!prefixed && !(inner.startsWith('"""') && literalStart + 3 === start && literalEnd - 3 === end)) return undefined;
    }
  } else if (UNQUOTED_VALUES.has(language)) {
    [literalStart, literalEnd] = [start, end];
  } else {
    return undefined;
  }
  // The password of a URL in a config value: `postgres://app:${POSTGRES_PASSWORD}@db/orders`.
  const scheme = /([a-z][a-z0-9+]*):\/\/[^:/\s@]*:$/.exec(text.slice(Math.max(0, literalStart - 120), literalStart));
  const name = scheme && text[literalEnd] === '@'
    ? toScreamingSnake(`${scheme[1]!.replace(/\+srv$/, '').replace(/^(?:rediss|amqps|https|ftps|smtps|ldaps|wss)$/, (m) => m.slice(0, -1)).replace(/^postgresql$/, 'postgres')}_password`)
    : envName(text, literalStart, kind, language);
  return envFixFor(language, name, literalStart, literalEnd);
}

/** Config languages whose values may stand without quotes (the match itself is the literal). */
const UNQUOTED_VALUES = new Set(['yaml', 'dockerfile', 'properties']);

/** The fix that replaces `[start, end)` (a whole literal) with an environment lookup of `name`. */
export function envFixFor(language: string, name: string, start: number, end: number): Fix | undefined {
  if (language === 'terraform') {
    const variable = name.toLowerCase();
    return {
      title: `Use the Terraform variable ${variable} (set TF_VAR_${variable} in the environment)`,
      edits: [{ start, end, newText: `var.${variable}` }],
      fileEdits: [{ relativePath: '.env.example', append: `TF_VAR_${variable}=\n` }],
    };
  }
  const lookup = lookupFor(language, name);
  if (!lookup) return undefined;
  return {
    title: `Read the secret from the environment variable ${name}`,
    edits: [{ start, end, newText: lookup }],
    fileEdits: [{ relativePath: '.env.example', append: `${name}=\n` }],
  };
}

function lookupFor(language: string, name: string): string | undefined {
  switch (language) {
    case 'javascript': case 'javascriptreact': case 'typescript': case 'typescriptreact': case 'vue': case 'svelte': return `process.env.${name}`;
    case 'python': return `os.environ["${name}"]`;
    case 'java': case 'kotlin': case 'scala': case 'groovy': return `System.getenv("${name}")`;
    case 'go': return `os.Getenv("${name}")`;
    case 'csharp': return `Environment.GetEnvironmentVariable("${name}")`;
    case 'php': return `getenv('${name}')`;
    case 'ruby': return `ENV["${name}"]`;
    case 'rust': return `std::env::var("${name}").unwrap_or_default()`;
    case 'powershell': return `$env:${name}`;
    case 'yaml': case 'dockerfile': case 'properties': return `\${${name}}`;
    case 'shellscript': return `"\${${name}}"`;
    default: return undefined;
  }
}

/** Key segments that say nothing on their own: `db.password` is better named `DB_PASSWORD`. */
const BARE = /^(?:password|passwd|pwd|pass|secret|token|key|apikey|api_key|credentials?|auth|value)$/i;
/** Containers that add nothing to a name: `this.apiKey` → `API_KEY`, not `THIS_API_KEY`. */
const CONTAINER = /^(?:this|self|config|conf|cfg|settings|options|opts|props|params|env|CONFIG|SETTINGS|app|module|exports|window|globalThis|process)$/i;

/**
 * `NAME` from the key the literal is assigned to, else from the kind: `apiKey: "…"` → `API_KEY`,
 * `spring.datasource.password=…` → `SPRING_DATASOURCE_PASSWORD`, `db.password = "…"` → `DB_PASSWORD`,
 * `password:` under `database:` in YAML → `DATABASE_PASSWORD`.
 */
export function envName(text: string, literalStart: number, kind: string, language = ''): string {
  const lineStart = text.lastIndexOf('\n', literalStart - 1) + 1;
  const before = text.slice(Math.max(lineStart, literalStart - 200), literalStart);
  const m = /([A-Za-z_$][\w$.:-]*)["'\]]{0,2}(?:[ \t]*:[ \t]*[A-Za-z][\w.<>[\]|?]*)?[ \t]*(?::=|=>|\?=|[:=]|,|[ \t])[ \t]*(?:[rRbBuUf@]{1,2}(?=["']))?$/.exec(before)
    ?? /["']([A-Za-z_][\w.-]*)["'][ \t]+value=$/.exec(before); // <add key="Name" value="…">
  let key = m?.[1]?.replace(/^\$/, '');
  if (key && /^(?:ENV|ARG|export|const|let|var|val|String|string|define|set|return|yield|await|new|throw|case|in|of|typeof|print|puts|echo|if|and|or|not)$/.test(key)) key = undefined;
  if (!key || key.length < 2) return toScreamingSnake(kind);
  let segments = key.split(/[.:]/).filter((s) => s.length > 0);
  if (language === 'properties') return toScreamingSnake(segments.join('_'));
  while (segments.length > 1 && CONTAINER.test(segments[0]!)) segments = segments.slice(1);
  let name = segments.at(-1)!;
  if (BARE.test(name) && segments.length > 1) name = `${segments.at(-2)}_${name}`;
  else if (BARE.test(name) && language === 'yaml') {
    const parent = yamlParent(text, lineStart);
    if (parent) name = `${parent}_${name}`;
  }
  return toScreamingSnake(name);
}

/** The key of the nearest less-indented line above, in YAML. */
function yamlParent(text: string, lineStart: number): string | undefined {
  const indent = /^[ \t-]*/.exec(text.slice(lineStart, lineStart + 100))![0].length;
  if (indent === 0) return undefined;
  let end = lineStart - 1;
  for (let n = 0; n < 200 && end > 0; n++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    const lineIndent = /^[ \t-]*/.exec(line)![0].length;
    if (line.trim() && !line.trim().startsWith('#') && lineIndent < indent) return /^[ \t-]*([A-Za-z_][\w.-]*)\s*:/.exec(line)?.[1];
    end = start - 1;
  }
  return undefined;
}

export function toScreamingSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase() || 'SECRET';
}

// ---- literal secrets in JS/TS ASTs -----------------------------------------------------------------

export interface LiteralSecret {
  /** The literal to replace (inside `Buffer.from('…')` too: the call then reads the environment). */
  node: TSESTree.Node;
  value: string;
  /** The use of a constant that holds the literal (`jwt.sign(p, secret)` after `const secret = '…'`). */
  via?: TSESTree.Identifier;
}

/** Names followed from a use to the literal (`key = JWK.asKey(secret)`, `secret = '…'`: two). */
const MAX_NAME_HOPS = 3;

/**
 * The one value a name holds (`const secret = 'shhhhh'`, or a `let` never reassigned), found with the
 * data-flow module's scope-aware `valuesOf`: a name declared in two scopes resolves to the binding in
 * scope at the use; a name assigned twice, bound by destructuring, or a parameter of a function between
 * the use and the declaration (`function f(secret) { jwt.sign(p, secret) }`) resolves to nothing.
 */
function soleValue(id: TSESTree.Identifier): TSESTree.Node | undefined {
  const values = valuesOf(id);
  if (values.length !== 1) return undefined;
  const value = values[0]!;
  const declarator = value.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier' || declarator.init !== value) return undefined;
  const home = enclosingFunction(declarator);
  for (let scope = enclosingFunction(id); scope !== home; scope = enclosingFunction(scope)) {
    if (parameterIndex(scope, id.name) >= 0 || scope.type === 'Program') return undefined;
  }
  return value;
}

/** A function with a `this` of its own (not an arrow, not a class method): `this.x` inside it is not the class's field. */
const ownThis = (n: TSESTree.Node, parent: TSESTree.Node | undefined) =>
  n.type === 'FunctionDeclaration' || (n.type === 'FunctionExpression' && parent?.type !== 'MethodDefinition');

/**
 * What a class writes to its fields, by name: initialisers (`jwtSecret = '…'`) and `this.jwtSecret = …` in
 * its methods (a compound assignment is kept whole, so it counts as a second, unknown write). Nested
 * classes and plain functions (whose `this` is their own) are left out. Read once per class body and kept
 * with it: the re-parse drops the entry when an edit changes the class (`forgetFacts`).
 */
const fieldWritesCache = factCache<Map<string, TSESTree.Node[]>>();

function fieldWrites(body: TSESTree.ClassBody): Map<string, TSESTree.Node[]> {
  let writes = fieldWritesCache.get(body);
  if (writes) return writes;
  writes = new Map<string, TSESTree.Node[]>();
  const found = writes;
  const add = (name: string, value: TSESTree.Node) => {
    const list = found.get(name);
    if (list) list.push(value);
    else found.set(name, [value]);
  };
  const write = (n: TSESTree.Node) => {
    if (n.type === 'PropertyDefinition' && !n.computed && n.key.type === 'Identifier' && n.value) add(n.key.name, n.value);
    if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && n.left.object.type === 'ThisExpression'
      && !n.left.computed && n.left.property.type === 'Identifier') add(n.left.property.name, n.operator === '=' ? n.right : n);
  };
  let root: TSESTree.Node = body;
  while (root.parent) root = root.parent;
  const all = recordedNodes(root);
  const at = all ? indexIn(all, body) : -1;
  if (all && at >= 0) {
    // The AST rules' walk listed every node in pre-order: the class body's descendants are the run of
    // that list right after it. Only the few writes found there are checked for a nested class or a
    // plain function in between.
    for (let i = at + 1; i < all.length && all[i]!.start < body.end; i++) {
      const n = all[i]!;
      if (n.type !== 'PropertyDefinition' && n.type !== 'AssignmentExpression') continue;
      if (ownedBy(n, body)) write(n);
    }
  } else {
    const visit = (n: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
      if ((n.type === 'ClassBody' && n !== body) || ownThis(n, parent)) return;
      write(n);
      forEachChild(n, (child) => visit(child, n));
    };
    visit(body, body.parent);
  }
  fieldWritesCache.set(body, writes);
  return writes;
}

/** Where `node` is in a pre-order node list: found by its start offset, else searched for (decorators can start before their owner). */
function indexIn(all: readonly TSESTree.Node[], node: TSESTree.Node): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (all[mid]!.start < node.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < all.length && all[i]!.start === node.start; i++) if (all[i] === node) return i;
  return all.indexOf(node);
}

/** Whether `this` at `n` is the class of `body`: no nested class body or plain function between them. */
function ownedBy(n: TSESTree.Node, body: TSESTree.ClassBody): boolean {
  for (let at: TSESTree.Node | undefined = n; at && at !== body; at = at.parent) {
    if (at.type === 'ClassBody' || ownThis(at, at.parent)) return false;
  }
  return true;
}

/**
 * The one value a class gives the field `this.<name>`: its initialiser (`jwtSecret = '…'`) or the single
 * `this.jwtSecret = …` in its methods. Nothing when the field is written twice, by a compound assignment,
 * or when the use is in a plain function (whose `this` is its own).
 */
function soleFieldValue(member: TSESTree.MemberExpression, name: string): TSESTree.Node | undefined {
  let body: TSESTree.Node | undefined = member.parent;
  while (body && body.type !== 'ClassBody') {
    if (ownThis(body, body.parent)) return undefined;
    body = body.parent;
  }
  if (!body) return undefined;
  const values = fieldWrites(body).get(name) ?? [];
  return values.length === 1 && values[0]!.type !== 'AssignmentExpression' ? values[0] : undefined;
}

/**
 * A non-empty secret written as a literal: `'s3cret'`, `` `s3cret` ``, `Buffer.from('s3cret')`,
 * `new TextEncoder().encode('s3cret')`, jose's `JWK.asKey('s3cret')`. Arrays of those (cookie-session `keys`) yield each element.
 */
export function literalSecrets(node: TSESTree.Node | null | undefined, hops = 0): LiteralSecret[] {
  if (!node) return [];
  if (node.type === 'Identifier' && hops > 0) {
    const init = soleValue(node);
    return init ? literalSecrets(init, hops - 1).map((s) => ({ ...s, via: node })) : [];
  }
  // `this.jwtSecret` set once in the class (`this.jwtSecret = '…'` in the constructor)
  if (node.type === 'MemberExpression' && hops > 0 && node.object.type === 'ThisExpression' && !node.computed && node.property.type === 'Identifier') {
    const init = soleFieldValue(node, node.property.name);
    const property = node.property;
    return init ? literalSecrets(init, hops - 1).map((s) => ({ ...s, via: property })) : [];
  }
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value.length > 0 ? [{ node, value: node.value }] : [];
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    const value = node.quasis[0]?.value.cooked ?? '';
    return value.length > 0 ? [{ node, value }] : [];
  }
  if (node.type === 'ArrayExpression') return node.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? literalSecrets(e, hops) : []));
  if (node.type === 'CallExpression' && node.arguments.length >= 1) {
    const callee = node.callee;
    const isBufferFrom = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Buffer'
      && callee.property.type === 'Identifier' && callee.property.name === 'from';
    const isEncode = callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name === 'encode'
      && callee.object.type === 'NewExpression' && callee.object.callee.type === 'Identifier' && callee.object.callee.name === 'TextEncoder';
    // jose 1–2: JWK.asKey('s3cret') makes a symmetric key of the literal
    const isAsKey = callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name === 'asKey'
      && (callee.object.type === 'Identifier' ? callee.object.name === 'JWK'
        : callee.object.type === 'MemberExpression' && callee.object.property.type === 'Identifier' && callee.object.property.name === 'JWK');
    if (isBufferFrom || isEncode || isAsKey) return literalSecrets(node.arguments[0], hops);
  }
  return [];
}

/** The environment fix for a literal secret in JS/TS: replace the literal itself with `process.env.NAME`. */
export function envFixForLiteral(secret: LiteralSecret, name: string): Fix {
  return envFixFor('javascript', name, secret.node.start, secret.node.end)!;
}

/** Offsets of a literal's value: inside its quotes when the source spells it out as is, else the literal. */
function valueRange(text: string, range: readonly [number, number], value: string): readonly [number, number] {
  return text.slice(range[0] + 1, range[1] - 1) === value ? [range[0] + 1, range[1] - 1] : range;
}

/**
 * Reports each literal secret in `value` (see `literalSecrets`) the way the literal-secret rules do:
 * at the literal, fixed by reading `process.env[env]`, masked. `skip` leaves out values that may be public.
 */
export function reportLiteralSecrets(
  context: AstContext, value: TSESTree.Node | null | undefined,
  report: { message: string; env: string; kind: string; skip?: (value: string) => boolean; followNames?: boolean },
  /** Where the secret is used when that is not where it is written (an options object built before the call that takes it). */
  usedAt?: { node: TSESTree.Node; message: string },
): void {
  for (const secret of literalSecrets(value, report.followNames ? MAX_NAME_HOPS : 0)) {
    if (report.skip?.(secret.value)) continue;
    context.report({
      // A constant that holds the literal is reported where it is used as a secret, and fixed at the literal.
      node: secret.via ?? secret.node,
      message: secret.via ? report.message.replace(/^([^:]+):/, `$1 in ${secret.via.parent?.type === 'MemberExpression' ? 'the field this.' : 'the constant '}${secret.via.name}:`) : report.message,
      fix: envFixForLiteral(secret, report.env),
      secret: { masked: maskSecret(secret.value), kind: report.kind, at: valueRange(context.text, spanOf(secret.node), secret.value) },
      ...(secret.via || usedAt ? { related: [
        ...(secret.via ? [{ start: secret.node.start, end: secret.node.end, message: `the ${report.kind} is written here` }] : []),
        ...(usedAt ? [{ start: usedAt.node.start, end: usedAt.node.end, message: usedAt.message }] : []),
      ] } : {}),
    });
  }
}

/** `a.b.c` → the name it starts from (`a`) and the last key it names (`c`), for a static key. */
function memberPath(node: TSESTree.Node): { root: string; key: string | undefined } | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const key = !node.computed && node.property.type === 'Identifier' ? node.property.name
    : node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
  let object: TSESTree.Node = node.object;
  while (object.type === 'MemberExpression') object = object.object;
  return object.type === 'Identifier' ? { root: object.name, key } : undefined;
}

/**
 * Fields set on the object a variable holds, as statements in the blocks around `from` (its own and the
 * enclosing ones, up to the function that has `name` as a parameter): `opts.secretOrKey = '…'`, and with
 * `nested` also `payload.user.password = …`; and the keys a `delete name.key` there removes. Not followed:
 * writes inside conditions, loops or other functions (an options object is filled in before it is used).
 */
function memberWrites(name: string, from: TSESTree.Node, key: (k: string) => boolean, nested: boolean): { writes: OptionValue[]; deleted: Set<string> } {
  const writes: OptionValue[] = [];
  const deleted = new Set<string>();
  const direct = (target: TSESTree.Node) => nested || (target.type === 'MemberExpression' && target.object.type === 'Identifier');
  for (let n: TSESTree.Node | undefined = from.parent; n; n = n.parent) {
    if (n.type !== 'BlockStatement' && n.type !== 'Program') continue;
    for (const statement of n.body) {
      if (statement.type !== 'ExpressionStatement') continue;
      const e = statement.expression;
      const target = e.type === 'UnaryExpression' && e.operator === 'delete' ? e.argument : e.type === 'AssignmentExpression' && e.operator === '=' ? e.left : undefined;
      const path = target && direct(target) ? memberPath(target) : undefined;
      if (path?.root !== name || path.key === undefined || !key(path.key)) continue;
      if (e.type === 'AssignmentExpression') writes.push({ key: path.key, at: e.left, value: e.right });
      else deleted.add(path.key);
    }
    const owner = n.parent;
    if (owner && (owner.type === 'FunctionDeclaration' || owner.type === 'FunctionExpression' || owner.type === 'ArrowFunctionExpression')
      && parameterIndex(owner, name) >= 0) break;
  }
  return { writes, deleted };
}

/** `x as T`, `x!`, `x satisfies T`: the expression itself. */
function unwrapType(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSTypeAssertion') n = n.expression;
  return n;
}

/** A key an options object sets: the key, where it is set (the property or the member written), and the value. */
export interface OptionValue {
  key: string;
  at: TSESTree.Node;
  value: TSESTree.Node;
}

/**
 * What an options object sets for the keys `key` accepts: its literal's properties, spreads and
 * `Object.assign` sources, and a variable's value (`const opts = {…}` or `opts = {…}`, not a destructured
 * rest) with the fields set on it later (`opts.secretOrKey = '…'`, see `memberWrites`; a `delete` of the
 * key drops it). With `nested`, also inside nested objects and nested field writes. A parameter's fields
 * are unknown here: the walk stops at it (rather than read every scope up to the file's).
 */
export function optionValues(node: TSESTree.Node | null | undefined, key: (k: string) => boolean, nested = false, depth = 0, seen = new Set<TSESTree.Node>()): OptionValue[] {
  if (!node || depth > 4 || seen.has(node)) return [];
  seen.add(node);
  const n = unwrapType(node);
  const next = (v: TSESTree.Node) => optionValues(v, key, nested, depth + 1, seen);
  switch (n.type) {
    case 'ObjectExpression':
      return n.properties.flatMap((p) => {
        if (p.type === 'SpreadElement') return next(p.argument);
        const k = propertyKey(p);
        if (k !== undefined && key(k)) return [{ key: k, at: p as TSESTree.Node, value: p.value as TSESTree.Node }];
        return nested ? next(p.value) : [];
      });
    case 'CallExpression': {
      const callee = n.callee;
      const isAssign = callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && callee.object.name === 'Object'
        && callee.property.type === 'Identifier' && callee.property.name === 'assign';
      return isAssign ? n.arguments.flatMap(next) : [];
    }
    case 'Identifier': {
      for (let fn = enclosingFunction(n); fn.type !== 'Program'; fn = enclosingFunction(fn)) if (parameterIndex(fn, n.name) >= 0) return [];
      const values = valuesOf(n).filter((v) => {
        const at = v.parent;
        return (at?.type === 'VariableDeclarator' && at.id.type === 'Identifier') || (at?.type === 'AssignmentExpression' && at.left.type === 'Identifier');
      });
      if (values.length === 0) return [];
      const { writes, deleted } = memberWrites(n.name, n, key, nested);
      const found = [...values.flatMap(next), ...writes];
      return deleted.size ? found.filter((f) => !deleted.has(f.key)) : found;
    }
    case 'MemberExpression': {
      const field = n.object.type === 'ThisExpression' && !n.computed && n.property.type === 'Identifier' ? n.property.name : undefined;
      if (field === undefined) return [];
      const classField = soleFieldValue(n, field);
      return (classField ? [classField] : thisFieldValues(field, n)).flatMap(next);
    }
    default:
      return [];
  }
}

/**
 * The values `this.field = …` statements give before `from`, in its block and the enclosing ones while
 * `this` stays the same (through arrow functions, up to the first other function): options kept on
 * `this` before they are passed on (`this.passportOptions = {…}; new JwtStrategy(this.passportOptions, …)`).
 * (A class's fields are read by `soleFieldValue`.)
 */
function thisFieldValues(field: string, from: TSESTree.Node): TSESTree.Node[] {
  const values: TSESTree.Node[] = [];
  for (let n: TSESTree.Node | undefined = from.parent; n; n = n.parent) {
    if (ownThis(n, n.parent) || n.type === 'ClassBody') break;
    if (n.type !== 'BlockStatement' && n.type !== 'Program') continue;
    for (const statement of n.body) {
      if (statement.start >= from.start) break;
      const e = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
      if (e?.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression' || e.left.computed) continue;
      if (e.left.object.type === 'ThisExpression' && e.left.property.type === 'Identifier' && e.left.property.name === field) values.push(e.right);
    }
  }
  return values;
}
