import { readdirSync, readFileSync, stat as statByCallback, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { IgnoreFile } from '../engine/glob';
import { sortByName } from '../engine/collate';

/**
 * Folders and files no scan wants: dependencies, VCS data, build output, minified and vendored code.
 * Yarn Berry keeps its own release bundle, plugins and package cache in the repository
 * (`.yarn/releases/yarn-4.x.cjs`, 3 MB of Yarn's code): dependencies like `node_modules/`, so left out too.
 */
export const DEFAULT_EXCLUDES = [
  'node_modules/', '.git/', '.hg/', '.svn/', 'dist/', 'build/', 'out/', 'coverage/', '.next/', '.nuxt/', 'target/',
  'vendor/', 'bower_components/', '.venv/', 'venv/', '__pycache__/', '.terraform/', '.vscode-test/',
  '.yarn/releases/', '.yarn/plugins/', '.yarn/cache/', '.yarn/unplugged/', '.pnp.cjs', '.pnp.loader.mjs',
  '*.min.js', '*.min.css', '*.map', '*.lock', 'package-lock.json',
  '*.png', '*.jpg', '*.jpeg', '*.gif', '*.ico', '*.webp', '*.pdf', '*.zip', '*.gz', '*.tgz', '*.jar', '*.class',
  '*.so', '*.dll', '*.exe', '*.woff', '*.woff2', '*.ttf', '*.mp4', '*.mp3', '*.vsix',
  // `warden scan --cache`'s file (cache.ts DEFAULT_CACHE_FILE).
  '.wardencache',
];

export interface WalkEntry {
  /** Absolute path. */
  path: string;
  /** Path relative to the scan root, `/`-separated. */
  relativePath: string;
  size: number;
  /** The text itself, when it does not come from the file system (e.g. from git's index). */
  text?: string;
}

export interface WalkResult {
  files: WalkEntry[];
  skipped: { relativePath: string; reason: string }[];
  /** True when `isCancelled` answered true: the lists hold what was walked until then. */
  cancelled?: boolean;
}

export interface WalkOptions {
  /** More patterns in `.gitignore` syntax, relative to the root. */
  extraIgnores?: string[];
  /** Asked before each folder is read; once true, the walk reads no more folders. */
  isCancelled?: () => boolean;
  /**
   * Read folders and `.gitignore` files synchronously: for a caller whose thread has nothing else to do
   * meanwhile (`warden scan`'s main thread, whose workers analyse). Each asynchronous read is a
   * thread-pool round trip; on outline (359 folders, 2,620 files) the walk cost 196–207 ms of process
   * CPU that way and 176–197 ms read synchronously (Node 24). The same entries in the same order.
   */
  blocking?: boolean;
}

/**
 * Lists the files under `targets`, honouring `.gitignore` files (nested ones too) and the default
 * excludes. Symbolic links are never followed, so a link loop or a link out of the tree is harmless.
 */
export async function walk(root: string, targets: string[], options: WalkOptions = {}): Promise<WalkResult> {
  const result: WalkResult = { files: [], skipped: [] };
  const defaults = new IgnoreFile(DEFAULT_EXCLUDES);
  const extras = options.extraIgnores?.length ? new IgnoreFile(options.extraIgnores) : undefined;
  const isCancelled = options.isCancelled ?? (() => false);
  let cancelled = false;
  const rel = (p: string) => relativeBelow(root, p) || '.';

  /**
   * Lists `dir` into `out`. `fromRoot` is its path relative to `root` (undefined outside it), for the
   * extra ignores; `fromTarget` its path relative to the named target, for the default excludes.
   * A folder's subfolders are walked together, each into its own list joined in name order
   * afterwards: one awaited call after another cost a thread-pool round trip each, most of a walk's
   * time. Its files are stat'ed afterwards, as they are listed.
   */
  async function visit(dir: string, fromRoot: string | undefined, fromTarget: string, rules: { dir: string; ig: IgnoreFile }[], out: WalkResult): Promise<void> {
    // Each folder in its own microtask: read synchronously, the walk would otherwise recurse as deep as the
    // tree on one stack (2,100 nested folders overflowed it).
    if (options.blocking) await Promise.resolve();
    if (cancelled || (cancelled = isCancelled())) return;
    let entries;
    try {
      entries = options.blocking ? readdirSync(dir, { withFileTypes: true }) : await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      out.skipped.push({ relativePath: rel(dir), reason: code === 'ENAMETOOLONG' ? 'folder not read: its path is longer than the system allows (ENAMETOOLONG)' : `cannot read folder: ${code ?? error}` });
      return;
    }
    let scoped = rules;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const gitignore = childPath(dir, '.gitignore');
        scoped = [...rules, { dir, ig: new IgnoreFile(options.blocking ? readFileSync(gitignore, 'utf8') : await readFile(gitignore, 'utf8')) }];
      } catch {
        // An unreadable .gitignore ignores nothing; the scan goes on.
      }
    }
    const childRoot = (name: string) => (fromRoot === undefined ? undefined : fromRoot ? `${fromRoot}/${name}` : name);
    const childTarget = (name: string) => (fromTarget ? `${fromTarget}/${name}` : name);
    // `rel(full)`: under the root, its path from the root is known already (`childRoot`); outside it
    // (`warden scan ../other`), it is the folder's path from the root and the name, but where the
    // folder holds the root (`warden scan ..`).
    const outside = fromRoot === undefined ? pathFromOutside(root, dir) : undefined;
    const relativePath = (name: string, full: string) => childRoot(name) ?? (outside !== undefined ? `${outside}/${name}` : rel(full));
    // The default excludes apply below the named target (not to it), extra ignores relative to the
    // root; among .gitignore files the deepest one with a matching line decides (so a nested `!name`
    // re-includes), as in git. What each ignore file's lines know of this folder is worked out once
    // (`IgnoreFile.inFolder`): each entry then costs its own name only.
    const defaultsHere = defaults.inFolder(fromTarget || undefined);
    const extrasHere = extras && fromRoot !== undefined ? extras.inFolder(fromRoot || undefined) : undefined;
    const scopedHere = scoped.map(({ dir: d, ig }) => ignoreFileHere(d, ig, dir));
    const ignored = (name: string, isDir: boolean) => {
      if (defaultsHere(name, isDir) === true) return true;
      if (extrasHere?.(name, isDir) === true) return true;
      for (let i = scopedHere.length - 1; i >= 0; i--) {
        const decision = scopedHere[i]!(name, isDir);
        if (decision !== undefined) return decision;
      }
      return false;
    };
    const sorted = sortByName(entries, (e) => e.name);
    const folders = sorted.filter((e) => e.isDirectory() && !e.isSymbolicLink() && !ignored(e.name, true));
    const below = folders.map((): WalkResult => ({ files: [], skipped: [] }));
    await Promise.all(folders.map((e, i) => visit(childPath(dir, e.name), childRoot(e.name), childTarget(e.name), scoped, below[i]!)));
    // `folders` are in `sorted`'s order: `next` is the next one to meet.
    let next = 0;
    for (const entry of sorted) {
      if (entry.isDirectory()) {
        if (folders[next] === entry) {
          const { files, skipped } = below[next++]!;
          for (const f of files) out.files.push(f);
          for (const s of skipped) out.skipped.push(s);
        }
        continue;
      }
      const name = entry.name;
      if (ignored(name, false)) continue;
      const full = childPath(dir, name);
      if (!entry.isFile()) {
        // A symbolic link is never followed; reading a FIFO blocks forever and a device never ends: only regular files are read.
        out.skipped.push({ relativePath: relativePath(name, full), reason: entry.isSymbolicLink() ? 'symbolic link, not followed' : 'not a regular file (FIFO, socket or device), not read' });
        continue;
      }
      // Stat'ed synchronously: a few microseconds each, where an asynchronous stat per file cost a promise and
      // a thread-pool round trip (about half the walk's CPU on outline's 2,620 files).
      let size: number;
      try {
        size = statSync(full).size;
      } catch (reason) {
        out.skipped.push({ relativePath: relativePath(name, full), reason: `cannot read: ${(reason as NodeJS.ErrnoException).code ?? reason}` });
        continue;
      }
      out.files.push({ path: full, relativePath: relativePath(name, full), size });
    }
  }

  for (const target of targets) {
    const full = resolve(root, target);
    let s;
    try {
      s = await stat(full);
    } catch {
      throw new UsageError(`"${target}" does not exist. Pass folders or files to scan.`);
    }
    if (s.isDirectory()) {
      // The default excludes apply below a named folder, not to it: `warden scan node_modules/x`
      // or `warden scan dist` scans what it names (node_modules/x/node_modules/y is still left out).
      const fromRoot = relative(root, full).split(sep).join('/');
      await visit(full, fromRoot.startsWith('..') ? undefined : fromRoot, '', [], result);
    } else if (s.isFile()) result.files.push({ path: full, relativePath: rel(full), size: s.size });
    else result.skipped.push({ relativePath: rel(full), reason: 'not a regular file (FIFO, socket or device), not read' });
  }
  if (cancelled) result.cancelled = true;
  return result;
}

/**
 * `join(dir, name)` for a name `readdir` gave in `dir`, a path the walk made (absolute and normalized):
 * such a name has no separator and is never `.` or `..`, so there is nothing to normalize. `join`
 * normalized the whole path again for each of a walk's 2,600 files, several times each: with the
 * garbage it left, about a third of the walk's CPU.
 */
function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/**
 * The decision of the `.gitignore` of folder `gitignoreDir` on the entries of folder `dir` (below it, or it):
 * `ig.decide` of each entry's path from `gitignoreDir`, undefined where it has no say (a path that would
 * start with `..`). The folder's part of that path is the same for all its entries, so it is matched once.
 */
function ignoreFileHere(gitignoreDir: string, ig: IgnoreFile, dir: string): (name: string, isDir: boolean) => boolean | undefined {
  const prefix = gitignoreDir.endsWith(sep) ? gitignoreDir : gitignoreDir + sep;
  if (dir !== gitignoreDir && (!dir.startsWith(prefix) || dir.endsWith(sep))) {
    // Not a folder the walk reached below `gitignoreDir` by names: each entry's path worked out whole.
    return (name, isDir) => {
      const r = relativeBelow(gitignoreDir, childPath(dir, name));
      return r === '' || r.startsWith('..') ? undefined : ig.decide(r, isDir);
    };
  }
  // An entry's path from `gitignoreDir` is `folder/name` (just `name` in `gitignoreDir` itself).
  const folder = dir === gitignoreDir ? undefined : relativeBelow(gitignoreDir, dir);
  if (folder?.startsWith('..')) return () => undefined;
  const decide = ig.inFolder(folder);
  return folder === undefined ? (name, isDir) => (name.startsWith('..') ? undefined : decide(name, isDir)) : decide;
}

/**
 * `relativeBelow(root, dir)` for a folder outside the root, when every entry's path from the root is it,
 * `/` and the entry's name (one `relative` per folder, not per file); undefined for a folder that holds
 * the root or is it, where an entry may lie on the way to the root.
 */
function pathFromOutside(root: string, dir: string): string | undefined {
  const back = relative(dir, root);
  if (back === '' || !(back === '..' || back.startsWith(`..${sep}`) || isAbsolute(back))) return undefined;
  const path = relativeBelow(root, dir);
  // Another drive's root on Windows (`D:/`): its entries' paths are `D:/name`, worked out per file.
  return path.endsWith('/') ? undefined : path;
}

/**
 * `relative(dir, path)` with `/` separators, for a `path` the walk built by joining names onto `dir`
 * (the common case: a slice, where `relative` resolves both paths again for every entry and folder).
 */
function relativeBelow(dir: string, path: string): string {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  if (!path.startsWith(prefix)) return relative(dir, path).split(sep).join('/');
  const r = path.slice(prefix.length);
  return sep === '/' ? r : r.split(sep).join('/');
}

/**
 * `fs/promises`' `stat` through `fs`'s callback: a CLI scan (`blocking`) calls nothing else of `node:fs/promises`,
 * which its bundle then never loads (scripts/build.mjs, `lazyFsPromises`).
 */
const stat = promisify(statByCallback);

/** A mistake in how the CLI was called; exit code 2 with the message. */
export class UsageError extends Error {}
