import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * PHP and Ruby recall (issue #14, `lang-php-ruby`): each source, sink and setting added from the
 * misses of semgrep's labelled tests, as a valid / invalid pair at exact positions.
 */

testRule(rule('tainted-sql'), {
  valid: [
    // A list is a template and its bound values: a constant template is parameterised, whatever the values.
    { code: 'def f\n  Product.where(["admin = ?", params[:admin]])\n  Product.find(:first, :joins => [:x, :y])\nend', path: 'a.rb' },
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
  ],
}, 'a.php');

testRule(rule('tainted-command'), {
  valid: [
    // A fixed pipe, and a file name.
    { code: 'def f\n  cmd = open("|date")\n  open("report.txt")\nend', path: 'a.rb' },
  ],
  invalid: [
    // `open("|…")` runs the rest through the shell, also when formatted with `Kernel::sprintf`.
    {
      code: 'def f\n  cmd = open("|%s" % params[:c])\n  cmd = open(Kernel::sprintf("|%s", params[:c]))\nend',
      path: 'a.rb',
      errors: [{ line: 2, column: 14, message: 'request data' }, { line: 3, column: 14, message: 'request data' }],
    },
  ],
}, 'a.rb');

testRule(rule('tainted-path'), {
  valid: [
    // A command pipe is reported as a command, not as a file path.
    { code: 'def f\n  cmd = open("|%s" % params[:c])\nend', path: 'a.rb' },
    { code: '<?php\n$t = $_GET["t"];\nfile(basename($t));', path: 'a.php' },
  ],
  invalid: [
    // `dirname` keeps the client's path.
    { code: '<?php\n$t = $_GET["t"];\nunlink(dirname($t));', path: 'a.php', errors: [{ line: 3, column: 8 }] },
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
  valid: [{ code: 'Rails.application.config.action_dispatch.cookies_serializer = :json', path: 'config/initializers/cookies_serializer.rb' }],
  invalid: [
    {
      code: 'Rails.application.config.action_dispatch.cookies_serializer = :hybrid\nRails.application.config.action_dispatch.cookies_serializer = :marshal',
      path: 'config/initializers/cookies_serializer.rb',
      errors: [{ line: 1, column: 63, message: 'Marshal' }, { line: 2, column: 63, message: 'Marshal' }],
      output: 'Rails.application.config.action_dispatch.cookies_serializer = :json\nRails.application.config.action_dispatch.cookies_serializer = :json',
    },
  ],
}, 'a.rb');
