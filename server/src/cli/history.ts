import { randomBytes } from 'node:crypto';
import { IgnoreFile } from '../engine/glob';
import { analyze } from '../engine/engine';
import { compileRuleset, type RulesetConfig } from '../engine/ruleset';
import { LineIndex } from '../engine/lines';
import type { Finding } from '../engine/types';
import { BUILTIN_CATALOG } from '../rules';
import { childProcess, GitError, topLevel, unquoteGitPath } from './git';
import { DEFAULT_EXCLUDES, UsageError } from './walk';
import { printable } from './terminal';

/** One secret found in history: where it was first committed, masked, and how often it came back. */
export interface HistoryFinding {
  /** Full commit id of the oldest commit that adds it. */
  commit: string;
  /** Author date of that commit, ISO 8601 with the author's offset. */
  date: string;
  /** Path at that commit, relative to the repository's top folder. */
  path: string;
  /** 1-based line and column in the file as of that commit. */
  line: number;
  column: number;
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  secret?: { masked: string; kind: string };
  fingerprint: string;
  /** Commits that add this same secret for this rule (1 = only the first). */
  commits: number;
}

export interface HistoryScan {
  findings: HistoryFinding[];
  commits: number;
  /** Added-line chunks (one file in one commit) analysed. */
  chunks: number;
}

export interface HistoryOptions {
  rulesetConfig: RulesetConfig;
  maxFileSize: number;
  /** Called after each commit, for progress. */
  onCommit?: (commits: number) => void;
}

/**
 * The rules that look for secrets, and only those: the credential text rules and the team's custom
 * rules. A commit's added lines are fragments of files, so AST rules (which need a whole file to
 * parse) and rules about code patterns do not apply; a secret is a secret in any fragment.
 */
function historyRuleset(config: RulesetConfig) {
  const textRules = BUILTIN_CATALOG.textRules.filter((r) => r.category === 'credentials');
  // One finding per secret needs fingerprints that follow the secret (a keyed hash), not its line: the
  // workspace's key when it has one, else a key for this run only (its fingerprints mean nothing later).
  return compileRuleset({ ...config, fingerprintKey: config.fingerprintKey ?? randomBytes(32).toString('hex') }, { astRules: [], textRules });
}

/**
 * `git log -p` over `range` (everything reachable from HEAD by default), streamed: each commit's added
 * lines, file by file, are analysed as one text with the file's path. Merge commits add nothing of
 * their own (git shows no patch for them), so each secret is seen in the commit that introduced it.
 * One finding is kept per secret and rule (its fingerprint): the oldest commit, with a count.
 */
export async function scanHistory(cwd: string, range: string | undefined, options: HistoryOptions): Promise<HistoryScan> {
  await topLevel(cwd);
  if (range?.startsWith('-')) throw new UsageError(`--history takes a revision range such as main..feature or v1.0..HEAD, not "${range}".`);
  const ruleset = historyRuleset(options.rulesetConfig);
  const excluded = new IgnoreFile(DEFAULT_EXCLUDES);
  const byFingerprint = new Map<string, HistoryFinding>();
  let commits = 0;
  let chunks = 0;
  let commit = '';
  let date = '';
  let path: string | undefined;
  let inHeader = false;
  let nextLine = 0;
  let added: string[] = [];
  let lineNumbers: number[] = [];

  const flush = () => {
    if (path !== undefined && added.length > 0 && !excluded.ignoresFileOrFolder(path) && !ruleset.isIgnored(path)) {
      chunks++;
      const text = added.join('\n');
      const result = analyze({ text, path }, ruleset, { maxFileSize: options.maxFileSize });
      if (result.findings.length > 0) {
        const lines = new LineIndex(text);
        for (const f of result.findings) {
          const at = lines.positionAt(f.start);
          const record: HistoryFinding = {
            commit, date, path, line: lineNumbers[at.line] ?? 0, column: at.character + 1,
            ruleId: f.ruleId, severity: f.severity, message: f.message, secret: f.secret, fingerprint: f.fingerprint, commits: 1,
          };
          // git log lists newest first: a later sighting is an older commit, which becomes the one shown.
          const key = `${f.ruleId}\0${f.fingerprint}`;
          const seen = byFingerprint.get(key);
          if (!seen) byFingerprint.set(key, record);
          else if (seen.commit !== commit) byFingerprint.set(key, { ...record, commits: seen.commits + 1 });
        }
      }
    }
    added = [];
    lineNumbers = [];
  };

  const args = [
    '-c', 'core.quotePath=false', 'log', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative',
    '--src-prefix=a/', '--dst-prefix=b/', '--format=commit %H %aI', ...(range ? [range] : []), '--',
  ];
  const child = childProcess().spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (error) => reject(new GitError(`cannot run git: ${error.message}`)));
    child.on('close', (code) => resolve(code ?? 1));
  });
  // `node:readline` on first use, as `childProcess`.
  const lines = (require('node:readline') as typeof import('node:readline')).createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of lines) {
    const c = line.charCodeAt(0);
    if (c === 43 /* + */ && !inHeader) {
      if (path !== undefined) {
        added.push(line.slice(1));
        lineNumbers.push(nextLine++);
      }
    } else if (c === 64 /* @ */ && line.startsWith('@@ ')) {
      inHeader = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(line);
      nextLine = m ? Number(m[1]) : 0;
    } else if (line.startsWith('diff --git ')) {
      flush();
      path = undefined;
      inHeader = true;
    } else if (inHeader && line.startsWith('+++ ')) {
      const name = unquoteGitPath(line.slice(4));
      path = name === '/dev/null' ? undefined : name.replace(/^b\//, '');
    } else if (line.startsWith('commit ')) {
      // Never a header line nor, with -U0, a hunk line (those start with +, - or \): always a new commit,
      // even after a file with no hunk (binary, mode change only, pure rename).
      flush();
      path = undefined;
      inHeader = false;
      const [, id, when] = line.split(' ');
      commit = id ?? '';
      date = when ?? '';
      commits++;
      options.onCommit?.(commits);
    }
  }
  flush();
  const code = await exited;
  if (code !== 0) {
    if (/does not have any commits|unknown revision|bad revision|ambiguous argument/i.test(stderr)) {
      throw new GitError(`--history ${range ?? ''}: ${stderr.trim().split('\n')[0]}`.replace(/\s+:/, ':'));
    }
    throw new GitError(`git log failed: ${stderr.trim() || `exit code ${code}`}`);
  }
  const findings = [...byFingerprint.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line);
  return { findings, commits, chunks };
}


/** The report for people: one line per secret, then why each one must be rotated. */
export function historyText(scan: HistoryScan, range: string | undefined): string {
  const out: string[] = [];
  if (scan.findings.length === 0) {
    return `No secrets in the added lines of ${scan.commits} commit(s)${range ? ` in ${range}` : ''}.\n`;
  }
  const rows = scan.findings.map((f) => [
    f.commit.slice(0, 12), f.date.slice(0, 10), `${printable(f.path)}:${f.line}:${f.column}`, f.ruleId,
    f.secret?.masked ?? '', f.commits > 1 ? `(added again in ${f.commits - 1} later commit(s))` : '',
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) out.push(r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  out.push('');
  out.push(`${scan.findings.length} secret(s) in the history of ${scan.commits} commit(s)${range ? ` in ${range}` : ''}.`);
  out.push('Each one stays in the repository\'s history, and in every clone and fork, even after the line is removed:');
  out.push('rotate it (revoke it where it was issued and use a new one), then remove it from the code. Rewriting history does not un-leak it.');
  return `${out.join('\n')}\n`;
}

/** Machine-readable history report. */
export function historyJson(scan: HistoryScan, range: string | undefined, version: string): unknown {
  return {
    tool: 'warden', version, mode: 'history', range: range ?? 'HEAD',
    summary: { commits: scan.commits, secrets: scan.findings.length },
    advice: 'Every secret listed stays in the git history even after removal: rotate it.',
    findings: scan.findings,
  };
}
