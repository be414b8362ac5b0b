import { callbacksBefore, type Call } from '../dataflow/language';
import { FileFlow, type Taint } from '../dataflow/flow';
import { basename, detectLanguage } from '../engine/languages';
import { LineIndex } from '../engine/lines';
import { LANGUAGE_SPECS } from '../languages';
import { isGrammarLoaded, parseTree, type SyntaxNode } from '../treesitter/runtime';
import type { RenderCall } from './renderIndex';

/**
 * Render calls of the tree-sitter languages, read with the same file flow as their rules (so request
 * data means what it means there: `request.args` in Flask, `params` in Rails, `$request->input` in
 * Laravel):
 * - Flask `render_template('search.html', q=q)`, Django `render(request, 'blog/post.html', {'post': p})`;
 * - Laravel `view('users.show', ['name' => $name])` and `view('search', compact('q'))` (the dotted name
 *   is the path under resources/views);
 * - Rails: an action of `app/controllers/posts_controller.rb` renders `posts/<action>` (or what its
 *   `render :edit` / `render 'posts/edit'` names) with the instance variables it assigns (`@q = params[:q]`
 *   is `@q` in the ERB view).
 * Keyword splats (`**context`), a context that is not a literal, and `compact` of a name with no
 * assignment make the call opaque, as in JS. Empty when the grammar is not loaded.
 */
export function treeRenderCallsIn(text: string, path: string): RenderCall[] {
  const language = detectLanguage(path);
  const spec = LANGUAGE_SPECS[language];
  const maybe = MAYBE_RENDERS[language];
  if (!spec || !maybe || !maybe.test(text) || !isGrammarLoaded(language)) return [];
  let flow: FileFlow;
  try {
    flow = new FileFlow(text, spec, parseTree(text, language).root);
  } catch {
    return [];
  }
  const lines = new LineIndex(text);
  const at = (node: SyntaxNode) => `${path}:${lines.lineAt(node.start) + 1}`;
  switch (language) {
    case 'python':
      return pythonRenders(flow, at);
    case 'php':
      return laravelRenders(flow, at);
    case 'ruby':
      return railsRenders(flow, path, at);
    default:
      return [];
  }
}

const MAYBE_RENDERS: Record<string, RegExp> = {
  python: /\brender(?:_template|_to_response)?\s*\(/,
  php: /\bview\s*\(/,
  ruby: /\bdef\s/,
};

type At = (node: SyntaxNode) => string;

/** Locals from a literal context (dict, array, hash): each pair's key with its value's origin; opaque otherwise. */
function contextLocals(flow: FileFlow, context: SyntaxNode | undefined, locals: Record<string, Taint>): boolean {
  if (!context) return false;
  const node = flow.spec.adapter.unwrap(context);
  const pairs = node.children.map((c) => flow.spec.adapter.pair(c, flow.text)).filter((p) => p !== undefined);
  if (pairs.length === 0 && node.children.some((c) => c.type.includes('splat') || c.type.includes('spread'))) return true;
  if (pairs.length === 0 && !/^(?:dictionary|array_creation_expression|hash)$/.test(node.type)) return true;
  for (const p of pairs) give(locals, p.key.replace(/^[:@$]/, ''), flow.taint(p.value));
  return node.children.some((c) => /splat|spread|variadic/.test(c.type));
}

/** Records `t` for `key` unless a worse origin is already there (the worst origin over every value given). */
export function give(locals: Record<string, Taint>, key: string, t: Taint): void {
  const before = Object.prototype.hasOwnProperty.call(locals, key) ? locals[key]! : undefined;
  if (before === undefined || ORDER[t] > ORDER[before]) locals[key] = t;
}
const ORDER: Record<Taint, number> = { constant: 0, unknown: 1, request: 2 };

function viewName(flow: FileFlow, node: SyntaxNode | undefined): string | undefined {
  const name = node ? flow.spec.adapter.stringValue(flow.spec.adapter.unwrap(node), flow.text) : undefined;
  return name !== undefined && name.length > 0 && name.length <= 200 && !/[\s<>{}]/.test(name) ? name : undefined;
}

function pythonRenders(flow: FileFlow, at: At): RenderCall[] {
  const out: RenderCall[] = [];
  for (const call of flow.calls) {
    const method = call.name.slice(call.name.lastIndexOf('.') + 1);
    let view: string | undefined;
    const locals: Record<string, Taint> = {};
    let opaque = false;
    if (method === 'render_template') {
      view = viewName(flow, call.args[0]);
      for (const [k, v] of call.kwargs) give(locals, k, flow.taint(v));
      opaque = call.args.slice(1).length > 0; // `**context` (or a positional the engine ignores)
    } else if (method === 'render' || method === 'render_to_response' || method === 'TemplateResponse') {
      // Django: render(request, 'x.html', context); render_to_response('x.html', context).
      const first = viewName(flow, call.args[0]);
      const viewAt = first !== undefined ? 0 : 1;
      view = first ?? viewName(flow, call.args[1]);
      const context = call.kwargs.get('context') ?? call.args[viewAt + 1];
      opaque = contextLocals(flow, context, locals);
    }
    if (view !== undefined) out.push(renderCall(view, at(call.node), locals, opaque));
  }
  return out;
}

function laravelRenders(flow: FileFlow, at: At): RenderCall[] {
  const out: RenderCall[] = [];
  for (const call of flow.calls) {
    if (call.name !== 'view' && !/^View\.make$/.test(call.name)) continue;
    const view = viewName(flow, call.args[0]);
    if (view === undefined) continue;
    const locals: Record<string, Taint> = {};
    let opaque = false;
    const data = call.args[1] ? flow.spec.adapter.unwrap(call.args[1]) : undefined;
    const compact = data ? flow.callOf(data) : undefined;
    if (compact?.name === 'compact') opaque = compactLocals(flow, compact, locals);
    else opaque = contextLocals(flow, data, locals);
    // `users.show` is resources/views/users/show.blade.php.
    out.push(renderCall(view.includes('/') ? view : view.replace(/\./g, '/'), at(call.node), locals, opaque));
  }
  return out;
}

/** `compact('q', 'user')`: each named variable's origin where it is assigned; opaque when one is not. */
function compactLocals(flow: FileFlow, call: Call, locals: Record<string, Taint>): boolean {
  let opaque = false;
  for (const a of call.args) {
    const name = flow.spec.adapter.stringValue(flow.spec.adapter.unwrap(a), flow.text);
    if (name === undefined) {
      opaque = true;
      continue;
    }
    const values = [...flow.valuesOf(call.node, name), ...flow.valuesOf(call.node, `$${name}`)];
    if (values.length === 0) opaque = true;
    give(locals, name, values.reduce<Taint>((t, v) => (ORDER[flow.taint(v)] > ORDER[t] ? flow.taint(v) : t), 'constant'));
  }
  return opaque;
}

/** Rails: each action of a controller renders its view with the instance variables it assigns. */
function railsRenders(flow: FileFlow, path: string, at: At): RenderCall[] {
  const controller = /(?:^|\/)app\/controllers\/(.+)_controller\.rb$/.exec(path.replace(/\\/g, '/'))?.[1];
  if (!controller || basename(path) === 'application_controller.rb') return [];
  const out: RenderCall[] = [];
  const methods = new Map<string, SyntaxNode>();
  for (const fn of flow.nodes) {
    const name = flow.spec.adapter.isFunction(fn) && fn.type === 'method' ? fn.children.find((c) => c.field === 'name') : undefined;
    if (name) methods.set(flow.text.slice(name.start, name.end), fn);
  }
  const callbacks = flow.spec.callbacks?.(flow.text) ?? [];
  // Each method read once, however many actions its callbacks run before.
  const read = new Map<SyntaxNode, ReturnType<typeof instanceVariables>>();
  const variablesOf = (m: SyntaxNode) => read.get(m) ?? read.set(m, instanceVariables(flow, m)).get(m)!;
  for (const [action, fn] of methods) {
    const own = variablesOf(fn);
    const locals: Record<string, Taint> = {};
    const markedSafe = new Set<string>();
    // The callbacks run before the action, in order: what the last of them assigns is what the action sees,
    // unless the action assigns it itself (`before_action :set_post` setting `@post`).
    const before = callbacksBefore(callbacks, action).map((m) => methods.get(m)).filter((m) => m !== undefined);
    for (const vars of [...before.map(variablesOf), own]) {
      for (const [name, v] of vars.values) {
        locals[name] = v.taint;
        if (v.markedSafe) markedSafe.add(name);
        else markedSafe.delete(name);
      }
    }
    const views = new Set([`${controller}/${action}`, ...own.views.map((v) => (v.includes('/') ? v : `${controller}/${v}`))]);
    const safe = markedSafe.size > 0 ? { markedSafe: [...markedSafe].sort() } : {};
    for (const view of views) out.push({ ...renderCall(view, at(fn), locals, false), ...safe });
  }
  return out;
}

/** The instance variables a Rails method assigns (worst origin each; marked safe by one of its values), and the views it names with `render`. */
function instanceVariables(flow: FileFlow, fn: SyntaxNode): { values: Map<string, { taint: Taint; markedSafe: boolean }>; views: string[] } {
  const locals: Record<string, Taint> = {};
  const safe = new Set<string>();
  const views: string[] = [];
  const stack = [...fn.children];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const [target, value] of flow.spec.adapter.binds(n)) {
      const t = flow.text.slice(target.start, target.end);
      if (!/^@\w+$/.test(t)) continue;
      give(locals, t.slice(1), flow.taint(value));
      if (MARKED_SAFE.test(flow.text.slice(value.start, value.end))) safe.add(t.slice(1));
    }
    const call = flow.callOf(n);
    if (call?.name === 'render' && call.args[0]) {
      const named = flow.text.slice(call.args[0].start, call.args[0].end).replace(/^:/, '').replace(/^['"]|['"]$/g, '');
      if (/^[\w/]+$/.test(named)) views.push(named);
    }
    if (!flow.spec.adapter.isFunction(n)) stack.push(...n.children);
  }
  return { values: new Map(Object.entries(locals).map(([k, t]) => [k, { taint: t, markedSafe: safe.has(k) }])), views };
}

/** A Rails value marked safe for output as it is: `raw x`, `raw(x)`, `x.html_safe`. */
const MARKED_SAFE = /^raw[\s(]|\.html_safe\s*$/;

function renderCall(view: string, at: string, locals: Record<string, Taint>, opaque: boolean): RenderCall {
  return { view, at, locals, ...(opaque ? { opaque: true as const } : {}) };
}
