import { worst, type Taint } from '../engine/origin';
import type { SyntaxNode } from '../treesitter/runtime';
import { callbacksBefore, sanitizes, type Call, type Adapter, type Callback, type LanguageSpec, type Param, type SinkClass } from './language';

/**
 * The language-neutral data-flow check (the same idea as engine/taint.ts for JS): where does a value
 * come from? `request` (client data: a request parameter, header, cookie, body), `constant` (literals
 * and what is built only from them) or `unknown`. It follows assignments, declarations, loop variables
 * and `append`-style mutation inside the enclosing function (and the functions around it), string
 * building, pass-through calls and sanitisers. Within a function it is flow-sensitive where that is
 * cheap: an assignment that always runs before a use hides the earlier ones, branches whose condition
 * is a constant (`(7 * 18) + num > 200`, a switch on a constant) are dead, and `map.get("k")` /
 * `list.get(1)` read what was put under that key or index. Across the functions of one file it follows
 * calls (a call takes the origin of what the function returns, given its arguments' origins) and
 * parameters (a parameter takes the worst origin of the arguments at the file's call sites), bounded
 * in depth and memoised; fields assigned in one method are read in another. It never crosses files.
 */
// The three origins and their order are shared with the JS engine (engine/origin.ts).
export { worst, type Taint } from '../engine/origin';

const MAX_DEPTH = 24;
/** Calls followed into functions of the same file, nested. */
const MAX_CALL_DEPTH = 3;
/** Call sites looked at for one parameter's origin. */
const MAX_CALL_SITES = 16;
/** Evaluation steps per file before everything not yet known is `unknown` (work, never time: same verdict on every machine). */
export const MAX_STEPS = 400_000;

/** A string built from pieces: its literal text with `?` for each dynamic part, and those parts. */
export interface Shape {
  text: string;
  dynamic: SyntaxNode[];
}

/** A binding of a name: an assignment, declaration, loop variable, or a mutation (`list.add(x)`). */
interface Def {
  target: SyntaxNode;
  value: SyntaxNode;
  /** Adds to what the name holds instead of replacing it (`sb.append(x)`, `map.put(k, x)`). */
  weak?: boolean;
  call?: Call;
}

/** The arguments' origins a function is evaluated with (a call being followed). */
interface Frame {
  fn: SyntaxNode;
  args: Taint[];
  depth: number;
}

export type Constant = string | number | boolean | null;

/** printf verbs whose output is only digits, signs, hex or `true`/`false`. */
const NUMBER_VERB = /^[dboOxXeEfFgGtcU]$/;

/** The verbs of a printf template in order (`%%` left out); undefined when an argument index (`%[2]d`, `%1$s`) reorders them. */
function printfVerbs(template: string): string[] | undefined {
  const out: string[] = [];
  for (const m of template.matchAll(/%([-+# 0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?)([a-zA-Z%\[])/g)) {
    if (m[2] === '%') continue;
    if (m[2] === '[' || /\$/.test(m[1]!) || m[1]!.includes('*')) return undefined;
    out.push(m[2]!);
  }
  return out;
}

/** Node types that run their children conditionally or repeatedly, by the words of their type name. */
const CONDITIONAL_WORDS = new Set(['if', 'else', 'elif', 'elsif', 'ternary', 'conditional', 'switch', 'case', 'for', 'foreach', 'while', 'do', 'loop', 'until', 'catch', 'try', 'except', 'rescue', 'ensure', 'lambda', 'when', 'unless', 'select', 'match', 'default', 'guard', 'communication']);
const LOOP_WORDS = new Set(['for', 'foreach', 'while', 'do', 'loop', 'until']);
/** `FileFlow.calleeHead`: the local a call's other names replace, and what every one of them ends with. */
interface CalleeHead {
  local: string;
  end: string;
}
/** Each unit's `memberKeys`, by its node list (kept with a unit the parse reused whole). */
const unitMembers = new WeakMap<readonly SyntaxNode[], readonly (readonly [string, SyntaxNode])[]>();
/** Does a node type name one of `words` among its `_`-separated words? Answered once per type and word set (node types are few; the reachability checks ask for every ancestor of every binding). */
const typeWordMemo = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();
function typeHasWord(type: string, words: ReadonlySet<string>): boolean {
  let byType = typeWordMemo.get(words);
  if (!byType) typeWordMemo.set(words, (byType = new Map()));
  let has = byType.get(type);
  if (has === undefined) byType.set(type, (has = type.split('_').some((w) => words.has(w))));
  return has;
}
const SHORT_CIRCUIT = new Set(['&&', '||', 'and', 'or', '??']);
const RETURN = /^return(?:_statement)?$/;
/** Parameter nodes that take the remaining arguments. */
const VARIADIC = /^variadic_parameter/;
/** Collection methods replayed in order for `list.get(i)` (index-based lists). */
const LIST_OPS = /^(?:add|Add|append|push|remove|Remove|RemoveAt|clear|Clear|set|insert|Insert)$/;
const GETTERS = /^(?:get|getOrDefault|Get|GetValueOrDefault|charAt|elementAt|ElementAt)$/;
const TYPE_DECLARATION = /^(?:class|interface|struct|record|enum)_declaration$/;
const NONE: readonly [string, string][] = [];
const NO_MEMBERS: readonly [string, SyntaxNode][] = Object.freeze([]);
/** A subtree that binds nothing (`subtreeDefs`). */
const NO_DEFS: readonly (readonly [string, Def])[] = Object.freeze([]);
/** The values (`valuesOf`) of a name whose every reaching binding only adds to what it held. */
const ONLY_ADDED = new WeakSet<readonly SyntaxNode[]>();

/**
 * The names an assignment's target binds, each handed to `bind` with its definition. A name binds the
 * value; a subscript (`d["k"] = v`, `params[:action] = :index`, `a[i] = v`) adds the value to its container,
 * which keeps what it held (a weak binding of the container; the key is read, not bound); a tuple or list
 * target gives each name in it the whole value (an over-approximation that keeps request data).
 */
function eachTargetName(adapter: Adapter, text: string, target: SyntaxNode, value: SyntaxNode, weak: boolean | undefined, call: Call | undefined, bind: (name: string, def: Def) => void): void {
  const name = adapter.name(target, text);
  if (name !== undefined) return bind(name, { target, value, weak, call });
  const container = adapter.subscriptOf(target);
  if (container) return eachTargetName(adapter, text, container, value, true, call, bind);
  for (const c of target.children) if (c.named) eachTargetName(adapter, text, c, value, weak, call, bind);
}

/**
 * A part of the file the rules are run on one at a time: the root (everything outside the file's
 * outermost declared functions: imports, class bodies, module code, lambdas there) or one outermost
 * declared function or method with all it holds (nested functions too), or one outermost block of a
 * type the language names (`LanguageSpec.unitBlocks`: Ruby's `it "…" do … end`). A finding belongs to the unit
 * whose node the rule was looking at; see `run.ts` for how an edit inside one unit reuses the others'.
 */
export interface FlowUnit {
  /** The function's node (the root for unit 0). */
  node: SyntaxNode;
  /** Its nodes (pre-order) and calls, nested functions included. */
  nodes: SyntaxNode[];
  calls: Call[];
  /** The functions among its nodes (itself when it is one), pre-order: what the file lists by name (`functionsByName`). */
  functions: SyntaxNode[];
  /**
   * A block unit's bindings in the scope around it, by name, in the order `bindingsOf` meets them: kept
   * with the unit, so a flow that takes the unit as it was does not walk it again for the root's bindings.
   */
  defs?: [string, Def][];
  /** Its last `unitCode`, where each node's piece ends in it, and the nodes it was read from (see `unitCodeIs`). */
  codeHint?: CodeHint;
}

interface CodeHint {
  code: string;
  ends: Int32Array;
  nodes: readonly SyntaxNode[];
}

/** Function node types that start a unit when outermost: declarations, not expressions (lambdas stay in the code around them). */
const EXPRESSION_FUNCTION = /lambda|literal|anonymous|arrow/;

const FIELDS = 'fields ';
const BINDS = 'binds ';

/** The names a block unit binds in the scope around it, read from its `unitFacts`. */
export function bindsInFacts(facts: string | undefined): string[] {
  const at = facts?.lastIndexOf(`\n${BINDS}`) ?? -1;
  if (at < 0) return [];
  const end = facts!.indexOf('\n', at + 1);
  return facts!.slice(at + 1 + BINDS.length, end < 0 ? undefined : end).split(',').filter((k) => k !== '');
}

/** The fields a unit assigns, read from its `unitFacts`. */
export function fieldsInFacts(facts: string | undefined): string[] {
  const at = facts?.lastIndexOf(`\n${FIELDS}`) ?? -1;
  return at < 0 ? [] : facts!.slice(at + 1 + FIELDS.length).split(',').filter((k) => k !== '');
}

/** `node`'s first child in grammar field `name` (a loop, not `find` with a closure: asked of every node of a unit). */
function childIn(node: SyntaxNode, name: string): SyntaxNode | undefined {
  const cs = node.children;
  for (let i = 0; i < cs.length; i++) if (cs[i]!.field === name) return cs[i];
  return undefined;
}

const SLASH = 0x2f;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const DIGIT_0 = 0x30;

export class FileFlow {
  private fileNodesList?: SyntaxNode[];
  private fileCallsList?: Call[];
  /** The unit `focus` chose, if any. */
  private focused?: FlowUnit;
  /** Per unit, how many of the root's nodes and calls come before it in the file's pre-order (where `fileNodes` puts its own). */
  private readonly rootBefore: { nodes: number; calls: number }[] = [{ nodes: 0, calls: 0 }];
  /** The root (0) and each outermost declared function, in document order. */
  readonly units: FlowUnit[];
  private readonly bindings = new Map<SyntaxNode, Map<string, Def[]>>();
  private readonly paramsCache = new Map<SyntaxNode, Param[]>();
  private readonly requestParams = new Map<SyntaxNode, Set<string>>();
  private readonly requestObjects = new Map<SyntaxNode, Set<string>>();
  /** Every call of the file by its node: taken over from the previous version's flow and brought up to date (see the constructor). */
  private callByNode: Map<SyntaxNode, Call>;
  private readonly memo = new Map<SyntaxNode, Taint>();
  private readonly functionsByName = new Map<string, SyntaxNode[]>();
  private readonly summaries = new Map<string, Taint>();
  private readonly inProgress = new Set<string>();
  private readonly paramMemo = new Map<string, Taint>();
  private readonly deadMemo = new Map<SyntaxNode, boolean>();
  private readonly constMemo = new Map<SyntaxNode, Constant | undefined>();
  private callersCache?: Map<SyntaxNode, Call[]>;
  private memberDefsCache?: Map<string, SyntaxNode[]>;
  private callbacksCache?: readonly Callback[];
  private importedModulesCache?: Set<string>;
  private importPathsCache?: Map<string, string>;
  private importedNamesCache?: Map<string, string>;
  private declarationsCache?: Map<string, string[]>;
  private typeNamesCache?: Set<string>;
  private readonly fieldReadersCache = new Map<string, Set<number>>();
  private readonly nameMentionsCache = new Map<string, Set<number>>();
  private readonly unitCodeCache = new Map<number, string>();
  /** The previous flow's units' `codeHint`s, by unit. */
  private readonly codeHints?: readonly (CodeHint | undefined)[];
  /** `unitFacts` by unit: asked for by the reuse plan and again when the analysis is kept. */
  private readonly unitFactsCache = new Map<number, string>();
  private rootTextCache?: string;
  private readonly constBusy = new Set<SyntaxNode>();
  private calleeNamesMemo = new Map<Call, readonly string[]>();
  /**
   * Built from the previous version by `keepFrom` (a keystroke): the rules then rule sinks out by the endings
   * of a call's other names (`calleeNamesEnd`). Not on a document's first analysis, where reading a language's
   * sink patterns for the first time in the process (tens of milliseconds of cold code) would cost more than it
   * saves; that reading is the first keystroke's.
   */
  typing = false;
  private calleeHeadMemo = new Map<Call, CalleeHead | null>();
  private readonly valuesMemo = new Map<SyntaxNode, { name: string; values: readonly SyntaxNode[]; others?: Map<string, readonly SyntaxNode[]> }>();
  private readonly callNotes = new Map<readonly Call[], Map<object, readonly number[]>>();
  private subtreeMemo = new Map<SyntaxNode, { type: string; defs: readonly (readonly [string, Def])[] }>();
  private readonly fileTextMemo = new Map<RegExp, boolean>();
  private readonly returnsMemo = new Map<SyntaxNode, { node: SyntaxNode; values: SyntaxNode[] }[]>();
  /** The functions whose returns `returnShape` is reading, outermost first. */
  private readonly shaping = new Set<SyntaxNode>();
  private steps = 0;

  /**
   * `previous`: the same document's previous flow (same language). A function unit whose node is the
   * very object it was there is a subtree the incremental parse reused whole (the same text, moved):
   * its nodes, calls and functions are taken as they were instead of being listed again, and the
   * previous flow's calls by node are taken over (the previous flow keeps none: it is done with), with
   * the calls of the units it had and this one has not replaced by this one's. A keystroke inside one
   * function so lists the root and that function, not the file.
   */
  constructor(readonly text: string, readonly spec: LanguageSpec, readonly root: SyntaxNode, previous?: FileFlow) {
    const top: FlowUnit = { node: root, nodes: [], calls: [], functions: [] };
    const added: FlowUnit[] = [top];
    this.units = [top];
    let unit = top;
    const stack: SyntaxNode[] = [root];
    const before = previous && previous.units.length > 1 ? new Map(previous.units.slice(1).map((u) => [u.node, u])) : undefined;
    this.codeHints = previous?.units.map((u) => u.codeHint);
    while (stack.length > 0) {
      const node = stack.pop()!;
      // Pre-order: a node past the current function's end is back in the root.
      if (unit !== top && (node.start >= unit.node.end || node.end > unit.node.end)) unit = top;
      const fn = spec.adapter.isFunction(node);
      const starts = fn || spec.unitBlocks?.has(node.type) === true;
      const kept = starts && unit === top ? before?.get(node) : undefined;
      if (kept && this.isUnit(node)) {
        this.rootBefore.push({ nodes: top.nodes.length, calls: top.calls.length });
        this.units.push(kept);
        before!.delete(node);
        for (const f of kept.functions) this.nameFunction(f);
        continue;
      }
      if (starts && unit === top && this.isUnit(node)) {
        this.rootBefore.push({ nodes: top.nodes.length, calls: top.calls.length });
        this.units.push((unit = { node, nodes: [], calls: [], functions: [] }));
        added.push(unit);
      }
      unit.nodes.push(node);
      const call = spec.adapter.call(node, text);
      if (call) unit.calls.push(call);
      if (fn) {
        unit.functions.push(node);
        this.nameFunction(node);
      }
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
    // The calls by node: the previous flow's, less the calls of its units not taken over (its root's
    // among them), plus this flow's new units' and root's.
    if (previous && before) {
      this.callByNode = previous.callByNode;
      previous.callByNode = new Map();
      for (const call of previous.units[0]!.calls) this.callByNode.delete(call.node);
      for (const gone of before.values()) for (const call of gone.calls) this.callByNode.delete(call.node);
    } else this.callByNode = new Map();
    for (const u of previous && before ? added : this.units) for (const call of u.calls) this.callByNode.set(call.node, call);
  }

  /** Every node of the file, pre-order: for looking things up (listed when first asked for). */
  get fileNodes(): SyntaxNode[] {
    return (this.fileNodesList ??= this.inFileOrder((u) => u.nodes, 'nodes'));
  }

  /** Every call of the file, in the order of their nodes. */
  get fileCalls(): Call[] {
    return (this.fileCallsList ??= this.inFileOrder((u) => u.calls, 'calls'));
  }

  /** How many nodes the file has (without listing them). */
  get fileNodeCount(): number {
    let n = 0;
    for (const u of this.units) n += u.nodes.length;
    return n;
  }

  /** The units' lists merged in the file's pre-order: each function unit's after the root's that come before it. */
  private inFileOrder<T>(of: (unit: FlowUnit) => T[], key: 'nodes' | 'calls'): T[] {
    const rootList = of(this.units[0]!);
    const out: T[] = [];
    let at = 0;
    for (let u = 1; u < this.units.length; u++) {
      const unit = this.units[u]!;
      for (const until = this.rootBefore[u]![key]; at < until; at++) out.push(rootList[at]!);
      for (const x of of(unit)) out.push(x);
    }
    for (; at < rootList.length; at++) out.push(rootList[at]!);
    return out;
  }

  /**
   * The nodes and calls rules check (look at to report): the whole file, or the one unit `focus` chose.
   * A rule iterates these; to look something up elsewhere in the file it reads `fileNodes`/`fileCalls`.
   */
  get nodes(): SyntaxNode[] {
    return this.focused ? this.focused.nodes : this.fileNodes;
  }

  get calls(): Call[] {
    return this.focused ? this.focused.calls : this.fileCalls;
  }

  /** Lists function `node` under its name (`functionsByName`). */
  private nameFunction(node: SyntaxNode): void {
    const name = node.children.find((c) => c.field === 'name');
    if (!name) return;
    const key = this.text.slice(name.start, name.end);
    const list = this.functionsByName.get(key);
    if (list) list.push(node);
    else this.functionsByName.set(key, [node]);
  }

  /** Rules check unit `index` only from here (`undefined`: the whole file again). */
  focus(index: number | undefined): void {
    this.focused = index === undefined ? undefined : this.units[index]!;
  }

  /** Evaluation steps taken so far (the work cap, MAX_STEPS, applies to the file's whole analysis). */
  get stepsTaken(): number {
    return this.steps;
  }

  /** Has the analysis reached the work cap (from there on, what is not yet known is `unknown`)? */
  get capped(): boolean {
    return this.steps > MAX_STEPS;
  }

  /** The unit (index into `units`) `node` is in. */
  unitOf(node: SyntaxNode): number {
    let outermost: SyntaxNode | undefined;
    for (let n: SyntaxNode | undefined = node; n; n = n.parent) if (this.startsUnit(n)) outermost = n;
    if (!outermost || !this.isUnit(outermost)) return 0;
    let lo = 1;
    let hi = this.units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.units[mid]!.node;
      if (u === outermost) return mid;
      if (u.start < outermost.start || (u.start === outermost.start && u.end > outermost.end)) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /**
   * What the rest of the file can see of unit `index` (a function): its header (type, name, parameters,
   * what makes it a handler), the functions declared in it (callable by name from anywhere), the types
   * and typed names it declares (read for receivers' types). Two versions of a function with the same
   * facts give the other functions the same answers, except through calls between them (see
   * `callLinks`) and through the fields it assigns (`this.x`, `self.x`, `@x`: their names are facts, the
   * values reach the units that read them, `fieldReaders`). What makes it a handler is compared with
   * its spacing collapsed (a space typed after a Java `@Override`): the only reading of it, the
   * `HANDLER` test, gives the same answer either way.
   */
  unitFacts(index: number): string {
    let facts = this.unitFactsCache.get(index);
    if (facts === undefined) this.unitFactsCache.set(index, (facts = this.computeUnitFacts(index)));
    return facts;
  }

  private computeUnitFacts(index: number): string {
    const unit = this.units[index]!;
    const fn = unit.node;
    const a = this.spec.adapter;
    // A block (`unitBlocks`) has no name: the call it is given to is the root's code.
    const block = this.spec.unitBlocks?.has(fn.type) === true;
    const out: string[] = [fn.type, block ? '' : this.source(fn.children.find((c) => c.field === 'name') ?? fn).slice(0, 200), (this.spec.adapter.handlerContext?.(fn, this.text) ?? '').replace(/\s+/g, ' ')];
    for (const p of this.params(fn)) out.push(`param ${p.name}:${p.type}:${p.annotations}`);
    const fields = new Set<string>();
    // A block's bindings are the scope around it's: the names it binds there (not in functions it declares).
    const bound = new Set<string>();
    const bind = (target: SyntaxNode) => {
      const name = a.name(target, this.text);
      if (name !== undefined) bound.add(name);
      else for (const c of target.children) if (c.named) bind(c);
    };
    let inFunctionUntil = -1;
    // (Indexed loops and no closures per node: this runs on every node of the edited unit, every keystroke.)
    const nodes = unit.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node !== fn && a.isFunction(node)) {
        const name = childIn(node, 'name');
        out.push(`fn ${name ? this.source(name) : ''}/${this.params(node).length}`);
        inFunctionUntil = Math.max(inFunctionUntil, node.end);
      }
      if (TYPE_DECLARATION.test(node.type)) out.push(`type ${this.source(childIn(node, 'name') ?? node).slice(0, 200)}`);
      const declared = this.declared(node);
      for (let d = 0; d < declared.length; d++) out.push(`decl ${declared[d]![0]}:${declared[d]![1]}`);
      if (block && node.start >= inFunctionUntil) this.bindingsAt(node, bind);
    }
    // The fields it assigns: the unit's member keys, listed once for this version of it (`memberDefs` reads the same list).
    const members = this.unitMemberKeys(unit);
    for (let i = 0; i < members.length; i++) fields.add(members[i]![0]);
    if (block) out.push(`${BINDS}${[...bound].sort().join(',')}`);
    out.push(`${FIELDS}${[...fields].sort().join(',')}`);
    return out.join('\n');
  }

  /**
   * The other units that assign or may read a field unit `index` assigns (`this.x`, `self.x`, `Me.x`,
   * `@x`): every unit whose text names it as a word (as `this.x`, `self.x`, `base.x`, `@x`, or plainly
   * `x`, which the evaluation reads as the field where no scope around binds `x`), the root included.
   * What the unit assigns reaches them. `writers`: each field's assigning units, as the units' facts
   * give them (`fieldsInFacts`). (Telling a plain `x` bound nearby from a field costs more than running
   * the few units it would leave out.)
   */
  fieldSharers(index: number, writers: ReadonlyMap<string, ReadonlySet<number>>): Set<number> {
    const out = new Set<number>();
    for (const [key, units] of writers) {
      if (!units.has(index)) continue;
      for (const u of units) if (u !== index) out.add(u);
      let readers = this.fieldReadersCache.get(key);
      if (!readers) {
        this.fieldReadersCache.set(key, (readers = new Set()));
        const word = new RegExp(`(?<!\\w)${key}(?!\\w)`);
        this.units.forEach((unit, u) => {
          if (word.test(u === 0 ? this.rootText() : this.source(unit.node))) readers!.add(u);
        });
      }
      for (const u of readers) if (u !== index && (u === 0 || this.mayReadField(u, key))) out.add(u);
    }
    return out;
  }

  /**
   * The other units linked to unit `index` through a name a block unit binds (`bindsInFacts`;
   * `binders`: each such name's binding units): when unit `index` names it as a word, every unit that
   * names it (the binding is in the scope they all read, functions included) and every unit binding
   * it: a new value bound there, or a use of another block's binding, may change their findings. As
   * with fields, an edit that leaves the unit's code as it was (`unitCode`) binds the same values and
   * needs none of them. The root runs anyway and links nothing here.
   */
  nameSharers(index: number, binders: ReadonlyMap<string, ReadonlySet<number>>): Set<number> {
    const out = new Set<number>();
    if (index === 0) return out;
    const text = this.source(this.units[index]!.node);
    for (const [key, units] of binders) {
      const word = new RegExp(`(?<!\\w)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
      if (!word.test(text)) continue;
      let named = this.nameMentionsCache.get(key);
      if (!named) {
        this.nameMentionsCache.set(key, (named = new Set()));
        for (let u = 1; u < this.units.length; u++) if (word.test(this.source(this.units[u]!.node))) named.add(u);
      }
      for (const u of named) if (u !== index) out.add(u);
      for (const u of units) if (u !== index) out.add(u);
    }
    return out;
  }

  /**
   * May function unit `index` read the field `key`? Only as the evaluation reads a field: as a member
   * of the object itself (`self.key`, `this.key`, `Me.key`, `base.key`, `$this->key`; a member of any
   * other receiver, `resp.key`, is not the field), or plainly (`key`, read as the field only where no
   * scope around binds it: not when the unit's function binds it, as a parameter or a local, since
   * every plain name in the unit then resolves before the field). Anything else naming the word (`@key`,
   * `$key`, `::key`, `(…).key`, a comment, a keyword argument's name) counts as a read unless it is
   * plain and the function binds the name.
   */
  private mayReadField(index: number, key: string): boolean {
    const fn = this.units[index]!.node;
    const text = this.source(fn);
    let bound: boolean | undefined;
    let silent: [number, number][] | undefined;
    for (const m of text.matchAll(new RegExp(`(?<!\\w)${key}(?!\\w)`, 'g'))) {
      silent ??= this.silentRanges(index);
      const at = fn.start + m.index;
      if (silent.some(([s, e]) => s <= at && at < e)) continue;
      const before = text.slice(Math.max(0, m.index - 64), m.index);
      const member = /(?:\.|->)\s*$/.exec(before);
      if (member) {
        const head = before.slice(0, member.index).replace(/\s*[?&]?\s*$/, '');
        const receiver = /\$?(\w+)$/.exec(head);
        // `(…).key`, `x[0].key`, or a receiver cut by the window: not known.
        if (!receiver || (receiver.index === 0 && m.index > before.length)) return true;
        // `self.key`; `a.self.key` and `self.a.key` are no field of the object itself.
        if (/^(?:this|self|Me|base)$/.test(receiver[1]!) && !/(?:\.|->|::)\s*$/.test(head.slice(0, receiver.index))) return true;
        continue;
      }
      // `getattr(self, "key")` names the field in a string.
      if (/[@$:"'`]\s*$/.test(before)) return true;
      bound ??= this.params(fn).some((p) => p.name === key) || (this.bindingsOf(fn).get(key)?.length ?? 0) > 0;
      if (!bound) return true;
    }
    return false;
  }

  /**
   * The comments of unit `index` and its docstrings (a literal standing alone as a statement): text
   * the evaluation never reads as a name.
   */
  private silentRanges(index: number): [number, number][] {
    const out: [number, number][] = [];
    for (const node of this.units[index]!.nodes) {
      if (/comment/.test(node.type) || this.isDocstring(node)) out.push([node.start, node.end]);
    }
    return out;
  }

  /** The file's text outside its function units (what the root holds). */
  private rootText(): string {
    if (this.rootTextCache !== undefined) return this.rootTextCache;
    let out = '';
    let at = 0;
    for (const unit of this.units.slice(1)) {
      out += `${this.text.slice(at, unit.node.start)}\n`;
      at = unit.node.end;
    }
    return (this.rootTextCache = out + this.text.slice(at));
  }

  /**
   * The root's code without its layout: each of its nodes in order with its type, field and number of
   * children, and a leaf's text. Equal before and after an edit when the edit only changed spacing
   * between the root's tokens (a space typed at the end of a line between two methods), or the text of
   * a comment or of a literal standing alone as a statement (a docstring): no other unit reads those
   * (a name binds nothing there; suppression comments are the engine's, read after the rules).
   */
  rootFacts(): string {
    return this.unitCode(0);
  }

  /**
   * Unit `index`'s code without its layout, comments and docstrings (as `rootFacts` for the root). Two
   * versions of a function with the same code give every other unit the same answers: values, calls,
   * fields and declarations are all read from its nodes, never from the spacing or comments between them.
   */
  unitCode(index: number): string {
    const known = this.unitCodeCache.get(index);
    if (known !== undefined) return known;
    let out = '';
    const unit = this.units[index]!;
    const ends = new Int32Array(unit.nodes.length);
    let i = 0;
    this.eachCodeNode(index, (node, withText) => {
      out += `${node.type}/${node.field ?? ''}/${node.children.length}${withText ? `:${this.source(node)}` : ''}\n`;
      ends[i++] = out.length;
      return true;
    });
    this.unitCodeCache.set(index, out);
    unit.codeHint = { code: out, ends, nodes: unit.nodes };
    return out;
  }

  /**
   * Unit `index`'s nodes in order, each with whether its text is part of the unit's code (a leaf that is
   * not a comment nor inside a docstring): what `unitCode` writes and `unitCodeIs` compares. Stops, and
   * answers false, when `each` does.
   */
  private eachCodeNode(index: number, each: (node: SyntaxNode, withText: boolean) => boolean): boolean {
    let silentUntil = -1;
    for (const node of this.units[index]!.nodes) {
      if (node.start >= silentUntil && this.isDocstring(node)) silentUntil = node.end;
      if (!each(node, node.children.length === 0 && node.end > silentUntil && !node.type.includes('comment'))) return false;
    }
    return true;
  }

  /**
   * Is unit `index`'s `unitCode` the string `code` (an earlier version's)? Compared piece by piece as
   * `unitCode` would write it, without writing it: most edits leave the root's code as it was, and
   * writing it out after every keystroke was a fifth of a Java keystroke's garbage. When equal, `code`
   * is also this version's `unitCode`.
   */
  unitCodeIs(index: number, code: string): boolean {
    const known = this.unitCodeCache.get(index);
    if (known !== undefined) return known === code;
    const text = this.text;
    const unit = this.units[index]!;
    // The previous version's pieces, when it wrote (or matched) this very code: a node that is the same
    // object there, at the same place in the list and in the code, is a subtree the parse reused (same
    // children, same text, moved), so once its type and field are compared (the parse may re-read those
    // from its new parent) its piece is known to be the same, but for whether its text is written out
    // (inside a docstring or not), which the piece's length tells. Skipping those is most of the root
    // after a keystroke inside a function.
    const hint = this.codeHints?.[index] ?? unit.codeHint;
    const old = hint !== undefined && hint.code === code ? hint : undefined;
    const ends = new Int32Array(unit.nodes.length);
    let i = 0;
    let at = 0;
    const next = (part: string): boolean => {
      if (!code.startsWith(part, at)) return false;
      at += part.length;
      return true;
    };
    const same = this.eachCodeNode(index, (node, withText) => {
      const count = node.children.length;
      const from = at;
      if (!next(node.type) || code.charCodeAt(at++) !== SLASH || !next(node.field ?? '') || code.charCodeAt(at++) !== SLASH) return false;
      if (old && old.nodes[i] === node && from === (i === 0 ? 0 : old.ends[i - 1])) {
        const end = old.ends[i]!;
        if (end - at === (count < 10 ? 1 : String(count).length) + (withText ? 1 + node.end - node.start : 0) + 1) {
          at = ends[i++] = end;
          return true;
        }
      }
      if (count < 10 ? code.charCodeAt(at++) !== DIGIT_0 + count : !next(String(count))) return false;
      if (withText) {
        if (code.charCodeAt(at++) !== COLON) return false;
        const length = node.end - node.start;
        if (at + length > code.length) return false;
        for (let k = 0; k < length; k++) if (code.charCodeAt(at + k) !== text.charCodeAt(node.start + k)) return false;
        at += length;
      }
      if (code.charCodeAt(at++) !== NEWLINE) return false;
      ends[i++] = at;
      return true;
    });
    if (!same) return false;
    if (at !== code.length) return false;
    this.unitCodeCache.set(index, code);
    unit.codeHint = { code, ends, nodes: unit.nodes };
    return true;
  }

  /** A literal standing alone as a statement (a docstring): nothing reads it as a value. */
  private isDocstring(node: SyntaxNode): boolean {
    if (!node.type.includes('expression_statement')) return false;
    // The one named child that is not a comment (counted without a list: this runs on every statement of a unit's code).
    let only: SyntaxNode | undefined;
    for (const c of node.children) {
      if (!c.named || /comment/.test(c.type)) continue;
      if (only) return false;
      only = c;
    }
    return only !== undefined && this.spec.adapter.isLiteral(only);
  }

  /**
   * The units whose functions the calls of unit `from` (of every unit when undefined) may run, as
   * `from>to` (the root included; calls within a unit left out). What one unit's calls reach depends
   * only on its own text and the other units' facts (names, parameters, types, declarations).
   */
  callLinks(from?: number): Set<string> {
    const links = new Set<string>();
    for (let u = from ?? 0; u < (from === undefined ? this.units.length : from + 1); u++) {
      for (const call of this.units[u]!.calls) {
        for (const fn of this.localTargets(call)) {
          const to = this.unitOf(fn);
          if (to !== u) links.add(`${u}>${to}`);
        }
      }
    }
    return links;
  }

  source(node: SyntaxNode): string {
    return this.text.slice(node.start, node.end);
  }

  callOf(node: SyntaxNode): Call | undefined {
    return this.callByNode.get(node);
  }

  /**
   * The names a call is known by: its own, and with a local receiver replaced by the call that made it
   * (`Runtime r = Runtime.getRuntime(); r.exec(c)` is also `Runtime.getRuntime().exec`).
   */
  calleeNames(call: Call): readonly string[] {
    let names = this.calleeNamesMemo.get(call);
    if (!names) this.calleeNamesMemo.set(call, (names = this.computeCalleeNames(call)));
    return names;
  }

  /**
   * Takes over what the previous version's flow read of the unchanged part of the file, when a reuse
   * plan says that only function unit `edited` (if any) changed, and only its text, not its facts; the
   * root's code and every other unit's text are as they were:
   *  - the callee names of the other function units' calls (the same `Call` objects: subtrees the parse
   *    reused whole). They are read from the unit's own bindings, the root's, the file's imports and its
   *    declared types, all unchanged. Carried from version to version whether the unit ran or not; so is
   *    what those names end with (`calleeHead`, read from the call's own subtree).
   *  - the file's declared types (`declarations`): each unit's are in its facts.
   */
  keepFrom(previous: FileFlow, edited: number | undefined): void {
    this.typing = true;
    // The previous flow's memo is taken over (it is done with), less the calls this flow does not
    // have or must name again: its root's (the root is listed anew), those of its units not taken
    // over, and the edited unit's. Walks those calls, not every call of the file.
    const memo = previous.calleeNamesMemo;
    const heads = previous.calleeHeadMemo;
    previous.calleeNamesMemo = new Map();
    previous.calleeHeadMemo = new Map();
    previous.units.forEach((unit, u) => {
      if (u !== 0 && u !== edited && this.units[u] === unit) return;
      for (const call of unit.calls) {
        memo.delete(call);
        heads.delete(call);
      }
    });
    for (const [call, names] of this.calleeNamesMemo) memo.set(call, names);
    for (const [call, head] of this.calleeHeadMemo) heads.set(call, head);
    this.calleeNamesMemo = memo;
    this.calleeHeadMemo = heads;
    // A kept unit's record of which calls name a rule's sinks travels with its callee names.
    const kept = new Set<SyntaxNode>();
    for (let u = 1; u < this.units.length; u++) {
      if (u === edited) continue;
      const unit = this.units[u]!;
      kept.add(unit.node);
      const notes = previous.callNotes.get(unit.calls);
      if (notes && !this.callNotes.has(unit.calls)) this.callNotes.set(unit.calls, notes);
    }
    this.declarationsCache ??= previous.declarationsCache;
    // The bindings and return statements of the scopes inside those units: read from their subtrees alone.
    const inKept = (scope: SyntaxNode): boolean => {
      for (let n: SyntaxNode | undefined = scope; n; n = n.parent) if (kept.has(n)) return true;
      return false;
    };
    for (const [scope, map] of previous.bindings) if (!this.bindings.has(scope) && inKept(scope)) this.bindings.set(scope, map);
    for (const [fn, list] of previous.returnsMemo) if (!this.returnsMemo.has(fn) && inKept(fn)) this.returnsMemo.set(fn, list);
  }

  /**
   * The indices of the current unit's calls that some of the sinks `sinks` name (by `calleeNames`), when
   * a rule listed them (`noteNamedCalls`) for this list of calls: a unit's list is carried to the next
   * version with its callee names (`keepFrom`), so a unit that runs again does not ask every call's
   * names of every sink again.
   */
  namedCalls(sinks: object): readonly number[] | undefined {
    return this.callNotes.get(this.calls)?.get(sinks);
  }

  noteNamedCalls(sinks: object, indices: readonly number[]): void {
    let notes = this.callNotes.get(this.calls);
    if (!notes) this.callNotes.set(this.calls, (notes = new Map()));
    notes.set(sinks, indices);
  }

  /**
   * What every name `calleeNames` gives `call` besides its own ends with, whatever the data flow says:
   * the `.method` a receiver's other names keep (`Runtime.getRuntime().exec`, `GroovyShell.evaluate`,
   * `os.system` for `p.system`), or all that follows a bare head (`.system` of `m.system`); `''` for a
   * bare name, which may be an alias of any function (`run = getattr(os, "system")`); undefined when it
   * gives none. A rule can then tell, from the sinks' endings alone (`regexEnds.ts`), that no other name
   * can be a sink of its, and not ask for them.
   */
  calleeNamesEnd(call: Call): string | undefined {
    return this.calleeHead(call)?.end;
  }

  /**
   * The local a call's other names replace (a bare head, or the receiver's name), and the text every one
   * of them ends with. Read from the call's own subtree alone; memoised with the callee names (every
   * rule asks it of every call it looks at).
   */
  private calleeHead(call: Call): CalleeHead | undefined {
    let head = this.calleeHeadMemo.get(call);
    if (head === undefined) {
      if (!call.receiver) {
        const local = /^\w+(?=\.\w+$|$)/.exec(call.name)?.[0];
        head = local === undefined ? null : { local, end: call.name.slice(local.length) };
      } else {
        const recv = this.spec.adapter.name(call.receiver, this.text);
        head = recv === undefined ? null : { local: recv, end: `.${call.name.slice(recv.length + 1)}` };
      }
      this.calleeHeadMemo.set(call, head);
    }
    return head ?? undefined;
  }

  // Every name after the first is some text followed by `calleeHead`'s `end` (`calleeNamesEnd`).
  private computeCalleeNames(call: Call): string[] {
    const names = [call.name];
    const head = this.calleeHead(call);
    if (!head) return names;
    const { local, end } = head;
    if (!call.receiver) {
      // `run = getattr(os, "system"); run(x)` is `os.system(x)`; so is `getattr(m, "system")(x)` after `m = __import__("os")`.
      for (const alias of this.aliasesOf(call.node, local)) names.push(alias + end);
      const imported = this.importedName(call.node, local);
      if (imported) names.push(imported + end);
      return names;
    }
    const field = /^(?:this|self)\.(\w+)$/.exec(local)?.[1];
    if (local.includes('.')) {
      const type = field ? this.declaredType(call.receiver, field, true) : undefined;
      return type ? [...names, type + end] : names;
    }
    for (const v of this.valuesOf(call.node, local)) {
      const made = this.callByNode.get(this.spec.adapter.unwrap(v));
      // `new Yaml(new SafeConstructor())` is not `new Yaml()`: a constructor's arguments stay visible.
      if (made) names.push(`${made.name}(${/^new /.test(made.name) && made.args.length > 0 ? '…' : ''})${end}`);
    }
    // `m = __import__("os"); m.system(x)` is `os.system(x)`; so is `p.system(x)` after `import os as p`.
    for (const alias of this.aliasesOf(call.node, local)) names.push(alias + end);
    const imported = this.importedName(call.node, local);
    if (imported) names.push(imported + end);
    // `ExpressionParser parser = …; parser.parseExpression(x)` is also `ExpressionParser.parseExpression`.
    const type = this.declaredType(call.receiver, local);
    if (type) names.push(type + end);
    return names;
  }

  /** What an imported name stands for (`LanguageSpec.importedNames`), when it is not bound again where it is used. */
  private importedName(at: SyntaxNode, local: string): string | undefined {
    this.importedNamesCache ??= this.spec.importedNames?.(this.text) ?? new Map();
    const full = this.importedNamesCache.get(local);
    if (!full || this.valuesOf(at, local).length > 0) return undefined;
    for (let scope: SyntaxNode | undefined = this.enclosingFunction(at); scope; scope = this.outerScope(scope)) if (this.params(scope).some((p) => p.name === local)) return undefined;
    return full;
  }

  /**
   * The plain names a local stands for when it is bound to one (`m = __import__("os")` → `os`,
   * `f = getattr(m, "system")` → `os.system`, its own head resolved once more); call results are not
   * names (`c = Console()` is an object made, which `computeCalleeNames` spells `Console().push`).
   */
  private aliasesOf(at: SyntaxNode, local: string, depth = 0): string[] {
    const out: string[] = [];
    for (const v of this.valuesOf(at, local)) {
      const alias = this.spec.adapter.name(v, this.text);
      if (alias === undefined || alias === local || alias.endsWith(')')) continue;
      const head = /^\w+/.exec(alias)?.[0];
      const resolved = depth < 2 && head && head !== local ? this.aliasesOf(v, head, depth + 1) : [];
      if (resolved.length === 0) out.push(alias);
      for (const r of resolved) out.push(r + alias.slice(head!.length));
    }
    return out;
  }

  /**
   * The declared type of a local, parameter or field `name` seen at `at` (`GroovyShell shell`,
   * `HttpClient _client`), without namespace or type arguments; undefined when not declared with a
   * type in this file (`var`, dynamic languages) or declared with different types.
   */
  declaredType(at: SyntaxNode, name: string, isField = false): string | undefined {
    let types: string[] | undefined;
    for (let scope: SyntaxNode | undefined = isField ? undefined : this.enclosingFunction(at); scope && !types; scope = this.outerScope(scope)) {
      const param = this.params(scope).find((p) => p.name === name);
      if (param) types = [param.type];
    }
    types ??= this.declarations().get(name);
    if (!types || new Set(types).size !== 1) return undefined;
    const simple = /(?:^|\.)(\w+)\s*(?:<[\s\S]*>)?\s*\??$/.exec(types[0]!.trim())?.[1];
    return simple && simple !== 'var' ? simple : undefined;
  }

  /** The names of the classes, interfaces, structs and records this file declares. */
  private typeNames(): Set<string> {
    if (this.typeNamesCache) return this.typeNamesCache;
    const set = new Set<string>();
    for (const node of this.fileNodes) {
      if (!TYPE_DECLARATION.test(node.type)) continue;
      const name = node.children.find((c) => c.field === 'name');
      if (name) set.add(this.source(name));
    }
    return (this.typeNamesCache = set);
  }

  /** Every `Type name` declaration of the file (locals and fields), by name. */
  private declarations(): Map<string, string[]> {
    if (this.declarationsCache) return this.declarationsCache;
    const map = new Map<string, string[]>();
    for (const node of this.fileNodes) {
      for (const [key, type] of this.declared(node)) {
        const list = map.get(key);
        if (list) list.push(type);
        else map.set(key, [type]);
      }
    }
    return (this.declarationsCache = map);
  }

  /** The `[name, type]` pairs a declaration node declares (none for other nodes). */
  private declared(node: SyntaxNode): readonly [string, string][] {
    const type = childIn(node, 'type');
    if (!type || this.spec.adapter.isFunction(node)) return NONE;
    let out: [string, string][] | undefined;
    // Java `local_variable_declaration` / `field_declaration`, C# `variable_declaration`: declarators beside the type.
    for (const d of node.children) {
      if (!d.type.endsWith('declarator')) continue;
      const id = childIn(d, 'name') ?? d.children.find((c) => c.type === 'identifier');
      if (id) (out ??= []).push([this.source(id), this.source(type)]);
    }
    return out ?? NONE;
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

  private bindingsOf(scope: SyntaxNode): Map<string, Def[]> {
    let map = this.bindings.get(scope);
    if (map) return map;
    map = new Map();
    this.bindings.set(scope, map);
    const adapter = this.spec.adapter;
    const bind = (name: string, def: Def): void => {
      const list = map!.get(name);
      if (list) list.push(def);
      else map!.set(name, [def]);
    };
    const add = this.bindingTo(bind);
    // Block units (`unitBlocks`) bind in the root's scope: their bindings are read from the unit, where
    // the previous flow's unit may have them already (the walk meets a subtree's nodes one after another).
    const blocks = scope === this.root && this.spec.unitBlocks ? new Map(this.units.slice(1).filter((u) => !adapter.isFunction(u.node)).map((u) => [u.node, u])) : undefined;
    if (!blocks) {
      // In the walk's order (last child first, each subtree whole), a subtree's bindings at a time:
      // those of a subtree the parse reused whole are the previous version's (`subtreeDefs`).
      for (let i = scope.children.length - 1; i >= 0; i--) {
        for (const [name, def] of this.subtreeDefs(scope.children[i]!)) {
          const list = map.get(name);
          if (list) list.push(def);
          else map.set(name, [def]);
        }
      }
      for (const list of map.values()) list.sort((x, y) => x.target.start - y.target.start);
      return map;
    }
    const stack = [...scope.children];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (adapter.isFunction(node)) continue; // its own scope
      const block = blocks?.get(node);
      if (block) {
        block.defs ??= this.blockDefs(block.node);
        for (const [name, def] of block.defs) {
          const list = map.get(name);
          if (list) list.push(def);
          else map.set(name, [def]);
        }
        continue;
      }
      this.bindingsAt(node, add);
      for (const c of node.children) stack.push(c);
    }
    for (const list of map.values()) list.sort((x, y) => x.target.start - y.target.start);
    return map;
  }

  /**
   * The bindings the nodes of `top`'s subtree make (nested functions left out: their own scopes), by
   * name, in `bindingsOf`'s walk order: the node's own, then each child's subtree, last child first.
   * Kept per node from version to version of the document (`takeSubtreeDefs`): a node object the parse
   * reused is an unchanged subtree (the same text, moved), so its bindings are the same; only the nodes
   * around an edit are walked again. A reused node may take another type (an alias its new parent gives
   * it): the type is part of the check.
   */
  private subtreeDefs(top: SyntaxNode): readonly (readonly [string, Def])[] {
    const adapter = this.spec.adapter;
    const memo = this.subtreeMemo;
    const known = (n: SyntaxNode): readonly (readonly [string, Def])[] | undefined => {
      if (adapter.isFunction(n)) return NO_DEFS;
      const m = memo.get(n);
      return m && m.type === n.type ? m.defs : undefined;
    };
    const topKnown = known(top);
    if (topKnown) return topKnown;
    // An explicit stack (deep nesting cannot overflow), as parallel lists: each level gathers its node's
    // own bindings, then its children's subtrees'.
    const nodes: SyntaxNode[] = [];
    const gathered: ([string, Def][] | undefined)[] = [];
    const next: number[] = [];
    let own: [string, Def][] | undefined;
    const bind = (name: string, def: Def): void => void (own ??= []).push([name, def]);
    const add = this.bindingTo(bind);
    const open = (node: SyntaxNode): void => {
      own = undefined;
      this.bindingsAt(node, add);
      nodes.push(node);
      gathered.push(own);
      next.push(node.children.length - 1);
    };
    const append = (level: number, defs: readonly (readonly [string, Def])[]): void => {
      const into = (gathered[level] ??= []);
      for (const d of defs) into.push(d as [string, Def]);
    };
    open(top);
    let result: readonly (readonly [string, Def])[] = NO_DEFS;
    while (nodes.length > 0) {
      const level = nodes.length - 1;
      const i = next[level]!;
      if (i >= 0) {
        next[level] = i - 1;
        const child = nodes[level]!.children[i]!;
        const defs = known(child);
        if (!defs) open(child);
        else if (defs.length > 0) append(level, defs);
        continue;
      }
      const node = nodes.pop()!;
      next.pop();
      result = gathered.pop() ?? NO_DEFS;
      memo.set(node, { type: node.type, defs: result });
      if (nodes.length > 0 && result.length > 0) append(nodes.length - 1, result);
    }
    return result;
  }

  /**
   * Takes the previous flow's `subtreeDefs` (the same document, same language): one memo for the
   * document, handed on; started again when most of it is nodes that left the tree.
   */
  takeSubtreeDefs(previous: FileFlow): void {
    if (previous.spec !== this.spec || previous.subtreeMemo.size > 2 * this.fileNodeCount + 1024) return;
    this.subtreeMemo = previous.subtreeMemo;
  }

  /** The bindings block `block` makes in the scope around it, by name, in `bindingsOf`'s order. */
  private blockDefs(block: SyntaxNode): [string, Def][] {
    const out: [string, Def][] = [];
    const adapter = this.spec.adapter;
    const bind = (name: string, def: Def): void => void out.push([name, def]);
    const add = this.bindingTo(bind);
    const stack = [block];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (adapter.isFunction(node)) continue;
      this.bindingsAt(node, add);
      for (const c of node.children) stack.push(c);
    }
    return out;
  }

  /** An `add` for `bindingsAt` that hands `bind` each name its target binds (`eachTargetName`). */
  private bindingTo(bind: (name: string, def: Def) => void): (target: SyntaxNode, value: SyntaxNode, weak?: boolean, call?: Call) => void {
    return (target, value, weak, call) => eachTargetName(this.spec.adapter, this.text, target, value, weak, call, bind);
  }

  /** The bindings node `node` itself makes (`x = v`, `q += x`, `list.add(x)`), given to `add`. */
  private bindingsAt(node: SyntaxNode, add: (target: SyntaxNode, value: SyntaxNode, weak?: boolean, call?: Call) => void): void {
    const binds = this.spec.adapter.binds(node);
    if (binds.length > 0) {
      // `q += x` / `q .= x` / `q <<= x` adds to q: it does not replace what q held (a weak binding).
      const augmented = AUGMENTED_TYPE.test(node.type) || AUGMENTED_OP.test(this.operatorOf(node));
      for (const [target, value] of binds) add(target, value, augmented || undefined);
    }
    const call = this.callByNode.get(node);
    if (call && this.spec.fills) {
      for (const fill of this.spec.fills) {
        const target = call.args[fill.arg];
        const pointer = target && (target.type === 'unary_expression' ? target : target.parent);
        if (!target || !pointer || !fill.call.test(call.name) || !this.source(pointer).startsWith('&')) continue;
        const value = fill.from === 'receiver' ? call.receiver : fill.from === 'call' ? call.node : call.args[fill.from];
        // Bound to the call's own value (`c.ShouldBindJSON(&v)`), the def carries no call: that would read as a change of what the variable holds (`list.remove(0)`).
        if (value) add(this.spec.adapter.unwrap(target), value, true, value === call.node ? undefined : call);
      }
    }
    if (call?.receiver) {
      const method = lastSegment(call.name);
      if (this.spec.mutators.test(method)) for (const a of call.args) add(call.receiver, a, true, call);
      else if (LIST_OPS.test(method)) add(call.receiver, call.node, true, call);
    }
  }

  /**
   * The bindings of a name in `fn` that can reach `use`: live (not in a branch a constant condition
   * rules out), and not hidden by a later binding that always runs before the use; a binding after
   * the use reaches it only around a loop that does not re-bind it first.
   */
  private reaching(defs: readonly Def[], use: SyntaxNode): Def[] {
    const live = defs.filter((d) => !isWithin(use, d.value) && !(d.call && isWithin(use, d.call.node)) && !this.isDead(d.target));
    let kill: Def | undefined;
    for (const d of live) {
      if (d.weak || d.value.end > use.start) continue;
      if (this.unconditional(d.target, use) && (!kill || d.target.start > kill.target.start)) kill = d;
    }
    return live.filter((d) => {
      if (d.value.end <= use.start || (d.call && d.call.node.end <= use.start)) return !kill || d.target.start >= kill.target.start;
      const loop = this.innermostLoop(use, d.target);
      return !!loop && !(kill && isWithin(kill.target, loop));
    });
  }

  /** Does `def` always run before `use` once their innermost common construct runs (no branch, loop or handler in between)? */
  private unconditional(def: SyntaxNode, use: SyntaxNode): boolean {
    for (let n = def.parent; n; n = n.parent) {
      if (isWithin(use, n)) return true;
      if (this.conditionalNode(n)) return false;
    }
    return false;
  }

  private conditionalNode(n: SyntaxNode): boolean {
    if (this.spec.adapter.isFunction(n)) return true;
    if (typeHasWord(n.type, CONDITIONAL_WORDS)) return true;
    const op = n.children.find((c) => c.field === 'operator');
    return !!op && SHORT_CIRCUIT.has(this.text.slice(op.start, op.end));
  }

  private innermostLoop(a: SyntaxNode, b: SyntaxNode): SyntaxNode | undefined {
    for (let n = a.parent; n && !this.spec.adapter.isFunction(n); n = n.parent) {
      if (typeHasWord(n.type, LOOP_WORDS) && isWithin(b, n)) return n;
    }
    return undefined;
  }

  /** Is `node` in a branch that a constant condition (or a switch on a constant) never takes? */
  isDead(node: SyntaxNode): boolean {
    const a = this.spec.adapter;
    for (let child = node, n = node.parent; n && !a.isFunction(n); child = n, n = n.parent) {
      let dead = this.deadMemo.get(child);
      if (dead === undefined) {
        dead = false;
        const branch = a.branch?.(n);
        if (branch && child !== branch.condition) {
          const c = this.constant(branch.condition);
          // `unless c`: the `then` arm runs when c is false.
          const taken = c === undefined ? undefined : truthy(c) !== !!branch.negated;
          if (taken !== undefined) dead = child === branch.then ? !taken : child === branch.else ? taken : false;
        }
        const sw = a.switchOf?.(n) ?? (n.parent ? a.switchOf?.(n.parent) : undefined);
        if (!dead && sw) {
          const index = sw.groups.findIndex((g) => g.node === child);
          if (index >= 0) dead = !this.liveGroups(sw).has(index);
        }
        this.deadMemo.set(child, dead);
      }
      if (dead) return true;
    }
    return false;
  }

  private liveGroups(sw: { value: SyntaxNode; groups: { labels: (SyntaxNode | 'default')[]; exits: boolean }[] }): Set<number> {
    const all = new Set(sw.groups.map((_, i) => i));
    const v = this.constant(sw.value);
    if (v === undefined) return all;
    let start = sw.groups.findIndex((g) => g.labels.some((l) => l !== 'default' && this.constant(l) === v));
    if (start < 0) {
      if (sw.groups.some((g) => g.labels.some((l) => l !== 'default' && this.constant(l) === undefined))) return all;
      start = sw.groups.findIndex((g) => g.labels.includes('default'));
      if (start < 0) return new Set();
    }
    const live = new Set<number>();
    for (let i = start; i < sw.groups.length; i++) {
      live.add(i);
      if (sw.groups[i]!.exits) break;
    }
    return live;
  }

  /**
   * The value of a constant expression: literals, arithmetic, comparisons and logic on them, a local
   * bound once to a constant, `"ABC".charAt(2)`. Undefined when not constant or not understood.
   */
  constant(node: SyntaxNode, depth = 0): Constant | undefined {
    const a = this.spec.adapter;
    node = a.unwrap(node);
    if (this.constMemo.has(node)) return this.constMemo.get(node);
    if (depth > 12 || this.constBusy.has(node)) return undefined;
    this.constBusy.add(node);
    const v = this.computeConstant(node, depth);
    this.constBusy.delete(node);
    this.constMemo.set(node, v);
    return v;
  }

  private computeConstant(node: SyntaxNode, depth: number): Constant | undefined {
    const a = this.spec.adapter;
    const str = a.stringValue(node, this.text);
    if (str !== undefined) return str;
    const src = this.source(node);
    if (a.isLiteral(node)) {
      if (/^(?:true|True|TRUE)$/.test(src)) return true;
      if (/^(?:false|False|FALSE)$/.test(src)) return false;
      if (/^(?:null|nil|None|NULL)$/.test(src)) return null;
      const num = /^-?(\d+(?:\.\d+)?)[lLfFdDmM]?$/.exec(src);
      if (num) return Number(src.replace(/[lLfFdDmM]$/, ''));
      const ch = /^'(.)'$/.exec(src);
      if (ch) return ch[1]!;
      return undefined;
    }
    const kids = node.children.filter((c) => c.named);
    const op = node.children.find((c) => c.field === 'operator');
    if (op) {
      const o = this.text.slice(op.start, op.end);
      const operands = kids.filter((c) => c !== op);
      if (operands.length === 1) {
        const x = this.constant(operands[0]!, depth + 1);
        if (x === undefined) return undefined;
        if (o === '!' || o === 'not') return !truthy(x);
        if (o === '-' && typeof x === 'number') return -x;
        return undefined;
      }
      if (operands.length !== 2) return undefined;
      const l = this.constant(operands[0]!, depth + 1);
      if (l === undefined) return undefined;
      if ((o === '&&' || o === 'and') && !truthy(l)) return false;
      if ((o === '||' || o === 'or') && truthy(l)) return true;
      const r = this.constant(operands[1]!, depth + 1);
      if (r === undefined) return undefined;
      return binaryConstant(o, l, r);
    }
    const call = this.callByNode.get(node);
    if (call?.receiver && call.args.length <= 1) {
      const method = lastSegment(call.name);
      const recv = this.constant(call.receiver, depth + 1);
      const arg = call.args[0] ? this.constant(call.args[0], depth + 1) : undefined;
      if (typeof recv === 'string') {
        if (method === 'charAt' && typeof arg === 'number') return recv.charAt(arg) || undefined;
        if ((method === 'length' || method === 'Length') && call.args.length === 0) return recv.length;
        if (method === 'equals' && arg !== undefined) return recv === arg;
      }
      return undefined;
    }
    const name = a.name(node, this.text);
    if (name !== undefined && !name.includes('.')) {
      const defs = this.reachingDefs(node, name);
      if (!defs || defs.length !== 1 || defs[0]!.weak) return undefined;
      return this.constant(defs[0]!.value, depth + 1);
    }
    return undefined;
  }

  /** The bindings of a local `name` that reach `use` (nearest scope that binds it); undefined when none binds it. */
  private reachingDefs(use: SyntaxNode, name: string): Def[] | undefined {
    let scope: SyntaxNode | undefined = this.enclosingFunction(use);
    let first = true;
    while (scope) {
      if (this.params(scope).some((p) => p.name === name)) return undefined;
      const defs = this.bindingsOf(scope).get(name);
      if (defs && defs.length > 0) return first ? this.reaching(defs, use) : defs.filter((d) => !isWithin(use, d.value));
      scope = this.outerScope(scope);
      first = false;
    }
    return undefined;
  }

  /**
   * Every value assigned to `name` in the nearest scope around `at` that assigns it. Memoised: the
   * answer is fixed by the first asking (the bindings are per scope, and whether a binding is in a dead
   * branch is memoised per node, `deadMemo`), so a later asking would only read those memos again;
   * the callee names alone ask it three times for each receiver.
   */
  valuesOf(at: SyntaxNode, name: string): readonly SyntaxNode[] {
    const known = this.valuesMemo.get(at);
    if (known?.name === name) return known.values;
    const other = known?.others?.get(name);
    if (other) return other;
    const values = this.computeValuesOf(at, name);
    if (!known) this.valuesMemo.set(at, { name, values });
    else (known.others ??= new Map()).set(name, values);
    return values;
  }

  private computeValuesOf(at: SyntaxNode, name: string): readonly SyntaxNode[] {
    let scope: SyntaxNode | undefined = this.enclosingFunction(at);
    let first = true;
    while (scope) {
      const defs = this.bindingsOf(scope).get(name);
      if (defs && defs.length > 0) {
        const reaching = first ? this.reaching(defs, at) : defs;
        const values = reaching.filter((d) => !(d.call && d.value === d.call.node)).map((d) => d.value);
        if (reaching.length > 0 && reaching.every((d) => d.weak)) ONLY_ADDED.add(values);
        return values;
      }
      scope = this.outerScope(scope);
      first = false;
    }
    return [];
  }

  /**
   * Does every binding of `name` that reaches `at` add to what it held (`params[:action] = :index`,
   * `list.add(x)`, `q += x`)? Then what it held before, which no binding here says, is still part of it:
   * its values (`valuesOf`) are not all it can be.
   */
  private onlyAddedTo(at: SyntaxNode, name: string): boolean {
    return ONLY_ADDED.has(this.valuesOf(at, name));
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

  private operatorOf(node: SyntaxNode): string {
    const op = node.children.find((c) => c.field === 'operator');
    return op ? this.text.slice(op.start, op.end) : '';
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
    const selfIn = this.spec.sources.selfIn;
    if (selfIn) {
      // The class around the function, read up to its body: `class StoreUser extends FormRequest`.
      let cls = fn.parent;
      while (cls && !/class_declaration$/.test(cls.type)) cls = cls.parent;
      const body = cls?.children.find((c) => c.field === 'body');
      if (cls && body && selfIn.test(this.text.slice(cls.start, body.start))) set.add('this');
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
      if (sources.anyProperty && part === parts[i + 1] && !(isCall && i + 2 === parts.length)) return true;
    }
    return false;
  }

  /** Where the value of `node` comes from, as far as the functions of this file can tell. */
  taint(node: SyntaxNode | undefined): Taint {
    return this.evaluate(node, 0, new Set(), undefined);
  }

  /**
   * Where the request data that reaches `node` enters (a source expression, or a parameter the
   * framework fills from the request), and the expression nearest `node` that built text around it (a
   * concatenation, interpolation or `.format`): a finding's related locations. Walks back along one
   * path of request origin, as `taint` does (locals to their reaching values in this function and the
   * scopes around it, operands, arguments of pass-through calls, receivers); it stops without a source
   * at a call into another function of the file, a field or an element taken from a collection.
   * With `origin` `unknown`, the path of a value of unknown origin instead: only where it is built.
   */
  requestTrace(node: SyntaxNode, origin: Taint = 'request'): { source?: SyntaxNode; built?: SyntaxNode } {
    const a = this.spec.adapter;
    const seen = new Set<SyntaxNode>();
    let built: SyntaxNode | undefined;
    // The whole expression a source is read in (`request.POST["name"]`, `event["body"]["id"]`, `request.args.get("q").strip()`).
    let top: SyntaxNode | undefined;
    let n: SyntaxNode | undefined = a.unwrap(node);
    for (let depth = 0; n && depth < 32 && !seen.has(n) && this.taint(n) === origin; depth++) {
      seen.add(n);
      let next: SyntaxNode[] = [];
      const parts = a.template(n)?.filter((p): p is SyntaxNode => !('text' in p)) ?? a.concat(n, this.text);
      const call = this.callByNode.get(n);
      const name = call ? undefined : a.name(n, this.text);
      const branch = a.branch?.(n);
      const within = top;
      top = undefined;
      if (parts) {
        built ??= n;
        next = parts;
      } else if (call) {
        if (this.isSourceName(call.name, n, true)) return { source: within ?? n, built };
        if (this.localTargets(call).length > 0) break;
        if (this.spec.passThrough.test(call.name) || this.spec.formatCalls.test(call.name)) {
          if (/\.format$/.test(call.name) || this.spec.formatCalls.test(call.name)) built ??= n;
          next = [...call.args, ...call.kwargs.values(), ...(call.receiver ? [call.receiver] : [])];
        } else if (call.receiver) {
          top = within ?? n;
          next = [call.receiver];
        }
      } else if (name !== undefined) {
        if (this.isSourceName(name, n, false)) return { source: within ?? n, built };
        if (name.includes('.')) break;
        for (let scope: SyntaxNode | undefined = this.enclosingFunction(n); scope; scope = this.outerScope(scope)) {
          if (this.requestParamsOf(scope).has(name)) return { source: within ?? this.params(scope).find((p) => p.name === name)?.node, built };
        }
        next = this.valuesOf(n, name).filter((v) => v !== n && !isWithin(n!, v));
      } else if (branch?.value || branch?.expression) {
        next = [branch.then, branch.else].filter((x): x is SyntaxNode => !!x);
      } else if (a.isCollection(n)) {
        next = n.children.filter((c) => c.named);
      } else {
        const pair = a.pair(n, this.text);
        const object = pair ? undefined : a.objectOf(n);
        if (object) top = within ?? n;
        next = pair ? [pair.value] : object ? [object] : [];
      }
      n = next.map((x) => a.unwrap(x)).find((x) => this.taint(x) === origin);
    }
    return { built };
  }

  private evaluate(node: SyntaxNode | undefined, depth: number, seen: Set<SyntaxNode>, frame: Frame | undefined): Taint {
    if (!node) return 'constant';
    const a = this.spec.adapter;
    node = a.unwrap(node);
    const known = frame ? undefined : this.memo.get(node);
    if (known) return known;
    if (depth > MAX_DEPTH || seen.has(node) || ++this.steps > MAX_STEPS) return 'unknown';
    seen.add(node);
    const t = this.compute(node, depth, seen, frame);
    seen.delete(node);
    if (depth === 0 && !frame) this.memo.set(node, t);
    return t;
  }

  private compute(node: SyntaxNode, depth: number, seen: Set<SyntaxNode>, frame: Frame | undefined): Taint {
    const a = this.spec.adapter;
    const next = (n: SyntaxNode | undefined) => this.evaluate(n, depth + 1, seen, frame);
    const all = (nodes: Iterable<SyntaxNode>) => {
      let t: Taint = 'constant';
      for (const n of nodes) if ((t = worst(t, next(n))) === 'request') break;
      return t;
    };
    if (a.isLiteral(node)) return 'constant';
    // A comparison is a boolean whatever it compares (`(param != "x") + " ASC"`).
    if (COMPARISON.has(this.operatorOf(node)) && !a.concat(node, this.text)) return 'constant';
    const template = a.template(node);
    if (template) return all(template.filter((p): p is SyntaxNode => !('text' in p)));
    const operands = a.concat(node, this.text);
    if (operands) return all(operands);
    const branch = a.branch?.(node);
    if (branch?.value || branch?.expression) {
      // A ternary (or a Ruby `if` used as a value): the arm a constant condition takes, else either arm.
      const c = this.constant(branch.condition);
      if (c !== undefined) return next(truthy(c) ? branch.then : branch.else);
      return all([branch.then, branch.else].filter((n): n is SyntaxNode => !!n));
    }
    // A typed literal's type (Go `[]string{…}`) is no part of its value.
    if (a.isCollection(node)) return all(node.children.filter((c) => c.named && c.field !== 'type'));
    const pair = a.pair(node, this.text);
    if (pair) return next(pair.value);

    const call = this.callByNode.get(node);
    if (call) {
      if (this.isSourceName(call.name, node, true)) return 'request';
      const first = call.args[0];
      if (first && this.spec.sources.callsWithArg?.some((s) => s.call.test(call.name) && s.arg.test(this.source(first)))) return 'request';
      if (this.spec.sanitizers.some((s) => sanitizes(s, call, this.text))) return 'constant';
      // A module named as receiver (`os.path.join`, `code.compile_command`) is not data.
      const receiverData = call.receiver && !this.isModuleReceiver(call.receiver) ? [call.receiver] : [];
      const argsTaint = () => all([...call.args, ...call.kwargs.values(), ...receiverData]);
      if (this.spec.passThrough.test(call.name) || this.spec.formatCalls.test(call.name)) return argsTaint();
      // `map.get("k")` / `list.get(1)` on a local collection: what was put there under that key or index.
      const element = this.elementOf(call, next, frame);
      if (element !== undefined) return element;
      // A function of this file: the origin of what it returns, given the arguments' origins.
      const local = this.localTargets(call);
      if (local.length > 0 && (frame?.depth ?? 0) < MAX_CALL_DEPTH) {
        const args = [...call.args, ...call.kwargs.values()].map((x) => next(x));
        let t: Taint = 'constant';
        for (const fn of local) if ((t = worst(t, this.returnTaint(fn, args, (frame?.depth ?? 0) + 1))) === 'request') break;
        if (t === 'request' || !call.receiver) return t;
        return worst(t, next(call.receiver) === 'request' ? 'request' : 'constant');
      }
      // A method of client data (`request.args.get(…)`, `name.strip()`, `c.getValue()`) is client data.
      const receiver = call.receiver ? (this.isStaticReceiver(call.receiver) ? 'constant' : next(call.receiver)) : 'constant';
      if (receiver === 'request') return 'request';
      const extra = call.node.children.filter((c) => c.named && c.type !== 'comment' && !/^(?:function|type|name|object|arguments|receiver|method|type_arguments)$/.test(c.field ?? ''));
      // An object initializer (`new ProcessStartInfo { FileName = "git", Arguments = args }`): the values it sets.
      const initialized = extra.length > 0 && /^new /.test(call.name) ? this.initializerValues(extra) : undefined;
      if (extra.length > 0 && !initialized) return 'unknown';
      // What an initializer sets is the object's own: request data there is request data in it.
      const set = initialized ? all(initialized) : 'constant';
      if (set === 'request') return 'request';
      if (this.spec.constantCalls && receiver === 'constant' && set === 'constant' && all([...call.args, ...call.kwargs.values()]) === 'constant') return 'constant';
      return 'unknown';
    }

    const name = a.name(node, this.text);
    if (name !== undefined) {
      if (this.isSourceName(name, node, false)) return 'request';
      if (!name.includes('.')) {
        const fn = this.enclosingFunction(node);
        let scope: SyntaxNode | undefined = fn;
        let first = true;
        while (scope) {
          if (this.requestParamsOf(scope).has(name)) return 'request';
          const index = this.params(scope).findIndex((p) => p.name === name);
          if (index >= 0) {
            if (!frame || frame.fn !== scope) return this.paramTaint(scope, index);
            return this.isVariadic(this.params(scope)[index]) ? frame.args.slice(index).reduce<Taint>((x, y) => worst(x, y), 'constant') : frame.args[index] ?? 'unknown';
          }
          const defs = this.bindingsOf(scope).get(name);
          if (defs && defs.length > 0) {
            const reaching = first ? this.reaching(defs, node) : defs;
            let t: Taint = 'constant';
            for (const d of reaching) {
              if (d.value === node || isWithin(node, d.value)) continue;
              if (d.call && d.value === d.call.node) continue; // `list.remove(0)`: changes what, not where from
              if ((t = worst(t, next(d.value))) === 'request') break;
            }
            return t;
          }
          scope = this.outerScope(scope);
          first = false;
        }
        const member = this.memberDefs().get(name);
        if (member) return all(member.filter((v) => !isWithin(node, v)));
        const before = this.callbackValues(fn, name);
        if (before) return all(before);
        return 'unknown';
      }
      // `this.x` / `self.x` / `@x`: what the class's methods assign to it.
      const field = /^(?:this|self|Me|base)\.(\w+)$/.exec(name)?.[1];
      if (field) {
        const member = this.memberDefs().get(field);
        if (member) return all(member.filter((v) => !isWithin(node, v)));
      }
    }
    const object = a.objectOf(node);
    if (object) return next(object) === 'request' ? 'request' : 'unknown';
    return 'unknown';
  }

  /**
   * The values an object initializer sets (`{ FileName = cmd, Arguments = "x" }` gives `cmd` and `"x"`;
   * a collection initializer's elements as they are); undefined when it holds anything else.
   */
  private initializerValues(nodes: SyntaxNode[]): SyntaxNode[] | undefined {
    const out: SyntaxNode[] = [];
    for (const init of nodes) {
      if (!this.spec.adapter.isCollection(init)) return undefined;
      for (const c of init.children) {
        if (!c.named || c.type === 'comment') continue;
        const binds = this.spec.adapter.binds(c);
        if (binds.length > 0) out.push(...binds.map(([, v]) => v));
        else out.push(c);
      }
    }
    return out;
  }

  /**
   * A module or package this file imports (`LanguageSpec.importedModules`), named as a receiver and not
   * rebound here: `os.path` in `os.path.join(a, b)`, `exec` in `exec.LookPath("go")`.
   */
  private isModuleReceiver(node: SyntaxNode): boolean {
    const name = this.spec.adapter.name(node, this.text);
    const head = name === undefined ? undefined : /^\w+(?=\.|$)/.exec(name)?.[0];
    if (!head) return false;
    return this.importedModules().has(head) && this.valuesOf(node, head).length === 0 && !this.params(this.enclosingFunction(node)).some((p) => p.name === head);
  }

  /** The package an imported name stands for in this file (`LanguageSpec.importPaths`), when the language says. */
  importPath(name: string): string | undefined {
    return this.importPaths().get(name);
  }

  /** Every imported name and the package it stands for (`LanguageSpec.importPaths`; empty when the language does not say). */
  importPaths(): ReadonlyMap<string, string> {
    return (this.importPathsCache ??= this.spec.importPaths?.(this.text) ?? new Map());
  }

  /** A class named as receiver (`Utils.x()`, `org.acme.Utils.x()`, `Runtime.getRuntime()`), not a local, parameter or field; or `this`. */
  private isStaticReceiver(node: SyntaxNode): boolean {
    const name = this.spec.adapter.name(node, this.text);
    // `this.getClass()`: a method of the object itself that this file does not define (those are followed).
    if (name === 'this') return true;
    if (name === undefined || !/^(?:[a-z_]\w*\.)*[A-Z]\w*$/.test(name)) return false;
    const head = name.split('.')[0]!;
    return this.valuesOf(node, head).length === 0 && !this.params(this.enclosingFunction(node)).some((p) => p.name === head) && !this.memberDefs().has(head);
  }

  /**
   * Does the file's text match `pattern` (a sink's or a setting's `fileText`)? Tested once per version:
   * rules ask it for every unit they run on, and every unit an edit links to runs again.
   */
  fileTextMatches(pattern: RegExp): boolean {
    let hit = this.fileTextMemo.get(pattern);
    if (hit === undefined) this.fileTextMemo.set(pattern, (hit = pattern.test(this.text)));
    return hit;
  }

  /** The modules this file imports (`LanguageSpec.importedModules`, read once per version). */
  importedModules(): Set<string> {
    return (this.importedModulesCache ??= this.spec.importedModules?.(this.text) ?? new Set());
  }

  /** Functions of this file a call may run: same name, and as many parameters as arguments. */
  private localTargets(call: Call): SyntaxNode[] {
    const fns = this.functionsByName.get(lastSegment(call.name));
    if (!fns) return [];
    // `jdbcTemplate.queryForObject(sql, m)` inside a method also named `queryForObject`: a receiver declared
    // with a type this file does not declare is another class's object, whatever the method's name.
    const recv = call.receiver ? this.spec.adapter.name(call.receiver, this.text) : undefined;
    if (recv && !recv.includes('.')) {
      const type = this.declaredType(call.receiver!, recv);
      if (type && !this.typeNames().has(type)) return [];
    }
    const n = call.args.length + call.kwargs.size;
    return fns.filter((fn) => {
      const params = this.params(fn);
      return params.length === n || (n >= params.length - 1 && this.isVariadic(params.at(-1)));
    });
  }

  /** A parameter that takes every argument from its place on (Go's `ids ...string`). */
  private isVariadic(param: Param | undefined): boolean {
    return !!param && VARIADIC.test(param.node.type);
  }

  /** The origin of what `fn` returns when called with arguments of these origins (memoised). */
  private returnTaint(fn: SyntaxNode, args: Taint[], depth: number): Taint {
    const key = `${fn.start}:${args.join(',')}`;
    const known = this.summaries.get(key);
    if (known) return known;
    if (this.inProgress.has(key)) return 'unknown';
    this.inProgress.add(key);
    const frame: Frame = { fn, args, depth };
    let t: Taint = 'constant';
    const returns = this.returnStatements(fn);
    for (const r of returns) {
      if (t === 'request') break;
      // Several values (Go's `return cfg, nil`): the worst of them, as one call binds them all.
      if (!this.isDead(r.node)) for (const v of r.values) t = worst(t, this.evaluate(v, 1, new Set(), frame));
    }
    // No `return` with a value (an expression body, Ruby's last expression): not understood.
    if (returns.length === 0) t = 'unknown';
    this.inProgress.delete(key);
    this.summaries.set(key, t);
    return t;
  }

  /** A parameter's origin: the worst of the arguments at this file's call sites; unknown without any. */
  private paramTaint(fn: SyntaxNode, index: number): Taint {
    const key = `${fn.start}:${index}`;
    const known = this.paramMemo.get(key);
    if (known) return known;
    const callers = this.callers().get(fn);
    if (!callers || callers.length === 0 || callers.length > MAX_CALL_SITES || this.inProgress.has(`p${key}`)) return 'unknown';
    this.inProgress.add(`p${key}`);
    let t: Taint = 'constant';
    const variadic = this.isVariadic(this.params(fn)[index]);
    for (const call of callers) {
      const given = [...call.args, ...call.kwargs.values()];
      const args = variadic ? given.slice(index) : given.slice(index, index + 1);
      if (args.length === 0 && !variadic) t = worst(t, 'unknown');
      for (const arg of args) if ((t = worst(t, this.evaluate(arg, 1, new Set(), undefined))) === 'request') break;
      if (t === 'request') break;
    }
    this.inProgress.delete(`p${key}`);
    this.paramMemo.set(key, t);
    return t;
  }

  private callers(): Map<SyntaxNode, Call[]> {
    if (this.callersCache) return this.callersCache;
    const map = new Map<SyntaxNode, Call[]>();
    for (const call of this.fileCalls) {
      for (const fn of this.localTargets(call)) {
        const list = map.get(fn);
        if (list) list.push(call);
        else map.set(fn, [call]);
      }
    }
    return (this.callersCache = map);
  }

  /** Values assigned to `this.x` / `self.x` / `@x` (and to `x` declared outside functions) anywhere in the file. */
  private memberDefs(): Map<string, SyntaxNode[]> {
    if (this.memberDefsCache) return this.memberDefsCache;
    const map = new Map<string, SyntaxNode[]>();
    const add = (entries: readonly (readonly [string, SyntaxNode])[]) => {
      for (const [key, value] of entries) {
        const list = map.get(key);
        if (list) list.push(value);
        else map.set(key, [value]);
      }
    };
    // In the file's node order: the root's nodes, and each unit's (a subtree, so a block in that order)
    // after the root's nodes that start at or before it (those before it, and its ancestors). A unit's
    // are kept with its node list, which a unit the parse reused whole keeps from version to version.
    const units = this.units;
    let k = 1;
    for (const node of units[0]!.nodes) {
      while (k < units.length && units[k]!.node.start < node.start) add(this.unitMemberKeys(units[k++]!));
      add(this.memberKeys(node));
    }
    while (k < units.length) add(this.unitMemberKeys(units[k++]!));
    return (this.memberDefsCache = map);
  }

  /** `memberKeys` of every node of a function or block unit, in order (read from its subtree alone). */
  private unitMemberKeys(unit: FlowUnit): readonly (readonly [string, SyntaxNode])[] {
    let out = unitMembers.get(unit.nodes);
    if (!out) {
      const list: [string, SyntaxNode][] = [];
      const nodes = unit.nodes;
      for (let i = 0; i < nodes.length; i++) {
        const keys = this.memberKeys(nodes[i]!);
        for (let k = 0; k < keys.length; k++) list.push(keys[k]!);
      }
      unitMembers.set(unit.nodes, (out = list));
    }
    return out;
  }

  /**
   * `@page` read by a method that does not assign it: the values the last callback run before the method
   * (`LanguageSpec.callbacks`: Rails `before_action :set_page`) assigns it; undefined when none does.
   */
  private callbackValues(fn: SyntaxNode, name: string): SyntaxNode[] | undefined {
    if (!this.spec.callbacks || name.charCodeAt(0) !== 64 /* @ */) return undefined;
    const callbacks = (this.callbacksCache ??= this.spec.callbacks(this.text));
    const fnName = callbacks.length > 0 ? fn.children.find((c) => c.field === 'name') : undefined;
    const defs = fnName ? this.memberDefs().get(name.slice(1)) : undefined;
    if (!fnName || !defs) return undefined;
    const order = callbacksBefore(callbacks, this.text.slice(fnName.start, fnName.end));
    for (let i = order.length - 1; i >= 0; i--) {
      const methods = this.functionsByName.get(order[i]!);
      const values = methods ? defs.filter((v) => methods.some((m) => isWithin(v, m))) : [];
      if (values.length > 0) return values;
    }
    return undefined;
  }

  /** The fields (`this.x`, `self.x`, `@x`) a node assigns, with the values. */
  private memberKeys(node: SyntaxNode): readonly [string, SyntaxNode][] {
    const binds = this.spec.adapter.binds(node);
    // Most nodes bind nothing: no new list for them (this runs on every node of the edited unit).
    if (binds.length === 0) return NO_MEMBERS;
    const out: [string, SyntaxNode][] = [];
    for (const [target, value] of binds) {
      const name = this.spec.adapter.name(target, this.text);
      const field = name === undefined ? undefined : /^(?:this|self|Me)\.(\w+)$|^@(\w+)$/.exec(name);
      const key = field ? field[1] ?? field[2]! : undefined;
      if (key) out.push([key, value]);
    }
    return out;
  }

  /** Is `node` an outermost declared function (a unit of its own)? */
  private isUnit(node: SyntaxNode): boolean {
    if (!node.parent || !this.startsUnit(node) || EXPRESSION_FUNCTION.test(node.type)) return false;
    for (let n: SyntaxNode | undefined = node.parent; n; n = n.parent) if (this.startsUnit(n)) return false;
    return true;
  }

  /** A function, or a block of a type the language makes a unit of (`LanguageSpec.unitBlocks`). */
  private startsUnit(node: SyntaxNode): boolean {
    return this.spec.adapter.isFunction(node) || this.spec.unitBlocks?.has(node.type) === true;
  }

  /**
   * `map.get("k")`: the values put under "k" (or under a key not known); `list.get(i)`: the element at
   * a constant index after replaying the list's adds and removes, when they all run unconditionally in
   * order. Undefined when this is not such a read.
   */
  private elementOf(call: Call, next: (n: SyntaxNode | undefined) => Taint, frame: Frame | undefined): Taint | undefined {
    if (!call.receiver || !GETTERS.test(lastSegment(call.name)) || call.args.length === 0) return undefined;
    const a = this.spec.adapter;
    const recv = a.name(call.receiver, this.text);
    if (recv === undefined || recv.includes('.')) return undefined;
    const defs = this.reachingDefs(call.node, recv);
    if (!defs || defs.length === 0) return undefined;
    const key = this.constant(call.args[0]!);
    if (key === undefined) return undefined;
    const strong = defs.filter((d) => !d.weak);
    const weak = defs.filter((d) => d.weak && d.call);
    // The collection must start empty here (`new HashMap<>()`, `new ArrayList<>()`), else we do not know what it holds.
    if (strong.length !== 1 || !/^new /.test(this.callByNode.get(a.unwrap(strong[0]!.value))?.name ?? '') || this.callByNode.get(a.unwrap(strong[0]!.value))!.args.length > 0) return undefined;
    const puts = weak.filter((d) => /^(?:put|Add|set|Set|putIfAbsent|TryAdd)$/.test(lastSegment(d.call!.name)) && d.call!.args.length === 2);
    if (typeof key === 'string' && puts.length > 0) {
      let t: Taint = 'constant';
      for (const d of puts) {
        if (d.value !== d.call!.args[1]) continue;
        const k = this.constant(d.call!.args[0]!);
        if (k !== undefined && k !== key) continue;
        t = worst(t, next(d.value));
      }
      return t;
    }
    if (typeof key !== 'number') return undefined;
    // Replay the list operations in order; give up on anything conditional or not understood.
    const ops = [...new Set(weak.map((d) => d.call!))].sort((x, y) => x.node.start - y.node.start);
    const list: SyntaxNode[] = [];
    for (const op of ops) {
      if (!this.unconditional(op.node, call.node)) return undefined;
      const m = lastSegment(op.name);
      const i = op.args.length === 2 ? this.constant(op.args[0]!) : undefined;
      if (/^(?:add|Add|append|push)$/.test(m) && op.args.length === 1) list.push(op.args[0]!);
      else if (/^(?:add|Add|insert|Insert)$/.test(m) && typeof i === 'number' && i <= list.length) list.splice(i, 0, op.args[1]!);
      else if (/^(?:remove|RemoveAt)$/.test(m) && op.args.length === 1 && typeof this.constant(op.args[0]!) === 'number') {
        const r = this.constant(op.args[0]!) as number;
        if (r >= list.length) return undefined;
        list.splice(r, 1);
      } else if (/^(?:set)$/.test(m) && typeof i === 'number' && i < list.length) list[i] = op.args[1]!;
      else if (/^(?:clear|Clear)$/.test(m)) list.length = 0;
      else return undefined;
    }
    const element = list[key];
    void frame;
    return element ? next(element) : undefined;
  }

  /**
   * The shape of a string built from pieces: its literal text with `?` for each dynamic part, and the
   * dynamic parts. Undefined when the value is not built (a plain variable, a call…). Follows one
   * variable to its only assigned value.
   */
  shape(node: SyntaxNode, follow = true): Shape | undefined {
    return this.shapeOf(node, follow, true);
  }

  /**
   * `shape`; `top`: `node` is the value asked about itself (a sink's argument), so a parameter of its
   * function is read as the arguments of the file's calls of it (`executeQuery(db, query)`).
   */
  private shapeOf(node: SyntaxNode, follow: boolean, top: boolean): Shape | undefined {
    const a = this.spec.adapter;
    node = a.unwrap(node);
    if (follow) {
      const name = a.name(node, this.text);
      // A call of a function of this file is named `f()`: not a local to follow.
      if (name !== undefined && !name.includes('.') && !this.callByNode.has(node)) {
        const values = this.valuesOf(node, name).filter((v) => !isWithin(node, v));
        // Only added to (`params[:action] = :index`): what it held before is no text of this file.
        if (values.length === 0 || this.onlyAddedTo(node, name)) return top ? this.argumentShape(node, name) : undefined;
        const shapes = values.map((v) => this.shapeOf(v, false, false) ?? this.plain(v));
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
      const parts = operands.map((o) => this.shapeOf(o, follow && a.name(o, this.text)?.includes('.') === false, false) ?? this.plain(o));
      const dynamic = parts.flatMap((p) => p.dynamic);
      return dynamic.length > 0 ? { text: parts.map((p) => p.text).join(''), dynamic } : undefined;
    }
    const call = this.callByNode.get(node);
    if (call?.receiver && this.spec.shapeThrough?.test(call.name)) return this.shapeOf(call.receiver, follow, false);
    if (call && this.spec.formatCalls.test(call.name)) {
      const [first, ...rest] = call.args;
      // The template may be a local holding a constant (`String sql = "… '%s'"; String.format(sql, x)`).
      const template = first ? this.constant(first) : undefined;
      const firstText = typeof template === 'string' ? template : first ? this.plain(first).text : '';
      // A value printed through a number verb (`%d`, `%x`, `%t`) comes out as digits, whatever it held.
      const verbs = typeof template === 'string' ? printfVerbs(template) : undefined;
      const dynamic = [...(verbs && verbs.length === rest.length ? rest.filter((_, i) => !NUMBER_VERB.test(verbs[i]!)) : rest), ...call.kwargs.values()];
      if (!first && call.receiver) return { text: this.plain(call.receiver).text, dynamic: [...call.args, ...call.kwargs.values()] };
      return dynamic.length > 0 ? { text: firstText, dynamic } : undefined;
    }
    // Python `"… {}".format(x)`: the receiver is the template, also as a local holding a constant (`query.format(x)`).
    if (call && call.receiver && /(?:^|\.)format$/.test(call.name)) {
      const template = this.textOf(call.receiver);
      const dynamic = [...call.args, ...call.kwargs.values()];
      if (typeof template === 'string' && dynamic.length > 0) return { text: template, dynamic };
    }
    // A pass-through of one value (`sql.toString()`, `new StringBuilder(sql)`): that value's shape.
    if (call && this.spec.passThrough.test(call.name) && call.args.length + call.kwargs.size + (call.receiver ? 1 : 0) === 1) {
      const only = call.receiver ?? call.args[0] ?? [...call.kwargs.values()][0]!;
      if (!this.isModuleReceiver(only)) return this.shapeOf(only, follow, false);
    }
    // `"… [VALUE]".replace("[VALUE]", x)`: the receiver is the template, the replacement its dynamic part.
    if (call && call.receiver && /(?:^|\.)replace$/.test(call.name) && call.args.length === 2) {
      const template = this.textOf(call.receiver);
      if (typeof template === 'string') return { text: template, dynamic: [call.args[1]!] };
    }
    // A function of this file that returns built text (`return "SELECT … '" + name + "'"`).
    if (call) return this.returnShape(call);
    return undefined;
  }

  /**
   * The shape of what the one function of this file `call` runs returns, when some `return` builds
   * text: the returns' texts, and their dynamic parts with the function's own parameters read as this
   * call's arguments (a variadic one as every argument from its place). Followed through helpers that
   * return another helper's result, `MAX_CALL_DEPTH` deep.
   */
  private returnShape(call: Call): Shape | undefined {
    const fns = this.localTargets(call);
    if (fns.length !== 1 || this.shaping.size >= MAX_CALL_DEPTH || this.shaping.has(fns[0]!)) return undefined;
    const fn = fns[0]!;
    const values = this.returnValues(fn);
    if (values.length === 0) return undefined;
    this.shaping.add(fn);
    try {
      const shapes = values.map((v) => this.shapeOf(v, true, false) ?? this.plain(v));
      const dynamic = shapes.flatMap((s) => s.dynamic);
      if (!shapes.some((s) => /[^?\s]/.test(s.text)) || dynamic.length === 0) return undefined;
      const a = this.spec.adapter;
      const params = this.params(fn);
      const args = [...call.args, ...call.kwargs.values()];
      const bound = this.bindingsOf(fn);
      return {
        text: shapes.map((s) => s.text).join(' '),
        dynamic: dynamic.flatMap((d) => {
          const name = a.name(d, this.text);
          const i = name === undefined ? -1 : params.findIndex((p) => p.name === name);
          if (i < 0 || this.enclosingFunction(d) !== fn || (bound.get(name!)?.length ?? 0) > 0) return [d];
          return this.isVariadic(params[i]) ? args.slice(i) : args[i] ? [args[i]!] : [];
        }),
      };
    } finally {
      this.shaping.delete(fn);
    }
  }

  /** The values `fn`'s live `return` statements give (the first of a list: Go's `return q, nil`). */
  private returnValues(fn: SyntaxNode): SyntaxNode[] {
    return this.returnStatements(fn).flatMap((r) => (r.values.length > 0 && !this.isDead(r.node) ? [r.values[0]!] : []));
  }

  /** `fn`'s `return` statements (not those of functions inside it), each with the values it gives (several: Go's `return q, nil`). */
  private returnStatements(fn: SyntaxNode): { node: SyntaxNode; values: SyntaxNode[] }[] {
    let out = this.returnsMemo.get(fn);
    if (out) return out;
    out = [];
    const stack = [...fn.children];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (this.spec.adapter.isFunction(n)) continue;
      if (RETURN.test(n.type)) {
        const value = n.children.find((c) => c.named && c.type !== 'comment');
        out.push({ node: n, values: value?.type === 'expression_list' ? value.children.filter((c) => c.named && c.type !== 'comment') : value ? [value] : [] });
        continue;
      }
      stack.push(...n.children);
    }
    this.returnsMemo.set(fn, out);
    return out;
  }

  /**
   * The shape of a parameter `name` of the function around `node`, never assigned there: the shapes of
   * the arguments the file's calls of the function pass for it (a function that runs the query it is
   * given), when some is built. Undefined for anything else.
   */
  private argumentShape(node: SyntaxNode, name: string): Shape | undefined {
    const fn = this.enclosingFunction(node);
    const index = this.params(fn).findIndex((p) => p.name === name);
    if (index < 0 || (this.bindingsOf(fn).get(name)?.length ?? 0) > 0) return undefined;
    const callers = this.callers().get(fn);
    if (!callers || callers.length > MAX_CALL_SITES) return undefined;
    const args = callers.map((c) => [...c.args, ...c.kwargs.values()][index]).filter((x): x is SyntaxNode => !!x);
    const shapes = args.map((x) => this.shapeOf(x, true, false));
    if (!shapes.some((s) => !!s)) return undefined;
    const all = shapes.map((s, i) => s ?? this.plain(args[i]!));
    return { text: all.map((s) => s.text).join(' '), dynamic: all.flatMap((s) => s.dynamic) };
  }

  /** A string literal's value, or the constant a name holds (`query` in `query.format(x)`). */
  private textOf(node: SyntaxNode): ReturnType<FileFlow['constant']> {
    return this.spec.adapter.stringValue(this.spec.adapter.unwrap(node), this.text) ?? this.constant(node);
  }

  /** A leaf of a shape: a literal's text, or `?` for anything else. */
  private plain(node: SyntaxNode): { text: string; dynamic: SyntaxNode[] } {
    const value = this.spec.adapter.stringValue(this.spec.adapter.unwrap(node), this.text);
    if (value !== undefined) return { text: value, dynamic: [] };
    if (this.spec.adapter.isLiteral(node)) return { text: this.source(node), dynamic: [] };
    // Literals joined with `+` (a query split over lines: `"SELECT a " + "FROM t " + "WHERE x = '" + v`): their text.
    const joined = this.literalText(node);
    if (joined !== undefined) return { text: joined, dynamic: [] };
    // A local holding text that is constant (`query := "SELECT … "`, then `q := query + id`): that text.
    const constant = this.spec.adapter.name(node, this.text) !== undefined ? this.constant(node) : undefined;
    if (typeof constant === 'string') return { text: constant, dynamic: [] };
    return { text: '?', dynamic: [node] };
  }

  /** The text of string literals joined by concatenation (no names looked up); undefined for anything else. */
  private literalText(node: SyntaxNode, depth = 0): string | undefined {
    const a = this.spec.adapter;
    const operands = depth < 64 ? a.concat(node, this.text) : undefined;
    if (!operands) return depth > 0 ? a.stringValue(a.unwrap(node), this.text) : undefined;
    let out = '';
    for (const o of operands) {
      const t = this.literalText(o, depth + 1);
      if (t === undefined) return undefined;
      out += t;
    }
    return out;
  }

  /**
   * The host a URL value names when every value reaching `node` starts with the same fixed
   * `scheme://host` (`"#{protocol}://127.0.0.1:#{port}#{path}"`), read through locals, `URI.parse(x)`
   * / `URI(x)` / `new URI(x)` and the parameters of this file's functions (every call site must agree).
   * Undefined when any value leaves the host open.
   */
  urlHost(node: SyntaxNode, depth = 0): string | undefined {
    const n = this.spec.adapter.unwrap(node);
    const constant = this.constant(n);
    const text = typeof constant === 'string' ? constant : this.shape(n, false)?.text;
    if (text !== undefined) return URL_HOST.exec(text)?.[1]?.toLowerCase();
    const call = this.callByNode.get(n);
    if (call && URL_PARSERS.test(call.name) && call.args[0]) return depth > 8 ? undefined : this.urlHost(call.args[0], depth + 1);
    return this.agreeOnValues(n, depth, (v, d) => this.urlHost(v, d));
  }

  /** The host a host-valued expression names: a constant (`'127.0.0.1'`), or the `.host` of a URL whose host is fixed (`URI.parse(url).host`). */
  hostValue(node: SyntaxNode, depth = 0): string | undefined {
    const a = this.spec.adapter;
    const n = a.unwrap(node);
    const constant = this.constant(n);
    if (typeof constant === 'string') return constant.toLowerCase();
    const name = a.name(n, this.text);
    // A property read, or a method call without arguments (Ruby's `uri.host`).
    const call = this.callByNode.get(n);
    const object = a.objectOf(n) ?? (call && call.args.length === 0 ? call.receiver : undefined);
    if (name !== undefined && /\.(?:host|hostname)$/.test(name) && object) return depth > 8 ? undefined : this.urlHost(object, depth + 1);
    return this.agreeOnValues(n, depth, (v, d) => this.hostValue(v, d));
  }

  /** A local's assigned values, or a parameter's arguments at every call site, when `read` gives them all the same answer. */
  private agreeOnValues(n: SyntaxNode, depth: number, read: (v: SyntaxNode, depth: number) => string | undefined): string | undefined {
    const name = this.spec.adapter.name(n, this.text);
    if (name === undefined || name.includes('.') || depth > 8) return undefined;
    let values = this.valuesOf(n, name).filter((v) => !isWithin(n, v));
    if (values.length === 0) {
      const fn = this.enclosingFunction(n);
      const index = this.params(fn).findIndex((p) => p.name === name);
      const callers = index < 0 ? undefined : this.callers().get(fn);
      if (!callers || callers.length === 0 || callers.length > MAX_CALL_SITES || callers.some((c) => !c.args[index])) return undefined;
      values = callers.map((c) => c.args[index]!);
    }
    const hosts = new Set(values.map((v) => read(v, depth + 1)));
    const [host] = hosts;
    return hosts.size === 1 ? host : undefined;
  }

  /**
   * Is `node` one of its function's parameters, unchanged (no local assignment reaches it) and with no
   * call site in this file that would tell its origin?
   */
  isParameter(node: SyntaxNode): boolean {
    const n = this.spec.adapter.unwrap(node);
    const name = this.spec.adapter.name(n, this.text);
    if (name === undefined || name.includes('.')) return false;
    const fn = this.enclosingFunction(n);
    const index = this.params(fn).findIndex((p) => p.name === name);
    if (index < 0) return false;
    const defs = this.bindingsOf(fn).get(name);
    if (defs && this.reaching(defs, n).some((d) => !d.weak)) return false;
    return !(this.callers().get(fn)?.length);
  }

  /**
   * Is the value at `node` validated for `cls` by a guard where it is used: inside the branch where a
   * check such as `url_has_allowed_host_and_scheme(x)`, `x in ALLOWED` or `Url.IsLocalUrl(x)` holds,
   * or after a statement that exits when it fails (`if not is_safe_url(x): abort(400)`,
   * `return head(:bad_request) unless ALLOWED.include?(x)`), with no assignment to it in between.
   * The guarded value is recognised by its expression (`next_url`, `request.args["next"]`). A list or
   * `a or b` is guarded when each of its parts is guarded, constant or sanitised.
   */
  guardedFor(node: SyntaxNode, cls: SinkClass, depth = 0): boolean {
    const a = this.spec.adapter;
    const n = a.unwrap(node);
    if (this.guardedHere(n, cls)) return true;
    if (depth >= 4) return false;
    // Built values: each part guarded, constant or sanitised (`"ls " + name`, `f"{x}"`, `[a, b]`, `x or url_for(…)`).
    const safe = (p: SyntaxNode) => a.isLiteral(p) || this.sanitizedFor(p, cls) || this.taint(p) === 'constant' || this.guardedFor(p, cls, depth + 1);
    const template = a.template(n);
    if (template) return template.every((p) => 'text' in p || safe(p));
    const operands = a.concat(n, this.text);
    if (operands) return operands.every(safe);
    if (a.isCollection(n)) {
      const parts = n.children.filter((c) => c.named && c.type !== 'comment' && c.field !== 'type');
      return parts.length > 0 && parts.every(safe);
    }
    const call = this.callByNode.get(n);
    if (call && (this.spec.formatCalls.test(call.name) || this.spec.passThrough.test(call.name))) {
      // The receiver is a part too: `status.to_sym` is guarded when `status` is.
      const parts = [...call.args, ...call.kwargs.values(), ...(call.receiver ? [call.receiver] : [])];
      return parts.length > 0 && parts.every(safe);
    }
    // A local whose every reaching value was guarded where it was assigned (`cmd = "ls " + name` inside the branch).
    const name = a.name(n, this.text);
    if (name !== undefined && !name.includes('.')) {
      const values = this.valuesOf(n, name);
      return values.length > 0 && !this.onlyAddedTo(n, name) && values.every((v) => !isWithin(n, v) && safe(v));
    }
    return false;
  }

  private guardedHere(use: SyntaxNode, cls: SinkClass): boolean {
    const a = this.spec.adapter;
    if (!a.branch || a.isLiteral(use)) return false;
    const key = this.guardKey(use);
    for (let child = use, n = use.parent; n && !a.isFunction(n); child = n, n = n.parent) {
      const branch = a.branch(n);
      if (branch && child !== branch.condition) {
        const p = this.guardPolarity(branch.condition, key, cls, 0);
        if (p !== undefined) {
          const holds = p !== !!branch.negated;
          if (((child === branch.then && holds) || (child === branch.else && !holds)) && !this.reboundBetween(use, branch.condition.end)) return true;
        }
      }
      // Statements before this one that exit when the check fails.
      for (const s of n.children) {
        if (s.end > child.start) break;
        const b = s.named ? a.branch(s) : undefined;
        if (!b || b.value) continue;
        const p = this.guardPolarity(b.condition, key, cls, 0);
        if (p === undefined) continue;
        const failing = p !== !!b.negated ? b.else : b.then;
        if (failing && (this.exits(failing, 0) || this.resetsTo(failing, key, cls)) && !this.reboundBetween(use, s.end)) return true;
      }
    }
    return false;
  }

  /**
   * Does the arm (a block) assign the checked value anew, unconditionally, from something safe for
   * `cls` (`if not is_safe_url(target): target = "/"`)? After it the value is either checked or that.
   */
  private resetsTo(arm: SyntaxNode, key: string, cls: SinkClass): boolean {
    const a = this.spec.adapter;
    for (const statement of arm.children) {
      if (!statement.named) continue;
      for (const n of [statement, ...statement.children]) {
        for (const [target, value] of a.binds(n)) {
          if (this.guardKey(target) === key && (this.taint(value) === 'constant' || this.sanitizedFor(value, cls))) return true;
        }
      }
    }
    return false;
  }

  /** An expression as guards compare it: its text without spaces. */
  private guardKey(node: SyntaxNode): string {
    return this.source(this.spec.adapter.unwrap(node)).replace(/\s+/g, '');
  }

  /** Is the local `use` names assigned between `from` and the use (so a check before no longer speaks for it)? */
  private reboundBetween(use: SyntaxNode, from: number): boolean {
    const name = this.spec.adapter.name(use, this.text);
    if (name === undefined || name.includes('.')) return false;
    const defs = this.bindingsOf(this.enclosingFunction(use)).get(name) ?? [];
    return defs.some((d) => d.target.start >= from && d.target.start < use.start);
  }

  /**
   * Does `cond` being true (true) or false (false) mean the value keyed `key` passed a guard for `cls`?
   * Undefined when the condition says nothing about it.
   */
  private guardPolarity(cond: SyntaxNode, key: string, cls: SinkClass, depth: number): boolean | undefined {
    if (depth > 8) return undefined;
    const a = this.spec.adapter;
    // Python spells its comparisons `operators`, and `not x` has no operator token.
    const op = this.operatorOf(cond) || cond.children.filter((c) => c.field === 'operators').map((c) => this.source(c)).join(' ') || (/^(?:not_operator|prefix_unary_expression|unary)$/.test(cond.type) && /^(?:!|not\b)/.test(this.source(cond)) ? '!' : '');
    const kids = cond.children.filter((c) => c.named && c.type !== 'comment' && c.field !== 'operator' && c.field !== 'operators');
    if ((op === '!' || op === 'not') && kids.length === 1) {
      const p = this.guardPolarity(kids[0]!, key, cls, depth + 1);
      return p === undefined ? undefined : !p;
    }
    // `ok(x) and other`: true means ok(x) held; `not ok(x) or other`: false means ok(x) held.
    // `a and b` false means one of them is false: guarded when each is guarded when false (`x or y` likewise when true).
    if (op === '&&' || op === 'and' || op === '||' || op === 'or') {
      const either = op === '&&' || op === 'and';
      const ps = kids.map((k) => this.guardPolarity(k, key, cls, depth + 1));
      if (ps.some((p) => p === either)) return either;
      return ps.length > 0 && ps.every((p) => p === !either) ? !either : undefined;
    }
    // The value itself as a condition: when false it is empty (`""`, `None`), which carries nothing.
    if (this.guardKey(cond) === key && a.name(a.unwrap(cond), this.text) !== undefined) return false;
    if (kids.length === 2 && (op === '==' || op === '===' || op === '!=' || op === '!==')) {
      const eq = op === '==' || op === '===';
      const [l, r] = kids as [SyntaxNode, SyntaxNode];
      // `x == "admin"`: the value is that constant.
      for (const [v, c] of [[l, r], [r, l]] as const) {
        const k = this.constant(c);
        if (k !== undefined && k !== null && typeof k !== 'boolean' && this.guardKey(v) === key) return eq;
      }
      // `is_safe(x) == true`, `in_array($x, $a, true) === false`.
      for (const [v, c] of [[l, r], [r, l]] as const) {
        const k = this.constant(c);
        if (typeof k !== 'boolean') continue;
        const p = this.guardPolarity(v, key, cls, depth + 1);
        return p === undefined ? undefined : p === (k === eq);
      }
      return undefined;
    }
    const membership = this.spec.membership;
    if (membership && kids.length === 2 && (membership.holds.has(op) || membership.fails.has(op))) {
      return this.guardKey(kids[0]!) === key ? membership.holds.has(op) : undefined;
    }
    if (kids.length === 1 && /parenthesized|condition_clause|^condition$/.test(cond.type)) return this.guardPolarity(kids[0]!, key, cls, depth + 1);
    const call = this.callByNode.get(a.unwrap(cond));
    if (!call) {
      // A local holding the check's result (`ok = is_safe_url(x)` … `if ok:`).
      const local = a.name(a.unwrap(cond), this.text);
      const values = local !== undefined && !local.includes('.') ? this.valuesOf(cond, local) : [];
      return values.length === 1 && this.callByNode.has(a.unwrap(values[0]!)) ? this.guardPolarity(values[0]!, key, cls, depth + 1) : undefined;
    }
    for (const g of this.spec.guards ?? []) {
      if (g.classes !== 'all' && !g.classes.includes(cls)) continue;
      if (!g.call.test(call.name)) continue;
      if (g.argText && !(call.args[g.argText.index] && g.argText.text.test(this.source(call.args[g.argText.index]!)))) continue;
      if (g.receiverText && !(call.receiver && g.receiverText.test(this.source(call.receiver)))) continue;
      if (g.pattern !== undefined) {
        const node = g.pattern === 'receiver' ? call.receiver : call.args[g.pattern];
        const text = node && this.patternText(node);
        if (text === undefined || !isWordAllowList(text, !!g.full || /fullmatch$/.test(call.name))) continue;
      }
      const subject = g.subject === 'receiver' ? call.receiver : call.args[g.subject] ?? (g.keyword ? call.kwargs.get(g.keyword) : undefined);
      if (subject && this.subjectIs(subject, key, g.normalized)) return true;
    }
    return undefined;
  }

  /** A regular expression's source: a string literal's value, or a regex literal (`/…/`, Ruby's `regex`) without its slashes. */
  private patternText(node: SyntaxNode, depth = 0): string | undefined {
    const a = this.spec.adapter;
    const n = a.unwrap(node);
    const call = this.callByNode.get(n);
    // `regexp.MustCompile("^[a-z]+$")`, `re.compile(r"…")`, `Regexp.new("…")`.
    if (call && /(?:^|\.)(?:MustCompile|Compile|compile|new)$/.test(call.name) && call.args[0]) return this.patternText(call.args[0], depth);
    const value = a.stringValue(n, this.text);
    if (value !== undefined) return value;
    // A pattern compiled once into a variable (`var validName = regexp.MustCompile(…)`).
    const name = depth < 2 ? a.name(n, this.text) : undefined;
    if (name !== undefined && !name.includes('.')) {
      const values = this.valuesOf(n, name);
      return values.length === 1 ? this.patternText(values[0]!, depth + 1) : undefined;
    }
    const src = this.source(n);
    return /^\/.*\/[a-z]*$/s.test(src) && !/#\{/.test(src) ? src : undefined;
  }

  /** Is the guard's subject the value keyed `key` (through a normalising call when `normalized` is given)? */
  private subjectIs(subject: SyntaxNode, key: string, normalized: RegExp | undefined): boolean {
    if (!normalized) return this.guardKey(subject) === key;
    const a = this.spec.adapter;
    const s = a.unwrap(subject);
    const through = (v: SyntaxNode) => {
      const call = this.callByNode.get(a.unwrap(v));
      return !!call && normalized.test(call.name) && call.args.some((x) => this.guardKey(x) === key);
    };
    if (through(s)) return true;
    // `p = filepath.Clean(x)`, then `strings.HasPrefix(p, base)`: both `p` and `x` are checked.
    const name = a.name(s, this.text);
    if (name === undefined || name.includes('.')) return false;
    const values = this.valuesOf(s, name);
    if (values.length === 0 || !values.every((v) => normalized.test(this.callByNode.get(a.unwrap(v))?.name ?? ''))) return false;
    return this.guardKey(s) === key || values.every(through);
  }

  /** Does control never leave `node` normally (return, raise, throw, `abort()`, `die`, `panic`)? */
  private exits(node: SyntaxNode, depth: number): boolean {
    if (depth > 6) return false;
    if (/^(?:return|raise|throw|break|continue|exit|next|retry|redo)(?:_statement|_expression)?$/.test(node.type)) return true;
    if (/elif|elsif|else_if/.test(node.type)) return false;
    const call = this.callByNode.get(node);
    if (call) return !!this.spec.exitCalls?.test(call.name);
    const branch = this.spec.adapter.branch?.(node);
    if (branch) return !!branch.then && !!branch.else && this.exits(branch.then, depth + 1) && this.exits(branch.else, depth + 1);
    const op = this.operatorOf(node);
    const kids = node.children.filter((c) => c.named && c.type !== 'comment' && c.field !== 'operator');
    // `head(:forbidden) and return`
    if (op === 'and' || op === '&&') return kids.length > 0 && this.exits(kids.at(-1)!, depth + 1);
    // A block ends with its last statement; anything else (a loop, a `try`) may finish normally.
    if (op || !/block|body|statement_list|compound|consequence|^else|^then$|expression_statement|^begin$|parenthesized|^do$/.test(node.type)) return false;
    const last = kids.at(-1);
    return !!last && this.exits(last, depth + 1);
  }

  /** Is the sink's value made safe for `cls` by a sanitiser (directly)? */
  sanitizedFor(node: SyntaxNode, cls: SinkClass): boolean {
    const call = this.callByNode.get(this.spec.adapter.unwrap(node));
    return !!call && this.spec.sanitizers.some((s) => (s.classes === 'all' || s.classes.includes(cls)) && sanitizes(s, call, this.text));
  }
}

/** `scheme://host` at the start of a URL's text, the scheme possibly a dynamic part (`?`); the host up to a port, path, query or end. */
const URL_HOST = /^(?:[a-z][\w+.-]*|\?):\/\/([\w.-]+|\[[\d:a-f]+\])(?=[:/?#]|$)/i;
/** Calls that parse a URL text into an object with a `.host`. */
const URL_PARSERS = /^(?:URI\.parse|URI|Kernel\.URI|new (?:java\.net\.)?(?:URI|URL)|URI\.create|urlparse|urllib\.parse\.urlparse|new Uri|url\.Parse)$/;

/**
 * Does the regular expression `source` match only whole strings of word characters (`^[a-z0-9_-]+$`,
 * `\A\d{1,6}\z`)? PHP's delimiters and flags (`/…/i`, `#…#`) are taken off first. No `.`, `/`,
 * escape other than `\w`/`\d`, alternation, group or negated class: what matches cannot carry a path,
 * a URL, a quote or a shell word break. Without `full`, the pattern must be anchored at both ends.
 */
export function isWordAllowList(source: string, full: boolean): boolean {
  let p = source;
  const delimited = /^([/#~!@%])([\s\S]*)\1[a-zA-Z]*$/.exec(p);
  if (delimited) p = delimited[2]!;
  const start = /^(?:\^|\\A)/.exec(p);
  const end = /(?:\$|\\[zZ])$/.exec(p);
  if (start) p = p.slice(start[0].length);
  if (end) p = p.slice(0, p.length - end[0].length);
  if (!full && !(start && end)) return false;
  const unit = String.raw`(?:\\[wd]|\\[-_]|[A-Za-z0-9_-]|\[(?:\\[wd]|\\[-_]|[A-Za-z0-9_-])+\])(?:[*+?]|\{\d+(?:,\d*)?\})?`;
  return new RegExp(`^(?:${unit})+$`).test(p);
}

function truthy(c: Constant): boolean {
  return c !== null && c !== false && c !== 0 && c !== '';
}

function binaryConstant(o: string, l: Constant, r: Constant): Constant | undefined {
  if (typeof l === 'number' && typeof r === 'number') {
    switch (o) {
      case '+': return l + r;
      case '-': return l - r;
      case '*': return l * r;
      case '/': return r === 0 ? undefined : Number.isInteger(l) && Number.isInteger(r) ? Math.trunc(l / r) : l / r;
      case '%': return r === 0 ? undefined : l % r;
      case '<': return l < r;
      case '>': return l > r;
      case '<=': return l <= r;
      case '>=': return l >= r;
    }
  }
  if (o === '+' && (typeof l === 'string' || typeof r === 'string')) return `${l}${r}`;
  if (o === '==' || o === '===') return l === r;
  if (o === '!=' || o === '!==') return l !== r;
  if (o === '&&' || o === 'and') return truthy(l) && truthy(r);
  if (o === '||' || o === 'or') return truthy(l) || truthy(r);
  return undefined;
}

/** Whether a function is a request handler, from the text around it (decorators, annotations, base class). */
const HANDLER = /@(?:\w+\.)*(?:route|get|post|put|delete|patch|api_view|websocket|(?:Get|Post|Put|Delete|Patch|Request)Mapping|GET|POST|PUT|DELETE|PATCH|Path)\b|\[(?:Http(?:Get|Post|Put|Delete|Patch)|Route)\b|\bclass\s+\w+\s*(?::|extends)\s*(?:\w+\.)*(?:Controller|ControllerBase|ApiController|ContentProvider)\b/;
const NOT_CLIENT_PARAM = /^(?:self|cls|this|request|req|response|res|resp|w|ctx|context|db|session|model|logger)$/;
const NOT_CLIENT_TYPE = /(?:Request|Response|Model|Session|Context|Principal|Authentication|HttpServlet\w*|BindingResult|Logger|DbContext|CancellationToken|Writer|Reader)\b/;

const COMPARISON: ReadonlySet<string> = new Set(['==', '!=', '===', '!==', '<', '>', '<=', '>=', '<=>', 'instanceof', 'is', 'is not', 'in', 'not in']);
const AUGMENTED_TYPE = /augmented|operator_assignment/;
const AUGMENTED_OP = /^(?:[-+*/%.|&^]|<<|>>|\?\?|\*\*|\/\/)=$/;

export function lastSegment(name: string): string {
  const i = name.lastIndexOf('.');
  return (i < 0 ? name : name.slice(i + 1)).replace(/\(\)$/, '');
}

/** Is `node` inside `container` (or the same node)? */
export function isWithin(node: SyntaxNode, container: SyntaxNode): boolean {
  return node.start >= container.start && node.end <= container.end;
}
