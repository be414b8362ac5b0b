import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * The data-flow core (server/src/dataflow/flow.ts) beyond one statement: calls and parameters across
 * the functions of a file, fields, map and list elements by constant key, branches a constant
 * condition rules out, and assignments that hide earlier ones. Written in Java and C# (the shapes of
 * the OWASP Benchmark and of semgrep's tests); the core is the same for every language.
 */

/** A servlet whose doPost computes `bar` from the request parameter `param` in `body`, then runs it as SQL. */
function servlet(body: string, extra = ''): string {
  return [
    'class T extends HttpServlet {',
    '  public void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {',
    '    String param = request.getParameter("p");',
    ...body.split('\n').map((l) => `    ${l}`),
    '    statement.executeQuery("SELECT * FROM t WHERE a = \'" + bar + "\'");',
    '  }',
    ...(extra ? extra.split('\n').map((l) => `  ${l}`) : []),
    '}',
  ].join('\n');
}
/** Where the query is reported in `servlet(body)`: the line after the body, column of the SQL literal. */
const at = (body: string) => ({ line: 4 + body.split('\n').length, column: 28, message: 'request data' });

const ternaryTaken = 'int num = 106;\nString bar = (7 * 42) - num > 200 ? "constant" : param;';
const ifTaken = 'int num = 50;\nString bar;\nif ((7 * 18) + num > 200) bar = "constant"; else bar = param;';
const mapOther = 'java.util.HashMap<String, Object> map = new java.util.HashMap<String, Object>();\nmap.put("keyA", "a_Value");\nmap.put("keyB", param);\nString bar = (String) map.get("keyB");';
const listShift = 'java.util.List<String> list = new java.util.ArrayList<String>();\nlist.add("safe");\nlist.add(param);\nlist.add("moresafe");\nlist.remove(0);\nString bar = list.get(0);';
const switchCase = 'String guess = "ABC";\nchar target = guess.charAt(2);\nString bar;\nswitch (target) {\n  case \'A\': bar = "x"; break;\n  case \'C\':\n  case \'D\': bar = param; break;\n  default: bar = "y"; break;\n}';
const helper = 'String bar = new Test().doSomething(request, param);';
const helperClass = 'private class Test {\n  public String doSomething(HttpServletRequest request, String param) {\n    String bar = "safe!";\n    bar = param;\n    return bar;\n  }\n}';
const staticHelper = 'String bar = doSomething(param);';
const staticHelperFn = 'private static String doSomething(String p) { String b = p.trim(); return b; }';
const field = 'this.saved = param;\nString bar = read();';
const fieldFn = 'private String saved;\nprivate String read() { return this.saved; }';

testRule(rule('tainted-sql'), {
  valid: [
    // The constant condition always takes the constant arm.
    { code: servlet('int num = 106;\nString bar = (7 * 18) + num > 200 ? "constant" : param;'), path: 'T.java' },
    { code: servlet('int num = 86;\nString bar;\nif ((7 * 18) + num > 200) bar = "constant"; else bar = param;'), path: 'T.java' },
    // What was put under another key, another index, or in a switch case not taken.
    { code: servlet(mapOther.replace('map.get("keyB")', 'map.get("keyA")')), path: 'T.java' },
    { code: servlet(listShift.replace('list.get(0)', 'list.get(1)')), path: 'T.java' },
    { code: servlet(switchCase.replace('"ABC"', '"ABX"')), path: 'T.java' },
    // A later assignment that always runs hides the request data.
    { code: servlet('String bar = param;\nbar = "constant";'), path: 'T.java' },
    // A helper of this file that returns a constant whatever it is given.
    { code: servlet(helper, helperClass.replace('bar = param;', 'bar = "x";')), path: 'T.java' },
    // A private method only ever called with constants: its parameter is a constant.
    { code: 'class A {\n  void a() { run("x"); run("y"); }\n  private void run(String v) { stmt.executeQuery("SELECT * FROM t WHERE a = \'" + v + "\'"); }\n}', path: 'A.java' },
    // Code of another file given only constants returns a constant (Java and C#).
    { code: servlet('String bar = org.acme.Utils.lookup("name");'), path: 'T.java' },
  ],
  invalid: [
    { code: servlet(ternaryTaken), path: 'T.java', errors: [at(ternaryTaken)] },
    { code: servlet(ifTaken), path: 'T.java', errors: [at(ifTaken)] },
    { code: servlet(mapOther), path: 'T.java', errors: [at(mapOther)] },
    { code: servlet(listShift), path: 'T.java', errors: [at(listShift)] },
    { code: servlet(switchCase), path: 'T.java', errors: [at(switchCase)] },
    // Calls into functions of the same file: an inner class's method and a static helper.
    { code: servlet(helper, helperClass), path: 'T.java', errors: [at(helper)] },
    { code: servlet(staticHelper, staticHelperFn), path: 'T.java', errors: [at(staticHelper)] },
    // A field assigned in one method and read in another.
    { code: servlet(field, fieldFn), path: 'T.java', errors: [at(field)] },
    // The parameter takes its origin from the file's call sites: request data in, error out.
    {
      code: 'class A {\n  void a(HttpServletRequest request) { run(request.getParameter("q")); }\n  private void run(String v) { stmt.executeQuery("SELECT * FROM t WHERE a = \'" + v + "\'"); }\n}',
      path: 'A.java',
      errors: [{ line: 3, column: 50, message: 'request data' }],
    },
    // A plain parameter of a function nobody in the file calls, straight into a JDBC call: unknown origin.
    { code: 'class A {\n  public void run(JdbcTemplate jdbcTemplate, String sql) {\n    jdbcTemplate.execute(sql);\n  }\n}', path: 'A.java', errors: [{ line: 3, column: 26, endColumn: 29, message: 'unknown origin' }] },
    { code: 'class A {\n  public ResultSet run(Statement stmt, String sql) throws Exception {\n    return stmt.executeQuery(sql);\n  }\n}', path: 'A.java', errors: [{ line: 3, column: 30, message: 'unknown origin' }] },
    // A format template held in a local.
    { code: 'class A {\n  void q(Statement stmt, String input) throws Exception {\n    String sql = "select * from Users where name = \'%s\'";\n    stmt.executeQuery(String.format(sql, input));\n  }\n}', path: 'A.java', errors: [{ line: 4, column: 23, message: 'unknown origin' }] },
  ],
});

testRule(rule('tainted-command'), {
  valid: [
    // C#: a switch on a constant string takes one section.
    { code: 'class C {\n  void F(string p) {\n    string bar;\n    switch ("B") { case "A": bar = p; break; default: bar = "ls"; break; }\n    Process.Start(bar);\n  }\n}', path: 'C.cs' },
  ],
  invalid: [
    // `Runtime r = Runtime.getRuntime(); r.exec(…)`, reported on its worst argument (the environment from the request).
    {
      code: 'class A {\n  void f(HttpServletRequest request) throws Exception {\n    String[] env = {request.getParameter("e")};\n    Runtime r = Runtime.getRuntime();\n    r.exec(new String[] {"ls"}, env);\n  }\n}',
      path: 'A.java',
      errors: [{ line: 5, column: 33, endColumn: 36, message: 'request data' }],
    },
  ],
});

testRule(rule('weak-random-secret'), {
  valid: [
    // A SecureRandom held in a variable named like a weak one.
    { code: 'class A {\n  void f(HttpServletRequest request) {\n    java.security.SecureRandom random = new java.security.SecureRandom();\n    String rememberMeKey = Integer.toString(random.nextInt());\n  }\n}', path: 'A.java' },
  ],
  invalid: [
    // The random value travels through a neutral name into a cookie (the Benchmark's weakrand shape).
    {
      code: 'class A {\n  void f(HttpServletResponse response) {\n    float rand = new java.util.Random().nextFloat();\n    String value = Float.toString(rand).substring(2);\n    response.addCookie(new javax.servlet.http.Cookie("remember", value));\n  }\n}',
      path: 'A.java',
      errors: [{ line: 3, column: 18 }],
    },
  ],
});

testRule(rule('tainted-deserialization'), {
  valid: [{ code: 'class C { object F(Stream s) { return JsonSerializer.Deserialize<Order>(s); } }', path: 'C.cs' }],
  invalid: [
    // BinaryFormatter cannot be made safe: reported where it is made, whatever it reads.
    { code: 'class C {\n  object F(Stream s) {\n    var f = new BinaryFormatter();\n    return f.Deserialize(s);\n  }\n}', path: 'C.cs', errors: [{ line: 3, column: 13, message: 'cannot be made safe' }] },
  ],
});

testRule(rule('tls-verify-off'), {
  valid: [
    // A check that delegates to a real trust manager, and a verifier that decides.
    { code: 'class M implements X509TrustManager {\n  public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {\n    delegate.checkServerTrusted(c, a);\n  }\n}', path: 'M.java' },
    { code: 'class V implements HostnameVerifier {\n  public boolean verify(String host, SSLSession s) { return host.equals("localhost"); }\n}', path: 'V.java' },
  ],
  invalid: [
    // An empty check (a comment is not a check) and a verifier that says yes to every host.
    {
      code: 'class M implements X509TrustManager {\n  public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {\n    // trust everyone\n  }\n}',
      path: 'M.java',
      errors: [{ line: 2, column: 15, endColumn: 33, message: 'accepts everything' }],
    },
    { code: 'class V implements HostnameVerifier {\n  public boolean verify(String host, SSLSession s) { return true; }\n}', path: 'V.java', errors: [{ line: 2, column: 18, endColumn: 24 }] },
    { code: 'class H {\n  void f() { conn.setHostnameVerifier((hostname, session) -> true); }\n}', path: 'H.java', errors: [{ line: 2, column: 39, endColumn: 66 }] },
  ],
});

testRule(rule('xxe-enabled'), {
  valid: [
    { code: 'class X {\n  void f() {\n    XMLInputFactory x = XMLInputFactory.newFactory();\n    x.setProperty("javax.xml.stream.isSupportingExternalEntities", false);\n  }\n}', path: 'X.java' },
  ],
  invalid: [
    // Switched on explicitly: reported on the value, fixed by flipping it.
    {
      code: 'class X {\n  void f() {\n    XMLInputFactory x = XMLInputFactory.newFactory();\n    x.setProperty("javax.xml.stream.isSupportingExternalEntities", true);\n  }\n}',
      path: 'X.java',
      errors: [{ line: 4, column: 68, endColumn: 72 }],
      output: 'class X {\n  void f() {\n    XMLInputFactory x = XMLInputFactory.newFactory();\n    x.setProperty("javax.xml.stream.isSupportingExternalEntities", false);\n  }\n}',
    },
    {
      code: 'class X {\n  void f() throws Exception {\n    DocumentBuilderFactory d = DocumentBuilderFactory.newInstance();\n    d.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);\n  }\n}',
      path: 'X.java',
      errors: [{ line: 4, column: 74 }],
      output: 'class X {\n  void f() throws Exception {\n    DocumentBuilderFactory d = DocumentBuilderFactory.newInstance();\n    d.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n  }\n}',
    },
  ],
});

/**
 * Guards (flow.guardedFor): a check that validates a value makes it safe for its sink classes inside
 * the branch where it holds and after a statement that exits when it fails, as long as the value is
 * not assigned again in between. Each language declares its guards; equality with a constant and
 * Python's `in` are the core's own.
 */
const flaskRedirect = (body: string) => `from flask import request, redirect, abort\n\n@app.route("/go")\ndef go():\n    target = request.args.get("next")\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
testRule(rule('tainted-redirect'), {
  valid: [
    { code: flaskRedirect('if url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):\n    return redirect(target)'), path: 'a.py' },
    { code: flaskRedirect('if not is_safe_url(target):\n    abort(400)\nreturn redirect(target)'), path: 'a.py' },
    { code: flaskRedirect('if not is_safe_url(target) or request.method != "GET":\n    raise ValueError("bad")\nreturn redirect(target)'), path: 'a.py' },
    { code: flaskRedirect('if target == "/home":\n    return redirect(target)'), path: 'a.py' },
    // `x or fallback`: each part guarded or safe.
    { code: flaskRedirect('if not is_safe_url(target):\n    return "no"\nreturn redirect(target or url_for("index"))'), path: 'a.py' },
    // The checked value by keyword; a local holding the check's result; a failing arm that puts a safe
    // value in its place; `a and not ok(x)` false with `a` false only when the value is empty.
    { code: flaskRedirect('ok = url_has_allowed_host_and_scheme(url=target, allowed_hosts=None)\nif ok:\n    return redirect(target)'), path: 'a.py' },
    { code: flaskRedirect('if not is_safe_url(target):\n    target = url_for("index")\nreturn redirect(target)'), path: 'a.py' },
    { code: flaskRedirect('if (target or not request.is_json) and not is_safe_url(url=target, allowed_hosts=None):\n    target = "/index"\nreturn redirect(target)'), path: 'a.py' },
    // Ruby: a modifier `if` on the redirect itself; C#: ASP.NET's `Url.IsLocalUrl` before the redirect.
    { code: 'class A < ApplicationController\n  def go\n    redirect_to params[:url] if URLS.include?(params[:url])\n  end\nend', path: 'a.rb' },
    { code: 'public class H : Controller {\n  public IActionResult F(string u) {\n    if (!Url.IsLocalUrl(u)) { return BadRequest(); }\n    return Redirect(u);\n  }\n}', path: 'H.cs' },
  ],
  invalid: [
    // Outside the guarded branch; a guard on another value; an arm that does not exit; the value assigned again after the check.
    { code: flaskRedirect('if url_has_allowed_host_and_scheme(target, allowed_hosts=None):\n    pass\nreturn redirect(target)'), path: 'a.py', errors: [{ line: 8, column: 21, message: 'request data' }] },
    { code: flaskRedirect('other = "/"\nif is_safe_url(other):\n    return redirect(target)'), path: 'a.py', errors: [{ line: 8, column: 25 }] },
    { code: flaskRedirect('if not is_safe_url(target):\n    print("unsafe")\nreturn redirect(target)'), path: 'a.py', errors: [{ line: 8, column: 21 }] },
    { code: flaskRedirect('if not is_safe_url(target):\n    abort(400)\ntarget = request.args.get("then")\nreturn redirect(target)'), path: 'a.py', errors: [{ line: 9, column: 21 }] },
    // `x != "/home"` holds in the `then` arm: the value may be anything there.
    { code: flaskRedirect('if target != "/home":\n    return redirect(target)'), path: 'a.py', errors: [{ line: 7, column: 25 }] },
    // The arm puts request data back; the result held is of a check on another value; `a or not ok(x)`
    // false says nothing of `x` when `a` is not about it.
    { code: flaskRedirect('if not is_safe_url(target):\n    target = request.args.get("b")\nreturn redirect(target)'), path: 'a.py', errors: [{ line: 8, column: 21 }] },
    { code: flaskRedirect('ok = is_safe_url(url="/x")\nif ok:\n    return redirect(target)'), path: 'a.py', errors: [{ line: 8, column: 25 }] },
    { code: flaskRedirect('if request.is_json and not is_safe_url(target):\n    target = "/index"\nreturn redirect(target)'), path: 'a.py', errors: [{ line: 8, column: 21 }] },
    { code: 'public class H : Controller {\n  public IActionResult F(string u, string v) {\n    if (Url.IsLocalUrl(v)) { return Redirect(u); }\n    return Ok();\n  }\n}', path: 'H.cs', errors: [{ line: 3, column: 46 }] },
  ],
});

testRule(rule('tainted-command'), {
  valid: [
    // Python membership and a full-match word allow-list.
    { code: 'import os\nfrom flask import request\ndef f():\n    name = request.args["n"]\n    if name not in ALLOWED:\n        return "no"\n    os.system("ls " + name)', path: 'a.py' },
    { code: 'import os, re\nfrom flask import request\ndef f():\n    name = request.args["n"]\n    if re.fullmatch(r"[a-z0-9_]+", name):\n        os.system("ls " + name)', path: 'a.py' },
    // Ruby: an early return unless the value is in a constant list.
    { code: 'class A < ApplicationController\n  def run\n    return head(:bad_request) unless TOOLS.include?(params[:tool])\n    system("run #{params[:tool]}")\n  end\nend', path: 'a.rb' },
    // Ruby `unless true`: the arm never runs (a negated constant condition prunes like `if false`).
    { code: 'class A < ApplicationController\n  def run\n    cmd = "ls"\n    unless true\n      cmd = params[:c]\n    end\n    system(cmd)\n  end\nend', path: 'a.rb' },
    // Go: a compiled word pattern held in a package variable.
    { code: 'package m\nvar validName = regexp.MustCompile("^[a-z0-9]+$")\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tname := r.URL.Query().Get("n")\n\tif !validName.MatchString(name) {\n\t\thttp.Error(w, "bad", 400)\n\t\treturn\n\t}\n\texec.Command("sh", "-c", "ls "+name).Run()\n}', path: 'a.go' },
  ],
  invalid: [
    // A pattern that lets anything through (`.`), and one that is not anchored at the end.
    { code: 'import os, re\nfrom flask import request\ndef f():\n    name = request.args["n"]\n    if re.match(r"^.*$", name):\n        os.system("ls " + name)', path: 'a.py', errors: [{ line: 6, column: 19, message: 'request data' }] },
    { code: 'import os, re\nfrom flask import request\ndef f():\n    name = request.args["n"]\n    if re.match(r"^[a-z]+", name):\n        os.system("ls " + name)', path: 'a.py', errors: [{ line: 6, column: 19 }] },
    { code: 'class A < ApplicationController\n  def run\n    cmd = "ls"\n    unless false\n      cmd = params[:c]\n    end\n    system(cmd)\n  end\nend', path: 'a.rb', errors: [{ line: 7, column: 12, message: 'request data' }] },
    // Ruby: the list is the request's own, not a constant.
    { code: 'class A < ApplicationController\n  def run\n    return head(:bad_request) unless params[:tools].include?(params[:tool])\n    system("run #{params[:tool]}")\n  end\nend', path: 'a.rb', errors: [{ line: 4, column: 12 }] },
  ],
});

testRule(rule('tainted-path'), {
  valid: [
    // PHP: a strict in_array allow-list, then an early `die`.
    { code: '<?php\n$page = $_GET["page"];\nif (!in_array($page, $pages, true)) {\n  die("no");\n}\ninclude($page);', path: 'a.php' },
    // Python: resolved, then kept under the base directory.
    { code: 'import os\nfrom flask import request, abort\ndef f():\n    p = request.args["p"]\n    if not os.path.realpath(p).startswith(BASE):\n        abort(403)\n    return open(p).read()', path: 'a.py' },
  ],
  invalid: [
    // A loose in_array, and a prefix check on a path that was never resolved (`BASE/../../etc/passwd`).
    { code: '<?php\n$page = $_GET["page"];\nif (!in_array($page, $pages)) {\n  die("no");\n}\ninclude($page);', path: 'a.php', errors: [{ line: 6, column: 9 }] },
    { code: 'import os\nfrom flask import request, abort\ndef f():\n    p = request.args["p"]\n    if not p.startswith(BASE):\n        abort(403)\n    return open(p).read()', path: 'a.py', errors: [{ line: 7, column: 17 }] },
  ],
});

/** A method call on an object of another declared type is not a call of this file's same-named method. */
testRule(rule('tainted-sql'), {
  valid: [
    // A receiver of a type this file declares is still followed into its method, which returns a constant.
    // A proxy's method forwarding to the object it wraps under the same name: its callers choose the SQL.
    { code: 'class ProxyStatement {\n  private Statement delegate;\n  public ResultSet executeQuery(String sql) throws SQLException {\n    return delegate.executeQuery(sql);\n  }\n}', path: 'A.java' },
    { code: 'class Repo {\n  String label(String s) { return "x"; }\n  void f(Repo other, JdbcTemplate t, String in) {\n    t.queryForObject("SELECT a FROM t WHERE b = \'" + other.label(in) + "\'", M.class);\n  }\n}', path: 'A.java' },
  ],
  invalid: [
    // `jdbcTemplate` is a JdbcTemplate, not this class: the call runs the caller's SQL, whatever the enclosing method is called.
    { code: 'class Dao {\n  public void queryForObject(JdbcTemplate jdbcTemplate, String sql) {\n    jdbcTemplate.queryForObject(sql, new TestRowMapper());\n  }\n}', path: 'A.java', errors: [{ line: 3, column: 33, message: 'unknown origin' }] },
  ],
});

// An element written into a container (`d["q"] = v`, `params[:action] = :index`, `parts[i] = v`) adds to
// what the container holds: it does not replace it, and it binds nothing to the key.
testRule(rule('tainted-command'), {
  valid: [
    // The index is read, not assigned: `i` stays 0.
    { code: 'import os\nfrom flask import request\n\ndef b(items):\n    i = 0\n    items[i] = request.args["q"]\n    os.system("ls " + str(i))\n', path: 'app.py' },
    { code: 'class T extends HttpServlet {\n  public void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {\n    String[] parts = new String[2];\n    int i = 0;\n    parts[i] = request.getParameter("p");\n    Runtime.getRuntime().exec("ls " + i);\n  }\n}', path: 'T.java' },
  ],
  invalid: [
    // The container now holds request data.
    { code: 'import os\nfrom flask import request\n\ndef a():\n    d = {}\n    d["q"] = request.args["q"]\n    os.system("ls " + d["q"])\n', path: 'app.py', errors: [{ line: 7, column: 15, message: 'request data' }] },
  ],
}, 'app.py');

testRule(rule('tainted-redirect'), {
  valid: [],
  invalid: [
    // Writing one key of the request's parameters leaves the rest (`:host` included) the client's.
    { code: 'class A < ApplicationController\n  def go\n    params[:action] = :index\n    redirect_to params\n  end\nend', path: 'a.rb', errors: [{ line: 4, column: 17, message: 'request data' }] },
  ],
}, 'a.rb');
