import { defineTreeRule, reportSinks } from '../../dataflow/rule';

export default defineTreeRule({
  meta: {
    id: 'tainted-command',
    title: "Shell command or program arguments from request data",
    description: "A command string run by a shell, or a program and arguments taken from the request, lets a caller run their own commands on the server.",
    recommendation: "Run a fixed program with an argument list (no shell), and check every argument against an allow-list.",
    category: 'injection',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-78'],
    owasp: ['A03:2021'],
    fixable: false,
  },
  keywords: ['system', 'popen', 'exec', 'subprocess', 'process', 'command', 'spawn', 'shell', 'passthru', '`', 'open3', 'proc_open', '"|', "'|", 'open('],
  run(context) {
    // Sinks, sources and sanitisers per language are data: server/src/languages/<lang>/.
    reportSinks(context, ['command'], (_hit, from) => `This command is built from ${from}; run a fixed program with an argument list and no shell, and allow-list the arguments.`);
  },
});
