import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * Java recall on FindSecBugs' detector tests (issue #14, `java-fsb`): each cause found in the misses of
 * `scripts/eval-findsecbugs.mjs`, written as our own valid / invalid cases at exact positions.
 */

testRule(rule('tainted-path'), {
  valid: [
    // Built from a field and a constant separator only: nothing the caller hands in.
    { code: 'class C {\n  File f() {\n    String dir = "." + File.separator;\n    return new File(dir, configName);\n  }\n}', path: 'C.java' },
    // A number cannot hold `../`.
    { code: 'class C {\n  FileInputStream f(final int n) throws Exception {\n    return new FileInputStream(new StringBuilder(BASE).append(n).toString());\n  }\n}', path: 'C.java' },
    // Reduced to a file name first.
    { code: 'class C {\n  File f(String name) {\n    return new File("uploads", FilenameUtils.getName(name));\n  }\n}', path: 'C.java' },
    // Constants only.
    { code: 'class C {\n  void f() throws Exception {\n    new FileReader("settings.properties");\n  }\n}', path: 'C.java' },
  ],
  invalid: [
    // A method's own parameter as a file name, even under a fixed folder: low confidence.
    {
      code: 'class C {\n  File f(String name) {\n    return new File("uploads", name);\n  }\n}',
      path: 'C.java',
      errors: [{ line: 3, column: 32, confidence: 'low', message: 'unknown origin' }],
    },
    // Built from a parameter through a StringBuilder; `args[0]` of `main`.
    {
      code: 'class C {\n  FileInputStream f(String part) throws Exception {\n    return new FileInputStream(new StringBuilder("data/").append(part).toString());\n  }\n  public static void main(String[] args) throws Exception {\n    String input = args.length > 0 ? args[0] : "x";\n    Paths.get("base", input);\n  }\n}',
      path: 'C.java',
      errors: [{ line: 3, column: 32, confidence: 'low' }, { line: 7, column: 23, confidence: 'low' }],
    },
    // Request data stays an error with high confidence.
    {
      code: 'class C {\n  void f(HttpServletRequest request) throws Exception {\n    new FileReader(request.getParameter("f"));\n  }\n}',
      path: 'C.java',
      errors: [{ line: 3, column: 20, severity: 'error', confidence: 'high' }],
    },
  ],
}, 'C.java');

testRule(rule('tainted-sql'), {
  valid: [
    // A delegate named after the call it forwards: its callers are checked instead.
    { code: 'class Dao {\n  JdbcTemplate jdbc;\n  Object queryForObject(String sql, Class<?> type) {\n    return jdbc.queryForObject(sql, type);\n  }\n}', path: 'Dao.java' },
    // JDO with a class literal and a constant filter; a StringBuilder of constants only.
    { code: 'class Dao {\n  void f(PersistenceManager pm, Query q) {\n    pm.newQuery(User.class, "id == 1");\n    q.setFilter("id == userId");\n  }\n}', path: 'Dao.java' },
    { code: 'class Dao {\n  EntityManager em;\n  Object f() {\n    StringBuilder sql = new StringBuilder("select u from User u");\n    sql.append(" where u.active = true");\n    return em.createQuery(sql.toString());\n  }\n}', path: 'Dao.java' },
  ],
  invalid: [
    // SQL built in a StringBuilder from a parameter, passed as `sql.toString()`.
    {
      code: 'class Dao {\n  EntityManager em;\n  Object f(String name) {\n    StringBuilder sql = new StringBuilder("select u from User u where u.name = \'" + name + "\'");\n    return em.createQuery(sql.toString(), User.class);\n  }\n}',
      path: 'Dao.java',
      errors: [{ line: 5, column: 27, confidence: 'medium' }],
    },
    // JDO filters and grouping; Android's DatabaseUtils and SQLiteQueryBuilder (the database argument is not SQL).
    {
      code: 'class Dao {\n  void f(PersistenceManager pm, Query q, String v, SQLiteDatabase db, SQLiteQueryBuilder qb) {\n    pm.newQuery(User.class, "id == " + v);\n    q.setGrouping(v);\n    DatabaseUtils.longForQuery(db, v, null);\n    qb.appendWhere(v);\n    qb.query(db, null, v, null, null, null, null);\n  }\n}',
      path: 'Dao.java',
      errors: [{ line: 3, column: 29 }, { line: 4, column: 19 }, { line: 5, column: 36 }, { line: 6, column: 20 }, { line: 7, column: 24 }],
    },
    // A method that calls the same API several ways with its parameter is a caller, not a delegate.
    {
      code: 'class Dao {\n  JdbcTemplate jdbc;\n  void queryForObject(String sql) {\n    jdbc.queryForObject(sql, Row.class);\n    jdbc.queryForObject(sql, new Object[0], Row.class);\n  }\n}',
      path: 'Dao.java',
      errors: [{ line: 4, column: 25 }, { line: 5, column: 25 }],
    },
  ],
}, 'Dao.java');

testRule(rule('tainted-ldap-xpath'), {
  valid: [
    // A constant query; a query escaped for XPath.
    { code: 'class Q {\n  Object f(Document doc) throws Exception {\n    XPath xpath = XPathFactory.newInstance().newXPath();\n    return xpath.evaluate("//user[@id=\'admin\']", doc);\n  }\n}', path: 'Q.java' },
    { code: 'class Q {\n  Object f(Document doc, String id) throws Exception {\n    XPath xpath = XPathFactory.newInstance().newXPath();\n    return xpath.evaluate("//user[@id=\'" + ESAPI.encoder().encodeForXPath(id) + "\']", doc);\n  }\n}', path: 'Q.java' },
  ],
  invalid: [
    // A query built from the method's parameter, through a typed `XPath`; Xalan's static API takes the query second.
    {
      code: 'class Q {\n  Object f(Document doc, String id) throws Exception {\n    String q = "//user[@id=\'" + id + "\']";\n    XPath xpath = XPathFactory.newInstance().newXPath();\n    xpath.compile(q);\n    return XPathAPI.selectNodeList(doc, q);\n  }\n}',
      path: 'Q.java',
      errors: [{ line: 5, column: 19, confidence: 'medium' }, { line: 6, column: 41 }],
    },
    // Apache XML Security's API: (context, xpath node, query, namespace node); request data is an error.
    {
      code: 'class Q {\n  void f(@RequestParam("q") String input, XPathAPI api) throws Exception {\n    String q = "//g[@id=\'" + input + "\']";\n    api.evaluate(null, null, q, null);\n  }\n}',
      path: 'Q.java',
      errors: [{ line: 4, column: 30, severity: 'error' }],
    },
  ],
}, 'Q.java');

// Spring LDAP names and raw filters, UnboundID filters: the method's own parameter is a warning; encoded builders are silent.
testRule(rule('tainted-ldap-xpath'), {
  valid: [
    { code: 'class Q {\n  void f(LdapTemplate t, String user) {\n    t.lookup("ou=people");\n    t.search(query().where("uid").is(user), mapper);\n    t.search(query().filter("(uid=admin)"), mapper);\n  }\n}', path: 'Q.java' },
    { code: 'class Q {\n  void f(LDAPConnection c) throws Exception {\n    c.search("dc=example", SearchScope.SUB, "(uid=admin)");\n  }\n}', path: 'Q.java' },
  ],
  invalid: [
    {
      code: 'class Q {\n  void f(LdapTemplate t, String dn, String user) {\n    t.lookup(dn);\n    t.search(dn, "dn=1", new CountNameClassPairCallbackHandler());\n    t.search(query().base("ou=people").filter("(uid=" + user + ")"), mapper);\n  }\n}',
      path: 'Q.java',
      errors: [{ line: 3, column: 14, severity: 'warning', message: 'LDAP name (DN)' }, { line: 4, column: 14 }, { line: 5, column: 47, message: 'LDAP filter' }],
    },
    {
      code: 'class Q {\n  boolean f(String username) throws Exception {\n    LDAPConnection ldap = new LDAPConnection("ldap.example.com", 389);\n    SearchResult sr = ldap.search("dc=People", SearchScope.SUB, "(uid=" + username + ")");\n    return sr.getEntryCount() > 0;\n  }\n}',
      path: 'Q.java',
      errors: [{ line: 4, column: 65, severity: 'warning' }],
    },
  ],
}, 'Q.java');

// Android: a ContentProvider's entry points are called by other apps; their arguments (the URI, the selection) are request data.
testRule(rule('tainted-sql'), {
  valid: [
    // Not a provider: the same method in another class is left to its callers.
    { code: 'class P extends Helper {\n  public Cursor query(Uri url, String[] p, String selection, String[] a, String sort) {\n    SQLiteQueryBuilder qb = new SQLiteQueryBuilder();\n    return qb.query(db, p, selection, a, null, null, sort);\n  }\n}', path: 'P.java' },
  ],
  invalid: [
    {
      code: 'class P extends ContentProvider {\n  @Override\n  public Cursor query(Uri url, String[] p, String selection, String[] a, String sort) {\n    SQLiteQueryBuilder qb = new SQLiteQueryBuilder();\n    qb.appendWhere(url.getPathSegments().get(1));\n    return qb.query(db, p, selection, a, null, null, sort);\n  }\n  public int delete(Uri url, String where, String[] args) {\n    SQLiteDatabase db = helper.getWritableDatabase();\n    return db.delete("t", where, args);\n  }\n}',
      path: 'P.java',
      errors: [{ line: 5, column: 20, severity: 'error', message: 'request data' }, { line: 6, column: 25, severity: 'error' }, { line: 10, column: 27, severity: 'error' }],
    },
  ],
}, 'P.java');

testRule(rule('tainted-code'), {
  valid: [
    // A constant template text; a constant OGNL expression after its open character.
    { code: 'class T {\n  void f(VelocityContext ctx, Writer w) {\n    Velocity.evaluate(ctx, w, "tag", "Hello $user");\n  }\n}', path: 'T.java' },
    { code: 'class T {\n  Object f(ValueStack stack) {\n    return TextParseUtil.translateVariables(\'$\', "${user.name}", stack);\n  }\n}', path: 'T.java' },
  ],
  invalid: [
    // OGNL: the expression first, or after the open character(s).
    {
      code: 'class T {\n  void f(String input, ValueStack stack) {\n    TextParseUtil.translateVariables(input, stack);\n    TextParseUtil.translateVariables(\'$\', input, stack);\n  }\n}',
      path: 'T.java',
      errors: [{ line: 3, column: 38 }, { line: 4, column: 43 }],
    },
    // A lambda's own parameter parsed as SpEL.
    {
      code: 'class T {\n  SpelExpressionParser parser;\n  Resolver r = name -> parser.parseExpression(name).getValue();\n}',
      path: 'T.java',
      errors: [{ line: 3, column: 47 }],
    },
    // The template's own text is code: anything not constant is reported (Velocity, Pebble literal templates).
    {
      code: 'class T {\n  void f(VelocityContext ctx, Writer w, Reader template) {\n    Velocity.evaluate(ctx, w, "tag", template);\n  }\n  void g(String text) {\n    PebbleEngine engine = new PebbleEngine.Builder().build();\n    engine.getLiteralTemplate(text);\n  }\n}',
      path: 'T.java',
      errors: [{ line: 3, column: 38 }, { line: 7, column: 31 }],
    },
  ],
}, 'T.java');

testRule(rule('tainted-command'), {
  valid: [
    { code: 'class P {\n  void f() throws Exception {\n    new ProcessBuilder().command("ls", "-l").start();\n  }\n}', path: 'P.java' },
  ],
  invalid: [
    // `new ProcessBuilder().command(…)` given the method's own parameter.
    {
      code: 'class P {\n  void f(String input) throws Exception {\n    new ProcessBuilder().command("ls", input);\n  }\n}',
      path: 'P.java',
      errors: [{ line: 3, column: 40 }],
    },
  ],
}, 'P.java');

testRule(rule('tainted-html'), {
  valid: [
    { code: 'class S extends HttpServlet {\n  void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {\n    resp.getOutputStream().print(HtmlUtils.htmlEscape(req.getParameter("q")));\n  }\n}', path: 'S.java' },
  ],
  invalid: [
    // The response's output stream, and a writer's format / append.
    {
      code: 'class S extends HttpServlet {\n  void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {\n    String q = req.getParameter("q");\n    resp.getOutputStream().println(q);\n    PrintWriter pw = resp.getWriter();\n    pw.printf("%s", q);\n    pw.append(q);\n  }\n}',
      path: 'S.java',
      errors: [{ line: 4, column: 36, severity: 'error' }, { line: 6, column: 21 }, { line: 7, column: 15 }],
    },
  ],
}, 'S.java');

testRule(rule('xxe-enabled'), {
  valid: [
    { code: 'class X {\n  Document f(InputStream in) throws Exception {\n    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();\n    dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n    return dbf.newDocumentBuilder().parse(in);\n  }\n}', path: 'X.java' },
  ],
  invalid: [
    // A protection that is commented out protects nothing.
    {
      code: 'class X {\n  Document f(InputStream in) throws Exception {\n    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();\n    // dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n    /* dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, ""); */\n    return dbf.newDocumentBuilder().parse(in);\n  }\n}',
      path: 'X.java',
      errors: [{ line: 6, column: 12 }],
    },
  ],
}, 'X.java');
