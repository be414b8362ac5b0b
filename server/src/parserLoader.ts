import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type * as ParserModule from './engine/parser';

/**
 * The bundles' way to load dist/parser.js (typescript-estree with TypeScript: 10 MB of JavaScript).
 * V8 takes about 0.35 s to compile it, in every process and worker thread that parses; with a code
 * cache it loads in about 0.1 s. The cache is V8's own (`vm.Script` cached data), kept in the user's
 * cache folder, written once after the first parse (so it holds the parser's compiled functions too),
 * and checked by V8 against the source and its own version: a stale or damaged cache is rejected,
 * the parser compiles as before and the cache is written again. Any failure falls back to `require`.
 */
export interface CodeCacheLoad<T> {
  exports: T;
  /** The cache was there and V8 accepted it. */
  cacheUsed: boolean;
  /** Writes the cache if it was missing or rejected; call once the module has done real work. */
  saveCache(): void;
}

export function loadWithCodeCache<T>(file: string, cacheDir: string): CodeCacheLoad<T> {
  const source = readFileSync(file, 'utf8');
  // V8 checks a cache against the source's length, not its content: the name carries a content hash.
  const cacheFile = join(cacheDir, `${createHash('sha256').update(source).digest('hex').slice(0, 32)}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  const script = new Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  let saved = cacheUsed;
  return {
    exports: module.exports,
    cacheUsed,
    saveCache() {
      if (saved) return;
      saved = true;
      try {
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        // Another thread may write the same file at the same time: write aside, then rename.
        const aside = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        writeFileSync(aside, script.createCachedData(), { mode: 0o600 });
        renameSync(aside, cacheFile);
      } catch {
        // A read-only home or a full disk: the next start compiles again, nothing else changes.
      }
    },
  };
}

/** `$XDG_CACHE_HOME/warden` or `~/.cache/warden`. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'warden', 'v8-code-cache');
}

let loaded: CodeCacheLoad<typeof ParserModule> | undefined;

function load(): CodeCacheLoad<typeof ParserModule> {
  if (loaded) return loaded;
  const file = join(__dirname, 'parser.js');
  try {
    loaded = loadWithCodeCache<typeof ParserModule>(file, defaultCacheDir());
  } catch {
    loaded = { exports: require(file) as typeof ParserModule, cacheUsed: false, saveCache: () => undefined };
  }
  return loaded;
}

/** The engine's `parse`, from dist/parser.js; the code cache is written after the first parse. */
export const parse: typeof ParserModule.parse = (code, options) => {
  const parser = load();
  try {
    return parser.exports.parse(code, options);
  } finally {
    parser.saveCache();
  }
};
