import { isMainThread } from 'node:worker_threads';
import { runCli } from './cli';

// The same bundle also runs as a scan worker thread (see scan.ts); only the main thread is the CLI.
if (isMainThread) {
  // `warden scan | head` closes the pipe early: stop quietly with the status a shell gives a process
  // ended by SIGPIPE (128 + 13), as other command-line tools do, rather than with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(141);
    });
  }
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
