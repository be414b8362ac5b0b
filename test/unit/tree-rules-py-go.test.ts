import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * Python and Go recall (issue #14, `lang-py-go`): each cause found among the misses of semgrep's
 * labelled tests and of the Bandit / gosec suites (`scripts/eval-bandit-gosec.mjs`), as a valid /
 * invalid case with exact positions.
 */

testRule(rule('tainted-command'), {
  valid: [
    // A constant script, or a `-c` that is not a shell's (`git -c key=value`).
    { code: 'subprocess.run(["bash", "-c", "ls -l"])\nsubprocess.run(["git", "-c", "core.pager=cat", "log"])', path: 'a.py' },
    { code: 'def f(s):\n    subprocess.run(["ls", "-c", s])', path: 'a.py' },
    { code: 'package main\nfunc f(s string) {\n\texec.Command("sh", "-c", "ls")\n\texec.Command("git", "-c", s)\n}', path: 'a.go' },
    // A program of unknown origin given only fixed arguments is not a shell command line.
    { code: 'def f(tool):\n    subprocess.run([tool, "--version"])', path: 'a.py' },
  ],
  invalid: [
    // A script handed to `sh -c` is a command line whatever its origin: unknown origin is a warning.
    { code: 'def f(cmd):\n    subprocess.run(["bash", "-c", cmd])', path: 'a.py', errors: [{ line: 2, column: 20, endColumn: 39, message: 'unknown origin' }] },
    { code: 'import os\nos.execl("/bin/bash", "/bin/bash", "-c", cmd)', path: 'a.py', errors: [{ line: 2, column: 42, endColumn: 45, message: 'unknown origin' }] },
    { code: 'import os\nos.spawnve(os.P_WAIT, "/bin/bash", ["-c", cmd], os.environ)', path: 'a.py', errors: [{ line: 2, column: 36, endColumn: 47 }] },
    { code: 'def f():\n    os.system(something())', path: 'a.py', errors: [{ line: 2, column: 15, endColumn: 26, message: 'unknown origin' }] },
    // Request data stays an error.
    { code: 'def f():\n    subprocess.run(["sh", "-c", request.args["c"]])', path: 'a.py', errors: [{ line: 2, column: 20, message: 'request data' }] },
    { code: 'package main\nfunc f(userInput string) {\n\texec.Command("bash", "-c", userInput)\n}', path: 'a.go', errors: [{ line: 3, column: 29, endColumn: 38, message: 'unknown origin' }] },
    { code: 'package main\nfunc f(s string) {\n\texec.Command("/usr/bin/env", "bash", "-c", s)\n}', path: 'a.go', errors: [{ line: 3, column: 45, endColumn: 46 }] },
  ],
}, 'a.py');

testRule(rule('tainted-html'), {
  valid: [
    // Trusted html/template types of constant text, or of a plain value nothing here builds.
    { code: 'package main\nfunc f(data string) template.HTML {\n\ta := template.CSS("a { color: red }")\n\treturn template.HTML(data)\n}', path: 'a.go' },
    // Escaped before it is written.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tw.Write([]byte(html.EscapeString(r.FormValue("x"))))\n}', path: 'a.go' },
  ],
  invalid: [
    // `[]byte(x)` is a conversion: the data is its operand.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tx := r.FormValue("x")\n\tw.Write([]byte(fmt.Sprintf("<p>%s</p>", x)))\n}', path: 'a.go', errors: [{ line: 4, column: 17, endColumn: 44, message: 'request data' }] },
    // A trusted type (escaping skipped) made from text built with a value of unknown origin.
    { code: 'package main\nfunc f(data string) {\n\ta := template.HTMLAttr(fmt.Sprintf("title=%s", data))\n\tb := template.Srcset("x.png " + data)\n}', path: 'a.go', errors: [{ line: 3, column: 25, message: 'unknown origin' }, { line: 4, column: 23, message: 'unknown origin' }] },
  ],
}, 'a.go');
