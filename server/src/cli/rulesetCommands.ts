import { existsSync } from 'node:fs';
import { lessonFor } from '../lessons';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type * as Sarif from 'sarif';
import { compileRuleset, type Ruleset, type RulesetConfig } from '../engine/ruleset';
import { createFingerprintKey, FINGERPRINT_KEY_FILE, readFingerprintKey } from '../ruleset/fingerprintKey';
import type { RuleCategory, Severity, Suppression } from '../engine/types';
import { detectLanguage, JS_TS_LANGUAGES } from '../engine/languages';
import { TREE_LANGUAGES } from '../dataflow/treeLanguages';
import { COLOUR, columns, PLAIN, printable, safeJson, useColour } from './terminal';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/skip';
import { BUILTIN_CATALOG } from '../rules';
import { loadRuleset, RULESET_FILE_NAMES, RulesetError, sha256, WARDEN_VERSION, type LoadedRuleset, type LoadOptions } from '../ruleset/load';
import { STARTER_RULESET } from '../ruleset/starter';
import { scanFiles, type FileReport } from './scan';
import { toSarif } from './sarif';
import { UsageError, walk } from './walk';
import type { CliIO } from './cli';
import { writeReport } from './output';
import { parseArgs } from './args';

/** The ruleset a command works on: an explicit path or URL, else `.warden/ruleset.*` in `cwd`, else none. */
export function findRulesetEntry(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit) return explicit.startsWith('https://') ? explicit : resolve(cwd, explicit);
  // Upwards from the current folder, as git and ESLint find their configuration, stopping at the
  // repository root (the first folder holding .git) or the file-system root.
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = RULESET_FILE_NAMES.map((n) => resolve(dir, n)).find((p) => existsSync(p));
    if (found) return found;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

/** The project folder a ruleset found by `findRulesetEntry` belongs to: the one holding its `.warden/`. */
export function rulesetRoot(entry: string): string | undefined {
  return !entry.startsWith('https://') && basename(dirname(entry)) === '.warden' ? dirname(dirname(entry)) : undefined;
}

/** The switch (or `WARDEN_TRUST_WORKSPACE=1`) that lets a workspace's own ruleset fetch the remote rulesets it names. */
export const TRUST_SWITCH = '--trust-workspace';

/** Whether the user or CI trusts the scanned workspace: the switch, or `WARDEN_TRUST_WORKSPACE=1`. */
export function workspaceTrusted(flags: Map<string, string | true>): boolean {
  return flags.has(TRUST_SWITCH) || process.env.WARDEN_TRUST_WORKSPACE === '1';
}

/**
 * How the CLI loads a ruleset. Local files are read only inside the current folder, or the folder of
 * a ruleset named on the command line. Remote rulesets are fetched when the user named the URL on
 * the command line or trusts the workspace; otherwise only a cached copy with the pinned hash is used.
 */
export function cliLoadOptions(cwd: string, explicit: string | undefined, trusted: boolean): LoadOptions {
  const named = explicit && !explicit.startsWith('https://') ? [dirname(resolve(cwd, explicit))] : [];
  return { allowFetch: trusted || Boolean(explicit?.startsWith('https://')), roots: [cwd, ...named] };
}

/** The configuration a scan of `cwd` runs with: its ruleset (if any) and its fingerprint key (if any). */
export async function cliConfig(cwd: string, explicit: string | undefined, trusted = false): Promise<RulesetConfig> {
  return withFingerprintKey(cwd, (await cliRuleset(cwd, explicit, trusted))?.config ?? {});
}

/**
 * A ruleset configuration with the fingerprint key of the workspace at `cwd` (`WARDEN_FINGERPRINT_KEY`
 * or `.warden/fingerprint.key`), so every command that reports or records fingerprints agrees.
 */
export function withFingerprintKey(cwd: string, config: RulesetConfig): RulesetConfig {
  const fingerprintKey = readFingerprintKey(cwd);
  return fingerprintKey ? { ...config, fingerprintKey } : config;
}

/** Loads the ruleset for the CLI: see `cliLoadOptions` for what it may read and fetch. */
export async function cliRuleset(cwd: string, explicit: string | undefined, trusted = false): Promise<LoadedRuleset | undefined> {
  const entry = findRulesetEntry(cwd, explicit);
  if (!entry) return undefined;
  const options = cliLoadOptions(cwd, explicit, trusted);
  // A ruleset found above the current folder may extend files beside it, in its own project folder.
  const project = explicit ? undefined : rulesetRoot(entry);
  return loadRuleset(entry, project && options.roots ? { ...options, roots: [...options.roots, project] } : options);
}

/** The lessons shipped beside the CLI: dist/cli.js → ../lessons; tsc output out/server/src/cli → ../../../../lessons. */
export function bundledLessonsDir(): string {
  const candidates = [join(__dirname, '..', 'lessons'), join(__dirname, '..', '..', '..', '..', 'lessons')];
  return candidates.find((d) => existsSync(d)) ?? candidates[0]!;
}

/** SARIF `help.markdown` for a rule: its bundled lesson, so code-scanning shows it without a link. */
export function lessonMarkdown(ruleId: string): string | undefined {
  return lessonFor(ruleId, bundledLessonsDir())?.markdown;
}

function show(cwd: string, file: string): string {
  return file.startsWith('https://') ? file : relative(cwd, file) || file;
}

/** `warden verify [FILE]`: schema, ids, patterns and custom-rule examples; exit 0 valid, 1 invalid, 2 usage. */
export async function verifyCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, [], ['--help', '-h', TRUST_SWITCH]);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout('Usage: warden verify [FILE] [--trust-workspace]\n\nChecks a team ruleset: schema, rule ids, custom rule patterns (RE2) and their examples, and everything it extends.\nExit codes: 0 valid, 1 invalid, 2 usage error.\n');
    return 0;
  }
  if (positional.length > 1) throw new UsageError('verify takes one ruleset file.');
  const entry = findRulesetEntry(io.cwd, positional[0]);
  if (!entry) throw new UsageError('No ruleset found: pass a file, or create .warden/ruleset.yaml with "warden init".');
  let loaded: LoadedRuleset;
  try {
    loaded = await loadRuleset(entry, cliLoadOptions(io.cwd, positional[0], workspaceTrusted(flags)));
  } catch (error) {
    if (!(error instanceof RulesetError)) throw error;
    io.stderr(`${printable(`${show(io.cwd, error.file)}:${error.line}: ${error.field}: ${error.problem}`)}\n`);
    io.stderr('The ruleset is invalid; Warden keeps using the last valid ruleset in the editor until it is fixed.\n');
    return 1;
  }
  const config = loaded.config;
  const custom = config.customRules ?? [];
  const lines = [
    `${show(io.cwd, entry)} is valid.`,
    `  extends: ${loaded.sources.length > 1 ? loaded.sources.slice(1).map((s) => show(io.cwd, s)).join(', ') : 'nothing beyond the preset'} (preset warden:${config.preset ?? 'recommended'})`,
    `  rules set: ${Object.keys(config.rules ?? {}).length}; required: ${loaded.required.length ? loaded.required.join(', ') : 'none'}`,
    `  custom rules: ${custom.length}${custom.length ? ` (${custom.reduce((n, r) => n + r.examples.match.length + r.examples.noMatch.length, 0)} examples pass)` : ''}`,
  ];
  if (!positional[0]) {
    for (const other of RULESET_FILE_NAMES.map((n) => resolve(io.cwd, n)).filter((p) => p !== entry && existsSync(p))) {
      lines.push(`  warning: ${show(io.cwd, other)} is ignored because ${show(io.cwd, entry)} comes first; merge the two and delete one`);
    }
  }
  for (const rule of custom.filter((r) => r.keywords.length === 0)) {
    lines.push(`  note: custom rule ${rule.id} has no keywords, so its pattern runs on every file; add keywords (literals every match contains) to skip files that cannot match`);
  }
  if (!entry.startsWith('https://')) lines.push(`  to extend it from a URL, pin it with #sha256-${sha256(await readFile(entry))}`);
  io.stdout(`${lines.map(printable).join('\n')}\n`);
  return 0;
}

/**
 * `warden init [--force]`: writes the commented starter to `.warden/ruleset.yaml`, and a new
 * fingerprint key to `.warden/fingerprint.key` unless there is one. `warden init --fingerprint-key`
 * writes only the key.
 */
export async function initCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, [], ['--force', '--fingerprint-key', '--help', '-h']);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout([
      'Usage: warden init [--force] [--fingerprint-key]',
      '',
      'Writes a commented starter team ruleset to .warden/ruleset.yaml and a random key to .warden/fingerprint.key',
      '(commit both: the key keeps credential fingerprints the same on every machine, and without it nobody',
      'can test password guesses against a report). --fingerprint-key writes only the key.',
      '',
    ].join('\n'));
    return 0;
  }
  if (positional.length > 0) throw new UsageError('init takes no arguments; it writes .warden/ruleset.yaml in the current folder.');
  const keyOnly = flags.has('--fingerprint-key');
  const existing = RULESET_FILE_NAMES.map((n) => resolve(io.cwd, n)).find((p) => existsSync(p));
  if (existing && !flags.has('--force') && !keyOnly) {
    throw new UsageError(`${show(io.cwd, existing)} already exists; edit it, or pass --force to overwrite it with the starter (or --fingerprint-key to add only the key).`);
  }
  const wrote: string[] = [];
  if (!keyOnly) {
    const file = resolve(io.cwd, RULESET_FILE_NAMES[0]!);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, STARTER_RULESET);
    wrote.push(show(io.cwd, file));
  }
  if (existsSync(resolve(io.cwd, FINGERPRINT_KEY_FILE))) {
    if (keyOnly) throw new UsageError(`${FINGERPRINT_KEY_FILE} already exists; replacing it would change every credential fingerprint, so remove it first if you mean to.`);
  } else {
    wrote.push(show(io.cwd, createFingerprintKey(io.cwd)));
  }
  io.stdout(`Wrote ${wrote.join(' and ')}. ${keyOnly ? 'Commit it.' : 'Edit the ruleset, check it with "warden verify", and commit both.'}\n`);
  return 0;
}

interface RuleRow {
  id: string;
  severity: string;
  required: boolean;
  source: string;
  title: string;
  category: string;
  /** Language ids the rule runs on; `all` when it runs on every language (minus `excludeLanguages`). */
  languages: string[] | 'all';
  excludeLanguages?: string[];
}

/** The languages each rule runs on: AST rules on JS/TS, tree rules on the tree-sitter languages, text rules as their data says. */
function ruleLanguages(config: RulesetConfig): Map<string, { languages: string[] | 'all'; exclude?: string[] }> {
  const map = new Map<string, { languages: string[] | 'all'; exclude?: string[] }>();
  for (const r of BUILTIN_CATALOG.astRules) map.set(r.meta.id, { languages: [...JS_TS_LANGUAGES] });
  // The languages' names alone (not languages/index.ts, which brings their specs into every CLI bundle, the light one too).
  for (const r of BUILTIN_CATALOG.treeRules ?? []) map.set(r.meta.id, { languages: [...TREE_LANGUAGES] });
  for (const r of [...BUILTIN_CATALOG.textRules, ...(config.customRules ?? [])]) {
    map.set(r.id, { languages: r.languages?.length ? r.languages : 'all', ...(r.excludeLanguages?.length ? { exclude: r.excludeLanguages } : {}) });
  }
  return map;
}

/** Every rule with its effective severity and where that came from. */
export function effectiveRules(loaded: LoadedRuleset | undefined, cwd: string): RuleRow[] {
  const config = loaded?.config ?? {};
  const ruleset = compileRuleset(config, BUILTIN_CATALOG);
  const preset = `preset warden:${config.preset ?? 'recommended'}`;
  const custom = new Set((config.customRules ?? []).map((r) => r.id));
  const languages = ruleLanguages(config);
  return ruleset.allMetas()
    .filter((m) => m.category !== 'suppression')
    .map((m) => {
      const active = ruleset.active.find((r) => r.meta.id === m.id);
      const origin = loaded?.origins[m.id];
      let source = origin ? `${show(cwd, origin.source)}:${origin.line}` : custom.has(m.id) ? 'custom rule' : preset;
      if (!origin && !custom.has(m.id) && !active) source += ' (low confidence: strict only)';
      const lang = languages.get(m.id) ?? { languages: 'all' as const };
      return {
        id: m.id, severity: active?.severity ?? 'off', required: loaded?.required.includes(m.id) ?? false, source, title: m.title,
        category: m.category, languages: lang.languages, ...(lang.exclude ? { excludeLanguages: lang.exclude } : {}),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

const RULE_SEVERITIES = ['off', 'info', 'warning', 'error'];
export const RULE_CATEGORIES: readonly RuleCategory[] = ['credentials', 'transport', 'crypto', 'randomness', 'injection', 'deserialization', 'privilege', 'logging', 'session', 'test-data', 'custom'];

/** `--language py` and `--language python` both mean python; the ids are the editor's language ids. */
function languageId(value: string): string {
  if (KNOWN_LANGUAGES.has(value)) return value;
  const byExtension = detectLanguage(`x.${value}`);
  if (byExtension !== 'plaintext' || value === 'txt') return byExtension;
  const byName = detectLanguage(value);
  if (byName !== 'plaintext') return byName;
  throw new UsageError(`--language: unknown language "${value}". Use a language id such as ${[...KNOWN_LANGUAGES].slice(0, 8).join(', ')}, or a file extension such as py.`);
}

const KNOWN_LANGUAGES = new Set([
  ...JS_TS_LANGUAGES, 'python', 'java', 'kotlin', 'scala', 'groovy', 'go', 'csharp', 'php', 'ruby', 'rust', 'swift', 'c', 'cpp',
  'shellscript', 'powershell', 'yaml', 'json', 'jsonc', 'terraform', 'properties', 'ini', 'toml', 'xml', 'html', 'vue',
  'svelte', 'sql', 'markdown', 'plaintext', 'dotenv', 'dockerfile', 'makefile',
]);

export function listFlag(flags: Map<string, string | true>, name: string, allowed: readonly string[] | undefined, map: (v: string) => string = (v) => v): string[] | undefined {
  const raw = flags.get(name);
  if (raw === undefined) return undefined;
  const values = String(raw).split(',').map((v) => v.trim().toLowerCase()).filter(Boolean).map(map);
  for (const v of values) {
    if (allowed && !allowed.includes(v)) throw new UsageError(`${name} takes ${allowed.join(', ')} (comma-separated), not "${v}".`);
  }
  if (values.length === 0) throw new UsageError(`${name} needs a value.`);
  return values;
}

function appliesTo(row: RuleRow, language: string): boolean {
  if (row.excludeLanguages?.includes(language)) return false;
  return row.languages === 'all' || row.languages.includes(language);
}

/** `javascript, javascriptreact, typescript, typescriptreact` reads as `JS/TS`. */
function languagesText(row: RuleRow): string {
  if (row.languages === 'all') return row.excludeLanguages?.length ? `all but ${row.excludeLanguages.join(', ')}` : 'all';
  const rest = row.languages.filter((l) => !JS_TS_LANGUAGES.has(l));
  const jsts = row.languages.some((l) => JS_TS_LANGUAGES.has(l));
  return [...(jsts ? ['JS/TS'] : []), ...rest].join(', ');
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `warden rules [--ruleset FILE] [--format text|json] [--category C] [--language L] [--severity S]`. */
export async function rulesCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, ['--ruleset', '--format', '--category', '--language', '--severity'], ['--help', '-h', TRUST_SWITCH]);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout([
      'Usage: warden rules [--ruleset FILE] [--format text|json] [--category LIST] [--language LIST] [--severity LIST]',
      '',
      'Lists every rule: its effective severity, whether it is required, its category and languages, and',
      'where its setting came from. Filters take comma-separated values:',
      `  --category   ${RULE_CATEGORIES.join(', ')}`,
      '  --language   a language id (python, typescript, yaml…) or a file extension (py, ts, yml…)',
      `  --severity   ${RULE_SEVERITIES.join(', ')} (the effective severity)`,
      '',
    ].join('\n'));
    return 0;
  }
  if (positional.length > 0) throw new UsageError('rules takes no paths; use --ruleset FILE.');
  const format = (flags.get('--format') as string | undefined) ?? 'text';
  if (!['text', 'json'].includes(format)) throw new UsageError(`--format must be text or json, not "${format}".`);
  const categories = listFlag(flags, '--category', RULE_CATEGORIES);
  const severities = listFlag(flags, '--severity', RULE_SEVERITIES);
  const languages = listFlag(flags, '--language', undefined, languageId);
  const loaded = await cliRuleset(io.cwd, flags.get('--ruleset') as string | undefined, workspaceTrusted(flags));
  const rows = effectiveRules(loaded, io.cwd).filter((r) =>
    (!categories || categories.includes(r.category))
    && (!severities || severities.includes(r.severity))
    && (!languages || languages.some((l) => appliesTo(r, l))));
  if (format === 'json') {
    io.stdout(`${safeJson({ ruleset: loaded ? show(io.cwd, loaded.sources[0]!) : null, rules: rows })}\n`);
    return 0;
  }
  const style = useColour(io.stdoutIsTTY === true, io.env ?? {}) ? COLOUR : PLAIN;
  const paint = (severity: string) => (severity === 'off' ? style.dim(severity) : style[severity as Severity](severity));
  const table = columns([
    ['RULE', 'SEVERITY', 'REQUIRED', 'CATEGORY', 'SET BY', 'LANGUAGES', 'WHAT IT FINDS'].map((h) => style.bold(h)),
    ...rows.map((r) => [r.id, paint(r.severity), r.required ? 'required' : '', r.category, printable(r.source), shorten(languagesText(r), 28), printable(r.title)]),
  ]);
  const filtered = categories || severities || languages ? ' matching the filters' : '';
  table.push('', `${rows.length} ${rows.length === 1 ? 'rule' : 'rules'}${filtered}. ${loaded ? `Team ruleset: ${printable(show(io.cwd, loaded.sources[0]!))}` : 'No team ruleset: built-in defaults (create one with "warden init").'}`);
  io.stdout(`${table.join('\n')}\n`);
  return 0;
}

export type SuppressionStatus = 'active' | 'unused' | 'expired' | 'no-reason' | 'invalid' | 'missing-until' | 'too-long' | 'forbidden';

export interface SuppressionRow {
  path: string;
  line: number;
  rules: string[];
  reason: string;
  until?: string;
  marker: string;
  status: SuppressionStatus;
  /** Findings this suppression silenced. */
  findings: number;
}

const STATUS_BY_RULE: Record<string, SuppressionStatus> = {
  'warden-suppression-reason': 'no-reason',
  'warden-suppression-invalid': 'invalid',
  'warden-suppression-missing-until': 'missing-until',
  'warden-suppression-too-long': 'too-long',
  'warden-suppression-expired': 'expired',
  'warden-suppression-forbidden': 'forbidden',
  'warden-suppression-unused': 'unused',
};

export function suppressionRows(reports: FileReport[]): SuppressionRow[] {
  const rows: SuppressionRow[] = [];
  for (const r of reports) {
    for (const s of r.suppressions) {
      const problem = r.findings.find((f) => STATUS_BY_RULE[f.ruleId] && f.start === s.start);
      const findings = r.suppressed.filter((x) => sameSuppression(x.suppression, s)).length;
      rows.push({
        path: r.relativePath, line: s.line + 1, rules: s.ruleIds, reason: s.reason, until: s.until, marker: s.marker,
        status: problem ? STATUS_BY_RULE[problem.ruleId]! : findings > 0 ? 'active' : 'unused', findings,
      });
    }
  }
  return rows;
}

function sameSuppression(a: Suppression, b: Suppression): boolean {
  return a.start === b.start && a.end === b.end;
}

/** `warden suppressions [paths] [--format text|json|sarif]`: every suppression for review. */
export async function suppressionsCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, ['--format', '--ruleset', '--output', '--fail-on'], ['--help', '-h', TRUST_SWITCH]);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout([
      'Usage: warden suppressions [paths...] [--format text|json|sarif] [--ruleset FILE] [--output FILE] [--fail-on STATUSES]',
      '',
      'Lists every suppression comment with file, line, rules, reason, expiry and status, for review.',
      '--fail-on expired,no-reason,invalid,missing-until,too-long,forbidden,unused',
      '        exit 1 when any suppression has one of these statuses (for CI)',
      '',
    ].join('\n'));
    return 0;
  }
  const failOn = String(flags.get('--fail-on') ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const statuses: SuppressionStatus[] = ['active', 'unused', 'expired', 'no-reason', 'invalid', 'missing-until', 'too-long', 'forbidden'];
  for (const f of failOn) {
    if (!statuses.includes(f as SuppressionStatus)) throw new UsageError(`--fail-on takes statuses among ${statuses.join(', ')}, not "${f}".`);
  }
  const format = (flags.get('--format') as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}".`);
  const config = await cliConfig(io.cwd, flags.get('--ruleset') as string | undefined, workspaceTrusted(flags));
  const ruleset: Ruleset = compileRuleset(config, BUILTIN_CATALOG);
  const walked = await walk(io.cwd, positional.length > 0 ? positional : ['.']);
  const files = walked.files.filter((f) => !ruleset.isIgnored(f.relativePath));
  const reports = await scanFiles(files, { rulesetConfig: config, ruleset, maxFileSize: DEFAULT_MAX_FILE_SIZE });
  const rows = suppressionRows(reports);

  let output: string;
  if (format === 'json') {
    const count = (s: SuppressionStatus) => rows.filter((r) => r.status === s).length;
    output = `${safeJson({
      tool: 'warden', version: WARDEN_VERSION,
      summary: { suppressions: rows.length, active: count('active'), unused: count('unused'), expired: count('expired'), noReason: count('no-reason'),
        invalid: count('invalid'), missingUntil: count('missing-until'), tooLong: count('too-long'), forbidden: count('forbidden') },
      suppressions: rows,
    })}\n`;
  } else if (format === 'sarif') {
    // Suppressed findings carry SARIF's own `suppressions`; problems with suppressions are results.
    const onlySuppressions = reports.map((r) => ({ ...r, findings: r.findings.filter((f) => f.ruleId.startsWith('warden-suppression-')) }));
    const log: Sarif.Log = toSarif(onlySuppressions, {
      root: io.cwd, version: WARDEN_VERSION, metas: ruleset.allMetas(),
      helpUri: (id) => ruleset.teamLesson(id), helpMarkdown: lessonMarkdown,
    });
    output = `${safeJson(log)}\n`;
  } else {
    const out = rows.map((r) => {
      const until = r.until ? ` until ${r.until}` : '';
      return printable(`${r.path}:${r.line}  ${r.rules.join(', ')}  ${r.status}${until}  ${r.reason ? JSON.stringify(r.reason) : '(no reason)'}${r.marker !== 'warden-ignore' ? `  [${r.marker}]` : ''}`);
    });
    const by = (s: SuppressionStatus) => rows.filter((r) => r.status === s).length;
    out.push(rows.length === 0
      ? `No suppressions in ${files.length} file(s).`
      : `${rows.length} suppression(s): ${by('active')} active, ${by('unused')} unused, ${by('expired')} expired, ${by('no-reason')} without a reason, ${by('invalid')} malformed, ${by('missing-until')} without the required until, ${by('too-long')} beyond the team's limit, ${by('forbidden')} forbidden.`);
    output = `${out.join('\n')}\n`;
  }
  const outFile = flags.get('--output') as string | undefined;
  if (outFile) await writeReport(io.cwd, outFile, output);
  else io.stdout(output);
  return rows.some((r) => failOn.includes(r.status)) ? 1 : 0;
}
