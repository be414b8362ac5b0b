import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze, lookAhead, prepareLanguages, wouldParse, type LookAhead } from '../engine/engine';
import { parserInUse } from '../engine/parser';
import { compileRuleset, type Ruleset, type RulesetConfig } from '../engine/ruleset';
import { LineIndex } from '../engine/lines';
import type { AnalysisResult } from '../engine/types';
import { BUILTIN_CATALOG } from '../rules';
import type { WalkEntry } from './walk';
import { CREDENTIAL_SCAN_LIMIT } from '../engine/skip';
import { detectLanguage } from '../engine/languages';
import { collectRenderFacts, factsFor, mayRenderTemplates, type RenderFacts } from '../templates/renderIndex';
import { templateEngineOf } from '../templates/sites';

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
  /** `rulesetConfig` compiled, when the caller has it already (compiling takes about 25 ms). */
  ruleset?: Ruleset;
  maxFileSize: number;
  /** Analysis threads, the main thread included (default: `defaultThreads`); 1 analyses on the main thread. */
  jobs?: number;
  /** Called as files finish (in any order), for a progress display; never changes what is found. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Analyses files, on more than one thread when the machine has cores to spare for them (see
 * `defaultThreads`) and there are enough files to pay for threads. Given the files still to come (a
 * folder walk under way), the worker threads start at once and load while it runs.
 *
 * With threads, the main thread reads each file and asks the engine whether it would be parsed. Files
 * to parse go first to one worker: a parser takes a thread 0.2 s to load and most of a second of cold
 * running to get fast, so one warm parser beats several cold ones unless much parsing waits (see
 * `STEAL_BYTES`). The main thread and the other workers analyse the rest.
 */
export async function scanFiles(files: WalkEntry[] | Promise<WalkEntry[]>, options: ScanOptions): Promise<FileReport[]> {
  const threads = Math.max(1, options.jobs ?? defaultThreads(availableParallelism()));
  const pool = threads > 1 ? new WorkerPool(options, threads - 1) : undefined;
  const list = await Promise.resolve(files).catch((error: unknown) => {
    pool?.close();
    throw error;
  });
  const ruleset = options.ruleset ?? compileRuleset(options.rulesetConfig, BUILTIN_CATALOG);
  warmParser();
  // The tree-sitter grammars of the languages in the list, loaded once before any file is analysed.
  await prepareLanguages(list.map((f) => f.relativePath));
  const renders = renderIndex(list, options.maxFileSize);
  if (!pool || list.length < 128) {
    pool?.close();
    return analyseInOrder(list, ruleset, options.maxFileSize, renders, options.onProgress);
  }
  return pool.run(list, ruleset, renders);
}

/** Files whose parse is sent ahead at most: enough to keep the parse thread busy (see `analyseInOrder`). */
const PARSES_AHEAD = 2;
/** Files read ahead at most, whatever they hold. */
const FILES_AHEAD = 64;

/**
 * Analyses the files on this thread, in order, reading ahead until up to `PARSES_AHEAD` of the files
 * still to come will be parsed: their parses are started on the parse thread as they are read
 * (`lookAhead`), so oxc parses a file while this thread runs the rules of the files before it, instead
 * of this thread waiting for each parse. What `lookAhead` works out is handed to `analyze`, not worked
 * out twice. Each file's findings are those of `analyze` alone: only when its parse runs changes.
 */
function analyseInOrder(list: WalkEntry[], ruleset: Ruleset, maxFileSize: number, renders: ((path: string) => RenderFacts | undefined) | undefined, onProgress: ScanOptions['onProgress']): FileReport[] {
  const reads: (Read | undefined)[] = new Array(list.length);
  const aheads: (LookAhead | undefined)[] = new Array(list.length);
  const reports: FileReport[] = [];
  let next = 0;
  let parsesAhead = 0;
  for (let i = 0; i < list.length; i++) {
    for (; next < list.length && (next <= i || (parsesAhead < PARSES_AHEAD && next - i < FILES_AHEAD)); next++) {
      const read = (reads[next] = readEntry(list[next]!, maxFileSize));
      if ('skipped' in read) continue;
      const ahead = (aheads[next] = lookAheadSafely(list[next]!.relativePath, read.text, ruleset, maxFileSize));
      if (ahead?.parses) parsesAhead++;
    }
    const file = list[i]!;
    const read = reads[i]!;
    const ahead = aheads[i];
    reads[i] = aheads[i] = undefined;
    if (ahead?.parses) parsesAhead--;
    reports.push(fromWire('skipped' in read ? skippedReport(file.relativePath, read.skipped) : analyseText(file.relativePath, read.text, ruleset, maxFileSize, renders?.(file.relativePath), ahead)));
    onProgress?.(i + 1, list.length);
  }
  return reports;
}

/** `lookAhead`, or undefined if it throws (`analyze` then works it out, and reports what fails). */
function lookAheadSafely(path: string, text: string, ruleset: Ruleset, maxFileSize: number): LookAhead | undefined {
  try {
    return lookAhead({ text, path }, ruleset, { maxFileSize });
  } catch {
    return undefined;
  }
}

/**
 * The project's render calls (`res.render('profile', { bio: req.body.bio })`) and Angular components'
 * bypassed properties, read from its JS/TS files once per scan when it holds templates: each template
 * is then analysed with the facts about it (`AnalyzeOptions.renders`). Undefined when there are no templates.
 */
function renderIndex(list: WalkEntry[], maxFileSize: number): ((path: string) => RenderFacts | undefined) | undefined {
  if (!list.some((f) => templateEngineOf(f.relativePath, detectLanguage(f.relativePath)) !== undefined)) return undefined;
  const sources: { path: string; text: string }[] = [];
  for (const f of list) {
    if (!mayRenderTemplates(detectLanguage(f.relativePath)) || f.size > maxFileSize) continue;
    const read = readEntry(f, maxFileSize);
    if ('text' in read) sources.push({ path: f.relativePath, text: read.text });
  }
  const facts = collectRenderFacts(sources);
  return (path) => (templateEngineOf(path, detectLanguage(path)) ? factsFor(facts, path) : undefined);
}

/**
 * Analysis threads for a machine with `cores` cores: one per two cores. An analysis thread keeps more
 * than one core busy, because V8 compiles its hot code and collects its garbage on helper threads:
 * scanning the 3.8 MB benchmark corpus on one thread took 2.0 CPU-seconds in 1.3 s. On two cores a
 * second analysis thread only competed with those helpers: slower by 0.3 s on 3.8 MB and by 0.4 s on
 * 11 MB, and no faster at 23 MB.
 */
export function defaultThreads(cores: number): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** A file ready to analyse: read by the main thread, its text travels with it. */
interface Job {
  index: number;
  relativePath: string;
  text: string;
  /** For a template: what the project's handlers pass to it. */
  renders?: RenderFacts;
}

type Read = { text: string } | { skipped: string };

/**
 * Reads one file, or says why it is skipped. Synchronous on purpose: an asynchronous read per file
 * only added a thread-pool round trip (0.7 s idle on 1,347 files).
 */
function readEntry(file: WalkEntry, maxFileSize: number): Read {
  // Files over the size limit are still read up to CREDENTIAL_SCAN_LIMIT: the engine runs the credential rules on them.
  if (file.size > Math.max(maxFileSize, CREDENTIAL_SCAN_LIMIT)) {
    return { skipped: `skipped: ${Math.ceil(file.size / 1024)} KB is over the ${Math.ceil(maxFileSize / 1024)} KB limit (--max-file-size)` };
  }
  if (file.text !== undefined) return { text: file.text };
  try {
    return { text: readFileSync(file.path, 'utf8') };
  } catch (error) {
    return { skipped: `skipped: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}

function skippedReport(relativePath: string, skipped: string): WireReport {
  return { relativePath, language: '', findings: [], suppressed: [], suppressions: [], ruleErrors: [], positions: [], skipped };
}

function analyseText(relativePath: string, text: string, ruleset: Ruleset, maxFileSize: number, renders?: RenderFacts, ahead?: LookAhead): WireReport {
  try {
    const result = analyze({ text, path: relativePath }, ruleset, { maxFileSize, renders, ahead });
    const offsets = new Set<number>();
    for (const f of [...result.findings, ...result.suppressed.map((s) => s.finding)]) {
      offsets.add(f.start).add(f.end);
      for (const e of f.fix?.edits ?? []) offsets.add(e.start).add(e.end);
    }
    for (const s of result.suppressions) offsets.add(s.start).add(s.end);
    // Most files have nothing to place: their lines are not indexed.
    const lines = offsets.size > 0 ? new LineIndex(text) : undefined;
    return {
      relativePath,
      language: result.language,
      findings: result.findings,
      suppressed: result.suppressed,
      suppressions: result.suppressions,
      skipped: result.skipped,
      parseError: result.parseError,
      ruleErrors: result.ruleErrors,
      notRun: result.notRun,
      positions: lines ? [...offsets].map((o) => [o, lines.positionAt(o)]) : [],
    };
  } catch (error) {
    // The engine does not throw by design; if it ever does, the file is reported and the scan goes on.
    return skippedReport(relativePath, `skipped: internal error while analysing (${error instanceof Error ? error.message : String(error)})`);
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

/** Work handed out at a time: about 64 KB of text, at most 32 files (a big file goes alone). */
const BATCH_BYTES = 64 * 1024;
/** Threads that prefer files without parsing take files to parse too once this much of them waits. */
const STEAL_BYTES = 128 * 1024;

/** A queue of jobs and the bytes of text they hold. */
class JobQueue {
  private readonly jobs: Job[] = [];
  private head = 0;
  bytes = 0;

  push(job: Job): void {
    this.jobs.push(job);
    this.bytes += job.text.length;
  }

  get empty(): boolean {
    return this.head === this.jobs.length;
  }

  take(): Job[] {
    const batch: Job[] = [];
    let bytes = 0;
    while (this.head < this.jobs.length && batch.length < 32 && bytes < BATCH_BYTES) {
      const job = this.jobs[this.head++]!;
      batch.push(job);
      bytes += job.text.length;
    }
    this.bytes -= bytes;
    return batch;
  }
}

/** Worker threads, started before the files are known; `run` once, then they end. */
class WorkerPool {
  private readonly workers: Worker[];
  private closing = false;

  constructor(private readonly options: ScanOptions, count: number) {
    const init: WorkerInit = { wardenScanWorker: true, rulesetConfig: options.rulesetConfig, maxFileSize: options.maxFileSize };
    this.workers = Array.from({ length: count }, () => new Worker(__filename, { workerData: init }));
    // Until `run` listens, a worker that fails to start must not crash the process; `run` reports it.
    for (const w of this.workers) w.on('error', () => undefined);
  }

  close(): void {
    this.closing = true;
    for (const w of this.workers) void w.terminate();
  }

  /**
   * The main thread reads and sorts the files (largest first), hands batches to the workers as they
   * ask, analyses files without parsing itself in between, and waits for the last batch.
   */
  run(files: WalkEntry[], ruleset: Ruleset, renders?: (path: string) => RenderFacts | undefined): Promise<FileReport[]> {
    const { maxFileSize } = this.options;
    const reports: FileReport[] = new Array(files.length);
    const toParse = new JobQueue();
    const plain = new JobQueue();
    const idle = new Set<Worker>();
    let outstanding = 0;
    let finished = 0;
    const progress = this.options.onProgress;
    const finish = (index: number, report: FileReport) => {
      reports[index] = report;
      progress?.(++finished, files.length);
    };
    let failure: unknown;
    let wake: (() => void) | undefined;

    // The first worker keeps the parser warm; the others, like the main thread, prefer the rest.
    const nextBatch = (prefersParsing: boolean): Job[] => {
      if (prefersParsing) return toParse.empty ? plain.take() : toParse.take();
      if (!plain.empty) return plain.take();
      return toParse.bytes >= STEAL_BYTES ? toParse.take() : [];
    };
    const dispatch = () => {
      for (const worker of idle) {
        const batch = nextBatch(worker === this.workers[0]);
        if (batch.length === 0) continue;
        idle.delete(worker);
        outstanding++;
        worker.postMessage(batch);
      }
    };
    for (const worker of this.workers) {
      idle.add(worker);
      worker.removeAllListeners('error');
      worker.on('error', (error) => {
        failure ??= error;
        wake?.();
      });
      worker.on('exit', (code) => {
        if (!this.closing) failure ??= new Error(`a scan thread stopped unexpectedly (exit code ${code})`);
        wake?.();
      });
      worker.on('message', (batch: { index: number; report: WireReport }[]) => {
        for (const { index, report } of batch) finish(index, fromWire(report));
        outstanding--;
        idle.add(worker);
        dispatch();
        wake?.();
      });
    }
    const yieldToWorkers = () => new Promise<void>((r) => setImmediate(r));

    return (async () => {
      try {
        // Read and sort, largest first so that no big file is handed out last; yield now and then
        // so the workers get their first batches while the rest is read.
        const order = files.map((_, i) => i).sort((a, b) => files[b]!.size - files[a]!.size);
        let sinceYield = 0;
        for (const index of order) {
          const file = files[index]!;
          const read = readEntry(file, maxFileSize);
          if ('skipped' in read) {
            finish(index, fromWire(skippedReport(file.relativePath, read.skipped)));
            continue;
          }
          const job: Job = { index, relativePath: file.relativePath, text: read.text, renders: renders?.(file.relativePath) };
          (wouldParse({ text: read.text, path: file.relativePath }, ruleset, { maxFileSize }) ? toParse : plain).push(job);
          if ((sinceYield += read.text.length) >= 4 * BATCH_BYTES) {
            sinceYield = 0;
            dispatch();
            await yieldToWorkers();
          }
        }
        dispatch();
        // The main thread's share, a batch at a time, yielding between batches so workers are fed.
        for (let batch = nextBatch(false); batch.length > 0 && failure === undefined; batch = nextBatch(false)) {
          for (const job of batch) finish(job.index, fromWire(analyseText(job.relativePath, job.text, ruleset, maxFileSize, job.renders)));
          dispatch();
          await yieldToWorkers();
        }
        while ((outstanding > 0 || !toParse.empty || !plain.empty) && failure === undefined) {
          dispatch();
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
        }
        if (failure !== undefined) throw failure;
        return reports;
      } finally {
        this.close();
      }
    })();
  }
}

// Worker side: the same file runs as a worker thread, compiles the ruleset once and analyses the batches it is sent.
if (!isMainThread && (workerData as WorkerInit | undefined)?.wardenScanWorker) {
  const init = workerData as WorkerInit;
  const ruleset = compileRuleset(init.rulesetConfig, BUILTIN_CATALOG);
  warmParser();
  // Batches are answered in the order they came, each after its languages' grammars are loaded.
  let previous = Promise.resolve();
  parentPort!.on('message', (batch: Job[]) => {
    previous = previous.then(async () => {
      await prepareLanguages(batch.map((job) => job.relativePath));
      parentPort!.postMessage(batch.map((job) => ({ index: job.index, report: analyseText(job.relativePath, job.text, ruleset, init.maxFileSize, job.renders) })));
    });
  });
}

/**
 * Loads the JS/TS parser (its thread and binding) before the first file, so that cost, which grows with
 * the machine's load, is never charged to one file's time budget. A parser that does not load is
 * reported per file, as before.
 */
function warmParser(): void {
  try {
    parserInUse();
  } catch {
    // each file that needs it says so
  }
}
