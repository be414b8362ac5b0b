import { isMainThread, workerData } from 'node:worker_threads';
import { basename, join } from 'node:path';
import { cliCodeCacheDir, runWithCodeCache } from '../boot';
import { WORKER_CACHE_WRITER, compileForBatch, lightScanArguments, lightScanFlags, startScanWorkersEarly, type ScanWorkerData } from './scanThreads';

/**
 * Bundled, the CLI built for a light scan (scripts/build.mjs: cli.ts with the light scan worker's rules,
 * every rule but the credential ones as metadata alone), which the entry requires for `scan --category
 * credentials` instead of dist/warden-cli.js. Unbundled (the tests), undefined.
 */
declare const WARDEN_LIGHT_CLI_BUNDLE: string | undefined;

/** Bundled, the rest of the CLI for every other command (dist/warden-cli.js); unbundled, undefined. */
declare const WARDEN_CLI_BUNDLE: string | undefined;

type Cli = typeof import('./cli');

/**
 * The rest of the CLI for `args`: bundled, the light or the full bundle, compiled from a V8 code cache in the
 * user's cache folder when there is a trusted one (`cliCodeCacheDir`, `runWithCodeCache`; about 5% of a
 * secrets-only scan of outline), with what writes that cache when there was none to use. V8 rejects a cache
 * made under other flags, and V8 11 (Node 20) puts one of a light scan's flags back whenever a worker's
 * isolate is made: `runWithCodeCache` sets `flags` again just before the compile and before the write.
 */
function loadCli(args: string[], flags: string): Cli & { writeCache?: () => void } {
  if (typeof WARDEN_CLI_BUNDLE !== 'string' || typeof WARDEN_LIGHT_CLI_BUNDLE !== 'string') return require('./cli') as Cli;
  const bundle = join(__dirname, lightScanArguments(args) ? WARDEN_LIGHT_CLI_BUNDLE : WARDEN_CLI_BUNDLE);
  const dir = cliCodeCacheDir();
  if (dir === undefined) return require(bundle) as Cli;
  const { exports, writeCache } = runWithCodeCache(bundle, dir, null, { name: basename(bundle, '.js'), v8Flags: flags, keepOtherNodes: true });
  return { ...(exports as Cli), writeCache };
}

/**
 * The CLI's entry. Bundled, this is all of dist/cli.js (a few KB: this file, scanThreads.ts and boot.ts), and the
 * rest of the CLI is dist/warden-cli.js, required below once the scan's worker threads have started
 * (scripts/build.mjs): the workers no longer wait for the main thread to read and compile the CLI's
 * 1.7 MB first. That bundle takes its scanThreads from here (`require('./cli.js')`), so the early
 * workers are one module's state, which the scan then takes (`takeEarlyScanWorkers`).
 */
export * from './scanThreads';

// Unbundled (the tests), the same file also runs as a scan worker thread (see scan.ts); only the main thread is the CLI.
if (isMainThread) {
  // Before any worker thread starts and before the rest of the CLI runs (see compileForBatch, lightScanFlags).
  const args = process.argv.slice(2);
  const flags = compileForBatch(lightScanArguments(args) ? lightScanFlags() : undefined);
  // Before the rest of the CLI loads (it is required below, not imported), so the scan's worker
  // threads load on the other cores meanwhile (see startScanWorkersEarly).
  startScanWorkersEarly(args, __filename);
  // `warden scan | head` closes the pipe early: stop quietly with the status a shell gives a process
  // ended by SIGPIPE (128 + 13), as other command-line tools do, rather than with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(141);
    });
  }
  const { runCli, writeCache } = loadCli(args, flags);
  void runCli(args).then((code) => {
    writeCache?.();
    process.exitCode = code;
  });
} else {
  // A scan worker: scan.ts runs its worker side when it loads.
  runScanWorker((workerData ?? {}) as Partial<ScanWorkerData>);
}

/**
 * A scan worker started from this entry (`spawnScanWorkers`): unbundled, scan.ts; bundled, the workers' bundle
 * from a V8 code cache, compiled under the flags it will write its cache under (`WORKER_CACHE_WRITER`).
 */
function runScanWorker(data: Partial<ScanWorkerData>): void {
  if (data.bundle === undefined || data.codeCache === undefined) {
    require('./scan');
    return;
  }
  const { writeCache } = runWithCodeCache(data.bundle, data.codeCache, null, { name: basename(data.bundle, '.js'), v8Flags: data.v8Flags, keepOtherNodes: true });
  if (writeCache) (globalThis as Record<symbol, unknown>)[WORKER_CACHE_WRITER] = writeCache;
}
