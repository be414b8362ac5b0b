import { field, listParams, named, tableAdapter } from '../../dataflow/adapter';
import type { LanguageSpec } from '../../dataflow/language';
import type { SyntaxNode } from '../../treesitter/runtime';

/** C#: the tree-sitter-c-sharp adapter, and ASP.NET (Core, MVC, Web Forms) knowledge as data. */
const adapter = tableAdapter(
  {
    calls: {
      invocation_expression: { fn: 'function', args: 'arguments' },
      object_creation_expression: { fn: 'type', args: 'arguments', prefix: 'new ' },
    },
    members: { member_access_expression: ['expression', 'name'], conditional_access_expression: ['condition', 'name'] },
    identifiers: new Set(['identifier', 'generic_name', 'qualified_name', 'predefined_type', 'this']),
    subscripts: { element_access_expression: 'expression' },
    assigns: { variable_declarator: ['name', '#last'], assignment_expression: ['left', 'right'], foreach_statement: ['left', 'right'] },
    functions: new Set(['method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression']),
    literals: new Set(['integer_literal', 'real_literal', 'boolean_literal', 'null_literal', 'character_literal', 'verbatim_string_literal', 'raw_string_literal']),
    strings: new Set(['string_literal', 'interpolated_string_expression', 'verbatim_string_literal']),
    stringText: new Set(['string_literal_content', 'string_content', 'escape_sequence', 'interpolation_start', 'interpolation_quote', 'string_literal_encoding']),
    stringDelimiters: new Set(['interpolation_start', 'interpolation_quote']),
    binary: new Set(['binary_expression']),
    concatOps: new Set(['+']),
    pairs: { argument: ['name', '#last'], attribute_argument: ['name', '#last'] },
    wrappers: new Set(['parenthesized_expression', 'argument', 'cast_expression', 'await_expression', 'bracketed_argument_list', 'attribute_argument']),
    collections: new Set(['array_creation_expression', 'implicit_array_creation_expression', 'initializer_expression', 'conditional_expression', 'collection_expression']),
    interpolations: new Set(['interpolation']),
    conditionals: {
      if_statement: { condition: 'condition', then: 'consequence', else: 'alternative' },
      conditional_expression: { condition: 'condition', then: 'consequence', else: 'alternative', value: true },
    },
    switches: { switch_statement: { value: 'value', body: 'body', group: 'switch_section', label: 'constant_pattern', exits: /^(?:break|return|throw|continue)_statement$/ } },
  },
  {
    params(fn, text) {
      return listParams(field(fn, 'parameters'), text, (p) => field(p, 'name'));
    },
    handlerContext(fn, text) {
      const attrs = named(fn).filter((c) => c.type === 'attribute_list').map((c) => text.slice(c.start, c.end)).join(' ');
      let cls: SyntaxNode | undefined = fn.parent;
      while (cls && cls.type !== 'class_declaration') cls = cls.parent;
      const base = cls ? named(cls).find((c) => c.type === 'base_list') : undefined;
      const isPublic = named(fn).some((c) => c.type === 'modifier' && text.slice(c.start, c.end) === 'public');
      return `${attrs} ${base && isPublic ? `class X : ${text.slice(base.start + 1, base.end).trim()}` : ''}`;
    },
  },
);

/** C# `argument` pairs only when named (`verify: false`). */
const pair = adapter.pair;
adapter.pair = (node, text) => {
  if ((node.type === 'argument' || node.type === 'attribute_argument') && !named(node).some((c) => c.field === 'name' || c.type === 'name_colon' || c.type === 'name_equals')) return undefined;
  if (node.type === 'attribute_argument') {
    const kids = named(node);
    const key = kids.find((c) => c.type === 'name_equals' || c.type === 'name_colon' || c.field === 'name');
    if (!key || kids.length < 2) return undefined;
    return { key: text.slice(key.start, key.end).replace(/[=:\s]/g, ''), value: kids.at(-1)! };
  }
  return pair(node, text);
};

export const csharp: LanguageSpec = {
  id: 'csharp',
  adapter,
  sources: {
    objects: ['Request', 'HttpContext.Request', 'this.Request', 'context.Request', 'HttpContext.Current.Request', 'Context.Request'],
    objectTypes: /^(?:HttpRequest|HttpRequestBase|HttpRequestMessage)$/,
    parts: /^(?:Query|QueryString|Form|Params|Cookies|Headers|Body|Path|PathBase|RouteValues|Url|RawUrl|UrlReferrer|UserAgent|Files|InputStream|ServerVariables|Item|ReadFormAsync|GetQueryNameValuePairs|Content)$/,
    paramAnnotations: /\[(?:FromQuery|FromBody|FromRoute|FromForm|FromHeader)\b/,
  },
  sinks: [
    // MongoDB .NET driver: a filter parsed from request text, or a `$where` script built from it.
    { class: 'nosql', call: /^(?:BsonDocument\.Parse|new JsonFilterDefinition)$/, args: [0], fileText: /\bMongoDB\.(?:Driver|Bson)\b/ },
    { class: 'nosql', call: /^new (?:BsonDocument|BsonElement)$|\.Add$/, args: [1], firstArgText: /^"\$where"$/, fileText: /\bMongoDB\.(?:Driver|Bson)\b/ },
    { class: 'sql', property: /\.CommandText$/, call: /^$/, sqlShape: true, unknown: 'dynamic' },
    { class: 'ldap', property: /\.Filter$/, call: /^$/ },
    // A DirectorySearcher's filter built from the method's own parameter: the caller decides the query.
    { class: 'ldap', property: /^\w+\.Filter$/, call: /^$/, unknown: 'parameter', fileText: /\bDirectorySearcher\b/ },
    { class: 'sql', call: /^new (?:System\.Data\.SqlClient\.)?(?:SqlCommand|SqlDataAdapter|OleDbCommand|OdbcCommand|MySqlCommand|NpgsqlCommand|SQLiteCommand|SqliteCommand|OracleCommand)$|(?:^|\.)(?:ExecuteSqlRaw|ExecuteSqlRawAsync|FromSqlRaw|ExecuteSqlCommand|ExecuteSqlCommandAsync|SqlQuery|ExecuteQuery|ExecuteCommand)$/, unknown: 'parameter' },
    // Dapper's and ADO.NET's query methods, generic ones too (`connection.Query<User>(sql)`), when the text reads as SQL.
    { class: 'sql', call: /(?:^|\.)(?:(?:Query|QueryFirst|QueryFirstOrDefault|QuerySingle|QuerySingleOrDefault|QueryMultiple|Execute|ExecuteScalar|ExecuteReader)(?:Async)?|FromSql)(?:<[^()]*>)?$/, sqlShape: true, unknown: 'dynamic' },
    // A method that starts the program or arguments its caller passes: the caller decides what runs.
    { class: 'command', call: /^(?:Process\.Start|System\.Diagnostics\.Process\.Start|new ProcessStartInfo|new System\.Diagnostics\.ProcessStartInfo)$/, args: 'all', unknown: 'parameter' },
    // `process.Start()` runs what the Process was initialised with (`new Process { StartInfo = new ProcessStartInfo { FileName = cmd } }`).
    { class: 'command', call: /^(?:Process|new Process(?:\(\))?)\.Start$/, receiver: true, unknown: 'parameter' },
    { class: 'code', call: /^(?:CSharpScript\.(?:EvaluateAsync|RunAsync|Create)|\w+\.Evaluate|Razor\.Parse|Engine\.Razor\.RunCompile)$/ },
    { class: 'path', call: /^(?:(?:System\.IO\.)?File\.\w+|(?:System\.IO\.)?Directory\.\w+|new (?:FileStream|StreamReader|StreamWriter|FileInfo|DirectoryInfo)|PhysicalFile|File|Path\.Combine|Server\.MapPath)$/, args: 'all' },
    // A redirect inside `if (Url.IsLocalUrl(x))` (or after `if (!Url.IsLocalUrl(x)) return …`) is guarded (see `guards`).
    { class: 'redirect', call: /^(?:Redirect|RedirectPermanent|Response\.Redirect|new RedirectResult|RedirectToPage|Response\.RedirectPermanent)$/ },
    { class: 'ssrf', call: /(?:^|\.)(?:GetAsync|GetStringAsync|GetByteArrayAsync|GetStreamAsync|PostAsync|PutAsync|DeleteAsync|SendAsync|DownloadString|DownloadData|DownloadFile|OpenRead)$|^(?:WebRequest\.Create|HttpWebRequest\.Create|new Uri|new HttpRequestMessage|new RestClient)$/, args: [0, 1] },
    // A method that fetches the URL its caller passes (`GetAsync(host)`, `new Uri(host + "/x")`): the caller decides the host.
    // Not when a path comes first (`"api/items/" + id` on a client with a base address) or the start is a field or setting.
    { class: 'ssrf', call: /(?:^|\.)(?:GetAsync|GetStringAsync|GetByteArrayAsync|GetStreamAsync|GetFromJsonAsync|PostAsync|PostAsJsonAsync|PutAsync|DeleteAsync|DownloadString|DownloadStringAsync|DownloadStringTaskAsync|DownloadData|DownloadDataAsync|DownloadFile|DownloadFileAsync|OpenRead|OpenReadAsync|OpenReadTaskAsync|UploadString|UploadData)$|^(?:WebRequest\.Create|HttpWebRequest\.Create|WebRequest\.CreateHttp|new RestClient)$/, args: [0], unknown: 'leading-parameter' },
    { class: 'ssrf', call: /^new HttpRequestMessage$/, args: [1], unknown: 'leading-parameter' },
    { class: 'ldap', call: /^new DirectorySearcher$/, args: [0, 1] },
    { class: 'xpath', call: /(?:^|\.)(?:SelectNodes|SelectSingleNode|Select|Evaluate|Compile)$/, args: [0] },
    { class: 'html', call: /^(?:Response\.Write|Html\.Raw|new HtmlString|new MvcHtmlString|MvcHtmlString\.Create|Content|Response\.WriteAsync|HttpContext\.Response\.WriteAsync)$/, args: [0] },
    { class: 'deserialization', call: /^new (?:BinaryFormatter|LosFormatter|ObjectStateFormatter|NetDataContractSerializer|SoapFormatter)\(\)\.(?:Deserialize|UnsafeDeserialize)$|(?:^|\.)(?:Deserialize|UnsafeDeserialize)$/ },
  ],
  sanitizers: [
    { call: /^(?:int\.Parse|int\.TryParse|long\.Parse|Guid\.Parse|Convert\.ToInt32|Convert\.ToInt64|Convert\.ToBoolean|double\.Parse|decimal\.Parse)$/, classes: 'all' },
    { call: /(?:^|\.)(?:HtmlEncode|HtmlAttributeEncode|JavaScriptStringEncode|UrlEncode|Encode)$/, classes: ['html'] },
    { call: /^(?:Path\.GetFileName|Path\.GetFileNameWithoutExtension)$/, classes: ['path'] },
    { call: /(?:^|\.)(?:LdapFilterEncode|LdapDistinguishedNameEncode)$/, classes: ['ldap'] },
    { call: /^(?:Url\.IsLocalUrl|Url\.Action|Url\.RouteUrl|LocalRedirect)$/, classes: ['redirect'] },
  ],
  passThrough: /^(?:string\.(?:Concat|Join)|String\.(?:Concat|Join)|Uri\.UnescapeDataString|HttpUtility\.UrlDecode|WebUtility\.UrlDecode|Convert\.FromBase64String|Encoding\.\w+\.GetString|\w+\.(?:ToString|Trim|ToLower|ToUpper|Substring|Replace|Split|TrimStart|TrimEnd|Append|AppendFormat|AppendLine|ToLowerInvariant|ToUpperInvariant))$/,
  mutators: /^(?:Append|AppendFormat|AppendLine|Add|AddRange|Insert)$/,
  formatCalls: /^(?:string\.Format|String\.Format)$/,
  guards: [
    // ASP.NET's own open-redirect check.
    { call: /^(?:Url\.IsLocalUrl|\w+\.Url\.IsLocalUrl|IsLocalUrl)$/, subject: 0, classes: ['redirect'] },
  ],
  settings: [
    { rule: 'tls-verify-off', key: /^(?:ServerCertificateValidationCallback|ServerCertificateCustomValidationCallback|RemoteCertificateValidationCallback)$/, value: /=>\s*true\b|=>\s*\{\s*return\s+true\s*;\s*\}|DangerousAcceptAnyServerCertificateValidator|delegate\s*(?:\([^)]*\))?\s*\{\s*return\s+true\s*;\s*\}/, message: 'This certificate validation callback accepts every certificate: anyone on the network path can read and change this traffic.' },
    { rule: 'cookie-flags-off', key: /^(?:Secure|HttpOnly)$/, value: /^false$/, message: 'This cookie is marked not Secure / not HttpOnly; session and authentication cookies need both.', fix: 'true' },
    { rule: 'cookie-flags-off', key: /^SecurePolicy$/, value: /CookieSecurePolicy\.None$/, message: 'This cookie may be sent over plain HTTP (`CookieSecurePolicy.None`).', fix: 'CookieSecurePolicy.Always' },
    { rule: 'tainted-deserialization', call: /^new (?:System\.Runtime\.Serialization\.Formatters\.(?:Binary|Soap)\.)?(?:BinaryFormatter|SoapFormatter|LosFormatter|ObjectStateFormatter|NetDataContractSerializer)$/, message: 'This formatter builds whatever types the data names and cannot be made safe (Microsoft: never use it with data you do not fully trust); use System.Text.Json or DataContractSerializer with known types.' },
    { rule: 'tainted-deserialization', key: /^(?:TypeFilterLevel|typeFilterLevel)$/, value: /TypeFilterLevel\.Full$|^"Full"$/, message: '.NET Remoting with TypeFilterLevel.Full deserialises any type a client sends: a crafted message runs code on the server.' },
    { rule: 'tainted-deserialization', call: /^new (?:System\.Web\.Script\.Serialization\.)?JavaScriptSerializer$/, arg: 0, message: 'JavaScriptSerializer with a type resolver builds whatever .NET type the JSON names (`__type`): a crafted payload runs code. Deserialise into known types without a resolver.' },
    { rule: 'tainted-deserialization', key: /^BadListTypeChecking$/, value: /^false$/, message: 'fastJSON without BadListTypeChecking builds the types the JSON names inside lists: a crafted payload runs code.', fix: 'true' },
    { rule: 'tainted-deserialization', call: /^FsPickler\.Create(?:Json|Bson|Xml|Binary)Serializer$/, message: 'FsPickler builds whatever types the data names and has no type allow-list: never give it data you do not fully trust.' },
    { rule: 'tainted-deserialization', key: /^TypeNameHandling$/, value: /TypeNameHandling\.(?:All|Auto|Objects|Arrays)$/, message: 'Json.NET with TypeNameHandling other than None builds whatever type the JSON names: a crafted payload runs code.', fix: 'TypeNameHandling.None' },
    { rule: 'cookie-flags-off', key: /^(?:requireSSL|httpOnlyCookies)$/, value: /^false$/, message: 'Cookies are allowed without Secure / HttpOnly.', fix: 'true' },
    { rule: 'debug-mode-on', call: /(?:^|\.)UseDeveloperExceptionPage$/, unlessNearby: /IsDevelopment\(\)|IsEnvironment\(/, message: 'The developer exception page is on without an environment check: stack traces and code show in production.' },
    { rule: 'cors-credentials-any-origin', call: /(?:^|\.)(?:AllowAnyOrigin|SetIsOriginAllowed)$/, unlessNearby: /^(?![\s\S]*AllowCredentials\(\))/, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
    // Reported where a document is parsed with these settings (`XmlReader.Create(doc, rs)`, `xmlDoc.Load(doc)`), else on the setting.
    { rule: 'xxe-enabled', key: /^DtdProcessing$/, value: /DtdProcessing\.Parse$/, usedBy: { call: /^(?:System\.Xml\.)?XmlReader\.Create$/, via: 'argument' }, message: 'DTD processing is on: a crafted document can read local files or reach internal hosts through external entities.', fix: 'DtdProcessing.Prohibit' },
    { rule: 'xxe-enabled', key: /^XmlResolver$/, value: /new XmlUrlResolver|new XmlSecureResolver/, usedBy: { call: /\.(?:Load|LoadXml)$/, via: 'receiver' }, message: 'An XmlUrlResolver resolves external entities: a crafted document can read local files or reach internal hosts.', fix: 'null' },
    // `new XmlTextReader(…)` parses DTDs unless told otherwise: reported where it is first read, unless the function switches DTDs off or drops the resolver.
    { rule: 'xxe-enabled', call: /^new (?:System\.Xml\.)?XmlTextReader$/, usedBy: { call: /\.Read$/, via: 'receiver' }, unlessNearby: /\.DtdProcessing\s*=\s*DtdProcessing\.(?:Prohibit|Ignore)|\.ProhibitDtd\s*=\s*true|\.XmlResolver\s*=\s*null/, message: 'XmlTextReader processes DTDs by default: a crafted document can expand entities without limit and, with a URL resolver (the default before .NET Framework 4.5.2), read local files. Set `DtdProcessing = DtdProcessing.Prohibit` first.' },
    { rule: 'xxe-enabled', key: /^ProhibitDtd$/, value: /^false$/, message: 'DTDs are allowed: a crafted document can read local files or reach internal hosts through external entities.', fix: 'true' },
  ],
  constantCalls: true,
  certificateNames: /(?:\.(?:SubjectName|IssuerName)\.Name|\.GetNameInfo\([^)]*\)|\b(?:cert\w*|x509\w*|certificate)\.(?:Subject|Issuer))$/i,
  fastHashes: /^(?:MD5\.Create|SHA1\.Create|SHA256\.Create|SHA512\.Create|MD5\.HashData|SHA1\.HashData|SHA256\.HashData|new (?:MD5CryptoServiceProvider|SHA1CryptoServiceProvider|SHA1Managed|SHA256Managed)|\w+\.ComputeHash|FormsAuthentication\.HashPasswordForStoringInConfigFile)$/,
  weakRandom: /^(?:new Random\(\)\.Next\w*|\w*[Rr]andom\.Next(?:Bytes|Double|Int64)?|Random\.Shared\.Next\w*)$/,
};
