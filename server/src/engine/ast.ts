import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Confidence, Finding, FindingSecret, Fix, RelatedLocation, RuleMeta, Severity } from './types';
import type { ProjectFacts } from './project';
import { fingerprint, secretFingerprint } from './secrets';
import { parseProgram, runDeferred, type ParseCache, type PrefilterMemo } from './reparse';
import { changedSpan } from './textRules';
import { Absences } from './absence';
import { recordNodes, walkPreorder } from './tree';
import { printable, quoteSource } from './printable';
import { hasPreviousRun, planReuse, previousFileText, recordUnitsRun, rememberRun, splitUnits, unitFacts, type Placed, type Unit } from './astReuse';

export type { TSESTree };

export interface AstReport {
  /** The node (or `[start, end]` range) the finding points at. */
  node: TSESTree.Node | TSESTree.Token | readonly [number, number];
  message: string;
  fix?: Fix;
  suggestions?: Fix[];
  /** Overrides the rule's default, e.g. `high` when request data reaches the sink. */
  confidence?: Confidence;
  severity?: Severity;
  /** For credential findings: the masked value and its kind. */
  secret?: FindingSecret;
  /** Other places the message refers to: where request data enters and where the text is built (the finding stays at its sink), a constant's literal reported at its use. */
  related?: RelatedLocation[];
}

export interface AstContext {
  readonly text: string;
  readonly path: string;
  readonly language: string;
  /** The rule's options from the effective ruleset. */
  readonly options: Readonly<Record<string, unknown>>;
  /** What the nearest package.json says (dependency versions), when the caller read it. */
  readonly project?: ProjectFacts;
  report(report: AstReport): void;
  /**
   * `text.includes(word)`, the same answer, without reading the text when the analysis's keyword pass proves
   * the word absent (a keyword inside it does not occur: `KeywordIndex.absentFrom`). For the whole-text tests
   * rules make before the walk (`'mustache'` loaded?): a 1 MB file read once per word was 20-40 ms of its analysis.
   */
  textIncludes(word: string): boolean;
  /** Source text of a node. */
  source(node: TSESTree.Node): string;
  /** Source text of a node to quote in a message: one line, control characters escaped, shortened. */
  quote(node: TSESTree.Node): string;
}

type NodeOfType<K extends TSESTree.Node['type']> = Extract<TSESTree.Node, { type: K }>;

/** A visitor per node type; nodes arrive with `parent` set. */
export type AstVisitors = { [K in TSESTree.Node['type']]?: (node: NodeOfType<K>) => void };

export interface AstRule {
  kind: 'ast';
  meta: RuleMeta;
  /**
   * Case-insensitive words one of which must occur in a file for the rule to find anything there
   * (`createHash` for a hashing rule). When no active rule's keyword occurs, the file is not parsed.
   * A rule without keywords always runs.
   */
  keywords?: readonly string[];
  /**
   * Finer text checks, all of which must match (non-global regexes, linear, run only after a keyword
   * matched): e.g. a sink call and a request source both present. A rule whose checks fail is left
   * out, and when no rule is left the file is not parsed at all.
   */
  prefilter?: readonly RegExp[];
  /**
   * How far the rule reads, for the editor's per-function reuse (ARCHITECTURE.md, "Per-function reuse of
   * JS/TS findings"): `'unit'` when what it reports from a node depends only on that node's function
   * unit, the root's code, the data flow's cross-function links and the `fileText` tests; `'file'` (the
   * default) when it reads or collects anything else, so it runs on every node after every edit.
   */
  scope?: 'unit' | 'file';
  /** Whole-text tests whose answers a `'unit'` rule's verdicts depend on (`re.test(context.text)`, `context.text.includes(…)`). */
  fileText?: readonly RegExp[];
  create(context: AstContext): AstVisitors;
}

/** `fileText` tests for words a rule looks for with `context.text.includes(word)`. */
export function mentions(...words: string[]): RegExp[] {
  return words.map((w) => {
    const re = new RegExp(w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    literalWords.set(re, w);
    return re;
  });
}

/** The word each `mentions` regex looks for. */
const literalWords = new WeakMap<RegExp, string>();

export function defineAstRule(rule: Omit<AstRule, 'kind'>): AstRule {
  return { kind: 'ast', ...rule };
}

export interface AstRun {
  findings: Finding[];
  parseError?: string;
  ruleErrors: { ruleId: string; error: string }[];
  /** Set when `shouldStop` cut the walk short: the rules saw only part of the file. */
  stopped?: boolean;
}

export interface AstRuleInstance {
  rule: AstRule;
  /** The effective severity from the ruleset; a report may raise it for a stronger finding. */
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
}

/**
 * Parse once (or only what an edit touched, given the document's `cache`), walk once, dispatch each
 * node to every rule that asked for its type. `answers`: prefilter answers already known for this
 * text (`passesPrefilter`), filled in as more are asked. `provedAbsent`: words the caller's keyword pass
 * proves absent from the text (`KeywordIndex.absentFrom`), for `AstContext.textIncludes`.
 */
export function runAstRules(
  text: string, path: string, language: string, jsx: boolean, rules: AstRuleInstance[], shouldStop: () => boolean = () => false,
  cache?: ParseCache, answers: Map<RegExp, boolean> = new Map(), project?: ProjectFacts | (() => ProjectFacts | undefined),
  provedAbsent?: (word: string) => boolean,
): AstRun {
  const findings: Finding[] = [];
  const ruleErrors: AstRun['ruleErrors'] = [];
  if (cache) runDeferred(cache);
  const memo = cache && prefilterMemo(cache, text);
  rules = rules.filter(({ rule }) => passesPrefilter(rule, text, memo, answers));
  if (rules.length === 0) return { findings, ruleErrors };
  // Given as a function, the project's facts are read only for a file some rule parses (a scan's thread
  // stats the folders up to the nearest package.json for each new folder).
  const facts = typeof project === 'function' ? project() : project;

  let program: TSESTree.Program;
  try {
    program = parseProgram(text, jsx, cache);
  } catch (error) {
    if (cache) rememberRun(cache, undefined);
    return { findings, ruleErrors, parseError: describeParseError(error) };
  }

  // The handlers by node type, kept for the document's next version (`Dispatch`).
  const dispatch = startDispatch(cache);
  const failed = new Set<string>();
  let visited = 0;
  let stopped = false;
  // With the document's cache (the editor), each finding is placed: the node it was reported from and
  // the rule, so that the next version can keep those of the functions an edit cannot have changed.
  const placed: Placed[] | undefined = cache ? [] : undefined;
  let at = 0;

  // Shared by every rule's context: they read only the text (two closures per rule per keystroke, before).
  const source = (node: TSESTree.Node) => text.slice(node.start, node.end);
  const quote = (node: TSESTree.Node) => quoteSource(text.slice(node.start, node.end));
  // Several rules ask for the same word (`jsonwebtoken`, `express-session`): each is answered once.
  const included = new Map<string, boolean>();
  const textIncludes = (word: string) => {
    let answer = included.get(word);
    if (answer === undefined) included.set(word, (answer = !provedAbsent?.(word) && text.includes(word)));
    return answer;
  };
  rules.forEach(({ rule, options, severity }, r) => {
    const meta = rule.meta;
    const context: AstContext = {
      text, path, language, options, source, quote, textIncludes, project: facts,
      report(report) {
        const [start, end] = 'type' in report.node ? [report.node.start, report.node.end] : report.node;
        const finding: Finding = {
          ruleId: meta.id,
          severity: report.severity ?? severity,
          confidence: report.confidence ?? meta.confidence,
          message: printable(report.message),
          start,
          end,
          cwe: meta.cwe,
          owasp: meta.owasp,
          fix: report.fix,
          suggestions: report.suggestions ?? [],
          secret: report.secret,
          ...(report.related?.length ? { related: report.related.map((r) => ({ ...r, message: printable(r.message) })) } : {}),
          // A secret's fingerprint is made by the engine, from its context or under the workspace key.
          fingerprint: report.secret ? secretFingerprint(meta.id, '', '', undefined) : fingerprint(meta.id, normaliseSpace(text.slice(start, end))),
        };
        if (placed) placed.push({ finding, node: at, rule: r });
        else findings.push(finding);
      },
    };
    let visitors: AstVisitors;
    try {
      visitors = rule.create(context);
    } catch (error) {
      ruleErrors.push({ ruleId: meta.id, error: String(error) });
      return;
    }
    // No `Object.entries` or list of maps per rule: this runs for every rule on every keystroke.
    for (const type in visitors) {
      if (!Object.hasOwn(visitors, type)) continue;
      const fn = (visitors as Record<string, unknown>)[type];
      if (typeof fn !== 'function') continue;
      addToDispatch(dispatch, rule, type, fn as (node: TSESTree.Node) => void);
    }
  });
  const { handlers, fileHandlers } = endDispatch(dispatch, cache);

  // Rules look at a node's descendants, and data-flow helpers climb back up from them, so every node
  // gets its `parent` before any rule runs: one walk collects the nodes rules asked for, then they run.
  let nodes: readonly TSESTree.Node[];
  try {
    // After an edit the re-parse has already made the list, walking only the nodes it parsed (reparse.ts).
    nodes = cache?.nodes && cache.nodesOf === program ? recorded(program, cache.nodes) : preorder(program);
    if (cache) Object.assign(cache, { nodes, nodesOf: program });
  } catch (error) {
    if (cache) rememberRun(cache, undefined);
    return { findings: [], ruleErrors, parseError: describeParseError(error) };
  }
  // Units and whole-text answers serve the reuse of a previous run's findings; a document's first run (an
  // open) has none to reuse, and reads them for the next version only, once it has answered (`remember`).
  const reusing = cache !== undefined && hasPreviousRun(cache);
  const units = reusing ? splitUnits(program, nodes, text) : undefined;
  const textFacts = reusing ? fileTextAnswers(rules, text, memo, cache) : '';
  const plan = cache && units ? planReuse(cache, text, path, rules, textFacts, units, nodes) : undefined;
  // The unit each node belongs to, walking the runs in order; `skip` when only file-scoped rules visit it.
  let unit = 0;
  let ui = 1;
  let next = units && units.length > 1 ? units[1]!.first : Infinity;
  let unitEnd = Infinity;
  let skip = false;
  const runAll = fileHandlers.size > 0;
  // Indexed loops, no list of the wanted nodes: this runs on every keystroke, and what it allocates
  // is paid again in garbage collection.
  for (let n = 0; n < nodes.length; n++) {
    if (n === unitEnd) {
      unit = 0;
      unitEnd = Infinity;
      skip = false;
    }
    if (n === next) {
      unit = ui++;
      unitEnd = units![unit]!.end;
      next = units![ui]?.first ?? Infinity;
      skip = plan !== undefined && !plan.run.has(unit);
      if (skip && !runAll) {
        n = unitEnd - 1;
        continue;
      }
    }
    const node = nodes[n]!;
    const list = (skip ? fileHandlers : handlers).get(node.type);
    if (!list) continue;
    // The time budget is checked every few hundred nodes, not on each (a clock read costs more than most visits).
    if (++visited % 256 === 0 && (stopped = shouldStop())) break;
    at = n;
    for (let h = 0; h < list.length; h++) {
      const handler = list[h]!;
      if (failed.has(handler.ruleId)) continue;
      try {
        handler.fn(node);
      } catch (error) {
        // A broken rule is isolated: reported once, the other rules go on.
        failed.add(handler.ruleId);
        ruleErrors.push({ ruleId: handler.ruleId, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  if (!cache || !placed) return stopped ? { findings, ruleErrors, stopped } : { findings, ruleErrors };
  // In the order a whole-file run reports them: by node, then rule, then report.
  const all = plan ? placed.concat(plan.kept).sort((a, b) => a.node - b.node || a.rule - b.rule) : placed;
  for (const p of all) findings.push(p.finding);
  if (stopped || ruleErrors.length > 0) {
    const split = units ?? splitUnits(program, nodes, text);
    recordUnitsRun(cache, plan ? plan.run.size : split.length, split.length);
    rememberRun(cache, undefined);
    return stopped ? { findings, ruleErrors, stopped } : { findings, ruleErrors };
  }
  // What the next version reuses: the unit-scoped rules' findings by unit, and every unit's facts (after
  // a reuse most were carried over). No finding of this version needs them: done once it has answered
  // (`settleParseCache`), before the next version's re-parse moves these nodes.
  (cache.deferred ??= []).push(() => {
    const split = units ?? splitUnits(program, nodes, text);
    recordUnitsRun(cache, plan ? plan.run.size : split.length, split.length);
    const found: Placed[][] = split.map(() => []);
    const unitOf = unitIndexer(split);
    for (const p of all) if (rules[p.rule]!.rule.scope === 'unit') found[unitOf(p.node)]!.push(p);
    for (let u = 0; u < split.length; u++) unitFacts(split, u, nodes, text);
    const fileText = units ? textFacts : fileTextAnswers(rules, text, memo, cache);
    rememberRun(cache, { text, path, rules, fileText, units: split, found, links: plan?.links });
  });
  return { findings, ruleErrors };
}

function addHandler<H>(map: Map<string, H[]>, type: string, handler: H): void {
  const list = map.get(type);
  if (list) list.push(handler);
  else map.set(type, [handler]);
}

type Handler = { ruleId: string; fn: (node: TSESTree.Node) => void; type: string; of: AstRule };

/**
 * Which rule's visitor runs on which node type: every handler in the order the rules made them, and
 * the maps by type (`fileHandlers`: only the `'file'`-scoped rules', for the nodes of a unit whose
 * findings are kept). The rules make new visitor functions on every run, but on a document's next
 * version the same rules mostly make them for the same types in the same order: then the handlers
 * and maps of the last run are kept and only their functions replaced, instead of about a hundred
 * handlers, their lists and two maps made again on every keystroke. `matched` counts the handlers
 * that matched the kept ones (rule and node type, in order); at the first that does not, or
 * when the count differs, the maps are built afresh from this run's handlers.
 */
interface Dispatch {
  slots: Handler[];
  handlers: Map<string, Handler[]>;
  fileHandlers: Map<string, Handler[]>;
  matched: number;
  fresh: boolean;
}

const dispatches = new WeakMap<ParseCache, Dispatch>();

function startDispatch(cache: ParseCache | undefined): Dispatch {
  const kept = cache ? dispatches.get(cache) : undefined;
  if (cache && kept) {
    // Registered again only once this run's maps are complete (`endDispatch`).
    dispatches.delete(cache);
    kept.matched = 0;
    kept.fresh = false;
    return kept;
  }
  return { slots: [], handlers: new Map(), fileHandlers: new Map(), matched: 0, fresh: true };
}

function addToDispatch(d: Dispatch, of: AstRule, type: string, fn: (node: TSESTree.Node) => void): void {
  if (!d.fresh) {
    const slot = d.slots[d.matched];
    if (slot && slot.of === of && slot.type === type) {
      slot.fn = fn;
      d.matched++;
      return;
    }
    // Different from the last run from here on: keep the handlers that matched, build the rest.
    d.slots.length = d.matched;
    d.fresh = true;
  }
  d.slots.push({ ruleId: of.meta.id, fn, type, of });
}

function endDispatch(d: Dispatch, cache: ParseCache | undefined): Pick<Dispatch, 'handlers' | 'fileHandlers'> {
  if (!d.fresh && d.matched !== d.slots.length) {
    d.slots.length = d.matched;
    d.fresh = true;
  }
  if (d.fresh) {
    d.handlers = new Map();
    d.fileHandlers = new Map();
    for (const handler of d.slots) {
      addHandler(d.handlers, handler.type, handler);
      if (handler.of.scope !== 'unit') addHandler(d.fileHandlers, handler.type, handler);
    }
  }
  if (cache) dispatches.set(cache, d);
  return d;
}

/** The unit of a node index, for indices asked in increasing order. */
function unitIndexer(units: Unit[]): (node: number) => number {
  let u = 1;
  return (node) => {
    while (u < units.length && units[u]!.end <= node) u++;
    return u < units.length && units[u]!.first <= node ? u : 0;
  };
}

/**
 * The answers of the unit-scoped rules' whole-text tests (`AstRule.fileText`), as one string. A word
 * (`mentions`) absent from the previous version can only occur now across the edit: only the edited
 * span and a word's length either side are searched (the same answer as a search of the whole text).
 */
function fileTextAnswers(rules: AstRuleInstance[], text: string, memo: PrefilterMemo | undefined, cache: ParseCache | undefined): string {
  const before = cache && previousFileText(cache, rules);
  const span = before && changedSpan(before.text, text);
  let answers = '';
  for (const { rule } of rules) {
    if (rule.scope !== 'unit' || !rule.fileText) continue;
    for (const re of rule.fileText) {
      const word = literalWords.get(re);
      const i = answers.length;
      if (word !== undefined && span && before.fileText[i] === '0') {
        answers += text.slice(Math.max(0, span.start - word.length + 1), span.newEnd + word.length - 1).includes(word) ? '1' : '0';
      } else {
        answers += (memo ? matchesRemembered(re, text, memo) : re.test(text)) ? '1' : '0';
      }
    }
  }
  return answers;
}

/**
 * The rule's finer text checks (all must match) pass on `text`. With a document's `memo`, a check that
 * matched the previous version is first tried where it matched then (moved past the edit): a match
 * there is a match in the text, so the answer is the same as a search, without reading the whole text
 * again. Any other check searches the whole text and remembers where it matched.
 */
export function passesPrefilter(rule: AstRule, text: string, memo?: PrefilterMemo, answers?: Map<RegExp, boolean>): boolean {
  const checks = rule.prefilter;
  if (!checks) return true;
  // A loop, not `every` with a closure: asked for every AST rule on every keystroke.
  for (let i = 0; i < checks.length; i++) if (!prefilterMatches(checks[i]!, text, memo, answers)) return false;
  return true;
}

function prefilterMatches(re: RegExp, text: string, memo: PrefilterMemo | undefined, answers: Map<RegExp, boolean> | undefined): boolean {
  if (memo) return matchesRemembered(re, text, memo);
  // Seven sink rules check the same request-source pattern (`REQUEST_TEXT`), each its own RegExp:
  // with `answers` (one per text), the text is searched once per distinct pattern.
  if (!answers || re.global || re.sticky) return re.test(text);
  const same = samePattern(re);
  let answer = answers.get(same);
  if (answer === undefined) answers.set(same, (answer = re.test(text)));
  return answer;
}

const patterns = new Map<string, RegExp>();
const representative = new WeakMap<RegExp, RegExp>();

/** One RegExp for all those with `re`'s source and flags (the first one met). */
function samePattern(re: RegExp): RegExp {
  let same = representative.get(re);
  if (!same) {
    const key = `${re.flags}/${re.source}`;
    same = patterns.get(key);
    if (!same) patterns.set(key, (same = re));
    representative.set(re, same);
  }
  return same;
}

/** The document's prefilter memo, with the positions it holds moved to `text` (the version now analysed). */
export function prefilterMemo(cache: ParseCache, text: string): PrefilterMemo {
  const memo = (cache.prefilters ??= { text, at: new Map(), absent: new Absences() });
  memo.absent.advance(text);
  if (memo.text !== text) {
    const { start, oldEnd, newEnd } = changedSpan(memo.text, text);
    const positions = memo.at;
    // `forEach`, not `for…of`: the iterator made an [key, value] array per remembered match.
    positions.forEach((at, re) => {
      if (at >= oldEnd) positions.set(re, at + newEnd - oldEnd);
      else if (at > start) positions.set(re, start); // inside the edit: worth a try where it began
    });
    memo.text = text;
  }
  return memo;
}

const stickyCopies = new WeakMap<RegExp, RegExp>();

function matchesRemembered(re: RegExp, text: string, memo: PrefilterMemo): boolean {
  if (re.global || re.sticky) return re.test(text); // their `lastIndex` is state: not remembered
  const at = memo.at.get(re);
  if (at === undefined && memo.absent.holds(re)) return false;
  if (at !== undefined && at <= text.length) {
    let sticky = stickyCopies.get(re);
    if (!sticky) stickyCopies.set(re, (sticky = new RegExp(re.source, `${re.flags}y`)));
    sticky.lastIndex = at;
    if (sticky.test(text)) return true;
  }
  const found = re.exec(text);
  if (found) {
    memo.at.set(re, found.index);
    memo.absent.forget(re);
  } else {
    memo.at.delete(re);
    // Proven absent, the next versions need not search again until an edit brings one of its words.
    memo.absent.failed(re, re, text);
  }
  return found !== null;
}

/**
 * Sets `parent` on every node under `root` and returns every node in source order (pre-order, as a
 * recursive walk would visit them); `recordNodes` keeps the list for the passes that need every node.
 * Iterative, so deep nesting cannot overflow.
 */
function preorder(root: TSESTree.Node): readonly TSESTree.Node[] {
  // Sized from the last tree walked (the same document's previous version, as a rule): the list is
  // filled without being copied as it grows.
  // (V8 makes a longer `new Array(n)` a slow dictionary: a bigger tree's list grows as it goes.)
  const all: TSESTree.Node[] = lastNodeCount <= PRESIZE_LIMIT ? new Array<TSESTree.Node>(lastNodeCount) : [];
  all.length = walkPreorder(root, undefined, 0, all, 0);
  return recorded(root, all);
}

function recorded(root: TSESTree.Node, all: readonly TSESTree.Node[]): readonly TSESTree.Node[] {
  lastNodeCount = all.length;
  recordNodes(root, all);
  return all;
}

let lastNodeCount = 0;
const PRESIZE_LIMIT = 50_000;

function describeParseError(error: unknown): string {
  if (error instanceof RangeError) return 'the code is nested too deeply to parse; the text rules still ran';
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { message: string; location?: { start?: { line: number; column: number } } };
    const at = e.location?.start ? ` (line ${e.location.start.line}, column ${e.location.start.column + 1})` : '';
    return `${e.message}${at}`;
  }
  return String(error);
}

function normaliseSpace(s: string): string {
  return s.replace(/\s+/g, ' ');
}

// ---- helpers shared by AST rules ---------------------------------------------------------------

/** `a.b.c` for member chains and identifiers, undefined for anything computed. */
export function qualifiedName(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression') {
    const object = qualifiedName(node.object);
    if (object === undefined) return undefined;
    if (!node.computed && node.property.type === 'Identifier') return `${object}.${node.property.name}`;
    if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') {
      return `${object}.${node.property.value}`;
    }
  }
  if (node.type === 'ChainExpression') return qualifiedName(node.expression);
  return undefined;
}

/** The callee's qualified name of a call, e.g. `crypto.createHash`. */
export function calleeName(node: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  return qualifiedName(node.callee);
}

/** The value of a string literal or a template literal without expressions. */
export function staticString(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** True for literals and expressions built only from literals. */
export function isConstant(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return true;
  switch (node.type) {
    case 'Literal':
      return true;
    case 'TemplateLiteral':
      return node.expressions.every(isConstant);
    case 'BinaryExpression':
      return node.left.type !== 'PrivateIdentifier' && isConstant(node.left) && isConstant(node.right);
    default:
      return false;
  }
}

/** The property named `name` of an object literal. */
export function findProperty(node: TSESTree.Node | undefined, name: string): TSESTree.Property | undefined {
  if (!node || node.type !== 'ObjectExpression') return undefined;
  for (const p of node.properties) {
    if (p.type !== 'Property') continue;
    const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : staticString(p.key);
    if (key === name) return p;
  }
  return undefined;
}
