// A small Express service with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.
const express = require('express');
const crypto = require('crypto');
const https = require('https');
const fs = require('fs');
const path = require('path');
const { exec, execSync, spawn } = require('child_process');
const cors = require('cors');
const session = require('express-session');
const jwt = require('jsonwebtoken');
const serialize = require('node-serialize');
const vm = require('vm');
const axios = require('axios');

const app = express();
// ruleid: cors-wildcard-credentials
app.use(cors({ origin: '*', credentials: true }));
// ruleid: cookie-insecure
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: false } }));

// ruleid: tls-verification-disabled
const agent = new https.Agent({ rejectUnauthorized: false });
// ruleid: plaintext-http-url
const billing = axios.create({ baseURL: 'http://billing.acme-payments.com/api' });
// ruleid: insecure-tls-version
const legacy = new https.Agent({ minVersion: 'TLSv1' });

app.get('/ping', (req, res) => {
  // ruleid: command-injection
  exec(`ping -c 1 ${req.query.host}`, (err, out) => res.send(out));
});

app.get('/archive', (req, res) => {
  const name = req.query.name;
  // ruleid: command-injection
  execSync('tar czf /tmp/out.tgz ' + name);
  res.sendStatus(204);
});

app.get('/users', async (req, res) => {
  // ruleid: sql-injection
  const rows = await db.query(`SELECT * FROM users WHERE email = '${req.query.email}'`);
  res.json(rows);
});

app.post('/login', async (req, res) => {
  // ruleid: nosql-injection, nosql-injection
  const user = await User.findOne({ name: req.body.name, password: req.body.password });
  // ruleid: secret-in-log
  console.log('login attempt', req.body.name, req.body.password);
  // ruleid: insecure-random
  const sessionToken = Math.random().toString(36).slice(2);
  // ruleid: cookie-insecure
  res.cookie('sid', sessionToken);
  res.json({ ok: Boolean(user) });
});

app.get('/next', (req, res) => {
  // ruleid: open-redirect
  res.redirect(req.query.next);
});

app.get('/download', (req, res) => {
  const file = path.join(__dirname, 'files', req.query.file);
  // ruleid: path-traversal
  fs.createReadStream(file).pipe(res);
});

app.get('/report', (req, res) => {
  // ruleid: path-traversal
  res.sendFile(`/srv/reports/${req.params.id}.pdf`);
});

app.get('/prefs', (req, res) => {
  // ruleid: unsafe-deserialization
  const prefs = serialize.unserialize(req.cookies.prefs);
  res.json(prefs);
});

app.post('/calc', (req, res) => {
  // ruleid: eval-non-literal
  const result = eval(req.body.expression);
  // ruleid: eval-non-literal
  const sandboxed = vm.runInNewContext(req.body.script, {});
  res.json({ result, sandboxed });
});

app.get('/me', (req, res) => {
  const claims = jwt.verify(req.headers.authorization, process.env.JWT_KEY);
  res.json(claims);
});

app.get('/fail', async (req, res) => {
  try {
    await risky();
  } catch (err) {
    // ruleid: error-details-to-client
    res.status(500).send(err.stack);
  }
});

app.use((err, req, res, next) => {
  // ruleid: error-details-to-client
  res.status(500).json({ error: err });
});

function hashPassword(password) {
  // ruleid: password-fast-hash
  return crypto.createHash('sha256').update(password).digest('hex');
}

function legacyChecksum(data) {
  // ruleid: weak-hash
  return crypto.createHash('md5').update(data).digest('hex');
}

function deriveKey(password, salt) {
  // ruleid: pbkdf2-low-iterations
  return crypto.pbkdf2Sync(password, salt, 1000, 32, 'sha256');
}

function encrypt(key, text) {
  // ruleid: cipher-static-iv
  const cipher = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptLegacy(key, text) {
  // ruleid: weak-cipher
  const cipher = crypto.createCipheriv('des-ede3-cbc', key, crypto.randomBytes(8));
  return cipher.update(text, 'utf8', 'hex');
}

function encryptBlocks(key, text) {
  // ruleid: cipher-ecb-mode
  const cipher = crypto.createCipheriv('aes-128-ecb', key, null);
  return cipher.update(text, 'utf8', 'hex');
}

function sealOld(password, data) {
  // ruleid: cipher-static-iv
  const c = crypto.createCipher('aes-256-cbc', password);
  return c.update(data, 'utf8', 'base64');
}

function restore(blob) {
  // ruleid: unsafe-deserialization
  return serialize.unserialize(Buffer.from(blob, 'base64').toString());
}

function makeKeys() {
  // ruleid: rsa-key-too-small
  return crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
}

app.listen(3000);
