import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Finding, Fix } from './types';
import type { AstRuleInstance } from './ast';
import { settleParseCache, type ParseCache } from './reparse';
import { changedSpan } from './textRules';

/**
 * Per-function reuse of the AST rules' findings in the editor (ARCHITECTURE.md, "Per-function reuse
 * of JS/TS findings"). The program is split into units: the root (index 0: everything outside the
 * units) and each outermost function declared at top level or as a member of a top-level class, with
 * everything inside it. In the pre-order node list each unit is one contiguous run. A finding belongs
 * to the unit of the node whose visitor reported it.
 */

export interface Unit {
  /** The function node (unit 0, the root, has none). */
  fn?: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
  /** Its run in the pre-order node list: [first, end). */
  first: number;
  end: number;
  start: number;
  stop: number;
  /** The body's range: the block's braces, or an arrow function's expression (`() => jwt.sign(…)`). */
  bodyStart: number;
  bodyEnd: number;
  /** Filled on demand (`unitFacts`), or carried over from the previous version for a unit the edit did not touch. */
  facts?: UnitFacts;
  /** The unit's own name (`f`, `this.m`), one of its facts. */
  name?: string;
}

/** What other units can read of a unit without a link by calls; unit 0's are the root's. */
export interface UnitFacts {
  /** Names of functions declared in it (its own name included): `f`, and `this.m` for class members. */
  names: Set<string>;
  /** Names it calls: `f(…)` and `this.m(…)`. */
  calls: Set<string>;
  /**
   * Its field writes (`this.x = …`), which every method of the class may read (`envFix.ts` follows a
   * field to its one value): each assignment's text and the node types between it and the unit, which
   * say whether its `this` is the class's.
   */
  thisWrites: string;
  /** The declarations in it that bind a module (`const jwt = require('jsonwebtoken')`): `moduleBindings` reads them. */
  requires: string;
}

/** One finding with where it came from: the pre-order index of the node whose visitor reported it, and the rule's index. */
export interface Placed {
  finding: Finding;
  node: number;
  rule: number;
}

interface Previous {
  text: string;
  path: string;
  rules: AstRuleInstance[];
  fileText: string;
  units: Unit[];
  /** The findings of the unit-scoped rules, by unit. */
  found: Placed[][];
  /** Units by the names they call and declare, built from `units`' facts when first needed. */
  links?: Links;
}

interface Links {
  callers: Map<string, number[]>;
  declarers: Map<string, number[]>;
}

function linksOf(units: Unit[]): Links {
  const links: Links = { callers: new Map(), declarers: new Map() };
  const index = (map: Map<string, number[]>, names: Set<string>, u: number) => {
    for (const name of names) {
      const list = map.get(name);
      if (list) list.push(u);
      else map.set(name, [u]);
    }
  };
  units.forEach((unit, u) => {
    index(links.callers, unit.facts!.calls, u);
    index(links.declarers, unit.facts!.names, u);
  });
  return links;
}
const previous = new WeakMap<ParseCache, Previous>();

export interface ReusePlan {
  /** Units whose nodes the unit-scoped rules visit (the root always). */
  run: Set<number>;
  /** The kept findings of the other units, moved to the new text and node indices. */
  kept: Placed[];
  /** The previous version's call links, when they still hold for this one. */
  links?: Links;
}

function isFunction(n: TSESTree.Node | null | undefined): n is NonNullable<Unit['fn']> {
  return !!n && (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');
}

/** The outermost declared functions of `program`, in source order, with the name each is declared under. */
function declaredFunctions(program: TSESTree.Program): { fn: NonNullable<Unit['fn']>; name?: string }[] {
  const out: { fn: NonNullable<Unit['fn']>; name?: string }[] = [];
  for (let statement of program.body as TSESTree.Node[]) {
    if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration) statement = statement.declaration;
    if (statement.type === 'FunctionDeclaration') out.push({ fn: statement, name: statement.id?.name });
    else if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) if (isFunction(d.init)) out.push({ fn: d.init, name: d.id.type === 'Identifier' ? d.id.name : undefined });
    } else if (statement.type === 'ClassDeclaration') {
      for (const member of statement.body.body) {
        if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && isFunction(member.value)) {
          out.push({ fn: member.value, name: !member.computed && member.key.type === 'Identifier' ? `this.${member.key.name}` : undefined });
        }
      }
    }
  }
  return out;
}

/** The units of the tree whose pre-order node list is `nodes` (their facts are read when needed: `unitFacts`). */
export function splitUnits(program: TSESTree.Program, nodes: readonly TSESTree.Node[], text: string): Unit[] {
  const declared = declaredFunctions(program);
  // `facts` is in each unit from the start (undefined until read or carried over): set later, it would
  // give every unit of every version a second, out-of-object store.
  const units: Unit[] = [{ first: 0, end: nodes.length, start: 0, stop: text.length, bodyStart: -1, bodyEnd: -1, facts: undefined }];
  let k = 0;
  for (let i = 0; i < nodes.length && k < declared.length; i++) {
    if (nodes[i] !== declared[k]!.fn) continue;
    const { fn, name } = declared[k++]!;
    let end = i + 1;
    while (end < nodes.length && nodes[end]!.start < fn.end) end++;
    // An edit strictly inside the body leaves the function's head (name, parameters, return type) as it was.
    const body: TSESTree.Node | null | undefined = fn.body;
    units.push({ fn, name, first: i, end, start: fn.start, stop: fn.end, bodyStart: body ? body.start : -1, bodyEnd: body ? body.end : -1, facts: undefined });
    i = end - 1;
  }
  return units;
}

/** The facts of unit `u` (the root's: of every node outside the units), read from its nodes once. */
export function unitFacts(units: Unit[], u: number, nodes: readonly TSESTree.Node[], text: string): UnitFacts {
  const unit = units[u]!;
  if (unit.facts) return unit.facts;
  const facts = emptyFacts();
  if (unit.name) facts.names.add(unit.name);
  if (u > 0) {
    collectFacts(nodes, unit.first, unit.end, text, facts);
  } else {
    let from = 0;
    for (let i = 1; i < units.length; i++) {
      collectFacts(nodes, from, units[i]!.first, text, facts);
      from = units[i]!.end;
    }
    collectFacts(nodes, from, nodes.length, text, facts);
  }
  return (unit.facts = facts);
}

function emptyFacts(): UnitFacts {
  return { names: new Set(), calls: new Set(), thisWrites: '', requires: '' };
}

function collectFacts(nodes: readonly TSESTree.Node[], first: number, end: number, text: string, facts: UnitFacts): void {
  for (let i = first; i < end; i++) {
    const n = nodes[i]!;
    switch (n.type) {
      case 'CallExpression': {
        const callee = n.callee;
        if (callee.type === 'Identifier') facts.calls.add(callee.name);
        else if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression' && !callee.computed && callee.property.type === 'Identifier') facts.calls.add(`this.${callee.property.name}`);
        break;
      }
      case 'FunctionDeclaration':
        if (n.id) facts.names.add(n.id.name);
        break;
      case 'VariableDeclarator':
        if (n.id.type === 'Identifier' && isFunction(n.init)) facts.names.add(n.id.name);
        if (n.init && bindsModule(n.init)) facts.requires += `${text.slice(n.start, n.end)}\n`;
        break;
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (!n.computed && n.key.type === 'Identifier') facts.names.add(`this.${n.key.name}`);
        break;
      case 'AssignmentExpression':
        if (n.left.type === 'MemberExpression' && n.left.object.type === 'ThisExpression') {
          let path = '';
          for (let up: TSESTree.Node | undefined = n.parent; up && up !== nodes[first]; up = up.parent) path += `${up.type} `;
          facts.thisWrites += `${text.slice(n.start, n.end)} in ${path}\n`;
        }
        break;
      default:
        break;
    }
  }
}

/** `require(…)`, `await import(…)`, `require(…).x`: what `moduleBindings` reads a module binding from. */
function bindsModule(init: TSESTree.Node): boolean {
  let n = init;
  while (n.type === 'AwaitExpression' || n.type === 'MemberExpression') n = n.type === 'AwaitExpression' ? n.argument : n.object;
  return n.type === 'ImportExpression' || (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require');
}

/**
 * Which units the unit-scoped rules must visit in the new version, and the kept findings of the
 * others; undefined when the whole file must run. See ARCHITECTURE.md for the conditions.
 */
export function planReuse(cache: ParseCache, text: string, path: string, rules: AstRuleInstance[], fileText: string, units: Unit[], nodes: readonly TSESTree.Node[]): ReusePlan | undefined {
  const before = previous.get(cache);
  if (!before || before.path !== path || before.fileText !== fileText || before.rules.length !== rules.length) return undefined;
  for (let r = 0; r < rules.length; r++) {
    const a = rules[r]!;
    const b = before.rules[r]!;
    if (a.rule !== b.rule || a.severity !== b.severity || a.options !== b.options) return undefined;
  }
  if (units.length !== before.units.length) return undefined;
  const run = new Set<number>([0]);
  // Every unit but the edited one is the same code as before: its facts carry over.
  const carry = (except: number) => {
    for (let i = 0; i < units.length; i++) if (i !== except) units[i]!.facts ??= before.units[i]!.facts;
  };
  if (before.text === text) {
    for (let i = 1; i < units.length; i++) if (units[i]!.start !== before.units[i]!.start || units[i]!.stop !== before.units[i]!.stop) return undefined;
    carry(-1);
    return { run, kept: keep(before, units, run, Infinity, Infinity, 0) ?? [], links: before.links };
  }
  const { start, oldEnd, newEnd } = changedSpan(before.text, text);
  const delta = newEnd - oldEnd;
  // The edit lies strictly inside one unit's body (its braces, or an arrow function's expression).
  const edited = before.units.findIndex((u, i) => i > 0 && u.bodyStart >= 0 && u.bodyStart < start && oldEnd < u.bodyEnd);
  if (edited < 0) {
    // Outside every function: only spacing of the root's code (as `rootFacts` in the tree-sitter path)
    // leaves the tree as it was, so the units keep their findings and the root runs again.
    if (!spacingOnly(before.text, text, start, oldEnd, newEnd, nodes)) return undefined;
    for (let i = 1; i < units.length; i++) {
      const was = before.units[i]!;
      if (was.start < oldEnd && was.stop > start) return undefined;
      const moved = was.start >= oldEnd ? delta : 0;
      if (units[i]!.start !== was.start + moved || units[i]!.stop !== was.stop + moved) return undefined;
    }
    carry(-1);
    const kept = keep(before, units, run, start, oldEnd, delta);
    return kept && { run, kept, links: before.links };
  }
  for (let i = 1; i < units.length; i++) {
    const was = before.units[i]!;
    const now = units[i]!;
    const moved = was.start >= oldEnd ? delta : 0;
    if (i !== edited && was.start < oldEnd && was.stop > start) return undefined;
    if (now.start !== was.start + moved || now.stop !== was.stop + (i === edited ? delta : moved)) return undefined;
  }
  // The edit is strictly inside F's body: the root's code and every other unit are as they were (without
  // this, every unit's facts were read again from its nodes after each keystroke in a function).
  carry(edited);
  // What other units read of F without a call, unchanged: the functions it declares, its field writes, its module requires.
  const was = before.units[edited]!.facts!;
  const now = unitFacts(units, edited, nodes, text);
  if (was.thisWrites !== now.thisWrites || was.requires !== now.requires || !sameSet(was.names, now.names)) return undefined;
  // F and every unit linked to it by calls, before or after the edit, either way, transitively. (F
  // itself runs, so its new calls need not be in the index: they are looked up from F.)
  const { callers, declarers } = (before.links ??= linksOf(before.units));
  const reach = [edited];
  run.add(edited);
  while (reach.length > 0) {
    const u = reach.pop()!;
    const facts = [before.units[u]!.facts!, ...(u === edited ? [now] : [])];
    for (const f of facts) {
      for (const [names, map] of [[f.calls, declarers], [f.names, callers]] as const) {
        for (const name of names) {
          for (const other of map.get(name) ?? []) {
            if (run.has(other)) continue;
            if (other === 0) return undefined;
            run.add(other);
            reach.push(other);
          }
        }
      }
    }
  }
  const kept = keep(before, units, run, start, oldEnd, delta);
  // The call links index every unit's calls and names by unit number: with the edited unit's names
  // (checked above) and calls as they were, they hold for this version too and are not built again.
  return kept && { run, kept, links: sameSet(was.calls, now.calls) ? before.links : undefined };
}

/**
 * Whether the edit only added or removed spaces and tabs between tokens: no newline (which can change
 * where a statement ends), a space or line end still on one side (no token split or joined), and not
 * inside a string, template, regular expression or JSX text (where spaces are part of a value).
 */
function spacingOnly(oldText: string, text: string, start: number, oldEnd: number, newEnd: number, nodes: readonly TSESTree.Node[]): boolean {
  if (!/^[ \t]*$/.test(oldText.slice(start, oldEnd)) || !/^[ \t]*$/.test(text.slice(start, newEnd))) return false;
  const before = start > 0 ? text.charCodeAt(start - 1) : 10;
  const after = newEnd < text.length ? text.charCodeAt(newEnd) : 10;
  const blank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
  if (!blank(before) && !blank(after)) return false;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.type === 'Literal' || n.type === 'TemplateLiteral' || n.type === 'TemplateElement' || n.type === 'JSXText' || n.type === 'JSXAttribute') {
      if (n.start < newEnd && start < n.end) return false;
    }
  }
  return true;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** The previous findings of the units not in `run`, moved by the edit; undefined when one of them touches the edited text. */
function keep(before: Previous, units: Unit[], run: Set<number>, start: number, oldEnd: number, delta: number): Placed[] | undefined {
  const at = (x: number): number | undefined => (x < start ? x : x > oldEnd ? x + delta : undefined);
  const moveFix = (fix: Fix): Fix | undefined => {
    const edits: Fix['edits'] = [];
    for (const e of fix.edits) {
      const s = at(e.start);
      const t = at(e.end);
      if (s === undefined || t === undefined) return undefined;
      edits.push(s === e.start && t === e.end ? e : { ...e, start: s, end: t });
    }
    return { ...fix, edits };
  };
  const kept: Placed[] = [];
  for (let u = 1; u < before.found.length; u++) {
    if (run.has(u)) continue;
    const shift = units[u]!.first - before.units[u]!.first;
    for (const placed of before.found[u]!) {
      const f = placed.finding;
      const s = at(f.start);
      const e = at(f.end);
      if (s === undefined || e === undefined) return undefined;
      let moved: Finding = f;
      if (s !== f.start || e !== f.end || delta !== 0) {
        const fix = f.fix && moveFix(f.fix);
        if (f.fix && !fix) return undefined;
        const suggestions: Fix[] = [];
        for (const g of f.suggestions) {
          const m = moveFix(g);
          if (!m) return undefined;
          suggestions.push(m);
        }
        let secret = f.secret;
        if (secret?.at) {
          const a = at(secret.at[0]);
          const b = at(secret.at[1]);
          if (a === undefined || b === undefined) return undefined;
          secret = { ...secret, at: [a, b] };
        }
        let related = f.related;
        if (related) {
          const list: NonNullable<Finding['related']> = [];
          for (const r of related) {
            const a = at(r.start);
            const b = at(r.end);
            if (a === undefined || b === undefined) return undefined;
            list.push({ ...r, start: a, end: b });
          }
          related = list;
        }
        moved = { ...f, start: s, end: e, fix, suggestions, secret, ...(related ? { related } : {}) };
      }
      kept.push({ finding: moved, node: placed.node + shift, rule: placed.rule });
    }
  }
  return kept;
}

/** The previous version's text and whole-text answers, when it ran the same rules. */
export function previousFileText(cache: ParseCache, rules: AstRuleInstance[]): { text: string; fileText: string } | undefined {
  const before = previous.get(cache);
  if (!before || before.rules.length !== rules.length || rules.some((r, i) => r.rule !== before.rules[i]!.rule)) return undefined;
  return before;
}

/** Whether the document's last analysis left a run to reuse (`planReuse` has nothing to plan without one). */
export function hasPreviousRun(cache: ParseCache): boolean {
  return previous.has(cache);
}

/** Remembers this version's unit-scoped findings for the next one (or forgets, with `undefined`). */
export function rememberRun(cache: ParseCache, run: Previous | undefined): void {
  if (run) previous.set(cache, run);
  else previous.delete(cache);
}

/** For tests and benchmarks: how many units the unit-scoped rules visited in the document's last analysis, of how many. */
const unitsRun = new WeakMap<ParseCache, { run: number; total: number }>();
export function lastAstUnitsRun(cache: ParseCache): { run: number; total: number } | undefined {
  settleParseCache(cache); // recorded with what the analysis left for later
  return unitsRun.get(cache);
}
export function recordUnitsRun(cache: ParseCache, run: number, total: number): void {
  unitsRun.set(cache, { run, total });
}

export type { Previous as ReuseMemory };
