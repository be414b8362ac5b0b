import type { Absences } from './absence';
import type { CompiledTextRule } from './textRules';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { forEachChild, forgetFacts, walkPreorder } from './tree';
import { parse, parseSpaced, parsesAhead, startParse, startParseSpaced, type SpacedText } from './parser';
import { changedSpan, type KeywordCounts } from './textRules';
import type { TreeCache } from '../treesitter/runtime';
import type { ScopeMemo } from './lexer';

/**
 * One document's last successful parse, kept by whoever owns the document (the language server, one
 * per open file) and handed back with the next version. An edit then re-parses only the top-level
 * statements it touched; the rest of the tree is reused with its offsets moved.
 */
export interface ParseCache {
  text?: string;
  jsx?: boolean;
  program?: TSESTree.Program;
  /** How the last call produced its tree: for tests and benchmarks. */
  last?: 'full' | 'partial';
  /** For a partial parse: how many braces deep the list it re-parsed was (0: the top-level statements). */
  depth?: number;
  /** The tree-sitter languages' (Python, Java, …) previous tree: WebAssembly memory, freed with `releaseTreeCache`. */
  trees?: TreeCache;
  /**
   * The engine's other passes keep what they learnt from the document's last analysed text here too,
   * so that an edit redoes only what it can change: the keyword counts (`KeywordIndex.presentAfterEdit`)
   * and where each AST rule's prefilter last matched (`passesPrefilter`).
   */
  keywords?: KeywordCounts;
  prefilters?: PrefilterMemo;
  /** The last text's string and comment regions (`scopeMapOf`: an edit lexes again only around itself). */
  scopes?: ScopeMemo;
  /** Text rules proven to match nothing in the last text (`Absences`): not run again until an edit may let them. */
  textAbsent?: Absences<CompiledTextRule>;
  /**
   * Every node of `nodesOf` in source order, with `parent` set (the walk `runAstRules` starts with).
   * When it is the tree an edit re-parses, the re-parse gives the new tree's list too, walking only
   * the nodes it parsed and moving the rest in one pass over the list (`spliceNodes`).
   */
  nodes?: TSESTree.Node[];
  nodesOf?: TSESTree.Program;
  /**
   * Work for the next version that no finding of the last one needs (its units' facts): run by
   * `settleParseCache` when the document's owner has the time (the analysis worker, once it has replied),
   * at the latest when the next analysis starts, before anything reads the cache.
   */
  deferred?: (() => void)[];
}

/**
 * Does what the last analysis left for the next version: `deferred`, then the proofs its searches that
 * found nothing may have (`Absences`: noted when a search fails, looked for later). Called by the
 * document's owner once the diagnostics are out (the server, the analysis worker), so that they do not
 * wait for it; otherwise the next analysis does it first.
 */
export function settleParseCache(cache: ParseCache): void {
  runDeferred(cache);
  // Last: the deferred work may search too (the whole-text answers of a first run).
  cache.textAbsent?.settle();
  cache.prefilters?.absent.settle();
}

/**
 * The `deferred` work alone, which must run before anything reads the cache (the AST rules' start). The
 * proofs need not: a proof not yet looked for is looked for when asked (`Absences.holds`).
 */
export function runDeferred(cache: ParseCache): void {
  const deferred = cache.deferred;
  if (!deferred) return;
  cache.deferred = undefined;
  for (let i = 0; i < deferred.length; i++) deferred[i]!();
}

/**
 * Where each prefilter regex last matched in the document, for `passesPrefilter` (`text`: that version),
 * and, for those that found nothing, the proofs that they still find nothing (`Absences`).
 */
export interface PrefilterMemo {
  text: string;
  at: Map<RegExp, number>;
  absent: Absences<RegExp>;
}

/** Parses `text`, re-using `cache` when it holds an earlier version of the same document. Throws on a syntax error. */
export function parseProgram(text: string, jsx: boolean, cache?: ParseCache): TSESTree.Program {
  if (cache?.program && cache.text !== undefined && cache.jsx === jsx) {
    const result = reparse(cache.program, cache.text, text, jsx, cache.nodesOf === cache.program ? cache.nodes : undefined);
    if (result) {
      Object.assign(cache, { text, program: result.program, last: 'partial', depth: result.depth, nodes: result.nodes, nodesOf: result.nodes && result.program });
      return result.program;
    }
  }
  // Never a stale tree after a failure.
  if (cache) Object.assign(cache, { text: undefined, program: undefined, last: undefined, depth: undefined, nodes: undefined, nodesOf: undefined });
  const program = parseWhole(text, jsx);
  if (cache) Object.assign(cache, { text, jsx, program, last: 'full', depth: undefined });
  return program;
}

/**
 * What `startReparse` worked out for an edit of `old` (the changed span, and `reparseNested`'s plan where
 * there is one), for `reparse` to take instead of working it out again: it reads only the old tree and the
 * two texts, which nothing changes in between (the engine starts the parse and re-parses within one
 * analysis). Taken once; any other re-parse drops it.
 */
let planned: PlannedEdit | undefined;

interface PlannedEdit {
  old: TSESTree.Program;
  oldText: string;
  newText: string;
  start: number;
  oldEnd: number;
  nested: NestedPlan | undefined;
}

/** `planned`, when it is for this edit; it is dropped either way. */
function takePlanned(old: TSESTree.Program, oldText: string, newText: string): PlannedEdit | undefined {
  const ahead = planned;
  planned = undefined;
  return ahead && ahead.old === old && ahead.oldText === oldText && ahead.newText === newText ? ahead : undefined;
}

/** `reparse`'s early refusals: an empty program, or a `#!` line (the program's own `hashbang` in oxc). */
function reparsable(old: TSESTree.Program, oldText: string, newText: string): boolean {
  return old.body.length > 0 && !oldText.startsWith('#!') && !newText.startsWith('#!');
}

/**
 * Starts, on the parse thread, the parse `parseProgram(text, jsx, cache)` will ask for first (the region of
 * the edit since the cached tree: `reparseNested`'s, else `reparseTop`'s), without waiting for it: the engine
 * calls this before the text rules, so the parse thread parses while this thread runs them, and the
 * re-parse then takes the result (parser.ts `startParse`: only a parse of exactly the same input does; any
 * other waits for it and drops it, so the trees are the same either way). Only when the last analysis
 * parsed the cached text (its AST rules' prefilters passed): an edit seldom changes that, and a parse
 * nobody takes costs only the parse thread's time. Reads the cache; changes nothing in it.
 */
export function startReparse(text: string, jsx: boolean, cache: ParseCache): void {
  planned = undefined;
  const old = cache.program;
  const oldText = cache.text;
  if (!old || oldText === undefined || cache.jsx !== jsx || oldText === text || cache.prefilters?.text !== oldText) return;
  if (!reparsable(old, oldText, text) || !parsesAhead()) return;
  try {
    const delta = text.length - oldText.length;
    const { start, oldEnd } = changedSpan(oldText, text);
    const sourceType = old.sourceType === 'module' ? 'module' : undefined;
    const nested = planNested(old, oldText, text, start, oldEnd, delta);
    planned = { old, oldText, newText: text, start, oldEnd, nested };
    if (nested) {
      startParseSpaced(nested.pieces, jsx, sourceType);
    } else {
      const span = spanIn(old.body, oldText, start, oldEnd, delta, 0, text.length, true);
      startParse(text.slice(span.from, span.to), jsx, sourceType);
    }
  } catch {
    // only a head start: the re-parse itself meets whatever failed here
  }
}

/** `module` parses as a module whatever the text holds (a span of a module); otherwise the text decides. */
function parseWhole(text: string, jsx: boolean, sourceType?: 'module'): TSESTree.Program {
  return parse(text, jsx, sourceType);
}

/**
 * The tree of `newText`, built from `old` (the tree of `oldText`) by parsing again only the top-level
 * statements the edit touched, or undefined when that cannot be shown to equal a full parse.
 *
 * Why it is sound: a top-level statement's tree depends only on its own text and on where the parser
 * decides it ends, which looks one token past it. So the span re-parsed runs from the unchanged
 * statement before the edit to the unchanged statement after it; if both come out of that parse with
 * exactly their old boundaries, every statement outside the span still parses as before, and the
 * statements inside are those of a full parse. A neighbour that ends for good (its own `;`, or a
 * declaration's `}`) needs no re-parse: the span starts right after it (`spanIn`). What else a
 * statement's parse depends on is checked too: the directive prologue ('use strict' at the top) and
 * whether the file is a module. Inside braces the same is done one list deeper (`reparseNested`).
 */
interface Reparsed {
  program: TSESTree.Program;
  depth: number;
  /** The new tree's node list (see `ParseCache.nodes`), when the old one was given. */
  nodes?: TSESTree.Node[];
}

function reparse(old: TSESTree.Program, oldText: string, newText: string, jsx: boolean, oldNodes: TSESTree.Node[] | undefined): Reparsed | undefined {
  if (oldText === newText) return { program: old, depth: 0, nodes: oldNodes }; // analysed again for a new ruleset or settings: nothing to parse
  if (!reparsable(old, oldText, newText)) return undefined;
  const delta = newText.length - oldText.length;

  // The changed span: [start, oldEnd) of the old text became [start, oldEnd + delta) of the new one
  // (worked out already when the engine started the region's parse, `startReparse`).
  const ahead = takePlanned(old, oldText, newText);
  const { start, oldEnd } = ahead ?? changedSpan(oldText, newText);

  // Inside braces (a class, a function), re-parse only the members or statements touched there;
  // failing that, the top-level statements touched.
  const plan = ahead ? ahead.nested : planNested(old, oldText, newText, start, oldEnd, delta);
  const nested = plan && reparseNested(old, newText, jsx, delta, oldNodes, plan);
  if (nested) return nested;
  return reparseTop(old, oldText, newText, jsx, start, oldEnd, delta, oldNodes);
}

/** `reparse` of the top-level statements the edit touched. */
function reparseTop(
  old: TSESTree.Program, oldText: string, newText: string, jsx: boolean, start: number, oldEnd: number, delta: number, oldNodes: TSESTree.Node[] | undefined,
): Reparsed | undefined {
  const body = old.body;
  const span = spanIn(body, oldText, start, oldEnd, delta, 0, newText.length, true);

  // A module's statements parse as a module's (top-level await), so the span is parsed as one too.
  let region: TSESTree.Program;
  try {
    region = parseWhole(newText.slice(span.from, span.to), jsx, old.sourceType === 'module' ? 'module' : undefined);
  } catch {
    return undefined; // a full parse decides, and reports the error in the whole file's terms
  }
  const statements = region.body;
  // Still a module (an import or export left somewhere), or still a script (none came in)?
  if (old.sourceType === 'module' ? !body.some((s, i) => (i < span.head || i >= span.tail) && isModuleSyntax(s)) && !statements.some(isModuleSyntax) : region.sourceType !== 'script') {
    return undefined;
  }
  shiftTree(statements, span.from);
  if (!spanHolds(span, statements, body, newText, delta, true)) return undefined;

  const suffix = body.slice(span.tail);
  const program = { ...old, body: [...body.slice(0, span.head), ...statements, ...suffix] as TSESTree.ProgramStatement[], start: 0, end: newText.length };
  const nodes = oldNodes && spliceNodes(oldNodes, old, program, body, span, statements, program, delta);
  if (!nodes && delta !== 0) shiftTree(suffix, delta);
  return { program, depth: 0, nodes };
}

/**
 * What of a list an edit makes parse again: [from, to) of the new text, the old items kept before it
 * (`head` of them) and after it (from index `tail` on, moved by the edit's length).
 *
 * The items the edit touches (an edit right at an item's edge touches it) are always in. Where the
 * parser puts an item's end looks one token past it, so the unchanged neighbour before them is in
 * too, unless it ends for good (`endsForGood`): then the span starts right after it, where a parse
 * starts a new item whatever came before. Likewise the neighbour after, unless the last touched item
 * ends for good (checked again on the new tree by `spanHolds`).
 */
interface Span {
  from: number;
  to: number;
  head: number;
  tail: number;
  /** The neighbour before (after) is re-parsed, to check it keeps its old boundaries. */
  headContext: boolean;
  tailContext: boolean;
}

function spanIn(body: readonly TSESTree.Node[], oldText: string, start: number, oldEnd: number, delta: number, listStart: number, listEnd: number, statements: boolean): Span {
  if (body.length === 0) return { from: listStart, to: listEnd, head: 0, tail: 0, headContext: false, tailContext: false };
  let first = body.findIndex((s) => s.end >= start);
  if (first < 0) first = body.length - 1;
  let last = body.length - 1;
  while (last > 0 && body[last]!.start > oldEnd) last--;
  const lo = Math.min(first, last);
  const hi = Math.max(first, last);
  const before = body[lo - 1];
  const after = body[hi + 1];
  // A string statement before may still end a directive prologue differently: always re-parsed.
  const headContext = !!before && (!endsForGood(before, oldText) || (statements && isStringStatement(before as TSESTree.ProgramStatement)));
  // So is a string statement after: whether it is a directive depends on what comes before it.
  const tailContext = !!after && (!endsForGood(body[hi]!, oldText) || (statements && isStringStatement(after as TSESTree.ProgramStatement)));
  return {
    from: !before ? listStart : headContext ? before.start : before.end,
    to: !after ? listEnd : tailContext ? after.end + delta : after.start + delta,
    head: headContext ? lo - 1 : lo,
    tail: tailContext ? hi + 2 : hi + 1,
    headContext,
    tailContext,
  };
}

/** Whether the re-parsed `items` (new offsets) join the old items kept either side as a full parse's would. */
function spanHolds(span: Span, items: readonly TSESTree.Node[], body: readonly TSESTree.Node[], newText: string, delta: number, statements: boolean): boolean {
  const isString = (s: TSESTree.Node | undefined) => statements && !!s && isStringStatement(s as TSESTree.ProgramStatement);
  if (span.headContext) {
    const head = items[0];
    const expected = body[span.head]!;
    if (!head || !sameSpan(head, expected.start, expected.end)) return false;
    if (isString(head)) return false; // a directive prologue may end differently now
  } else if (span.head > 0) {
    if (isString(items[0])) return false; // a prologue of its own in the region, not in the file
  } else if (statements && (items.some((s) => isDirective(s as TSESTree.ProgramStatement)) || body.slice(span.tail).some((s) => isDirective(s as TSESTree.ProgramStatement)))) {
    return false; // the prologue itself changed
  }
  if (span.tailContext) {
    const tail = items[items.length - 1];
    const expected = body[span.tail - 1]!;
    if (!tail || !sameSpan(tail, expected.start + delta, expected.end + delta)) return false;
  } else if (span.tail < body.length) {
    const tail = items[items.length - 1];
    if (tail ? !endsForGood(tail, newText) : span.headContext) return false;
    // And nothing in the gap runs on into the next item, as a line comment would: the region ended it.
    if (!endsClean(newText.slice(tail ? tail.end : span.from, span.to))) return false;
  }
  return true;
}

/** Text whose last line holds only white space (or that is all white space): no comment is open at its end. */
function endsClean(gap: string): boolean {
  return /^\s*$/.test(gap) || /[\n\r\u2028\u2029][^\S\n\r\u2028\u2029]*$/.test(gap);
}

/** Node types that end at their closing brace whatever follows (a class expression could go on: `class {}.name`). */
const BRACE_ENDED = new Set(['ClassDeclaration', 'FunctionDeclaration', 'TSInterfaceDeclaration', 'TSEnumDeclaration', 'TSModuleDeclaration', 'MethodDefinition', 'StaticBlock', 'BlockStatement']);

/**
 * An item whose end no following text can move: it ends with its own `;`, or it is a declaration
 * ending at its `}`. (`if (a) b;` followed by `else` would go on, but `else` cannot start an item, and
 * what follows here did start one in the old tree.)
 */
function endsForGood(node: TSESTree.Node, text: string): boolean {
  const last = text.charCodeAt(node.end - 1);
  if (last === 0x3b) return true; // ;
  if (last !== 0x7d) return false; // }
  const n = node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration' ? node.declaration : node;
  return !!n && BRACE_ENDED.has(n.type);
}

/**
 * A list of members, statements or properties between braces, inside a top-level statement: a class
 * body, the body of a function, method or arrow function (also one passed to a call, as
 * `describe(…, () => {…})` is), or an object literal (also one in a decorator's arguments, as a
 * model's `@Scopes(() => ({…}))` is). `path` runs from the top-level statement down to `owner`, the
 * node whose braces hold `list`.
 */
interface Container {
  path: TSESTree.Node[];
  owner: TSESTree.ClassBody | TSESTree.BlockStatement | TSESTree.ObjectExpression;
  list: TSESTree.Node[];
  kind: 'members' | 'statements' | 'properties';
}

type AnyNode = TSESTree.Node & Record<string, unknown>;

const contains = (node: TSESTree.Node, start: number, end: number) => node.start <= start && end <= node.end;
const strictlyInside = (node: TSESTree.Node, start: number, end: number) => node.start < start && end < node.end;

/** The decorator of `node` (a class, method or property) holding [start, end), if any. */
function decoratorHolding(node: TSESTree.Node, start: number, end: number): TSESTree.Node | undefined {
  return (node as { decorators?: TSESTree.Decorator[] }).decorators?.find((d) => contains(d, start, end));
}

/**
 * The innermost braces under `node` (a list element) strictly holding [start, end): the edit touches
 * neither brace. Only through nodes whose inner lists parse the same on their own, given the text
 * that opens them (the path's headers: `class X extends Y {`, `async m(a: T) {`, `@Scopes(() => ({`):
 * classes, functions, exports, methods, properties, variable initialisers, calls' arguments,
 * decorators, array elements, object literals' properties.
 */
function containerIn(node: TSESTree.Node, start: number, end: number): Container | undefined {
  const path: TSESTree.Node[] = [];
  let n: TSESTree.Node | null | undefined = node;
  while (n && contains(n, start, end) && path.length < 16) {
    path.push(n);
    const x = n as AnyNode;
    switch (n.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const owner = x.body as TSESTree.ClassBody | TSESTree.BlockStatement | TSESTree.Expression | null | undefined;
        if (owner && (owner.type === 'ClassBody' || owner.type === 'BlockStatement')) {
          if (!strictlyInside(owner, start, end)) {
            n = decoratorHolding(n, start, end);
            break;
          }
          path.push(owner);
          return { path, owner, list: owner.body as TSESTree.Node[], kind: owner.type === 'ClassBody' ? 'members' : 'statements' };
        }
        n = owner; // an arrow function's expression body: `() => ({…})`
        break;
      }
      case 'ObjectExpression':
        if (!strictlyInside(n, start, end)) return undefined;
        return { path, owner: n, list: n.properties, kind: 'properties' };
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        n = x.declaration as TSESTree.Node | null;
        break;
      case 'MethodDefinition':
      case 'PropertyDefinition':
      case 'VariableDeclarator':
      case 'Property':
        n = (n.type === 'VariableDeclarator' ? x.init : n.type !== 'Property' ? decoratorHolding(n, start, end) ?? x.value : x.value) as TSESTree.Node | null;
        break;
      case 'ExpressionStatement':
      case 'Decorator':
        n = x.expression as TSESTree.Node;
        break;
      case 'VariableDeclaration':
        n = (n.declarations as TSESTree.Node[]).find((d) => contains(d, start, end));
        break;
      case 'CallExpression':
      case 'NewExpression':
        n = (n.arguments as TSESTree.Node[]).find((a) => contains(a, start, end));
        break;
      case 'ArrayExpression':
        n = (n.elements as (TSESTree.Node | null)[]).find((e) => e && contains(e, start, end));
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The same container in the region's tree (parsed from the same headers), or undefined when its shape differs. */
function sameContainer(node: TSESTree.Node, old: Container): Container | undefined {
  const found = containerIn(node, old.owner.start + 1, old.owner.start + 1);
  if (!found || found.path.length !== old.path.length) return undefined;
  for (let i = 0; i < found.path.length; i++) if (found.path[i]!.type !== old.path[i]!.type) return undefined;
  return found;
}

/**
 * An edit strictly inside braces nested in a top-level statement (the usual edit in a file that is one
 * big class, or a test file that is one `describe`): re-parses only the members or statements of the
 * innermost such list that the edit touched, with an unchanged neighbour either side, as the top-level
 * `reparse` does with statements. The region parsed is the new text with everything blanked out
 * (spaces, so every offset stays) except, at each level, the text that opens the list (from the
 * enclosing element's start to its `{`) and the text that closes it (from its `}` to the element's
 * end), and the span itself: each list's items then parse in their own context, and the few nodes on
 * the path get their ends moved. The checks are those of `reparse`, at every level: the same shape,
 * the same braces, the neighbours with their old boundaries. `plan` is `planNested`'s (the list that
 * holds the edit). Undefined when the checks fail; the old tree is changed only once they all passed.
 */
function reparseNested(old: TSESTree.Program, newText: string, jsx: boolean, delta: number, oldNodes: TSESTree.Node[] | undefined, plan: NestedPlan): Reparsed | undefined {
  let region: TSESTree.Program;
  try {
    region = parseSpaced(plan.pieces, jsx, old.sourceType === 'module' ? 'module' : undefined);
  } catch {
    return undefined;
  }
  return applyNested(old, newText, delta, oldNodes, plan, region);
}

/** What `reparseNested` parses for an edit (`pieces`) and what it checks and changes with the result. */
interface NestedPlan {
  top: number;
  levels: Container[];
  innermost: Container;
  body: TSESTree.Node[];
  statementList: boolean;
  span: ReturnType<typeof spanIn>;
  pieces: SpacedText;
  afterBraces: TSESTree.Node[][];
}

/** The region `reparseNested` parses for an edit, or undefined when no list holds it. Reads the old tree only. */
function planNested(old: TSESTree.Program, oldText: string, newText: string, start: number, oldEnd: number, delta: number): NestedPlan | undefined {
  if (old.body.some((s) => isDirective(s))) return undefined; // a prologue the region would lose
  const top = old.body.findIndex((s) => contains(s, start, oldEnd));
  if (top < 0) return undefined;
  const levels: Container[] = [];
  let element: TSESTree.Node = old.body[top]!;
  for (let container = containerIn(element, start, oldEnd); container; ) {
    // A function body's own prologue ('use strict') would be lost the same way.
    if (container.kind === 'statements' && container.list.some((s) => isDirective(s as TSESTree.ProgramStatement))) break;
    levels.push(container);
    const inner = container.list.find((s) => contains(s, start, oldEnd));
    if (!inner || levels.length >= 16) break;
    element = inner;
    container = containerIn(element, start, oldEnd);
  }
  if (levels.length === 0) return undefined;
  const innermost = levels[levels.length - 1]!;
  const body = innermost.list;
  const open = innermost.owner.start + 1;
  const close = innermost.owner.end - 1; // the `}`, unchanged by the edit (old offsets)

  const statementList = innermost.kind === 'statements';
  const span = spanIn(body, oldText, start, oldEnd, delta, open, close + delta, statementList);

  // The region: blank but for each level's opening and closing text, and the span. Kept as its parts
  // (a number: that many spaces), so that with the JSON hand-over the parse thread builds the string.
  const pieces: SpacedText = [];
  let at = 0;
  const keep = (from: number, to: number) => {
    pieces.push(from - at, newText.slice(from, to));
    at = to;
  };
  // Each level's opening text, but its decorators (a model's `@Scopes(() => ({…}))`, often longer than
  // the span) cut down to `@x`: how the items between the braces parse does not depend on them, and the
  // path's own nodes are kept from the old tree. (The opening text lies before the edit: old offsets.)
  for (const level of levels) {
    const from = level.path[0]!.start;
    const to = level.owner.start + 1;
    const decorators = level.path.flatMap((node) => (node as { decorators?: TSESTree.Decorator[] }).decorators ?? [])
      .filter((d) => d.start >= from && d.end <= to && d.end - d.start >= 2)
      .sort((a, b) => a.start - b.start);
    let cursor = from;
    for (const d of decorators) {
      if (d.start < cursor) continue;
      keep(cursor, d.start);
      pieces.push(0, '@x');
      at = d.start + 2;
      cursor = d.end;
    }
    keep(cursor, to);
  }
  keep(span.from, span.to);
  // Each level's closing text, but the bodies it holds (the class after an edited decorator, a
  // method's body after its decorator) cut down to their braces, for the same reason. (After the
  // edit: new offsets.)
  const afterBraces = levels.map(heldAfterBraces);
  for (let i = levels.length - 1; i >= 0; i--) {
    let cursor = levels[i]!.owner.end - 1;
    for (const held of afterBraces[i]!) {
      const inner = bodyOf(held);
      if (!inner || inner.end - inner.start < 2) continue;
      keep(cursor + delta, inner.start + 1 + delta);
      cursor = inner.end - 1;
    }
    keep(cursor + delta, levels[i]!.path[0]!.end + delta);
  }
  return { top, levels, innermost, body, statementList, span, pieces, afterBraces };
}

/** `reparseNested`'s checks of the parsed `region` and, when they pass, its change of the old tree. */
function applyNested(old: TSESTree.Program, newText: string, delta: number, oldNodes: TSESTree.Node[] | undefined, plan: NestedPlan, region: TSESTree.Program): Reparsed | undefined {
  const { top, levels, innermost, body, statementList, span, afterBraces } = plan;
  // Module or script as before: nothing outside the edited list changed, so a module stays one while
  // some import or export remains; a script must not become one (`import.meta` typed into the span).
  if (old.sourceType === 'module' ? !old.body.some(isModuleSyntax) : region.sourceType !== 'script') return undefined;

  // The same path, level by level, with the same braces.
  let candidates: TSESTree.Node[] = region.body;
  let found: Container | undefined;
  for (const level of levels) {
    const node = candidates[0];
    const expected = level.path[0]!;
    if (candidates.length !== 1 || !node || !sameSpan(node, expected.start, expected.end + delta)) return undefined;
    found = sameContainer(node, level);
    if (!found || !sameSpan(found.owner, level.owner.start, level.owner.end + delta)) return undefined;
    candidates = found.list;
  }
  if (!found) return undefined;
  const statements = found.list;
  if (!spanHolds(span, statements, body, newText, delta, statementList)) return undefined;

  // Checked: now change the old tree, deciding from its old offsets first. The innermost list gets
  // the region's items; everything after the edit moves by `delta`: the items after the span, the
  // items after the path's element at every outer level, what a path node holds after its braces
  // (a call's later arguments), the top-level statements after; the path's own nodes end later.
  const moved: TSESTree.Node[] = [...old.body.slice(top + 1), ...body.slice(span.tail)];
  const stretched: TSESTree.Node[] = [];
  for (const [i, level] of levels.entries()) {
    stretched.push(...level.path);
    moved.push(...afterBraces[i]!);
    const next = levels[i + 1];
    if (next) moved.push(...level.list.filter((item) => item.start >= next.path[0]!.end));
  }
  const program = { ...old, start: 0, end: newText.length };
  // The node list before the old items leave `body` (it finds them there); it moves what follows.
  const nodes = oldNodes && spliceNodes(oldNodes, innermost.owner, program, body, span, statements, innermost.owner, delta);
  const items = [...body.slice(0, span.head), ...statements, ...body.slice(span.tail)];
  body.splice(0, body.length, ...items);
  // The path's nodes keep their identity but not their subtrees: what was learnt from those goes.
  forgetFacts(stretched);
  if (delta !== 0) {
    if (!nodes) shiftTree(moved, delta);
    for (const node of stretched) stretch(node, delta);
  }
  return { program, depth: levels.length, nodes };
}

/**
 * The edited tree's node list in source order (`ParseCache.nodes`), made from the old tree's
 * (`nodes`, parents set): the subtrees of the old items [span.head, span.tail) of `list` (the items of
 * `owner`, old offsets) give way to those of `items`, walked here with their parents set (`parent`:
 * `owner`, or the new program at the top level); every node after them lies wholly after the edit
 * and is moved by `delta` as it is copied, instead of by a walk of the tree (`shiftTree`). In source
 * order a node's ancestors come before it and its subtree right after it, so the nodes before are
 * those that end before the edit and the path's nodes (which `stretch` moves). Undefined, with
 * nothing moved, when the old list does not hold the items where expected or the new items nest too
 * deeply (a whole walk then says so).
 */
function spliceNodes(
  nodes: TSESTree.Node[], owner: TSESTree.Node, program: TSESTree.Program, list: readonly TSESTree.Node[], span: Span,
  items: readonly TSESTree.Node[], parent: TSESTree.Node, delta: number,
): TSESTree.Node[] | undefined {
  const { head, tail } = span;
  let from: number;
  if (head < tail) {
    from = nodes.indexOf(list[head]!);
  } else if (tail < list.length) {
    from = nodes.indexOf(list[tail]!);
  } else if (head > 0) {
    const before = nodes.indexOf(list[head - 1]!);
    from = before < 0 ? -1 : before + subtreeSize(list[head - 1]!);
  } else {
    const at = nodes.indexOf(owner); // the list is its owner's only child list: its first item follows it
    from = at < 0 ? -1 : at + 1;
  }
  if (from < 0) return undefined;
  let to = from;
  for (let k = head; k < tail; k++) to += subtreeSize(list[k]!);
  if (to > nodes.length || (tail < list.length && nodes[to] !== list[tail])) return undefined;
  let depth = 0;
  for (let up = (parent as { parent?: TSESTree.Node }).parent; up; up = (up as { parent?: TSESTree.Node }).parent) depth++;
  const added: TSESTree.Node[] = [];
  try {
    for (const item of items) walkPreorder(item, parent, depth + 1, added, added.length);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  if (delta !== 0) for (let i = to; i < nodes.length; i++) moveNode(nodes[i]!, delta);
  // In place: a new list per keystroke was the largest thing an edit allocated (a pointer per node of
  // the file). `splice` moves the nodes after in one native copy; spread only a bounded number.
  let out = nodes;
  if (added.length <= 10_000) out.splice(from, to - from, ...added);
  else out = [...nodes.slice(0, from), ...added, ...nodes.slice(to)];
  out[0] = program;
  for (const statement of program.body) (statement as { parent?: TSESTree.Node }).parent = program;
  return out;
}

/** How many nodes `node`'s subtree holds, itself included. */
function subtreeSize(node: TSESTree.Node): number {
  let size = 0;
  const stack: TSESTree.Node[] = [node];
  const push = (child: TSESTree.Node) => void stack.push(child);
  while (stack.length > 0) {
    size++;
    forEachChild(stack.pop()!, push);
  }
  return size;
}

/** What the path's nodes hold after the level's closing brace (a call's later arguments, a decorated class's body), in source order. */
function heldAfterBraces(level: Container): TSESTree.Node[] {
  const closing = level.owner.end;
  const held: TSESTree.Node[] = [];
  for (const [k, node] of level.path.entries()) {
    if (node !== level.owner) forEachChild(node, (child) => void (child !== level.path[k + 1] && child.start >= closing && held.push(child)));
  }
  return held.sort((a, b) => a.start - b.start);
}

/** The braces of a class or function body `node` is or has, whose inside the region can leave blank. */
function bodyOf(node: TSESTree.Node): TSESTree.Node | undefined {
  if (node.type === 'ClassBody' || node.type === 'BlockStatement') return node;
  const body = (node as { body?: TSESTree.Node | null }).body;
  return body && (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration') && body.type === 'BlockStatement' ? body : undefined;
}

/** Moves a node's end by `delta`. */
function stretch(node: TSESTree.Node, delta: number): void {
  node.end += delta;
}

function sameSpan(node: TSESTree.Node, start: number, end: number): boolean {
  return node.start === start && node.end === end;
}

function isStringStatement(s: TSESTree.ProgramStatement): boolean {
  return s.type === 'ExpressionStatement' && s.expression.type === 'Literal' && typeof s.expression.value === 'string';
}

/** Statements that make a file a module (TypeScript also counts `import.meta`; a file with only that parses in full). */
function isModuleSyntax(s: TSESTree.ProgramStatement): boolean {
  switch (s.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportDefaultDeclaration':
    case 'ExportNamedDeclaration':
    case 'TSExportAssignment':
      return true;
    case 'TSImportEqualsDeclaration':
      return s.moduleReference.type === 'TSExternalModuleReference';
    default:
      return false;
  }
}

function isDirective(s: TSESTree.ProgramStatement): boolean {
  // typescript-estree leaves `directive` undefined on other statements, oxc sets it to null.
  return s.type === 'ExpressionStatement' && typeof s.directive === 'string';
}

/**
 * Moves every node under `roots` by `delta`, in place: the rules read `start`/`end` only (tree.ts), so
 * the edit allocates nothing per node (new arrays for a whole file's nodes made every keystroke's
 * garbage collection copy them). typescript-estree's `range` arrays, which some nodes share (an import's
 * default specifier and its name), are left as they came: nothing reads them.
 */
function shiftTree(roots: readonly TSESTree.Node[], delta: number): void {
  const stack: TSESTree.Node[] = [...roots];
  const push = (child: TSESTree.Node) => void stack.push(child);
  while (stack.length > 0) {
    const node = stack.pop()!;
    moveNode(node, delta);
    forEachChild(node, push);
  }
}

function moveNode(node: TSESTree.Node, delta: number): void {
  node.start += delta;
  node.end += delta;
}
