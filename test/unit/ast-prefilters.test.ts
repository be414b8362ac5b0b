import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { analyse as findSuperLinear } from 'scslre';
import { passesPrefilter, prefilterMemo, type AstRule } from '../../server/src/engine/ast';
import type { ParseCache } from '../../server/src/engine/reparse';
import { analyze, analyzeUnlessParsed, wouldParse } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { isRequestSource } from '../../server/src/engine/taint';
import { AST_RULES } from '../../server/src/rules';
import { ENDINGS, REQUEST_MEMBERS } from '../../server/src/rules/prefilter';
import { fuzzOptions, tried } from '../helpers/fuzz';

/**
 * An AST rule's keywords and prefilter decide, on the raw text, whether a file is parsed for the rule at
 * all; so they must hold for every finding the rule can report. Each shape below is one the rule
 * reports (with the filters off it finds something); with the filters on it must find exactly the same.
 * The shapes cover how the code may be written around what the rule looks at: quoted and computed keys,
 * comments and line breaks between tokens, parentheses, optional chaining, aliases, escapes.
 */
const SHAPES: Record<string, string[]> = {
  ssrf: [
    "const axios = require('axios');\napp.get('/', (req, res) => axios.get(req.query.u))",
    "const axios = require('axios');\nfunction f(u) { return axios.get(u); }\napp.get('/', (req, res) => f(req['body'].u))",
    "import got from 'got';\napp.get('/', (req, res) => got(`http://${req.query.h}/`))",
    "const needle = require('needle');\napp.get('/', (req, res) => needle('get', req?.query.u))",
    "app.get('/', async (req, res) => fetch((req).query.u))",
    "const https = require('https');\napp.get('/', (req, res) => https.get({ hostname: req.params.h }))",
    "app.get('/', async (req, res) => (fetch)\n  (req.query.u))",
    "app.get('/', async (req, res) => fetch<Item>(req.query.u))",
    "app.get('/', async (req, res) => fetch?.(req.query.u))",
    "app.post('/', (req, res) => { const r = new Request(req.body.url); })",
    "const wreck = require(`@hapi/wreck`);\napp.get('/', (req, res) => wreck.get(req.query.u))",
    "import * as http from 'node:http';\napp.get('/', (req, res) => http.request(req.query.u))",
  ],
  'headless-browser-injection': [
    "const puppeteer = require('puppeteer');\napp.get('/', (req, res) => page.goto(req.query.u))",
    "import { chromium } from 'playwright';\napp.post('/', (req, res) => page.setContent(req.foo))",
    "const wkhtmltopdf = require('wkhtmltopdf');\napp.post('/', (request, reply) => wkhtmltopdf(request['rawBody']))",
    "const CDP = require('chrome-remote-interface');\napp.post('/', (req, res) => Page.navigate({ url: req?.body.u }))",
  ],
  'archive-path-traversal': [
    "const fs = require('fs');\nconst tar = require('tar-stream');\ntar.extract().on('entry', (h) => fs.createWriteStream(h.name))",
    "const { writeFileSync } = require('fs');\nconst AdmZip = require('adm-zip');\nnew AdmZip(f).getEntries().forEach((e) => writeFileSync(e.entryName, e.getData()))",
    "const fs = require('fs');\nconst unzip = require('unzip');\nunzip.Parse().on('entry', (entry) => fs.promises.writeFile('out/' + entry.path, ''))",
  ],
  'xml-external-entities': [
    "const libxmljs = require('libxmljs');\nlibxmljs.parseXml(x, { noent: true })",
    "const libxmljs = require('libxmljs');\nlibxmljs['parseXmlString'](req.body, { 'noent': true })",
  ],
  'cors-any-origin': [
    "app.get('/', (req, res) => res.setHeader('Access-Control-Allow-Origin', '*'))",
    "app.get('/', (req, res) => res['writeHead'](200, { \"ACCESS-CONTROL-ALLOW-ORIGIN\": '*' }))",
    "app.use(cors())",
    "app.use(cors({ origin: true }))",
    "app.enableCors()",
    "NestFactory.create(AppModule, { 'cors': true })",
  ],
  'weak-cipher': [
    "const crypto = require('crypto');\ncrypto.createCipheriv('des-ede3-cbc', k, iv)",
    "const CryptoJS = require('crypto-js');\nCryptoJS.DES\n  .encrypt(m, k)",
    "const c = CryptoJS.TripleDES.decrypt(m, k)",
    "import { RC4 } from 'crypto-js';\nRC4.encrypt(m, k)",
  ],
  'xml-entity-expansion': [
    "const expat = require('node-expat');\napp.post('/', (req, res) => new expat.Parser('UTF-8').parse(req.body))",
    "import { Parser } from 'node-expat';\nfunction f(x) { const p = new Parser(); p['write'](x); }",
    "const { toJson } = require(\"xml2json\");\napp.post('/', (req, res) => toJson((req).body))",
    "const libxmljs = require('libxmljs');\napp.post('/', (req, res) => libxmljs.parseXml(req.body, { 'huge': /* big */ true }))",
  ],
  'regex-dos': [
    'const re = /^(a+)+$/',
    "const re = new RegExp('(x*)*y')",
    "app.get('/', (req, res) => new RegExp(req.query.q))",
    "const B = /^\\s*#?\\s*$/;\napp.get('/', (req, res) => B.test(req.query.s))",
    "app.get('/', (req, res) => req.query.s['match'](/^\\s*#?\\s*$/))",
    "app.get('/', (req, res) => (req.query.s)?.replaceAll(/\\s*x\\s*$/g, ''))",
    "const B = /^\\s*#?\\s*$/;\napp.get('/', (req, res) => req.body.s.split(B))",
    "app.get('/', (req, res) => RegExp(req.params.p))",
    "export function find(name, text) { return new RegExp('\\\\w+' + name).exec(text); }",
    "export const has = (word) => RegExp (`^${word}$`, 'i')",
    "export function g(p) { return new RegExp(\n  p, 'g'); }",
    'const re = new RegExp("(x*)*y", \'g\')',
    "const re = new RegExp('\\\\s(x+)+y')",
    "const re = new RegExp(`(x+)+y`)",
    "const re: RegExp = new RegExp(/* p */ '(a|b+)+c')",
    "app.get('/', (req, res) => req.query.s[\"split\"](/\\s*,\\s*$/))",
    "const M = /\\s*x\\s*$/;\napp.get('/', (req, res) => M.exec /* e */ (req.body.s))",
    // Where a literal may start (`REGEX_START`), and what its body may hold before the quantifier.
    'const f = () => /^(a+)+$/',
    'function f() { return /^(a+)+$/ }',
    'const o = { re: /^(a+)+$/, list: [/^(b+)+$/] }',
    'const re = /* p */ /^(a+)+$/',
    'const re = x ? /^(a+)+$/ : null',
    'const re = /^([/a-z]+)+$/',
    'const re = /^(a+\\/?)+$/',
    "app.get('/', (req, res) => { if (req.query.s) /\\s*x\\s*$/.test(req.query.s) })",
    "app.get('/', (req, res) => { const s = req.query.s; return s.split(/ *, */) })",
    // Escapes that make a quantified group the text does not show side by side.
    "const re = new RegExp('\\x28a+\\x29+$')",
    "const re = new RegExp('(a\\x2B)\\x2B$')",
    "const re = new RegExp('(a\\u002b)\\u002B$')",
  ],
  'forwarded-header-trust': [
    "app.use(rateLimit({ keyGenerator: (req) => req.headers['x-forwarded-for'] || req.ip }));",
    "if (req.header(\"X-Real-IP\") === '10.0.0.5') next();",
    "rateLimit({ keyGenerator(req) { return `${req.get(`True-Client-IP`)}:${req.path}`; } })",
    "const ip = req.headers[/* h */ 'CF-Connecting-IP'].split(',')[0];\nif (ADMIN_IPS.includes(ip)) next();",
    "if (ALLOWED.has(req.headers['Forwarded'])) next();",
  ],
  'library-code-injection': [
    "const math = require('mathjs');\napp.get('/', (req, res) => math.evaluate(req.query.e))",
    "const _ = require('lodash');\napp.get('/', (req, res) => _.template(req.body.t))",
    "const { VM } = require('vm2');\napp.get('/', (req, res) => new VM().run(req.body.c))",
    "const Handlebars = require('handlebars');\napp.get('/', (req, res) => Handlebars.compile /* t */ (req?.query.t))",
    "const Sandbox = require('sandbox');\napp.get('/', (req, res) => new Sandbox().run(req.foo, cb))",
    "app.get('/', (req, res) => res.render(req.params.view))",
    "const { VMScript } = require('vm2');\napp.get('/', (request, reply) => new VMScript(request.payload))",
    "const Sandbox = require('sandbox');\nfunction calc(input, cb) { new Sandbox().run('f(' + input + ')', cb); }",
    "import { NodeVM } from 'vm2';\nexport function run(src) { return new NodeVM().run(`${src}`); }",
    'const safeEval = require("notevil");\nmodule.exports = (expr) => safeEval(expr);',
    "const tpl = require(`lodash.template`);\napp.get('/', (req, res) => tpl(req.query.t))",
    "app.get('/', (req, res) => _['template'](req.body.t))",
    "app.get('/', (ctx) => (ctx)\n  .render(ctx.query.view))",
    "const { compile } = await import('pug');\napp.get('/', (req, res) => compile(req.body.t))",
    "// runs each job in its own sandbox\napp.post('/', (req, res) => jobs.run(req.body.code))",
  ],
  'html-from-request': [
    "exports.handler = async (event) => notify(`<h1>${event.name}</h1>`)",
    "exports.handler = async (evt) => { const h = '<p>' + evt['body']; queue.put(h); }",
    "app.post('/', (req, res) => mailer.send('<b>' + req?.body.note))",
    "app.get('/', (request, reply) => cache.set('k', `<!-- ${request.payload} -->`))",
    "el.show('<i>' + location.hash + '</i>')",
  ],
  'url-allowlist-substring': [
    "app.get('/', (req, res) => req.query.next.includes('acme.io'))",
    "app.get('/', (req, res) => { const t = req['query'].u; return t.startsWith('https://acme.io'); })",
    "app.get('/', (req, res) => req.query.u.indexOf('//acme.io'))",
    "app.use(cors({ origin: (origin, cb) => cb(null, origin.includes('acme.io')) }))",
    "app.use(cors({ 'origin' : function (o, cb) { cb(null, o.endsWith('acme.io')) } }))",
    "app.get('/', (req, res) => req.query.u['includes'](\"acme.io\"))",
    "app.get('/', (req, res) => req.query.u.includes(/* host */ ('acme.io')))",
    "app.get('/', (req, res) => req.query.u?.includes(`https://acme.io`))",
    "app.get('/', (req, res) => req.query.u.includes('acme\\x2eio'))",
  ],
  'literal-session-secret': [
    "app.use(session({ secret: 'keyboard cat' }))",
    "app.use(session({ 'secret': \"k\" }))",
    "app.use(session({ [\"secret\"]: 'k' }))",
    "app.use(session({ [`secret`]: 'k' }))",
    'app.use(session({ secret: `k` }))',
    "app.use(session({ secret: ['a', 'b'] }))",
    "app.use(session({ secret: Buffer.from('k') }))",
    "app.use(session({ secret: new TextEncoder().encode('k') }))",
    "app.use(session({ secret: ('k') }))",
    "app.use(session({ secret: /* rotate */ 'k' }))",
    "app.use(session({ secret // why\n : 'k' }))",
    "app.use(session({ secret: // why\n 'k' }))",
    "app.use(expressSession({ secret: 'k' }))",
    "app.use(cookieSession({ keys: ['a'] }))",
    "app.use(cookieParser('k'))",
    "app.use(cookieParser(['a', 'b']))",
    "app.use(koaSession({ key: 'x', secret: 'k' }, app))",
    "const s = await getIronSession(req, res, { password: 'complex_password_at_least_32_characters_long', cookieName: 'x' })",
    "const sealed = await sealData(data, { password: 'pw-0123456789' })",
    "fastify.register(require('@fastify/session'), { secret: 'k' })",
    "fastify.register(fastifyCookie, { secret: 'k' })",
    "app.keys = ['a', 'b']",
    "app.keys ||= ['a']",
    "(app.keys) = ['a']",
    "app\n  .keys = ['a']",
    "app./* c */keys = ['a']",
    "app. // c\n keys = ['a']",
    "app.keys = /* c */ ['a']",
    "app.keys = // c\n ['a']",
    'this.app.keys = "k"',
    "(session)({ secret: 'k' })",
    "app['session']({ secret: 'k' })",
    "expressSession?.({ secret: 'k' })",
  ],
  'literal-db-password': [
    "new Pool({ user: 'u', password: 'pw' })",
    "new Client({ 'password': \"pw\" })",
    "mysql.createConnection({ host, [\"password\"]: 'pw' })",
    'mysql.createPool({ password: `pw` })',
    "knex({ client: 'pg', connection: { password: 'pw' } })",
    "new MongoClient(url, { auth: { username: 'u', password: 'pw' } })",
    "new Sequelize('db', 'user', 'pw', { dialect: 'postgres' })",
    "new Sequelize('db', 'user', `pw`)",
    "new db.Sequelize /* orm */ ('db', 'user', 'pw')",
    "new Sequelize<Db>('db', 'user', 'pw')",
    "new (Sequelize)('db', 'user', 'pw')",
    "new orm['Sequelize']('db', 'user', 'pw')",
    "createClient({ password: Buffer.from('pw') })",
    "new Redis({ pass: 'pw' })",
    "new Redis({ pwd: 'pw' })",
    "new ConnectionPool({ authentication: { options: { password: 'pw' } } })",
    "mongoose.connect(uri, { pass: 'pw' })",
    "new DataSource({ password: /* dev */ 'pw' })",
    "new Pool({ password // dev\n: 'pw' })",
    "new Pool({ password: ('pw') })",
    "new pg.Pool({ password: ['pw'] })",
    "new Pool({ password\n:\n'pw' })",
  ],
  'literal-oauth-client-secret': [
    "new GoogleStrategy({ clientSecret: 'k' })",
    "new passport.FacebookStrategy({ 'clientSecret': \"k\" }, cb)",
    "const s = 'k'; new TwitterStrategy({ consumerSecret: s }, cb)",
  ],
  'jwt-password-in-payload': [
    'jwt.sign({ id, password: user.password }, key)',
    "const payload = {};\npayload['password'] = p;\nJWT.sign(payload, k)",
    "import { sign } from 'jsonwebtoken';\nsign({ user: { pwd } }, k)",
    "new SignJWT({ 'passphrase': p }).sign(k)",
  ],
  'literal-jwt-key': [
    "const Strat = require('passport-jwt').Strategy;\nnew Strat({ secretOrKey: 'k' })",
    "var opts = {};\nopts.jwtFromRequest = x;\nopts.secretOrKey = 'k';\nnew JwtStrategy(opts, cb)",
    "const Strat = require('passport-jwt').Strategy;\nconst opts = {};\nopts['secretOrKey'] = 'k';\nnew Strat(opts, cb)",
    "let secret = 'k';\nconst opts = Object.assign({ issuer: 'i' }, { secret });\napp.use(jwt(opts))",
    "jwt.sign(p, 'k')",
    "const s = 'k';\njwt.sign(p, s)",
    "const jsonwt = require('jsonwebtoken'); jsonwt.sign(p, 'k')",
    "import { sign as mint } from 'jsonwebtoken'; mint(p, 'k')",
    'jwt.verify(t, "k")',
    "jsonwebtoken.sign(p, 'k')",
    "JWT.sign(p, 'k')",
    "jsonWebToken.verify(t, 'k')",
    "jws.sign(p, 'k')",
    "jwt['sign'](p, 'k')",
    "jwt?.sign(p, 'k')",
    "(jwt).sign(p, 'k')",
    "jwt\n  .sign(p, 'k')",
    "jwt./*c*/sign(p, 'k')",
    "jwt // c\n .sign(p, 'k')",
    "await jwtVerify(token, new TextEncoder().encode('k'))",
    "JWT.verify(payload, JWK.asKey('k'))",
    "app.use(expressjwt({ secret: 'k', algorithms: ['HS256'] }))",
    "app.use(koaJwt({ secret: 'k' }))",
    "passport.use(new JwtStrategy({ jwtFromRequest: x, secretOrKey: 'k' }, cb))",
    "passport.use(new Strategy({ jwtFromRequest: x, secretOrKey: 'k' }, cb))",
    "JwtModule.register({ secret: 'k' })",
    "JwtModule.registerAsync({ privateKey: 'k' })",
    "passport.use(new JwtStrategy({ jwtFromRequest, 'secretOrKey': \"k\" }, cb))",
    "app.use(expressjwt({ secretOrPrivateKey: /* c */ 'k' }))",
    "jwt.sign({ id: user.id, role }, 'k')",
    "jwt.sign(payload, 'k', { expiresIn: '1h' })",
    "jwt.sign(getPayload(user), 'k')",
    "jwt.verify(req.headers['x-token'], 'k')",
    "jwt.sign({ a: { b: 1 } }, 'k')",
    "jwt.sign(`${a}`, 'k')",
    "jwt.sign('payload', 'k')",
    "jwt.sign(a /* c */, 'k')",
    "jwt.sign<P>(p, 'k')",
    "jwt.sign(p, Buffer.from('k'))",
    "jwt.sign(p, ['k'])",
    "jwt.verify(t, /* c */ 'k')",
    "jwt.sign(p,\n  'k')",
    "jwt.sign(x.y[0], 'k')",
    "jwt.sign(\"it's\", 'k')",
    "jwt.sign(a ? b : c, 'k')",
    "jwt.sign(/re/.source, 'k')",
  ],
  'eval-non-literal': [
    "app.get('/', (req, res) => require(req.query.m))",
    "app.get('/', (req, res) => require /* plugin */ (`./plugins/${req.params.p}`))",
    'eval(code)',
    'eval(`${a}`)',
    "eval('a' + b)",
    'window.eval(x)',
    'globalThis.eval(x)',
    "window['eval'](x)",
    '(eval)(x)',
    'eval?.(x)',
    'eval /* c */ (x)',
    'eval\n(x)',
    'eval // c\n(x)',
    'Function(body)',
    "new Function('a', body)",
    "Function('binder', 'return ' + x)",
    "new Function(\n 'a',\n body)",
    '(Function)(x)',
    'Function /* c */ (x)',
    "new Function('a', 'b', body)",
    "setTimeout('go(' + id + ')', 10)",
    'setTimeout(`go(${id})`, 10)',
    "setInterval(fn + '()', 100)",
    "setTimeout(getCode() + ';', 0)",
    "setTimeout(a.b(c) + 'x')",
    "setTimeout(x[0] + 'y')",
    "window.setTimeout('a' + b)",
    "setTimeout(function () { a(); } + 'x')",
    "setTimeout(/* c */ 'a' + b)",
    "setTimeout((a) + 'b')",
    "setTimeout(a - 1 + 'b')",
    "setTimeout(a.b(c, d) + 'x', 1)",
    "setTimeout({}.x + 'a')",
    "setTimeout(f(g(h)) + 'x')",
    "setTimeout(a\n + 'x')",
    "setTimeout(function () { a('x'); } + 'x')",
    "window['setTimeout']('a' + b)",
    "setTimeout // c\n('a' + b)",
    "app.get('/', (req, res) => setInterval(req.body.code, 0))",
    "app.get('/', (req, res) => window.setTimeout /* c */ ( req\n  ['body'].code))",
    "router.post('/', (ctx) => setTimeout(ctx.request.body.js))",
    "const vm = require('vm'); vm.runInNewContext(code)",
    "import vm from 'node:vm'; new vm.Script(src)",
    'import { runInThisContext } from "vm"; runInThisContext(code)',
    "const { Worker } = require('worker_threads'); new Worker(src, { eval: true })",
    "import { Worker } from 'node:worker_threads'; app.get('/', (req, res) => new Worker(req.query.file))",
  ],
  'insecure-random': [
    'const token = Math.random().toString(36)',
    'const sessionId = Math.floor(Math.random() * 1e9)',
    'const aesIv = Math.random()',
    'const code = Math.floor(Math.random() * 1e6)',
    "const o = { apiKey: Math['random']() }",
    'this.resetCode = Math.random()',
    'function makeNonce() { return Math.random() }',
    'const pin = (Math).random()',
    'const otpSecret = Math?.random()',
    'const div = Math.random()',
    "const o = { 'secretKey': Math.random() }",
    'class A { salt = Math.random() }',
    'const key = Math /* c */ . random()',
    'const randomIv = Math.random()',
  ],
  'open-redirect': [
    "app.get('/', (req, res) => res.redirect(req.query.next))",
    "app.get('/', (req, res) => res.redirect(302, req.query.u))",
    "app.get('/', (req, res) => res['redirect'](req.query.u))",
    "app.get('/', (req, res) => (res).redirect(req.query.u))",
    "app.get('/', (req, res) => res\n.redirect(req.query.u))",
    'router.get("/", (ctx) => ctx.redirect(ctx.query.next))',
    'f((request, reply) => reply.redirect(request.query.to))',
    'f((request, h) => h.redirect(request.query.to))',
    "app.get('/', (req, response) => response.redirect(req.body.url))",
    'location.assign(location.hash.slice(1))',
    "window.location.replace(new URLSearchParams(location.search).get('next'))",
    'window.open(document.referrer)',
    'location = location.hash.substring(1)',
    'window.location = document.URL.slice(document.URL.indexOf("#") + 1)',
    "window['location'] = window.name",
    'location.href = location.search.slice(1)',
    "app.get('/', (req, res) => res.writeHead(302, { location: req.query.next }))",
    "app.get('/', (req, res) => res.writeHead(302, 'Found', { ['Location']: req.query.next }))",
    "app.get('/', (req, res) => res.setHeader('Location', req.query.next))",
    "document.location.href = document['referrer']",
    '(location) = location.hash',
    'location /* c */ = location.hash',
    // A caller's value, in a file without request text
    'function go(u) { location /* c */ = u; }',
    "function go(u) { window['location'].href = u; }",
    'function go(u) { location\n  .replace(u); }',
    "window['open'](document.referrer)",
    'window.location.href = window.location.hash.slice(1)',
    'location.href = (location).hash',
    // AngularJS's $window, as the rule reads it; a Location header's name in any case
    'function go(u) { $window.location = u; }',
    "angular.module('a').controller('C', function ($scope, $window) { $scope.go = () => { $window.location = $scope.next + '/app'; }; })",
    '$window.open(location.hash.slice(1))',
    "app.get('/', (req, res) => res.setHeader('LOCATION', req.query.next))",
    "app.get('/', (req, res) => res.header(\"location\", req.query.next))",
  ],
  'nosql-injection': [
    "app.post('/', (req, res) => User.find(req.body))",
    "app.post('/', (req, res) => User.findOne({ name: req.body.name }))",
    "app.post('/', (req, res) => coll.find({ u: req.query.u }))",
    "app.post('/', (req, res) => User.where(req.query))",
    "app.post('/', (req, res) => User.find({ user: req.headers['x-user'] }))",
    "app.post('/', (req, res) => Model['findOne']({ email: req.body.email }))",
    "app.post('/', (req, res) => User.find?.(req.body))",
    "app.post('/', (req, res) => User.find(\n req.body))",
    "app.post('/', (req, res) => User.find(/* c */ req.body))",
    "db.users.find({ $where: 'this.a == ' + x })",
    "db.users.find({ '$where': code })",
    'f((context) => Model.find(context.query))',
    "app.post('/', (req: Request, res) => User.find<IUser>(req.body))",
    "app.post('/', (req, res) => User.find((req).body))",
    "app.post('/', (req, res) => User.find(req['body']))",
    'export const handler = async (event) => Item.find({ id: event.pathParameters.id })',
    "app.post('/', (req, res) => { const q = req.query; User.find(q.x) })",
  ],
  'path-traversal': [
    // a parameter no call fills: no request text in the file
    "const fs = require('fs');\nexport function load(name) { return fs.readFileSync(name); }",
    "import { readFile } from 'node:fs/promises';\nexport const load = async (p) => readFile(p)",
    "const path = require('path');\nmodule.exports = (entry) => path.resolve(root, entry.path)",
    "app.get('/', (req, res) => res.sendFile(req.query.file))",
    "app.get('/', (req, res) => res.download(req.params.name))",
    "app.get('/', (req, res) => res['sendFile'](req.query.f))",
    "const fs = require('fs'); app.get('/', (req, res) => fs.readFile(req.query.p, cb))",
    "import { readFile } from 'node:fs/promises'; app.get('/', async (req, res) => { await readFile(req.body.path) })",
    "import fse from 'fs-extra'; app.get('/', (req, res) => fse.readFileSync(req.query.p))",
    'const fs = require("fs"); app.get("/", (req, res) => fs.promises.readFile(req.query.p))',
    "app.get('/', (req, res) => res.sendfile(req.query.file))",
    "app.get('/', (req, res) => res\n  .download(req.params.name))",
    "const fs = require('fs'); app.get('/', (req, res) => fs.createReadStream(req.query.p))",
    "import fs from 'fs/promises'; app.get('/', (req, res) => fs.unlink(req.params.f))",
    "const { readFileSync: read } = require('fs'); app.get('/', (req, res) => read(req.query.p))",
    // `isJoin` reads `path.join` by its name: the file need not load path
    "export function load(dir, file) { return require(path.resolve(process.cwd(), dir, file)); }",
    "app.get('/', (req, res) => { const p = (path)['join'](root, req.query.f); })",
    "import { join } from \"path\";\napp.get('/', (req, res) => { const p = join(root, req.query.f); })",
  ],
  'error-details-to-client': [
    "app.get('/', (req, res) => { try { x() } catch (e) { res.status(500).send(e) } })",
    "app.get('/', (req, res) => res.json({ error: err.stack }))",
    'res\n  .status(500)\n  .json({ error: err.stack })',
    'app.use((e, req, res, next) => { res.status(500).send(e) })',
    "try { x() } catch (e) { res.set('a', 'b').send(e) }",
    'try { x() } catch (e) { res.status(code(e)).send(e) }',
    "res['status'](500)['json']({ s: e.stack })",
    'reply.send(err.stack)',
    'ctx.send(err.stack)',
    'response.end(err.stack)',
    'res.status?.(500).json(e.stack)',
    'try { x() } catch (e) { res.status(500).send(`Error: ${e}`) }',
    "res.write('x' + e.stack)",
    'res /* a */ . /* b */ status /* c */ (500) // x\n .send(e.stack)',
    'try { x() } catch (e) { res.status(500).json({ e }) }',
    "res.status('it\\'s').send(e.stack)",
    'res.status(500).jsonp(e.stack)',
    "app.use(function (err, req, res, next) { res.send('Error: ' + err) })",
    'try { x() } catch (e: unknown) { res.send(e) }',
    'res.status(500).send(e\n.stack)',
  ],
  'sql-injection': [
    "db.query('SELECT * FROM users WHERE id = ' + id)",
    'db.query(`SELECT * FROM users WHERE id = ${id}`)',
    'db.query("SELECT" +\n " * FROM users" +\n " WHERE id = " + id)',
    "db.execute('\\nSELECT * FROM t WHERE a = ' + a)",
    "db.query('EXECUTE proc ' + name)",
    "knex('t').whereRaw(\"name LIKE '\" + q + \"'\")",
    // A raw fragment that does not read as SQL by itself, with request data
    "app.post('/t', (req, res) => knex.whereRaw(\"email = '\" + req.body.input + \"'\"))",
    "app.post('/t', (req, res) => knex('t')\n  .orderByRaw /* c */ (`${req.query.sort} desc`))",
    "db.query(' WHERE a = 1 AND ' + cond)",
    "db['query']('DELETE FROM t WHERE id = ' + id)",
    "db.query?.('UPDATE t SET a = ' + a)",
    "db\n  .query('INSERT INTO t VALUES (' + v + ')')",
    "prisma.$queryRawUnsafe('SELECT * FROM t WHERE a = ' + a)",
    "db.query(/* q */ 'select * from t where a = ' + a)",
    'db.query<Row>(`select * from t where a = ${a}`)',
    "const sql = 'SELECT * FROM t WHERE a = ' + a; db.query(sql)",
    'db.all(`DROP TABLE ${t}`)',
    'db.run("DELETE" + " FROM t WHERE id = " + id)',
    "(db.query)('select a from t where b = ' + b)",
    "db.query(('SELECT a FROM t WHERE b = ') + b)",
    'db.query(`\n  SELECT *\n  FROM t\n  WHERE a = ${a}`)',
    "db.query(`name LIKE '` + q + \"'\")",
    "db.query('UPDATE ' + table + ' SET a = ' + a)",
    "db.query('INSERT INTO ' + t + ' VALUES (' + v + ')')",
    'db.query(`DELETE FROM ${t} WHERE id = ${id}`)',
    "db.query('SELECT' + ' a FROM t WHERE b = ' + b)",
    "db.query(\"SELECT a FROM t WHERE b = '\" + b + \"' AND c = \" + c)",
    'db.query("\\tSELECT a FROM t WHERE b = " + b)',
    // A literal first, but not alone (`CONSTANT_LITERAL`).
    "db.query('SELECT a FROM t WHERE b = \\'' /* c */ + b + '\\'')",
    "db.query(/* q */ 'SELECT a FROM t WHERE b = ' +\n  b, [])",
    "db.query(\"SELECT a FROM t WHERE b = \" .concat(b))",
    "const q = 'SELECT a FROM t WHERE b = ';\nfunction f(b) { return db.query(q + b); }",
    'db.query(`SELECT a FROM t WHERE b = \\` ${b}`)',
  ],
  'plaintext-http-url': [
    "fetch('http://api.acme.io/v1')",
    'axios.get("http://api.acme.io")',
    "const c = { url: 'http://api.acme.io' }",
    'const c = { baseURL: `http://api.acme.io/${v}` }',
    "new WebSocket('ws://stream.acme.io')",
    "fetch(/* c */ 'http://api.acme.io')",
    "fetch(('http://api.acme.io'))",
    "const c = { 'url': 'http://api.acme.io' }",
    "const c = { url: // c\n 'http://api.acme.io' }",
    "got.post('HTTP://API.ACME.IO/x')",
    "fetch('http://user@api.acme.io')",
    "fetch('http://localhost.acme.io')",
    "fetch('http://api.example.com.evil.io')",
    "fetch('http://a\"b.io')",
    'fetch(`http://api.${domain}/x`)',
    "request('ftp://files.acme.io')",
    "new EventSource('http://events.acme.io')",
    "fetch('http://api.acme.io:8080/x')",
    "const c = { proxy: 'http://proxy.acme.io' }",
    "io('http://chat.acme.io')",
    "fetch('http://api\\x2eacme.io')",
    "axios.get<User>('http://api.acme.io/u')",
    'axios.get<Array<User>>("http://api.acme.io/u")',
    "this.http().fetch('http://api.acme.io')",
    "$fetch('http://api.acme.io')",
    "new Request('http://api.acme.io')",
    "client['get']('http://api.acme.io')",
    "fetch?.('http://api.acme.io')",
    "const s = connect('ws://db.acme.io')",
    "const c = { ['endpoint']: 'telnet://box.acme.io' }",
    "const c = { url: ('http://api.acme.io') }",
  ],
  'command-injection': [
    "const sh = require('shelljs');\napp.get('/', (req, res) => sh.exec(req.query.c))",
    "const { exec } = require('child_process'); exec('ls ' + dir)",
    "const cp = require('child_process'); cp.exec(cmd)",
    "const { exec: run } = require('child_process'); run(cmd)",
    "import { exec as run } from 'node:child_process'; run(cmd)",
    "import * as cp from 'child_process'; cp.execSync(`git ${args}`)",
    "const cp = require('child_process'); cp.spawn(cmd, args, { shell: true })",
    "const { spawnSync } = require('child_process'); spawnSync(cmd, [], { 'shell': '/bin/sh' })",
    "const exec = require('child_process').exec; exec(cmd)",
    "const cp = require('child_process'); cp.execFile(cmd, args, { shell: true }, cb)",
    "const cp = await import('child_process'); cp.exec(cmd)",
  ],
  'tls-verification-disabled': [
    'https.globalAgent.options.rejectUnauthorized = false',
    'agent.options["strictSSL"] = (false)',
    'request.get(url).disableTLSCerts()',
    'new https.Agent({ rejectUnauthorized: false })',
    "const o = { 'rejectUnauthorized': false }",
    'const o = { ["rejectUnauthorized"]: false }',
    'request({ strictSSL: false })',
    'const o = { rejectUnauthorized: (false) }',
    'const o = { rejectUnauthorized: /* dev */ false }',
    "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'",
    "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0",
    "spawn(cmd, { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } })",
    'const o = { rejectUnauthorized // dev\n : false }',
    "new MongoClient(uri, { 'tlsAllowInvalidHostnames': true })",
    "const u = `mongodb://h/db?sslValidate=false`",
    "tls.connect({ checkServerIdentity() {} })",
    "app.commandLine.appendSwitch(\"ignore-certificate-errors\")",
    "ses.setCertificateVerifyProc((req, cb) => cb(0))",
    "app.on('certificate-error', (e, w, u, err, c, cb) => cb(true))",
  ],
  'cookie-insecure': [
    "const session = require('express-session');\napp.use(session({ secret: s }))",
    "import session from 'express-session';\napp.use(session({ secret: s, cookie: { httpOnly: true } }))",
    "res.cookie('sid', v)",
    "res.cookie('sid', v, { httpOnly: false })",
    "res['cookie']('sid', v)",
    "(res).cookie('sid', v)",
    "res\n  .cookie('sid', v)",
    "response.cookie /* c */ ('sid', v, {})",
    "reply.cookie('sid', v, { secure: false, httpOnly: true, sameSite: 'lax' })",
    'app.use(session({ cookie: { secure: false } }))',
    'app.use(session({ cookie : { httpOnly: false } }))',
    'app.use(expressSession({ cookie: /* c */ { secure: false } }))',
    'app.use(cookieSession({ cookie: ({ secure: false }) }))',
    "res.cookie<T>('a', b)",
  ],
  'directory-listing': [
    "const serveIndex = require('serve-index');\napp.use(serveIndex('public'))",
    "app.use(express.static('uploads'))",
    "app.use(Express /* x */ . static(path.join(__dirname, 'logs')))",
    "app.use(express?.static('logs'))",
    "app.use((express).static('backups'))",
    "import serve from 'koa-static';\napp.use(serve('uploads'))",
    "const serveStatic = require('serve-static');\napp.use(serveStatic(path.resolve('logs')))",
  ],
  'cors-origin-regex': [
    'app.use((req, res, next) => { if (/acme.io$/.test(req.headers.origin)) next() })',
    'app.use((req, res, next) => { if (req.headers?.origin?.match(/acme.io$/)) next() })',
    'app.use(cors({ origin: /^https:\\/\\/www.acme.com$/ }))',
    "app.use(cors({ 'origin': [/acme.com$/, 'https://b.io'] }))",
    'const allowedOrigins = [\n  /^https:\\/\\/app.acme.io$/,\n]',
    'const CORS_ORIGIN: RegExp = /acme.io$/',
    'let originRe!: RegExp;\noriginRe = /x/; const originPattern = /acme.io$/',
    "const options = { ['Origin'] /* allowed */ : /acme.io$/ }",
    'const options = { "allowed cors\\"s origins": [/acme.io$/] }',
    "const options = { 'cors\\\nlist': /acme.io$/ }",
    'app.use(cors({ origin: /^https:\\/\\/(app).(acme).com$/ }))',
    'const corsOrigin = /^https?:\\/\\/[a-z.]+\\.acme\\.com|\\d.partner.io(:\\d+)?\\/?$/i',
    'app.use((req, res, next) => { if (x) /app.acme.io$/.test(req.headers.origin) })',
    'function ok(req) { return /acme.io$/.test(req.headers.origin) }',
    'const corsOrigin = /* allowed */ /[/]api.acme.io$/',
    'const corsOrigins = [\n  /^https:\\/\\/a\\.acme.io$/, /b.acme.io$/]',
    'const origin = { a: 1 }, corsOrigin = /\\w.acme.io/',
  ],
  'secret-in-log': [
    "console.log('user', password)",
    "console?.log('user', user.password)",
    "(console).log(\n  'a; b', user['apiKey'])",
    "this.logger /* l */ .info(`token ${accessToken}`)",
    "logger.warn('a long message ' + 'x'.repeat(400) + ';', { secret })",
    "req.log.error(\n  // why\n  'refresh failed', refresh_token)",
  ],
  'reflected-xss': [
    "app.get('/', (req, res) => res.send('<p>' + req.query.q + '</p>'))",
    "exports.handler = async (event) => ({ statusCode: 200, body: `<p>${event.queryStringParameters.q}</p>` })",
    "export const a = 1, handler = async (event) => ({ body: '<b>' + event.body + '</b>' })",
    "export const handler: Handler = async (event) => ({ body: '<b>' + event.body + '</b>' })",
    "export async function handler(event) { return { body: `<h1>${event.pathParameters.id}</h1>` }; }",
    "module.exports['handler'] = (event, context, callback) => callback(null, { body: '<p>' + event.body })",
    "export const lambdaHandler = (event, context, callback) => { const html = '<p>' + event.body; callback(null, { body: html }); }",
  ],
  'cors-wildcard-credentials': [
    "app.use(cors({ origin: '*', credentials: true }))",
    "app.use(cors({ origin: true, 'credentials': true }))",
    "app.use(cors({ origin: '*', credentials: (true) }))",
    "app.use(cors({ origin: '*', credentials: /* c */ true }))",
    "app.use(cors({ origin: '*', [\"credentials\"]: true }))",
    "app.use((req, res, next) => { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); res.setHeader('Access-Control-Allow-Credentials', 'true') })",
    'app.use(cors({ origin: req.headers.origin, credentials\n: true }))',
    "app.get('/', (req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': req.query.origin }))",
  ],
};

/** A file with the rule's keyword but not what it reports, and one with it: only the second is parsed. */
const PARSED_OR_NOT: { rule: string; notParsed: string; parsed: string }[] = [
  { rule: 'literal-session-secret', notParsed: 'app.use(session({ secret: process.env.SESSION_SECRET }))', parsed: "app.use(session({ secret: 'k' }))" },
  { rule: 'literal-db-password', notParsed: 'new Pool({ password: process.env.DB_PASSWORD })', parsed: "new Pool({ password: 'pw' })" },
  { rule: 'literal-db-password', notParsed: "import { Sequelize, Model } from 'sequelize'; const s = Sequelize.literal('1'); class A extends Model {}", parsed: "const s = new Sequelize('db', 'u', 'pw')" },
  { rule: 'directory-listing', notParsed: 'class A { static b = 1; static c() {} }', parsed: "app.use(express.static('uploads'))" },
  { rule: 'literal-oauth-client-secret', notParsed: 'new GoogleStrategy({ clientSecret: process.env.GOOGLE_SECRET }, verify)', parsed: "new GoogleStrategy({ clientSecret: 'k' }, verify)" },
  { rule: 'jwt-password-in-payload', notParsed: "form.password.value = ''; button.textContent = 'Sign in'", parsed: 'jwt.sign({ password }, key)' },
  { rule: 'literal-jwt-key', notParsed: 'jwt.sign(payload, process.env.JWT_SECRET)', parsed: "jwt.sign(payload, 'k')" },
  { rule: 'eval-non-literal', notParsed: "eval('1 + 1'); setTimeout(() => tick(), 10); setTimeout(tick, 10); socket.setTimeout(0); new Function('return this')", parsed: "setTimeout('tick(' + n + ')', 10)" },
  { rule: 'insecure-random', notParsed: 'const jitter = Math.random() * 100', parsed: 'const token = Math.random().toString(36)' },
  { rule: 'open-redirect', notParsed: "res.redirect('/login'); location.reload()", parsed: "app.get('/', (req, res) => res.redirect(req.query.next))" },
  { rule: 'open-redirect', notParsed: "function link({ location }: { location: Location }) { return location.pathname.endsWith('/x') }", parsed: "app.get('/', (req, res) => res.writeHead(302, { location: req.query.next }))" },
  { rule: 'open-redirect', notParsed: "const here: Location = { pathname: '/x' } as Location; navigate(here)", parsed: 'function go(u) { $window.location = u; }' },
  { rule: 'nosql-injection', notParsed: "app.get('/', (req, res) => users.find((u) => u.id === req.params.id))", parsed: "app.get('/', (req, res) => User.find(req.body))" },
  { rule: 'path-traversal', notParsed: "res.sendFile(__dirname + '/index.html')", parsed: "app.get('/', (req, res) => res.sendFile(req.query.file))" },
  { rule: 'error-details-to-client', notParsed: "try { run() } catch (e) { res.status(500).send('Internal error') }", parsed: 'try { run() } catch (e) { res.status(500).send(e) }' },
  { rule: 'sql-injection', notParsed: "const v = cache.get(key); const method = 'DELETE'", parsed: "db.query('SELECT * FROM t WHERE id = ' + id)" },
  { rule: 'sql-injection', notParsed: "await queryInterface.sequelize.query(`ALTER TABLE documents ADD COLUMN \"x\" text`, { transaction }); await db.query('SELECT id FROM users WHERE a = $1', [a])", parsed: "await queryInterface.sequelize.query(`ALTER TABLE ${table} ADD COLUMN \"x\" text`, { transaction })" },
  { rule: 'plaintext-http-url', notParsed: "fetch('http://localhost:3000/api'); new URL(`http://${host}`)", parsed: "fetch('http://api.acme.io/v1')" },
  { rule: 'command-injection', notParsed: "const { spawn } = require('child_process'); spawn('ls', ['-l'])", parsed: "const { exec } = require('child_process'); exec('ls ' + dir)" },
  { rule: 'tls-verification-disabled', notParsed: 'new https.Agent({ rejectUnauthorized: true })', parsed: 'new https.Agent({ rejectUnauthorized: false })' },
  { rule: 'cookie-insecure', notParsed: 'const cookie = parse(header)', parsed: "res.cookie('sid', id)" },
  { rule: 'cors-origin-regex', notParsed: "const u = new URL(url).origin; if (req.headers.origin === location.origin) cors()", parsed: 'const corsOptions = { origin: /acme.io$/ }' },
  { rule: 'cors-origin-regex', notParsed: "const origin = 'https://www.acme.com/app.js/'; // see https://github.com/a/b.c/d\n<Menu.Label>{origin}</Menu.Label>", parsed: 'const originRe = /acme.io$/' },
  { rule: 'ssrf', notParsed: "app.use((ctx) => { ctx.request.body = parse(ctx.req); logHttpRequest(ctx.request.url); ctx.fetchUser() })", parsed: "app.get('/', (req, res) => fetch(req.query.u))" },
  { rule: 'path-traversal', notParsed: "app.get('/', async (req, res) => { await Promise.resolve(); res.json(req.query.tags.join(',')) })", parsed: "app.get('/', (req, res) => { const p = path.join(root, req.query.f); })" },
  { rule: 'library-code-injection', notParsed: "app.get('/', (req, res) => res.json(templates.render(req.query.id)))", parsed: "app.get('/', (req, res) => res.render(req.params.view))" },
  { rule: 'regex-dos', notParsed: "let re: RegExp; if (x instanceof RegExp) re = new RegExp('^[a-z]+$', 'i'); const q = location.search", parsed: 'const re = new RegExp(pattern)' },
  { rule: 'url-allowlist-substring', notParsed: "app.get('/', (req, res) => { if (allowed.includes(req.query.host) && req.query.path.indexOf('?') < 0) res.end() })", parsed: "app.get('/', (req, res) => req.query.u.startsWith('https://acme.io'))" },
  { rule: 'regex-dos', notParsed: "history.replace({ pathname: location.pathname, search: location.search }); const content = '(paragraph | heading)+'; const n = a / b + c / d * e", parsed: "history.replace(location.search.replace(/^\\?+/, ''))" },
  { rule: 'regex-dos', notParsed: "const printable = new RegExp('^[\\x20-\\x7E]+$'); const ok = (s) => printable.test(s)", parsed: "const re = new RegExp('^[\\x20-\\x7E]+$' + suffix)" },
  { rule: 'secret-in-log', notParsed: "Logger.error('could not refresh the access token'); const password = form.password", parsed: "logger.error('login', password)" },
  { rule: 'reflected-xss', notParsed: "export const Menu = () => { const handler = (event) => event.preventDefault(); return <div onClick={handler}>x</div>; }", parsed: "exports.handler = async (event) => ({ body: '<p>' + event.body })" },
  { rule: 'cors-wildcard-credentials', notParsed: "fetch(url, { credentials: 'include' })", parsed: "app.use(cors({ origin: '*', credentials: true }))" },
];

function ruleById(id: string): AstRule {
  const rule = AST_RULES.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`no AST rule ${id}`);
  return rule;
}

function run(rule: AstRule, code: string): string[] {
  const ruleset = compileRuleset({ preset: 'strict' }, { astRules: [rule], textRules: [] });
  return analyze({ text: code, path: 'src/app.ts' }, ruleset).findings
    .filter((f) => f.ruleId === rule.meta.id)
    .map((f) => `${f.start}-${f.end}: ${code.slice(f.start, f.end)}`);
}

function short(code: string): string {
  const one = code.replace(/\s+/g, ' ').trim();
  return one.length > 70 ? `${one.slice(0, 67)}...` : one;
}

describe('AST prefilters keep every finding', () => {
  for (const [id, shapes] of Object.entries(SHAPES)) {
    describe(id, () => {
      const rule = ruleById(id);
      const unfiltered: AstRule = { ...rule, keywords: undefined, prefilter: undefined };
      for (const code of shapes) {
        it(short(code), () => {
          const expected = run(unfiltered, code);
          assert.ok(expected.length > 0, 'the shape is one the rule reports');
          assert.deepEqual(run(rule, code), expected);
        });
      }
    });
  }
});

describe('AST prefilters keep every finding: fuzz', () => {
  /** Between two tokens: what was there, or blanks, a line break, a comment. */
  const TRIVIA = [' ', '\n', '/* c */', ' // c\n', '\n  ', '\t'];
  const NO_LINE_BREAK_AFTER = new Set(['return', 'throw', 'async', '++', '--']);
  const NO_LINE_BREAK_BEFORE = new Set(['=>', '++', '--']);
  /** Before `.`, `(`, `[`, an identifier may be wrapped in parentheses: `(res).send(…)`. */
  const WRAPPABLE_BEFORE = new Set(['.', '?.', '(', '[']);
  const NOT_WRAPPABLE_AFTER = new Set(['.', '?.', 'new', 'function', 'const', 'let', 'var', 'import', 'as', 'class']);

  function mutate(code: string, tokens: TSESTree.Token[], choices: number[]): string {
    let out = '';
    tokens.forEach((t, i) => {
      const choice = choices[i % choices.length]!;
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      const text = code.slice(t.range[0], t.range[1]);
      const wrap = t.type === 'Identifier' && !!next && WRAPPABLE_BEFORE.has(next.value) && !(prev && NOT_WRAPPABLE_AFTER.has(prev.value)) && choice % 5 === 0;
      out += wrap ? `(${text})` : text;
      if (!next) return;
      const gap = code.slice(t.range[1], next.range[0]);
      let trivia = choice % 3 === 0 ? TRIVIA[(choice >> 2) % TRIVIA.length]! : gap;
      if (/\n/.test(trivia) && (NO_LINE_BREAK_AFTER.has(t.value) || NO_LINE_BREAK_BEFORE.has(next.value))) trivia = ' ';
      out += trivia;
    });
    return out;
  }

  it('blanks, line breaks, comments and parentheses between the tokens of a shape change no finding', () => {
    const cases = Object.entries(SHAPES).flatMap(([id, shapes]) =>
      shapes.map((code) => ({ id, code, tokens: parse(code, { tokens: true, range: true }).tokens ?? [] })));
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), ({ id, code, tokens }, choices) => {
        tried('ast-prefilters');
        const mutant = mutate(code, tokens, choices);
        const rule = ruleById(id);
        const expected = run({ ...rule, keywords: undefined, prefilter: undefined }, mutant);
        if (expected.length === 0) return; // the mutation changed what the code means (a line break before a call)
        checked++;
        assert.deepEqual(run(rule, mutant), expected, mutant);
      }),
      fuzzOptions(),
    );
    assert.ok(checked > 0);
  });
});

describe('AST prefilters in the editor: remembered where they matched', () => {
  it('answer as a search of the whole text does, over random edit sequences', () => {
    const rules = AST_RULES.filter((r) => r.prefilter);
    const pieces = Object.values(SHAPES).flat();
    const document = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((p) => p.join('\n'));
    const edit = fc.record({ at: fc.nat(), removed: fc.nat({ max: 40 }), inserted: fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(' ', '\n', '(', 'req', '.')) });
    let remembered = 0;
    let proven = 0;
    fc.assert(
      fc.property(document, fc.array(edit, { minLength: 1, maxLength: 10 }), (first, edits) => {
        const cache: ParseCache = {};
        let text = first;
        for (const step of [undefined, ...edits]) {
          if (step) {
            const at = step.at % (text.length + 1);
            text = text.slice(0, at) + step.inserted + text.slice(Math.min(text.length, at + step.removed));
          }
          const memo = prefilterMemo(cache, text);
          remembered += memo.at.size;
          proven += memo.absent.size;
          for (const rule of rules) assert.equal(passesPrefilter(rule, text, memo), passesPrefilter(rule, text), `${rule.meta.id} on ${JSON.stringify(text)}`);
        }
      }),
      { seed: 0x7072, numRuns: 200 },
    );
    assert.ok(remembered > 0, 'some checks were answered from a remembered position');
    assert.ok(proven > 0, 'some checks were answered by a proof that they find nothing (Absences)');
  });
});

describe('AST prefilters keep files out of the parser', () => {
  // A syntax error tells whether a file was parsed: only the parser reports one.
  const parseErrorOf = (rule: AstRule, code: string) =>
    analyze({ text: `${code}\n)`, path: 'src/app.ts' }, compileRuleset({ preset: 'strict' }, { astRules: [rule], textRules: [] })).parseError;
  for (const c of PARSED_OR_NOT) {
    it(`${c.rule}: not parsed for ${short(c.notParsed)}`, () => {
      const rule = ruleById(c.rule);
      assert.ok(!rule.keywords || rule.keywords.some((k) => c.notParsed.toLowerCase().includes(k)), 'the keyword is there');
      assert.equal(parseErrorOf(rule, c.notParsed), undefined);
      assert.notEqual(parseErrorOf(rule, c.parsed), undefined, 'parsed when the trigger is there');
    });
  }
});

describe('analyzeUnlessParsed: analyze, or undefined for a file analyze would parse (a light scan\'s main thread)', () => {
  const only = (ids: string[]) => compileRuleset({ preset: 'strict' }, { astRules: ids.map(ruleById), textRules: [] });
  // Each rule's own pair, plus a path a parser never reads, a file with no keyword, and a prefilter that
  // fails after another rule's keyword matched (the answers `runAstRules` then reuses).
  const cases: { rules: string[]; path: string; text: string; parsed: boolean }[] = [
    ...PARSED_OR_NOT.flatMap((c) => [{ rules: [c.rule], path: 'src/app.ts', text: c.notParsed, parsed: false }, { rules: [c.rule], path: 'src/app.ts', text: c.parsed, parsed: true }]),
    { rules: ['literal-jwt-key'], path: 'config/app.py', text: "jwt.encode(payload, 'k')", parsed: false },
    { rules: ['literal-jwt-key', 'literal-db-password'], path: 'src/plain.js', text: 'export const one = 1;', parsed: false },
    { rules: ['literal-jwt-key', 'literal-db-password'], path: 'src/two.js', text: 'jwt.sign(payload, process.env.JWT_SECRET); new Pool({ password: process.env.PW })', parsed: false },
    { rules: ['literal-jwt-key', 'literal-db-password'], path: 'src/two.js', text: "jwt.sign(payload, process.env.JWT_SECRET); new Pool({ password: 'pw' })", parsed: true },
  ];
  for (const c of cases) {
    it(`${c.parsed ? 'declines' : 'analyses'} ${c.path} (${c.rules.join(', ')}): ${short(c.text)}`, () => {
      const input = { text: c.text, path: c.path };
      const ruleset = only(c.rules);
      assert.equal(wouldParse(input, ruleset), c.parsed);
      const result = analyzeUnlessParsed(input, ruleset, { today: '2026-12-06' });
      if (c.parsed) assert.equal(result, undefined);
      else assert.deepEqual(result, analyze(input, ruleset, { today: '2026-12-06' }));
    });
  }
  it('declines a file that would fail to parse: its parse error is the analysis\'s to report', () => {
    const input = { text: "jwt.sign(payload, 'k') +", path: 'src/broken.ts' };
    const ruleset = only(['literal-jwt-key']);
    assert.equal(analyzeUnlessParsed(input, ruleset), undefined);
    assert.notEqual(analyze(input, ruleset).parseError, undefined);
  });
});

describe('AST prefilters: no super-linear backtracking', () => {
  for (const rule of AST_RULES) {
    if (!rule.prefilter?.length) continue;
    it(rule.meta.id, () => {
      for (const re of rule.prefilter!) {
        // Every match attempt at every start position counts (`Move`), as a prefilter scans whole files.
        const { reports } = findSuperLinear({ source: re.source, flags: `${re.flags}g` });
        assert.deepEqual(reports.map((r) => `${r.type} on repeated ${JSON.stringify(r.character.literal)} (${r.exponential ? 'exponential' : 'polynomial'})`), [], re.source);
      }
    });
  }
});

describe('AST prefilters searched from their last token (`endingWith`): the answer of the expression they stand for', () => {
  /** Each prefilter holding an `endingWith` part, and the same expression with every such part written forwards. */
  const pairs = AST_RULES.flatMap((rule) => (rule.prefilter ?? []).flatMap((re, i) => {
    let forward = re.source;
    ENDINGS.forEach((written, built) => { forward = forward.split(built).join(written); });
    return forward === re.source ? [] : [{ id: `${rule.meta.id} #${i}`, re, reference: new RegExp(forward, re.flags) }];
  }));
  /** What the parts read: quotes, `+`, `${`, the SQL words, blanks and escaped ones, comments, line breaks. */
  const PIECES = ["'", '"', '`', '+', '${', '}', ' ', '\t', '\n', '\\', '\\n', '\n', '(', ')', ' where', ' WHERE', ' or', ' and', ' like', ' order by', ' limit', ' values',
    'select ', 'x', 'id', '/* c */', '/*', '*/', '// c', '\r', '$', '=', ',', ';', ' AND (', "'%"];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));
  const same = (pair: (typeof pairs)[number], input: string) => assert.equal(pair.re.test(input), pair.reference.test(input), `${pair.id}: ${JSON.stringify(input)}`);

  it('sql-injection\'s SQL text has two such parts', () => {
    assert.deepEqual(pairs.map((p) => p.id), ['sql-injection #1']);
    assert.equal(ENDINGS.size, 2);
  });

  it('the same answer on generated texts', () => {
    fc.assert(fc.property(text, (input) => {
      tried('ast-prefilters-endings');
      for (const pair of pairs) same(pair, input);
    }), fuzzOptions());
  });

  it('the same answer on every shape of the rule tables, and on their lines joined', () => {
    const shapes = Object.values(SHAPES).flat();
    for (const pair of pairs) {
      for (const code of shapes) same(pair, code);
      same(pair, shapes.join('\n'));
    }
  });

  it('the generated texts tell a wrong forward expression apart (the check has teeth)', () => {
    // Written forwards with `like` dropped from the part ending in `${`: some generated text answers differently.
    const [pair] = pairs;
    let wrong = pair!.re.source;
    ENDINGS.forEach((written, built) => { wrong = wrong.split(built).join(built.startsWith('\\$') ? written.replace('|like)', ')') : written); });
    assert.notEqual(wrong, pair!.reference.source);
    const wrongRe = new RegExp(wrong, pair!.re.flags);
    const found = fc.check(fc.property(text, (input) => pair!.re.test(input) === wrongRe.test(input)), fuzzOptions());
    assert.ok(found.failed, 'a counterexample exists');
  });
});

describe('REQUEST_MEMBERS, the request text the prefilters look for', () => {
  const expression = (code: string) => {
    const statement = parse(code).body[0];
    if (statement?.type !== 'ExpressionStatement') throw new Error(code);
    return statement.expression;
  };
  // Names a request object has in Node, Express, Koa, Fastify, hapi and AWS Lambda, and then some.
  const CANDIDATES = [
    'query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'files', 'file', 'url', 'originalUrl', 'path', 'baseUrl',
    'queryStringParameters', 'pathParameters', 'multiValueQueryStringParameters', 'multiValueHeaders', 'hostname', 'host', 'ip', 'ips',
    'request', 'req', 'param', 'get', 'header', 'cookie', 'raw', 'rawBody', 'rawHeaders', 'rawTrailers', 'rawQuery', 'rawQueryString',
    'rawPath', 'requestContext', 'stageVariables', 'isBase64Encoded', 'httpMethod', 'resource', 'routeKey', 'method', 'protocol',
    'subdomains', 'secure', 'xhr', 'route', 'socket', 'connection', 'user', 'session', 'locals', 'app', 'res', 'response', 'next',
    'accepts', 'is', 'range', 'fresh', 'stale', 'origin', 'href', 'querystring', 'search', 'searchParams', 'type', 'charset', 'length',
    'id', 'log', 'server', 'routeOptions', 'routerPath', 'payload', 'data', 'form', 'fields', 'input', 'json', 'text', 'formData',
    'trailers', 'httpVersion', 'signal', 'state', 'info', 'auth', 'pre', 'orig', 'mime', 'uri', 'pathname', 'hash',
  ];
  it('names every member isRequestSource accepts after a request object', () => {
    const accepted = CANDIDATES.filter((name) =>
      ['req', 'ctx', 'event'].some((root) => [`${root}.${name}`, `${root}.${name}.x`, `${root}.${name}('x')`, `${root}.${name}.body`].some((code) => isRequestSource(expression(code)))));
    assert.deepEqual(accepted.filter((name) => !REQUEST_MEMBERS.includes(name)), []);
  });
  it('names nothing isRequestSource does not accept', () => {
    const accepted = (name: string) => [`req.${name}`, `req.${name}('x')`, `ctx.${name}.body`].some((code) => isRequestSource(expression(code)));
    assert.deepEqual(REQUEST_MEMBERS.filter((name) => !accepted(name)), []);
  });
});
