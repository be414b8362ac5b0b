import { statSync } from 'node:fs';
import { BaselineMatcher, readBaseline } from './cli/baseline';

/**
 * The baselines the language server has read, by absolute file path. Each lookup checks the file's
 * size and modification time (a stat, microseconds) and reads it again only when they changed, so a
 * new `warden baseline` run or a `git pull` applies without a reload.
 */
export class BaselineCache {
  private readonly byFile = new Map<string, { mtimeMs: number; size: number; matcher?: BaselineMatcher; error?: string }>();

  constructor(private readonly onError: (message: string) => void = () => undefined) {}

  /** The baseline in `file`, or undefined when it does not exist or cannot be used (reported once). */
  get(file: string): BaselineMatcher | undefined {
    let st;
    try {
      st = statSync(file);
    } catch {
      this.byFile.delete(file);
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const cached = this.byFile.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.matcher;
    const entry: { mtimeMs: number; size: number; matcher?: BaselineMatcher; error?: string } = { mtimeMs: st.mtimeMs, size: st.size };
    try {
      entry.matcher = new BaselineMatcher(file, readBaseline(file));
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      this.onError(`Warden ignores the baseline: ${entry.error}`);
    }
    this.byFile.set(file, entry);
    return entry.matcher;
  }

  /** Whether `path` is a baseline file this cache has read. */
  has(path: string): boolean {
    return this.byFile.has(path);
  }
}
