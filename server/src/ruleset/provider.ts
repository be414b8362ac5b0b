import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity, DidChangeWatchedFilesNotification, type Connection, type Diagnostic, type Disposable, type InitializeParams,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { compileRuleset, type RuleCatalog, type Ruleset, type RulesetConfig } from '../engine/ruleset';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { BUILTIN_CATALOG } from '../rules';
import type { WardenSettings } from '../protocol';
import type { RulesetProvider } from '../rulesetProvider';
import { loadRuleset, MAX_RULESET_BYTES, RULESET_FILE_NAMES, RulesetError, type LoadedRuleset } from './load';
import type { FetchText } from './fetch';
import { FINGERPRINT_KEY_FILE, readFingerprintKey } from './fingerprintKey';

/** Sent by the client when the user trusts the workspace, so remote rulesets may be fetched. */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'warden/workspaceTrusted';

/** What the client passes in `initializationOptions`. */
export interface WardenInitializationOptions {
  /** `vscode.workspace.isTrusted`; remote rulesets are fetched only when true. */
  workspaceTrusted?: boolean;
  /** Where fetched rulesets are cached (the extension's global storage). */
  cacheDir?: string;
}

export interface WorkspaceRulesetOptions {
  catalog?: RuleCatalog;
  fetch?: FetchText;
  cacheDir?: string;
  /** Extra CA certificates for remote rulesets. */
  ca?: string;
  /** Whether remote rulesets may be fetched before the client says; false unless the client says otherwise. */
  trusted?: boolean;
}

interface State {
  /** Absolute path or https URL, or undefined when the folder has no ruleset. */
  entry: string | undefined;
  folderPath: string | undefined;
  setting: string;
  good?: LoadedRuleset;
  /** Set by every load (before `loading` settles); the built-in ruleset until then. */
  goodCompiled?: Ruleset;
  error?: RulesetError;
  loading: Promise<void>;
  generation: number;
  /** Files whose change means this state must be loaded again. */
  watched: Set<string>;
  /** Ruleset compiled with each user override set, by its JSON. */
  withOverrides: Map<string, Ruleset>;
  /** Files outside `.warden/` the client was asked to watch, and that registration. */
  watchKey?: string;
  registration?: Promise<Disposable>;
  /** Ruleset files beside the one in use, which Warden ignores. */
  shadowed: string[];
  /** The folder's credential fingerprint key (`.warden/fingerprint.key`), read with the ruleset. */
  fingerprintKey?: string;
}

/**
 * Finds the team ruleset of each workspace folder (`.warden/ruleset.yaml|.yml|.json`, or the
 * `warden.ruleset` setting), reloads it when it or anything it extends changes — including unsaved
 * edits — reports its problems as diagnostics on the ruleset file, and keeps the last good ruleset
 * in force while the file is broken.
 */
export class WorkspaceRulesetProvider implements RulesetProvider {
  private connection: Connection | undefined;
  /** Whether the client accepts file watchers registered at run time with relative patterns. */
  private canWatch = false;
  private trusted: boolean;
  private cacheDir: string | undefined;
  private readonly catalog: RuleCatalog;
  private builtinRuleset: Ruleset | undefined;
  private readonly states = new Map<string, State>();
  private readonly overlays = new Map<string, string>();
  private readonly listeners: (() => void)[] = [];
  /** Messages already shown, so a broken remote ruleset is reported once, not on every reload. */
  private readonly told = new Set<string>();
    /** Diagnostics this provider owns, by document URI. */
  private readonly problems = new Map<string, Diagnostic[]>();

  constructor(private readonly options: WorkspaceRulesetOptions = {}) {
    this.catalog = options.catalog ?? BUILTIN_CATALOG;
    this.trusted = options.trusted ?? false;
    this.cacheDir = options.cacheDir;
  }

  /**
   * The built-in ruleset, compiled on first use: a folder with a team ruleset (or a fingerprint key)
   * compiles its own, and the server's start no longer compiles one it then throws away.
   */
  private get builtin(): Ruleset {
    return (this.builtinRuleset ??= compileRuleset({}, this.catalog));
  }

  initialize(connection: Connection, _folders: WorkspaceFolder[], params: InitializeParams): void {
    this.connection = connection;
    const init = (params.initializationOptions ?? {}) as WardenInitializationOptions;
    if (init.workspaceTrusted !== undefined) this.trusted = init.workspaceTrusted;
    if (init.cacheDir) this.cacheDir = init.cacheDir;
    const watched = params.capabilities.workspace?.didChangeWatchedFiles;
    this.canWatch = Boolean(watched?.dynamicRegistration && watched.relativePatternSupport);
    connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
      this.trusted = true;
      for (const state of this.states.values()) if (state.error) this.reload(state);
    });
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  baselineFor(folder: WorkspaceFolder | undefined, settings: WardenSettings): string | undefined {
    return this.stateFor(folder, settings.ruleset ?? '').good?.baseline;
  }

  async get(folder: WorkspaceFolder | undefined, settings: WardenSettings): Promise<Ruleset> {
    const state = this.stateFor(folder, settings.ruleset ?? '');
    await state.loading;
    const overrides = settings.rules;
    if (!overrides || Object.keys(overrides).length === 0) return state.goodCompiled ?? this.builtin;
    const key = JSON.stringify(overrides);
    let compiled = state.withOverrides.get(key);
    if (!compiled) {
      const { config, refused } = applyUserOverrides(state.good, overrides, this.catalog);
      compiled = compileRuleset({ ...config, fingerprintKey: state.fingerprintKey }, this.catalog);
      state.withOverrides.set(key, compiled);
      if (refused.length > 0) {
        void this.connection?.window.showWarningMessage(
          `Warden: the team ruleset requires ${refused.join(', ')}, so your warden.rules setting cannot switch ${refused.length > 1 ? 'them' : 'it'} off or lower ${refused.length > 1 ? 'their' : 'its'} severity.`,
        );
      }
    }
    return compiled;
  }

  /** The loaded ruleset behind a folder, for commands that explain it. */
  async loaded(folder: WorkspaceFolder | undefined, setting: string): Promise<{ loaded?: LoadedRuleset; error?: RulesetError }> {
    const state = this.stateFor(folder, setting);
    await state.loading;
    return { loaded: state.good, error: state.error };
  }

  /** An open document changed (text) or closed (undefined): unsaved ruleset edits apply at once. */
  documentChanged(uri: string, text: string | undefined): void {
    const path = toPath(uri);
    // Only YAML and JSON can be rulesets; other documents are not copied.
    if (!path || !/\.(ya?ml|json)$/i.test(path)) return;
    const before = this.overlays.get(path);
    if (text === undefined) this.overlays.delete(path);
    else this.overlays.set(path, text);
    if (before !== text) this.changed([path]);
  }

  /** Files changed on disk (`workspace/didChangeWatchedFiles`). */
  filesChanged(uris: string[]): void {
    this.changed(uris.map(toPath).filter((p): p is string => p !== undefined));
  }

  diagnosticsFor(uri: string): Diagnostic[] {
    return this.problems.get(uri) ?? [];
  }

  private changed(paths: string[]): void {
    for (const state of this.states.values()) {
      if (paths.some((p) => state.watched.has(p))) this.reload(state);
    }
  }

  private stateFor(folder: WorkspaceFolder | undefined, setting: string): State {
    const key = `${folder?.uri ?? ''}\0${setting}`;
    let state = this.states.get(key);
    if (!state) {
      const folderPath = folder && folder.uri.startsWith('file:') ? fileURLToPath(folder.uri) : undefined;
      state = {
        entry: undefined, folderPath, setting, loading: Promise.resolve(), generation: 0,
        watched: new Set(), withOverrides: new Map(), shadowed: [],
      };
      this.states.set(key, state);
      this.reload(state, true);
    }
    return state;
  }

  private candidates(state: State): string[] {
    if (state.setting) {
      if (state.setting.startsWith('https://')) return [state.setting];
      return [isAbsolute(state.setting) || !state.folderPath ? resolve(state.setting) : join(state.folderPath, state.setting)];
    }
    return state.folderPath ? RULESET_FILE_NAMES.map((n) => join(state.folderPath!, n)) : [];
  }

  /**
   * Where local rulesets may be read from: the workspace folder, and the folder of a ruleset the
   * `warden.ruleset` setting names (a restricted setting: a workspace in Restricted Mode cannot set it).
   */
  private roots(state: State, entry: string): string[] {
    const roots = state.folderPath ? [state.folderPath] : [];
    if (state.setting && !entry.startsWith('https://')) roots.push(dirname(entry));
    return roots;
  }

  /** The folder's fingerprint key; a broken one is logged and left out (fingerprints then use context). */
  private fingerprintKey(state: State): string | undefined {
    try {
      return readFingerprintKey(state.folderPath);
    } catch (e) {
      const message = e instanceof RulesetError ? `${e.file}: ${e.problem}` : String(e);
      this.connection?.console.error(`Warden fingerprint key: ${message}`);
      return undefined;
    }
  }

  private reload(state: State, initial = false): void {
    const generation = ++state.generation;
    state.loading = (async () => {
      const candidates = this.candidates(state);
      const entry = state.setting ? candidates[0] : candidates.find((c) => this.overlays.has(c) || existsSync(c));
      let good = state.good;
      let error: RulesetError | undefined;
      if (entry) {
        try {
          good = await loadRuleset(entry, {
            catalog: this.catalog, allowFetch: this.trusted, cacheDir: this.cacheDir, fetch: this.options.fetch, ca: this.options.ca,
            overlay: (file) => this.overlays.get(file), roots: this.roots(state, entry),
          });
        } catch (e) {
          error = e instanceof RulesetError ? e : new RulesetError(entry, 1, '(file)', e instanceof Error ? e.message : String(e));
        }
      } else {
        good = undefined;
      }
      if (generation !== state.generation) return;
      const previousFiles = [...new Set([...(state.good?.sources ?? []), ...(state.error ? [state.error.file] : [])])];
      state.entry = entry;
      state.error = error;
      state.fingerprintKey = this.fingerprintKey(state);
      if (!error) state.good = good;
      state.goodCompiled = state.good || state.fingerprintKey
        ? compileRuleset({ ...(state.good?.config ?? {}), fingerprintKey: state.fingerprintKey }, this.catalog)
        : this.builtin;
      state.withOverrides.clear();
      const keyFile = state.folderPath ? [join(state.folderPath, FINGERPRINT_KEY_FILE)] : [];
      state.watched = new Set([...candidates, ...keyFile, ...(state.good?.sources ?? []), ...(error ? [error.file] : [])].filter((s) => !s.startsWith('https://')));
      // A second ruleset file beside the one in use would silently do nothing: say so on it.
      const shadowed = state.setting ? [] : candidates.filter((c) => c !== entry && (this.overlays.has(c) || existsSync(c)));
      this.publish([...previousFiles, ...state.shadowed], error, Boolean(state.good));
      state.shadowed = shadowed;
      for (const file of shadowed) {
        const uri = pathToFileURL(file).toString();
        this.problems.set(uri, [...(this.problems.get(uri) ?? []), {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Warning,
          source: 'warden',
          code: 'warden-ruleset',
          message: `Warden reads ${basename(entry!)} in this folder and ignores this file; merge the two and delete one.`,
        }]);
        void this.connection?.sendDiagnostics({ uri, diagnostics: this.problems.get(uri)! });
      }
      this.watch(state);
      if (!initial) for (const l of this.listeners) l();
    })();
  }

  /**
   * The client watches `.warden/` itself; a ruleset elsewhere (the `warden.ruleset` setting, or a file
   * it extends) is watched by asking the client for exactly those files.
   */
  private watch(state: State): void {
    if (!this.connection || !this.canWatch) return;
    const outside = [...state.watched].filter((p) => !p.split(sep).includes('.warden') && !p.startsWith('https://')).sort();
    const key = outside.join('\0');
    if (state.watchKey === key) return;
    state.watchKey = key;
    const previous = state.registration;
    state.registration = outside.length === 0 ? undefined : this.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: outside.map((p) => ({ globPattern: { baseUri: pathToFileURL(dirname(p)).toString(), pattern: basename(p) } })),
    });
    void previous?.then((d) => d.dispose(), () => undefined);
  }

  private publish(previousFiles: string[], error: RulesetError | undefined, keptGood: boolean): void {
    const touched = new Set(previousFiles.filter((f) => !f.startsWith('https://')).map((f) => pathToFileURL(f).toString()));
    for (const uri of touched) this.problems.delete(uri);
    if (error && !error.file.startsWith('https://')) {
      const uri = pathToFileURL(error.file).toString();
      touched.add(uri);
      const text = this.overlays.get(error.file) ?? readSmallFile(error.file);
      const line = Math.max(0, error.line - 1);
      const lineText = text.split('\n')[line] ?? '';
      const indent = lineText.length - lineText.trimStart().length;
      this.problems.set(uri, [{
        range: { start: { line, character: indent }, end: { line, character: Math.max(indent, lineText.trimEnd().length) } },
        severity: DiagnosticSeverity.Error,
        source: 'warden',
        code: 'warden-ruleset',
        message: `${error.field}: ${error.problem}. ${keptGood ? 'Warden keeps using the last valid ruleset until this is fixed.' : 'Warden uses its built-in defaults until this is fixed.'}`,
      }]);
    } else if (error) {
      // A remote entry (the warden.ruleset setting) has no file to put a diagnostic on: say it once.
      this.connection?.console.error(`Warden ruleset: ${error.message}`);
      if (!this.told.has(error.message)) {
        this.told.add(error.message);
        void this.connection?.window.showWarningMessage(`Warden: the team ruleset ${error.file} could not be used: ${error.problem}.`);
      }
    }
    for (const uri of touched) void this.connection?.sendDiagnostics({ uri, diagnostics: this.problems.get(uri) ?? [] });
  }
}

/**
 * The text of a ruleset file to place a diagnostic, read like the loader reads: a regular file only,
 * opened without waiting (FIFOs), at most MAX_RULESET_BYTES. Anything else gives ''.
 */
function readSmallFile(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return '';
    const buffer = Buffer.alloc(MAX_RULESET_BYTES);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, length);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function toPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/**
 * A developer's own `warden.rules` settings on top of the team's ruleset: they may raise any rule,
 * and lower or switch off only rules the team did not mark required.
 */
export function applyUserOverrides(
  loaded: LoadedRuleset | undefined,
  overrides: Record<string, string>,
  catalog: RuleCatalog,
): { config: RulesetConfig; refused: string[] } {
  const config: RulesetConfig = { ...(loaded?.config ?? {}), rules: { ...(loaded?.config.rules ?? {}) } };
  const required = new Set(loaded?.required ?? []);
  const team = compileRuleset(loaded?.config ?? {}, catalog);
  const refused: string[] = [];
  for (const [id, level] of Object.entries(overrides)) {
    if (!['off', 'info', 'warning', 'error'].includes(level)) continue;
    if (required.has(id)) {
      const teamSeverity = team.active.find((r) => r.meta.id === id)?.severity ?? team.meta(id)?.severity ?? 'warning';
      if (level === 'off' || SEVERITY_RANK[level as Severity] < SEVERITY_RANK[teamSeverity]) {
        refused.push(id);
        continue;
      }
    }
    config.rules![id] = { ...(config.rules![id] ?? {}), severity: level as Severity | 'off' };
  }
  // A required rule stays on even if it was off by default in the preset.
  for (const id of required) {
    if (!config.rules![id]) {
      const severity = team.active.find((r) => r.meta.id === id)?.severity ?? team.meta(id)?.severity;
      if (severity) config.rules![id] = { severity };
    }
  }
  return { config, refused };
}
