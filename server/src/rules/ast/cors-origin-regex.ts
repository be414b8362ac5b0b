import { defineAstRule, type TSESTree } from '../../engine/ast';
import { corsOriginParameter } from '../../engine/patterns';
import { REGEX_CLASS, REGEX_START, SKIP } from '../prefilter';

/** Names of variables and properties that hold the origins CORS accepts. */
const ORIGIN_LIST = /cors|origin/i;

/** The characters `unescapedHostDots` wants before and after a dot, and such a dot. */
const HOST_BEFORE = '[A-Za-z0-9)]';
const HOST_AFTER = '[A-Za-z0-9(]';
const HOST_DOT = `${HOST_BEFORE}\\.${HOST_AFTER}`;

/** A character of a regex literal's body other than `.` (a line break ends the literal); a class may hold `/`. */
const BODY_CHAR = String.raw`[^/\\\n\r\u2028\u2029[.]|\\[^\n\r\u2028\u2029]|${REGEX_CLASS}`;

/**
 * Text that can be a regex literal with a dot `unescapedHostDots` reports: a `/` where a literal may start
 * (not after a name, a number, `]`, `.`, a string's quote or another `/` on its line, unless that is a
 * keyword such as `return` or the end of a comment `*\/`; not `/*`), its body up to the first such dot,
 * then up to the closing `/`, on one line. URLs (`https://www.acme.com/`, `a/b.c/d`), JSX closing tags
 * and division are mostly not such text. Linear: the body before the dot holds no such dot, the one after
 * holds no `/`, and their alternatives start with different characters; the look back over blanks is made only at a `/`.
 */
const REGEX_HOST_DOT = new RegExp(String.raw`${REGEX_START}(?:${BODY_CHAR}|(?<!${HOST_BEFORE})\.|(?<=${HOST_BEFORE})\.(?!${HOST_AFTER}))*(?<=${HOST_BEFORE})\.(?=${HOST_AFTER})(?:${BODY_CHAR}|\.)*\/`);

/**
 * Offsets (in the pattern) of each `.` that is neither escaped nor in a class and sits between host
 * characters (`www.acme.com`): it matches any character, so `wwwxacme.com` passes too.
 */
function unescapedHostDots(pattern: string): number[] {
  const out: number[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '.' && /[A-Za-z0-9)]/.test(pattern[i - 1] ?? '') && /[A-Za-z0-9(]/.test(pattern[i + 1] ?? '')) out.push(i);
  }
  return out;
}

/**
 * The text every `holderName` this rule accepts needs: a name holding `cors` or `origin` that a value
 * follows, i.e. an identifier (a variable, maybe typed or with `!`, or a property key) before `:` or
 * `=`, or a string key (`'allowed origins':`, `['origin']:`) before `:`. Most files that merely say
 * `origin` (`location.origin`, `new URL(u).origin`) have neither and are not parsed for this rule.
 */
const HOLDER_TEXT = new RegExp(String.raw`(?:cors|origin)(?:(?:[\w$]|[^\x00-\x7f\s])*${SKIP}(?:!${SKIP})?(?::|=(?![=>]))|(?:[^'\\\n\r]|\\[\s\S])*'${SKIP}(?:\]${SKIP})?:|(?:[^"\\\n\r]|\\[\s\S])*"${SKIP}(?:\]${SKIP})?:)`, 'i');

/** Where a regex literal sits: its variable or property name, through one array. */
function holderName(node: TSESTree.Node): string | undefined {
  let n: TSESTree.Node | undefined = node.parent;
  if (n?.type === 'ArrayExpression') n = n.parent;
  if (n?.type === 'VariableDeclarator' && n.id.type === 'Identifier') return n.id.name;
  if (n?.type === 'Property' && !n.computed && n.key.type === 'Identifier') return n.key.name;
  if (n?.type === 'Property' && n.key.type === 'Literal') return String(n.key.value);
  return undefined;
}

/** `.`, `?.`, maybe after closing parentheses: from one member of a chain to the next. */
const MEMBER = String.raw`${SKIP}(?:\)${SKIP})*(?:\?${SKIP})?\.${SKIP}`;

const named = (node: TSESTree.Node, name: string) => node.type === 'Identifier' && node.name === name;

/** The request's Origin: a CORS `origin` callback's first parameter, or `<request>.headers.origin`. */
function isOrigin(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  if (corsOriginParameter(node)) return true;
  return node.type === 'MemberExpression' && !node.computed && named(node.property, 'origin')
    && node.object.type === 'MemberExpression' && !node.object.computed && named(node.object.property, 'headers');
}

/** A regex literal matched against the request's Origin: `/acme.io$/.test(origin)`, `origin.match(/…/)`. */
function matchesOrigin(node: TSESTree.Node): boolean {
  const up = node.parent;
  if (up?.type === 'MemberExpression' && up.object === node && !up.computed && up.property.type === 'Identifier' && up.property.name === 'test') {
    return up.parent?.type === 'CallExpression' && up.parent.callee === up && isOrigin(up.parent.arguments[0]);
  }
  if (up?.type === 'CallExpression' && up.arguments[0] === node && up.callee.type === 'MemberExpression') {
    const method = up.callee.property.type === 'Identifier' ? up.callee.property.name : undefined;
    return (method === 'match' || method === 'search') && isOrigin(up.callee.object);
  }
  return false;
}

export default defineAstRule({
  meta: {
    id: 'cors-origin-regex',
    title: 'CORS origin pattern with an unescaped dot',
    description: 'In a regular expression `.` matches any character, so an allowed-origin pattern like `/^https:\\/\\/www.acme.com$/` also accepts `https://wwwxacme.com`, a domain anyone can register, which then reads your API\'s answers in your users\' browsers.',
    recommendation: 'Escape every dot of a host in an origin pattern (`www\\.acme\\.com`), anchor it with `^` and `$`, or compare against a list of exact origins.',
    category: 'privilege',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-942', 'CWE-185'],
    owasp: ['A05:2021'],
    fixable: true,
  },
  keywords: ['cors', 'origin'],
  // A holder of origins, or the request's Origin header matched against a regex
  // (`/acme.io$/.test(req.headers.origin)`, `req.headers.origin.match(/…/)`); and, since only a regex
  // literal is reported, one that can be such a literal with a `.` between host characters (`REGEX_HOST_DOT`).
  prefilter: [
    REGEX_HOST_DOT,
    new RegExp(String.raw`${HOLDER_TEXT.source}|test${SKIP}\(${SKIP}(?:\(${SKIP})*[\w$]+${MEMBER}headers${MEMBER}origin\b|headers${MEMBER}origin${MEMBER}(?:match|search)\b`, 'i'),
  ],
  scope: 'unit',
  create(context) {
    return {
      Literal(node) {
        if (!('regex' in node) || !node.regex) return;
        const name = holderName(node);
        if ((!name || !ORIGIN_LIST.test(name)) && !matchesOrigin(node)) return;
        const dots = unescapedHostDots(node.regex.pattern);
        if (dots.length === 0) return;
        const start = node.start + 1;
        context.report({
          node,
          message: `This allowed-origin pattern has ${dots.length === 1 ? 'an unescaped `.`' : `${dots.length} unescaped dots`}, which match any character, so look-alike domains pass; escape them (\`\\.\`).`,
          fix: { title: 'Escape the dots', edits: dots.map((d) => ({ start: start + d, end: start + d, newText: '\\' })) },
        });
      },
    };
  },
});
