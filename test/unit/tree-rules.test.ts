import * as assert from 'node:assert/strict';
import { testRule, treeRule as rule } from '../helpers/ruleTester';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { loadAllGrammars } from '../../server/src/treesitter/runtime';

/**
 * The tree rules (Python, Java, PHP, Go, C#, Ruby) as valid / invalid tables with exact positions,
 * as for the JS rules: each language's sources, sinks, sanitisers and settings are data, so these
 * tables are what holds them to account. Severity follows the data flow: request data → error.
 */

testRule(rule('tainted-sql'), {
  valid: [
    // Parameterised: the SQL text is constant.
    { code: 'def f():\n    cursor.execute("SELECT * FROM t WHERE id = %s", (request.args["id"],))', path: 'a.py' },
    // Built only from constants.
    { code: 'q = "SELECT * FROM t WHERE kind = \'" + "a" + "\'"\ncursor.execute(q)', path: 'a.py' },
    // A sanitiser (int) makes the value safe.
    { code: 'def f():\n    n = int(request.args["n"])\n    cursor.execute("SELECT * FROM t LIMIT " + str(n))', path: 'a.py' },
    { code: 'class A { void f(HttpServletRequest r) { s.executeQuery("SELECT * FROM t WHERE id = " + Integer.parseInt(r.getParameter("id"))); } }', path: 'A.java' },
    { code: '<?php $db->query("SELECT * FROM t WHERE id = " . intval($_GET["id"]));', path: 'a.php' },
    { code: 'User.where("name = ?", params[:name])', path: 'a.rb' },
    // `exec` is a generic name: not SQL unless the text reads as SQL.
    { code: '<?php exec($_POST["cmd"]);', path: 'a.php' },
  ],
  invalid: [
    // The issue's own example: built in one statement, executed through a variable in the next.
    {
      code: 'def view():\n    q = "SELECT * FROM users WHERE name = \'%s\'" % request.args["name"]\n    cursor.execute(q)',
      path: 'a.py',
      errors: [{ line: 3, column: 20, endColumn: 21, message: 'built from request data' }],
    },
    { code: 'def f(sql):\n    cur.execute("DELETE FROM x WHERE id = " + sql)', path: 'a.py', errors: [{ line: 2, column: 17, message: 'unknown origin' }] },
    { code: 'def f():\n    cur.execute(f"SELECT * FROM t WHERE a = {request.form[\'a\']}")', path: 'a.py', errors: [{ line: 2, column: 17 }] },
    {
      code: 'class A {\n  void f(HttpServletRequest request) {\n    String id = request.getParameter("id");\n    String sql = "SELECT * FROM users WHERE id = \'" + id + "\'";\n    stmt.executeQuery(sql);\n  }\n}',
      path: 'A.java',
      errors: [{ line: 5, column: 23, endColumn: 26 }],
    },
    { code: 'class A {\n  @GetMapping("/u")\n  List f(@RequestParam String name) {\n    return jdbc.queryForList("SELECT * FROM t WHERE n = \'" + name + "\'");\n  }\n}', path: 'A.java', errors: [{ line: 4, column: 30 }] },
    { code: '<?php\n$id = $_GET["id"];\nmysqli_query($conn, "SELECT * FROM users WHERE id = $id");', path: 'a.php', errors: [{ line: 3, column: 21 }] },
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tdb.Query("SELECT * FROM t WHERE id = " + r.URL.Query().Get("id"))\n}', path: 'a.go', errors: [{ line: 3, column: 11 }] },
    { code: 'package main\nfunc h(c *gin.Context) {\n\tq := fmt.Sprintf("DELETE FROM t WHERE n = \'%s\'", c.Query("n"))\n\tdb.Exec(q)\n}', path: 'a.go', errors: [{ line: 4, column: 10 }] },
    { code: 'public class OrdersController : Controller {\n  public IActionResult Get(string id) {\n    var cmd = new SqlCommand("SELECT * FROM orders WHERE id = " + id, conn);\n    return Ok();\n  }\n}', path: 'A.cs', errors: [{ line: 3, column: 30 }] },
    { code: 'class A {\n  void F(string s) {\n    cmd.CommandText = $"DELETE FROM t WHERE a = \'{s}\'";\n  }\n}', path: 'A.cs', errors: [{ line: 3, column: 23, message: 'unknown origin' }] },
    { code: 'class UsersController < ApplicationController\n  def show\n    User.where("name = \'#{params[:name]}\'")\n  end\nend', path: 'a.rb', errors: [{ line: 3, column: 16 }] },
  ],
}, 'a.py');

testRule(rule('tainted-command'), {
  valid: [
    { code: 'subprocess.run(["ls", "-l"])', path: 'a.py' },
    { code: 'def f():\n    subprocess.run(["convert", shlex.quote(request.args["f"])])', path: 'a.py' },
    { code: '<?php system("ping " . escapeshellarg($_GET["h"]));', path: 'a.php' },
  ],
  invalid: [
    { code: 'def f():\n    subprocess.run(["sh", "-c", request.form["cmd"]])', path: 'a.py', errors: [{ line: 2, column: 20, endColumn: 53 }] },
    { code: '@app.route("/p/<host>")\ndef f(host):\n    os.system("ping " + host)', path: 'a.py', errors: [{ line: 3, column: 15 }] },
    { code: 'def f(cmd):\n    subprocess.call("tar xf " + cmd, shell=True)', path: 'a.py', errors: [{ line: 2, column: 21, message: 'unknown origin' }] },
    { code: 'class A { void f(HttpServletRequest r) throws Exception { Runtime.getRuntime().exec("ls " + r.getParameter("d")); } }', path: 'A.java', errors: [{ line: 1, column: 85 }] },
    { code: '<?php $out = `ls {$_GET["dir"]}`;', path: 'a.php', errors: [{ line: 1, column: 14 }] },
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\texec.Command("sh", "-c", r.FormValue("c")).Run()\n}', path: 'a.go', errors: [{ line: 3, column: 27 }] },
    { code: 'class A : Controller {\n  public void Run() { Process.Start("cmd.exe", "/c " + Request.Query["c"]); }\n}', path: 'A.cs', errors: [{ line: 2, column: 48 }] },
    { code: 'def show\n  system("ls #{params[:dir]}")\nend', path: 'a.rb', errors: [{ line: 2, column: 10 }] },
  ],
});

testRule(rule('tainted-deserialization'), {
  valid: [
    // A constant is not a finding: this is what removes the text rules' false positives.
    { code: 'cfg = pickle.loads(b"\\x80\\x04K\\x01.")', path: 'a.py' },
    { code: 'cfg = yaml.safe_load(request.data)', path: 'a.py' },
  ],
  invalid: [
    { code: 'def f():\n    return pickle.loads(request.data)', path: 'a.py', errors: [{ line: 2, column: 25, endColumn: 37 }] },
    { code: 'def f(blob):\n    return pickle.loads(blob)', path: 'a.py', errors: [{ line: 2, column: 25, message: 'unknown origin' }] },
    { code: 'class A { Object f(HttpServletRequest r) throws Exception { return new ObjectInputStream(r.getInputStream()).readObject(); } }', path: 'A.java', errors: [{ line: 1, column: 90 }] },
    { code: '<?php $o = unserialize($_COOKIE["d"]);', path: 'a.php', errors: [{ line: 1, column: 24 }] },
    { code: 'var s = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };', path: 'A.cs', errors: [{ line: 1, column: 57 }], output: 'var s = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };' },
    { code: 'def f\n  Marshal.load(Base64.decode64(params[:d]))\nend', path: 'a.rb', errors: [{ line: 2, column: 16 }] },
  ],
});

testRule(rule('tainted-path'), {
  valid: [
    { code: 'def f():\n    return send_file(os.path.join("up", secure_filename(request.args["n"])))', path: 'a.py' },
    // Unknown origin is not reported for paths: most paths in code are not attacker-controlled.
    { code: 'def f(path):\n    return open(path).read()', path: 'a.py' },
  ],
  invalid: [
    { code: 'def f():\n    return open("/data/" + request.args["n"])', path: 'a.py', errors: [{ line: 2, column: 17 }] },
    { code: 'class A { void f(HttpServletRequest r) { File f = new File("/data/" + r.getParameter("n")); } }', path: 'A.java', errors: [{ line: 1, column: 60 }] },
    { code: '<?php include $_GET["page"] . ".php";', path: 'a.php', errors: [{ line: 1, column: 15 }] },
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tos.Open(r.URL.Path)\n}', path: 'a.go', errors: [{ line: 3, column: 10 }] },
  ],
});

testRule(rule('tainted-redirect'), {
  valid: [
    { code: 'def f():\n    return redirect(url_for("home"))', path: 'a.py' },
    // ASP.NET's guard: only local URLs reach the redirect.
    { code: 'class A : Controller {\n  public ActionResult LogOn(string returnUrl) {\n    if (Url.IsLocalUrl(returnUrl)) return Redirect(returnUrl);\n    return RedirectToAction("Index");\n  }\n}', path: 'A.cs' },
  ],
  invalid: [
    { code: 'class A : Controller {\n  public ActionResult LogOn(string returnUrl) {\n    return Redirect(Request.Query["next"]);\n  }\n}', path: 'A.cs', errors: [{ line: 3, column: 21 }] },
    { code: 'def f():\n    target = request.args.get("next")\n    return redirect(target)', path: 'a.py', errors: [{ line: 3, column: 21, endColumn: 27 }] },
    { code: '<?php header("Location: " . $_GET["url"]);', path: 'a.php', errors: [{ line: 1, column: 14 }] },
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\thttp.Redirect(w, r, r.FormValue("next"), 302)\n}', path: 'a.go', errors: [{ line: 3, column: 22 }] },
    { code: 'def back\n  redirect_to params[:url]\nend', path: 'a.rb', errors: [{ line: 2, column: 15 }] },
  ],
});

testRule(rule('tainted-ssrf'), {
  valid: [{ code: 'def f():\n    requests.get("https://api.acme.com/s", params={"q": request.args["q"]})', path: 'a.py' }],
  invalid: [
    { code: 'def f():\n    requests.get(request.args["url"], timeout=5)', path: 'a.py', errors: [{ line: 2, column: 18 }] },
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\thttp.Get(r.URL.Query().Get("u"))\n}', path: 'a.go', errors: [{ line: 3, column: 11 }] },
  ],
});

testRule(rule('tainted-html'), {
  valid: [{ code: 'def f():\n    return Markup("<p>%s</p>") % escape(request.args["n"])', path: 'a.py' }],
  invalid: [
    { code: 'def f():\n    return Markup("<h1>" + request.args["t"] + "</h1>")', path: 'a.py', errors: [{ line: 2, column: 19 }] },
    { code: '<?php echo "Hello " . $_GET["name"];', path: 'a.php', errors: [{ line: 1, column: 12 }] },
  ],
});

testRule(rule('tainted-ldap-xpath'), {
  valid: [{ code: 'def f():\n    conn.search_s(B, S, "(uid=%s)" % escape_filter_chars(request.args["u"]))', path: 'a.py' }],
  invalid: [{ code: 'def f():\n    conn.search_s(B, S, "(uid=%s)" % request.args["u"])', path: 'a.py', errors: [{ line: 2, column: 25, message: 'LDAP filter' }] }],
});

testRule(rule('tainted-code'), {
  valid: [{ code: 'x = eval("1 + 2")', path: 'a.py' }],
  invalid: [
    { code: 'def f():\n    return render_template_string("<h1>" + request.args["n"] + "</h1>")', path: 'a.py', errors: [{ line: 2, column: 35 }] },
    { code: 'def f(expr):\n    return eval(expr)', path: 'a.py', errors: [{ line: 2, column: 17, message: 'unknown origin' }] },
  ],
});

testRule(rule('tls-verify-off'), {
  valid: [
    { code: 'requests.get(u, verify=True)', path: 'a.py' },
    { code: 'c := tls.Config{MinVersion: tls.VersionTLS12}', path: 'a.go' },
    // `CERT_OPTIONAL` verifies in client mode; `"CERT NONE"` is not a name urllib3 knows.
    { code: 'pool = urllib3.PoolManager(cert_reqs=ssl.CERT_OPTIONAL)\npool = urllib3.connection_from_url(u, cert_reqs="CERT NONE")', path: 'a.py' },
    // A library implementing `verify=False` for its callers (requests' adapters) holds the name in a variable.
    { code: 'def cert_verify(conn, verify):\n    if not verify:\n        conn.cert_reqs = "CERT_NONE"', path: 'a.py' },
  ],
  invalid: [
    { code: 'requests.get(u, verify=False)', path: 'a.py', errors: [{ line: 1, column: 24, endColumn: 29 }], output: 'requests.get(u, verify=True)' },
    // urllib3 takes the name as a string; monkey-patching the default context turns verification off everywhere.
    { code: 'pool = urllib3.connection_from_url(u, cert_reqs="NONE")', path: 'a.py', errors: [{ line: 1, column: 49, endColumn: 55 }], output: 'pool = urllib3.connection_from_url(u, cert_reqs=ssl.CERT_REQUIRED)' },
    { code: 'ssl._create_default_https_context = ssl._create_unverified_context', path: 'a.py', errors: [{ line: 1, column: 37 }] },
    { code: 'cfg := tls.Config{InsecureSkipVerify: true}', path: 'a.go', errors: [{ line: 1, column: 39 }], output: 'cfg := tls.Config{InsecureSkipVerify: false}' },
    { code: '<?php curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);', path: 'a.php', errors: [{ line: 1, column: 48 }], output: '<?php curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);' },
    { code: 'http.verify_mode = OpenSSL::SSL::VERIFY_NONE', path: 'a.rb', errors: [{ line: 1, column: 20 }], output: 'http.verify_mode = OpenSSL::SSL::VERIFY_PEER' },
    { code: 'h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => true;', path: 'A.cs', errors: [{ line: 1, column: 47 }] },
  ],
});

testRule(rule('cookie-flags-off'), {
  valid: [{ code: 'resp.set_cookie("s", v, secure=True, httponly=True)', path: 'a.py' }],
  invalid: [
    { code: 'resp.set_cookie("s", v, secure=False)', path: 'a.py', errors: [{ line: 1, column: 32 }], output: 'resp.set_cookie("s", v, secure=True)' },
    { code: 'class A { void f(Cookie c) { c.setSecure(false); } }', path: 'A.java', errors: [{ line: 1, column: 42 }], output: 'class A { void f(Cookie c) { c.setSecure(true); } }' },
  ],
});

testRule(rule('debug-mode-on'), {
  valid: [
    { code: 'app.run(debug=False)', path: 'app.py' },
    // Development settings may debug.
    { code: 'DEBUG = True', path: 'proj/settings/dev.py' },
  ],
  invalid: [
    { code: 'app.run(host="0.0.0.0", debug=True)', path: 'app.py', errors: [{ line: 1, column: 31 }], output: 'app.run(host="0.0.0.0", debug=False)' },
    { code: 'DEBUG = True\nROOT_URLCONF = "proj.urls"', path: 'proj/settings.py', errors: [{ line: 1, column: 9 }], output: 'DEBUG = False\nROOT_URLCONF = "proj.urls"' },
    { code: "<?php ini_set('display_errors', 1);", path: 'i.php', errors: [{ line: 1, column: 33 }] },
  ],
});

testRule(rule('cors-credentials-any-origin'), {
  valid: [{ code: 'CORS(app, origins=["https://app.acme.com"], supports_credentials=True)', path: 'a.py' }],
  invalid: [
    { code: 'CORS(app, origins="*", supports_credentials=True)', path: 'a.py', errors: [{ line: 1, column: 19 }] },
    { code: '@CrossOrigin(origins = "*", allowCredentials = "true")\nclass Api {}', path: 'Api.java', errors: [{ line: 1, column: 24 }] },
  ],
});

// `*` without credentials: low confidence; with credentials the rule above reports it instead.
testRule(rule('cors-wildcard-origin'), {
  valid: [
    { code: 'CORS(app, origins=["https://app.acme.com"])', path: 'a.py' },
    { code: 'CORS(app, origins="*", supports_credentials=True)', path: 'a.py' },
    { code: '<?php\nheader("Access-Control-Allow-Origin: *something*");\nheader("Other-Property: *");', path: 'a.php' },
    { code: '<?php\nheader("Access-Control-Allow-Origin: *");\nheader("Access-Control-Allow-Credentials: true");', path: 'a.php' },
    { code: '<?php\n$response->headers->set("Access-Control-Allow-Origin", "https://app.acme.io");', path: 'a.php' },
    { code: 'class A { void f(HttpServletResponse r) { r.setHeader("Access-Control-Allow-Origin", "https://app.acme.io"); } }', path: 'A.java' },
  ],
  invalid: [
    { code: 'CORS(app, origins="*")', path: 'a.py', errors: [{ line: 1, column: 19, endLine: 1, endColumn: 22, severity: 'warning', confidence: 'low', message: 'Every website may read these responses' }] },
    { code: 'app.add_middleware(CORSMiddleware, allow_origins=["*"])', path: 'a.py', errors: [{ line: 1, column: 50, endLine: 1, endColumn: 55 }] },
    { code: 'CORS_ALLOW_ALL_ORIGINS = True', path: 'proj/settings.py', errors: [{ line: 1, column: 26, endLine: 1, endColumn: 30, message: 'django-cors-headers lets every website read these responses' }] },
    { code: '<?php\nheader("Access-Control-Allow-Origin:* ");\nHeader("access-control-allow-origin: *");\n$response->headers->set("  access-control-allow-origin  ", "  *  ");', path: 'a.php', errors: [{ line: 2, column: 8, endLine: 2, endColumn: 40 }, { line: 3, column: 8, endLine: 3, endColumn: 40 }, { line: 4, column: 60, endLine: 4, endColumn: 67 }] },
    { code: '@CrossOrigin(origins = "*")\nclass Api {\n  void f(HttpServletResponse r) { r.addHeader("Access-Control-Allow-Origin", "*"); }\n  void g(CorsRegistry c) { c.addMapping("/**").allowedOrigins("*"); }\n}', path: 'Api.java', errors: [{ line: 1, column: 24, endLine: 1, endColumn: 27 }, { line: 3, column: 78, endLine: 3, endColumn: 81 }, { line: 4, column: 63, endLine: 4, endColumn: 66 }] },
  ],
});

testRule(rule('xxe-enabled'), {
  valid: [{ code: 'class A { void f() throws Exception { DocumentBuilderFactory d = DocumentBuilderFactory.newInstance(); d.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); } }', path: 'A.java' }],
  invalid: [
    { code: 'class A { void f() { DocumentBuilderFactory d = DocumentBuilderFactory.newInstance(); } }', path: 'A.java', errors: [{ line: 1, column: 49 }] },
    { code: 'p = etree.XMLParser(resolve_entities=True)', path: 'a.py', errors: [{ line: 1, column: 38 }], output: 'p = etree.XMLParser(resolve_entities=False)' },
    { code: 's.DtdProcessing = DtdProcessing.Parse;', path: 'A.cs', errors: [{ line: 1, column: 19 }], output: 's.DtdProcessing = DtdProcessing.Prohibit;' },
  ],
});

testRule(rule('password-weak-hash'), {
  valid: [{ code: 'digest = hashlib.sha256(file_bytes).hexdigest()', path: 'a.py' }],
  invalid: [{ code: 'h = hashlib.md5(password.encode()).hexdigest()', path: 'a.py', errors: [{ line: 1, column: 5, endColumn: 35 }] }],
});

testRule(rule('weak-random-secret'), {
  valid: [{ code: 'delay = random.randint(1, 5)', path: 'a.py' }, { code: 'package main\nimport "crypto/rand"\nfunc t() { token := make([]byte, 32); rand.Read(token) }', path: 'a.go' }],
  invalid: [
    { code: 'reset_token = random.randint(0, 10**6)', path: 'a.py', errors: [{ line: 1, column: 15 }] },
    { code: 'package main\nimport "math/rand"\nfunc t() { token := rand.Intn(1000000); _ = token }', path: 'a.go', errors: [{ line: 3, column: 21 }] },
  ],
});

describe('tree rules: engine', () => {
  before(async () => loadAllGrammars());
  const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);

  it('request data is an error with high confidence, unknown origin the rule default, constants nothing', () => {
    const code = 'def a():\n    cursor.execute("SELECT * FROM t WHERE a = \'" + request.args["a"] + "\'")\n\ndef b(x):\n    cursor.execute("SELECT * FROM t WHERE a = \'" + x + "\'")\n\ndef c():\n    cursor.execute("SELECT * FROM t WHERE a = \'" + "k" + "\'")\n';
    const found = analyze({ text: code, path: 'a.py' }, ruleset).findings.filter((f) => f.ruleId === 'tainted-sql');
    assert.deepEqual(found.map((f) => [f.severity, f.confidence]), [['error', 'high'], ['warning', 'medium']]);
  });

  it('a syntax error still runs the tree rules on what tree-sitter recovered, and the text rules', () => {
    const code = 'def f(:\n    pass\n\ndef g():\n    return pickle.loads(request.data)\n';
    const result = analyze({ text: code, path: 'a.py' }, ruleset);
    assert.equal(result.parseError, undefined);
    assert.ok(result.findings.some((f) => f.ruleId === 'tainted-deserialization'));
  });

  it('a grammar that was not loaded is a parse error naming it, never a silent pass', async () => {
    // Kotlin has no grammar; the six do. Here: every grammar is loaded, so analysis is complete.
    const result = analyze({ text: 'def f():\n    os.system(request.args["c"])\n', path: 'x.py' }, ruleset);
    assert.equal(result.parseError, undefined);
    assert.equal(result.findings.filter((f) => f.ruleId === 'tainted-command').length, 1);
  });

  it('same file, same findings, run after run (no dependence on timing or memo state)', () => {
    const code = 'def f():\n    q = "SELECT * FROM t WHERE a = \'%s\'" % request.args["a"]\n    cursor.execute(q)\n    os.system("ls " + q)\n';
    const first = JSON.stringify(analyze({ text: code, path: 'a.py' }, ruleset).findings);
    for (let i = 0; i < 3; i++) assert.equal(JSON.stringify(analyze({ text: code, path: 'a.py' }, ruleset).findings), first);
  });
});

/** Java expression languages and script engines: the receiver's declared type names the engine. */
testRule(rule('tainted-code'), {
  valid: [
    { code: 'class A {\n  void f(String p) {\n    ExpressionParser parser = new SpelExpressionParser();\n    parser.parseExpression("\'safe\'");\n  }\n}', path: 'A.java' },
    // The expression text is constant; the parameter is the target class, not the expression.
    { code: 'class A {\n  void f(OgnlReflectionProvider rp, Class type) {\n    rp.getGetMethod(type, "name");\n  }\n}', path: 'A.java' },
    { code: 'class A {\n  void f() {\n    GroovyShell shell = new GroovyShell();\n    String s = "x";\n    shell.parse(s);\n  }\n}', path: 'A.java' },
    // `Log` of another library (no Seam import): a log message, not an expression.
    { code: 'class A {\n  Log log;\n  void f(String u) { log.info("user " + u); }\n}', path: 'A.java' },
    // A method named `evaluate` on some other type is not an engine.
    { code: 'class A {\n  void f(Calculator c, String e) { c.evaluate(e); }\n}', path: 'A.java' },
  ],
  invalid: [
    { code: 'class A {\n  void f(String p) {\n    ExpressionParser parser = new SpelExpressionParser();\n    parser.parseExpression(p + " == 1");\n  }\n}', path: 'A.java', errors: [{ line: 4, column: 28, message: 'unknown origin' }] },
    { code: 'class A {\n  private static ScriptEngine se = m.getEngineByName("js");\n  void f(String in) { se.eval("x=1;" + in); }\n}', path: 'A.java', errors: [{ line: 3, column: 31, message: 'unknown origin' }] },
    { code: 'class A {\n  void f(OgnlReflectionProvider rp, Class type, String in) {\n    rp.getGetMethod(type, in);\n  }\n}', path: 'A.java', errors: [{ line: 3, column: 27 }] },
    { code: 'class A {\n  void f(ELContext c, ExpressionFactory ef, String e) {\n    ef.createValueExpression(c, e, String.class);\n  }\n}', path: 'A.java', errors: [{ line: 3, column: 33 }] },
    // Groovy runs any source it is handed: a file named by the caller too.
    { code: 'class A {\n  void f(String file) {\n    GroovyShell shell = new GroovyShell();\n    shell.evaluate(new File(file));\n  }\n}', path: 'A.java', errors: [{ line: 4, column: 20 }] },
    { code: 'import org.jboss.seam.log.Log;\nclass A {\n  Log log;\n  void f(User u) { log.info("user " + u.getUsername()); }\n}', path: 'A.java', errors: [{ line: 4, column: 29 }] },
    // Request data reaching an engine is an error.
    { code: 'class A {\n  void f(HttpServletRequest r) {\n    ExpressionParser parser = new SpelExpressionParser();\n    parser.parseExpression(r.getParameter("e"));\n  }\n}', path: 'A.java', errors: [{ line: 4, column: 28, message: 'request data' }] },
  ],
});

/** C# SSRF: a method that fetches the URL its caller passes; not a wrapper named after its call, nor a path after a base address. */
testRule(rule('tainted-ssrf'), {
  valid: [
    { code: 'class A {\n  public void F(string id) {\n    var c = new HttpClient();\n    c.GetAsync("api/items/" + id);\n  }\n}', path: 'A.cs' },
    { code: 'class A {\n  public Task<T> GetAsync<T>(string uri) {\n    return _client.GetAsync(uri);\n  }\n}', path: 'A.cs' },
    { code: 'class A {\n  public void F(string host) {\n    var c = new WebClient();\n    c.OpenRead(_baseUrl + "/x");\n  }\n}', path: 'A.cs' },
    { code: 'class A {\n  public void F(string host) {\n    Uri u = new Uri("https://a.example/");\n    WebRequest.Create(u);\n  }\n}', path: 'A.cs' },
    // Only stored: `new Uri` alone sends nothing.
    { code: 'class A {\n  public A(string endpoint) { _u = new Uri(endpoint); }\n}', path: 'A.cs' },
  ],
  invalid: [
    { code: 'class A {\n  public void F(string host) {\n    var c = new HttpClient();\n    var r = c.GetAsync(host + "constant").Result;\n  }\n}', path: 'A.cs', errors: [{ line: 4, column: 24, message: 'unknown origin' }] },
    { code: 'class A {\n  public void F(string host) {\n    Uri uri = new Uri(host);\n    WebRequest.Create(uri);\n  }\n}', path: 'A.cs', errors: [{ line: 4, column: 23 }] },
    { code: 'class A {\n  public void F(string host) {\n    string u = "constant" + host;\n    new RestClient(u);\n  }\n}', path: 'A.cs', errors: [{ line: 4, column: 20 }] },
    { code: 'public class P : Controller {\n  public IActionResult Get([FromQuery] string url) {\n    _client.GetStringAsync(url);\n    return Ok();\n  }\n}', path: 'A.cs', errors: [{ line: 3, column: 28, message: 'request data' }] },
  ],
});

/** C# XXE: reported where a document is parsed with the unsafe settings, by the document's origin; on the setting when no parse is in sight. */
testRule(rule('xxe-enabled'), {
  valid: [
    { code: 'class A {\n  void F(string input) {\n    var rs = new XmlReaderSettings();\n    rs.DtdProcessing = DtdProcessing.Ignore;\n    XmlReader.Create(new StringReader(input), rs);\n  }\n}', path: 'A.cs' },
    // A constant document: parsed with DTDs on, but nobody else wrote it.
    { code: 'class A {\n  void F() {\n    var rs = new XmlReaderSettings();\n    rs.DtdProcessing = DtdProcessing.Parse;\n    XmlReader.Create("config.xml", rs);\n  }\n}', path: 'A.cs' },
  ],
  invalid: [
    // No parse with these settings in sight (passed on elsewhere): reported on the setting.
    { code: 'class A {\n  XmlReaderSettings F(string input) {\n    var rs = new XmlReaderSettings();\n    XmlReader.Create(new StringReader(input));\n    rs.DtdProcessing = DtdProcessing.Parse;\n    return rs;\n  }\n}', path: 'A.cs', errors: [{ line: 5, column: 24, endColumn: 43 }] },
    {
      code: 'class A {\n  void F(string input) {\n    var rs = new XmlReaderSettings();\n    rs.DtdProcessing = DtdProcessing.Parse;\n    XmlReader.Create(new StringReader(input), rs);\n  }\n}',
      path: 'A.cs',
      errors: [{ line: 5, column: 22, message: 'document of unknown origin' }],
      output: 'class A {\n  void F(string input) {\n    var rs = new XmlReaderSettings();\n    rs.DtdProcessing = DtdProcessing.Prohibit;\n    XmlReader.Create(new StringReader(input), rs);\n  }\n}',
    },
    {
      code: 'class C : Controller {\n  public void F() {\n    XmlDocument d = new XmlDocument();\n    d.XmlResolver = new XmlUrlResolver();\n    d.LoadXml(Request.Form["x"]);\n  }\n}',
      path: 'A.cs',
      errors: [{ line: 5, column: 15, message: 'request data' }],
      output: 'class C : Controller {\n  public void F() {\n    XmlDocument d = new XmlDocument();\n    d.XmlResolver = null;\n    d.LoadXml(Request.Form["x"]);\n  }\n}',
    },
  ],
});

/** C# processes: what an object initializer sets is followed, and `process.Start()` runs what its StartInfo holds. */
testRule(rule('tainted-command'), {
  valid: [
    { code: 'class A {\n  public void F(string args) {\n    var psi = new ProcessStartInfo() { FileName = "git", Arguments = "status" };\n    Process.Start(psi);\n  }\n}', path: 'A.cs' },
    { code: 'class A {\n  public void F(string c) {\n    Process p = new Process { StartInfo = new ProcessStartInfo { FileName = "constant", Arguments = "constant" } };\n    p.Start();\n  }\n}', path: 'A.cs' },
    { code: 'class A {\n  public void F() { Process.Start("notepad.exe", "a.txt"); }\n}', path: 'A.cs' },
  ],
  invalid: [
    { code: 'class A {\n  public void F(string command) { Process.Start(command); }\n}', path: 'A.cs', errors: [{ line: 2, column: 49, message: 'unknown origin' }] },
    { code: 'class A {\n  public void F(string args) {\n    var psi = new ProcessStartInfo() { FileName = "git", Arguments = args };\n    Process.Start(psi);\n  }\n}', path: 'A.cs', errors: [{ line: 4, column: 19 }] },
    { code: 'class A {\n  public void F(string c) {\n    Process p = new Process { StartInfo = new ProcessStartInfo { FileName = c } };\n    p.Start();\n  }\n}', path: 'A.cs', errors: [{ line: 4, column: 5 }] },
    { code: 'class A : Controller {\n  public void F() {\n    var psi = new ProcessStartInfo { FileName = "sh", Arguments = Request.Query["a"] };\n    Process.Start(psi);\n  }\n}', path: 'A.cs', errors: [{ line: 4, column: 19, message: 'request data' }] },
  ],
});

/** C#: an ADO.NET command made from the method's own parameter is the caller's SQL (as JDBC in Java). */
testRule(rule('tainted-sql'), {
  valid: [
    { code: 'class A {\n  public void F(string name) {\n    var c = new SqlCommand("SELECT * FROM t WHERE n = @n", conn);\n  }\n}', path: 'A.cs' },
    { code: 'class Db {\n  private SqlConnection _c;\n  public SqlCommand SqlCommand(string sql) { return _c.SqlCommand(sql); }\n}', path: 'A.cs' },
  ],
  invalid: [
    { code: 'class A {\n  public void F(string sqli) {\n    SqlCommand command = new SqlCommand(sqli);\n  }\n}', path: 'A.cs', errors: [{ line: 3, column: 41, message: 'unknown origin' }] },
  ],
});

/** C#: a certificate trusted because its subject or issuer name equals a fixed text. */
testRule(rule('tls-verify-off'), {
  valid: [
    { code: 'class A {\n  bool F(X509Certificate2 cert) { return cert.Thumbprint == Pinned; }\n}', path: 'A.cs' },
    { code: 'class A {\n  void F() { if (String.Equals("Hello", "Goodbye")) { } }\n}', path: 'A.cs' },
    { code: 'class A {\n  void F(X509Certificate2 x509) { Log(x509.SubjectName.Name); }\n}', path: 'A.cs' },
  ],
  invalid: [
    { code: 'class A {\n  void F(X509SecurityToken t) {\n    if (t.Certificate.SubjectName.Name == "CN=localhost") { }\n  }\n}', path: 'A.cs', errors: [{ line: 3, column: 9, endColumn: 57, message: 'name matches a fixed text' }] },
    { code: 'class A {\n  void F(X509Certificate2 x509) {\n    String.Equals(x509.GetNameInfo(X509NameType.SimpleName, false), "CN=localhost");\n  }\n}', path: 'A.cs', errors: [{ line: 3, column: 5 }] },
    { code: 'class A {\n  void F() {\n    h.ServerCertificateCustomValidationCallback = (m, cert, ch, e) => cert.Issuer.Equals("CN=localhost");\n  }\n}', path: 'A.cs', errors: [{ line: 3, column: 71 }] },
  ],
});

/** C# deserialisers that build the types the data names: reported where they are configured. */
testRule(rule('tainted-deserialization'), {
  valid: [
    { code: 'class A {\n  void F() { var s = new JavaScriptSerializer(); }\n}', path: 'A.cs' },
    { code: 'class A {\n  void F(BinaryServerFormatterSinkProvider p) { p.TypeFilterLevel = TypeFilterLevel.Low; }\n}', path: 'A.cs' },
    { code: 'class A {\n  void F(string j) { var o = JSON.ToObject(j, new JSONParameters { BadListTypeChecking = true }); }\n}', path: 'A.cs' },
  ],
  invalid: [
    { code: 'class A {\n  void F(BinaryServerFormatterSinkProvider p) { p.TypeFilterLevel = TypeFilterLevel.Full; }\n}', path: 'A.cs', errors: [{ line: 2, column: 69, message: 'TypeFilterLevel.Full' }] },
    { code: 'class A {\n  void F() { var s = new JavaScriptSerializer(new SimpleTypeResolver()); }\n}', path: 'A.cs', errors: [{ line: 2, column: 47 }] },
    { code: 'class A {\n  void F(string j) { var o = JSON.ToObject(j, new JSONParameters { BadListTypeChecking = false }); }\n}', path: 'A.cs', errors: [{ line: 2, column: 90 }], output: 'class A {\n  void F(string j) { var o = JSON.ToObject(j, new JSONParameters { BadListTypeChecking = true }); }\n}' },
    { code: 'class A {\n  void F() { var p = FsPickler.CreateJsonSerializer(); }\n}', path: 'A.cs', errors: [{ line: 2, column: 22 }] },
  ],
});

/** Java XXE: a factory left with DTDs on is reported where it makes the parser, when the file shows that. */
testRule(rule('xxe-enabled'), {
  valid: [
    { code: 'class A {\n  void f() throws Exception {\n    SAXParserFactory spf = SAXParserFactory.newInstance();\n    spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n    spf.newSAXParser();\n  }\n}', path: 'A.java' },
    { code: 'class A {\n  private static SAXParserFactory spf = SAXParserFactory.newInstance();\n  static void init() {\n    spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n    spf.newSAXParser();\n  }\n}', path: 'A.java' },
  ],
  invalid: [
    { code: 'class A {\n  void f() throws Exception {\n    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();\n    DocumentBuilder db = dbf.newDocumentBuilder();\n  }\n}', path: 'A.java', errors: [{ line: 4, column: 26 }] },
    // A factory in a field, used by a method that sets nothing.
    { code: 'class A {\n  private static SAXParserFactory spf = SAXParserFactory.newInstance();\n  void parse() throws Exception {\n    spf.newSAXParser();\n  }\n}', path: 'A.java', errors: [{ line: 4, column: 5 }] },
    // No parser made in this file: reported at the factory.
    { code: 'class A {\n  DocumentBuilderFactory make() {\n    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();\n    return dbf;\n  }\n}', path: 'A.java', errors: [{ line: 3, column: 34 }] },
  ],
});

/** Java commands: the method's own parameter run as a program or argument is the caller's command (as for SQL). */
testRule(rule('tainted-command'), {
  valid: [
    { code: 'class A {\n  void f(String in) { Runtime.getRuntime().exec("echo blah"); }\n}', path: 'A.java' },
    // Called in this file with a constant: not unknown.
    { code: 'class A {\n  void g() { f("ls"); }\n  void f(String c) { Runtime.getRuntime().exec(c); }\n}', path: 'A.java' },
  ],
  invalid: [
    { code: 'class A {\n  void f(String in) {\n    Runtime r = Runtime.getRuntime();\n    r.exec("bash", "-c", in);\n  }\n}', path: 'A.java', errors: [{ line: 4, column: 26, message: 'unknown origin' }] },
    { code: 'class A {\n  void f(String cmd) { new ProcessBuilder(cmd).start(); }\n}', path: 'A.java', errors: [{ line: 2, column: 43 }] },
  ],
});

/** Java: a Spring response body built as markup from request data; a comment inside an argument list is not an argument. */
testRule(rule('tainted-html'), {
  valid: [
    // Not markup: a JSON API echoing a value is not XSS by itself.
    { code: 'class A {\n  public ResponseEntity<String> f(@RequestParam("s") String s) {\n    return new ResponseEntity<>("{\\"v\\": " + s + "}", HttpStatus.OK);\n  }\n}', path: 'A.java' },
    { code: 'class A {\n  public ResponseEntity<String> f(@RequestParam("s") String s) {\n    return new ResponseEntity<>(String.format("<img src=\\"%s\\"/>", HtmlUtils.htmlEscape(s)), HttpStatus.OK);\n  }\n}', path: 'A.java' },
  ],
  invalid: [
    {
      code: 'class A {\n  public ResponseEntity<String> f(@RequestParam("s") String loc) {\n    String t = "<img src=%s/>";\n    return new ResponseEntity<>(\n        // a comment\n        String.format(t, loc), HttpStatus.OK);\n  }\n}',
      path: 'A.java',
      errors: [{ line: 6, column: 9, message: 'request data' }],
    },
  ],
});
