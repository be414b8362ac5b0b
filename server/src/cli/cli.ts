import { existsSync, statSync, type Stats } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { atLeast, SEVERITY_RANK, type RuleCategory, type Severity } from '../engine/types';
import { redact } from '../engine/engine';
import { compileRuleset, type Ruleset, type RulesetConfig } from '../engine/ruleset';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/skip';
import { BUILTIN_CATALOG } from '../rules';
import { RulesetError } from '../ruleset/load';
import {
  bundledLessonsDir, cliConfig, cliRuleset, findRulesetEntry, rulesetRoot, TRUST_SWITCH, workspaceTrusted, initCommand, lessonMarkdown,
  listFlag, RULE_CATEGORIES, rulesCommand, suppressionsCommand, verifyCommand,
} from './rulesetCommands';
import { walk, UsageError } from './walk';
import { parseArgs } from './args';
import { scanFiles, type FileReport } from './scan';
import { keywordPassInWebAssembly } from '../engine/textRules';
import { scanThreadCount } from './scanThreads';
import { toSarif } from './sarif';
import { toJson, toText } from './report';
import { writeReport } from './output';
import { COLOUR, PLAIN, printable, Progress, safeJson, useColour } from './terminal';
import { baselineCommand, gateJson, gateNote, gateReports, gitTargets, historyScanCommand, scanBaseline, scanConfig, walkOf } from './gate';
import { hookCommand } from './hook';
import { parserInUse, startParser } from '../engine/parser';
import { cacheIdentity, ScanCache } from './cache';
import { cacheFile, DEFAULT_CACHE_FILE } from './cacheFile';

export const VERSION = '0.1.0';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Whether standard output / standard error is a terminal (colour, progress); absent means no. */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** Environment for NO_COLOR / FORCE_COLOR / TERM; absent means none set. */
  env?: Record<string, string | undefined>;
}

export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
};

const USAGE = `Usage: warden <command> [options]

Commands:
  scan [paths...]        Scan files and folders (default: the current folder)
  verify [FILE]          Check a team ruleset (schema, rule ids, custom rule patterns and examples)
  init [--force]         Write a commented starter team ruleset to .warden/ruleset.yaml and a
                         fingerprint key to .warden/fingerprint.key (--fingerprint-key: the key only)
  rules                  List the effective rules and where each setting came from
  suppressions [paths]   List every suppression with reason and expiry (--format text|json|sarif)
  baseline [paths...]    Write today's findings to .warden/baseline.json (fingerprints, never secrets)
  hook install [--force] Install a git pre-commit hook that runs "warden scan --staged"

Options for scan:
  --format text|json|sarif     Output format (default: text)
  --output FILE                Write the report to FILE instead of standard output
  --ruleset FILE               Team ruleset (YAML or JSON); default: .warden/ruleset.yaml in this folder
                               or the nearest one above it, up to the repository root
  --allow-empty                Exit 0 when there is nothing to scan (by default that is an error, exit 2)
  --severity-threshold LEVEL   info | warning | error: report and fail only at or above it (default: info)
  --category LIST              Run only the rules of these categories (comma-separated, as "warden rules"
                               lists them), e.g. --category credentials for a secrets-only gate; the team
                               ruleset, suppressions and --baseline still apply
  --max-file-size KB           Skip files larger than this (default: ${DEFAULT_MAX_FILE_SIZE / 1024})
  --jobs N                     Analysis threads (default: one per core, at most 8; a --category
                               credentials scan counts the main thread as one)
  --cache                      Keep each file's result in ${DEFAULT_CACHE_FILE} (in the current folder, or the project
                               folder of a ruleset found above it) and analyse only files that changed since;
                               a new Warden, ruleset or Node starts afresh
  --cache-location FILE        Where --cache keeps its file (a folder: ${DEFAULT_CACHE_FILE} in it)
  --fail-on-skipped            Exit 3 when any path was skipped or only partly analysed
                               (also: failOnSkipped: true in the team ruleset)
  --trust-workspace            Let the workspace's ruleset fetch the pinned https rulesets it extends
                               (also WARDEN_TRUST_WORKSPACE=1); without it only cached copies are used
  --baseline FILE              Report and fail only on findings not in this baseline (see "warden baseline")
  --staged                     Only what the next commit adds: staged files as in the index, changed lines only
  --since REF                  Only lines changed since the merge base of REF and HEAD (e.g. origin/main)
  --history [RANGE]            Secrets in the added lines of every commit (default: all of HEAD's history)
  --quiet, -q                  Print findings only: no progress, lessons, skipped summary or totals
  --verbose                    List every skipped path with its reason

Colour and progress only on a terminal; NO_COLOR=1 turns colour off, FORCE_COLOR=1 forces it.
Exit codes: 0 nothing at or above the threshold, 1 findings, 2 usage, configuration or internal error,
3 no findings but some paths were not fully analysed and --fail-on-skipped (or failOnSkipped) is set.
`;

/** Flags that take a value; everything else is a switch. */
const VALUE_FLAGS = ['--format', '--output', '--ruleset', '--severity-threshold', '--max-file-size', '--jobs', '--baseline', '--since', '--cache-location', '--category'];
const SWITCHES = ['--help', '-h', '--version', TRUST_SWITCH, '--staged', '--history', '--fail-on-skipped', '--quiet', '-q', '--verbose', '--allow-empty', '--cache'];

/** Runs the CLI and returns its exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  // A command reads many files with one ruleset: its keyword pass in WebAssembly (textRules.ts says why only here).
  keywordPassInWebAssembly();
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version') {
      io.stdout(`${VERSION}\n${describeParser()}\n`);
      return 0;
    }
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(`Unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run "warden --help".`);
    return await handler(rest, io);
  } catch (error) {
    // Messages may quote paths and ruleset text from the scanned tree: printed with controls escaped.
    if (error instanceof UsageError) {
      io.stderr(`warden: ${printable(error.message)}\n`);
      return 2;
    }
    if (error instanceof RulesetError) {
      io.stderr(`warden: invalid ruleset: ${printable(redactKeepingPins(error.message))}\n`);
      return 2;
    }
    io.stderr(`warden: internal error: ${printable(redact(error instanceof Error ? error.message : String(error), []))}\n`);
    return 2;
  }
}

/** Masks token-like text in a ruleset error, but keeps `sha256-…` pins whole: a wrong pin's message must show both hashes. */
export function redactKeepingPins(message: string): string {
  return message.split(/(sha256-[A-Za-z0-9+/]{43}=)/).map((part, i) => (i % 2 === 1 ? part : redact(part, []))).join('');
}

export type CommandHandler = (args: string[], io: CliIO) => Promise<number>;

/** Subcommands by name; each returns an exit code. */
export const COMMANDS: Record<string, CommandHandler> = {
  scan: scanCommand,
  verify: verifyCommand,
  init: initCommand,
  rules: rulesCommand,
  suppressions: suppressionsCommand,
  baseline: baselineCommand,
  hook: hookCommand,
};

async function scanCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, VALUE_FLAGS, SWITCHES);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const format = (flags.get('--format') as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}".`);
  const threshold = (flags.get('--severity-threshold') as string | undefined) ?? 'info';
  if (!(threshold in SEVERITY_RANK)) throw new UsageError(`--severity-threshold must be info, warning or error, not "${threshold}".`);
  const maxFileSize = numberFlag(flags, '--max-file-size', DEFAULT_MAX_FILE_SIZE / 1024) * 1024;
  const categories = listFlag(flags, '--category', RULE_CATEGORIES) as RuleCategory[] | undefined;
  const jobs = flags.has('--jobs') ? numberFlag(flags, '--jobs', 1) : undefined;
  const quiet = flags.has('--quiet') || flags.has('-q');
  const verbose = flags.has('--verbose');
  if (quiet && verbose) throw new UsageError('--quiet and --verbose cannot be used together.');
  const outFile = flags.get('--output') as string | undefined;
  if (outFile) await checkOutputFolder(io.cwd, outFile);
  const env = io.env ?? {};
  const cacheLocation = flags.get('--cache-location') as string | undefined;
  if (cacheLocation !== undefined && !flags.has('--cache')) throw new UsageError('--cache-location needs --cache.');
  if (flags.has('--cache') && flags.has('--history')) throw new UsageError('--cache does not apply to --history (each commit is read once).');

  // The parse thread and its native binding load on another core while the ruleset loads and the
  // folders are walked, when the main thread analyses alone (`scanFiles` loads the parser before its
  // first file in any case). A light scan's main thread hands the files to parse to its worker.
  if (scanThreadCount(jobs) === 1) startParser();
  const explicit = flags.get('--ruleset') as string | undefined;
  const entry = findRulesetEntry(io.cwd, explicit);
  const loaded = await cliRuleset(io.cwd, explicit, workspaceTrusted(flags));
  // Only these categories' rules run: applied after the team ruleset, so its severities, custom rules and
  // suppression policy hold for the rules that do.
  const narrowed = (config: RulesetConfig): RulesetConfig => (categories ? { ...config, categories } : config);
  if (flags.has('--history')) return historyScanCommand(positional, flags, io, { rulesetConfig: narrowed(scanConfig(loaded, io.cwd)), maxFileSize, format, version: VERSION });
  const selection = await gitTargets(io.cwd, positional, flags);
  // A ruleset found above the current folder (see findRulesetEntry) makes its project folder the
  // scan's root, so its globs (ignorePaths, per-rule paths) mean what they mean in the editor, and
  // reported paths are relative to it. Git selections (--staged, --since) keep their own paths.
  const root = (!explicit && !selection && entry && rulesetRoot(entry)) || io.cwd;
  const rulesetConfig = narrowed(scanConfig(loaded, root));
  const ruleset = compileRuleset(rulesetConfig, BUILTIN_CATALOG);
  const baseline = scanBaseline(io.cwd, flags, loaded);
  // Which team ruleset is in force (none: the built-in recommended rules, and nothing is said).
  if (!quiet && entry) {
    io.stderr(`warden: team ruleset in force: ${entry.startsWith('https://') ? entry : printable(relative(io.cwd, entry))}${root !== io.cwd ? ` (paths are reported relative to ${printable(relative(io.cwd, root)) || '.'})` : ''}\n`);
  }
  const named = positional.length > 0 ? positional : ['.'];
  const targets = root === io.cwd ? named : named.map((t) => resolve(io.cwd, t));
  const cache = flags.has('--cache') ? await openCache(cacheFile(io.cwd, root, cacheLocation), rulesetConfig, ruleset, maxFileSize, process.env) : undefined;
  if (cache?.note && !quiet) io.stderr(`warden: ${printable(cache.note)}.\n`);
  // The analysis threads start while the folders are walked: the walk's first read (a target's stat)
  // is asynchronous, so `scanFiles` below has started them before it reads any folder (`blocking`).
  const walking = selection ? Promise.resolve(walkOf(selection)) : walk(root, targets, { blocking: true });
  // The cache's own file is never scanned (the default name is in the walk's default excludes).
  const files = walking.then((w) => w.files.filter((f) => !ruleset.isIgnored(f.relativePath) && f.path !== cache?.file));
  // Progress on a terminal only, on standard error, so it never mixes with a report.
  const progress = !quiet && io.stderrIsTTY && env.TERM !== 'dumb' ? new Progress(io.stderr, 'Scanning') : undefined;
  const onProgress = progress && ((done: number, total: number) => progress.update(done, total));
  const scanned = await scanFiles(files, { rulesetConfig, ruleset, maxFileSize, jobs, onProgress, cache }).finally(() => progress?.done());
  if (cache) {
    const failed = cache.save();
    if (failed && !quiet) io.stderr(`warden: ${printable(failed)}; the next scan analyses every file again.\n`);
    if (verbose) io.stderr(`warden: cache: ${cache.reused} of ${scanned.length} file(s) reused from ${printable(relative(io.cwd, cache.file) || cache.file)}.\n`);
  }
  const gated = gateReports(scanned, root, baseline, selection);
  // A report with no finding (all but a few) is kept as it is, not copied.
  const reports = gated.reports.map((r) => (r.findings.length === 0 ? r : {
    ...r,
    findings: r.findings.filter((f) => atLeast(f.severity, threshold as Severity)),
  }));
  const skipped = [
    ...(await walking).skipped,
    ...reports.filter((r) => r.skipped).map((r) => ({ relativePath: r.relativePath, reason: r.skipped! })),
    ...reports.filter((r) => r.notRun).map((r) => ({ relativePath: r.relativePath, reason: `partly analysed: ${r.notRun!.reason}` })),
  ];

  const lesson = (id: string) => lessonLink(ruleset, id);
  let output: string;
  if (format === 'sarif') {
    output = `${safeJson(toSarif(reports, {
      root, version: VERSION, metas: ruleset.allMetas(),
      helpUri: (id) => ruleset.teamLesson(id), helpMarkdown: lessonMarkdown, skipped,
    }))}\n`;
  } else if (format === 'json') {
    output = `${safeJson(gateJson(toJson(reports, skipped, VERSION, lesson), gated.baselined, baseline, selection))}\n`;
  } else {
    const colour = !outFile && useColour(io.stdoutIsTTY === true, env);
    output = toText(reports, skipped, { scanned: reports.length, style: colour ? COLOUR : PLAIN, quiet, verbose, lessonLink: lesson })
      + (quiet ? '' : gateNote(gated.baselined, selection, flags));
  }
  if (outFile) await writeReport(io.cwd, outFile, output);
  else io.stdout(output);
  for (const r of reports) for (const e of r.ruleErrors) io.stderr(`warden: rule ${e.ruleId} failed on ${printable(r.relativePath)}: ${printable(e.error)}\n`);
  if (countFindings(reports) > 0) return 1;
  if (reports.length === 0 && !selection && !flags.has('--allow-empty')) {
    // A typo in a CI path must not pass as "no findings". The report above still lists what was skipped.
    // (A git selection may rightly be empty: a commit that only deletes files.)
    const walked = await walking;
    const why = walked.files.length > 0
      ? `all ${walked.files.length} file(s) there are in the team ruleset's ignorePaths`
      : walked.skipped.length > 0
        ? `${walked.skipped.length} entry(ies) there were skipped, as the report lists`
        : 'no file there is one Warden reads (the folder is empty, or holds only what .gitignore or the default excludes leave out: node_modules/, dist/, build/, minified, binary and lock files)';
    io.stderr(`warden: nothing to scan in ${named.map(printable).join(', ')}: ${why}. Pass --allow-empty if an empty scan is expected.\n`);
    return 2;
  }
  if (skipped.length > 0 && (flags.has('--fail-on-skipped') || rulesetConfig.failOnSkipped)) {
    io.stderr(`warden: ${skipped.length} path(s) were not fully analysed (see "skipped" in the report); failing because of ${flags.has('--fail-on-skipped') ? '--fail-on-skipped' : 'failOnSkipped in the team ruleset'}.\n`);
    return 3;
  }
  return 0;
}

/** A rule's lesson: the team's page when the ruleset maps one, else the lesson shipped with Warden (a file URL). */
function lessonLink(ruleset: Ruleset, ruleId: string): string | undefined {
  const team = ruleset.teamLesson(ruleId);
  if (team) return team;
  const file = join(bundledLessonsDir(), `${ruleId}.md`);
  return existsSync(file) ? pathToFileURL(file).toString() : undefined;
}

/** The scan's cache: its file read, for this build, Node, ruleset and size limit (see cache.ts). */
async function openCache(file: string, rulesetConfig: RulesetConfig, ruleset: Ruleset, maxFileSize: number, env: Record<string, string | undefined>): Promise<ScanCache> {
  const folder = statOrNone(dirname(file));
  if (!folder?.isDirectory()) throw new UsageError(`cannot keep the cache in ${file}: the folder ${dirname(file)} does not exist. Create it first, or name another --cache-location.`);
  const identity = cacheIdentity({ version: VERSION, rulesetConfig, maxFileSize, script: __filename, env });
  return ScanCache.open(file, identity, ruleset.fingerprintKey);
}

/** Fails before the scan when `--output` names a folder that does not exist (or is not a folder). */
async function checkOutputFolder(cwd: string, file: string): Promise<void> {
  const folder = dirname(resolve(cwd, file));
  const s = statOrNone(folder);
  if (!s) throw new UsageError(`cannot write the report to ${file}: the folder ${folder} does not exist. Create it first, or name another --output path.`);
  if (!s.isDirectory()) throw new UsageError(`cannot write the report to ${file}: ${folder} is not a folder.`);
}

/**
 * `path`'s stat, or undefined when it cannot be had. Synchronous, as the scan's other reads: `node:fs/promises`
 * is loaded only where it is called (scripts/build.mjs, `lazyFsPromises`).
 */
function statOrNone(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function countFindings(reports: FileReport[]): number {
  return reports.reduce((n, r) => n + r.findings.length, 0);
}

function numberFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, not "${String(raw)}".`);
  return n;
}

/** `--ruleset FILE|URL`, else `.warden/ruleset.yaml|.yml|.json` in the current folder (with all it extends), else the defaults. */
export async function resolveRulesetConfig(cwd: string, explicit: string | undefined, trusted = false): Promise<RulesetConfig> {
  return cliConfig(cwd, explicit, trusted);
}

/** Which JavaScript/TypeScript parser this installation uses, and why the ones before it did not load. */
function describeParser(): string {
  try {
    const { description, notLoaded, transfer } = parserInUse();
    return `parser: ${description}${transfer?.why ? ` (no raw transfer: ${transfer.why})` : ''}${notLoaded.length ? ` (not loaded: ${notLoaded.join('; ')})` : ''}`;
  } catch (error) {
    return `parser: none loads (${error instanceof Error ? error.message : String(error)}); JavaScript and TypeScript get text rules only`;
  }
}
