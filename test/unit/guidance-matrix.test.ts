import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import type { Finding } from '../../server/src/engine/types';
import { TREE_RULES } from '../../server/src/rules';
import { loadAllGrammars } from '../../server/src/treesitter/runtime';
import { applyFixes } from '../helpers/ruleTester';

/**
 * Issue #14's guidance areas × its six languages, one cell each: the tree rule that covers the area in
 * that language, a small vulnerable snippet with the exact range it must report (between « and »), at
 * which severity, and its safe twin (a constant, a sanitised value or the protective flag set), which
 * must give nothing for that rule. Where the area is about data, the vulnerable snippet takes request
 * data (error, high confidence: `flow: true`); where a fix is mechanical, `fixed` is the text after it.
 * Every rule named here must have a lesson, a CWE and an OWASP category.
 */
type Lang = 'python' | 'php' | 'java' | 'go' | 'csharp' | 'ruby';
interface Cell {
  rule: string;
  bad: string;
  good: string;
  severity: 'error' | 'warning' | 'info';
  fixed?: string;
}
interface Row {
  area: string;
  /** The area is about data: request data must be an error with high confidence. */
  flow: boolean;
  cells: Record<Lang, Cell>;
}

const PATH: Record<Lang, string> = { python: 'app.py', php: 'app.php', java: 'App.java', go: 'app.go', csharp: 'App.cs', ruby: 'app.rb' };

const py = (body: string, head = 'from flask import request\n') => `${head}def view():\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
const php = (body: string, head = '') => `<?php\n${head}function view() {\n${body.split('\n').map((l) => `  ${l}`).join('\n')}\n}\n`;
const java = (body: string, head = '') => `${head}class App {\n  void view(HttpServletRequest request, HttpServletResponse response) throws Exception {\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n  }\n}\n`;
const go = (body: string, head = '') => `package main\n${head}func view(w http.ResponseWriter, r *http.Request) {\n${body.split('\n').map((l) => `\t${l}`).join('\n')}\n}\n`;
const cs = (body: string, head = '') => `${head}class App : Controller {\n  public IActionResult View() {\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n  }\n}\n`;
const rb = (body: string, head = '') => `${head}class UsersController < ApplicationController\n  def show\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n  end\nend\n`;

const ROWS: Row[] = [
  {
    area: 'SQL injection', flow: true, cells: {
      python: { rule: 'tainted-sql', severity: 'error', bad: py('cur.execute(«"SELECT * FROM users WHERE name = \'" + request.args["name"] + "\'"»)'), good: py('cur.execute("SELECT * FROM users WHERE name = %s", (request.args["name"],))') },
      php: { rule: 'tainted-sql', severity: 'error', bad: php('mysqli_query($db, «"SELECT * FROM users WHERE name = \'" . $_GET["name"] . "\'"»);'), good: php('$st = $db->prepare("SELECT * FROM users WHERE name = ?");\n$st->execute([$_GET["name"]]);') },
      java: { rule: 'tainted-sql', severity: 'error', bad: java('stmt.executeQuery(«"SELECT * FROM users WHERE name = \'" + request.getParameter("name") + "\'"»);'), good: java('PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");\nps.setString(1, request.getParameter("name"));') },
      go: { rule: 'tainted-sql', severity: 'error', bad: go('db.Query(«"SELECT * FROM users WHERE name = \'" + r.FormValue("name") + "\'"»)'), good: go('db.Query("SELECT * FROM users WHERE name = $1", r.FormValue("name"))') },
      csharp: { rule: 'tainted-sql', severity: 'error', bad: cs('var cmd = new SqlCommand(«"SELECT * FROM users WHERE name = \'" + Request.Query["name"] + "\'"», conn);'), good: cs('var cmd = new SqlCommand("SELECT * FROM users WHERE name = @name", conn);\ncmd.Parameters.AddWithValue("@name", Request.Query["name"]);') },
      ruby: { rule: 'tainted-sql', severity: 'error', bad: rb('User.where(«"name = \'#{params[:name]}\'"»)'), good: rb('User.where(name: params[:name])') },
    },
  },
  {
    area: 'NoSQL injection (MongoDB)', flow: true, cells: {
      python: { rule: 'tainted-nosql', severity: 'error', bad: py('return db.users.find_one(«{"name": request.json["name"], "password": request.json["password"]}»)', 'from flask import request\nfrom pymongo import MongoClient\n'), good: py('return db.users.find_one({"name": str(request.json["name"]), "password": str(request.json["password"])})', 'from flask import request\nfrom pymongo import MongoClient\n') },
      php: { rule: 'tainted-nosql', severity: 'error', bad: php('return $users->findOne(«[\'name\' => $_GET[\'name\'], \'password\' => $_GET[\'password\']]»);', '$users = (new MongoDB\\Client)->app->users;\n'), good: php('return $users->findOne([\'name\' => strval($_GET[\'name\']), \'password\' => strval($_GET[\'password\'])]);', '$users = (new MongoDB\\Client)->app->users;\n') },
      java: { rule: 'tainted-nosql', severity: 'error', bad: java('users.find(Document.parse(«request.getParameter("filter")»));', 'import com.mongodb.client.MongoCollection;\n'), good: java('users.find(Filters.eq("name", request.getParameter("name")));', 'import com.mongodb.client.MongoCollection;\n') },
      go: { rule: 'tainted-nosql', severity: 'error', bad: go('users.FindOne(ctx, «bson.M{"$where": "this.name == \'" + r.FormValue("name") + "\'"}»)', 'import "go.mongodb.org/mongo-driver/bson"\n'), good: go('users.FindOne(ctx, bson.M{"name": r.FormValue("name")})', 'import "go.mongodb.org/mongo-driver/bson"\n') },
      csharp: { rule: 'tainted-nosql', severity: 'error', bad: cs('var filter = BsonDocument.Parse(«Request.Query["filter"]»);\nreturn Ok(users.Find(filter).ToList());', 'using MongoDB.Driver;\n'), good: cs('var filter = Builders<User>.Filter.Eq(u => u.Name, (string)Request.Query["name"]);\nreturn Ok(users.Find(filter).ToList());', 'using MongoDB.Driver;\n') },
      ruby: { rule: 'tainted-nosql', severity: 'error', bad: rb('@user = users.find(name: «params[:name]»).first', 'require "mongo"\nusers = Mongo::Client.new(["db:27017"])[:users]\n'), good: rb('@user = users.find(name: params[:name].to_s).first', 'require "mongo"\nusers = Mongo::Client.new(["db:27017"])[:users]\n') },
    },
  },
];

describe('guidance matrix (issue #14): area × language', () => {
  before(async () => loadAllGrammars());
  const ruleset = compileRuleset({ preset: 'strict' }, { astRules: [], textRules: [], treeRules: TREE_RULES });
  const run = (code: string, path: string, rule: string): Finding[] => analyze({ text: code, path }, ruleset).findings.filter((f) => f.ruleId === rule);
  const show = (code: string, fs: Finding[]) => JSON.stringify(fs.map((f) => `${code.slice(f.start, f.end)} [${f.severity}/${f.confidence}]`));

  for (const row of ROWS) {
    describe(row.area, () => {
      for (const [lang, cell] of Object.entries(row.cells) as [Lang, Cell][]) {
        it(`${lang}: ${cell.rule} reports the vulnerable snippet at its exact range`, () => {
          const start = cell.bad.indexOf('«');
          const end = cell.bad.indexOf('»') - 1;
          assert.ok(start >= 0 && end >= start, 'the snippet marks its range');
          const code = cell.bad.replace('«', '').replace('»', '');
          const found = run(code, PATH[lang], cell.rule);
          assert.equal(found.length, 1, `one finding expected, got ${show(code, found)}`);
          const f = found[0]!;
          assert.equal(code.slice(f.start, f.end), code.slice(start, end), `range: got ${show(code, found)}`);
          assert.equal(f.severity, cell.severity, 'severity');
          if (row.flow) assert.equal(f.confidence, 'high', 'request data is high confidence');
          if (cell.fixed !== undefined) assert.equal(applyFixes(code, found), cell.fixed);
        });
        it(`${lang}: ${cell.rule} is silent on the safe twin`, () => {
          const found = run(cell.good, PATH[lang], cell.rule);
          assert.deepEqual(found.map((f) => cell.good.slice(f.start, f.end)), []);
        });
      }
    });
  }

  it('every rule in the matrix has a lesson, a CWE and an OWASP category', () => {
    const ids = new Set(ROWS.flatMap((r) => Object.values(r.cells).map((c) => c.rule)));
    for (const id of ids) {
      const rule = TREE_RULES.find((r) => r.meta.id === id);
      assert.ok(rule, `tree rule ${id}`);
      assert.ok(rule.meta.cwe.length > 0 && rule.meta.cwe.every((c) => /^CWE-\d+$/.test(c)), `${id}: CWE`);
      assert.ok(rule.meta.owasp.length > 0, `${id}: OWASP`);
      assert.ok(existsSync(join(__dirname, '..', '..', '..', 'lessons', `${id}.md`)), `${id}: lessons/${id}.md`);
    }
  });
});
