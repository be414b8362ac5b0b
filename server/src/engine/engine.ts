import { SEVERITY_RANK, type AnalysisResult, type Finding } from './types';
import { detectLanguage, isJsx, syntaxOf, usesAst } from './languages';
import { ScopeMap } from './lexer';
import { LineIndex } from './lines';
import { runTextRule } from './textRules';
import { passesPrefilter, runAstRules, type AstRuleInstance } from './ast';
import { applySuppressions } from './suppression';
import { envLookupFix } from './envFix';
import { maskSecret } from './secrets';
import { DEFAULT_MAX_FILE_SIZE, skipReason } from './skip';
import type { Ruleset } from './ruleset';
import type { ParseCache } from './reparse';
import { hasTreeLanguage, runTreeRules, type TreeRuleInstance } from '../dataflow/run';
import { hasGrammar, loadGrammar } from '../treesitter/runtime';

export interface AnalyzeInput {
  text: string;
  /** Path used for language detection and ruleset path globs: workspace-relative, `/`-separated. */
  path: string;
  /** The editor's language id, used only when the path says nothing. */
  languageId?: string;
}

export interface AnalyzeOptions {
  maxFileSize?: number;
  /** `YYYY-MM-DD`, for suppression expiry; today by default. */
  today?: string;
  /**
   * Milliseconds one file may take, checked between rules (and every few hundred AST nodes): rules
   * left when it runs out are not run and are listed in `result.notRun`. Default: `defaultTimeBudget`.
   */
  timeBudgetMs?: number;
  /** Clock for the budget, in milliseconds; `performance.now` by default. */
  now?: () => number;
  /**
   * The document's parse from its previous analysis, owned by the caller (one per open document):
   * an edit then re-parses only the top-level statements it touched. Updated in place.
   */
  parseCache?: ParseCache;
}

export const DEFAULT_TIME_BUDGET_MS = 2000;

/**
 * 2 s for a file up to 256 KB, plus 4 ms per KB above it (1 MB: 5 s): linear work on a big file is
 * expected to take longer; the budget is there to stop pathological cases, not honest parsing.
 */
export function defaultTimeBudget(length: number): number {
  return DEFAULT_TIME_BUDGET_MS + Math.max(0, Math.ceil((length - 256 * 1024) / 1024)) * 4;
}

/**
 * Text, path and ruleset in; findings out. Pure: no I/O, no VS Code, no LSP. Never throws for any
 * input text: a parser failure skips the AST rules, a failing rule is isolated and reported.
 */
export function analyze(input: AnalyzeInput, ruleset: Ruleset, options: AnalyzeOptions = {}): AnalysisResult {
  const text = input.text.charCodeAt(0) === 0xfeff ? ` ${input.text.slice(1)}` : input.text; // keep offsets
  const language = detectLanguage(input.path, input.languageId);
  const empty: AnalysisResult = { findings: [], suppressed: [], suppressions: [], ruleErrors: [], language };

  if (ruleset.isIgnored(input.path)) return { ...empty, skipped: 'Warden skipped this file: the team ruleset lists it in ignorePaths.' };
  const skipped = skipReason(text, input.path, { maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE });
  if (skipped) return { ...empty, skipped };

  const syntax = syntaxOf(language);
  let scopeMap: ScopeMap | undefined;
  const scopes = () => (scopeMap ??= ScopeMap.build(text, syntax));
  const rules = ruleset.active.filter((r) => r.appliesTo(input.path));

  const findings: Finding[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'] = [];
  const present = ruleset.keywords.present(text);
  const textContext = {
    text, language, scopes,
    envFix: (start: number, end: number, kind: string) => envLookupFix(text, language, scopes(), start, end, kind),
  };
  const now = options.now ?? (() => performance.now());
  const budgetMs = options.timeBudgetMs ?? defaultTimeBudget(text.length);
  const deadline = now() + budgetMs;
  const notRun: string[] = [];
  for (const rule of rules) {
    const compiled = rule.text;
    if (!compiled) continue;
    if (now() > deadline) {
      notRun.push(compiled.spec.id);
      continue;
    }
    const spec = compiled.spec;
    if (spec.languages && !spec.languages.includes(language)) continue;
    if (spec.excludeLanguages?.includes(language)) continue;
    if (compiled.keywords.length > 0 && !compiled.keywords.some((k) => present.has(k))) continue;
    try {
      for (const f of runTextRule(compiled, textContext)) findings.push({ ...f, severity: rule.severity });
    } catch (error) {
      ruleErrors.push({ ruleId: spec.id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  let parseError: string | undefined;
  if (usesAst(input.path, language)) {
    // Parse only when some AST rule can find something here: the keyword pass already ran.
    const astRules = astRulesWanted(rules, present);
    if (astRules.length > 0 && now() > deadline) {
      notRun.push(...astRules.map((r) => r.rule.meta.id));
    } else {
      const run = runAstRules(text, input.path, language, isJsx(input.path, language), astRules, () => now() > deadline, options.parseCache);
      parseError = run.parseError;
      ruleErrors.push(...run.ruleErrors);
      findings.push(...run.findings);
      if (run.stopped) notRun.push(...astRules.map((r) => r.rule.meta.id));
    }
  }

  if (hasTreeLanguage(language)) {
    const treeRules = treeRulesWanted(rules, present);
    if (treeRules.length > 0 && now() > deadline) {
      notRun.push(...treeRules.map((r) => r.rule.meta.id));
    } else if (treeRules.length > 0) {
      const run = runTreeRules(text, input.path, language, treeRules, () => now() > deadline);
      parseError = run.parseError;
      ruleErrors.push(...run.ruleErrors);
      findings.push(...run.findings);
      if (run.stopped) notRun.push(...treeRules.map((r) => r.rule.meta.id));
    }
  }

  const lines = new LineIndex(text);
  const hasComments = syntax.lineComments.length > 0 || syntax.blockComments.length > 0;
  const outcome = applySuppressions(
    dedupe(findings), text, lines, scopes, hasComments,
    (id) => ruleset.meta(id)?.category === 'credentials',
    ruleset.policy,
    options.today ?? new Date().toISOString().slice(0, 10),
  );
  outcome.findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  const budget = {
    ...(notRun.length > 0
      ? { notRun: { ruleIds: notRun, reason: `Warden stopped analysing this file after its ${budgetMs} ms time budget; ${notRun.length} rule(s) did not run or did not finish.` } }
      : {}),
    // Checked once more at the end, so the passes after the rules (suppressions, sorting) count too.
    ...(now() > deadline ? { budgetExceeded: true as const } : {}),
  };
  // Error texts go to logs and terminals: a rule that throws with file content in its message must
  // not carry a secret there.
  const secrets = [...outcome.findings, ...outcome.suppressed.map((x) => x.finding)].filter((f) => f.secret).map((f) => text.slice(f.start, f.end));
  const clean = (message: string) => redact(message, secrets);
  return {
    ...outcome,
    ruleErrors: ruleErrors.map((e) => ({ ruleId: e.ruleId, error: clean(e.error) })),
    language,
    parseError: parseError === undefined ? undefined : clean(parseError),
    ...budget,
  };
}

/** The AST rules whose keywords occur in the file (`present`): only these can find anything in it. */
function astRulesWanted(rules: Ruleset['active'], present: ReadonlySet<string>): AstRuleInstance[] {
  const relevant = (keywords: readonly string[] | undefined) => !keywords?.length || keywords.some((k) => present.has(k.toLowerCase()));
  return rules.flatMap((r) => (r.ast && relevant(r.ast.keywords) ? [{ rule: r.ast, severity: r.severity, options: r.options }] : []));
}

function treeRulesWanted(rules: Ruleset['active'], present: ReadonlySet<string>): TreeRuleInstance[] {
  const relevant = (keywords: readonly string[] | undefined) => !keywords?.length || keywords.some((k) => present.has(k.toLowerCase()));
  return rules.flatMap((r) => (r.tree && relevant(r.tree.keywords) ? [{ rule: r.tree, severity: r.severity, options: r.options }] : []));
}

/**
 * What must happen before `analyze` can run on this file: loading its tree-sitter grammar (once per
 * process or thread; asynchronous, as WebAssembly instantiation is). Callers await it before every
 * `analyze` of a file in such a language, so a verdict never depends on whether a load had finished.
 */
export async function prepareLanguages(paths: Iterable<string>): Promise<void> {
  const languages = new Set<string>();
  for (const path of paths) languages.add(detectLanguage(path));
  await Promise.all([...languages].filter((l) => hasGrammar(l) && hasTreeLanguage(l)).map(loadGrammar));
}

/** `prepareLanguages` for one file (the editor's language id counts when the path says nothing). */
export async function prepareAnalysis(input: Pick<AnalyzeInput, 'path' | 'languageId'>): Promise<void> {
  const language = detectLanguage(input.path, input.languageId);
  if (hasGrammar(language) && hasTreeLanguage(language)) await loadGrammar(language);
}

/**
 * Whether `analyze` would parse this file: it is JavaScript or TypeScript and some AST rule's keywords
 * and text checks match. Cheap next to the parse itself; a scan uses it to send such files to the
 * thread whose parser is already loaded and warm.
 */
export function wouldParse(input: AnalyzeInput, ruleset: Ruleset, options: Pick<AnalyzeOptions, 'maxFileSize'> = {}): boolean {
  const language = detectLanguage(input.path, input.languageId);
  if (!usesAst(input.path, language) || ruleset.isIgnored(input.path)) return false;
  if (skipReason(input.text, input.path, { maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE })) return false;
  const rules = ruleset.active.filter((r) => r.ast && r.appliesTo(input.path));
  if (rules.length === 0) return false;
  return astRulesWanted(rules, ruleset.keywords.present(input.text)).some(({ rule }) => passesPrefilter(rule, input.text));
}

/**
 * For messages about a file (rule errors, parse errors): every secret found in it is masked, and so
 * is any other token-like run (16+ letters and digits), as a secret a rule missed can still be quoted.
 */
export function redact(message: string, secrets: string[]): string {
  let out = message.length > 500 ? `${message.slice(0, 500)}…` : message;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(maskSecret(secret));
  return out.replace(/[A-Za-z0-9+_-]{16,}/g, (token) => (looksLikeToken(token) ? maskSecret(token) : token));
}

/** Letters and digits mixed, and not a kebab-case name such as a rule id (`pbkdf2-low-iterations`). */
function looksLikeToken(s: string): boolean {
  return /\d/.test(s) && /[A-Za-z]/.test(s) && !/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(s);
}

/**
 * One mistake, one finding: the same rule reporting the same range twice (two patterns) is kept once,
 * and so is one secret claimed by two credential rules (a generic text rule and a specific AST rule):
 * the more severe, then more confident, report wins.
 */
function dedupe(findings: Finding[]): Finding[] {
  const kept = new Map<string, Finding>();
  for (const f of findings) {
    if (f.secret) continue;
    const key = `${f.ruleId}:${f.start}:${f.end}`;
    if (!kept.has(key)) kept.set(key, f);
  }
  // Secrets: overlapping ranges (a literal with its quotes, its content without) are the same secret.
  const secrets: Finding[] = [];
  for (const f of findings.filter((x) => x.secret).sort((a, b) => a.start - b.start)) {
    const last = secrets[secrets.length - 1];
    if (last && f.start < last.end) {
      if (outranks(f, last)) secrets[secrets.length - 1] = f;
    } else {
      secrets.push(f);
    }
  }
  return [...kept.values(), ...secrets];
}

const CONFIDENCE_RANK = { low: 1, medium: 2, high: 3 } as const;

function outranks(a: Finding, b: Finding): boolean {
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  return bySeverity !== 0 ? bySeverity > 0 : CONFIDENCE_RANK[a.confidence] > CONFIDENCE_RANK[b.confidence];
}
