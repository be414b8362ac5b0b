import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze, prepareAnalysis, type AnalyzeInput, type AnalyzeOptions } from './engine/engine';
import { compileRuleset, type Ruleset, type RulesetConfig } from './engine/ruleset';
import type { AnalysisResult } from './engine/types';
import { BUILTIN_CATALOG } from './rules';
import { parserInUse } from './engine/parser';
import { ParseCaches } from './parseCaches';

/** Documents larger than this (UTF-16 code units) are analysed off the server's main thread. */
export const DEFAULT_WORKER_THRESHOLD = 256 * 1024;

/**
 * The worker keeps the parse of this many documents (the most recently analysed), so that an edit to a
 * big document re-parses only the statements it touched, as the main thread does for small ones. A
 * 1 MB document's tree takes about 60 MB of heap: few are kept.
 */
const WORKER_PARSE_CACHES = 2;

interface Job {
  id: number;
  /** The document (its uri): the worker keeps its last parse under this key. */
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

type WorkerMessage = { id: number; key: string; input: AnalyzeInput; config: RulesetConfig; options: AnalyzeOptions } | { forget: string };
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

  /** Drops the queued job for a closed document, and the parse the worker kept for it. */
  forget(key: string): void {
    for (const queued of this.queue.filter((j) => j.key === key)) queued.resolve(undefined);
    this.queue = this.queue.filter((j) => j.key !== key);
    this.worker?.postMessage({ forget: key } satisfies WorkerMessage);
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
    worker.postMessage({ id: job.id, key: job.key, input: job.input, config: job.config, options: job.options } satisfies WorkerMessage);
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

// Worker side: compile each distinct ruleset once (a few kept), analyse with the document's last
// parse, reply with plain data.
if (!isMainThread && (workerData as WorkerInit | undefined)?.wardenAnalysisWorker) {
  const compiled = new Map<string, Ruleset>();
  const parses = new ParseCaches(WORKER_PARSE_CACHES);
  // The parser (its thread and binding) loads now, not inside the first document's time budget.
  try {
    parserInUse();
  } catch {
    // reported with the first document that needs it
  }
  parentPort!.on('message', async (job: WorkerMessage) => {
    if ('forget' in job) {
      parses.delete(job.forget);
      return;
    }
    try {
      await prepareAnalysis(job.input);
      const key = JSON.stringify(job.config);
      let ruleset = compiled.get(key);
      if (!ruleset) {
        ruleset = compileRuleset(job.config, BUILTIN_CATALOG);
        if (compiled.size >= 4) compiled.delete(compiled.keys().next().value!);
        compiled.set(key, ruleset);
      }
      parentPort!.postMessage({ id: job.id, result: analyze(job.input, ruleset, { ...job.options, parseCache: parses.get(job.key) }) } satisfies WorkerReply);
    } catch (error) {
      parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
    }
  });
}
