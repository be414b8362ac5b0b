import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, qualifiedName, staticString, type AstContext } from './ast';
import { flowLocations, type Confidence, type Fix, type RelatedLocation, type RelatedPlace, type Severity } from './types';
import { enclosingFunction, parameterIndex, requestOrigin, someInScope, taintOf, valuesOf, type Taint } from './taint';
import { factCache, spanOf } from './tree';
import type { SinkClass } from '../dataflow/language';

/** Small helpers shared by the insecure-pattern AST rules. */

/** The static key of an object property (`a`, `'a'`, `["a"]`), or undefined when computed. */
export function propertyKey(p: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  if (!p.computed && p.key.type === 'Identifier') return p.key.name;
  return staticString(p.key);
}

/** The properties of an object literal by key (last one wins, like the runtime). */
export function propertiesOf(node: TSESTree.Node | undefined): Map<string, TSESTree.Property> {
  const map = new Map<string, TSESTree.Property>();
  if (!node || node.type !== 'ObjectExpression') return map;
  for (const p of node.properties) {
    if (p.type !== 'Property') continue;
    const key = propertyKey(p);
    if (key !== undefined) map.set(key, p);
  }
  return map;
}

/** Whether an object literal spreads another object in (`{ ...defaults, a: 1 }`): its keys are then not all known. */
export function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((p) => p.type === 'SpreadElement');
}

/** The last segment of a call's callee: `b` for `a.b(…)`, `f` for `f(…)`. */
export function methodName(node: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') {
    if (!callee.computed && callee.property.type === 'Identifier') return callee.property.name;
    return staticString(callee.property);
  }
  return undefined;
}

/** The object a method is called on: `a.b` for `a.b.c(…)`. */
export function receiverName(node: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  return node.callee.type === 'MemberExpression' ? qualifiedName(node.callee.object) : undefined;
}

/** A literal's boolean/number/string value, if the node is one. */
export function literalValue(node: TSESTree.Node | null | undefined): string | number | boolean | null | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal') return node.value as string | number | boolean | null;
  const s = staticString(node);
  if (s !== undefined) return s;
  if (node.type === 'UnaryExpression' && node.operator === '!' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') {
    return !node.argument.value;
  }
  return undefined;
}

/** The name a value is given: `x` in `const x = v`, `{ x: v }`, `o.x = v`, or the enclosing function's name for `return v`. */
export function nameHint(node: TSESTree.Node): string | undefined {
  let n: TSESTree.Node = node;
  for (let hops = 0; hops < 6 && n.parent; hops++) {
    const p: TSESTree.Node = n.parent;
    if (p.type === 'VariableDeclarator' && p.init === n) return p.id.type === 'Identifier' ? p.id.name : undefined;
    if (p.type === 'Property' && p.value === n) return propertyKey(p);
    if (p.type === 'PropertyDefinition' && p.value === n) return propertyKey(p);
    if (p.type === 'AssignmentExpression' && p.right === n) {
      const q = qualifiedName(p.left);
      return q?.split('.').pop();
    }
    if (p.type === 'ReturnStatement' || (p.type === 'ArrowFunctionExpression' && p.body === n)) {
      const fn = p.type === 'ReturnStatement' ? enclosingFunctionNode(p) : p;
      return fn ? functionName(fn) : undefined;
    }
    if (p.type === 'CallExpression' || p.type === 'NewExpression' || p.type === 'ExpressionStatement' || p.type === 'BlockStatement') {
      // Keep climbing through wrappers like Math.floor(…), .toString(36), String(…), but not past a statement.
      if (p.type === 'ExpressionStatement' || p.type === 'BlockStatement') return undefined;
    }
    n = p;
  }
  return undefined;
}

function enclosingFunctionNode(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  let n: TSESTree.Node | undefined = node.parent;
  while (n) {
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return n;
    n = n.parent;
  }
  return undefined;
}

function functionName(fn: TSESTree.Node): string | undefined {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const p = fn.parent;
  if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
  if (p?.type === 'Property' || p?.type === 'MethodDefinition' || p?.type === 'PropertyDefinition') return propertyKey(p);
  return undefined;
}

/**
 * Names bound to a module in this file: `cp` for `const cp = require('child_process')`, `import * as cp`,
 * `import cp from`, and `exec` for `import { exec } from` / `const { exec } = require(…)`.
 */
export interface ModuleBindings {
  /** Names bound to the whole module. */
  namespaces: Set<string>;
  /** Local name → exported name. */
  members: Map<string, string>;
  /** The module names asked for (with their `node:` forms): `require('m').fn(…)` calls reach them without a binding. */
  modules?: ReadonlySet<string>;
}

export function moduleBindings(program: TSESTree.Program, modules: readonly string[]): ModuleBindings {
  // A loop, not `flatMap`: about twenty rules ask on every keystroke, and its arrays were garbage.
  const wanted = new Set<string>();
  for (let i = 0; i < modules.length; i++) wanted.add(modules[i]!).add(`node:${modules[i]!}`);
  const out: ModuleBindings = { namespaces: new Set(), members: new Map(), modules: wanted };
  for (const node of bindingSites(program)) {
    if (node.type === 'ImportDeclaration') {
      if (!wanted.has(String(node.source.value))) continue;
      for (const s of node.specifiers) {
        if (s.type === 'ImportSpecifier') out.members.set(s.local.name, s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value));
        else out.namespaces.add(s.local.name);
      }
      continue;
    }
    // TypeScript's `import vm = require('vm')`
    if (node.type === 'TSImportEqualsDeclaration') {
      const ref = node.moduleReference;
      if (ref.type === 'TSExternalModuleReference' && wanted.has(String(staticString(ref.expression)))) out.namespaces.add(node.id.name);
      continue;
    }
    let init: TSESTree.Node = node.init!;
    if (init.type === 'AwaitExpression') init = init.argument;
    if (init.type === 'ImportExpression' ? wanted.has(String(staticString(init.source))) : isRequireOf(init, wanted)) {
      if (node.id.type === 'Identifier') out.namespaces.add(node.id.name);
      if (node.id.type === 'ObjectPattern') {
        for (const p of node.id.properties) {
          if (p.type === 'Property' && p.value.type === 'Identifier') out.members.set(p.value.name, propertyKey(p) ?? p.value.name);
        }
      }
    }
    // const exec = require('child_process').exec
    if (init.type === 'MemberExpression' && isRequireOf(init.object, wanted) && node.id.type === 'Identifier' && !init.computed && init.property.type === 'Identifier') {
      out.members.set(node.id.name, init.property.name);
    }
  }
  return out;
}

/** The fields `bindingSites` descends through: statements and their blocks, not expressions' insides. */
const SITE_KEYS = ['body', 'declarations', 'expression', 'consequent', 'alternate', 'block'] as const;

type BindingSite = TSESTree.ImportDeclaration | TSESTree.VariableDeclarator | TSESTree.TSImportEqualsDeclaration;
const bindingSitesCache = factCache<BindingSite[]>();

/**
 * The imports and initialised declarations `moduleBindings` reads, in the order its walk meets them
 * (statements and their blocks, not expressions' insides), found once per tree: about twenty rules
 * ask, each for its own modules, and a walk per rule cost a 1 MB file 30 ms.
 */
function bindingSites(program: TSESTree.Program): BindingSite[] {
  const cached = bindingSitesCache.get(program);
  if (cached) return cached;
  const sites: BindingSite[] = [];
  // Loops, not `forEach` with a closure per array: the program is new after every edit, so this runs
  // on every keystroke.
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'ImportDeclaration' || node.type === 'TSImportEqualsDeclaration' || (node.type === 'VariableDeclarator' && node.init)) sites.push(node);
    for (let k = 0; k < SITE_KEYS.length; k++) {
      const value = (node as unknown as Record<string, unknown>)[SITE_KEYS[k]!];
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (v && typeof v === 'object' && 'type' in v) visit(v as TSESTree.Node);
        }
      } else if (value && typeof value === 'object' && 'type' in value) visit(value as TSESTree.Node);
    }
  };
  visit(program);
  bindingSitesCache.set(program, sites);
  return sites;
}

function isRequireOf(node: TSESTree.Node, wanted: ReadonlySet<string>): boolean {
  return node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require'
    && wanted.has(String(staticString(node.arguments[0])));
}

/** The exported name a call reaches in a module (`exec` for `cp.exec(…)` or an imported `exec(…)`). */
export function moduleCall(node: TSESTree.CallExpression | TSESTree.NewExpression, bindings: ModuleBindings): string | undefined {
  const callee = node.callee;
  if (callee.type === 'Identifier') return bindings.members.get(callee.name);
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && bindings.namespaces.has(callee.object.name)) {
    if (!callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  }
  // require('node-serialize').unserialize(…): the module called without a name bound to it
  if (callee.type === 'MemberExpression' && bindings.modules && isRequireOf(callee.object, bindings.modules)) {
    if (!callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  }
  return undefined;
}

/** Severity and confidence for a sink reached by `taint`: request data is an error with high confidence. */
export function sinkLevel(taint: Taint): { severity?: Severity; confidence: Confidence } | undefined {
  if (taint === 'constant') return undefined;
  // Unknown origin: the program's own values as far as one file shows (configuration, a build script's
  // arguments, rows it read back). On ten popular projects none of these 48 findings was exploitable,
  // so they are low confidence: info at the `recommended` preset, the rule's severity at `strict`.
  return taint === 'request' ? { severity: 'error', confidence: 'high' } : { confidence: 'low' };
}

export { taintOf };

/** A fix that replaces one node's text. */
export function replaceNode(title: string, node: TSESTree.Node | TSESTree.Token, newText: string): Fix {
  return { title, edits: [{ start: node.start, end: node.end, newText }] };
}

/** Quote a string the way the literal `like` was quoted. */
export function quoteLike(context: AstContext, like: TSESTree.Node, value: string): string {
  const q = context.text[like.start];
  const quote = q === '"' || q === '`' ? q : "'";
  return `${quote}${value}${quote}`;
}

/** The program node above any node. */
export function programOf(node: TSESTree.Node): TSESTree.Program {
  let n: TSESTree.Node = node;
  while (n.parent) n = n.parent;
  return n as TSESTree.Program;
}


/**
 * The first parameter of a function given as the `origin` option of CORS middleware (`cors`, `@fastify/cors`,
 * NestJS `enableCors`): the request's `Origin` header, which the function decides to allow.
 */
export function corsOriginParameter(node: TSESTree.Node): boolean {
  if (node.type !== 'Identifier') return false;
  for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
    if (n.type !== 'FunctionExpression' && n.type !== 'ArrowFunctionExpression' && n.type !== 'FunctionDeclaration') continue;
    const first = n.params[0];
    if (first?.type !== 'Identifier' || first.name !== node.name) {
      if (n.params.some((p) => p.type === 'Identifier' && p.name === node.name)) return false;
      continue;
    }
    const up = n.parent;
    return up?.type === 'Property' && up.value === n && propertyKey(up) === 'origin';
  }
  return false;
}

const CRYPTO_MODULE_NAMES = new Set(['crypto', 'node:crypto']);

/**
 * The callee's qualified name, with a method called on `require('crypto')` itself named as on the module
 * (`require('crypto').createHash('md5')` → `crypto.createHash`).
 */
export function cryptoCalleeName(node: TSESTree.CallExpression): string | undefined {
  const callee = node.callee;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && isRequireOf(callee.object, CRYPTO_MODULE_NAMES)) {
    return `crypto.${callee.property.name}`;
  }
  return calleeName(node);
}

const CIPHER_CALL = /(?:^|\.)(?:createCipheriv|createDecipheriv|createCipher|createDecipher)$/;

/** For `crypto.createCipheriv('aes-128-ecb', …)` and kin: the algorithm argument and its literal value. */
export function cipherAlgorithm(node: TSESTree.CallExpression): { arg: TSESTree.Node; algorithm: string } | undefined {
  const name = cryptoCalleeName(node);
  if (!name || !CIPHER_CALL.test(name)) return undefined;
  const arg = node.arguments[0];
  const algorithm = staticString(arg);
  return arg && algorithm !== undefined ? { arg, algorithm } : undefined;
}

const USED_BY_CALL = 'These options are used by this call.';

/** Keys that name the peer of a connection's settings: the object holding one is a connection's settings. */
const CONNECTION_KEYS = new Set(['host', 'hostname', 'servername', 'dialect', 'url', 'uri', 'connectionString']);

/** `x` without a TypeScript `as`/`satisfies`/`!` around it, seen from `x`: the node that stands for it in its parent. */
function outerOf(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.parent && (n.parent.type === 'TSAsExpression' || n.parent.type === 'TSSatisfiesExpression' || n.parent.type === 'TSNonNullExpression')) n = n.parent;
  return n;
}

/** The call or `new` that takes `object` as an argument, spread into an object argument or not. */
function callTaking(object: TSESTree.Node): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  let arg = outerOf(object);
  if (arg.parent?.type === 'SpreadElement' && arg.parent.parent?.type === 'ObjectExpression') arg = outerOf(arg.parent.parent);
  const p = arg.parent;
  return (p?.type === 'CallExpression' || p?.type === 'NewExpression') && p.arguments.includes(arg as TSESTree.CallExpressionArgument) ? p : undefined;
}

/**
 * Where the options object around a finding is put to use, for its related location: the call or `new`
 * it is passed to (`https.request({ … })`, `curl(url, { … })`), also by the name it is given and passed
 * on in the same function (`const opts = { … }; new https.Agent(opts)`); else, for settings with no call
 * in view (a configuration file's `dev: { host, dialectOptions: { ssl: { … } } }`), the start of the
 * connection's settings: the nearest enclosing object that names a host, dialect or URL. `node` is a
 * property of the innermost object or inside one. Looks only at `node`'s ancestors and at the statements
 * of the function that declares the name (nested functions left out), so the answer stays within the
 * finding's function unit.
 */
export function optionsUse(node: TSESTree.Node): RelatedPlace | undefined {
  let object: TSESTree.Node | undefined;
  for (let n: TSESTree.Node | undefined = node; n; n = n.parent) {
    if (n.type === 'ObjectExpression') {
      object = n;
      break;
    }
    if (n.type !== 'Property') return undefined;
  }
  let settings: TSESTree.Node | undefined;
  while (object) {
    const call = callTaking(object);
    if (call) return [spanOf(call.callee), USED_BY_CALL];
    if (!settings && [...propertiesOf(object).keys()].some((k) => CONNECTION_KEYS.has(k))) settings = object;
    const outer = outerOf(object);
    const p = outer.parent;
    if (p?.type === 'Property' && p.value === outer && p.parent?.type === 'ObjectExpression') {
      if (settings === object) settings = p;
      object = p.parent;
      continue;
    }
    // const opts = { … }; … request(opts) / opts = { … }
    const name = nameGiven(outer);
    if (name) {
      let use: TSESTree.CallExpression | TSESTree.NewExpression | undefined;
      someInScope(enclosingFunction(p!), (n) => {
        if (n.type !== 'Identifier' || n.name !== name || n.start < outer.end) return false;
        use = callTaking(n);
        return !!use;
      });
      if (use) return [spanOf(use.callee), USED_BY_CALL];
    }
    break;
  }
  if (!settings) return undefined;
  return settings.type === 'Property' ? [spanOf(settings.key), 'The connection settings it belongs to.'] : [spanOf(settings), 'The connection settings it belongs to start here.'];
}

/** Where a value is stored as a user's password: `user.setPassword(v)`, `user.password = v`. */
export const PASSWORD_STORE = /^(?:setPassword|setPasswordHash|password|passwordHash|hashedPassword)$/;

/** `n` stores `value` (or, with `name`, a name `name`) as a password: `user.setPassword(v)`, `user.password = v`. */
function storesAsPassword(n: TSESTree.Node, value: (v: TSESTree.Node) => boolean): boolean {
  if (n.type === 'CallExpression') return n.callee.type === 'MemberExpression' && PASSWORD_STORE.test(methodName(n) ?? '') && !!n.arguments[0] && value(n.arguments[0]);
  return n.type === 'AssignmentExpression' && n.operator === '=' && n.left.type === 'MemberExpression' && !n.left.computed
    && n.left.property.type === 'Identifier' && PASSWORD_STORE.test(n.left.property.name) && value(n.right);
}

/** The plain name a value is given where it is written (`const x = value`, `x = value`), if any. */
function nameGiven(value: TSESTree.Node): string | undefined {
  const p = value.parent;
  return p?.type === 'VariableDeclarator' && p.init === value && p.id.type === 'Identifier' ? p.id.name
    : p?.type === 'AssignmentExpression' && p.right === value && p.left.type === 'Identifier' ? p.left.name : undefined;
}

/**
 * The call or assignment that stores `value` as a user's password, directly or through the name it is
 * given (`digest = …; user.setPassword(digest)`, later in the same function, nested functions left out).
 */
export function storedAsPassword(value: TSESTree.Node): TSESTree.Node | undefined {
  const p = value.parent;
  if (p && storesAsPassword(p, (v) => v === value)) return p;
  const name = nameGiven(value);
  if (!name) return undefined;
  let store: TSESTree.Node | undefined;
  someInScope(enclosingFunction(value), (n) => {
    if (n.start < value.end || !storesAsPassword(n, (v) => v.type === 'Identifier' && v.name === name)) return false;
    store = n;
    return true;
  });
  return store;
}

/** Markup in the literal text of a built string: a tag opens or closes. */
export const HTML_MARKUP = /<\/?[a-z][\w-]*[\s>/]|<!--/i;

/** The literal text of a built string, each dynamic part written `?` where it stands, and the dynamic parts. */
export interface StringShape {
  text: string;
  dynamic: TSESTree.Node[];
}

export const FORMAT_CALL = /^(?:util\.)?format$/;

/**
 * What a string is built from: the literal text and the dynamic parts of a `+` chain, a template, a
 * `.concat(…)`, an array's `.join(…)` or a `util.format` string, following names a few levels deep. A
 * name given several values (up to four: `html = html.concat(x)`, `q += x`) stands for all of them, their
 * texts one after the other.
 */
export function stringShape(node: TSESTree.Node, depth = 0, expanding: ReadonlySet<string> = new Set()): StringShape {
  const seq = (parts: StringShape[], separator = ''): StringShape => ({ text: parts.map((p) => p.text).join(separator), dynamic: parts.flatMap((p) => p.dynamic) });
  const shapes = (nodes: readonly (TSESTree.Node | null)[]) => nodes.filter((n): n is TSESTree.Node => !!n).map((n) => stringShape(n.type === 'SpreadElement' ? n.argument : n, depth, expanding));
  if (node.type === 'Literal' && typeof node.value === 'string') return { text: node.value, dynamic: [] };
  if (node.type === 'BinaryExpression' && node.operator === '+') return seq([stringShape(node.left, depth, expanding), stringShape(node.right, depth, expanding)]);
  if (node.type === 'TemplateLiteral') {
    const parts: StringShape[] = [];
    node.quasis.forEach((q, i) => {
      parts.push({ text: q.value.cooked ?? '', dynamic: [] });
      const e = node.expressions[i];
      if (e) parts.push(stringShape(e, depth, expanding));
    });
    return seq(parts);
  }
  if (node.type === 'CallExpression') {
    const callee = node.callee;
    const method = callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
    if (method === 'concat' && callee.type === 'MemberExpression') return seq([stringShape(callee.object, depth, expanding), ...shapes(node.arguments)]);
    if (method === 'join' && callee.type === 'MemberExpression' && callee.object.type === 'ArrayExpression') return seq(shapes(callee.object.elements));
    if (FORMAT_CALL.test(qualifiedName(callee) ?? '') && node.arguments.length > 0) {
      const [format, ...args] = shapes(node.arguments);
      const rest = [...args];
      // Each `%s`/`%d`/`%j`/`%o` takes the next argument; any left over are appended with spaces.
      const pieces = format!.text.split(/%[sdifjoOc]/);
      const parts: StringShape[] = [];
      pieces.forEach((piece, i) => {
        parts.push({ text: piece, dynamic: i === 0 ? format!.dynamic : [] });
        if (i < pieces.length - 1) parts.push(rest.shift() ?? { text: '', dynamic: [] });
      });
      return seq([...parts, ...rest], '');
    }
  }
  if (node.type === 'Identifier' && depth < 4) {
    // `q = q.concat(x)`: the `q` inside stands for the values already listed.
    if (expanding.has(node.name)) return { text: '', dynamic: [] };
    const values = valuesOf(node);
    const inner = new Set(expanding).add(node.name);
    if (values.length >= 1 && values.length <= 4) return seq(values.map((v) => stringShape(v, depth + 1, inner)), ' ');
  }
  return { text: '?', dynamic: [node] };
}

/** Calls that make a value safe for HTML. */
export const HTML_ESCAPER = /(?:^|\.)(?:escape\w*|encode\w*|sanitize\w*|purify|xss|filterXSS|htmlspecialchars|he\.encode|entities\.encode\w*)$/i;

/**
 * The dynamic part that puts request data, unescaped, into the markup `node` builds (`'<h1>' + name`,
 * `` `<p>${req.query.q}</p>` ``, `util.format('<div>%s</div>', x)`, a name holding such a string);
 * undefined when the built text has no markup or no such part.
 */
export function requestInMarkup(node: TSESTree.Node): TSESTree.Node | undefined {
  const shape = stringShape(node);
  if (shape.dynamic.length === 0 || !HTML_MARKUP.test(shape.text)) return undefined;
  return shape.dynamic.find((d) => !(d.type === 'CallExpression' && HTML_ESCAPER.test(qualifiedName(d.callee) ?? '')) && taintOf(d) === 'request');
}

/**
 * A sink finding's related locations (`flowLocations`), as the JS/TS sink rules report them: where the
 * request data in `carrier` enters (the part of `value` judged to carry it, `value` itself when the whole
 * value was; absent for a value of unknown origin; `cls` the sink class its taint was judged for), and,
 * when `value` is a name given one value, where that value is built; then the rule's `more` places. `at`
 * is where the finding is reported; places on its line, or on a line already named, are left out.
 */
export function sinkFlow(text: string, at: TSESTree.Node, value: TSESTree.Node, carrier?: TSESTree.Node, cls?: SinkClass, more: readonly (RelatedPlace | undefined)[] = []): RelatedLocation[] | undefined {
  const source = carrier && requestOrigin(carrier, cls);
  const values = value.type === 'Identifier' ? valuesOf(value) : [];
  const built = values.length === 1 ? values[0] : undefined;
  return flowLocations(text, at.start, source && spanOf(source), built && spanOf(built), source !== undefined, more);
}

/**
 * For a low-confidence finding on a value built from a parameter no call in the file fills (`use`, as
 * `parameterOrigin` names it): the parameter's declaration, where the caller's value enters.
 */
export function callerParameter(use: TSESTree.Identifier): RelatedPlace | undefined {
  for (let scope = enclosingFunction(use); scope.type !== 'Program'; scope = enclosingFunction(scope)) {
    const position = parameterIndex(scope, use.name);
    if (position >= 0) return [spanOf(scope.params[position]!), `The caller's value enters here as \`${use.name}\`.`];
  }
  return undefined;
}

/** Archive readers whose entries carry a name chosen by whoever made the archive. */
export const ARCHIVES = ['unzip', 'unzipper', 'unzip-stream', 'adm-zip', 'tar-stream', 'tar', 'yauzl', 'node-stream-zip', 'jszip', 'decompress', 'zip-stream'];

/**
 * Is `fn` a callback that receives archive entries: the listener of `.on('entry', fn)`, or the
 * callback of `.forEach(fn)` / `.map(fn)` on `getEntries()`?
 */
export function archiveEntryCallback(fn: TSESTree.Node): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const method = methodName(call);
  if (method === 'on' || method === 'once') return staticString(call.arguments[0]) === 'entry';
  if ((method === 'forEach' || method === 'map') && call.callee.type === 'MemberExpression') {
    let object: TSESTree.Node = call.callee.object;
    if (object.type === 'Identifier') object = valuesOf(object)[0] ?? object;
    return object.type === 'CallExpression' && methodName(object) === 'getEntries';
  }
  return false;
}
