import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Finding } from '../engine/types';
import { UsageError } from './walk';

/**
 * A baseline: the findings a team accepted on the day it adopted Warden, so that CI and the editor
 * can tell new findings from old ones. Each entry is a finding's fingerprint (a hash of its rule and
 * matched content, never the secret), its rule and its file, with how many such findings the file
 * had. Line numbers are left out on purpose: they change with every unrelated edit.
 *
 * Matching is the way code-scanning matches alerts: fingerprint + rule + path, with counts, so the
 * same snippet twice in a file is two entries' worth, and a third copy is new.
 */
export interface BaselineFile {
  warden: 'baseline';
  version: 1;
  findings: BaselineEntry[];
}

export interface BaselineEntry {
  /** Relative to the baseline's root (see `baselineRoot`), `/`-separated. */
  path: string;
  ruleId: string;
  fingerprint: string;
  count: number;
}

/** Where a workspace keeps its baseline unless the team ruleset names another file. */
export const DEFAULT_BASELINE = '.warden/baseline.json';

/**
 * The folder a baseline's paths are relative to: the project folder for a baseline inside `.warden/`
 * (where it sits next to the team ruleset), else the baseline's own folder.
 */
export function baselineRoot(file: string): string {
  const dir = dirname(resolve(file));
  return basename(dir) === '.warden' ? dirname(dir) : dir;
}

/** `path` (absolute) as the baseline records it. */
export function baselinePath(file: string, path: string): string {
  return relative(baselineRoot(file), path).split(sep).join('/');
}

/** Builds a baseline from findings by absolute file path; the result is sorted, so it diffs cleanly. */
export function makeBaseline(file: string, findings: { path: string; findings: Pick<Finding, 'ruleId' | 'fingerprint'>[] }[]): BaselineFile {
  const counts = new Map<string, BaselineEntry>();
  for (const r of findings) {
    const path = baselinePath(file, r.path);
    for (const f of r.findings) {
      const key = `${path}\0${f.ruleId}\0${f.fingerprint}`;
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { path, ruleId: f.ruleId, fingerprint: f.fingerprint, count: 1 });
    }
  }
  const entries = [...counts.values()].sort((a, b) => cmp(a.path, b.path) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint));
  return { warden: 'baseline', version: 1, findings: entries };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses a baseline's text, or throws a UsageError that says what is wrong and where. */
export function parseBaseline(text: string, file: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`baseline ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); write it again with "warden baseline".`);
  }
  const d = data as Partial<BaselineFile> | null;
  if (!d || typeof d !== 'object' || d.warden !== 'baseline' || !Array.isArray(d.findings)) {
    throw new UsageError(`${file} is not a Warden baseline (expected {"warden": "baseline", "version": 1, "findings": [...]}); write one with "warden baseline".`);
  }
  if (d.version !== 1) throw new UsageError(`baseline ${file} has version ${String(d.version)}; this Warden reads version 1. Update Warden or write the baseline again.`);
  d.findings.forEach((e, i) => {
    const ok = e && typeof e.path === 'string' && typeof e.ruleId === 'string' && typeof e.fingerprint === 'string'
      && Number.isInteger(e.count) && e.count >= 1;
    if (!ok) throw new UsageError(`baseline ${file}: entry ${i} needs path, ruleId, fingerprint (strings) and count (a whole number of at least 1).`);
  });
  return d as BaselineFile;
}

/** Reads and parses a baseline file; a missing or unreadable file is a clear error. */
export function readBaseline(file: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT'
      ? `baseline ${file} does not exist; write it with "warden baseline".`
      : `cannot read baseline ${file} (${code ?? String(error)}).`);
  }
  return parseBaseline(text, file);
}

/**
 * Answers "is this finding in the baseline?" for the findings of one scan. Each entry covers as many
 * findings as its count, taken in the order they are asked about (file order, then position), so the
 * first copies of a snippet are old and any extra copy is new.
 */
export class BaselineMatcher {
  private readonly budget = new Map<string, number>();

  constructor(readonly file: string, baseline: BaselineFile) {
    for (const e of baseline.findings) {
      const key = `${e.path}\0${e.ruleId}\0${e.fingerprint}`;
      this.budget.set(key, (this.budget.get(key) ?? 0) + e.count);
    }
  }

  /**
   * Which of one file's findings (`path` absolute) the baseline covers, without using entries up:
   * the editor asks about the same document again after every edit.
   */
  covers(path: string, findings: readonly Pick<Finding, 'ruleId' | 'fingerprint'>[]): boolean[] {
    const where = baselinePath(this.file, path);
    const used = new Map<string, number>();
    return findings.map((f) => {
      const key = `${where}\0${f.ruleId}\0${f.fingerprint}`;
      const n = used.get(key) ?? 0;
      if (n >= (this.budget.get(key) ?? 0)) return false;
      used.set(key, n + 1);
      return true;
    });
  }

  /** Which of one file's findings (`path` absolute) the baseline covers; each entry is used up as it matches. */
  take(path: string, findings: readonly Pick<Finding, 'ruleId' | 'fingerprint'>[]): boolean[] {
    const where = baselinePath(this.file, path);
    return findings.map((f) => {
      const key = `${where}\0${f.ruleId}\0${f.fingerprint}`;
      const left = this.budget.get(key) ?? 0;
      if (left === 0) return false;
      this.budget.set(key, left - 1);
      return true;
    });
  }
}

/** Splits each file's findings into new ones and baselined ones. */
export function applyBaseline<R extends { relativePath: string; findings: Finding[] }>(
  reports: R[], cwd: string, baseline: BaselineMatcher,
): { reports: R[]; baselined: number } {
  let baselined = 0;
  const kept = reports.map((r) => {
    const covered = baseline.take(resolve(cwd, r.relativePath), r.findings);
    const findings = r.findings.filter((_, i) => !covered[i]);
    baselined += r.findings.length - findings.length;
    return { ...r, findings };
  });
  return { reports: kept, baselined };
}
