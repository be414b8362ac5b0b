import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The cache file's name and first bytes, apart from cache.ts so that the CLI's entry can tell a warm
 * cache before the rest of the bundle loads (`startScanWorkersEarly`).
 */

export const CACHE_FORMAT = 'warden-scan-cache/1';
/** The first bytes of every cache file: how a cache is told from a file it must not overwrite. */
export const CACHE_HEADER = `{"format":"${CACHE_FORMAT}"`;
/** The default file, in the scan's root; the walk leaves it out (DEFAULT_EXCLUDES). */
export const DEFAULT_CACHE_FILE = '.wardencache';

/** `--cache-location` (a file, or a folder to hold the default file), else the default file in `root`. */
export function cacheFile(cwd: string, root: string, location: string | undefined): string {
  if (location === undefined) return join(root, DEFAULT_CACHE_FILE);
  const path = resolve(cwd, location);
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? join(path, DEFAULT_CACHE_FILE) : path;
}

/** Whether `file` starts as a Warden cache does. */
export function looksLikeCache(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(CACHE_HEADER.length);
    return readSync(fd, buffer, 0, buffer.length, 0) === buffer.length && buffer.toString('utf8') === CACHE_HEADER;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
