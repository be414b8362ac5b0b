// A `-r` preload for startup-ab.mjs: when the server's main thread first writes a publishDiagnostics to
// stdout, it records that thread's CPU time (nanoseconds from /proc/thread-self/schedstat, Linux) since
// the process started and since this preload ran, into the file WARDEN_STARTUP_MARK names.
// A thread reading its own schedstat while it runs may see it up to a scheduler tick (4 ms) stale: noise
// of that size on each start, the same for every build (process.threadCpuUsage, exact, is Node 24 only).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const cpuNs = () => Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]);
const file = process.env.WARDEN_STARTUP_MARK;
if (isMainThread && file) {
  const atPreload = cpuNs();
  const write = process.stdout.write;
  let done = false;
  process.stdout.write = function (chunk, ...rest) {
    if (!done && chunk && chunk.includes && chunk.includes('textDocument/publishDiagnostics')) {
      done = true;
      const now = cpuNs();
      writeFileSync(file, JSON.stringify({ mainMs: now / 1e6, ownMs: (now - atPreload) / 1e6 }));
    }
    return write.call(this, chunk, ...rest);
  };
}
