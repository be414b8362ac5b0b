import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze, prepareAnalysis, type AnalyzeInput, type AnalyzeOptions } from './engine/engine';
import { compileRuleset, type Ruleset, type RulesetConfig } from './engine/ruleset';
import type { AnalysisResult } from './engine/types';
import { BUILTIN_CATALOG } from './rules';
import { parserInUse } from './engine/parser';

/** Documents larger than this (UTF-16 code units) are analysed off the server's main thread. */
export const DEFAULT_WORKER_THRESHOLD = 256 * 1024;

interface Job {
  id: number;
  key: string;
  input: AnalyzeInput;
  config: RulesetConfig;
  options: Omit<AnalyzeOptions, 'now'>;
  resolve(result: AnalysisResult | undefined): void;
  reject(error: Error): void;
}

interface WorkerInit {
  wardenAnalysisWorker: true;
}

type WorkerReply = { id: number; result: AnalysisResult } | { id: number; error: string };

/**
 * One worker thread that analyses big documents so the server keeps answering (and analysing small
 * documents) meanwhile. Jobs run one at a time; a queued job for a document is replaced by a newer
 * one for the same document (the older resolves `undefined`: superseded, nothing to publish).
 * The bundle spawns itself (`dist/server.js`), as the CLI's scan pool does.
 */
export class AnalysisWorker {
  private worker: Worker | undefined;
  private running: Job | undefined;
  private queue: Job[] = [];
  private nextId = 1;
  /** Jobs that ran in the worker, for tests and logs. */
  completed = 0;

  constructor(private readonly script: string = __filename) {}

  /** Whether this ruleset can be rebuilt in the worker (built-in catalog, default custom-rule engine). */
  static canRun(ruleset: Ruleset): boolean {
    return ruleset.source?.catalog === BUILTIN_CATALOG;
  }

  /** Analyses in the worker; resolves `undefined` when a newer job for the same key replaced this one. */
  analyze(key: string, input: AnalyzeInput, ruleset: Ruleset, options: Omit<AnalyzeOptions, 'now'>): Promise<AnalysisResult | undefined> {
    const config = ruleset.source!.config;
    return new Promise((resolve, reject) => {
      for (const queued of this.queue.filter((j) => j.key === key)) queued.resolve(undefined);
      this.queue = this.queue.filter((j) => j.key !== key);
      this.queue.push({ id: this.nextId++, key, input, config, options, resolve, reject });
      this.pump();
    });
  }

  /** Drops the queued job for a closed document. */
  forget(key: string): void {
    for (const queued of this.queue.filter((j) => j.key === key)) queued.resolve(undefined);
    this.queue = this.queue.filter((j) => j.key !== key);
  }

  dispose(): void {
    for (const job of this.queue) job.resolve(undefined);
    this.queue = [];
    this.running?.resolve(undefined);
    this.running = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.running = job;
    const worker = this.spawn();
    worker.ref();
    worker.postMessage({ id: job.id, input: job.input, config: job.config, options: job.options });
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const init: WorkerInit = { wardenAnalysisWorker: true };
    const worker = new Worker(this.script, { workerData: init });
    worker.on('message', (reply: WorkerReply) => {
      const job = this.running;
      if (!job || job.id !== reply.id) return;
      this.running = undefined;
      worker.unref();
      if ('error' in reply) job.reject(new Error(reply.error));
      else {
        this.completed++;
        job.resolve(reply.result);
      }
      this.pump();
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const job = this.running;
      this.running = undefined;
      job?.reject(error);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the analysis worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

// Worker side: compile each distinct ruleset once (a few kept), analyse, reply with plain data.
if (!isMainThread && (workerData as WorkerInit | undefined)?.wardenAnalysisWorker) {
  const compiled = new Map<string, Ruleset>();
  // The parser (its thread and binding) loads now, not inside the first document's time budget.
  try {
    parserInUse();
  } catch {
    // reported with the first document that needs it
  }
  parentPort!.on('message', async (job: { id: number; input: AnalyzeInput; config: RulesetConfig; options: AnalyzeOptions }) => {
    try {
      await prepareAnalysis(job.input);
      const key = JSON.stringify(job.config);
      let ruleset = compiled.get(key);
      if (!ruleset) {
        ruleset = compileRuleset(job.config, BUILTIN_CATALOG);
        if (compiled.size >= 4) compiled.delete(compiled.keys().next().value!);
        compiled.set(key, ruleset);
      }
      parentPort!.postMessage({ id: job.id, result: analyze(job.input, ruleset, job.options) } satisfies WorkerReply);
    } catch (error) {
      parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
    }
  });
}
