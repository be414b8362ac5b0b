import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { LineIndex } from '../../server/src/engine/lines';
import type { ParseCache } from '../../server/src/engine/reparse';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { lastAstUnitsRun } from '../../server/src/engine/astReuse';

/**
 * Related locations of the JS/TS configuration and crypto rules: the call that uses an insecure options
 * object (or the connection settings it belongs to), where request data enters a NoSQL query or a
 * deserialiser, where a weak digest is made and where it is stored as a password. Each finding as
 * [rule, line:column of the finding, [line:column, end line:column, message] per related location], 1-based.
 */
const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);

type Row = [string, string, [string, string, string][]];
function related(text: string, rules: string[]): Row[] {
  const lines = new LineIndex(text);
  const at = (o: number) => {
    const p = lines.positionAt(o);
    return `${p.line + 1}:${p.character + 1}`;
  };
  return analyze({ text, path: 'a.js' }, ruleset).findings.filter((f) => rules.includes(f.ruleId))
    .map((f) => [f.ruleId, at(f.start), (f.related ?? []).map((r) => [at(r.start), at(r.end), r.message])]);
}

const USED = 'These options are used by this call.';
const ENTERS = 'Request data enters here.';

describe('related locations of the TLS, NoSQL, deserialisation, hash and IV rules', () => {
  it('TLS: the call the options go to (directly, by name, spread), else the connection entry; nothing on the same line or in another function', () => {
    const text = [
      'const req1 = https.request({',
      "  host: 'a',",
      '  rejectUnauthorized: false,',
      '});',
      'const opts = {',
      '  rejectUnauthorized: false };',
      'const agent = new https.Agent(opts);',
      'module.exports = {',
      '  dev: {',
      "    dialect: 'mysql',",
      "    host: '127.0.0.1',",
      '    dialectOptions: {',
      '      ssl: { rejectUnauthorized: false },',
      '    },',
      '  },',
      '};',
      'curl(url,',
      '  { SSL_VERIFYPEER: 0 });',
      'https.get(url, { rejectUnauthorized: false });',
      'const server = tls.createServer({',
      "  minVersion: 'TLSv1',",
      '});',
      'function f() {',
      '  const o = {',
      '    strictSSL: false,',
      '  };',
      '  return request({ ...o, url });',
      '}',
      'const shared = {',
      '  rejectUnauthorized: false,',
      '};',
      'function g() { return https.get(u, shared); }',
      '',
    ].join('\n');
    assert.deepEqual(related(text, ['tls-verification-disabled', 'insecure-tls-version']), [
      ['tls-verification-disabled', '3:23', [['1:14', '1:27', USED]]],
      ['tls-verification-disabled', '6:23', [['7:19', '7:30', USED]]],
      ['tls-verification-disabled', '13:34', [['9:3', '9:6', 'The connection settings it belongs to.']]],
      ['tls-verification-disabled', '18:21', [['17:1', '17:5', USED]]],
      ['tls-verification-disabled', '19:38', []],
      ['insecure-tls-version', '21:15', [['20:16', '20:32', USED]]],
      ['tls-verification-disabled', '25:16', [['27:10', '27:17', USED]]],
      ['tls-verification-disabled', '30:23', []],
    ]);
  });

  it('NoSQL and deserialisation: where the request data enters, and where the filter or $where code is built with it', () => {
    const text = [
      "app.get('/t', async function (req, res) {",
      '  const endDate = req.query.end;',
      '  const query = {};',
      `  query['$where'] = "this.end <= new Date('" + endDate + "')";`,
      '  await Item.find(query);',
      '});',
      "app.post('/a', function (req, res) {",
      '  const q = {',
      '    email: req.body.email,',
      '  };',
      '  User.findOne(q);',
      '});',
      "app.post('/b', function (req, res) {",
      '  x = req.body.email;',
      '  User.findOne({ email: x });',
      `  const code = "this.name == '" +`,
      `    req.body.name + "'";`,
      '  User.find({ $where: code });',
      '});',
      "app.get('/c', function (req, res) {",
      "  var str = Buffer.from(req.cookies.profile, 'base64').toString();",
      '  serialize.unserialize(str);',
      '});',
      "const serialize = require('node-serialize');",
      '',
    ].join('\n');
    assert.deepEqual(related(text, ['nosql-injection', 'unsafe-deserialization']), [
      ['nosql-injection', '4:3', [['2:19', '2:32', ENTERS]]],
      ['nosql-injection', '11:16', [['9:12', '9:26', ENTERS], ['8:13', '10:4', 'The filter is built here with it.']]],
      ['nosql-injection', '15:25', [['14:7', '14:21', ENTERS]]],
      ['nosql-injection', '18:15', [['17:5', '17:18', ENTERS], ['16:16', '17:24', 'The text is built here with it.']]],
      ['unsafe-deserialization', '22:3', [['21:25', '21:44', ENTERS]]],
    ]);
  });

  it('hashes: a weak digest stored as the password names the store (and is not low confidence); the store names the digest; request passwords name their source', () => {
    const text = [
      'function ex1(user, pwtext) {',
      '  digest = crypto.createHash("md5").update(pwtext).digest("hex");',
      '  user.setPassword(digest);',
      '}',
      "app.post('/d', (req, res) => {",
      '  const { password } = req.body;',
      '  const h = md5(password);',
      "  crypto.createHash('sha1').update(password).digest('hex');",
      '});',
      "const md5 = require('md5');",
      'function ex2(name) {',
      '  return crypto.createHash("md5").update(name).digest("hex");',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(related(text, ['weak-hash', 'password-fast-hash']), [
      ['weak-hash', '2:30', [['3:3', '3:27', 'The digest is stored as the password here.']]],
      ['password-fast-hash', '3:3', [['2:12', '2:65', 'The fast digest is made here.']]],
      ['password-fast-hash', '7:13', [['6:24', '6:32', ENTERS]]],
      ['password-fast-hash', '8:3', [['6:24', '6:32', ENTERS]]],
      ['weak-hash', '8:21', [['6:24', '6:32', ENTERS]]],
      ['weak-hash', '12:28', []],
    ]);
    const confidence = analyze({ text, path: 'a.js' }, ruleset).findings.filter((f) => f.ruleId === 'weak-hash').map((f) => f.confidence);
    assert.deepEqual(confidence, ['high', 'high', 'low'], 'the digest of a name in a function with no security words stays low');
  });

  it('a constant IV given a name: where the IV is made', () => {
    const text = "const IV = Buffer.alloc(16, 0);\nfunction enc(key, text) {\n  const c = crypto.createCipheriv('aes-256-cbc', key, IV);\n  const d = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16));\n  return c.update(text);\n}\n";
    assert.deepEqual(related(text, ['cipher-static-iv']), [
      ['cipher-static-iv', '3:55', [['1:12', '1:31', 'The IV is made here.']]],
      ['cipher-static-iv', '4:55', []],
    ]);
  });

  it('a kept TLS finding of another function moves with an edit above it, its related call too', () => {
    const text = 'function a() {\n  return 1;\n}\nfunction get(u) {\n  return https.get(u, {\n    rejectUnauthorized: false,\n  });\n}\n';
    const cache: ParseCache = {};
    analyze({ text, path: 'a.js' }, ruleset, { parseCache: cache });
    const edited = text.replace('return 1;', 'return 12345;');
    const kept = analyze({ text: edited, path: 'a.js' }, ruleset, { parseCache: cache }).findings.filter((f) => f.ruleId === 'tls-verification-disabled');
    assert.deepEqual(lastAstUnitsRun(cache), { run: 2, total: 3 }, 'the root and the edited function ran, not get');
    assert.deepEqual(kept.map((f) => [edited.slice(f.start, f.end), ...f.related!.map((r) => edited.slice(r.start, r.end))]), [['false', 'https.get']]);
  });
});
