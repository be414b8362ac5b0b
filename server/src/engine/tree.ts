import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

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
