import { testRule } from '../helpers/ruleTester';
import jwtAlgorithmNotPinned from '../../server/src/rules/ast/jwt-algorithm-not-pinned';
import jwtDecodeWithoutVerify from '../../server/src/rules/ast/jwt-decode-without-verify';
import cipherStaticIv from '../../server/src/rules/ast/cipher-static-iv';
import weakHash from '../../server/src/rules/ast/weak-hash';
import weakCipher from '../../server/src/rules/ast/weak-cipher';
import tlsVerificationDisabled from '../../server/src/rules/ast/tls-verification-disabled';
import directoryListing from '../../server/src/rules/ast/directory-listing';
import corsWildcardCredentials from '../../server/src/rules/ast/cors-wildcard-credentials';
import passwordFastHash from '../../server/src/rules/ast/password-fast-hash';
import urlAllowlistSubstring from '../../server/src/rules/ast/url-allowlist-substring';
import corsOriginRegex from '../../server/src/rules/ast/cors-origin-regex';
import insecureTlsVersion from '../../server/src/rules/ast/insecure-tls-version';
import xmlEntityExpansion from '../../server/src/rules/ast/xml-entity-expansion';
import corsAnyOrigin from '../../server/src/rules/ast/cors-any-origin';

// Issue 15, configuration and crypto classes: the forms the public suites showed missing or misfiring,
// at exact positions (see docs/engineering.md, coverage section).

testRule(jwtAlgorithmNotPinned, {
  valid: [
    // jsonwebtoken 9 derives the allowed algorithms from the key type when none are listed.
    "const jwt = require('jsonwebtoken');\njwt.verify(token, process.env.JWT_SECRET, (err, claims) => done(claims));",
    "const jose = require('jose');\nconst { JWK, JWT } = jose;\nJWT.verify(token, JWK.asKey(process.env.KEY));",
    // Not jose's JWK.
    "const JWK = { None: 1 };\nJWT.verify(token, JWK.None);",
  ],
  invalid: [
    {
      code: "const jose = require('jose');\nconst { JWK, JWT } = jose;\nconst token = JWT.verify('token-here', JWK.None);",
      errors: [{ line: 3, column: 40, endLine: 3, endColumn: 48, message: '`JWK.None` accepts unsigned tokens' }],
    },
    {
      code: "import * as jose from 'jose';\njose.JWS.verify(jws, jose.JWK.None);",
      errors: [{ line: 2, column: 22, endLine: 2, endColumn: 35, message: '`JWK.None` accepts unsigned tokens' }],
    },
    {
      code: "const { JWK, JWT } = require('jose');\nJWT.verify(t, JWK.None, { complete: true });",
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 23 }],
    },
  ],
});

testRule(jwtDecodeWithoutVerify, {
  valid: [
    "const jwt = require('jwt-simple');\nconst claims = jwt.decode(token, secret);",
    "const jwt = require('jwt-simple');\nconst claims = jwt.decode(token, secret, false, 'HS256');",
    "const jwt = require('jwt-simple');\nconst claims = jwt.decode(token, secret, noVerify);",
    "const jwt = require('jwt-simple');\nconst claims = jwt.decode(token, secret, 0);",
  ],
  invalid: [
    {
      code: "const jwt = require('jwt-simple');\nconst decoded = jwt.decode(token, secretKey, 'HS256');",
      errors: [{ line: 2, column: 46, endLine: 2, endColumn: 53, message: "jwt-simple's third argument is `noVerify`, so 'HS256' switches" }],
    },
    {
      code: "import jwt from 'jwt-simple';\nconst decoded = jwt.decode(token, secretKey, true);",
      errors: [{ line: 2, column: 46, endLine: 2, endColumn: 50, message: 'switches the signature check off, so anyone' }],
    },
    {
      // 'false' is a non-empty string: truthy.
      code: "const { decode } = require('jwt-simple');\nconst decoded = decode(token, secretKey, 'false');",
      errors: [{ line: 2, column: 42, endLine: 2, endColumn: 49 }],
    },
  ],
});

testRule(cipherStaticIv, {
  valid: [
    "const crypto = require('crypto');\nconst d = crypto.createDecipheriv('aes-256-gcm', key, iv);",
    "const d = decipher.createDecipher('x');",
  ],
  invalid: [
    {
      code: "const crypto = require('node:crypto');\nconst decipher = crypto.createDecipher('aes-128-gcm', key, iv);",
      errors: [{ line: 2, column: 18, endLine: 2, endColumn: 63, message: '`createDecipher` reads data encrypted under an IV and key derived from the password' }],
    },
    {
      code: "const { createDecipher } = require('crypto');\nconst d = createDecipher('aes-192-cbc', key);",
      errors: [{ line: 2, column: 11, endLine: 2, endColumn: 45 }],
    },
  ],
});

testRule(weakHash, {
  valid: ["require('crypto').createHash('sha256').update(data).digest('hex');"],
  invalid: [
    {
      code: "const token = require('crypto')\n  .createHash('sha1')\n  .update(secret)\n  .digest('hex');",
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 21, message: 'SHA1 is broken for security use' }],
      output: "const token = require('crypto')\n  .createHash('sha256')\n  .update(secret)\n  .digest('hex');",
    },
  ],
});

testRule(weakCipher, {
  valid: ["require('crypto').createCipheriv('aes-256-gcm', key, iv);"],
  invalid: [
    {
      code: "const c = require('node:crypto').createCipheriv('des-ede3-cbc', key, iv);",
      errors: [{ line: 1, column: 49, endLine: 1, endColumn: 63, message: "'des-ede3-cbc' is a broken cipher" }],
    },
  ],
});

testRule(tlsVerificationDisabled, {
  valid: [
    "curl(url, { SSL_VERIFYPEER: 1 }, done);",
    "curl.setOpt('SSL_VERIFYHOST', 2);",
    "curl.setOpt(Curl.option.SSL_VERIFYPEER, true);",
  ],
  invalid: [
    {
      code: "curl(url, {\n  SSL_VERIFYPEER: 0\n}, done);",
      errors: [{ line: 2, column: 19, endLine: 2, endColumn: 20, message: "libcurl's `SSL_VERIFYPEER` set to 0 turns off certificate verification" }],
      output: "curl(url, {\n  SSL_VERIFYPEER: 1\n}, done);",
    },
    {
      code: "curl.setOpt(Curl.option.SSL_VERIFYHOST, 0);",
      errors: [{ line: 1, column: 41, endLine: 1, endColumn: 42, message: 'turns off host name verification' }],
      output: "curl.setOpt(Curl.option.SSL_VERIFYHOST, 2);",
    },
    {
      code: "curl.setOpt('SSL_VERIFYPEER', false);",
      errors: [{ line: 1, column: 31, endLine: 1, endColumn: 36 }],
      output: "curl.setOpt('SSL_VERIFYPEER', true);",
    },
  ],
});

testRule(directoryListing, {
  valid: [
    // Created, never mounted: nothing is listed.
    "const serveIndex = require('serve-index');\nconst serve = serveIndex('public/ftp');",
  ],
  invalid: [
    {
      // The listing is served where the middleware is called or mounted, not where it is made.
      code: "const serveIndex = require('serve-index');\nvar serve = serveIndex('public/ftp', { icons: true });\nhttp.createServer((req, res) => {\n  serve(req, res, finalhandler(req, res));\n});\napp.use('/ftp', serve);",
      errors: [
        { line: 4, column: 3, endLine: 4, endColumn: 42, message: '`serve-index` lists the files' },
        { line: 6, column: 17, endLine: 6, endColumn: 22, message: '`serve-index` lists the files' },
      ],
    },
  ],
});

testRule(corsWildcardCredentials, {
  valid: [
    "app.get('/a', (req, res) => { res.set('access-control-allow-origin', 'https://app.acme.io'); });",
    // `*` without credentials: browsers never send cookies with it (a public API).
    "app.get('/a', (req, res) => { res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }); });",
    "app.get('/a', (req, res) => { const origin = req.query.origin; res.set('x-origin', origin); });",
  ],
  invalid: [
    {
      code: "app.get('/test1', function (req, res) {\n  const origin = req.query.origin;\n  res.writeHead(200, { 'Access-Control-Allow-Origin': origin });\n});",
      errors: [{ line: 3, column: 55, endLine: 3, endColumn: 61, message: 'The origin allowed here comes from the request, so every site passes' }],
    },
    {
      code: "app.get('/test2', function (req, res) {\n  res.set({\n    'Content-Length': 123,\n    'access-control-allow-origin': req.body.origin,\n  });\n});",
      errors: [{ line: 4, column: 36, endLine: 4, endColumn: 51 }],
    },
    {
      // With credentials in the file: high confidence, the existing message.
      code: "app.use((req, res, next) => {\n  res.writeHead(200, { 'Access-Control-Allow-Origin': req.headers.origin, 'Access-Control-Allow-Credentials': 'true' });\n});",
      errors: [{ line: 2, column: 55, endLine: 2, endColumn: 73, message: "The request's Origin is reflected while credentials are allowed" }],
    },
  ],
});

testRule(passwordFastHash, {
  valid: [
    // The input is named like a password: the hash call itself is reported (once), not the store.
    "const crypto = require('crypto');\nfunction ok(user, pwtext) {\n  const digest = crypto.createHash('sha256').update(pwtext).digest('hex');\n  user.setPassword(bcryptHashOf(digest));\n}",
    "function f(user, v) { user.setPassword(v); }",
    "function f(user, a, b) { let d = crypto.createHash('md5').update(a).digest('hex'); d = b; user.setPassword(d); }",
  ],
  invalid: [
    {
      code: "const crypto = require('crypto');\nfunction ex1(user, pwtext) {\n  digest = crypto.createHash('md5').update(pwtext).digest('hex');\n  user.setPassword(digest);\n}",
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 27, message: 'A fast MD5 digest is stored as the password' }],
    },
    {
      code: "function save(user, text) {\n  user.password = require('crypto').createHash('sha1').update(text).digest('hex');\n}",
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 82, message: 'A fast SHA1 digest is stored as the password' }],
    },
  ],
});

testRule(urlAllowlistSubstring, {
  valid: [
    // Exact comparison with a list: the right way.
    "app.use(cors({ origin: function (origin, callback) { callback(null, allowed.indexOf(origin) !== -1); }, credentials: true }));",
    // A subdomain check with the leading dot pins the registrable domain.
    "app.use(cors({ origin: (origin, cb) => cb(null, origin.endsWith('.acme.io')) }));",
    // Not the origin option: a parameter of another function.
    "const check = (origin) => origin.includes('acme.io');",
  ],
  invalid: [
    {
      code: "app.use(cors({\n  origin: (origin, callback) => callback(null, !origin || origin.includes('acme.io')),\n  credentials: true,\n}));",
      errors: [{ line: 2, column: 59, endLine: 2, endColumn: 85, message: "`includes('acme.io')` on the request's Origin admits look-alike hosts (`acme.io.evil.net`)" }],
    },
    {
      code: "app.enableCors({ origin(origin, cb) { cb(null, origin.endsWith('acme.io')); } });",
      errors: [{ line: 1, column: 48, endLine: 1, endColumn: 74, message: '(`evilacme.io`)' }],
    },
  ],
});

testRule(corsOriginRegex, {
  valid: [
    "app.use(cors({ origin: (origin, cb) => cb(null, /^https:\\/\\/app\\.acme\\.io$/.test(origin)) }));",
    "const ok = /a.b/.test(name);",
  ],
  invalid: [
    {
      code: "app.use(cors({ origin: (origin, cb) => cb(null, /^https:\\/\\/app.acme.io$/.test(origin)) }));",
      errors: [{ line: 1, column: 49, endLine: 1, endColumn: 74, message: 'This allowed-origin pattern has 2 unescaped dots' }],
      output: "app.use(cors({ origin: (origin, cb) => cb(null, /^https:\\/\\/app\\.acme\\.io$/.test(origin)) }));",
    },
    {
      code: "app.use((req, res, next) => {\n  if (req.headers.origin.match(/acme.io$/)) res.set('Access-Control-Allow-Origin', req.headers.origin);\n});",
      errors: [{ line: 2, column: 32, endLine: 2, endColumn: 42, message: 'an unescaped `.`' }],
      output: "app.use((req, res, next) => {\n  if (req.headers.origin.match(/acme\\.io$/)) res.set('Access-Control-Allow-Origin', req.headers.origin);\n});",
    },
  ],
});

testRule(tlsVerificationDisabled, {
  valid: [
    "https.globalAgent.options.rejectUnauthorized = true;",
    "if (agent.options.rejectUnauthorized === false) warn();",
    "request.get(url).ca(cert).end(done);",
  ],
  invalid: [
    {
      code: "https.globalAgent.options.rejectUnauthorized = false;",
      errors: [{ line: 1, column: 48, endLine: 1, endColumn: 53, message: '`rejectUnauthorized = false` disables TLS certificate verification' }],
      output: "https.globalAgent.options.rejectUnauthorized = true;",
    },
    {
      code: "request.get(url)\n  .disableTLSCerts()\n  .end(done);",
      errors: [{ line: 2, column: 4, endLine: 2, endColumn: 19, message: '`disableTLSCerts()` turns off certificate verification' }],
    },
  ],
});

testRule(insecureTlsVersion, {
  valid: ["tls.DEFAULT_MIN_VERSION = 'TLSv1.2';", "if (tls.DEFAULT_MIN_VERSION === 'TLSv1') warn();"],
  invalid: [
    {
      code: "const tls = require('tls');\ntls.DEFAULT_MIN_VERSION = 'TLSv1';",
      errors: [{ line: 2, column: 27, endLine: 2, endColumn: 34, message: "`tls.DEFAULT_MIN_VERSION = 'TLSv1'` lets every TLS connection" }],
      output: "const tls = require('tls');\ntls.DEFAULT_MIN_VERSION = 'TLSv1.2';",
    },
    {
      code: "tls.DEFAULT_MAX_VERSION = 'TLSv1.1';",
      errors: [{ line: 1, column: 27, endLine: 1, endColumn: 36, message: 'caps every TLS connection' }],
    },
  ],
});

testRule(jwtDecodeWithoutVerify, {
  valid: [
    "import * as jose from 'jose';\nconst { payload } = await jose.jwtVerify(token, key);\nconst claims = jose.decodeJwt(token);",
    "import { decodeProtectedHeader } from 'jose';\nconst { kid } = decodeProtectedHeader(token);",
  ],
  invalid: [
    {
      code: "import { decodeJwt } from 'jose';\nconst claims = decodeJwt(req.headers.authorization);",
      errors: [{ line: 2, column: 16, endLine: 2, endColumn: 52, message: '`decodeJwt` does not check the signature' }],
    },
  ],
});

testRule(corsWildcardCredentials, {
  valid: [
    // The request's origin is sent back only when it is on the program's own list.
    "app.use((req, res, next) => {\n  const requestOrigin = req.headers.origin;\n  const allowOrigins = requestOrigin && baseOrigins.includes(requestOrigin) ? requestOrigin : baseOrigins[0];\n  res.header('Access-Control-Allow-Origin', allowOrigins);\n  res.header('Access-Control-Allow-Credentials', 'true');\n});",
    "app.use((req, res, next) => {\n  if (ALLOWED.has(req.headers.origin)) res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n});",
    // The `cors` package keeps `*` with credentials, which browsers refuse; @koa/cors with its own list.
    "const cors = require('cors');\napp.use(cors({ credentials: true }));",
    "const cors = require('@koa/cors');\napp.use(cors({ origin: (ctx) => pick(ctx), credentials: true }));",
  ],
  invalid: [
    {
      code: "app.use((req, res) => {\n  res.set('access-control-allow-origin', req.get('origin') || '*');\n});",
      errors: [{ line: 2, column: 42, endLine: 2, endColumn: 66, message: 'The origin allowed here comes from the request' }],
    },
    {
      // @koa/cors swaps `*` for the request's Origin when credentials are on, in every version.
      code: "const Koa = require('koa');\nconst cors = require('@koa/cors');\napp.use(cors({ credentials: true }));",
      errors: [{ line: 3, column: 9, endLine: 3, endColumn: 36, severity: 'error', message: '`@koa/cors` with credentials on and no `origin` answers every website with its own Origin' }],
    },
    {
      code: "import kcors from 'kcors';\napp.use(kcors({ credentials: true, maxAge: 600 }));",
      errors: [{ line: 2, column: 9, endLine: 2, endColumn: 50, severity: 'error' }],
    },
  ],
});

// node-expat 2.4.1 builds libexpat 2.2.1, which expands declared entities without bound (billion laughs):
// request XML is an error, XML of unknown origin low confidence, the program's own text nothing.
testRule(xmlEntityExpansion, {
  valid: [
    "const expat = require('node-expat');\napp.get('/a', (req, res) => { const parser = new expat.Parser('UTF-8'); parser.write('<xml>hardcoded</xml>'); });",
    "const xml2json = require('xml2json');\nconst result = xml2json.toJson('<xml></xml>', { object: true });",
    // Not node-expat's Parser: the function binds the name to another module.
    "function a(input) { const { Parser } = require('node-expat'); new Parser('UTF-8').parse('<a/>'); }\nfunction b(input) {\n  const { Parser } = require('some-other-module');\n  const parser = new Parser('UTF-8');\n  parser.write(input);\n}",
    // A parse or write on something that is not a node-expat parser.
    "const expat = require('node-expat');\napp.post('/a', (req, res) => { JSON.parse(req.body); stream.write(req.body); });",
    // xml2json's other direction builds XML, it does not parse it.
    "const xml2json = require('xml2json');\napp.post('/a', (req, res) => res.send(xml2json.toXml(req.body)));",
    // The program's own document, and `huge` left off.
    "const libxmljs = require('libxmljs');\nconst doc = libxmljs.parseXml('<a/>', { huge: true });\napp.post('/a', (req, res) => libxmljs.parseXml(req.body, { huge: false }));",
  ],
  invalid: [
    {
      code: "const expat = require('node-expat');\napp.get('/test', async (req, res) => {\n  var parser = new expat.Parser('UTF-8');\n  parser.parse(req.body);\n});",
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 24, severity: 'error', message: 'node-expat expands the entities this XML from the request declares without limit' }],
    },
    {
      code: "const expat = require('node-expat');\napp.get('/test2', (req, res) => {\n  var data = req.body.foo;\n  new expat.Parser('UTF-8').write(data);\n});",
      errors: [{ line: 4, column: 35, endLine: 4, endColumn: 39, severity: 'error' }],
    },
    {
      code: "import { createParser } from 'node-expat';\nexport function load(req, res) {\n  const p = createParser();\n  p.write(req.query.value);\n}",
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 26, severity: 'error' }],
    },
    {
      code: "function test2(input) {\n  const { Parser } = require('node-expat');\n  const parser = new Parser('UTF-8');\n  parser.write(input);\n}",
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 21, message: 'the document declares', confidence: 'low' }],
    },
    {
      code: "const xml2json = require('xml2json');\napp.get('/', (req, res) => {\n  const xml = req.query.xml;\n  const content = xml2json.toJson(xml, { coerce: true, object: true });\n});",
      errors: [{ line: 4, column: 35, endLine: 4, endColumn: 38, severity: 'error', message: 'xml2json (node-expat) expands the entities this XML from the request declares' }],
    },
    {
      // The body read in chunks from the request stream, parsed when it ends.
      code: "const expat = require('xml2json');\nfunction xmlBody(req, res, next) {\n  var buf = '';\n  req.on('data', function (chunk) { buf += chunk });\n  req.on('end', function () {\n    req.body = expat.toJson(buf, { object: true });\n  });\n}",
      errors: [{ line: 6, column: 29, endLine: 6, endColumn: 32, severity: 'error', confidence: 'high' }],
    },
    {
      // libxmljs with XML_PARSE_HUGE: libxml2's limits lifted.
      code: "const libxmljs = require('libxmljs');\napp.post('/a', (req, res) => {\n  const doc = libxmljs.parseXml(req.body, { huge: true, noblanks: true });\n});",
      errors: [{ line: 3, column: 33, endLine: 3, endColumn: 41, severity: 'error', message: "`parseXml` with `huge: true` lifts libxml2's safety limits (entity amplification, nesting depth, text size) for this XML from the request" }],
      output: "const libxmljs = require('libxmljs');\napp.post('/a', (req, res) => {\n  const doc = libxmljs.parseXml(req.body, { huge: false, noblanks: true });\n});",
    },
    {
      code: "const libxmljs = require('libxmljs2');\nfunction load(xml) {\n  const opts = { huge: true };\n  return libxmljs.parseXmlString(xml, opts);\n}",
      errors: [{ line: 4, column: 34, endLine: 4, endColumn: 37, confidence: 'low' }],
    },
  ],
});

// `*` (and the defaults that mean it) without credentials: low confidence, since it is right for public
// data and a leak for services whose access depends on the network.
testRule(corsAnyOrigin, {
  valid: [
    "app.get('/a', (req, res) => { res.set('Access-Control-Allow-Origin', 'https://app.acme.io'); });",
    "app.get('/a', (req, res) => { var x = 'google.com'; res.set('access-control-allow-origin', x); res.set('access-control-allow-origin', null); });",
    "app.use(cors({ origin: ['https://app.acme.io'] }));",
    "app.use(cors(corsOptionsDelegate));",
    "app.use(cors({ ...shared }));",
    // With credentials: cors-wildcard-credentials reports it.
    "app.use(cors({ origin: true, credentials: true }));",
    "app.enableCors({ origin: 'google.com' });",
    "const app = await NestFactory.create(AppModule, { cors: { origin: /\\.acme\\.io$/ } });",
    // Another header, another method.
    "res.set('Access-Control-Allow-Methods', '*'); list.set('access-control-allow-origin', 'x');",
    // A route path without a leading `/` matches no request: the middleware never runs.
    "app.options('null', cors());",
    // @koa/cors with credentials and no origin reflects the Origin: cors-wildcard-credentials reports it.
    "const cors = require('@koa/cors');\napp.use(cors({ credentials: true }));",
  ],
  invalid: [
    {
      code: "app.get('/', function (req, res) {\n  res.set('access-control-allow-origin', '*');\n});",
      errors: [{ line: 2, column: 42, endLine: 2, endColumn: 45, severity: 'warning', confidence: 'low', message: '`Access-Control-Allow-Origin: *` lets every website read these responses' }],
    },
    {
      code: "app.get('/', function (req, res) {\n  var x = '*';\n  res.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': x });\n  res.set('access-control-allow-origin', x);\n});",
      errors: [{ line: 3, column: 85, endLine: 3, endColumn: 86 }, { line: 4, column: 42, endLine: 4, endColumn: 43 }],
    },
    {
      code: "const cors = require('cors');\napp.options('*', cors());\napp.use(cors({ origin: '*' }));",
      errors: [{ line: 2, column: 18, endLine: 2, endColumn: 24, message: '`cors()` without an `origin` allows every origin' }, { line: 3, column: 16, endLine: 3, endColumn: 27, message: 'CORS allowing every origin' }],
    },
    {
      code: "async function bootstrap() {\n  const app = await NestFactory.create(AppModule, {cors: true});\n  app.enableCors();\n  app.enableCors({origin: '*'});\n}",
      errors: [
        { line: 2, column: 52, endLine: 2, endColumn: 62, message: '`cors: true` allows every origin' },
        { line: 3, column: 3, endLine: 3, endColumn: 19, message: '`enableCors()` without an `origin`' },
        { line: 4, column: 19, endLine: 4, endColumn: 30 },
      ],
    },
    {
      code: "@Controller()\nexport class AppController {\n  @Get()\n  @Header('Access-Control-Allow-Origin', '*')\n  hello(): string { return 'hi'; }\n}",
      errors: [{ line: 4, column: 42, endLine: 4, endColumn: 45 }],
    },
    {
      code: "app.options('*', cors());\napp.use('/api', cors());",
      errors: [{ line: 1, column: 18, endLine: 1, endColumn: 24 }, { line: 2, column: 17, endLine: 2, endColumn: 23 }],
    },
    {
      // @koa/cors under any name: the default depends on its version (CVE-2023-49803), which the file does not show.
      code: "import koaCors from '@koa/cors';\napp.use(koaCors());",
      errors: [{ line: 2, column: 9, endLine: 2, endColumn: 18, confidence: 'low', message: '`@koa/cors` without an `origin` answers every origin: `*` from version 5.0.0, and before it (CVE-2023-49803) the request\'s own Origin' }],
    },
    {
      // kcors, @koa/cors's name up to 2.2.2: the request's own Origin in every version.
      code: "const cors = require('kcors');\napp.use(cors());",
      errors: [{ line: 2, column: 9, endLine: 2, endColumn: 15, confidence: 'low', message: '`kcors` (@koa/cors\'s earlier name, every version) without an `origin` answers every website with its own Origin' }],
    },
  ],
});

// TLS verification switched off in the forms real code uses beyond `rejectUnauthorized`: MongoDB driver
// options and connection strings, `checkServerIdentity` anywhere, Electron's switches and handlers.
testRule(tlsVerificationDisabled, {
  valid: [
    "const c = new MongoClient(uri, { tls: true, tlsAllowInvalidCertificates: false, sslValidate: true });",
    "const c = new MongoClient('mongodb://db.internal/app?tls=true&tlsCAFile=ca.pem');",
    "const s = 'tlsInsecure=true is documented as unsafe';",
    // A real identity check, and a verifier that decides per host.
    "tls.connect({ checkServerIdentity: (host, cert) => pinned(cert) ? undefined : new Error('pin') });",
    "session.setCertificateVerifyProc((request, callback) => callback(request.hostname === 'dev.local' ? 0 : -3));",
    "app.on('certificate-error', (event, webContents, url, error, certificate, callback) => {\n  if (certificate.fingerprint === PINNED) { event.preventDefault(); callback(true); } else callback(false);\n});",
    "app.commandLine.appendSwitch('disable-gpu');",
  ],
  invalid: [
    {
      code: "const client = new MongoClient(process.env.MONGO_URL, {\n  tls: true,\n  tlsAllowInvalidCertificates: true,\n});",
      errors: [{ line: 3, column: 32, endLine: 3, endColumn: 36, message: "`tlsAllowInvalidCertificates: true` turns off the MongoDB driver's certificate verification" }],
      output: "const client = new MongoClient(process.env.MONGO_URL, {\n  tls: true,\n  tlsAllowInvalidCertificates: false,\n});",
    },
    {
      code: "mongoose.connect(uri, { ssl: true, sslValidate: false });",
      errors: [{ line: 1, column: 49, endLine: 1, endColumn: 54 }],
      output: "mongoose.connect(uri, { ssl: true, sslValidate: true });",
    },
    {
      code: "const uri = 'mongodb+srv://cluster0.example.net/app?retryWrites=true&tlsInsecure=true';",
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 87, message: "`tlsInsecure` in this connection string turns off the MongoDB driver's certificate and host name verification" }],
    },
    {
      code: "const socket = tls.connect({ host, port: 443, checkServerIdentity: () => null });",
      errors: [{ line: 1, column: 47, endLine: 1, endColumn: 78, message: 'A `checkServerIdentity` that accepts every certificate' }],
    },
    {
      code: "const { app } = require('electron');\napp.commandLine.appendSwitch('ignore-certificate-errors');",
      errors: [{ line: 2, column: 30, endLine: 2, endColumn: 57, message: "Chromium's `ignore-certificate-errors` switch" }],
    },
    {
      code: "session.defaultSession.setCertificateVerifyProc((request, callback) => callback(0));",
      errors: [{ line: 1, column: 72, endLine: 1, endColumn: 83, message: 'A certificate verifier that answers `0` for every request' }],
    },
    {
      code: "app.on('certificate-error', (event, webContents, url, error, certificate, callback) => {\n  event.preventDefault();\n  callback(true);\n});",
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 17, message: 'This `certificate-error` handler trusts every certificate' }],
    },
  ],
});

// crypto-js's DES, TripleDES, RC4 and RC4Drop, through the namespace, named imports, the per-cipher
// modules and the browser build's global; AES and other objects' `DES` are not.
testRule(weakCipher, {
  valid: [
    "const CryptoJS = require('crypto-js');\nconst c = CryptoJS.AES.encrypt(msg, key);",
    "const CryptoJS = require('crypto-js');\nconst c = other.DES.encrypt(msg, key);",
    "import { AES } from 'crypto-js';\nAES.decrypt(c, key);",
    "const DES = makeCipher();\nDES.encrypt(m, k); // crypto-js not loaded as DES",
  ],
  invalid: [
    {
      code: "const CryptoJS = require('crypto-js');\nconst c = CryptoJS.DES.encrypt(msg, key);",
      errors: [{ line: 2, column: 11, endLine: 2, endColumn: 31, message: "crypto-js's DES is a broken cipher" }],
    },
    {
      code: "import { TripleDES } from 'crypto-js';\nconst plain = TripleDES.decrypt(cipherText, key);",
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 32, message: "crypto-js's TripleDES" }],
    },
    {
      code: "const rc4 = require('crypto-js/rc4');\nrc4.encrypt(m, k);",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 12, message: "crypto-js's RC4" }],
    },
    {
      // The browser build's global.
      code: "/* global CryptoJS */\nconst c = CryptoJS.RC4Drop.encrypt(m, k, { drop: 768 });",
      errors: [{ line: 2, column: 11, endLine: 2, endColumn: 35, message: "crypto-js's RC4Drop" }],
    },
  ],
});
