/**
 * Building blocks for AST rules' `prefilter` regexes. A prefilter decides, on the raw text, whether a
 * file is parsed for a rule at all, so it must be a necessary condition of every finding the rule can
 * report: it may let a file through for nothing, never keep one out that has a finding.
 *
 * The pieces allow what the parser looks through: blanks, line breaks and comments between tokens,
 * parentheses around an expression (`(res).redirect(…)`), optional chaining (`res?.redirect`), a member
 * written as a string (`res['redirect']`, which `qualifiedName` reads as `res.redirect`). Identifiers
 * and keys written with escapes (`\u0073ecret`) are out of scope, as they are for keywords.
 *
 * Every piece is linear: alternatives inside a repetition start with different characters, a comment
 * is matched one way only (a line comment runs to the end of its line), and two repetitions over
 * blanks never meet without a required token between them.
 */
import { HANDLER_REQUEST, NEST_REQUEST_DECORATORS, NESTED_REQUEST, REQUEST_METHODS, REQUEST_PARTS, REQUEST_ROOTS } from '../engine/taint';

const BLOCK_COMMENT = String.raw`\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\/`;
const LINE_COMMENT = String.raw`\/\/[^\n\r\u2028\u2029]*(?![^\n\r\u2028\u2029])`;

/** Blanks, line breaks and comments. */
export const SKIP = String.raw`(?:\s|${BLOCK_COMMENT}|${LINE_COMMENT})*`;

/** `SKIP`, and closing parentheses: what may stand between the end of an expression and the next token. */
export const GAP = String.raw`(?:[\s)]|${BLOCK_COMMENT}|${LINE_COMMENT})*`;
/** Blanks, line breaks, comments and parentheses either way: after a call's `(`, where the argument may be wrapped (`f((req).body)`). */
export const OPEN_GAP = String.raw`(?:[\s()]|${BLOCK_COMMENT}|${LINE_COMMENT})*`;

/** Blanks other than line breaks. */
export const LINE_BLANKS = String.raw`[^\S\n\r\u2028\u2029]*`;

/** Words after which a `/` starts a regex literal, not a division. */
const BEFORE_REGEX_WORDS = 'return|typeof|case|do|else|in|of|instanceof|new|delete|void|throw|yield|await|extends|default';

/**
 * A `/` where a regex literal may start: not after a name, a number, `]`, `.`, a string's quote or
 * another `/` on its line, unless that is a keyword such as `return` or the end of a comment `*\/`; not
 * `/*` nor `//`. The look back over blanks is made only at a `/`.
 */
export const REGEX_START = String.raw`\/(?:(?<![\w$\]'"\`.]${LINE_BLANKS}\/)(?<!(?<!\*)\/${LINE_BLANKS}\/)|(?<=(?<![\w$])(?:${BEFORE_REGEX_WORDS})${LINE_BLANKS}\/))(?![*/])`;

/** A class in a regex literal's body (`[^/\]]`): it may hold `/`; a line break ends the literal. */
export const REGEX_CLASS = String.raw`\[(?:[^\]\\\n\r\u2028\u2029]|\\[^\n\r\u2028\u2029])*\]`;

/**
 * `head` then `last`, searched from `last`: `last`, then a look back for the whole (`(?<=head last)`).
 * The matches of the two end at the same places, so a test gives the same answer; but the search tries
 * only where `last` is (a rare token such as `+` or `${`), not everywhere `head` could start (each quote
 * or blank of a file, most of a big file's positions). `head` must hold no back-reference.
 */
export function endingWith(head: string, last: string): string {
  const source = `${last}(?<=${head}${last})`;
  ENDINGS.set(source, `${head}${last}`);
  return source;
}

/** Every `endingWith` expression built, with the expression it stands for: a unit test compares the two. */
export const ENDINGS = new Map<string, string>();

/** Tokens in order with a `GAP` between each two. */
export function seq(...parts: string[]): string {
  return parts.join(GAP);
}

/**
 * An identifier or property name from the alternation `names`, written bare (`redirect`) or as the
 * string of a computed member (`['redirect']`: the closing quote and bracket are consumed here).
 */
export function name(names: string): string {
  return String.raw`(?<![\w$])(?:${names})(?![\w$])(?:['"]${SKIP}\])?`;
}

/** A member access: `.`, `?.`, `[` or `?.[` (the property name follows, quoted or not: see `prop`). */
export const ACCESS = String.raw`(?:\?\.${SKIP}\[|\??\.|\[)`;

/** The property after `ACCESS`: bare, or the string in brackets. */
export function prop(names: string): string {
  return `['"]?${name(names)}`;
}

/** `object.property` and its spellings (`object?.property`, `object['property']`, `(object).property`), as `seq` parts. */
export function member(objects: string, properties: string): string[] {
  return [name(objects), ACCESS, prop(properties)];
}

/** Where a call's arguments open: `(` or `?.(` (type arguments, `<…>(`, are for the caller to allow). */
export const CALL_ARGS = String.raw`(?:\?\.${SKIP})?\(`;

/** An arrow function's head where an argument starts (`() =>`, `(a, b) =>`, `async x =>`). */
export const ARROW = String.raw`(?:async${SKIP})?(?:\([\w$\s,]*\)|[\w$]+)${SKIP}=>`;

/** A string literal without escapes or line breaks. */
export const PLAIN_STRING = String.raw`(?:'[^'\\\n\r]*'|"[^"\\\n\r]*")`;

/**
 * A string literal in single or double quotes, on one line, whose escapes are what `escape` matches
 * (`\\[\s\S]` for any). Linear: a character and an escape start differently, and it ends at its quote.
 */
export function quotedString(escape: string): string {
  return String.raw`(?:'(?:[^'\\\n\r]|${escape})*'|"(?:[^"\\\n\r]|${escape})*")`;
}

/**
 * Parentheses, brackets or braces with nothing inside that could hide one of them (strings, templates,
 * comments, regexes, nesting of the same kind): `(a, b)`, `[k]`, `{ a: 1 }`, a simple function body.
 */
export const FLAT_GROUP = String.raw`(?:\([^()'"\`/]*\)|\[[^[\]'"\`/]*\]|\{[^{}'"\`/]*\})`;

/**
 * After a call's `(`: the first argument, read as far as it can be (names, members, flat groups, plain
 * strings), then `,` and `next` (the second argument's start). Where the first argument cannot be read
 * to its end (nesting, a template, a comment…), the pattern accepts.
 */
export function secondArgument(next: string): string {
  return String.raw`(?:[^,()[\]{}'"\`/]|${FLAT_GROUP}|${PLAIN_STRING})*(?:,${SKIP}${next}|(?!${FLAT_GROUP}|${PLAIN_STRING})[([{'"\`/])`;
}

/** An assignment operator, compound ones included (`=`, `||=`, `+=`); not `==`, `===`, `!=`, `<=`… nor `=>`. */
export const ASSIGN = String.raw`(?:[-+*/%&|^?<>]{0,3}=(?![=>]))`;

/**
 * The start of a value `literalSecrets` may report: a non-empty string, a template that does not begin
 * with an expression, an array, `Buffer.from(…)`, `new TextEncoder().encode(…)`, or a parenthesised
 * expression.
 */
export const SECRET_VALUE = String.raw`(?:'(?!')|"(?!")|\`(?!\`|\$\{)|[[(]|\bBuffer\b|\b(?:jose\.)?JWK\b|\bnew${SKIP}TextEncoder\b)`;

/**
 * A property of an object literal named one of `names`, with the key bare, quoted or computed
 * (`secret:`, `'secret':`, `["secret"]:`, `` [`secret`]: ``), followed by a value starting with `value`.
 */
export function propertySource(names: string, value: string): string {
  return String.raw`\b(?:${names})['"\`]?${SKIP}(?:\]${SKIP})?:${SKIP}${value}`;
}

/** `name: <literal secret>`, see `propertySource`. */
export function secretProperty(names: string): string {
  return propertySource(names, SECRET_VALUE);
}

/**
 * An assignment to the member `names` (`app.keys = …`, `(app.keys) ||= …`) whose right side starts like
 * a literal secret. Not a variable (`const keys = …`): a dot stands before the name.
 */
export function secretMemberAssignment(names: string): string {
  return String.raw`\.${SKIP}${seq(`(?:${names})(?![\\w$])`, ASSIGN, SECRET_VALUE)}`;
}

/**
 * What `isRequestSource` (engine/taint.ts) accepts after a request object's name: the parts an attacker
 * controls, the request nested in a context (`ctx.request.body`), and the getter methods (`req.get('x')`).
 * Taken from its own lists; a unit test checks the result against `isRequestSource` itself.
 */
export const REQUEST_MEMBERS = [...REQUEST_PARTS, ...NESTED_REQUEST, ...REQUEST_METHODS];

/**
 * Text that every request source `taintOf` knows needs: a request object's name with one of
 * REQUEST_MEMBERS (`req.query`, `ctx['request'].body`, `event.pathParameters`, `req.get('x')`), or
 * `location.search` and the other browser sources; read, not assigned to (`location.hash = …` is
 * no source); and any member of a handler's request parameter (`req.foo`, `request.payload`: see
 * `HANDLER_REQUEST`), and NestJS's request decorators (`@Query(…)`). Not the request parts destructured in a handler's parameters (`({ query }, res) => …`),
 * which no text check can find without matching almost every file.
 */
export const REQUEST_TEXT = [
  member([...REQUEST_ROOTS].join('|'), REQUEST_MEMBERS.join('|')),
  member([...HANDLER_REQUEST].join('|'), String.raw`[A-Za-z_$][\w$]*`),
  member('location', 'search|hash|href|pathname'),
  member('document', 'URL|documentURI|referrer|cookie'),
  member('window', 'name'),
].map((parts) => `${seq(...parts)}(?!${GAP}${ASSIGN})`).concat(
  // NestJS handler parameters bound to the request (`@Query('q') q`).
  String.raw`@(?:${[...NEST_REQUEST_DECORATORS].join('|')})\s*\(`,
).join('|');

/**
 * `REQUEST_TEXT`, or any member of a Lambda event (`event.name`: all of it is what the caller sent), and
 * markup opening or closing a tag: the two checks of the rules about request data built into HTML. One
 * object each, shared, so a text is searched once for both rules.
 */
export const REQUEST_OR_EVENT = new RegExp(`${REQUEST_TEXT}|${seq(...member('event|evt', String.raw`[A-Za-z_$][\w$]*`))}`);
export const MARKUP = /<\/?[a-z]|<!--/i;
