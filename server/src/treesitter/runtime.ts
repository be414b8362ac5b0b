import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';

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
}

export interface ParsedTree {
  root: SyntaxNode;
  /** Number of nodes copied (for the budget and benchmarks). */
  size: number;
  hasErrors: boolean;
}

/**
 * Parses `text` with `language`'s grammar, which must have been loaded. Throws when it was not (the
 * engine turns that into a parse error that names the reason), or when the parser gives up.
 */
export function parseTree(text: string, language: string): ParsedTree {
  const parser = ready.get(language);
  if (!parser) throw new Error(grammarProblem(language));
  const tree = parser.parse(text);
  if (!tree) throw new Error(`the ${language} parser returned no tree`);
  try {
    return copyTree(tree, names(language, parser));
  } finally {
    tree.delete();
  }
}

/** Node type and field names by id, per grammar: reading ids off the cursor is cheaper than strings. */
const nameTables = new Map<string, { types: (string | undefined)[]; fields: (string | null | undefined)[]; language: TreeSitter.Language }>();
function names(language: string, parser: TreeSitter.Parser) {
  let t = nameTables.get(language);
  if (!t) nameTables.set(language, (t = { types: [], fields: [], language: parser.language! }));
  return t;
}

function copyTree(tree: TreeSitter.Tree, table: ReturnType<typeof names>): ParsedTree {
  const cursor = tree.walk();
  let size = 0;
  const make = (parent: SyntaxNode | undefined): SyntaxNode => {
    size++;
    const typeId = cursor.nodeTypeId;
    const type = (table.types[typeId] ??= table.language.nodeTypeForId(typeId) ?? cursor.nodeType);
    const node: SyntaxNode = {
      type,
      start: cursor.startIndex,
      end: cursor.endIndex,
      children: [],
      named: cursor.nodeIsNamed,
      parent,
    };
    const fieldId = cursor.currentFieldId;
    const field = fieldId === 0 ? null : (table.fields[fieldId] ??= table.language.fieldNameForId(fieldId));
    if (field) node.field = field;
    if (cursor.nodeIsMissing || node.type === 'ERROR') node.error = true;
    return node;
  };
  const root = make(undefined);
  let hasErrors = tree.rootNode.hasError;
  // Iterative pre-order walk with the cursor: deep nesting cannot overflow the stack.
  const stack: SyntaxNode[] = [root];
  let descended = cursor.gotoFirstChild();
  while (stack.length > 0) {
    if (descended) {
      const parent = stack[stack.length - 1]!;
      const keep = cursor.nodeIsNamed || cursor.currentFieldId !== 0;
      const node = keep ? make(parent) : undefined;
      if (node) parent.children.push(node);
      if (node?.error) hasErrors = true;
      // Descend into kept nodes only: an anonymous token has no children worth keeping.
      if (node && cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
    }
    // Next sibling, or climb until one exists.
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        stack.length = 0;
        break;
      }
      stack.pop();
      if (stack.length === 0) break;
    }
    descended = stack.length > 0;
  }
  cursor.delete();
  return { root, size, hasErrors };
}
