import { defineAstRule, staticString, type TSESTree } from '../../engine/ast';
import { spanOf } from '../../engine/tree';
import { callerParameter, methodName, sinkFlow } from '../../engine/patterns';
import { enclosingFunction, parameterOrigin, someInScope, taintOf, valuesOf } from '../../engine/taint';
import { CALL_ARGS, GAP, quotedString, REGEX_CLASS, REGEX_START, REQUEST_TEXT, SKIP } from '../prefilter';
import { boundedRepeatExponential } from '../../engine/regexAmbiguity';

type Backtracking = 'exponential' | 'polynomial' | 'linear';

/** scslre's verdict on a pattern (cached: the same literal recurs across files). Invalid patterns count as linear. */
const verdicts = new Map<string, Backtracking>();
/** scslre, once a pattern needed it (the build puts it, with refa and regexpp, in a bundle of its own: dist/scslre.js). */
let scslre: typeof import('scslre') | undefined;

/** The verdict when it is known without loading scslre: cached, plainly linear, or scslre already loaded. */
function knownBacktracking(source: string, flags: string): Backtracking | undefined {
  // Without a repeating quantifier (`*`, `+`, `{n,m}`) each attempt reads at most as many characters
  // as the pattern has: linear.
  if (!/[*+{]/.test(source)) return 'linear';
  return verdicts.get(`${flags}/${source}`) ?? (scslre ? backtracking(source, flags) : undefined);
}

export function backtracking(source: string, flags: string): Backtracking {
  const key = `${flags}/${source}`;
  let verdict = verdicts.get(key);
  if (verdict) return verdict;
  if (!/[*+{]/.test(source)) return 'linear';
  try {
    // Loaded on the first pattern that needs it (scslre and refa were 40% of the server bundle's bytes).
    scslre ??= require('scslre') as typeof import('scslre');
    const { reports } = scslre.analyse({ source, flags: flags.replace(/[^dgimsuyv]/g, '') }, { maxReports: 8 });
    verdict = reports.some((r) => r.exponential) ? 'exponential' : reports.length > 0 ? 'polynomial' : 'linear';
    // scslre finds exponential backtracking only through nested unbounded quantifiers; a loop over a
    // group that matches a run of one character in two lengths (`(\d{1,3})+$`, `(a|aa)+$`) is ours.
    if (verdict !== 'exponential' && /\)[*+{]/.test(source) && boundedRepeatExponential(source, flags)) verdict = 'exponential';
  } catch {
    verdict = 'linear';
  }
  if (verdicts.size > 4096) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

/**
 * Whether a pattern backtracks exponentially. That takes a quantifier that can reach itself through a
 * parent quantifier, and only a group holds a quantifier, so the pattern has a quantified group: `)`
 * then `*`, `+` or `{`. Without one the answer is no, and scslre need not load (an escaped `\)` only
 * sends a pattern to scslre that did not need it).
 */
export function backtracksExponentially(source: string, flags: string): boolean {
  return /\)[*+{]/.test(source) && backtracking(source, flags) === 'exponential';
}

/** The pattern a node stands for (a regex literal, `new RegExp('…')`, or a constant holding one) and where it is written. */
function patternOf(node: TSESTree.Node | undefined, depth = 0): { source: string; flags: string; written: TSESTree.Node } | undefined {
  if (!node || depth > 3) return undefined;
  if (node.type === 'Literal' && 'regex' in node && node.regex) return { source: node.regex.pattern, flags: node.regex.flags, written: node };
  if ((node.type === 'NewExpression' || node.type === 'CallExpression') && node.callee.type === 'Identifier' && node.callee.name === 'RegExp') {
    const source = staticString(node.arguments[0]);
    if (source === undefined) return undefined;
    return { source, flags: staticString(node.arguments[1]) ?? '', written: node };
  }
  if (node.type === 'Identifier') {
    const values = valuesOf(node);
    return values.length === 1 ? patternOf(values[0], depth + 1) : undefined;
  }
  return undefined;
}

const ON_STRING = new Set(['match', 'matchAll', 'replace', 'replaceAll', 'split', 'search']);
const ON_REGEX = new Set(['test', 'exec']);
const METHODS = [...ON_REGEX, ...ON_STRING].join('|');
/** `RegExp(…)` or `new RegExp(…)`, the only calls `onCall` reads as building a pattern (its callee is the identifier `RegExp`). */
const REGEXP_CALL = String.raw`(?<![\w$])RegExp${GAP}${CALL_ARGS}`;
/**
 * An escape in a `SAFE_STRING`: not one that makes `)`, `*`, `+` or `{` or joins lines; a hexadecimal
 * or Unicode escape of any other character is safe (`'^[\x20-\x7E]+$'`).
 */
const SAFE_ESCAPE = String.raw`\\(?:[^xu0-9)*+{\n\r\u2028\u2029]|x(?!2[9abAB]|7[bB])[0-9a-fA-F]{2}|u(?!00(?:2[9abAB]|7[bB]))[0-9a-fA-F]{4})`;
/**
 * A string literal whose text is its value for what `backtracksExponentially` looks at: no escape that
 * could make `)`, `*`, `+` or `{` (`\)`, `\x29`, `\u0029`, `\u{29}`, an octal escape) or join lines (`SAFE_ESCAPE`). In a
 * `RegExp('…')` with such a string, a quantified group is `)` and the quantifier side by side in the text.
 */
const SAFE_STRING = quotedString(SAFE_ESCAPE);
/** A `RegExp(…)` call whose first argument is not a `SAFE_STRING` alone. */
const BUILT_REGEXP = String.raw`${REGEXP_CALL}(?!${SKIP}${SAFE_STRING}${SKIP}[,)])`;

/**
 * Text that can be a regex literal with a repeating quantifier: a `/` where a literal may start
 * (`REGEX_START`), then on its line, before any other `/` outside a class, a `*`, `+` or `{` neither
 * escaped nor in a class. A pattern without one is linear (`knownBacktracking`), so every pattern the
 * rule reports, written as a literal, is such text. Linear: the body's alternatives start with different
 * characters and it ends at the first `/`, line break or quantifier.
 */
const QUANTIFIED_LITERAL = String.raw`${REGEX_START}(?:[^/\\\n\r\u2028\u2029[*+{]|\\[^\n\r\u2028\u2029]|${REGEX_CLASS})*[*+{]`;

export default defineAstRule({
  meta: {
    id: 'regex-dos',
    title: 'Regular expression that can backtrack for a very long time (ReDoS)',
    description: 'A pattern with nested or overlapping quantifiers, such as `(a+)+$`, takes time exponential in the input length on a string that almost matches; one short request can hold the event loop for minutes. A pattern built from request data lets the client choose such a pattern.',
    recommendation: 'Rewrite the pattern so each character can be matched one way only (no quantified group holding a quantifier over the same characters), limit the input length first, and escape request data before putting it in a RegExp.',
    category: 'injection',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-1333', 'CWE-400'],
    owasp: ['A05:2021'],
    fixable: false,
  },
  // Exponential backtracking needs a quantified group (`)+`, `)*`, `){2,}`), also in a `RegExp('…')` whose
  // string is a `SAFE_STRING`; a pattern applied to request data needs request text; a RegExp built from
  // anything else needs such a call (`BUILT_REGEXP`: not the type in `re: RegExp` or `instanceof RegExp`,
  // nor `RegExp('^[a-z]+$')`); and each needs the call that builds or applies it: `BUILT_REGEXP`, or an
  // `ON_REGEX` or `ON_STRING` method called by name (`s.match(…)`) or that name as a string
  // (`s['match'](…)`, or a constant holding it), not a property read (`location.search`).
  // And every pattern it reports is written in the file as a `RegExp(…)` call or as a literal with a
  // repeating quantifier (`QUANTIFIED_LITERAL`): not `history.replace({ pathname: location.pathname })`,
  // nor `"(paragraph | heading)+"` in a string with no such literal beside it.
  // (The checks all hold; the cheapest that fails most often is asked first.)
  prefilter: [
    new RegExp(String.raw`${QUANTIFIED_LITERAL}|${REGEXP_CALL}`),
    new RegExp(String.raw`\)[*+]|\)\{\d*,|${REQUEST_TEXT}|${BUILT_REGEXP}`),
    new RegExp(String.raw`\)[*+]|\)\{\d*,|${BUILT_REGEXP}|(?<![\w$])(?:${METHODS})${GAP}${CALL_ARGS}|['"\`](?:${METHODS})['"\`]`),
  ],
  scope: 'unit',
  create(context) {
    const reported = new Set<TSESTree.Node>();
    const exponential = (node: TSESTree.Node, source: string, flags: string, quiet?: (node: TSESTree.Node) => boolean) => {
      if (reported.has(node) || !backtracksExponentially(source, flags) || quiet?.(node)) return;
      reported.add(node);
      // A literal applied in place to request data (`/…/.test(url.query)`): where that data enters.
      const subject = inPlaceSubject(node);
      context.report({
        node,
        message: `\`/${source.length > 40 ? `${source.slice(0, 37)}...` : source}/\` has nested quantifiers that can backtrack exponentially on a string that almost matches; rewrite it so each character matches one way only.`,
        related: subject && taintOf(subject) === 'request' ? sinkFlow(context.text, node, subject, subject) : undefined,
      });
    };
    const onCall = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      if (node.callee.type === 'Identifier' && node.callee.name === 'RegExp') {
        const arg = node.arguments[0];
        if (!arg || arg.type === 'SpreadElement') return;
        const source = staticString(arg);
        if (source !== undefined) {
          exponential(arg, source, staticString(node.arguments[1]) ?? '');
        } else {
          const taint = taintOf(arg);
          // A parameter no call in this file fills (low confidence): an unescaped caller's value is a pattern too.
          const param = taint === 'unknown' ? parameterOrigin(arg) : undefined;
          if (taint === 'request') {
            context.report({
              node: arg,
              message: 'This RegExp is built from request data, so a client can send a pattern that backtracks for minutes (or matches everything); escape the value or match it as plain text.',
              related: sinkFlow(context.text, arg, arg, arg),
              severity: 'error',
            });
          } else if (param) {
            context.report({
              node: arg,
              message: `This RegExp is built from \`${param.name}\`, which its caller passes in unescaped; if a caller can pass request data, a client chooses a pattern that backtracks for minutes: escape the value or match it as plain text.`,
              related: sinkFlow(context.text, arg, arg, undefined, undefined, [callerParameter(param)]),
              confidence: 'low',
            });
          }
        }
        return;
      }
      // A polynomial pattern is still a denial of service when request data is what it scans.
      const method = methodName(node);
      if (!method || node.callee.type !== 'MemberExpression') return;
      let regex: TSESTree.Node | undefined;
      let subject: TSESTree.Node | undefined;
      if (ON_REGEX.has(method)) {
        regex = node.callee.object;
        subject = node.arguments[0];
      } else if (ON_STRING.has(method)) {
        regex = node.arguments[0];
        subject = node.callee.object;
      }
      const pattern = patternOf(regex);
      if (!pattern || !subject || subject.type === 'SpreadElement') return;
      // The subject's taint before loading scslre for a pattern: most patterns never scan request data.
      const known = knownBacktracking(pattern.source, pattern.flags);
      if (known === 'linear' || taintOf(subject) !== 'request') return;
      const verdict = known ?? backtracking(pattern.source, pattern.flags);
      if (verdict === 'linear') return;
      // Where the request data enters, and where the pattern is written when it is kept in a name.
      const related = sinkFlow(context.text, subject, subject, subject, undefined, [[spanOf(pattern.written), 'The pattern is written here.']]);
      if (verdict === 'exponential') {
        // The literal is reported where it is written; a pattern kept in a variable is also reported
        // where request data reaches it, since that line is where a client can trigger it.
        if (regex?.type !== 'Identifier') return;
        context.report({
          node: subject,
          message: `\`${context.source(subject)}\` comes from the request and is scanned with \`${regex.name}\`, whose nested quantifiers backtrack exponentially; rewrite the pattern so each character matches one way only.`,
          related,
          severity: 'error',
        });
        return;
      }
      context.report({
        node: subject,
        message: `\`${context.source(subject)}\` comes from the request and is scanned with a pattern whose time grows polynomially with its length; limit the length first or rewrite the pattern.`,
        related,
      });
    };
    return {
      Literal(node) {
        if ('regex' in node && node.regex) exponential(node, node.regex.pattern, node.regex.flags, quietLiteral);
      },
      NewExpression: onCall,
      CallExpression: onCall,
    };
  },
});

/** The string a literal used in place scans: `x` in `/…/.test(x)` and `x.match(/…/)`; else undefined. */
function inPlaceSubject(literal: TSESTree.Node): TSESTree.Node | undefined {
  const parent = literal.parent;
  if (parent?.type === 'MemberExpression' && parent.object === literal) {
    const call = parent.parent;
    if (call?.type !== 'CallExpression' || call.callee !== parent) return undefined;
    const method = methodName(call);
    const subject = call.arguments[0];
    return method && ON_REGEX.has(method) && subject && subject.type !== 'SpreadElement' ? subject : undefined;
  }
  if (parent?.type === 'CallExpression' && parent.arguments[0] === literal && parent.callee.type === 'MemberExpression') {
    const method = methodName(parent);
    return method && ON_STRING.has(method) ? parent.callee.object : undefined;
  }
  return undefined;
}

/** A literal not reported where it is written: see `onlyConstantInput`, `appliedToRequestByName` and `madeText`. */
const quietLiteral = (literal: TSESTree.Node): boolean => madeText(literal) || onlyConstantInput(literal) || appliedToRequestByName(literal);

/**
 * A literal that is an operand of `+` or a template's value (`/^a+@/ + domain + /(x{1,3})+$/`): it
 * becomes its text (`"/^a+@/"`), and no pattern of it ever runs.
 */
function madeText(literal: TSESTree.Node): boolean {
  const parent = literal.parent;
  return (parent?.type === 'BinaryExpression' && parent.operator === '+') || parent?.type === 'TemplateLiteral';
}

/**
 * A literal kept in a name (`var r = /([a-z]+)+$/`) that the same function applies to request data
 * (`r.test(req.params.id)`): that use is reported as an error, with the literal as the place the pattern
 * is written, so one flaw gives one finding.
 */
function appliedToRequestByName(literal: TSESTree.Node): boolean {
  const declarator = literal.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== literal || declarator.id.type !== 'Identifier') return false;
  const name = declarator.id.name;
  return someInScope(enclosingFunction(literal), (n) => {
    if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression') return false;
    const method = methodName(n);
    const [regex, subject] = method && ON_REGEX.has(method) ? [n.callee.object, n.arguments[0]] : method && ON_STRING.has(method) ? [n.arguments[0], n.callee.object] : [];
    return regex?.type === 'Identifier' && regex.name === name && patternOf(regex)?.written === literal
      && !!subject && subject.type !== 'SpreadElement' && taintOf(subject) === 'request';
  });
}

/**
 * A literal used once, in place, on a constant (`/^(a+)+$/.test('a'.repeat(100))`, `'x'.match(/…/)`):
 * the only string it ever scans is the program's own, so no client can make it backtrack.
 */
function onlyConstantInput(literal: TSESTree.Node): boolean {
  const subject = inPlaceSubject(literal);
  return !!subject && constantText(subject);
}

/** String methods whose result is fixed by their receiver and arguments. */
const STRING_METHODS = new Set(['repeat', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'slice', 'substring', 'padStart', 'padEnd', 'concat']);

/** A constant, or a string method over constants (`'a'.repeat(100)`). */
function constantText(node: TSESTree.Node): boolean {
  if (taintOf(node) === 'constant') return true;
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const method = methodName(node);
  return !!method && STRING_METHODS.has(method) && taintOf(node.callee.object) === 'constant'
    && node.arguments.every((a) => a.type !== 'SpreadElement' && taintOf(a) === 'constant');
}
