import { NO_BINDS, field, listParams, named, tableAdapter } from '../../dataflow/adapter';
import type { LanguageSpec } from '../../dataflow/language';
import type { SyntaxNode } from '../../treesitter/runtime';

const STRING_TEXT: ReadonlySet<string> = new Set(['string_start', 'string_content', 'string_end', 'escape_sequence']);

/** A plain string literal's content (no interpolation, no escapes), else undefined. */
function plainString(node: SyntaxNode | undefined, text: string): string | undefined {
  if (node?.type !== 'string') return undefined;
  const kids = named(node);
  if (!kids.every((c) => c.type === 'string_start' || c.type === 'string_content' || c.type === 'string_end')) return undefined;
  return kids.filter((c) => c.type === 'string_content').map((c) => text.slice(c.start, c.end)).join('');
}

/** Python: the tree-sitter-python adapter, and Flask / Django / FastAPI / aiohttp knowledge as data. */
const adapter = tableAdapter(
  {
    calls: { call: { fn: 'function', args: 'arguments' } },
    members: { attribute: ['object', 'attribute'] },
    identifiers: new Set(['identifier']),
    subscripts: { subscript: 'value' },
    assigns: { assignment: ['left', 'right'], augmented_assignment: ['left', 'right'], for_statement: ['left', 'right'], named_expression: ['name', 'value'], for_in_clause: ['left', 'right'] },
    functions: new Set(['function_definition', 'lambda']),
    literals: new Set(['integer', 'float', 'true', 'false', 'none']),
    strings: new Set(['string']),
    stringText: new Set(['string_start', 'string_content', 'string_end', 'escape_sequence']),
    stringDelimiters: new Set(['string_start', 'string_end']),
    binary: new Set(['binary_operator']),
    concatOps: new Set(['+', '%']),
    pairs: { keyword_argument: ['name', 'value'], pair: ['key', 'value'] },
    wrappers: new Set(['parenthesized_expression', 'expression_list', 'await']),
    collections: new Set(['list', 'tuple', 'set', 'dictionary', 'list_comprehension', 'generator_expression', 'concatenated_string', 'conditional_expression', 'boolean_operator', 'list_splat', 'dictionary_splat']),
    interpolations: new Set(['interpolation']),
    conditionals: {
      if_statement: { condition: 'condition', then: 'consequence', else: 'alternative' },
    },
  },
  {
    params(fn, text) {
      return listParams(field(fn, 'parameters'), text, (p) => (p.type === 'identifier' ? p : field(p, 'name') ?? named(p).find((c) => c.type === 'identifier')));
    },
    handlerContext(fn, text) {
      const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
      const decorators = decorated ? named(decorated).filter((c) => c.type === 'decorator').map((c) => text.slice(c.start, c.end)).join('\n') : '';
      // Django views take `request` first; the other parameters come from the URL.
      const first = named(field(fn, 'parameters') ?? fn)[0];
      const django = first && /^request\b/.test(text.slice(first.start, first.end)) ? '@route' : '';
      // AWS Lambda: `def handler(event, context)`; the event is the client's request.
      const params = named(field(fn, 'parameters') ?? fn).map((p) => text.slice(p.start, p.end).replace(/\s*:.*$/, ''));
      const lambda = params.length === 2 && params[0] === 'event' && params[1] === 'context' ? '@route' : '';
      return `${decorators}${django}${lambda}`;
    },
    stringValue(node: SyntaxNode, text: string) {
      // Adjacent literals are one string: `"SELECT …" "WHERE …"`.
      const parts = node.type === 'concatenated_string' ? named(node) : [node];
      let out = '';
      for (const p of parts) {
        if (p.type !== 'string') return undefined;
        const kids = named(p);
        if (!kids.every((c) => STRING_TEXT.has(c.type))) return undefined;
        out += kids.filter((c) => c.type !== 'string_start' && c.type !== 'string_end').map((c) => text.slice(c.start, c.end)).join('');
      }
      return out;
    },
    // `__import__("os")` / `importlib.import_module("os")` is the module `os`; `getattr(os, "system")` is
    // `os.system`: the same call, spelled so that a search for `os.system` misses it.
    dynamicName(call, text, name) {
      const [first, second] = call.args;
      if (/^(?:__import__|(?:importlib\.)?import_module)$/.test(call.name) && call.args.length === 1) {
        const module = plainString(first, text);
        return module !== undefined && /^\w+(?:\.\w+)*$/.test(module) ? module : undefined;
      }
      if (call.name === 'getattr' && call.args.length === 2 && first) {
        const attribute = plainString(second, text);
        const object = name(first);
        return object !== undefined && attribute !== undefined && /^\w+$/.test(attribute) ? `${object}.${attribute}` : undefined;
      }
      return undefined;
    },
    binds(node: SyntaxNode) {
      if (node.type === 'with_item') {
        const value = field(node, 'value');
        if (value?.type === 'as_pattern') {
          const target = named(value).find((c) => c.type === 'as_pattern_target');
          const source = named(value)[0];
          if (target && source) return [[named(target)[0] ?? target, source]];
        }
      }
      return NO_BINDS;
    },
  },
);

/**
 * `from dill import loads` → `loads` is `dill.loads`; `from os import system as run`; `import _pickle as p`
 * (relative and `*` imports left out). Read for every analysis of a file (per-function reuse compares
 * it between versions): the last text's answer is kept.
 */
let lastImports: { text: string; names: Map<string, string> } | undefined;
function importedNames(text: string): Map<string, string> {
  if (lastImports?.text === text) return lastImports.names;
  const names = new Map<string, string>();
  for (const m of importLines(text, FROM_IMPORT)) {
    for (const item of m[2]!.replace(/[()\\]/g, ' ').split(',')) {
      const [, name, alias] = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(item.replace(/#.*$/gm, '')) ?? [];
      if (name) names.set(alias ?? name, `${m[1]}.${name}`);
    }
  }
  for (const m of importLines(text, IMPORT_AS)) names.set(m[2]!, m[1]!);
  lastImports = { text, names };
  return names;
}

const FROM_IMPORT = /^[ \t]*from[ \t]+(\w[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/my;
const IMPORT_AS = /^[ \t]*import[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)[ \t]*(?:#.*)?$/my;
const IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)[ \t]*(?:#.*)?$/my;

/**
 * What `text.matchAll(re)` gives for a line-anchored `re` (flags `my`, written `^[ \t]*…import…`, with
 * `import` before any line break in every match), without trying every place of the text: `re` runs
 * only at the starts of lines holding the word `import` (a search for a literal is many times faster
 * than a pattern starting with a multiline `^`). Read after every keystroke of a Python file.
 */
function* importLines(text: string, re: RegExp): Generator<RegExpExecArray> {
  let after = 0;
  for (let i = text.indexOf('import'); i >= 0; i = text.indexOf('import', i + 6)) {
    // The line's start as `^` sees it (after \n, \r, U+2028 or U+2029).
    let start = i;
    while (start > 0 && !LINE_BREAK.has(text.charCodeAt(start - 1))) start--;
    if (start < after) continue;
    re.lastIndex = start;
    const m = re.exec(text);
    // A match starts at a line's start; the next one no earlier than its end (as `matchAll` goes on).
    if (m) {
      after = start + m[0].length;
      yield m;
    } else after = start + 1;
  }
}
const LINE_BREAK = new Set([0x0a, 0x0d, 0x2028, 0x2029]);
/** A file that imports `tarfile` (whose `extractall` trusts member names; `zipfile`'s does not). */
const TARFILE_IMPORT = /(?:^|[\n\r])[ \t]*(?:import[ \t]+tarfile\b|from[ \t]+tarfile[ \t]+import\b)/;

export const python: LanguageSpec = {
  id: 'python',
  adapter,
  sources: {
    objects: ['request', 'self.request', 'flask.request'],
    parts: /^(?:args|form|values|json|data|files|cookies|headers|GET|POST|COOKIES|META|FILES|body|query_params|path_params|match_info|query|rel_url|view_args|url|full_path|path|query_string|stream|environ|get_json|get_data|post|text|read|content|raw_post_data|REQUEST|params|matchdict|json_body)$/,
    calls: /^(?:request\.(?:get_json|get_data|json|post|text|read))$/,
    paramAnnotations: /\b(?:Query|Path|Body|Form|Header|Cookie|File|UploadFile)\b/,
  },
  sinks: [
    // MongoDB (pymongo, motor): a filter from the request can hold operators (`{"$ne": None}` from a JSON body) or a `$where` script.
    { class: 'nosql', call: /\.(?:find|find_one|find_one_and_(?:delete|replace|update)|delete_one|delete_many|update_one|update_many|replace_one|count_documents|aggregate)$/, args: [0], kwargs: ['filter'], fileText: /\b(?:pymongo|motor|MongoClient)\b/ },
    { class: 'sql', call: /(?:^|\.)(?:execute|executemany|executescript|mogrify|raw|extra)$/, sqlShape: true, unknown: 'dynamic' },
    // asyncpg (`fetch`, `fetchrow`, `fetchval`, `cursor`) and pg8000 (`run`): the same, by other names.
    { class: 'sql', call: /\.(?:fetch|fetchrow|fetchval|cursor|run)$/, sqlShape: true, unknown: 'dynamic' },
    // SQLAlchemy 1.x query methods take a string as raw SQL (`query.order_by("name {}".format(x))`).
    { class: 'sql', call: /\.(?:filter|order_by|group_by|having|distinct)$/, built: true, unknown: 'dynamic' },
    // `text()` imported from SQLAlchemy takes nothing but SQL: no need for the text to read as SQL.
    { class: 'sql', call: /^(?:sqlalchemy\.)?text$/, fileText: /\bfrom[ \t]+sqlalchemy(?:\.sql)?(?:\.expression)?[ \t]+import[^\n]*\btext\b|\bsqlalchemy\.text\(/, unknown: 'dynamic' },
    { class: 'sql', call: /^(?:(?:sqlalchemy\.)?text|(?:pandas\.|pd\.)?read_sql(?:_query)?|RawSQL|(?:\w+\.)*expressions\.RawSQL)$/, sqlShape: true, unknown: 'dynamic' },
    // Django `QuerySet.extra(where=[…])`: raw SQL fragments in a list.
    { class: 'sql', call: /(?:^|\.)extra$/, kwargs: ['where', 'select', 'tables', 'order_by'] },
    // These run their argument through a shell: any value not constant is a command line someone else wrote.
    { class: 'command', call: /^(?:os\.(?:system|popen|popen[234])|subprocess\.(?:getoutput|getstatusoutput)|commands\.getoutput|popen2\.\w+|asyncio\.(?:subprocess\.)?create_subprocess_shell)$/, unknown: 'always' },
    // asyncio's loop-level shell (`loop.subprocess_shell(factory, cmd)`) and paramiko's `exec_command`,
    // which hands its text to the remote host's shell.
    { class: 'command', call: /(?:^|\.)subprocess_shell$/, args: [1], unknown: 'always' },
    { class: 'command', call: /^(?:\w+\.)*(?:SSHClient\(\)|client|ssh|ssh_client|sshclient)\.exec_command$/i, unknown: 'always' },
    // Airflow's BashOperator runs `bash_command` with `bash -c`.
    { class: 'command', call: /^(?:\w+\.)*BashOperator$/, args: [1], kwargs: ['bash_command'], unknown: 'always' },
    // `shell=True` hands the text to a shell, as `os.system` does: any value not constant is a command line.
    { class: 'command', call: /^(?:subprocess\.)?(?:call|check_call|check_output|run|Popen)$/, when: { kwarg: 'shell', value: /^True$/ }, unknown: 'always' },
    // The program `os.spawn*` / `os.posix_spawn*` / `os.exec*` / asyncio's `create_subprocess_exec(program, *args)`
    // and `loop.subprocess_exec(factory, program, *args)` start: a program chosen by a value not constant runs
    // whatever that value names. `sys.executable` is this interpreter (`os.execv(sys.executable, …)` restarts).
    { class: 'command', call: /^os\.spawn\w+$|(?:^|\.)subprocess_exec$/, args: [1], unknown: 'always', unlessArgText: /^sys\.executable$/ },
    { class: 'command', call: /^os\.(?:posix_spawnp?|exec\w+)$|^asyncio\.(?:subprocess\.)?create_subprocess_exec$/, args: [0], unknown: 'always', unlessArgText: /^sys\.executable$/ },
    { class: 'command', call: /^(?:subprocess\.(?:call|check_call|check_output|run|Popen)|os\.(?:exec\w+|spawn\w+)|asyncio\.(?:subprocess\.)?create_subprocess_(?:exec|shell)|\w+\.subprocess_(?:exec|shell))$/, args: 'all' },
    { class: 'code', call: /^(?:eval|exec|compile|builtins\.eval|builtins\.exec)$/, unknown: 'always' },
    // The standard library's other ways to run source text: the `code` module's consoles, sub-interpreters.
    { class: 'code', call: /^(?:code\.)?Interactive(?:Console|Interpreter)\(\)\.(?:push|runsource|runcode)$|^(?:_testcapi|(?:test\.)?support)\.run_in_subinterp$/, unknown: 'always' },
    { class: 'code', call: /^(?:_xxsubinterpreters|_interpreters)\.run_string$/, args: [1], unknown: 'always' },
    // asyncio runs `exec`/`eval` on a worker thread with the arguments that follow it.
    { class: 'code', call: /(?:^|\.)run_in_executor$/, argText: { index: 1, text: /^(?:builtins\.)?(?:exec|eval)$/ }, args: [2], unknown: 'always' },
    { class: 'code', call: /^(?:(?:flask\.)?render_template_string|(?:jinja2\.)?Template|(?:\w+\.)?from_string|Environment\(\)\.from_string|mako\.template\.Template)$/ },
    { class: 'path', call: /^(?:open|io\.open|codecs\.open|os\.(?:remove|unlink|rmdir|removedirs|open|listdir|makedirs|mkdir|rename|chmod)|shutil\.(?:rmtree|copy\w*|move)|(?:flask\.)?send_file|(?:pathlib\.)?Path|FileResponse|tarfile\.open|zipfile\.ZipFile)$/, args: [0] },
    // werkzeug `FileStorage.save(dst)` / Django `default_storage.save(name, f)`: where an upload is written.
    { class: 'path', call: /(?:^|\.)save$/, args: [0] },
    { class: 'redirect', call: /^(?:(?:flask\.)?redirect|HttpResponseRedirect|HttpResponsePermanentRedirect|RedirectResponse|web\.HTTPFound|(?:django\.shortcuts\.)?redirect)$/ },
    { class: 'ssrf', call: /^(?:requests|httpx|session|self\.session|aiohttp\.ClientSession\(\))\.(?:get|post|put|delete|head|patch|options|request)$|^(?:urllib\.request\.)?urlopen$|^urllib2?\.urlopen$|^(?:urllib3\.)?PoolManager\(\)\.request$/, args: [0], kwargs: ['url'] },
    { class: 'ldap', call: /(?:^|\.)(?:search_s|search_st|search_ext_s|search)$/, args: [2], kwargs: ['filterstr', 'search_filter'] },
    { class: 'xpath', call: /(?:^|\.)xpath$/, args: [0] },
    { class: 'html', call: /^(?:(?:markupsafe\.|flask\.)?Markup|(?:django\.utils\.safestring\.)?mark_safe|HttpResponse(?:BadRequest|NotFound|Forbidden|NotAllowed|Gone|ServerError)?|(?:flask\.)?make_response|web\.Response)$/ },
    // Markup built with values of unknown origin, sent raw: a warning (tried only when no request data reaches the call).
    { class: 'html', call: /^(?:HttpResponse(?:BadRequest|NotFound|Forbidden|NotAllowed|Gone|ServerError)?|(?:flask\.)?make_response|web\.Response)$/, unknown: 'dynamic', shapeText: /<[a-zA-Z!/]/ },
    // Flask's, Pyramid's and WebOb's `Response(body)` is `text/html` unless told otherwise (then it has more arguments).
    { class: 'html', call: /^(?:(?:flask|webob|pyramid\.response)\.)?Response$|^HTMLResponse$/, maxArgs: 1, fileText: /(?:^|[\n\r\u2028\u2029])[ \t]*(?:from|import)[ \t]+(?:flask|pyramid|webob|fastapi|starlette)\b/ },
    // Pyramid: the body of the response this view returns.
    { class: 'html', call: /^$/, property: /^request\.response\.(?:body|text)$/ },
    { class: 'deserialization', call: /^(?:c?[Pp]ickle|dill|_pickle|shelve|marshal|jsonpickle)\.(?:loads?|decode|open|Unpickler)$/, unknown: 'always' },
    { class: 'deserialization', call: /^yaml\.(?:unsafe_load|full_load|load_all|unsafe_load_all|load)$/, unknown: 'always', unlessKwarg: { kwarg: 'Loader', value: /^(?:yaml\.)?C?(?:Safe|Base)Loader$/ } },
  ],
  sanitizers: [
    // Bytes this code serialised itself (`pickle.loads(pickle.dumps(x))`, a copy) are not foreign data.
    { call: /^(?:c?[Pp]ickle|dill|marshal|json|yaml)\.dumps?$/, classes: ['deserialization'] },
    { call: /^(?:int|float|bool|len|uuid\.UUID|abs|round)$/, classes: 'all' },
    { call: /^(?:shlex\.quote|pipes\.quote)$/, classes: ['command'] },
    { call: /^(?:html\.escape|escape|markupsafe\.escape|flask\.escape|cgi\.escape|bleach\.clean|django\.utils\.html\.escape|conditional_escape)$/, classes: ['html'] },
    { call: /^(?:(?:werkzeug\.utils\.)?secure_filename|os\.path\.basename)$/, classes: ['path'] },
    { call: /^(?:url_for)$/, classes: ['redirect'] },
    { call: /^(?:ldap\.filter\.escape_filter_chars|escape_filter_chars)$/, classes: ['ldap'] },
  ],
  passThrough: /^(?:.*\.(?:format|join|replace|strip|lower|upper|encode|decode)|open|io\.open|codecs\.open|str|repr|bytes|bytearray|list|tuple|dict|set|sorted|reversed|os\.path\.(?:join|abspath|normpath|realpath|expanduser)|os\.fspath|unquote|urllib\.parse\.unquote(?:_plus)?|base64\.\w*decode\w*|(?:code\.)?compile_command|json\.loads|json\.dumps|"".join|' '.join|\w*\.join)$/,
  mutators: /^(?:append|extend|insert|add|update|write)$/,
  formatCalls: /^$/,
  // `import os, os.path` (not `import x as y`, whose alias may shadow anything).
  importedModules: (text) => new Set([...importLines(text, IMPORT)].flatMap((m) => m[1]!.split(',').map((x) => x.trim().split('.')[0]!))),
  // `from dill import loads`, `from os import system as run`, `import _pickle as p` (relative and `*` imports left out).
  importedNames,
  responseReturns: new Set(['return_statement']),
  // Jinja2's Environment escapes nothing unless `autoescape` says so (Flask's own environment does).
  unescapedEnvironments: {
    call: /^(?:jinja2\.)?(?:sandbox\.)?(?:Sandboxed|ImmutableSandboxed)?Environment$/,
    template: /^(?:jinja2\.)?Template$/,
    key: 'autoescape',
    fileText: /(?:^|[\n\r])[ \t]*(?:import[ \t]+jinja2|from[ \t]+jinja2\b)/,
    templates: /^(?:get_template|select_template|get_or_select_template|from_string)$/,
    renders: /^(?:render|render_async|stream|generate)$/,
    fix: 'autoescape=True',
  },
  templateNames: { call: /^(?:flask\.)?render_template$/, escaped: /\.(?:html?|xml|xhtml|svg)$/i },
  guards: [
    // Django / Flask-Login style checks that a redirect target stays on this site.
    { call: /^(?:(?:django\.utils\.http\.)?(?:url_has_allowed_host_and_scheme|is_safe_url)|is_safe_redirect_url|is_safe_url|url_is_safe|is_local_url)$/, subject: 0, keyword: 'url', classes: ['redirect', 'ssrf'] },
    // `isinstance(x, int)`: a number cannot carry an injection.
    { call: /^isinstance$/, subject: 0, argText: { index: 1, text: /^\(?\s*(?:int|float|bool|uuid\.UUID|UUID|(?:datetime\.)?(?:date|datetime))\s*(?:[,)]|$)/ }, classes: 'all' },
    // A full match against a pattern of word characters only (no `.`, `/` or negated class): an allow-list.
    { call: /^re\.(?:fullmatch|match|search)$/, subject: 1, pattern: 0, classes: 'all' },
    // A path resolved first, then kept under a base directory.
    { call: /(?:^|\.)startswith$/, subject: 'receiver', normalized: /^os\.path\.(?:realpath|abspath|normpath)$/, classes: ['path'] },
  ],
  membership: { holds: new Set(['in']), fails: new Set(['not in']) },
  exitCalls: /^(?:(?:flask\.)?abort|sys\.exit|exit|os\._exit)$/,
  settings: [
    { rule: 'tls-verify-off', call: /^(?:requests|httpx|session|self\.session|s|client)\.(?:get|post|put|delete|head|patch|options|request|stream|Client|AsyncClient)$|^(?:requests\.Session|httpx\.(?:Client|AsyncClient))$/, key: /^verify$/, value: /^False$/, message: 'TLS certificate verification is switched off (`verify=False`): anyone on the network path can read and change this traffic.', fix: 'True' },
    { rule: 'tls-verify-off', call: /^ssl\._create_unverified_context$/, message: 'An unverified TLS context accepts any certificate: anyone on the network path can read and change this traffic.' },
    { rule: 'tls-verify-off', key: /^(?:check_hostname)$/, value: /^False$/, message: 'Host name checking is switched off: any valid certificate for any host is accepted.', fix: 'True' },
    { rule: 'tls-verify-off', key: /^(?:verify_mode|cert_reqs)$/, value: /^(?:ssl\.)?CERT_NONE$/, message: 'TLS certificates are not verified (`CERT_NONE`): anyone on the network path can read and change this traffic.', fix: 'ssl.CERT_REQUIRED' },
    // urllib3's pools also take the name as a string (`cert_reqs="NONE"`); only in their calls, since
    // libraries that implement a `verify=False` option hold the string in a variable under that flag
    // (requests' adapters). `CERT_OPTIONAL` verifies in client mode: not a finding.
    { rule: 'tls-verify-off', call: /(?:^|\.)(?:PoolManager|ProxyManager|connection_from_url|proxy_from_url|HTTPSConnectionPool)$/, key: /^cert_reqs$/, value: /^(['"])(?:CERT_)?NONE\1$/, message: 'TLS certificates are not verified (`cert_reqs="NONE"`): anyone on the network path can read and change this traffic.', fix: 'ssl.CERT_REQUIRED' },
    // Monkey-patching the default context switches verification off for every HTTPS request of the process.
    { rule: 'tls-verify-off', key: /^_create_default_https_context$/, value: /(?:^|\.)_create_unverified_context$/, message: 'Every HTTPS connection of this process now accepts any certificate: anyone on the network path can read and change this traffic.' },
    { rule: 'cookie-flags-off', call: /^(?:\w+\.)+set_cookie$/, absent: ['secure', 'httponly'], minArgs: 2, argKeywords: ['value'], absentFix: ', {key}=True', message: 'This cookie is set without {keys}: it travels over plain HTTP or can be read by scripts in the page.' },
    // Pyramid's auth ticket cookie is neither Secure nor HttpOnly unless asked.
    { rule: 'cookie-flags-off', call: /^(?:\w+\.)*AuthTkt(?:CookieHelper|AuthenticationPolicy)$/, absent: ['secure', 'httponly'], absentFix: ', {key}=True', message: 'This authentication cookie is set up without {keys} (Pyramid leaves both off by default): it travels over plain HTTP or can be read by scripts in the page.' },
    { rule: 'cookie-flags-off', call: /(?:^|\.)(?:set_cookie|AuthTkt(?:CookieHelper|AuthenticationPolicy))$/, key: /^(?:secure|httponly)$/, value: /^False$/, message: 'This cookie is set with a protection switched off; set `secure=True` and `httponly=True`.', fix: 'True' },
    { rule: 'cookie-flags-off', key: /^(?:SESSION_COOKIE_SECURE|CSRF_COOKIE_SECURE|SESSION_COOKIE_HTTPONLY|REMEMBER_COOKIE_SECURE)$/, value: /^False$/, message: 'A session or CSRF cookie flag is switched off in the settings.', fix: 'True' },
    { rule: 'debug-mode-on', call: /(?:^|\.)run$/, key: /^debug$/, value: /^True$/, message: 'The app runs with the debugger on: an error page lets anyone run code on the server.', fix: 'False' },
    { rule: 'debug-mode-on', key: /^(?:DEBUG|debug)$/, target: /(?:^|\.)(?:config\.DEBUG|app\.debug)$/, value: /^True$/, message: 'The Flask app is configured with the debugger on: an error page lets anyone run code on the server.', fix: 'False' },
    { rule: 'debug-mode-on', key: /^ENV$/, target: /(?:^|\.)config\.ENV$/, value: /^['"]development['"]$/, message: 'The Flask app is configured as `development`, which switches the debugger on.', fix: "'production'" },
    { rule: 'debug-mode-on', call: /(?:^|\.)config\.update$/, key: /^DEBUG$/, value: /^True$/, message: 'The Flask app is configured with the debugger on: an error page lets anyone run code on the server.', fix: 'False' },
    { rule: 'debug-mode-on', key: /^DEBUG$/, value: /^True$/, path: /(?:^|\/)settings(?:\/(?!dev|local|test)[^/]*)?\.py$|(?:^|\/)(?:prod|production)\w*\.py$/, message: 'Django `DEBUG = True` shows settings, code and SQL to anyone who triggers an error.', fix: 'False' },
    { rule: 'cors-credentials-any-origin', call: /^(?:CORS|cross_origin)$/, key: /^(?:origins|resources)$/, value: /^(?:['"]\*['"]|\[['"]\*['"]\])$/, unlessNearby: /^(?![\s\S]*supports_credentials\s*=\s*True)/, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
    { rule: 'cors-credentials-any-origin', call: /(?:^|\.)add_middleware$/, key: /^allow_origins$/, value: /^\[\s*['"]\*['"]\s*\]$/, unlessNearby: /^(?![\s\S]*allow_credentials\s*=\s*True)/, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
    { rule: 'cors-credentials-any-origin', key: /^CORS_(?:ORIGIN_ALLOW_ALL|ALLOW_ALL_ORIGINS)$/, value: /^True$/, unlessNearby: /^(?![\s\S]*CORS_ALLOW_CREDENTIALS\s*=\s*True)/, message: 'django-cors-headers allows every origin while credentials are allowed.' },
    // `*` without credentials: low confidence (public data, or a service whose access is its network position).
    { rule: 'cors-wildcard-origin', call: /^(?:CORS|cross_origin)$/, key: /^origins$/, value: /^(?:['"]\*['"]|\[\s*['"]\*['"]\s*\])$/, unlessNearby: /supports_credentials\s*=\s*True/, message: 'Every website may read these responses (`Access-Control-Allow-Origin: *`): right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list). List the origins that may read it.' },
    { rule: 'cors-wildcard-origin', call: /(?:^|\.)add_middleware$/, key: /^allow_origins$/, value: /^\[\s*['"]\*['"]\s*\]$/, unlessNearby: /allow_credentials\s*=\s*True/, message: 'Every website may read these responses (`Access-Control-Allow-Origin: *`): right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list). List the origins that may read it.' },
    { rule: 'cors-wildcard-origin', key: /^CORS_(?:ORIGIN_ALLOW_ALL|ALLOW_ALL_ORIGINS)$/, value: /^True$/, unlessNearby: /CORS_ALLOW_CREDENTIALS\s*=\s*True/, message: 'django-cors-headers lets every website read these responses: right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list). List the origins in `CORS_ALLOWED_ORIGINS`.' },
    // `tempfile.mktemp()` (also imported by name, or the module under another name): a name, not a file.
    // ruamel.yaml's `typ='unsafe'` loader builds any Python object a document names (`!!python/object/apply:os.system`);
    // `typ=` is ruamel's own keyword.
    { rule: 'tainted-deserialization', call: /^(?:ruamel\.yaml\.)?YAML$/, key: /^typ$/, value: /^(['"])unsafe\1$/, message: "ruamel.yaml with `typ='unsafe'` builds any Python object a document names: loading a crafted document runs code. Use `typ='safe'`.", fix: "'safe'" },
    // PyTorch's `torch.load(..., weights_only=False)` unpickles the file: a crafted checkpoint runs code
    // (since 2.6 the default is `weights_only=True`, which loads tensors only).
    { rule: 'tainted-deserialization', call: /^torch\.load$/, key: /^weights_only$/, value: /^False$/, message: '`torch.load(..., weights_only=False)` unpickles the file: a crafted checkpoint runs code when loaded. Keep `weights_only=True` (the default since PyTorch 2.6).', fix: 'True' },
    // `tarfile`'s `extractall()` writes each member under the name the archive gives it (`../../x`, an absolute
    // path, a link out of the folder) unless a `filter` is given ('data' is the default only from Python 3.14);
    // a call that chooses its own `members` is left alone (the function decides what is written).
    { rule: 'tainted-path', call: /(?:^|\.)extractall$/, fileText: TARFILE_IMPORT, absent: ['filter'], unlessNearby: /\bmembers\s*=/, message: "`extractall()` without `filter=` writes each member under the name the archive gives it: a crafted tar (`../` names, absolute paths, links) writes outside the folder. Pass `filter='data'`." },
    { rule: 'tainted-path', call: /(?:^|\.)extract(?:all)?$/, fileText: TARFILE_IMPORT, key: /^filter$/, value: /^(['"])fully_trusted\1$/, message: "`filter='fully_trusted'` lets a tar archive write outside the folder (`../` names, absolute paths, links). Use `filter='data'`.", fix: "'data'" },
    { rule: 'insecure-temp-file', call: /^(?:\w+\.)?mktemp$/, message: '`mktemp()` only picks a name; another process can create that file (or a link) before this one does. Use `tempfile.mkstemp()` or `NamedTemporaryFile()`.' },
    // paramiko: a policy that accepts a host key it has never seen (the default, RejectPolicy, refuses it).
    { rule: 'ssh-host-key-unverified', call: /(?:^|\.)set_missing_host_key_policy$/, arg: 0, value: /^(?:\w+\.)*(?:AutoAddPolicy|WarningPolicy)(?:\(\))?$/, message: 'This SSH client accepts any host key it has not seen before: anyone on the network path can pose as the server.' },
    { rule: 'xxe-enabled', call: /(?:^|\.)XMLParser$/, key: /^(?:resolve_entities|load_dtd|huge_tree)$/, value: /^(?:True)$/, message: 'The XML parser resolves external entities: a crafted document can read local files or reach internal hosts.', fix: 'False' },
    { rule: 'xxe-enabled', call: /^(?:xml\.sax\.make_parser|make_parser)$/, unlessNearby: /feature_external_ges[\s\S]*False|defusedxml/, message: 'xml.sax resolves external entities unless told not to; use defusedxml or turn `feature_external_ges` off.' },
  ],
  fastHashes: /^(?:hashlib\.(?:md5|sha1|sha224|sha256|sha384|sha512|new)|md5\.new|sha\.new)$/,
  weakRandom: /^(?:random\.(?:random|randint|randrange|choice|choices|sample|getrandbits|uniform|shuffle))$/,
};
