import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { lastUnitsRun, lastWholeRunReason } from '../../server/src/dataflow/run';
import { analyze } from '../../server/src/engine/engine';
import type { ParseCache } from '../../server/src/engine/reparse';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { loadAllGrammars, releaseTreeCache } from '../../server/src/treesitter/runtime';
import { FUZZ_RUNS, fuzzOptions, tried } from '../helpers/fuzz';

/**
 * Per-function reuse in the editor (dataflow/run.ts): after an edit inside one function, the other
 * functions keep their previous findings, moved by the edit. Whatever the edits, the findings with the
 * document's cache must equal a fresh analysis of the same text. The edits are typed where they test
 * the reuse: inside functions (statements that add, remove or change findings: request data into
 * eval/exec/queries, calls between functions, field assignments), at the ends of lines between
 * functions, and anywhere (breaking the code now and then).
 */
const ROOT = join(__dirname, '..', '..', '..');
const corpus = (p: string) => readFileSync(join(ROOT, 'test', 'corpus', 'vulnerable', p), 'utf8');

/** Appends code at the end of a file, or before its last `}` (inside the last class). */
const append = (text: string, code: string, inClass: boolean) => {
  const at = inClass ? text.lastIndexOf('}') : text.length;
  return `${text.slice(0, at)}\n${code}\n${text.slice(at)}`;
};

/**
 * [language, path, text, statements that fit in a function body of that language, a statement that
 * makes `w` in `wrap` request data, one that makes the field `held` request data]. Each file ends with
 * `wrap`, a helper whose return value a sink in `use` takes (Ruby: which passes `w` to `use_it`'s
 * sink): an edit inside `wrap` changes the other function's finding, so that one must run again. All
 * but Go and Ruby (whose flows follow no fields from one method to another) also have `setup`, which assigns the field `held`, and `fire`,
 * whose sink reads it: an edit inside `setup` changes `fire`'s finding.
 */
const FILES: [string, string, string, string[], string, string?][] = [
  ['python', 'app.py', append(corpus('python/app.py'), 'def wrap(v):\n    w = v\n    return w\n\ndef use():\n    eval(wrap("x"))\n\nclass Holder:\n    def setup(self):\n        self.held = "x"\n        return 1\n\n    def fire(self):\n        eval(self.held)\n', false),
    ['eval(request.args["q"])', 'x = 1', 'import code', 'q = "SELECT * FROM t WHERE a = \'%s\'" % request.args["a"]', 'cursor.execute(q)', 'self.cmd = request.args["c"]', 'return wrap(request.args["x"])', 'os.system(name)', 'eval(getattr(self, "held"))'], 'w = request.args["q"]', 'self.held = request.args["q"]'],
  ['java', 'UserController.java', append(corpus('java/UserController.java'), '    String wrap(String v) {\n        String w = v;\n        return w;\n    }\n\n    void use() throws Exception {\n        Runtime.getRuntime().exec(wrap("x"));\n    }\n\n    void setup() {\n        this.held = "x";\n        int k = 1;\n    }\n\n    void fire() throws Exception {\n        Runtime.getRuntime().exec(this.held);\n    }', true),
    ['Runtime.getRuntime().exec(request.getParameter("c"));', 'int x = 1;', 'this.cmd = request.getParameter("c");', 'String q = "SELECT * FROM t WHERE a = \'" + id + "\'";', 'stmt.executeQuery(q);', 'return wrap(request.getParameter("x"));', 'Runtime.getRuntime().exec(held);'], 'w = request.getParameter("q");', 'this.held = request.getParameter("q");'],
  ['php', 'index.php', append(corpus('php/index.php'), 'function wrap($v) {\n    $w = $v;\n    return $w;\n}\n\nfunction use_it() {\n    eval(wrap("x"));\n}\n\nclass Holder {\n    function setup() {\n        $this->held = "x";\n        $k = 1;\n    }\n\n    function fire() {\n        eval($this->held);\n    }\n}', false),
    ['eval($_GET["c"]);', '$x = 1;', '$this->cmd = $_GET["c"];', 'mysqli_query($db, "SELECT * FROM t WHERE a = \'" . $id . "\'");', 'system($cmd);', 'return wrap($_GET["x"]);'], '$w = $_GET["q"];', '$this->held = $_GET["q"];'],
  ['go', 'server.go', append(corpus('go/server.go'), 'func wrap(v string) string {\n\tw := v\n\treturn w\n}\n\nfunc use() {\n\texec.Command("sh", "-c", wrap("x"))\n}', false),
    ['exec.Command("sh", "-c", r.URL.Query().Get("c"))', 'x := 1', 'db.Query("SELECT * FROM t WHERE a = \'" + id + "\'")', 'http.Redirect(w, r, r.URL.Query().Get("next"), 302)', 'return wrap(r.FormValue("x"))'], 'w = os.Getenv("Q")'],
  ['csharp', 'OrdersController.cs', append(corpus('csharp/OrdersController.cs'), '    string Wrap(string v)\n    {\n        var w = v;\n        return w;\n    }\n\n    void Use()\n    {\n        Process.Start(Wrap("x"));\n    }\n\n    void Setup()\n    {\n        this.held = "x";\n        var k = 1;\n    }\n\n    void Fire()\n    {\n        Process.Start(this.held);\n    }', true),
    ['Process.Start(Request.Query["c"]);', 'var x = 1;', 'this.cmd = Request.Query["c"];', 'var q = "SELECT * FROM t WHERE a = \'" + id + "\'";', 'new SqlCommand(q);', 'return Wrap(Request.Query["x"]);'], 'w = Request.Query["q"];', 'this.held = Request.Query["q"];'],
  ['ruby', 'app.rb', append(corpus('ruby/app.rb'), 'def wrap(v)\n  w = v\n  use_it(w)\nend\n\ndef use_it(a)\n  eval(a)\nend', false),
    ['eval(params[:c])', 'x = 1', '@cmd = params[:c]', 'system(cmd)', 'User.where("name = \'#{params[:n]}\'")', 'return wrap(params[:x])'], 'w = params[:q]'],  // Sinatra routes and a spec: outermost blocks are units (`unitBlocks`) that share the scope around them,
  // so `/use` reads the `w` that `/wrap` binds, and the specs' `response` is one name in every block.
  ['ruby', 'routes.rb', ["require 'sinatra'", '', "get '/wrap' do", '  w = v', '  "ok"', 'end', '', "get '/use' do", '  eval(w)', 'end', '',
    "post '/run' do", '  cmd = params[:c]', '  system("ls #{cmd}")', 'end', '', "describe 'App' do", "  it 'runs' do", "    response = request.request('GET', '/')",
    '    assert response.ok?', '  end', '', "  it 'reads' do", "    assert_equal 'x', response.body", '  end', 'end', '', 'def helper(a)', '  a.strip', 'end', ''].join('\n'),
    ['eval(params[:c])', 'x = 1', 'cmd = params[:c]', 'system(cmd)', 'w = 2', 'response = params[:r]', 'eval(response)', '[1].each { |i| eval(w) }'], 'w = params[:q]'],
];

describe('per-function reuse of tree-rule findings (the editor)', function () {
  this.timeout(300_000);
  before(loadAllGrammars);
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);

  const edit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    kind: fc.constantFrom('statement', 'statement', 'statement', 'space', 'space', 'delete', 'char', 'helper', 'field'),
    pick: fc.nat(20),
  });

  for (const [language, path, text, statements, tainting, fieldTainting] of FILES) {
    it(`${language} (${path}): random edit sequences give the findings of a fresh analysis`, () => {
      let reused = 0;
      fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        tried('tree-reuse');
        const cache: ParseCache = {};
        try {
          analyze({ text, path }, ruleset, { parseCache: cache, timeBudgetMs: 1e9 });
          let current = text;
          for (const e of edits) {
            // A line end: typing there stays inside the function the line is in (or between two).
            const ends = [...current.matchAll(/\n/g)].map((m) => m.index);
            const end = ends[Math.floor(e.at * ends.length)] ?? current.length;
            const lineStart = current.lastIndexOf('\n', end - 1) + 1;
            const indent = /^[ \t]*/.exec(current.slice(lineStart, end))![0];
            // Inside `wrap`, after its first line (`w = v`): `use` must see the change.
            const helper = /\n([ \t]*)(?:String |var |\$)?w :?= ?\$?v;?\n/.exec(current);
            // Inside `setup`, after its field assignment: `fire` must see the change.
            const setup = /\n([ \t]*)(?:this\.|self\.|\$this->|@)held = "x";?\n/.exec(current);
            if (e.kind === 'field' && setup && fieldTainting) current = `${current.slice(0, setup.index + setup[0].length)}${setup[1]}${fieldTainting}\n${current.slice(setup.index + setup[0].length)}`;
            else if (e.kind === 'helper' && helper) current = `${current.slice(0, helper.index + helper[0].length)}${helper[1]}${tainting}\n${current.slice(helper.index + helper[0].length)}`;
            else if (e.kind === 'statement') current = `${current.slice(0, end)}\n${indent}${statements[e.pick % statements.length]}${current.slice(end)}`;
            else if (e.kind === 'space') current = `${current.slice(0, end)} ${current.slice(end)}`;
            else if (e.kind === 'delete') current = current.slice(0, Math.max(0, end - 1)) + current.slice(end);
            else current = `${current.slice(0, Math.floor(e.at * current.length))}x${current.slice(Math.floor(e.at * current.length))}`;
            const withCache = analyze({ text: current, path }, ruleset, { parseCache: cache, timeBudgetMs: 1e9 });
            const units = lastUnitsRun(cache.trees!);
            if (units && units.run < units.total) reused++;
            const fresh = analyze({ text: current, path }, ruleset, { timeBudgetMs: 1e9 });
            assert.deepEqual(withCache, fresh, `${language} after ${JSON.stringify(edits)}`);
          }
        } finally {
          if (cache.trees) releaseTreeCache(cache.trees);
        }
      }), fuzzOptions(Math.max(10, Math.floor(FUZZ_RUNS / 40))));
      assert.ok(reused > 0, `${language}: some edits kept other functions' findings`);
      // The helper's edit changes what `use` finds (else the property above could not catch a stale `use`).
      const tainted = text.replace(/(\n([ \t]*)(?:String |var |\$)?w :?= ?\$?v;?\n)/, `$1$2${tainting}\n`);
      assert.notEqual(tainted, text);
      assert.notDeepEqual(analyze({ text: tainted, path }, ruleset).findings.map((f) => [f.ruleId, f.severity]), analyze({ text, path }, ruleset).findings.map((f) => [f.ruleId, f.severity]), language);
      // So does the field's (`fire` reads what `setup` assigns).
      if (fieldTainting) {
        const held = text.replace(/(\n([ \t]*)(?:this\.|self\.|\$this->|@)held = "x";?\n)/, `$1$2${fieldTainting}\n`);
        assert.notEqual(held, text);
        assert.notDeepEqual(analyze({ text: held, path }, ruleset).findings.map((f) => [f.ruleId, f.severity]), analyze({ text, path }, ruleset).findings.map((f) => [f.ruleId, f.severity]), `${language} field`);
      }
    });
  }

  it('keeps the findings of the functions an edit cannot change, and runs those it can', () => {
    const text = [
      'from flask import request',
      'import os',
      '',
      'def helper(v):',
      '    w = v',
      '    return w',
      '',
      'def a():',
      '    eval(request.args["a"])',
      '',
      'def b():',
      '    x = 1',
      '    return x',
      '',
      'def c():',
      '    os.system(helper(request.args["c"]))',
      '',
    ].join('\n');
    const cache: ParseCache = {};
    try {
      const ids = (t: string) => analyze({ text: t, path: 'app.py' }, ruleset, { parseCache: cache }).findings.map((f) => `${f.ruleId}@${t.slice(f.start, f.end)}`);
      assert.deepEqual(ids(text), ['tainted-code@request.args["a"]', 'tainted-command@helper(request.args["c"])']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 5, total: 5 });
      // Inside `b`, which calls nothing and is called by nothing: the root and `b` run again.
      const inB = text.replace('    x = 1', '    x = 12');
      assert.deepEqual(ids(inB), ['tainted-code@request.args["a"]', 'tainted-command@helper(request.args["c"])']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 2, total: 5 });
      // Inside `helper`: `c` calls it, so `c` runs again too (its finding depends on what helper returns).
      const inHelper = inB.replace('    w = v', '    w = "fixed"');
      assert.deepEqual(ids(inHelper), ['tainted-code@request.args["a"]']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 5 });
      // A new import changes the root's code: everything runs.
      const imported = inHelper.replace('import os', 'import os, sys');
      ids(imported);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 5, total: 5 });
      // A space at the end of a line between functions: only the root runs.
      const spaced = imported.replace('    return x\n', '    return x\n ');
      assert.deepEqual(ids(spaced), ['tainted-code@request.args["a"]']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 1, total: 5 });
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  /** The findings of `path` with the document's cache, checked against a fresh analysis. */
  const checkedFindings = (cache: ParseCache, path = 'app.py') => (t: string) => {
    const found = analyze({ text: t, path }, ruleset, { parseCache: cache });
    assert.deepEqual(found, analyze({ text: t, path }, ruleset));
    return found.findings;
  };

  /** The findings of `app.py` with the document's cache as `rule@text`, checked against a fresh analysis. */
  const checkedIds = (cache: ParseCache) => {
    const findings = checkedFindings(cache);
    return (t: string) => findings(t).map((f) => `${f.ruleId}@${t.slice(f.start, f.end)}`);
  };

  it('runs the readers of the fields an edited function assigns, and only the root after a docstring or comment edit', () => {
    const text = [
      '"""Boxes."""',
      'from flask import request',
      'import os',
      '',
      '# a box of commands',
      'class Box:',
      '    """Runs a command."""',
      '    def __init__(self):',
      '        self.cmd = "ls"',
      '        self.n = 1',
      '',
      '    def run(self):',
      '        os.system(self.cmd)',
      '',
      '    def other(self, c):',
      '        eval(request.args["e"])',
      '        return c',
      '',
      'def alone():',
      '    x = 1',
      '    return x',
      '',
    ].join('\n');
    const cache: ParseCache = {};
    try {
      const ids = checkedIds(cache);
      assert.deepEqual(ids(text), ['tainted-code@request.args["e"]']);
      // `run` names the field `__init__` assigns, `other` and `alone` do not: root, `__init__` and `run`.
      const tainted = text.replace('        self.cmd = "ls"', '        self.cmd = request.args["c"]');
      assert.deepEqual(ids(tainted), ['tainted-command@self.cmd', 'tainted-code@request.args["e"]']);
      assert.equal(lastWholeRunReason(cache.trees!), undefined);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 5 });
      // A second assignment to the same field: the same facts (the fields' names), the same units.
      const again = tainted.replace('        self.cmd = request.args["c"]', '        self.cmd = request.args["c"]\n        self.cmd = "ls"');
      assert.deepEqual(ids(again), ['tainted-command@self.cmd', 'tainted-code@request.args["e"]']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 5 });
      // The module's or the class's docstring, a comment between functions: only the root runs.
      for (const [from, to] of [['"""Boxes."""', '"""Boxes, kept."""'], ['"""Runs a command."""', '"""Runs one command."""'], ['# a box of commands', '# a box of shell commands']]) {
        assert.deepEqual(ids(again.replace(from!, to!)), ['tainted-command@self.cmd', 'tainted-code@request.args["e"]']);
        assert.deepEqual(lastUnitsRun(cache.trees!), { run: 1, total: 5 });
      }
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  it('runs only the units that may read a field the edited function assigns', () => {
    const text = [
      'from flask import request',
      'import os',
      '',
      'class Box:',
      '    def __init__(self):',
      '        # the command',
      '        self.cmd = "ls"',
      '        self.n = 1',
      '',
      '    def run(self):',
      '        os.system(self.cmd)',
      '',
      '    def by_name(self, cmd):',
      '        os.system(getattr(self, "cmd"))',
      '',
      '    def shadow(self, cmd, resp):',
      '        """Runs cmd."""',
      '        os.system(cmd)',
      '        return resp.cmd',
      '',
      '    def other(self):',
      '        return 1',
      '',
    ].join('\n');
    const cache: ParseCache = {};
    try {
      const ids = checkedIds(cache);
      assert.deepEqual(ids(text), ['tainted-command@getattr(self, "cmd")', 'tainted-command@cmd']);
      // `run` reads `self.cmd` and `by_name` reads it by name, beside a parameter of the same name (a
      // stale finding there fails `checkedIds`);
      // `shadow` names `cmd` only as its parameter, in its docstring and as another object's member.
      const tainted = text.replace('        self.cmd = "ls"', '        self.cmd = request.args["c"]');
      assert.deepEqual(ids(tainted), ['tainted-command@self.cmd', 'tainted-command@getattr(self, "cmd")', 'tainted-command@cmd']);
      assert.equal(lastWholeRunReason(cache.trees!), undefined);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 4, total: 6 });
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  it('reads a plain name as the field where the function does not bind it (Java)', () => {
    const path = 'A.java';
    const text = [
      'class A extends HttpServlet {',
      '    String held;',
      '    void setup(HttpServletRequest request) {',
      '        this.held = "x";',
      '    }',
      '    void fire() throws Exception {',
      '        Runtime.getRuntime().exec(held);',
      '    }',
      '    void shadow(String held) throws Exception {',
      '        Runtime.getRuntime().exec(held);',
      '    }',
      '}',
      '',
    ].join('\n');
    const cache: ParseCache = {};
    try {
      const findings = checkedFindings(cache, path);
      const run = (t: string) => findings(t).map((f) => `${f.ruleId}@${f.severity}@${t.slice(f.start, f.end)}`);
      const before = run(text);
      const after = run(text.replace('this.held = "x";', 'this.held = request.getParameter("q");'));
      assert.notDeepEqual(after, before);
      // The root, `setup` and `fire`; `shadow`'s `held` is its parameter.
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 4 });
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  it('runs no field readers when the edited function is unchanged but for spacing, comments and docstrings', () => {
    const text = [
      'from flask import request',
      'import os',
      '',
      'class Box:',
      '    def __init__(self):',
      '        # the command',
      '        self.cmd = request.args["c"]',
      '        self.n = 1',
      '',
      '    def run(self):',
      '        os.system(self.cmd)',
      '',
      'def helper(v):',
      '    """Gives v back."""',
      '    w = v',
      '    return w',
      '',
      'def use():',
      '    os.system(helper(request.args["x"]))',
      '',
    ].join('\n');
    const cache: ParseCache = {};
    try {
      const ids = checkedIds(cache);
      const expected = ['tainted-command@self.cmd', 'tainted-command@helper(request.args["x"])'];
      assert.deepEqual(ids(text), expected);
      // A comment in `__init__`: the root and `__init__` (`run` reads its field). A docstring and a space
      // at a line's end in `helper`: the root, `helper` and `use`, which calls it.
      let current = text;
      for (const [from, to, units] of [['# the command', '# the shell command', 2], ['"""Gives v back."""', '"""Gives its argument back."""', 3], ['back."""\n', 'back.""" \n', 3]] as const) {
        current = current.replace(from, to);
        assert.deepEqual(ids(current), expected);
        assert.deepEqual(lastUnitsRun(cache.trees!), { run: units, total: 5 }, to);
      }
      // Code: the readers and callers run again.
      current = current.replace('    w = v\n', '    w = "v"\n');
      assert.deepEqual(ids(current), ['tainted-command@self.cmd']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 5 });
      assert.deepEqual(ids(current.replace('self.cmd = request.args["c"]', 'self.cmd = "ls"')), []);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 5 });
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  it('makes units of Ruby blocks, and runs with an edited block the units that name what it binds', () => {
    // The three routes and the function are units; `/b` reads the `cmd` that `/a` binds in the scope they share.
    const text = ["require 'sinatra'", '', "get '/a' do", '  cmd = "ls"', '  "ok"', 'end', '', "get '/b' do", '  system(cmd)', 'end', '',
      "get '/c' do", '  x = 1', '  eval(params[:e])', 'end', '', 'def helper(v)', '  v', 'end', ''].join('\n');
    const cache: ParseCache = {};
    try {
      const ids = (t: string) => {
        const found = analyze({ text: t, path: 'app.rb' }, ruleset, { parseCache: cache });
        assert.deepEqual(found, analyze({ text: t, path: 'app.rb' }, ruleset));
        return found.findings.map((f) => `${f.ruleId}@${t.slice(f.start, f.end)}`);
      };
      assert.deepEqual(ids(text), ['tainted-code@params[:e]']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 5, total: 5 });
      // A code edit in `/a`: the root, `/a` and `/b`, which names `cmd` (kept, its finding would be stale).
      const tainted = text.replace('cmd = "ls"', 'cmd = params[:c]');
      assert.deepEqual(ids(tainted), ['tainted-command@cmd', 'tainted-code@params[:e]']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 5 });
      // A space typed in `/c`: the root and `/c`.
      assert.deepEqual(ids(tainted.replace('  x = 1\n', '  x = 1 \n')), ['tainted-command@cmd', 'tainted-code@params[:e]']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 2, total: 5 });
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  it('runs the functions module code links to the edited one, through the root', () => {
    // `b`'s parameter takes what `a` returns, at a call in module code: an edit in `a` changes `b`'s finding.
    const text = 'from flask import request\nimport os\n\ndef a(v):\n    w = "x"\n    return w\n\ndef b(c):\n    os.system(c)\n\ndef z():\n    return 2\n\nb(a(request.args["q"]))\n';
    const cache: ParseCache = {};
    try {
      const ids = checkedIds(cache);
      assert.deepEqual(ids(text), []);
      assert.deepEqual(ids(text.replace('w = "x"', 'w = v')), ['tainted-command@c']);
      // The root, `a` and `b`; `z` keeps its findings.
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 4 });
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  it('checks again the sink calls of a kept unit that runs with the edited one, and bindings the edit changes (Go)', () => {
    // `run` keeps its calls (and which of them name a sink) from version to version; what reaches its sink changes with `handler`.
    const path = 'main.go';
    const text = [
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '\t"os/exec"',
      ')',
      '',
      'func handler(w http.ResponseWriter, r *http.Request) {',
      '\tname := "ls"',
      '\tif len(name) > 0 {',
      '\t\tw.WriteHeader(200)',
      '\t}',
      '\trun(name)',
      '}',
      '',
      'func run(s string) {',
      '\texec.Command("sh", "-c", s).Run()',
      '}',
      '',
      'func other() int {',
      '\treturn 2',
      '}',
      '',
    ].join('\n');
    const cache: ParseCache = {};
    try {
      const findings = checkedFindings(cache, path);
      const run = (t: string) => findings(t).filter((f) => f.ruleId === 'tainted-command').map((f) => t.slice(f.start, f.end));
      assert.deepEqual(run(text), []);
      // Only `name`'s binding changes; the statements around it are the previous version's subtrees.
      let current = text.replace('name := "ls"', 'name := r.URL.Query().Get("q")');
      assert.deepEqual(run(current), ['s']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 4 });
      current = current.replace('w.WriteHeader(200)', 'w.WriteHeader(200) ');
      assert.deepEqual(run(current), ['s']);
      current = current.replace('name := r.URL.Query().Get("q")', 'name := "ls"');
      assert.deepEqual(run(current), []);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 4 });
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });

  it('names calls again only where a unit the edit changed could change their names (Java)', () => {
    const path = 'A.java';
    const text = [
      'class A extends HttpServlet {',
      '    ExpressionParser parser;',
      '    @Override',
      '    public void run(HttpServletRequest request) throws Exception {',
      '        helper(request.getParameter("d"));',
      '    }',
      '    void helper(String c) throws Exception {',
      '        parser.parseRaw(c);',
      '    }',
      '    void other() {',
      '        int k = 1;',
      '    }',
      '}',
      '',
    ].join('\n');
    const cache: ParseCache = {};
    try {
      const findings = checkedFindings(cache, path);
      const run = (t: string) => findings(t).map((f) => `${f.ruleId}@${t.slice(f.start, f.end)}`);
      // `parser.parseRaw` is `ExpressionParser.parseRaw` by the field's declared type.
      assert.deepEqual(run(text), ['tainted-code@c']);
      // A space typed after `@Override`: the header is the same but for spacing: the root, `run` and
      // `helper` (linked by a call) run, `helper` with the names of its calls kept.
      let current = text.replace('@Override\n', '@Override \n');
      assert.deepEqual(run(current), ['tainted-code@c']);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 3, total: 4 });
      // A local `parser` of another type in `other`: the declared type is no longer known, so
      // `helper`'s `parser.parseRaw` is named again (the whole file runs: `other`'s declarations changed).
      current = current.replace('int k = 1;', 'Object parser = null;');
      assert.deepEqual(run(current), []);
      assert.deepEqual(lastUnitsRun(cache.trees!), { run: 4, total: 4 });
    } finally {
      if (cache.trees) releaseTreeCache(cache.trees);
    }
  });
});
