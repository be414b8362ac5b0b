// Loaded into the language server by languages-tail.mjs (`node --require`): for each change the server
// reads and each diagnostics it writes, the document version, when (performance.now) and how long this
// thread had waited for a CPU so far (/proc/thread-self/schedstat, Linux; 0 elsewhere); each garbage
// collection (kind, start, duration). Times stay in this process's clock (another process's
// `performance.timeOrigin` can differ by milliseconds): the client matches them by version.
// Written to BENCH_TAIL_OUT as JSON when the server exits. Nothing of the server is changed.
const { PerformanceObserver, performance } = require('node:perf_hooks');
const { openSync, readSync, writeFileSync } = require('node:fs');

let fd = -1;
try {
  fd = openSync('/proc/thread-self/schedstat', 'r');
} catch {
  // not Linux: no wait figures
}
const buf = Buffer.alloc(128);
/** ms this thread has spent runnable but not running (the second field of schedstat, ns). */
const waited = () => {
  if (fd < 0) return 0;
  const n = readSync(fd, buf, 0, buf.length, 0);
  const fields = buf.toString('latin1', 0, n).split(' ');
  return Number(fields[1]) / 1e6;
};
const VERSION = /"version":(\d+)/;
const reads = [];
const writes = [];
const gcs = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.duration, e.detail?.kind ?? 0]);
}).observe({ entryTypes: ['gc'] });
const emit = process.stdin.emit;
process.stdin.emit = function (event, ...args) {
  if (event === 'data') {
    const text = args[0].toString('latin1');
    if (text.includes('textDocument/didChange')) reads.push([performance.now(), waited(), Number(VERSION.exec(text)?.[1])]);
  }
  return emit.call(this, event, ...args);
};
const write = process.stdout.write;
process.stdout.write = function (chunk, ...args) {
  const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
  const diagnostics = text.includes('textDocument/publishDiagnostics');
  const result = write.call(this, chunk, ...args);
  if (diagnostics) writes.push([performance.now(), waited(), Number(VERSION.exec(text)?.[1])]);
  return result;
};
process.on('exit', () => {
  if (process.env.BENCH_TAIL_OUT) writeFileSync(process.env.BENCH_TAIL_OUT, JSON.stringify({ reads, writes, gcs }));
});
