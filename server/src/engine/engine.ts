import { SEVERITY_RANK, type AnalysisResult, type Finding, type Suppression } from './types';
import { detectLanguage, isJsx, syntaxOf, usesAst } from './languages';
import { scopeMapOf, type ScopeMap } from './lexer';
import { LineIndex } from './lines';
import { changedSpan, MAX_FINDINGS_PER_RULE, MAX_MATCHES_PER_RULE, runTextRule, type CompiledTextRule, type KeywordIndex, type TextRuleProgress, type TextRuleSpec } from './textRules';
import { Absences } from './absence';
import { passesPrefilter, runAstRules } from './ast';
import { startParse } from './parser';
import { applySuppressions, SUPPRESSION_MARKERS } from './suppression';
import { envLookupFix } from './envFix';
import { fingerprint, looksLikeToken, maskSecret, secretContext, secretFingerprint } from './secrets';
import { CREDENTIAL_SCAN_LIMIT, DEFAULT_MAX_FILE_SIZE, skipCause } from './skip';
import { nonProductionKind } from './pathKind';
import type { ActiveRule, Ruleset } from './ruleset';
import { settleParseCache, startReparse, type ParseCache } from './reparse';
import { runTreeRules } from '../dataflow/run';
import { hasTreeLanguage } from '../dataflow/treeLanguages';
import { hasGrammar, loadGrammar } from '../treesitter/runtime';
import { runTemplateRules } from '../templates/run';
import type { RenderFacts } from '../templates/renderIndex';
import type { ProjectFacts } from './project';
import { templateEngineOf } from '../templates/sites';
import { compareNames } from './collate';

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
   * A wall-clock safety net, in milliseconds, checked between rules and every few hundred matches or
   * AST nodes: rules left when it runs out are not run and are listed in `result.notRun`. Default:
   * `defaultTimeBudget`, far more than any normal file needs on a slow, busy machine. What stops
   * pathological input is the work budget, counted in units that do not depend on the machine (see
   * `runTextRule`), so that the findings are the same whatever the load, the cores or `--jobs`.
   */
  timeBudgetMs?: number;
  /** Clock for the budget, in milliseconds; `performance.now` by default. */
  now?: () => number;
  /**
   * The document's parse from its previous analysis, owned by the caller (one per open document):
   * an edit then re-parses only the top-level statements it touched. Updated in place.
   */
  parseCache?: ParseCache;
  /** Set when the text is a suppression reason being checked for secrets: its own reasons are not checked again. */
  withinReason?: boolean;
  /**
   * For a template: what the project's handlers pass to it (`res.render('profile', { bio: req.body.bio })`),
   * from `collectRenderFacts`. Without it, template findings keep their default severity.
   */
  renders?: RenderFacts;
  /**
   * The file's project facts (dependency versions from the nearest package.json), read by the caller; given
   * as a function, it is called only when the file is parsed: some AST rule's keywords and text checks
   * match (most files of a secrets-only scan are never parsed, and each lookup stats the manifest).
   */
  project?: ProjectFacts | (() => ProjectFacts | undefined);
}

export const DEFAULT_TIME_BUDGET_MS = 60_000;

/**
 * From this length a file parsed whole has its parse started before the text rules run (`startParse`),
 * so that the parse thread parses while this thread runs them. Below it the overlap is too small to matter.
 */
export const EARLY_PARSE_CHARS = 64 * 1024;

/**
 * The safety net: 60 s for a file up to 256 KB, plus 60 ms per KB above it (2 MB: 165 s). A normal
 * file takes well under a second; the net only exists for costs the work budget does not model. Each
 * phase (text rules, then the AST walk after the parse) gets the whole net, so loading and warming
 * the parser never count against the rules.
 */
export function defaultTimeBudget(length: number): number {
  return DEFAULT_TIME_BUDGET_MS + Math.max(0, Math.ceil((length - 256 * 1024) / 1024)) * 60;
}

/**
 * Text, path and ruleset in; findings out. Pure: no I/O, no VS Code, no LSP. Never throws for any
 * input text: a parser failure skips the AST rules, a failing rule is isolated and reported.
 */
export function analyze(input: AnalyzeInput, ruleset: Ruleset, options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeFile(input, ruleset, options, false)!;
}

/**
 * `analyze`, unless the file would be parsed (`wouldParse`): then undefined, before any rule has run.
 * A caller without a parser at hand (a light scan's main thread) hands such a file to a thread that has
 * one, which analyses it whole with `analyze`: the same findings, and this thread never loads the parser.
 */
export function analyzeUnlessParsed(input: AnalyzeInput, ruleset: Ruleset, options: AnalyzeOptions = {}): AnalysisResult | undefined {
  return analyzeFile(input, ruleset, options, true);
}

function analyzeFile(input: AnalyzeInput, ruleset: Ruleset, options: AnalyzeOptions, unlessParsed: boolean): AnalysisResult | undefined {
  // What the document's last analysis left for this one, done before anything reads the cache.
  if (options.parseCache) settleParseCache(options.parseCache);
  const text = withoutBom(input.text);
  const language = detectLanguage(input.path, input.languageId);

  if (ruleset.isIgnored(input.path)) return skippedFile(language, 'Warden skipped this file: the team ruleset lists it in ignorePaths.');
  const cause = skipCause(text, input.path, { maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE });
  if (cause && text.length > CREDENTIAL_SCAN_LIMIT) return skippedFile(language, `Warden skipped this file: ${cause}`);
  // A file too big, binary or minified for the full rule set still gets the credential text rules.
  const credentialsOnly = cause !== undefined;

  const syntax = syntaxOf(language);
  let scopeMap: ScopeMap | undefined;
  const scopes = () => (scopeMap ??= scopeMapOf(text, syntax, options.parseCache));
  const parsed = !credentialsOnly && usesAst(input.path, language);
  const index = keywordIndex(ruleset, language, parsed);
  const applicable = ruleset.activeFor(input.path);
  const rules = credentialsOnly ? applicable.filter((r) => r.text && r.meta.category === 'credentials') : applicable;

  const findings: Finding[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'] = [];
  const present = keywordsPresent(index, text, options.parseCache);
  const astRules = parsed ? rulesWanted(rules, 'ast', present) : [];
  // The prefilters' answers for this text, asked here when the parse might be declined and again by
  // `runAstRules`, which then searches the text once per pattern only.
  const prefilterAnswers = astRules.length > 0 ? new Map<RegExp, boolean>() : undefined;
  if (unlessParsed && astRules.some(({ rule }) => passesPrefilter(rule, text, undefined, prefilterAnswers))) return undefined;
  // A big file parsed whole (no tree kept from its previous version) whose parse is certain (a wanted AST
  // rule has no finer text check): the parse thread starts on it now and parses while the text rules run.
  if (astRules.length > 0 && text.length >= EARLY_PARSE_CHARS && !options.parseCache?.program && astRules.some((r) => !r.rule.prefilter)) {
    startParse(text, isJsx(input.path, language));
  } else if (astRules.length > 0 && options.parseCache?.program) {
    // An edit of a parsed document: its region's parse starts now, likewise (reparse.ts `startReparse`).
    startReparse(text, isJsx(input.path, language), options.parseCache);
  }
  let lineIndex: LineIndex | undefined;
  const lines = () => (lineIndex ??= new LineIndex(text));
  const markerLines = linesNearMarkers(text, lines, present);
  const textContext = {
    text, language, scopes,
    maySuppress: markerLines ? (offset: number) => markerLines.has(lines().lineAt(offset)) : undefined,
    envFix: (start: number, end: number, kind: string) => envLookupFix(text, language, scopes(), start, end, kind),
  };
  const now = options.now ?? clock;
  const budgetMs = options.timeBudgetMs ?? defaultTimeBudget(text.length);
  const deadline = now() + budgetMs;
  const pastDeadline = () => now() > deadline;
  const notRun: string[] = [];
  const unfinished: { ruleId: string; why: string }[] = [];
  // A text rule proven to match nothing in the document's previous version, by words none of its
  // matches can lack, still matches nothing when the edit brought none of them (`Absences`).
  const absent = options.parseCache && (options.parseCache.textAbsent ??= new Absences());
  absent?.advance(text);
  // The text rules whose language and keywords allow them here, in the rules' order (`textRulesWanted`).
  const wanted = textRulesWanted(textRuleIndex(rules, language), present);
  for (let wi = 0; wi < wanted.length; wi++) {
    const rule = rules[wanted[wi]!]!;
    const compiled = rule.text!;
    const spec = compiled.spec;
    if (absent?.holds(compiled)) continue;
    // The clock is read only for a rule that would run: most rules of most files stop at their
    // keywords, and one read per rule per file was about 0.1 CPU-s of a scan of outline (2,620 files).
    if (pastDeadline()) {
      notRun.push(spec.id);
      continue;
    }
    try {
      const progress: TextRuleProgress = {};
      const before = findings.length;
      for (const f of runTextRule(compiled, textContext, progress, pastDeadline)) findings.push({ ...f, severity: rule.severity });
      // Built-in patterns only: they are JavaScript's syntax (custom rules run on RE2's).
      if (absent && findings.length === before && !progress.stopped && compiled.matcher.vetted) absent.failed(compiled, patternOf(compiled), text, false);
      if (progress.stopped) {
        notRun.push(spec.id);
        unfinished.push({ ruleId: spec.id, why: STOPPED_BECAUSE[progress.stopped] });
      }
    } catch (error) {
      ruleErrors.push({ ruleId: spec.id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  let parseError: string | undefined;
  if (parsed) {
    // Parse only when some AST rule can find something here: the keyword pass already ran.
    if (astRules.length > 0 && pastDeadline()) {
      notRun.push(...astRules.map((r) => r.rule.meta.id));
    } else if (options.parseCache || (astRules.length > 0 && !unlessParsed)) {
      // Without a document's cache `runAstRules` parses nothing and finds nothing when no AST rule is wanted,
      // or (`analyzeUnlessParsed`, past its early return) when none passed its prefilter: it is not asked then.
      // The walk's own net starts at its first check, after the parse: loading the parser (and, on a
      // cold thread, warming it up) is not the rules' work.
      let walkDeadline: number | undefined;
      const walkPastDeadline = () => now() > (walkDeadline ??= now() + budgetMs);
      const provedAbsent = (word: string) => index.absentFrom(word, present);
      const run = runAstRules(text, input.path, language, isJsx(input.path, language), astRules, walkPastDeadline, options.parseCache, prefilterAnswers, options.project, provedAbsent);
      parseError = run.parseError;
      ruleErrors.push(...run.ruleErrors);
      findings.push(...run.findings);
      if (run.stopped) notRun.push(...astRules.map((r) => r.rule.meta.id));
    }
  }

  if (hasTreeLanguage(language)) {
    const treeRules = rulesWanted(rules, 'tree', present);
    if (treeRules.length > 0 && now() > deadline) {
      notRun.push(...treeRules.map((r) => r.rule.meta.id));
    } else if (treeRules.length > 0) {
      const run = runTreeRules(text, input.path, language, treeRules, () => now() > deadline, options.parseCache && (options.parseCache.trees ??= {}));
      parseError = run.parseError;
      ruleErrors.push(...run.ruleErrors);
      findings.push(...run.findings);
      if (run.stopped) notRun.push(...treeRules.map((r) => r.rule.meta.id));
    }
  }

  const engine = credentialsOnly || !ruleset.runs('template') ? undefined : templateEngineOf(input.path, language);
  if (engine) {
    const templateRules = rulesWanted(rules, 'template', present);
    if (templateRules.length > 0 && pastDeadline()) {
      notRun.push(...templateRules.map((r) => r.rule.meta.id));
    } else if (templateRules.length > 0) {
      const run = runTemplateRules(text, input.path, language, engine, templateRules, options.renders);
      parseError ??= run.parseError;
      ruleErrors.push(...run.ruleErrors);
      findings.push(...run.findings);
    }
  }

  // Most files: nothing found, nothing to suppress, every rule run. What the passes below would make of that, at once.
  if (findings.length === 0 && markerLines === undefined && !credentialsOnly && notRun.length === 0 && ruleErrors.length === 0) {
    return {
      findings: [], suppressed: [], suppressions: [], ruleErrors: [], language,
      parseError: parseError === undefined ? undefined : redact(parseError, []),
      ...(pastDeadline() ? { budgetExceeded: true as const } : {}),
    };
  }

  const hasComments = syntax.lineComments.length > 0 || syntax.blockComments.length > 0;
  // Without any marker in the text there is nothing to apply and nothing to report about suppressions
  // (`applySuppressions` would search the text for each marker again and find none).
  const outcome = markerLines === undefined
    ? { findings: dedupe(findings), suppressed: [], suppressions: [] }
    : applySuppressions(
      dedupe(findings), text, lines(), scopes, hasComments,
      (id) => ruleset.meta(id)?.category === 'credentials',
      ruleset.policy,
      options.today ?? new Date().toISOString().slice(0, 10),
      ruleset.suppressionScope,
    );
  protectSecretFingerprints(outcome, text, ruleset.fingerprintKey);
  outcome.findings = inTestsAndDocs(outcome.findings, input.path, text, language, ruleset);
  if (ruleset.lowConfidenceAsInfo.size > 0) {
    outcome.findings = outcome.findings.map((f) => (f.confidence === 'low' && f.severity !== 'info' && ruleset.lowConfidenceAsInfo.has(f.ruleId) ? { ...f, severity: 'info' } : f));
  }
  outcome.findings.sort((a, b) => a.start - b.start || a.end - b.end || compareNames(a.ruleId, b.ruleId));
  outcome.findings = capPerRule(outcome.findings);
  const byWork = unfinished.filter((u) => u.why !== STOPPED_BECAUSE.time);
  const byTime = notRun.filter((id) => !byWork.some((u) => u.ruleId === id));
  const reasons = [
    ...byWork.map((u) => `rule ${u.ruleId} stopped after ${u.why}`),
    ...(byTime.length > 0 ? [`${byTime.length} rule(s) did not run or did not finish within its ${budgetMs} ms time budget (a safety net)`] : []),
  ];
  const budget = {
    ...(credentialsOnly
      ? { notRun: { ruleIds: [...new Set([...notRun, ...applicable.filter((r) => !rules.includes(r)).map((r) => r.meta.id)])], reason: `Warden ran only its credential rules on this file: ${cause}`, cause: 'limited' as const } }
      : notRun.length > 0
        ? { notRun: { ruleIds: notRun, reason: `Warden analysed this file only in part: ${reasons.join('; ')}.`, cause: 'budget' as const } }
        : {}),
    // Checked once more at the end, so the passes after the rules (suppressions, sorting) count too.
    ...(pastDeadline() ? { budgetExceeded: true as const } : {}),
  };
  // Error texts go to logs and terminals: a rule that throws with file content in its message must
  // not carry a secret there.
  const secrets = [...outcome.findings, ...outcome.suppressed.map((x) => x.finding)].filter((f) => f.secret).map((f) => text.slice(f.start, f.end));
  const clean = (message: string) => redact(message, secrets);
  // Suppression reasons are printed (SARIF justification, `warden suppressions`): a key pasted into
  // one is masked like the same key in a finding.
  const masked = new Map<string, string>();
  const maskReason = (s: Suppression): Suppression => {
    if (options.withinReason || s.reason === '') return s;
    let reason = masked.get(s.reason);
    if (reason === undefined) masked.set(s.reason, (reason = maskSecretsInReason(s.reason, input.path, ruleset, secrets)));
    return reason === s.reason ? s : { ...s, reason };
  };
  return {
    ...outcome,
    suppressions: outcome.suppressions.map(maskReason),
    suppressed: outcome.suppressed.map((x) => ({ ...x, suppression: maskReason(x.suppression) })),
    ruleErrors: ruleErrors.map((e) => ({ ruleId: e.ruleId, error: clean(e.error) })),
    language,
    parseError: parseError === undefined ? undefined : clean(parseError),
    ...budget,
  };
}

/** The result for a file not analysed, and why. */
function skippedFile(language: string, why: string): AnalysisResult {
  return { findings: [], suppressed: [], suppressions: [], ruleErrors: [], language, skipped: why };
}

/** The analysis's clock unless `options.now` gives one (one function, not a closure per file). */
const clock = () => performance.now();

const patterns = new WeakMap<CompiledTextRule, RegExp>();

/** A text rule's pattern as an expression, for `Absences` (made once per rule). */
function patternOf(compiled: CompiledTextRule): RegExp {
  let re = patterns.get(compiled);
  if (!re) patterns.set(compiled, (re = new RegExp(compiled.spec.pattern, (compiled.spec.flags ?? '').replace(/[gdy]/g, ''))));
  return re;
}

/**
 * A suppression reason with every secret in it masked: the secrets found in the file, whatever the
 * credential rules find in the reason itself (analysed as text of the same file type) and token-like
 * runs (`redact`'s test).
 */
function maskSecretsInReason(reason: string, path: string, ruleset: Ruleset, fileSecrets: string[]): string {
  const inReason = analyze({ text: reason, path }, ruleset, { withinReason: true, timeBudgetMs: 250 });
  const secrets = [...inReason.findings, ...inReason.suppressed.map((x) => x.finding)].filter((f) => f.secret).map((f) => reason.slice(f.start, f.end));
  let out = reason;
  for (const secret of [...secrets, ...fileSecrets].sort((a, b) => b.length - a.length)) if (secret.length >= 4) out = out.split(secret).join(maskSecret(secret));
  return out.replace(/[A-Za-z0-9+/_=-]{16,}/g, (token) => (looksLikeToken(token) ? maskSecret(token) : token));
}

/**
 * Which of the ruleset's keywords occur in `text`. With the document's cache, only the occurrences an
 * edit can touch are counted again (`KeywordIndex.presentAfterEdit`); the answer is the same.
 */
function keywordsPresent(index: KeywordIndex, text: string, cache: ParseCache | undefined): ReadonlySet<string> {
  if (!cache) return index.present(text);
  const previous = cache.keywords;
  if (previous && previous.index === index) return index.presentAfterEdit(previous, text, changedSpan(previous.text, text));
  cache.keywords = index.occurrences(text);
  return cache.keywords ? index.fromCounts(cache.keywords.counts) : index.present(text);
}

// Digits grouped by hand, not with `toLocaleString`: this runs when the module loads, and the first
// locale-aware call loads ICU's locale data (15-20 ms of CPU, about a twelfth of the server's start).
const STOPPED_BECAUSE: Record<NonNullable<TextRuleProgress['stopped']>, string> = {
  matches: `${String(MAX_MATCHES_PER_RULE).replace(/\B(?=(\d{3})+$)/g, ',')} matches (its work budget)`,
  scanned: 'its pattern had read the file 16 times over (its work budget)',
  time: 'the safety net',
};

/**
 * The lines a suppression marker of any kind could cover (its own and the next), wherever the marker
 * is; undefined when the text holds none. `present`: the keyword pass's answer, which includes the
 * markers (`Ruleset.keywordsFor`) case-folded: a marker it did not see is not searched for.
 */
function linesNearMarkers(text: string, lines: () => LineIndex, present: ReadonlySet<string>): Set<number> | undefined {
  let out: Set<number> | undefined;
  // Indexed: `for…of` made an iterator and a result per marker, per file, in a thread's cold code.
  for (let m = 0; m < SUPPRESSION_MARKERS.length; m++) {
    const marker = SUPPRESSION_MARKERS[m]!;
    if (!present.has(marker)) continue;
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length)) {
      const line = lines().lineAt(i);
      (out ??= new Set()).add(line).add(line + 1);
    }
  }
  return out;
}

/**
 * At most `MAX_FINDINGS_PER_RULE` reported findings per rule, the first in the file; applied after
 * suppressions so that suppressed findings never count. Suppression problems are never capped.
 */
function capPerRule(findings: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  return findings.filter((f) => {
    if (f.ruleId.startsWith('warden-suppression-')) return true;
    const n = (counts.get(f.ruleId) ?? 0) + 1;
    counts.set(f.ruleId, n);
    return n <= MAX_FINDINGS_PER_RULE;
  });
}

/**
 * The text rules of one rule list (`Ruleset.activeFor`'s, shared by the paths with the same filters) that run
 * on one language, by keyword: `always` those without keywords, `byKeyword` those with each keyword (lower-cased,
 * as `present` holds them); as indexes into the list. The lists are made once per rule list for every language,
 * and the few rules limited to some languages (`limited`) are asked about the file's when picked: a scan of outline
 * met 17 pairs of list and language (4 lists), and building each anew took 1.6-4.3 ms of a cold thread, now under 1.
 */
interface TextRuleIndex {
  always: readonly number[];
  byKeyword: ReadonlyMap<string, readonly number[]>;
  /** The rules with `languages` or `excludeLanguages`, by index. */
  limited: ReadonlySet<number>;
  rules: readonly ActiveRule[];
  language: string;
}

const textRuleIndexes = new WeakMap<readonly ActiveRule[], Map<string, TextRuleIndex>>();

/** `rules`' `TextRuleIndex` for `language`, made on first use. */
export function textRuleIndex(rules: readonly ActiveRule[], language: string): TextRuleIndex {
  let byLanguage = textRuleIndexes.get(rules);
  if (!byLanguage) textRuleIndexes.set(rules, (byLanguage = new Map()));
  let index = byLanguage.get(language);
  if (!index) {
    const any = byLanguage.values().next().value ?? anyLanguage(rules);
    byLanguage.set(language, (index = { ...any, language }));
  }
  return index;
}

/** The index of `rules` for every language: `TextRuleIndex` without its `language`. */
function anyLanguage(rules: readonly ActiveRule[]): Omit<TextRuleIndex, 'language'> {
  const always: number[] = [];
  const byKeyword = new Map<string, number[]>();
  const limited = new Set<number>();
  rules.forEach((r, i) => {
    if (!r.text) return;
    if (r.text.spec.languages || r.text.spec.excludeLanguages) limited.add(i);
    if (r.text.keywords.length === 0) always.push(i);
    for (const k of new Set(r.text.keywords)) {
      const list = byKeyword.get(k);
      if (list) list.push(i);
      else byKeyword.set(k, [i]);
    }
  });
  return { always, byKeyword, limited, rules };
}

/**
 * The text rules (indexes into their list, ascending: the order the list runs them in) that can find something
 * in a file where the keywords `present` occur: those without keywords, and those with one of them, that run on
 * the index's language. The same rules as asking each rule of the list for its language and keywords, from the
 * few keywords a file has rather than the list's 190 rules: on outline (2,620 files) that was about 0.1 CPU-s a scan.
 */
export function textRulesWanted(index: TextRuleIndex, present: ReadonlySet<string>): number[] {
  const out = index.always.slice();
  present.forEach((k) => {
    const list = index.byKeyword.get(k);
    if (list) for (let i = 0; i < list.length; i++) out.push(list[i]!);
  });
  if (out.length > 1) {
    // By insertion: a file picks a few rules, and `sort` copied them into a work array of its own each time.
    for (let i = 1; i < out.length; i++) {
      const r = out[i]!;
      let j = i;
      for (; j > 0 && out[j - 1]! > r; j--) out[j] = out[j - 1]!;
      out[j] = r;
    }
    // A rule with two keywords in the file is listed twice.
    let n = 1;
    for (let i = 1; i < out.length; i++) if (out[i] !== out[n - 1]) out[n++] = out[i]!;
    out.length = n;
  }
  if (index.limited.size === 0) return out;
  let n = 0;
  for (let i = 0; i < out.length; i++) {
    const r = out[i]!;
    if (!index.limited.has(r) || textRuleRunsOn(index.rules[r]!.text!.spec, index.language)) out[n++] = r;
  }
  out.length = n;
  return out;
}

/** Whether a text rule runs on files of `language` (its `languages` and `excludeLanguages`). */
function textRuleRunsOn(spec: TextRuleSpec, language: string): boolean {
  return (!spec.languages || spec.languages.includes(language)) && !spec.excludeLanguages?.includes(language);
}

/**
 * The keywords of the rules `analyze` can run on a file of `language` (`parsed`: the AST rules run on
 * it): text rules for that language, AST rules when the file is parsed, tree rules when the language
 * has them, and template rules (which depend on the path too, and have few keywords). Every rule that
 * runs has all its keywords in it, so `present` answers for those exactly as the index of all rules did.
 */
function keywordIndex(ruleset: Ruleset, language: string, parsed: boolean): KeywordIndex {
  let byLanguage = keywordIndexes.get(ruleset);
  if (!byLanguage) keywordIndexes.set(ruleset, (byLanguage = [new Map(), new Map()]));
  const known = byLanguage[parsed ? 1 : 0];
  let index = known.get(language);
  if (!index) {
    const tree = hasTreeLanguage(language);
    index = ruleset.keywordsFor(`${language}\0${parsed}\0${tree}`, (r) => (r.text ? textRuleRunsOn(r.text.spec, language) : r.ast ? parsed : r.tree ? tree : true));
    known.set(language, index);
  }
  return index;
}

/**
 * `keywordIndex`'s answers per ruleset, not parsed and parsed, by language (`Ruleset.keywordsFor` keeps them
 * too, under a key and with a filter that were made per file).
 */
const keywordIndexes = new WeakMap<Ruleset, [Map<string, KeywordIndex>, Map<string, KeywordIndex>]>();

/**
 * Whether a rule with these keywords can find anything where `present` (lower-cased) occur. A rule
 * without keywords always runs. Rules spell keywords in any case; their lower-cased forms are made once
 * per keyword list, not on every analysis.
 */
function relevant(keywords: readonly string[] | undefined, present: ReadonlySet<string>): boolean {
  if (!keywords?.length) return true;
  let lower = lowerKeywords.get(keywords);
  if (!lower) lowerKeywords.set(keywords, (lower = keywords.map((k) => k.toLowerCase())));
  return anyPresent(lower, present);
}

/** Whether any of `keywords` is in `present` (a loop: a closure per rule per keystroke was garbage). */
function anyPresent(keywords: readonly string[], present: ReadonlySet<string>): boolean {
  for (let i = 0; i < keywords.length; i++) if (present.has(keywords[i]!)) return true;
  return false;
}
const lowerKeywords = new WeakMap<readonly string[], readonly string[]>();

type RuleKind = 'ast' | 'tree' | 'template';
/** One wanted rule of a kind, with its effective severity and options (`AstRuleInstance` and its kin). */
interface Wanted<K extends RuleKind> {
  rule: NonNullable<ActiveRule[K]>;
  severity: ActiveRule['severity'];
  options: ActiveRule['options'];
}

/**
 * The rules of one kind whose keywords occur in the file (`present`): only these can find anything in it.
 * A loop, not `flatMap` with a one-element array per rule: this runs on every keystroke over every rule.
 */
function rulesWanted<K extends RuleKind>(rules: readonly ActiveRule[], kind: K, present: ReadonlySet<string>): Wanted<K>[] {
  const out: Wanted<K>[] = [];
  const ofKind = rulesOfKind(rules, kind);
  for (let i = 0; i < ofKind.length; i++) {
    const r = rules[ofKind[i]!]!;
    const rule = r[kind]!;
    if (relevant(rule.keywords, present)) out.push({ rule, severity: r.severity, options: r.options });
  }
  return out;
}

const kindIndexes = new WeakMap<readonly ActiveRule[], Partial<Record<RuleKind, readonly number[]>>>();

/**
 * The rules of `rules` (`Ruleset.activeFor`'s list, shared by the paths with the same filters) that are of `kind`, as
 * indexes into it, made on first use: a secrets-only scan's list holds about 200 rules, a dozen of them AST rules,
 * and every JavaScript file asked each of the 200 for its AST rule.
 */
function rulesOfKind(rules: readonly ActiveRule[], kind: RuleKind): readonly number[] {
  let byKind = kindIndexes.get(rules);
  if (!byKind) kindIndexes.set(rules, (byKind = {}));
  let list = byKind[kind];
  if (!list) {
    const indexes: number[] = [];
    for (let i = 0; i < rules.length; i++) if (rules[i]![kind]) indexes.push(i);
    byKind[kind] = list = indexes;
  }
  return list;
}

/**
 * What must happen before `analyze` can run on this file: loading its tree-sitter grammar (once per
 * process or thread; asynchronous, as WebAssembly instantiation is). Callers await it before every
 * `analyze` of a file in such a language, so a verdict never depends on whether a load had finished.
 */
export async function prepareLanguages(paths: Iterable<string>, ruleset?: Ruleset): Promise<void> {
  // Given the ruleset, nothing is loaded when no active rule reads a tree-sitter tree: only tree rules
  // and template rules do (template rules also through the render calls collected for them).
  if (ruleset && !ruleset.runs('tree') && !ruleset.runs('template')) return;
  const languages = new Set<string>();
  for (const path of paths) languages.add(detectLanguage(path));
  // .html files may be EJS templates: their EJS parts are read with the embedded_template grammar.
  if (languages.has('html')) languages.add('ejs');
  await Promise.all([...languages].filter(needsGrammar).map(loadGrammar));
}

/** Tree rules, or EJS/ERB templates (read with the embedded_template grammar), need the grammar loaded. */
function needsGrammar(language: string): boolean {
  return hasGrammar(language) && (hasTreeLanguage(language) || language === 'ejs' || language === 'erb');
}

/** `prepareLanguages` for one file (the editor's language id counts when the path says nothing). */
export async function prepareAnalysis(input: Pick<AnalyzeInput, 'path' | 'languageId'>): Promise<void> {
  const language = detectLanguage(input.path, input.languageId);
  if (needsGrammar(language)) await loadGrammar(language);
  if (language === 'html') await loadGrammar('ejs');
}

/**
 * Whether `analyze` would parse this file: it is JavaScript or TypeScript and some AST rule's keywords
 * and text checks match (`scripts/bench/parse-causes.mjs`).
 */
export function wouldParse(input: AnalyzeInput, ruleset: Ruleset, options: Pick<AnalyzeOptions, 'maxFileSize'> = {}): boolean {
  const read = fileToAnalyse(input, ruleset, options);
  if (!read) return false;
  const { text, path, language } = read;
  if (!usesAst(path, language)) return false;
  const present = keywordIndex(ruleset, language, true).present(text);
  return rulesWanted(ruleset.activeFor(path), 'ast', present).some(({ rule }) => passesPrefilter(rule, text));
}

/**
 * Whether `analyze` would run a template rule on this file: it is a template (`templateEngineOf`) and
 * some template rule's keywords are in it. Only then can the project's render facts
 * (`AnalyzeOptions.renders`) change what is found in it; a scan collects them only for such templates.
 */
export function wouldRunTemplateRules(input: AnalyzeInput, ruleset: Ruleset, options: Pick<AnalyzeOptions, 'maxFileSize'> = {}): boolean {
  const read = fileToAnalyse(input, ruleset, options);
  if (!read) return false;
  const { text, path, language } = read;
  if (!templateEngineOf(path, language)) return false;
  const present = keywordIndex(ruleset, language, usesAst(path, language)).present(text);
  return rulesWanted(ruleset.activeFor(path), 'template', present).length > 0;
}

/**
 * The text `analyze` would read from `input` and its language, for the questions about what it would do
 * (`wouldParse`, `wouldRunTemplateRules`); undefined when it would skip the file (ignored, too big, binary…).
 */
function fileToAnalyse(input: AnalyzeInput, ruleset: Ruleset, options: Pick<AnalyzeOptions, 'maxFileSize'>): { text: string; path: string; language: ReturnType<typeof detectLanguage> } | undefined {
  const text = withoutBom(input.text);
  const path = input.path;
  if (ruleset.isIgnored(path) || skipCause(text, path, { maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE }) !== undefined) return undefined;
  return { text, path, language: detectLanguage(path, input.languageId) };
}

/** A leading byte-order mark as a space, so offsets stay those of the file. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

/**
 * Gives every credential finding (reported or suppressed) its guess-proof fingerprint (see
 * `secretFingerprint`) and drops the secret's offsets. Repeats of one fingerprint in a file are
 * numbered in order (`#2`, `#3` hashed in), so each finding keeps its own and none depends on position.
 */
function protectSecretFingerprints(outcome: { findings: Finding[]; suppressed: { finding: Finding }[] }, text: string, key: string | undefined): void {
  const all = [...outcome.findings, ...outcome.suppressed.map((s) => s.finding)].filter((f) => f.secret);
  if (all.length === 0) return;
  const ranges = all.map((f) => f.secret!.at ?? ([f.start, f.end] as const));
  const values = [...new Set(ranges.map(([s, e]) => text.slice(s, e)).filter((v) => v.length >= 4 && v.length <= 4096))].slice(0, 500);
  const fingerprints = all.map((f, i) => {
    const [s, e] = ranges[i]!;
    return secretFingerprint(f.ruleId, text.slice(s, e), key ? '' : secretContext(text, s, e, ranges, values), key);
  });
  // Number repeats in text order, whichever list a finding is in.
  const order = all.map((_, i) => i).sort((a, b) => all[a]!.start - all[b]!.start || all[a]!.end - all[b]!.end);
  const seen = new Map<string, number>();
  const final = new Map<Finding, string>();
  for (const i of order) {
    const fp = fingerprints[i]!;
    const n = (seen.get(fp) ?? 0) + 1;
    seen.set(fp, n);
    final.set(all[i]!, n === 1 ? fp : fingerprint(fp, `#${n}`));
  }
  const protect = (f: Finding): Finding => {
    const fp = final.get(f);
    if (fp === undefined) return f;
    return { ...f, fingerprint: fp, secret: { masked: f.secret!.masked, kind: f.secret!.kind } };
  };
  outcome.findings = outcome.findings.map(protect);
  for (const s of outcome.suppressed) s.finding = protect(s.finding);
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


/**
 * One mistake, one finding: the same rule reporting the same range twice (two patterns) is kept once,
 * and so is one secret claimed by two credential rules (a generic text rule and a specific AST rule):
 * the more severe, then more confident, report wins, also when it stands at the secret's use and names the
 * literal as a related location.
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
  // A constant's literal reported on its own by a weaker rule, while a stronger one reports the same secret
  // where it is used, with the literal as a related location (`const secret = 'shhhhh'` … `jwt.sign(p, secret)`).
  const pointing = secrets.filter((g) => g.related?.length);
  if (pointing.length === 0) return [...kept.values(), ...secrets];
  const usedElsewhere = (f: Finding) => pointing.some((g) => g !== f && outranks(g, f) && g.related!.some((r) => f.start < r.end && r.start < f.end));
  return [...kept.values(), ...secrets.filter((f) => !usedElsewhere(f))];
}

const CONFIDENCE_RANK = { low: 1, medium: 2, high: 3 } as const;

function outranks(a: Finding, b: Finding): boolean {
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  return bySeverity !== 0 ? bySeverity > 0 : CONFIDENCE_RANK[a.confidence] > CONFIDENCE_RANK[b.confidence];
}

/**
 * Credential rules that recognise a secret by its own format (a token prefix and shape, a checksum, a
 * private-key block, a credential file's layout) with high confidence: a leak wherever it sits. Rules
 * that judge a value by where it stands are not among them: the AST credential rules (a session secret,
 * a JWT or cipher key, a database password) and the password slot of a URL or connection string
 * (`mysql://root:pass@localhost`), which in tests and examples hold sample data.
 */
const structuredCache = new WeakMap<Ruleset, ReadonlySet<string>>();
function structuredCredentials(ruleset: Ruleset): ReadonlySet<string> {
  let ids = structuredCache.get(ruleset);
  if (!ids) {
    ids = new Set(ruleset.active
      .filter((r) => r.text && r.meta.category === 'credentials' && r.meta.confidence === 'high' && !r.text.spec.validators?.includes('url-password'))
      .map((r) => r.meta.id));
    structuredCache.set(ruleset, ids);
  }
  return ids;
}

/**
 * Tests, fixtures, examples and docs: structured credentials and dummy-data findings stay as they are;
 * the rest is lowered to info (the default) or hidden, as the ruleset's `testsAndDocs` says.
 */
function inTestsAndDocs(findings: Finding[], path: string, text: string, language: string, ruleset: Ruleset): Finding[] {
  const { findings: mode, extra } = ruleset.testsAndDocs;
  if (mode === 'report' || findings.length === 0 || !nonProductionKind(path, text, language, extra)) return findings;
  const structured = structuredCredentials(ruleset);
  const kept = (f: Finding) => {
    const category = ruleset.meta(f.ruleId)?.category;
    return category === 'test-data' || category === 'suppression' || structured.has(f.ruleId);
  };
  if (mode === 'hide') return findings.filter(kept);
  return findings.map((f) => (kept(f) ? f : { ...f, severity: 'info', confidence: 'low' }));
}
