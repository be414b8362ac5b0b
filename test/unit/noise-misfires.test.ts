import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { inEnumBody, inMessageCatalog } from '../../server/src/engine/validators';

/**
 * Misfire classes seen on popular projects (issue 15, `scripts/eval-noise.mjs`): each row is a file and
 * the findings it must give, as `rule@line:column` (1-based), under the `strict` preset, so a row that
 * expects a finding proves the rule still reports the real use next to the look-alike.
 */
const strict = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);

function findingsOf(path: string, text: string, only: RegExp): string[] {
  return analyze({ text, path }, strict).findings
    .filter((f) => only.test(f.ruleId))
    .map((f) => {
      const before = text.slice(0, f.start);
      return `${f.ruleId}@${before.split('\n').length}:${f.start - before.lastIndexOf('\n')}`;
    });
}

function table(only: RegExp, rows: [string, string, string[]][]) {
  for (const [path, text, expected] of rows) {
    it(`${path}: ${JSON.stringify(text.length > 70 ? `${text.slice(0, 67)}…` : text)}`, () => {
      assert.deepEqual(findingsOf(path, text, only), expected);
    });
  }
}

describe('misfires on popular projects', () => {
  describe('an integer literal is not a card number', () => {
    table(/card-number/, [
      ['test/ids.test.js', 'assert.equal(row.id, 4556737586899855);\n', []],
      ['test/ids.test.js', 'const big = 4503599627370497n;\n', []],
      ['test/fixtures/events.json', '{ "seq": 4556737586899855 }\n', []],
      ['test/pay.test.js', 'expect(charge.card).toBe(4556737586899855);\n', ['test-data-card-number@1:26']],
      ['test/pay.test.js', "const card = '4556737586899855';\n", ['test-data-card-number@1:15']],
      ['test/fixtures/users.yml', 'card_number: 4556 7375 8689 9855\n', ['test-data-card-number@1:14']],
      ['test/fixtures/customers.csv', 'id,name,number\n1,Jane Doe,4556737586899855\n', ['test-data-card-number@2:12']],
    ]);
  });

  describe('checking whether a TLS version constant exists is not using it', () => {
    table(/tls/, [
      ['lib/tls.js', "if (tls.DEFAULT_MIN_VERSION) console.log(tls.DEFAULT_MIN_VERSION);\n", []],
      ['lib/tls.js', "const hasOld = 'TLSv1' in constants || 'TLSv1_method' in crypto.constants;\n", []],
      ['lib/compat.py', "if hasattr(ssl, 'PROTOCOL_TLSv1'):\n    pass\n", []],
      ['lib/compat.py', 'if ssl.PROTOCOL_TLSv1 in supported:\n    pass\n', []],
      ['lib/compat.py', "if version is ssl.TLSVersion.TLSv1:\n    warn('old')\n", []],
      ['lib/compat.py', "NAMES = {ssl.PROTOCOL_TLSv1: 'TLSv1', ssl.PROTOCOL_SSLv3: 'SSLv3'}\n", []],
      ['lib/names.go', 'switch v {\ncase tls.VersionSSL30:\n\treturn "SSLv3"\n}\n', []],
      ['Lib/Check.cs', 'if (protocols.HasFlag(SslProtocols.Tls11)) Warn();\nhandler.SslProtocols &= ~SslProtocols.Tls;\n', []],
      // The uses themselves.
      ['lib/client.py', 'ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n', ['insecure-tls-protocol@1:22']],
      ['lib/client.py', 'ctx.minimum_version = ssl.TLSVersion.TLSv1\n', ['insecure-tls-protocol@1:27']],
      ['Lib/Client.cs', 'handler.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls;\n', ['insecure-tls-protocol@1:45']],
      ['lib/tls.js', "tls.createServer({ minVersion: 'TLSv1' });\n", ['insecure-tls-version@1:32']],
    ]);
  });

  describe('SHA-1 inside an HMAC is not a weak hash', () => {
    table(/weak-hash/, [
      ['lib/sign.js', "const sig = crypto.createHmac('sha1', key).update(body).digest('hex');\n", []],
      ['lib/sign.py', 'sig = hmac.new(key, msg, hashlib.sha1).hexdigest()\n', []],
      ['lib/sign.py', 'sig = hmac.new(key, msg, digestmod=lambda: hashlib.sha1()).hexdigest()\n', []],
      ['lib/sign.rb', 'sig = OpenSSL::HMAC.hexdigest(OpenSSL::Digest::SHA1.new, key, data)\n', []],
      ['lib/sign.go', 'mac := hmac.New(func() hash.Hash { return sha1.New() }, key)\n', []],
      ['lib/sign.php', "$sig = hash_hmac('sha1', $data, $key);\n", []],
      // Plain SHA-1 next to them still counts.
      ['lib/sign.js', "const id = crypto.createHash('sha1').update(body).digest('hex');\n", ['weak-hash@1:30']],
      ['lib/sign.py', 'digest = hashlib.sha1(data).hexdigest()\n', ['python-weak-hash@1:10']],
      ['lib/sign.rb', 'digest = Digest::SHA1.hexdigest(data)\n', ['weak-hash-call@1:10']],
    ]);
  });

  describe('prose in docs and message catalogs is not a password', () => {
    const catalog = (entries: [string, string][]) => `{\n${entries.map(([k, v]) => `  "${k}": "${v}"`).join(',\n')}\n}\n`;
    const ui: [string, string][] = [
      ['title', 'Jetzt anmelden'], ['username', 'Ihr Benutzername'], ['remember', 'Angemeldet bleiben'], ['forgot', 'Passwort vergessen?'],
      ['register', 'Konto erstellen'], ['email', 'E-Mail-Adresse'], ['terms', 'Ich stimme den Bedingungen zu'], ['submit', 'Jetzt senden'],
      ['error', 'Das hat nicht geklappt'], ['welcome', 'Willkommen zurück'],
    ];
    table(/password|secret/, [
      ['docs/setup.md', 'The password is required when you connect.\n', []],
      ['README.md', '- `password` is required, and must be at least 8 characters long.\n', []],
      ['docs/guide.rst', 'password\n    The password is required to log in.\n', []],
      ['NOTES.txt', 'Set the password to something strong before starting the server.\n', []],
      ['public/language/de/register.json', catalog([...ui, ['password', 'Passwort'], ['new-password', 'Neues_Passwort']]), []],
      ['shared/i18n/de_DE/translation.json', catalog([...ui, ['Client secret', 'Geheimschluessel'], ['Signing secret', 'Signaturschluessel']]), []],
      ['config/locales/de.yml', `de:\n${ui.map(([k, v]) => `  ${k}: ${v}\n`).join('')}  password: Passwort1\n`, []],
      // A configuration file with a few descriptions is not a catalog.
      ['config/app.json', catalog([['name', 'svc'], ['description', 'The billing service'], ['port', '8080'], ['host', 'db'], ['user', 'svc'], ['db', 'billing'], ['pool', 'ten'], ['mode', 'prod'], ['password', 'kH8#vQ2mZp4@wN7x']]), ['hardcoded-password@10:16']],
    ]);
  });

  describe('an enum member is an identifier, not a credential', () => {
    table(/password|secret/, [
      ['src/passkeys.ts', 'export enum Brand {\n  OnePassword = "bada5566-a7aa-401f-bd96-45619a55120d",\n  LastPass = "b78a0a55-6ef8-d246-a042-ba0f6d55050c",\n}\n', []],
      ['src/Kind.cs', 'public enum SecretKind : int\n{\n  ApiSecret = 3,\n}\nvar apiSecret = "kH8#vQ2mZp4@wN7xR5";\n', ['generic-secret@5:18']],
      ['src/config.ts', 'export const brands = {\n  OnePassword: "kH8#vQ2mZp4@wN7x",\n};\n', ['hardcoded-password@2:17']],
    ]);
  });

  describe('a NoSQL filter needs a value that can be an object, on a MongoDB API', () => {
    table(/nosql/, [
      ["app.get('/p/:pid', async (req, res) => { if (!await posts.exists(req.params.pid)) res.sendStatus(404); });\n", []],
      ["app.get('/p/:id', async (req, res) => { res.json(await User.findOne({ _id: req.params.id })); });\n", []],
      ["app.post('/p', async (req, res) => { if (await posts.exists(req.body.pid)) res.sendStatus(409); });\n", []],
      // A Mongoose model's exists, and a body value, still count.
      ["app.post('/p', async (req, res) => { if (await User.exists(req.body)) res.sendStatus(409); });\n", ['nosql-injection@1:60']],
      ["app.post('/p', async (req, res) => { res.json(await User.findOne({ _id: req.body.id })); });\n", ['nosql-injection@1:73']],
    ].map(([text, expected]) => ['src/routes.js', text as string, expected as string[]]));
  });

  describe('a redirect whose host is fixed before the request value is not open', () => {
    table(/open-redirect/, [
      ["app.get('/g/:slug', (req, res) => res.redirect(`${nconf.get('relative_path')}/groups/${req.params.slug}`));\n", []],
      ["app.get('/a', (req, res) => res.redirect(`/?notice=auth-error&description=${req.query.d}`));\n", []],
      ["app.get('/a', (req, res) => res.redirect('https://acme.io/search?q=' + req.query.q));\n", []],
      // The host or the whole target still comes from the request.
      ["app.get('/a', (req, res) => res.redirect(`https://www.${req.headers.host}${req.path}`));\n", ['open-redirect@1:42']],
      ["app.get('/a', (req, res) => res.redirect(`${base}/${req.query.next}`));\n", ['open-redirect@1:42']],
      ["app.get('/a', (req, res) => res.redirect(req.query.next));\n", ['open-redirect@1:42']],
    ].map(([text, expected]) => ['src/routes.js', text as string, expected as string[]]));
  });

  describe("a redirect to the page's own URL, or to the request path with one leading slash, stays on the site", () => {
    table(/open-redirect/, [
      ['src/bar.ts', "window.location.href = window.location.href + '/../..';\n", []],
      ['src/bar.ts', "document.location = document.location.href;\n", []],
      ['src/bar.ts', "document.location = document.location.href.substring(0, document.location.href.lastIndexOf('/'));\n", []],
      ['src/mw.js', "app.use((req, res, next) => {\n  const target = req.originalUrl.replace(base, '');\n  if (target.startsWith('//')) return res.redirect(base + target.replace(/^\\/+/, '/'));\n  next();\n});\n", []],
      ['src/routes.ts', 'router.use(["/share/:id", "/share/:id/doc/:slug"], (ctx) => {\n  const to = ctx.path.replace(/^\\/share/, "/s");\n  ctx.redirect(to + ctx.request.URL.search);\n});\n', []],
      // The referrer, the hash, a query value with its slashes collapsed, or the URL cut anywhere else stay reported.
      ['src/routes.ts', 'router.use(["/share/:id", "/:any"], (ctx) => {\n  const to = ctx.path.replace(/^\\/share/, "/s");\n  ctx.redirect(to + ctx.request.URL.search);\n});\n', ['open-redirect@3:16']],
      ['src/bar.ts', 'document.location = document.referrer;\n', ['open-redirect@1:21']],
      ['src/bar.ts', 'location.href = location.hash.slice(1);\n', ['open-redirect@1:17']],
      ['src/bar.ts', "document.location = location.href.slice(location.href.indexOf('=') + 1);\n", ['open-redirect@1:21']],
      ['src/mw.js', "app.get('/a', (req, res) => res.redirect(req.query.next.replace(/^\\/+/, '/')));\n", ['open-redirect@1:42']],
    ]);
  });

  describe("a redirect that starts with the request's or page's own path is low confidence: only a `//` path leaves the site", () => {
    const levels = (path: string, text: string) => analyze({ text, path }, strict).findings
      .filter((f) => f.ruleId === 'open-redirect')
      .map((f) => {
        const before = text.slice(0, f.start);
        return `${before.split('\n').length}:${f.start - before.lastIndexOf('\n')} ${f.severity}/${f.confidence}`;
      });
    const rows: [string, string, string[]][] = [
      ['src/oauth.ts', "export async function begin(ctx: Context, next: Next) {\n  const target = new URL(ctx.originalUrl, new URL(env.URL));\n  target.searchParams.set('intent', signed);\n  return ctx.redirect(target.toString());\n}\n", ['4:23 warning/low']],
      ['src/toolbar.ts', 'window.location = `${window.location.pathname}/history`;\n', ['1:19 warning/low']],
      ['src/routes.js', "router.get('/docs', (req, res) => res.redirect(req.originalUrl + '/'));\n", ['1:48 warning/low']],
      // A middleware mounted for every path receives `//evil.example/` too; a URL from a query value, resolved on a base, moves anywhere: errors.
      ['src/mw.js', "app.use((req, res) => res.redirect(req.originalUrl + '/'));\n", ['1:36 error/high']],
      ['src/mw.js', "app.get('/a', (req, res) => res.redirect(new URL(req.query.to, base).href));\n", ['1:42 error/high']],
      ['src/toolbar.ts', 'window.location = `${location.hash.slice(1)}/history`;\n', ['1:19 error/high']],
      ['src/oauth.ts', 'router.get("/go", (ctx) => {\n  const to = new URL(ctx.originalUrl, base);\n  to.host = ctx.query.h;\n  ctx.redirect(to.href);\n});\n', ['4:16 error/high']],
    ];
    for (const [path, text, expected] of rows) it(`${path}: ${JSON.stringify(text.slice(0, 70))}`, () => assert.deepEqual(levels(path, text), expected));
  });

  describe('an SQL condition with bind parameters is query text, not a secret', () => {
    table(/generic-secret/, [
      ['server/keys.js', 'const row = await db.findOne("auth_token", "account_id=?", [account]);\n', []],
      ['server/keys.js', 'const rows = await db.find("api_key", "team_id=$1", [team]);\n', []],
      ['server/keys.js', 'headers.set("api_key", "Zq8TnW3vLp6XkR2bY9sMf4Hd");\n', ['generic-secret@1:25']],
    ]);
  });

  describe('jwt.decode read only for the header (the key id) is not trusting the claims', () => {
    const head = "const jwt = require('jsonwebtoken');\n";
    table(/jwt-decode/, [
      ['src/auth.js', `${head}const header = (t) => {\n  const d = jwt.decode(t, { complete: true });\n  if (!d) throw new Error('not a JWT');\n  return d.header;\n};\n`, []],
      ['src/auth.js', `${head}const kid = (t) => jwt.decode(t, { complete: true }).header.kid;\n`, []],
      ['src/auth.js', `${head}const sub = (t) => {\n  const d = jwt.decode(t, { complete: true });\n  return d.payload.sub;\n};\n`, ['jwt-decode-without-verify@3:13']],
      ['src/auth.js', `${head}const h = (t) => jwt.decode(t).header;\n`, ['jwt-decode-without-verify@2:18']],
    ]);
  });

  describe("another library's noEscape option is not a template engine's", () => {
    table(/template-autoescape/, [
      ['src/query-generator.js', 'const n = this.escape(this.pgEnumName(table, attr, { noEscape: true }));\n', []],
      ['src/mail.js', "const Handlebars = require('handlebars');\nconst render = Handlebars.compile(src, { noEscape: true });\n", ['template-autoescape-off@2:42']],
      ['src/app.js', "nunjucks.configure('views', { autoescape: false });\n", ['template-autoescape-off@1:31']],
    ]);
  });

  describe('credential look-alikes: a numeral spelling the name, a password abbreviation, code between two strings', () => {
    table(/password|secret/, [
      ['src/passkeys.ts', 'export const names = {\n  [PasskeyBrand.OnePassword]: "1Password",\n};\n', []],
      ['lib/connection.js', "/**\n *     mongoose.createConnection('mongodb://val:psw@127.0.0.1:27017/mydb').pass; // \"psw\"\n */\n", []],
      ['lib/cli.cjs', 'var q=function(){e==null&&(e="Input new password: "),E=n.limitMessage;for(;!S;)n.limit=h,C=$r.question(e,n),n.limit=[C,""];return C};\n', []],
      ['dist/rules.txt', 'var r={keywords:["sharedaccesskey="],pattern:"SharedAccessKey=([A-Za-z0-9+/]{42,43}=)"};\n', []],
      // A real password next to each still counts.
      ['src/passkeys.ts', 'export const logins = {\n  [PasskeyBrand.OnePassword]: "1Pass#w0rd!2",\n};\n', ['hardcoded-password@2:32']],
      ['lib/db.js', "connect('mongodb://val:Xq7vB2mPz9@db.internal:27017/mydb');\n", ['connection-string-password@1:24']],
      ['lib/cli.cjs', 'var q={prompt:"Input new password: "};\nvar o={password:"Tr0ub4dor&3x"};\n', ['hardcoded-password@2:18']],
      ['dist/rules.txt', 'var r={keywords:["sharedaccesskey="],pattern:"SharedAccessKey="};\napi_key = "p4Xq7vB2mPz9Lk3J"\n', ['generic-secret@2:12']],
    ]);
  });

  describe('a fast pre-hash handed on to a slow hash is not the password hash', () => {
    const head = "const crypto = require('crypto');\n";
    table(/password-fast-hash/, [
      ['src/password.js', `${head}exports.hash = async (rounds, password) => {\n  password = crypto.createHash('sha512').update(password).digest('hex');\n  return pool.exec('hash', [password, rounds]);\n};\n`, []],
      ['src/password.js', `${head}exports.hash = async (password) => {\n  const pre = crypto.createHash('sha256').update(password).digest('base64');\n  return bcrypt.hash(pre, 12);\n};\n`, []],
      ['src/password.js', `${head}exports.hash = (password) => crypto.createHash('sha256').update(password).digest('hex');\n`, ['password-fast-hash@2:30']],
      ['src/password.js', `${head}exports.hash = (password) => {\n  const h = crypto.createHash('sha256').update(password).digest('hex');\n  log(bcrypt.version);\n  return h;\n};\n`, ['password-fast-hash@3:13']],
    ]);
  });

  it("shows sinks reached by the program's own values, and weak hashes of plain data, as info at the recommended preset", () => {
    const rows: [string, string, string][] = [
      // [path, text, rule]: strict reports a warning, recommended an info, a team severity its own.
      ['scripts/release.js', "const cp = require('child_process');\nfunction pack(name) { cp.execSync(`tar czf ${name}.tgz dist`); }\n", 'command-injection'],
      ['src/tasks.ts', 'export async function run(table: string) { await sequelize.query(`UPDATE ${table} SET score = 0`); }\n', 'sql-injection'],
      ['src/uploads.js', "const md5 = (filename) => crypto.createHash('md5').update(filename).digest('hex');\n", 'weak-hash'],
      ['src/oidc.js', "const jwt = require('jsonwebtoken');\nconst profile = (params) => jwt.decode(params.id_token);\n", 'jwt-decode-without-verify'],
    ];
    for (const [path, text, rule] of rows) {
      const level = (config: Parameters<typeof compileRuleset>[0]) => analyze({ text, path }, compileRuleset(config, BUILTIN_CATALOG)).findings
        .filter((f) => f.ruleId === rule).map((f) => `${f.severity}/${f.confidence}`);
      assert.deepEqual(level({ preset: 'strict' }), ['warning/low'], `${rule} at strict`);
      assert.deepEqual(level({ preset: 'recommended' }), ['info/low'], `${rule} at recommended`);
      assert.deepEqual(level({ preset: 'recommended', rules: { [rule]: { severity: 'error' } } }), ['error/low'], `${rule} set by the team`);
      assert.deepEqual(level({ preset: 'recommended', required: [rule] }), ['warning/low'], `${rule} required by the team`);
    }
    // Request data, a secret-named input, or a hash whose data is not in view keep the rule's level.
    const recommended = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
    const shown = (path: string, text: string) => analyze({ text, path }, recommended).findings.map((f) => `${f.ruleId}:${f.severity}`);
    assert.deepEqual(shown('src/app.js', "const cp = require('child_process');\napp.get('/x', (req, res) => cp.exec(`ls ${req.query.dir}`));\n"), ['command-injection:error']);
    assert.deepEqual(shown('src/sig.js', "const sig = (secret, body) => crypto.createHash('md5').update(secret + body).digest('hex');\n"), ['weak-hash:warning']);
    assert.deepEqual(shown('src/h.js', "const h = crypto.createHash('md5');\n"), ['weak-hash:warning']);
  });

  it('recognises catalogs and enum bodies by their content', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `  "k${i}": "Ein kurzer Satz ${i}",`).join('\n');
    assert.equal(inMessageCatalog({ text: `{\n${rows}\n  "password": "Passwort"\n}` }), true);
    assert.equal(inMessageCatalog({ text: '{\n  "password": "Passwort"\n}' }), false, 'too few entries to tell');
    // Words with punctuation between them are prose too (uptime-kuma's de-DE.json: `Max. Weiterleitungen`,
    // `Wert (optional)`, `Antw.-Zeit (ms)` beside single compound words such as `Zugriffstoken`).
    const labels = ['Max. Weiterleitungen', 'Wert (optional)', 'Antw.-Zeit (ms)', 'Zert.-Ablauf in Tagen', 'Zugriffstoken', 'Passwort', 'Benutzername', 'Kennwort', 'Status: {0}', 'Bot-Token'];
    assert.equal(inMessageCatalog({ text: `{\n${labels.map((v, i) => `  "k${i}": "${v}",`).join('\n')}\n  "password": "Passwort"\n}` }), false, '4 of 11 are prose');
    const more = [...labels, 'Ein kurzer Satz.', 'Noch ein Satz, bitte.', 'Zuletzt (aktualisiert)', 'Neu laden', 'Max. Dauer', 'Min. Dauer', 'Typ: (HTTP)'];
    assert.equal(inMessageCatalog({ text: `{\n${more.map((v, i) => `  "k${i}": "${v}",`).join('\n')}\n  "password": "Passwort"\n}` }), true, '11 of 18 are prose');
    // A configuration file with a few descriptions is still configuration.
    const config = ['"host": "db.internal"', '"port": "5432"', '"user": "app"', '"password": "hunter2hunter2"', '"region": "eu-west-1"', '"bucket": "app-uploads"',
      '"description": "Main database (primary)"', '"note": "Rotated monthly."', '"tls": "true"', '"pool": "10"'];
    assert.equal(inMessageCatalog({ text: `{\n  ${config.join(',\n  ')}\n}` }), false);
    const text = 'enum Brand {\n  A = "x",\n}\nconst b = { A: "x" };\n';
    assert.equal(inEnumBody({ text, start: text.indexOf('"x"'), end: 0 }), true);
    assert.equal(inEnumBody({ text, start: text.lastIndexOf('"x"'), end: 0 }), false);
  });
});
