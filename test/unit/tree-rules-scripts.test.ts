import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * Python, Ruby, PHP and Go depth (issue #14): the framework sources, sinks, sanitisers and settings
 * added from the misses and false positives of semgrep's labelled tests, each as a valid / invalid
 * case with exact positions. The reaching-value cases hold the data-flow core to "the last plain
 * assignment before the use wins".
 */

testRule(rule('tainted-sql'), {
  valid: [
    // SQLAlchemy: a column expression or a plain value is not raw SQL; a generic `.run()` without SQL text is not a query.
    { code: 'def f(request):\n    q = session.query(User).filter(User.name == request.params["n"]).order_by(User.id)\n    app.run(request.params["n"])', path: 'a.py' },
    // Not built: a variable (here a `text()` clause) or a bare `"{}".format(x)` of unknown origin.
    { code: 'def f(something, clause):\n    foo = something.params["foo"]\n    query.distinct(clause)\n    query.filter("{}".format(foo))', path: 'a.py' },
    // A later plain assignment replaces the request value before the use.
    { code: 'def f():\n    x = request.args["a"]\n    x = "fixed"\n    cur.execute("SELECT * FROM t WHERE a = \'" + x + "\'")', path: 'a.py' },
    // Rails: bind forms (hash and array) are parameterised.
    { code: 'def f\n  Product.find(:first, :having => { :x => params[:h] })\n  Product.find(:first, :having => ["x = ?", params[:h]])\nend', path: 'a.rb' },
    // The SQL that ActiveRecord built is not client text; mysql2's escape is a sanitiser.
    { code: 'def f\n  prices = Product.select(:price).to_sql\n  Product.where("price IN (#{prices})")\n  e = client.escape(params[:g])\n  client.query("SELECT * FROM u WHERE g = \'#{e}\'")\nend', path: 'a.rb' },
    // A condition that only chooses between constants.
    { code: 'def f\n  Product.last("blah = \'#{params[:b] ? 1 : 0}\'")\nend', path: 'a.rb' },
    // A comparison is a boolean, whatever it compares.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tparam := r.URL.Query().Get("o")\n\tdb.Table("u").Order((param != "x") + " ASC")\n}', path: 'a.go' },
    // `args.first` is not a query fragment.
    { code: 'def f(args)\n  r = args.first\nend', path: 'a.rb' },
  ],
  invalid: [
    // asyncpg and pg8000 run SQL under other method names; Pyramid's `request.params` into a SQLAlchemy 1.x string fragment.
    { code: 'async def f(conn, user_input):\n    await conn.fetchrow(f"SELECT * FROM t WHERE a = {user_input}")\n    conn.run("SELECT * FROM %s" % user_input)', path: 'a.py', errors: [{ line: 2, column: 25, message: 'unknown origin' }, { line: 3, column: 14, message: 'unknown origin' }] },
    { code: 'def view(request):\n    param = request.params["foo"]\n    return query.order_by("name {}".format(param)).one()', path: 'a.py', errors: [{ line: 3, column: 27, message: 'request data' }] },
    { code: 'def bad(var):\n    session.query(MyClass).distinct("foo={}".format(var))', path: 'a.py', errors: [{ line: 2, column: 37, message: 'unknown origin' }] },
    // Module-level reassignments: the INSERT reaches the call, not the earlier select(…).
    {
      code: 'query = select(users)\nquery = "INSERT INTO person (name) VALUES (\'" + name + "\')"\nengine.execute(query)',
      path: 'a.py',
      errors: [{ line: 3, column: 16, message: 'unknown origin' }],
    },
    // `%` with a named template: the template is read through its variable.
    {
      code: 'def v(request):\n    query = "SELECT age FROM person WHERE name = %s"\n    Person.objects.raw(query % request.GET["n"])',
      path: 'a.py',
      errors: [{ line: 3, column: 24, message: 'request data' }],
    },
    { code: 'def v(request):\n    RawSQL(f"SELECT * FROM p WHERE c = {request.headers[\'c\']}")', path: 'a.py', errors: [{ line: 2, column: 12 }] },
    { code: 'def v(request):\n    Person.objects.extra(where=["name = %s" % request.data.get("n")])', path: 'a.py', errors: [{ line: 2, column: 32 }] },
    // Go: `q = "…"; q += x` keeps what it appends to.
    {
      code: 'package main\nfunc h(w http.ResponseWriter, req *http.Request) {\n\tquery := "SELECT name FROM users WHERE age="\n\tquery += req.FormValue("age")\n\tdb.QueryRow(query)\n}',
      path: 'a.go',
      errors: [{ line: 5, column: 14 }],
    },
    { code: 'package main\nfunc h(c *gin.Context) {\n\tdb.Table("users").Order(c.Query("sort")).Find(&u)\n}', path: 'a.go', errors: [{ line: 3, column: 26 }] },
    // Rails 2 finder options and column names from params.
    { code: 'def f\n  Product.find(:all, :order => params[:order])\nend', path: 'a.rb', errors: [{ line: 2, column: 32 }] },
    { code: 'def f\n  Product.sum(params[:columns])\nend', path: 'a.rb', errors: [{ line: 2, column: 15 }] },
    { code: 'def f\n  conn.exec_params("SELECT name FROM users WHERE age=" + params["age"])\nend', path: 'a.rb', errors: [{ line: 2, column: 20 }] },
    // Laravel: a column name from the request.
    { code: '<?php\nfunction f(Request $request) {\n  return DB::table("users")->orderBy($request->input("sort"))->get();\n}', path: 'a.php', errors: [{ line: 3, column: 38 }] },
    { code: '<?php\n$qb->select("id")->from("users")->where("email = " . $_GET["e"]);', path: 'a.php', errors: [{ line: 2, column: 41 }] },
  ],
}, 'a.py');

testRule(rule('tainted-html'), {
  valid: [
    // Escaped, or not markup, or not a view.
    { code: '@app.route("/a")\ndef a():\n    return "<p>%s</p>" % escape(flask.request.args["n"])', path: 'a.py' },
    { code: '@app.route("/a")\ndef a():\n    return "hello %s" % flask.request.args["n"]', path: 'a.py' },
    // Rails escapes a plain String given to `render html:`.
    { code: 'class A < ApplicationController\n  def a\n    render html: "boo, %s" % params[:name]\n  end\nend', path: 'a.rb' },
    { code: 'def helper():\n    return "<p>%s</p>" % request.args["n"]', path: 'a.py' },
    // `render plain:` is sent as text/plain.
    { code: 'def show\n  render plain: "Mr. #{params[:name]}"\nend', path: 'a.rb' },
  ],
  invalid: [
    // Marked safe, it goes out raw: reported on the string marked.
    { code: 'class A < ApplicationController\n  def a\n    render html: "<p>#{params[:name]}</p>".html_safe\n  end\nend', path: 'a.rb', errors: [{ line: 3, column: 18, message: 'request data' }] },
    {
      code: '@app.route("/a")\ndef a():\n    param = flask.request.args.get("p")\n    return "<a href=\'{}\'>x</a>".format(param)',
      path: 'a.py',
      errors: [{ line: 4, column: 12, message: 'returns HTML built from request data' }],
    },
    { code: '@app.route("/m/<name>")\ndef m(name):\n    page = f"<div>{name}</div>"\n    return page', path: 'a.py', errors: [{ line: 4, column: 12 }] },
  ],
}, 'a.py');

testRule(rule('tainted-command'), {
  valid: [
    // An argument array without a shell: the program is fixed.
    { code: '<?php\n$p = proc_open(["ls", $_GET["d"]], $spec, $pipes);', path: 'a.php' },
  ],
  invalid: [
    // AWS Lambda: the event is the client's request.
    { code: 'def handler(event, context):\n    os.system("ls " + event["dir"])', path: 'a.py', errors: [{ line: 2, column: 15, message: 'request data' }] },
    { code: 'def handler(event:, context:)\n  system("ls #{event["dir"]}")\nend', path: 'a.rb', errors: [{ line: 2, column: 10 }] },
    { code: 'async def v(request):\n    await asyncio.create_subprocess_shell(request.GET["c"])', path: 'a.py', errors: [{ line: 2, column: 43 }] },
    { code: '<?php\n$p = proc_open(["sh", "-c", $_GET["c"]], $spec, $pipes);', path: 'a.php', errors: [{ line: 2, column: 16 }] },
    { code: 'def f\n  Shell.cat(params[:filename])\nend', path: 'a.rb', errors: [{ line: 2, column: 13 }] },
  ],
}, 'a.py');

testRule(rule('tainted-code'), {
  valid: [
    // `assert` of an expression is not code evaluation.
    { code: '<?php\nassert($_GET["n"] > 1);\nassert($x instanceof Foo);', path: 'a.php' },
  ],
  invalid: [{ code: '<?php\nassert($_GET["code"]);', path: 'a.php', errors: [{ line: 2, column: 8 }] }],
}, 'a.php');

testRule(rule('tainted-path'), {
  valid: [
    // Signed and encrypted cookies are the server's own.
    { code: 'def f\n  send_file cookies.signed[:f]\n  send_file cookies.permanent.encrypted[:f]\nend', path: 'a.rb' },
    // A generated name keeps nothing of the client's.
    { code: '@app.route("/up", methods=["POST"])\ndef up():\n    f = flask.request.files["file"]\n    f.save(os.path.join("uploads", str(uuid.uuid4()) + ".png"))', path: 'a.py' },
  ],
  invalid: [
    { code: '@app.route("/p")\ndef p():\n    with open(flask.request.form["p"] + ".csv") as f:\n        return f.read()', path: 'a.py', errors: [{ line: 3, column: 15 }] },
    { code: 'def f\n  Dir.chdir("/tmp/#{params[:name]}")\nend', path: 'a.rb', errors: [{ line: 2, column: 13 }] },
    { code: 'def f\n  ftp = Net::FTP.new(params[:host])\nend', path: 'a.rb', errors: [{ line: 2, column: 22 }] },
    // Unrestricted upload: the client's file name is kept.
    {
      code: '@app.route("/up", methods=["POST"])\ndef up():\n    f = flask.request.files["file"]\n    f.save(os.path.join("uploads", f.filename))',
      path: 'a.py',
      errors: [{ line: 4, column: 12, message: 'under the file name the client sent' }],
    },
    {
      code: '<?php\nfunction up(Request $request) {\n  $file = $request->file("avatar");\n  $file->move("uploads", $file->getClientOriginalName());\n}',
      path: 'a.php',
      errors: [{ line: 4, column: 26, message: 'under the file name the client sent' }],
    },
    {
      code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tfile, header, _ := r.FormFile("f")\n\tname := "/uploads/" + header.Filename\n\tos.Create(name)\n}',
      path: 'a.go',
      errors: [{ line: 5, column: 12, message: 'under the file name the client sent' }],
    },
  ],
}, 'a.rb');

testRule(rule('tainted-ssrf'), {
  valid: [
    // A constant directory in front: path traversal, not a URL the client chooses.
    { code: '<?php\n$f = file_get_contents("/data/" . $_GET["f"]);', path: 'a.php' },
    // Scheme and host are fixed: the client chooses a path on that host, not where the request goes.
    { code: 'package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tclient.Post("https://example.com/"+r.URL.Query().Get("p"), "application/json", r.Body)\n}', path: 'a.go' },
    { code: 'def v(request):\n    requests.get("https://api.example.com/items/{}".format(request.GET["id"]))', path: 'a.py' },
    // `hash_file`'s first argument names the algorithm.
    { code: '<?php\n$h = hash_file($_GET["algo"], "data.bin");', path: 'a.php' },
  ],
  invalid: [
    // A file name read by PHP's stream wrappers can be `http://…` (found in a file with no other network word).
    { code: '<?php\n$t = $_GET["t"];\nhash_file("sha1", $t);', path: 'a.php', errors: [{ line: 3, column: 19 }] },
    { code: '<?php\nfunction t() {\n  $url = $_GET["r"];\n  $file = fopen($url, "rb");\n}', path: 'a.php', errors: [{ line: 4, column: 17 }] },
    { code: 'def f\n  Net::HTTP::Get.new(params[:url])\nend', path: 'a.rb', errors: [{ line: 2, column: 22 }] },
    // The host itself is a placeholder, or the host has no `/` after it (`@evil.example` can follow).
    { code: 'def v(request):\n    requests.get("https://%s/path" % request.GET["h"])', path: 'a.py', errors: [{ line: 2, column: 18 }] },
    { code: 'def v(request):\n    requests.get("https://example.com" + request.GET["p"])', path: 'a.py', errors: [{ line: 2, column: 18 }] },
  ],
}, 'a.php');

testRule(rule('tainted-redirect'), {
  valid: [
    { code: 'def a\n  redirect_to params.merge(:only_path => true)\nend', path: 'a.rb' },
    // Outside a method too; a fixed host decides where the redirect goes.
    { code: 'redirect_to params.merge(:only_path => true)\nredirect_to params.merge(host: "example.com")', path: 'a.rb' },
    { code: 'def a\n  redirect_to params.permit(:page, :sort)\nend', path: 'a.rb' },
    { code: 'def a\n  params.merge! :only_path => true\n  redirect_to params\nend', path: 'a.rb' },
  ],
  invalid: [
    { code: 'def a\n  redirect_to params.permit(:domain)\nend', path: 'a.rb', errors: [{ line: 2, column: 15 }] },
    { code: '<?php\nclass C {\n  function go(Request $request) {\n    $addr = $request->query->get("page");\n    return $this->redirect("https://" . $addr);\n  }\n}', path: 'a.php', errors: [{ line: 5, column: 28 }] },
  ],
}, 'a.rb');

testRule(rule('tainted-deserialization'), {
  valid: [
    { code: 'def f\n  Oj.load(params[:d], mode: :strict)\nend', path: 'a.rb' },
    // A safe loader, and a file the application ships (constant path).
    { code: 'def f(stream):\n    return yaml.load(stream, Loader=yaml.SafeLoader)', path: 'a.py' },
    { code: 'def f():\n    return pickle.load(open("./novel/list.dat", "rb"))', path: 'a.py' },
  ],
  invalid: [
    { code: 'def f\n  Oj.load(params[:d])\nend', path: 'a.rb', errors: [{ line: 2, column: 11 }] },
    { code: 'def handler(event:, context:)\n  CSV.load(event["body"])\nend', path: 'a.rb', errors: [{ line: 2, column: 12 }] },
    { code: 'def f(stream):\n    return yaml.load(stream, Loader=yaml.Loader)', path: 'a.py', errors: [{ line: 2, column: 22, message: 'unknown origin' }] },
    { code: '@app.route("/u")\ndef u():\n    return pickle.load(open(flask.request.args["f"], "rb"))', path: 'a.py', errors: [{ line: 3, column: 24 }] },
  ],
}, 'a.rb');

testRule(rule('cookie-flags-off'), {
  valid: [
    { code: 'resp.set_cookie("sid", token, secure=True, httponly=True)', path: 'a.py' },
    // A cookie jar's set_cookie takes a cookie object.
    { code: 'jar.set_cookie(cookie)', path: 'a.py' },
    // Flags spread in from a dictionary may be set.
    { code: 'resp.set_cookie("c", value="v", **cookie_flags)', path: 'a.py' },
  ],
  invalid: [
    {
      code: 'resp.set_cookie("sid", token)',
      path: 'a.py',
      errors: [{ line: 1, column: 1, message: 'without `secure` and `httponly`' }],
      output: 'resp.set_cookie("sid", token, secure=True, httponly=True)',
    },
    {
      code: 'r.set_cookie("c", "v", secure=True)',
      path: 'a.py',
      errors: [{ line: 1, column: 1, message: 'without `httponly`' }],
      output: 'r.set_cookie("c", "v", secure=True, httponly=True)',
    },
  ],
}, 'a.py');

testRule(rule('debug-mode-on'), {
  valid: [
    { code: 'app.config["DEBUG"] = False\napp.config["ENV"] = "production"', path: 'app.py' },
    { code: '<?php\nconfig(["app.debug" => false]);', path: 'a.php' },
  ],
  invalid: [
    { code: 'app.config["DEBUG"] = True', path: 'app.py', errors: [{ line: 1, column: 23 }], output: 'app.config["DEBUG"] = False' },
    { code: 'app.config.update(DEBUG=True)', path: 'app.py', errors: [{ line: 1, column: 25 }], output: 'app.config.update(DEBUG=False)' },
    { code: 'app.config["ENV"] = "development"', path: 'app.py', errors: [{ line: 1, column: 21 }], output: 'app.config["ENV"] = \'production\'' },
    { code: '<?php\nconfig(["app.debug" => true]);', path: 'a.php', errors: [{ line: 2, column: 24 }], output: '<?php\nconfig(["app.debug" => false]);' },
    { code: '<?php\nputenv("APP_DEBUG=true");', path: 'a.php', errors: [{ line: 2, column: 8 }] },
    { code: '<?php\n$_ENV["APP_DEBUG"] = "true";', path: 'a.php', errors: [{ line: 2, column: 22 }] },
  ],
}, 'app.py');

testRule(rule('cors-credentials-any-origin'), {
  valid: [{ code: 'app.add_middleware(CORSMiddleware, allow_origins=["*"])', path: 'a.py' }],
  invalid: [
    {
      code: 'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=["*"],\n    allow_credentials=True,\n)',
      path: 'a.py',
      errors: [{ line: 3, column: 19 }],
    },
  ],
}, 'a.py');
