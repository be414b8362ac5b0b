import { NO_BINDS, field, listParams, named, tableAdapter } from '../../dataflow/adapter';
import type { LanguageSpec } from '../../dataflow/language';
import type { SyntaxNode } from '../../treesitter/runtime';

/** `$name` → `name`: PHP variables are named without their sigil, so `$_GET` is `_GET`. */
function identifierName(node: SyntaxNode, text: string): string {
  const raw = text.slice(node.start, node.end);
  return raw.startsWith('$') ? raw.slice(1) : raw;
}

/** PHP: the tree-sitter-php adapter, and plain PHP / Laravel / Symfony knowledge as data. */
const adapter = tableAdapter(
  {
    calls: {
      function_call_expression: { fn: 'function', args: 'arguments' },
      member_call_expression: { receiver: 'object', method: 'name', args: 'arguments' },
      nullsafe_member_call_expression: { receiver: 'object', method: 'name', args: 'arguments' },
      scoped_call_expression: { receiver: 'scope', method: 'name', args: 'arguments' },
      object_creation_expression: { fn: 'name', args: 'arguments', prefix: 'new ' },
    },
    pseudoCalls: {
      include_expression: 'include', include_once_expression: 'include_once', require_expression: 'require', require_once_expression: 'require_once',
      echo_statement: 'echo', print_intrinsic: 'print', shell_command_expression: '`', exit_statement: 'exit',
    },
    members: { member_access_expression: ['object', 'name'], nullsafe_member_access_expression: ['object', 'name'], class_constant_access_expression: ['class', 'constant'] },
    identifiers: new Set(['variable_name', 'name', 'qualified_name']),
    subscripts: { subscript_expression: 0 },
    assigns: { assignment_expression: ['left', 'right'], augmented_assignment_expression: ['left', 'right'], reference_assignment_expression: ['left', 'right'] },
    functions: new Set(['function_definition', 'method_declaration', 'anonymous_function', 'anonymous_function_creation_expression', 'arrow_function']),
    literals: new Set(['integer', 'float', 'boolean', 'null']),
    strings: new Set(['string', 'encapsed_string', 'heredoc', 'nowdoc', 'shell_command_expression']),
    stringText: new Set(['string_content', 'string_value', 'escape_sequence', 'heredoc_body', 'nowdoc_body', 'heredoc_start', 'heredoc_end', 'nowdoc_string']),
    binary: new Set(['binary_expression']),
    concatOps: new Set(['.']),
    pairs: { array_element_initializer: ['#first', '#last'], argument: ['name', '#last'] },
    wrappers: new Set(['parenthesized_expression', 'argument', 'cast_expression']),
    collections: new Set(['array_creation_expression', 'conditional_expression', 'array_element_initializer']),
    interpolations: new Set(['dynamic_variable_name']),
    conditionals: {
      conditional_expression: { condition: 'condition', then: 'body', else: 'alternative', value: true },
      if_statement: { condition: 'condition', then: 'body', else: 'alternative' },
    },
  },
  {
    identifierName,
    params(fn, text) {
      return listParams(field(fn, 'parameters'), text, (p) => field(p, 'name'), identifierName);
    },
    binds(node: SyntaxNode) {
      if (node.type !== 'foreach_statement') return NO_BINDS;
      const kids = named(node);
      const source = kids[0];
      const target = kids[1]?.type === 'pair' ? named(kids[1]).at(-1) : kids[1];
      return source && target ? [[target, source]] : NO_BINDS;
    },
  },
);

/** `array_element_initializer` keys by position: `'verify' => false`. */
const pair = adapter.pair;
adapter.pair = (node, text) => {
  if (node.type === 'array_element_initializer') {
    const kids = named(node);
    if (kids.length !== 2) return undefined;
    const key = adapter.stringValue(kids[0]!, text) ?? text.slice(kids[0]!.start, kids[0]!.end);
    return { key, value: kids[1]! };
  }
  if (node.type === 'argument') {
    const name = field(node, 'name');
    if (!name) return undefined;
    return { key: text.slice(name.start, name.end), value: named(node).at(-1)! };
  }
  return pair(node, text);
};

export const php: LanguageSpec = {
  id: 'php',
  adapter,
  sources: {
    objects: ['request', 'request()', 'Request', 'Input', 'this.request'],
    objectTypes: /\b(?:Request|ServerRequestInterface|FormRequest)\b/,
    // Laravel reads input through dynamic properties: `$request->email` is `$request->input('email')`.
    anyProperty: true,
    parts: /^(?:input|query|get|post|all|only|except|cookie|header|headers|file|files|route|json|getContent|getQueryParams|getParsedBody|getCookieParams|getUploadedFiles|getUri|request|cookies|attributes|server|string|str|integer|getClientOriginalName|getPathInfo|getRequestUri|param|params)$/,
    names: /^(?:_GET|_POST|_REQUEST|_COOKIE|_FILES|_SERVER|HTTP_RAW_POST_DATA|argv)$/,
    // A Laravel form request is the request: `$this->query->get('x')`, `$this->input('x')` in its `rules()`.
    selfIn: /\bextends\s+\\?(?:[\w\\]*\\)?FormRequest\b/,
    calls: /^(?:apache_request_headers|getallheaders|filter_input|request)$/,
    callsWithArg: [{ call: /^(?:file_get_contents|fopen)$/, arg: /^['"]php:\/\/input['"]$/ }],
  },
  sinks: [
    // Twig's `createTemplate(source)`: template text from the request runs as a template (`{{ _self.env… }}`).
    { class: 'code', call: /(?:^|\.)createTemplate$/, args: [0] },
    // MongoDB's PHP library: `user[$ne]=` in a query string is an array, an operator in the filter.
    { class: 'nosql', call: /(?:^|\.)(?:find|findOne|findOneAndDelete|findOneAndReplace|findOneAndUpdate|deleteOne|deleteMany|updateOne|updateMany|replaceOne|countDocuments|count|aggregate)$/, args: [0], fileText: /\bMongoDB\\|\bMongoClient\b/ },
    { class: 'sql', call: /^(?:mysqli_query|mysqli_real_query|mysqli_multi_query|mysql_query|mysql_db_query|mysql_unbuffered_query|pg_query|pg_send_query|pg_prepare|sqlite_query|sqlite_exec|db2_exec|odbc_exec|oci_parse|mssql_query|sqlsrv_query)$/, args: [0, 1], unknown: 'dynamic' },
    { class: 'sql', call: /(?:^|\.)(?:query|exec|prepare|multi_query|real_query|unprepared|statement|select|insert|update|delete|raw|executeQuery|executeStatement|createQuery|fetchAll|fetchAssoc|fetchOne|queryBuilder|get_results|get_var|get_row|get_col)$/, sqlShape: true, unknown: 'dynamic' },
    // Conditions and raw fragments of query builders (Laravel, Doctrine): `where('email = ' . $x)`.
    { class: 'sql', call: /(?:^|\.)(?:whereRaw|orWhereRaw|havingRaw|orderByRaw|selectRaw|groupByRaw|fromRaw|where|orWhere|andWhere|having|andHaving|orHaving|orderBy|addOrderBy|groupBy)$/, sqlShape: 'fragment' },
    // Column names and raw expressions taken from the request (`orderBy($request->input('sort'))`).
    { class: 'sql', call: /(?:^|\.)(?:where|orWhere|orderBy|groupBy|pluck|max|min|sum|avg|select|having|whereRaw|selectRaw|orderByRaw|havingRaw|raw|DB\.raw)$/, args: [0], unlessArgText: /^\[/ },
    // Laravel's unique rule puts the ignored id and its column name into the query as they are.
    { class: 'sql', call: /^Rule\.unique\(\)\.ignore$/, args: [0, 1] },
    // `proc_open(["ls", $x], …)` runs the program without a shell (unless the program is a shell); a string goes to `sh -c`, as with `exec`.
    { class: 'command', call: /^proc_open$/, unknown: 'always', unlessArgText: /^\[\s*['"](?!(?:\/usr)?(?:\/bin\/)?(?:ba|z|da|k)?sh['"])/ },
    { class: 'command', call: /^(?:exec|system|shell_exec|passthru|popen|pcntl_exec|`|expect_popen)$/, unknown: 'always' },
    { class: 'code', call: /^(?:eval|create_function|preg_replace_callback_array)$/, unknown: 'always' },
    // `assert($x > 1)` evaluates an expression, not code; only a string is run as PHP (`->` is a property read, not a comparison).
    { class: 'code', call: /^assert$/, unknown: 'always', unlessArgText: /<|(?<![-=])>|[!=]=|\binstanceof\b|&&|\|\||^!|^(?:is_|isset|empty|in_array|count)\w*\(/ },
    // The `e` option of the multibyte regex functions runs the replacement as PHP: options that are not constant may hold it.
    { class: 'code', call: /^(?:mb_ereg_replace|mb_eregi_replace)$/, args: [3], unknown: 'always' },
    { class: 'code', call: /^(?:call_user_func|call_user_func_array|array_map|register_shutdown_function|forward_static_call|forward_static_call_array)$/ },
    // The sort and filter callbacks come after the array: `usort($rows, $_GET['cmp'])` calls a function the client names.
    { class: 'code', call: /^(?:usort|uasort|uksort|array_filter|array_walk|array_reduce|iterator_apply)$/, args: [1] },
    { class: 'path', call: /^(?:include|include_once|require|require_once)$/ },
    // The file name is the first argument; the second is the content (`file_put_contents`), a mode, flags or a time.
    { class: 'path', call: /^(?:file_get_contents|file_put_contents|fopen|readfile|file|unlink|rmdir|mkdir|opendir|scandir|fpassthru|parse_ini_file|show_source|highlight_file|touch|is_file|file_exists|Storage\.get|response\(\)\.file)$/, args: [0] },
    // Two paths: source and destination (`Storage::download($path, $name)` names the download the browser saves).
    { class: 'path', call: /^(?:copy|rename|move_uploaded_file|Storage\.download|response\(\)\.download)$/, args: [0, 1] },
    // Laravel / Symfony uploads: `$file->move($dir, $name)`, `$file->storeAs($dir, $name)`.
    { class: 'path', call: /(?:^|\.)(?:move|storeAs|storePubliclyAs)$/, args: [0, 1] },
    { class: 'redirect', call: /^header$/, firstArgText: /^["']\s*Location\s*:/i },
    { class: 'redirect', call: /^(?:redirect|Redirect\.to|Redirect\.away|redirect\(\)\.to|redirect\(\)\.away|new RedirectResponse|this\.redirect|wp_redirect)$/ },
    { class: 'ssrf', call: /^(?:curl_init|fsockopen|get_headers|new GuzzleHttp\\?\.?Client\(\)\.\w+|Http\.(?:get|post|put|delete|head|patch))$/ },
    // PHP's stream wrappers fetch URLs: a file name that begins with request data can be `http://internal/`.
    { class: 'ssrf', call: /^(?:file_get_contents|fopen|readfile|file|get_meta_tags|simplexml_load_file|getimagesize)$/, args: [0], unlessArgText: /^['"]/ },
    // `hash_file($algo, $filename)`: the first argument names the algorithm, not a file.
    { class: 'ssrf', call: /^hash_file$/, args: [1], unlessArgText: /^['"]/ },
    { class: 'ssrf', call: /^(?:md5_file|sha1_file)$/, args: [0], unlessArgText: /^['"]/ },
    { class: 'ssrf', call: /^curl_setopt$/, args: [2], firstArgText: /./ },
    { class: 'ldap', call: /^(?:ldap_search|ldap_list|ldap_read)$/, args: [2] },
    { class: 'xpath', call: /(?:^|\.)(?:xpath|evaluate)$|^new DOMXPath\(\)\.query$/, args: [0] },
    { class: 'html', call: /^(?:echo|print|printf|vprintf|exit|die|print_r)$/, args: 'all' },
    // Frameworks unserialize their own cache and queue payloads: only request data is reported.
    { class: 'deserialization', call: /^(?:unserialize|yaml_parse|igbinary_unserialize)$/ },
    // `extract($_GET)` turns the client's keys into local variables, overwriting the program's own; `EXTR_SKIP` and `EXTR_PREFIX_ALL` overwrite nothing.
    { class: 'deserialization', call: /^extract$/, unlessArg: { index: 1, text: /^EXTR_(?:SKIP|PREFIX_ALL)\b/ }, message: '`extract` turns the keys of {from} into local variables, overwriting the program\'s own; read the keys you need, or pass `EXTR_SKIP`.' },
  ],
  sanitizers: [
    { call: /^(?:intval|floatval|boolval|count|strlen|abs|is_numeric|ctype_digit|\(int\)|max|min|round)$/, classes: 'all' },
    { call: /^(?:htmlspecialchars|htmlentities|strip_tags|e|esc_html|esc_attr|urlencode|rawurlencode|json_encode|filter_var)$/, classes: ['html'] },
    { call: /^(?:mysqli_real_escape_string|mysql_real_escape_string|pg_escape_string|pg_escape_literal|sqlite_escape_string|addslashes)$|(?:^|\.)(?:quote|real_escape_string|escape_string)$/, classes: ['sql'] },
    { call: /^(?:escapeshellarg|escapeshellcmd)$/, classes: ['command'] },
    { call: /^(?:basename|realpath)$/, classes: ['path'] },
    // `var_export($v, true)` writes a value as PHP literal source (quotes and backslashes escaped): evaluated, it is that value again.
    { call: /^var_export$/, classes: ['code'] },
    { call: /^(?:ldap_escape)$/, classes: ['ldap'] },
    { call: /^(?:url|route|action|url\(\)\.\w+)$/, classes: ['redirect'] },
  ],
  passThrough: /^(?:dirname|trim|ltrim|rtrim|strtolower|strtoupper|sprintf|vsprintf|implode|join|str_replace|substr|urldecode|rawurldecode|base64_decode|stripslashes|html_entity_decode|json_decode|strval|array_merge|explode|str_pad|ucfirst|lcfirst|nl2br)$/,
  mutators: /^(?:append|add|push|set|offsetSet)$/,
  formatCalls: /^(?:sprintf|vsprintf)$/,
  guards: [
    // A strict `in_array` against an allow-list (the loose one lets `"1 OR 1=1"` equal `1`).
    { call: /^in_array$/, subject: 0, argText: { index: 2, text: /^true$/i }, classes: 'all' },
    { call: /^(?:ctype_digit|ctype_alnum|ctype_alpha|is_numeric|is_int)$/, subject: 0, classes: 'all' },
    // `preg_match('/^[a-z0-9_]+$/', $x)`: a word allow-list.
    { call: /^preg_match$/, subject: 1, pattern: 0, classes: 'all' },
    // A path resolved first, then kept under a base directory.
    { call: /^str_starts_with$/, subject: 0, normalized: /^realpath$/, classes: ['path'] },
  ],
  exitCalls: /^(?:die|exit|abort)$/,
  settings: [
    { rule: 'tls-verify-off', call: /^curl_setopt$/, arg: 2, argText: { index: 1, text: /^CURLOPT_SSL_VERIFY(?:PEER|HOST)$/ }, value: /^(?:false|0|FALSE)$/, message: 'TLS certificate or host-name verification is switched off for this cURL handle.', fix: 'true' },
    { rule: 'tls-verify-off', key: /^(?:verify|verify_peer|verify_peer_name|allow_self_signed)$/, value: /^(?:false|FALSE)$/, message: 'TLS certificate verification is switched off in these request options.', fix: 'true' },
    { rule: 'cookie-flags-off', call: /^(?:setcookie|setrawcookie|session_set_cookie_params)$/, arg: 5, value: /^(?:false|0|FALSE)$/, message: 'This cookie is set without the Secure flag; pass `secure: true` (and `httponly: true`).', fix: 'true' },
    { rule: 'cookie-flags-off', call: /^(?:setcookie|setrawcookie)$/, arg: 6, value: /^(?:false|0|FALSE)$/, message: 'This cookie is set without the HttpOnly flag; pass `httponly: true`.', fix: 'true' },
    { rule: 'cookie-flags-off', call: /^ini_set$/, arg: 1, argText: { index: 0, text: /^['"]session\.cookie_(?:secure|httponly)['"]$/ }, value: /^(?:false|0|FALSE|'0'|"0"|'off'|"off"|'')$/i, message: 'A session cookie flag is switched off.' },
    { rule: 'debug-mode-on', call: /^ini_set$/, arg: 1, argText: { index: 0, text: /^['"]display_errors['"]$/ }, value: /^(?:1|true|TRUE|'1'|"1"|'on'|"on"|'On'|"On"|'stdout'|"stdout")$/, message: 'PHP shows errors to visitors (`display_errors`): paths, queries and values leak in error pages.', fix: "'0'" },
    { rule: 'debug-mode-on', call: /^config$/, key: /^app\.debug$/, value: /^(?:true|TRUE|'true'|"true"|1|'1')$/, message: 'Laravel debug mode is switched on in code: error pages show code, queries and environment values.', fix: 'false' },
    { rule: 'debug-mode-on', call: /^putenv$/, arg: 0, value: /^['"]APP_DEBUG=(?:true|1)['"]$/i, message: 'Laravel debug mode is switched on through the environment: error pages show code, queries and environment values.', fix: "'APP_DEBUG=false'" },
    { rule: 'debug-mode-on', key: /^APP_DEBUG$/, target: /^_(?:ENV|SERVER)\.APP_DEBUG$/, value: /^(?:true|TRUE|'true'|"true"|1|'1')$/, message: 'Laravel debug mode is switched on through the environment: error pages show code, queries and environment values.', fix: "'false'" },
    { rule: 'debug-mode-on', call: /^(?:define)$/, arg: 1, argText: { index: 0, text: /^['"](?:WP_DEBUG_DISPLAY|YII_DEBUG)['"]$/ }, value: /^(?:true|TRUE)$/, message: 'Debug output is switched on for visitors.', fix: 'false' },
    { rule: 'cors-credentials-any-origin', call: /^header$/, arg: 0, value: /^['"]Access-Control-Allow-Origin:\s*\*['"]$/i, unlessNearby: /^(?![\s\S]*Access-Control-Allow-Credentials:\s*true)/i, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
    // `*` without credentials: low confidence (public data, or a service whose access is its network position).
    { rule: 'cors-wildcard-origin', call: /^header$/i, arg: 0, value: /^['"]\s*Access-Control-Allow-Origin\s*:\s*\*\s*['"]$/i, unlessNearby: /Access-Control-Allow-Credentials\s*:\s*true/i, message: 'Every website may read these responses (`Access-Control-Allow-Origin: *`): right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list). List the origins that may read it.' },
    // Symfony: `$response->headers->set(name, '*')`.
    { rule: 'cors-wildcard-origin', call: /(?:^|\.)headers\.set$/, arg: 1, argText: { index: 0, text: /^['"]\s*access-control-allow-origin\s*['"]$/i }, value: /^['"]\s*\*\s*['"]$/, unlessNearby: /access-control-allow-credentials['"]\s*(?:,|=>)\s*['"]?true/i, message: 'Every website may read these responses (`Access-Control-Allow-Origin: *`): right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list). List the origins that may read it.' },
    { rule: 'xxe-enabled', call: /^libxml_disable_entity_loader$/, arg: 0, value: /^(?:false|FALSE|0)$/, message: 'External entity loading is switched back on: a crafted document can read local files.', fix: 'true' },
    { rule: 'xxe-enabled', call: /(?:^|\.)(?:loadXML|load|simplexml_load_string|simplexml_load_file|loadHTML|xml_parse)$|^(?:simplexml_load_string|simplexml_load_file|simplexml_import_dom)$/, arg: 2, value: /LIBXML_NOENT|LIBXML_DTDLOAD/, message: 'LIBXML_NOENT / LIBXML_DTDLOAD makes the parser expand external entities: a crafted document can read local files.' },
    { rule: 'xxe-enabled', call: /(?:^|\.)(?:loadXML|load|loadHTML)$/, arg: 1, value: /LIBXML_NOENT|LIBXML_DTDLOAD/, message: 'LIBXML_NOENT / LIBXML_DTDLOAD makes the parser expand external entities: a crafted document can read local files.' },
  ],
  fastHashes: /^(?:md5|sha1|hash|crypt|md5_file)$/,
  weakRandom: /^(?:rand|mt_rand|uniqid|lcg_value|str_shuffle|array_rand|shuffle)$/,
};
