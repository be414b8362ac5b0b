import { testRule, treeRule as rule } from '../helpers/ruleTester';

/**
 * Ruby / Rails knowledge from Brakeman's labelled test applications (issue #14, branch `rb-brakeman`):
 * each misfire fixed and each miss covered, as valid / invalid cases at exact positions.
 */

testRule(rule('tainted-redirect'), {
  valid: [
    // A hash of params without host keys builds a URL on this host; a host the server chose; Rails 7's own check.
    { code: 'def f\n  redirect_to params.slice(:back_to)\n  redirect_to params.merge(:host => User.canonical_url)\n  redirect_to params[:x], allow_other_host: false\nend', path: 'a.rb' },
  ],
  invalid: [
    { code: 'def f\n  redirect_to params.merge(:host => params[:host])\n  redirect_to params[:x], allow_other_host: true\nend', path: 'a.rb', errors: [{ line: 2, column: 15, message: 'request data' }, { line: 3, column: 15 }] },
  ],
}, 'a.rb');

testRule(rule('tainted-command'), {
  valid: [
    // `if` used as a value is the taken arm's: both arms constant, the command is constant.
    { code: 'def f\n  o = if admin\n        "rm -rf"\n      else\n        :symbol\n      end\n  system "cd / && #{o}"\n  `echo #{"foo" if foo} bar`\nend', path: 'a.rb' },
  ],
  invalid: [
    { code: 'def f\n  o = if admin\n        params[:cmd]\n      else\n        "ls"\n      end\n  system "cd / && #{o}"\n  POSIX::Spawn::spawn params[:cmd]\nend', path: 'a.rb', errors: [{ line: 7, column: 10, message: 'request data' }, { line: 8, column: 23 }] },
  ],
}, 'a.rb');

testRule(rule('tainted-sql'), {
  valid: [
    // A query method named by a constant symbol with constant arguments; `sanitize_sql` still quotes.
    { code: 'def f\n  User.try(:where, "x = 1")\n  User.send(:from, :users)\n  where("a = #{sanitize_sql(params[:a])}")\nend', path: 'a.rb' },
  ],
  invalid: [
    {
      // A query method called by name; a string built by interpolation reshaped by `.squish` (unknown origin: a warning);
      // `sanitize_sql_like` escapes only the wildcards; Rails 2 `:conditions` built from a parameter.
      code: 'def f(x)\n  User.stuff.try(:where, params[:query])\n  connection.execute "SELECT * FROM #{user_input}".squish\n  Arel.sql("name ILIKE \'%#{sanitize_sql_like(x)}%\'")\n  find(:all, :conditions => "blah = #{x}")\nend',
      path: 'a.rb',
      errors: [
        { line: 2, column: 26, severity: 'error' },
        { line: 3, column: 22, message: 'unknown origin', severity: 'warning' },
        { line: 4, column: 12, message: 'unknown origin' },
        { line: 5, column: 29, message: 'unknown origin' },
      ],
    },
  ],
}, 'a.rb');

testRule(rule('tainted-code'), {
  valid: [
    // Built from constants, a bare value of unknown origin, and class_eval defining methods: silent.
    { code: 'def f(anything)\n  instance_eval "plain"\n  instance_eval anything\n  %w[a b].each { |s| class_eval "def m_#{s}; end" }\nend', path: 'a.rb' },
  ],
  invalid: [
    { code: 'def f(string)\n  eval("foo #{string}")\n  instance_eval "x #{string}"\nend', path: 'a.rb', errors: [{ line: 2, column: 8, message: 'unknown origin', severity: 'warning' }, { line: 3, column: 17, message: 'unknown origin' }] },
  ],
}, 'a.rb');

testRule(rule('tainted-path'), {
  valid: [
    { code: 'def f\n  Rails.root.join("a", "b")\n  render :action => "show"\nend', path: 'a.rb' },
  ],
  invalid: [
    {
      code: 'def f\n  Rails.root.join("a", "#{params[:c]}")\n  Pathname.new("a").join(params[:x])\n  load params[:file]\n  render :action => params[:a]\nend',
      path: 'a.rb',
      errors: [{ line: 2, column: 24 }, { line: 3, column: 26 }, { line: 4, column: 8 }, { line: 5, column: 21 }],
    },
  ],
}, 'a.rb');

// Rails callbacks: `@page` set by a `before_action` is what the action reads, in the order the callbacks run
// (`prepend_` ahead, `append_` behind, `only:` / `except:`, `skip_`); the action's own assignment comes after them.
const CALLBACKS = [
  'class UsersController < ApplicationController',
  '  before_action :set_page',
  '  prepend_before_action :safe_page, :only => :prepended',
  '  append_before_action :safe_page, :only => [:appended]',
  '  skip_before_action :set_page, only: :skipped',
  '  before_filter :set_other, except: [:index]',
  '  def show',
  '    render @page',
  '  end',
  '  def prepended',
  '    render @page',
  '  end',
  '  def appended',
  '    render @page',
  '  end',
  '  def skipped',
  '    render @page',
  '  end',
  '  def own',
  '    @page = "home"',
  '    render @page',
  '  end',
  '  def index',
  '    render @other',
  '  end',
  '  def edit',
  '    render @other',
  '  end',
  '  def set_page',
  '    @page = params[:page]',
  '  end',
  '  def safe_page',
  '    @page = :home',
  '  end',
  '  def set_other',
  '    @other = params[:o]',
  '  end',
  'end',
].join('\n');
testRule(rule('tainted-path'), {
  valid: [],
  invalid: [
    { code: CALLBACKS, path: 'app/controllers/users_controller.rb', errors: [{ line: 8, column: 12, severity: 'error', message: 'request data' }, { line: 11, column: 12, severity: 'error' }, { line: 27, column: 12, severity: 'error' }] },
  ],
}, 'app/controllers/users_controller.rb');

testRule(rule('tainted-html'), {
  valid: [
    // Rails' to_json escapes <, > and &; `u` leaves no markup.
    { code: 'def f\n  raw(params[:x].to_json)\n  raw(u(params[:y]))\nend', path: 'a.rb' },
  ],
  invalid: [
    { code: 'def f\n  raw(params[:x].to_s)\nend', path: 'a.rb', errors: [{ line: 2, column: 7 }] },
  ],
}, 'a.rb');

testRule(rule('debug-mode-on'), {
  valid: [
    { code: 'class A < ActionController::Base\n  def show_detailed_exceptions?\n    false\n  end\nend', path: 'app/controllers/a.rb' },
  ],
  invalid: [
    {
      code: 'class A < ActionController::Base\n  def show_detailed_exceptions?\n    true\n  end\nend\nclass B < A\n  def show_detailed_exceptions?\n    admin? current_user\n  end\nend',
      path: 'app/controllers/a.rb',
      errors: [{ line: 2, column: 7, message: 'returns true' }, { line: 7, column: 7, message: 'the visitors it says yes to' }],
    },
  ],
}, 'a.rb');

testRule(rule('tainted-code'), {
  valid: [
    // A Rails enum's values are an allow-list; a value derived inside the checked branch stays checked.
    { code: 'def f\n  status = "#{params[:status]}"\n  if Group.statuses.include? status\n    @status = status.to_sym\n    Group.send(@status)\n  end\nend', path: 'a.rb' },
  ],
  invalid: [
    { code: 'def f\n  status = params[:status]\n  @status = status.to_sym\n  Group.send(@status)\nend', path: 'a.rb', errors: [{ line: 4, column: 14 }] },
    // Unsafe reflection: a class the client names (Brakeman rails3.1 `constantize_some_stuff`).
    { code: 'class AdminController < ApplicationController\n  def show\n    Module.qualified_const_get(params[:const])\n    const_get(params[:arg])\n    Object.const_get(SAFE_NAME)\n  end\nend', path: 'a.rb', errors: [{ line: 3, column: 32, severity: 'error' }, { line: 4, column: 15, severity: 'error' }] },
  ],
}, 'a.rb');

testRule(rule('tainted-deserialization'), {
  valid: [
    // Bytes the code wrote itself, or a method's result of unknown origin; YAML.load is safe_load since Psych 4.
    { code: 'def f(x)\n  Marshal.load("\\x04\\bi\\x06")\n  Marshal.load(Marshal.dump(Foo.new))\n  Marshal.load(get_data())\n  YAML.load(x)\nend', path: 'a.rb' },
  ],
  invalid: [
    {
      // Marshal builds any object its bytes name: bytes stored in a model record warn; request data is an error.
      code: 'def f\n  Marshal.restore User.find(1).stored\n  Marshal.load(Doc.find_by(id: 2).blob)\n  Marshal.load params[:o]\nend',
      path: 'a.rb',
      errors: [
        { line: 2, column: 19, message: 'unknown origin', severity: 'warning' },
        { line: 3, column: 16, message: 'unknown origin', severity: 'warning' },
        { line: 4, column: 16, severity: 'error' },
      ],
    },
  ],
}, 'a.rb');

/**
 * Follow-up of issue #14 (branch `rb-follow`): `update_all`'s SET clause and Rails 2/3 conditions, a whole
 * condition from the client in `where` / `not` / `delete_all`, a splatted list, Rails 3 `scope :x, :conditions`,
 * `count(column)`; the Rails 2 finder-options row no longer reads the positional id (`find(params[:id])`).
 */
testRule(rule('tainted-sql'), {
  valid: [
    // A hash or a template list binds its values; a constant; a sanitised value; the whole `params` (Rails refuses it
    // unpermitted), a permitted and compacted one, a `*_params` method; a constant `:conditions` string.
    { code: 'def f\n  User.update_all(name: params[:name])\n  User.update_all(["name = ?", params[:name]])\n  User.update_all "a = 1", "b = 2"\n  User.update_all("name = \'#{sanitize_sql(params[:name])}\'")\n  User.where(params)\n  User.where(params.permit(:foo).slice(:foo).compact_blank)\n  User.where(user_params)\n  scope :done, :conditions => "state = \'done\'"\nend', path: 'a.rb' },
    // An id or a limit is quoted or cast by Rails; Rails 2 options that are constant; `count` of a constant expression.
    { code: 'def f\n  @user = User.find(params[:id])\n  User.first(params[:n])\n  User.find(:all, :order => "name")\n  items.count("a - 1")\nend', path: 'a.rb' },
  ],
  invalid: [
    {
      code: 'def f(x)\n  User.update_all params[:sql]\n  User.update_all "old = TRUE", ["name = \'#{params[:name]}\' AND age > ?", params[:age]]\n  User.update_all "a = 1", ["name = ?", params[:name]], :order => params[:order]\n  Noticia.where(params[:q])\n  Person.where(*params[:foo])\n  scope :phooey, :conditions => "phoeey = \'#{x}\'"\nend',
      path: 'a.rb',
      errors: [
        { line: 2, column: 19, severity: 'error' },
        { line: 3, column: 34, severity: 'error' },
        { line: 4, column: 67, severity: 'error' },
        { line: 5, column: 17, severity: 'error' },
        { line: 6, column: 16, severity: 'error' },
        { line: 7, column: 33, message: 'unknown origin', severity: 'warning' },
      ],
    },
    { code: 'def f\n  Thing.count("x - #{params[:x]}")\n  User.find(:all, :order => params[:o])\nend', path: 'a.rb', errors: [{ line: 2, column: 15 }, { line: 3, column: 29 }] },
  ],
}, 'a.rb');

testRule(rule('tainted-redirect'), {
  valid: [
    // An association is a record (Rails builds its URL); Rails 7's own host check.
    { code: 'def f\n  redirect_to User.first.account\n  redirect_to User.find(1).url, allow_other_host: false\nend', path: 'a.rb' },
  ],
  invalid: [
    // A web address stored in a record: whoever wrote it chose the site (unknown origin, a warning).
    { code: 'def f\n  redirect_to User.find(params[:id]).website\nend', path: 'a.rb', errors: [{ line: 2, column: 15, message: 'unknown origin', severity: 'warning' }] },
  ],
}, 'a.rb');

testRule(rule('tainted-path'), {
  valid: [{ code: 'def f\n  YAML.load_file(Rails.root.join("config", "a.yml"))\nend', path: 'a.rb' }],
  invalid: [{ code: 'def f\n  YAML.load_file("config/" + params[:f])\n  Psych.parse_file(params[:g])\nend', path: 'a.rb', errors: [{ line: 2, column: 18 }, { line: 3, column: 20 }] }],
}, 'a.rb');

// A heredoc's text is the value of its opening (`<<~SQL` in the call, the body on the lines after the statement):
// reshaped by `.chomp` / `.tr`, two openings on one line taken in order; a constant heredoc is silent.
testRule(rule('tainted-sql'), {
  valid: [{ code: 'def f\n  connection.execute <<~SQL\n    DELETE FROM x WHERE a = 1\n  SQL\nend', path: 'a.rb' }],
  invalid: [{
    code: 'def e(table)\n  ActiveRecord::Base.connection.delete <<~SQL.chomp\n    DELETE FROM #{table} WHERE a = 1\n  SQL\n  Arel.sql(<<~SQL.tr("\\n", " "))\n    CASE WHEN #{params[:field]} IS NULL\n  SQL\nend',
    path: 'a.rb',
    errors: [{ line: 2, column: 40, message: 'unknown origin', severity: 'warning' }, { line: 5, column: 12, severity: 'error' }],
  }],
}, 'a.rb');

testRule(rule('tainted-command'), {
  valid: [{ code: 'def f\n  a, b = <<~A, <<~B\n    one\n  A\n    two #{params[:q]}\n  B\n  system(a)\nend', path: 'a.rb' }],
  invalid: [{ code: 'def f\n  a, b = <<~A, <<~B\n    one\n  A\n    two #{params[:q]}\n  B\n  system(b)\nend', path: 'a.rb', errors: [{ line: 7, column: 10, severity: 'error' }] }],
}, 'a.rb');
