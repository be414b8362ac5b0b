import { flowLocations, type Confidence, type Fix, type RelatedLocation, type RuleMeta, type Severity } from '../engine/types';
import type { SyntaxNode } from '../treesitter/runtime';
import { field, named } from './adapter';
import { FileFlow, lastSegment, worst, type Taint } from './flow';
import { endingTest } from './regexEnds';
import { sanitizes, type Call, type LanguageSpec, type SettingSpec, type SinkClass, type SinkSpec } from './language';

/**
 * Rules on tree-sitter trees (Python, Java, PHP, Go, C#, Ruby): one file each under
 * `rules/tree/`, metadata first, language knowledge from `languages/<lang>/`. A rule sees the whole
 * file's flow (calls, nodes, the data-flow answers) once per analysis.
 */
export interface TreeReport {
  node: SyntaxNode | readonly [number, number];
  message: string;
  severity?: Severity;
  confidence?: Confidence;
  fix?: Fix;
  related?: RelatedLocation[];
}

export interface TreeContext {
  readonly flow: FileFlow;
  readonly spec: LanguageSpec;
  readonly path: string;
  readonly text: string;
  readonly options: Readonly<Record<string, unknown>>;
  report(report: TreeReport): void;
}

export interface TreeRule {
  kind: 'tree';
  meta: RuleMeta;
  /** Case-insensitive words one of which must occur in a file for the rule to find anything there. */
  keywords?: readonly string[];
  run(context: TreeContext): void;
}

export function defineTreeRule(rule: Omit<TreeRule, 'kind'>): TreeRule {
  return { kind: 'tree', ...rule };
}

/** request → error / high; unknown → the rule's own severity / medium; constant → nothing. */
export function levelOf(taint: Taint): { severity?: Severity; confidence: Confidence } | undefined {
  if (taint === 'constant') return undefined;
  return taint === 'request' ? { severity: 'error', confidence: 'high' } : { confidence: 'medium' };
}

const SQL = /^\s*(?:select\s(?:[\s\S]*\s)?from\s|insert\s+into\s|update\s+\S+\s+set\s|delete\s+from\s|replace\s+into\s|merge\s+into\s|(?:drop|truncate|alter|create)\s+table\s|exec(?:ute)?\s+\w|with\s+\w+\s+as\s*\()|\s(?:where|and|or|values|order\s+by|group\s+by|limit|like|from|set)\s*\(?\s*['"`]?\s*$/i;
/** A condition or ordering fragment given to an ORM (`where("name = '#{x}'")`, `order("#{col} ASC")`). */
const SQL_FRAGMENT = /(?:=|<|>|\b(?:like|in|is|between)\b)\s*\(?\s*['"`%]*\?|^\s*\?\s*(?:=|<|>|\b(?:like|in|asc|desc)\b)|\b(?:and|or)\b\s*\?|^\?$/i;

/** A condition glued after a dynamic start (`cond + " AND id = 1"`, `"%s OR name = '%s'"`): a WHERE clause being put together. */
const SQL_AFTER_VALUE = /^\s*(?:\?|%[-+ #0-9.]*[sv])\s+(?:and|or)\s+(?:\w+\s*(?:=|<|>|\blike\b|\bin\b)|insert\s+into\s|update\s|delete\s+from\s|select\s)/i;

export function looksLikeSql(text: string): boolean {
  const head = text.split('?')[0] ?? '';
  return SQL.test(text.slice(0, 300)) || SQL.test(head) || SQL_AFTER_VALUE.test(text);
}

export interface SinkHit {
  call: Call;
  sink: SinkSpec;
  arg: SyntaxNode;
  taint: Taint;
  /** The value was built by concatenation, formatting or interpolation. */
  built: boolean;
}

/** The arguments of `call` that `sink` watches. */
function sinkArgs(flow: FileFlow, adapter: LanguageSpec['adapter'], call: Call, sink: SinkSpec): SyntaxNode[] {
  const out = directSinkArgs(call, sink);
  if (!sink.firstElement) return out;
  // `["name = #{x} AND id = ?", id]`: the template, not the values bound to it.
  return out.map((arg) => {
    const list = adapter.unwrap(arg);
    return adapter.isCollection(list) && flow.source(list).startsWith('[') ? named(list)[0] ?? arg : arg;
  });
}

function directSinkArgs(call: Call, sink: SinkSpec): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  if (sink.args === 'all') out.push(...call.args.slice(sink.fromArg ?? 0));
  else for (const i of sink.args ?? (sink.kwargs ? [] : [0])) if (call.args[i]) out.push(call.args[i]!);
  for (const k of sink.kwargs ?? []) {
    const v = call.kwargs.get(k);
    if (v) out.push(v);
  }
  if (sink.anyKwarg) out.push(...call.kwargs.values());
  if (sink.args === undefined && sink.kwargs && out.length === 0 && call.args[0]) out.push(call.args[0]);
  // `value.html_safe`: a method whose receiver is the data.
  // Only HTML and code sinks: `statement.executeQuery()` runs what `prepareStatement` was given, checked there.
  if (out.length === 0 && sink.args !== 'all' && !sink.kwargs && call.receiver && call.args.length === 0 && (sink.class === 'html' || sink.class === 'code' || sink.receiver)) out.push(call.receiver);
  return out;
}

/** The one value a local is bound to (`args := []string{sh, "-c", s}`), else the node itself. */
function boundValue(flow: FileFlow, n: SyntaxNode): SyntaxNode {
  const a = flow.spec.adapter;
  const name = a.name(n, flow.text);
  if (name === undefined || !/^\w+$/.test(name)) return n;
  const values = flow.valuesOf(n, name);
  return values.length === 1 ? a.unwrap(values[0]!) : n;
}

/** A program that runs its `-c` argument as a shell script (`sh`, `/bin/bash`, `zsh`…). */
const SHELL = /^(?:.*\/)?(?:ba|z|da|k|a|fi)?sh$/;

/**
 * The scripts a command call hands to a shell: the item after `-c` once a shell was named, in the
 * call's own arguments and in list literals among them (`exec.Command("bash", "-c", s)`,
 * `subprocess.run(["sh", "-c", cmd])`, `os.execl("/bin/sh", "sh", "-c", cmd)`, `os.spawnve(m, "/bin/bash", ["-c", cmd], env)`).
 */
export function shellScripts(flow: FileFlow, call: Call): SyntaxNode[] {
  const a = flow.spec.adapter;
  const items: SyntaxNode[] = [];
  const bound = (n: SyntaxNode): SyntaxNode => boundValue(flow, n);
  const flatten = (node: SyntaxNode, depth: number): void => {
    const n = a.unwrap(node);
    const list = depth < 3 && a.isCollection(n) ? n : depth === 0 && a.isCollection(bound(n)) ? bound(n) : undefined;
    if (list) for (const c of named(list)) flatten(c, depth + 1);
    else items.push(n);
  };
  for (const arg of call.args) flatten(arg, 0);
  /** A program's name: a constant, or the path a lookup of a constant name gives (`exec.LookPath("sh")`, `shutil.which("bash")`). */
  const programName = (item: SyntaxNode): unknown => {
    const v = flow.constant(item);
    if (v !== undefined) return v;
    const lookup = flow.callOf(bound(item));
    return lookup && /(?:^|\.)(?:LookPath|which)$/.test(lookup.name) && lookup.args[0] ? flow.constant(lookup.args[0]) : undefined;
  };
  const out: SyntaxNode[] = [];
  let shell = false;
  items.forEach((item, i) => {
    const v = programName(item);
    if (typeof v !== 'string') return;
    if (SHELL.test(v)) shell = true;
    else if (shell && v === '-c' && items[i + 1]) out.push(items[i + 1]!);
  });
  return out;
}

/** Does `arg` hold a script the call hands to `sh -c` that is not constant? Such a script is a shell command line whatever its origin, as with `os.system`. */
function shellScriptIn(flow: FileFlow, sink: SinkSpec, call: Call, arg: SyntaxNode): boolean {
  if (sink.class !== 'command') return false;
  const list = boundValue(flow, arg);
  const within = (s: SyntaxNode, n: SyntaxNode): boolean => s.start >= n.start && s.end <= n.end;
  return shellScripts(flow, call).some((s) => (within(s, arg) || within(s, list)) && originFor(flow, s, 'command') !== 'constant');
}

/** Where the data of `node` comes from for a sink of `cls`: the worst of its dynamic parts when built, its own origin otherwise. */
export function originFor(flow: FileFlow, node: SyntaxNode, cls: SinkClass, shape = flow.shape(node)): Taint {
  if (!shape) return flow.taint(node);
  const unquoted = cls === 'html' && UNQUOTED_ATTRIBUTE.test(shape.text.replace(PLACEHOLDER, '?'));
  return shape.dynamic.reduce<Taint>((t, d) => {
    const escaped = unquoted ? entityEscaped(flow, d) : undefined;
    if (escaped) return worst(t, flow.taint(escaped));
    return flow.sanitizedFor(d, cls) ? t : worst(t, flow.taint(d));
  }, 'constant');
}

/**
 * Markup with a dynamic part as an attribute value without quotes (`<img src=%s width=400>`): HTML
 * escaping leaves spaces and `=` as they are, so an escaped value still adds attributes of its own
 * (`x onerror=alert(1)`). Such a part is judged by what went into the escaping call.
 */
const UNQUOTED_ATTRIBUTE = /<[a-zA-Z][^<>]*\s[\w:-]+\s*=\s*\?/;

/** The argument of an HTML-escaping call (`escapeHtml4(x)`), unless it encodes for attributes (`forHtmlUnquotedAttribute`) or makes a number. */
function entityEscaped(flow: FileFlow, node: SyntaxNode): SyntaxNode | undefined {
  const call = flow.callOf(flow.spec.adapter.unwrap(node));
  if (!call || call.args.length === 0 || /Attribute/i.test(call.name)) return undefined;
  const sanitizers = flow.spec.sanitizers.filter((s) => sanitizes(s, call, flow.text));
  return sanitizers.length > 0 && sanitizers.every((s) => s.classes !== 'all' && s.classes.includes('html')) ? call.args[0] : undefined;
}

/** Every call in the file where data reaches a sink of one of `classes`, with where it came from. */
/** A language's sinks of some classes, and those of them that are properties: chosen once (rules run once per unit of a file). */
interface ChosenSinks {
  sinks: SinkSpec[];
  properties: SinkSpec[];
  /** Which of `sinks` name a call of this name (`sinksNaming`). */
  naming: (name: string) => readonly boolean[];
  /** Which of `sinks` may name some text followed by this ending (`sinksEnding`). */
  ending: (end: string) => readonly boolean[];
}
const sinksByClasses = new WeakMap<LanguageSpec, Map<string, ChosenSinks>>();
function sinksOf(spec: LanguageSpec, classes: readonly SinkClass[]): ChosenSinks {
  let byKey = sinksByClasses.get(spec);
  if (!byKey) sinksByClasses.set(spec, (byKey = new Map()));
  const key = classes.length === 1 ? classes[0]! : classes.join(',');
  let chosen = byKey.get(key);
  if (!chosen) {
    const sinks = spec.sinks.filter((s) => classes.includes(s.class));
    const naming = sinksNaming(sinks);
    byKey.set(key, (chosen = { sinks, properties: sinks.filter((s) => s.property), naming, ending: sinksEnding(sinks) }));
  }
  return chosen;
}

/**
 * Which of `sinks` name a call named `name`, memoised by name for each list of sinks (a list is chosen
 * once per language and classes, `sinksOf`): every rule asks it of every call of every unit it runs on,
 * after every edit, mostly of the same few hundred names.
 */
const namedSinks = new WeakMap<readonly SinkSpec[], Map<string, readonly boolean[]>>();
function sinksNaming(sinks: readonly SinkSpec[]): (name: string) => readonly boolean[] {
  let memo = namedSinks.get(sinks);
  if (!memo) namedSinks.set(sinks, (memo = new Map()));
  const byName = memo;
  return (name) => {
    let hit = byName.get(name);
    if (!hit) {
      if (byName.size >= 20_000) byName.clear();
      byName.set(name, (hit = sinks.map((s) => s.call.test(name))));
    }
    return hit;
  };
}

/**
 * Which of `sinks` may name a call's other names, all of which end with a given text
 * (`FileFlow.calleeNamesEnd`), read from the sink patterns' endings (`endingTest`), memoised by ending
 * for each list of sinks: a sink that cannot needs no other names (no data flow) to be ruled out.
 */
const endingTests = new WeakMap<RegExp, (end: string) => boolean>();
function sinksEnding(sinks: readonly SinkSpec[]): (end: string) => readonly boolean[] {
  const tests = sinks.map((s) => {
    let test = endingTests.get(s.call);
    if (!test) endingTests.set(s.call, (test = endingTest(s.call)));
    return test;
  });
  const byEnd = new Map<string, readonly boolean[]>();
  return (end) => {
    let may = byEnd.get(end);
    if (!may) {
      if (byEnd.size >= 20_000) byEnd.clear();
      byEnd.set(end, (may = tests.map((t) => t(end))));
    }
    return may;
  };
}

export function sinkHits(context: TreeContext, classes: readonly SinkClass[]): SinkHit[] {
  const { flow, spec } = context;
  const chosen = sinksOf(spec, classes);
  const { sinks, properties, naming, ending } = chosen;
  if (sinks.length === 0) return [];
  const hits: SinkHit[] = [];
  // Which sinks each of a call's other names names: one list reused for every call (it was a new one
  // per call, rule and unit, a third of a Java keystroke's garbage).
  // (Its length is not cut back between calls, which would drop its storage: `listed` says how much is this call's.)
  const byName: (readonly boolean[])[] = [];
  // Only the calls that name one of these sinks, when this unit's calls were looked at before: what the
  // others would do is read names the flow has (carried with the unit) and find no sink.
  const calls = flow.calls;
  const known = flow.namedCalls(chosen);
  const namingSome: number[] | undefined = known ? undefined : [];
  for (let c = 0, count = known ? known.length : calls.length; c < count; c++) {
    const call = calls[known ? known[c]! : c]!;
    const direct = naming(call.name);
    let listed = -1;
    let named = false;
    // Which sinks the call's other names may name at all, by what they end with (false: none, as it has
    // none; true: any, as they may be anything).
    let may: readonly boolean[] | boolean | undefined;
    for (let i = 0; i < sinks.length; i++) {
      const sink = sinks[i]!;
      // (The other names only when the call's own does not name the sink, and one of them may: they may need the data flow.)
      if (!direct[i]) {
        if (may === undefined) {
          const end = flow.typing ? flow.calleeNamesEnd(call) : '';
          may = end === undefined ? false : end === '' || ending(end);
        }
        if (may !== true && !(may && may[i])) continue;
        if (listed < 0) {
          const names = flow.calleeNames(call);
          for (listed = 0; listed < names.length; listed++) byName[listed] = naming(names[listed]!);
        }
        let any = false;
        for (let k = 0; k < listed && !any; k++) any = byName[k]![i]!;
        if (!any) continue;
      }
      if (!named) {
        named = true;
        namingSome?.push(c);
      }
      if (sink.when) {
        const v = call.kwargs.get(sink.when.kwarg);
        if (!v || !sink.when.value.test(flow.source(v))) continue;
      }
      if (sink.fileText && !flow.fileTextMatches(sink.fileText)) continue;
      if (sink.firstArgText && !(call.args[0] && sink.firstArgText.test(flow.source(call.args[0])))) continue;
      if (sink.argText && !(call.args[sink.argText.index] && sink.argText.text.test(flow.source(call.args[sink.argText.index]!)))) continue;
      if (sink.unlessArg && call.args[sink.unlessArg.index] && sink.unlessArg.text.test(flow.source(call.args[sink.unlessArg.index]!))) continue;
      if (sink.unlessKwarg) {
        const v = call.kwargs.get(sink.unlessKwarg.kwarg);
        if (v && sink.unlessKwarg.value.test(flow.source(v))) continue;
      }
      if (sink.maxArgs !== undefined && call.args.length + call.kwargs.size > sink.maxArgs) continue;
      if (sink.unlessNearby) {
        const fn = flow.enclosingFunction(call.node);
        if (fn.parent && sink.unlessNearby.test(flow.source(fn))) continue;
      }
      let best: SinkHit | undefined;
      for (const arg of sinkArgs(flow, spec.adapter, call, sink)) {
        if (flow.sanitizedFor(arg, sink.class)) continue;
        if (sink.unlessArgText?.test(flow.source(arg))) continue;
        const shape = flow.shape(arg);
        // `built`: some literal text around the value (a variable or a bare `"{}".format(x)` is not built).
        if (sink.built && !(shape && /[^?\s]/.test(shape.text.replace(PLACEHOLDER, '?')))) continue;
        if (sink.whole && shape) continue;
        // A generic method name (`exec`, `query`) counts only with text that reads as SQL.
        if ((sink.sqlShape || sink.shapeText) && !shape) continue;
        if (sink.shapeText && shape && !sink.shapeText.test(shape.text)) continue;
        if (sink.sqlShape && shape && !(looksLikeSql(shape.text) || (sink.sqlShape === 'fragment' && SQL_FRAGMENT.test(shape.text)))) continue;
        const taint = originFor(flow, arg, sink.class, shape);
        if (taint === 'constant') continue;
        // Checked by a guard where it is used (`if is_safe_url(x): redirect(x)`).
        if (flow.guardedFor(arg, sink.class)) continue;
        if (taint === 'unknown' && !reportsUnknown(flow, sink, arg, !!shape, call) && !shellScriptIn(flow, sink, call, arg)) continue;
        // A URL whose scheme and host are fixed text (`"https://api.example.com/" + id`) cannot be sent elsewhere.
        if (shape && (sink.class === 'ssrf' || sink.class === 'redirect') && fixedHost(shape.text)) continue;
        // A redirect to a fixed path on this site (`"/owners/" + id`): what follows cannot change the host.
        if (shape && sink.class === 'redirect' && fixedPath(shape.text)) continue;
        // One hit per call: the argument with the worst origin (`exec(cmd, envFromRequest)`).
        if (!best || (best.taint === 'unknown' && taint === 'request')) best = { call, sink, arg, taint, built: !!shape };
      }
      // One finding per call; a later sink of the same name is tried only when this one found nothing
      // (`order("#{x} ASC")` as a fragment, then `order(params[:col])` as a column name).
      if (best) {
        hits.push(best);
        break;
      }
    }
  }
  if (namingSome) flow.noteNamedCalls(chosen, namingSome);
  // Property sinks: `cmd.CommandText = sql`, `searcher.Filter = filter`.
  if (properties.length > 0) {
    for (const node of flow.nodes) {
      for (const [target, value] of spec.adapter.binds(node)) {
        const name = spec.adapter.name(target, flow.text);
        if (name === undefined) continue;
        // The first sink of the name that reports the value (`searcher.Filter` by request data, then by a parameter where a DirectorySearcher is in the file).
        for (const sink of properties) {
          if (!sink.property!.test(name) || (sink.fileText && !flow.fileTextMatches(sink.fileText)) || flow.sanitizedFor(value, sink.class)) continue;
          const shape = flow.shape(value);
          if (sink.sqlShape && !(shape && looksLikeSql(shape.text))) continue;
          const taint = shape ? originFor(flow, value, sink.class, shape) : flow.taint(value);
          if (taint === 'constant' || (taint === 'unknown' && !reportsUnknown(flow, sink, value, !!shape))) continue;
          hits.push({ call: { node, name, args: [value], kwargs: new Map() }, sink, arg: value, taint, built: !!shape });
          break;
        }
      }
    }
  }
  return hits;
}

/** Does `sink` report a value of unknown origin: always, when built, or (also) when it is a plain parameter? */
function reportsUnknown(flow: FileFlow, sink: SinkSpec, arg: SyntaxNode, built: boolean, call?: Call): boolean {
  if (sink.inputs && (withText(flow, arg) || joined(flow, arg, sink.inputs.joins, 0)) && readsProcessInput(flow, arg, 0)) return true;
  if (sink.archiveEntries && namesArchiveEntry(flow, arg, 0)) return true;
  if (sink.unknown === 'always') return true;
  if (sink.unknown === 'dynamic') return built;
  if (sink.unknown === 'parameter') return built || (flow.isParameter(arg) && !(call && forwards(flow, call, arg)));
  if (sink.unknown === 'leading-parameter') return !(call && forwards(flow, call, arg)) && leadingParameter(flow, arg, 0);
  if (sink.unknown === 'from-parameter') return !(call && forwards(flow, call, arg)) && fromParameter(flow, arg, 0);
  return false;
}

const NUMERIC_TYPE = /^(?:final\s+)?(?:byte|short|int|long|float|double|boolean|u?int(?:8|16|32|64)?|float(?:32|64)|bool)$/;

/**
 * Is the value of `node` the enclosing function's own parameter, or built from one: through locals,
 * concatenation and interpolation, either arm of a ternary, an element of it (`args[0]`), and
 * pass-through calls (`new StringBuilder(dir).append(name).toString()`)? Fields, settings and what other
 * functions return are not.
 */
function fromParameter(flow: FileFlow, node: SyntaxNode, depth: number): boolean {
  const a = flow.spec.adapter;
  const n = a.unwrap(node);
  if (depth > 6) return false;
  if (flow.isParameter(n)) {
    // A number or a flag cannot hold `../` or a root.
    const name = a.name(n, flow.text);
    return !NUMERIC_TYPE.test(flow.params(flow.enclosingFunction(n)).find((p) => p.name === name)?.type ?? '');
  }
  const on = (x: SyntaxNode | undefined): boolean => !!x && fromParameter(flow, x, depth + 1);
  const call = flow.callOf(n);
  if (call) {
    const { formatCalls, passThrough } = flow.spec;
    const through = formatCalls.test(call.name) || passThrough.test(call.name) || passThrough.test(`x.${lastSegment(call.name)}`);
    return through && [...call.args, call.receiver].some(on);
  }
  const parts = a.template(n)?.filter((p): p is SyntaxNode => !('text' in p)) ?? a.concat(n, flow.text);
  if (parts) return parts.some(on);
  const branch = a.branch?.(n);
  if (branch?.value) return on(branch.then) || on(branch.else);
  const name = a.name(n, flow.text);
  if (name !== undefined) return !name.includes('.') && flow.valuesOf(n, name).some((v) => v !== n && on(v));
  return on(a.objectOf(n));
}

/** Is `node` built with some literal text around its values (`"/tmp/" + name`), not a bare value or a local holding one? */
function withText(flow: FileFlow, node: SyntaxNode): boolean {
  const shape = flow.shape(node);
  return !!shape && /[^?\s]/.test(shape.text.replace(PLACEHOLDER, '?'));
}

/** Is `node` (or the one value a local holds) a call of `joins` with more than one part (`filepath.Join(base, name)`)? */
function joined(flow: FileFlow, node: SyntaxNode, joins: RegExp | undefined, depth: number): boolean {
  if (!joins || depth > 3) return false;
  const n = flow.spec.adapter.unwrap(node);
  const call = flow.callOf(n);
  if (call) return joins.test(call.name) && call.args.length > 1;
  const name = flow.spec.adapter.name(n, flow.text);
  if (name === undefined || !/^\w+$/.test(name)) return false;
  return flow.valuesOf(n, name).some((v) => joined(flow, v, joins, depth + 1));
}

/**
 * Does `node` hold what the process read from its environment, command line or standard input
 * (`LanguageSpec.processInputs`)? Follows locals to their reaching values, indexing and slicing
 * (`os.Args[1]`), pass-through calls and the receivers of method calls (`in.ReadString('\n')` on a
 * reader of `os.Stdin`).
 */
function readsProcessInput(flow: FileFlow, node: SyntaxNode, depth: number): boolean {
  const inputs = flow.spec.processInputs;
  const a = flow.spec.adapter;
  if (!inputs || depth > 5) return false;
  let n = a.unwrap(node);
  const indexed = n.children.find((c) => c.field === 'operand');
  if (indexed && /index|slice/.test(n.type)) n = a.unwrap(indexed);
  if (inputs.test(flow.source(n))) return true;
  const parts = a.concat(n, flow.text);
  if (parts) return parts.some((p) => readsProcessInput(flow, p, depth + 1));
  const call = flow.callOf(n);
  if (call) {
    if (call.receiver && readsProcessInput(flow, call.receiver, depth + 1)) return true;
    return flow.spec.passThrough.test(call.name) && call.args.some((x) => readsProcessInput(flow, x, depth + 1));
  }
  const name = a.name(n, flow.text);
  if (name === undefined || !/^\w+$/.test(name)) return false;
  return flow.valuesOf(n, name).some((v) => readsProcessInput(flow, v, depth + 1));
}

/**
 * Is `node` the name of an archive's entry (`LanguageSpec.archiveEntries`: `f.Name` of a `*zip.File`), or
 * built from one? Follows locals to their reaching values, concatenation and pass-through calls
 * (`filepath.Join(dest, f.Name)`).
 */
function namesArchiveEntry(flow: FileFlow, node: SyntaxNode, depth: number): boolean {
  const a = flow.spec.adapter;
  if (!flow.spec.archiveEntries || depth > 5) return false;
  const n = a.unwrap(node);
  // Checked where it is used (`if !filepath.IsLocal(f.Name) { return … }`).
  if (flow.guardedFor(n, 'path')) return false;
  const parts = a.template(n)?.filter((p): p is SyntaxNode => !('text' in p)) ?? a.concat(n, flow.text);
  if (parts) return parts.some((p) => namesArchiveEntry(flow, p, depth + 1));
  const call = flow.callOf(n);
  if (call) return flow.spec.passThrough.test(call.name) && call.args.some((x) => namesArchiveEntry(flow, x, depth + 1));
  const name = a.name(n, flow.text);
  const member = name === undefined ? undefined : /^(\w+)\.(\w+)$/.exec(name);
  if (member) return flow.spec.archiveEntries.name.test(member[2]!) && isArchiveEntry(flow, n, member[1]!);
  if (name === undefined || !/^\w+$/.test(name)) return false;
  return flow.valuesOf(n, name).some((v) => v !== n && namesArchiveEntry(flow, v, depth + 1));
}

/** Is the local or parameter `name` (where `at` uses it) an archive's entry: typed so, made by reading one, or ranged over a reader's entries? */
function isArchiveEntry(flow: FileFlow, at: SyntaxNode, name: string): boolean {
  const entries = flow.spec.archiveEntries!;
  const a = flow.spec.adapter;
  const typeOf = (local: string, where: SyntaxNode) => flow.params(flow.enclosingFunction(where)).find((p) => p.name === local)?.type.trim();
  const type = typeOf(name, at);
  if (type !== undefined) return entries.types.test(type);
  return flow.valuesOf(at, name).some((v) => {
    const value = a.unwrap(v);
    const call = flow.callOf(value);
    if (call) return flow.calleeNames(call).some((c) => entries.made.test(c));
    // `for _, f := range r.File`: the maker of `r` (the call that made it, or its parameter's type) and the member.
    const list = /^(\w+)\.(\w+)$/.exec(a.name(value, flow.text) ?? '');
    if (!list) return false;
    const makers = [typeOf(list[1]!, value), ...flow.valuesOf(value, list[1]!).map((w) => flow.callOf(a.unwrap(w))?.name)];
    return makers.some((m) => m !== undefined && entries.lists.test(`${m}.${list[2]}`));
  });
}

/**
 * Is the call's function a wrapper named after the call it makes on an object it holds
 * (`ResultSet executeQuery(String sql) { return delegate.executeQuery(sql); }`, `GetAsync(string uri) =>
 * _client.GetAsync(uri)`)? That is the object's own interface: its callers choose the value, and are
 * checked where they call it. Not when the object is itself a parameter (`query(JdbcTemplate t, String sql)`),
 * nor when the function makes that call more than once (a method trying each overload is not a delegate).
 */
function forwards(flow: FileFlow, call: Call, arg: SyntaxNode): boolean {
  const fn = flow.enclosingFunction(arg);
  const fnName = fn.children.find((c) => c.field === 'name');
  if (!fnName || flow.source(fnName) !== lastSegment(call.name) || !call.receiver) return false;
  const recv = flow.spec.adapter.name(call.receiver, flow.text);
  if (recv === undefined || flow.params(fn).some((p) => p.name === recv)) return false;
  // A delegate forwards once; a method that calls it with the same value in several ways is a caller.
  const name = lastSegment(call.name);
  return flow.calls.filter((c) => lastSegment(c.name) === name && flow.enclosingFunction(c.node) === fn).length === 1;
}

/**
 * Is what starts the value of `node` (a URL's scheme and host) an unchanged parameter of its function?
 * Follows locals to their reaching values, the first operand of a concatenation or interpolation (past
 * fixed text that has no path yet: `"constant" + host`), `new Uri(x)`, and pass-through calls.
 */
function leadingParameter(flow: FileFlow, node: SyntaxNode, depth: number): boolean {
  const a = flow.spec.adapter;
  const n = a.unwrap(node);
  if (depth > 6) return false;
  if (flow.isParameter(n)) return true;
  const call = flow.callOf(n);
  if (call) {
    if (/^new (?:System\.)?Uri$/.test(call.name) && call.args.length === 1) return leadingParameter(flow, call.args[0]!, depth + 1);
    return !!call.receiver && flow.spec.passThrough.test(call.name) && leadingParameter(flow, call.receiver, depth + 1);
  }
  const name = a.name(n, flow.text);
  if (name !== undefined) return !name.includes('.') && flow.valuesOf(n, name).some((v) => v !== n && leadingParameter(flow, v, depth + 1));
  const parts = a.template(n) ?? a.concat(n, flow.text);
  if (parts) {
    let fixed = '';
    for (const p of parts) {
      const piece = 'text' in p ? flow.source(p.text) : a.stringValue(a.unwrap(p), flow.text);
      if (piece !== undefined) {
        fixed += piece;
        // A path (`/items/`, `api/`) or a whole `scheme://host/` already written: the host cannot change.
        if (/^(?:[a-z][\w+.-]*:\/\/[^/?#]+[/?#]|\/[^/]|[^/:?#]+\/)/i.test(fixed)) return false;
        continue;
      }
      return leadingParameter(flow, p as SyntaxNode, depth + 1);
    }
    return false;
  }
  return false;
}

/** printf-style and `str.format` placeholders in a shape's literal text. */
const PLACEHOLDER = /%\([^)]*\)[a-z]|%[-#+ 0-9.]*[a-zA-Z]|\{[^{}]*\}/g;

/** Does every URL in a shape's text start with a fixed scheme and host, ended by `/` before any dynamic part? */
export function fixedHost(shapeText: string): boolean {
  // Format placeholders (`%s`, `%(x)s`, `{}`, `{0}`) are dynamic parts too.
  const text = shapeText.replace(PLACEHOLDER, '?');
  if (!/^\s*(?:location:\s*)?[a-z][\w+.-]*:\/\/[^/?\s]+\//i.test(text)) return false;
  for (const m of text.matchAll(/:\/\/[^/?\s]*(.)?/g)) if (m[1] !== '/') return false;
  // Each alternative value (joined by spaces) must start that way too.
  return text.split(/\s+(?=[a-z][\w+.-]*:|\?)/i).every((part) => /^(?:location:\s*)?[a-z][\w+.-]*:\/\/[^/?\s]+\//i.test(part) || !part.includes('?'));
}

/**
 * Does every alternative of a redirect's text start with a fixed path on this site: `/` and then a
 * literal character that is neither `/` nor `\\` (`"/owners/" + id`)? A value after it stays a path; a bare
 * `"/" + x` does not (`x` = `/evil.example` makes `//evil.example`).
 */
export function fixedPath(shapeText: string): boolean {
  const text = shapeText.replace(PLACEHOLDER, '?').replace(/^\s*location:\s*/i, '');
  return text.split(/\s+(?=[/?])/).every((part) => /^\/[^/\\?\s]/.test(part) || !part.includes('?'));
}

/** What a rule adds to the standard body: which hits it keeps, and a mechanical fix for some. */
export interface SinkReportOptions {
  keep?: (hit: SinkHit) => boolean;
  fix?: (hit: SinkHit) => Fix | undefined;
}

/** The standard data-flow rule body: report each sink hit with the rule's message. */
export function reportSinks(context: TreeContext, classes: readonly SinkClass[], message: (hit: SinkHit, from: string) => string, options: SinkReportOptions = {}): void {
  for (const hit of sinkHits(context, classes)) {
    if (options.keep && !options.keep(hit)) continue;
    const level = levelOf(hit.taint);
    if (!level) continue;
    if (hit.taint === 'unknown' && hit.sink.unknownConfidence) level.confidence = hit.sink.unknownConfidence;
    const from = hit.taint === 'request' ? 'request data' : 'a value of unknown origin';
    const node = hit.sink.reportAt === 'built' ? builtAt(context.flow, hit.arg) : hit.arg;
    // Reported where the text is built: that place is not shown again as a related one.
    const related = flowRelated(context, hit)?.filter((r) => r.start !== node.start);
    const fix = options.fix?.(hit);
    context.report({ node, message: hit.sink.message?.replace('{from}', from) ?? message(hit, from), ...level, related: related?.length ? related : undefined, ...(fix ? { fix } : {}) });
  }
}

/** Where the value of `arg` is built: the one value a local is bound to in the same function, when that is built (has a shape); else `arg`. */
function builtAt(flow: FileFlow, arg: SyntaxNode): SyntaxNode {
  const value = boundValue(flow, arg);
  return value !== flow.spec.adapter.unwrap(arg) && flow.enclosingFunction(value) === flow.enclosingFunction(arg) && flow.shape(value, false) ? value : arg;
}

/**
 * Where the request data of a hit enters, and where the text that carries it to the sink is built,
 * when either is on a line of its own (`name = request.POST["name"]` … `sql = "…%s" % name` …
 * `cursor.execute(sql)`): the finding stays at the sink, these show the rest of the flow. For a value
 * of unknown origin, where its text is built.
 */
function flowRelated(context: TreeContext, hit: SinkHit): RelatedLocation[] | undefined {
  const { source, built } = context.flow.requestTrace(hit.arg, hit.taint);
  return flowLocations(context.text, hit.arg.start, source && [source.start, source.end], built && [built.start, built.end], hit.taint === 'request');
}

/**
 * The settings of `rule` in this language that apply to this file (its path, imports and text), chosen
 * once per version of the file: the rule runs once per unit, and the choice tests the whole text.
 */
const settingsChosen = new WeakMap<FileFlow, Map<string, readonly SettingSpec[]>>();
function settingsIn(context: TreeContext, rule: string): readonly SettingSpec[] {
  const { flow, spec, path } = context;
  let byRule = settingsChosen.get(flow);
  if (!byRule) settingsChosen.set(flow, (byRule = new Map()));
  const key = `${rule}\n${path}`;
  let chosen = byRule.get(key);
  if (!chosen) {
    chosen = spec.settings.filter((s) => s.rule === rule && (!s.path || s.path.test(path)) && (!s.imports || [...flow.importPaths().values()].some((i) => s.imports!.test(i))) && (!s.fileText || flow.fileTextMatches(s.fileText)));
    byRule.set(key, chosen);
  }
  return chosen;
}

/** The settings of `rule` in this language that are switched to their insecure value in this file. */
export function reportSettings(context: TreeContext, rule: string): void {
  const { flow, spec } = context;
  const settings = settingsIn(context, rule);
  if (settings.length === 0) return;
  const adapter = spec.adapter;
  // A function's code with its comments blanked, made once per function: settings near each other ask for the same one.
  const code = new Map<SyntaxNode, string>();
  const nearbyOk = (node: SyntaxNode, s: (typeof settings)[number]) => {
    if (!s.unlessNearby) return false;
    return s.unlessNearby.test(codeOf(flow, flow.enclosingFunction(node), code));
  };
  const done = new Set<SyntaxNode>();
  const emit = (node: SyntaxNode, s: (typeof settings)[number], fixable = true) => {
    if (done.has(node) || nearbyOk(node, s)) return;
    done.add(node);
    context.report({
      node,
      message: s.message,
      fix: s.fix !== undefined && s.value && fixable ? { title: `Set it to ${s.fix}`, edits: [{ start: node.start, end: node.end, newText: s.fix }] } : undefined,
    });
  };
  for (const s of settings) {
    if (s.call) {
      const calls = flow.calls;
      const hits = matching(calls, s.call, callName);
      for (let n = 0, count = hits ? hits.length : calls.length; n < count; n++) {
        const call = calls[hits ? hits[n]! : n]!;
        if (!hits && !s.call.test(call.name)) continue;
        if (s.argText && !(call.args[s.argText.index] && s.argText.text.test(flow.source(call.args[s.argText.index]!)))) continue;
        if (s.absent) {
          const missing = s.absent.filter((k) => !call.kwargs.has(k));
          const list = [...call.args, ...call.kwargs.values()].sort((a, b) => a.end - b.end).at(-1);
          if (missing.length === 0 || call.args.length + (s.argKeywords ?? []).filter((k) => call.kwargs.has(k)).length < (s.minArgs ?? 0) || !list || nearbyOk(call.node, s)) continue;
          // Options spread in (`**flags`, `...$opts`) may hold the flags: not known to be missing.
          if (call.args.some((a) => /^(?:\*|\.\.\.)/.test(flow.source(a)))) continue;
          // A flag given as false is its own finding (the setting that names the value).
          if ([...call.kwargs].some(([k, v]) => s.absent!.includes(k) && /^(?:False|false|FALSE|0|nil|None)$/.test(flow.source(adapter.unwrap(v))))) continue;
          // The fix goes after the last argument (its keyword, when it has one: `name=v`).
          const end = list.parent && adapter.pair(list.parent, flow.text) ? list.parent.end : list.end;
          context.report({
            node: call.node,
            message: s.message.replace('{keys}', missing.map((k) => `\`${k}\``).join(' and ')),
            fix: s.absentFix ? { title: `Set ${missing.join(' and ')}`, edits: [{ start: end, end, newText: missing.map((k) => s.absentFix!.replace('{key}', k)).join('') }] } : undefined,
          });
          continue;
        }
        if (s.setters) {
          reportMissingSetters(context, call, s);
          continue;
        }
        if (s.arg !== undefined) {
          const v = call.args[s.arg];
          if (v && (!s.value || s.value.test(flow.source(v)))) emit(v, s);
          // A named constant or a local holding the value (`setSecure(CONST_FALSE)`): reported, the name left as it is.
          else if (v && s.value && typeof flow.constant(v) === 'boolean' && s.value.test(String(flow.constant(v)))) emit(v, s, false);
        } else if (s.key) {
          for (const [k, v] of call.kwargs) if (s.key.test(k) && (!s.value || s.value.test(flow.source(adapter.unwrap(v))))) emit(adapter.unwrap(v), s);
          // Settings passed as a hash / array / object literal argument (`['verify' => false]`).
          for (const a of call.args) {
            for (const n of descendants(a)) {
              const pair = adapter.pair(n, flow.text);
              if (pair && s.key.test(pair.key) && (!s.value || s.value.test(flow.source(adapter.unwrap(pair.value))))) emit(adapter.unwrap(pair.value), s);
            }
          }
        } else if (s.usedBy?.via === 'receiver') {
          // A factory: reported where it makes a parser (`spf.newSAXParser()`), when the file has that call.
          const uses = factoryUses(context, call, s.usedBy.call);
          if (uses.length === 0) emit(call.node, s);
          for (const use of uses) emit(use.node, s);
        } else {
          emit(call.node, s);
        }
      }
    } else if (s.literal && s.absent) {
      for (const node of typedLiterals(context, s.literal)) {
        const body = field(node, 'body')!;
        const keys = new Set(named(body).map((c) => adapter.pair(c, flow.text)?.key));
        const later = flow.source(flow.enclosingFunction(node));
        const missing = s.absent.filter((k) => !keys.has(k) && !new RegExp(`\\.${k}\\s*=[^=]`).test(later));
        if (missing.length === 0 || nearbyOk(node, s)) continue;
        const at = body.start + 1;
        context.report({
          node,
          message: s.message.replace('{keys}', missing.map((k) => `\`${k}\``).join(' and ')),
          fix: s.absentFix ? { title: `Set ${missing.join(' and ')}`, edits: [{ start: at, end: at, newText: missing.map((k) => s.absentFix!.replace('{key}', k)).join('') }] } : undefined,
        });
      }
    } else if (s.key) {
      const keyed = keyedValues(context);
      const hits = matching(keyed, s.key, pairKey);
      for (let n = 0, count = hits ? hits.length : keyed.length; n < count; n++) {
        const { node, pair } = keyed[hits ? hits[n]! : n]!;
        if (!hits && !s.key.test(pair.key)) continue;
        if (s.target && !('name' in pair && typeof pair.name === 'string' && s.target.test(pair.name))) continue;
        const value = adapter.unwrap(pair.value);
        // A constant expression or a name holding one (`!false`, `const skip = true`): reported, the name left as it is.
        const written = !s.value || s.value.test(flow.source(value));
        const constant = written ? undefined : flow.constant(value);
        if (!written && !(typeof constant === 'boolean' && s.value!.test(String(constant)))) continue;
        if (s.usedBy && 'name' in pair && typeof pair.name === 'string' && reportUses(context, node, pair.name, value, s)) continue;
        if (s.loopback && 'name' in pair && typeof pair.name === 'string' && onLoopback(context, node, pair.name, s.loopback)) continue;
        emit(value, s, constant === undefined);
      }
    }
  }
}

/**
 * The indices of the items of `list` whose text (`text`) `pattern` matches, in order: memoised per list
 * and pattern, as a unit the parse reused keeps its lists of calls and keyed values (the same arrays)
 * from version to version, and its settings are looked for again whenever it runs. Undefined for a short
 * list, which the caller tests item by item (cheaper than the memo's lookups).
 */
const matchingMemo = new WeakMap<readonly object[], Map<RegExp, readonly number[]>>();
const MATCHING_MEMO_MIN = 16;
function matching<T extends object>(list: readonly T[], pattern: RegExp, text: (item: T) => string): readonly number[] | undefined {
  if (list.length < MATCHING_MEMO_MIN) return undefined;
  let byPattern = matchingMemo.get(list);
  if (!byPattern) matchingMemo.set(list, (byPattern = new Map()));
  let found = byPattern.get(pattern);
  if (!found) {
    const out: number[] = [];
    list.forEach((item, i) => {
      if (pattern.test(text(item))) out.push(i);
    });
    byPattern.set(pattern, (found = out));
  }
  return found;
}
const callName = (call: Call): string => call.name;
const pairKey = (entry: { pair: { key: string } }): string => entry.pair.key;

/** The source of `node` with its comments blanked (a protection commented out, `// dbf.setFeature(…)`, protects nothing), kept in `memo`. */
function codeOf(flow: FileFlow, node: SyntaxNode, memo: Map<SyntaxNode, string>): string {
  let out = memo.get(node);
  if (out !== undefined) return out;
  const comments: SyntaxNode[] = [];
  const walk = (n: SyntaxNode): void => {
    for (const c of n.children) /comment/.test(c.type) ? comments.push(c) : walk(c);
  };
  walk(node);
  out = flow.source(node);
  if (comments.length > 0) {
    // Comments come in source order: one pass joins the code between them with spaces in their place.
    const parts: string[] = [];
    let at = 0;
    for (const c of comments) {
      parts.push(out.slice(at, c.start - node.start), ' '.repeat(c.end - c.start));
      at = c.end - node.start;
    }
    parts.push(out.slice(at));
    out = parts.join('');
  }
  memo.set(node, out);
  return out;
}

/**
 * `response.addCookie(c)` where `c` was made in this function (`new Cookie(…)`) and the function never
 * calls `c.setHttpOnly(…)` / `c.setSecure(…)`: reported at the argument, naming what is missing, with
 * a fix that adds the calls before the statement when it begins its line.
 */
function reportMissingSetters(context: TreeContext, call: Call, s: SettingSpec): void {
  const { flow } = context;
  const adapter = context.spec.adapter;
  const setters = s.setters!;
  const arg = call.args[0] && adapter.unwrap(call.args[0]);
  const name = arg && adapter.name(arg, flow.text);
  if (!arg || !name || name.includes('.')) return;
  if (!flow.valuesOf(arg, name).some((v) => setters.made.test(flow.callOf(adapter.unwrap(v))?.name ?? ''))) return;
  const body = flow.source(flow.enclosingFunction(call.node));
  const on = (rest: string) => new RegExp(`(?<![\\w.$])${name.replace(/\$/g, '\\$')}\\s*\\.\\s*${rest}`);
  if (setters.unless && on(setters.unless.source).test(body)) return;
  const missing = setters.calls.filter((m) => !on(`${m}\\s*\\(`).test(body));
  if (missing.length === 0) return;
  const lineStart = flow.text.lastIndexOf('\n', call.node.start - 1) + 1;
  const indent = flow.text.slice(lineStart, call.node.start);
  context.report({
    node: arg,
    message: s.message.replace('{keys}', missing.map((m) => `\`${m}(true)\``).join(' and ')),
    fix: s.absentFix && /^[ \t]*$/.test(indent)
      ? { title: `Call ${missing.join(' and ')}`, edits: [{ start: lineStart, end: lineStart, newText: missing.map((m) => `${indent}${s.absentFix!.replace('{name}', name).replace('{key}', m)}\n`).join('') }] }
      : undefined,
  });
}

/**
 * Remote interfaces (`LanguageSpec.remoteInterfaces`) whose methods take parameters of types other than
 * primitives and strings: reported at the interface's name, once, naming those parameters.
 */
export function reportRemoteParameters(context: TreeContext): void {
  const { flow, spec } = context;
  const remote = spec.remoteInterfaces;
  if (!remote) return;
  for (const node of flow.nodes) {
    if (!/interface_declaration$/.test(node.type)) continue;
    const body = field(node, 'body');
    const name = field(node, 'name');
    if (!body || !name || !remote.header.test(flow.text.slice(node.start, body.start))) continue;
    const open = named(body)
      .filter((m) => spec.adapter.isFunction(m))
      .flatMap((m) => flow.params(m).filter((p) => !remote.safeTypes.test(p.type.trim())).map((p) => `\`${flow.source(field(m, 'name') ?? m)}(${p.type.trim()} ${p.name})\``));
    if (open.length === 0) continue;
    context.report({
      node: name,
      message: `This remote interface takes ${open.join(', ')}: the server deserialises whatever serialisable class a client sends there, gadget chains included. Take primitives, strings or a narrow type, and set a deserialisation filter (JEP 290) on the export.`,
    });
  }
}

/** An IPv4 loopback address, `localhost` or `::1`: a connection to it never leaves the machine. */
const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/;

/** Was the object `name` is a property of (`http` of `http.verify_mode`) made by a `loopback.made` call whose host argument the flow shows to be a loopback address? */
function onLoopback(context: TreeContext, node: SyntaxNode, name: string, loopback: NonNullable<SettingSpec['loopback']>): boolean {
  const { flow } = context;
  const base = name.slice(0, name.lastIndexOf('.'));
  if (!/^\w+$/.test(base)) return false;
  const values = flow.valuesOf(node, base);
  return values.length > 0 && values.every((v) => {
    const made = flow.callOf(context.spec.adapter.unwrap(v));
    const host = made && loopback.made.test(made.name) ? made.args[loopback.host] : undefined;
    return !!host && LOOPBACK.test(flow.hostValue(host) ?? '');
  });
}

/**
 * The checked nodes with a type and a body whose type's text `literal` matches (`http.Cookie{…}`), in
 * order: once per list of nodes (a unit's, kept with a unit the parse reused whole), not per version.
 */
const literalsByNodes = new WeakMap<SyntaxNode[], Map<RegExp, SyntaxNode[]>>();
function typedLiterals(context: TreeContext, literal: RegExp): SyntaxNode[] {
  const { flow } = context;
  let byLiteral = literalsByNodes.get(flow.nodes);
  if (!byLiteral) literalsByNodes.set(flow.nodes, (byLiteral = new Map()));
  let list = byLiteral.get(literal);
  if (!list) {
    list = [];
    for (const node of flow.nodes) {
      const type = field(node, 'type');
      if (type && field(node, 'body') && literal.test(flow.source(type))) list.push(node);
    }
    byLiteral.set(literal, list);
  }
  return list;
}

/** Each checked node that is a key/value pair or an assignment read as one, in order: once per file (or unit), shared by the rules. */
const keyedByNodes = new WeakMap<SyntaxNode[], { node: SyntaxNode; pair: { key: string; value: SyntaxNode; name?: string } }[]>();
function keyedValues(context: TreeContext): { node: SyntaxNode; pair: { key: string; value: SyntaxNode; name?: string } }[] {
  let list = keyedByNodes.get(context.flow.nodes);
  if (list) return list;
  list = [];
  for (const node of context.flow.nodes) {
    const pair = context.spec.adapter.pair(node, context.text) ?? assignment(context, node);
    if (pair) list.push({ node, pair });
  }
  keyedByNodes.set(context.flow.nodes, list);
  return list;
}

/** The calls matching `uses` on the name a factory call's value is bound to, in its function (or anywhere, for a field). */
function factoryUses(context: TreeContext, call: Call, uses: RegExp): Call[] {
  const { flow } = context;
  const adapter = context.spec.adapter;
  const parent = call.node.parent;
  const bind = parent ? adapter.binds(parent).find(([, v]) => adapter.unwrap(v) === call.node) : undefined;
  const name = bind ? adapter.name(bind[0], flow.text) : undefined;
  if (!name) return [];
  const fn = flow.enclosingFunction(call.node);
  const field = !fn.parent;
  return flow.fileCalls.filter((c) => c !== call && uses.test(c.name) && !!c.receiver && adapter.name(c.receiver, flow.text) === name
    && c.node.start > call.node.end - (field ? flow.text.length : 0) && (field || flow.enclosingFunction(c.node) === fn));
}

/**
 * A setting's uses (`usedBy`): the parse calls after `node` in the same function that read a document
 * with the object the setting is on. Reports each at its document, by the document's origin, and
 * returns whether there were any (then the setting itself is not reported).
 */
function reportUses(context: TreeContext, node: SyntaxNode, name: string, value: SyntaxNode, s: SettingSpec): boolean {
  const { flow } = context;
  const adapter = context.spec.adapter;
  const base = name.slice(0, name.lastIndexOf('.'));
  if (!/^\w+$/.test(base)) return false;
  const fn = flow.enclosingFunction(node);
  const uses = flow.fileCalls.filter((c) => {
    if (c.node.start < node.end || flow.enclosingFunction(c.node) !== fn || !s.usedBy!.call.test(c.name)) return false;
    if (s.usedBy!.via === 'receiver') return !!c.receiver && adapter.name(c.receiver, flow.text) === base;
    return c.args.slice(1).some((a) => adapter.name(adapter.unwrap(a), flow.text) === base);
  });
  for (const use of uses) {
    const doc = use.args[0];
    const level = doc ? levelOf(flow.taint(doc)) : undefined;
    if (!doc || !level) continue;
    context.report({
      node: doc,
      message: `${s.message} This call parses ${flow.taint(doc) === 'request' ? 'request data' : 'a document of unknown origin'} with it.`,
      ...level,
      fix: s.fix !== undefined ? { title: `Set it to ${s.fix}`, edits: [{ start: value.start, end: value.end, newText: s.fix }] } : undefined,
    });
  }
  return uses.length > 0;
}

/**
 * `x.Prop = v` / `PROP = v` / `app.config["DEBUG"] = v` as a key/value pair, keyed by the target's last
 * name segment (a constant subscript counts as one), with the target's whole name.
 */
function assignment(context: TreeContext, node: SyntaxNode): { key: string; value: SyntaxNode; name: string } | undefined {
  const { adapter } = context.spec;
  const binds = adapter.binds(node);
  if (binds.length !== 1) return undefined;
  const [target, value] = binds[0]!;
  let name = adapter.name(target, context.text);
  if (name === undefined) {
    const object = adapter.objectOf(target);
    const index = object && target.children.filter((c) => c.named && c !== object).at(-1);
    const key = index ? adapter.stringValue(index, context.text) : undefined;
    const base = object ? adapter.name(object, context.text) : undefined;
    if (key !== undefined && base !== undefined && /^\w+$/.test(key)) name = `${base}.${key}`;
  }
  return name === undefined ? undefined : { key: lastSegment(name), value, name };
}

function descendants(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    stack.push(...n.children);
  }
  return out;
}

/** Does any identifier-like word in `node` look like a password, secret or token? */
export function mentions(context: TreeContext, node: SyntaxNode, words: RegExp): boolean {
  return words.test(context.flow.source(node));
}
