import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile, realpath, writeFile, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Node as YamlNode } from 'yaml';
import { catalogRuleIds, type RuleCatalog, type RulesetConfig, type RuleSetting, type TestsAndDocsConfig, type TrainingConfig } from '../engine/ruleset';
import type { TextRuleSpec } from '../engine/textRules';
import { SUPPRESSION_RULES } from '../engine/suppression';
import { Glob, GlobError } from '../engine/glob';
import { safeHttpsUrl } from '../engine/markdown';
import { BUILTIN_CATALOG } from '../rules';
import { fetchHttps, type FetchText } from './fetch';
import { validateSchema } from './schema';
import { checkCustomRule, normaliseCustomRule } from './customRules';

export const WARDEN_VERSION = '0.1.0';

/** A problem in a ruleset file, located so a person can go straight to it; the message says how to fix it. */
export class RulesetError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${field}: ${problem}`);
    this.name = 'RulesetError';
  }
}

/** The file names Warden looks for in a workspace folder, in order. */
export const RULESET_FILE_NAMES = ['.warden/ruleset.yaml', '.warden/ruleset.yml', '.warden/ruleset.json'];
export const PRESETS = ['warden:recommended', 'warden:strict'] as const;
/** Largest ruleset file read, local or remote (bytes; checked before parsing, and while reading). */
export const MAX_RULESET_BYTES = 1024 * 1024;
/**
 * Limits of one ruleset chain (the entry and everything it extends, each file counted once). A chain
 * past any of them is refused with a located error and the previous good ruleset stays in force.
 */
export const CHAIN_LIMITS = {
  /** Nesting of `extends`. */
  depth: 8,
  /** Distinct files and URLs read. */
  files: 32,
  /** `extends` entries in one file. */
  extendsPerFile: 32,
  /** Bytes read over the whole chain. */
  bytes: 4 * MAX_RULESET_BYTES,
  /** `ignorePaths` globs after merging (duplicates count once). */
  ignorePaths: 10_000,
  /** Custom rules after merging. */
  customRules: 10_000,
} as const;

export interface LoadOptions {
  /** Built-in rules the ids are checked against; the Warden catalog by default. */
  catalog?: RuleCatalog;
  /** Whether remote rulesets may be fetched (a trusted workspace, or the CLI). Cached copies are always usable. */
  allowFetch?: boolean;
  /** Where fetched rulesets are kept for offline use; `~/.cache/warden/rulesets` by default. */
  cacheDir?: string;
  fetch?: FetchText;
  /** The text of a file when an editor holds a newer version than the disk. */
  overlay?: (file: string) => string | undefined;
  timeoutMs?: number;
  /** Extra CA certificates (PEM) trusted for remote rulesets. */
  ca?: string;
  version?: string;
  /**
   * Folders local rulesets may be read from (the workspace, plus any folder the user named
   * explicitly in settings or on the command line). Default: the folder holding `.warden/` of the
   * entry (or the entry's own folder). A path outside them is refused without being touched.
   */
  roots?: string[];
}

/** Where one rule's setting came from, for `warden rules`. */
export interface Origin {
  source: string;
  line: number;
}

export interface LoadedRuleset {
  config: RulesetConfig;
  /** Rules a developer's own settings cannot switch off or downgrade. */
  required: string[];
  minVersion?: string;
  /** Rule id → the file and line that last set it. */
  origins: Record<string, Origin>;
  /** Every local file and URL read, the entry first: what to watch. */
  sources: string[];
  /** Absolute path of the baseline file the ruleset names (`baseline:`, relative to the file naming it). */
  baseline?: string;
}

/** Loads a ruleset file or pinned https URL with everything it extends, validated, or throws a RulesetError. */
export async function loadRuleset(entry: string, options: LoadOptions = {}): Promise<LoadedRuleset> {
  return loadChain(entry, options);
}

/** Compatibility: the merged configuration of a ruleset file. */
export async function loadRulesetFile(file: string, options: LoadOptions = {}): Promise<RulesetConfig> {
  return (await loadRuleset(file, options)).config;
}

/** Parses and validates one ruleset text on its own (no `extends` resolution). */
export function parseRuleset(text: string, file: string, catalog: RuleCatalog = BUILTIN_CATALOG): RulesetConfig {
  const parsed = parseFile(text, file);
  return mergeInto(emptyLoaded(), parsed, file, catalog, WARDEN_VERSION).config;
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'warden', 'rulesets');
}

function emptyLoaded(): LoadedRuleset {
  return { config: {}, required: [], origins: {}, sources: [] };
}

type From = { file: string; line: number; field: string };

/** What one `loadRuleset` call shares across its chain: each file is read and merged once. */
interface ChainState {
  options: LoadOptions;
  /** The roots as given (for the path as written) and as real paths (for the file it leads to). */
  roots: string[];
  realRoots: string[];
  /** Resolved path or URL → its loaded ruleset (or the load in progress). */
  loaded: Map<string, Promise<LoadedRuleset>>;
  bytes: number;
}

async function loadChain(entry: string, options: LoadOptions): Promise<LoadedRuleset> {
  const remote = entry.startsWith('https://');
  const roots = (options.roots ?? (remote ? [] : [defaultRoot(resolve(entry))])).map((r) => resolve(r));
  const state: ChainState = { options, roots, realRoots: await Promise.all(roots.map(realRoot)), loaded: new Map(), bytes: 0 };
  return load(entry, state, [], undefined);
}

/** `.warden/ruleset.yaml` belongs to the folder that holds `.warden`; any other file to its own folder. */
function defaultRoot(file: string): string {
  const dir = dirname(file);
  return basename(dir) === '.warden' ? dirname(dir) : dir;
}

async function realRoot(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch {
    return root;
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function located(key: string, from: From | undefined, problem: string): RulesetError {
  return from ? new RulesetError(from.file, from.line, from.field, problem) : new RulesetError(key, 1, '(file)', problem);
}

async function load(entry: string, state: ChainState, chain: string[], from: From | undefined): Promise<LoadedRuleset> {
  const remote = entry.startsWith('https://');
  const key = remote ? entry : resolve(entry);
  if (chain.includes(key)) {
    throw new RulesetError(from?.file ?? key, from?.line ?? 1, from?.field ?? 'extends', `"${entry}" extends itself through ${[...chain, key].join(' → ')}; remove one of the extends entries`);
  }
  if (chain.length >= CHAIN_LIMITS.depth) {
    throw new RulesetError(from?.file ?? key, from?.line ?? 1, from?.field ?? 'extends', `extends is nested more than ${CHAIN_LIMITS.depth} deep; flatten the chain`);
  }
  // Each file is read, parsed and merged once however often the chain names it.
  const known = state.loaded.get(key);
  if (known) return known;
  if (state.loaded.size >= CHAIN_LIMITS.files) {
    throw located(key, from, `the chain reads more than ${CHAIN_LIMITS.files} ruleset files; merge some of them`);
  }
  const loading = loadOnce(entry, key, remote, state, chain, from);
  state.loaded.set(key, loading);
  return loading;
}

async function loadOnce(entry: string, key: string, remote: boolean, state: ChainState, chain: string[], from: From | undefined): Promise<LoadedRuleset> {
  const { options } = state;
  const text = remote ? await readRemote(entry, options, from) : await readLocal(key, state, from);
  state.bytes += Buffer.byteLength(text);
  if (state.bytes > CHAIN_LIMITS.bytes) {
    throw located(key, from, `the chain reads more than ${CHAIN_LIMITS.bytes / MAX_RULESET_BYTES} MB of rulesets; merge or shorten them`);
  }
  const parsed = parseFile(text, key);
  const catalog = options.catalog ?? BUILTIN_CATALOG;

  let merged = emptyLoaded();
  const extendsList = (parsed.data.extends as string[] | undefined) ?? [];
  if (extendsList.length > CHAIN_LIMITS.extendsPerFile) {
    throw new RulesetError(key, parsed.line(['extends', CHAIN_LIMITS.extendsPerFile]), `extends[${CHAIN_LIMITS.extendsPerFile}]`, `a ruleset may extend at most ${CHAIN_LIMITS.extendsPerFile} others; merge some of them`);
  }
  const children: string[] = [];
  for (let i = 0; i < extendsList.length; i++) {
    const target = extendsList[i]!;
    const at = { file: key, line: parsed.line(['extends', i]), field: `extends[${i}]` };
    if (target === 'warden:recommended' || target === 'warden:strict') {
      merged.config.preset = target === 'warden:strict' ? 'strict' : 'recommended';
      continue;
    }
    let child: string;
    if (target.startsWith('https://')) child = target;
    else if (remote) throw new RulesetError(key, at.line, at.field, `a remote ruleset can extend only presets and pinned https URLs, not the local path "${target}"`);
    else child = isAbsolute(target) ? target : resolve(dirname(key), target);
    const earlier = children.indexOf(child);
    if (earlier >= 0) throw new RulesetError(key, at.line, at.field, `"${target}" is already extended at extends[${earlier}]; remove the repeat`);
    children[i] = child;
    const loaded = await load(child, state, [...chain, key], at);
    merged = combine(merged, loaded);
    checkMergedSize(merged, at);
  }
  const result = mergeInto(merged, parsed, key, catalog, options.version ?? WARDEN_VERSION);
  checkMergedSize(result, { file: key, line: 1, field: '(file)' });
  result.sources = [key, ...result.sources.filter((s) => s !== key)];
  return result;
}

/** Merged entries stay within the chain's limits, whatever the files repeat. */
function checkMergedSize(merged: LoadedRuleset, at: From): void {
  const ignore = merged.config.ignorePaths?.length ?? 0;
  if (ignore > CHAIN_LIMITS.ignorePaths) {
    throw new RulesetError(at.file, at.line, at.field, `the merged ruleset has ${ignore} ignorePaths, over the limit of ${CHAIN_LIMITS.ignorePaths}; use broader globs`);
  }
  const custom = merged.config.customRules?.length ?? 0;
  if (custom > CHAIN_LIMITS.customRules) {
    throw new RulesetError(at.file, at.line, at.field, `the merged ruleset has ${custom} custom rules, over the limit of ${CHAIN_LIMITS.customRules}`);
  }
}

/** Later rulesets win per rule; required, forbid and ignorePaths accumulate; the shortest maxDays wins. */
function combine(base: LoadedRuleset, next: LoadedRuleset): LoadedRuleset {
  const a = base.config;
  const b = next.config;
  const customById = new Map<string, TextRuleSpec>();
  for (const r of [...(a.customRules ?? []), ...(b.customRules ?? [])]) customById.set(r.id, r);
  const maxDays = [a.suppressions?.maxDays, b.suppressions?.maxDays].filter((d): d is number => d !== undefined);
  const config: RulesetConfig = {
    preset: b.preset ?? a.preset,
    rules: { ...a.rules, ...b.rules },
    customRules: [...customById.values()],
    ignorePaths: [...new Set([...(a.ignorePaths ?? []), ...(b.ignorePaths ?? [])])],
    ...(a.failOnSkipped || b.failOnSkipped ? { failOnSkipped: true } : {}),
    training: mergeTraining(a.training, b.training),
    required: [...new Set([...base.required, ...next.required])],
    suppressions: {
      forbid: [...new Set([...(a.suppressions?.forbid ?? []), ...(b.suppressions?.forbid ?? [])])],
      maxDays: maxDays.length > 0 ? Math.min(...maxDays) : undefined,
      honourThirdParty: b.suppressions?.honourThirdParty ?? a.suppressions?.honourThirdParty,
    },
    testsAndDocs: mergeTestsAndDocs(a.testsAndDocs, b.testsAndDocs),
  };
  return {
    config,
    required: [...new Set([...base.required, ...next.required])],
    minVersion: maxVersion(base.minVersion, next.minVersion),
    baseline: next.baseline ?? base.baseline,
    origins: { ...base.origins, ...next.origins },
    sources: [...new Set([...base.sources, ...next.sources])],
  };
}

/** The later ruleset's mode wins; extra test paths accumulate. */
function mergeTestsAndDocs(a: TestsAndDocsConfig | undefined, b: TestsAndDocsConfig | undefined): TestsAndDocsConfig | undefined {
  if (!a && !b) return undefined;
  return { findings: b?.findings ?? a?.findings, paths: [...(a?.paths ?? []), ...(b?.paths ?? [])] };
}

function mergeTraining(a: TrainingConfig | undefined, b: TrainingConfig | undefined): TrainingConfig {
  return {
    baseUrl: b?.baseUrl ?? a?.baseUrl,
    rules: { ...a?.rules, ...b?.rules },
    cwe: { ...a?.cwe, ...b?.cwe },
  };
}

interface ParsedFile {
  data: Record<string, unknown>;
  /** 1-based line of the node at a path (or of its parent when absent). */
  line(path: (string | number)[]): number;
  /** 1-based line of the key of a mapping entry. */
  keyLine(path: (string | number)[], key: string): number;
}

function parseFile(raw: string, file: string): ParsedFile {
  // Editors on Windows may save a byte-order mark; it is not part of the content (and keeps offsets if replaced by a space).
  const text = raw.charCodeAt(0) === 0xfeff ? ` ${raw.slice(1)}` : raw;
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const lineOf = (offset: number | undefined): number => {
    if (offset === undefined) return 1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  if (extname(file).toLowerCase() === '.json' || /^\s*[{[]/.test(text)) {
    try {
      JSON.parse(text);
    } catch (error) {
      if (extname(file).toLowerCase() === '.json') {
        const message = error instanceof Error ? error.message : String(error);
        const pos = /position (\d+)/.exec(message);
        throw new RulesetError(file, lineOf(pos ? Number(pos[1]) : undefined), '(syntax)', `${withoutContent(message)}; fix the JSON syntax`);
      }
    }
  }
  // The YAML reader is loaded with the first ruleset file, not when the server starts (most workspaces have none).
  const { isMap, isPair, isScalar, parseDocument } = require('yaml') as typeof import('yaml');
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const hint = e.code === 'DUPLICATE_KEY' ? 'remove or merge the repeated key' : 'fix the YAML syntax (indentation, quotes, colons)';
    throw new RulesetError(file, lineOf(e.pos[0]), '(syntax)', `${withoutContent(e.message)}; ${hint}`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new RulesetError(file, lineOf(doc.contents?.range?.[0]), '(root)', 'the file must be a mapping of keys such as `extends:` and `rules:`; run "warden init" for a starter file');
  }
  let data: Record<string, unknown>;
  try {
    data = (doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {}) as Record<string, unknown>;
  } catch (error) {
    // yaml refuses an alias bomb ("billion laughs") while expanding it; say so, at the first alias.
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new RulesetError(file, lineOf(firstAliasOffset(text)), '(syntax)', `the YAML aliases (*name) expand too much (more than ${MAX_ALIAS_COUNT} uses, as in an alias bomb); write the values out instead of repeating aliases`);
    }
    throw new RulesetError(file, 1, '(syntax)', `the YAML cannot be read (${withoutContent(error instanceof Error ? error.message : String(error))}); fix the YAML syntax`);
  }
  const line = (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : (doc.getIn(path.slice(0, n), true) as YamlNode | undefined);
      if (node && (node as { range?: unknown }).range) return lineOf((node as YamlNode).range![0]);
    }
    return 1;
  };
  const keyLine = (path: (string | number)[], key: string): number => {
    const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      const k = pair?.key as YamlNode | undefined;
      if (k?.range) return lineOf(k.range[0]);
    }
    return line(path);
  };
  const result: ParsedFile = { data, line, keyLine };
  validateSchema(data, file, result);
  return result;
}

/** Aliases a ruleset may use before its expansion is refused as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

function firstAliasOffset(text: string): number | undefined {
  const m = /(^|[\s,[{:-])\*[^\s,[\]{}]+/.exec(text);
  return m ? m.index + m[1]!.length : undefined;
}

/**
 * A parser's message without any part of the file: V8 quotes the start of bad JSON, and yaml quotes
 * tags, escapes and header characters. A ruleset error must never echo what it read.
 */
export function withoutContent(message: string): string {
  return message.split('\n')[0]!
    .replace(/^JSON\.parse: /, '')
    .replace(/,?\s*"(?:[^"\\]|\\.)*"(?:\.\.\.)? is not valid JSON/, ' (not valid JSON)')
    .replace(/^(Unresolved tag|Block scalar header includes extra characters|Invalid escape sequence)\b.*$/, '$1')
    .replace(/ at line \d+, column \d+:?$/, '');
}

export function fieldName(path: (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

/** Applies one parsed file on top of what it extends, checking ids against everything known so far. */
function mergeInto(base: LoadedRuleset, parsed: ParsedFile, file: string, catalog: RuleCatalog, version: string): LoadedRuleset {
  const d = parsed.data as {
    rules?: Record<string, string | { severity?: string; options?: Record<string, unknown>; paths?: RuleSetting['paths'] }>;
    required?: string[];
    customRules?: Record<string, unknown>[];
    training?: TrainingConfig;
    ignorePaths?: string[];
    failOnSkipped?: boolean;
    minVersion?: string;
    suppressions?: { maxDays?: number; forbid?: string[]; honourThirdParty?: boolean };
    testsAndDocs?: TestsAndDocsConfig;
    baseline?: string;
  };
  const checkGlob = (path: (string | number)[], glob: string) => {
    try {
      new Glob(glob);
    } catch (e) {
      if (e instanceof GlobError) fail(path, e.message);
      throw e;
    }
  };
  const fail = (path: (string | number)[], problem: string): never => {
    throw new RulesetError(file, parsed.line(path), fieldName(path), problem);
  };

  if (d.minVersion && compareVersions(d.minVersion, version) > 0) {
    fail(['minVersion'], `this ruleset needs Warden ${d.minVersion} or later, and this is ${version}; update the Warden extension or CLI`);
  }

  const builtinIds = catalogRuleIds(catalog);
  const customRules: TextRuleSpec[] = [];
  const inheritedCustom = new Set((base.config.customRules ?? []).map((r) => r.id));
  const seen = new Set<string>();
  const customOrigins: Record<string, Origin> = {};
  (d.customRules ?? []).forEach((raw, i) => {
    const id = String(raw.id);
    if (builtinIds.includes(id)) fail(['customRules', i, 'id'], `"${id}" is already a built-in rule; give the custom rule its own id, e.g. "team-${id}"`);
    if (seen.has(id)) fail(['customRules', i, 'id'], `"${id}" is defined twice in this file; rename or remove one`);
    seen.add(id);
    const spec = normaliseCustomRule(raw);
    const problem = checkCustomRule(spec);
    if (problem) fail(['customRules', i, ...problem.path], problem.message);
    customRules.push(spec);
    customOrigins[id] = { source: file, line: parsed.line(['customRules', i]) };
  });

  const known = new Set([...builtinIds, ...SUPPRESSION_RULES.map((r) => r.id), ...inheritedCustom, ...seen]);
  const checkId = (path: (string | number)[], id: string) => {
    if (known.has(id)) return;
    const near = nearest(id, [...known]);
    fail(path, `unknown rule id "${id}"${near ? `; did you mean "${near}"?` : ''} Run "warden rules" to list the rule ids`);
  };

  const rules: Record<string, RuleSetting> = {};
  const origins: Record<string, Origin> = { ...customOrigins };
  for (const [id, value] of Object.entries(d.rules ?? {})) {
    checkId(['rules', id], id);
    const setting: RuleSetting = typeof value === 'string'
      ? { severity: value as RuleSetting['severity'] }
      : { ...(base.config.rules?.[id] ?? {}), ...value, severity: (value.severity ?? base.config.rules?.[id]?.severity ?? defaultSeverity(id, catalog, customRules)) as RuleSetting['severity'] };
    rules[id] = setting;
    origins[id] = { source: file, line: parsed.line(['rules', id]) };
  }
  const required = d.required ?? [];
  required.forEach((id, i) => checkId(['required', i], id));
  // A required rule is on even where its preset would leave it off.
  for (const id of required) {
    if (!rules[id] && !base.config.rules?.[id]) {
      rules[id] = { severity: defaultSeverity(id, catalog, customRules) as RuleSetting['severity'] };
      origins[id] = { source: file, line: parsed.line(['required']) };
    }
  }
  for (const id of [...base.required, ...required]) {
    if (rules[id]?.severity === 'off') {
      const why = base.required.includes(id) ? 'a ruleset this one extends requires it' : 'it is listed under required';
      fail(['rules', id], `"${id}" cannot be off because ${why}; remove the line or set a severity`);
    }
  }
  (d.suppressions?.forbid ?? []).forEach((id, i) => checkId(['suppressions', 'forbid', i], id));
  for (const id of Object.keys(d.training?.rules ?? {})) checkId(['training', 'rules', id], id);
  d.ignorePaths?.forEach((glob, i) => {
    if (glob.startsWith('/') || glob.includes('..')) fail(['ignorePaths', i], `"${glob}" must be relative to the workspace root, e.g. "fixtures/**"`);
    checkGlob(['ignorePaths', i], glob);
  });
  for (const [id, value] of Object.entries(d.rules ?? {})) {
    if (typeof value !== 'object') continue;
    value.paths?.include?.forEach((glob, i) => checkGlob(['rules', id, 'paths', 'include', i], glob));
    value.paths?.exclude?.forEach((glob, i) => checkGlob(['rules', id, 'paths', 'exclude', i], glob));
  }
  // The schema's pattern is a first filter; a link must also parse as a WHATWG URL with nothing a
  // Markdown link or a shell could read differently (see safeHttpsUrl).
  const links: [(string | number)[], string][] = [
    ...(d.training?.baseUrl ? [[['training', 'baseUrl'], d.training.baseUrl] as [(string | number)[], string]] : []),
    ...Object.entries(d.training?.rules ?? {}).map(([k, v]): [(string | number)[], string] => [['training', 'rules', k], v]),
    ...Object.entries(d.training?.cwe ?? {}).map(([k, v]): [(string | number)[], string] => [['training', 'cwe', k], v]),
  ];
  for (const [path, link] of links) {
    if (safeHttpsUrl(link) === undefined) fail(path, `"${link.slice(0, 200)}" is not a plain https URL (no spaces, quotes, brackets or parentheses)`);
  }
  d.testsAndDocs?.paths?.forEach((glob, i) => {
    if (glob.startsWith('/') || glob.includes('..')) fail(['testsAndDocs', 'paths', i], `"${glob}" must be relative to the workspace root, e.g. "qa/**"`);
    checkGlob(['testsAndDocs', 'paths', i], glob);
  });

  if (d.baseline !== undefined && file.startsWith('https://')) {
    fail(['baseline'], 'a remote ruleset cannot name a baseline; name it in the repository\'s own ruleset, e.g. baseline: baseline.json');
  }

  const own: LoadedRuleset = {
    config: {
      rules,
      customRules,
      ignorePaths: d.ignorePaths,
      ...(d.failOnSkipped ? { failOnSkipped: true } : {}),
      training: d.training,
      suppressions: d.suppressions,
      testsAndDocs: d.testsAndDocs,
    },
    required,
    minVersion: d.minVersion,
    baseline: d.baseline !== undefined ? resolve(dirname(file), d.baseline) : undefined,
    origins,
    sources: [],
  };
  const merged = combine(base, own);
  for (const id of required) merged.origins[id] ??= { source: file, line: parsed.line(['required']) };
  return merged;
}

function defaultSeverity(id: string, catalog: RuleCatalog, custom: TextRuleSpec[]): string {
  return catalog.astRules.find((r) => r.meta.id === id)?.meta.severity
    ?? catalog.treeRules?.find((r) => r.meta.id === id)?.meta.severity
    ?? catalog.templateRules?.find((r) => r.meta.id === id)?.meta.severity
    ?? catalog.textRules.find((r) => r.id === id)?.severity
    ?? custom.find((r) => r.id === id)?.severity
    ?? 'warning';
}

/**
 * A local ruleset's text: only inside the chain's roots (checked on the path as written, before the
 * file system is touched, then on the real path, so a link cannot lead out), only a regular file,
 * and never more than MAX_RULESET_BYTES read, whatever the file claims its size is (`/proc` files
 * say 0). Errors name the path as written and never quote the file.
 */
async function readLocal(file: string, state: ChainState, from: From | undefined): Promise<string> {
  const where = (problem: string) => located(file, from, problem);
  const roots = state.roots;
  const shownRoots = roots.length === 1 ? roots[0]! : roots.join(' or ');
  const outside = `${file} is outside ${shownRoots}; a ruleset may extend only files inside the workspace (or a folder named in your own settings or on the command line); copy the file into .warden/`;
  if (!roots.some((r) => isInside(file, r))) throw where(outside);
  const overlay = state.options.overlay?.(file);
  if (overlay !== undefined) {
    const size = Buffer.byteLength(overlay);
    if (size > MAX_RULESET_BYTES) throw where(tooBig(file, size));
    return overlay;
  }
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // A link that leads nowhere gets the same answer as one that leads out: no probing of outside paths.
    if (await isLink(file)) throw where(outside);
    throw where(`cannot read ${file} (${code}); check the path${from ? ' (relative to this file)' : ''}`);
  }
  if (!state.realRoots.some((r) => isInside(real, r))) throw where(outside);
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) throw where(`${file} is not a regular file; a ruleset must be a YAML or JSON file`);
    if (info.size > MAX_RULESET_BYTES) throw where(tooBig(file, info.size));
    // Read in aligned blocks (some /proc files refuse other sizes) until one past the limit.
    const block = 64 * 1024;
    const buffer = Buffer.alloc(MAX_RULESET_BYTES + block);
    let length = 0;
    while (length <= MAX_RULESET_BYTES) {
      const { bytesRead } = await handle.read(buffer, length, block, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_RULESET_BYTES) throw where(tooBig(file, length, true));
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof RulesetError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw where(`cannot read ${file} (${code}); check the path${from ? ' (relative to this file)' : ''}`);
  } finally {
    await handle?.close();
  }
}

function tooBig(file: string, size: number, atLeast = false): string {
  const what = atLeast ? 'larger than' : `${Math.ceil(size / 1024)} KB, over`;
  return `${file} is ${what} the ${MAX_RULESET_BYTES / 1024} KB limit for a ruleset; split it`;
}

async function isLink(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * A remote ruleset is pinned by its hash, so a cached copy with the right hash is the ruleset: it is
 * used without touching the network. Otherwise it is fetched (only when allowed), checked, cached.
 */
async function readRemote(url: string, options: LoadOptions, from: { file: string; line: number; field: string } | undefined): Promise<string> {
  const fail = (problem: string): never => {
    throw from ? new RulesetError(from.file, from.line, from.field, problem) : new RulesetError(url, 1, '(url)', problem);
  };
  const hash = /#sha256-([A-Za-z0-9+/]{43}=)$/.exec(url);
  if (!hash) fail(`"${url}" must be pinned: append #sha256-<base64 SHA-256 of the file> (run "warden verify <file>" on a copy to print it)`);
  const expected = hash![1]!;
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cacheFile = join(cacheDir, `${createHash('sha256').update(expected).digest('hex').slice(0, 32)}.ruleset`);
  try {
    const cached = await readFile(cacheFile);
    if (sha256(cached) === expected) return cached.toString('utf8');
  } catch {
    // not cached yet
  }
  if (options.allowFetch === false) {
    fail(`the remote ruleset ${stripHash(url)} is not cached and this workspace is not trusted, so it was not fetched; trust the workspace (in the editor), or pass --trust-workspace or set WARDEN_TRUST_WORKSPACE=1 (CLI and CI) to load it`);
  }
  let body: Buffer;
  try {
    body = await (options.fetch ?? fetchHttps)(url.slice(0, url.indexOf('#')), { timeoutMs: options.timeoutMs ?? 10_000, maxBytes: MAX_RULESET_BYTES, ca: options.ca });
  } catch (error) {
    return fail(`cannot fetch ${stripHash(url)} (${error instanceof Error ? error.message : String(error)}) and there is no cached copy; connect once so it can be cached, or copy the file into .warden/ and extend it by path`);
  }
  const actual = sha256(body);
  if (actual !== expected) {
    fail(`the content of ${stripHash(url)} does not match its pinned hash (expected sha256-${expected}, got sha256-${actual}); it was refused. If the change is intended, update the hash in extends`);
  }
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cacheFile, body);
  } catch {
    // An unwritable cache only costs a fetch next time.
  }
  return body.toString('utf8');
}

function stripHash(url: string): string {
  return url.includes('#') ? url.slice(0, url.indexOf('#')) : url;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function maxVersion(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareVersions(a, b) >= 0 ? a : b;
}

/** The closest candidate by edit distance, when it is close enough to be a typo. */
export function nearest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

export type { ParsedFile };
