import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

/**
 * Every node the rules see carries its UTF-16 offsets as `start` and `end`, and nothing reads `range`:
 * oxc's deserialiser builds no `range` array (two objects less per node, about a seventh of the first
 * 1 MB analysis's CPU), and the typescript-estree fallback's trees are given the same shape
 * (`withOffsets`). `node-offsets.test.ts` fails if a server module reads a node's `range`.
 */
declare module '@typescript-eslint/types' {
  namespace TSESTree {
    interface NodeOrTokenData {
      start: number;
      end: number;
    }
  }
}

/** A node's offsets as a pair, for the places that hand one on (a finding's related locations). */
export function spanOf(node: TSESTree.Node): [number, number] {
  return [node.start, node.end];
}

/**
 * Gives a typescript-estree tree oxc's shape of positions: every node's `range` becomes `start`/`end`
 * (the range left undefined: some nodes share one array, and the re-parse moves `start`/`end` only).
 * Walks every child, not only the visitor keys', as rules may read any. Returns `program`.
 */
export function withOffsets(program: TSESTree.Program): TSESTree.Program {
  const stack: unknown[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> & { range: [number, number] | undefined };
    const range = node.range;
    if (range === undefined) continue; // met twice: a node the parser put in two places
    node.start = range[0];
    node.end = range[1];
    node.range = undefined;
    for (const key in node) {
      if (key === 'parent') continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const v of value) if (isNode(v)) stack.push(v);
      } else if (isNode(value)) {
        stack.push(value);
      }
    }
  }
  return program;
}

export function isNode(x: unknown): x is TSESTree.Node {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}

/** Calls `fn` on each child of `node`, in source order (the parser's visitor keys, as ESLint walks). */
export function forEachChild(node: TSESTree.Node, fn: (child: TSESTree.Node) => void): void {
  const keys = visitorKeys[node.type];
  if (!keys) return;
  // Indexed loops: every walk of every tree comes through here, and V8 left an iterator object per
  // `for…of` here (over a third of what one keystroke's analysis allocated, so of its garbage collection).
  for (let k = 0; k < keys.length; k++) {
    const value = (node as unknown as Record<string, unknown>)[keys[k]!];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (isNode(v)) fn(v);
      }
    } else if (isNode(value)) {
      fn(value);
    }
  }
}

/**
 * The deepest tree the rules are given. typescript-estree gave up on such files itself (its converter
 * recurses); oxc parses them, so the limit is kept here: same files, same "nested too deeply" message.
 */
export const MAX_TREE_DEPTH = 2000;

const walkStack: TSESTree.Node[] = [];
const walkDepths: number[] = [];
const walkChildren: TSESTree.Node[] = [];

/**
 * Writes `root` and every node under it into `out` from index `count` on, in source order (pre-order,
 * as a recursive walk would visit them), and sets each one's `parent` (`root`'s to `parent`; `depth`
 * is `root`'s own). Returns the new count. Iterative, so deep nesting cannot overflow; throws a
 * RangeError below MAX_TREE_DEPTH, as rules and their helpers recurse on the tree.
 */
export function walkPreorder(root: TSESTree.Node, parent: TSESTree.Node | undefined, depth: number, out: TSESTree.Node[], count: number): number {
  // The stacks are reused between calls (this calls nothing that could walk again meanwhile).
  const stack = walkStack;
  const depths = walkDepths;
  stack.length = 0;
  depths.length = 0;
  stack.push(root);
  depths.push(depth);
  // A node's children are counted into a reused array, never cleared by `length = 0`: V8 drops an
  // array's storage when its length is set to 0, and a new one per node was most of this walk's garbage.
  const children = walkChildren;
  let childCount = 0;
  let node: TSESTree.Node = root;
  const adopt = (child: TSESTree.Node) => {
    (child as { parent?: TSESTree.Node }).parent = node;
    children[childCount++] = child;
  };
  (root as { parent?: TSESTree.Node }).parent = parent;
  try {
    while (stack.length > 0) {
      node = stack.pop()!;
      const d = depths.pop()!;
      // Rules and their helpers recurse on the tree: a tree this deep would overflow them (oxc parses it).
      if (d > MAX_TREE_DEPTH) throw new RangeError('tree too deep');
      out[count++] = node;
      childCount = 0;
      forEachChild(node, adopt);
      // Children go on the stack last-first, so they come off it in source order.
      for (let i = childCount - 1; i >= 0; i--) {
        stack.push(children[i]!);
        depths.push(d + 1);
      }
    }
  } finally {
    // Nothing of this tree stays reachable from the reused arrays.
    stack.length = 0;
    depths.length = 0;
    children.fill(undefined as unknown as TSESTree.Node);
  }
  return count;
}

const recorded = new WeakMap<TSESTree.Node, readonly TSESTree.Node[]>();

/**
 * Every node of the tree under `root`, in source order, as the walk that feeds the AST rules met them
 * (it also set their `parent`): passes that need every node read this list instead of walking again.
 */
export function recordNodes(root: TSESTree.Node, nodes: readonly TSESTree.Node[]): void {
  recorded.set(root, nodes);
}

/** The nodes `recordNodes` kept for `root`, if the walk ran on this tree. */
export function recordedNodes(root: TSESTree.Node): readonly TSESTree.Node[] | undefined {
  return recorded.get(root);
}

/**
 * Facts computed from a node's subtree (a function's bindings, its return values), kept with the node:
 * a document's tree lives on across edits (`reparse.ts`), so a fact stays valid as long as the subtree
 * it was read from. Every such cache is made here, so that `forgetFacts` can drop a node's facts when
 * its subtree changes in place.
 */
const factCaches: WeakMap<TSESTree.Node, unknown>[] = [];

export function factCache<T>(): WeakMap<TSESTree.Node, T> {
  const cache = new WeakMap<TSESTree.Node, T>();
  factCaches.push(cache);
  return cache;
}

/** Drops every fact cached for these nodes: the incremental re-parse changed their subtrees in place. */
export function forgetFacts(nodes: Iterable<TSESTree.Node>): void {
  for (const node of nodes) for (const cache of factCaches) cache.delete(node);
}
