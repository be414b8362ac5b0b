// CPU time of a process or one of its threads, read from /proc (Linux; 10 ms steps). NaN elsewhere, or
// once the process has gone.
import { readFileSync } from 'node:fs';

function statCpuMs(file) {
  try {
    const fields = readFileSync(file, 'utf8').split(') ').pop().split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** CPU ms (user + system, all threads) a process has used. */
export const processCpuMs = (pid) => statCpuMs(`/proc/${pid}/stat`);

/** CPU ms (user + system) of one thread of a process (its main thread by default). */
export const threadCpuMs = (pid, tid = pid) => statCpuMs(`/proc/${pid}/task/${tid}/stat`);
