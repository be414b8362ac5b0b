import * as assert from 'node:assert/strict';
import { testRule } from '../helpers/ruleTester';
import commandInjection from '../../server/src/rules/ast/command-injection';
import sqlInjection from '../../server/src/rules/ast/sql-injection';
import openRedirect from '../../server/src/rules/ast/open-redirect';
import xmlExternalEntities from '../../server/src/rules/ast/xml-external-entities';
import angularBypassSanitizer from '../../server/src/rules/ast/angular-bypass-sanitizer';
import pathTraversal from '../../server/src/rules/ast/path-traversal';
import reflectedXss from '../../server/src/rules/ast/reflected-xss';
import htmlFromRequest from '../../server/src/rules/ast/html-from-request';
import corsOriginRegex from '../../server/src/rules/ast/cors-origin-regex';
import nosqlInjection from '../../server/src/rules/ast/nosql-injection';
import domXssSink from '../../server/src/rules/ast/dom-xss-sink';
import reactDangerousHtml from '../../server/src/rules/ast/react-dangerous-html';

// Exact positions for the forms added to the JS/TS pattern rules while measuring them on semgrep-rules
// and njsscan (issue 15, eval-coverage.mjs): commands handed to a shell program or to git, programs
// named by the request, Deno, AWS Lambda events as request data, SQL in query-option objects, redirect
// hosts fixed by a literal origin, libxml `noent` inside code run by `vm`, sanitised HTML in Angular.

const CP = "const cp = require('child_process');\n";

testRule(commandInjection, {
  valid: [
    `${CP}cp.spawn('ls', ['-la', dir]);`,
    `${CP}cp.spawn('bash', ['-c', 'ls -la']);`,
    `${CP}cp.execFile('git', ['log', ref]);`,
    // `--` ends git's options, so the URL cannot be `--upload-pack=…`
    `${CP}cp.spawn('git', ['clone', '--', url, dir]);`,
    // A program from the program's own values, no shell: not reported
    `${CP}cp.spawn(tool, args);`,
    `${CP}function launch(args) { cp.spawn(process.execPath, args); }`,
    // A parameter every caller in the file fills with a constant
    `${CP}function run(program) { cp.spawnSync(program); }\nrun('ls');`,
    // API Gateway fills requestContext, not the client
    `${CP}exports.handler = async (event) => cp.spawnSync(event.requestContext.stage);`,
    `${CP}function notAHandler(event) { cp.spawnSync(event.cmd); }`,
    "async function f() { await Deno.run({ cmd: ['echo', 'hello'] }); }",
  ],
  invalid: [
    {
      code: `${CP}function run(userInput) {\n  cp.spawnSync('bash', ['-c', userInput]);\n}`,
      errors: [{ line: 3, column: 31, endLine: 3, endColumn: 40, message: 'hands a value built at run time to the shell `bash`' }],
    },
    {
      code: `${CP}const shell = 'sh';\napp.post('/x', (req, res) => cp.spawn(shell, ['-c', req.body.cmd]));`,
      errors: [{ line: 3, column: 53, endLine: 3, endColumn: 65, message: '`spawn` hands request data to the shell `sh`' }],
    },
    {
      code: `${CP}function download(gitUrl, dir) {\n  return cp.spawn('git', ['clone', '--depth', '1', gitUrl, dir]);\n}`,
      errors: [{ line: 3, column: 52, endLine: 3, endColumn: 58, message: 'to `git` as a remote or option' }],
    },
    {
      code: `${CP}app.get('/run', (req, res) => cp.execFile(req.query.tool, ['--version']));`,
      errors: [{ line: 2, column: 43, endLine: 2, endColumn: 57, message: '`execFile` runs a program named by request data' }],
    },
    {
      // A constant program with a shell joins its arguments into the command line.
      code: `${CP}app.get('/ls', (req, res) => cp.spawn('ls', [req.query.dir], { shell: true }));`,
      errors: [{ line: 2, column: 46, endLine: 2, endColumn: 59, message: '`spawn` runs request data through a shell' }],
    },
    {
      code: "async function f(userInput) {\n  await Deno.run({ cmd: ['bash', '-c', userInput] });\n  await Deno.run({ cmd: ['echo', userInput] });\n  new Deno.Command('sh', { args: ['-c', userInput] });\n}",
      errors: [
        { line: 2, column: 40, endLine: 2, endColumn: 49, message: '`Deno.run` hands a value' },
        { line: 4, column: 41, endLine: 4, endColumn: 50, message: '`Deno.Command` hands a value' },
      ],
    },
    {
      // A program named by a parameter no caller in the file fills: low confidence, as unknown origins are.
      code: `${CP}function run(userInput) {\n  cp.spawnSync(userInput);\n}\nasync function d(userInput) {\n  await Deno.run({ cmd: [userInput, 'hello'] });\n}`,
      errors: [
        { line: 3, column: 16, endLine: 3, endColumn: 25, message: '`spawnSync` runs a program named by a value chosen at run time' },
        { line: 6, column: 26, endLine: 6, endColumn: 35, message: '`Deno.run` runs a program named by a value chosen at run time' },
      ],
    },
    {
      // The event of an exported Lambda handler is what the caller sent.
      code: `${CP}exports.handler = async (event) => {\n  cp.spawnSync(event['cmd']);\n};`,
      errors: [{ line: 3, column: 16, endLine: 3, endColumn: 28, message: 'runs a program named by request data' }],
    },
    {
      code: `${CP}export async function handler(event, context) {\n  return [1].map(() => cp.exec('ls ' + event.dir));\n}`,
      errors: [{ line: 3, column: 32, endLine: 3, endColumn: 49, message: '`exec` runs request data through a shell' }],
    },
  ],
});

testRule(sqlInjection, {
  valid: [
    "app.post('/t', async (req, res) => pool.query({ text: 'SELECT * FROM t WHERE id = $1', values: [req.body.id] }));",
    "conn.query({ sql: 'SELECT 1', timeout: 10 });",
    // In the options form, only request data is reported (the program's own sort direction is not).
    "async function rank(sort) { return pool.query({ name: 'rank', text: `SELECT * FROM z ORDER BY score ${sort}` }); }",
    // Built from constants only, however many steps
    "async function f() { let q = 'SELECT id FROM t WHERE a = '; q = q.concat('1'); q += ' AND b = 2'; return db.query(q); }",
    "db.query(util.format('SELECT * FROM t WHERE id = %d', 5));",
    // A knex raw fragment of the program's own values, or with a binding: only request data is reported there
    "function sorted(col, dir) { return knex('t').orderByRaw(`${col} ${dir}`).whereRaw('a = ' + limit); }",
    "app.post('/t', (req, res) => knex('users').whereRaw('email = ?', [req.body.email]));",
  ],
  invalid: [
    {
      // knex's whereRaw/havingRaw/orderByRaw take SQL whatever the text looks like (njsscan node_knex_sqli_injection)
      code: "app.post('/t', (req, res) => {\n  knex.whereRaw(\"email = '\" + req.body.input + \"'\");\n  knex('t').orderByRaw(`${req.query.sort} desc`);\n});",
      errors: [
        { line: 2, column: 17, endLine: 2, endColumn: 51, severity: 'error', confidence: 'high', message: 'This SQL is built by concatenating request data' },
        { line: 3, column: 24, endLine: 3, endColumn: 48, confidence: 'high', message: 'interpolating request data' },
      ],
    },
    {
      code: "app.post('/t', async (req, res) => {\n  const stmt = 'CREATE TEMPORARY TABLE ' + req.body.name + ' (id int)';\n  await conn.query({ sql: stmt, rowsAsArray: true });\n});",
      errors: [{ line: 3, column: 27, endLine: 3, endColumn: 31, message: 'concatenating request data' }],
    },
    {
      code: "const mysql = require('mysql2');\nexports.handler = async (event) => conn.query('SELECT * FROM t WHERE name = ' + event.arguments[0]);",
      errors: [{ line: 2, column: 47, endLine: 2, endColumn: 99, message: 'concatenating request data' }],
    },
    {
      // `.concat`, `+=` and `util.format` build the text too; a name given several values stands for all of them.
      code: `app.get('/t3', async (req, res) => {
  let query = 'SELECT * FROM users WHERE id = \\'';
  query = query.concat(req.query.message);
  query = query.concat('\\'');
  await sequelize.query(query);
});
app.get('/t4', async (req, res) => {
  const query = util.format("SELECT * FROM users WHERE id = '%s'", req.query.message);
  await sequelize.query(query);
});
function bad2(req) {
  let query = 'SELECT name FROM users WHERE age=';
  query += req.body.age;
  return pool.query(query);
}
function bad5(userinput) {
  return pool.query('SELECT * FROM users WHERE id ='.concat(userinput));
}`,
      errors: [
        { line: 5, column: 25, endLine: 5, endColumn: 30, message: 'concatenating request data' },
        { line: 9, column: 25, endLine: 9, endColumn: 30, message: 'formatting request data' },
        { line: 14, column: 21, endLine: 14, endColumn: 26, message: 'concatenating request data' },
        { line: 17, column: 21, endLine: 17, endColumn: 71, message: 'concatenating values' },
      ],
    },
  ],
});

testRule(openRedirect, {
  valid: [
    // A helper that says it validates the host (outline's getValidatedHost)
    "async function getValidatedHost(host) { return host; }\napp.get('/a', async (ctx) => { const h = await getValidatedHost(ctx.query.host); ctx.redirect(`https://${h}/done`); ctx.redirect('https://' + h); });",
    // An encoded path segment first: no scheme, `//` or `\\` can follow from it (etherpad's pad URL sanitiser)
    "app.get('/p/:pad', (req, res) => {\n  const realURL = encodeURIComponent(req.params.pad) + new URL(req.url, 'http://invalid.invalid').search;\n  res.header('Location', realURL);\n  res.redirect(encodeURIComponent(req.params.pad) + '/x');\n});",
    "app.get('/a', (req, res) => { const next = 'https://acme.io/' + req.query.p; res.redirect(next); });",
    "app.get('/a', (req, res) => res.redirect('https://acme.io/' + req.query.p));",
    "app.get('/a', (req, res) => res.redirect(`https://acme.io?next=${req.query.p}`));",
    "app.get('/a', (req, res) => res.redirect(`https://${host}/${req.query.p}`));",
    // The page navigates to a caller's value after a literal host ended by `/`, or the callers are in view
    "function go(userInput) {\n  location.href = `https://www.acme.io/${userInput}`;\n  location.href = 'https://www.acme.io/' + userInput;\n}",
    "function go(url) { window.location.href = url; }\ngo('/home');",
    // An element of a list (its origin is the list's), a value of the program's own, a new window
    "links.forEach((link) => { location.href = link; });\nfunction f() { location.href = this.target; }\nfunction g(url) { window.open(url); }",
    // A parameter the library or the browser fills: a response, an event, an options callback's data
    "fetch('/x').then((response) => { window.location.href = response.url; });\nnavigator.serviceWorker.addEventListener('message', (event) => { const { url } = event.data; window.location.href = url; });\n$.ajax('/logout', { type: 'POST', success: function (data) { window.location.href = data.next; } });",
    // A caller's value checked against an allow-list first
    "function go(url) {\n  if (!ALLOWED.includes(url)) return;\n  location.assign(url);\n}",
    // AngularJS: a `$scope` value after a path or a host ended by `/`, or opened in a new window
    "app.controller('c', function ($scope, $window) {\n  $window.location.href = '/app/' + $scope.page;\n  $window.location.href = 'https://acme.io/' + $scope.id;\n  $window.open($scope.url);\n});",
  ],
  invalid: [
    {
      // A browser page navigates to a value its caller passes in (semgrep js-open-redirect-from-function):
      // low confidence, the callers are not in view; the parameter is the related place.
      code: "function test1(userInput) {\n  location.href = userInput;\n  window.location = `${userInput}/hi`;\n  location.replace('https://acme.io' + userInput);\n}",
      errors: [
        { line: 2, column: 19, endLine: 2, endColumn: 28, severity: 'warning', confidence: 'low', message: 'The page navigates to a URL built from `userInput`, which its caller passes in' },
        { line: 3, column: 21, endLine: 3, endColumn: 38, confidence: 'low' },
        { line: 4, column: 20, endLine: 4, endColumn: 49, confidence: 'low' },
      ],
    },
    {
      // AngularJS: `$window` is the page's window, and a `$scope` value (what the view binds) decides the
      // host: low confidence, its origin is not in view (semgrep detect-angular-open-redirect)
      code: "app.controller('c', function ($scope, $window) {\n  $scope.go = function () {\n    $window.location.href = $scope.next + '/app/logout';\n    $window.location.assign($scope.next);\n  };\n});",
      errors: [
        { line: 3, column: 29, endLine: 3, endColumn: 56, severity: 'warning', confidence: 'low', message: 'The page navigates to a URL that starts with a `$scope` value' },
        { line: 4, column: 29, endLine: 4, endColumn: 40, confidence: 'low' },
      ],
    },
    {
      // The same helper without a name that says it checks anything
      code: "async function hostOf(host) { return host; }\napp.get('/a', async (ctx) => { const h = await hostOf(ctx.query.host); ctx.redirect('https://' + h); });",
      errors: [{ line: 2, column: 85, endLine: 2, endColumn: 99 }],
    },
    {
      // `.evil.io` or `@evil.io` after the origin changes the host.
      code: "app.get('/a', (req, res) => res.redirect('https://acme.io' + req.query.p));",
      errors: [{ line: 1, column: 42, endLine: 1, endColumn: 73, confidence: 'high', message: 'The host written before the request data in this redirect target has no `/` after it: `@evil.example` from the request makes evil.example the host' }],
    },
    {
      // A value of the program's own before the request data (semgrep's `ok:` shapes, URL check below):
      // open when it is an origin without a trailing `/` or empty; medium confidence, since the file
      // does not show which.
      code: "module.exports.redirect = function (req, res) {\n  res.redirect(config_value.foo+req.query.url)\n  const a = req.body.url\n  res.redirect(c+a)\n  res.redirect(`${c}${a}/fooo`)\n  res.redirect(c+a+config_value.url)\n  res.redirect(\"https://google.com\"+req.query.url)\n  res.redirect(\"https://google.com/\"+req.query.url)\n}",
      errors: [
        { line: 2, column: 16, endLine: 2, endColumn: 46, severity: 'error', confidence: 'medium', message: "Request data follows a value of the program's own in this redirect target: unless that value ends in a path" },
        { line: 4, column: 16, endLine: 4, endColumn: 19, confidence: 'medium' },
        { line: 5, column: 16, endLine: 5, endColumn: 31, confidence: 'medium' },
        { line: 6, column: 16, endLine: 6, endColumn: 36, confidence: 'medium' },
        { line: 7, column: 16, endLine: 7, endColumn: 50, confidence: 'high', message: 'has no `/` after it' },
      ],
    },
    {
      code: "app.get('/a', (req, res) => res.redirect(`https://${req.query.h}/x`));",
      errors: [{ line: 1, column: 42, endLine: 1, endColumn: 68 }],
    },
    {
      // The Location header set directly, and NestJS's @Redirect handler returning { url } from a @Query parameter.
      code: "app.all(function (req, res) {\n  res.header('Location', req.param('target'));\n  res.set('location', req.query.next);\n  res.writeHead(302, { location: '/x?' + req.query.a, 'X-A': 1 });\n  res.writeHead(302, { 'Location': req.query.b });\n  res.location(req.query.c);\n  res.header('Location', '/home');\n  res.header('X-Next', req.query.d);\n  res.writeHead(302, { location: 'https://acme.io/' + req.query.e });\n});",
      errors: [
        { line: 2, column: 26, endLine: 2, endColumn: 45 },
        { line: 3, column: 23, endLine: 3, endColumn: 37 },
        { line: 5, column: 36, endLine: 5, endColumn: 47 },
        { line: 6, column: 16, endLine: 6, endColumn: 27 },
      ],
    },
    {
      code: "import { Controller, Get, Redirect, Query } from '@nestjs/common';\n@Controller()\nexport class AppController {\n  @Get('test')\n  @Redirect('https://docs.nestjs.com', 302)\n  getDocs1(@Query('input') userInput) {\n    if (userInput) return { url: userInput };\n    return { url: 'https://docs.nestjs.com/v5/' };\n  }\n  @Get('x')\n  go(@Query('input') u, @Res() res) { res.redirect(u); }\n  @Get('y')\n  @Redirect('/')\n  stay(@Query('input') u) { return { url: '/docs/' + u }; }\n}",
      errors: [
        { line: 7, column: 34, endLine: 7, endColumn: 43, message: 'This redirect target comes from the request' },
        { line: 11, column: 52, endLine: 11, endColumn: 53 },
      ],
    },
  ],
});

// The argument behind the shapes above, checked against the URL standard (Node's WHATWG URL): the host
// runs to the first `/`, `?`, `#` or `\\`, and an `@` before that makes everything before it userinfo.
describe('open-redirect: request data after a base with no `/` ending its host (URL standard)', () => {
  const attacks = ['@evil.example', '.evil.example'];
  const otherSite = (url: string) => /(?:^|\.)evil\.example$/.test(new URL(url).hostname);
  it('an origin, written or configured, followed by request data names another host', () => {
    for (const base of ['https://google.com', 'https://acme.io']) {
      for (const a of attacks) {
        assert.ok(otherSite(base + a), `${base} + ${a}`); // 'https://google.com' + req.query.url, config_value.foo + req.query.url, c + a
        assert.ok(otherSite(`${base}${a}/fooo`), `${base}${a}/fooo`); // `${c}${a}/fooo`
        assert.ok(otherSite(base + a + '/path'), `${base} + ${a} + /path`); // c + a + config_value.url
      }
    }
    // An empty configured value leaves all of the target to the request.
    assert.equal(new URL('' + 'https://evil.example/', 'https://acme.io/').hostname, 'evil.example');
  });
  it('the same base ended by `/`, `?` or `#` keeps its host whatever follows (not reported)', () => {
    for (const end of ['/', '?', '#']) {
      for (const a of [...attacks, '/evil.example', '\\evil.example', ':8080@evil.example']) assert.equal(new URL(`https://acme.io${end}${a}`).hostname, 'acme.io', `${end}${a}`);
    }
  });
});

testRule(xmlExternalEntities, {
  valid: [
    // Not libxmljs's SAX parser (sax's SAXParser does not load external entities), or a constant document
    "const sax = require('sax');\napp.post('/x', (req, res) => { const p = sax.parser(true); p.write(req.body.xml); const q = new sax.SAXParser(); q.write(req.body.xml); });",
    "const libxmljs = require('libxmljs');\nconst parser = new libxmljs.SaxParser();\nparser.parseString('<a/>');",
    "vm.runInContext('libxml.parseXml(data, { noblanks: true })', sandbox);",
    "vm.runInContext('parse(data, { noent: true })', sandbox);",
  ],
  invalid: [
    {
      // libxmljs's SAX parsers substitute external entities without any option.
      code: "const libxmljs = require('libxmljs');\napp.get('/sax', function (req, res) {\n  const parser = new libxmljs.SaxParser();\n  parser.parseString(req.param('xml'));\n  const push = new libxmljs.SaxPushParser();\n  push.push(req.body.xml);\n});\nfunction f(doc) { new libxmljs.SaxParser().parseString(doc); }",
      errors: [
        { line: 4, column: 22, endLine: 4, endColumn: 38, message: '`SaxParser` substitutes external entities, so this XML from the request' },
        { line: 6, column: 13, endLine: 6, endColumn: 25, message: '`SaxPushParser` substitutes external entities' },
        { line: 8, column: 56, endLine: 8, endColumn: 59, message: '`SaxParser` substitutes external entities, so the document' },
      ],
    },
    {
      code: "vm.runInContext('libxml.parseXml(data, { noblanks: true, noent: true })', sandbox);",
      errors: [{ line: 1, column: 17, endLine: 1, endColumn: 73, message: 'The code that `runInContext` runs parses XML' }],
      output: "vm.runInContext('libxml.parseXml(data, { noblanks: true, noent: false })', sandbox);",
    },
    {
      code: 'new vm.Script(`libxmljs.parseXmlString(x, {noent:true})`);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 57, message: 'The code that `vm.Script` runs' }],
      output: 'new vm.Script(`libxmljs.parseXmlString(x, {noent:false})`);',
    },
  ],
});

testRule(angularBypassSanitizer, {
  valid: [
    'class C { f(v) { return this.s.bypassSecurityTrustHtml(DOMPurify.sanitize(v)); } }',
    'class C { f(v) { return this.s.bypassSecurityTrustHtml(this.s.sanitize(SecurityContext.HTML, v)); } }',
  ],
  invalid: [
    {
      // A URL is not made safe by an HTML sanitiser.
      code: 'class C { f(v) { return this.s.bypassSecurityTrustUrl(DOMPurify.sanitize(v)); } }',
      errors: [{ line: 1, column: 25, endLine: 1, endColumn: 77, message: '`bypassSecurityTrustUrl` marks dynamic data as safe' }],
    },
    {
      // AngularJS's $sce: the value reaches ng-bind-html as trusted markup.
      code: "app.controller('c', function ($scope, $sce) {\n  $scope.a = $sce.trustAsHtml($scope.html);\n  $scope.b = $sce.trustAs($sce.HTML, $scope.html);\n  $scope.c = $sce.trustAsJs('stringLiteral');\n  $scope.d = $sce.trustAsHtml(DOMPurify.sanitize($scope.html));\n});",
      errors: [
        { line: 2, column: 14, endLine: 2, endColumn: 43, message: '`trustAsHtml` marks dynamic data as safe' },
        { line: 3, column: 14, endLine: 3, endColumn: 50, message: '`trustAs` marks dynamic data as safe' },
      ],
    },
  ],
});

testRule(pathTraversal, {
  valid: [
    // A helper's parameter filled by callers with the program's own objects
    "async function render(req, res, data) { data.x = 1; res.render('admin/users', data); }\napp.get('/', async (req, res) => { const searchData = { q: req.query.q }; await render(req, res, searchData); });",
    // Request values by name, and a view's own data
    "router.post('/', (req, res) => res.render('index', { profile: req.body.profile, q: req.query.q }));",
    // Objects the program builds, with request values in them: the client does not write their keys
    "router.post('/', async (req, res) => {\n  const payload = { roomId: req.params.roomid };\n  res.render('chats', { ...payload, ...(await load(req.params.id)) });\n  res.render('flags', Object.assign(flagData, { a: req.query.a }));\n  const data = {};\n  data['sort_' + req.query.s] = true;\n  res.render('users', data);\n});",
    // Middleware's own members of the request (req.config) are the server's
    "const fs = require('fs');\napp.use((req, res, next) => { req.config.files.forEach((f) => fs.unlinkSync(f)); next(); });",
    "const fs = require('fs');\nrouter.get('/', (req, res) => { res.render('index', profile); names.forEach((f) => fs.unlinkSync(f)); });",
    // Checked in the same function: starts with the base, indexOf === 0, `..` removed, a sanitiser, an allow-list
    "const path = require('path');\napp.get('/f', (req, res) => {\n  const p = path.join(base, req.query.f);\n  if (!p.startsWith(base)) return res.sendStatus(400);\n  load(p);\n});",
    "const path = require('path');\napp.get('/f', (req, res) => {\n  const p = path.join(base, req.query.f);\n  if (p.indexOf(base) === 0) load(p);\n});",
    "const path = require('path');\napp.get('/f', (req, res) => {\n  const f = req.query.f.replace(/^(\\.\\.(\\/|\\\\|$))+/, '');\n  load(path.join(base, f));\n});",
    "const path = require('path');\napp.get('/f', (req, res) => load(path.join(base, sanitize(req.query.f))));",
    "const path = require('path');\napp.get('/l/:lng', (req, res) => {\n  const { lng } = req.params;\n  if (!languages.includes(lng)) return;\n  load(path.join(lng, 'translation.json'));\n});",
    "const path = require('path');\napp.get('/f', (req, res) => {\n  const dir = path.join(root, req.query.dir);\n  if (!file.isPathInside(root, dir)) return;\n  load(dir);\n});",
    // A URL path joined from the request's own URL parts
    "const path = require('path');\napp.use((req, res, next) => { const mounted = path.join(req.baseUrl, req.path); next(); });",
    // The class checks containment where it opens the file
    "const path = require('path');\nclass Pages {\n  route(req) { return this.read(path.resolve(this.root, req.params[0])); }\n  read(p) { if (!path.normalize(p).startsWith(this.root)) throw new Error('outside'); }\n}",
    // A path a caller in this file fills: taint.ts followed it there (a constant)
    "const path = require('path');\nfunction open(name) { return load(path.resolve(ROOT, name)); }\nopen('index.html');",
    "const fs = require('fs');\nconst read = (file) => fs.readFileSync(file, 'utf8');\nmodule.exports = () => read('a.json');",
    // A caller's folder with a constant name in it: where the program looks, not a name chosen in it
    "const fs = require('fs');\nconst path = require('path');\nexports.pkg = (dir) => fs.readFileSync(path.join(dir, 'package.json'));\nexports.cfg = (dir) => fs.readFileSync(`${dir}/config.json`);",
    // An element of a list: its origin is the list's (not request data here)
    "const fs = require('fs');\nexports.clean = (files) => files.forEach((f) => fs.unlinkSync(f));",
    // Checked for containment before it is opened
    "const fs = require('fs');\nconst path = require('path');\nexports.open = (name) => {\n  const p = path.join(BASE, name);\n  if (!p.startsWith(BASE)) throw new Error('outside');\n  return fs.readFileSync(p);\n};",
  ],
  invalid: [
    {
      code: "const path = require('path');\napp.get('/f', (req, res) => {\n  const p = path.join(opts.path, req.query.path);\n  extractFile(p);\n});",
      errors: [{ line: 3, column: 13, endLine: 3, endColumn: 49, message: '`path.join` builds a file path from request data' }],
    },
    {
      // a callback sees the request of the handler around it: an element of the client's list, joined
      code: "const path = require('path');\napp.post('/x', (req, res) => {\n  req.body.paths.forEach((entry) => {\n    const p = path.join(opts.path, entry);\n    doSmth(p);\n  });\n});",
      errors: [{ line: 4, column: 15, endLine: 4, endColumn: 42, message: '`path.join` builds a file path from request data' }],
    },
    {
      code: "import { resolve } from 'path';\napp.post('/f', (req, res) => createFile({ filePath: resolve(opts.path, req.body) }));",
      errors: [{ line: 2, column: 53, endLine: 2, endColumn: 81, message: '`resolve` builds a file path from request data' }],
    },
    {
      // Opened right away: reported once, at the sink
      code: "const fs = require('fs');\nconst path = require('path');\napp.get('/f', (req, res) => {\n  const p = path.join(base, req.query.f);\n  fs.readFile(p, cb);\n});",
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 16, message: '`readFile` opens a path built from request data' }],
    },
    {
      // The locals object is the engine's options (hbs `layout`, EJS `settings`); an element of a request list is request data.
      code: "const fs = require('fs');\nrouter.post('/', function (req, res, next) {\n  var profile = req.body.profile;\n  res.render('index', profile);\n  res.render('index', { ...req.query, title: 'x' });\n  req.body.files.forEach((f) => fs.unlinkSync(f));\n});",
      errors: [
        { line: 4, column: 23, endLine: 4, endColumn: 30, message: '`res.render` gives the template engine an object the client built' },
        { line: 5, column: 23, endLine: 5, endColumn: 51, message: '`res.render` gives the template engine an object the client built' },
        { line: 6, column: 47, endLine: 6, endColumn: 48, message: '`unlinkSync` opens a path built from request data' },
      ],
    },
    {
      // A parameter no caller in this file fills (semgrep's audit labels): low confidence, a warning at `strict`
      code: "const fs = require('fs');\nconst { readFile } = require('fs/promises');\nfunction test1(fileName) {\n  readFile(fileName).then(done);\n  return fs.promises.mkdir(fileName, {});\n}",
      errors: [
        { line: 4, column: 12, endLine: 4, endColumn: 20, message: '`readFile` opens a path built from `fileName`, which its caller passes in', severity: 'warning', confidence: 'low' },
        { line: 5, column: 28, endLine: 5, endColumn: 36, message: '`mkdir` opens a path built from `fileName`', severity: 'warning', confidence: 'low' },
      ],
    },
    {
      // A joined name from a member of a parameter, in a function called without it, and in an archive's entry listener
      code: "const path = require('path');\nfunction test1() {\n  function someFunc(entry) {\n    return extractFile(path.join(opts.path, entry.path));\n  }\n  someFunc();\n}\nparser.on('entry', function (entry) {\n  entry.pipe(Writer({ path: path.resolve(opts.path, entry.path) }));\n});",
      errors: [
        { line: 4, column: 24, endLine: 4, endColumn: 56, message: '`path.join` builds a file path from `entry`, which its caller passes in', severity: 'warning', confidence: 'low' },
        { line: 9, column: 29, endLine: 9, endColumn: 64, message: '`path.resolve` builds a file path from `entry`', severity: 'warning', confidence: 'low' },
      ],
    },
    {
      // Joined and opened in the same function: reported once, at the sink; a name after the folder counts
      code: "const fs = require('fs');\nconst path = require('path');\nexports.write = (dir, name, data) => {\n  const p = path.join(dir, name);\n  fs.writeFileSync(p, data);\n  fs.unlinkSync(dir + '/' + name);\n};",
      errors: [
        { line: 5, column: 20, endLine: 5, endColumn: 21, message: '`writeFileSync` opens a path built from `name`', confidence: 'low' },
        { line: 6, column: 17, endLine: 6, endColumn: 33, message: '`unlinkSync` opens a path built from `name`', confidence: 'low' },
      ],
    },
    {
      // A method no `this.…` call of its class fills
      code: "import { readFile } from 'fs/promises';\nexport class Store {\n  load(name: string) { return readFile(name); }\n}",
      errors: [{ line: 3, column: 40, endLine: 3, endColumn: 44, message: '`readFile` opens a path built from `name`', confidence: 'low' }],
    },
    {
      // Request data from a caller in the file stays an error with high confidence
      code: "const fs = require('fs');\nfunction open(name) { return fs.readFileSync(name); }\napp.get('/f', (req, res) => open(req.query.f));",
      errors: [{ line: 2, column: 46, endLine: 2, endColumn: 50, message: '`readFileSync` opens a path built from request data', severity: 'error', confidence: 'high' }],
    },
    {
      code: "app.post('/p', ({ body }, res) => res.render('index', body));\nclass C { @Post() p(@Body() dto, @Res() res) { return res.render('index', dto); } }",
      errors: [
        { line: 1, column: 55, endLine: 1, endColumn: 59, message: '`res.render` gives the template engine an object the client built' },
        { line: 2, column: 75, endLine: 2, endColumn: 78, message: '`res.render` gives the template engine an object the client built' },
      ],
    },
  ],
});

testRule(reflectedXss, {
  valid: [
    // Escaped, rendered through a template, JSON, or text/plain
    "app.get('/g', (req, res) => res.send('<h1>' + escapeHtml(req.query.name) + '</h1>'));",
    "app.get('/g', (req, res) => res.render('greeting', { name: req.query.name }));",
    "app.get('/g', (req, res) => { res.type('text'); res.send('<h1>' + req.query.name); });",
    "app.get('/g', (req, res) => { res.set('Content-Type', 'text/plain'); res.send(`<b>${req.query.name}</b>`); });",
    // No markup, or no request data
    "app.get('/g', (req, res) => res.send('Hello ' + req.query.name));",
    "app.get('/g', (req, res) => res.send('<h1>' + title + '</h1>'));",
    "app.get('/g', (req, res) => res.send(util.format('Message: %s', req.query.name)));",
    // Lambda: escaped, JSON, a function not exported as the handler, HTML only handed to another call
    "exports.handler = async (event) => ({ statusCode: 200, body: '<h1>' + escapeHtml(event.name) + '</h1>' });",
    "exports.handler = async (event) => ({ headers: { 'Content-Type': 'application/json' }, body: `<b>${event.name}</b>` });",
    "const render = async (event) => ({ body: `<h1>${event.name}</h1>` });",
    "exports.handler = async function (event) {\n  await sendThisHtmlSomewhere(`<h1>message: ${event.name}</h1>`);\n  return { statusCode: 204 };\n};",
  ],
  invalid: [
    {
      code: "app.get('/g', (req, res) => {\n  const { name } = req.query;\n  res.send('<h1> Hello :' + name + '</h1>');\n});",
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 43, message: '`res.send` writes HTML built from request data' }],
    },
    {
      // Through variables that build the page
      code: "app.get('/g', function (req, res) {\n  var msg = 'Hi ' + req.query.name;\n  var output = '<html>' + msg + '</html>';\n  res.write(output);\n});",
      errors: [{ line: 4, column: 13, endLine: 4, endColumn: 19, message: '`res.write` writes HTML' }],
    },
    {
      code: 'app.get(\'/g\', (req, res) => res.end(`<p>${req.params.id}</p>`));',
      errors: [{ line: 1, column: 37, endLine: 1, endColumn: 62 }],
    },
    {
      // A name given several values, `.concat` and `util.format` build the page too.
      code: "app.post('/t', (req, res) => {\n  var html = '<h1> message';\n  html = html.concat(req.query.message);\n  html = html.concat('</h1>');\n  res.send(html);\n});",
      errors: [{ line: 5, column: 12, endLine: 5, endColumn: 16, message: '`res.send` writes HTML built from request data' }],
    },
    {
      code: "const util = require('util');\napp.get('/t', (req, res) => res.send(util.format('<div>%s</div>', req.query.name)));",
      errors: [{ line: 2, column: 38, endLine: 2, endColumn: 82 }],
    },
    {
      code: "app.get('/t', (req, res) => res.send(['<li>', req.query.item, '</li>'].join('')));",
      errors: [{ line: 1, column: 38, endLine: 1, endColumn: 80 }],
    },
    {
      // A Lambda handler's returned body is the response: reported where the markup is built when the body is a name with one value
      code: "exports.handler = async function (event, context) {\n  const htmlResult = '<h1>' + 'message: ' + event['message'] + '</h1>';\n  log(htmlResult);\n  return { body: htmlResult };\n};",
      errors: [{ line: 2, column: 22, endLine: 2, endColumn: 71, message: 'is returned below as the Lambda handler\'s response `body`' }],
    },
    {
      code: 'export const handler = async (event) => ({ statusCode: 200, body: `<p>${event.queryStringParameters.q}</p>` });',
      errors: [{ line: 1, column: 67, endLine: 1, endColumn: 108, message: 'returns HTML built from the event\'s data as its response `body` without escaping' }],
    },
    {
      code: "export async function handler(event) {\n  let html = '<ul>';\n  html += '<li>' + event.body + '</li>';\n  return { statusCode: 200, body: html + '</ul>' };\n}",
      errors: [{ line: 4, column: 35, endLine: 4, endColumn: 49 }],
    },
    {
      // The callback form answers the same way, also from a function inside the handler; another callback does not.
      code: "exports.handler = function (event, context, callback) {\n  callback(null, { statusCode: 200, body: '<p>' + event.queryStringParameters.q + '</p>' });\n  db.get(event.id, (err, row) => callback(null, { body: `<b>${event.body}</b>` }));\n};\nfunction other(event, context, done) { done(null, { body: '<p>' + event.q }); }",
      errors: [
        { line: 2, column: 43, endLine: 2, endColumn: 89, message: 'returns HTML built from the event\'s data as its response `body`' },
        { line: 3, column: 57, endLine: 3, endColumn: 79 },
      ],
    },
    {
      // A handler's callback named as another function's third parameter: only the handler's call answers it
      // (`lambdaCallbackOf` first asks whether any handler of the file has a callback of that name).
      code: "function relay(event, context, cb) { cb(null, { body: '<p>' + event.q }); }\nexports.handler = (event, context, cb) => cb(null, { body: '<i>' + event.body });",
      errors: [{ line: 2, column: 60, endLine: 2, endColumn: 78 }],
    },
  ],
});

// HTML built from request data and handed to a call this file does not show rendering it (semgrep's
// aws-lambda tainted-html-string shapes): reported at the argument, at `strict` only (low confidence).
testRule(htmlFromRequest, {
  valid: [
    // Logged, escaped, no markup, no request data
    "exports.handler = async (event) => { console.log('<div>%s</div>', event.name); console.error(`<h1>${event.name}</h1>`); logger.info('<b>' + event.id); };",
    "exports.handler = async (event) => { await notify(`<h1>${escapeHtml(event.name)}</h1>`); await notify(format('Message: %s', event.body.name)); };",
    "app.post('/m', (req, res) => { mailer.send('<p>' + config.footer + '</p>'); mailer.send(`Hello ${req.body.name}`); });",
    // Sinks other rules read: a response, the DOM, jQuery, a template compiler
    "app.get('/g', (req, res) => { res.status(200).send('<h1>' + req.query.name); document.write('<b>' + location.hash); $('#x').html('<i>' + req.query.q); });",
    "app.get('/t', (req, res) => { ejs.render('<h1><%= x %></h1>' + req.query.t); _.template('<b>' + req.query.t); });",
    // Still being built: the built value is judged where it goes
    "app.get('/l', (req, res) => { const parts = []; parts.push('<li>' + req.query.item + '</li>'); let html = '<ul>'; html = html.concat('<li>' + req.query.a); });",
    // A function of this file: the flow is followed into it (reflected-xss reports its res.send)
    "function page(res, body) { res.send(body); }\napp.get('/p', (req, res) => page(res, `<p>${req.query.p}</p>`));",
  ],
  invalid: [
    {
      code: "const {format} = require('util');\nexports.handler = async function (event, context) {\n  await sendThisHtmlSomewhere(`<h1>message: ${event.name}</h1>`);\n  foobar(format('<div>Message: %s</div>', event.body.name));\n};",
      errors: [
        { line: 3, column: 31, endLine: 3, endColumn: 64, message: 'handed to `sendThisHtmlSomewhere`', severity: 'warning', confidence: 'low' },
        { line: 4, column: 10, endLine: 4, endColumn: 59, message: 'handed to `foobar`' },
      ],
    },
    {
      // A name given several values (`html.concat`), and a mailer's method
      code: "exports.handler = async (event) => {\n  let html = '<h1> message';\n  html = html.concat(event.message);\n  html = html.concat('</h1>');\n  doSmth(html);\n};\napp.post('/c', (req, res) => mailer.sendMail(req.user.email, '<p>' + req.body.comment + '</p>'));",
      errors: [
        { line: 5, column: 10, endLine: 5, endColumn: 14, message: 'handed to `doSmth`' },
        { line: 7, column: 62, endLine: 7, endColumn: 95, message: 'handed to `mailer.sendMail`' },
      ],
    },
  ],
});

testRule(corsOriginRegex, {
  valid: [
    'const corsOrigins = [/^https:\\/\\/www\\.acme\\.com$/, /localhost\\:/];',
    "app.use(cors({ origin: ['https://app.acme.com'] }));",
    // Not an origin list
    'const versions = [/^v1.2$/, /^www.acme.com$/];',
    // A dot in a class, or escaped
    'const allowedOrigins = [/^https:\\/\\/[a-z.]+\\.acme\\.com$/];',
  ],
  invalid: [
    {
      code: 'const corsDomains = [\n  /^(http|https):\\/\\/(qix|qux).biz.acme.com$/,\n];',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 46, message: '3 unescaped dots' }],
      output: 'const corsDomains = [\n  /^(http|https):\\/\\/(qix|qux)\\.biz\\.acme\\.com$/,\n];',
    },
    {
      code: 'app.use(cors({ origin: /^https:\\/\\/app.acme\\.com$/, credentials: true }));',
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 51, message: 'an unescaped `.`' }],
      output: 'app.use(cors({ origin: /^https:\\/\\/app\\.acme\\.com$/, credentials: true }));',
    },
  ],
});

// NoSQL filters built in a local before the query, and `$where` set by assignment (njsscan's
// nosql_find_injection.js / nosql_injection.js shapes).
testRule(nosqlInjection, {
  valid: [
    // Cast, or the program's own values
    "app.post('/l', (req, res) => {\n  const q = {};\n  q['email'] = String(req.body.email);\n  User.findOne(q);\n});",
    "app.post('/l', (req, res) => {\n  const q = { email: config.admin };\n  User.findOne(q);\n});",
    // A document's own `$where` member (mongoose's sharding plugin), not a filter
    "function f() {\n  this.$where = this.$where || {};\n}",
    // `$where` code from constants only
    "app.get('/t', async (req, res) => {\n  const start = '01/01/2000';\n  const query = {};\n  query['$where'] = \"this.start >= new Date('\" + start + \"')\";\n  await Item.find(query);\n});",
  ],
  invalid: [
    {
      code: "app.post('/l', function (req, res) {\n  var query = {};\n  query['email'] = req.body.email;\n  User.findOne(query, cb);\n});",
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 21, message: '`query` is filled with request values unchecked' }],
    },
    {
      code: "app.post('/l', function (req, res) {\n  x = { email: req.body.email, password: req.body.password };\n  User.findOne(x, cb);\n});",
      errors: [{ line: 3, column: 16, endLine: 3, endColumn: 17, message: '`x` is filled with request values unchecked' }],
    },
    {
      code: "app.post('/f', function (req, res) {\n  var query = {};\n  query['$where'] = `this.email == '${req.body.email}'`;\n  User.find(query, cb);\n});",
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 56, message: '`$where` evaluates JavaScript built at run time', confidence: 'high' }],
    },
    {
      // Code built from configuration (njsscan's true negative): unknown origin, low confidence as at every sink.
      code: "let username = env['user_admin'];\nvar query = { $where: `this.username == '${username}'` }\nUser.find(query, cb);",
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 55, confidence: 'low' }],
    },
  ],
});

// Values of unknown origin at the HTML sinks: a parameter (a component's props, a caller's argument) is
// reported at low confidence; a name the file never binds, its members and calls, and the elements of an
// array that is one are the program's own globals and are not. The browser's globals stay sources.
testRule(domXssSink, {
  valid: [
    'document.writeln(input);',
    'el.innerHTML = config.banner;',
    'el.innerHTML = renderMarkup();',
    'items.forEach((item) => { list.insertAdjacentHTML("beforeend", item); });',
    // A name's value sanitised where it is written; the value assigned later does not reach back.
    'function show(box) {\n  let html = $sanitize(location.hash);\n  $(box).html(html);\n  html = location.hash;\n  log(html);\n}',
    // jQuery: a selector, elements, text, constant markup
    'function f(id) { $("#" + id).show(); $tree.append(this.$element); $("<li/>").text(id).appendTo($list); $el.html("<b>hi</b>"); }',
    // jQuery 1.9 and later read a string as HTML only when it starts with `<`: the page's URL, or markup later in a selector, is a selector.
    '$(location.hash); const t = window.location.hash; $(`.nav-pills button[data-bs-target="${t}"]`); $(`${window.location.hash}`);',
    // A URL the browser serialises cannot leave a double-quoted attribute.
    'el.innerHTML = \'<line marker-start="url(\' + location.href + \'#m)" />\';',
    // escapeMarkup: constant toast text; Select2's option is a function (false does not turn escaping off); a plain variable configures nothing.
    'Toastify({ text: "Saved", escapeMarkup: false }).showToast();\n$("#s").select2({ escapeMarkup: false });\nescapeMarkup = false;\nopts.escapeMarkup = true;',

    // SCEditor BBCode: attributes escaped (escapeEntities, a .replace of `"`) or made numbers, the content
    // (already HTML), the BBCode written back (`format`), a string template; a `set` of something else.
    `sceditor.formats.bbcode.set('safe', {
  format: function (element, content) { return '[safe=' + element.title + ']' + content + '[/safe]'; },
  html: function (token, attrs, content) {
    const size = parseInt(attrs.size, 10);
    return '<span title="' + sceditor.escapeEntities(attrs.title) + '" data-n="' + attrs.n.replace(/"/g, '&quot;') + '" style="font-size:' + size + 'px">' + content + '</span>';
  },
});
sceditor.formats.bbcode.set('tpl', { html: '<b>{0}</b>' });
settings.set('html', { html: function (a, b) { return '<b>' + b.x + '</b>'; } });`,
  ],
  invalid: [
    {
      code: 'function Test1({ input }) {\n  this.ref.insertAdjacentHTML("afterend", input.foo);\n}',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 53, message: '`insertAdjacentHTML` parses this value' }],
    },
    {
      // Declared in the file, filled elsewhere: not a global of the page.
      code: 'let html;\nexport function set(h) { html = h; }\nel.innerHTML = html;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 20, message: '`innerHTML` parses this value' }],
    },
    {
      code: 'import { banner } from "./banner";\nel.innerHTML = banner;\nel.innerHTML = name;',
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 22, message: '`innerHTML` parses this value' },
        { line: 3, column: 1, endLine: 3, endColumn: 20, message: '`innerHTML` parses this value' },
      ],
    },
    {
      code: 'function DragElement(nodeName) {\n  this.$element = jQuery("<span class=\\"title\\">" + nodeName + "</span>");\n  this.$list.append(`<li>${nodeName}</li>`);\n  $("#out").html(nodeName);\n}',
      errors: [
        { line: 2, column: 19, endLine: 2, endColumn: 74, message: '`jQuery` parses this value as HTML' },
        { line: 3, column: 3, endLine: 3, endColumn: 44, message: '`.append` parses this value as HTML' },
        { line: 4, column: 3, endLine: 4, endColumn: 27, message: '`.html` parses this value as HTML' },
      ],
    },
    {
      code: "app.get('/x', (req, res) => res.send(''));\nfunction g(req) { $(req.query.q); $('  <li>' + req.query.q); }",
      errors: [
        { line: 2, column: 19, endLine: 2, endColumn: 33, message: '`$` parses request data as HTML' },
        { line: 2, column: 35, endLine: 2, endColumn: 60, message: '`$` parses request data as HTML' },
      ],
    },
    {
      // Unquoted, or after the attribute closed: the URL is not confined.
      code: 'el.innerHTML = "<a href=" + location.href + ">x</a>";\nel.innerHTML = \'<a title="x">\' + location.href + "</a>";',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 53, message: '`innerHTML` parses request data' },
        { line: 2, column: 1, endLine: 2, endColumn: 56, message: '`innerHTML` parses request data' },
      ],
    },
    {
      // toastify-js writes `text` with innerHTML when escapeMarkup is false.
      code: 'a.escapeMarkup = false;\nfunction show(req, msg) {\n  Toastify({ text: req.query.msg, escapeMarkup: false });\n  Toastify({ text: msg, "escapeMarkup": false });\n}',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 23, message: '`escapeMarkup: false` turns HTML escaping off', confidence: 'low' },
        { line: 3, column: 35, endLine: 3, endColumn: 54, message: 'parses request data as HTML', confidence: 'high', severity: 'error' },
        { line: 4, column: 25, endLine: 4, endColumn: 46, message: 'parses this text as HTML', confidence: 'low' },
      ],
    },
    {
      // SCEditor writes what a BBCode's `html` callback returns into the editor: the tag's attributes are
      // the BBCode author's text (medium confidence), request data an error; the related place is where the
      // attribute enters.
      code: `sceditor.formats.bbcode.set('quote', {
  html: function (token, attrs, content) {
    var data = '';
    if (attrs.pid) data += ' data-pid="' + attrs.pid + '"';
    return '<blockquote' + data + '>' + content + '</blockquote>';
  },
});
$.sceditor.plugins.bbcode.bbcode.set('color', {
  html: (token, attrs, content) => \`<font color="\${attrs.defaultattr.trim()}">\${content}</font>\`,
}).set('size', {
  html(token, { defaultattr }, content) { return '<font size="' + (defaultattr || 3) + '">' + content + '</font>'; },
});
sceditor.formats.bbcode.set('text', { html: function (token, attrs, content) { return attrs.defaultattr + content; } });
function later(req) {
  sceditor.formats.bbcode.set('q', { html: function (token, attrs, content) { return '<i>' + req.query.q + '</i>'; } });
}`,
      errors: [
        { line: 5, column: 12, endLine: 5, endColumn: 66, message: '`attrs.pid`, an attribute as the BBCode\'s author wrote it, is in it unescaped', severity: 'warning', confidence: 'medium' },
        { line: 9, column: 36, endLine: 9, endColumn: 97, message: '`attrs.defaultattr.trim()`', confidence: 'medium' },
        { line: 11, column: 50, endLine: 11, endColumn: 114, message: '`defaultattr`', confidence: 'medium' },
        { line: 13, column: 87, endLine: 13, endColumn: 114, message: '`attrs.defaultattr`', confidence: 'medium' },
        { line: 15, column: 86, endLine: 15, endColumn: 114, message: 'request data is in it unescaped', severity: 'error', confidence: 'high' },
      ],
    },
    {
      code: 'function list(rows) {\n  rows.map((row) => { el.innerHTML += row; });\n}',
      errors: [{ line: 2, column: 23, endLine: 2, endColumn: 42, message: '`innerHTML` parses this value' }],
    },
    {
      // AngularJS's angular.element (jqLite) parses markup as jQuery does: its `.html`, and a string that starts
      // with `<`; a value run through `$sanitize` is silent. Request data passed through a global
      // (`decodeURIComponent`) is still request data.
      code: `app.controller('Profile', function ($scope, $sanitize) {
  const next = decodeURIComponent(location.search.slice(1));
  angular.element(box).html(next);
  angular.element(box).html($scope.bio);
  angular.element('<li>' + next + '</li>');
  const clean = $sanitize(next);
  angular.element(box).html(clean).append('<b>' + $sanitize($scope.bio) + '</b>');
  $('<p>' + decodeURIComponent(location.hash.slice(1)) + '</p>');
});`,
      errors: [
        { line: 3, column: 3, endLine: 3, endColumn: 34, message: '`.html` parses request data as HTML', severity: 'error', confidence: 'high' },
        { line: 4, column: 3, endLine: 4, endColumn: 40, message: '`.html` parses this value as HTML', confidence: 'low' },
        { line: 5, column: 3, endLine: 5, endColumn: 43, message: '`angular.element` parses request data as HTML', severity: 'error', confidence: 'high' },
        { line: 8, column: 3, endLine: 8, endColumn: 65, message: '`$` parses request data as HTML', severity: 'error', confidence: 'high' },
      ],
    },
    {
      // fbjs createNodesFromMarkup sets its markup as a node's innerHTML; constant markup is silent.
      code: "function render(label) {\n  createNodesFromMarkup('<span>' + label + '</span>', handleScript);\n  createNodesFromMarkup('<hr>');\n}",
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 68, message: '`createNodesFromMarkup` parses this value as HTML', confidence: 'low' }],
    },
  ],
});

testRule(reactDangerousHtml, {
  valid: [
    'const A = () => <div dangerouslySetInnerHTML={createMarkup()} />;',
    'const B = () => <li dangerouslySetInnerHTML={{ __html: params }} />;',
    'const C = () => sections.paragraphs.map((item, i) => <li key={i} dangerouslySetInnerHTML={{ __html: item }} />);',
    "function D() { const props = { dangerouslySetInnerHTML: { __html: 'hi' } }; return React.createElement('div', props); }",
    "function E(foo) { const props = { dangerouslySetInnerHTML: { __html: sanitize(foo) } }; return React.createElement('div', props); }",
  ],
  invalid: [
    {
      code: "function TestComponent2(foo) {\n  let params = { smth: 'test123', dangerouslySetInnerHTML: { __html: foo.bar } };\n  return React.createElement('div', params);\n}",
      errors: [{ line: 2, column: 35, endLine: 2, endColumn: 79, message: 'dangerouslySetInnerHTML renders this value' }],
    },
    {
      code: 'const C = ({ rows }) => rows.map((item, i) => <li key={i} dangerouslySetInnerHTML={{ __html: item }} />);',
      errors: [{ line: 1, column: 59, endLine: 1, endColumn: 101, message: 'dangerouslySetInnerHTML renders this value' }],
    },
  ],
}, 'file.jsx');
