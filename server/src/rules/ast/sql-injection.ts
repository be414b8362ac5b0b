import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName, propertiesOf, sinkFlow, sinkLevel, stringShape } from '../../engine/patterns';
import { taintOf, valuesOf, worst, type Taint } from '../../engine/taint';
import { escapeRegExp } from '../../engine/textRules';
import { ACCESS, CALL_ARGS, endingWith, GAP, prop, quotedString, seq, SKIP } from '../prefilter';

const QUERY_METHODS = new Set(['query', 'execute', 'raw', 'exec', 'all', 'get', 'run', 'each', 'prepare', 'whereRaw', 'havingRaw', 'orderByRaw', 'joinRaw', 'fromRaw', 'selectRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any']);
const SQL = /^\s*(?:select\s[\s\S]*\sfrom\s|insert\s+into\s|update\s+\S+\s+set\s|delete\s+from\s|replace\s+into\s|merge\s+into\s|(?:drop|truncate|alter|create)\s+(?:temporary\s+)?table\s|exec(?:ute)?\s+\w)|\s(?:where|and|or|values|order\s+by|limit|like)\s*\(?\s*['"]?$/i;

/** knex's raw fragments: the argument is SQL (a condition, an ordering, a join) whatever it looks like. */
const RAW_FRAGMENT_METHODS = new Set(['whereRaw', 'havingRaw', 'orderByRaw', 'joinRaw', 'fromRaw', 'selectRaw']);

/** Blanks in a literal, escaped ones included (`'\\nSELECT'`). */
const BLANK = String.raw`(?:\s|\\[nrtvf])`;
const TAIL_WORD = String.raw`(?:where|and|or|values|order\s+by|limit|like)`;
/**
 * A literal quoted with `q` that ends in ` WHERE`, ` AND (`, ` LIKE '`…: the end of the text before an
 * interpolation, or of the whole text, where SQL accepts these words.
 */
function literalEndingInTailWord(q: string): string {
  const char = q === '`' ? String.raw`[^\`\\$]|\$(?!\{)` : String.raw`[^${q}\\\n\r]`;
  return String.raw`${q}(?:${char}|\\[\s\S])*?\s${TAIL_WORD}${BLANK}*(?:\(${BLANK}*)?['"]?${q}`;
}
const CONCATENATED_TAIL_WORD = String.raw`(?:${["'", '"', '`'].map(literalEndingInTailWord).join('|')})`;
/** A literal that starts the way the SQL test wants: `SELECT `, `INSERT INTO`, `UPDATE t SET`, `DELETE FROM`, `DROP TABLE`, `EXEC p`… */
const SQL_START = String.raw`['"\`]${BLANK}*(?:select${BLANK}|(?:insert|replace|merge)${BLANK}+into\b|update${BLANK}+[^\s'"\`$\\]+${BLANK}+set\b|delete${BLANK}+from\b|(?:drop|truncate|alter|create)${BLANK}+(?:temporary${BLANK}+)?table\b|exec(?:ute)?${BLANK}+\w)`;
/** A literal with an SQL verb and at most two more words that ends there and is concatenated or interpolated: `'UPDATE ' + table + ' SET …'`. */
const SQL_START_SPLIT = String.raw`['"\`]${BLANK}*(?:select|insert|update|delete|replace|merge|drop|truncate|alter|create|exec(?:ute)?)(?:${BLANK}+[^\s'"\`$\\]+){0,2}${BLANK}*(?:['"\`]${GAP}\+|\$\{)`;
/**
 * Text every finding needs, from SQL: a literal that starts as SQL, or with an SQL verb and ends soon
 * after to be concatenated (`'SELECT' + …`) or interpolated; or, for the words SQL accepts at
 * the end of the text before the first interpolation (` WHERE `, ` LIKE '`…), a concatenated literal
 * ending in one, or one right before `${`. Left out: a query that starts with no verb and counts as
 * SQL only because a template's text after its last interpolation ends in such a word
 * (`${cond} AND`), or because its first 200 characters happen to end in one; a text filter cannot
 * tell those from prose. Nor a keyword split between two literals (`'SEL' + 'ECT …'`).
 */
const SQL_TEXT = [
  SQL_START,
  SQL_START_SPLIT,
  String.raw`\+${SKIP}${CONCATENATED_TAIL_WORD}`,
  // These two are searched from their last token (`endingWith`): tried from every quote or blank, they
  // were most of the rule's prefilter time on a big file (16–28 ms of a megabyte, 3–4 ms now).
  endingWith(`${CONCATENATED_TAIL_WORD}${GAP}`, String.raw`\+`),
  endingWith(String.raw`\s${TAIL_WORD}${BLANK}*(?:\(${BLANK}*)?['"]?`, String.raw`\$\{`),
].join('|');

/**
 * A string, or a template without `${`, written whole: as a query's first argument alone (`SKIP` then
 * `,` or `)` after it) it has no dynamic part, so `stringShape` finds nothing to report. Not with a `(`
 * before it: `query(('SELECT …') + id)` is dynamic. Linear: each alternative's characters start
 * differently, and it ends at its closing quote.
 */
const CONSTANT_LITERAL = String.raw`(?:${quotedString(String.raw`\\[\s\S]`)}|\`(?:[^\`\\$]|\\[\s\S]|\$(?!\{))*\`)`;

function looksLikeSql(text: string): boolean {
  const head = text.split('?')[0] ?? '';
  return SQL.test(text.slice(0, 200)) || SQL.test(head);
}

export default defineAstRule({
  meta: {
    id: 'sql-injection',
    title: 'SQL built from strings passed to a query call',
    description: 'Concatenating or interpolating values into SQL lets a quote in the data end the literal and change the statement.',
    recommendation: 'Pass values as bind parameters (`$1`, `?` or named placeholders) and keep the SQL text constant.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-89'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['select', 'insert', 'update', 'delete', 'replace', 'merge', 'drop', 'truncate', 'alter', 'create', 'exec', 'where', 'and', 'or', 'values', 'order', 'limit', 'like'],
  prefilter: [
    // A call of one of the query methods, not with a constant literal alone (`CONSTANT_LITERAL`): a
    // migration's `queryInterface.sequelize.query(`ALTER TABLE …`)`.
    new RegExp(seq(ACCESS, prop([...QUERY_METHODS].map(escapeRegExp).join('|')), String.raw`(?:<|${CALL_ARGS}(?!${SKIP}${CONSTANT_LITERAL}${SKIP}[,)]))`)),
    // SQL text, or a knex raw fragment (`whereRaw("email = '" + x + "'")`, reported for request data only).
    new RegExp(`${SQL_TEXT}|${seq(ACCESS, prop([...RAW_FRAGMENT_METHODS].join('|')), CALL_ARGS)}`, 'i'),
  ],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const method = methodName(node);
        if (!method || !QUERY_METHODS.has(method) || node.callee.type !== 'MemberExpression') return;
        let arg = node.arguments[0];
        if (!arg) return;
        let reportAt: TSESTree.Node = arg;
        if (arg.type === 'Identifier') {
          // One value: it may be the options object; several (`q = q.concat(x)`, `q += x`): stringShape reads them all.
          const values = valuesOf(arg);
          if (values.length === 1) arg = values[0] as typeof arg;
        }
        if (arg.type === 'ObjectExpression') {
          // The query-options form: mysql's `{ sql, values }`, pg's `{ text, values }`.
          const sql = propertiesOf(arg).get('sql') ?? propertiesOf(arg).get('text');
          if (!sql) return;
          reportAt = sql.value;
          const values = sql.value.type === 'Identifier' ? valuesOf(sql.value) : [sql.value];
          if (values.length !== 1) return;
          arg = values[0] as typeof arg;
        }
        const { text, dynamic } = stringShape(arg);
        if (dynamic.length === 0) return;
        const fragment = !looksLikeSql(text);
        if (fragment && !RAW_FRAGMENT_METHODS.has(method)) return;
        const taint = dynamic.reduce<Taint>((t, e) => worst(t, taintOf(e)), 'constant');
        // The options form, and a raw fragment that does not read as SQL by itself, are reported for
        // request data only: the applications measured build their text from their own values (sort
        // direction, placeholder lists, column names), where a finding is noise.
        const level = (reportAt !== node.arguments[0] || fragment) && taint !== 'request' ? undefined : sinkLevel(taint);
        if (!level) return;
        const from = level.confidence === 'high' ? 'request data' : 'values';
        context.report({
          node: reportAt,
          message: `This SQL is built by ${arg.type === 'TemplateLiteral' ? 'interpolating' : arg.type === 'CallExpression' && /(?:^|\.)format$/.test(qualifiedName(arg.callee) ?? '') ? 'formatting' : 'concatenating'} ${from}; pass them as bind parameters ($1 / ?) instead.`,
          related: sinkFlow(context.text, reportAt, reportAt, taint === 'request' ? dynamic.find((e) => taintOf(e) === 'request') : undefined),
          ...level,
        });
      },
    };
  },
});
