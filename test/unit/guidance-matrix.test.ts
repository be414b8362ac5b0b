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
  /** The text after the finding's fix, when the fix is mechanical. */
  fixed?: string;
  /** A word the message must hold (the upload message names the client's file name). */
  message?: string;
  /** This language's rule for a data area is a setting, not data flow (Json.NET `TypeNameHandling`). */
  flow?: false;
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

/** The SQL cells name their driver: the parameterised-query fix picks the placeholder from it (`%s`, `$1`, Dapper's `@name`). */
const PY_SQL = 'import psycopg2\nfrom flask import request\n';
const GO_SQL = 'import _ "github.com/lib/pq"\n';
const CS_SQL = 'using Dapper;\n';

const ROWS: Row[] = [
  {
    area: 'SQL injection', flow: true, cells: {
      python: { rule: 'tainted-sql', severity: 'error', bad: py('cur.execute(«"SELECT * FROM users WHERE name = \'" + request.args["name"] + "\'"»)', PY_SQL), good: py('cur.execute("SELECT * FROM users WHERE name = %s", (request.args["name"],))', PY_SQL), fixed: py('cur.execute("SELECT * FROM users WHERE name = %s", (request.args["name"],))', PY_SQL) },
      php: { rule: 'tainted-sql', severity: 'error', bad: php('mysqli_query($db, «"SELECT * FROM users WHERE name = \'" . $_GET["name"] . "\'"»);'), good: php('$st = $db->prepare("SELECT * FROM users WHERE name = ?");\n$st->execute([$_GET["name"]]);') },
      java: { rule: 'tainted-sql', severity: 'error', bad: java('stmt.executeQuery(«"SELECT * FROM users WHERE name = \'" + request.getParameter("name") + "\'"»);'), good: java('PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");\nps.setString(1, request.getParameter("name"));') },
      go: { rule: 'tainted-sql', severity: 'error', bad: go('db.Query(«"SELECT * FROM users WHERE name = \'" + r.FormValue("name") + "\'"»)', GO_SQL), good: go('db.Query("SELECT * FROM users WHERE name = $1", r.FormValue("name"))', GO_SQL), fixed: go('db.Query("SELECT * FROM users WHERE name = $1", r.FormValue("name"))', GO_SQL) },
      csharp: { rule: 'tainted-sql', severity: 'error', bad: cs('var users = connection.Query<User>(«"SELECT * FROM users WHERE name = \'" + Request.Query["name"] + "\'"»);', CS_SQL), good: cs('var users = connection.Query<User>("SELECT * FROM users WHERE name = @name", new { name = Request.Query["name"].ToString() });', CS_SQL), fixed: cs('var users = connection.Query<User>("SELECT * FROM users WHERE name = @name", new { name = Request.Query["name"].ToString() });', CS_SQL) },
      ruby: { rule: 'tainted-sql', severity: 'error', bad: rb('User.where(«"name = \'#{params[:name]}\'"»)'), good: rb('User.where(name: params[:name])'), fixed: rb('User.where("name = ?", params[:name])') },
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
  {
    area: 'LDAP injection', flow: true, cells: {
      python: { rule: 'tainted-ldap-xpath', severity: 'error', bad: py('conn.search_s(BASE, ldap.SCOPE_SUBTREE, «"(uid=%s)" % request.args["user"]»)'), good: py('conn.search_s(BASE, ldap.SCOPE_SUBTREE, "(uid=%s)" % escape_filter_chars(request.args["user"]))') },
      php: { rule: 'tainted-ldap-xpath', severity: 'error', bad: php('ldap_search($ds, $base, «"(uid=" . $_GET[\'user\'] . ")"»);'), good: php('ldap_search($ds, $base, "(uid=" . ldap_escape($_GET[\'user\'], "", LDAP_ESCAPE_FILTER) . ")");') },
      java: { rule: 'tainted-ldap-xpath', severity: 'error', bad: java('ctx.search("ou=people,dc=example,dc=com", «"(uid=" + request.getParameter("user") + ")"», controls);'), good: java('ctx.search("ou=people,dc=example,dc=com", "(uid={0})", new Object[] { request.getParameter("user") }, controls);') },
      go: { rule: 'tainted-ldap-xpath', severity: 'error', bad: go('ldap.NewSearchRequest("dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, «"(uid=" + r.FormValue("user") + ")"», []string{"dn"}, nil)'), good: go('ldap.NewSearchRequest("dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid=" + ldap.EscapeFilter(r.FormValue("user")) + ")", []string{"dn"}, nil)') },
      csharp: { rule: 'tainted-ldap-xpath', severity: 'error', bad: cs('var searcher = new DirectorySearcher(«"(uid=" + Request.Query["user"] + ")"»);'), good: cs('var searcher = new DirectorySearcher("(objectClass=user)");') },
      ruby: { rule: 'tainted-ldap-xpath', severity: 'error', bad: rb('filter = Net::LDAP::Filter.construct(«"(uid=#{params[:user]})"»)'), good: rb('filter = Net::LDAP::Filter.eq("uid", params[:user])') },
    },
  },
  {
    area: 'XPath injection', flow: true, cells: {
      python: { rule: 'tainted-ldap-xpath', severity: 'error', bad: py('return doc.xpath(«"//user[name=\'" + request.args["name"] + "\']"»)'), good: py('return doc.xpath("//user[name=$name]", name=request.args["name"])') },
      php: { rule: 'tainted-ldap-xpath', severity: 'error', bad: php('return $xpath->evaluate(«"//user[name=\'" . $_GET[\'name\'] . "\']"»);'), good: php('return $xpath->evaluate("//user[name=\'guest\']");') },
      java: { rule: 'tainted-ldap-xpath', severity: 'error', bad: java('xpath.evaluate(«"//user[name=\'" + request.getParameter("name") + "\']"», doc);'), good: java('xpath.setXPathVariableResolver(resolver);\nxpath.evaluate("//user[name=$name]", doc);') },
      go: { rule: 'tainted-ldap-xpath', severity: 'error', bad: go('nodes := xmlquery.Find(doc, «"//user[name=\'" + r.FormValue("name") + "\']"»)', 'import "github.com/antchfx/xmlquery"\n'), good: go('nodes := xmlquery.Find(doc, "//user[name=\'guest\']")', 'import "github.com/antchfx/xmlquery"\n') },
      csharp: { rule: 'tainted-ldap-xpath', severity: 'error', bad: cs('var nodes = doc.SelectNodes(«"//user[name=\'" + Request.Query["name"] + "\']"»);'), good: cs('var nodes = doc.SelectNodes("//user[name=\'guest\']");') },
      ruby: { rule: 'tainted-ldap-xpath', severity: 'error', bad: rb('@user = doc.at_xpath(«"//user[name=\'#{params[:name]}\']"»)'), good: rb('@user = doc.at_xpath("//user[name=$name]", nil, name: params[:name])') },
    },
  },
  {
    area: 'Command injection (shell string)', flow: true, cells: {
      python: { rule: 'tainted-command', severity: 'error', bad: py('os.system(«"ping -c 1 " + request.args["host"]»)'), good: py('os.system("ping -c 1 " + shlex.quote(request.args["host"]))') },
      php: { rule: 'tainted-command', severity: 'error', bad: php('system(«"ping -c 1 " . $_GET[\'host\']»);'), good: php('system("ping -c 1 " . escapeshellarg($_GET[\'host\']));') },
      java: { rule: 'tainted-command', severity: 'error', bad: java('Runtime.getRuntime().exec(«"ping -c 1 " + request.getParameter("host")»);'), good: java('Runtime.getRuntime().exec("ping -c 1 localhost");') },
      go: { rule: 'tainted-command', severity: 'error', bad: go('exec.Command("sh", "-c", «"ping -c 1 " + r.FormValue("host")»).Run()'), good: go('exec.Command("sh", "-c", "ping -c 1 localhost").Run()') },
      csharp: { rule: 'tainted-command', severity: 'error', bad: cs('Process.Start("cmd.exe", «"/c ping " + Request.Query["host"]»);'), good: cs('Process.Start("cmd.exe", "/c ping localhost");') },
      ruby: { rule: 'tainted-command', severity: 'error', bad: rb('system(«"ping -c 1 #{params[:host]}"»)'), good: rb('system("ping -c 1 #{Shellwords.escape(params[:host])}")') },
    },
  },
  {
    area: 'Command injection (argument list: the program)', flow: true, cells: {
      python: { rule: 'tainted-command', severity: 'error', bad: py('subprocess.run(«[request.args["tool"], "--version"]»)'), good: py('subprocess.run(["git", "--version"])') },
      php: { rule: 'tainted-command', severity: 'error', bad: php('proc_open(«[$_GET[\'tool\'], \'--version\']», $spec, $pipes);'), good: php('proc_open([\'git\', \'--version\'], $spec, $pipes);') },
      java: { rule: 'tainted-command', severity: 'error', bad: java('new ProcessBuilder(«request.getParameter("tool")», "--version").start();'), good: java('new ProcessBuilder("git", "--version").start();') },
      go: { rule: 'tainted-command', severity: 'error', bad: go('exec.Command(«r.FormValue("tool")», "--version").Run()'), good: go('exec.Command("git", "--version").Run()') },
      csharp: { rule: 'tainted-command', severity: 'error', bad: cs('Process.Start(«Request.Query["tool"]», "--version");'), good: cs('Process.Start("git", "--version");') },
      ruby: { rule: 'tainted-command', severity: 'error', bad: rb('system(«params[:tool]», "--version")'), good: rb('system("git", "--version")') },
    },
  },
  {
    area: 'Code injection', flow: true, cells: {
      python: { rule: 'tainted-code', severity: 'error', bad: py('return eval(«request.args["expr"]»)'), good: py('return ast.literal_eval(request.args["expr"])') },
      php: { rule: 'tainted-code', severity: 'error', bad: php('eval(«$_POST[\'code\']»);'), good: php('eval(\'return 1;\');') },
      java: { rule: 'tainted-code', severity: 'error', bad: java('ScriptEngine engine = new ScriptEngineManager().getEngineByName("js");\nengine.eval(«request.getParameter("script")»);'), good: java('ScriptEngine engine = new ScriptEngineManager().getEngineByName("js");\nengine.eval("1 + 1");') },
      go: { rule: 'tainted-code', severity: 'error', bad: go('goja.New().RunString(«r.FormValue("script")»)'), good: go('goja.New().RunString("1 + 1")') },
      csharp: { rule: 'tainted-code', severity: 'error', bad: cs('var result = CSharpScript.EvaluateAsync(«Request.Form["code"]»);'), good: cs('var result = CSharpScript.EvaluateAsync("1 + 1");') },
      ruby: { rule: 'tainted-code', severity: 'error', bad: rb('@result = eval(«params[:code]»)'), good: rb('@result = eval("1 + 1")') },
    },
  },
  {
    area: 'Template injection', flow: true, cells: {
      python: { rule: 'tainted-code', severity: 'error', bad: py('return render_template_string(«"<h1>Hello " + request.args["name"] + "</h1>"»)'), good: py('return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])') },
      php: { rule: 'tainted-code', severity: 'error', bad: php('return $twig->createTemplate(«"Hello " . $_GET[\'name\']»)->render([]);'), good: php('return $twig->createTemplate("Hello {{ name }}")->render([\'name\' => $_GET[\'name\']]);') },
      java: { rule: 'tainted-code', severity: 'error', bad: java('ExpressionParser parser = new SpelExpressionParser();\nparser.parseExpression(«request.getParameter("expr")»).getValue();'), good: java('ExpressionParser parser = new SpelExpressionParser();\nparser.parseExpression("#name").getValue(context);') },
      go: { rule: 'tainted-code', severity: 'error', bad: go('t, _ := template.New("page").Parse(«"<p>Hello " + r.FormValue("name") + "</p>"»)\nt.Execute(w, nil)'), good: go('t, _ := template.New("page").Parse("<p>Hello {{.}}</p>")\nt.Execute(w, r.FormValue("name"))') },
      csharp: { rule: 'tainted-code', severity: 'error', bad: cs('var html = Engine.Razor.RunCompile(«Request.Form["template"]», "page");'), good: cs('var html = Engine.Razor.RunCompile("<p>@Model.Name</p>", "page", null, new { Name = Request.Form["name"] });') },
      ruby: { rule: 'tainted-code', severity: 'error', bad: rb('@page = ERB.new(«params[:template]»).result(binding)'), good: rb('@page = ERB.new("<p><%= h @name %></p>").result(binding)') },
    },
  },
  {
    area: 'Path traversal and file inclusion', flow: true, cells: {
      python: { rule: 'tainted-path', severity: 'error', bad: py('return open(«os.path.join("/srv/files", request.args["name"])»).read()'), good: py('return open(os.path.join("/srv/files", secure_filename(request.args["name"]))).read()') },
      php: { rule: 'tainted-path', severity: 'error', bad: php('include «"pages/" . $_GET[\'page\']»;'), good: php('include "pages/" . basename($_GET[\'page\']);') },
      java: { rule: 'tainted-path', severity: 'error', bad: java('InputStream in = new FileInputStream(«"/srv/files/" + request.getParameter("name")»);'), good: java('InputStream in = new FileInputStream("/srv/files/" + FilenameUtils.getName(request.getParameter("name")));') },
      go: { rule: 'tainted-path', severity: 'error', bad: go('http.ServeFile(w, r, «"/srv/files/" + r.FormValue("name")»)'), good: go('http.ServeFile(w, r, "/srv/files/" + filepath.Base(r.FormValue("name")))') },
      csharp: { rule: 'tainted-path', severity: 'error', bad: cs('var text = System.IO.File.ReadAllText(«"/srv/files/" + Request.Query["name"]»);'), good: cs('var text = System.IO.File.ReadAllText("/srv/files/" + Path.GetFileName(Request.Query["name"]));') },
      ruby: { rule: 'tainted-path', severity: 'error', bad: rb('@text = File.read(«"/srv/files/#{params[:name]}"»)'), good: rb('@text = File.read("/srv/files/#{File.basename(params[:name])}")') },
    },
  },
  {
    area: 'Unrestricted upload (client file name kept)', flow: true, cells: {
      python: { rule: 'tainted-path', severity: 'error', message: 'upload', bad: py('f = request.files["doc"]\nf.save(«os.path.join("/srv/uploads", f.filename)»)'), good: py('f = request.files["doc"]\nf.save(os.path.join("/srv/uploads", uuid.uuid4().hex + ".pdf"))') },
      php: { rule: 'tainted-path', severity: 'error', message: 'upload', bad: php('$dest = "/srv/uploads/" . $_FILES[\'doc\'][\'name\'];\nmove_uploaded_file($tmp, «$dest»);'), good: php('$dest = "/srv/uploads/" . bin2hex(random_bytes(16)) . ".pdf";\nmove_uploaded_file($tmp, $dest);') },
      java: { rule: 'tainted-path', severity: 'error', message: 'upload', bad: java('Part part = request.getPart("doc");\nFile dest = new File(«"/srv/uploads/" + part.getSubmittedFileName()»);'), good: java('Part part = request.getPart("doc");\nFile dest = new File("/srv/uploads/" + UUID.randomUUID() + ".pdf");') },
      go: { rule: 'tainted-path', severity: 'error', message: 'upload', bad: go('_, header, _ := r.FormFile("doc")\ndst, _ := os.Create(«"/srv/uploads/" + header.Filename»)\ndefer dst.Close()'), good: go('_, header, _ := r.FormFile("doc")\ndst, _ := os.Create("/srv/uploads/" + filepath.Base(uuid.NewString()))\ndefer dst.Close()') },
      csharp: { rule: 'tainted-path', severity: 'error', message: 'upload', bad: cs('var file = Request.Form.Files[0];\nusing var stream = System.IO.File.Create(«"/srv/uploads/" + file.FileName»);'), good: cs('var file = Request.Form.Files[0];\nusing var stream = System.IO.File.Create("/srv/uploads/" + Path.GetRandomFileName());') },
      ruby: { rule: 'tainted-path', severity: 'error', message: 'upload', bad: rb('upload = params[:doc]\nFile.write(«"public/uploads/#{upload.original_filename}"», upload.read)'), good: rb('upload = params[:doc]\nFile.write("public/uploads/#{SecureRandom.uuid}.pdf", upload.read)') },
    },
  },
  {
    area: 'Open redirect', flow: true, cells: {
      python: { rule: 'tainted-redirect', severity: 'error', bad: py('return redirect(«request.args["next"]»)'), good: py('return redirect(url_for("home"))') },
      php: { rule: 'tainted-redirect', severity: 'error', bad: php('header(«"Location: " . $_GET[\'next\']»);'), good: php('header("Location: /home");') },
      java: { rule: 'tainted-redirect', severity: 'error', bad: java('response.sendRedirect(«request.getParameter("next")»);'), good: java('response.sendRedirect("/home");') },
      go: { rule: 'tainted-redirect', severity: 'error', bad: go('http.Redirect(w, r, «r.FormValue("next")», http.StatusFound)'), good: go('http.Redirect(w, r, "/home", http.StatusFound)') },
      csharp: { rule: 'tainted-redirect', severity: 'error', bad: cs('return Redirect(«Request.Query["next"]»);'), good: cs('return LocalRedirect(Request.Query["next"]);') },
      ruby: { rule: 'tainted-redirect', severity: 'error', bad: rb('redirect_to «params[:next]»'), good: rb('redirect_to root_path') },
    },
  },
  {
    area: 'SSRF', flow: true, cells: {
      python: { rule: 'tainted-ssrf', severity: 'error', bad: py('return requests.get(«request.args["url"]»).text'), good: py('return requests.get("https://api.example.com/status").text') },
      php: { rule: 'tainted-ssrf', severity: 'error', bad: php('$ch = curl_init(«$_GET[\'url\']»);'), good: php('$ch = curl_init("https://api.example.com/status");') },
      java: { rule: 'tainted-ssrf', severity: 'error', bad: java('InputStream in = new URL(«request.getParameter("url")»).openStream();'), good: java('InputStream in = new URL("https://api.example.com/status").openStream();') },
      go: { rule: 'tainted-ssrf', severity: 'error', bad: go('resp, _ := http.Get(«r.FormValue("url")»)\ndefer resp.Body.Close()'), good: go('resp, _ := http.Get("https://api.example.com/status")\ndefer resp.Body.Close()') },
      csharp: { rule: 'tainted-ssrf', severity: 'error', bad: cs('var body = client.GetStringAsync(«Request.Query["url"]»);'), good: cs('var body = client.GetStringAsync("https://api.example.com/status");') },
      ruby: { rule: 'tainted-ssrf', severity: 'error', bad: rb('@body = HTTParty.get(«params[:url]»).body'), good: rb('@body = HTTParty.get("https://api.example.com/status").body') },
    },
  },
  {
    area: 'XXE', flow: false, cells: {
      python: { rule: 'xxe-enabled', severity: 'warning', bad: py('parser = etree.XMLParser(resolve_entities=«True»)'), good: py('parser = etree.XMLParser(resolve_entities=False)'), fixed: py('parser = etree.XMLParser(resolve_entities=False)') },
      php: { rule: 'xxe-enabled', severity: 'warning', bad: php('$doc->loadXML($xml, «LIBXML_NOENT»);'), good: php('$doc->loadXML($xml);') },
      java: { rule: 'xxe-enabled', severity: 'warning', bad: java('dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", «false»);'), good: java('dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);'), fixed: java('dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);') },
      go: { rule: 'xxe-enabled', severity: 'warning', bad: go('p := parser.New(«parser.XMLParseNoEnt»)', 'import "github.com/lestrrat-go/libxml2/parser"\n'), good: go('p := parser.New()', 'import "github.com/lestrrat-go/libxml2/parser"\n') },
      csharp: { rule: 'xxe-enabled', severity: 'warning', bad: cs('var settings = new XmlReaderSettings();\nsettings.DtdProcessing = «DtdProcessing.Parse»;'), good: cs('var settings = new XmlReaderSettings();\nsettings.DtdProcessing = DtdProcessing.Prohibit;'), fixed: cs('var settings = new XmlReaderSettings();\nsettings.DtdProcessing = DtdProcessing.Prohibit;') },
      ruby: { rule: 'xxe-enabled', severity: 'warning', bad: rb('@doc = Nokogiri::XML(request.body.read) { |config| «config.noent» }'), good: rb('@doc = Nokogiri::XML(request.body.read) { |config| config.nonet }') },
    },
  },
  {
    area: 'Unsafe deserialisation', flow: true, cells: {
      python: { rule: 'tainted-deserialization', severity: 'error', bad: py('return pickle.loads(«request.data»)'), good: py('return json.loads(request.data)') },
      php: { rule: 'tainted-deserialization', severity: 'error', bad: php('$prefs = unserialize(«$_COOKIE[\'prefs\']»);'), good: php('$prefs = json_decode($_COOKIE[\'prefs\'], true);') },
      java: { rule: 'tainted-deserialization', severity: 'error', bad: java('Object prefs = new ObjectInputStream(«request.getInputStream()»).readObject();'), good: java('Prefs prefs = new ObjectMapper().readValue(request.getInputStream(), Prefs.class);') },
      go: { rule: 'tainted-deserialization', severity: 'error', bad: go('gob.NewDecoder(«r.Body»).Decode(&prefs)'), good: go('json.NewDecoder(r.Body).Decode(&prefs)') },
      csharp: { rule: 'tainted-deserialization', severity: 'warning', flow: false, bad: cs('var prefs = JsonConvert.DeserializeObject<Prefs>(body, new JsonSerializerSettings { TypeNameHandling = «TypeNameHandling.All» });'), good: cs('var prefs = JsonConvert.DeserializeObject<Prefs>(body, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None });'), fixed: cs('var prefs = JsonConvert.DeserializeObject<Prefs>(body, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None });') },
      ruby: { rule: 'tainted-deserialization', severity: 'error', bad: rb('@state = Marshal.load(«Base64.decode64(params[:state])»)'), good: rb('@state = JSON.parse(Base64.decode64(params[:state]))') },
    },
  },
  {
    area: 'XSS in server responses', flow: true, cells: {
      python: { rule: 'tainted-html', severity: 'error', bad: py('return make_response(«"<p>Hello " + request.args["name"] + "</p>"»)'), good: py('return make_response("<p>Hello " + escape(request.args["name"]) + "</p>")') },
      php: { rule: 'tainted-html', severity: 'error', bad: php('echo «"<p>Hello " . $_GET[\'name\'] . "</p>"»;'), good: php('echo "<p>Hello " . htmlspecialchars($_GET[\'name\'], ENT_QUOTES) . "</p>";') },
      java: { rule: 'tainted-html', severity: 'error', bad: java('response.getWriter().println(«"<p>Hello " + request.getParameter("name") + "</p>"»);'), good: java('response.getWriter().println("<p>Hello " + Encode.forHtml(request.getParameter("name")) + "</p>");') },
      go: { rule: 'tainted-html', severity: 'error', bad: go('io.WriteString(w, «"<p>Hello " + r.FormValue("name") + "</p>"»)'), good: go('io.WriteString(w, "<p>Hello " + html.EscapeString(r.FormValue("name")) + "</p>")') },
      csharp: { rule: 'tainted-html', severity: 'error', bad: cs('return Content(«"<p>Hello " + Request.Query["name"] + "</p>"», "text/html");'), good: cs('return Content("<p>Hello " + HtmlEncoder.Default.Encode(Request.Query["name"]) + "</p>", "text/html");') },
      ruby: { rule: 'tainted-html', severity: 'error', bad: rb('@greeting = «"<p>Hello #{params[:name]}</p>"».html_safe'), good: rb('@greeting = "<p>Hello #{h(params[:name])}</p>".html_safe') },
    },
  },
  {
    area: 'Weak hashing of passwords', flow: false, cells: {
      python: { rule: 'password-weak-hash', severity: 'warning', bad: py('digest = «hashlib.md5(password.encode())».hexdigest()'), good: py('digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)') },
      php: { rule: 'password-weak-hash', severity: 'warning', bad: php('$hash = «md5($password)»;'), good: php('$hash = password_hash($password, PASSWORD_DEFAULT);') },
      java: { rule: 'password-weak-hash', severity: 'warning', bad: java('byte[] hash = «MessageDigest.getInstance("SHA-256")».digest(password.getBytes());'), good: java('String hash = BCrypt.hashpw(password, BCrypt.gensalt());') },
      go: { rule: 'password-weak-hash', severity: 'warning', bad: go('sum := «md5.Sum([]byte(password))»'), good: go('sum, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)') },
      csharp: { rule: 'password-weak-hash', severity: 'warning', bad: cs('var hash = «SHA256.HashData(Encoding.UTF8.GetBytes(password))»;'), good: cs('var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600000, HashAlgorithmName.SHA256, 32);') },
      ruby: { rule: 'password-weak-hash', severity: 'warning', bad: rb('@digest = «Digest::MD5.hexdigest(password)»'), good: rb('@digest = BCrypt::Password.create(password)') },
    },
  },
  {
    area: 'Weak randomness for secrets', flow: false, cells: {
      python: { rule: 'weak-random-secret', severity: 'warning', bad: py('token = «random.getrandbits(128)»'), good: py('token = secrets.token_hex(16)') },
      php: { rule: 'weak-random-secret', severity: 'warning', bad: php('$token = «mt_rand()»;'), good: php('$token = bin2hex(random_bytes(16));') },
      java: { rule: 'weak-random-secret', severity: 'warning', bad: java('String token = Long.toHexString(«new Random().nextLong()»);'), good: java('String token = Long.toHexString(new SecureRandom().nextLong());') },
      go: { rule: 'weak-random-secret', severity: 'warning', bad: go('token := «rand.Int63()»', 'import "math/rand"\n'), good: go('token := make([]byte, 16)\nrand.Read(token)', 'import "crypto/rand"\n') },
      csharp: { rule: 'weak-random-secret', severity: 'warning', bad: cs('var token = «new Random().Next()»;'), good: cs('var token = RandomNumberGenerator.GetInt32(int.MaxValue);') },
      ruby: { rule: 'weak-random-secret', severity: 'warning', bad: rb('token = «rand(10**20)»'), good: rb('token = SecureRandom.hex(16)') },
    },
  },
  {
    area: 'Disabled TLS verification', flow: false, cells: {
      python: { rule: 'tls-verify-off', severity: 'warning', bad: py('return requests.get(url, verify=«False»)'), good: py('return requests.get(url, verify=True)'), fixed: py('return requests.get(url, verify=True)') },
      php: { rule: 'tls-verify-off', severity: 'warning', bad: php('curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, «false»);'), good: php('curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);'), fixed: php('curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);') },
      java: { rule: 'tls-verify-off', severity: 'warning', bad: java('HostnameVerifier verifier = «new NoopHostnameVerifier()»;'), good: java('HostnameVerifier verifier = new DefaultHostnameVerifier();') },
      go: { rule: 'tls-verify-off', severity: 'warning', bad: go('tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: «true»}}'), good: go('tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: false}}'), fixed: go('tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: false}}') },
      csharp: { rule: 'tls-verify-off', severity: 'warning', bad: cs('handler.ServerCertificateCustomValidationCallback = «(message, cert, chain, errors) => true»;'), good: cs('handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => errors == SslPolicyErrors.None;') },
      ruby: { rule: 'tls-verify-off', severity: 'warning', bad: rb('http = Net::HTTP.new(host, 443)\nhttp.verify_mode = «OpenSSL::SSL::VERIFY_NONE»'), good: rb('http = Net::HTTP.new(host, 443)\nhttp.verify_mode = OpenSSL::SSL::VERIFY_PEER'), fixed: rb('http = Net::HTTP.new(host, 443)\nhttp.verify_mode = OpenSSL::SSL::VERIFY_PEER') },
    },
  },
  {
    area: 'Insecure cookies and sessions', flow: false, cells: {
      python: { rule: 'cookie-flags-off', severity: 'warning', bad: py('«resp.set_cookie("session", sid)»'), fixed: py('resp.set_cookie("session", sid, secure=True, httponly=True)'), good: py('resp.set_cookie("session", sid, secure=True, httponly=True)') },
      php: { rule: 'cookie-flags-off', severity: 'warning', bad: php('setcookie("session", $sid, 0, "/", "", «false», true);'), good: php('setcookie("session", $sid, 0, "/", "", true, true);'), fixed: php('setcookie("session", $sid, 0, "/", "", true, true);') },
      java: { rule: 'cookie-flags-off', severity: 'warning', bad: java('cookie.setSecure(«false»);'), good: java('cookie.setSecure(true);'), fixed: java('cookie.setSecure(true);') },
      go: { rule: 'cookie-flags-off', severity: 'warning', bad: go('http.SetCookie(w, &«http.Cookie{Name: "session", Value: sid}»)'), good: go('http.SetCookie(w, &http.Cookie{Name: "session", Value: sid, Secure: true, HttpOnly: true})'), fixed: go('http.SetCookie(w, &http.Cookie{Secure: true, HttpOnly: true, Name: "session", Value: sid})') },
      csharp: { rule: 'cookie-flags-off', severity: 'warning', bad: cs('Response.Cookies.Append("session", sid, new CookieOptions { Secure = «false», HttpOnly = true });'), good: cs('Response.Cookies.Append("session", sid, new CookieOptions { Secure = true, HttpOnly = true });'), fixed: cs('Response.Cookies.Append("session", sid, new CookieOptions { Secure = true, HttpOnly = true });') },
      ruby: { rule: 'cookie-flags-off', severity: 'warning', bad: rb('cookies[:session] = { value: sid, secure: «false», httponly: true }'), good: rb('cookies[:session] = { value: sid, secure: true, httponly: true }'), fixed: rb('cookies[:session] = { value: sid, secure: true, httponly: true }') },
    },
  },
  {
    area: 'Debug mode', flow: false, cells: {
      python: { rule: 'debug-mode-on', severity: 'warning', bad: py('app.run(debug=«True»)'), good: py('app.run(debug=False)'), fixed: py('app.run(debug=False)') },
      php: { rule: 'debug-mode-on', severity: 'warning', bad: php('ini_set(\'display_errors\', «\'1\'»);'), good: php('ini_set(\'display_errors\', \'0\');'), fixed: php('ini_set(\'display_errors\', \'0\');') },
      java: { rule: 'debug-mode-on', severity: 'warning', bad: '@EnableWebSecurity(debug = «true»)\nclass SecurityConfig {}\n', good: '@EnableWebSecurity\nclass SecurityConfig {}\n', fixed: '@EnableWebSecurity(debug = false)\nclass SecurityConfig {}\n' },
      go: { rule: 'debug-mode-on', severity: 'warning', bad: go('gin.SetMode(«gin.DebugMode»)'), good: go('gin.SetMode(gin.ReleaseMode)'), fixed: go('gin.SetMode(gin.ReleaseMode)') },
      csharp: { rule: 'debug-mode-on', severity: 'warning', bad: cs('«app.UseDeveloperExceptionPage()»;'), good: cs('if (env.IsDevelopment()) app.UseDeveloperExceptionPage();') },
      ruby: { rule: 'debug-mode-on', severity: 'warning', bad: 'class App < Sinatra::Base\n  set :show_exceptions, «true»\nend\n', good: 'class App < Sinatra::Base\n  set :show_exceptions, false\nend\n', fixed: 'class App < Sinatra::Base\n  set :show_exceptions, false\nend\n' },
    },
  },
  {
    area: 'CORS wildcard with credentials', flow: false, cells: {
      python: { rule: 'cors-credentials-any-origin', severity: 'warning', bad: py('CORS(app, origins=«"*"», supports_credentials=True)'), good: py('CORS(app, origins=["https://app.example.com"], supports_credentials=True)') },
      php: { rule: 'cors-credentials-any-origin', severity: 'warning', bad: php('header(«"Access-Control-Allow-Origin: *"»);\nheader("Access-Control-Allow-Credentials: true");'), good: php('header("Access-Control-Allow-Origin: https://app.example.com");\nheader("Access-Control-Allow-Credentials: true");') },
      java: { rule: 'cors-credentials-any-origin', severity: 'warning', bad: '@RestController\n@CrossOrigin(origins = «"*"», allowCredentials = "true")\nclass Api {}\n', good: '@RestController\n@CrossOrigin(origins = "https://app.example.com", allowCredentials = "true")\nclass Api {}\n' },
      go: { rule: 'cors-credentials-any-origin', severity: 'warning', bad: go('router.Use(cors.New(cors.Config{AllowOrigins: «[]string{"*"}», AllowCredentials: true}))'), good: go('router.Use(cors.New(cors.Config{AllowOrigins: []string{"https://app.example.com"}, AllowCredentials: true}))') },
      csharp: { rule: 'cors-credentials-any-origin', severity: 'warning', bad: cs('services.AddCors(o => o.AddPolicy("api", p => «p.AllowAnyOrigin()».AllowCredentials()));'), good: cs('services.AddCors(o => o.AddPolicy("api", p => p.WithOrigins("https://app.example.com").AllowCredentials()));') },
      ruby: { rule: 'cors-credentials-any-origin', severity: 'warning', bad: 'config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins «"*"»\n    resource "*", headers: :any, credentials: true\n  end\nend\n', good: 'config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins "https://app.example.com"\n    resource "*", headers: :any, credentials: true\n  end\nend\n' },
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
          if (row.flow && cell.flow !== false) assert.equal(f.confidence, 'high', 'request data is high confidence');
          if (cell.message !== undefined) assert.ok(f.message.includes(cell.message), `message: ${f.message}`);
          // The matrix says which cells have a mechanical fix: the others must not offer one.
          if (cell.fixed !== undefined) assert.equal(applyFixes(code, found), cell.fixed);
          else assert.equal(f.fix, undefined, `a fix the matrix does not list: ${applyFixes(code, found)}`);
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
