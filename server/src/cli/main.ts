import { isMainThread } from 'node:worker_threads';
import { compileForBatch, startScanWorkersEarly } from './scanThreads';

// The same bundle also runs as a scan worker thread (see scan.ts); only the main thread is the CLI.
if (isMainThread) {
  // Before any worker thread starts and before the rest of the bundle runs (see compileForBatch).
  compileForBatch();
  const args = process.argv.slice(2);
  // Before the rest of the bundle loads (it is required below, not imported), so the scan's worker
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
  const { runCli } = require('./cli') as typeof import('./cli');
  void runCli(args).then((code) => {
    process.exitCode = code;
  });
} else {
  // A scan worker: scan.ts runs its worker side when it loads.
  require('./scan');
}
