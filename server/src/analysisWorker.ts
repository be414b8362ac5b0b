import { Worker, isMainThread, parentPort, workerData, type ResourceLimits } from 'node:worker_threads';
import { analyze, prepareAnalysis, type AnalyzeInput, type AnalyzeOptions } from './engine/engine';
import { compileRuleset, type Ruleset, type RulesetConfig } from './engine/ruleset';
import type { AnalysisResult } from './engine/types';
import { BUILTIN_CATALOG } from './rules';
import { parserInUse } from './engine/parser';
import { ParseCaches } from './parseCaches';
import { serverLoader } from './boot';
import { rawTransferUnsupported, rawTransferYoungGeneration } from './engine/rawTransfer';

/** Documents larger than this (UTF-16 code units) are analysed off the server's main thread. */
export const DEFAULT_WORKER_THRESHOLD = 256 * 1024;

/**
 * The worker keeps the parse of this many documents (the most recently analysed), so that an edit to a
 * big document re-parses only the statements it touched, as the main thread does for small ones. A
 * 1 MB document's tree takes about 60 MB of heap: few are kept.
 */
const WORKER_PARSE_CACHES = 2;

/**
 * The analysis worker's young generation, in MB, where oxc hands trees over by raw transfer (Node 22 and
 * later); the server's main thread keeps V8's default. A big document's tree (about 60 MB for 1 MB of
 * TypeScript) is built in one go by oxc's deserialiser and lives as long as the document's parse cache:
 * every object of it survives the young generation's collections and is copied until promoted, and the
 * larger that generation (V8 lets a worker's grow to 192 MB), the more is copied. Capped at 8 MB, the
 * first 1 MB analysis after the warm-up took about a fifth less CPU on the analysing thread and in the
 * process on Node 24, and the edits after it no more. Node 20 (the JSON hand-over) gives a worker 48 MB
 * by default, and there the cap measured no clear gain (one run a few per cent more CPU, one a few less),
 * so there the default stays (docs/engineering.md, session of 2026-12-06, branch `open-split`).
 */
export const WORKER_YOUNG_GENERATION_MB = 8;

/** The analysis worker's `resourceLimits`, by whether its trees come by raw transfer. */
export function workerResourceLimits(rawTransfer: boolean = rawTransferUnsupported() === undefined): ResourceLimits | undefined {
  return rawTransferYoungGeneration(WORKER_YOUNG_GENERATION_MB, rawTransfer);
}

/**
 * How long the server waits, with no analysis finishing, before it starts the worker for the big
 * documents to come (`prewarmWhenIdle`): a pause in typing, not a keystroke's gap. Started then, the
 * worker's start (its bundle, parse thread and ruleset) is not in a big document's first diagnostics.
 */
export const DEFAULT_PREWARM_IDLE_MS = 500;

/**
 * What the warm-up analyses: a little TypeScript that takes the engine's common paths (the keyword
 * index for TypeScript, the lexer, the tree walk, taint through a handler), 30 times over (20 KB) so
 * that the hot functions have run often enough to be optimised before a real document needs them
 * (measured in a fresh worker, then a 1 MB analysis, under load: 730-760 ms CPU after one copy, 665-680
 * after 30, for about 40 ms more at warm-up). No finding in it matters; the result is dropped.
 * The pattern with a quantified group loads the ReDoS checker (dist/scslre.js, `regex-dos`), which a big
 * document nearly always needs: loaded by the warm-up, its compile and refa's set-up (about 0.1 s of the
 * worker's CPU) are not in the first big document's diagnostics.
 * A bigger warm-up (1 MB more in 64 KB pieces) was tried and removed: it cost about 1.1 s of CPU in every
 * session, made a file opened while it ran wait (median 440 -> 760 ms under load) and helped only a big
 * file opened after it had finished (docs/engineering.md, "The warm-up decided").
 */
export const WARM_UP: AnalyzeInput = {
  path: 'warden-warm-up.ts',
  text: `import { readFile } from 'node:fs/promises';
import * as crypto from 'node:crypto';
export class Store {
  private readonly secret = process.env.STORE_SECRET;
  constructor(private readonly base: string) {}
  async read(req: { query: { name: string } }, res: { send(body: string): void }): Promise<void> {
    const name = req.query.name;
    const hash = crypto.createHash('sha256').update(name).digest('hex');
    const body = await readFile(\`\${this.base}/\${hash}.json\`, 'utf8');
    res.send(JSON.stringify({ name, body, ok: body.length > 0 && this.secret !== undefined }));
  }
}
export const stores = [1, 2, 3].map((n) => new Store(\`/var/data/\${n}\`));
export const slug = (name: string): boolean => /^(?:[a-z0-9]+-)*[a-z0-9]+$/.test(name);
`.repeat(30),
};

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

type WorkerMessage = { id: number; key: string; input: AnalyzeInput; config: RulesetConfig; options: AnalyzeOptions } | { forget: string } | { warm: RulesetConfig };
type WorkerReply = { id: number; result: AnalysisResult } | { id: number; error: string } | { warmed: true };

/**
 * One worker thread that analyses big documents so the server keeps answering (and analysing small
 * documents) meanwhile. Jobs run one at a time; a queued job for a document is replaced by a newer
 * one for the same document (the older resolves `undefined`: superseded, nothing to publish).
 * The bundle spawns itself, through the loader (`dist/server.js`, see boot.ts) when it was started by it.
 */
export class AnalysisWorker {
  private worker: Worker | undefined;
  private running: Job | undefined;
  private queue: Job[] = [];
  private nextId = 1;
  /** Jobs that ran in the worker, for tests and logs. */
  completed = 0;
  /** The pending `prewarmWhenIdle` timer, and the ruleset it will warm the worker with. */
  private idle: NodeJS.Timeout | undefined;
  private idleRuleset: Ruleset | undefined;
  /** Settles when the worker has finished warming up (see `prewarm`); undefined before one was asked for. */
  warmed: Promise<void> | undefined;
  private resolveWarmed: (() => void) | undefined;

  /** `script`: the loader when the server was started through one (code cache), else this bundle or module. */
  constructor(private readonly script: string = serverLoader() ?? __filename) {}

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

  /**
   * Starts the worker now, before a big document needs it: it loads, starts its parse thread, compiles
   * `ruleset` and analyses a small sample (`WARM_UP`), so that a big document's first analysis is only
   * its own work. Does nothing once the worker runs, nor a second time (a worker that stopped is started
   * again by the next big document, as before, not by a pause). An idle warmed worker does not keep the
   * process alive.
   */
  prewarm(ruleset: Ruleset): void {
    if (this.worker || this.warmed || !AnalysisWorker.canRun(ruleset)) return;
    this.spawn().unref();
    this.warmed = new Promise((resolve) => (this.resolveWarmed = resolve));
    this.worker!.postMessage({ warm: ruleset.source!.config } satisfies WorkerMessage);
  }

  /**
   * Calls `prewarm(ruleset)` once `delayMs` have passed without another call: the server calls this after
   * each analysis it publishes, so the worker starts in a pause, never between keystrokes.
   */
  prewarmWhenIdle(ruleset: Ruleset, delayMs: number = DEFAULT_PREWARM_IDLE_MS): void {
    if (this.worker || this.warmed || !AnalysisWorker.canRun(ruleset)) return;
    this.idleRuleset = ruleset;
    if (this.idle) {
      this.idle.refresh();
      return;
    }
    this.idle = setTimeout(() => {
      this.idle = undefined;
      this.prewarm(this.idleRuleset!);
      this.idleRuleset = undefined;
    }, delayMs);
    this.idle.unref();
  }

  /** The running worker's V8 limits as the thread applied them (undefined before it starts). */
  get limits(): ResourceLimits | undefined {
    return this.worker?.resourceLimits;
  }

  /** Drops the queued job for a closed document, and the parse the worker kept for it. */
  forget(key: string): void {
    for (const queued of this.queue.filter((j) => j.key === key)) queued.resolve(undefined);
    this.queue = this.queue.filter((j) => j.key !== key);
    this.worker?.postMessage({ forget: key } satisfies WorkerMessage);
  }

  dispose(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    this.resolveWarmed?.();
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
    const worker = new Worker(this.script, { workerData: init, resourceLimits: workerResourceLimits() });
    worker.on('message', (reply: WorkerReply) => {
      if ('warmed' in reply) {
        this.resolveWarmed?.();
        return;
      }
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
      this.resolveWarmed?.();
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
  const rulesetFor = (config: RulesetConfig): Ruleset => {
    const key = JSON.stringify(config);
    let ruleset = compiled.get(key);
    if (!ruleset) {
      ruleset = compileRuleset(config, BUILTIN_CATALOG);
      if (compiled.size >= 4) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, ruleset);
    }
    return ruleset;
  };
  parentPort!.on('message', async (job: WorkerMessage) => {
    if ('forget' in job) {
      parses.delete(job.forget);
      return;
    }
    if ('warm' in job) {
      // Synchronous, so a job sent meanwhile waits for it rather than interleaving.
      try {
        analyze(WARM_UP, rulesetFor(job.warm));
      } catch {
        // a warm-up is only a speed-up; the first real document reports any error
      }
      parentPort!.postMessage({ warmed: true } satisfies WorkerReply);
      return;
    }
    try {
      await prepareAnalysis(job.input);
      const ruleset = rulesetFor(job.config);
      const cache = parses.get(job.key);
      parentPort!.postMessage({ id: job.id, result: analyze(job.input, ruleset, { ...job.options, parseCache: cache }) } satisfies WorkerReply);
      // Replied: now what the analysis left for the document's next version (an open's proofs and facts).
      parses.settle(job.key, cache);
    } catch (error) {
      parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
    }
  });
}
