import { compileGlobs, Glob, globList, GlobSet, listMatcher, type GlobList } from './glob';
import { safeHttpsUrl } from './markdown';
import type { RuleCategory, RuleMeta, Severity } from './types';
import type { AstRule } from './ast';
import type { TreeRule } from '../dataflow/rule';
import type { TemplateRule } from '../templates/rule';
import { compileTextRule, KeywordIndex, type CompiledTextRule, type Matcher, type TextRuleSpec } from './textRules';
import { SUPPRESSION_MARKERS, SUPPRESSION_RULES, type SuppressionPolicy, type SuppressionScope } from './suppression';
import { re2jsMatcher } from './re2Matcher';

/** Every rule Warden knows, before any ruleset has had its say. */
export interface RuleCatalog {
  astRules: AstRule[];
  textRules: TextRuleSpec[];
  /** Rules on template files (rules/template). */
  templateRules?: readonly TemplateRule[];
  /** Rules on tree-sitter trees (Python, Java, PHP, Go, C#, Ruby). */
  treeRules?: readonly TreeRule[];
}

/** The ids of every rule a catalog holds, of every kind (what a team ruleset may name). */
export function catalogRuleIds(catalog: RuleCatalog): string[] {
  return [
    ...catalog.astRules.map((r) => r.meta.id),
    ...(catalog.treeRules ?? []).map((r) => r.meta.id),
    ...(catalog.templateRules ?? []).map((r) => r.meta.id),
    ...catalog.textRules.map((r) => r.id),
  ];
}

export interface PathFilter {
  include?: string[];
  exclude?: string[];
}

/** The effective setting of one rule after presets, team ruleset and user settings are merged. */
export interface RuleSetting {
  severity: Severity | 'off';
  paths?: PathFilter;
  options?: Record<string, unknown>;
}

/** A fully merged ruleset as plain data: what `compileRuleset` turns into something that runs. */
export interface RulesetConfig {
  /** `recommended` (default) leaves out low-confidence rules; `strict` turns everything on. */
  preset?: 'recommended' | 'strict';
  rules?: Record<string, RuleSetting>;
  customRules?: TextRuleSpec[];
  ignorePaths?: string[];
  training?: TrainingConfig;
  /** Rules the team requires: their findings show whatever a developer's own threshold says. */
  required?: string[];
  suppressions?: Partial<Omit<SuppressionPolicy, 'forbid'>> & { forbid?: string[] };
  /** `warden scan` fails (exit 3) when any path was not fully analysed. */
  failOnSkipped?: boolean;
  testsAndDocs?: TestsAndDocsConfig;
  /**
   * The workspace's key for credential fingerprints (never from a ruleset file: the CLI and the
   * server read `.warden/fingerprint.key` or `WARDEN_FINGERPRINT_KEY`). See `secretFingerprint`.
   */
  fingerprintKey?: string;
  /**
   * Only rules of these categories run (`warden scan --category credentials`), after everything above has
   * had its say: every other rule is off whatever its setting, and a suppression that names only rules
   * of other categories is left alone (not applied, not checked, not listed). Never read from a ruleset
   * file: the command line sets it.
   */
  categories?: readonly RuleCategory[];
}

/**
 * What happens to findings in tests, fixtures, examples and docs (`pathKind.ts`). Structured credentials
 * (text rules of the credentials category with high confidence: a real token format, a private key, a
 * credential file; not the AST rules that judge a literal by its position) and the dummy-data rules
 * are reported there as everywhere; the rest is `lower`ed to info with low confidence (the default),
 * `hide`den, or reported as usual (`report`).
 */
export interface TestsAndDocsConfig {
  findings?: 'report' | 'lower' | 'hide';
  /** More globs of files to treat as tests (workspace-relative). */
  paths?: string[];
}

export interface TrainingConfig {
  baseUrl?: string;
  rules?: Record<string, string>;
  cwe?: Record<string, string>;
}

export interface ActiveRule {
  meta: RuleMeta;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
  appliesTo: (relativePath: string) => boolean;
  /**
   * The path filters whose conjunction is `appliesTo` (none: every path), each shared by the rules with
   * the same filter: `activeFor` asks each distinct one once per path.
   */
  pathFilters: readonly PathPredicate[];
  text?: CompiledTextRule;
  ast?: AstRule;
  tree?: TreeRule;
  template?: TemplateRule;
}

export class Ruleset {
  readonly active: ActiveRule[];
  readonly policy: SuppressionPolicy;
  private readonly metas = new Map<string, RuleMeta>();
  private readonly required: ReadonlySet<string>;
  /** The data and catalog it was compiled from, so another thread can compile the same ruleset. */
  source?: { config: RulesetConfig; catalog: RuleCatalog };
  private readonly ignored: (path: string) => boolean;
  /** How findings in tests, fixtures, examples and docs are treated, and extra globs that name such files. */
  readonly testsAndDocs: { findings: 'report' | 'lower' | 'hide'; extra?: (path: string) => boolean };
  /** Key of credential fingerprints, from `RulesetConfig.fingerprintKey`. */
  fingerprintKey?: string;
  /**
   * Rules whose low-confidence findings are shown as info: at the `recommended` preset, every rule the
   * ruleset neither sets nor requires. A sink reached by a value of unknown origin (neither request data nor a
   * constant: the program's own configuration, a build script's values) is such a finding; `strict`, or
   * a severity set for the rule, shows it at the rule's severity.
   */
  lowConfidenceAsInfo: ReadonlySet<string> = new Set();
  /** `RulesetConfig.categories`: the only categories whose rules run; undefined when all may. */
  categories?: ReadonlySet<RuleCategory>;

  constructor(
    active: ActiveRule[],
    allMetas: RuleMeta[],
    ignorePaths: string[],
    policy: SuppressionPolicy,
    readonly training: TrainingConfig,
    required: Iterable<string> = [],
    testsAndDocs: TestsAndDocsConfig = {},
  ) {
    this.testsAndDocs = {
      findings: testsAndDocs.findings ?? 'lower',
      extra: testsAndDocs.paths?.length ? compileGlobs(testsAndDocs.paths) : undefined,
    };
    this.required = new Set(required);
    this.active = active;
    for (const m of allMetas) this.metas.set(m.id, m);
    this.ignored = ignorePaths.length > 0 ? compileGlobs(ignorePaths) : () => false;
    this.policy = policy;
  }

  /**
   * The keyword index of the active rules `mayRun` picks (the engine picks those that can run on one
   * kind of file: its language, whether it is parsed), built on first use under `key` and kept. A
   * file's keyword pass then looks only for keywords of rules that can run on it, and the server's
   * first diagnostics wait only for the index of the first file's kind (the index of every rule took
   * about half of compiling the built-in ruleset).
   *
   * A ruleset narrowed to some categories (`categories`: `warden scan --category credentials`) has one
   * index for every kind of file, that of all its rules: their keywords differ little from one kind to
   * another (the credential rules' lists for outline's kinds of file held 275 to 339 keywords, 295
   * distinct in all), and each index a scan thread builds cold cost milliseconds (eleven of them, about
   * 45 ms of a thread's profile). An index tells exactly which of its keywords occur, so a larger one
   * answers the same for the keywords a kind's rules ask about.
   */
  keywordsFor(key: string, mayRun: (rule: ActiveRule) => boolean): KeywordIndex {
    if (this.categories && key !== EVERY_KIND) return this.keywords;
    let index = this.keywordIndexes.get(key);
    if (!index) {
      // Kinds of file whose rules have the same keywords (most languages, for the credential rules)
      // share one index: it is built once, not once per language. Every index also looks for the
      // suppression markers, so the same pass tells whether a file can hold any (`linesNearMarkers`).
      const keywords = [...this.active.flatMap((r) => (mayRun(r) ? ruleKeywords(r) : [])), ...SUPPRESSION_MARKERS];
      const list = JSON.stringify(keywords);
      index = this.indexesByKeywords.get(list);
      if (!index) this.indexesByKeywords.set(list, (index = new KeywordIndex(keywords)));
      this.keywordIndexes.set(key, index);
    }
    return index;
  }

  private keywordIndexes = new Map<string, KeywordIndex>();
  private indexesByKeywords = new Map<string, KeywordIndex>();

  /**
   * Whether some active rule is of this kind: a scan that runs no template rule collects no render
   * calls, and one that runs neither tree nor template rules loads no tree-sitter grammar.
   */
  runs(kind: 'text' | 'ast' | 'tree' | 'template'): boolean {
    return (this.kinds ??= new Set(this.active.flatMap((r) => RULE_KINDS.filter((k) => r[k] !== undefined)))).has(kind);
  }

  private kinds?: ReadonlySet<string>;

  /** The keyword index of every active rule (built on first use). */
  get keywords(): KeywordIndex {
    return this.keywordsFor(EVERY_KIND, () => true);
  }

  /** Metadata of any known rule, enabled or not. */
  meta(ruleId: string): RuleMeta | undefined {
    return this.metas.get(ruleId);
  }

  allMetas(): RuleMeta[] {
    return [...this.metas.values()];
  }

  /** Whether the team ruleset marks any rule required. */
  hasRequired(): boolean {
    return this.active.some((r) => this.required.has(r.meta.id));
  }

  /**
   * The same ruleset with only the rules the team requires: what still runs where a developer's own
   * settings (`enable`, `exclude`, a smaller size limit) turn Warden off. Not handed to other threads.
   */
  onlyRequired(): Ruleset {
    if (!this.requiredOnly) {
      const active = this.active.filter((r) => this.required.has(r.meta.id));
      const only: Ruleset = Object.create(Ruleset.prototype) as Ruleset;
      Object.assign(only, this, { active, keywordIndexes: new Map(), indexesByKeywords: new Map(), source: undefined, requiredOnly: undefined, byFilters: undefined, lastActive: undefined, kinds: undefined });
      this.requiredOnly = only;
      return only;
    }
    return this.requiredOnly;
  }

  private requiredOnly?: Ruleset;

  /**
   * The active rules whose path filters take `relativePath`. The last answer is kept: the editor
   * analyses one file again and again as it is typed into, and glob filters cost a little each time.
   * Each distinct filter is asked once per path, and paths with the same answers share one list (a
   * scan's files fall into a few such groups), so no list of the rules is made per file.
   */
  activeFor(relativePath: string): ActiveRule[] {
    const last = this.lastActive;
    if (last && last.path === relativePath && last.ruleset === this) return last.rules;
    const groups = (this.byFilters ??= new FilterGroups(this.active));
    const rules = groups.rulesFor(relativePath);
    this.lastActive = { path: relativePath, rules, ruleset: this };
    return rules;
  }

  /** `activeFor`'s last answer (`ruleset`: for which object, as `onlyRequired` copies this one's fields). */
  private lastActive?: { path: string; rules: ActiveRule[]; ruleset: Ruleset };

  /**
   * The suppressions that concern this ruleset's analyses (`applySuppressions`): all of them, unless
   * `categories` narrows the rules. Then a suppression concerns it when it names a rule of those
   * categories, or an id no rule has (a typo perhaps, still checked and reported).
   */
  get suppressionScope(): SuppressionScope | undefined {
    const categories = this.categories;
    if (!categories) return undefined;
    return (this.scope ??= {
      rule: (ruleId) => {
        const meta = this.metas.get(ruleId);
        return !meta || categories.has(meta.category);
      },
      credentials: categories.has('credentials'),
    });
  }

  private scope?: SuppressionScope;

  /** The active rules grouped by their path filters' answers (built on first use). */
  private byFilters?: FilterGroups;

  /** Whether the team ruleset marks the rule required, so no personal setting may hide it. */
  isRequired(ruleId: string): boolean {
    return this.required.has(ruleId);
  }

  isIgnored(relativePath: string): boolean {
    return this.ignored(relativePath);
  }

  /** The team's lesson for a rule: by rule id, then by CWE, then under the base URL. */
  teamLesson(ruleId: string): string | undefined {
    const t = this.training;
    const byRule = t.rules?.[ruleId] && safeHttpsUrl(t.rules[ruleId]);
    if (byRule) return byRule;
    for (const cwe of this.metas.get(ruleId)?.cwe ?? []) {
      const byCwe = t.cwe?.[cwe] && safeHttpsUrl(t.cwe[cwe]);
      if (byCwe) return byCwe;
    }
    const base = t.baseUrl && safeHttpsUrl(t.baseUrl);
    if (base) return safeHttpsUrl(new URL(encodeURIComponent(ruleId), base.endsWith('/') ? base : `${base}/`).toString());
    return undefined;
  }
}

/** The keywords a rule needs in a file before it can find anything there (none: it always runs). */
const RULE_KINDS = ['text', 'ast', 'tree', 'template'] as const;

/** `Ruleset.keywordsFor`'s key for the index of every active rule. */
const EVERY_KIND = '*';

function ruleKeywords(r: ActiveRule): readonly string[] {
  return r.text?.keywords ?? r.ast?.keywords ?? r.tree?.keywords ?? r.template?.keywords ?? [];
}

type PathPredicate = (relativePath: string) => boolean;

/** The filter of a rule without paths: every path. One object, so `activeFor` never asks it. */
const EVERY_PATH: PathPredicate = () => true;

/** A path filter's globs (`pathFilter`): `include` and `exclude` each a `globList`, absent when not given. */
interface FilterGlobs {
  include?: GlobList;
  exclude?: GlobList;
}

/** The globs of the filters `pathFilter` made, for `FilterGroups` to ask all of them at once. */
const filterGlobs = new WeakMap<PathPredicate, FilterGlobs>();

/**
 * The active rules by the answers of their distinct path filters: a path's rules are those whose
 * filters all take it, and every path with the same answers gets the same list (read-only for callers).
 */
class FilterGroups {
  private readonly filters: PathPredicate[] = [];
  /** Per rule, the indexes of its filters in `filters`. */
  private readonly ruleFilters: number[][];
  private readonly lists = new Map<number | string, ActiveRule[]>();
  private readonly answers: boolean[];
  /**
   * Every glob of the filters asked at once (`GlobSet`), when it can be: a path's rules then follow from
   * which globs match it (`lists` by those bits), each filter no longer asked glob by glob.
   */
  private readonly globs?: { set: GlobSet; answer: ((bits: number) => boolean)[] };

  constructor(private readonly rules: readonly ActiveRule[]) {
    const index = new Map<PathPredicate, number>();
    this.ruleFilters = rules.map((r) => r.pathFilters.map((f) => {
      let i = index.get(f);
      if (i === undefined) {
        index.set(f, (i = this.filters.length));
        this.filters.push(f);
      }
      return i;
    }));
    this.answers = new Array<boolean>(this.filters.length).fill(false);
    const parts = this.filters.map((f) => filterGlobs.get(f));
    if (parts.every((p) => p !== undefined)) {
      const all: Glob[] = [];
      const bitOf = (glob: Glob | undefined) => {
        if (!glob) return 0;
        let i = all.indexOf(glob);
        if (i < 0) i = all.push(glob) - 1;
        return 2 ** i;
      };
      // As `compileGlobs`: any positive (or none given) and no negative; a list of neither matches nothing.
      const list = (l: FilterGlobs['include']) => {
        if (!l) return undefined;
        const positive = bitOf(l.positive);
        const negative = bitOf(l.negative);
        return (bits: number) => (positive !== 0 || negative !== 0) && (positive === 0 || (bits & positive) !== 0) && (bits & negative) === 0;
      };
      const answer = parts.map(({ include, exclude }) => {
        const inc = list(include);
        const exc = list(exclude);
        return (bits: number) => (!inc || inc(bits)) && !(exc && exc(bits));
      });
      const set = GlobSet.of(all);
      if (set) this.globs = { set, answer };
    }
  }

  rulesFor(relativePath: string): ActiveRule[] {
    const { filters, answers, globs } = this;
    let key: number | string;
    if (globs) {
      // The globs' bits decide every filter's answer: they are the key.
      key = globs.set.matching(relativePath);
      const list = this.lists.get(key);
      if (list) return list;
      for (let i = 0; i < filters.length; i++) answers[i] = globs.answer[i]!(key);
    } else {
      // The answers as a key: bits of a number for up to 30 filters (the built-in rules have 15), else a string.
      key = filters.length <= 30 ? 0 : '';
      for (let i = 0; i < filters.length; i++) {
        const yes = filters[i]!(relativePath);
        answers[i] = yes;
        if (typeof key === 'number') key += yes ? 2 ** i : 0;
        else key += yes ? '1' : '0';
      }
    }
    let list = this.lists.get(key);
    if (!list) {
      list = this.rules.filter((_, r) => this.ruleFilters[r]!.every((i) => answers[i]));
      this.lists.set(key, list);
    }
    return list;
  }
}

function pathFilter(paths: PathFilter | undefined): PathPredicate {
  if (!paths || (!paths.include?.length && !paths.exclude?.length)) return EVERY_PATH;
  const globs: FilterGlobs = {
    include: paths.include?.length ? globList(paths.include) : undefined,
    exclude: paths.exclude?.length ? globList(paths.exclude) : undefined,
  };
  const include = globs.include ? listMatcher(globs.include) : () => true;
  const exclude = globs.exclude ? listMatcher(globs.exclude) : () => false;
  const filter: PathPredicate = (p) => include(p) && !exclude(p);
  filterGlobs.set(filter, globs);
  return filter;
}

/**
 * `pathFilter`, one object per distinct filter: many built-in rules share one list (the test-folder
 * exclusions), and `activeFor` (`FilterGroups`) asks each distinct filter once per path, not once per rule.
 */
function sharedPathFilters(): (paths: PathFilter | undefined) => PathPredicate {
  const byKey = new Map<string, PathPredicate>();
  return (paths) => {
    if (!paths) return EVERY_PATH;
    const key = JSON.stringify([paths.include ?? [], paths.exclude ?? []]);
    let filter = byKey.get(key);
    if (!filter) byKey.set(key, (filter = pathFilter(paths)));
    return filter;
  };
}

/** The conjunction of `filters` (every path when there are none). */
function allOf(filters: readonly PathPredicate[]): PathPredicate {
  if (filters.length <= 1) return filters[0] ?? EVERY_PATH;
  return (p) => filters.every((f) => f(p));
}

/**
 * Turns merged ruleset data into runnable rules. Throws on unknown rule ids in `rules` only through
 * the loader's validation; here unknown ids are ignored so an old ruleset never stops analysis.
 */
/**
 * Custom rules run on the linear-time RE2 engine by default: their patterns were not vetted in advance.
 */
export function compileRuleset(
  config: RulesetConfig,
  catalog: RuleCatalog,
  customMatcher: (p: string, f?: string) => Matcher = re2jsMatcher,
): Ruleset {
  const preset = config.preset ?? 'recommended';
  const settings = config.rules ?? {};
  const active: ActiveRule[] = [];
  const metas: RuleMeta[] = [...SUPPRESSION_RULES];

  const specFilter = sharedPathFilters();
  const activate = (meta: RuleMeta, specPaths: PathFilter | undefined, extra: Pick<ActiveRule, 'text' | 'ast' | 'tree' | 'template'>) => {
    metas.push(meta);
    const setting = settings[meta.id];
    const defaultOn = preset === 'strict' || meta.confidence !== 'low';
    const severity = setting ? setting.severity : defaultOn ? meta.severity : 'off';
    if (severity === 'off' || (config.categories && !config.categories.includes(meta.category))) return;
    const pathFilters = [specFilter(specPaths), pathFilter(setting?.paths)].filter((f) => f !== EVERY_PATH);
    active.push({
      meta,
      severity,
      options: setting?.options ?? {},
      appliesTo: allOf(pathFilters),
      pathFilters,
      ...extra,
    });
  };

  for (const rule of catalog.astRules) activate(rule.meta, undefined, { ast: rule });
  for (const rule of catalog.treeRules ?? []) activate(rule.meta, undefined, { tree: rule });
  for (const rule of catalog.templateRules ?? []) activate(rule.meta, undefined, { template: rule });
  for (const spec of catalog.textRules) {
    const text = compileTextRule(spec);
    activate(text.meta, spec.paths, { text });
  }
  for (const spec of config.customRules ?? []) {
    const text = compileTextRule({ ...spec, category: spec.category ?? 'custom' }, customMatcher);
    activate(text.meta, spec.paths, { text });
  }

  const policy: SuppressionPolicy = {
    forbid: new Set(config.suppressions?.forbid ?? []),
    required: new Set(config.required ?? []),
    maxDays: config.suppressions?.maxDays,
    honourThirdParty: config.suppressions?.honourThirdParty ?? true,
  };
  const ruleset = new Ruleset(active, metas, config.ignorePaths ?? [], policy, config.training ?? {}, config.required ?? [], config.testsAndDocs);
  ruleset.fingerprintKey = config.fingerprintKey;
  if (config.categories) ruleset.categories = new Set(config.categories);
  // A rule the team sets or requires keeps its severity for every finding.
  const required = new Set(config.required ?? []);
  if (preset === 'recommended') ruleset.lowConfidenceAsInfo = new Set(active.map((r) => r.meta.id).filter((id) => !settings[id] && !required.has(id)));
  if (customMatcher === re2jsMatcher) ruleset.source = { config, catalog };
  return ruleset;
}
