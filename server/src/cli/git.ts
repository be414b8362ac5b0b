import { stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { IgnoreFile } from '../engine/glob';
import { DEFAULT_EXCLUDES, UsageError, type WalkEntry } from './walk';

/**
 * Git as the CLI needs it: which files and lines a commit (or a branch since a ref) changes, and the
 * text git would commit. Git is run as a child process with the options that make its output the
 * same whatever the user's configuration (no colour, no external diff or textconv, fixed prefixes,
 * no quoting of non-ASCII paths). Nothing here touches the network.
 */

/** Options that pin git's diff output, whatever `diff.*` / `color.*` configuration the repository has. */
const DIFF_OPTIONS = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '--src-prefix=a/', '--dst-prefix=b/'];

export class GitError extends UsageError {}

/** Runs git in `cwd` and returns its standard output; a failure becomes a GitError with git's own message. */
export function git(cwd: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = childProcess().spawn('git', ['-c', 'core.quotePath=false', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(new GitError(error.code === 'ENOENT' ? 'git is not installed or not on PATH.' : `cannot run git: ${error.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolvePromise(Buffer.concat(out));
      else reject(new GitError(`git ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim() || `exit code ${code}`}`));
    });
    child.stdin.on('error', () => undefined); // git may exit before reading all input
    child.stdin.end(input);
  });
}

/**
 * `node:child_process`, loaded on first use: a scan of a folder never runs git, and the module (with what
 * it loads) cost the CLI's main thread 2–4 ms before its walk.
 */
export function childProcess(): typeof import('node:child_process') {
  return require('node:child_process') as typeof import('node:child_process');
}

/** The work tree's top folder, or a clear error outside a repository. */
export async function topLevel(cwd: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) {
      throw new GitError('--staged, --since and --history need a git repository, and this folder is not in one.');
    }
    throw error;
  }
}

/** A file a diff adds or modifies, with the new-side line numbers (1-based) it adds or changes. */
export interface ChangedFile {
  /** Path relative to the repository's top folder, `/`-separated. */
  path: string;
  /** Blob of the new side when git has it (the index for --staged); undefined means the work tree. */
  blob?: string;
  lines: Set<number>;
}

const ZERO_OID = /^0+$/;

/**
 * Files and lines the diff `args` adds or changes (deleted files are left out; a renamed file keeps
 * only the lines it changed). `args` selects the sides, e.g. `['--cached', 'HEAD']`.
 */
export async function changedFiles(cwd: string, args: string[], pathspecs: string[]): Promise<ChangedFile[]> {
  const common = ['-M', '--diff-filter=ACMRT', ...DIFF_OPTIONS, ...args, '--', ...pathspecs];
  const [raw, patch] = await Promise.all([
    git(cwd, ['diff', '--raw', '-z', '--abbrev=64', ...common]),
    git(cwd, ['diff', '-U0', ...common]),
  ]);
  const files = new Map<string, ChangedFile>();
  // --raw -z: ":old-mode new-mode old-oid new-oid STATUS\0path\0" (renames and copies: two paths).
  const fields = raw.toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length;) {
    const meta = fields[i++]!.replace(/^:/, '').split(' ');
    const status = meta[4] ?? '';
    if (status.startsWith('R') || status.startsWith('C')) i++;
    const path = fields[i++]!;
    const oid = meta[3] ?? '';
    files.set(path, { path, blob: ZERO_OID.test(oid) ? undefined : oid, lines: new Set() });
  }
  for (const { path, lines } of addedLines(patch.toString('utf8'))) {
    const file = files.get(path);
    if (file) for (const l of lines) file.lines.add(l);
  }
  return [...files.values()];
}

/** New-side line numbers of every hunk in a `git diff -U0` patch, by new path. */
export function addedLines(patch: string): { path: string; lines: number[] }[] {
  const result: { path: string; lines: number[] }[] = [];
  let current: { path: string; lines: number[] } | undefined;
  let inHeader = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      inHeader = true;
      current = undefined;
    } else if (inHeader && line.startsWith('+++ ')) {
      const name = unquoteGitPath(line.slice(4));
      current = name === '/dev/null' ? undefined : { path: name.replace(/^b\//, ''), lines: [] };
      if (current) result.push(current);
    } else if (line.startsWith('@@ ')) {
      inHeader = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (m && current) {
        const start = Number(m[1]);
        const count = m[2] === undefined ? 1 : Number(m[2]);
        for (let l = start; l < start + count; l++) current.lines.push(l);
      }
    }
  }
  return result;
}

/** Undoes git's C-style quoting of a path (`"a\tb"`, octal escapes for bytes); plain paths pass through. */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Reads blobs by object id in one `git cat-file --batch`, returning their text by id. */
export async function readBlobs(cwd: string, oids: string[]): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  if (oids.length === 0) return result;
  const out = await git(cwd, ['cat-file', '--batch'], `${oids.join('\n')}\n`);
  let at = 0;
  for (const oid of oids) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString('utf8').split(' ');
    if (header[1] === 'missing' || header.length < 3) throw new GitError(`git has no object ${oid}.`);
    const size = Number(header[2]);
    result.set(oid, out.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return result;
}

/** What `--staged` or `--since REF` selects: files (with their text when it comes from git) and changed lines. */
export interface GitSelection {
  files: WalkEntry[];
  /** Changed line numbers (1-based) by the file's path relative to the scan's folder. */
  lines: Map<string, Set<number>>;
  /** Files in the diff with no added line (pure renames, deletions only) or excluded by default: not analysed. */
  unchanged: number;
}

/**
 * `--staged`: the files the next commit adds or changes, with their text from the index (as git
 * would commit it, not as the work tree has it), and the lines the commit adds or changes.
 * `--since REF`: the files changed between the merge base of REF and HEAD and the work tree,
 * and the lines changed.
 */
export async function gitSelection(cwd: string, mode: { staged: true } | { since: string }, pathspecs: string[]): Promise<GitSelection> {
  let diffArgs: string[];
  let top: string;
  let changed: ChangedFile[];
  if ('staged' in mode) {
    // The index against HEAD (before the first commit, against nothing: everything staged is new).
    // The top folder is asked for at the same time: each git call costs a process start.
    [top, changed] = await Promise.all([topLevel(cwd), changedFiles(cwd, ['--cached'], pathspecs)]);
  } else {
    top = await topLevel(cwd);
    if (mode.since.startsWith('-')) throw new UsageError(`--since needs a git ref such as origin/main, not "${mode.since}".`);
    const base = await git(cwd, ['merge-base', mode.since, 'HEAD']).catch((error: unknown) => {
      throw new GitError(`--since ${mode.since}: no common ancestor with HEAD (is the ref fetched? in CI, fetch the base branch or use a full clone). ${error instanceof Error ? error.message : ''}`.trim());
    });
    diffArgs = [base.toString('utf8').trim()];
    changed = await changedFiles(cwd, diffArgs, pathspecs);
  }
  // The folder walk's default excludes (dependencies, build output, lock files, minified code) apply here too.
  const excluded = new IgnoreFile(DEFAULT_EXCLUDES);
  const withLines = changed.filter((f) => f.lines.size > 0 && !excluded.ignoresFileOrFolder(f.path));
  const blobs = await readBlobs(cwd, withLines.flatMap((f) => (f.blob ? [f.blob] : [])));
  const files: WalkEntry[] = [];
  const lines = new Map<string, Set<number>>();
  for (const f of withLines) {
    const absolute = join(top, ...f.path.split('/'));
    const relativePath = relative(resolve(cwd), absolute).split(sep).join('/');
    const blob = f.blob ? blobs.get(f.blob) : undefined;
    const entry: WalkEntry = blob ? { path: absolute, relativePath, size: blob.length, text: blob.toString('utf8') } : { path: absolute, relativePath, size: 0 };
    if (!blob) {
      // From the work tree: its size decides --max-file-size, as in a folder scan.
      entry.size = (await stat(absolute).catch(() => undefined))?.size ?? 0;
    }
    files.push(entry);
    lines.set(relativePath, f.lines);
  }
  return { files, lines, unchanged: changed.length - withLines.length };
}
