import type { SyntaxNode } from '../treesitter/runtime';
import type { Adapter, Call, Param } from './language';

/**
 * Most of what the data-flow core asks is answered the same way in every tree-sitter grammar once
 * the node types and field names are known. A language's adapter is this table; the few questions
 * that differ (parameters, handler context, string values) are functions beside it.
 */
export interface GrammarTable {
  /** Call-like node types: where the callee (or receiver + method) and the argument list are. */
  calls: Record<string, { fn?: string; receiver?: string; method?: string; args?: string; prefix?: string }>;
  /** Statements that work like calls of a fixed name (PHP `include`, `echo`; Ruby backticks). */
  pseudoCalls?: Record<string, string>;
  /** Member access: [object field, property field]. */
  members: Record<string, [string, string]>;
  identifiers: ReadonlySet<string>;
  /** Subscript / element access: the object's field (or `0` for the first named child). */
  subscripts: Record<string, string | 0>;
  /** Assignments and declarations: [target field, value field]; `#last` is the last named child. */
  assigns: Record<string, [string, string]>;
  functions: ReadonlySet<string>;
  literals: ReadonlySet<string>;
  /** String node types, and the child types that are literal text inside them. */
  strings: ReadonlySet<string>;
  stringText: ReadonlySet<string>;
  /** Children of a string that are its quotes (`string_start`), left out of its value. */
  stringDelimiters?: ReadonlySet<string>;
  /** Binary node types and the operators that build strings. */
  binary: ReadonlySet<string>;
  concatOps: ReadonlySet<string>;
  /** Keyword-argument / pair node types: [key field, value field]. */
  pairs: Record<string, [string, string]>;
  wrappers: ReadonlySet<string>;
  collections: ReadonlySet<string>;
  /** Node types to look through for an interpolated expression (`interpolation` → its expression). */
  interpolations: ReadonlySet<string>;
  /**
   * Conditionals: [condition field, then field, else field]; `value` true for expressions (ternaries)
   * whose value is the taken arm's. Lets the core prune branches whose condition is a constant.
   * `expression` for statements that also give the taken arm's value where one is used as a value
   * (Ruby `x = if a then "ls" else "pwd" end`), yet stay statements for guards and early exits.
   */
  conditionals?: Record<string, { condition: string; then: string; else: string; value?: boolean; expression?: boolean; negated?: boolean }>;
  /** Switches: the switched-on field, the body field, the group node type and its label node type. */
  switches?: Record<string, { value: string; body: string; group: string; label: string; exits: RegExp }>;
  /**
   * Heredocs whose text is not inside their opening (Ruby: `x = <<~SQL` is a `heredoc_beginning`, the text a
   * `heredoc_body` after the statement): the opening is read as its body, the k-th opening of a statement as the
   * k-th body that follows it.
   */
  heredocs?: { beginning: string; body: string };
}

/** The body of a heredoc opening (see `GrammarTable.heredocs`), or undefined when the tree has none for it. */
function heredocBody(open: SyntaxNode, h: { beginning: string; body: string }): SyntaxNode | undefined {
  for (let stmt: SyntaxNode = open; stmt.parent; stmt = stmt.parent) {
    const siblings = stmt.parent.children;
    const at = siblings.indexOf(stmt);
    if (siblings[at + 1]?.type !== h.body) continue;
    const openings: SyntaxNode[] = [];
    const collect = (n: SyntaxNode): void => {
      if (n.type === h.beginning) openings.push(n);
      else for (const c of n.children) collect(c);
    };
    collect(stmt);
    const k = openings.indexOf(open);
    const body = siblings[at + 1 + k];
    return k >= 0 && body?.type === h.body ? body : undefined;
  }
  return undefined;
}

/** Node types that hold several targets or values (`a, b = x, y`, `a, b := f()`). */
const LISTS = /list|tuple|pattern/;

export function field(node: SyntaxNode | undefined, name: string): SyntaxNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (c.field === name) return c;
  return undefined;
}

/** What a node that binds nothing binds: one shared empty list (asked of every node of a file). */
export const NO_BINDS: readonly (readonly [SyntaxNode, SyntaxNode])[] = Object.freeze([]);

/** Named children, comments left out (`comment`, and Java's `line_comment` / `block_comment`). */
export function named(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c) => c.named && !/comment$/.test(c.type));
}

export interface AdapterExtras {
  params(fn: SyntaxNode, text: string): Param[];
  handlerContext?(fn: SyntaxNode, text: string): string;
  /** Identifier text → name (PHP drops `$`). */
  identifierName?(node: SyntaxNode, text: string): string;
  /** Literal text of a string node, when it has no interpolation. */
  stringValue?(node: SyntaxNode, text: string): string | undefined;
  /** Language-specific extra bindings (for-each loops with odd shapes, `with … as`). */
  binds?(node: SyntaxNode): readonly (readonly [SyntaxNode, SyntaxNode])[];
  /**
   * A call that names a module or attribute by a string, known at a glance (Python `__import__("os")` is
   * `os`, `getattr(os, "system")` is `os.system`): its name, so the call it makes is matched as the
   * plain one.
   */
  dynamicName?(call: Call, text: string, name: (node: SyntaxNode) => string | undefined): string | undefined;
  /** Is this call node a "call" for this grammar (Ruby: every `call`, even `a.b` without parentheses). */
}

export function tableAdapter(g: GrammarTable, x: AdapterExtras): Adapter {
  const unwrapWrappers = (node: SyntaxNode): SyntaxNode => {
    let n = node;
    for (let i = 0; i < 8 && g.wrappers.has(n.type); i++) {
      const inner = named(n);
      // A cast `(String) x` carries its `value`, a Go conversion `[]byte(x)` its `operand`.
      const next = inner.length === 1 ? inner[0] : field(n, 'value') ?? field(n, 'operand');
      if (!next) break;
      n = next;
    }
    return n;
  };
  // Only a grammar with split heredocs pays for the check (`unwrap` runs for every value the flow reads).
  const h = g.heredocs;
  const unwrap = h
    ? (node: SyntaxNode): SyntaxNode => {
      const n = unwrapWrappers(node);
      return n.type === h.beginning ? heredocBody(n, h) ?? n : n;
    }
    : unwrapWrappers;

  const adapter: Adapter = {
    unwrap,
    call(node, text) {
      const pseudo = g.pseudoCalls?.[node.type];
      // A pseudo-call that is itself a string (backticks) is its own argument.
      if (pseudo) return { node, name: pseudo, args: g.strings.has(node.type) ? [node] : named(node).map(unwrap), kwargs: new Map() };
      const shape = g.calls[node.type];
      if (!shape) return undefined;
      let name: string | undefined;
      let receiver: SyntaxNode | undefined;
      if (shape.method) {
        const method = field(node, shape.method);
        receiver = shape.receiver ? field(node, shape.receiver) : undefined;
        if (!method) return undefined;
        const m = text.slice(method.start, method.end);
        const r = receiver ? adapter.name(receiver, text) ?? '?' : undefined;
        name = r === undefined ? m : `${r}.${m}`;
      } else if (shape.fn) {
        const fn = field(node, shape.fn);
        if (!fn) return undefined;
        name = adapter.name(fn, text) ?? text.slice(fn.start, fn.end).replace(/\s+/g, '');
        const inner = unwrap(fn);
        const member = g.members[inner.type];
        if (member) receiver = field(inner, member[0]);
      }
      if (name === undefined) return undefined;
      if (shape.prefix) name = `${shape.prefix}${name}`;
      const list = shape.args ? field(node, shape.args) : undefined;
      const args: SyntaxNode[] = [];
      const kwargs = new Map<string, SyntaxNode>();
      for (const a of list ? named(list) : []) {
        const pair = adapter.pair(a, text);
        if (pair && g.pairs[a.type]) kwargs.set(pair.key, pair.value);
        else args.push(unwrap(a));
      }
      return { node, name, args, kwargs, receiver } satisfies Call;
    },
    name(node, text) {
      const n = unwrap(node);
      if (g.identifiers.has(n.type)) return x.identifierName ? x.identifierName(n, text) : text.slice(n.start, n.end);
      const member = g.members[n.type];
      if (member) {
        const object = field(n, member[0]);
        const prop = field(n, member[1]);
        if (!object || !prop) return undefined;
        const o = adapter.name(object, text);
        if (o === undefined) return undefined;
        return `${o}.${x.identifierName ? x.identifierName(prop, text) : text.slice(prop.start, prop.end)}`;
      }
      const shape = g.calls[n.type];
      if (shape) {
        const call = adapter.call(n, text);
        if (!call) return undefined;
        const dynamic = x.dynamicName?.(call, text, (o) => adapter.name(o, text));
        if (dynamic !== undefined) return dynamic;
        return shape.args && field(n, shape.args) ? `${call.name}()` : call.name;
      }
      return undefined;
    },
    binds(node) {
      const shape = g.assigns[node.type];
      const extra = x.binds?.(node);
      // Most nodes bind nothing: one shared empty answer, not a new list per node (the flow asks of every node).
      if (!shape && (!extra || extra.length === 0)) return NO_BINDS;
      const out: (readonly [SyntaxNode, SyntaxNode])[] = [];
      if (shape) {
        const target = field(node, shape[0]);
        const value = shape[1] === '#last' ? named(node).at(-1) : field(node, shape[1]);
        if (target && value && target !== value) {
          // (The children listed only where a list or a wrapper can pair them otherwise: this runs on every assignment.)
          if (!(LISTS.test(target.type) && LISTS.test(value.type)) && !g.wrappers.has(target.type)) out.push([target, value]);
          else {
            const ts = named(target);
            const vs = named(value);
            // `a, b := x, y` pairs up; anything else binds every target to the whole value.
            if (LISTS.test(target.type) && LISTS.test(value.type) && ts.length > 1 && ts.length === vs.length) ts.forEach((t, i) => out.push([t, vs[i]!]));
            else if (ts.length === 1 && g.wrappers.has(target.type)) out.push([ts[0]!, vs.length === 1 && g.wrappers.has(value.type) ? vs[0]! : value]);
            else out.push([target, value]);
          }
        }
      }
      if (extra) out.push(...extra);
      return out;
    },
    isFunction: (node) => g.functions.has(node.type),
    params: x.params,
    handlerContext: x.handlerContext,
    isLiteral(node) {
      const n = unwrap(node);
      if (g.literals.has(n.type)) return true;
      if (g.strings.has(n.type)) return named(n).every((c) => g.stringText.has(c.type));
      return false;
    },
    stringValue(node, text) {
      const n = unwrap(node);
      if (x.stringValue) return x.stringValue(n, text);
      if (!g.strings.has(n.type)) return undefined;
      const parts = named(n);
      if (!parts.every((c) => g.stringText.has(c.type))) return undefined;
      return parts.filter((c) => !g.stringDelimiters?.has(c.type)).map((c) => text.slice(c.start, c.end)).join('');
    },
    template(node) {
      const n = unwrap(node);
      if (!g.strings.has(n.type)) return undefined;
      const parts = named(n);
      if (parts.every((c) => g.stringText.has(c.type))) return undefined;
      return parts.filter((c) => !g.stringDelimiters?.has(c.type)).map((c) => {
        if (g.stringText.has(c.type)) return { text: c };
        if (g.interpolations.has(c.type)) {
          const inner = named(c).filter((k) => !/brace|format_specifier|type_conversion/.test(k.type));
          return inner[0] ?? c;
        }
        return c;
      });
    },
    concat(node, text) {
      const n = unwrap(node);
      if (!g.binary.has(n.type)) return undefined;
      const op = n.children.find((c) => c.field === 'operator');
      if (!op || !g.concatOps.has(text.slice(op.start, op.end))) return undefined;
      return named(n).filter((c) => c.field !== 'operator');
    },
    objectOf(node) {
      const n = unwrap(node);
      const member = g.members[n.type];
      if (member) return field(n, member[0]);
      return adapter.subscriptOf(n);
    },
    subscriptOf(node) {
      const n = unwrap(node);
      const sub = g.subscripts[n.type];
      if (sub === undefined) return undefined;
      return sub === 0 ? named(n)[0] : field(n, sub);
    },
    pair(node, text) {
      const shape = g.pairs[node.type];
      if (!shape) return undefined;
      const key = field(node, shape[0]);
      const value = field(node, shape[1]) ?? (shape[1] === '#last' ? named(node).at(-1) : undefined);
      if (!key || !value || key === value) return undefined;
      const k = unwrap(key);
      const keyText = adapter.stringValue(k, text) ?? text.slice(k.start, k.end);
      return { key: keyText.replace(/^[:$]/, '').replace(/:$/, ''), value };
    },
    isCollection: (node) => g.collections.has(unwrap(node).type),
    branch(node) {
      const shape = g.conditionals?.[node.type];
      if (!shape) return undefined;
      const condition = field(node, shape.condition);
      if (!condition) return undefined;
      return { condition, then: field(node, shape.then), else: field(node, shape.else), value: !!shape.value, ...(shape.expression ? { expression: true } : {}), negated: shape.negated };
    },
    switchOf(node) {
      const shape = g.switches?.[node.type];
      if (!shape) return undefined;
      const value = field(node, shape.value);
      const body = field(node, shape.body);
      if (!value || !body) return undefined;
      const groups = named(body).filter((c) => c.type === shape.group).map((group) => {
        const kids = named(group);
        const found = kids.filter((c) => c.type === shape.label).flatMap((l): (SyntaxNode | 'default')[] => {
          const v = named(l);
          return v.length === 0 ? ['default'] : v;
        });
        // A group without a label is the default one (C#'s `default:` leaves no node).
        const labels: (SyntaxNode | 'default')[] = found.length > 0 ? found : ['default'];
        const last = kids.filter((c) => c.type !== shape.label).at(-1);
        return { node: group, labels, exits: !!last && shape.exits.test(last.type) };
      });
      return { value, groups };
    },
  };
  return adapter;
}

/** Parameters from a `parameters`-like list: each child's name, type and annotation text. */
export function listParams(
  list: SyntaxNode | undefined, text: string,
  nameOf: (p: SyntaxNode) => SyntaxNode | undefined, identifierName?: (n: SyntaxNode, text: string) => string,
): Param[] {
  if (!list) return [];
  const out: Param[] = [];
  for (const p of named(list)) {
    const id = nameOf(p);
    if (!id) continue;
    const type = field(p, 'type');
    const name = identifierName ? identifierName(id, text) : text.slice(id.start, id.end);
    const annotations = p.children.filter((c) => /modifiers|attribute_list|annotation/.test(c.type)).map((c) => text.slice(c.start, c.end)).join(' ');
    out.push({ name, node: p, type: type ? text.slice(type.start, type.end) : '', annotations });
  }
  return out;
}
