import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { LineIndex } from '../../server/src/engine/lines';
import { MAX_CALL_HOPS, MAX_CALL_SITES } from '../../server/src/engine/taint';
import ssrf from '../../server/src/rules/ast/ssrf';
import nosqlInjection from '../../server/src/rules/ast/nosql-injection';
import type { AstRule } from '../../server/src/engine/ast';

/**
 * Data flow across the functions of one file (taint.ts): parameters take the taint of the arguments
 * their callers in the file pass, calls take the taint of what the function returns for their
 * arguments. Observed through two sink rules, as a user sees it: the lines a rule reports on.
 */
function linesFound(rule: AstRule, code: string): number[] {
  const ruleset = compileRuleset({ preset: 'strict' }, { astRules: [rule], textRules: [] });
  const lines = new LineIndex(code);
  return analyze({ text: code, path: 'src/app.js' }, ruleset).findings.map((f) => lines.positionAt(f.start).line + 1);
}

const AXIOS = "const axios = require('axios');\n";

describe('taint across functions of one file', () => {
  it('follows a request value into a helper that calls the sink (parameter <- argument)', () => {
    const code = `${AXIOS}function preview(url) {\n  return axios.get(url);\n}\napp.post('/p', (req, res) => preview(req.body.url));\n`;
    assert.deepEqual(linesFound(ssrf, code), [3]);
  });

  it('follows arrow functions bound to a name, destructured parameters and the argument position', () => {
    const code = `${AXIOS}const load = (base, { url }) => axios.get(url);\napp.post('/p', (req, res) => load('x', req.body));\n`;
    assert.deepEqual(linesFound(ssrf, code), [2]);
    const other = `${AXIOS}const load = (url, extra) => axios.get(url);\napp.post('/p', (req, res) => load('https://acme.io/', req.body.url));\n`;
    assert.deepEqual(linesFound(ssrf, other), []);
  });

  it('a request body read in chunks: what a `data` listener adds to a name of the handler is request data', () => {
    // `body += chunk` and `chunks.push(chunk)` in req.on('data'), used in the 'end' listener; also Koa's ctx.req.
    const code = `${AXIOS}app.post('/a', (req, res) => {\n  let body = '';\n  req.on('data', (chunk) => { body += chunk; });\n  req.on('end', () => axios.get(body));\n});\n`
      + `app.post('/b', function (req, res) {\n  const chunks = [];\n  req.once('data', function (c) { chunks.push(c); });\n  req.on('end', () => axios.get(Buffer.concat(chunks).toString()));\n});\n`
      + `router.post('/c', async (ctx) => {\n  var raw = '';\n  ctx.req.on('data', (c) => { raw = raw + c; });\n  ctx.req.on('end', () => axios.get(raw));\n});\n`;
    assert.deepEqual(linesFound(ssrf, code), [5, 10, 15]);
    // Not the request: another stream's chunks (an HTTP response, a socket), a name the listener declares
    // itself, and a listener for another event.
    const other = `${AXIOS}app.post('/a', (req, res) => {\n  let body = '';\n  upstream.on('data', (chunk) => { body += chunk; });\n  req.on('end', () => axios.get(body));\n});\n`
      + `app.post('/b', (req, res) => {\n  let body = '';\n  req.on('data', (chunk) => { let body = ''; body += chunk; });\n  req.on('end', () => axios.get(body));\n});\n`
      + `app.post('/c', (req, res) => {\n  let body = '';\n  req.on('close', (why) => { body += why; });\n  req.on('end', () => axios.get(body));\n});\n`;
    assert.deepEqual(linesFound(ssrf, other), []);
  });

  it('an array the function fills with push/unshift carries the request data pushed onto it, and only that', () => {
    const code = `${AXIOS}app.get('/a', (req, res) => {\n  const urls = [];\n  urls.push(req.query.u);\n  axios.get(urls[0]);\n});\napp.get('/b', (req, res) => {\n  const urls = ['https://acme.io/'];\n  urls.unshift(config.mirror);\n  axios.get(urls[0]);\n});\n`;
    assert.deepEqual(linesFound(ssrf, code), [5]);
  });

  it('a var read before the statement that assigns it holds undefined there; in a loop, or in a function called later, the value reaches it', () => {
    const code = `${AXIOS}app.get('/a', (req, res) => {\n  axios.get(target);\n  var target = req.query.url;\n});\napp.get('/b', (req, res) => {\n  for (const u of list) {\n    axios.get(next);\n    var next = req.query.url;\n  }\n});\napp.get('/c', (req, res) => {\n  const go = () => axios.get(dest);\n  var dest = req.query.url;\n  go();\n});\n`;
    assert.deepEqual(linesFound(ssrf, code), [8, 13]);
  });

  it(`crosses at most ${MAX_CALL_HOPS} calls`, () => {
    const chain = (n: number) => {
      let code = AXIOS;
      for (let i = 0; i < n; i++) code += `function f${i}(u) { return ${i === n - 1 ? 'axios.get(u)' : `f${i + 1}(u)`}; }\n`;
      return `${code}app.post('/p', (req, res) => f0(req.body.url));\n`;
    };
    assert.deepEqual(linesFound(ssrf, chain(MAX_CALL_HOPS)), [MAX_CALL_HOPS + 1]);
    assert.deepEqual(linesFound(ssrf, chain(MAX_CALL_HOPS + 1)), []);
  });

  it('takes a return value for the arguments of that call only', () => {
    const code = `${AXIOS}function clean(u) { return u.trim(); }\napp.post('/p', (req, res) => {\n  axios.get(clean('https://acme.io'));\n  axios.get(clean(req.body.url));\n});\n`;
    assert.deepEqual(linesFound(ssrf, code), [5]);
  });

  it('stops on recursion, and on a name bound to two functions', () => {
    const recursive = `${AXIOS}function walk(u, n) { return n > 0 ? walk(u, n - 1) : u; }\napp.post('/p', (req, res) => axios.get(walk(req.body.url, 3)));\n`;
    assert.deepEqual(linesFound(ssrf, recursive), [3]);
    const twice = `${AXIOS}function get(u) { return axios.get(u); }\nif (x) { function get(u) { return u; } }\napp.post('/p', (req, res) => get(req.body.url));\n`;
    assert.deepEqual(linesFound(ssrf, twice), []);
  });

  it('passes a spread argument to every parameter after it', () => {
    const code = `${AXIOS}function send(method, url) { return axios.request({ method, url }); }\napp.post('/p', (req, res) => send(...req.body.args));\n`;
    assert.deepEqual(linesFound(ssrf, code), [2]);
  });

  it(`looks at the first ${MAX_CALL_SITES} calls of a function`, () => {
    const calls = (before: number) => `${AXIOS}function get(u) { return axios.get(u); }\n${"get('https://acme.io/');\n".repeat(before)}app.post('/p', (req, res) => get(req.body.url));\n`;
    assert.deepEqual(linesFound(ssrf, calls(MAX_CALL_SITES - 1)), [2]);
    assert.deepEqual(linesFound(ssrf, calls(MAX_CALL_SITES)), []);
  });

  it('gives other rules the same flow: a request object reaching a query filter through a helper', () => {
    const code = 'async function byId(id) {\n  return Users.findOne({ _id: id });\n}\napp.post(\'/u\', (req, res) => byId(req.body.id));\n';
    assert.deepEqual(linesFound(nosqlInjection, code), [2]);
  });
});

describe("any member of a handler's request parameter is client data", () => {
  it('counts made-up members of `req` in an Express, Fastify or Hapi handler, also in callbacks inside it', () => {
    assert.deepEqual(linesFound(ssrf, `${AXIOS}app.post('/p', (req, res) => axios.get(req.foo));\n`), [2]);
    assert.deepEqual(linesFound(ssrf, `${AXIOS}app.post('/p', (req, res) => axios.get(req['target'].url));\n`), [2]);
    assert.deepEqual(linesFound(ssrf, `${AXIOS}fastify.post('/p', async (request, reply) => axios.get(request.payload));\n`), [2]);
    assert.deepEqual(linesFound(ssrf, `${AXIOS}server.route({ handler: (request, h) => {\n  return [1].map(() => axios.get(request.vbody));\n} });\n`), [3]);
  });

  it('not the members the server or its middleware fill, nor a `req` that is not a handler\'s request', () => {
    assert.deepEqual(linesFound(ssrf, `${AXIOS}app.post('/p', (req, res) => axios.get(req.user.homepage));\n`), []);
    assert.deepEqual(linesFound(ssrf, `${AXIOS}app.post('/p', (req, res) => axios.get(req.session.next));\n`), []);
    assert.deepEqual(linesFound(ssrf, `${AXIOS}function send(req, options) { return axios.get(req.target); }\n`), []);
    assert.deepEqual(linesFound(ssrf, `${AXIOS}app.post('/p', (res, req) => axios.get(req.target));\n`), []);
    assert.deepEqual(linesFound(ssrf, `${AXIOS}app.post('/p', (req, res) => { const req2 = 1; return [req].map((req) => axios.get(req.target)); });\n`), []);
  });
});
