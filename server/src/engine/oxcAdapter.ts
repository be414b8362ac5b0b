import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RawData } from './rawTransfer';

/**
 * The one place where oxc's ESTree differs from typescript-estree's, turned into typescript-estree's
 * shape so the rules see one tree whichever parser ran. oxc already gives TS-ESTree node types and
 * UTF-16 offsets as `start`/`end` (with `preserveParens: false`, no parenthesis nodes; no `range` arrays,
 * which the rules do not read: tree.ts); what is left:
 * - with the JSON hand-over, a regular expression or BigInt literal arrives as JSON, so its `value` is
 *   null: it becomes the `RegExp` (null when this Node cannot build it, as typescript-estree does) or
 *   the `bigint` (raw transfer's deserialiser builds both itself, the same way);
 * - the program starts at 0, not at the first token after leading comments;
 * - a recoverable syntax error still yields a tree: typescript-estree throws, so this throws too,
 *   with the first error's position, and the AST rules skip the file the same way. Two early errors
 *   that typescript-estree leaves to the type checker are ignored, as it does (the tree is complete):
 *   `await` in a function that is not async and `return` outside a function (legal in CommonJS).
 * Every other field (`decorators: []`, `optional: false`) is left as it is: no rule reads it, and the
 * conformance tests (`test/unit/parser-conformance.test.ts`) compare the trees and every rule's
 * findings under both parsers.
 */

/** What oxc's binding returns from `parseSync`: the program as JSON, plus the errors it recovered from. */
export interface OxcResult {
  readonly program: string;
  readonly errors: readonly { message: string; labels?: readonly { start: number; end: number }[] }[];
}

/** A syntax error, shaped like typescript-estree's (1-based line, 0-based column). */
export class SyntaxErrorAt extends Error {
  constructor(message: string, readonly location: { start: { line: number; column: number; offset: number } }) {
    super(message);
  }
}

/** oxc's messages for the early errors typescript-estree does not raise (see above). */
const CHECKER_ONLY = [/^`await` is only allowed within async functions/, /^A 'return' statement can only be used within a function body/];

/**
 * `result`: the JSON hand-over's (`program` is a string) or raw transfer's (`program` is the tree,
 * built by oxc's deserialiser, whose regular expression and BigInt literals already have their values);
 * `text`: the source (or how to get it: it is read only to place a syntax error).
 */
export function adaptOxc(result: OxcResult | RawData, text: string | (() => string)): TSESTree.Program {
  // Read once: the bindings' getters hand their values over, a second read gives an empty one.
  const all = result.errors;
  const errors = all.length === 0 ? all : all.filter((e) => !CHECKER_ONLY.some((re) => re.test(e.message)));
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new SyntaxErrorAt(first.message, { start: lineColumn(typeof text === 'string' ? text : text(), first.labels?.[0]?.start ?? 0) });
  }
  // Read once: the bindings' `program` getter hands its string over, a second read gives ''.
  const program = result.program;
  const { node, fixes } = typeof program === 'string'
    ? (JSON.parse(program) as { node: TSESTree.Program; fixes: readonly (string | number)[][] })
    : { node: program, fixes: [] };
  // oxc's program starts at its first token, typescript-estree's at 0 (leading comments included).
  node.start = 0;
  for (const path of fixes) {
    let literal: Record<string | number, unknown> = node as unknown as Record<string, unknown>;
    for (const key of path) literal = literal[key] as Record<string | number, unknown>;
    if (typeof literal.bigint === 'string') {
      literal.value = BigInt(literal.bigint);
    } else {
      const regex = literal.regex as { pattern: string; flags: string };
      try {
        literal.value = new RegExp(regex.pattern, regex.flags);
      } catch {
        literal.value = null; // flags or syntax this Node does not know: typescript-estree gives null too
      }
    }
  }
  return node;
}

function lineColumn(text: string, offset: number): { line: number; column: number; offset: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart, offset };
}
