import { isMainThread } from 'node:worker_threads';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { compileForBatch, lightScanArguments, lightScanFlags, startScanWorkersEarly } from './scanThreads';

/**
 * Bundled, the CLI built for a light scan (scripts/build.mjs: cli.ts with the light scan worker's rules,
 * every rule but the credential ones as metadata alone), which the entry requires for `scan --category
 * credentials` instead of dist/warden-cli.js. Unbundled (the tests), undefined.
 */
declare const WARDEN_LIGHT_CLI_BUNDLE: string | undefined;

/**
 * The CLI's entry. Bundled, this is all of dist/cli.js (a few KB: this file and scanThreads.ts), and the
 * rest of the CLI is dist/warden-cli.js, required below once the scan's worker threads have started
 * (scripts/build.mjs): the workers no longer wait for the main thread to read and compile the CLI's
 * 1.7 MB first. That bundle takes its scanThreads from here (`require('./cli.js')`), so the early
 * workers are one module's state, which the scan then takes (`takeEarlyScanWorkers`).
 */
export * from './scanThreads';

// Unbundled (the tests), the same file also runs as a scan worker thread (see scan.ts); only the main thread is the CLI.
if (isMainThread) {
  // Before any worker thread starts and before the rest of the CLI runs (see compileForBatch).
  compileForBatch();
  const args = process.argv.slice(2);
  const lightFlags = lightScanArguments(args) ? lightScanFlags() : undefined;
  if (lightFlags) setFlagsFromString(lightFlags);
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
  const light = typeof WARDEN_LIGHT_CLI_BUNDLE === 'string' && lightScanArguments(args);
  const { runCli } = (light ? require(join(__dirname, WARDEN_LIGHT_CLI_BUNDLE)) : require('./cli')) as typeof import('./cli');
  void runCli(args).then((code) => {
    process.exitCode = code;
  });
} else {
  // A scan worker: scan.ts runs its worker side when it loads.
  require('./scan');
}
