import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * PHP recall, Java taint-only recall and Java/C# classes (issue #14, `lang-php-java`): each cause found
 * in the misses of semgrep's labelled tests, as valid / invalid cases at exact positions.
 */

testRule(rule('tainted-command'), {
  valid: [
    // An argument list runs the program without a shell.
    { code: '<?php\n$p = proc_open(["ls", $dir], $spec, $pipes);', path: 'a.php' },
    { code: '<?php\n$p = proc_open("ls -l", $spec, $pipes);', path: 'a.php' },
  ],
  invalid: [
    // A command line of unknown origin goes to `sh -c`, as with `exec`.
    { code: '<?php\n$proc = proc_open($cmd, $spec, $pipes);', path: 'a.php', errors: [{ line: 2, column: 19 }] },
    { code: '<?php\n$p = proc_open(["sh", "-c", $_GET["c"]], $spec, $pipes);', path: 'a.php', errors: [{ line: 2, column: 16, message: 'request data' }] },
  ],
}, 'a.php');

testRule(rule('tainted-code'), {
  valid: [
    // Comparisons are expressions, not code; options that are constant say what they do.
    { code: '<?php\nassert($ok->count < 1 || $ok > 2);\nassert($o->p instanceof Foo);\nmb_ereg_replace($p, $r, $s, "msr");\nmb_ereg_replace($p, $r, $s);', path: 'a.php' },
  ],
  invalid: [
    // `->` is a property read, not a `>` comparison.
    { code: '<?php\nassert($someobj->name);', path: 'a.php', errors: [{ line: 2, column: 8 }] },
    // Options that may hold `e` run the replacement as PHP.
    { code: '<?php\nmb_ereg_replace($pattern, $replacement, $string, $_GET["o"]);\nmb_eregi_replace($p, $r, $s, $opts);', path: 'a.php', errors: [{ line: 2, column: 50, message: 'request data' }, { line: 3, column: 30 }] },
  ],
}, 'a.php');

testRule(rule('tainted-deserialization'), {
  valid: [
    // Constant arrays, and flags that overwrite no variable.
    { code: '<?php\n$a = array("color" => "blue");\nextract($a, EXTR_PREFIX_SAME, "x");\n$ok = $_FILES["f"];\nextract($ok, EXTR_SKIP, "w");\nextract($_GET, EXTR_PREFIX_ALL, "g");', path: 'a.php' },
  ],
  invalid: [
    {
      code: '<?php\n$bad = $_GET["p"];\nextract($bad, EXTR_PREFIX_SAME, "wddx");\nextract($_POST);',
      path: 'a.php',
      errors: [{ line: 3, column: 9, message: 'keys of request data' }, { line: 4, column: 9, message: 'EXTR_SKIP' }],
    },
  ],
}, 'a.php');

testRule(rule('tainted-sql'), {
  valid: [
    // Outside a form request, `$this` is the class's own object.
    { code: '<?php\nclass Repo {\n  function f() {\n    $id = $this->query->get("x");\n    return Rule::unique("users")->ignore($id);\n  }\n}', path: 'a.php' },
    // The user the server authenticated is not input.
    { code: '<?php\nclass R extends FormRequest {\n  public function rules() {\n    return [Rule::unique("users")->ignore($this->user()->id)];\n  }\n}', path: 'a.php' },
  ],
  invalid: [
    // In a Laravel form request, `$this` is the request.
    {
      code: '<?php\nuse Illuminate\\Foundation\\Http\\FormRequest;\nclass TestRequest extends FormRequest {\n  public function rules() {\n    $id = $this->query->get("hello");\n    $a = Rule::unique("users")->ignore($id);\n    $b = Rule::unique("users")->ignore(1, $this->input("c"));\n    return [$a, $b];\n  }\n}',
      path: 'a.php',
      errors: [{ line: 6, column: 40, message: 'request data' }, { line: 7, column: 43, message: 'request data' }],
    },
  ],
}, 'a.php');

testRule(rule('tainted-ldap-xpath'), {
  valid: [
    // A search method of something that is not a directory context, given a parameter.
    { code: 'class S {\n  List<Item> find(String term) {\n    return index.search("items", "(name=" + term + ")");\n  }\n}', path: 'S.java' },
    { code: 'class S {\n  void f(String input) throws Exception {\n    DirContext ctx = new InitialDirContext(props);\n    ctx.search("dc=example", "(uid=admin)", ctrls);\n  }\n}', path: 'S.java' },
  ],
  invalid: [
    // A JNDI context searched with a filter built from the method's own parameter.
    {
      code: 'class S {\n  void f(String input) throws Exception {\n    DirContext ctx = new InitialDirContext(props);\n    ctx.search(new LdapName("dc=x"), "(uid=" + input + ")", ctrls);\n    LdapContext c4 = new InitialLdapContext();\n    c4.search("dc=x", "(uid=" + input + ")", new Object[0], ctrls);\n  }\n}',
      path: 'S.java',
      errors: [{ line: 4, column: 38 }, { line: 6, column: 23 }],
    },
  ],
}, 'S.java');

testRule(rule('cookie-flags-off'), {
  valid: [
    // Marked (even through a value the program decides), deleted, or not made here.
    {
      code: 'class C {\n  void a(HttpServletResponse response, boolean secure) {\n    Cookie c = new Cookie("k", "v");\n    c.setSecure(secure);\n    c.setHttpOnly(true);\n    response.addCookie(c);\n  }\n  void b(HttpServletResponse response) {\n    Cookie c = new Cookie("k", "");\n    c.setMaxAge(0);\n    response.addCookie(c);\n  }\n  void d(HttpServletResponse response) {\n    Cookie c = ResponseCookie.from("name", "value").build();\n    response.addCookie(c);\n  }\n}',
      path: 'C.java',
    },
  ],
  invalid: [
    {
      code: 'class C {\n  void a(@RequestParam String value, HttpServletResponse response) {\n    Cookie cookie = new Cookie("cookie", value);\n    cookie.setSecure(true);\n    response.addCookie(cookie);\n  }\n}',
      path: 'C.java',
      errors: [{ line: 5, column: 24, message: '`setHttpOnly(true)`' }],
      output: 'class C {\n  void a(@RequestParam String value, HttpServletResponse response) {\n    Cookie cookie = new Cookie("cookie", value);\n    cookie.setSecure(true);\n    cookie.setHttpOnly(true);\n    response.addCookie(cookie);\n  }\n}',
    },
    {
      code: 'class C {\n  void a(HttpServletResponse response) {\n    javax.servlet.http.Cookie c = new javax.servlet.http.Cookie("k", "v");\n    if (Constant.cookieHttpOnly) {\n      setHttpOnly(c);\n    }\n    response.addCookie(c);\n  }\n}',
      path: 'C.java',
      errors: [{ line: 7, column: 24, message: '`setSecure(true)` and `setHttpOnly(true)`' }],
      output: 'class C {\n  void a(HttpServletResponse response) {\n    javax.servlet.http.Cookie c = new javax.servlet.http.Cookie("k", "v");\n    if (Constant.cookieHttpOnly) {\n      setHttpOnly(c);\n    }\n    c.setSecure(true);\n    c.setHttpOnly(true);\n    response.addCookie(c);\n  }\n}',
    },
  ],
}, 'C.java');

testRule(rule('tainted-html'), {
  valid: [
    // Escaped into a quoted attribute, or encoded for an unquoted one.
    {
      code: 'class X {\n  ResponseEntity<String> a(@RequestParam String loc) {\n    String p = String.format("<img src=\\"%s\\" width=\\"400\\"/>", StringEscapeUtils.escapeHtml4(loc));\n    return new ResponseEntity<>(p, HttpStatus.OK);\n  }\n  ResponseEntity<String> b(@RequestParam String loc) {\n    String p = String.format("<img src=%s width=400/>", Encode.forHtmlUnquotedAttribute(loc));\n    return new ResponseEntity<>(p, HttpStatus.OK);\n  }\n}',
      path: 'X.java',
    },
  ],
  invalid: [
    // HTML escaping keeps spaces and `=`: in an unquoted attribute the value adds `onerror=…`.
    {
      code: 'class X {\n  ResponseEntity<String> a(@RequestParam String loc) {\n    String t = "<img src=%s width=\\"400\\" height=\\"300\\"/>";\n    String p = String.format(t, StringEscapeUtils.escapeHtml4(loc));\n    return new ResponseEntity<>(p, HttpStatus.OK);\n  }\n}',
      path: 'X.java',
      errors: [{ line: 5, column: 33, message: 'request data' }],
    },
  ],
}, 'X.java');

testRule(rule('xxe-enabled'), {
  valid: [
    {
      code: 'class F {\n  void A(string s) {\n    XmlTextReader r = new XmlTextReader(new StringReader(s));\n    r.DtdProcessing = DtdProcessing.Prohibit;\n    while (r.Read()) { }\n  }\n}',
      path: 'F.cs',
    },
  ],
  invalid: [
    // Reported where the reader first parses; at the constructor when the file never reads it directly.
    {
      code: 'class F {\n  void A(string s) {\n    XmlTextReader r = new XmlTextReader(new StringReader(s));\n    while (r.Read()) {\n      Console.WriteLine(r.ReadElementContentAsString());\n    }\n  }\n  void B(Stream s) {\n    var doc = new XmlDocument();\n    doc.Load(new XmlTextReader(s));\n  }\n}',
      path: 'F.cs',
      errors: [{ line: 4, column: 12, message: 'DtdProcessing.Prohibit' }, { line: 10, column: 14 }],
    },
  ],
}, 'F.cs');

testRule(rule('tainted-ldap-xpath'), {
  valid: [
    // Encoded for a filter; or a `Filter` of something that is not a directory search.
    { code: 'class L {\n  void Login(string userName) {\n    var searcher = new DirectorySearcher(entry);\n    searcher.Filter = String.Format("({0}={1})", Encoder.LdapFilterEncode(Attr), Encoder.LdapFilterEncode(userName));\n  }\n}', path: 'L.cs' },
    { code: 'class V {\n  void Show(string name) {\n    view.Filter = "Name = \'" + name + "\'";\n  }\n}', path: 'V.cs' },
  ],
  invalid: [
    {
      code: 'class L {\n  void Login(string userName) {\n    using (DirectorySearcher searcher = new DirectorySearcher(entry)) {\n      searcher.Filter = String.Format("({0}={1})", Attr, userName);\n    }\n  }\n}',
      path: 'L.cs',
      errors: [{ line: 4, column: 25 }],
    },
  ],
}, 'L.cs');

testRule(rule('tls-verify-off'), {
  valid: [
    // The connection's host is a loopback address, through `.host` of a URL built with a fixed host and every call site.
    {
      code: "class Runner\n  def get(url)\n    get_url(\"#{protocol}://127.0.0.1:#{port}#{url}\")\n  end\n  def get_url(url)\n    uri = URI.parse(url)\n    get_https_url(uri)\n  end\n  def get_https_url(uri)\n    http = Net::HTTP.new(uri.host, uri.port)\n    http.use_ssl = true\n    http.verify_mode = OpenSSL::SSL::VERIFY_NONE\n  end\nend",
      path: 'runner.rb',
    },
    { code: "def f\n  http = Net::HTTP.new('localhost', 8443)\n  http.verify_mode = OpenSSL::SSL::VERIFY_NONE\nend", path: 'a.rb' },
  ],
  invalid: [
    // One call site with another host, a host from outside the file, or a host the flow cannot fix.
    {
      code: "class Runner\n  def get(url)\n    get_url(\"https://127.0.0.1:4567#{url}\")\n  end\n  def other\n    get_url(\"https://example.com/x\")\n  end\n  def get_url(url)\n    uri = URI.parse(url)\n    http = Net::HTTP.new(uri.host, uri.port)\n    http.verify_mode = OpenSSL::SSL::VERIFY_NONE\n  end\nend",
      path: 'runner.rb',
      errors: [{ line: 11, column: 24 }],
    },
    { code: "def f(uri)\n  http = Net::HTTP.new(uri.host, uri.port)\n  http.verify_mode = OpenSSL::SSL::VERIFY_NONE\nend", path: 'a.rb', errors: [{ line: 3, column: 22 }] },
    { code: "def f\n  uri = URI.parse(\"https://#{params[:h]}/\")\n  http = Net::HTTP.new(uri.host, 443)\n  http.verify_mode = OpenSSL::SSL::VERIFY_NONE\nend", path: 'a.rb', errors: [{ line: 4, column: 22 }] },
  ],
}, 'a.rb');

testRule(rule('tainted-deserialization'), {
  valid: [
    // No class named by the JSON: plain Jackson, whatever the origin.
    { code: 'class C {\n  Car f(@CookieValue String token) throws Exception {\n    return objectMapper.readValue(token, Car.class);\n  }\n}', path: 'C.java' },
    // A text message, and a JDBC getObject.
    { code: 'class L implements MessageListener {\n  public void onMessage(Message m) {\n    TextMessage t = (TextMessage) m;\n    String s = t.getText();\n    Object o = rs.getObject(1);\n  }\n}', path: 'L.java' },
  ],
  invalid: [
    {
      code: 'class C {\n  @PostConstruct\n  void init() {\n    objectMapper = new ObjectMapper();\n    objectMapper.enableDefaultTyping();\n  }\n  Car f(@CookieValue String token) throws Exception {\n    String s = new String(Base64.getDecoder().decode(token));\n    return objectMapper.readValue(\n        s,\n        Car.class);\n  }\n}',
      path: 'C.java',
      errors: [{ line: 5, column: 5, message: 'default typing' }, { line: 10, column: 9, message: 'request data' }],
    },
    {
      code: 'class L implements MessageListener {\n  public void onMessage(Message message) {\n    if (message instanceof ObjectMessage) {\n      ObjectMessage msg = (ObjectMessage) message;\n      Income income = (Income) msg.getObject();\n    }\n  }\n}',
      path: 'L.java',
      errors: [{ line: 5, column: 32, message: 'ObjectMessage.getObject()' }],
    },
  ],
}, 'C.java');

testRule(rule('tainted-redirect'), {
  valid: [
    // A fixed target, a fixed host, a view that is not a redirect, and a method that is not a handler.
    {
      code: 'class R {\n  @RequestMapping("/a")\n  public String a(@RequestParam("url") String url) {\n    if (url.isEmpty()) return "redirect:/";\n    return "redirect:https://example.com/" + url;\n  }\n  @RequestMapping("/b")\n  public String b(@RequestParam("v") String v) {\n    return "view" + v;\n  }\n  private String c(String u) {\n    return "redirect:" + u;\n  }\n}',
      path: 'R.java',
    },
    // A fixed path on this site: what follows stays a path (view names and call sinks, every language).
    {
      code: 'class R {\n  @PostMapping("/o")\n  public String o(@Valid Owner owner, HttpServletRequest request, HttpServletResponse response) {\n    response.sendRedirect("/owners/" + request.getParameter("id"));\n    return "redirect:/owners/" + owner.getId();\n  }\n}',
      path: 'R.java',
    },
    { code: '<?php\nheader("Location: /index.php?page=" . $_GET["p"]);', path: 'a.php' },
  ],
  invalid: [
    // Spring MVC: a returned view name `redirect:…` sends the browser to the rest.
    {
      code: 'class R {\n  @RequestMapping("/a")\n  public String a(@RequestParam("url") String url) {\n    return "redirect:" + url;\n  }\n  @GetMapping("/b")\n  public String b(HttpServletRequest request) {\n    String view = "redirect:" + request.getParameter("next");\n    return view;\n  }\n  @GetMapping("/c")\n  public String c(@RequestParam String next) {\n    return "redirect:/" + next;\n  }\n}',
      path: 'R.java',
      errors: [{ line: 4, column: 12, message: 'view name redirects' }, { line: 9, column: 12 }, { line: 13, column: 12 }],
    },
  ],
}, 'R.java');

testRule(rule('tainted-deserialization'), {
  valid: [],
  invalid: [
    // commons-io's ObjectInputStream with a class loader: the stream is the second argument.
    {
      code: 'class D {\n  Object f(InputStream received) throws Exception {\n    ClassLoaderObjectInputStream in = new ClassLoaderObjectInputStream(getClass().getClassLoader(), received);\n    return in.readObject();\n  }\n}',
      path: 'D.java',
      errors: [{ line: 3, column: 101 }],
    },
  ],
}, 'D.java');

testRule(rule('cookie-flags-off'), {
  valid: [{ code: 'class C {\n  static final boolean ON = true;\n  void f() {\n    Cookie c = new Cookie("a", "b");\n    c.setSecure(ON);\n    boolean safe = true;\n    c.setHttpOnly(safe);\n  }\n}', path: 'C.java' }],
  invalid: [
    // `false` through a constant or a local: reported without a fix (the name stays).
    {
      code: 'class C {\n  static final boolean OFF = false;\n  void f() {\n    Cookie c = new Cookie("a", "b");\n    c.setSecure(OFF);\n    boolean unsafe = false;\n    c.setHttpOnly(unsafe);\n  }\n}',
      path: 'C.java',
      errors: [{ line: 5, column: 17 }, { line: 7, column: 19 }],
    },
  ],
}, 'C.java');

testRule(rule('tainted-sql'), {
  valid: [{ code: 'class V {\n  void f(SqlClient client) {\n    String q = "SELECT * FROM test";\n    client.query(q);\n  }\n}', path: 'V.java' }],
  invalid: [
    // Vert.x and Android SQL handles, known by their declared type, given the method's own parameter.
    {
      code: 'class V {\n  void a(SqlClient client, String injection) {\n    client.preparedQuery(injection);\n  }\n  void b(SqlConnection conn, String s) {\n    conn.prepare(s, null);\n  }\n  void c(SQLiteDatabase db, String name) {\n    db.rawQuery("SELECT * FROM t WHERE n = \'" + name + "\'", null);\n  }\n}',
      path: 'V.java',
      errors: [{ line: 3, column: 26 }, { line: 6, column: 18 }, { line: 9, column: 17 }],
    },
  ],
}, 'V.java');

testRule(rule('tainted-deserialization'), {
  valid: [
    // Primitives, boxed numbers and strings carry no gadget; an interface that is not remote is not exported.
    { code: 'public interface Ok extends Remote {\n  boolean register(String id) throws RemoteException;\n  void poke(int a, Integer b, long[] c) throws RemoteException;\n}\ninterface Local {\n  void poke(Object o);\n}', path: 'S.java' },
  ],
  invalid: [
    {
      code: 'public interface IBSidesService extends java.rmi.Remote {\n  boolean registerTicket(String ticketID) throws RemoteException;\n  void poke(Object attende) throws RemoteException;\n  void visit(Attendee a) throws RemoteException;\n}',
      path: 'S.java',
      errors: [{ line: 1, column: 18, message: '`poke(Object attende)`, `visit(Attendee a)`' }],
    },
  ],
}, 'S.java');

/**
 * Misfires judged on Laravel (noise on popular projects, issue #14): the second argument of
 * `file_put_contents` is the content written, not a path; `var_export($v, true)` is PHP literal source.
 */
testRule(rule('tainted-path'), {
  valid: [
    // A log line with request data written to stdout: the file name is a constant.
    { code: '<?php\n$uri = $_SERVER["REQUEST_URI"];\nfile_put_contents("php://stdout", "[$t] URI: $uri\\n");', path: 'server.php' },
    { code: '<?php\n$fp = fopen("/var/log/app.log", $_GET["mode"]);\nmkdir("/srv/cache", $_GET["m"]);', path: 'a.php' },
  ],
  invalid: [
    { code: '<?php\nfile_put_contents($_GET["f"], "x");', path: 'a.php', errors: [{ line: 2, column: 19, message: 'request data' }] },
    // Both paths of a copy or rename are file names.
    { code: '<?php\ncopy("/srv/in.txt", $_POST["to"]);', path: 'a.php', errors: [{ line: 2, column: 21, message: 'request data' }] },
  ],
}, 'a.php');

testRule(rule('tainted-code'), {
  valid: [
    // `var_export($v, true)` writes the value as a PHP literal: evaluated, it is the value again.
    { code: '<?php\nforeach ($config as $key => $value) {\n  eval(var_export($_GET["v"], true).\';\');\n}', path: 'a.php' },
  ],
  invalid: [
    { code: '<?php\neval($_GET["v"].\';\');', path: 'a.php', errors: [{ line: 2, column: 6, message: 'request data' }] },
  ],
}, 'a.php');
