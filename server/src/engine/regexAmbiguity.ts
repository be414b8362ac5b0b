import type { AST, RegExpParser } from '@eslint-community/regexpp';

/**
 * Exponential backtracking through a bounded repetition or an alternation, which scslre does not report:
 * a loop (`+`, `*`, `{n,}`) over a group that can match a run of one character in two lengths
 * (`([a-z]{1,5}\.?)+$`, `(\d{1,3})+$`, `(a|aa)+$`) or in one length two ways (`(a|a)+$`). A run of n such
 * characters then splits into loop iterations in a number of ways that grows exponentially with n, and a
 * backtracking engine tries every one when what follows the loop fails (`$` before a character nothing
 * in the pattern accepts). Like scslre, only attack strings of one repeated character are considered. A
 * loop body holding an assertion, a lookaround or a backreference, a follow holding one other than `$`,
 * and a loop inside another quantifier or a lookaround are left alone (they restrict the splits in ways
 * this reading does not model).
 */

/** Lengths of a run of one character up to this many are tracked (enough for `{1,16}`). */
const MAX_RUN = 16;
/** Ways a length can be matched, counted up to 2 (one way, or ambiguous). */
type Ways = Map<number, number>;

/** regexpp, loaded with the pattern that first needs it (the build serves it from dist/scslre.js, with scslre). */
let parser: RegExpParser | undefined;

/** Characters tried as the repeated one and as the one that ends the attack string. */
const PROBES = ['a', 'A', 'z', '0', '9', '_', '-', '.', ' ', '@', '/', ':', ',', '+', '=', '!', '~', '#', '\n', '\u0000', '\u00e9'];

export function boundedRepeatExponential(source: string, flags: string): boolean {
  try {
    parser ??= new (require('@eslint-community/regexpp') as typeof import('@eslint-community/regexpp')).RegExpParser({ ecmaVersion: 2025 });
    return anyAmbiguousLoop(parser.parsePattern(source, 0, source.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') }), flags);
  } catch {
    // Not a pattern for regexpp, or a character node this Node cannot compile alone: no verdict.
    return false;
  }
}

function anyAmbiguousLoop(pattern: AST.Pattern, flags: string): boolean {
  const accepts = acceptor(flags);
  const loops: AST.Quantifier[] = [];
  const collect = (node: AST.Node): void => {
    if (node.type === 'Quantifier') {
      if (node.max === Infinity && (node.element.type === 'Group' || node.element.type === 'CapturingGroup')) loops.push(node);
      collect(node.element);
    } else if (node.type === 'Pattern' || node.type === 'Group' || node.type === 'CapturingGroup') {
      for (const a of node.alternatives) collect(a);
    } else if (node.type === 'Alternative') {
      for (const e of node.elements) collect(e);
    }
  };
  collect(pattern);
  for (const loop of loops) {
    const follow = followOf(loop);
    if (!follow) continue;
    const chars = charNodes(loop.element);
    if (!chars) continue;
    for (const c of PROBES) {
      const ways = runLengths(loop.element, c, accepts);
      if (!ways) break;
      const lengths = [...ways.keys()].filter((n) => n > 0);
      if (lengths.length < 2 && !lengths.some((n) => ways.get(n)! > 1)) continue;
      if (followFails(follow, [...chars, ...follow.flatMap((e) => charNodes(e) ?? [])], c, accepts, flags.includes('m'))) return true;
    }
  }
  return false;
}

type CharNode = AST.Character | AST.CharacterClass | AST.CharacterSet | AST.ExpressionCharacterClass;

/** Whether a character node accepts a character, under the pattern's flags. */
function acceptor(flags: string): (node: CharNode, ch: string) => boolean {
  const own = flags.replace(/[^imsuv]/g, '');
  const cache = new Map<CharNode, RegExp>();
  return (node, ch) => {
    let re = cache.get(node);
    if (!re) {
      re = new RegExp(`^(?:${node.raw})$`, own);
      cache.set(node, re);
    }
    return re.test(ch);
  };
}

/** Every character node under a node; undefined when it holds an assertion, a lookaround or a backreference. */
function charNodes(node: AST.Node): CharNode[] | undefined {
  const out: CharNode[] = [];
  const visit = (n: AST.Node): boolean => {
    switch (n.type) {
      case 'Character':
      case 'CharacterClass':
      case 'ExpressionCharacterClass':
      case 'CharacterSet':
        out.push(n);
        return true;
      case 'Quantifier':
        return visit(n.element);
      case 'Group':
      case 'CapturingGroup':
        return n.alternatives.every(visit);
      case 'Alternative':
        return n.elements.every(visit);
      default:
        return false;
    }
  };
  return visit(node) ? out : undefined;
}

/**
 * The ways a node matches a run of `c`, by run length (0..MAX_RUN), ways counted up to 2; undefined when
 * the node holds something this reading does not model.
 */
function runLengths(node: AST.Node, c: string, accepts: (node: CharNode, ch: string) => boolean): Ways | undefined {
  switch (node.type) {
    case 'Character':
    case 'CharacterClass':
    case 'ExpressionCharacterClass':
    case 'CharacterSet':
      return accepts(node, c) ? new Map([[1, 1]]) : new Map();
    case 'Group':
    case 'CapturingGroup': {
      const out: Ways = new Map();
      for (const alt of node.alternatives) {
        const ways = runLengths(alt, c, accepts);
        if (!ways) return undefined;
        for (const [n, w] of ways) out.set(n, Math.min(2, (out.get(n) ?? 0) + w));
      }
      return out;
    }
    case 'Alternative': {
      let out: Ways = new Map([[0, 1]]);
      for (const e of node.elements) {
        const ways = runLengths(e, c, accepts);
        if (!ways) return undefined;
        out = convolve(out, ways);
        if (out.size === 0) return out;
      }
      return out;
    }
    case 'Quantifier': {
      const once = runLengths(node.element, c, accepts);
      if (!once) return undefined;
      let out: Ways = new Map();
      let power: Ways = new Map([[0, 1]]);
      const top = Math.min(node.max, MAX_RUN);
      for (let k = 0; k <= top; k++) {
        if (k >= node.min) for (const [n, w] of power) out.set(n, Math.min(2, (out.get(n) ?? 0) + w));
        power = convolve(power, once);
        // Iterations that match nothing add no new lengths (and engines stop a loop on an empty match).
        power.delete(0);
        if (power.size === 0) break;
      }
      if (node.min === 0) out.set(0, 1);
      return out;
    }
    default:
      return undefined;
  }
}

function convolve(a: Ways, b: Ways): Ways {
  const out: Ways = new Map();
  for (const [n, w] of a) {
    for (const [m, v] of b) {
      if (n + m > MAX_RUN) continue;
      out.set(n + m, Math.min(2, (out.get(n + m) ?? 0) + w * v));
    }
  }
  return out;
}

/**
 * What must match after the loop, in order: the rest of its alternative, then of each enclosing one;
 * undefined when the loop sits in another quantifier or a lookaround (the reading stops there).
 */
function followOf(loop: AST.Quantifier): AST.Element[] | undefined {
  const out: AST.Element[] = [];
  let node: AST.Node = loop;
  for (;;) {
    const alternative: AST.Node | null = node.parent;
    if (!alternative || alternative.type !== 'Alternative') return undefined;
    out.push(...alternative.elements.slice(alternative.elements.indexOf(node as AST.Element) + 1));
    const holder: AST.Node = alternative.parent;
    if (holder.type === 'Pattern') return out;
    if (holder.type !== 'Group' && holder.type !== 'CapturingGroup') return undefined;
    node = holder;
  }
}

/**
 * Whether what follows the loop fails on every split of a run of `c` that ends the input, or that one
 * character `x` follows which no character node of the loop or the follow accepts. It fails on either
 * through a character node outside any optional part that rejects `c` (it can match neither `c`, `x`
 * nor the end); and on the second through `$` (neither `c` nor `x` is the end). Anything in the follow
 * that could let it succeed otherwise (an assertion other than `$`, a lookaround, a backreference)
 * means no verdict.
 */
function followFails(follow: AST.Element[], nodes: CharNode[], c: string, accepts: (node: CharNode, ch: string) => boolean, multiline: boolean): boolean {
  const ender = PROBES.some((x) => x !== c && !(multiline && x === '\n') && nodes.every((n) => !accepts(n, x)));
  for (const e of follow) {
    if (e.type === 'Assertion') {
      if (e.kind !== 'end') return false;
      if (ender) return true;
      continue;
    }
    if (!charNodes(e)) return false;
    if (mandatoryRejecting(e, c, accepts)) return true;
  }
  return false;
}

/** A character node, or a sequence of them under quantifiers with a minimum, that must match a character other than `c`. */
function mandatoryRejecting(e: AST.Node, c: string, accepts: (node: CharNode, ch: string) => boolean): boolean {
  switch (e.type) {
    case 'Character':
    case 'CharacterClass':
    case 'ExpressionCharacterClass':
    case 'CharacterSet':
      return !accepts(e, c);
    case 'Quantifier':
      return e.min > 0 && mandatoryRejecting(e.element, c, accepts);
    case 'Group':
    case 'CapturingGroup':
      return e.alternatives.every((a) => a.elements.some((x) => mandatoryRejecting(x, c, accepts)));
    default:
      return false;
  }
}
