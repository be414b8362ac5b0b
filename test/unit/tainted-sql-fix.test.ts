import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { TREE_RULES } from '../../server/src/rules';
import { loadAllGrammars } from '../../server/src/treesitter/runtime';
import { applyFixes } from '../helpers/ruleTester';

/**
 * The parameterised-query quick fix of `tainted-sql` (issue #14), one row a shape: the code with the
 * finding's exact range between « and », and the whole text after the fix, or `null` where no fix may be
 * offered (the finding itself must stay, at the same range and severity). A fix only where one edit of the
 * call is correct: the SQL inline in the call, each value the whole of one pair of quotes (or a bare value
 * after a comparison where the driver leaves its type to the server), no parameters yet, the driver known.
 */
interface Row {
  name: string;
  path: string;
  code: string;
  severity: 'error' | 'warning';
  fixed: string | null;
}

const py = (imports: string, line: string) => `${imports}from flask import request\ndef view():\n    ${line}\n`;
const go = (driver: string, line: string) => `package main\nimport (\n\t"database/sql"\n${driver ? `\t_ "${driver}"\n` : ''})\nfunc view(w http.ResponseWriter, r *http.Request) {\n\t${line}\n}\n`;
const rb = (line: string) => `class UsersController < ApplicationController\n  def show\n    ${line}\n  end\nend\n`;
const java = (imports: string, line: string) => `${imports}class Repo {\n  void view(HttpServletRequest request) {\n    ${line}\n  }\n}\n`;
const php = (line: string) => `<?php\nuse Illuminate\\Support\\Facades\\DB;\nclass UserController extends Controller {\n  function show(Request $request) {\n    ${line}\n  }\n}\n`;
const JDBC = 'import org.springframework.jdbc.core.JdbcTemplate;\n';
const cs = (usings: string, line: string) => `${usings}class UsersController : Controller {\n  public IActionResult Show(string name, int id) {\n    ${line}\n    return Ok();\n  }\n}\n`;
const DAPPER = 'using Dapper;\n';
const SA = 'from flask import request\nfrom sqlalchemy import text\n';
const sa = (line: string) => `${SA}def view():\n    ${line}\n`;

const ROWS: Row[] = [
  // Python DB-API: sqlite3 takes `?`, the others `%s`.
  { name: 'py % one value, sqlite3', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«"SELECT * FROM users WHERE name = '%s'" % request.args["name"]»)`), fixed: py('import sqlite3\n', `cur.execute("SELECT * FROM users WHERE name = ?", (request.args["name"],))`) },
  { name: 'py % tuple with a bare %d, psycopg2', path: 'a.py', severity: 'error', code: py('import psycopg2\n', `cur.execute(«"SELECT * FROM users WHERE name = '%s' AND age > %d" % (request.args["name"], request.args["age"])»)`), fixed: py('import psycopg2\n', `cur.execute("SELECT * FROM users WHERE name = %s AND age > %s", (request.args["name"], request.args["age"]))`) },
  { name: 'py f-string, pymysql', path: 'a.py', severity: 'error', code: py('import pymysql\n', `cur.execute(«f"DELETE FROM users WHERE id = {request.form['id']}"»)`), fixed: py('import pymysql\n', `cur.execute("DELETE FROM users WHERE id = %s", (request.form['id'],))`) },
  { name: 'py concatenation, mysql.connector', path: 'a.py', severity: 'error', code: py('import mysql.connector\n', `cur.execute(«"SELECT * FROM users WHERE name = '" + request.args["name"] + "' LIMIT 1"»)`), fixed: py('import mysql.connector\n', `cur.execute("SELECT * FROM users WHERE name = %s LIMIT 1", (request.args["name"],))`) },
  { name: 'py str.format on a connection, sqlite3', path: 'a.py', severity: 'error', code: py('from sqlite3 import connect\n', `conn.execute(«"UPDATE users SET name = '{}' WHERE id = {}".format(request.args["name"], request.args["id"])»)`), fixed: py('from sqlite3 import connect\n', `conn.execute("UPDATE users SET name = ? WHERE id = ?", (request.args["name"], request.args["id"]))`) },
  { name: 'py %% stays %% for psycopg2', path: 'a.py', severity: 'error', code: py('import psycopg2\n', `cur.execute(«"SELECT * FROM t WHERE a = '%s' AND b LIKE 'x%%'" % request.args["a"]»)`), fixed: py('import psycopg2\n', `cur.execute("SELECT * FROM t WHERE a = %s AND b LIKE 'x%%'", (request.args["a"],))`) },
  { name: 'py %% becomes % for sqlite3', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«"SELECT * FROM t WHERE a = '%s' AND b LIKE 'x%%'" % request.args["a"]»)`), fixed: py('import sqlite3\n', `cur.execute("SELECT * FROM t WHERE a = ? AND b LIKE 'x%'", (request.args["a"],))`) },
  { name: 'py unknown origin keeps its warning and gets the fix', path: 'a.py', severity: 'warning', code: `import sqlite3\ndef find(cur, name):\n    cur.execute(«"SELECT * FROM users WHERE name = '%s'" % name»)\n`, fixed: `import sqlite3\ndef find(cur, name):\n    cur.execute("SELECT * FROM users WHERE name = ?", (name,))\n` },
  { name: 'py bare %d value of unknown origin', path: 'a.py', severity: 'warning', code: `import sqlite3\ndef find(cur, n):\n    cur.execute(«"SELECT * FROM users WHERE id = %d" % n»)\n`, fixed: `import sqlite3\ndef find(cur, n):\n    cur.execute("SELECT * FROM users WHERE id = ?", (n,))\n` },
  // Python: no fix.
  { name: 'py bare name of unknown origin may be a column', path: 'a.py', severity: 'warning', code: `import sqlite3\ndef join(cur, column):\n    cur.execute(«"SELECT * FROM a JOIN b ON a.id = %s" % column»)\n`, fixed: null },
  { name: 'py LIKE with wildcards around the value', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«"SELECT * FROM users WHERE name LIKE '%{}%'".format(request.args["q"])»)`), fixed: null },
  { name: 'py value inside a larger quoted text', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«"SELECT * FROM users WHERE name = 'x%s'" % request.args["q"]»)`), fixed: null },
  { name: 'py identifier (ORDER BY)', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«"SELECT * FROM users ORDER BY " + request.args["sort"]»)`), fixed: null },
  { name: 'py identifier (table name in quotes-less position)', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«f"SELECT * FROM {request.args['t']} WHERE id = 1"»)`), fixed: null },
  { name: 'py unknown driver', path: 'a.py', severity: 'error', code: py('', `cur.execute(«"SELECT * FROM users WHERE name = '%s'" % request.args["name"]»)`), fixed: null },
  { name: 'py two drivers with different placeholders', path: 'a.py', severity: 'error', code: py('import sqlite3\nimport psycopg2\n', `cur.execute(«"SELECT * FROM users WHERE name = '%s'" % request.args["name"]»)`), fixed: null },
  { name: 'py SQLAlchemy in the file', path: 'a.py', severity: 'error', code: py('import sqlite3\nimport sqlalchemy\n', `cur.execute(«"SELECT * FROM users WHERE name = '%s'" % request.args["name"]»)`), fixed: null },
  { name: 'py the call already has parameters', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«"SELECT * FROM users WHERE name = '%s' AND id = ?" % request.args["name"]», (1,))`), fixed: null },
  { name: 'py text built on another line', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `q = "SELECT * FROM users WHERE name = '%s'" % request.args["name"]\n    cur.execute(«q»)`), fixed: null },
  { name: 'py a literal % with psycopg2 from a concatenation', path: 'a.py', severity: 'error', code: py('import psycopg2\n', `cur.execute(«"SELECT * FROM t WHERE b LIKE 'x%' AND a = '" + request.args["a"] + "'"»)`), fixed: null },
  { name: 'py a self-documenting = in the f-string', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«f"SELECT * FROM users WHERE name = '{request.args['n']=}'"»)`), fixed: null },
  { name: 'py a conversion in the f-string', path: 'a.py', severity: 'error', code: py('import sqlite3\n', `cur.execute(«f"SELECT * FROM users WHERE name = '{request.args['n']!r}'"»)`), fixed: null },
  // Go database/sql and sqlx.
  { name: 'go concatenation with lib/pq, Context method', path: 'a.go', severity: 'error', code: go('github.com/lib/pq', `db.QueryContext(ctx, «"SELECT * FROM users WHERE name = '" + r.FormValue("name") + "' AND id = " + r.FormValue("id")»)`), fixed: go('github.com/lib/pq', `db.QueryContext(ctx, "SELECT * FROM users WHERE name = $1 AND id = $2", r.FormValue("name"), r.FormValue("id"))`) },
  { name: 'go Sprintf with MySQL', path: 'a.go', severity: 'error', code: go('github.com/go-sql-driver/mysql', `db.Exec(«fmt.Sprintf("DELETE FROM users WHERE name = '%s'", r.FormValue("name"))»)`), fixed: go('github.com/go-sql-driver/mysql', `db.Exec("DELETE FROM users WHERE name = ?", r.FormValue("name"))`) },
  { name: 'go pgx: a quoted value', path: 'a.go', severity: 'error', code: go('github.com/jackc/pgx/v5/stdlib', `db.Query(«"SELECT * FROM users WHERE name = '" + r.FormValue("name") + "'"»)`), fixed: go('github.com/jackc/pgx/v5/stdlib', `db.Query("SELECT * FROM users WHERE name = $1", r.FormValue("name"))`) },
  { name: 'go pgx: no fix for a bare value (pgx encodes by the column type)', path: 'a.go', severity: 'error', code: go('github.com/jackc/pgx/v5/stdlib', `db.Query(«"SELECT * FROM users WHERE id = " + r.FormValue("id")»)`), fixed: null },
  { name: 'go unknown driver', path: 'a.go', severity: 'error', code: go('', `db.Query(«fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", r.FormValue("name"))»)`), fixed: null },
  { name: 'go %q verb', path: 'a.go', severity: 'error', code: go('github.com/mattn/go-sqlite3', `db.Query(«fmt.Sprintf("SELECT * FROM users WHERE name = %q", r.FormValue("name"))»)`), fixed: null },
  { name: 'go LIKE wildcards', path: 'a.go', severity: 'error', code: go('github.com/mattn/go-sqlite3', `db.Query(«"SELECT * FROM users WHERE name LIKE '%" + r.FormValue("q") + "%'"»)`), fixed: null },
  // Ruby ActiveRecord.
  { name: 'rb where interpolation', path: 'a.rb', severity: 'error', code: rb(`User.where(«"name = '#{params[:name]}'"»)`), fixed: rb(`User.where("name = ?", params[:name])`) },
  { name: 'rb find_by_sql takes an array', path: 'a.rb', severity: 'error', code: rb(`User.find_by_sql(«"SELECT * FROM users WHERE id = #{params[:id]}"»)`), fixed: rb(`User.find_by_sql(["SELECT * FROM users WHERE id = ?", params[:id]])`) },
  { name: 'rb bare name of unknown origin may be a column', path: 'a.rb', severity: 'warning', code: `class User < ApplicationRecord\n  def self.joined(column)\n    where(«"users.id = #{column}"»)\n  end\nend\n`, fixed: null },
  { name: 'rb LIKE wildcards', path: 'a.rb', severity: 'error', code: rb(`User.where(«"name LIKE '%#{params[:q]}%'"»)`), fixed: null },
  { name: 'rb order is an identifier', path: 'a.rb', severity: 'error', code: rb(`User.order(«"#{params[:sort]} ASC"»)`), fixed: null },
  { name: 'rb a ? already in the text', path: 'a.rb', severity: 'error', code: rb(`User.where(«"name = '#{params[:name]}' AND x = '?'"»)`), fixed: null },
  // Java Spring JdbcTemplate (varargs overloads); plain JDBC needs a PreparedStatement.
  { name: 'java query(sql, mapper) → query(sql, mapper, value)', path: 'Repo.java', severity: 'error', code: java(JDBC, `jdbcTemplate.query(«"SELECT * FROM users WHERE name = '" + request.getParameter("name") + "'"», mapper);`), fixed: java(JDBC, `jdbcTemplate.query("SELECT * FROM users WHERE name = ?", mapper, request.getParameter("name"));`) },
  { name: 'java update(sql) → update(sql, value)', path: 'Repo.java', severity: 'error', code: java(JDBC, `jdbcTemplate.update(«"DELETE FROM users WHERE name = '" + request.getParameter("name") + "'"»);`), fixed: java(JDBC, `jdbcTemplate.update("DELETE FROM users WHERE name = ?", request.getParameter("name"));`) },
  { name: 'java bare value: a String bound as VARCHAR', path: 'Repo.java', severity: 'error', code: java(JDBC, `jdbcTemplate.update(«"DELETE FROM users WHERE id = " + request.getParameter("id")»);`), fixed: null },
  { name: 'java execute(sql) has no varargs overload', path: 'Repo.java', severity: 'error', code: java(JDBC, `jdbcTemplate.execute(«"DELETE FROM users WHERE name = '" + request.getParameter("name") + "'"»);`), fixed: null },
  { name: 'java NamedParameterJdbcTemplate', path: 'Repo.java', severity: 'error', code: java(JDBC, `namedJdbcTemplate.queryForList(«"SELECT * FROM users WHERE name = '" + request.getParameter("name") + "'"»);`), fixed: null },
  { name: 'java plain JDBC Statement', path: 'Repo.java', severity: 'error', code: java('import java.sql.Statement;\n', `stmt.executeQuery(«"SELECT * FROM users WHERE name = '" + request.getParameter("name") + "'"»);`), fixed: null },
  // Laravel: the raw clauses and DB:: statements that take a bindings array; PDO and mysqli need prepare + execute.
  { name: 'php DB::select with a braced interpolation', path: 'a.php', severity: 'error', code: php(`DB::select(«"SELECT * FROM users WHERE name = '{$request->input('name')}'"»);`), fixed: php(`DB::select("SELECT * FROM users WHERE name = ?", [$request->input('name')]);`) },
  { name: 'php whereRaw with a concatenation', path: 'a.php', severity: 'error', code: php(`User::whereRaw(«"name = '" . $request->input('name') . "'"»)->get();`), fixed: php(`User::whereRaw("name = ?", [$request->input('name')])->get();`) },
  { name: 'php LIKE wildcards', path: 'a.php', severity: 'error', code: php(`DB::select(«"SELECT * FROM users WHERE name LIKE '%{$request->input('q')}%'"»);`), fixed: null },
  { name: 'php DB::unprepared takes no bindings', path: 'a.php', severity: 'error', code: php(`DB::unprepared(«"DELETE FROM users WHERE name = '{$request->input('name')}'"»);`), fixed: null },
  { name: 'php bare value (PDO binds a string)', path: 'a.php', severity: 'error', code: php(`DB::select(«"SELECT * FROM users WHERE id = " . $request->input('id')»);`), fixed: null },
  { name: 'php escaped quotes in the literal', path: 'a.php', severity: 'error', code: php(`User::whereRaw(«'name = \\'' . $request->input('name') . '\\''»)->get();`), fixed: null },
  { name: 'php PDO query needs prepare + execute', path: 'a.php', severity: 'error', code: `<?php\nfunction show() {\n  $pdo->query(«"SELECT * FROM users WHERE name = '" . $_GET["name"] . "'"»);\n}\n`, fixed: null },
  // C# Dapper: `@name` placeholders and an anonymous object, on a call that takes no parameters yet.
  { name: 'cs Dapper generic Query, concatenation of a string parameter', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = connection.Query<User>(«"SELECT * FROM Users WHERE Name = '" + name + "'"»);`), fixed: cs(DAPPER, `var u = connection.Query<User>("SELECT * FROM Users WHERE Name = @name", new { name });`) },
  { name: 'cs Dapper interpolation, ExecuteAsync', path: 'a.cs', severity: 'error', code: cs(DAPPER, `await db.ExecuteAsync(«$"DELETE FROM Users WHERE Name = '{name}' AND Role = '{model.Role}'"»);`), fixed: cs(DAPPER, `await db.ExecuteAsync("DELETE FROM Users WHERE Name = @name AND Role = @Role", new { name, Role = model.Role });`) },
  { name: 'cs Dapper string.Format', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = conn.QueryFirstOrDefault<User>(«string.Format("SELECT * FROM Users WHERE Name = '{0}'", name)»);`), fixed: cs(DAPPER, `var u = conn.QueryFirstOrDefault<User>("SELECT * FROM Users WHERE Name = @name", new { name });`) },
  { name: 'cs Dapper: a Request.Query item is StringValues, bound as its text', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = conn.Query<User>(«"SELECT * FROM Users WHERE Name = '" + Request.Query["name"] + "'"»);`), fixed: cs(DAPPER, `var u = conn.Query<User>("SELECT * FROM Users WHERE Name = @name", new { name = Request.Query["name"].ToString() });`) },
  { name: 'cs Dapper: two values of one name get p2', path: 'a.cs', severity: 'error', code: cs(DAPPER, `conn.Execute(«$"UPDATE Users SET Name = '{name}' WHERE Name = '{other.name}'"»);`), fixed: cs(DAPPER, `conn.Execute("UPDATE Users SET Name = @name WHERE Name = @p2", new { name, p2 = other.name });`) },
  // C# Dapper: no fix.
  { name: 'cs Dapper: a bare value (Npgsql types a string parameter as text)', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = conn.Query<User>(«"SELECT * FROM Users WHERE Id = " + name»);`), fixed: null },
  { name: 'cs Dapper: the call already has parameters', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = conn.Query<User>(«$"SELECT * FROM Users WHERE Name = '{name}' AND Id = @id"», new { id });`), fixed: null },
  { name: 'cs Dapper: an @ already in the text', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = conn.Query<User>(«$"SELECT * FROM Users WHERE Name = '{name}' AND Mail LIKE '%@x.org'"»);`), fixed: null },
  { name: 'cs Dapper: a call as the value (may be a sequence or null)', path: 'a.cs', severity: 'warning', code: cs(DAPPER, `var u = conn.Query<User>(«"SELECT * FROM Users WHERE Name = '" + Lookup(name) + "'"»);`), fixed: null },
  { name: 'cs Dapper: a System.Web Request item may be null', path: 'a.cs', severity: 'error', code: cs(`${DAPPER}using System.Web.Mvc;\n`, `var u = conn.Query<User>(«"SELECT * FROM Users WHERE Name = '" + Request.Form["name"] + "'"»);`), fixed: null },
  { name: 'cs Dapper: a format clause in the interpolation', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = conn.Query<User>(«$"SELECT * FROM Users WHERE Name = '{name:D}'"»);`), fixed: null },
  { name: 'cs Dapper: a verbatim string', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = conn.Query<User>(«$@"SELECT * FROM Users WHERE Name = '{name}'"»);`), fixed: null },
  { name: 'cs Dapper: LIKE wildcards', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var u = conn.Query<User>(«$"SELECT * FROM Users WHERE Name LIKE '%{name}%'"»);`), fixed: null },
  { name: 'cs Dapper with Oracle (`:name` placeholders)', path: 'a.cs', severity: 'error', code: cs(`${DAPPER}using Oracle.ManagedDataAccess.Client;\n`, `var u = conn.Query<User>(«$"SELECT * FROM Users WHERE Name = '{name}'"»);`), fixed: null },
  { name: 'cs no Dapper in the file', path: 'a.cs', severity: 'error', code: cs('', `var u = conn.Query<User>(«$"SELECT * FROM Users WHERE Name = '{name}'"»);`), fixed: null },
  { name: 'cs ADO.NET SqlCommand needs Parameters.Add', path: 'a.cs', severity: 'error', code: cs(DAPPER, `var cmd = new SqlCommand(«$"SELECT * FROM Users WHERE Name = '{name}'"», conn);`), fixed: null },
  // SQLAlchemy `text()`: `:name` placeholders bound on the statement.
  { name: 'py SQLAlchemy text() f-string', path: 'a.py', severity: 'error', code: sa(`db.session.execute(text(«f"SELECT * FROM users WHERE name = '{request.args['name']}'"»))`), fixed: sa(`db.session.execute(text("SELECT * FROM users WHERE name = :name").bindparams(name=request.args['name']))`) },
  { name: 'py SQLAlchemy text() % with a %d number', path: 'a.py', severity: 'error', code: sa(`conn.execute(text(«"SELECT * FROM t WHERE a = '%s' AND n > %d AND b LIKE 'x%%'" % (request.args["a"], request.args["n"])»))`), fixed: sa(`conn.execute(text("SELECT * FROM t WHERE a = :a AND n > :n AND b LIKE 'x%'").bindparams(a=request.args["a"], n=request.args["n"]))`) },
  { name: 'py SQLAlchemy text() concatenation, keyword key renamed', path: 'a.py', severity: 'error', code: sa(`stmt = text(«"SELECT * FROM t WHERE a = '" + request.form["from"] + "'"»)`), fixed: sa(`stmt = text("SELECT * FROM t WHERE a = :p1").bindparams(p1=request.form["from"])`) },
  // SQLAlchemy: no fix.
  { name: 'py SQLAlchemy text() bare value of unknown type', path: 'a.py', severity: 'error', code: sa(`conn.execute(text(«f"SELECT * FROM t WHERE id = {request.args['id']}"»))`), fixed: null },
  { name: 'py SQLAlchemy text() with a colon in the text', path: 'a.py', severity: 'error', code: sa(`conn.execute(text(«f"SELECT * FROM t WHERE a = '{request.args['a']}' AND d > '10:00'"»))`), fixed: null },
  { name: 'py SQLAlchemy text() passed with parameters', path: 'a.py', severity: 'error', code: sa(`conn.execute(text(«f"SELECT * FROM t WHERE a = '{request.args['a']}'"»), {"b": 1})`), fixed: null },
  { name: 'py SQLAlchemy text() LIKE wildcards', path: 'a.py', severity: 'error', code: sa(`conn.execute(text(«f"SELECT * FROM t WHERE a LIKE '%{request.args['a']}%'"»))`), fixed: null },
];

describe('tainted-sql: the parameterised-query fix (issue #14)', () => {
  before(async () => loadAllGrammars());
  const ruleset = compileRuleset({ preset: 'strict' }, { astRules: [], textRules: [], treeRules: TREE_RULES.filter((r) => r.meta.id === 'tainted-sql') });
  for (const row of ROWS) {
    it(row.name, () => {
      const start = row.code.indexOf('«');
      const end = row.code.indexOf('»') - 1;
      const code = row.code.replace('«', '').replace('»', '');
      const found = analyze({ text: code, path: row.path }, ruleset).findings;
      assert.deepEqual(found.map((f) => [code.slice(f.start, f.end), f.severity]), [[code.slice(start, end), row.severity]]);
      if (row.fixed === null) assert.equal(found[0]!.fix, undefined, `no fix expected: ${applyFixes(code, found)}`);
      else assert.equal(applyFixes(code, found), row.fixed);
    });
  }
});
