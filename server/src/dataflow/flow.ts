import type { SyntaxNode } from '../treesitter/runtime';
import type { Call, LanguageSpec, Param, SinkClass } from './language';

/**
 * The language-neutral, intra-function data-flow check (the same idea as engine/taint.ts for JS):
 * where does a value come from? `request` (client data: a request parameter, header, cookie, body),
 * `constant` (literals and what is built only from them) or `unknown`. It follows assignments,
 * declarations, loop variables and `append`-style mutation inside the enclosing function (and the
 * functions around it), string building, pass-through calls and sanitisers. It never crosses files.
 */
export type Taint = 'request' | 'unknown' | 'constant';

const ORDER: Record<Taint, number> = { constant: 0, unknown: 1, request: 2 };
export function worst(a: Taint, b: Taint): Taint {
  return ORDER[a] >= ORDER[b] ? a : b;
}

const MAX_DEPTH = 24;

export class FileFlow {
  /** Every node, pre-order. */
  readonly nodes: SyntaxNode[] = [];
  readonly calls: Call[] = [];
  private readonly bindings = new Map<SyntaxNode, Map<string, SyntaxNode[]>>();
  private readonly paramsCache = new Map<SyntaxNode, Param[]>();
  private readonly requestParams = new Map<SyntaxNode, Set<string>>();
  private readonly requestObjects = new Map<SyntaxNode, Set<string>>();
  private readonly callByNode = new Map<SyntaxNode, Call>();
  private readonly memo = new Map<SyntaxNode, Taint>();

  constructor(readonly text: string, readonly spec: LanguageSpec, readonly root: SyntaxNode) {
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      this.nodes.push(node);
      const call = spec.adapter.call(node, text);
      if (call) {
        this.calls.push(call);
        this.callByNode.set(node, call);
      }
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }

  source(node: SyntaxNode): string {
    return this.text.slice(node.start, node.end);
  }

  callOf(node: SyntaxNode): Call | undefined {
    return this.callByNode.get(node);
  }

  /** The innermost function around `node`, or the file's root. */
  enclosingFunction(node: SyntaxNode): SyntaxNode {
    let n = node.parent;
    while (n) {
      if (this.spec.adapter.isFunction(n)) return n;
      if (!n.parent) return n;
      n = n.parent;
    }
    return node;
  }

  private outerScope(scope: SyntaxNode): SyntaxNode | undefined {
    return scope.parent ? this.enclosingFunction(scope) : undefined;
  }

  private bindingsOf(scope: SyntaxNode): Map<string, SyntaxNode[]> {
    let map = this.bindings.get(scope);
    if (map) return map;
    map = new Map();
    this.bindings.set(scope, map);
    const adapter = this.spec.adapter;
    const add = (target: SyntaxNode, value: SyntaxNode) => {
      const name = adapter.name(target, this.text);
      if (name === undefined) {
        // Tuple / list targets: each name gets the whole value (an over-approximation that keeps request data).
        for (const c of target.children) if (c.named) add(c, value);
        return;
      }
      let list = map!.get(name);
      if (!list) map!.set(name, (list = []));
      list.push(value);
    };
    const stack = [...scope.children];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (adapter.isFunction(node)) continue; // its own scope
      for (const [target, value] of adapter.binds(node)) add(target, value);
      const call = this.callByNode.get(node);
      if (call?.receiver && this.spec.mutators.test(lastSegment(call.name))) {
        for (const a of call.args) add(call.receiver, a);
      }
      for (const c of node.children) stack.push(c);
    }
    return map;
  }

  /** Every value assigned to `name` in the nearest scope around `at` that assigns it. */
  valuesOf(at: SyntaxNode, name: string): SyntaxNode[] {
    let scope: SyntaxNode | undefined = this.enclosingFunction(at);
    while (scope) {
      const values = this.bindingsOf(scope).get(name);
      if (values && values.length > 0) return values;
      scope = this.outerScope(scope);
    }
    return [];
  }

  params(fn: SyntaxNode): Param[] {
    let list = this.paramsCache.get(fn);
    if (!list) this.paramsCache.set(fn, (list = this.spec.adapter.isFunction(fn) ? this.spec.adapter.params(fn, this.text) : []));
    return list;
  }

  /** Parameters the framework fills from the request: annotated ones, or every one of a route handler. */
  private requestParamsOf(fn: SyntaxNode): Set<string> {
    let set = this.requestParams.get(fn);
    if (set) return set;
    set = new Set();
    const sources = this.spec.sources;
    const context = this.spec.adapter.handlerContext?.(fn, this.text) ?? '';
    const handler = context.length > 0 && HANDLER.test(context);
    for (const p of this.params(fn)) {
      if (sources.paramAnnotations?.test(p.annotations)) set.add(p.name);
      else if (handler && !NOT_CLIENT_PARAM.test(p.name) && !sources.objectTypes?.test(p.type) && !NOT_CLIENT_TYPE.test(p.type)) set.add(p.name);
    }
    this.requestParams.set(fn, set);
    return set;
  }

  /** Is `fn` a request handler (route decorator, controller, framework signature)? */
  isHandler(fn: SyntaxNode): boolean {
    const context = this.spec.adapter.isFunction(fn) ? this.spec.adapter.handlerContext?.(fn, this.text) ?? '' : '';
    return context.length > 0 && HANDLER.test(context);
  }

  /** Names that are the request object in `fn`: by type, or the framework's global name. */
  private requestObjectsOf(fn: SyntaxNode): Set<string> {
    let set = this.requestObjects.get(fn);
    if (set) return set;
    set = new Set(this.spec.sources.objects);
    const types = this.spec.sources.objectTypes;
    let scope: SyntaxNode | undefined = fn;
    while (scope && types) {
      for (const p of this.params(scope)) if (types.test(p.type)) set.add(p.name);
      scope = this.outerScope(scope);
    }
    this.requestObjects.set(fn, set);
    return set;
  }

  /** Is the qualified name `name`, seen at `at`, client data? */
  private isSourceName(name: string, at: SyntaxNode, isCall: boolean): boolean {
    const sources = this.spec.sources;
    if (isCall && sources.calls?.test(name)) return true;
    if (sources.names?.test(name)) return true;
    const parts = name.split('.');
    const objects = this.requestObjectsOf(this.enclosingFunction(at));
    // `request.args`, `self.request.GET`, `r.URL.Query().Get`, `HttpContext.Request.Query`
    for (let i = 0; i < parts.length - 1 && i < 3; i++) {
      const root = parts.slice(0, i + 1).join('.');
      if (!objects.has(root)) continue;
      const part = parts[i + 1]!.replace(/\(\)$/, '');
      if (!sources.parts || sources.parts.test(part)) return true;
    }
    return false;
  }

  /** Where the value of `node` comes from, as far as one function (and its outer functions) can tell. */
  taint(node: SyntaxNode | undefined): Taint {
    return this.evaluate(node, 0, new Set());
  }

  private evaluate(node: SyntaxNode | undefined, depth: number, seen: Set<SyntaxNode>): Taint {
    if (!node) return 'constant';
    const a = this.spec.adapter;
    node = a.unwrap(node);
    const known = this.memo.get(node);
    if (known) return known;
    if (depth > MAX_DEPTH || seen.has(node)) return 'unknown';
    seen.add(node);
    const t = this.compute(node, depth, seen);
    seen.delete(node);
    if (depth === 0) this.memo.set(node, t);
    return t;
  }

  private compute(node: SyntaxNode, depth: number, seen: Set<SyntaxNode>): Taint {
    const a = this.spec.adapter;
    const next = (n: SyntaxNode | undefined) => this.evaluate(n, depth + 1, seen);
    const all = (nodes: Iterable<SyntaxNode>) => {
      let t: Taint = 'constant';
      for (const n of nodes) if ((t = worst(t, next(n))) === 'request') break;
      return t;
    };
    if (a.isLiteral(node)) return 'constant';
    const template = a.template(node);
    if (template) return all(template.filter((p): p is SyntaxNode => !('text' in p)));
    const operands = a.concat(node, this.text);
    if (operands) return all(operands);
    // `cond ? a : b` is a or b: the condition is not part of the value.
    if (a.isCollection(node)) return all(node.children.filter((c) => c.named && c.field !== 'condition'));
    const pair = a.pair(node, this.text);
    if (pair) return next(pair.value);

    const call = this.callByNode.get(node);
    if (call) {
      if (this.isSourceName(call.name, node, true)) return 'request';
      const first = call.args[0];
      if (first && this.spec.sources.callsWithArg?.some((s) => s.call.test(call.name) && s.arg.test(this.source(first)))) return 'request';
      if (this.spec.sanitizers.some((s) => s.call.test(call.name))) return 'constant';
      const argsTaint = () => all([...call.args, ...call.kwargs.values(), ...(call.receiver ? [call.receiver] : [])]);
      if (this.spec.passThrough.test(call.name) || this.spec.formatCalls.test(call.name)) return argsTaint();
      // A method of client data (`request.args.get(…)`, `name.strip()`, `c.getValue()`) is client data.
      if (call.receiver && next(call.receiver) === 'request') return 'request';
      return 'unknown';
    }

    const name = a.name(node, this.text);
    if (name !== undefined) {
      if (this.isSourceName(name, node, false)) return 'request';
      if (!name.includes('.')) {
        const fn = this.enclosingFunction(node);
        let scope: SyntaxNode | undefined = fn;
        while (scope) {
          if (this.requestParamsOf(scope).has(name)) return 'request';
          if (this.params(scope).some((p) => p.name === name)) return 'unknown';
          const values = this.bindingsOf(scope).get(name);
          if (values && values.length > 0) {
            let t: Taint = 'constant';
            for (const v of this.reaching(node, values)) {
              if (v === node || isWithin(node, v)) continue;
              if ((t = worst(t, next(v))) === 'request') break;
            }
            return t;
          }
          scope = this.outerScope(scope);
        }
        return 'unknown';
      }
    }
    const object = a.objectOf(node);
    if (object) return next(object) === 'request' ? 'request' : 'unknown';
    return 'unknown';
  }

  /**
   * The shape of a string built from pieces: its literal text with `?` for each dynamic part, and the
   * dynamic parts. Undefined when the value is not built (a plain variable, a call…). Follows one
   * variable to its only assigned value.
   */
  shape(node: SyntaxNode, follow = true): { text: string; dynamic: SyntaxNode[] } | undefined {
    const a = this.spec.adapter;
    node = a.unwrap(node);
    if (follow) {
      const name = a.name(node, this.text);
      if (name !== undefined && !name.includes('.')) {
        const values = this.reaching(node, this.valuesOf(node, name).filter((v) => !isWithin(node, v)));
        if (values.length === 0) return undefined;
        const shapes = values.map((v) => this.shape(v, false) ?? this.plain(v));
        return { text: shapes.map((s) => s.text).join(' '), dynamic: shapes.flatMap((s) => s.dynamic) };
      }
    }
    const template = a.template(node);
    if (template) {
      const dynamic = template.filter((p): p is SyntaxNode => !('text' in p));
      if (dynamic.length === 0) return undefined;
      return { text: template.map((p) => ('text' in p ? this.source(p.text) : '?')).join(''), dynamic };
    }
    const operands = a.concat(node, this.text);
    if (operands) {
      // `query % user` / `base + id`: a named operand is read through its value too (one level).
      const parts = operands.map((o) => this.shape(o, follow && a.name(o, this.text)?.includes('.') === false) ?? this.plain(o));
      const dynamic = parts.flatMap((p) => p.dynamic);
      return dynamic.length > 0 ? { text: parts.map((p) => p.text).join(''), dynamic } : undefined;
    }
    const call = this.callByNode.get(node);
    if (call && this.spec.formatCalls.test(call.name)) {
      const [first, ...rest] = call.args;
      const firstText = first ? this.plain(first).text : '';
      const dynamic = [...rest, ...call.kwargs.values()];
      if (!first && call.receiver) return { text: this.plain(call.receiver).text, dynamic: [...call.args, ...call.kwargs.values()] };
      return dynamic.length > 0 ? { text: firstText, dynamic } : undefined;
    }
    // Python `"… {}".format(x)`: the receiver is the template.
    if (call && call.receiver && /(?:^|\.)format$/.test(call.name) && this.spec.adapter.stringValue(a.unwrap(call.receiver), this.text) !== undefined) {
      const dynamic = [...call.args, ...call.kwargs.values()];
      return dynamic.length > 0 ? { text: this.plain(call.receiver).text, dynamic } : undefined;
    }
    return undefined;
  }

  /**
   * The values of a variable that can reach its use at `use`, in source order: those assigned before
   * it from the last plain assignment that always runs before it (same or enclosing block) on, so
   * `q = select(…)` followed by `q = "INSERT …" + x` reads as the INSERT, and `q += x` keeps what
   * it appends to. When nothing is assigned before the use (loops, closures), every value counts.
   */
  private reaching(use: SyntaxNode, values: readonly SyntaxNode[]): SyntaxNode[] {
    const sorted = [...values].sort((a, b) => a.start - b.start);
    const before = sorted.filter((v) => v.end <= use.start);
    if (before.length === 0) return sorted;
    for (let i = before.length - 1; i > 0; i--) {
      const v = before[i]!;
      const assignment = v.parent;
      if (!assignment) continue;
      const head = this.text.slice(assignment.start, v.start);
      // Only `x = v` replaces the old value (not `x += v`, `x << v`, a loop variable).
      if (!/[^-+*/.%|&^<>?!=:]=\s*$|:=\s*$/.test(head)) continue;
      if (this.alwaysBefore(assignment, use)) return before.slice(i);
    }
    return before;
  }

  /** Does `node` run whenever `use` runs: no branch or loop between it and the nearest node around both? */
  private alwaysBefore(node: SyntaxNode, use: SyntaxNode): boolean {
    for (let n = node.parent; n; n = n.parent) {
      if (isWithin(use, n)) return true;
      if (BRANCH.test(n.type)) return false;
    }
    return false;
  }

  /** A leaf of a shape: a literal's text, or `?` for anything else. */
  private plain(node: SyntaxNode): { text: string; dynamic: SyntaxNode[] } {
    const value = this.spec.adapter.stringValue(this.spec.adapter.unwrap(node), this.text);
    if (value !== undefined) return { text: value, dynamic: [] };
    if (this.spec.adapter.isLiteral(node)) return { text: this.source(node), dynamic: [] };
    return { text: '?', dynamic: [node] };
  }

  /** Is the sink's value made safe for `cls` by a sanitiser (directly)? */
  sanitizedFor(node: SyntaxNode, cls: SinkClass): boolean {
    const call = this.callByNode.get(this.spec.adapter.unwrap(node));
    return !!call && this.spec.sanitizers.some((s) => (s.classes === 'all' || s.classes.includes(cls)) && s.call.test(call.name));
  }
}

/** Whether a function is a request handler, from the text around it (decorators, annotations, base class). */
const HANDLER = /@(?:\w+\.)*(?:route|get|post|put|delete|patch|api_view|websocket|(?:Get|Post|Put|Delete|Patch|Request)Mapping|GET|POST|PUT|DELETE|PATCH|Path)\b|\[(?:Http(?:Get|Post|Put|Delete|Patch)|Route)\b|\bclass\s+\w+\s*(?::|extends)\s*(?:\w+\.)*(?:Controller|ControllerBase|ApiController)\b/;
const NOT_CLIENT_PARAM = /^(?:self|cls|this|request|req|response|res|resp|w|ctx|context|db|session|model|logger)$/;
const NOT_CLIENT_TYPE = /(?:Request|Response|Model|Session|Context|Principal|Authentication|HttpServlet\w*|BindingResult|Logger|DbContext|CancellationToken|Writer|Reader)\b/;

/** Node types that may run zero or many times: branches, loops, handlers, blocks passed to a call. */
const BRANCH = /(?:^|_)(?:if|elif|else|unless|case|when|switch|while|for|foreach|loop|try|except|catch|rescue|until|conditional|ternary|select|match|do|lambda)(?:_|$)/;

export function lastSegment(name: string): string {
  const i = name.lastIndexOf('.');
  return (i < 0 ? name : name.slice(i + 1)).replace(/\(\)$/, '');
}

/** Is `node` inside `container` (or the same node)? */
export function isWithin(node: SyntaxNode, container: SyntaxNode): boolean {
  return node.start >= container.start && node.end <= container.end;
}
