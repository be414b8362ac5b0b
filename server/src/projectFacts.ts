import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { VERSIONED_PACKAGES, type ProjectFacts } from './engine/project';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Project facts for files on disk, read from the nearest package.json above each file (found once per
 * folder) and cached per folder; a manifest is read again when its modification time changes (one `stat`
 * per analysis). A package.json created later nearer to a file is seen by a new reader (a new scan, a
 * server restart). The manifest is named relative to the file's folder (`package.json`, `../package.json`).
 */
export class ProjectFactsReader {
  /**
   * `fixed`: the manifests are taken not to change while this reader lives (one `warden scan`), so each
   * folder's facts are worked out once, without a `stat` of its manifest per analysis.
   */
  constructor(private readonly fixed = false) {}

  /** Folder → the manifest that governs it (undefined: none up to the file system's root). */
  private readonly nearest = new Map<string, string | undefined>();
  private readonly read = new Map<string, { mtimeMs: number; versions: Record<string, string> | undefined }>();
  private readonly byFolder = new Map<string, { mtimeMs: number; facts: ProjectFacts | undefined }>();

  /** The facts for the file at `absolutePath`, or undefined when no manifest names a versioned package. */
  factsFor(absolutePath: string): ProjectFacts | undefined {
    const folder = dirname(resolve(absolutePath));
    if (this.fixed) {
      const known = this.byFolder.get(folder);
      if (known) return known.facts;
    }
    const manifest = this.manifestOf(folder);
    if (!manifest) return undefined;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(manifest).mtimeMs;
    } catch {
      return undefined;
    }
    const known = this.byFolder.get(folder);
    if (known && known.mtimeMs === mtimeMs) return known.facts;
    let read = this.read.get(manifest);
    if (!read || read.mtimeMs !== mtimeMs) this.read.set(manifest, read = { mtimeMs, versions: readVersions(manifest) });
    const facts = read.versions && { versions: read.versions, manifest: relative(folder, manifest).split(sep).join('/') };
    this.byFolder.set(folder, { mtimeMs, facts });
    return facts;
  }

  private manifestOf(folder: string): string | undefined {
    const seen: string[] = [];
    let found: string | undefined;
    for (let dir = folder; ; dir = dirname(dir)) {
      if (this.nearest.has(dir)) {
        found = this.nearest.get(dir);
        break;
      }
      seen.push(dir);
      const candidate = join(dir, 'package.json');
      if (isFile(candidate)) {
        found = candidate;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    for (const dir of seen) this.nearest.set(dir, found);
    return found;
  }
}

function isFile(path: string): boolean {
  try {
    // Most folders have no manifest: no error (and its stack trace) made for each.
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** The versioned packages a manifest declares: installed version if `node_modules` beside it has one, else the declared range. */
function readVersions(manifest: string): Record<string, string> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return undefined; // unreadable or not JSON: nothing is known, which is what the rules assume anyway
  }
  if (!json || typeof json !== 'object') return undefined;
  const versions: Record<string, string> = {};
  for (const name of VERSIONED_PACKAGES) {
    for (const field of DEPENDENCY_FIELDS) {
      const deps = (json as Record<string, unknown>)[field];
      const declared = deps && typeof deps === 'object' ? (deps as Record<string, unknown>)[name] : undefined;
      if (typeof declared !== 'string') continue;
      versions[name] = installedVersion(dirname(manifest), name) ?? declared;
      break;
    }
  }
  return Object.keys(versions).length > 0 ? versions : undefined;
}

function installedVersion(folder: string, name: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(join(folder, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
