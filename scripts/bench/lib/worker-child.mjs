// A benchmark's child process: runs `script` in a Worker with `resourceLimits`, prints the rows the Worker
// posts as one JSON line and exits 0 (1 on the Worker's error). The parent reads the last line of stdout.
import { Worker } from 'node:worker_threads';

export function runWorkerChild(script, workerData, resourceLimits, describe = (worker, rows) => rows) {
  const worker = new Worker(script, { workerData, ...(resourceLimits ? { resourceLimits } : {}) });
  worker.on('message', (rows) => {
    console.log(JSON.stringify(describe(worker, rows)));
    process.exit(0);
  });
  worker.on('error', (error) => {
    console.error(error);
    process.exit(1);
  });
}
