import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { forEachChild } from './tree';
import { parse } from './parser';

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
}

/** Parses `text`, re-using `cache` when it holds an earlier version of the same document. Throws on a syntax error. */
export function parseProgram(text: string, jsx: boolean, cache?: ParseCache): TSESTree.Program {
  if (cache?.program && cache.text !== undefined && cache.jsx === jsx) {
    const result = reparse(cache.program, cache.text, text, jsx);
    if (result) {
      Object.assign(cache, { text, program: result.program, last: 'partial', depth: result.depth });
      return result.program;
    }
  }
  if (cache) Object.assign(cache, { text: undefined, program: undefined, last: undefined, depth: undefined }); // never a stale tree after a failure
  const program = parseWhole(text, jsx);
  if (cache) Object.assign(cache, { text, jsx, program, last: 'full', depth: undefined });
  return program;
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
 * statements inside are those of a full parse. What else a statement's parse depends on is checked
 * too: the directive prologue ('use strict' at the top) and whether the file is a module.
 */
function reparse(old: TSESTree.Program, oldText: string, newText: string, jsx: boolean): { program: TSESTree.Program; depth: number } | undefined {
  if (oldText === newText) return { program: old, depth: 0 }; // analysed again for a new ruleset or settings: nothing to parse
  if (old.body.length === 0) return undefined;
  if (oldText.startsWith('#!') || newText.startsWith('#!')) return undefined; // the program's own `hashbang` (oxc)
  const delta = newText.length - oldText.length;

  // The changed span: [start, oldEnd) of the old text became [start, oldEnd + delta) of the new one.
  const shortest = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < shortest && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let same = 0;
  while (same < shortest - start && oldText.charCodeAt(oldText.length - 1 - same) === newText.charCodeAt(newText.length - 1 - same)) same++;
  const oldEnd = oldText.length - same;

  // Inside braces (a class, a function), re-parse only the members or statements touched there;
  // failing that, the top-level statements touched.
  const nested = reparseNested(old, newText, jsx, start, oldEnd, delta);
  if (nested) return nested;
  const program = reparseTop(old, newText, jsx, start, oldEnd, delta);
  return program && { program, depth: 0 };
}

/** `reparse` of the top-level statements the edit touched. */
function reparseTop(old: TSESTree.Program, newText: string, jsx: boolean, start: number, oldEnd: number, delta: number): TSESTree.Program | undefined {
  const body = old.body;

  // Statements the edit touches (an edit right at a statement's edge touches it), then one unchanged
  // statement either side as context, when there is one.
  let first = body.findIndex((s) => s.range[1] >= start);
  if (first < 0) first = body.length - 1;
  let last = body.length - 1;
  while (last > 0 && body[last]!.range[0] > oldEnd) last--;
  const before = Math.min(first, last) - 1; // index of the statement before the span, or -1
  const after = Math.max(first, last) + 1; // index of the statement after it, or body.length
  const spanStart = before >= 0 ? body[before]!.range[0] : 0;
  const spanEnd = after < body.length ? body[after]!.range[1] + delta : newText.length;

  // A module's statements parse as a module's (top-level await), so the span is parsed as one too.
  let region: TSESTree.Program;
  try {
    region = parseWhole(newText.slice(spanStart, spanEnd), jsx, old.sourceType === 'module' ? 'module' : undefined);
  } catch {
    return undefined; // a full parse decides, and reports the error in the whole file's terms
  }
  const statements = region.body;
  // Still a module (an import or export left somewhere), or still a script (none came in)?
  if (old.sourceType === 'module' ? !body.some((s, i) => (i < before || i > after) && isModuleSyntax(s)) && !statements.some(isModuleSyntax) : region.sourceType !== 'script') {
    return undefined;
  }
  shiftTree(statements, spanStart);

  if (before >= 0) {
    const head = statements[0];
    if (!head || !sameRange(head.range, body[before]!.range)) return undefined;
    if (isStringStatement(head)) return undefined; // a directive prologue may end differently now
  } else if (statements.some((s) => isDirective(s)) || body.slice(after).some((s) => isDirective(s))) {
    return undefined; // the prologue itself changed
  }
  if (after < body.length) {
    const tail = statements[statements.length - 1];
    const expected = body[after]!.range;
    if (!tail || !sameRange(tail.range, [expected[0] + delta, expected[1] + delta])) return undefined;
  }

  const suffix = body.slice(after + 1);
  if (delta !== 0) shiftTree(suffix, delta);
  const program = { ...old, body: [...body.slice(0, Math.max(before, 0)), ...statements, ...suffix], range: [0, newText.length] as [number, number] };
  if ('end' in program) program.end = newText.length; // oxc's trees carry start/end as well
  return program;
}

/**
 * A list of members or statements between braces, inside a top-level statement: a class body, or the
 * body of a function, method or arrow function (also one passed to a call, as `describe(…, () => {…})`
 * is). `path` runs from the top-level statement down to `owner`, the node whose braces hold `list`.
 */
interface Container {
  path: TSESTree.Node[];
  owner: TSESTree.ClassBody | TSESTree.BlockStatement;
  list: TSESTree.Node[];
  kind: 'members' | 'statements';
}

type AnyNode = TSESTree.Node & Record<string, unknown>;

const contains = (node: TSESTree.Node, start: number, end: number) => node.range[0] <= start && end <= node.range[1];

/**
 * The innermost braces under `node` (a list element) strictly holding [start, end): the edit touches
 * neither brace. Only through nodes whose inner lists parse the same on their own, given the text
 * that opens them (the path's headers: `class X extends Y {`, `async m(a: T) {`): classes, functions,
 * exports, methods, properties, variable initialisers, calls' arguments.
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
        if (!owner || (owner.type !== 'ClassBody' && owner.type !== 'BlockStatement')) return undefined;
        if (!(owner.range[0] < start && end < owner.range[1])) return undefined;
        path.push(owner);
        return { path, owner, list: owner.body as TSESTree.Node[], kind: owner.type === 'ClassBody' ? 'members' : 'statements' };
      }
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        n = x.declaration as TSESTree.Node | null;
        break;
      case 'MethodDefinition':
      case 'PropertyDefinition':
      case 'VariableDeclarator':
        n = (n.type === 'VariableDeclarator' ? x.init : x.value) as TSESTree.Node | null;
        break;
      case 'ExpressionStatement':
        n = x.expression as TSESTree.Node;
        break;
      case 'VariableDeclaration':
        n = (n.declarations as TSESTree.Node[]).find((d) => contains(d, start, end));
        break;
      case 'CallExpression':
      case 'NewExpression':
        n = (n.arguments as TSESTree.Node[]).find((a) => contains(a, start, end));
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The same container in the region's tree (parsed from the same headers), or undefined when its shape differs. */
function sameContainer(node: TSESTree.Node, old: Container): Container | undefined {
  const found = containerIn(node, old.owner.range[0] + 1, old.owner.range[0] + 1);
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
 * the same braces, the neighbours with their old boundaries. Undefined when no such list holds the
 * edit or the checks fail; the old tree is changed only once they all passed.
 */
function reparseNested(
  old: TSESTree.Program, newText: string, jsx: boolean, start: number, oldEnd: number, delta: number,
): { program: TSESTree.Program; depth: number } | undefined {
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
  const open = innermost.owner.range[0] + 1;
  const close = innermost.owner.range[1] - 1; // the `}`, unchanged by the edit (old offsets)

  // Touched items and one unchanged neighbour either side, as in `reparse`.
  let first = body.findIndex((s) => s.range[1] >= start);
  if (first < 0) first = body.length - 1;
  let last = body.length - 1;
  while (last > 0 && body[last]!.range[0] > oldEnd) last--;
  const before = body.length === 0 ? -1 : Math.min(first, last) - 1;
  const after = body.length === 0 ? 0 : Math.max(first, last) + 1;
  const spanStart = before >= 0 ? body[before]!.range[0] : open;
  const spanEnd = after < body.length ? body[after]!.range[1] + delta : close + delta;

  // The region: blank but for each level's opening and closing text, and the span.
  const pieces: string[] = [];
  let at = 0;
  const keep = (from: number, to: number) => {
    pieces.push(' '.repeat(from - at), newText.slice(from, to));
    at = to;
  };
  for (const level of levels) keep(level.path[0]!.range[0], level.owner.range[0] + 1);
  keep(spanStart, spanEnd);
  for (let i = levels.length - 1; i >= 0; i--) keep(levels[i]!.owner.range[1] - 1 + delta, levels[i]!.path[0]!.range[1] + delta);
  let region: TSESTree.Program;
  try {
    region = parseWhole(pieces.join(''), jsx, old.sourceType === 'module' ? 'module' : undefined);
  } catch {
    return undefined;
  }
  // Module or script as before: nothing outside the edited list changed, so a module stays one while
  // some import or export remains; a script must not become one (`import.meta` typed into the span).
  if (old.sourceType === 'module' ? !old.body.some(isModuleSyntax) : region.sourceType !== 'script') return undefined;

  // The same path, level by level, with the same braces.
  let candidates: TSESTree.Node[] = region.body;
  let found: Container | undefined;
  for (const level of levels) {
    const node = candidates[0];
    const expected = level.path[0]!.range;
    if (candidates.length !== 1 || !node || !sameRange(node.range, [expected[0], expected[1] + delta])) return undefined;
    found = sameContainer(node, level);
    if (!found || !sameRange(found.owner.range, [level.owner.range[0], level.owner.range[1] + delta])) return undefined;
    candidates = found.list;
  }
  if (!found) return undefined;
  const statements = found.list;
  if (before >= 0) {
    const head = statements[0];
    if (!head || !sameRange(head.range, body[before]!.range)) return undefined;
    if (innermost.kind === 'statements' && isStringStatement(head as TSESTree.ProgramStatement)) return undefined;
  } else if (innermost.kind === 'statements' && statements.some((s) => isDirective(s as TSESTree.ProgramStatement))) {
    return undefined; // a prologue begins in the function now
  }
  if (after < body.length) {
    const tail = statements[statements.length - 1];
    const expected = body[after]!.range;
    if (!tail || !sameRange(tail.range, [expected[0] + delta, expected[1] + delta])) return undefined;
  }

  // Checked: now change the old tree, deciding from its old offsets first. The innermost list gets
  // the region's items; everything after the edit moves by `delta`: the items after the span, the
  // items after the path's element at every outer level, what a path node holds after its braces
  // (a call's later arguments), the top-level statements after; the path's own nodes end later.
  const moved: TSESTree.Node[] = [...old.body.slice(top + 1), ...body.slice(after + 1)];
  const stretched: TSESTree.Node[] = [];
  for (const [i, level] of levels.entries()) {
    const closing = level.owner.range[1];
    for (const [k, node] of level.path.entries()) {
      stretched.push(node);
      if (node !== level.owner) forEachChild(node, (child) => void (child !== level.path[k + 1] && child.range[0] >= closing && moved.push(child)));
    }
    const next = levels[i + 1];
    if (next) moved.push(...level.list.filter((item) => item.range[0] >= next.path[0]!.range[1]));
  }
  const items = [...body.slice(0, Math.max(before, 0)), ...statements, ...body.slice(after + 1)];
  body.splice(0, body.length, ...items);
  if (delta !== 0) {
    shiftTree(moved, delta);
    for (const node of stretched) stretch(node, delta);
  }
  const program = { ...old, range: [0, newText.length] as [number, number] };
  if ('end' in program) program.end = newText.length;
  return { program, depth: levels.length };
}

/** Moves a node's end by `delta` (a new range array: the parser shares some between nodes). */
function stretch(node: TSESTree.Node, delta: number): void {
  node.range = [node.range[0], node.range[1] + delta];
  const oxc = node as unknown as { end?: number };
  if (oxc.end !== undefined) oxc.end += delta;
}

function sameRange(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] === b[0] && a[1] === b[1];
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
 * Moves every node under `roots` by `delta`. Each node gets a new range array: the parser shares one
 * between some nodes (an import's default specifier and its name), and moving a shared array in place
 * would move it twice.
 */
function shiftTree(roots: readonly TSESTree.Node[], delta: number): void {
  const stack: TSESTree.Node[] = [...roots];
  const push = (child: TSESTree.Node) => void stack.push(child);
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.range = [node.range[0] + delta, node.range[1] + delta];
    // oxc's trees also carry `start`/`end` (rules read `range`; these move too, so no node disagrees).
    const oxc = node as unknown as { start?: number; end: number };
    if (oxc.start !== undefined) {
      oxc.start += delta;
      oxc.end += delta;
    }
    forEachChild(node, push);
  }
}
