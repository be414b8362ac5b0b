import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { cliCodeCacheDir } from '../boot';
import { STACK_MB } from '../engine/parseThreadSpawn';
import { rawTransferUnsupported, rawTransferYoungGeneration } from '../engine/rawTransfer';
import { cacheFile, looksLikeCache } from './cacheFile';

/**
 * How many scan threads there are and how they start, kept apart from the engine so that the CLI's
 * entry (main.ts) can start them before it loads the rest of the bundle (`startScanWorkersEarly`).
 */

/**
 * Analysis threads for a machine with `cores` cores: one worker thread per core (at most 8), the main
 * thread only walking and handing out files; one core analyses on the main thread. Each worker parses
 * on its own thread (`parseOnThisThread`: JSON hand-over on Node 20, raw transfer from Node 22), so two
 * workers keep two cores busy with the whole pipeline. Before, on two cores, one thread analysed and the parse thread and V8's
 * helpers used the second core only in part (docs/engineering.md).
 */
export function defaultThreads(cores: number): number {
  return cores < 2 ? 1 : Math.min(cores, 8);
}

/**
 * The V8 flag the CLI's process runs with, for the V8 of `v8Version`: V8's optimising compiler
 * (TurboFan) off where V8 has the faster-compiling Maglev tier (V8 12, Node 22, and later), so hot code
 * stops at Maglev. A scan is a few seconds of cold code on every thread: on outline (2,620 files,
 * Node 24) V8's helper threads spent about 0.9 CPU-s compiling, for two scan workers that each
 * compile the same functions, and the code it made did not pay that back even over four passes
 * of the whole tree in one process (docs/engineering.md). Node 20's V8 (11.3) has no Maglev on by
 * default (code would stay at the baseline tier, which measured no clear gain); there TurboFan stays, but
 * a function is optimised only after `INTERRUPT_BUDGET` bytes of its bytecode have run (V8's default is
 * 66 KB), so fewer functions are, and only the hottest: V8's helpers had spent 1.5–2.1 CPU-s of a scan of
 * outline on Node 20. Never changes what is found, only which machine code runs it.
 */
export function batchCompilerFlags(v8Version: string = process.versions.v8): string {
  const major = Number(v8Version.split('.')[0]);
  if (major >= 13) return `--no-turbofan --invocation-count-for-maglev=${MAGLEV_INVOCATIONS}`;
  return major >= 12 ? '--no-turbofan' : `--interrupt-budget=${INTERRUPT_BUDGET}`;
}

/**
 * V8 13's (Node 24's) calls of a function before Maglev optimises it, for a scan (`batchCompilerFlags`):
 * ten times its default of 400. Maglev then compiles fewer functions, the hottest: on outline V8's helper
 * threads spent 0.50–0.59 CPU-s instead of 0.72–0.86, the workers no slower. (V8 12, Node 22, is left at its
 * default: not measured here.)
 */
export const MAGLEV_INVOCATIONS = 4000;

/** V8 11's interrupt budget for a scan (`batchCompilerFlags`): sixteen times its default. */
export const INTERRUPT_BUDGET = 1_056_000;

/**
 * Sets `batchCompilerFlags`, and `more` after them (a light scan's, `lightScanFlags`), for this process: its main
 * thread and every worker thread (V8 flags are per process). Returns what it set.
 */
export function compileForBatch(more?: string): string {
  const flags = more ? `${batchCompilerFlags()} ${more}` : batchCompilerFlags();
  setFlagsFromString(flags);
  return flags;
}

/** The analysis threads a scan runs on (`jobs`: `--jobs`, when given): 1 is the main thread alone. */
export function scanThreadCount(jobs: number | undefined): number {
  return Math.floor(Math.max(1, jobs ?? defaultThreads(availableParallelism())));
}

/**
 * Categories whose rules are light enough that the main thread analyses beside the workers, as one of
 * the scan's threads, instead of one more worker (`scanWorkerCount`): text rules and a few AST rules.
 * A scan is CPU-bound on two cores, and a worker costs its start (Node's bootstrap, the bundle, the
 * parser) and its own cold JIT before its first file: on outline `--category credentials` took 1.23
 * CPU-s on the main thread alone (`--jobs 1`) against 1.80 with two workers (docs/engineering.md).
 */
export const LIGHT_CATEGORIES: readonly string[] = ['credentials'];

/** Whether a scan of only these categories (`--category`; undefined: every rule) is light (`LIGHT_CATEGORIES`). */
export function lightScan(categories: readonly string[] | undefined): boolean {
  return categories !== undefined && categories.length > 0 && categories.every((c) => LIGHT_CATEGORIES.includes(c));
}

/**
 * The worker threads of a scan on `threads` analysis threads: one each, except that a light scan's main
 * thread takes a worker's share (`lightScan`), so it has one worker fewer. 0: the main thread alone.
 */
export function scanWorkerCount(threads: number, light: boolean): number {
  return threads < 2 ? 0 : light ? threads - 1 : threads;
}

/**
 * A light scan's V8 flag (`lightScanArguments`): the young generations keep the size they start with instead of
 * doubling. Each page a heap grows into is a page fault, about 13 µs on the 2-core machine the targets are measured
 * on. The CLI's entry sets it before any worker starts; each light scan worker sets it again once it runs
 * (`ScanWorkerData.v8Flags`), because V8 11 (Node 20) puts the factor back to 2 whenever an isolate is made.
 * Node 24, secrets-only scan of outline: 19,100-19,500 faults -> 15,600; CPU 1.15 -> 1.09 s, peak memory 116 ->
 * 101 MB (`scan-ab.mjs`, 10 rounds). Set on the main thread alone, Node 20 came out no cheaper (the worker's isolate
 * undid it). Node 22 (V8 12) is not measured: not set. Not for the full scan (Node 24, the flag on every thread:
 * 2.80 -> 2.88 CPU-s): its workers hold parsed trees.
 */
export function lightScanFlags(v8Version: string = process.versions.v8): string | undefined {
  const major = Number(v8Version.split('.')[0]);
  return major === 11 || major >= 13 ? '--semi-space-growth-factor=1' : undefined;
}

/** What tells a thread started from the scan's script that it is a scan worker (scan.ts). */
export interface ScanWorkerData {
  wardenScanWorker: true;
  /** V8 flags the worker sets again as it starts (`lightScanFlags`). */
  v8Flags?: string;
  /**
   * Bundled, with a code-cache folder: the workers' bundle, which the entry (main.ts) runs from a V8 code cache
   * kept there (`codeCache`), as the main thread runs the rest of the CLI.
   */
  bundle?: string;
  codeCache?: string;
}

/**
 * Where a worker run from a code cache leaves what writes that cache (`ScanWorkerData.codeCache`, when it had
 * none to use): the workers' bundle calls it once its thread has analysed `WORKER_CACHE_AFTER_FILES` files
 * (scan.ts), when the functions a scan runs are compiled. A worker is ended without a chance to write at exit.
 */
export const WORKER_CACHE_WRITER = Symbol.for('warden.scanWorkerCacheWriter');

/** The files a scan worker analyses before it writes its code cache (`WORKER_CACHE_WRITER`). */
export const WORKER_CACHE_AFTER_FILES = 256;

/**
 * The young generation of a scan worker on Node 22+ (raw transfer), in MB. V8 lets a worker's grow to
 * 192 MB there, and a scan's trees, short-lived per file, then fill it before each collection. At 16 MB,
 * on outline (2,620 files, Node 24, `scan-ab.mjs`, two runs of four alternated rounds at load 5–10), the
 * scan's peak memory fell from 358–417 to 278–305 MB and its CPU by 0.82–0.90 in one run and not at all
 * in the other (1.00–1.06); 8 and 32 MB were no better there. At 8 MB the secrets-only scan (`--category
 * credentials`, outline, two runs of eight alternated rounds) took 0.75–1.10 (median 0.93) and 0.81–0.98
 * (median 0.97) of the CPU, peak memory 170–176 → 158–162 MB; 4 MB measured the same, 48 MB no gain. Its
 * workers allocate little that lives, and a smaller young generation is fewer fresh pages for the kernel
 * to fault in (page faults were about a sixth of that scan's CPU, `perf`). The full scan did not move
 * (0.84–1.15, median 1.00). Node 20 (JSON hand-over) gives a worker 48 MB by default and measured no
 * gain at 16 (0.97–1.05), so there the default stays.
 */
export const SCAN_WORKER_YOUNG_GENERATION_MB = 8;

/** A scan worker's `resourceLimits`: the parse thread's stack, and the young generation above. */
export function scanWorkerResourceLimits(rawTransfer: boolean = rawTransferUnsupported() === undefined): ResourceLimits {
  return { stackSizeMb: STACK_MB, ...rawTransferYoungGeneration(SCAN_WORKER_YOUNG_GENERATION_MB, rawTransfer) };
}

/**
 * Starts `count` scan worker threads running `script` (`scanWorkerScript`: bundled, the workers' own
 * bundle, for a light scan the light one). Each gets the parse thread's stack, so it can run oxc's
 * native parser itself (`parseOnThisThread`). A worker loads the bundle and the parser, then waits for
 * its ruleset (the first message, see scan.ts).
 */
export function spawnScanWorkers(script: string, count: number, light: boolean): Worker[] {
  const workerScript = scanWorkerScript(script, light);
  // Bundled, this file is part of the entry (dist/cli.js), which runs the workers' bundle from a code cache.
  const codeCache = workerScript !== script ? cliCodeCacheDir() : undefined;
  const data: ScanWorkerData = {
    wardenScanWorker: true,
    v8Flags: light ? lightScanFlags() : undefined,
    ...(codeCache !== undefined ? { bundle: workerScript, codeCache } : {}),
  };
  const run = codeCache !== undefined ? __filename : workerScript;
  return Array.from({ length: count }, () => new Worker(run, { workerData: data, resourceLimits: scanWorkerResourceLimits() }));
}

/**
 * The files of the CLI's bundles (scripts/build.mjs) that its scan workers run, beside dist/cli.js:
 * `scan-worker.js` (the engine, every rule and the worker side of scan.ts, without the CLI's commands,
 * reports and ruleset loading) and, for a light scan, `scan-worker-light.js` (the same with every rule
 * but the credential ones as metadata alone, and no tree-sitter, data flow or templates). Each worker
 * reads, compiles and initialises its bundle before its first file. Unbundled (the tests) they are not
 * defined, and the workers run scan.ts itself.
 */
declare const WARDEN_SCAN_WORKER_BUNDLE: string | undefined;
declare const WARDEN_LIGHT_SCAN_WORKER_BUNDLE: string | undefined;

/** What a scan worker runs, given `script`, the file that holds scan.ts: a workers' bundle beside it (`light`: the light one), or `script` itself unbundled. */
export function scanWorkerScript(script: string, light: boolean): string {
  if (typeof WARDEN_SCAN_WORKER_BUNDLE !== 'string' || typeof WARDEN_LIGHT_SCAN_WORKER_BUNDLE !== 'string') return script;
  return join(dirname(script), light ? WARDEN_LIGHT_SCAN_WORKER_BUNDLE : WARDEN_SCAN_WORKER_BUNDLE);
}

/** The early workers, and whether they run the light scan's bundle (`scanWorkerScript`). */
let early: { workers: Worker[]; light: boolean } | undefined;
/** Early workers that stopped before a scan took them (a scan then starts its own). */
const stopped = new WeakSet<Worker>();

/**
 * For `warden scan` (`args`: the command line after the program), started by the CLI's entry before
 * it loads the rest of the bundle: the worker threads then load the bundle, the parser and its binding
 * on the other cores while the main thread loads its own copy, reads the ruleset and walks the folders
 * (on two cores the second one was idle for all of that). Nothing starts for another command, for
 * `--help` or `--history`, or when the scan runs on the main thread alone. The workers do not keep
 * the process alive until a scan takes them (`takeEarlyScanWorkers`); a scan that does not, ends
 * them (`endEarlyScanWorkers`). Never changes what is found: the workers are the same as started later.
 */
export function startScanWorkersEarly(args: readonly string[], script: string): void {
  if (early || args[0] !== 'scan' || args.some((a) => a === '--help' || a === '-h' || a === '--history')) return;
  const light = lightScanArguments(args);
  const count = scanWorkerCount(scanThreadCount(numberArgument(args, '--jobs')), light);
  if (count < 1) return;
  // With a cache from an earlier run, most files are usually reused: the scan starts threads only if
  // enough are left to analyse. (A cache in a project folder above the current one is not seen here.)
  if (args.includes('--cache') && looksLikeCache(cacheFile(process.cwd(), process.cwd(), valueArgument(args, '--cache-location')))) return;
  early = { workers: spawnScanWorkers(script, count, light), light };
  for (const worker of early.workers) {
    worker.unref();
    // Until a scan takes them (and listens), a failure is the scan's to report when it runs its own.
    worker.on('error', () => undefined);
    worker.on('exit', () => stopped.add(worker));
  }
}

/** Whether the command line `args` (after the program) asks for a light scan (`lightScan`, from its `--category`). */
export function lightScanArguments(args: readonly string[]): boolean {
  return args[0] === 'scan' && lightScan(valueArgument(args, '--category')?.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean));
}

/** The early workers when there are `count` of them for a scan as light as `light` (the scan's own), else undefined (and they end). */
export function takeEarlyScanWorkers(count: number, light = false): Worker[] | undefined {
  const taken = early;
  early = undefined;
  if (!taken) return undefined;
  const { workers } = taken;
  if (workers.length !== count || taken.light !== light || workers.some((w) => stopped.has(w))) {
    for (const w of workers) void w.terminate();
    return undefined;
  }
  for (const w of workers) {
    w.removeAllListeners('error');
    w.removeAllListeners('exit');
    w.ref();
  }
  return workers;
}

/** Ends early workers no scan took. */
export function endEarlyScanWorkers(): void {
  takeEarlyScanWorkers(-1);
}

/** `--jobs N` / `--jobs=N` as a number; undefined when absent or not a positive number (the command then says so). */
function numberArgument(args: readonly string[], name: string): number | undefined {
  const raw = valueArgument(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The value of `--name V` / `--name=V`, the last time it is given: the command's own parser (`parseArgs`)
 * keeps the last, and the entry must choose the bundle and the workers for the scan that parser will run
 * (`scan --category credentials --category injection` is an injection scan, not a light one).
 */
function valueArgument(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const raw = a === name ? args[i + 1] : a.startsWith(`${name}=`) ? a.slice(name.length + 1) : undefined;
    if (raw !== undefined) value = raw;
  }
  return value;
}
