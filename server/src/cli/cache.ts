import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RulesetConfig } from '../engine/ruleset';
import { SUPPRESSION_MARKERS } from '../engine/suppression';
import type { ProjectFacts } from '../engine/project';
import type { RenderFacts } from '../templates/renderIndex';
import type { Finding } from '../engine/types';
import { CACHE_FORMAT, CACHE_HEADER } from './cacheFile';

/**
 * `warden scan --cache`: each file's result kept between runs, so a scan of a mostly unchanged tree
 * (CI, a pre-commit hook) analyses only what changed.
 *
 * A result is reused only when everything it depends on is the same:
 * - the whole cache (`CacheIdentity`): Warden's code (a hash of the running bundle and the names, sizes
 *   and times of the files beside it: grammars, parser bundles), Node's version and architecture, the
 *   parser switches in the environment, the compiled ruleset's configuration (fingerprint key included,
 *   hashed) and `--max-file-size`. Any difference and no entry is used.
 * - each file (`fileKey`): its path (the entry's name), its text, the project facts read for it (the nearest
 *   package.json's versions), for a template what the project's handlers pass to it, and, when its text holds a
 *   suppression marker, the date (suppressions expire).
 * Results that may depend on the machine are never stored: a rule that failed or ran out of time.
 *
 * What the file holds is what a report holds (findings with masked secrets and their fingerprints,
 * suppressions, positions), plus a hash per file. That hash is keyed (HMAC) with the workspace's fingerprint
 * key when it has one; without a key it is a plain SHA-256 of the file, which can confirm a guess of the
 * whole file, so then a file with a credential finding (reported or suppressed) is not stored at all.
 */

interface CacheFile {
  format: string;
  identity: string;
  entries: Record<string, CacheEntry>;
}

/** One file's result: what `scanFiles` would send back for it (see `JobResult`). */
export interface CacheEntry {
  key: string;
  /** A worker's report, plain data. */
  report: unknown;
  /** The file's render calls, when they were collected. */
  renders?: RenderFacts;
}

export interface CacheIdentityInput {
  version: string;
  rulesetConfig: RulesetConfig;
  maxFileSize: number;
  /** The running code: `__filename` of the CLI (bundled, dist/warden-cli.js; its entry, dist/cli.js, is beside it). */
  script: string;
  env?: Record<string, string | undefined>;
}

/** Environment variables that change what the engine finds (the parser it uses). */
const ENGINE_ENV = ['WARDEN_PARSER', 'WARDEN_OXC_TRANSFER'];

/** A hash of everything every result depends on (see the module's comment). */
export function cacheIdentity(input: CacheIdentityInput): string {
  const hash = createHash('sha256');
  const part = (s: string) => hash.update(s).update('\0');
  part(CACHE_FORMAT);
  part(input.version);
  part(`${process.version} ${process.arch} ${process.platform}`);
  for (const name of ENGINE_ENV) part(`${name}=${input.env?.[name] ?? ''}`);
  part(stableJson(input.rulesetConfig));
  part(String(input.maxFileSize));
  codeIdentity(input.script, hash);
  return hash.digest('hex');
}

/**
 * The running code: the bundle's own bytes and what lies beside it (grammars, the other bundles) by name,
 * size and time. Unbundled (tsc's `out/`, tests and development), every compiled file of the server.
 */
function codeIdentity(script: string, hash: Hash): void {
  const folder = dirname(script);
  const unbundled = existsSync(join(folder, '..', 'engine'));
  const files = unbundled ? listFiles(join(folder, '..')) : [script];
  for (const file of files) hash.update(file.slice(folder.length)).update('\0').update(readFileSync(file)).update('\0');
  if (!unbundled) {
    for (const name of readdirSync(folder).sort()) {
      if (name === basename(script)) continue;
      const s = statSync(join(folder, name), { throwIfNoEntry: false });
      if (s?.isFile()) hash.update(`${name} ${s.size} ${s.mtimeMs}\0`);
    }
  }
}

function listFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile() && (entry.name.endsWith('.js') || entry.name.endsWith('.json'))) out.push(path);
  }
  return out;
}

/** JSON with object keys sorted, so the same configuration always hashes the same. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  }) ?? 'undefined';
}

export interface FileKeyInput {
  text: string;
  project: ProjectFacts | undefined;
  /** For a template: the facts it is analysed with. */
  renders: RenderFacts | undefined;
  /** `YYYY-MM-DD`, the scan's date for suppression expiry. */
  today: string;
  /** The workspace's fingerprint key, if any: the hash is then keyed with it. */
  secretKey: string | undefined;
}

/** A file's key: everything its result depends on beyond the cache's identity (see the module's comment). */
export function fileKey(input: FileKeyInput): string {
  const hash: Hash | Hmac = input.secretKey ? createHmac('sha256', input.secretKey) : createHash('sha256');
  hash.update(input.text).update('\0');
  hash.update(input.project ? JSON.stringify(input.project) : '').update('\0');
  hash.update(input.renders ? JSON.stringify(input.renders) : '').update('\0');
  // Suppressions are read only where a marker is; their expiry makes the result depend on the date.
  if (mentionsMarker(input.text)) hash.update(input.today);
  return hash.digest('hex');
}

function mentionsMarker(text: string): boolean {
  return SUPPRESSION_MARKERS.some((m) => text.includes(m));
}

/** What a stored result must not depend on or reveal (see the module's comment). */
export function storable(report: { ruleErrors: unknown[]; notRun?: { cause?: string }; skipped?: string; findings: Finding[]; suppressed: { finding: Finding }[] }, keyed: boolean): boolean {
  if (report.ruleErrors.length > 0) return false;
  if (report.notRun && report.notRun.cause !== 'limited') return false;
  if (report.skipped?.startsWith('skipped: internal error')) return false;
  if (!keyed && (report.findings.some((f) => f.secret) || report.suppressed.some((s) => s.finding.secret))) return false;
  return true;
}

/** The cache of one scan: entries read from the file, and those this scan records to write back. */
export class ScanCache {
  private readonly next: Record<string, CacheEntry> = {};
  private hits = 0;

  private constructor(
    readonly file: string,
    private readonly identity: string,
    private readonly previous: Record<string, CacheEntry>,
    /** False when the file is not a Warden cache: it is then left as it is. */
    private readonly writable: boolean,
    /** Why the previous results are not used, if they are not (for a note on standard error). */
    readonly note: string | undefined,
    /** The workspace's fingerprint key: file hashes are keyed with it (see `fileKey`). */
    readonly secretKey: string | undefined,
  ) {}

  /** Whether file hashes are keyed (see the module's comment for what is not stored otherwise). */
  get keyed(): boolean {
    return this.secretKey !== undefined;
  }

  /**
   * Reads `file`. A missing file is an empty cache; a file made for another identity, or unreadable, or not
   * valid, is ignored with a note; a file that is not a Warden cache is also never overwritten.
   */
  static open(file: string, identity: string, secretKey: string | undefined): ScanCache {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return new ScanCache(file, identity, {}, true, undefined, secretKey);
      return new ScanCache(file, identity, {}, code !== 'EISDIR', `cannot read the cache (${code ?? 'error'}); every file is analysed`, secretKey);
    }
    if (text.length > 0 && !text.startsWith(CACHE_HEADER)) {
      return new ScanCache(file, identity, {}, false, 'the cache location holds a file that is not a Warden cache; every file is analysed and that file is left as it is', secretKey);
    }
    let parsed: CacheFile | undefined;
    try {
      parsed = JSON.parse(text) as CacheFile;
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed.entries !== 'object' || parsed.entries === null || typeof parsed.identity !== 'string') {
      return new ScanCache(file, identity, {}, true, 'the cache is damaged; every file is analysed and the cache written afresh', secretKey);
    }
    if (parsed.identity !== identity) {
      return new ScanCache(file, identity, {}, true, 'the cache was made by another Warden build, Node, ruleset or --max-file-size; every file is analysed', secretKey);
    }
    return new ScanCache(file, identity, parsed.entries, true, undefined, secretKey);
  }

  /** Whether there is anything to look up (else a scan need not read files ahead of the workers). */
  get empty(): boolean {
    return Object.keys(this.previous).length === 0;
  }

  /** The stored result for `relativePath` when its key is `key` and `usable` accepts it. */
  lookup(relativePath: string, key: string, usable: (entry: CacheEntry) => boolean): CacheEntry | undefined {
    const entry = Object.hasOwn(this.previous, relativePath) ? this.previous[relativePath] : undefined;
    if (!entry || entry.key !== key || !usable(entry)) return undefined;
    this.hits++;
    return entry;
  }

  /** Keeps a result for the file written at the end of the scan. */
  record(relativePath: string, entry: CacheEntry): void {
    this.next[relativePath] = entry;
  }

  get reused(): number {
    return this.hits;
  }

  /**
   * Writes the results this scan recorded (files it did not see are dropped), through a temporary file
   * renamed over the cache, so a scan stopped half-way never leaves half a cache. Returns a note when it
   * could not.
   */
  save(): string | undefined {
    if (!this.writable) return undefined;
    const body: CacheFile = { format: CACHE_FORMAT, identity: this.identity, entries: this.next };
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(body), { mode: 0o600 });
      renameSync(temp, this.file);
      return undefined;
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // nothing was written
      }
      return `cannot write the cache (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
  }
}
