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
    // A fixed program for os.spawn* / os.exec*; a process restarting itself through os.execv(sys.executable, …).
    { code: 'import os\nos.spawnve(os.P_WAIT, "/bin/ls", ["-a"], os.environ)\nos.posix_spawn("/bin/ls", ["ls"], {})\nos.execv("/foo/bar", ["/foo/bar", "-a"])\nasyncio.create_subprocess_exec(sys.executable, "-m", "pip")', path: 'a.py' },
    { code: 'import os, sys\nos.execv(sys.executable, [sys.executable] + sys.argv)', path: 'a.py' },
  ],
  invalid: [
    // A script handed to `sh -c` is a command line whatever its origin: unknown origin is a warning.
    { code: 'def f(cmd):\n    subprocess.run(["bash", "-c", cmd])', path: 'a.py', errors: [{ line: 2, column: 20, endColumn: 39, message: 'unknown origin' }] },
    { code: 'import os\nos.execl("/bin/bash", "/bin/bash", "-c", cmd)', path: 'a.py', errors: [{ line: 2, column: 42, endColumn: 45, message: 'unknown origin' }] },
    { code: 'import os\nos.spawnve(os.P_WAIT, "/bin/bash", ["-c", cmd], os.environ)', path: 'a.py', errors: [{ line: 2, column: 36, endColumn: 47 }] },
    // The program os.spawn* / os.posix_spawn / os.exec* start, chosen by a value not constant: a warning.
    { code: 'import os\ncmd = something()\nos.execl(cmd, cmd, "--do-smth")', path: 'a.py', errors: [{ line: 3, column: 10, endColumn: 13, message: 'unknown origin' }] },
    { code: 'import os, sys\ncmd = sys.argv[2]\nos.spawnlp(os.P_WAIT, cmd)', path: 'a.py', errors: [{ line: 3, column: 23, endColumn: 26, message: 'unknown origin' }] },
    { code: 'def f():\n    args = get_user_input()\n    asyncio.create_subprocess_exec(args[0], *args[1:])\n    loop.subprocess_exec(factory, *args)', path: 'a.py', errors: [{ line: 3, column: 36, endColumn: 43, message: 'unknown origin' }, { line: 4, column: 35, endColumn: 40, message: 'unknown origin' }] },
    { code: 'def run(s):\n    args = shlex.split(s)\n    pid = os.posix_spawn(args[0], args, os.environ)', path: 'a.py', errors: [{ line: 3, column: 26, endColumn: 33, message: 'unknown origin' }] },
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

testRule(rule('tainted-html'), {
  valid: [
    // Flask autoescapes templates named .html/.htm/.xml/.xhtml/.svg; no values, constants or escaped values are fine.
    { code: 'def f(template, **kwargs):\n    render_template("page.html", name=request.args["n"])\n    render_template(template + ".html", **kwargs)\n    render_template("mail.txt")\n    render_template("mail.txt", name="Ann")\n    render_template("mail.txt", name=escape(request.args["n"]))', path: 'a.py' },
  ],
  invalid: [
    { code: 'def f():\n    return render_template("unsafe.txt", name=request.args.get("name"))', path: 'a.py', errors: [{ line: 2, column: 12, endColumn: 72, message: 'request data' }] },
    { code: 'def f(style, **kwargs):\n    return render_template("%s.txt" % style, **kwargs)', path: 'a.py', errors: [{ line: 2, column: 12, message: 'unknown origin' }] },
  ],
}, 'a.py');

// Jinja2's Environment escapes nothing unless `autoescape` says so: left out, or a name holding a false value.
// Its level follows what its templates render here; a literal `autoescape=False` is template-autoescape-disabled's.
testRule(rule('tainted-html'), {
  valid: [
    {
      code: 'import jinja2\nfrom jinja2 import Environment, select_autoescape\non = True\nEnvironment(loader=l, autoescape=True)\nEnvironment(loader=l, autoescape=select_autoescape())\nEnvironment(autoescape=on)\nEnvironment(autoescape=False)\nEnvironment(**options)\njinja2.Environment(loader=l, autoescape=fake_func())',
      path: 'a.py',
    },
    // Not Jinja2's: a file that does not import it.
    { code: 'env = Environment(loader=l)\nenv.get_template("a.html").render(x=request.args["x"])', path: 'a.py' },
    // A `jinja2.Template` made escaping, or rendered with constants only.
    { code: 'import jinja2\nt = jinja2.Template("<p>{{ x }}</p>", autoescape=True)\nt.render(x=request.args["x"])\nu = jinja2.Template("<p>{{ x }}</p>")\nu.render(x="Ann")', path: 'a.py' },
  ],
  invalid: [
    {
      code: 'import jinja2\nfrom flask import request\nenv = jinja2.Environment(loader=jinja2.FileSystemLoader("t"))\nt = env.get_template("a.html")\ndef view():\n    return t.render(q=request.args["q"])',
      path: 'a.py',
      errors: [{ line: 3, column: 7, endColumn: 62, severity: 'error', message: 'render request data' }],
      output: 'import jinja2\nfrom flask import request\nenv = jinja2.Environment(loader=jinja2.FileSystemLoader("t"), autoescape=True)\nt = env.get_template("a.html")\ndef view():\n    return t.render(q=request.args["q"])',
    },
    {
      code: 'from jinja2 import Environment\nsomething = ""\nEnvironment()\nEnvironment(loader=l, autoescape=something)\nenv = Environment(loader=l)\nenv.from_string("Hi {{ n }}").render(n="Ann")',
      path: 'a.py',
      errors: [
        { line: 3, column: 1, endColumn: 14, severity: 'warning', message: '`autoescape` is left out (off), so every value' },
        { line: 4, column: 1, severity: 'warning', message: '`autoescape` is `something`, a false value' },
        { line: 5, column: 7, severity: 'info', message: 'render constants' },
      ],
      output: 'from jinja2 import Environment\nsomething = ""\nEnvironment(autoescape=True)\nEnvironment(loader=l, autoescape=something)\nenv = Environment(loader=l, autoescape=True)\nenv.from_string("Hi {{ n }}").render(n="Ann")',
    },
  ],
}, 'a.py');

testRule(rule('tainted-html'), {
  valid: [],
  invalid: [
    // `jinja2.Template(text)` escapes nothing: reported where it is given values, by their origin.
    {
      code: 'import jinja2\nfrom flask import request\ntemplate = jinja2.Template("<p>{{ body }}</p>")\ndef view(x):\n    template.render(body=request.args["b"])\n    return template.render(body=x)',
      path: 'a.py',
      errors: [{ line: 5, column: 5, severity: 'error', message: 'with request data' }, { line: 6, column: 12, severity: 'warning', message: 'values of unknown origin' }],
    },
  ],
}, 'a.py');

testRule(rule('cookie-flags-off'), {
  valid: [
    { code: 'def f(params):\n    AuthTktCookieHelper(secret=s, secure=True, httponly=True)\n    AuthTktCookieHelper(**params)\n    response.set_cookie("k", value="v", secure=True, httponly=True)', path: 'a.py' },
  ],
  invalid: [
    // Pyramid leaves both flags off unless asked; the fix adds them.
    { code: 'a = AuthTktCookieHelper(secret="s")', path: 'a.py', errors: [{ line: 1, column: 5, endColumn: 36, message: '`secure` and `httponly`' }], output: 'a = AuthTktCookieHelper(secret="s", secure=True, httponly=True)' },
    { code: 'a = AuthTktAuthenticationPolicy(secret="s", secure=False, httponly=True)', path: 'a.py', errors: [{ line: 1, column: 52, endColumn: 57 }], output: 'a = AuthTktAuthenticationPolicy(secret="s", secure=True, httponly=True)' },
    // The value given by keyword still makes it a cookie being set.
    { code: 'response.set_cookie("k", value="v", secure=True)', path: 'a.py', errors: [{ line: 1, column: 1, message: '`httponly`' }], output: 'response.set_cookie("k", value="v", secure=True, httponly=True)' },
  ],
}, 'a.py');

testRule(rule('cookie-flags-off'), {
  valid: [
    { code: 'package main\nfunc f() {\n\tc := &http.Cookie{Name: "a", Secure: true, HttpOnly: true}\n\t_ = c\n}', path: 'a.go' },
    // Set on the object after the literal.
    { code: 'package main\nfunc f() {\n\tc := http.Cookie{Name: "a"}\n\tc.Secure = true\n\tc.HttpOnly = true\n}', path: 'a.go' },
  ],
  invalid: [
    // net/http leaves both off unless set; the fix adds them after the brace.
    {
      code: 'package main\nfunc f(name string) {\n\tc := http.Cookie{Name: name}\n\t_ = c\n}',
      path: 'a.go',
      errors: [{ line: 3, column: 7, endColumn: 30, message: '`Secure` and `HttpOnly`' }],
      output: 'package main\nfunc f(name string) {\n\tc := http.Cookie{Secure: true, HttpOnly: true, Name: name}\n\t_ = c\n}',
    },
    { code: 'package main\nfunc f() {\n\ts.Options = &sessions.Options{Path: "/", Secure: true}\n}', path: 'a.go', errors: [{ line: 3, column: 15, message: '`HttpOnly`' }] },
  ],
}, 'a.go');

testRule(rule('tainted-code'), {
  valid: [
    { code: 'async def f(request):\n    await loop.run_in_executor(None, print, request.POST["c"])\n    await loop.run_in_executor(None, exec, "print(1)")', path: 'a.py' },
  ],
  invalid: [
    // asyncio runs `exec` with the argument that follows it.
    { code: 'async def f(request):\n    await loop.run_in_executor(None, exec, request.POST["c"])', path: 'a.py', errors: [{ line: 2, column: 44, endColumn: 61, message: 'request data' }] },
  ],
}, 'a.py');

testRule(rule('tainted-sql'), {
  valid: [
    // A number verb prints digits whatever the value; lib/pq's quoting is a sanitiser.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tdb.Query(fmt.Sprintf("SELECT * FROM foo WHERE id = %d", r.FormValue("id")))\n\tdb.Query(fmt.Sprintf("SELECT * FROM %s WHERE id = 1", pq.QuoteIdentifier(r.FormValue("t"))))\n}', path: 'a.go' },
  ],
  invalid: [
    // Verbs are matched to arguments in order: the `%s` one is the request value.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tdb.Query(fmt.Sprintf("SELECT * FROM t WHERE n = %d AND m = \'%s\'", r.FormValue("n"), r.FormValue("m")))\n}', path: 'a.go', errors: [{ line: 3, column: 11, message: 'request data' }] },
    // An argument index reorders the verbs: every argument counts.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tdb.Query(fmt.Sprintf("SELECT * FROM t WHERE m = \'%[2]s\' AND n = %[1]d", 1, r.FormValue("m")))\n}', path: 'a.go', errors: [{ line: 3, column: 11, message: 'request data' }] },
  ],
}, 'a.go');

testRule(rule('tainted-html'), {
  valid: [
    // Escaped first, constant, or a local the flow follows to its use (no use here that sends it).
    { code: 'def v(request):\n    t = request.GET.get("t")\n    context["a"] = "<b>" + escape(t)\n    context["b"] = "<b>fixed</b>"\n    local = "<b>" + t\n    context["c"] = "plain " + t', path: 'a.py' },
  ],
  invalid: [
    // Markup built from request data and stored into a container or object handed on from here.
    {
      code: 'def v(request):\n    text = request.GET.get("t")\n    link = "<a href=\'%s\'>x</a>"\n    context["html"] = link % text\n    self.title = f"<b>{request.GET[\'x\']}</b>"',
      path: 'a.py',
      errors: [{ line: 4, column: 23, endColumn: 34, message: 'request data' }, { line: 5, column: 18, message: 'request data' }],
    },
  ],
}, 'a.py');

// A module or function named by a string (`__import__("os")`, `getattr(os, "system")`), directly or
// through a local, is the plain call; a module named as receiver is not data (`os.path.join("a", "b")`).
testRule(rule('tainted-command'), {
  valid: [
    // A package named as receiver is code, not data: the path of a fixed program is fixed.
    { code: 'package main\nimport (\n\t"os/exec"\n)\nfunc f() {\n\tgoExec, _ := exec.LookPath("go")\n\texec.Command(goExec, "version")\n}', path: 'a.go' },
    { code: 'import os\ndef f(x):\n    getattr(os, "system")("ls")\n    os.system(os.path.join("/usr/bin", "ls"))\n    getattr(os, "getcwd")(x)\n    client.exec_command("uptime")', path: 'a.py' },
  ],
  invalid: [
    {
      code: 'import os\ndef f(x):\n    getattr(os, "system")(x)\n    __import__("os").system(x)\n    m = __import__("os")\n    run = getattr(m, "system")\n    run(x)',
      path: 'a.py',
      errors: [{ line: 3, column: 27, endColumn: 28, message: 'unknown origin' }, { line: 4, column: 29, endColumn: 30 }, { line: 7, column: 9, endColumn: 10 }],
    },
    // asyncio's loop shell and paramiko's remote shell take a command line.
    { code: 'def f(x):\n    loop.subprocess_shell(factory, x)\n    client.exec_command(x)', path: 'a.py', errors: [{ line: 2, column: 36, endColumn: 37 }, { line: 3, column: 25, endColumn: 26 }] },
  ],
}, 'a.py');

// The standard library's other ways to run source text: `code` consoles, sub-interpreters.
testRule(rule('tainted-code'), {
  valid: [
    { code: 'import code\ndef f():\n    code.InteractiveInterpreter().runcode(code.compile_command("print(1)"))\n    _xxsubinterpreters.run_string(_xxsubinterpreters.create(), "print(1)")', path: 'a.py' },
  ],
  invalid: [
    {
      code: 'import code\ndef f(x):\n    console = code.InteractiveConsole()\n    console.push(x)\n    code.InteractiveInterpreter().runcode(code.compile_command(x))\n    _xxsubinterpreters.run_string(_xxsubinterpreters.create(), x)\n    _testcapi.run_in_subinterp(x)',
      path: 'a.py',
      errors: [{ line: 4, column: 18, endColumn: 19, message: 'unknown origin' }, { line: 5, column: 43, endColumn: 66 }, { line: 6, column: 64, endColumn: 65 }, { line: 7, column: 32, endColumn: 33 }],
    },
  ],
}, 'a.py');

// SQLAlchemy's `text()` takes only SQL: when the file imports it from SQLAlchemy, any built text counts
// (elsewhere `text` is a common name, and the text must read as SQL).
testRule(rule('tainted-sql'), {
  valid: [
    { code: 'from sqlalchemy import text\ndef f(request):\n    query.distinct(text("name"))', path: 'a.py' },
    { code: 'def f(request):\n    p = request.params["q"]\n    query.distinct(text("foo" + p))', path: 'a.py' },
  ],
  invalid: [
    { code: 'from sqlalchemy import text\ndef f(request):\n    p = request.params["q"]\n    query.distinct(text("foo" + p))', path: 'a.py', errors: [{ line: 4, column: 25, endColumn: 34, message: 'request data' }] },
  ],
}, 'a.py');

// Python responses: Django's HttpResponse subclasses, a one-argument Flask/Pyramid/WebOb `Response`
// (text/html by default), Pyramid's `request.response.body`; markup built with values of unknown
// origin is a warning.
testRule(rule('tainted-html'), {
  valid: [
    { code: 'from flask import Flask, Response\ndef f(request):\n    x = request.args["x"]\n    b = Response(json.dumps(x), mimetype="application/json")\n    d = HttpResponse("Saved " + thing())', path: 'a.py' },
    // Without an import of a framework whose Response is HTML, `Response` is some other class.
    { code: 'def f(request):\n    return Response(request.args["x"])', path: 'a.py' },
  ],
  invalid: [
    {
      code: 'from flask import Flask, Response\ndef f(request):\n    x = request.args["x"]\n    a = Response(x)\n    c = HttpResponseBadRequest("Received {}".format(x))\n    request.response.body = "<p>%s</p>" % x\n    d = HttpResponse("<div>" + thing() + "</div>")',
      path: 'a.py',
      errors: [
        { line: 4, column: 18, endColumn: 19, message: 'request data' },
        { line: 5, column: 32, endColumn: 55, message: 'request data' },
        { line: 6, column: 29, endColumn: 44, message: 'request data' },
        { line: 7, column: 22, endColumn: 50, message: 'unknown origin' },
      ],
    },
  ],
}, 'a.py');

// `shell=True` runs the text through a shell, as `os.system` does: any value not constant warns (Bandit B602).
testRule(rule('tainted-command'), {
  valid: [{ code: 'def f(cmd):\n    subprocess.call(cmd)\n    subprocess.call("ls -l", shell=True)', path: 'a.py' }],
  invalid: [{ code: 'def f(cmd):\n    subprocess.call(cmd, shell=True)', path: 'a.py', errors: [{ line: 2, column: 21, endColumn: 24, message: 'unknown origin' }] }],
}, 'a.py');

// A `sh -c` script in a list held by a local, or with the shell found by `exec.LookPath("sh")` /
// `shutil.which("bash")`, is still a shell command line.
testRule(rule('tainted-command'), {
  valid: [
    { code: 'def f(cmd):\n    ok = ["ls", "-c", cmd]\n    subprocess.run(ok)', path: 'a.py' },
    // (With the import a real file has: `exec` is the package, so the program found is a constant.)
    { code: 'package main\nimport "os/exec"\nfunc f(s string) {\n\tbinary, _ := exec.LookPath("ls")\n\targs := []string{binary, "-c", s}\n\tsyscall.Exec(binary, args, nil)\n}', path: 'a.go' },
  ],
  invalid: [
    { code: 'import shutil\ndef f(cmd):\n    args = ["sh", "-c", cmd]\n    subprocess.run(args)\n    sh = shutil.which("bash")\n    subprocess.run([sh, "-c", cmd])', path: 'a.py', errors: [{ line: 4, column: 20, endColumn: 24, message: 'unknown origin' }, { line: 6, column: 20, endColumn: 35 }] },
    { code: 'package main\nimport "os/exec"\nfunc f(s string) {\n\tbinary, _ := exec.LookPath("sh")\n\targs := []string{binary, "-c", s}\n\tsyscall.Exec(binary, args, nil)\n}', path: 'a.go', errors: [{ line: 6, column: 23, endColumn: 27, message: 'unknown origin' }] },
  ],
}, 'a.py');

// JavaScript interpreters embedded in Go run their text as code.
testRule(rule('tainted-code'), {
  valid: [{ code: 'package main\nfunc f() {\n\tvm := otto.New()\n\tvm.Run(`abc = 2 + 2`)\n}', path: 'a.go' }],
  invalid: [
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tsrc := r.Form.Get("s")\n\tvm := otto.New()\n\tvm.Run(src)\n}', path: 'a.go', errors: [{ line: 5, column: 9, endColumn: 12, message: 'request data' }] },
    { code: 'package main\nfunc f(src string) {\n\tvm := goja.New()\n\tvm.RunString(src)\n}', path: 'a.go', errors: [{ line: 4, column: 15, endColumn: 18, message: 'unknown origin' }] },
  ],
}, 'a.go');

// SSH clients that accept any host key (Bandit B507, gosec G106).
testRule(rule('ssh-host-key-unverified'), {
  valid: [
    { code: 'import paramiko\nc = paramiko.SSHClient()\nc.load_system_host_keys()\nc.set_missing_host_key_policy(paramiko.RejectPolicy())', path: 'a.py' },
    { code: 'package main\nfunc f(k ssh.PublicKey) {\n\tcfg := &ssh.ClientConfig{HostKeyCallback: ssh.FixedHostKey(k)}\n}', path: 'a.go' },
  ],
  invalid: [
    {
      code: 'from paramiko import client\nc = client.SSHClient()\nc.set_missing_host_key_policy(client.AutoAddPolicy())\nc.set_missing_host_key_policy(WarningPolicy)',
      path: 'a.py',
      errors: [
        { line: 3, column: 31, endColumn: 53, message: 'any host key' },
        { line: 4, column: 31, endColumn: 44 },
      ],
    },
    { code: 'package main\nfunc f() {\n\tcfg := &ssh.ClientConfig{\n\t\tHostKeyCallback: ssh.InsecureIgnoreHostKey(),\n\t}\n}', path: 'a.go', errors: [{ line: 4, column: 20, endColumn: 47, message: 'InsecureIgnoreHostKey' }] },
  ],
}, 'a.py');

// `tempfile.mktemp()` picks a name without creating the file (Bandit B306).
testRule(rule('insecure-temp-file'), {
  valid: [{ code: 'import tempfile\nfd, path = tempfile.mkstemp()\nf = tempfile.NamedTemporaryFile()', path: 'a.py' }],
  invalid: [
    {
      code: 'import tempfile as tmp\nfrom tempfile import mktemp\na = tmp.mktemp(".json")\nb = mktemp()',
      path: 'a.py',
      errors: [{ line: 3, column: 5, endColumn: 24, message: 'mkstemp' }, { line: 4, column: 5, endColumn: 13 }],
    },
  ],
}, 'a.py');

// A name an import binds is the qualified call (`from dill import loads`, `import _pickle as p`,
// parenthesised lists and aliases), unless bound again where it is called (a parameter, a local).
testRule(rule('tainted-deserialization'), {
  valid: [
    { code: 'from dill import loads\ndef f(request, loads):\n    loads(request.data)', path: 'a.py' },
    { code: 'from dill import loads\ndef f(request):\n    loads = json.loads\n    loads(request.data)', path: 'a.py' },
    { code: 'from json import loads\nimport json as p\ndef f(request):\n    loads(request.data)\n    p.loads(request.data)', path: 'a.py' },
  ],
  invalid: [
    {
      code: 'from dill import loads\nimport _pickle as p\nfrom yaml import (\n    safe_load,\n    unsafe_load as ul,\n)\ndef f(request):\n    loads(request.data)\n    p.loads(request.data)\n    ul(request.data)',
      path: 'a.py',
      errors: [{ line: 8, column: 11, endColumn: 23, message: 'request data' }, { line: 9, column: 13, endColumn: 25 }, { line: 10, column: 8, endColumn: 20 }],
    },
  ],
}, 'a.py');

// `template.format(x)` where the template is a local holding a constant reads as that text (SQL here);
// base64's decoders (`decodestring`, `decodebytes`, `b64decode`) hand on what they decode.
testRule(rule('tainted-sql'), {
  valid: [
    { code: 'def f(request, q):\n    cursor.execute(q.format("x"))', path: 'a.py' },
    { code: 'def f(request):\n    query = "SELECT * FROM t WHERE n = {}"\n    cursor.execute(query.format(int(request.GET["n"])))', path: 'a.py' },
  ],
  invalid: [
    { code: 'def f(request):\n    query = "SELECT * FROM t WHERE n = {}"\n    cursor.execute(query.format(request.GET["n"]))', path: 'a.py', errors: [{ line: 3, column: 20, endColumn: 50, message: 'request data' }] },
  ],
}, 'a.py');

testRule(rule('tainted-code'), {
  valid: [],
  invalid: [
    { code: 'import base64\ndef f(request):\n    exec(base64.decodestring(request.POST["c"]))\n    exec(base64.decodebytes(bytes(request.POST["c"], "ascii")))', path: 'a.py', errors: [{ line: 3, column: 10, message: 'request data' }, { line: 4, column: 10, message: 'request data' }] },
  ],
}, 'a.py');

// ruamel.yaml's unsafe loader is a setting (the fix names the safe one); Airflow's BashOperator runs
// `bash_command` through bash, so a value not constant there is a command line someone else wrote.
testRule(rule('tainted-deserialization'), {
  valid: [
    { code: 'from ruamel.yaml import YAML\na = YAML()\nb = YAML(typ="safe")\nc = YAML(typ="rt")', path: 'a.py' },
  ],
  invalid: [
    { code: 'from ruamel.yaml import YAML\ny = YAML(typ="unsafe")', path: 'a.py', errors: [{ line: 2, column: 14, endColumn: 22, message: "typ='unsafe'" }], output: 'from ruamel.yaml import YAML\ny = YAML(typ=\'safe\')' },
  ],
}, 'a.py');

testRule(rule('tainted-command'), {
  valid: [
    { code: 'from airflow.operators.bash import BashOperator\nt = BashOperator(task_id="t", bash_command="echo {{ ds }} {{ params.x }}", params={"x": "y"})', path: 'a.py' },
  ],
  invalid: [
    { code: 'from airflow.operators.bash import BashOperator\ndef make(msg):\n    return BashOperator(task_id="t", bash_command="echo " + msg)', path: 'a.py', errors: [{ line: 3, column: 51, endColumn: 64, message: 'unknown origin' }] },
  ],
}, 'a.py');

// Bandit's examples (issue #14, `py-bandit`): PyTorch's pickle-backed `torch.load`, httpx's `stream`,
// and tar archives unpacked under the names they carry.
testRule(rule('tainted-deserialization'), {
  valid: [
    // Tensors only (the default since PyTorch 2.6), or not said; another module's `load`.
    { code: 'import torch\na = torch.load("w.pth")\nb = torch.load("w.pth", weights_only=True)\nc = torch.utils.cpp_extension.load(name="x", sources=[])', path: 'a.py' },
  ],
  invalid: [
    { code: 'import torch\nm.load_state_dict(torch.load(path, weights_only=False))', path: 'a.py', errors: [{ line: 2, column: 49, endColumn: 54, message: "weights_only=False" }], output: 'import torch\nm.load_state_dict(torch.load(path, weights_only=True))' },
  ],
}, 'a.py');

testRule(rule('tls-verify-off'), {
  valid: [
    { code: 'import httpx\nwith httpx.stream("GET", url) as r:\n    pass', path: 'a.py' },
  ],
  invalid: [
    { code: 'import httpx\nwith httpx.stream("GET", url, verify=False) as r:\n    pass', path: 'a.py', errors: [{ line: 2, column: 38, endColumn: 43 }], output: 'import httpx\nwith httpx.stream("GET", url, verify=True) as r:\n    pass' },
  ],
}, 'a.py');

testRule(rule('tainted-path'), {
  valid: [
    // A filter given; the code choosing the members; zipfile (which strips `..` and absolute names); no tarfile import.
    { code: 'import tarfile\ndef f(name, dst):\n    with tarfile.open(name) as tar:\n        tar.extractall(dst, filter="data")', path: 'a.py' },
    { code: 'import tarfile\ndef f(name, dst):\n    tar = tarfile.open(name)\n    tar.extractall(path=dst, members=safe_members(tar))', path: 'a.py' },
    { code: 'import zipfile\ndef f(name, dst):\n    zipfile.ZipFile(name).extractall(dst)', path: 'a.py' },
  ],
  invalid: [
    { code: 'import tarfile\ndef f(name, dst):\n    tar = tarfile.open(name)\n    tar.extractall(path=dst)', path: 'a.py', errors: [{ line: 4, column: 5, endColumn: 29, message: 'without `filter=`' }] },
    { code: 'from tarfile import open as topen\ndef f(name, dst):\n    topen(name).extractall(dst, filter="fully_trusted")', path: 'a.py', errors: [{ line: 3, column: 40, endColumn: 55, message: 'fully_trusted' }], output: 'from tarfile import open as topen\ndef f(name, dst):\n    topen(name).extractall(dst, filter=\'data\')' },
  ],
}, 'a.py');

// `"… [VALUE]".replace("[VALUE]", x)` builds SQL as `format` does: the replacement is the text's dynamic part.
testRule(rule('tainted-sql'), {
  valid: [
    { code: 'cur.execute("SELECT * FROM foo WHERE id = [V]".replace("[V]", "1"))', path: 'a.py' },
  ],
  invalid: [
    { code: 'def f(identifier):\n    cur.execute("SELECT * FROM foo WHERE id = \'[V]\'".replace("[V]", identifier))', path: 'a.py', errors: [{ line: 2, column: 17, endColumn: 80, message: 'unknown origin' }] },
    { code: 'def f(request):\n    cur.execute("SELECT * FROM foo WHERE id = 1".replace("1", request.args["a"]))', path: 'a.py', errors: [{ line: 2, column: 17, message: 'request data' }] },
  ],
}, 'a.py');
