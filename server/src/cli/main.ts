import { isMainThread } from 'node:worker_threads';
import { runCli } from './cli';

// The same bundle also runs as a scan worker thread (see scan.ts); only the main thread is the CLI.
if (isMainThread) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
