import type { Finding, Fix, Severity } from '../engine/types';
import { fingerprint } from '../engine/secrets';
import { changedSpan } from '../engine/textRules';
import { parseTree, type TreeCache } from '../treesitter/runtime';
import { FileFlow, MAX_STEPS, bindsInFacts, fieldsInFacts } from './flow';
import type { TreeContext, TreeRule } from './rule';
import { LANGUAGE_SPECS } from '../languages';
import type { LanguageSpec } from './language';

export interface TreeRuleInstance {
  rule: TreeRule;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
}

export interface TreeRun {
  findings: Finding[];
  parseError?: string;
  ruleErrors: { ruleId: string; error: string }[];
  stopped?: boolean;
}

/**
 * What the last analysis of a document found, by rule and unit, with what is needed to tell whether
 * the next version may keep some of it. Kept beside the document's tree (`TreeCache`), never shared.
 */
interface Previous {
  text: string;
  path: string;
  language: string;
  rules: TreeRuleInstance[];
  /** Each unit's range, `unitFacts` and `unitCode` (unit 0, the root, has neither). */
  units: { start: number; end: number; facts: string | undefined; code: string | undefined }[];
  /** Which units' functions each unit's calls may run, as `from>to` (`FileFlow.callLinks`). */
  links: Set<string>;
  fileFacts: string;
  rootFacts: string;
  /** found[rule][unit]. */
  found: Finding[][][];
  /** Evaluation steps of the analyses these findings come from, added up since the last whole-file one. */
  steps: number;
  /**
   * `sharingOf(units)`, made when a plan first needs it and handed on while every unit's facts stay as
   * they were (a kept analysis after a plan: the edited unit's facts were found unchanged).
   */
  sharing?: { writers: ReadonlyMap<string, ReadonlySet<number>>; binders: ReadonlyMap<string, ReadonlySet<number>> };
}
const previous = new WeakMap<TreeCache, Previous>();
/**
 * A unit's findings when it has none to keep, shared (frozen: nothing is ever added to a kept list).
 * A Ruby spec has a unit per block: a list per rule and unit, twice, was a tenth of a keystroke's garbage.
 */
const NO_FINDINGS = Object.freeze([] as Finding[]) as Finding[];
/** The document's last flow: the next flow takes the nodes and calls of the units the parse reused whole. */
const lastFlowUnits = new WeakMap<TreeCache, { spec: LanguageSpec; flow: FileFlow }>();

/**
 * Parse once with tree-sitter, build the file's flow once, run every tree rule on it. A parse that
 * recovers from syntax errors still runs the rules on the parts it understood (tree-sitter's trees are
 * error-tolerant); a grammar that is not loaded is a parse error with its reason, the text rules ran.
 * `cache` (the document's, in the editor) lets the parse start from the previous version's tree, and
 * the rules keep the previous version's findings of the functions an edit cannot have changed.
 *
 * Rules run unit by unit (`FlowUnit`: the root, then each outermost declared function), so each
 * finding is known to come from one unit. After an edit inside one function, `reusable` decides which
 * units must run again (see there); the others' findings are the previous ones, moved by the edit.
 */
export function runTreeRules(text: string, path: string, language: string, rules: TreeRuleInstance[], shouldStop: () => boolean = () => false, cache?: TreeCache): TreeRun {
  const ruleErrors: TreeRun['ruleErrors'] = [];
  const spec = LANGUAGE_SPECS[language];
  if (!spec || rules.length === 0) return { findings: [], ruleErrors };
  let flow: FileFlow;
  let hasErrors: boolean;
  let lastFlow: FileFlow | undefined;
  try {
    const tree = parseTree(text, language, cache);
    hasErrors = tree.hasErrors;
    const lastUnits = cache && lastFlowUnits.get(cache);
    lastFlow = lastUnits?.spec === spec ? lastUnits.flow : undefined;
    flow = new FileFlow(text, spec, tree.root, lastFlow);
    if (lastFlow) flow.takeSubtreeDefs(lastFlow);
    if (cache) lastFlowUnits.set(cache, { spec, flow });
  } catch (error) {
    if (cache) {
      previous.delete(cache);
      lastFlowUnits.delete(cache);
    }
    return { findings: [], ruleErrors, parseError: error instanceof Error ? error.message : String(error) };
  }
  const before = cache ? previous.get(cache) : undefined;
  if (cache) previous.delete(cache);
  // A tree with syntax errors is whatever tree-sitter's recovery made of it: it keeps nothing, nor is kept.
  let facts: string | undefined;
  const factsNow = () => (facts ??= fileFacts(flow));
  const planned = !before ? 'no previous analysis kept' : hasErrors ? 'syntax errors' : reusable(before, flow, factsNow, text, path, language, rules);
  const plan = typeof planned === 'string' ? undefined : planned;
  // What the flow read of the units the edit left as they were is as it was.
  if (plan && lastFlow) flow.keepFrom(lastFlow, plan.edited);
  // A new list for each unit a rule runs on; the units that keep their findings get them below.
  const found: Finding[][][] = rules.map(() => flow.units.map((_, u) => (plan && !plan.run.has(u) ? NO_FINDINGS : [])));
  let stopped = false;
  rules.forEach(({ rule, severity, options }, r) => {
    const meta = rule.meta;
    let into: Finding[] = [];
    const context: TreeContext = {
      flow, spec, path, text, options,
      report(report) {
        const [start, end] = 'start' in report.node ? [report.node.start, report.node.end] : report.node;
        into.push({
          ruleId: meta.id,
          severity: report.severity ?? severity,
          confidence: report.confidence ?? meta.confidence,
          message: report.message,
          start,
          end,
          cwe: meta.cwe,
          owasp: meta.owasp,
          fix: report.fix,
          suggestions: [],
          ...(report.related ? { related: report.related } : {}),
          fingerprint: fingerprint(meta.id, text.slice(start, end).replace(/\s+/g, ' ')),
        });
      },
    };
    for (let u = 0; u < flow.units.length && !stopped; u++) {
      if (plan && !plan.run.has(u)) {
        found[r]![u] = plan.kept[r]![u]!;
        continue;
      }
      if (shouldStop()) {
        stopped = true;
        break;
      }
      into = found[r]![u]!;
      flow.focus(u);
      try {
        rule.run(context);
      } catch (error) {
        // A failing rule is isolated: what it found before failing stays, it runs no further.
        ruleErrors.push({ ruleId: meta.id, error: error instanceof Error ? error.message : String(error) });
        break;
      }
    }
  });
  flow.focus(undefined);
  const findings = found.flat(2);
  if (stopped) return { findings, ruleErrors, stopped };
  // The work cap reached with only some units run: what a whole-file run reaches the cap on may differ.
  if (plan && flow.capped) return runTreeRules(text, path, language, rules, shouldStop, cache);
  if (cache) {
    unitsRun.set(cache, { run: plan ? plan.run.size : flow.units.length, total: flow.units.length });
    wholeBecause.set(cache, typeof planned === 'string' ? planned : undefined);
  }
  const steps = (plan ? before!.steps : 0) + flow.stepsTaken;
  // Kept for the next version only when it is complete and every rule ran well within the work cap
  // (the cap is the one thing that could make a function's answers depend on the others' work).
  // (A file whose code is mostly outside functions, such as a Ruby spec of blocks, has little to keep:
  // the root runs after every edit. Its facts are not worth gathering.)
  if (cache && flow.units[0]!.nodes.length * 2 < flow.fileNodeCount && !hasErrors && ruleErrors.length === 0 && !flow.capped && steps < MAX_STEPS / 4) {
    // Most edits leave the root's code as it was: then the previous string is this version's too.
    if (before) flow.unitCodeIs(0, before.rootFacts);
    previous.set(cache, {
      text, path, language, rules, found, steps, fileFacts: factsNow(), rootFacts: flow.rootFacts(), links: plan ? plan.links : flow.callLinks(),
      sharing: plan ? before!.sharing : undefined,
      units: flow.units.map((unit, i) => ({
        start: unit.node.start,
        end: unit.node.end,
        // Only the edited unit's text changed.
        facts: i === 0 ? undefined : plan && i !== plan.edited ? before!.units[i]!.facts : flow.unitFacts(i),
        code: i === 0 ? undefined : plan && i !== plan.edited ? before!.units[i]!.code : flow.unitCode(i),
      })),
    });
  }
  return { findings, ruleErrors };
}

const unitsRun = new WeakMap<TreeCache, { run: number; total: number }>();
const wholeBecause = new WeakMap<TreeCache, string | undefined>();
/** How many units of the document's last analysis the rules ran on, of how many (for tests and benchmarks). */
export function lastUnitsRun(cache: TreeCache): { run: number; total: number } | undefined {
  return unitsRun.get(cache);
}
/** Why the document's last analysis ran every unit, when it did not keep any (for benchmarks); undefined when it kept some. */
export function lastWholeRunReason(cache: TreeCache): string | undefined {
  return wholeBecause.get(cache);
}

/**
 * What rules and the flow read from the whole file's text (a sink that applies only when the file
 * imports a package, the modules it imports): an edit that changes one changes every unit.
 */
function fileFacts(flow: FileFlow): string {
  const { spec, text } = flow;
  // Import paths name the modules too (Go): then they alone.
  const modules = spec.importPaths ? [...flow.importPaths()].map(([k, v]) => `${k}=${v}`).sort().join(',')
    : [...flow.importedModules()].sort().join(',');
  const names = spec.importedNames ? [...spec.importedNames(text)].map(([k, v]) => `${k}=${v}`).sort().join(',') : '';
  return `${spec.sinks.map((s) => (s.fileText ? (flow.fileTextMatches(s.fileText) ? '1' : '0') : '')).join('')}|${modules}|${names}`;
}

/**
 * Which units of the new version must run again, and the previous findings of the others moved by
 * the edit; or why the whole file must run. The others may keep their findings when:
 *  - the same rules (keywords present), path and language, and the whole-file texts rules test agree;
 *  - the edit lies strictly inside one outermost function `F` (not in its first or last character),
 *    or outside every function and the root's code is the same but for spacing, comments and docstrings (`rootFacts`: only the
 *    root then runs again);
 *  - every unit is where it was (moved by the edit after it), and `F`'s facts (header, functions,
 *    types and typed names declared in it, names of the fields it assigns) are the same before and
 *    after: what the other functions read of `F` is unchanged but for what links carry;
 *  - the units linked to `F`, transitively, run again with it: by calls, either way, before or after
 *    the edit (call summaries, parameters' origins from call sites), and from a unit assigning a field
 *    to the units that may read it (`fieldSharers`), and through a name a block unit binds in the scope
 *    around it (`nameSharers`: Ruby's `it … do` blocks); the search goes on through the root (module code that
 *    passes one function's result to another); no field readers nor name sharers when only `F`'s spacing, comments or
 *    docstrings changed (`unitCode`: the others read nothing of those);
 *  - the root always runs again (its rules read the whole file's text, `F` included);
 *  - no finding kept points into the edited text.
 */
function reusable(before: Previous, flow: FileFlow, facts: () => string, text: string, path: string, language: string, rules: TreeRuleInstance[]): Plan | string {
  if (before.path !== path || before.language !== language || before.rules.length !== rules.length) return 'another path, language or rule set';
  if (rules.some((r, i) => r.rule !== before.rules[i]!.rule || r.severity !== before.rules[i]!.severity || r.options !== before.rules[i]!.options)) return 'another rule set';
  if (facts() !== before.fileFacts) return 'file facts changed';
  if (flow.units.length !== before.units.length) return 'a function added or removed';
  const run = new Set<number>([0]);
  let links = before.links;
  let start = Infinity;
  let oldEnd = Infinity;
  let delta = 0;
  if (before.text !== text) {
    const span = changedSpan(before.text, text);
    ({ start, oldEnd } = span);
    delta = span.newEnd - span.oldEnd;
    const edited = before.units.findIndex((u, i) => i > 0 && u.start < start && oldEnd < u.end);
    // Units before the edit stay, units after it move; one that holds the edit keeps its start.
    for (let i = 1; i < flow.units.length; i++) {
      const was = before.units[i]!;
      const now = flow.units[i]!.node;
      const after = was.start >= oldEnd && i !== edited;
      if (i !== edited && !after && was.end > start) return 'the edit spans functions';
      if (now.start !== was.start + (after ? delta : 0) || now.end !== was.end + (after || i === edited ? delta : 0)) return 'a function moved';
    }
    if (edited < 0) return flow.unitCodeIs(0, before.rootFacts) ? keep(before, run, links, start, oldEnd, delta) : 'the root changed';
    if (flow.unitFacts(edited) !== before.units[edited]!.facts) return "the function's header, declarations or fields changed";
    // Only its spacing, comments or docstrings changed: every value the others read of it is as it was
    // (its calls too), so the units that read its fields or the names it binds need not run; the units linked to it by calls
    // still run with it (see the links' note in ARCHITECTURE.md: a group of functions linked by calls is
    // asked the same questions in the same order only when it runs whole).
    const layoutOnly = flow.unitCodeIs(edited, before.units[edited]!.code!);
    // The new version's call links: the other units' calls reach what they reached (their text is the
    // same, the edited unit's facts too); only the edited unit's own calls are looked at again.
    if (!layoutOnly) {
      links = new Set([...before.links].filter((l) => !l.startsWith(`${edited}>`)));
      for (const l of flow.callLinks(edited)) links.add(l);
    }
    // The edited unit and every unit linked to it by calls, either way, before or after the edit.
    const linked = new Map<number, number[]>();
    for (const link of layoutOnly ? links : [...before.links, ...links]) {
      const [a, b] = link.split('>').map(Number) as [number, number];
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const list = linked.get(x);
        if (list) list.push(y);
        else linked.set(x, [y]);
      }
    }
    // A unit that assigns fields reaches the units that read or assign them (one way: a reader's
    // edit leaves what the writer assigns as it was). The edited unit's facts (fields included) are as
    // they were, so the units' facts are all the previous version's.
    const { writers, binders } = (before.sharing ??= sharingOf(before.units));
    // The root runs anyway, but it links the functions it calls (module code passing one's result to
    // another): the search goes on through it.
    const reached = new Set([edited]);
    const reach = [edited];
    while (reach.length > 0) {
      const unit = reach.pop()!;
      const sharers = [...(linked.get(unit) ?? []), ...(layoutOnly ? [] : [...flow.nameSharers(unit, binders), ...flow.fieldSharers(unit, writers)])];
      for (const other of sharers) {
        if (reached.has(other)) continue;
        reached.add(other);
        reach.push(other);
      }
    }
    for (const unit of reached) run.add(unit);
    return keep(before, run, links, start, oldEnd, delta, edited);
  } else {
    for (let i = 1; i < flow.units.length; i++) if (flow.units[i]!.node.start !== before.units[i]!.start || flow.units[i]!.node.end !== before.units[i]!.end) return 'a function moved';
  }
  return keep(before, run, links, start, oldEnd, delta);
}

/**
 * Each field's assigning units, and each name a block unit binds in the scope around it with its
 * binding units (`nameSharers`), read from the units' facts.
 */
function sharingOf(units: Previous['units']): NonNullable<Previous['sharing']> {
  const writers = new Map<string, Set<number>>();
  const binders = new Map<string, Set<number>>();
  const index = (map: Map<string, Set<number>>, key: string, i: number) => {
    const set = map.get(key);
    if (set) set.add(i);
    else map.set(key, new Set([i]));
  };
  units.forEach((unit, i) => {
    for (const key of fieldsInFacts(unit.facts)) index(writers, key, i);
    for (const key of bindsInFacts(unit.facts)) index(binders, key, i);
  });
  return { writers, binders };
}

/** Which units run again, and the previous findings of the others (moved by the edit). */
interface Plan {
  run: Set<number>;
  /** The function unit the edit lies in, when one does (the only one whose text changed). */
  edited?: number;
  kept: Finding[][][];
  /** The new version's call links. */
  links: Set<string>;
}

/** The previous findings of the units not in `run`, moved by the edit; a reason when one of them points into the edited text. */
function keep(before: Previous, run: Set<number>, links: Set<string>, start: number, oldEnd: number, delta: number, edited?: number): Plan | string {
  const at = (x: number): number | undefined => (x < start ? x : x > oldEnd ? x + delta : undefined);
  const moveFix = (fix: Fix | undefined): Fix | undefined | false => {
    if (!fix) return fix;
    const edits = fix.edits.map((e) => ({ ...e, start: at(e.start), end: at(e.end) }));
    if (edits.some((e) => e.start === undefined || e.end === undefined)) return false;
    return { ...fix, edits: edits as Fix['edits'] };
  };
  const kept: Finding[][][] = [];
  for (const byUnit of before.found) {
    const row: Finding[][] = [];
    for (let u = 0; u < byUnit.length; u++) {
      // A unit that runs again finds its own (this entry is not read); one that found nothing keeps nothing.
      if (run.has(u) || byUnit[u]!.length === 0) {
        row.push(NO_FINDINGS);
        continue;
      }
      const list: Finding[] = [];
      row.push(list);
      for (const f of byUnit[u]!) {
        const s = at(f.start);
        const e = at(f.end);
        const fix = moveFix(f.fix);
        const related = f.related?.map((r) => ({ ...r, start: at(r.start), end: at(r.end) }));
        if (s === undefined || e === undefined || fix === false || f.suggestions.length > 0) return 'a kept finding touches the edit';
        if (related?.some((r) => r.start === undefined || r.end === undefined)) return 'a kept finding touches the edit';
        list.push({ ...f, start: s, end: e, fix, ...(related ? { related: related as Finding['related'] } : {}) });
      }
    }
    kept.push(row);
  }
  return { run, kept, links, edited };
}
