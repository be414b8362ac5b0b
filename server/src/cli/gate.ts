import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { compileRuleset, type RulesetConfig } from '../engine/ruleset';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/skip';
import type { LoadedRuleset } from '../ruleset/load';
import { createFingerprintKey, readFingerprintKey } from '../ruleset/fingerprintKey';
import { BUILTIN_CATALOG } from '../rules';
import { parseArgs } from './args';
import { applyBaseline, BaselineMatcher, DEFAULT_BASELINE, makeBaseline, readBaseline } from './baseline';
import type { CliIO } from './cli';
import { gitSelection, type GitSelection } from './git';
import { historyJson, historyText, scanHistory } from './history';
import { cliRuleset, TRUST_SWITCH, workspaceTrusted } from './rulesetCommands';
import { scanFiles, type FileReport } from './scan';
import { UsageError, walk, type WalkResult } from './walk';
import { safeJson } from './terminal';

/**
 * What the CI and git options add to `warden scan`: which files (`--staged`, `--since REF`), which
 * lines of them count, and which findings are old (`--baseline FILE`). `cli.ts` only dispatches here.
 */

type Flags = Map<string, string | true>;

/**
 * What a scan of `cwd` runs with: the loaded ruleset and the workspace's fingerprint key (as the
 * editor does), so that the CLI, the hook and the editor compute the same fingerprints.
 */
export function scanConfig(loaded: LoadedRuleset | undefined, cwd: string): RulesetConfig {
  const config = loaded?.config ?? {};
  const fingerprintKey = readFingerprintKey(cwd);
  return fingerprintKey ? { ...config, fingerprintKey } : config;
}

/** `--staged` / `--since REF`: the files to analyse and the lines that count, or undefined for a plain scan. */
export async function gitTargets(cwd: string, positional: string[], flags: Flags): Promise<GitSelection | undefined> {
  const staged = flags.has('--staged');
  const since = flags.get('--since') as string | undefined;
  if (staged && since) throw new UsageError('--staged and --since cannot be combined: --staged scans the next commit, --since a branch\'s changes.');
  if (!staged && since === undefined) return undefined;
  return gitSelection(cwd, staged ? { staged: true } : { since: since! }, positional);
}

export function walkOf(selection: GitSelection): WalkResult {
  return { files: selection.files, skipped: [] };
}

/**
 * The baseline a scan compares with: `--baseline FILE`, else the one the team ruleset names (only if
 * that file exists: a ruleset can name it before anyone has written it).
 */
export function scanBaseline(cwd: string, flags: Flags, loaded: LoadedRuleset | undefined): BaselineMatcher | undefined {
  const explicit = flags.get('--baseline') as string | undefined;
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    return new BaselineMatcher(file, readBaseline(file));
  }
  if (loaded?.baseline) {
    try {
      return new BaselineMatcher(loaded.baseline, readBaseline(loaded.baseline));
    } catch (error) {
      if (error instanceof UsageError && /does not exist/.test(error.message)) return undefined;
      throw error;
    }
  }
  return undefined;
}

/**
 * Leaves out findings the baseline covers (matched over whole files, so an old copy of a snippet
 * does not pass as new when a new copy is added), then findings outside the changed lines.
 */
export function gateReports(reports: FileReport[], cwd: string, baseline: BaselineMatcher | undefined, selection: GitSelection | undefined): { reports: FileReport[]; baselined: number } {
  let result = { reports, baselined: 0 };
  if (baseline) result = applyBaseline(reports, cwd, baseline);
  if (selection) {
    result.reports = result.reports.map((r) => {
      const lines = selection.lines.get(r.relativePath);
      if (!lines) return r;
      return {
        ...r,
        findings: r.findings.filter((f) => {
          // Only a finding's start and end offsets have positions here; an end at a line's first column belongs to the line before.
          const first = r.lines.positionAt(f.start).line + 1;
          const end = r.lines.positionAt(f.end);
          const last = Math.max(first, end.line + (end.character === 0 && f.end > f.start ? 0 : 1));
          for (let l = first; l <= last; l++) if (lines.has(l)) return true;
          return false;
        }),
      };
    });
  }
  return result;
}

/** The line a text report ends with when a baseline or a git selection narrowed it. */
export function gateNote(baselined: number, selection: GitSelection | undefined, flags: Flags): string {
  const parts: string[] = [];
  if (selection) {
    const what = flags.has('--staged') ? 'staged changes' : `changes since ${String(flags.get('--since'))}`;
    parts.push(`Scanned the lines added or changed in ${what} (${selection.files.length} file(s)).`);
  }
  if (baselined > 0) parts.push(`${baselined} finding(s) in the baseline not shown.`);
  return parts.length > 0 ? `${parts.join(' ')}\n` : '';
}

/** The JSON report's summary, with what a baseline left out and which git selection was scanned. */
export function gateJson(report: unknown, baselined: number, baseline: BaselineMatcher | undefined, selection: GitSelection | undefined): unknown {
  const r = report as { summary?: Record<string, unknown> };
  if (r.summary && baseline) r.summary.baselined = baselined;
  if (r.summary && selection) r.summary.changedLinesOnly = true;
  return report;
}

/** `warden scan --history [RANGE]`: secrets in every commit's added lines. */
export async function historyScanCommand(positional: string[], flags: Flags, io: CliIO, opts: { rulesetConfig: RulesetConfig; maxFileSize: number; format: string; version: string }): Promise<number> {
  if (positional.length > 1) throw new UsageError('--history takes at most one revision range, e.g. "warden scan --history main..feature".');
  for (const f of ['--staged', '--since', '--baseline']) if (flags.has(f)) throw new UsageError(`--history cannot be combined with ${f}.`);
  if (opts.format === 'sarif') throw new UsageError('--history reports as text or json (SARIF locates findings in the current files, and these may be gone).');
  const range = positional[0];
  const scan = await scanHistory(io.cwd, range, { rulesetConfig: opts.rulesetConfig, maxFileSize: opts.maxFileSize });
  const output = opts.format === 'json' ? `${safeJson(historyJson(scan, range, opts.version))}\n` : historyText(scan, range);
  const outFile = flags.get('--output') as string | undefined;
  if (outFile) await writeFile(resolve(io.cwd, outFile), output);
  else io.stdout(output);
  return scan.findings.length > 0 ? 1 : 0;
}

const BASELINE_USAGE = `Usage: warden baseline [paths...] [--output FILE] [--ruleset FILE] [--max-file-size KB] [--trust-workspace]

Writes today's findings to a baseline file (default: the file the team ruleset names under "baseline",
else .warden/baseline.json), by fingerprint, rule and file: never a secret, never a line number.
Then "warden scan --baseline FILE" reports and fails only on findings that are not in it, and the
editor shows baselined findings quieter. Run it again to accept the current findings.
`;

/** `warden baseline`: scans like `warden scan` and writes every finding to the baseline; exit 0. */
export async function baselineCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, ['--output', '--ruleset', '--max-file-size'], ['--help', '-h', TRUST_SWITCH]);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout(BASELINE_USAGE);
    return 0;
  }
  const kb = flags.has('--max-file-size') ? Number(flags.get('--max-file-size')) : DEFAULT_MAX_FILE_SIZE / 1024;
  if (!Number.isFinite(kb) || kb <= 0) throw new UsageError(`--max-file-size must be a positive number, not "${String(flags.get('--max-file-size'))}".`);
  const loaded = await cliRuleset(io.cwd, flags.get('--ruleset') as string | undefined, workspaceTrusted(flags));
  // Without a fingerprint key, a credential's fingerprint is its line with the secret cut out, so a
  // different secret put on the same line would pass as baselined: the baseline needs the key.
  let createdKey: string | undefined;
  if (!readFingerprintKey(io.cwd)) createdKey = createFingerprintKey(io.cwd);
  const rulesetConfig = scanConfig(loaded, io.cwd);
  const ruleset = compileRuleset(rulesetConfig, BUILTIN_CATALOG);
  const output = flags.get('--output') as string | undefined;
  const file = output !== undefined ? resolve(io.cwd, output) : loaded?.baseline ?? resolve(io.cwd, DEFAULT_BASELINE);
  const walking = walk(io.cwd, positional.length > 0 ? positional : ['.']);
  const files = walking.then((w) => w.files.filter((f) => !ruleset.isIgnored(f.relativePath)));
  const reports = await scanFiles(files, { rulesetConfig, ruleset, maxFileSize: kb * 1024 });
  const baseline = makeBaseline(file, reports.map((r) => ({ path: resolve(io.cwd, r.relativePath), findings: r.findings })));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
  const total = baseline.findings.reduce((n, e) => n + e.count, 0);
  const withFindings = new Set(baseline.findings.map((e) => e.path)).size;
  io.stdout(`Wrote ${total} finding(s) in ${withFindings} of ${reports.length} file(s) to ${relative(io.cwd, file) || file}.\n`
    + (createdKey ? `Created the fingerprint key ${relative(io.cwd, createdKey)}, so a secret replaced by another on the same line counts as new; commit it with the baseline.\n` : '')
    + 'Commit it; "warden scan --baseline" then fails only on new findings. It holds fingerprints, never secrets.\n');
  return 0;
}
