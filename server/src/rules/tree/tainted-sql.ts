import { defineTreeRule, reportSinks } from '../../dataflow/rule';
import { parameterisedQueryFix } from '../sql-parameters';

export default defineTreeRule({
  meta: {
    id: 'tainted-sql',
    title: "SQL built from request data or strings and passed to a query call",
    description: "A query built by concatenation, formatting or interpolation lets a quote in the data end the literal and change the statement.",
    recommendation: "Keep the SQL text constant and pass values as bind parameters (`%s`/`?`/`:name`/`@p`), or use the ORM query API.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-89'],
    owasp: ['A03:2021'],
    fixable: true,
  },
  keywords: ['select', 'insert', 'update', 'delete', 'execute', 'query', 'where', 'raw', 'sql', 'exec', 'find_by_sql', 'order', 'find', 'sum', 'pluck', 'group', 'having', 'joins', 'extra', 'rawsql', 'rule::unique'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['sql'], (_hit, from) => `This SQL is built from ${from}; keep the query text constant and pass the values as bind parameters.`, { fix: (hit) => parameterisedQueryFix(context, hit) });
  },
});
