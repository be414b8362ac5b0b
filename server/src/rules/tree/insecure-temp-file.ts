import { defineTreeRule, reportSettings } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'insecure-temp-file',
    title: "Temporary file name chosen before the file is created",
    description: "`tempfile.mktemp()` returns a name that does not exist yet; between that call and the file's creation another process can create it first, or a link with that name, and the program then writes into a file someone else controls.",
    recommendation: "Create the file and get its name in one step: `tempfile.mkstemp()`, `tempfile.NamedTemporaryFile()`, or `tempfile.mkdtemp()` for a private directory.",
    category: 'privilege',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-377'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ['mktemp'],
  run(context) {
    // The calls per language are data: `settings` in server/src/languages/<lang>/.
    reportSettings(context, 'insecure-temp-file');
  },
});
