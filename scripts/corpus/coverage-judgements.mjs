// Our judgements of labels in the JS/TS suites that eval-coverage.mjs scores (semgrep-rules, njsscan), for
// a second reading beside the suites' own labels (which stay the headline, printed first).
//
// The issue's rule for data flow: request data reaching a sink is an error (high confidence), a value of
// unknown origin a warning (medium or low confidence), a constant nothing. A label that rule says is
// wrong is set apart here, keyed by the suite's rule id and the code on the labelled line (never by a
// file name), with the reason taken from the library's or the standard's documentation:
//   - LABELS: a positive label that should be silent (left out of the class's labels; a finding on its
//     lines is then neither found nor false);
//   - FINDINGS: a finding no positive label accounts for that is right all the same (an `ok:` label or a
//     true-negative file that is wrong; left out of the false positives).
// Both apply to every scanner scored in the run alike. A gap Warden does not reach is NOT listed here:
// it stays a miss in both readings.

/** [class name prefix, their rule ids, code on the labelled line, reason] */
export const LABELS = [
  // Code injection: Node's vm and vm2 run the script they are given; a context (sandbox) value is data
  // the script reads. These labels pass request data (or a parameter) as a context value to a constant
  // script, or label the context object itself.
  ['code injection', /^(?:express-vm-injection|vm-runincontext-injection|express-vm2-injection|vm2-context-injection|vm2_context_injection|vm_runincontext_injection|vm_runinnewcontext_injection|vm_compilefunction_injection)$/,
    /\bvm\.runIn(?:New)?Context\('[^']*'|\bvm\.compileFunction\(code2?, \[\], \{ parsingContext: context \}\)|\bnew (?:Node)?VM\(\{[^}]*\bsandbox\}\)|^(?:const|var) (?:sandbox|context) = (?:\{|vm\.createContext\(\{)|^var input = req\.query\.\w+ \|\| ''$|^(?:async )?function test\d\(input\) \{$/,
    'request data is a value of the vm/vm2 context, and the script that runs is a constant of the program (Node: the context object becomes the script\'s global object; a JSON or query value cannot carry a function or getter); vm2\'s published escapes all need the attacker\'s code'],
  ['code injection', /^multiargs-code-execution$/, /./,
    'thenify\'s `multiArgs` reaches the code it compiles only through JSON.stringify; CVE-2020-7677 is the function\'s `name`, which these calls do not set'],
  // XSS
  ['xss', /^(?:header_xss_lusca|header_xss_generic|nestjs-header-xss-disabled)$/, /./,
    'turns the X-XSS-Protection auditor off (`0`, lusca `xssProtection: false`): OWASP\'s HTTP headers cheat sheet, MDN and helmet\'s default recommend exactly that, since the auditor itself leaked data'],
  ['xss', /^(?:express_xss|direct-response-write)$/, /\breq\.query\(/,
    'Express\'s `req.query` is an object: calling it throws before anything is written'],
  ['xss', /^(?:xss_serialize_javascript|unsafe-serialize-javascript)$/, /serialize\(\{ ?\w+: '[^']*' ?\}/,
    'serialises a string constant of the program: nothing of the client\'s is in the output'],
  ['xss', /^raw-html-concat$/, /'url\(' \+ location\.href \+ '#|'<svg /,
    '`location.href` inside a double-quoted attribute: the URL standard percent-encodes `"`, `<` and `>` in every part of a URL a page can be at'],
  ['xss', /^raw-html-join$/, /^html = +\[html, /,
    'markup joined into a local that the code never writes to any sink (reporting every HTML string a program builds would report them all)'],
  ['xss', /^html-in-template-string$/, /^(?:let \w+ = `|return `<div )/,
    'markup built in a template literal and never written to any sink (the values are constants of the file, or globals returned from a function nothing calls): a built HTML string is not XSS until something writes it'],
  ['xss', /^handlebars_safestring$/, /SafeString\((?:x|'[^']*')\)/,
    'Handlebars SafeString of a string constant of the program (a literal, or a local assigned one): constants are silent by the issue\'s rule'],
  ['xss', /^detect-angular-translateprovider-translations-method$/, /^\$translateProvider\.translations\('\w+', \{(?:output|GREETING: '[^']*')\}\);$/,
    'an angular-translate table of string constants of the program (a literal, or a local assigned one): constants are silent by the issue\'s rule'],
  ['xss', /^unknown-value-with-script-tag$/, /utils\.contains\(\w+, '<\/script>/,
    'a `<script>` string constant compared with a value (`contains`), never written to a page'],
  ['xss', /^jquery-insecure-selector$/, /^(?:var item = '\.item-' \+ window\.location\.hash;|var item = window\.location\.hash;|\$\(location\.hash\)|\$\('#' \+ (?:location\.hash|userInput)\)|.*\$\(measureId\))/,
    'a jQuery selector that starts with fixed text other than `<` (`#`, `.item-`, `#measure_`) or is `location.hash` (which starts with `#`): since jQuery 1.9 `$(string)` parses a string as HTML only when it starts with `<` (jQuery 1.9 upgrade guide), so no markup is made'],
  ['xss', /^jquery-insecure-method$/, /^select\.append\(bar\)$/,
    '`bar` is `$(new Data(d))`, a jQuery wrapper of an object, not a string: `append` inserts it and parses no markup'],
  // Session cookies
  ['session cookies', /^express-cookie-session-no-httponly$/, /^app\.use\(session\(\{$/,
    'a session cookie whose options leave `httpOnly` out: express-session sets HttpOnly by default (its README, cookie.httpOnly: "By default, the HttpOnly attribute is set"; cookie-session\'s `httpOnly` is true by default too); an explicit `httpOnly: false` is another label'],
  // Deserialization
  ['deserialization', /^yaml_deserialize$/, /\.load\(untrusted_code\)/,
    'js-yaml `load` is safe since js-yaml 4 (it refuses `!!js/function`); the code uses no js-yaml 3 API, and the text loaded is a string constant of the program'],
  // Weak crypto
  ['weak crypto', /^node_aes_noiv$/, /createCipheriv\(.*, ""\)/,
    'an empty IV for AES-GCM: Node throws ERR_CRYPTO_INVALID_IV (checked on Node 20 and 24), so no ciphertext is ever made'],
  ['weak crypto', /^(?:node_insecure_random_generator|detect-pseudoRandomBytes)$/, /\bpseudoRandomBytes\b/,
    '`crypto.pseudoRandomBytes === crypto.randomBytes` in Node (DEP0115): the same CSPRNG'],
  ['weak crypto', /^node_insecure_random_generator$/, /^const \w+ = Math\.random\(\);$/,
    'a `Math.random()` value stored in a local and used for nothing secret'],
  // ReDoS
  ['redos', /^detect-redos$/, /^(?:new RegExp\(r, "i"\);|r\.test\(a\)|"a"\.match\(r\))$/,
    'uses of `r`, the pattern `/^\\\\w+([-_+.]\\\\w+)*@…$/` written with doubled backslashes: each repetition starts with a fixed character, so it is linear (scslre reports nothing); it is also applied to a constant or a value of unknown origin'],
  ['redos', /^regex_dos$/, /\/d\(b\+\)d\/g|\(\?:\\d\{3\}\|\\\(\\d\{3\}\\\)\)/,
    'linear patterns (MDN\'s `/d(b+)d/g` example; a bounded phone number with one back-reference): no input makes them backtrack'],
  // Open redirect
  ['open redirect', /^unknown-value-in-redirect$/, /^res\.redirect\(\w+\)$/,
    'the target passed a check by an allow-list function before the redirect (a guard, as for every sink)'],
];

/** [class name prefix, Warden rule or eslint rule, code on the finding's line, reason] */
export const FINDINGS = [
  ['open redirect', /^open-redirect$/, /res\.redirect\((?:"https?:\/\/[^"/]+"|config_value\.\w+|c) ?\+|res\.redirect\(`\$\{c\}\$\{a\}/,
    'the request data follows a host with no `/` after it (or a value of the program\'s own): by the URL standard `@evil.example` from the request makes evil.example the host; the `ok:` label is wrong'],
  ['weak crypto', /^password-fast-hash$/, /\.setPassword\(digest\)/,
    'a fast unsalted SHA-256 digest stored as a password is as weak as MD5 there (OWASP Password Storage: use a slow, salted KDF); the `ok:` label is wrong'],
  ['weak crypto', /^cipher-static-iv$/, /createCipheriv\(['"]aes-\d+-gcm['"], .*, ["'][^"']+["']\);$/i,
    'a constant GCM nonce: every message under the key reuses it, which gives away the XOR of plaintexts and the authentication key (NIST SP 800-38D §8); the true-negative file is wrong'],
  ['xss', /^dom-xss-sink$/, /^\$\w+\.html\(\$\w+\.text\(\)\)/,
    'jQuery `.text()` returns the element\'s text with entities decoded, and `.html()` parses it as markup: escaped text in the page becomes live markup'],
  ['xss', /^dom-xss-sink$/, /^return '<\w+ \w+="' \+ \(attrs\.\w+ \|\| '\w+'\) \+/,
    'a BBCode tag\'s attribute (`attrs.…`, text the BBCode\'s author wrote) inside a double-quoted attribute of the markup an SCEditor `html` callback returns, unescaped: a `"` in it closes the attribute (SCEditor\'s own formats escape every attribute with `escapeEntities`). The suite marks the line `ruleid: deepok:`, which its scorer here reads as no label'],
  ['xss', /^dom-xss-sink$/, /^angular\.element\('\w+'\)\.html\(\$scope\.\w+\)$/,
    'a value of unknown origin (`$scope.foo = getData()`, filled by a function of another file) written as HTML by jqLite\'s `.html`: a warning by the issue\'s rule, which Warden gives at low confidence; the suite\'s own comment says it marks only the scope object itself (`.html($scope)`)'],
  ['xss', /^reflected-xss$/, /^res\.send\(output\);$/,
    'request data (`req.query.name`) concatenated into an HTML response: the suite leaves that handler unlabelled'],
  ['code injection', /^eval-non-literal$/, /^(?:eval\(.*\+ req\.|setTimeout\('[^']*' \+ req\.|setInterval\(req\.|new Function\('arg1', 'arg2', req\.)/,
    'code compiled from text built of a value at run time (a free `req` outside any handler): code injection at least at warning level by the issue\'s rule (Warden reads `req` by name and says error)'],
  ['session cookies', /^cookie-insecure$/, /^httpOnly: false,$/,
    'the session cookie\'s `httpOnly: false`, inside the `session({…})` call the label above it marks; the call runs over more lines than the two a finding may start below its label'],
  ['session cookies', /^cookie-insecure$/, /^res\.cookie\('\w+', "[^"]*", \{$/,
    'a cookie set with `maxAge` and `httpOnly` but without `secure`: it travels over plaintext HTTP (OWASP Session Management cheat sheet); the file is a true negative of njsscan\'s deserialization rules, whose cookie rules look at session middleware only'],
  ['nosql injection', /^nosql-injection$/, /\$where: `[^`]*\$\{/,
    '`$where` JavaScript built at run time from a value of unknown origin (`env[…]`): a warning by the issue\'s rule, which Warden gives at low confidence'],
  ['nosql injection', /^nosql-injection$/, /^const data = await \w+\.send\(new QueryCommand\(params\)\);$/,
    'a DynamoDB `QueryCommand` given `params` destructured from a Lambda event\'s body (`const { params } = event.body`): the client picks table, key condition and filter, as in the labelled `const params = event.body.params` case below it; the suite marks the line `todoruleid:` (a positive its own rule does not find yet), which its scorer here reads as no label'],
];

const judge = (rows) => (cls, id, line) => rows.find(([c, ids, code]) => cls.startsWith(c) && ids.test(id) && code.test(line.trim()));
/** The judgement of a positive label (their rule id, the labelled line's code), or undefined. */
export const judgedLabel = judge(LABELS);
/** The judgement of a finding no positive label accounts for (its rule id, its line's code), or undefined. */
export const judgedFinding = judge(FINDINGS);
