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
  ],
  invalid: [
    // A method that calls the same API several ways with its parameter is a caller, not a delegate.
    {
      code: 'class Dao {\n  JdbcTemplate jdbc;\n  void queryForObject(String sql) {\n    jdbc.queryForObject(sql, Row.class);\n    jdbc.queryForObject(sql, new Object[0], Row.class);\n  }\n}',
      path: 'Dao.java',
      errors: [{ line: 4, column: 25 }, { line: 5, column: 25 }],
    },
  ],
}, 'Dao.java');
