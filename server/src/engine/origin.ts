/**
 * Where a value comes from, as both data-flow engines answer it (`engine/taint.ts` for JavaScript and
 * TypeScript, `dataflow/flow.ts` for the tree-sitter languages): request data, unknown, or a constant.
 */
export type Taint = 'request' | 'unknown' | 'constant';

const ORDER: Record<Taint, number> = { constant: 0, unknown: 1, request: 2 };

/** The worse of two origins: request data over unknown over constant. */
export function worst(a: Taint, b: Taint): Taint {
  return ORDER[a] >= ORDER[b] ? a : b;
}
