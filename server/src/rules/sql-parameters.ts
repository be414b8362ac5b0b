/**
 * The parameterised-query quick fix of `tainted-sql`, offered only where one edit of the call is a
 * correct, behaviour-preserving repair (issue #14): the SQL text is written inline in the call, every
 * value built into it stands alone as a value (the whole content of one pair of single quotes, or a bare
 * value after a comparison or LIMIT/OFFSET where the driver leaves its type to the server), the call takes no parameters yet, and the file says which
 * placeholder the driver wants. Anything else (a LIKE pattern around the value, an identifier, text built
 * on another line, an unknown driver) gets no fix: the finding stays and the person decides.
 */
import type { SyntaxNode } from '../treesitter/runtime';
import type { SinkHit, TreeContext } from '../dataflow/rule';
import type { Fix, TextEdit } from '../engine/types';

/** The SQL text as written: literal pieces (their source between the quotes) and the values built in. */
type Piece = { raw: string } | { value: SyntaxNode; numeric?: true };

interface Template {
  pieces: Piece[];
  /** The literal's delimiters, to write the new text with (`"`, `'`, `` ` ``, `"""`). */
  quote: string;
  /** The literal pieces came from a `%` format: `%%` is a percent sign. */
  percentFormat?: boolean;
}

/**
 * `?` (sqlite3, MySQL/SQLite Go drivers, ActiveRecord, JdbcTemplate), `%s` (psycopg, PyMySQL, MySQLdb, Django), `$n` (lib/pq, pgx),
 * and the named ones: `@name` (Dapper) and `:name` (SQLAlchemy `text()`), each name given by `Naming`.
 */
type Style = '?' | '%s' | '$n' | '@' | ':';

/** The name of a named placeholder for a value, unique within the statement. */
type Naming = (value: SyntaxNode, index: number) => string;

// ---------------------------------------------------------------------------------------------
// Writing the text with placeholders

/**
 * A value right after one of these is a value, not an identifier (`id = 5`, `LIMIT 10`). Bare values
 * are rewritten only for drivers that quote on the client or send the value untyped (Python DB-API
 * drivers, ActiveRecord, MySQL/SQLite and lib/pq in Go): JDBC binds a Java `String` as VARCHAR and pgx
 * encodes by the parameter's type, so `id = ?` with a string could fail where `id = 5` ran.
 */
const BARE_BEFORE = /(?:[=<>]|\b(?:limit|offset))\s*$/i;
const BARE_AFTER = /^(?:\s|\)|;|$)/;

/**
 * The literal text with each value replaced by a placeholder, or undefined when a value is not a
 * value on its own (inside a larger quoted text, an identifier, a keyword), or the text holds
 * something the placeholder style would read (`?`, `%`, `$`) or an escape we do not rewrite.
 */
function withPlaceholders(t: Template, style: Style, bare: ((piece: { value: SyntaxNode; numeric?: true }) => boolean) | undefined, naming?: Naming): { sql: string; values: SyntaxNode[]; names: string[] } | undefined {
  const values: SyntaxNode[] = [];
  const names: string[] = [];
  let sql = '';
  let skipQuote = false;
  for (let i = 0; i < t.pieces.length; i++) {
    const piece = t.pieces[i]!;
    if ('raw' in piece) {
      let raw = piece.raw;
      if (skipQuote) {
        if (!raw.startsWith("'") || raw.startsWith("''")) return undefined;
        raw = raw.slice(1);
        skipQuote = false;
      }
      if (raw.includes('\\')) return undefined;
      if (t.percentFormat) {
        if (/%(?!%)/.test(raw.replace(/%%/g, ''))) return undefined;
        if (style !== '%s') raw = raw.replace(/%%/g, '%');
      } else if (style === '%s' && raw.includes('%')) return undefined;
      if ((style === '?' && raw.includes('?')) || (style === '$n' && raw.includes('$')) || ((style === '@' || style === ':') && raw.includes(style))) return undefined;
      sql += raw;
      continue;
    }
    const next = t.pieces[i + 1];
    const after = next && 'raw' in next ? next.raw : '';
    const quotes = (sql.match(/'/g) ?? []).length;
    if (quotes % 2 === 1) {
      // Inside quotes: the value must be all of them (`'…' + x + '…'` no, `LIKE '%x%'` no).
      if (!sql.endsWith("'") || sql.endsWith("''") || !after.startsWith("'")) return undefined;
      sql = sql.slice(0, -1);
      skipQuote = true;
    } else if (!bare || !BARE_BEFORE.test(sql) || !BARE_AFTER.test(after) || !bare(piece)) return undefined;
    if (style === '@' || style === ':') {
      if (!naming) return undefined;
      names.push(naming(piece.value, values.length));
      sql += `${style}${names[names.length - 1]}`;
    } else sql += style === '$n' ? `$${values.length + 1}` : style;
    values.push(piece.value);
  }
  if (skipQuote || values.length === 0) return undefined;
  return { sql: `${t.quote}${sql}${t.quote}`, values, names };
}

// ---------------------------------------------------------------------------------------------
// Reading the inline text, per grammar

const child = (node: SyntaxNode, field: string): SyntaxNode | undefined => node.children.find((c) => c.field === field);

/** `a + b + c` left to right, for the grammars whose `+` nodes carry an `operator` field. */
function operands(node: SyntaxNode, types: readonly string[], text: string, plus = '+'): SyntaxNode[] {
  if (types.includes(node.type)) {
    const op = child(node, 'operator');
    const left = child(node, 'left');
    const right = child(node, 'right');
    if (op && left && right && text.slice(op.start, op.end) === plus) return [...operands(left, types, text, plus), right];
  }
  return [node];
}

/** `%s`/`%d` (or Go's `%v`) split out of a format string; undefined for any other verb, a width, or `%(name)s`. */
function formatPieces(raw: string, verbs: RegExp, args: SyntaxNode[], numeric: RegExp): Piece[] | undefined {
  const pieces: Piece[] = [];
  let last = 0;
  let n = 0;
  for (const m of raw.matchAll(/%(.)/g)) {
    if (m[1] === '%') continue;
    if (!verbs.test(m[1]!)) return undefined;
    const arg = args[n++];
    if (!arg) return undefined;
    pieces.push({ raw: raw.slice(last, m.index) }, numeric.test(m[1]!) ? { value: arg, numeric: true } : { value: arg });
    last = m.index! + 2;
  }
  if (n !== args.length) return undefined;
  pieces.push({ raw: raw.slice(last) });
  return pieces;
}

/** A Python string literal: its delimiter and raw content; f-strings give their pieces. */
function pythonString(node: SyntaxNode, text: string, allowF: boolean): { quote: string; pieces: Piece[] } | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.children[0];
  const end = node.children[node.children.length - 1];
  if (start?.type !== 'string_start' || end?.type !== 'string_end') return undefined;
  const open = text.slice(start.start, start.end);
  const m = /^([fF]?)("""|'''|"|')$/.exec(open);
  if (!m || (m[1] && !allowF)) return undefined;
  const pieces: Piece[] = [];
  let at = start.end;
  for (const c of node.children.slice(1, -1)) {
    if (c.type !== 'interpolation') continue;
    // `{x!r}`, `{x:>10}`, `{x=}`: a conversion, a format or the self-documenting `=` changes the value.
    const e = c.children[0];
    if (c.children.length !== 1 || e?.field !== 'expression' || !/^\{\s*$/.test(text.slice(c.start, e.start)) || !/^\s*\}$/.test(text.slice(e.end, c.end))) return undefined;
    pieces.push({ raw: text.slice(at, c.start) }, { value: c.children[0]! });
    at = c.end;
  }
  pieces.push({ raw: text.slice(at, end.start) });
  if (m[1] && pieces.some((p) => 'raw' in p && /[{}]/.test(p.raw))) return undefined;
  return { quote: m[2]!, pieces };
}

function pythonTemplate(arg: SyntaxNode, text: string): Template | undefined {
  if (arg.type === 'binary_operator') {
    const op = child(arg, 'operator');
    const left = child(arg, 'left');
    const right = child(arg, 'right');
    if (op && left && right && text.slice(op.start, op.end) === '%') {
      const s = pythonString(left, text, false);
      if (!s) return undefined;
      const args = right.type === 'tuple' ? right.children : right.type === 'dictionary' ? [] : [right];
      if (args.some((a) => a.type === 'list_splat' || a.type === 'comment')) return undefined;
      const pieces = formatPieces((s.pieces[0] as { raw: string }).raw, /^[sdi]$/, args, /^[di]$/);
      return pieces && { pieces, quote: s.quote, percentFormat: true };
    }
  }
  if (arg.type === 'call') {
    // `"… '{}' …".format(x)`: positional fields only.
    const fn = child(arg, 'function');
    const object = fn?.type === 'attribute' ? child(fn, 'object') : undefined;
    const attr = fn?.type === 'attribute' ? child(fn, 'attribute') : undefined;
    const list = child(arg, 'arguments');
    if (!object || !attr || text.slice(attr.start, attr.end) !== 'format' || !list) return undefined;
    const s = pythonString(object, text, false);
    const args = list.children;
    if (!s || args.some((a) => a.type !== 'identifier' && a.type !== 'attribute' && a.type !== 'subscript' && a.type !== 'call' && a.type !== 'integer' && a.type !== 'string')) return undefined;
    const raw = (s.pieces[0] as { raw: string }).raw;
    if (raw.includes('%')) return undefined;
    const pieces: Piece[] = [];
    let last = 0;
    let auto = 0;
    for (const m of raw.matchAll(/\{([^{}]*)\}|\{\{|\}\}/g)) {
      if (m[1] === undefined || !/^\d*$/.test(m[1])) return undefined;
      const arg2 = args[m[1] === '' ? auto++ : Number(m[1])];
      if (!arg2) return undefined;
      pieces.push({ raw: raw.slice(last, m.index) }, { value: arg2 });
      last = m.index! + m[0].length;
    }
    if (/[{}]/.test(raw.slice(last))) return undefined;
    pieces.push({ raw: raw.slice(last) });
    return { pieces, quote: s.quote, percentFormat: false };
  }
  // f-strings and `"…'" + x + "'…"`.
  let quote: string | undefined;
  const pieces: Piece[] = [];
  const parts = operands(arg, ['binary_operator'], text);
  for (const part of parts) {
    const s = pythonString(part, text, true);
    if (!s) {
      // A string we do not rewrite (bytes, raw, implicit concatenation) is text, not a value.
      if (parts.length === 1 || /string/.test(part.type)) return undefined;
      pieces.push({ value: part });
      continue;
    }
    if (quote !== undefined && quote !== s.quote) return undefined;
    quote = s.quote;
    pieces.push(...s.pieces);
  }
  return quote === undefined ? undefined : { pieces: merge(pieces), quote };
}

/** Adjacent literal pieces as one (`"a '" + "b"`). */
function merge(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if ('raw' in p && last && 'raw' in last) out[out.length - 1] = { raw: last.raw + p.raw };
    else out.push(p);
  }
  return out;
}

/** Concatenation of plain string literals and values (Go, Java, Ruby). */
function concatTemplate(arg: SyntaxNode, text: string, plusTypes: readonly string[], literal: (n: SyntaxNode) => { quote: string; raw: string } | undefined, plus = '+'): Template | undefined {
  const parts = operands(arg, plusTypes, text, plus);
  if (parts.length < 2 || !literal(parts[0]!)) return undefined;
  let quote: string | undefined;
  const pieces: Piece[] = [];
  for (const part of parts) {
    const s = literal(part);
    if (!s) {
      // A string we do not rewrite (a text block, an interpolated string) is text, not a value.
      if (/string/.test(part.type)) return undefined;
      pieces.push({ value: part });
      continue;
    }
    if (quote !== undefined && quote !== s.quote) return undefined;
    quote = s.quote;
    pieces.push({ raw: s.raw });
  }
  return { pieces: merge(pieces), quote: quote! };
}

function goLiteral(node: SyntaxNode, text: string): { quote: string; raw: string } | undefined {
  if (node.type !== 'interpreted_string_literal' && node.type !== 'raw_string_literal') return undefined;
  const src = text.slice(node.start, node.end);
  return { quote: src[0]!, raw: src.slice(1, -1) };
}

function goTemplate(arg: SyntaxNode, text: string): Template | undefined {
  if (arg.type === 'call_expression') {
    const fn = child(arg, 'function');
    const list = child(arg, 'arguments');
    if (!fn || !list || text.slice(fn.start, fn.end) !== 'fmt.Sprintf') return undefined;
    const [format, ...args] = list.children;
    const s = format && goLiteral(format, text);
    if (!s || text.slice(list.end - 4, list.end).includes('...')) return undefined;
    const pieces = formatPieces(s.raw, /^[sdv]$/, args, /^d$/);
    return pieces && { pieces, quote: s.quote, percentFormat: true };
  }
  return concatTemplate(arg, text, ['binary_expression'], (n) => goLiteral(n, text));
}

function javaTemplate(arg: SyntaxNode, text: string): Template | undefined {
  return concatTemplate(arg, text, ['binary_expression'], (n) => {
    const src = text.slice(n.start, n.end);
    return n.type === 'string_literal' && !src.startsWith('"""') ? { quote: '"', raw: src.slice(1, -1) } : undefined;
  });
}

function rubyTemplate(arg: SyntaxNode, text: string): Template | undefined {
  const literal = (n: SyntaxNode): { quote: string; raw: string } | undefined => {
    const src = text.slice(n.start, n.end);
    return n.type === 'string' && /^"[^]*"$/.test(src) && !n.children.some((c) => c.type === 'interpolation') ? { quote: '"', raw: src.slice(1, -1) } : undefined;
  };
  if (arg.type === 'string') {
    const src = text.slice(arg.start, arg.end);
    if (!/^"[^]*"$/.test(src)) return undefined;
    const pieces: Piece[] = [];
    let at = arg.start + 1;
    for (const c of arg.children) {
      if (c.type !== 'interpolation') continue;
      if (c.children.length !== 1) return undefined;
      pieces.push({ raw: text.slice(at, c.start) }, { value: c.children[0]! });
      at = c.end;
    }
    pieces.push({ raw: text.slice(at, arg.end - 1) });
    // `#` outside an interpolation is text; `#@x` or `#$x` would interpolate: not rewritten.
    if (pieces.some((p) => 'raw' in p && /#[@${]/.test(p.raw))) return undefined;
    return { pieces, quote: '"' };
  }
  return concatTemplate(arg, text, ['binary'], literal);
}

/** A PHP string literal without interpolation: its quote and content. */
function phpLiteral(node: SyntaxNode, text: string): { quote: string; raw: string } | undefined {
  if (node.type !== 'string' && node.type !== 'encapsed_string') return undefined;
  if (node.children.some((c) => c.type !== 'string_content' && c.type !== 'string_value' && c.type !== 'escape_sequence')) return undefined;
  const src = text.slice(node.start, node.end);
  return /^(["'])[^]*\1$/.test(src) ? { quote: src[0]!, raw: src.slice(1, -1) } : undefined;
}

/** `"… '$x' …"`, `"… '{$r->input('n')}' …"` and `'…' . $x . '…'`. */
function phpTemplate(arg: SyntaxNode, text: string): Template | undefined {
  if (arg.type === 'encapsed_string' && !phpLiteral(arg, text)) {
    const src = text.slice(arg.start, arg.end);
    if (!src.startsWith('"')) return undefined;
    const pieces: Piece[] = [];
    let raw = '';
    for (const c of arg.children) {
      if (c.type === 'string_content' || c.type === 'string_value') {
        raw += text.slice(c.start, c.end);
        continue;
      }
      if (c.type === 'escape_sequence') return undefined;
      // `$a[key]` without braces reads `key` as a string: not the same expression outside the string.
      const braced = text[c.start - 1] === '{' && text[c.end] === '}';
      if (!braced && c.type !== 'variable_name') return undefined;
      pieces.push({ raw }, { value: c });
      raw = '';
    }
    pieces.push({ raw });
    return { pieces, quote: '"' };
  }
  return concatTemplate(arg, text, ['binary_expression'], (n) => phpLiteral(n, text), '.');
}

/** A C# regular string literal (not verbatim `@"…"`, not raw `"""…"""`): its content. */
function csharpLiteral(node: SyntaxNode, text: string): { quote: string; raw: string } | undefined {
  const src = text.slice(node.start, node.end);
  return node.type === 'string_literal' && /^"[^]*"$/.test(src) ? { quote: '"', raw: src.slice(1, -1) } : undefined;
}

const unwrapArgument = (node: SyntaxNode): SyntaxNode => (node.type === 'argument' && node.children.length === 1 ? node.children[0]! : node);

/** `$"… '{x}' …"`, `string.Format("… '{0}' …", x)` and `"… '" + x + "' …"`; no alignment, format or `{{` escapes. */
function csharpTemplate(arg: SyntaxNode, text: string): Template | undefined {
  const src = text.slice(arg.start, arg.end);
  if (arg.type === 'interpolated_string_expression') {
    if (!/^\$"(?!"")/.test(src)) return undefined;
    const pieces: Piece[] = [];
    let at = arg.start + 2;
    for (const c of arg.children) {
      if (c.type !== 'interpolation') continue;
      const inner = c.children.filter((k) => k.type !== 'interpolation_brace');
      if (inner.length !== 1) return undefined;
      pieces.push({ raw: text.slice(at, c.start) }, { value: inner[0]! });
      at = c.end;
    }
    pieces.push({ raw: text.slice(at, arg.end - 1) });
    return pieces.some((p) => 'raw' in p && /[{}]/.test(p.raw)) ? undefined : { pieces, quote: '"' };
  }
  if (arg.type === 'invocation_expression') {
    const fn = child(arg, 'function');
    const list = child(arg, 'arguments');
    if (!fn || !list || !/^[sS]tring\.Format$/.test(text.slice(fn.start, fn.end))) return undefined;
    const [format, ...args] = list.children.map(unwrapArgument);
    const s = format && csharpLiteral(format, text);
    if (!s) return undefined;
    const pieces: Piece[] = [];
    let last = 0;
    const used = new Set<number>();
    for (const m of s.raw.matchAll(/\{([^{}]*)\}|\{\{|\}\}/g)) {
      if (m[1] === undefined || !/^\d+$/.test(m[1]) || !args[Number(m[1])]) return undefined;
      used.add(Number(m[1]));
      pieces.push({ raw: s.raw.slice(last, m.index) }, { value: args[Number(m[1])]! });
      last = m.index! + m[0].length;
    }
    if (/[{}]/.test(s.raw.slice(last)) || used.size !== args.length) return undefined;
    pieces.push({ raw: s.raw.slice(last) });
    return { pieces, quote: '"' };
  }
  return concatTemplate(arg, text, ['binary_expression'], (n) => csharpLiteral(n, text));
}

// ---------------------------------------------------------------------------------------------
// Drivers and calls, per language

const PY_QMARK = /^[ \t]*(?:import|from)[ \t]+sqlite3\b/m;
const PY_FORMAT = /^[ \t]*(?:import|from)[ \t]+(?:psycopg2?|pymysql|MySQLdb|mysql\.connector|django\.db)\b|^[ \t]*from[ \t]+mysql[ \t]+import[ \t]+connector\b/m;
/** SQLAlchemy's `execute` takes its own parameter forms: no guess. */
const PY_OTHER = /^[ \t]*(?:import|from)[ \t]+(?:sqlalchemy|aiosqlite|asyncpg|databases|records|pandas)\b/m;

const GO_QMARK = /^(?:github\.com\/go-sql-driver\/mysql|github\.com\/mattn\/go-sqlite3|modernc\.org\/sqlite|github\.com\/glebarez\/go-sqlite)$/;
const GO_DOLLAR = /^(?:github\.com\/lib\/pq|github\.com\/jackc\/pgx(?:\/v\d+)?(?:\/.*)?)$/;
/** Where the query is among a `database/sql`/sqlx method's arguments. */
const GO_QUERY_AT: Record<string, number> = {
  Query: 0, QueryRow: 0, Exec: 0, Queryx: 0, QueryRowx: 0, MustExec: 0,
  QueryContext: 1, QueryRowContext: 1, ExecContext: 1, QueryxContext: 1, QueryRowxContext: 1, MustExecContext: 1,
  Get: 1, Select: 1, GetContext: 2, SelectContext: 2,
};

/** JdbcTemplate methods with an `(sql, Object... args)` overload for each argument count they are called with here (the SQL, then how many more). */
const JDBC_VARARGS: Record<string, readonly number[]> = {
  query: [1], queryForObject: [1], queryForList: [0, 1], queryForMap: [0], queryForRowSet: [0], queryForStream: [1], update: [0],
};
const JDBC_IMPORT = /^[ \t]*import[ \t]+org\.springframework\.jdbc\.core\.(?:JdbcTemplate|\*)[ \t]*;/m;

/** Laravel's query builder: raw clauses and `DB::` statements that take a bindings array second. */
const LARAVEL_RAW = new Set(['whereRaw', 'orWhereRaw', 'havingRaw', 'orHavingRaw']);
const LARAVEL_DB = new Set(['select', 'selectOne', 'insert', 'update', 'delete', 'statement', 'affectingStatement']);
const LARAVEL = /\b(?:Illuminate\\|DB::)/;

const last = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

function styleOfPython(context: TreeContext): Style | undefined {
  const { flow } = context;
  if (flow.fileTextMatches(PY_OTHER)) return undefined;
  const q = flow.fileTextMatches(PY_QMARK);
  const f = flow.fileTextMatches(PY_FORMAT);
  return q === f ? undefined : q ? '?' : '%s';
}

const goImports = (context: TreeContext): string[] => [...context.flow.importPaths().values()];

function styleOfGo(context: TreeContext): Style | undefined {
  const paths = goImports(context);
  const q = paths.some((p) => GO_QMARK.test(p));
  const d = paths.some((p) => GO_DOLLAR.test(p));
  return q === d ? undefined : q ? '?' : '$n';
}

/**
 * A bare value (`id = ` + x) is a value when it is a number (a `%d` field) or request data: a name of
 * the code's own (`a.id = #{column}`) may be a column, which a placeholder would turn into text. (A value
 * converted to a number, `int(x)`, is not reported at all.)
 */
function bareValue(context: TreeContext): (piece: { value: SyntaxNode; numeric?: true }) => boolean {
  return (piece) => piece.numeric === true || context.flow.taint(piece.value) === 'request';
}

const PY_KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));
const CS_KEYWORDS = new Set('abstract as base bool break byte case catch char checked class const continue decimal default delegate do double else enum event explicit extern false finally fixed float for foreach goto if implicit in int interface internal is lock long namespace new null object operator out override params private protected public readonly ref return sbyte sealed short sizeof stackalloc static string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using virtual void volatile while'.split(' '));

/**
 * Named placeholders after what the value is (`name` for `name`, `user.name` or `request.args["name"]`),
 * else `p1`, `p2`…; each name once, never a keyword of the language the parameters are written in.
 */
function naming(text: string, keywords: ReadonlySet<string>): Naming {
  const used = new Set<string>();
  const take = (name: string): string => (used.add(name), name);
  return (value, index) => {
    let name: string | undefined;
    const last = value.children[value.children.length - 1];
    if (value.type === 'identifier') name = text.slice(value.start, value.end);
    else if ((value.type === 'attribute' || value.type === 'member_access_expression') && last?.type === 'identifier') name = text.slice(last.start, last.end);
    else if (value.type === 'subscript' && value.children.length === 2 && last?.type === 'string') name = text.slice(last.start, last.end).replace(/^(["'])(.*)\1$/, '$2');
    else if (value.type === 'element_access_expression' && last?.children.length === 1) {
      const key = unwrapArgument(last.children[0]!);
      if (key.type === 'string_literal') name = text.slice(key.start + 1, key.end - 1);
    }
    if (name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !keywords.has(name) && !used.has(name)) return take(name);
    for (let n = index + 1; ; n++) if (!used.has(`p${n}`)) return take(`p${n}`);
  };
}

function usesPgx(context: TreeContext): boolean {
  return goImports(context).some((p) => p.startsWith('github.com/jackc/pgx'));
}

function replaceArg(arg: SyntaxNode, newText: string, title: string): Fix {
  return { title, edits: [{ start: arg.start, end: arg.end, newText }] };
}

const TITLE = 'Pass the values as bind parameters';

/** The fix for one `tainted-sql` hit, when it is mechanical (see the module comment). */
export function parameterisedQueryFix(context: TreeContext, hit: SinkHit): Fix | undefined {
  const { call, arg } = hit;
  const { text } = context;
  const index = call.args.indexOf(arg);
  if (index < 0 || call.kwargs.size > 0) return undefined;
  const values = (ns: SyntaxNode[]) => ns.map((n) => context.flow.source(n));
  switch (context.spec.id) {
    case 'python': {
      if (last(call.name) === 'text') return sqlalchemyTextFix(context, hit);
      if (last(call.name) !== 'execute' || call.args.length !== 1) return undefined;
      const style = styleOfPython(context);
      const t = style && pythonTemplate(arg, text);
      const out = t && withPlaceholders(t, style!, bareValue(context));
      if (!out) return undefined;
      const vs = values(out.values);
      return replaceArg(arg, `${out.sql}, (${vs.join(', ')}${vs.length === 1 ? ',' : ''})`, TITLE);
    }
    case 'go': {
      const at = GO_QUERY_AT[last(call.name)];
      if (at === undefined || index !== at || call.args.length !== at + 1) return undefined;
      const style = styleOfGo(context);
      const t = style && goTemplate(arg, text);
      const out = t && withPlaceholders(t, style!, style === '?' || !usesPgx(context) ? bareValue(context) : undefined);
      return out && replaceArg(arg, `${out.sql}, ${values(out.values).join(', ')}`, TITLE);
    }
    case 'ruby': {
      const method = last(call.name);
      if ((method !== 'where' && method !== 'find_by_sql') || call.args.length !== 1) return undefined;
      const t = rubyTemplate(arg, text);
      const out = t && withPlaceholders(t, '?', bareValue(context));
      if (!out) return undefined;
      const list = `${out.sql}, ${values(out.values).join(', ')}`;
      return replaceArg(arg, method === 'find_by_sql' ? `[${list}]` : list, TITLE);
    }
    case 'java': {
      const counts = JDBC_VARARGS[last(call.name)];
      const receiver = call.receiver && context.flow.source(call.receiver);
      if (!counts || index !== 0 || !counts.includes(call.args.length - 1) || !receiver || !/jdbcTemplate\b/i.test(receiver) || /named/i.test(receiver)) return undefined;
      if (!context.flow.fileTextMatches(JDBC_IMPORT)) return undefined;
      const t = javaTemplate(arg, text);
      const out = t && withPlaceholders(t, '?', undefined);
      if (!out) return undefined;
      const added = `, ${values(out.values).join(', ')}`;
      const end = call.args[call.args.length - 1]!;
      const edits: TextEdit[] = end === arg ? [{ start: arg.start, end: arg.end, newText: out.sql + added }] : [{ start: arg.start, end: arg.end, newText: out.sql }, { start: end.end, end: end.end, newText: added }];
      return { title: TITLE, edits };
    }
    case 'php': {
      // Laravel: the methods whose second argument is the bindings array.
      const method = last(call.name.replace(/::/g, '.'));
      const scope = call.name.replace(/::/g, '.').split('.')[0];
      const ok = LARAVEL_RAW.has(method) || (scope === 'DB' && LARAVEL_DB.has(method));
      if (!ok || call.args.length !== 1 || !context.flow.fileTextMatches(LARAVEL)) return undefined;
      const node = arg.type === 'argument' && arg.children.length === 1 ? arg.children[0]! : arg;
      const t = phpTemplate(node, text);
      const out = t && withPlaceholders(t, '?', undefined);
      return out && replaceArg(node, `${out.sql}, [${values(out.values).join(', ')}]`, TITLE);
    }
    case 'csharp':
      return dapperFix(context, hit);
    default:
      return undefined;
  }
}

const SQLALCHEMY = /^[ \t]*(?:import|from)[ \t]+sqlalchemy\b/m;

/**
 * SQLAlchemy `text(f"… '{x}' …")` → `text("… :x …").bindparams(x=x)`: the values travel with the
 * statement, whatever `execute` is later given. Not when the statement is passed together with
 * parameters (`execute(text(…), {…})`, which could rebind a name), nor for a bare value unless it was
 * formatted as a number (`%d`): the driver behind the engine is unknown, and some type by the value.
 */
function sqlalchemyTextFix(context: TreeContext, hit: SinkHit): Fix | undefined {
  const { call, arg } = hit;
  const { text } = context;
  const outer = call.node.parent;
  if (call.args.length !== 1 || call.args[0] !== arg || !context.flow.fileTextMatches(SQLALCHEMY)) return undefined;
  if (outer?.type === 'argument_list' && outer.children.length !== 1) return undefined;
  const t = pythonTemplate(arg, text);
  const out = t && withPlaceholders(t, ':', (piece) => piece.numeric === true, naming(text, PY_KEYWORDS));
  if (!out) return undefined;
  const binds = out.values.map((v, i) => `${out.names[i]}=${context.flow.source(v)}`).join(', ');
  return { title: TITLE, edits: [{ start: arg.start, end: arg.end, newText: out.sql }, { start: call.node.end, end: call.node.end, newText: `.bindparams(${binds})` }] };
}

/** Dapper's extension methods on a connection: `(sql, object param = null, …)`. */
const DAPPER_METHODS = /^(?:Query|QueryFirst|QueryFirstOrDefault|QuerySingle|QuerySingleOrDefault|QueryMultiple|Execute|ExecuteScalar|ExecuteReader)(?:Async)?$/;
const DAPPER = /^[ \t]*using[ \t]+Dapper[ \t]*;/m;
/** Oracle's provider wants `:name`; the others Dapper is used with (SqlClient, Npgsql, MySqlConnector, SQLite) take `@name`. */
const ORACLE = /\bOracle\b/;

/** ASP.NET Core's request collections, whose items are `StringValues` (not in a System.Web file, where they are strings). */
const CORE_VALUES = /^(?:(?:HttpContext|this)\.)?Request\.(?:Query|Form|Headers)$/;
const SYSTEM_WEB = /\bSystem\.Web\b/;

/**
 * Dapper: `connection.Query<T>("… '" + name + "'")` → `connection.Query<T>("… @name", new { name })`.
 * Values that are a name or a member (a `string` parameter, `model.Name`) are bound as they are; an item
 * of ASP.NET Core's `Request.Query`/`Form`/`Headers` is a `StringValues`, which Dapper would expand into a
 * list of parameters, so it is bound as the text the concatenation wrote (`.ToString()`). Any other value
 * (a call, an item of another collection, maybe a sequence or null) gets no fix. No bare values: Npgsql
 * types a `string` parameter as text.
 */
function dapperFix(context: TreeContext, hit: SinkHit): Fix | undefined {
  const { call, arg } = hit;
  const { text } = context;
  if (!DAPPER_METHODS.test(last(call.name).replace(/<[^]*$/, '')) || !call.receiver || call.args.length !== 1 || call.args[0] !== arg) return undefined;
  if (!context.flow.fileTextMatches(DAPPER) || context.flow.fileTextMatches(ORACLE)) return undefined;
  const node = unwrapArgument(arg);
  const t = csharpTemplate(node, text);
  const out = t && withPlaceholders(t, '@', undefined, naming(text, CS_KEYWORDS));
  if (!out) return undefined;
  const members: string[] = [];
  for (const [i, v] of out.values.entries()) {
    let value = context.flow.source(v);
    if (v.type === 'element_access_expression') {
      const object = child(v, 'expression');
      if (!object || !CORE_VALUES.test(context.flow.source(object)) || context.flow.fileTextMatches(SYSTEM_WEB)) return undefined;
      value += '.ToString()';
    } else if (v.type !== 'identifier' && v.type !== 'member_access_expression') return undefined;
    members.push(value === out.names[i] ? value : `${out.names[i]} = ${value}`);
  }
  return replaceArg(node, `${out.sql}, new { ${members.join(', ')} }`, TITLE);
}
