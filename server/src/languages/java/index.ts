import { field, listParams, named, tableAdapter } from '../../dataflow/adapter';
import type { LanguageSpec } from '../../dataflow/language';
import type { SyntaxNode } from '../../treesitter/runtime';

/** Java: the tree-sitter-java adapter, and Servlet / Spring / JAX-RS knowledge as data. */
const adapter = tableAdapter(
  {
    calls: {
      method_invocation: { receiver: 'object', method: 'name', args: 'arguments' },
      object_creation_expression: { fn: 'type', args: 'arguments', prefix: 'new ' },
      // Annotations read like calls with named arguments: `@CrossOrigin(origins = "*")`.
      annotation: { fn: 'name', args: 'arguments' },
    },
    members: { field_access: ['object', 'field'] },
    identifiers: new Set(['identifier', 'type_identifier', 'scoped_type_identifier', 'generic_type', 'this']),
    subscripts: { array_access: 'array' },
    assigns: { variable_declarator: ['name', 'value'], assignment_expression: ['left', 'right'], enhanced_for_statement: ['name', 'value'] },
    functions: new Set(['method_declaration', 'constructor_declaration', 'lambda_expression']),
    literals: new Set(['decimal_integer_literal', 'hex_integer_literal', 'decimal_floating_point_literal', 'true', 'false', 'null_literal', 'character_literal', 'class_literal']),
    strings: new Set(['string_literal']),
    stringText: new Set(['string_fragment', 'escape_sequence', 'multiline_string_fragment']),
    binary: new Set(['binary_expression']),
    concatOps: new Set(['+']),
    pairs: { element_value_pair: ['key', 'value'] },
    wrappers: new Set(['parenthesized_expression', 'cast_expression']),
    collections: new Set(['array_creation_expression', 'array_initializer', 'ternary_expression']),
    interpolations: new Set([]),
    conditionals: {
      if_statement: { condition: 'condition', then: 'consequence', else: 'alternative' },
      ternary_expression: { condition: 'condition', then: 'consequence', else: 'alternative', value: true },
    },
    switches: { switch_expression: { value: 'condition', body: 'body', group: 'switch_block_statement_group', label: 'switch_label', exits: /^(?:break|return|throw|continue)_statement$/ } },
  },
  {
    params(fn, text) {
      const list = field(fn, 'parameters');
      // `name -> …`: a lambda's one untyped parameter is the identifier itself.
      if (list?.type === 'identifier') return [{ name: text.slice(list.start, list.end), node: list, type: '', annotations: '' }];
      return listParams(list, text, (p) => field(p, 'name') ?? (p.type === 'identifier' ? p : undefined));
    },
    handlerContext(fn, text) {
      const modifiers = named(fn).find((c) => c.type === 'modifiers');
      const own = modifiers ? text.slice(modifiers.start, modifiers.end) : '';
      return own + providerEntry(fn, text);
    },
  },
);

/** The methods of an Android `ContentProvider` that other apps call through a `ContentResolver`, with arguments they choose. */
const PROVIDER_ENTRIES = /^(?:query|insert|bulkInsert|update|delete|call|openFile|openAssetFile|openTypedAssetFile)$/;

/**
 * ` class X extends ContentProvider` for a provider's entry point (`query(Uri, String[], String selection, …)`):
 * its caller is another app, so its parameters are request data (`FileFlow.isHandler`). Empty otherwise.
 */
function providerEntry(fn: SyntaxNode, text: string): string {
  const name = fn.type === 'method_declaration' ? field(fn, 'name') : undefined;
  if (!name || !PROVIDER_ENTRIES.test(text.slice(name.start, name.end))) return '';
  const cls = fn.parent?.parent;
  const superclass = cls?.type === 'class_declaration' ? field(cls, 'superclass') : undefined;
  const base = superclass ? text.slice(superclass.start, superclass.end) : '';
  return /^extends\s+(?:android\.content\.)?ContentProvider$/.test(base) ? ` class ${text.slice(field(cls!, 'name')!.start, field(cls!, 'name')!.end)} extends ContentProvider` : '';
}

export const java: LanguageSpec = {
  id: 'java',
  adapter,
  sources: {
    objects: ['request', 'req', 'httpRequest', 'servletRequest'],
    objectTypes: /\b(?:HttpServletRequest|ServletRequest|HttpRequest|ServerHttpRequest|MultipartHttpServletRequest|WebRequest)\b/,
    parts: /^(?:getParameter|getParameterValues|getParameterMap|getParameterNames|getHeader|getHeaders|getHeaderNames|getQueryString|getCookies|getRequestURI|getRequestURL|getPathInfo|getServletPath|getInputStream|getReader|getPart|getParts|getRemoteUser|getQueryParams|getBody|getAttribute)$/,
    calls: /(?:^|\.)(?:getParameter|getParameterValues|getQueryString|getSubmittedFileName|getOriginalFilename)$/,
    paramAnnotations: /@(?:RequestParam|PathVariable|RequestBody|RequestHeader|CookieValue|ModelAttribute|MatrixVariable|RequestPart|QueryParam|PathParam|FormParam|HeaderParam|CookieParam|MatrixParam|BeanParam)\b/,
  },
  sinks: [
    // MongoDB Java driver: a filter parsed from request text, or a `$where` script built from it.
    { class: 'nosql', call: /^(?:Filters\.where|(?:Document|BasicDBObject|BsonDocument)\.parse)$/, args: [0], fileText: /\bcom\.mongodb\b|\borg\.bson\b/ },
    { class: 'nosql', call: /^new (?:BasicDBObject|Document|BsonDocument)$|\.(?:append|put)$/, args: [1], firstArgText: /^"\$where"$/, fileText: /\bcom\.mongodb\b|\borg\.bson\b/ },
    { class: 'sql', call: /(?:^|\.)(?:executeQuery|executeUpdate|executeLargeUpdate|addBatch|prepareStatement|prepareCall|nativeSQL|createQuery|createNativeQuery|createSQLQuery|queryForObject|queryForList|queryForMap|queryForRowSet|queryForInt|queryForLong|batchUpdate)$|^new (?:\w+\.)*(?:PreparedStatementCreatorFactory|SqlQuery|SqlUpdate|BatchSqlUpdate|MappingSqlQuery)$/, unknown: 'parameter' },
    // `jdbcTemplate.execute(sql)`: a JDBC handle's generic methods take SQL, whatever the text looks like.
    { class: 'sql', call: /^\w*(?:[Jj]dbc\w*|[Tt]emplate|[Ss]tmt|[Ss]tatement|[Cc]onnection|[Ee]ntityManager)\.(?:execute|query|update|queryForStream)$/, unknown: 'parameter' },
    // Vert.x SQL clients and Android's SQLiteDatabase, known by the receiver's declared type: the method's own parameter as SQL is a warning, as for JDBC.
    { class: 'sql', call: /^(?:SqlClient|SqlConnection|PgPool|MySQLPool|JDBCPool|PgConnection|MySQLConnection)\.(?:query|preparedQuery|prepare)$|^SQLiteDatabase\.(?:rawQuery|execSQL|rawQueryWithFactory|compileStatement)$/, unknown: 'parameter' },
    // JDO: a query's text, filter, grouping or ordering (`pm.newQuery(Entity.class, "id == " + x)`, `q.setFilter(x)`); class literals and nulls are constants.
    { class: 'sql', call: /^PersistenceManager\.newQuery$|^(?:Query|javax\.jdo\.Query)\.(?:setFilter|setGrouping|setOrdering|setResult)$/, args: 'all', unknown: 'parameter' },
    // Android: DatabaseUtils' query helpers (db, sql, args), SQLiteQueryBuilder's WHERE text and query parts (after the database).
    { class: 'sql', call: /^DatabaseUtils\.(?:longForQuery|stringForQuery|blobFileDescriptorForQuery)$/, args: [1], unknown: 'parameter' },
    { class: 'sql', call: /^SQLiteQueryBuilder\.appendWhere$/, args: [0], unknown: 'parameter' },
    // SQLiteDatabase's WHERE text: `delete(table, where, args)`, `update(table, values, where, args)`.
    { class: 'sql', call: /^SQLiteDatabase\.delete$/, args: [1], unknown: 'parameter' },
    { class: 'sql', call: /^SQLiteDatabase\.update(?:WithOnConflict)?$/, args: [2], unknown: 'parameter' },
    { class: 'sql', call: /^SQLiteQueryBuilder\.(?:buildQueryString|query|buildQuery)$/, args: 'all', fromArg: 1, unknown: 'parameter' },
    { class: 'sql', call: /(?:^|\.)(?:execute|query|update)$/, sqlShape: true, unknown: 'dynamic' },
    { class: 'command', call: /(?:^|\.)getRuntime\(\)\.exec$|^(?:new ProcessBuilder|(?:\w+|new ProcessBuilder\(\))\.command)$/, args: 'all', unknown: 'parameter' },
    { class: 'code', call: /(?:^|\.)(?:parseExpression|eval)$|^new (?:SpelExpressionParser|GroovyShell)$|(?:^|\.)(?:createValueExpression|createMethodExpression)$/, args: [0, 1] },
    // Expression languages and script engines, known by the receiver's declared type (`ExpressionParser p`,
    // `ScriptEngine se`): whoever calls a method that evaluates its own parameter decides what runs.
    { class: 'code', call: /^(?:ExpressionParser|SpelExpressionParser|TemplateAwareExpressionParser|new SpelExpressionParser\(\))\.(?:parseExpression|parseRaw)$|^(?:ScriptEngine|\w+\.getEngineBy(?:Name|Extension|MimeType)\(\))\.eval$|^(?:MVEL\.(?:eval|compileExpression|evalToString)|Ognl\.(?:getValue|setValue|parseExpression))$|(?:^|\.)buildConstraintViolationWithTemplate$/, args: [0], unknown: 'parameter' },
    { class: 'code', call: /^(?:ExpressionFactory|\w+\.getExpressionFactory\(\))\.(?:createValueExpression|createMethodExpression)$/, args: [1], unknown: 'parameter' },
    // Struts / XWork OGNL helpers: the expression is the first argument, or the second after the target class.
    { class: 'code', call: /^(?:OgnlReflectionProvider|ReflectionProvider|OgnlUtil|OgnlTextParser|TextParser|ValueStack|OgnlValueStack)\.(?:getValue|setValue|setProperties|setProperty|evaluate|findValue|findString|compile|callMethod|translateVariables)$/, args: [0], unknown: 'parameter' },
    { class: 'code', call: /^(?:OgnlReflectionProvider|ReflectionProvider)\.(?:getGetMethod|getSetMethod|getField)$/, args: [1], unknown: 'parameter' },
    // `TextParseUtil.translateVariables(expression, stack…)`, or after the open character(s) (`'$'`, `new char[]{'$', '%'}`).
    { class: 'code', call: /^TextParseUtil\.translateVariables(?:Collection)?$/, args: [1], firstArgText: /^(?:'.{1,2}'|new char\s*\[\s*\]\s*\{[^}]*\})$/, unknown: 'parameter' },
    { class: 'code', call: /^TextParseUtil\.translateVariables(?:Collection)?$/, args: [0], unknown: 'parameter' },
    // Template engines given the template's own text (not a name their loader resolves): Velocity's `evaluate(context, writer, tag, template)`,
    // Pebble's literal templates. Velocity templates call Java methods; anything not constant is reported.
    { class: 'code', call: /^(?:Velocity|VelocityEngine|RuntimeSingleton|RuntimeServices|RuntimeInstance)\.evaluate$/, args: [3], unknown: 'always' },
    { class: 'code', call: /^(?:PebbleEngine|new PebbleEngine\.Builder\(\)\.build\(\))\.getLiteralTemplate$/, args: [0], unknown: 'always' },
    // Groovy compiles and runs whatever source it is handed (a string, a file, a URI): anything not constant is reported.
    { class: 'code', call: /^(?:GroovyShell|new GroovyShell(?:\(\u2026?\))?)\.(?:evaluate|parse|run)$|^GroovyClassLoader\.parseClass$/, args: [0], unknown: 'always' },
    // JBoss Seam's `Log` evaluates EL in the message: a message built by concatenation, or the method's own parameter, runs expressions from the data.
    { class: 'code', call: /^Log\.(?:trace|debug|info|warn|error|fatal)$/, fileText: /\bimport\s+org\.jboss\.seam\.log\./, args: [0], unknown: 'parameter' },
    // A path that is, or is built from, a method's own parameter: a warning with low confidence (info at `recommended`),
    // as most such methods are handed names the program chose.
    { class: 'path', call: /^new (?:java\.io\.)?(?:File|FileInputStream|FileOutputStream|FileReader|FileWriter|RandomAccessFile|PrintWriter)$|^(?:Paths\.get|Path\.of|Files\.\w+|FileUtils\.\w+|IOUtils\.toString)$/, args: 'all', unknown: 'from-parameter', unknownConfidence: 'low' },
    // Spring resources: `new ClassPathResource(name)`, `appContext.getResource("classpath:" + name)` read files too.
    { class: 'path', call: /^new (?:ClassPathResource|FileSystemResource|FileUrlResource|PathResource|ServletContextResource)$|(?:^|\.)(?:getResource|getResources)$/, args: [0] },
    { class: 'redirect', call: /(?:^|\.)sendRedirect$|^new (?:RedirectView|ModelAndView)$/ },
    { class: 'redirect', call: /(?:^|\.)setHeader$|(?:^|\.)addHeader$/, args: [1], firstArgText: /^"Location"$/ },
    { class: 'ssrf', call: /^new (?:java\.net\.)?URL$|^(?:URI\.create|\w*[Rr]estTemplate\.(?:getForObject|getForEntity|postForObject|postForEntity|exchange|execute)|Jsoup\.connect|\w*[Ww]ebClient\.\w+\(\)\.uri|HttpRequest\.newBuilder)$/ },
    { class: 'ldap', call: /(?:^|\.)search$/, args: [1] },
    // A JNDI / Spring LDAP context, known by its declared type: whoever calls a method that searches with its own parameter decides the filter.
    { class: 'ldap', call: /^(?:DirContext|InitialDirContext|LdapContext|InitialLdapContext|LdapCtx|EventDirContext|DirContextOperations|LdapTemplate|LdapOperations|new Initial(?:Dir|Ldap)Context(?:\(\u2026?\))?)\.search$/, args: [1], unknown: 'parameter' },
    // Spring LDAP's names: the base or entry DN of a lookup, listing or search (`template.lookup(dn)`), which a DN built from
    // client text can point elsewhere; and `LdapQueryBuilder.query().filter(text)`, whose text is the raw filter (`where(a).is(v)` encodes).
    { class: 'ldap', call: /^(?:LdapTemplate|LdapOperations)\.(?:list|listBindings|lookup|lookupContext|search|searchForObject|unbind)$/, args: [0], unknown: 'parameter', message: 'This LDAP name (DN) comes from {from}; build it with `LdapNameBuilder` / `LdapUtils.newLdapName` from escaped parts, or look it up from a fixed base.' },
    { class: 'ldap', call: /^(?:LdapQueryBuilder\.)?query\(\)(?:\.\w+\(\))*\.filter$/, args: [0], unknown: 'parameter' },
    // UnboundID: the filter text of `search(base, scope, filter, …)` and of a `SearchRequest`.
    { class: 'ldap', call: /^(?:LDAPConnection|LDAPInterface|LDAPConnectionPool|AbstractConnectionPool)\.(?:search|searchForEntry)$|^new SearchRequest$/, args: [2], unknown: 'parameter' },
    { class: 'xpath', call: /(?:^|\.)(?:compile|evaluate|selectNodes|selectSingleNode)$/, sqlShape: false, args: [0] },
    // An XPath engine known by its declared type: a query built from, or being, the method's own parameter is a warning.
    { class: 'xpath', call: /^(?:XPath|XPathFactory\.newInstance\(\)\.newXPath\(\))\.(?:compile|evaluate|evaluateExpression)$/, args: [0], unknown: 'parameter' },
    // Apache XML Security's `XPathAPI` (context, xpath node, query, namespace node); Xalan's static `XPathAPI.selectNodeList(doc, query)`.
    { class: 'xpath', call: /^(?:XPathAPI|JDKXPathAPI|XalanXPathAPI)\.(?:evaluate|selectNodeList)$/, args: [2], unknown: 'parameter' },
    { class: 'xpath', call: /^(?:(?:org\.apache\.xpath\.)?XPathAPI|CachedXPathAPI)\.(?:eval|selectNodeIterator|selectNodeList|selectSingleNode)$/, args: [1], maxArgs: 3, unknown: 'parameter' },
    { class: 'html', call: /(?:^|\.)get(?:Writer|OutputStream)\(\)\.(?:print|println|write|printf|format|append)$|^(?:out|writer|pw)\.(?:print|println|write|printf|format|append)$/, args: 'all' },
    // A Spring response body built as markup from request data (`new ResponseEntity<>(String.format("<img src=%s>", p), OK)`).
    { class: 'html', call: /^new ResponseEntity(?:<[^>]*>)?$|^ResponseEntity\.(?:ok|status\(\)\.body|ok\(\)\.body)$/, args: [0], shapeText: /<[a-zA-Z!/]/ },
    // Jackson reading request data where the file lets JSON name classes (default typing, `@JsonTypeInfo(use = Id.CLASS)`).
    { class: 'deserialization', call: /(?:^|\.)readValue$/, args: [0], fileText: /\b(?:enableDefaultTyping|activateDefaultTyping)\b|@JsonTypeInfo\s*\(\s*use\s*=\s*(?:JsonTypeInfo\.)?Id\.(?:MINIMAL_)?CLASS\b/ },
    // A JMS ObjectMessage's body is Java-serialised by whoever can send to the queue (`getObject()` without arguments, in a file that reads ObjectMessages).
    { class: 'deserialization', call: /\.getObject$/, maxArgs: 0, fileText: /\bObjectMessage\b/, receiver: true, unknown: 'always', message: '`ObjectMessage.getObject()` deserialises the message body with Java serialisation: whoever can send to this queue chooses the classes built. Send text (JSON) messages, or limit the factory\'s trusted packages.' },
    // commons-io's ClassLoaderObjectInputStream(loader, stream) is an ObjectInputStream too.
    { class: 'deserialization', call: /^new (?:org\.apache\.commons\.io\.input\.)?ClassLoaderObjectInputStream$/, args: [1], unknown: 'always' },
    { class: 'deserialization', call: /^new (?:java\.io\.)?ObjectInputStream$|^new (?:java\.beans\.)?XMLDecoder$|(?:^|\.)fromXML$|^new Yaml\(\)\.load$/, unknown: 'always' },
  ],
  sanitizers: [
    { call: /(?:^|\.)(?:parseInt|parseLong|parseDouble|parseBoolean|valueOf|getBoolean|size|length|hashCode|UUID\.fromString)$/, classes: 'all' },
    { call: /(?:^|\.)(?:escapeHtml4?|escapeXml\d*|htmlEscape|encodeForHTML\w*|forHtml\w*|escapeHtmlChars)$/, classes: ['html'] },
    { call: /(?:^|\.)(?:encodeForSQL|escapeSql)$/, classes: ['sql'] },
    { call: /(?:^|\.)(?:encodeForLDAP|encodeForDN|escapeLDAPSearchFilter)$/, classes: ['ldap'] },
    { call: /(?:^|\.)(?:encodeForXPath)$/, classes: ['xpath'] },
    { call: /(?:^|\.)(?:getName|getFileName|normalize\(\)\.getFileName|FilenameUtils\.getName)$/, classes: ['path'] },
    { call: /(?:^|\.)(?:encodeForOS)$/, classes: ['command'] },
  ],
  passThrough: /^(?:String\.(?:valueOf|join|copyValueOf)|new String|(?:[\w.]*\.)?Base64\.(?:decodeBase64|encodeBase64|encodeBase64String|decode|encode|encodeToString)|(?:java\.util\.)?Base64\.get(?:Mime|Url)?(?:Decoder|Encoder)\(\)\.\w+|new (?:java\.net\.)?URI|(?:java\.util\.)?Arrays\.copyOf\w*|new StringBuilder|new StringBuffer|URLDecoder\.decode|java\.net\.URLDecoder\.decode|Base64\.getDecoder\(\)\.decode|new java\.io\.File|new File|Arrays\.asList|List\.of|Collections\.singletonList|\w+\.(?:toString|substring|trim|toLowerCase|toUpperCase|replace|replaceAll|replaceFirst|concat|split|getBytes|strip|intern|append|toCharArray|subSequence|stripLeading|stripTrailing))$/,
  mutators: /^(?:append|add|addAll|put|insert|push|set)$/,
  formatCalls: /^(?:String\.format|MessageFormat\.format|String\.formatted|\w+\.formatted)$/,
  settings: [
    // Trust-all managers and verifiers written out (empty checks, `return true`, `(h, s) -> true`): the rule itself, from `trustCheckMethods`.
    { rule: 'tls-verify-off', call: /^new (?:NoopHostnameVerifier|AllowAllHostnameVerifier|TrustAllStrategy|TrustSelfSignedStrategy)$/, message: 'A verifier or trust strategy that accepts any certificate or host switches TLS verification off.' },
    { rule: 'tainted-deserialization', call: /(?:^|\.)(?:enableDefaultTyping|activateDefaultTyping|enableDefaultTypingAsProperty)$/, message: 'Jackson default typing builds whatever class the JSON names: a crafted payload runs code through gadget classes.' },
    { rule: 'cookie-flags-off', call: /(?:^|\.)(?:setSecure|setHttpOnly)$/, arg: 0, value: /^false$/, message: 'This cookie is marked not Secure / not HttpOnly; session and authentication cookies need both.', fix: 'true' },
    // A servlet cookie made here and sent without ever being marked (a helper that marks it is not seen; a cookie being deleted carries nothing).
    {
      rule: 'cookie-flags-off',
      call: /(?:^|\.)addCookie$/,
      setters: { made: /^new (?:(?:javax|jakarta)\.servlet\.http\.)?Cookie$/, calls: ['setSecure', 'setHttpOnly'], unless: /setMaxAge\s*\(\s*0\s*\)/ },
      message: 'This cookie is sent without {keys}; session and authentication cookies need both flags.',
      absentFix: '{name}.{key}(true);',
    },
    { rule: 'debug-mode-on', call: /^EnableWebSecurity$/, key: /^debug$/, value: /^true$/, message: 'Spring Security debug mode logs requests with their headers and sessions.', fix: 'false' },
    { rule: 'cors-credentials-any-origin', call: /^CrossOrigin$/, key: /^(?:origins|value|originPatterns)$/, value: /^(?:"\*"|\{\s*"\*"\s*\})$/, unlessNearby: /^(?![\s\S]*allowCredentials\s*=\s*"true")/, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
    { rule: 'cors-credentials-any-origin', call: /(?:^|\.)(?:allowedOrigins|allowedOriginPatterns|addAllowedOrigin|addAllowedOriginPattern|setAllowedOrigins)$/, arg: 0, value: /^"\*"$|List\.of\("\*"\)|Arrays\.asList\("\*"\)/, unlessNearby: /^(?![\s\S]*(?:allowCredentials|setAllowCredentials)\(\s*true\s*\))/, message: 'CORS allows every origin together with credentials: any web site can make authenticated requests and read the answers.' },
    // `*` without credentials: low confidence (public data, or a service whose access is its network position).
    { rule: 'cors-wildcard-origin', call: /^CrossOrigin$/, key: /^(?:origins|value|originPatterns)$/, value: /^(?:"\*"|\{\s*"\*"\s*\})$/, unlessNearby: /allowCredentials\s*=\s*"true"/, message: 'Every website may read these responses (`Access-Control-Allow-Origin: *`): right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list). List the origins that may read it.' },
    { rule: 'cors-wildcard-origin', call: /(?:^|\.)(?:allowedOrigins|allowedOriginPatterns|addAllowedOrigin|addAllowedOriginPattern|setAllowedOrigins)$/, arg: 0, value: /^"\*"$|List\.of\("\*"\)|Arrays\.asList\("\*"\)/, unlessNearby: /(?:allowCredentials|setAllowCredentials)\(\s*true\s*\)/, message: 'Every website may read these responses (`Access-Control-Allow-Origin: *`): right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list). List the origins that may read it.' },
    { rule: 'cors-wildcard-origin', call: /(?:^|\.)(?:setHeader|addHeader|header|set|add)$/, arg: 1, argText: { index: 0, text: /^"access-control-allow-origin"$/i }, value: /^"\*"$/, unlessNearby: /"access-control-allow-credentials"\s*,\s*"true"/i, message: 'Every website may read these responses (`Access-Control-Allow-Origin: *`): right for public data, a leak where access depends on the network (an intranet or localhost service, an IP allow-list). List the origins that may read it.' },
    // Protections switched off explicitly: reported on the value, with the value that switches them back on.
    { rule: 'xxe-enabled', call: /(?:^|\.)setProperty$/, arg: 1, argText: { index: 0, text: /isSupportingExternalEntities|IS_SUPPORTING_EXTERNAL_ENTITIES|SUPPORT_DTD|supportDTD/ }, value: /^(?:true|Boolean\.TRUE)$/, message: 'External entities (or DTDs) are switched on for this StAX parser: a crafted document can read local files or reach internal hosts.', fix: 'false' },
    { rule: 'xxe-enabled', call: /(?:^|\.)setFeature$/, arg: 1, argText: { index: 0, text: /disallow-doctype-decl/ }, value: /^(?:false|Boolean\.FALSE)$/, message: 'DOCTYPE declarations are allowed again: a crafted document can read local files or reach internal hosts through external entities.', fix: 'true' },
    { rule: 'xxe-enabled', call: /(?:^|\.)setFeature$/, arg: 1, argText: { index: 0, text: /external-(?:general|parameter)-entities|load-external-dtd/ }, value: /^(?:true|Boolean\.TRUE)$/, message: 'External entities are switched on for this parser: a crafted document can read local files or reach internal hosts.', fix: 'false' },
    { rule: 'xxe-enabled', call: /^(?:DocumentBuilderFactory|SAXParserFactory|XMLInputFactory|TransformerFactory|SchemaFactory|SAXTransformerFactory|XMLReaderFactory|SAXReader|SAXBuilder)\.(?:newInstance|newFactory|newDefaultFactory|createXMLReader)$|^new (?:SAXReader|SAXBuilder)$/, usedBy: { call: /\.(?:newDocumentBuilder|newSAXParser|newTransformer|newTemplates|newSchema|createXMLStreamReader|createXMLEventReader)$/, via: 'receiver' }, unlessNearby: /setFeature|setProperty|setAttribute|setExpandEntityReferences\(\s*false|XMLConstants\.ACCESS_EXTERNAL|FEATURE_SECURE_PROCESSING|IS_SUPPORTING_EXTERNAL_ENTITIES/, message: 'This XML parser factory keeps DTDs and external entities on; set `disallow-doctype-decl` (or turn external entities off) before parsing.' },
  ],
  viewRedirects: { returns: new Set(['return_statement']), prefix: /^redirect:/ },
  remoteInterfaces: {
    header: /\bextends\s+(?:[\w.]+\s*,\s*)*(?:java\.rmi\.)?Remote\b/,
    safeTypes: /^(?:final\s+)?(?:byte|short|int|long|float|double|boolean|char|(?:java\.lang\.)?(?:Byte|Short|Integer|Long|Float|Double|Boolean|Character|String))(?:\s*\[\s*\])*$/,
  },
  constantCalls: true,
  trustCheckMethods: /^(?:checkServerTrusted|checkClientTrusted|verify|isTrusted)$/,
  fastHashes: /^(?:MessageDigest\.getInstance|DigestUtils\.(?:md5|md5Hex|sha1|sha1Hex|sha256|sha256Hex|sha512Hex|shaHex)|Hashing\.(?:md5|sha1|sha256)\(\)\.hash\w*)$/,
  weakRandom: /^(?:(?:java\.lang\.)?Math\.random|new (?:java\.util\.)?Random\(\)\.next\w+|\w*[Rr]andom\.next(?:Int|Long|Double|Float|Bytes|Gaussian)|RandomStringUtils\.random\w*|ThreadLocalRandom\.current\(\)\.next\w+)$/,
};
