import { field, named, tableAdapter } from '../../dataflow/adapter';
import type { Callback, LanguageSpec, Param } from '../../dataflow/language';

/** Ruby: the tree-sitter-ruby adapter, and Rails / Sinatra knowledge as data. */
const adapter = tableAdapter(
  {
    calls: { call: { receiver: 'receiver', method: 'method', args: 'arguments' } },
    pseudoCalls: { subshell: '`' },
    members: { scope_resolution: ['scope', 'name'] },
    identifiers: new Set(['identifier', 'constant', 'instance_variable', 'global_variable', 'class_variable']),
    subscripts: { element_reference: 'object' },
    assigns: { assignment: ['left', 'right'], operator_assignment: ['left', 'right'], for: ['pattern', 'value'] },
    functions: new Set(['method', 'singleton_method', 'lambda']),
    literals: new Set(['integer', 'float', 'true', 'false', 'nil', 'simple_symbol', 'hash_key_symbol', 'delimited_symbol', 'rational']),
    strings: new Set(['string', 'heredoc_body', 'subshell']),
    stringText: new Set(['string_content', 'escape_sequence', 'heredoc_content', 'heredoc_end']),
    binary: new Set(['binary']),
    concatOps: new Set(['+', '%', '<<']),
    pairs: { pair: ['key', 'value'] },
    // A one-statement arm of `if` / `unless` is its value (`x = if a then "ls" else "pwd" end`).
    wrappers: new Set(['parenthesized_statements', 'begin_block', 'argument_list_with_parens', 'then', 'else']),
    collections: new Set(['array', 'hash', 'conditional', 'splat_argument', 'block_argument', 'binary']),
    interpolations: new Set(['interpolation']),
    heredocs: { beginning: 'heredoc_beginning', body: 'heredoc_body' },
    conditionals: {
      conditional: { condition: 'condition', then: 'consequence', else: 'alternative', value: true },
      // In Ruby `if` is an expression too: used as a value it is the taken arm's (`"foo" if x` is "foo" or nil).
      if: { condition: 'condition', then: 'consequence', else: 'alternative', expression: true },
      unless: { condition: 'condition', then: 'consequence', else: 'alternative', expression: true, negated: true },
      if_modifier: { condition: 'condition', then: 'body', else: '', expression: true },
      unless_modifier: { condition: 'condition', then: 'body', else: '', expression: true, negated: true },
    },
  },
  {
    handlerContext(fn, text) {
      // AWS Lambda: `def handler(event:, context:)`; the event is the client's request.
      const list = field(fn, 'parameters');
      const names = (list ? named(list) : []).map((p) => text.slice(p.start, p.end).replace(/[:\s].*$/, ''));
      return names.length === 2 && names[0] === 'event' && names[1] === 'context' ? '@route' : '';
    },
    params(fn, text) {
      const out: Param[] = [];
      const list = field(fn, 'parameters');
      for (const p of list ? named(list) : []) {
        const id = p.type === 'identifier' ? p : field(p, 'name') ?? named(p).find((c) => c.type === 'identifier');
        if (id) out.push({ name: text.slice(id.start, id.end), node: p, type: '', annotations: '' });
      }
      return out;
    },
  },
);

/** Ruby's ways to run a program: one string goes through the shell, several arguments do not. */
const RUN = /^(?:system|exec|spawn|Kernel\.(?:system|exec|spawn)|POSIX\.Spawn\.(?:spawn|popen4)|IO\.popen|Open3\.(?:popen3|popen2|popen2e|capture2|capture2e|capture3)|PTY\.spawn|Process\.spawn)$/;
/** The first argument names a shell (`"sh"`, `["/bin/bash", …]`), so what follows `-c` is shell text. */
const SHELL_FIRST = /^\[?\s*["'](?:\/usr)?(?:\/bin\/)?(?:ba|z|da|k)?sh["']/;
/** An argument list whose program is not a shell (`["ls", dir]`): its elements reach the program unparsed. */
/** An attribute of a record an ActiveRecord finder loaded: `User.find(1).data`, `Doc.find_by(id: x).payload`. */
const MODEL_ATTRIBUTE = /^[A-Z]\w*(?:::[A-Z]\w*)*\.(?:find|find_by\w*|first|last|take)\b(?:\([^()]*\)|\s[^.]*)?\.\w+$/;
/** A record's attribute named as a web address (`User.find(id).url`, `.website`, `.return_to`); an association (`.account`) is a record, whose URL Rails builds. */
const MODEL_URL = /^[A-Z]\w*(?:::[A-Z]\w*)*\.(?:find|find_by\w*|first|last|take)\b(?:\([^()]*\)|\s[^.]*)?\.\w*(?:url|uri|link|href|website|homepage|redirect\w*|return_to|location)$/;
const LIST_WITHOUT_SHELL = /^\[\s*["'](?!(?:\/usr)?(?:\/bin\/)?(?:ba|z|da|k)?sh["'])/;

/**
 * A condition or update given as a hash binds its values: a literal list or hash, a permitted or sliced
 * `params` (also `.compact_blank` / `.compact` / `.to_h` after it), a `*_params` method, or the whole `params`
 * (unpermitted, Rails refuses it with ForbiddenAttributesError). A list's first element is reported as SQL elsewhere.
 */
const PERMITTED_OR_HASH = /^[[{]|\.(?:permit!?|slice)\([^)]*\)(?:\.(?:compact_blank|compact|to_h))*$|_params$|^params$/;

/** A bare `params` / `cookies` is a method call without receiver; tree-sitter reads it as an identifier. */
export const ruby: LanguageSpec = {
  id: 'ruby',
  adapter,
  unitBlocks: new Set(['do_block', 'block']),
  sources: {
    objects: ['request'],
    parts: /^(?:params|query_parameters|request_parameters|path_parameters|body|raw_post|headers|cookies|env|path|fullpath|url|original_url|referer|referrer|user_agent|query_string|host|POST|GET|filtered_parameters)$/,
    names: /^(?:params|cookies|request\.params|ARGV|gets)$/,
    calls: /^(?:params\.(?:fetch|require|permit|dig|slice|values_at|to_unsafe_h|\[\]))$/,
  },
  sinks: [
    // net-ldap: a filter parsed from text built with request data (`Filter.eq(attr, value)` escapes the value).
    { class: 'ldap', call: /^Net\.LDAP\.Filter\.(?:construct|from_rfc2254|from_rfc4515)$/, args: [0] },
    { class: 'ldap', call: /(?:^|\.)search$/, kwargs: ['filter'], fileText: /\bNet::LDAP\b/ },
    // Nokogiri and REXML: an XPath expression built from request data (Nokogiri binds `$name` variables from a hash).
    { class: 'xpath', call: /(?:^|\.)(?:xpath|at_xpath)$/, args: [0] },
    { class: 'xpath', call: /^REXML\.XPath\.(?:first|match|each)$/, args: [1] },
    // The mongo-ruby driver and Mongoid: a Rails parameter can be a hash (`user[$ne]=`), an operator in the
    // filter. The filter is its pairs (`find(name: x)`, `find("name" => x)`) or a hash literal; a plain
    // argument (`find(params[:id])`) is an id.
    { class: 'nosql', call: /(?:^|\.)(?:find|find_one_and_(?:delete|replace|update)|delete_one|delete_many|update_one|update_many|replace_one|count_documents|aggregate)$/, args: [], anyKwarg: true, fileText: /\bMongo::Client\b|\bMongoid\b/ },
    { class: 'nosql', call: /(?:^|\.)(?:find|find_one_and_(?:delete|replace|update)|delete_one|delete_many|update_one|update_many|replace_one|count_documents|aggregate)$/, args: [0], unlessArgText: /^(?!\{)/, fileText: /\bMongo::Client\b|\bMongoid\b/ },
    { class: 'sql', call: /(?:^|\.)(?:find_by_sql|count_by_sql|execute|exec_query|exec_update|exec_insert|exec_delete|select_all|select_one|select_value|select_values|select_rows)$/, unknown: 'dynamic' },
    { class: 'sql', call: /(?:^|\.)(?:where|having|order|reorder|group|joins|pluck|select|from|lock|not|find_by|update_all|delete_all|destroy_all|exists\?|calculate|sum|count|average|maximum|minimum|rewhere|first|last|find)$/, firstElement: true, sqlShape: 'fragment', unknown: 'dynamic' },
    // A column, table or ordering named by the client (`order(params[:sort])`, `sum(params[:col])`).
    { class: 'sql', call: /(?:^|\.)(?:order|reorder|group|pluck|select)$/, args: 'all', unlessArgText: /^[[{]/ },
    { class: 'sql', call: /(?:^|\.)(?:count|sum|average|minimum|maximum|from|lock|joins|having)$/, args: [0], unlessArgText: /^[[{]/ },
    // The whole condition from the client (`find_by params[:q]`): a String is SQL. A permitted hash binds its values.
    { class: 'sql', call: /(?:^|\.)(?:find_by!?|find_or_create_by!?|find_or_initialize_by|create_or_find_by!?|destroy_by|delete_by|where|rewhere|not|delete_all|destroy_all)$/, args: [0], unlessArgText: PERMITTED_OR_HASH },
    // `update_all(updates, conditions, options)`: the SET clause is SQL when it is a String, and Rails 2/3 take the
    // conditions second (a String or a template list) and `:order` among the options.
    { class: 'sql', call: /(?:^|\.)update_all$/, args: [0, 1], firstElement: true, unlessArgText: PERMITTED_OR_HASH },
    { class: 'sql', call: /(?:^|\.)update_all$/, args: [], kwargs: ['order'], unlessArgText: /^[[{]/ },
    { class: 'sql', call: /^Arel\.sql$/, unknown: 'dynamic' },
    // Rails 2 finder options: `find(:all, :order => params[:order])`, `:conditions => "a = #{x}"`.
    // A list is a template and its bound values (`:having => ["x = #{v} AND y = ?", w]`): its first element is the SQL.
    // Only the options: a positional argument is an id or `:all` / `:first` (`find(params[:id])` quotes the id).
    { class: 'sql', call: /(?:^|\.)(?:find|first|last|all|calculate|count|sum|average|minimum|maximum)$/, args: [], kwargs: ['order', 'group', 'having', 'joins', 'select', 'from', 'lock'], firstElement: true, unlessArgText: /^[[{]/ },
    { class: 'sql', call: /(?:^|\.)(?:find|first|last|all|calculate|count|sum|average|minimum|maximum)$|^(?:named_scope|scope)$/, kwargs: ['conditions'], firstElement: true, sqlShape: 'fragment', unknown: 'dynamic' },
    // A query method called by name: `User.try(:where, params[:q])`, `User.send(:from, params[:t])`.
    { class: 'sql', call: /(?:^|\.)(?:try|send|public_send|__send__)$/, args: [1], firstArgText: /^:(?:where|having|order|reorder|group|joins|pluck|select|from|find_by_sql|exists\?|calculate)$/, unlessArgText: /^[[{]/ },
    // pg / mysql2 / sqlite3 connections: `conn.exec(query)`, `client.query(sql)`.
    { class: 'sql', call: /\.(?:exec|exec_params|async_exec|exec_prepared|query|execute_batch|delete|insert|update)$/, args: [0], sqlShape: true, unknown: 'dynamic' },
    // One string runs through the shell. With more arguments, or an argument list, the program gets them as
    // they are (`system("echo", "-c", x)`), unless the program is a shell itself (`system("sh", "-c", x)`).
    { class: 'command', call: RUN, args: 'all', firstArgText: SHELL_FIRST, unknown: 'dynamic' },
    { class: 'command', call: RUN, args: [0], unlessArgText: LIST_WITHOUT_SHELL, unknown: 'dynamic' },
    // An environment hash first: `system({"A" => "1"}, "make #{x}")`.
    { class: 'command', call: RUN, args: [1], firstArgText: /^(?:\{|ENV\b)/, unknown: 'dynamic' },
    { class: 'command', call: /^(?:`|Shell\.\w+|Open3\.pipeline\w*)$/, args: 'all', unlessArgText: LIST_WITHOUT_SHELL, unknown: 'dynamic' },
    // `open("|date")`, `IO.read("|cmd")`: a name that starts with a pipe runs a command through the shell.
    { class: 'command', call: /^(?:open|Kernel\.open|IO\.(?:read|readlines|foreach|write|binread))$/, firstArgText: /^(?:["']\||(?:Kernel(?:::|\.))?(?:sprintf|format)\(\s*["']\|)/, unknown: 'dynamic' },
    // `open(params[:f])`: the client can start the name with `|`. Not when fixed text or a URI object comes first.
    { class: 'command', call: /^(?:open|Kernel\.open)$/, args: [0], unlessArgText: /^(?:["'](?!\||#\{)|URI\b)/ },
    // Metaprogramming with built strings is idiomatic Ruby: only request data is reported. A class named by the
    // client (`params[:class].constantize`, `Object.const_get(params[:c])`) is unsafe reflection: whatever class it names is built.
    { class: 'code', call: /^(?:eval|instance_eval|class_eval|module_eval|Kernel\.eval|binding\.eval|const_get|qualified_const_get)$|(?:^|\.)(?:instance_eval|class_eval|module_eval|constantize|safe_constantize|const_get|qualified_const_get)$|^ERB\.new$/ },
    // `eval` / `instance_eval` of a string built from values of unknown origin: a warning. `class_eval` and
    // `module_eval` with a heredoc are how Ruby defines methods by name, so they stay request-only.
    { class: 'code', call: /^(?:eval|instance_eval|Kernel\.eval|binding\.eval)$|\.instance_eval$/, args: [0], unknown: 'dynamic' },
    { class: 'code', call: /(?:^|\.)(?:send|public_send|__send__|try|method)$|^(?:send|public_send)$/, args: [0] },
    // A method chosen by the client: `params[:m].to_sym.to_proc.call(obj)`, `obj.tap(&params[:m].to_sym)`.
    { class: 'code', call: /(?:^|\.)to_proc$/ },
    { class: 'code', call: /./, args: 'all', unlessArgText: /^(?!&)/ },
    { class: 'path', call: /^(?:(?:File|Dir|IO|Kernel|PStore|Pathname)\.(?:open|read|readlines|new|delete|unlink|binread|foreach|join|chdir|chroot|entries|glob|install|lchmod|lchown|link|load|load_file|makedirs|move|rename|rmdir|safe_unlink|symlink|syscopy|sysopen|truncate|copy|mkdir|children|each_child|empty\?|\[\])|FileUtils\.\w+|send_file|send_data|open)$/, args: 'all', unlessArgText: /^(?:["']\||(?:Kernel(?:::|\.))?(?:sprintf|format)\(\s*["']\|)/ },
    // `Rails.root.join(params[:f])`, `Pathname.new(base).join(x)`: an absolute part replaces the base; `load` reads and runs a file.
    // `File.write(path, content)`: the content is not a path.
    { class: 'path', call: /^(?:File|IO|Kernel|Pathname)\.(?:write|binwrite)$/, args: [0] },
    { class: 'path', call: /^(?:Rails\.root\.join|Pathname\.new\(\)\.join|load|Kernel\.load)$/, args: 'all' },
    // YAML / Psych read the file they are given: `YAML.load_file("config/" + params[:f])`.
    { class: 'path', call: /^(?:YAML|Psych)\.(?:load_file|safe_load_file|unsafe_load_file|parse_file)$/, args: [0] },
    // Net::FTP: the host and the remote and local file names.
    { class: 'path', call: /^Net\.FTP\.(?:new|open)$|^ftp\.(?:connect|get|put|delete|getbinaryfile|gettextfile|putbinaryfile|puttextfile|storlines|storbinary|sendcmd|retrlines|retrbinary|chdir|rename)$/, args: 'all' },
    // `only_path: true` keeps the host; a hash without host/domain keys builds a local path.
    // A hash of params without host keys (`params.slice(:back_to)`), or with a host the server chose
    // (`params.merge(host: User.canonical_url)`), builds a URL on a known host; Rails 7 refuses another
    // host unless `allow_other_host: true`.
    { class: 'redirect', call: /^(?:redirect_to|redirect|redirect_back|redirect_back_or_to)$/, args: [0], kwargs: ['fallback_location'], unlessNearby: /\bparams(?:\.to_unsafe_h(?:ash)?)?\.merge!?\s*\(?\s*:?only_path\s*(?::|=>)\s*true/, unlessArgText: /^params\.(?:permit|slice)\((?![^)]*:(?:host|domain|subdomain|protocol)\b)|^\[|^params\.merge\(\s*:?(?:only_path\s*(?::|=>)\s*true|host\s*(?::|=>)\s*(?!\s|params\b|request\b|cookies\b))/, unlessKwarg: { kwarg: 'allow_other_host', value: /^false$/ } },
    // A URL stored in a record (`redirect_to User.find(id).url`): whoever wrote it chose the site; unknown origin, a warning.
    { class: 'redirect', call: /^(?:redirect_to|redirect)$/, args: [0], unknown: 'always', firstArgText: MODEL_URL, unlessKwarg: { kwarg: 'allow_other_host', value: /^false$/ } },
    { class: 'ssrf', call: /^(?:Net\.HTTP\.(?:get|get_response|post_form|start|new)|URI\.open|URI\.parse|open|HTTParty\.(?:get|post|put|delete|head)|Faraday\.(?:get|post|new)|RestClient\.(?:get|post|put|delete)|Excon\.(?:get|post)|Typhoeus\.(?:get|post))$|^Net\.HTTP\.\w+$|^Net\.HTTP\.(?:Get|Post|Put|Patch|Delete|Head|Options)\.new$/ },
    { class: 'html', call: /^(?:raw|html_safe|content_tag)$|(?:^|\.)html_safe$/, args: [0] },
    // `render plain:` is sent as text/plain; `render html: s` escapes a plain String (only `s.html_safe`, reported above, goes out raw).
    // A positional argument names a template or action (`render params[:action]`), reported as a path below.
    { class: 'html', call: /^render$/, args: [], kwargs: ['inline', 'text', 'body'] },
    { class: 'code', call: /^render$/, args: [], kwargs: ['inline'] },
    // `params[:action]` / `params[:controller]` are set by the router to a route's own names.
    { class: 'path', call: /^render$/, kwargs: ['file', 'template', 'partial', 'action'], unlessArgText: /^params\[:(?:action|controller)\]$/ },
    { class: 'deserialization', call: /^(?:Marshal\.(?:load|restore)|YAML\.(?:load|unsafe_load|load_documents|load_stream|unsafe_load_stream)|Psych\.(?:load|unsafe_load|load_stream)|Oj\.object_load|JSON\.load|CSV\.load)$/, unlessKwarg: { kwarg: 'safe', value: /^true$/ } },
    // Marshal builds any object its bytes name, whoever wrote them: bytes read from a model record
    // (`User.find(id).blob`: stored, so written earlier by some user) warn though their origin is unknown.
    { class: 'deserialization', call: /^Marshal\.(?:load|restore)$/, args: [0], unknown: 'always', firstArgText: MODEL_ATTRIBUTE },
    // `Oj.load(data, mode: :strict)` chooses a safe mode; without options the default mode builds objects.
    { class: 'deserialization', call: /^Oj\.load$/, maxArgs: 1 },
  ],
  sanitizers: [
    { call: /(?:^|\.)(?:to_i|to_f|to_r|to_c|length|size|count|pid|present\?|blank\?|nil\?|Integer|Float)$|^(?:Integer|Float)$/, classes: 'all' },
    // A predicate gives true or false (`params[:x].thing?`); `presence_in(LIST)` gives an element of the list or nil.
    { call: /(?:^|\.)(?:\w+\?|presence_in)$/, classes: 'all' },
    // `u` / `url_encode` leave no markup; Rails' `to_json` escapes `<`, `>` and `&` as \u003c… (escape_html_entities_in_json).
    { call: /^(?:h|html_escape|ERB\.Util\.html_escape|CGI\.escapeHTML|sanitize|strip_tags|escape_javascript|json_escape|Rack\.Utils\.escape_html|u|url_encode|ERB\.Util\.url_encode|CGI\.escape)$|(?:^|\.)to_json$/, classes: ['html'] },
    { call: /^(?:Shellwords\.escape|Shellwords\.shellescape)$|(?:^|\.)shellescape$/, classes: ['command'] },
    { call: /^(?:File\.basename)$/, classes: ['path'] },
    { call: /^Net\.LDAP\.Filter\.escape$/, classes: ['ldap'] },
    // `sanitize_sql_like` escapes only `%` and `_`: a quote still ends the string.
    { call: /(?:^|\.)(?:quote|sanitize_sql(?!_like$)\w*|connection\.quote|to_sql|escape)$/, classes: ['sql'] },
    // Names and values the schema and the clock decide: `#{User.quoted_table_name}`, `#{Date.today - 1}`.
    { call: /(?:^|\.)(?:table_name|quoted_table_name|primary_key|quoted_primary_key|column_names|quoted_column_name)$|\.(?:ago|from_now)$|^(?:Date\.(?:today|current)|Time\.(?:now|current)|Time\.zone\.now)$/, classes: ['sql'] },
    // Signed and encrypted cookies are made by the server: the client cannot choose their content.
    { call: /^cookies\.(?:permanent\.)?(?:signed|encrypted)$/, classes: 'all' },
    { call: /^(?:url_for|\w+_path|\w+_url)$/, classes: ['redirect'] },
  ],
  passThrough: /(?:^|\.)(?:to_s|to_str|to_sym|squish|strip_heredoc|lstrip|rstrip|strip|downcase|upcase|gsub|sub|tr|chomp|squeeze|join|split|concat|encode|force_encoding|dup|freeze|inspect|capitalize|html_safe)$|^(?:URI|URI\.parse|format|sprintf|Kernel\.format|Kernel\.sprintf|String|raw|CGI\.unescape|URI\.decode_www_form_component|Base64\.decode64)$/,
  shapeThrough: /\.(?:squish|strip_heredoc|lstrip|rstrip|strip|chomp|squeeze|tr|gsub|sub|freeze|dup)$/,
  mutators: /^(?:<<|concat|push|append|insert|store|merge!)$/,
  formatCalls: /^(?:format|sprintf|Kernel\.format|Kernel\.sprintf)$/,
  guards: [
    // `ALLOWED.include?(x)`, `%w[a b].include?(x)`: membership in a constant list; Rails `x.in?(ALLOWED)`.
    // A Rails enum's values (`Group.statuses.include?(x)`) are such a list too.
    { call: /(?:^|\.)(?:include\?|member\?|key\?|has_key\?)$/, subject: 0, receiverText: /^(?:(?:[A-Z]\w*::)*[A-Z][A-Z0-9_]*|%[wiWI][[({]|\[)|^(?:[A-Z]\w*::)*[A-Z]\w*\.[a-z_]+(?:es|s)$/, classes: 'all' },
    { call: /(?:^|\.)in\?$/, subject: 'receiver', argText: { index: 0, text: /^(?:(?:[A-Z]\w*::)*[A-Z][A-Z0-9_]*|%[wiWI][[({]|\[)/ }, classes: 'all' },
    // `x.match?(/\A[a-z0-9_]+\z/)`: a word allow-list.
    { call: /(?:^|\.)(?:match\?|match)$/, subject: 'receiver', pattern: 0, classes: 'all' },
    // Rendered only when such a template exists: `render slug if template_exists?(slug, "pages")`.
    { call: /(?:^|\.)template_exists\?$/, subject: 0, classes: ['path'] },
    // A path expanded first, then kept under a base directory.
    { call: /(?:^|\.)start_with\?$/, subject: 'receiver', normalized: /^(?:File\.(?:expand_path|realpath|absolute_path)|Pathname\.new\(\)\.(?:realpath|cleanpath|expand_path))$/, classes: ['path'] },
  ],
  exitCalls: /^(?:raise|fail|exit|abort|halt|throw|error!|not_found!|forbidden!|bad_request!)$/,
  settings: [
    { rule: 'tls-verify-off', key: /^(?:verify_mode|ssl_verify_mode)$/, value: /VERIFY_NONE$|^:none$/, loopback: { made: /^Net(?:::|\.)HTTP\.(?:new|start)$/, host: 0 }, message: 'TLS certificates are not verified (`VERIFY_NONE`): anyone on the network path can read and change this traffic.', fix: 'OpenSSL::SSL::VERIFY_PEER' },
    { rule: 'tls-verify-off', key: /^(?:verify|verify_ssl|ssl_verify)$/, value: /^false$|VERIFY_NONE$/, message: 'TLS certificate verification is switched off in these request options.', fix: 'true' },
    { rule: 'cookie-flags-off', key: /^(?:secure|httponly|http_only|session_http_only|session_secure)$/, value: /^false$/, message: 'This cookie is marked not Secure / not HttpOnly; session and authentication cookies need both.', fix: 'true' },
    { rule: 'cookie-flags-off', key: /^force_ssl$/, value: /^false$/, path: /(?:^|\/)config\/environments\/production\.rb$/, message: 'Production does not force HTTPS, so cookies are not marked Secure.', fix: 'true' },
    { rule: 'debug-mode-on', key: /^consider_all_requests_local$/, value: /^true$/, path: /(?:^|\/)config\/environments\/production\.rb$/, message: 'Production shows detailed error pages with code and parameters to every visitor.', fix: 'false' },
    { rule: 'debug-mode-on', call: /^set$/, arg: 1, argText: { index: 0, text: /^:(?:show_exceptions|dump_errors)$/ }, value: /^true$/, message: 'Sinatra shows exceptions to visitors.', fix: 'false' },
    { rule: 'cors-credentials-any-origin', call: /^origins$/, arg: 0, value: /^['"]\*['"]$/, unlessNearby: /^(?![\s\S]*credentials:\s*true)/, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
    // Marshal-serialised cookies: whoever learns `secret_key_base` sends a cookie that builds any object.
    { rule: 'tainted-deserialization', key: /^cookies_serializer$/, value: /^:(?:marshal|hybrid)$/, message: 'Cookies are serialised with Marshal (`:marshal` / `:hybrid`): a cookie signed with a leaked `secret_key_base` runs code when read.', fix: ':json' },
    { rule: 'xxe-enabled', key: /^(?:NOENT|noent|DTDLOAD)$/, message: 'The parser expands external entities (NOENT / DTDLOAD): a crafted document can read local files.' },
    { rule: 'xxe-enabled', call: /(?:^|\.)(?:noent|dtdload)$/, message: 'The parser expands external entities (noent / dtdload): a crafted document can read local files.' },
  ],
  callbacks: railsCallbacks,
  fastHashes: /^(?:Digest\.(?:MD5|SHA1|SHA256|SHA512)\.(?:hexdigest|digest|base64digest)|Digest\.(?:MD5|SHA1|SHA256|SHA512)\.(?:hexdigest|digest)|OpenSSL\.Digest\.(?:MD5|SHA1)\.\w+)$/,
  weakRandom: /^(?:rand|Random\.rand|Random\.new\.rand|Kernel\.rand|Random\.new_seed|\w+\.(?:sample|shuffle))$/,
};

const CALLBACK = /^[ \t]*(prepend_|append_|skip_)?before_(?:action|filter)\b[ \t(]*((?::\w+\b(?![ \t]*=>)[ \t]*,[ \t]*)*:\w+\b(?![ \t]*=>))(.*)$/gm;

/**
 * A Rails controller's `before_action` / `before_filter` callbacks (also `prepend_`, `append_`, `skip_`), each
 * naming methods by symbol, with `only:` / `except:` (a symbol or a list of them). Blocks and lambdas are not read.
 */
export function railsCallbacks(text: string): Callback[] {
  if (!text.includes('before_')) return [];
  const out: Callback[] = [];
  for (const m of text.matchAll(CALLBACK)) {
    const names = (key: string) => {
      const list = new RegExp(`(?:\\b${key}:|:${key}\\s*=>)\\s*(\\[[^\\]]*\\]|:\\w+)`).exec(m[3]!)?.[1];
      return list === undefined ? undefined : [...list.matchAll(/:(\w+)/g)].map((n) => n[1]!);
    };
    const only = names('only');
    const except = names('except');
    for (const method of m[2]!.matchAll(/:(\w+)/g)) {
      out.push({
        method: method[1]!, ...(only ? { only } : {}), ...(except ? { except } : {}),
        ...(m[1] === 'prepend_' ? { prepend: true } : {}), ...(m[1] === 'skip_' ? { skip: true } : {}),
      });
    }
  }
  return out;
}
