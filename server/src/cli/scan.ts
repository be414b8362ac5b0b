import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze } from '../engine/engine';
import { compileRuleset, type Ruleset, type RulesetConfig } from '../engine/ruleset';
import { LineIndex } from '../engine/lines';
import type { AnalysisResult } from '../engine/types';
import { BUILTIN_CATALOG } from '../rules';
import type { WalkEntry } from './walk';

export interface Position {
  /** 0-based */
  line: number;
  /** 0-based UTF-16 column */
  character: number;
}

/** Converts offsets to positions where the text is, so reports can cross thread boundaries as plain data. */
export interface Locator {
  positionAt(offset: number): Position;
}

export interface FileReport extends AnalysisResult {
  relativePath: string;
  /** Offset → position for every offset a finding, fix or suppression uses. */
  lines: Locator;
}

interface WireReport extends Omit<FileReport, 'lines'> {
  positions: [number, Position][];
}

export interface ScanOptions {
  rulesetConfig: RulesetConfig;
  maxFileSize: number;
  /** Worker threads to use; 1 analyses on the main thread. */
  jobs?: number;
}

/**
 * Analyses files, on every core when there are enough of them to pay for starting workers. Given the
 * files still to come (a folder walk under way), the workers start at once and load while it runs.
 */
export async function scanFiles(files: WalkEntry[] | Promise<WalkEntry[]>, options: ScanOptions): Promise<FileReport[]> {
  const cores = Math.max(1, options.jobs ?? availableParallelism());
  const pool = cores > 1 ? new WorkerPool(options, cores) : undefined;
  const list = await Promise.resolve(files).catch((error: unknown) => {
    pool?.close();
    throw error;
  });
  const jobs = Math.min(cores, Math.ceil(list.length / 64));
  if (!pool || jobs <= 1) {
    pool?.close();
    const ruleset = compileRuleset(options.rulesetConfig, BUILTIN_CATALOG);
    return list.map((file) => fromWire(analyseFile(file, ruleset, options.maxFileSize)));
  }
  return pool.run(list, jobs);
}

/**
 * Reads and analyses one file. Synchronous on purpose: the thread exists to analyse, and an
 * asynchronous read per file only added a thread-pool round trip (0.7 s idle on 1,347 files).
 */
function analyseFile(file: WalkEntry, ruleset: Ruleset, maxFileSize: number): WireReport {
  const base = { relativePath: file.relativePath, language: '', findings: [], suppressed: [], suppressions: [], ruleErrors: [], positions: [] };
  if (file.size > maxFileSize) {
    return { ...base, skipped: `skipped: ${Math.ceil(file.size / 1024)} KB is over the ${Math.ceil(maxFileSize / 1024)} KB limit (--max-file-size)` };
  }
  let text: string;
  try {
    text = readFileSync(file.path, 'utf8');
  } catch (error) {
    return { ...base, skipped: `skipped: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  try {
    const result = analyze({ text, path: file.relativePath }, ruleset, { maxFileSize });
    const lines = new LineIndex(text);
    const offsets = new Set<number>();
    for (const f of [...result.findings, ...result.suppressed.map((s) => s.finding)]) {
      offsets.add(f.start).add(f.end);
      for (const e of f.fix?.edits ?? []) offsets.add(e.start).add(e.end);
    }
    for (const s of result.suppressions) offsets.add(s.start).add(s.end);
    return {
      relativePath: file.relativePath,
      language: result.language,
      findings: result.findings,
      suppressed: result.suppressed,
      suppressions: result.suppressions,
      skipped: result.skipped,
      parseError: result.parseError,
      ruleErrors: result.ruleErrors,
      notRun: result.notRun,
      positions: [...offsets].map((o) => [o, lines.positionAt(o)]),
    };
  } catch (error) {
    // The engine does not throw by design; if it ever does, the file is reported and the scan goes on.
    return { ...base, skipped: `skipped: internal error while analysing (${error instanceof Error ? error.message : String(error)})` };
  }
}

function fromWire(wire: WireReport): FileReport {
  const { positions, ...rest } = wire;
  const map = new Map(positions);
  return { ...rest, lines: { positionAt: (o) => map.get(o) ?? { line: 0, character: 0 } } };
}

interface WorkerInit {
  wardenScanWorker: true;
  rulesetConfig: RulesetConfig;
  maxFileSize: number;
}

/** Worker threads, started before the files are known; `run` once, then they end. */
class WorkerPool {
  private readonly workers: Worker[];

  constructor(options: ScanOptions, count: number) {
    const init: WorkerInit = { wardenScanWorker: true, rulesetConfig: options.rulesetConfig, maxFileSize: options.maxFileSize };
    this.workers = Array.from({ length: count }, () => new Worker(__filename, { workerData: init }));
    // Until `run` listens, a worker that fails to start must not crash the process; `run` reports it.
    for (const w of this.workers) w.on('error', () => undefined);
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
  }

  run(files: WalkEntry[], jobs: number): Promise<FileReport[]> {
    for (const extra of this.workers.splice(jobs)) void extra.terminate();
    return new Promise((resolve, reject) => {
      const reports: FileReport[] = new Array(files.length);
      // Largest files first: a big file handed out last would leave the other threads idle while it runs.
      const order = files.map((_, i) => i).sort((a, b) => files[b]!.size - files[a]!.size);
      let next = 0;
      let done = 0;
      let failed = false;
      const feed = (worker: Worker) => {
        if (next < files.length) {
          // Batches of about 64 KB (at most 32 files): big files go alone, small ones travel together.
          const batch: { index: number; file: WalkEntry }[] = [];
          let bytes = 0;
          while (next < files.length && batch.length < 32 && bytes < 64 * 1024) {
            const index = order[next++]!;
            batch.push({ index, file: files[index]! });
            bytes += files[index]!.size;
          }
          worker.postMessage(batch);
        } else {
          void worker.terminate();
        }
      };
      for (const worker of this.workers) {
        worker.on('message', (batch: { index: number; report: WireReport }[]) => {
          for (const { index, report } of batch) reports[index] = fromWire(report);
          done += batch.length;
          if (done === files.length) {
            this.close();
            resolve(reports);
          } else {
            feed(worker);
          }
        });
        worker.on('error', (error) => {
          if (failed) return;
          failed = true;
          this.close();
          reject(error);
        });
        feed(worker);
      }
    });
  }
}

// Worker side: the same file runs as a worker thread, compiles the ruleset once and analyses batches.
if (!isMainThread && (workerData as WorkerInit | undefined)?.wardenScanWorker) {
  const init = workerData as WorkerInit;
  const ruleset = compileRuleset(init.rulesetConfig, BUILTIN_CATALOG);
  parentPort!.on('message', (batch: { index: number; file: WalkEntry }[]) => {
    parentPort!.postMessage(batch.map(({ index, file }) => ({ index, report: analyseFile(file, ruleset, init.maxFileSize) })));
  });
}
