import { field, listParams, named, tableAdapter } from '../../dataflow/adapter';
import type { Adapter, LanguageSpec, Param } from '../../dataflow/language';
import type { SyntaxNode } from '../../treesitter/runtime';

const WRAPPERS = new Set(['parenthesized_expression', 'expression_list', 'literal_element', 'unary_expression', 'type_conversion_expression']);

/** Go: the tree-sitter-go adapter, and net/http / Gin / Echo / Fiber / gorilla knowledge as data. */
const table = tableAdapter(
  {
    calls: { call_expression: { fn: 'function', args: 'arguments' } },
    members: { selector_expression: ['operand', 'field'] },
    identifiers: new Set(['identifier', 'field_identifier', 'package_identifier', 'type_identifier']),
    subscripts: { index_expression: 'operand' },
    assigns: { short_var_declaration: ['left', 'right'], assignment_statement: ['left', 'right'], var_spec: ['name', 'value'], const_spec: ['name', 'value'], range_clause: ['left', 'right'] },
    functions: new Set(['function_declaration', 'method_declaration', 'func_literal']),
    literals: new Set(['int_literal', 'float_literal', 'true', 'false', 'nil', 'rune_literal', 'imaginary_literal']),
    strings: new Set(['interpreted_string_literal', 'raw_string_literal']),
    stringText: new Set(['interpreted_string_literal_content', 'raw_string_literal_content', 'escape_sequence']),
    binary: new Set(['binary_expression']),
    concatOps: new Set(['+']),
    pairs: { keyed_element: ['key', 'value'] },
    wrappers: WRAPPERS,
    collections: new Set(['composite_literal', 'literal_value', 'variadic_argument']),
    interpolations: new Set([]),
    conditionals: { if_statement: { condition: 'condition', then: 'consequence', else: 'alternative' } },
  },
  {
    params(fn, text) {
      const out: Param[] = [];
      // `a, b string` declares two names with one type.
      for (const list of [field(fn, 'receiver'), field(fn, 'parameters')]) {
        for (const p of list ? named(list) : []) {
          const type = field(p, 'type');
          for (const id of p.children.filter((c) => c.field === 'name')) {
            out.push({ name: text.slice(id.start, id.end), node: p, type: type ? text.slice(type.start, type.end) : '', annotations: '' });
          }
        }
      }
      return out.length > 0 ? out : listParams(undefined, text, () => undefined);
    },
  },
);

/**
 * `exec.Cmd{Path: p, Args: a}` runs a program as `syscall.Exec(p, a, …)` does: the literal is read as
 * a call named `exec.Cmd` whose arguments are `Path` and `Args` (those given, in that order), its keyed
 * fields as keyword arguments.
 */
const adapter: Adapter = {
  ...table,
  // `&x`, `*p` and `<-ch` stand for the value they reach; `!x`, `-x` and `^x` compute another one.
  unwrap(node) {
    let n = node;
    for (let i = 0; i < 8; i++) {
      if (n.type === 'unary_expression' && !/^(?:&|\*|<-)$/.test(n.children.find((c) => c.field === 'operator')?.type ?? '&')) return n;
      if (!WRAPPERS.has(n.type)) return n;
      const inner = named(n);
      const next = inner.length === 1 ? inner[0] : field(n, 'operand');
      if (!next) return n;
      n = next;
    }
    return n;
  },
  isLiteral(node) {
    const n = adapter.unwrap(node);
    return n.type !== 'unary_expression' && table.isLiteral(n);
  },
  call(node, text) {
    const call = table.call(node, text);
    if (call || node.type !== 'composite_literal') return call;
    const type = field(node, 'type');
    const body = field(node, 'body');
    if (!type || !body || !/^exec\s*\.\s*Cmd$/.test(text.slice(type.start, type.end))) return undefined;
    const kwargs = new Map<string, SyntaxNode>();
    for (const element of named(body)) {
      const pair = table.pair(element, text);
      if (pair) kwargs.set(pair.key, table.unwrap(pair.value));
    }
    const args = ['Path', 'Args'].flatMap((k) => (kwargs.has(k) ? [kwargs.get(k)!] : []));
    return { node, name: 'exec.Cmd', args, kwargs };
  },
};

/**
 * `import "os/exec"` and the lines of an `import ( … )` block: the name each binds (the path's last
 * element, `math/rand/v2` being package `rand`, or the alias) and the path.
 */
function importPaths(text: string): Map<string, string> {
  // Asked several times per version of a document (its flow, and what an edit may keep): the last answer is kept.
  if (lastImports?.text === text) return lastImports.paths;
  const out = new Map<string, string>();
  for (const block of text.matchAll(/^import[ \t]*(?:\(([^)]*)\)|([^\n]*))/gm)) {
    for (const m of (block[1] ?? block[2] ?? '').matchAll(/^[ \t]*(?:([A-Za-z_]\w*)[ \t]+)?"([^"]+)"/gm)) {
      const parts = m[2]!.split('/').filter((p) => !/^v\d+$/.test(p));
      out.set(m[1] ?? parts.at(-1)!, m[2]!);
    }
  }
  lastImports = { text, paths: out };
  return out;
}
let lastImports: { text: string; paths: Map<string, string> } | undefined;

/** A listen address given as text that is not a loopback one (`":8080"`, `"0.0.0.0:80"`). */
const PUBLIC_ADDRESS = /^"(?!(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]):)[^"]*"$/;
const PPROF_MESSAGE = 'This server serves the default mux, where `net/http/pprof` registered /debug/pprof/, on an address other than loopback: anyone who reaches it reads heap, goroutine and CPU profiles. Serve pprof on a separate localhost listener.';

export const go: LanguageSpec = {
  id: 'go',
  adapter,
  sources: {
    objects: [],
    // AWS Lambda handlers get the HTTP request as an event (API Gateway, ALB, function URLs).
    objectTypes: /^\*?(?:http\.Request|gin\.Context|fiber\.Ctx|echo\.Context|iris\.Context|beego\.Controller|macaron\.Context|chi\.Context|events\.(?:APIGatewayProxyRequest|APIGatewayV2HTTPRequest|ALBTargetGroupRequest|LambdaFunctionURLRequest))$/,
    parts: /^(?:QueryStringParameters|MultiValueQueryStringParameters|PathParameters|Headers|MultiValueHeaders|RawPath|RawQueryString|Cookies|URL|Form|PostForm|MultipartForm|Header|Body|FormValue|PostFormValue|FormFile|Cookie|Cookies|Referer|UserAgent|RequestURI|Host|Query|DefaultQuery|GetQuery|QueryArray|QueryMap|Param|Params|PostFormArray|DefaultPostForm|GetPostForm|GetHeader|GetRawData|ShouldBind\w*|Bind\w*|QueryParam|QueryParams|QueryString|FormParams|Request|BodyParser|Get|GetString|Input|Ctx)$/,
    calls: /^(?:mux\.Vars|chi\.URLParam)$/,
  },
  sinks: [
    // antchfx/xmlquery, htmlquery, xpath: an XPath expression built from request data.
    { class: 'xpath', call: /^(?:xmlquery|htmlquery)\.(?:Find|FindOne|Query|QueryAll)$/, args: [1] },
    { class: 'xpath', call: /^xpath\.(?:Compile|MustCompile)$/, args: [0] },
    // mongo-go-driver: a `$where` script built from request data runs in the database (values read with
    // `FormValue` are strings, which cannot be operators: only the script and a filter parsed from text count).
    { class: 'nosql', call: /\.(?:Find|FindOne|FindOneAndDelete|FindOneAndReplace|FindOneAndUpdate|DeleteOne|DeleteMany|UpdateOne|UpdateMany|ReplaceOne|CountDocuments|Aggregate)$/, args: [1], fileText: /go\.mongodb\.org\/mongo-driver/, unlessArgText: /^(?![\s\S]*"\$(?:where|function|accumulator)")/ },
    { class: 'nosql', call: /^bson\.UnmarshalExtJSON$/, args: [0] },
    // A whole filter decoded from the request body (`json.NewDecoder(r.Body).Decode(&filter)`, see `fills`): a map
    // (`bson.M`, `map[string]interface{}`) takes the client's operators (`{"password": {"$ne": ""}}`); the rule checks the type.
    { class: 'nosql', call: /\.(?:Find|FindOne|FindOneAndDelete|FindOneAndReplace|FindOneAndUpdate|DeleteOne|DeleteMany|UpdateOne|UpdateMany|ReplaceOne|CountDocuments|Distinct)$/, args: [1], fileText: /go\.mongodb\.org\/mongo-driver/, unlessArgText: /^(?![A-Za-z_]\w*$)/ },
    { class: 'sql', call: /(?:^|\.)(?:Query|QueryRow|QueryContext|QueryRowContext|Exec|ExecContext|Prepare|PrepareContext|Raw|Select|Get|MustExec|Queryx|QueryRowx|NamedExec|NamedQuery|QueryOne|QueryEx|QueryRowEx|ExecEx|QueryFunc|SendBatch)$/, sqlShape: true, args: [0, 1], unknown: 'dynamic' },
    // The whole statement taken from the request (`db.Query(r.FormValue("q"))`, a field or helper holding it): on a
    // receiver typed or made as a database handle (database/sql, sqlx, gorm, pgx), where a generic name is SQL whatever its shape.
    { class: 'sql', call: /^(?:(?:DB|Tx|Conn|Stmt|Pool)|(?:sql|sqlx|gorm|pgx|pgxpool)\.(?:Open|Connect|MustConnect|MustOpen|New|NewWithConfig)\(\))\.(?:Query|QueryRow|Exec|Prepare|Queryx|QueryRowx|MustExec|Raw)$/, args: [0], whole: true, message: 'This runs SQL text that comes whole from {from}: whoever sends it chooses the statement. Keep the query text constant and pass the values as bind parameters.' },
    { class: 'sql', call: /^(?:(?:DB|Tx|Conn|Stmt|Pool)|(?:sql|sqlx|gorm|pgx|pgxpool)\.(?:Open|Connect|MustConnect|MustOpen|New|NewWithConfig)\(\))\.(?:QueryContext|QueryRowContext|ExecContext|PrepareContext|QueryxContext|QueryRowxContext|MustExecContext)$/, args: [1], whole: true, message: 'This runs SQL text that comes whole from {from}: whoever sends it chooses the statement. Keep the query text constant and pass the values as bind parameters.' },
    // ORM conditions and orderings (gorm, go-pg): `Where("id = " + x)`, `Order(r.FormValue("sort"))`.
    { class: 'sql', call: /\.(?:Where|Or|Not|Having|Order|Group|Joins|ColumnExpr|OrderExpr|WhereOr)$/, sqlShape: 'fragment', args: [0], unknown: 'dynamic' },
    { class: 'sql', call: /\.(?:Order|Group|Select|Pluck|Table|Distinct)$/, args: [0] },
    { class: 'command', call: /^exec\.Command$/, args: 'all', unknown: 'dynamic' },
    { class: 'command', call: /^exec\.CommandContext$/, args: 'all', fromArg: 1, unknown: 'dynamic' },
    // The program itself named by the caller (`func run(name string) { exec.Command(name) }`): whoever calls it decides what runs.
    { class: 'command', call: /^exec\.Command$/, args: [0], unknown: 'parameter' },
    { class: 'command', call: /^exec\.CommandContext$/, args: [1], unknown: 'parameter' },
    // The program and its argument list (`syscall.Exec(argv0, argv, envv)`, `exec.Cmd{Path: p, Args: a}`), not the environment:
    // request data in either, or a script handed to a shell; then a program of unknown origin (argv[0] only names it).
    { class: 'command', call: /^(?:syscall\.Exec|syscall\.ForkExec|syscall\.StartProcess|os\.StartProcess|exec\.Cmd)$/, args: [0, 1] },
    { class: 'command', call: /^(?:syscall\.Exec|syscall\.ForkExec|syscall\.StartProcess|os\.StartProcess|exec\.Cmd)$/, args: [0], unknown: 'parameter' },
    // Template text parsed from a string (server-side template injection); reported where the text is built.
    // The receiver is a template: made by `template.New`/`Must`, declared `*template.Template`, or so named (`url.Parse`, `time.Parse` are not).
    { class: 'code', call: /^(?:template\.(?:New|Must)\(\w*\)\.Parse|Template\.Parse|\w*(?:[Tt]mpl|[Tt]emplate|[Tt]pl)\w*\.Parse)$/, args: [0], reportAt: 'built' },
    // JavaScript interpreters embedded in Go (otto, goja): their `Run`/`RunString` runs the text as code.
    { class: 'code', call: /^(?:otto\.New\(\)\.(?:Run|Eval|Compile)|goja\.New\(\)\.RunString|otto\.Run)$/, args: [0], unknown: 'always' },
    { class: 'path', call: /^(?:os\.(?:Open|OpenFile|ReadFile|WriteFile|Create|Remove|RemoveAll|Mkdir|MkdirAll|ReadDir|Stat|Lstat|Rename|Chmod)|ioutil\.(?:ReadFile|WriteFile|ReadDir)|http\.ServeFile|filepath\.Join|path\.Join|c\.File|c\.SendFile|c\.Attachment)$/, args: 'all' },
    // A name from the environment, the command line or standard input joined under a directory: of unknown
    // origin (a warning), and `..` leaves the directory. Used whole, such a path is the invoker's choice of file.
    { class: 'path', call: /^(?:os\.(?:Open|OpenFile|ReadFile|WriteFile|Create|Remove|RemoveAll)|ioutil\.(?:ReadFile|WriteFile))$/, args: [0], inputs: { joins: /^(?:filepath|path)\.Join$/ } },
    // Zip slip: a file written, linked or renamed at an archive entry's name (`filepath.Join(dest, f.Name)`), a warning of unknown origin.
    { class: 'path', call: /^(?:os\.(?:Create|OpenFile|WriteFile|Symlink|Link|Rename)|ioutil\.WriteFile)$/, args: [0], archiveEntries: true, message: 'This file is written at a name taken from an archive entry: `../` or a rooted name there leaves the target directory (zip slip). Check the entry with `filepath.IsLocal(name)`, or that the cleaned path starts with the target directory, before writing.' },
    // Go 1.22: the name is looked up in the given file system.
    { class: 'path', call: /^http\.ServeFileFS$/, args: [3] },
    { class: 'redirect', call: /^http\.Redirect$/, args: [2] },
    { class: 'redirect', call: /(?:^|\.)Redirect$/, args: [1] },
    { class: 'ssrf', call: /^(?:http\.(?:Get|Head|Post|PostForm)|\w+\.(?:Get|Head|Post|PostForm)|http\.NewRequest(?:WithContext)?|net\.Dial(?:Timeout)?|url\.Parse)$/, args: [0, 1] },
    { class: 'ldap', call: /^ldap\.NewSearchRequest$/, args: [6] },
    // html/template's trusted types skip escaping: a value built from anything not constant, marked trusted, is markup someone else wrote.
    { class: 'html', call: /^template\.(?:HTML|HTMLAttr|JS|JSStr|URL|CSS|Srcset)$/, args: [0], unknown: 'dynamic' },
    { class: 'html', call: /^(?:fmt\.Fprintf|fmt\.Fprint|fmt\.Fprintln|io\.WriteString|w\.Write|c\.String|c\.Data|c\.HTML)$/, args: 'all' },
    { class: 'deserialization', call: /^(?:gob\.NewDecoder|yaml\.Unmarshal)$/ },
  ],
  sanitizers: [
    { call: /^(?:strconv\.(?:Atoi|ParseInt|ParseUint|ParseFloat|ParseBool|Itoa|FormatInt|Quote)|len|uuid\.Parse)$/, classes: 'all' },
    { call: /^(?:html\.EscapeString|template\.HTMLEscapeString|template\.JSEscapeString|url\.QueryEscape|url\.PathEscape|html\.UnescapeString|bluemonday\.\w+)$/, classes: ['html'] },
    { call: /^(?:filepath\.Base|path\.Base)$/, classes: ['path'] },
    // Cleaning drops `..` only from a rooted path: `filepath.Clean("../../etc/passwd")` keeps them.
    { call: /^(?:filepath|path)\.Clean$/, argText: /^(?:"\/"|`\/`|string\(filepath\.Separator\))\s*\+/, classes: ['path'] },
    // fmt's printing functions return a byte count and an error, not the text they print.
    { call: /^fmt\.(?:Print|Printf|Println|Fprint|Fprintf|Fprintln)$/, classes: 'all' },
    { call: /^(?:ldap\.EscapeFilter)$/, classes: ['ldap'] },
    // lib/pq quotes an identifier or literal for PostgreSQL.
    { call: /^pq\.(?:QuoteIdentifier|QuoteLiteral)$/, classes: ['sql'] },
  ],
  importedModules: (text) => new Set(importPaths(text).keys()),
  importPaths,
  weakRandomPackages: /^math\/rand(?:\/v2)?$/,
  archiveEntries: {
    types: /^\*?(?:zip\.File|zip\.FileHeader|tar\.Header)$/,
    made: /^tar\.NewReader\(\)\.Next$/,
    lists: /^(?:zip\.(?:OpenReader|NewReader)|\*?zip\.(?:Reader|ReadCloser))\.File$/,
    name: /^Name$/,
  },
  processInputs: /^os\.(?:Getenv|LookupEnv)\(|^os\.Args$|\bos\.Stdin\b/,
  passThrough: /^(?:exec\.LookPath|(?:json|xml|yaml|gob)\.NewDecoder|io\.ReadAll|ioutil\.ReadAll|string|\[\]byte|strings\.\w+|fmt\.Sprint|fmt\.Sprintln|url\.QueryUnescape|url\.PathUnescape|base64\.\w+\.DecodeString|filepath\.Join|path\.Join|filepath\.Clean|path\.Clean|filepath\.Abs|bytes\.\w+)$/,
  mutators: /^(?:WriteString|Write|Add|Set)$/,
  // A request body decoded or bound into a variable (`json.NewDecoder(r.Body).Decode(&filter)`, `c.ShouldBindJSON(&req)`).
  fills: [
    { call: /(?:^|\.)Decode$/, arg: 0, from: 'receiver' },
    { call: /^(?:json|xml|yaml|toml|bson)\.Unmarshal$/, arg: 1, from: 0 },
    { call: /^\w+\.(?:ShouldBind\w*|Bind\w*|BodyParser)$/, arg: 0, from: 'call' },
  ],
  formatCalls: /^fmt\.Sprintf$/,
  guards: [
    // A path cleaned first, then kept under a base directory; `filepath.IsLocal` (Go 1.20).
    { call: /^strings\.HasPrefix$/, subject: 0, normalized: /^(?:filepath|path)\.(?:Clean|Join|Abs)$/, classes: ['path'] },
    { call: /^filepath\.IsLocal$/, subject: 0, classes: ['path'] },
    // `regexp.MustCompile("^[a-z0-9_]+$").MatchString(x)`: a word allow-list.
    { call: /(?:^|\.)MatchString$/, subject: 0, pattern: 'receiver', classes: 'all' },
  ],
  exitCalls: /^(?:panic|os\.Exit|log\.(?:Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln))$/,
  settings: [
    // x/crypto/ssh: a host key callback that accepts every key; it has no other use.
    { rule: 'ssh-host-key-unverified', call: /^ssh\.InsecureIgnoreHostKey$/, message: 'This SSH client accepts any host key (`ssh.InsecureIgnoreHostKey()`): anyone on the network path can pose as the server.' },
    { rule: 'tls-verify-off', key: /^InsecureSkipVerify$/, value: /^true$/, message: 'TLS certificate verification is switched off (`InsecureSkipVerify: true`): anyone on the network path can read and change this traffic.', fix: 'false' },
    // net/http and gorilla/sessions leave both flags off unless set.
    { rule: 'cookie-flags-off', literal: /^(?:http\.Cookie|sessions\.Options)$/, absent: ['Secure', 'HttpOnly'], absentFix: '{key}: true, ', message: 'This cookie is made without {keys}: it travels over plain HTTP or can be read by scripts in the page.' },
    { rule: 'cookie-flags-off', key: /^(?:Secure|HttpOnly)$/, value: /^false$/, message: 'This cookie is marked not Secure / not HttpOnly; session and authentication cookies need both.', fix: 'true' },
    { rule: 'debug-mode-on', call: /^gin\.SetMode$/, arg: 0, value: /^gin\.DebugMode$|^"debug"$/, message: 'Gin runs in debug mode: routes and internals are logged and shown.', fix: 'gin.ReleaseMode' },
    { rule: 'debug-mode-on', key: /^Debug$/, value: /^true$/, path: /(?:^|\/)(?:main|server|app)\.go$/, message: 'Debug mode is switched on in the server set-up.', fix: 'false' },
    // `import _ "net/http/pprof"` registers /debug/pprof/ on the default mux: serving that mux (`nil` handler) on an address other than loopback shows the profiles to anyone.
    { rule: 'debug-mode-on', call: /^http\.ListenAndServe$/, argText: { index: 1, text: /^nil$/ }, arg: 0, value: PUBLIC_ADDRESS, imports: /^net\/http\/pprof$/, message: PPROF_MESSAGE },
    { rule: 'debug-mode-on', call: /^http\.ListenAndServeTLS$/, argText: { index: 3, text: /^nil$/ }, arg: 0, value: PUBLIC_ADDRESS, imports: /^net\/http\/pprof$/, message: PPROF_MESSAGE },
    // lestrrat-go/libxml2: `XMLParseNoEnt` substitutes entities, `XMLParseDTDLoad` loads external DTDs.
    { rule: 'xxe-enabled', call: /^parser\.New$/, arg: 0, value: /\bXMLParse(?:NoEnt|DTDLoad)\b/, imports: /^github\.com\/lestrrat-go\/libxml2\/parser$/, message: 'This libxml2 parser is made with `XMLParseNoEnt` / `XMLParseDTDLoad`: a document can pull in external entities and DTDs (local files, internal hosts).' },
    { rule: 'cors-credentials-any-origin', key: /^(?:AllowOrigins|AllowedOrigins)$/, value: /"\*"/, unlessNearby: /^(?![\s\S]*AllowCredentials:\s*true)/, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
    { rule: 'cors-credentials-any-origin', key: /^AllowAllOrigins$/, value: /^true$/, unlessNearby: /^(?![\s\S]*AllowCredentials:\s*true)/, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
  ],
  unescapedTemplates: { path: /^text\/template$/, escaping: /^html\/template$/, render: /^(?:Execute|ExecuteTemplate)$/, writer: /^ResponseWriter$/, fix: 'html/template' },
  fastHashes: /^(?:md5\.New|md5\.Sum|sha1\.New|sha1\.Sum|sha256\.New|sha256\.Sum256|sha512\.New|sha512\.Sum512)$/,
  // crypto/cipher's encrypting modes and AEADs; NaCl's secretbox and box take the nonce third.
  ivArguments: [
    { call: /^cipher\.New(?:CBCEncrypter|CFBEncrypter|CTR|OFB)$/, arg: 1 },
    { call: /^(?:secretbox|box)\.Seal$/, arg: 2 },
    { call: /^\w+\.Seal$/, arg: 1, args: 4, method: true },
  ],
  zeroBuffers: /^make$/,
  // Calls that take a buffer and only read it: a constant IV handed to them stays constant.
  bufferReaders: /^(?:len|cap|append|string|print|println|aes\.NewCipher|des\.\w+|cipher\.\w+|\w+\.(?:Seal|Open|XORKeyStream|CryptBlocks|NonceSize|Overhead|BlockSize)|fmt\.\w+|log\.\w+|hex\.\w+|base64\.\w+\.\w+|bytes\.(?:Equal|Compare|HasPrefix|HasSuffix|Contains)|hmac\.\w+|sha256\.\w+|sha512\.\w+)$/,
  bufferCopies: /^copy$/,
  // math/rand and math/rand/v2 (`IntN`, `Int64`, `N`…); which package a name stands for is read from the imports.
  weakRandom: /^rand\.(?:Int|Intn|IntN|Int31|Int31n|Int32|Int32N|Int63|Int63n|Int64|Int64N|Uint32|Uint32N|Uint64|Uint64N|UintN|N|Float32|Float64|Read|Perm|New\w*)$/,
};
