import { defineTreeRule, reportSinks } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'tainted-code',
    title: "Code or template evaluated from request data",
    description: "`eval`, `exec`, template-from-string and expression-language calls run whatever text they are given: with client data in it, the caller runs code on the server.",
    recommendation: "Never evaluate data: parse it (JSON, `ast.literal_eval`, a number), render fixed template files with values as context.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-94', 'CWE-1336'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['eval', 'exec', 'compile', 'interactive', 'run_in_subinterp', 'run_string', 'otto', 'goja', 'template', 'render', 'expression', 'script', 'ognl', 'textparseutil', 'mvel', 'groovy', 'seam', 'instance_eval', 'class_eval', 'constantize', 'const_get', 'qualified_const_get', 'send', 'create_function', 'assert', 'mb_ereg', 'from_string', 'call_user_func', 'forward_static_call', 'register_shutdown_function', 'array_map', 'array_filter', 'array_walk', 'array_reduce', 'iterator_apply', 'usort', 'uasort', 'uksort', 'try', 'method', 'to_proc', 'to_sym', 'createtemplate'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['code'], (_hit, from) => `This evaluates code or a template built from ${from}; parse the data instead, or render a fixed template with the values as context.`);
  },
});
