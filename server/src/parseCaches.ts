import { settleParseCache, type ParseCache } from './engine/reparse';
import { releaseTreeCache } from './treesitter/runtime';

/**
 * One parse cache per document, for the `limit` most recently analysed ones. A tree-sitter tree lives
 * in WebAssembly memory, which the garbage collector does not see: it is freed when its document
 * closes or its cache is dropped.
 */
export class ParseCaches {
  private readonly byUri = new Map<string, ParseCache>();
  constructor(private readonly limit: number) {}

  get(uri: string): ParseCache {
    const cache = this.byUri.get(uri) ?? {};
    this.byUri.delete(uri); // re-inserted last: a Map iterates oldest first
    this.byUri.set(uri, cache);
    if (this.byUri.size > this.limit) this.delete(this.byUri.keys().next().value!);
    return cache;
  }

  delete(uri: string): void {
    const trees = this.byUri.get(uri)?.trees;
    if (trees) releaseTreeCache(trees);
    this.byUri.delete(uri);
  }

  /**
   * What the analysis that used `cache` (`uri`'s) left for the document's next version, worked out once
   * its result is out (`settleParseCache`). Should that fail, the document's parse is dropped, so its
   * next version is analysed whole, as after a close.
   */
  settle(uri: string, cache: ParseCache): void {
    try {
      settleParseCache(cache);
    } catch {
      this.delete(uri);
    }
  }

  /** Documents holding a tree-sitter tree (tests). */
  get treesHeld(): number {
    return [...this.byUri.values()].filter((c) => c.trees?.tree).length;
  }
}
