import { defineTreeRule, reportSinks } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'tainted-nosql',
    title: 'MongoDB query document or `$where` script from request data',
    description: "A query filter taken from the request can carry operators instead of values (`{\"$ne\": null}` matches every user, `$regex` every name), and a `$where` script built from it runs the client's JavaScript in the database.",
    recommendation: 'Build the filter in code with each value checked to be a plain string or number (`str(x)`, `(string)$x`, `.to_s`); never parse a filter from the request; replace `$where` with query operators.',
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-943'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['mongo', 'bson', '$where'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['nosql'], (_hit, from) => `This MongoDB query is made from ${from}: a value can be an operator (\`{"$ne": null}\`) or a \`$where\` script; check each value is a plain string or number, and never parse the filter from the request.`);
  },
});
