import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module = require('node:module');
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script, constants } from 'node:vm';

/**
 * Bundles run from a V8 code cache. The language server's entry (dist/server.js) runs the server bundle
 * (dist/warden-server.js) from one when the editor gives it a private folder (`WARDEN_CODE_CACHE`, which the
 * extension sets to its global storage): compiling the bundle, and the functions the first analysis calls,
 * is then read back instead of done again. Without the variable (the benches' own servers, `node
 * dist/server.js --stdio`) the bundle is simply required. The CLI's entry (dist/cli.js, cli/main.ts) runs the
 * rest of the CLI and its scan workers' bundles the same way, from the user's cache folder (`cliCodeCacheDir`).
 *
 * A code cache is code: whoever can write it can make the server run anything (issue 17 item 10). So
 * it is used only from a folder and a file that this user owns and nobody else can write, which is
 * where the extension itself lives; anything else is ignored (and not written). The file is named by
 * the bundle file (path, size, modification time, inode) and by the V8 version, so another bundle or
 * another Node never meets an old cache; V8 itself rejects a cache made with other flags or for a source
 * of another length, and then a new one is written.
 */
export const CODE_CACHE_ENV = 'WARDEN_CODE_CACHE';

/**
 * The CLI's code-cache folder: `WARDEN_CODE_CACHE` when set (empty or `off`: none), else `warden/code-cache` in
 * the user's cache folder (`$XDG_CACHE_HOME`, or `~/.cache`), beside the remote rulesets' (ruleset/load.ts).
 * `runWithCodeCache` trusts it only when this user owns it and nobody else can write it.
 */
export function cliCodeCacheDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string | undefined {
  const chosen = env[CODE_CACHE_ENV];
  if (chosen !== undefined) return chosen === '' || chosen === 'off' ? undefined : chosen;
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'warden', 'code-cache');
}

/** How long after start the cache is written: by then the first diagnostics have compiled what they need. */
export const WRITE_DELAY_MS = 4000;

/**
 * Where the loader (dist/server.js) leaves its own path before it runs the bundle: the analysis worker
 * thread (analysisWorker.ts) starts through the loader too, so it compiles the bundle from the same code
 * cache as the main thread instead of from source.
 */
export const SERVER_LOADER = Symbol.for('warden.serverLoader');

/** The loader this bundle was started by, if any. */
export function serverLoader(): string | undefined {
  return (globalThis as Record<symbol, string | undefined>)[SERVER_LOADER];
}

export interface BootResult {
  /** `hit`: compiled from the cache; `miss`: none (or V8 rejected it), one is written later; `off`: no trusted folder or file. */
  cache: 'hit' | 'miss' | 'off';
  /** Why the cache folder or file was not trusted, when it was not. */
  untrusted?: string;
  /** What the module exported. */
  exports: unknown;
  /**
   * With `delayMs` null, on a miss: writes the cache now (the caller knows when the bundle's functions have
   * run; the CLI, at the end of its command). Undefined when there is nothing to write.
   */
  writeCache?: () => void;
}

export interface CodeCacheOptions {
  /** Whether this thread writes the cache (the analysis worker only reads the one the main thread writes). */
  write?: boolean;
  /** The cache files' name (`NAME-….cache`): one per bundle in a folder; older ones of that name are removed. */
  name?: string;
  /**
   * V8 flags set again just before the compile and just before the cache is written: V8 rejects a cache made under
   * other flags, and V8 11 (Node 20) puts one of the CLI's back whenever a worker's isolate is made (the CLI's).
   */
  v8Flags?: string;
  /**
   * Whether a new cache leaves this bundle's caches for other V8 versions in place (the CLI: it may run on
   * several Nodes in turn); by default they are removed with older builds' (the server has one Node, its editor's).
   */
  keepOtherNodes?: boolean;
}

/** Why `path` (lstat) may not hold a code cache this process trusts, or undefined when it may. */
export function untrusted(path: string, kind: 'directory' | 'file'): string | undefined {
  const s = lstatSync(path);
  if (kind === 'directory' ? !s.isDirectory() : !s.isFile()) return `${path} is not a ${kind}`;
  if (typeof process.getuid === 'function') {
    if (s.uid !== process.getuid()) return `${path} belongs to another user`;
    if ((s.mode & 0o022) !== 0) return `${path} can be written by others`;
  }
  return undefined;
}

/**
 * Runs `main` (a CommonJS file) as `require` would, compiled with a V8 code cache kept in `dir`, and
 * schedules writing that cache `delayMs` later when there was none to use (unless `write` is false: the
 * analysis worker only reads the cache the main thread writes; with `delayMs` null the caller writes it,
 * `BootResult.writeCache`). Returns what happened.
 */
export function runWithCodeCache(main: string, dir: string | undefined, delayMs: number | null = WRITE_DELAY_MS, { write = true, name = 'server', v8Flags, keepOtherNodes = false }: CodeCacheOptions = {}): BootResult {
  const source = readSource(main);
  let cacheFile: string | undefined;
  let result: Omit<BootResult, 'exports'> = { cache: 'off' };
  if (dir) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const why = untrusted(dir, 'directory');
      if (why) result = { cache: 'off', untrusted: why };
      else {
        // Named by the bundle file itself (path, size, modification time, inode) rather than a hash of
        // its 2.5 MB (about 10 ms): any install or build of another bundle gives another name.
        const file = statSync(main);
        const key = createHash('sha256').update(`${main}\0${file.size}\0${file.mtimeMs}\0${file.ino}`).digest('hex').slice(0, 32);
        cacheFile = join(dir, `${name}-${key}-v8-${process.versions.v8.replace(/[^\w.-]/g, '_')}.cache`);
        result = { cache: 'miss' };
      }
    } catch {
      result = { cache: 'off' }; // no folder to be had (read-only storage): run without a cache
    }
  }
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      // Opened once and checked through the open descriptor, so what was checked is what is read.
      const fd = openSync(cacheFile, 'r');
      try {
        const s = fstatSync(fd);
        const why = !s.isFile() ? `${cacheFile} is not a file`
          : typeof process.getuid === 'function' && s.uid !== process.getuid() ? `${cacheFile} belongs to another user`
          : (s.mode & 0o022) !== 0 ? `${cacheFile} can be written by others` : undefined;
        if (why) {
          result = { cache: 'off', untrusted: why };
          cacheFile = undefined;
        } else {
          cachedData = readFileSync(fd);
        }
      } finally {
        closeSync(fd);
      }
    } catch {
      // no cache yet
    }
  }
  if (v8Flags) setFlagsFromString(v8Flags);
  const script = new Script(Module.wrap(source), {
    filename: main,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  let writeCache: (() => void) | undefined;
  if (cachedData && !script.cachedDataRejected) result = { cache: 'hit' };
  else if (cacheFile && write) {
    const file = cacheFile;
    const writeAfter = () => {
      if (v8Flags) setFlagsFromString(v8Flags);
      writeNow(script, file, name, keepOtherNodes);
    };
    if (delayMs === null) writeCache = writeAfter;
    else setTimeout(writeAfter, delayMs).unref();
  }
  const compiled = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(main, module);
  mod.filename = main;
  // In require's cache, as require would leave it (a later require of the same file gets this module).
  (Module as unknown as { _cache: Record<string, Module> })._cache[main] = mod;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(join(main, '..'));
  const require = Module.createRequire(main);
  compiled.call(mod.exports, mod.exports, require, mod, main, join(main, '..'));
  mod.loaded = true;
  return { ...result, exports: mod.exports, ...(writeCache ? { writeCache } : {}) };
}

/**
 * The bundle's text. The build makes it ASCII (scripts/build.mjs refuses it otherwise), and ASCII bytes
 * read as Latin-1 are the same string, made by a plain copy: about a third less CPU than decoding
 * UTF-8 (about 6 ms of every start under load). Anything else is decoded as UTF-8.
 */
function readSource(file: string): string {
  const bytes = readFileSync(file);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * Writes the cache atomically (a private temporary file renamed), and removes the other caches of the same name:
 * older builds', and other V8 versions' unless `keepOtherNodes`.
 */
function writeNow(script: Script, file: string, name: string, keepOtherNodes: boolean): void {
  try {
    const dir = join(file, '..');
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
    // This bundle's: `NAME-` and a key of 32 hex digits (so `warden-cli-…` is not `warden-cli-light-…`).
    const own = new RegExp(`^${name.replace(/\W/g, '\\$&')}-[0-9a-f]{32}-v8-(.*)\\.cache$`);
    const v8 = own.exec(basename(file))![1];
    for (const old of readdirSync(dir)) {
      const match = own.exec(old);
      if (match && join(dir, old) !== file && (!keepOtherNodes || match[1] === v8)) unlinkSync(join(dir, old));
    }
  } catch {
    // a cache is only a speed-up: a full disk or a read-only folder changes nothing else
  }
}
