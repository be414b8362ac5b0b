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
}

/** Parses `text`, re-using `cache` when it holds an earlier version of the same document. Throws on a syntax error. */
export function parseProgram(text: string, jsx: boolean, cache?: ParseCache): TSESTree.Program {
  if (cache?.program && cache.text !== undefined && cache.jsx === jsx) {
    const program = reparse(cache.program, cache.text, text, jsx);
    if (program) {
      Object.assign(cache, { text, program, last: 'partial' });
      return program;
    }
  }
  if (cache) Object.assign(cache, { text: undefined, program: undefined, last: undefined }); // never a stale tree after a failure
  const program = parseWhole(text, jsx);
  if (cache) Object.assign(cache, { text, jsx, program, last: 'full' });
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
function reparse(old: TSESTree.Program, oldText: string, newText: string, jsx: boolean): TSESTree.Program | undefined {
  if (oldText === newText) return old; // analysed again for a new ruleset or settings: nothing to parse
  const body = old.body;
  if (body.length === 0) return undefined;
  if (oldText.startsWith('#!') || newText.startsWith('#!')) return undefined; // the program's own `hashbang` (oxc)
  const delta = newText.length - oldText.length;

  // The changed span: [start, oldEnd) of the old text became [start, oldEnd + delta) of the new one.
  const shortest = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < shortest && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let same = 0;
  while (same < shortest - start && oldText.charCodeAt(oldText.length - 1 - same) === newText.charCodeAt(newText.length - 1 - same)) same++;
  const oldEnd = oldText.length - same;

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
