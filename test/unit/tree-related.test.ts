import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { LineIndex } from '../../server/src/engine/lines';
import type { ParseCache } from '../../server/src/engine/reparse';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { toSarif } from '../../server/src/cli/sarif';
import { loadAllGrammars, releaseTreeCache } from '../../server/src/treesitter/runtime';
import { lastAstUnitsRun } from '../../server/src/engine/astReuse';

/**
 * A data-flow finding stays at its sink; when the request data enters on another line, or the text
 * that carries it is built on another line, the finding names those places as related locations
 * (`requestTrace` in flow.ts): [line, column, end line, end column] 1-based, and the message.
 */
const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);

function related(text: string, path: string, ruleId: string): [number, number, number, number, string][][] {
  const lines = new LineIndex(text);
  return analyze({ text, path }, ruleset).findings.filter((f) => f.ruleId === ruleId).map((f) => (f.related ?? []).map((r) => {
    const s = lines.positionAt(r.start);
    const e = lines.positionAt(r.end);
    return [s.line + 1, s.character + 1, e.line + 1, e.character + 1, r.message];
  }));
}

const ENTERS = 'Request data enters here.';
const BUILT = 'The text is built here with it.';

describe('related locations of data-flow findings', () => {
  before(async () => loadAllGrammars());

  it('Python: the source read into a local, the SQL built from it, then the sink', () => {
    const text = 'def show(request):\n    name = request.POST["name"]\n    sql = "SELECT * FROM t WHERE n = \'%s\'" % name\n    cursor.execute(sql)\n';
    assert.deepEqual(related(text, 'a.py', 'tainted-sql'), [[[2, 12, 2, 32, ENTERS], [3, 11, 3, 50, BUILT]]]);
  });

  it('Python: a method chain on the source is one source; a route parameter is where the data enters', () => {
    const text = 'def run(request):\n    code = request.GET.get("c").strip()\n    eval(code)\n\n@app.route("/f/<name>")\ndef f(name):\n    cmd = f"ls {name}"\n    os.system(cmd)\n';
    assert.deepEqual(related(text, 'a.py', 'tainted-code'), [[[2, 12, 2, 40, ENTERS]]]);
    assert.deepEqual(related(text, 'a.py', 'tainted-command'), [[[6, 7, 6, 11, ENTERS], [7, 11, 7, 23, BUILT]]]);
  });

  it('nothing related when the flow is on the sink line; for a value of unknown origin, where its text is built', () => {
    const text = 'def show(request):\n    cursor.execute("SELECT * FROM t WHERE n = \'%s\'" % request.GET["n"])\n\ndef find(conn, other):\n    q = "SELECT * FROM t WHERE n = \'%s\'" % other\n    conn.execute(q)\n';
    assert.deepEqual(related(text, 'a.py', 'tainted-sql'), [[], [[5, 9, 5, 49, 'The text is built here.']]]);
  });

  it('Java: an annotated parameter and a concatenation', () => {
    const text = 'class C {\n  @GetMapping("/u")\n  public void u(@RequestParam String id) throws Exception {\n    String q = "SELECT * FROM u WHERE id = " + id;\n    stmt.executeQuery(q);\n  }\n}\n';
    assert.deepEqual(related(text, 'C.java', 'tainted-sql'), [[[3, 17, 3, 40, ENTERS], [4, 16, 4, 50, BUILT]]]);
  });

  it('kept findings of another function move with an edit above them, related locations too', () => {
    const text = 'def a():\n    x = 1\n\ndef show(request):\n    name = request.POST["name"]\n    sql = "SELECT * FROM t WHERE n = \'%s\'" % name\n    cursor.execute(sql)\n';
    const cache: ParseCache = {};
    try {
      analyze({ text, path: 'a.py' }, ruleset, { parseCache: cache });
      const edited = text.replace('x = 1', 'x = 12345');
      const kept = analyze({ text: edited, path: 'a.py' }, ruleset, { parseCache: cache }).findings.filter((f) => f.ruleId === 'tainted-sql');
      assert.deepEqual(kept.map((f) => f.related!.map((r) => edited.slice(r.start, r.end))), [['request.POST["name"]', '"SELECT * FROM t WHERE n = \'%s\'" % name']]);
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  it('JS/TS reflected-xss: where the request data enters and where the page is built, from the taint the rule followed', () => {
    const text = "app.get('/', function (req, res) {\n  var user = req.query.name;\n  msg = 'Hi ' + user;\n  res.send('Response</br>' + msg);\n});\napp.get('/4', function (req, res) {\n  var output = '<html>' + req.query.name + '</html>';\n  res.send(output);\n  res.send('<b>' + req.query.q + '</b>');\n});\n";
    assert.deepEqual(related(text, 'a.js', 'reflected-xss'), [[[2, 14, 2, 28, ENTERS]], [[7, 27, 7, 41, ENTERS]], []]);
    const lambda = "exports.handler = async (event) => {\n  let html = '<h1>';\n  html += event.body;\n  await notify(html);\n};\n";
    assert.deepEqual(related(lambda, 'a.js', 'html-from-request'), [[[3, 11, 3, 21, ENTERS]]]);
  });

  it('JS/TS code injection: where the request data enters and where the code text is built, also through a caller', () => {
    const text = [
      "const vm = require('vm');",
      "app.get('/run', function (req, res) {",
      '  const input = req.query.expr;',
      '  const code = `return (${input});`;',
      '  vm.runInThisContext(code);',
      "  const fn = new Function('a', code);",
      '  eval(req.body.js);',
      '});',
      'function compute(expr) {',
      "  return eval('(' + expr + ')');",
      '}',
      "app.post('/calc', (req, res) => res.json(compute(req.body.expr)));",
      'function build(source) {',
      "  const body = 'return ' + source;",
      '  return new Function(body);',
      '}',
      '',
    ].join('\n');
    const fromInput = [[3, 17, 3, 31, ENTERS], [4, 16, 4, 36, BUILT]];
    // eval of request data on its own line: nothing else to show; a parameter of unknown origin: where its text is built.
    assert.deepEqual(related(text, 'a.js', 'eval-non-literal'), [fromInput, fromInput, [], [[12, 50, 12, 63, ENTERS]], [[14, 16, 14, 34, 'The text is built here.']]]);
    const library = [
      "const math = require('mathjs');",
      "const { VM } = require('vm2');",
      "app.post('/m', (req, res) => {",
      '  const formula = req.body.formula;',
      '  res.json(math.evaluate(formula));',
      '  const script = `console.log(${req.query.input})`;',
      '  new VM({',
      '    timeout: 1000,',
      '  }).run(script);',
      '});',
      '',
    ].join('\n');
    assert.deepEqual(related(library, 'a.js', 'library-code-injection'), [[[4, 19, 4, 35, ENTERS]], [[6, 33, 6, 48, ENTERS]]]);
    const headless = "const puppeteer = require('puppeteer');\napp.get('/shot', async (req, res) => {\n  const page = await browser.newPage();\n  const js = 'document.title = \"' + req.query.title + '\"';\n  await page.evaluate(js);\n});\n";
    assert.deepEqual(related(headless, 'a.js', 'headless-browser-injection'), [[[4, 37, 4, 52, ENTERS]]]);
  });

  it('JS/TS regex-dos: where the request data enters, where a pattern kept in a name is written, which parameter a caller fills', () => {
    const text = [
      'const EMAIL = /^([a-z0-9]+)+@example\\.com$/;',
      'const TRAILING = /\\s+$/;',
      "app.get('/r', (req, res) => {",
      '  const term = req.query.q;',
      '  const re = new RegExp(term);',
      '  EMAIL.test(req.body.email);',
      "  req.body.line.replace(TRAILING, '');",
      '  const id = req.params.id;',
      '  /^(\\d+)+$/.test(id);',
      '});',
      'function matcher(word,',
      '  flags) {',
      "  return new RegExp('\\\\b' + word, flags);",
      '}',
      '',
    ].join('\n');
    assert.deepEqual(related(text, 'a.js', 'regex-dos'), [
      [], // the exponential literal where it is written
      [[4, 16, 4, 27, ENTERS]],
      [[1, 15, 1, 44, 'The pattern is written here.']],
      [[2, 18, 2, 24, 'The pattern is written here.']],
      [[8, 14, 8, 27, ENTERS]], // a literal applied in place to request data read above
      [[11, 18, 11, 22, "The caller's value enters here as `word`."]],
    ]);
  });

  it('JS/TS command, path, SQL and SSRF sinks: where the request data enters and where the text is built', () => {
    const text = [
      "const { exec } = require('child_process');",
      "const fs = require('fs');",
      "const axios = require('axios');",
      "app.get('/e', async (req, res) => {",
      '  const host = req.query.host;',
      '  exec(`ping -c 1 ${host}`);',
      '  const name = req.params.name;',
      "  const file = '/srv/files/' + name;",
      '  fs.readFileSync(file);',
      '  const id = req.body.id;',
      "  const sql = 'SELECT * FROM users WHERE id = ' + id;",
      '  db.query(sql);',
      '  const target = req.query.url;',
      '  await axios.get(target);',
      '});',
      '',
    ].join('\n');
    assert.deepEqual(related(text, 'a.js', 'command-injection'), [[[5, 16, 5, 30, ENTERS]]]);
    assert.deepEqual(related(text, 'a.js', 'path-traversal'), [[[7, 16, 7, 31, ENTERS], [8, 16, 8, 36, BUILT]]]);
    assert.deepEqual(related(text, 'a.js', 'sql-injection'), [[[10, 14, 10, 25, ENTERS], [11, 15, 11, 53, BUILT]]]);
    assert.deepEqual(related(text, 'a.js', 'ssrf'), [[[13, 18, 13, 31, ENTERS]]]);
  });

  it('JS/TS low-confidence findings on a parameter no call fills: where the caller\'s value enters', () => {
    const text = [
      "const { exec, spawn } = require('child_process');",
      "const fs = require('fs');",
      "const path = require('path');",
      'function run(dir,',
      '  tool) {',
      "  exec('ls ' + dir);",
      "  spawn(tool, ['-v']);",
      '}',
      'function read(base,',
      '  name) {',
      '  const full = path.join(base, name);',
      '  return fs.readFileSync(name);',
      '}',
      '',
    ].join('\n');
    const caller = (line: number, column: number, name: string) => [line, column, line, column + name.length, `The caller's value enters here as \`${name}\`.`];
    assert.deepEqual(related(text, 'a.js', 'command-injection'), [[caller(4, 14, 'dir')], [caller(5, 3, 'tool')]]);
    assert.deepEqual(related(text, 'a.js', 'path-traversal'), [[caller(10, 3, 'name')], [caller(10, 3, 'name')]]);
  });

  it('JS/TS open-redirect: where the request data of a redirect target enters', () => {
    const text = "module.exports.redirect = function (req, res) {\n  const a = req.body.url\n  res.redirect(c + a)\n  res.redirect(req.query.next)\n}\n";
    assert.deepEqual(related(text, 'a.js', 'open-redirect'), [[[2, 13, 2, 25, ENTERS]], []]);
  });

  it('JS/TS cors-any-origin: a NestJS `@Header` names the route and the controller that send it', () => {
    const text = "@Controller('files')\nexport class FilesController {\n  @Get(':id')\n  @Header('Access-Control-Allow-Origin', '*')\n  get(): string { return 'x'; }\n\n  @Get() @Header('Access-Control-Allow-Origin', '*') list() { return []; }\n}\n";
    assert.deepEqual(related(text, 'a.ts', 'cors-any-origin'), [
      [[3, 3, 3, 14, 'The route that answers with this header.'], [1, 1, 1, 21, 'The controller that serves the route.']],
      [[1, 1, 1, 21, 'The controller that serves the route.']],
    ]);
  });

  it('JS/TS: a kept finding of another function moves with an edit above it, related locations too', () => {
    const text = 'function a() {\n  return 1;\n}\nfunction show(req, res) {\n  const name = req.query.name;\n  res.send(`<h1>${name}</h1>`);\n}\n';
    const cache: ParseCache = {};
    analyze({ text, path: 'a.js' }, ruleset, { parseCache: cache });
    const edited = text.replace('return 1;', 'return 12345;');
    const kept = analyze({ text: edited, path: 'a.js' }, ruleset, { parseCache: cache }).findings.filter((f) => f.ruleId === 'reflected-xss');
    assert.deepEqual(lastAstUnitsRun(cache), { run: 2, total: 3 }, 'the root and the edited function ran, not show');
    assert.deepEqual(kept.map((f) => [edited.slice(f.start, f.end), ...f.related!.map((r) => edited.slice(r.start, r.end))]), [['`<h1>${name}</h1>`', 'req.query.name']]);
  });

  it('SARIF: related locations with 1-based regions and their messages', () => {
    const text = 'def show(request):\n    name = request.POST["name"]\n    cursor.execute("SELECT * FROM t WHERE n = \'%s\'" % name)\n';
    const findings = analyze({ text, path: 'a.py' }, ruleset).findings.filter((f) => f.ruleId === 'tainted-sql');
    const log = toSarif([{ relativePath: 'a.py', findings, suppressed: [], lines: new LineIndex(text) } as never], { root: '/', version: '0', metas: [], helpUri: () => undefined, helpMarkdown: () => undefined });
    assert.deepEqual(log.runs[0]!.results![0]!.relatedLocations, [{
      id: 0,
      message: { text: ENTERS },
      physicalLocation: { artifactLocation: { uri: 'a.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 12, endLine: 2, endColumn: 32 } },
    }]);
  });
});
