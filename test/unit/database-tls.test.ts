import * as assert from 'node:assert/strict';
import { testRule } from '../helpers/ruleTester';
import databaseWithoutTls from '../../server/src/rules/ast/database-without-tls';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';

testRule(databaseWithoutTls, {
  valid: [
    // TLS asked for, as a flag or as options
    "module.exports = { prod: { host: 'db.example.com', database: 'app', dialect: 'postgres', dialectOptions: { ssl: true } } };",
    "const c = { host: h, dialect: 'mysql', dialectOptions: { ssl: { minVersion: 'TLSv1.3' } } };",
    "new Sequelize(db, user, pass, { host: h, dialect: 'mariadb', ssl: true });",
    // decided elsewhere: a variable, a spread, a URL
    "const c = { host: h, dialect: 'postgres', dialectOptions: { ssl: env.DB_SSL === 'on' } };",
    "const c = { host: h, dialect: 'postgres', dialectOptions };",
    "const c = { ...base, host: h, dialect: 'postgres' };",
    "const c = { host: h, dialect: 'postgres', dialectOptions: { ...tls } };",
    "const c = { use_env_variable: 'DATABASE_URL', host: h, dialect: 'postgres' };",
    // no network: a Unix socket, SQLite, SQL Server (tedious encrypts by default), no host at all
    "const c = { host: '/var/run/postgresql', dialect: 'postgres' };",
    "const c = { host: 'localhost', dialect: 'sqlite', storage: 'db.sqlite' };",
    "const c = { host: h, dialect: 'mssql' };",
    "const c = { dialect: 'postgres', database: 'app' };",
    "const c = { host: h, dialect: dialectName };",
  ],
  invalid: [
    {
      // semgrep's and njsscan's shape: a sequelize-cli configuration for a local database
      code: "module.exports = {\n  local: {\n    username: 'AppUser',\n    database: 'AppDb',\n    dialect: 'postgres',\n    host: '127.0.0.1'\n  }\n};",
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 11, message: "This postgres connection to `127.0.0.1` today, but configurations travel", severity: 'warning', confidence: 'low' }],
    },
    {
      code: "new Sequelize(db, user, pass, { host: process.env.DB_HOST, dialect: 'mysql' });",
      errors: [{ line: 1, column: 31, endLine: 1, endColumn: 32, message: 'This mysql connection to a host on the network sets no `ssl`', confidence: 'low' }],
    },
    {
      code: "const config = { host: h, dialect: `mariadb`, dialectOptions: { connectTimeout: 1000 } };",
      errors: [{ line: 1, column: 7, endLine: 1, endColumn: 17, confidence: 'low' }],
    },
    {
      // explicitly off, to a host on the network: a warning at medium confidence, the settings' use related
      code: "const sequelize = new Sequelize({\n  host: 'db.internal',\n  dialect: 'postgres',\n  dialectOptions: { ssl: false },\n});",
      errors: [{ line: 4, column: 26, endLine: 4, endColumn: 31, message: '`ssl: false` makes this postgres connection to a host on the network in cleartext', severity: 'warning', confidence: 'medium' }],
    },
    {
      code: "module.exports = { local: { host: 'localhost', dialect: 'postgres', database: 'd', dialectOptions: { ssl: false } } };",
      errors: [{ line: 1, column: 107, endLine: 1, endColumn: 112, message: '`localhost` today', confidence: 'low' }],
    },
    {
      code: "const c = { host: h, dialect: 'postgres', ssl: false };",
      errors: [{ line: 1, column: 48, endLine: 1, endColumn: 53, confidence: 'medium' }],
    },
  ],
});

describe('database-without-tls suggestions and presets', () => {
  const strict = compileRuleset({ preset: 'strict' }, { astRules: [databaseWithoutTls], textRules: [] });
  const applySuggestion = (text: string) => {
    const [finding] = analyze({ text, path: 'config.js' }, strict).findings.filter((f) => f.ruleId === 'database-without-tls');
    assert.ok(finding, 'a finding');
    assert.equal(finding.fix, undefined, 'turning TLS on can break a connection to a server without it: a suggestion, not a fix');
    let out = text;
    for (const e of [...finding.suggestions[0]!.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    return out;
  };

  it('adds dialectOptions.ssl with verification, after a trailing comma too', () => {
    assert.equal(applySuggestion("const c = { host: h, dialect: 'postgres' };"), "const c = { host: h, dialect: 'postgres', dialectOptions: { ssl: { rejectUnauthorized: true } } };");
    assert.equal(applySuggestion("const c = {\n  host: h,\n  dialect: 'mysql',\n};"), "const c = {\n  host: h,\n  dialect: 'mysql', dialectOptions: { ssl: { rejectUnauthorized: true } },\n};");
  });

  it('adds ssl to existing dialectOptions, and replaces ssl: false', () => {
    assert.equal(applySuggestion("const c = { host: h, dialect: 'postgres', dialectOptions: {} };"), "const c = { host: h, dialect: 'postgres', dialectOptions: { ssl: { rejectUnauthorized: true } } };");
    assert.equal(applySuggestion("const c = { host: h, dialect: 'postgres', dialectOptions: { ssl: false } };"), "const c = { host: h, dialect: 'postgres', dialectOptions: { ssl: { rejectUnauthorized: true } } };");
    // the suggested settings are themselves clean
    const fixed = applySuggestion("const c = { host: h, dialect: 'postgres' };");
    assert.deepEqual(analyze({ text: fixed, path: 'config.js' }, strict).findings, []);
  });

  it('shows a missing setting as info at the recommended preset, an explicit ssl: false as a warning', () => {
    const recommended = compileRuleset({}, { astRules: [databaseWithoutTls], textRules: [] });
    const level = (text: string) => analyze({ text, path: 'config.js' }, recommended).findings.map((f) => f.severity);
    assert.deepEqual(level("const c = { host: '127.0.0.1', dialect: 'postgres' };"), ['info']);
    assert.deepEqual(level("const c = { host: h, dialect: 'postgres', dialectOptions: { ssl: false } };"), ['warning']);
  });
});
