import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import { changedSpan } from '../engine/textRules';

/**
 * tree-sitter for the languages the JS/TS parser does not read: the web-tree-sitter runtime and VS
 * Code's prebuilt WebAssembly grammars from `@vscode/tree-sitter-wasm` (no native code). The runtime
 * and each grammar are loaded lazily, once per process (or worker thread), on the first file that
 * needs them. Loading is asynchronous (WebAssembly instantiation); parsing is synchronous, so callers
 * `await loadGrammar(language)` before they run the (synchronous) engine on such a file.
 *
 * The wasm files sit next to the bundles in `dist/` (copied by scripts/build.mjs and shipped in the
 * .vsix); compiled tests read them from the package in node_modules.
 */

/** VS Code language id → grammar file, for the grammars Warden ships. */
export const GRAMMAR_FILES: Readonly<Record<string, string>> = {
  python: 'tree-sitter-python.wasm',
  java: 'tree-sitter-java.wasm',
  php: 'tree-sitter-php.wasm',
  go: 'tree-sitter-go.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  // EJS and ERB templates (tree-sitter's embedded_template grammar, from tree-sitter-embedded-template).
  ejs: 'tree-sitter-embedded_template.wasm',
  erb: 'tree-sitter-embedded_template.wasm',
};
/** Grammars that do not come from @vscode/tree-sitter-wasm: the npm package each one is read from. */
const GRAMMAR_PACKAGES: Readonly<Record<string, string>> = {
  'tree-sitter-embedded_template.wasm': 'tree-sitter-embedded-template',
};
export const RUNTIME_WASM = 'tree-sitter.wasm';

export function hasGrammar(language: string): boolean {
  return Object.prototype.hasOwnProperty.call(GRAMMAR_FILES, language);
}

/** A file of the package: next to this bundle in dist/, else in node_modules (tests, tsc output). */
export function wasmPath(file: string): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  const own = GRAMMAR_PACKAGES[file];
  return createRequire(__filename).resolve(own ? `${own}/${file}` : `@vscode/tree-sitter-wasm/wasm/${file}`);
}

type Module = typeof TreeSitter;
let runtime: Promise<Module> | undefined;
const grammars = new Map<string, Promise<TreeSitter.Language>>();
const ready = new Map<string, TreeSitter.Parser>();
const failures = new Map<string, string>();

function loadRuntime(): Promise<Module> {
  runtime ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('@vscode/tree-sitter-wasm') as Module;
    await mod.Parser.init({ locateFile: (file: string) => wasmPath(file) });
    return mod;
  })();
  return runtime;
}

/**
 * Loads the runtime and `language`'s grammar, once. Resolves (never rejects) when the language is
 * ready to parse or has failed to load; `parseError`-style reasons come from `grammarProblem`.
 */
export async function loadGrammar(language: string): Promise<void> {
  const file = GRAMMAR_FILES[language];
  if (!file || ready.has(language) || failures.has(language)) return;
  let pending = grammars.get(language);
  if (!pending) {
    pending = loadRuntime().then((mod) => mod.Language.load(readFileSync(wasmPath(file))));
    grammars.set(language, pending);
  }
  try {
    const grammar = await pending;
    if (!ready.has(language)) {
      const mod = await loadRuntime();
      const parser = new mod.Parser();
      parser.setLanguage(grammar);
      ready.set(language, parser);
    }
  } catch (error) {
    failures.set(language, `the ${language} grammar did not load: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Loads every shipped grammar (tests, benchmarks, a scan that will meet them all). */
export async function loadAllGrammars(): Promise<void> {
  await Promise.all(Object.keys(GRAMMAR_FILES).map(loadGrammar));
}

export function isGrammarLoaded(language: string): boolean {
  return ready.has(language);
}

/** Why `language` cannot be parsed right now, or undefined when it can. */
export function grammarProblem(language: string): string | undefined {
  if (ready.has(language)) return undefined;
  return failures.get(language) ?? `the ${language} grammar was not loaded before analysis`;
}

/**
 * A syntax node as plain data, copied once out of the WebAssembly tree so rules and data flow read
 * JavaScript objects (fast, garbage-collected, no `delete()` to remember). Offsets are UTF-16 indexes
 * into the parsed text, as everywhere in the engine. Anonymous tokens are kept only where the grammar
 * names them as a field (`operator: "+"`), since that is where rules need them.
 */
export interface SyntaxNode {
  type: string;
  start: number;
  end: number;
  /** Named children (and field-named tokens), in source order. */
  children: SyntaxNode[];
  /** The grammar's field name of this node within its parent (`function`, `arguments`, `left`…). */
  field?: string;
  parent?: SyntaxNode;
  /** Named node (`identifier`) or a token kept for its field (`+`). */
  named: boolean;
  /** tree-sitter marked a syntax error or a missing token here. */
  error?: true;
  /** tree-sitter's id of this node: only in a document's cached tree, where the next edit reuses what tree-sitter reused. */
  id?: number;
  /**
   * Nodes in this subtree, itself included: a reused subtree's size is known without walking it, so an
   * edit's copy walks only what it moves.
   */
  count: number;
  /**
   * Whether a node below this one may hold an `id`. False once `dropIds` has dropped them all: a subtree
   * reused by place again then has none to drop, and is walked only when it moves.
   */
  idsBelow: boolean;
}

export interface ParsedTree {
  root: SyntaxNode;
  /** Number of nodes copied (for the budget and benchmarks). */
  size: number;
  hasErrors: boolean;
}

/**
 * One document's last tree, kept by whoever owns the document (the language server, one per open
 * file) and handed back with the next version: the WebAssembly `Tree` (so tree-sitter re-parses only
 * around the edit) and its JavaScript copy (whose untouched subtrees are reused). Holds WebAssembly
 * memory: `releaseTreeCache` frees it when the document closes or its cache is dropped.
 */
export interface TreeCache {
  language?: string;
  text?: string;
  tree?: TreeSitter.Tree;
  parsed?: ParsedTree;
  /** tree-sitter's node id → the copy of that node, for every node of `parsed`. */
  byId?: Map<number, SyntaxNode>;
  /** How the last call produced its tree: for tests and benchmarks. */
  last?: 'full' | 'incremental' | 'same';
  /** Nodes of the last tree copied out of WebAssembly (the rest were reused). */
  copied?: number;
}

/** Frees the WebAssembly tree a cache holds; the cache starts afresh on its next use. */
export function releaseTreeCache(cache: TreeCache): void {
  cache.tree?.delete();
  Object.assign(cache, { language: undefined, text: undefined, tree: undefined, parsed: undefined, byId: undefined, last: undefined, copied: undefined });
}

/**
 * Parses `text` with `language`'s grammar, which must have been loaded. Throws when it was not (the
 * engine turns that into a parse error that names the reason), or when the parser gives up.
 *
 * With a `cache` holding an earlier version of the same document, the edit between the two texts is
 * given to tree-sitter (`Tree.edit`, then a parse with the old tree), and every subtree tree-sitter
 * reused keeps its JavaScript copy (moved by the edit's length): only the nodes around the edit are
 * copied out of WebAssembly. The result equals a fresh parse node for node (the reparse fuzz test):
 * where tree-sitter's own incremental result may not (syntax errors before or after the edit), the
 * text is parsed afresh.
 */
export function parseTree(text: string, language: string, cache?: TreeCache): ParsedTree {
  const parser = ready.get(language);
  if (!parser) throw new Error(grammarProblem(language));
  if (cache?.parsed && cache.language === language && cache.text === text) {
    cache.last = 'same';
    cache.copied = 0;
    return cache.parsed;
  }
  let old: { tree: TreeSitter.Tree; root: SyntaxNode; byId: Map<number, SyntaxNode>; edit: TextEdit } | undefined;
  // tree-sitter's error recovery depends on the tree it starts from: after an edit from (or to) a tree
  // with syntax errors, an incremental parse can differ from a fresh one. Those parse afresh.
  if (cache?.tree && cache.byId && cache.parsed && cache.language === language && cache.text !== undefined && !cache.parsed.hasErrors) {
    const edit = textEdit(cache.text, text);
    cache.tree.edit(edit);
    old = { tree: cache.tree, root: cache.parsed.root, byId: cache.byId, edit };
  }
  // From here the cached copy may be changed in place (reused subtrees move): never leave it behind.
  if (cache) {
    if (!old) cache.tree?.delete();
    Object.assign(cache, { tree: undefined, parsed: undefined, byId: undefined, text: undefined, last: undefined, copied: undefined });
  }
  try {
    let tree = parser.parse(text, old?.tree);
    if (old && tree?.rootNode.hasError) {
      tree.delete();
      old.tree.delete();
      old = undefined;
      tree = parser.parse(text);
    }
    if (!tree) throw new Error(`the ${language} parser returned no tree`);
    if (!cache) {
      try {
        return copyTree(tree, names(language, parser)).parsed;
      } finally {
        tree.delete();
      }
    }
    try {
      // The old tree stays alive until the copy is made: an id it holds cannot be a new node's.
      // Where tree-sitter says the new tree's structure differs from the old one's (typically nothing
      // for typing): outside these ranges a node the old copy has at the same place is reused too.
      // Asked for only when a node is not found by id (most keystrokes find every one).
      const from = old?.tree;
      let ranges: TreeSitter.Range[] | undefined;
      const changed = () => (ranges ??= from!.getChangedRanges(tree!));
      const { parsed, byId, copied } = copyTree(tree, names(language, parser), old ? { root: old.root, byId: old.byId, edit: old.edit, changed } : 'track');
      Object.assign(cache, { language, text, tree, parsed, byId, last: old ? 'incremental' : 'full', copied });
      return parsed;
    } catch (error) {
      tree.delete();
      throw error;
    }
  } finally {
    old?.tree.delete();
  }
}

/** The edit between two versions of a text, as tree-sitter wants it (UTF-16 offsets and columns, like its JavaScript binding). */
interface TextEdit extends TreeSitter.Edit {
  /** How far the text after the edit moved. */
  delta: number;
}

export function textEdit(oldText: string, newText: string): TextEdit {
  // The common prefix, then the common suffix of what remains, compared natively by halves.
  const { start, oldEnd, newEnd } = changedSpan(oldText, newText);
  const startPosition = point(oldText, start);
  return {
    startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd,
    startPosition, oldEndPosition: point(oldText, oldEnd, start, startPosition), newEndPosition: point(newText, newEnd, start, startPosition),
    delta: newEnd - oldEnd,
  };
}

/** Row and column (UTF-16 units) of `offset`, counting on from a known point when one is given. */
function point(text: string, offset: number, from = 0, at: TreeSitter.Point = { row: 0, column: 0 }): TreeSitter.Point {
  let row = at.row;
  let lineStart = from - at.column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Node type and field names by id, per grammar: reading ids off the cursor is cheaper than strings. */
const nameTables = new Map<string, { types: (string | undefined)[]; fields: (string | null | undefined)[]; language: TreeSitter.Language }>();
function names(language: string, parser: TreeSitter.Parser) {
  let t = nameTables.get(language);
  if (!t) nameTables.set(language, (t = { types: [], fields: [], language: parser.language! }));
  return t;
}

/** The previous copy and the edit since, for reusing the subtrees tree-sitter reused. */
interface Reuse {
  /** The previous copy's root: a node found by id is reused only when it belongs to that tree. */
  root: SyntaxNode;
  /**
   * Node id → copy, kept from edit to edit (updated in place, not rebuilt: rebuilding it for every node
   * of the file was a sixth of a keystroke's CPU). It also holds stale entries, copies of nodes that
   * left the tree in an earlier edit, whose ids tree-sitter may since have given to new nodes: `reused`
   * takes a node only when its parent chain ends at the previous root (a node that left the tree never
   * comes back into it, so neither do its ancestors). Rebuilt when stale entries outnumber live ones.
   */
  byId: Map<number, SyntaxNode>;
  edit: TextEdit;
  /** `getChangedRanges` of the old tree (edited) and the new one, in the new text's offsets (computed when first needed). */
  changed: () => readonly TreeSitter.Range[];
}

/** The `id` of a copied node whose tree-sitter id is not known (it was reused by place, see `copyTree`). */
const NO_ID = -1;

/** Does no changed range touch `start`–`end` (new offsets)? Touching counts as changed. */
function unchanged(changed: readonly TreeSitter.Range[], start: number, end: number): boolean {
  for (const r of changed) if (end >= r.startIndex && start <= r.endIndex) return false;
  return true;
}

/**
 * The previous copy's node of `type` at `start`–`end` (its offsets), outermost first, by descent from
 * the root (children are in source order); undefined when there is none, or it already moved into the
 * new tree.
 */
function atPlace(root: SyntaxNode, start: number, end: number, type: string): SyntaxNode | undefined {
  let n = root;
  for (;;) {
    const cs = n.children;
    // The last child starting at or before `start`.
    let lo = 0;
    let hi = cs.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cs[mid]!.start <= start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const c = at < 0 ? undefined : cs[at]!;
    if (!c || c.end < end) return undefined;
    if (c.start === start && c.end === end && c.type === type) return inTree(c, root) ? c : undefined;
    n = c;
  }
}

/** Does `node`'s parent chain end at `root` (is it part of that tree)? */
function inTree(node: SyntaxNode, root: SyntaxNode): boolean {
  let n = node;
  while (n.parent) n = n.parent;
  return n === root;
}

/** Depth from which `moveBy` goes on with a stack of its own instead of the call stack. */
const DEEP = 256;

/** Moves every node of `node`'s subtree by `shift` (recursively while shallow: cheaper than a stack of nodes). */
function moveBy(node: SyntaxNode, shift: number, depth: number): void {
  node.start += shift;
  node.end += shift;
  const cs = node.children;
  if (depth < DEEP) {
    for (let i = 0; i < cs.length; i++) moveBy(cs[i]!, shift, depth + 1);
    return;
  }
  const below = cs.slice();
  while (below.length > 0) {
    const n = below.pop()!;
    n.start += shift;
    n.end += shift;
    for (const c of n.children) below.push(c);
  }
}

/** Moves `node`'s subtree by `shift` and drops the ids below it (they are stale: see `copyTree`). */
function dropIds(node: SyntaxNode, shift: number, byId: Map<number, SyntaxNode>): void {
  const below: SyntaxNode[] = [node];
  while (below.length > 0) {
    const n = below.pop()!;
    if (shift !== 0) {
      n.start += shift;
      n.end += shift;
    }
    if (n !== node && n.id !== NO_ID) {
      if (byId.get(n.id!) === n) byId.delete(n.id!);
      n.id = NO_ID;
    }
    n.idsBelow = false;
    for (const c of n.children) below.push(c);
  }
}

/**
 * Copies `tree` into JavaScript objects. With `reuse` (or `'track'` for a first parse that a later edit
 * will reuse), also records each copy's tree-sitter node id.
 */
function copyTree(tree: TreeSitter.Tree, table: ReturnType<typeof names>, track?: Reuse | 'track'): { parsed: ParsedTree; byId: Map<number, SyntaxNode>; copied: number } {
  const cursor = tree.walk();
  const reuse = track === 'track' ? undefined : track;
  const byId = reuse?.byId ?? new Map<number, SyntaxNode>();
  let copied = 0;
  let hasErrors = tree.rootNode.hasError;
  // Each cursor property is a call into WebAssembly: read each once per node, and none that cannot
  // matter (in a tree without errors no node is missing).
  const mayMiss = hasErrors;
  const make = (parent: SyntaxNode | undefined, isNamed: boolean, fieldId: number): SyntaxNode => {
    copied++;
    const typeId = cursor.nodeTypeId;
    const type = (table.types[typeId] ??= table.language.nodeTypeForId(typeId) ?? cursor.nodeType);
    // Every node has every property, in one order, from the start: one object shape for V8, so that the
    // flow's and the rules' reads of nodes stay fast (optional properties added later make several
    // shapes, and every read site sees them all).
    const field = fieldId === 0 ? undefined : (table.fields[fieldId] ??= table.language.fieldNameForId(fieldId)) ?? undefined;
    const node: SyntaxNode = {
      type,
      start: cursor.startIndex,
      end: cursor.endIndex,
      children: [],
      field,
      parent,
      named: isNamed,
      error: (mayMiss && cursor.nodeIsMissing) || type === 'ERROR' ? true : undefined,
      id: undefined,
      // Its children's, added when the walk leaves it (`done`).
      count: 1,
      idsBelow: track !== undefined,
    };
    if (track) {
      node.id = cursor.nodeId;
      byId.set(node.id, node);
    }
    return node;
  };
  /**
   * The previous copy of the cursor's node, at the place the edit moved it to, when that subtree is
   * known to be unchanged: either tree-sitter reused it (same id), or tree-sitter made it anew but it
   * lies outside the edit and outside every range whose structure changed (`getChangedRanges`), and
   * the previous copy has a node of the same type at the same place. Tree-sitter makes new nodes for
   * much it does not change: a space typed on an empty Python line re-creates every node after it (the
   * indentation scanner's state), with no changed range at all. The node is re-parented, with what its
   * parent decides (its field, an alias's type and named-ness) read afresh; its subtree moves after the
   * walk (`moves`: the search below reads the previous copy's offsets). Undefined when it must be copied.
   */
  const moves: { node: SyntaxNode; shift: number; fresh: boolean }[] = [];
  const reused = (parent: SyntaxNode, isNamed: boolean, fieldId: number): SyntaxNode | undefined => {
    if (!reuse) return undefined;
    const { startIndex, newEndIndex, delta } = reuse.edit;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const shift = end <= startIndex ? 0 : start >= newEndIndex ? delta : undefined;
    if (shift === undefined) return undefined;
    const id = cursor.nodeId;
    const typeId = cursor.nodeTypeId;
    const type = (table.types[typeId] ??= table.language.nodeTypeForId(typeId) ?? cursor.nodeType);
    let node = reuse.byId.get(id);
    let fresh = false;
    if (!node || node.start + shift !== start || node.end + shift !== end || !inTree(node, reuse.root)) {
      node = unchanged(reuse.changed(), start, end) ? atPlace(reuse.root, start - shift, end - shift, type) : undefined;
      if (!node) return undefined;
      // Its subtree's nodes have new ids, which only it knows: it takes the new id, they lose theirs.
      fresh = true;
      if (node.id !== undefined && byId.get(node.id) === node) byId.delete(node.id);
      node.id = id;
      byId.set(id, node);
    }
    // (Set, never deleted: every node keeps the one shape `make` gives it.)
    if (node.type !== type) node.type = type;
    if (node.named !== isNamed) node.named = isNamed;
    node.parent = parent;
    const field = fieldId === 0 ? undefined : (table.fields[fieldId] ??= table.language.fieldNameForId(fieldId)) ?? undefined;
    if (node.field !== field) node.field = field;
    const error = (mayMiss && cursor.nodeIsMissing) || type === 'ERROR' ? true : undefined;
    if (node.error !== error) node.error = error;
    moves.push({ node, shift, fresh });
    return node;
  };
  const root = make(undefined, cursor.nodeIsNamed, cursor.currentFieldId);
  /** A copied node whose children are all in: its size is theirs and its own. */
  const done = (node: SyntaxNode) => {
    let count = 1;
    for (const c of node.children) count += c.count;
    node.count = count;
  };
  // Iterative pre-order walk with the cursor: deep nesting cannot overflow the stack.
  const stack: SyntaxNode[] = [root];
  let descended = cursor.gotoFirstChild();
  while (stack.length > 0) {
    if (descended) {
      const parent = stack[stack.length - 1]!;
      const isNamed = cursor.nodeIsNamed;
      const fieldId = cursor.currentFieldId;
      const keep = isNamed || fieldId !== 0;
      const again = keep ? reused(parent, isNamed, fieldId) : undefined;
      const node = again ?? (keep ? make(parent, isNamed, fieldId) : undefined);
      if (node) parent.children.push(node);
      if (node?.error) hasErrors = true;
      // Descend into copied nodes only: an anonymous token has no children worth keeping, a reused one has its own.
      if (node && !again && cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
    }
    // Next sibling, or climb until one exists.
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        while (stack.length > 0) done(stack.pop()!);
        break;
      }
      done(stack.pop()!);
      if (stack.length === 0) break;
    }
    descended = stack.length > 0;
  }
  cursor.delete();
  // Everything below a reused node is its unchanged subtree: move it. Below a node found by place, the
  // ids are stale (tree-sitter's nodes there are new): they are dropped, and the next edit finds those
  // nodes by place again, or copies them. A subtree before the edit that tree-sitter reused has
  // nothing to change: it is not walked; nor is one found by place before the edit whose ids were
  // dropped already (`idsBelow`: most of them, since tree-sitter gives the nodes below it new ids
  // that no copy learns, typing into a Python, Java or Ruby file found 1,400–3,100 such nodes an edit).
  for (const { node, shift, fresh } of moves) {
    if (fresh && node.idsBelow) dropIds(node, shift, byId);
    else if (shift !== 0) moveBy(node, shift, 0);
  }
  const size = root.count;
  if (reuse && byId.size > 2 * size + 1024) {
    // Mostly stale entries: start the map again from the live tree.
    byId.clear();
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.id !== NO_ID) byId.set(n.id!, n);
      for (const c of n.children) stack.push(c);
    }
  }
  return { parsed: { root, size, hasErrors }, byId, copied };
}
