// Sink classes added for issue 15: SSRF, XXE, ReDoS, library evals, forwarded headers, substring URL
// allow-lists, directory listing; flows through helpers of the same file.
const express = require('express');
const axios = require('axios');
const got = require('got');
const needle = require('needle');
const libxmljs = require('libxmljs');
const libxmljs2 = require('libxmljs2');
const math = require('mathjs');
const _ = require('lodash');
const { VM } = require('vm2');
const serveIndex = require('serve-index');
const serveStatic = require('serve-static');
const rateLimit = require('express-rate-limit');
const path = require('path');

const app = express();
const ADMIN_IPS = ['10.0.0.5'];

function fetchPreview(target) {
  // ruleid: ssrf
  return axios.get(target, { timeout: 2000 });
}

app.post('/preview', async (req, res) => {
  const page = await fetchPreview(req.body.url);
  res.send(page.data);
});

app.get('/proxy', async (req, res) => {
  // ruleid: ssrf
  const upstream = await got(`http://${req.query.host}:8080/status`);
  // ruleid: ssrf
  needle('get', req.query.feed, (err, reply) => res.send(reply.body));
  // Only the path moves: the host is fixed.
  await axios.get(`https://api.acme.io/users/${encodeURIComponent(req.query.id)}`);
  res.send(upstream.body);
});

app.post('/import', (req, res) => {
  // ruleid: xml-external-entities
  const doc = libxmljs.parseXmlString(req.body.xml, { noent: true, noblanks: true });
  // ruleid: xml-external-entities
  const other = libxmljs2.parseXml(req.files.feed.data.toString('utf8'), { noent: true });
  const safe = libxmljs.parseXml(req.body.xml, { noent: false });
  res.json({ doc: doc.root().name(), other: other.root().name(), safe: safe.root().name() });
});

function parseSvg(text) {
  // ruleid: xml-external-entities
  return libxmljs.parseXml(text, { noent: true, dtdload: true });
}

// ruleid: regex-dos
const EMAIL = /^([a-zA-Z0-9]+\.?)+@acme\.io$/;
const BLANK = /^\s*#?\s*$/;

app.get('/search', (req, res) => {
  // ruleid: regex-dos
  const byName = new RegExp(req.query.name, 'i');
  // ruleid: regex-dos
  const blank = BLANK.test(req.query.line);
  // ruleid: regex-dos
  res.json({ ok: EMAIL.test(String(req.query.email)), blank, hit: byName.test('x') });
});

app.get('/calc', (req, res) => {
  // ruleid: library-code-injection
  res.send(String(math.evaluate(req.query.expr)));
});

app.post('/mail', (req, res) => {
  // ruleid: library-code-injection
  const render = _.template(req.body.template);
  // ruleid: library-code-injection
  const result = new VM({ timeout: 100 }).run(req.body.script);
  res.send(render({ result }));
});

app.use(rateLimit({
  windowMs: 60_000,
  // ruleid: forwarded-header-trust
  keyGenerator: (req) => req.headers['x-forwarded-for'] || req.ip,
}));

app.use('/admin', (req, res, next) => {
  const ip = req.headers['x-forwarded-for'].split(',')[0].trim();
  // ruleid: forwarded-header-trust
  if (ADMIN_IPS.includes(ip)) return next();
  // ruleid: forwarded-header-trust
  if (req.header('X-Real-IP') === '10.0.0.6') return next();
  res.sendStatus(403);
});

app.get('/continue', (req, res) => {
  // ruleid: url-allowlist-substring
  if (req.query.next.includes('acme.io')) return res.redirect('/home');
  const target = req.query.callback;
  // ruleid: url-allowlist-substring
  if (target.startsWith('https://acme.io')) return res.redirect('/home');
  // ruleid: url-allowlist-substring
  if (req.query.u.indexOf('//partner.acme.io') !== -1) return res.redirect('/home');
  if (req.query.back.startsWith('https://acme.io/')) return res.redirect('/home');
  res.sendStatus(400);
});

// ruleid: directory-listing
app.use('/ftp', serveIndex('public/ftp', { icons: true }));
// ruleid: directory-listing
app.use('/logs', express.static('logs'));
// ruleid: directory-listing
app.use('/files', serveStatic(path.join(__dirname, 'uploads')));
app.use(express.static('public'));

module.exports = { app, parseSvg };
