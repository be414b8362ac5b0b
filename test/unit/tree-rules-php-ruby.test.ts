import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * PHP, Ruby (and Spring resources in Java) recall (issue #14, `lang-php-ruby`): each source, sink and
 * setting added from the misses of semgrep's labelled tests and from Brakeman's labels, as valid /
 * invalid cases at exact positions.
 */

testRule(rule('tainted-sql'), {
  valid: [
    // A list is a template and its bound values: a constant template is parameterised, whatever the values.
    { code: 'def f\n  Product.where(["admin = ?", params[:admin]])\n  Product.find(:first, :joins => [:x, :y])\nend', path: 'a.rb' },
    // A permitted or sliced hash binds its values; names the schema or the clock decide are not the client's.
    { code: 'def f\n  User.find_by(params.permit(:id))\n  User.find_by(params.slice(:id))\n  User.find_or_create_by(user_params)\nend', path: 'a.rb' },
    { code: 'def f\n  where("#{User.quoted_table_name}.id = ?", 1)\n  where("date > #{Date.today - 1}")\n  Arel.sql("created_at > \'#{30.days.ago}\'")\nend', path: 'a.rb' },
    // Laravel's unique rule ignoring an id the server knows.
    { code: '<?php\nfunction f(Request $request) {\n  return Rule::unique("users")->ignore($request->user()->id);\n}', path: 'a.php' },
  ],
  invalid: [
    // Rails 2 options and `where` with a list: its first element is the SQL.
    {
      code: 'def f\n  Product.find(:first, :having => ["x = #{params[:h]} AND y = ?", cookies[:a]])\n  Product.where(["a = ? AND b = #{params[:b]}", params[:a]])\nend',
      path: 'a.rb',
      errors: [{ line: 2, column: 36, message: 'request data' }, { line: 3, column: 18, message: 'request data' }],
    },
    { code: 'def f\n  Product.find(:first, :joins => ["LEFT JOIN c ON c.#{params[:j]} = id", :x])\nend', path: 'a.rb', errors: [{ line: 2, column: 35 }] },
    // Brakeman's find_by family with the whole condition from the client, every column of `select`, `Arel.sql`, `.squish`.
    {
      code: 'def f\n  User.find_by! params[:q]\n  @user.destroy_by(params[:u])\n  User.select(:name, params[:x])\n  Arel.sql("select #{params[:s]}")\n  conn.execute "SELECT * FROM #{params[:t]}".squish\n  User.find_by(params.permit(:a)[:a])\nend',
      path: 'a.rb',
      errors: [{ line: 2, column: 17 }, { line: 3, column: 20 }, { line: 4, column: 22 }, { line: 5, column: 12 }, { line: 6, column: 16 }, { line: 7, column: 16 }],
    },
    // Laravel: the ignored id and column of a unique rule go into the query unquoted; `$request->name` is input.
    {
      code: '<?php\nfunction f(Request $request) {\n  return [Rule::unique("t")->ignore($request->chart_id, "id"), Rule::unique("t")->ignore(1, $request->input("c"))];\n}',
      path: 'a.php',
      errors: [{ line: 3, column: 37, message: 'request data' }, { line: 3, column: 93, message: 'request data' }],
    },
  ],
}, 'a.rb');

testRule(rule('tainted-code'), {
  valid: [
    // A callback named by the program, the array from the client.
    { code: '<?php\nusort($_GET["a"], "strcmp");\n$r = array_map("trim", $_POST["b"]);', path: 'a.php' },
    // Symbol blocks and a block variable are the program's own methods.
    { code: 'def f\n  list.map(&:to_s)\n  list.each(&blk)\n  "SomeClass".to_sym.to_proc.call(Kernel)\nend', path: 'a.rb' },
    // A template name is not inline code.
    { code: 'class A < ApplicationController\n  def a\n    render params[:page]\n  end\nend', path: 'a.rb' },
  ],
  invalid: [
    // The comparison callback is a function the client names (found whatever other words the file has).
    { code: '<?php\nvar_dump(usort($foo, $_GET["sortfunc"]));\n$f = $_POST["f"];\narray_filter($a, $f);', path: 'a.php', errors: [{ line: 2, column: 22 }, { line: 4, column: 18 }] },
    { code: '<?php\ncall_user_func($_GET["fn"]);', path: 'a.php', errors: [{ line: 2, column: 16 }] },
    // Ruby: a method chosen by the client, through `to_proc`, a block argument or `method`.
    {
      code: 'def f\n  params[:m].to_sym.to_proc.call(Kernel)\n  anything.tap(&params[:m].to_sym)\n  (params[:k].to_s).method(params[:m]).call\nend',
      path: 'a.rb',
      errors: [{ line: 2, column: 3 }, { line: 3, column: 16 }, { line: 4, column: 28 }],
    },
    { code: 'class A < ApplicationController\n  def a\n    render inline: params[:t]\n  end\nend', path: 'a.rb', errors: [{ line: 3, column: 20 }] },
  ],
}, 'a.php');

testRule(rule('tainted-command'), {
  valid: [
    // A fixed pipe, a file name, a URI object.
    { code: 'def f\n  cmd = open("|date")\n  open("report.txt")\n  open("some/#{params[:x]}")\n  Kernel.open(URI(params[:url]))\nend', path: 'a.rb' },
    // Several arguments or an argument list reach the program without a shell.
    { code: 'def f\n  system("echo", "-c", params[:a])\n  IO.popen(["ls", params[:d]])\n  Open3.pipeline ["sort", params[:file]]\nend', path: 'a.rb' },
  ],
  invalid: [
    // `open("|…")` runs the rest through the shell, also when formatted with `Kernel::sprintf`.
    {
      code: 'def f\n  cmd = open("|%s" % params[:c])\n  cmd = open(Kernel::sprintf("|%s", params[:c]))\nend',
      path: 'a.rb',
      errors: [{ line: 2, column: 14, message: 'request data' }, { line: 3, column: 14, message: 'request data' }],
    },
    // The client can start the name with `|`.
    { code: 'def f\n  open(params[:url])\n  open("#{params[:x]}/something")\nend', path: 'a.rb', errors: [{ line: 2, column: 8 }, { line: 3, column: 8 }] },
    // A shell as the program, a single string, an environment hash first.
    {
      code: 'def f\n  system("sh", "-c", params[:a])\n  system("ls #{params[:d]}")\n  system({"A" => "1"}, "make #{params[:t]}")\n  Open3.pipeline_r ["ls"], "sort #{params[:o]}"\nend',
      path: 'a.rb',
      errors: [{ line: 2, column: 22 }, { line: 3, column: 10 }, { line: 4, column: 24 }, { line: 5, column: 28 }],
    },
  ],
}, 'a.rb');

// PHP's shell-string functions, like Python's `os.system`: a value of unknown origin is a warning, whether
// built or passed whole (a caller's parameter, a global); a fixed command stays silent.
testRule(rule('tainted-command'), {
  valid: [{ code: "<?php\nexec('whoami');\n$out = shell_exec('ls -l');\n", path: 'a.php' }],
  invalid: [
    {
      code: '<?php\nfunction run($cmd) {\n  exec($cmd);\n  passthru($cmd);\n}\n$out = shell_exec($user_input);\n',
      path: 'a.php',
      errors: [
        { line: 3, column: 8, message: 'unknown origin' },
        { line: 4, column: 12, message: 'unknown origin' },
        { line: 6, column: 19, message: 'unknown origin' },
      ],
    },
    { code: '<?php\n$c = $_GET["c"];\nsystem($c);\n', path: 'a.php', errors: [{ line: 3, column: 8, message: 'request data' }] },
  ],
}, 'a.php');

testRule(rule('tainted-redirect'), {
  valid: [{ code: 'def f\n  redirect_back_or_to root_path\nend', path: 'a.rb' }],
  invalid: [{ code: 'def f\n  redirect_back_or_to params[:x]\nend', path: 'a.rb', errors: [{ line: 2, column: 23 }] }],
}, 'a.rb');

testRule(rule('cookie-flags-off'), {
  valid: [{ code: 'ActionController::Base.session = { :key => "_s", :session_http_only => true }', path: 'config/initializers/session_store.rb' }],
  invalid: [
    // Rails 2's session options.
    { code: 'ActionController::Base.session = { :key => "_s", :session_http_only => false }', path: 'config/initializers/session_store.rb', errors: [{ line: 1, column: 72 }], output: 'ActionController::Base.session = { :key => "_s", :session_http_only => true }' },
  ],
}, 'a.rb');

testRule(rule('tainted-path'), {
  valid: [
    // A command pipe is reported as a command, not as a file path.
    { code: 'def f\n  cmd = open("|%s" % params[:c])\nend', path: 'a.rb' },
    { code: '<?php\n$t = $_GET["t"];\nfile(basename($t));', path: 'a.php' },
    { code: 'class C {\n  void ok(@RequestParam String name) throws Exception {\n    Resource r = new ClassPathResource("data/fixed.txt");\n    URL u = getClass().getResource("/app.properties");\n  }\n}', path: 'C.java' },
    // Router-set names, a predicate's true/false, an existing template, an element of an allow-list.
    {
      code: 'class A < ApplicationController\n  def a\n    render params[:action]\n    render params[:x].thing?\n    slug = params[:slug].to_s\n    render slug if template_exists?(slug, "pages")\n    f = params[:f].presence_in(%w[foo]) || raise(ActionController::BadRequest)\n    render "admin/#{f}"\n  end\nend',
      path: 'a.rb',
    },
  ],
  invalid: [
    // Spring resources name files too.
    {
      code: 'class C {\n  void bad(@RequestParam String filename) throws Exception {\n    Resource r = appContext.getResource("classpath:com/" + filename);\n    File f = new ClassPathResource("data/" + filename).getFile();\n  }\n}',
      path: 'C.java',
      errors: [{ line: 3, column: 41, message: 'request data' }, { line: 4, column: 36, message: 'request data' }],
    },
    // `dirname` keeps the client's path.
    { code: '<?php\n$t = $_GET["t"];\nunlink(dirname($t));', path: 'a.php', errors: [{ line: 3, column: 8 }] },
    // Dynamic render path (found without other file words in the file).
    { code: 'class A < ApplicationController\n  def a\n    render params[:page]\n  end\nend', path: 'a.rb', errors: [{ line: 3, column: 12, message: 'request data' }] },
  ],
}, 'a.rb');

testRule(rule('tainted-html'), {
  valid: [{ code: 'def f\n  render inline: Kernel::sprintf("<div>%s</div>", h(params[:x]))\nend', path: 'a.rb' }],
  invalid: [
    // `Kernel::sprintf` formats like `sprintf`.
    { code: 'def f\n  name = params[:name]\n  render inline: Kernel::sprintf("<div>%s</div>", name)\nend', path: 'a.rb', errors: [{ line: 3, column: 18 }] },
  ],
}, 'a.rb');

testRule(rule('tainted-deserialization'), {
  valid: [
    { code: 'Rails.application.config.action_dispatch.cookies_serializer = :json', path: 'config/initializers/cookies_serializer.rb' },
    { code: 'def a\n  YAML.load(params[:y], safe: true)\nend', path: 'a.rb' },
  ],
  invalid: [
    {
      code: 'Rails.application.config.action_dispatch.cookies_serializer = :hybrid\nRails.application.config.action_dispatch.cookies_serializer = :marshal',
      path: 'config/initializers/cookies_serializer.rb',
      errors: [{ line: 1, column: 63, message: 'Marshal' }, { line: 2, column: 63, message: 'Marshal' }],
      output: 'Rails.application.config.action_dispatch.cookies_serializer = :json\nRails.application.config.action_dispatch.cookies_serializer = :json',
    },
    { code: 'def a\n  YAML.load(params[:y], safe: false)\nend', path: 'a.rb', errors: [{ line: 2, column: 13 }] },
    // `load_stream` builds the objects of every document, as `load` does one (Brakeman rails3 `test_more_yaml_methods`).
    { code: 'def a\n  YAML.load_stream cookies[:thing]\n  Psych.load_stream(params[:y])\nend', path: 'a.rb', errors: [{ line: 2, column: 20 }, { line: 3, column: 21 }] },
  ],
}, 'a.rb');
