import { field, named } from '../../dataflow/adapter';
import type { FileFlow } from '../../dataflow/flow';
import type { TreeRule } from '../../dataflow/rule';
import { defineTreeRule } from '../../dataflow/rule';
import type { Call, LanguageSpec } from '../../dataflow/language';
import type { SyntaxNode } from '../../treesitter/runtime';

export default defineTreeRule({
  meta: {
    id: 'static-iv',
    title: 'Cipher with a constant IV or nonce',
    description: 'An IV or nonce that is the same every time (a literal, a string, a zero buffer never filled from the CSPRNG) makes equal messages encrypt alike; with CTR, OFB or GCM two messages under one nonce give away their XOR, and GCM its authentication key.',
    recommendation: 'Fill a fresh IV or nonce for every message from `crypto/rand` (`io.ReadFull(rand.Reader, nonce)`) and store it next to the ciphertext.',
    category: 'crypto',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-329', 'CWE-1204'],
    owasp: ['A02:2021'],
    fixable: false,
  },
  keywords: ['Encrypter', 'NewCTR', 'NewOFB', 'Seal'],
  run(context) {
    const { flow, spec } = context;
    if (!spec.ivArguments) return;
    const judge = new Judge(flow, spec);
    for (const call of flow.calls) {
      const arg = ivArgument(flow, spec, call);
      if (!arg) continue;
      const why = staticIv(judge, arg, 0, new Set());
      if (why) context.report({ node: arg, message: `This ${/nonce/i.test(flow.source(arg)) ? 'nonce' : 'IV'} is the same every time (${why}): equal messages encrypt alike, and with CTR, OFB or GCM two messages under it give away their XOR. Fill a fresh one per message from crypto/rand.` });
    }
  },
}) satisfies TreeRule;

/** The IV argument of an encrypting call, if `call` is one (also through a local bound to it: `f = cipher.NewCTR; f(block, iv)`). */
function ivArgument(flow: FileFlow, spec: LanguageSpec, call: Call): SyntaxNode | undefined {
  const names = [call.name];
  if (/^\w+$/.test(call.name)) for (const v of flow.valuesOf(call.node, call.name)) names.push(flow.source(v));
  for (const site of spec.ivArguments ?? []) {
    const name = names.find((n) => site.call.test(n));
    if (name === undefined || (site.args !== undefined && call.args.length !== site.args)) continue;
    if (site.method && flow.importPath(/^\w+/.exec(name)![0]) !== undefined) continue;
    // The argument as written (`[]byte("…")`, `*p`), not what the adapter unwrapped it to.
    let arg = call.args[site.arg];
    while (arg?.parent && arg.parent.type !== 'argument_list' && arg.parent !== call.node) arg = arg.parent;
    return arg;
  }
  return undefined;
}

/** What `staticIv` asks about a file, memoised per run: local functions by name and who calls them. */
class Judge {
  private functions?: Map<string, SyntaxNode>;
  constructor(readonly flow: FileFlow, readonly spec: LanguageSpec) {}

  /** The file's top-level functions (`func name(…)`), by name. */
  functionNamed(name: string): SyntaxNode | undefined {
    if (!this.functions) {
      this.functions = new Map();
      for (const n of this.flow.fileNodes) {
        if (n.type !== 'function_declaration') continue;
        const id = field(n, 'name');
        if (id) this.functions.set(this.flow.source(id), n);
      }
    }
    return this.functions.get(name);
  }
}

/** `iv[:16]`, `&iv`, `*p`, `(iv)` → the buffer underneath. */
function buffer(flow: FileFlow, node: SyntaxNode): SyntaxNode {
  let n = flow.spec.adapter.unwrap(node);
  for (let i = 0; i < 4 && n.type === 'slice_expression'; i++) n = flow.spec.adapter.unwrap(field(n, 'operand') ?? n);
  return n;
}

/**
 * Why `node` holds the same bytes every run, or undefined when it may not: a literal, a conversion of
 * a constant, a zero buffer (`make([]byte, n)`), a function literal called at once that returns only
 * such values, a local bound only to such values and never handed to a call that may fill it, or a
 * parameter every caller in the file passes such a value.
 */
function staticIv(judge: Judge, node: SyntaxNode, depth: number, seen: Set<string>): string | undefined {
  const { flow, spec } = judge;
  const a = spec.adapter;
  if (depth > 6) return undefined;
  const n = buffer(flow, node);
  const name = a.name(n, flow.text);
  if (name !== undefined && /^\w+$/.test(name) && !a.isLiteral(n)) return staticName(judge, n, name, depth, seen);
  if (a.isLiteral(n) || flow.constant(n) !== undefined) return 'a constant';
  if (n.type === 'composite_literal') return named(field(n, 'body') ?? n).every((e) => flow.constant(e) !== undefined) ? 'a literal' : undefined;
  const call = flow.callOf(n);
  if (call) {
    if (spec.zeroBuffers?.test(call.name)) return 'a zero buffer never filled from crypto/rand';
    const fn = field(n, 'function');
    if (fn?.type !== 'func_literal') return undefined;
    const returns = flow.fileNodes.filter((r) => r.type === 'return_statement' && r.start > fn.start && r.end <= fn.end && flow.enclosingFunction(r) === fn);
    const whys = returns.map((r) => (named(r)[0] ? staticIv(judge, named(r)[0]!, depth + 1, seen) : undefined));
    return whys.length > 0 && whys.every((w) => w) ? whys[0] : undefined;
  }
  return undefined;
}

/** A local, package variable or parameter named `name` at `n`: see `staticIv`. */
function staticName(judge: Judge, n: SyntaxNode, name: string, depth: number, seen: Set<string>): string | undefined {
  const { flow, spec } = judge;
  const a = spec.adapter;
  const fn = flow.enclosingFunction(n);
  const params = a.isFunction(fn) ? a.params(fn, flow.text) : [];
  const index = params.findIndex((p) => p.name === name);
  if (index >= 0) return staticParam(judge, fn, index, name, depth, seen);
  const values = flow.valuesOf(n, name);
  if (values.length === 0) return undefined;
  let why: string | undefined;
  for (const v of values) {
    const w = staticIv(judge, v, depth + 1, seen);
    if (!w) return undefined;
    why ??= w;
  }
  return filled(judge, flow.enclosingFunction(values[0]!), name, 0) ? undefined : why;
}

/** A parameter (not a method's): static when the file calls its function, and every call passes a static value there. */
function staticParam(judge: Judge, fn: SyntaxNode, index: number, name: string, depth: number, seen: Set<string>): string | undefined {
  const { flow } = judge;
  if (fn.type !== 'function_declaration' || filled(judge, fn, name, 0, new Set([`${fn.start}#${index}`]))) return undefined;
  const fnName = flow.source(field(fn, 'name') ?? fn);
  const key = `${fnName}#${index}`;
  // A recursive call passing the parameter on adds no value of its own.
  if (seen.has(key)) return 'passed on';
  const callers = flow.fileCalls.filter((c) => c.name === fnName && c.args[index]);
  if (callers.length === 0) return undefined;
  const inner = new Set(seen).add(key);
  let why: string | undefined;
  for (const c of callers) {
    const w = staticIv(judge, c.args[index]!, depth + 1, inner);
    if (!w) return undefined;
    if (w !== 'passed on') why = w;
  }
  return why && `${why}, passed in by every caller`;
}

/**
 * Is `name` (or a local bound to part of it: `sub := iv[4:]`, `p := &iv`) handed, within `scope`, to a
 * call that may write it: any call but those that only read a buffer, a copy's source, and the file's
 * own functions that do not pass it on to such a call?
 */
function filled(judge: Judge, scope: SyntaxNode, name: string, depth: number, seen = new Set<string>()): boolean {
  const { flow, spec } = judge;
  const inScope = (n: SyntaxNode) => n.start >= scope.start && n.end <= scope.end;
  const aliases = new Set([name]);
  // Aliases of aliases, up to three steps; a round that adds none ends the search.
  for (let round = 0, size = 0; round < 3 && aliases.size > size; round++) {
    size = aliases.size;
    for (const node of flow.fileNodes) {
      if (!inScope(node)) continue;
      for (const [t, v] of spec.adapter.binds(node)) {
        const target = spec.adapter.name(t, flow.text);
        const from = spec.adapter.name(buffer(flow, v), flow.text);
        if (target && from && aliases.has(from)) aliases.add(target);
      }
    }
  }
  for (const call of flow.fileCalls) {
    if (!inScope(call.node)) continue;
    for (const [i, arg] of call.args.entries()) {
      const argName = spec.adapter.name(buffer(flow, arg), flow.text);
      if (!argName || !aliases.has(argName)) continue;
      if (spec.bufferReaders?.test(call.name) || (spec.bufferCopies?.test(call.name) && i > 0) || ivArgument(flow, spec, call) === arg) continue;
      const local = depth < 3 && /^\w+$/.test(call.name) ? judge.functionNamed(call.name) : undefined;
      const param = local ? spec.adapter.params(local, flow.text)[i] : undefined;
      // A recursive call hands the buffer to a function already being looked at.
      const key = `${local?.start}#${i}`;
      if (local && param && (seen.has(key) || !filled(judge, local, param.name, depth + 1, new Set(seen).add(key)))) continue;
      return true;
    }
  }
  return false;
}
