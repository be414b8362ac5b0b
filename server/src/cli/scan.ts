import { readFileSync } from 'node:fs';
import { type Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { analyze, analyzeUnlessParsed, prepareLanguages, wouldRunTemplateRules, type AnalyzeOptions } from '../engine/engine';
import { parseOnThisThread, parserInUse } from '../engine/parser';
import { compileRuleset, type Ruleset, type RulesetConfig } from '../engine/ruleset';
import { LineIndex } from '../engine/lines';
import { keywordPassInWebAssembly } from '../engine/textRules';
import type { AnalysisResult } from '../engine/types';
import { BUILTIN_CATALOG } from '../rules';
import type { WalkEntry } from './walk';
import { CREDENTIAL_SCAN_LIMIT } from '../engine/skip';
import { detectLanguage } from '../engine/languages';
import { collectRenderFacts, factsFor, mayRenderTemplates, mergeRenderFacts, type RenderFacts } from '../templates/renderIndex';
import { templateEngineOf } from '../templates/sites';
import { ProjectFactsReader } from '../projectFacts';
import type { ProjectFacts } from '../engine/project';
import { WORKER_CACHE_AFTER_FILES, WORKER_CACHE_WRITER, lightScan, scanThreadCount, scanWorkerCount, spawnScanWorkers, takeEarlyScanWorkers, type ScanWorkerData } from './scanThreads';
import { fileKey, storable, type CacheEntry, type ScanCache } from './cache';

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

/**
 * A report as it crosses threads: a report with nothing in it (no finding, suppression or error, not
 * skipped: outline's 2,620 files but a few) is its language alone, rebuilt where it arrives (`fromWire`).
 */
type Wire = WireReport | string;

export interface ScanOptions {
  rulesetConfig: RulesetConfig;
  /** `rulesetConfig` compiled, when the caller has it already (compiling takes about 25 ms). */
  ruleset?: Ruleset;
  maxFileSize: number;
  /** Analysis threads (default: `defaultThreads`): 1 analyses on the main thread, more are worker threads. */
  jobs?: number;
  /** Called as files finish (in any order), for a progress display; never changes what is found. */
  onProgress?: (done: number, total: number) => void;
  /** Results kept between runs (`warden scan --cache`): reused where a file's key matches, recorded for the next run. */
  cache?: ScanCache;
  /** `YYYY-MM-DD` for suppression expiry, the same for every file of the scan; today by default. */
  today?: string;
}

/**
 * Analyses files, on worker threads when the machine has more than one core (see `defaultThreads`)
 * and there are enough files to pay for threads. Given the files still to come (a folder walk under
 * way), the worker threads start at once and load while it runs.
 *
 * When the files include templates, the project's render calls (`res.render('profile', { bio:
 * req.body.bio })`) and Angular components' bypassed properties are read from its source files as
 * they are analysed, and the templates are analysed last with the facts about each
 * (`AnalyzeOptions.renders`): every file is read once.
 */
export async function scanFiles(files: WalkEntry[] | Promise<WalkEntry[]>, options: ScanOptions): Promise<FileReport[]> {
  const threads = scanThreadCount(options.jobs);
  // A light scan's main thread analyses too, as one of the threads, beside one worker fewer (`lightScan`).
  const light = threads > 1 && lightScan(options.rulesetConfig.categories);
  const workerCount = scanWorkerCount(threads, light);
  projectFacts = new ProjectFactsReader(true);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const cache = options.cache;
  // With results to reuse, the threads start only when enough files are left to analyse (`cached`).
  let pool = threads > 1 && (!cache || cache.empty) ? new WorkerPool(options, workerCount, light, today) : undefined;
  try {
    const list = await Promise.resolve(files);
    const reports: FileReport[] = new Array(list.length);
    const found: (RenderFacts | undefined)[] = [];
    let finished = 0;
    const done = ({ index, report: sent, renders, key }: JobResult) => {
      if (renders) found[index] = renders;
      if (sent === undefined) return;
      const report = typeof sent === 'string' ? emptyWire(list[index]!.relativePath, sent) : sent;
      reports[index] = fromWire(report);
      if (cache && key !== undefined && storable(report, cache.keyed)) cache.record(report.relativePath, { key, report, ...(found[index] ? { renders: found[index] } : {}) });
      options.onProgress?.(++finished, list.length);
    };
    // Files whose stored result is reused go no further; the others carry the text read for their key.
    const cached = (jobs: Job[]): Job[] => (cache && !cache.empty ? jobs.filter((job) => !job.keyed || !reuse(job, cache, today, options.maxFileSize, done)) : jobs);

    // Render facts feed the template rules alone: when none runs (a secrets-only scan), templates are
    // files like any other, analysed in the one pass, and no file's render calls are collected.
    let ruleset = options.ruleset;
    const templateRulesRun = (ruleset ??= compileRuleset(options.rulesetConfig, BUILTIN_CATALOG)).runs('template');
    // The light scan's CLI bundle, as its worker's, holds most rules as metadata alone (scripts/build.mjs).
    refuseMetadataOnly(ruleset, 'this build of the CLI', 'a light scan runs');
    // Each path's language once: both questions below ask it (on the main thread, before any file goes out).
    const languages = templateRulesRun ? list.map((f) => detectLanguage(f.relativePath)) : [];
    const template = list.map((f, i) => templateRulesRun && templateEngineOf(f.relativePath, languages[i]!) !== undefined);
    // Only a template that a template rule runs on (one of their keywords in it) can use the render
    // facts: when none does (outline's five static .html pages), no file's render calls are collected and
    // the templates are files like any other, analysed in the one pass. This thread reads the templates
    // (until one is such a template), and each text read goes with its job; past TEMPLATE_CHECK_BYTES
    // (a site of static pages) it stops and the facts are collected, as they always were.
    const texts = new Map<number, string>();
    let checked = 0;
    const factsUsed = (file: WalkEntry, index: number): boolean => {
      if ((checked += file.size) > TEMPLATE_CHECK_BYTES) return true;
      const read = readEntry(file, options.maxFileSize);
      if (!('text' in read)) return false;
      texts.set(index, read.text);
      return wouldRunTemplateRules({ text: read.text, path: file.relativePath }, ruleset, options);
    };
    const withTemplates = template.some((t, index) => t && factsUsed(list[index]!, index));
    const isTemplate = withTemplates ? template : list.map(() => false);
    const first: Job[] = [];
    list.forEach((entry, index) => {
      const text = texts.get(index);
      const file = text === undefined ? entry : { ...entry, text };
      const collectRenders = withTemplates && mayRenderTemplates(languages[index]!) && file.size <= options.maxFileSize;
      const plainTemplate = template[index] && !withTemplates ? { plainTemplate: true as const } : {};
      if (!isTemplate[index] || collectRenders) first.push({ index, file, analyse: !isTemplate[index], collectRenders, keyed: cache !== undefined && !isTemplate[index], ...plainTemplate });
    });
    const left = cached(first);

    // `taper`: the last batches get smaller (`batchBytes`); see `WorkerPool.run`.
    let run: (jobs: Job[], done: (result: JobResult) => void, taper: boolean) => Promise<void>;
    if (threads > 1 && (cache && !cache.empty ? left.length : list.length) >= 128) {
      const workers = pool ??= new WorkerPool(options, workerCount, light, today);
      // Beside the workers, this thread analyses the files that need no parse and hands the others to
      // them (`analyzeUnlessParsed`): it never loads the parser (its thread and binding, about 0.1 CPU-s),
      // and only the workers run the AST rules, warm.
      const beside = (job: Job) => runJob(job, ruleset, options.maxFileSize, today, true);
      run = async (jobs, done, taper) => {
        if (light && jobs.length > 0) await prepareLanguages(grammarPaths(jobs), ruleset);
        await workers.run(jobs, done, taper, light ? beside : undefined);
      };
    } else {
      pool?.close();
      pool = undefined;
      run = async (jobs, done) => {
        if (jobs.length === 0) return;
        // The parser, and the tree-sitter grammars of the languages in the list, loaded once before any file.
        warmParser();
        await prepareLanguages(grammarPaths(jobs), ruleset);
        for (const job of jobs) done(runJob(job, ruleset, options.maxFileSize, today));
      };
    }
    await run(left, done, true);
    if (withTemplates) {
      // In the order of the files, as one pass over them would collect them.
      const facts: RenderFacts = { calls: [], bypassed: {} };
      for (const f of found) if (f) mergeRenderFacts(facts, f);
      const templates: Job[] = [];
      list.forEach((file, index) => {
        const text = texts.get(index);
        if (isTemplate[index]) templates.push({ index, file: text === undefined ? file : { ...file, text }, analyse: true, collectRenders: false, keyed: cache !== undefined, renders: factsFor(facts, file.relativePath) });
      });
      // Not tapered: each worker that analyses a template loads the grammar for its embedded code first
      // (tree-sitter's WebAssembly), which costs more than a few templates' analysis; one worker takes them.
      await run(cached(templates), done, false);
    }
    return reports;
  } finally {
    pool?.close();
  }
}

/**
 * The template bytes the main thread reads to learn whether a template rule runs on any (`scanFiles`):
 * enough for a project's templates (outline's five pages: 4 KB), little beside a scan's work, and a
 * bound on the texts it keeps for the jobs.
 */
const TEMPLATE_CHECK_BYTES = 1024 * 1024;

/** A file to read: to analyse, to collect its render calls from (`collectRenderFacts`), or both. */
interface Job {
  index: number;
  file: WalkEntry;
  analyse: boolean;
  collectRenders: boolean;
  /** For a template: what the project's handlers pass to it. */
  renders?: RenderFacts;
  /** Whether the result goes into the scan's cache: its key is then worked out (`JobResult.key`). */
  keyed: boolean;
  /** The key, when the cache lookup that missed worked it out already (`reuse`). */
  key?: string;
  /**
   * A template that no template rule runs on (`wouldRunTemplateRules`), analysed as a file like any
   * other: it needs no grammar (only template rules read a template's embedded code).
   */
  plainTemplate?: true;
}

/**
 * The paths whose languages' grammars a batch needs loaded first (`prepareLanguages`), read only when a
 * rule needs a grammar (never in a light scan).
 */
function* grammarPaths(jobs: readonly Job[]): Generator<string> {
  for (const job of jobs) if (!job.plainTemplate) yield job.file.relativePath;
}

interface JobResult {
  index: number;
  report?: Wire;
  /** The file's render calls, when asked for and it could be read. */
  renders?: RenderFacts;
  /** The file's cache key (`fileKey`), for a keyed job whose file could be read. */
  key?: string;
}

/**
 * Reads a job's file once for what the job asks. `unlessParsed`: a file to analyse that would be parsed
 * is left to another thread (`analyzeUnlessParsed`): undefined, and the job keeps the text read.
 */
function runJob(job: Job, ruleset: Ruleset, maxFileSize: number, today: string): JobResult;
function runJob(job: Job, ruleset: Ruleset, maxFileSize: number, today: string, unlessParsed: true): JobResult | undefined;
function runJob(job: Job, ruleset: Ruleset, maxFileSize: number, today: string, unlessParsed = false): JobResult | undefined {
  const { index, file } = job;
  const read = readEntry(file, maxFileSize);
  const result: JobResult = { index };
  if (job.collectRenders && 'text' in read) result.renders = collectRenderFacts([{ path: file.relativePath, text: read.text }]);
  // The cache key needs the project's facts; the analysis only when an AST rule runs (it asks then).
  const project = 'text' in read && job.keyed ? projectFacts.factsFor(file.path) : undefined;
  if (job.keyed && 'text' in read) result.key = job.key ?? fileKey({ text: read.text, project, renders: job.renders, today, secretKey: ruleset.fingerprintKey });
  if (job.analyse) {
    const report = 'skipped' in read ? skippedReport(file.relativePath, read.skipped) : analyseText(file.relativePath, read.text, ruleset, maxFileSize, today, job.renders, job.keyed ? project : () => projectFacts.factsFor(file.path), unlessParsed);
    if (report === undefined && 'text' in read) {
      // Read once: the thread that takes the job over neither reads nor hashes the file again.
      job.file = { ...file, text: read.text };
      job.key = result.key;
      return undefined;
    }
    result.report = report;
  }
  return result;
}

/**
 * Looks a job's file up in the cache: on a hit, hands `done` the stored result and returns true; on a miss
 * keeps the text it read and its key on the job (the analysis neither reads nor hashes it again) and
 * returns false. A file that cannot be
 * read, or is over the size limit, is left to the job, which reports it as it always does.
 */
function reuse(job: Job, cache: ScanCache, today: string, maxFileSize: number, done: (result: JobResult) => void): boolean {
  const read = readEntry(job.file, maxFileSize);
  if (!('text' in read)) return false;
  const { path, relativePath } = job.file;
  const key = fileKey({ text: read.text, project: projectFacts.factsFor(path), renders: job.renders, today, secretKey: cache.secretKey });
  const entry = cache.lookup(relativePath, key, (e) => isWireReport(e.report, relativePath) && (!job.collectRenders || e.renders !== undefined));
  if (!entry) {
    job.file = { ...job.file, text: read.text };
    job.key = key;
    return false;
  }
  done({ index: job.index, key, report: entry.report as WireReport, renders: job.collectRenders ? entry.renders : undefined });
  return true;
}

/** A stored report of the shape `fromWire` reads, for the file it is stored under. */
function isWireReport(value: unknown, relativePath: string): value is WireReport {
  const r = value as Partial<WireReport>;
  return r.relativePath === relativePath && typeof r.language === 'string'
    && [r.findings, r.suppressed, r.suppressions, r.ruleErrors, r.positions].every(Array.isArray);
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

/** The report of a file in `language` with nothing in it (`Wire`). */
function emptyWire(relativePath: string, language: string): WireReport {
  return { relativePath, language, findings: [], suppressed: [], suppressions: [], skipped: undefined, parseError: undefined, ruleErrors: [], notRun: undefined, positions: [] };
}

/**
 * This thread's package.json facts, each manifest read once per scan (`fixed`: no `stat` per file). A
 * worker serves one scan; the main thread starts a new reader with each (`scanFiles`).
 */
let projectFacts = new ProjectFactsReader(true);

/** A file's report; undefined (`unlessParsed`) when it would be parsed (`analyzeUnlessParsed`). */
function analyseText(relativePath: string, text: string, ruleset: Ruleset, maxFileSize: number, today: string, renders: RenderFacts | undefined, project: AnalyzeOptions['project'], unlessParsed: boolean): Wire | undefined {
  try {
    const input = { text, path: relativePath };
    const analyzeOptions: AnalyzeOptions = { maxFileSize, today, renders, project };
    const result = unlessParsed ? analyzeUnlessParsed(input, ruleset, analyzeOptions) : analyze(input, ruleset, analyzeOptions);
    if (!result) return undefined;
    if (result.findings.length === 0 && result.suppressed.length === 0 && result.suppressions.length === 0 && result.ruleErrors.length === 0
      && result.skipped === undefined && result.parseError === undefined && result.notRun === undefined) return result.language;
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
  if (positions.length === 0) return { ...rest, lines: NOWHERE };
  const map = new Map(positions);
  return { ...rest, lines: { positionAt: (o) => map.get(o) ?? { line: 0, character: 0 } } };
}

/** The lines of a report with no offset to place (`fromWire`). */
const NOWHERE: Locator = { positionAt: () => ({ line: 0, character: 0 }) };

/** A worker's first message: what it compiles once before its first batch. */
interface WorkerInit {
  rulesetConfig: RulesetConfig;
  maxFileSize: number;
  today: string;
}

/**
 * Work handed out at a time: about 64 KB of files, at most 32 of them (a big file goes alone), and
 * towards the end of a run less (`batchBytes`).
 */
const BATCH_BYTES = 64 * 1024;

/** What a file costs beside its bytes, counted as bytes (`batchBytes`): about a small file's worth. */
const FILE_BYTES = 1024;

/**
 * The bytes of the next batch when `left` bytes (files counted with FILE_BYTES each) are still to be
 * handed out to `workers` workers: at most BATCH_BYTES, and at most an eighth of `left` per worker
 * (each has two batches in flight), so that the last batches are small and the workers finish
 * together instead of one waiting for the other's last 64 KB. A batch always takes at least one file.
 */
export function batchBytes(left: number, workers: number): number {
  return Math.min(BATCH_BYTES, Math.ceil(left / (8 * workers)));
}

/**
 * Worker threads, started before the files are known (by the CLI's entry, `startScanWorkersEarly`, when
 * it could; else here); they end with `close`.
 */
class WorkerPool {
  private readonly workers: Worker[];
  private closing = false;
  private failure: unknown;
  private onFailure: ((error: unknown) => void) | undefined;

  constructor(private readonly options: ScanOptions, count: number, light: boolean, today: string) {
    const init: WorkerInit = { rulesetConfig: options.rulesetConfig, maxFileSize: options.maxFileSize, today };
    // Bundled, this file is in dist/warden-cli.js (or warden-cli-light.js), and the workers run the scan
    // workers' bundle beside it (`scanWorkerScript`; for a light scan the light one), which runs the worker side below.
    this.workers = takeEarlyScanWorkers(count, light) ?? spawnScanWorkers(__filename, count, light);
    for (const worker of this.workers) worker.postMessage(init);
    const fail = (error: unknown) => {
      if (this.failure !== undefined) return;
      this.failure = error;
      this.onFailure?.(error);
    };
    for (const worker of this.workers) {
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!this.closing) fail(new Error(`a scan thread stopped unexpectedly (exit code ${code})`));
      });
    }
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    for (const w of this.workers) void w.terminate();
  }

  /**
   * Hands the jobs out in batches, largest files first (so no big file is handed out last), to each
   * worker as it asks; the workers read the files. `done` gets each result; the caller puts them in
   * order, so the output does not depend on which thread did what. `taper`: the batches get smaller as
   * the end nears (`batchBytes`), so that the workers finish together. `here`: this thread takes batches
   * too, and a job it declines (undefined: a file to parse, `analyzeUnlessParsed`) goes to the next worker
   * that asks, before any other.
   */
  run(jobs: Job[], done: (result: JobResult) => void, taper: boolean, here?: (job: Job) => JobResult | undefined): Promise<void> {
    const order = [...jobs].sort((a, b) => b.file.size - a.file.size);
    let next = 0;
    let outstanding = 0;
    // The threads that take batches: the workers and, given `here`, this thread.
    const takers = this.workers.length + (here ? 1 : 0);
    // Each file counts for its bytes and a fixed share (reading it, its path's rules, the keyword pass's setup).
    const weight = (job: Job) => job.file.size + FILE_BYTES;
    let left = order.reduce((sum, job) => sum + weight(job), 0);
    // Jobs this thread declined (`here`), for the workers.
    const declined: Job[] = [];
    // Batches each worker has not answered yet.
    const inFlight = new Map<Worker, number>(this.workers.map((w) => [w, 0]));
    const takeBatch = (): Job[] => {
      const batch: Job[] = [];
      const limit = taper ? batchBytes(left, takers) : BATCH_BYTES;
      let bytes = 0;
      while (next < order.length && batch.length < 32 && (batch.length === 0 || bytes < limit)) {
        const job = order[next++]!;
        batch.push(job);
        bytes += weight(job);
      }
      left -= bytes;
      return batch;
    };
    return new Promise<void>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      this.onFailure = reject;
      // Whether this thread is analysing a batch, or will after the workers' messages waiting now (`here`).
      let busyHere = false;
      const finishIfDone = () => {
        if (outstanding > 0 || busyHere || next < order.length || declined.length > 0) return;
        for (const worker of this.workers) worker.removeAllListeners('message');
        this.onFailure = undefined;
        resolve();
      };
      const feed = (worker: Worker) => {
        const batch = declined.length > 0 ? declined.splice(0, 32) : takeBatch();
        if (batch.length === 0) return;
        outstanding++;
        inFlight.set(worker, inFlight.get(worker)! + 1);
        worker.postMessage(batch);
      };
      for (const worker of this.workers) {
        worker.on('message', (results: JobResult[]) => {
          if (this.failure !== undefined) return;
          outstanding--;
          inFlight.set(worker, inFlight.get(worker)! - 1);
          for (const result of results) done(result);
          feed(worker);
          finishIfDone();
        });
      }
      // Two batches each to start, so a worker never waits for the main thread between batches.
      for (let round = 0; round < 2; round++) for (const worker of this.workers) feed(worker);
      if (here) {
        // This thread takes a batch at a time, and lets the workers' answers in between (their next
        // batches go out then).
        const step = () => {
          if (this.failure !== undefined) return;
          const batch = takeBatch();
          busyHere = batch.length > 0;
          try {
            for (const job of batch) {
              const result = here(job);
              if (result) done(result);
              else declined.push(job);
            }
            // A worker that has answered all it was sent takes them now; the others, with their next answer.
            if (declined.length > 0) for (const worker of this.workers) if (inFlight.get(worker)! < 2) feed(worker);
          } catch (error) {
            // As a worker's failure is: the scan stops with it (an analysis reports its own errors).
            this.failure = error;
            this.onFailure?.(error);
            return;
          }
          if (busyHere) setImmediate(step);
          else finishIfDone();
        };
        busyHere = true;
        setImmediate(step);
      }
      finishIfDone();
    });
  }
}

// Worker side: the same file runs as a worker thread. It loads the parser while it waits for its
// first message, the ruleset (`WorkerInit`), compiles it once and runs the batches it is sent after it.
if (!isMainThread && (workerData as ScanWorkerData | undefined)?.wardenScanWorker) {
  // After this thread's isolate was made, which on V8 11 undid them (`lightScanFlags`).
  const flags = (workerData as ScanWorkerData).v8Flags;
  if (flags) setFlagsFromString(flags);
  keywordPassInWebAssembly();
  parseOnThisThread();
  warmParser();
  let init: WorkerInit | undefined;
  let ruleset: Ruleset | undefined;
  let analysed = 0;
  // Batches are answered in the order they came, each after its languages' grammars are loaded.
  let previous = Promise.resolve();
  parentPort!.on('message', (message: WorkerInit | Job[]) => {
    if (!Array.isArray(message)) {
      init = message;
      ruleset = compileRuleset(message.rulesetConfig, BUILTIN_CATALOG);
      // The light scan's worker bundle holds most rules as metadata alone (scripts/build.mjs).
      refuseMetadataOnly(ruleset, 'this scan worker', "a light scan's worker runs");
      return;
    }
    previous = previous.then(async () => {
      await prepareLanguages(grammarPaths(message), ruleset);
      parentPort!.postMessage(message.map((job) => runJob(job, ruleset!, init!.maxFileSize, init!.today)));
      if ((analysed += message.length) >= WORKER_CACHE_AFTER_FILES) writeWorkerCache();
    });
  });
}

/** Writes this worker's code cache, once, if the entry left a writer (`WORKER_CACHE_WRITER`). */
function writeWorkerCache(): void {
  const slots = globalThis as Record<symbol, (() => void) | undefined>;
  const write = slots[WORKER_CACHE_WRITER];
  slots[WORKER_CACHE_WRITER] = undefined;
  write?.();
}

/**
 * The active rules of `ruleset` that this bundle holds as metadata alone (the light scan's worker bundle,
 * scripts/build.mjs, marks them `metadataOnly`); none in any other build.
 */
export function metadataOnlyRules(ruleset: Ruleset): string[] {
  return ruleset.active.filter((r) => [r.ast, r.tree, r.template].some((rule) => rule !== undefined && 'metadataOnly' in rule)).map((r) => r.meta.id);
}

/**
 * Fails, before any file, a scan whose `ruleset` would run a rule this bundle holds as metadata alone
 * (`who` cannot run them; `runs`: what does run only the credential rules), rather than run fewer rules.
 */
function refuseMetadataOnly(ruleset: Ruleset, who: string, runs: string): void {
  const missing = metadataOnlyRules(ruleset);
  if (missing.length > 0) throw new Error(`${who} cannot run ${missing.join(', ')} (${runs} only the credential rules)`);
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
