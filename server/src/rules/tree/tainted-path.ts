import { defineTreeRule, reportSinks } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'tainted-path',
    title: "File path from request data",
    description: "A path taken from the request can use `../` or an absolute path to read, write or include files outside the intended folder.",
    recommendation: "Take only a file name (basename / secure_filename), join it to a fixed folder, and check the resolved path stays inside it.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-22', 'CWE-98'],
    owasp: ['A01:2021'],
    fixable: false,
  },
  keywords: ['open', 'file', 'path', 'send_file', 'include', 'require', 'read', 'remove', 'unlink', 'fopen', 'paths', 'files', 'readfile', 'rmtree', 'copy', 'move', 'dir', 'ftp', 'pstore', 'pathname'],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['path'], (_hit, from) => `This file path comes from ${from}; reduce it to a file name, join it to a fixed folder and check the result stays inside it.`);
  },
});
