// Reflected XSS in Express responses, CORS origin patterns that accept look-alike domains, commands
// handed to a shell program or to git, and paths joined from request data (issue 15, second pass).
const express = require('express');
const cors = require('cors');
const path = require('path');
const { spawn } = require('child_process');

const app = express();

const corsOrigins = [
  // ruleid: cors-origin-regex
  /^https:\/\/app.acme.com$/,
  /^https:\/\/admin\.acme\.com$/,
];
// ruleid: cors-origin-regex
const ORIGIN_PATTERN = /^https:\/\/(www|shop).acme\.io$/;
// ruleid: cors-origin-regex
app.use(cors({ origin: [corsOrigins, ORIGIN_PATTERN, /^https:\/\/partner.example\.org$/], credentials: true }));

app.get('/greeting', (req, res) => {
  const { name } = req.query;
  // ruleid: reflected-xss
  res.send('<h1>Hello ' + name + '</h1>');
});

app.get('/search', (req, res) => {
  const term = req.query.q;
  const page = `<p>No results for ${term}</p>`;
  // ruleid: reflected-xss
  res.write(page);
  res.end();
});

app.get('/error', (req, res) => {
  // ruleid: reflected-xss
  res.status(404).end(`<div class="error">${req.params.id} not found</div>`);
});

app.post('/mirror', (req, res) => {
  // ruleid: command-injection
  const child = spawn('git', ['clone', '--depth', '1', req.body.repo, '/srv/mirrors/new']);
  child.on('close', () => res.sendStatus(201));
});

app.post('/hook', (req, res) => {
  // ruleid: command-injection
  spawn('sh', ['-c', `notify ${req.body.channel}`]);
  res.sendStatus(202);
});

app.get('/attachments', (req, res) => {
  // ruleid: path-traversal
  const file = path.join(__dirname, 'attachments', req.query.name);
  res.locals.attachment = file;
  res.render('attachment');
});
