#!/usr/bin/env node
// The labelled credentials corpus: true secrets and realistic look-alikes in 17 languages and config
// formats, generated from a seeded PRNG so every run (and every machine) sees the same files.
// Every token is random and well-formed (valid checksums where the format has one); none is real.
//
//   node scripts/corpus/make-credentials-corpus.mjs [outDir]   writes the files and labels.json
//   import { makeCorpus } from './make-credentials-corpus.mjs'  returns them in memory
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  rng, str, ALNUM, HEX, B64, B64URL, DIGITS, UPPER, LOWER, TOKEN_KINDS, githubToken, githubTokenBadChecksum, jwt, pem, uuid,
} from './fake-tokens.mjs';

export const CATEGORIES = ['structured', 'private-key', 'jwt', 'url', 'generic', 'file'];

// ---- names in each language's style --------------------------------------------------------------
const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
const upper = (n) => words(n).join('_').toUpperCase();
const snake = (n) => words(n).join('_');
const camel = (n) => words(n).map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('');
const pascal = (n) => words(n).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const dotted = (n) => words(n).join('.');

/** One assignment of `value` to `name` per format; `quoted` says whether the value sits in quotes. */
const FORMATS = {
  js: { ext: 'js', header: "'use strict';\nconst path = require('node:path');\n", line: (n, v) => `const ${camel(n)} = '${v}';`, obj: (n, v) => `config.${camel(n)} = '${v}';` },
  ts: { ext: 'ts', header: "import { createClient } from './client';\n", line: (n, v) => `export const ${camel(n)}: string = "${v}";` },
  py: { ext: 'py', header: 'import os\nimport logging\n', line: (n, v) => `${upper(n)} = "${v}"`, obj: (n, v) => `CONFIG["${snake(n)}"] = "${v}"` },
  java: { ext: 'java', header: 'package com.example.billing;\n\npublic final class Settings {\n', footer: '}\n', line: (n, v) => `    private static final String ${upper(n)} = "${v}";` },
  go: { ext: 'go', header: 'package config\n\nimport "os"\n', line: (n, v) => `var ${camel(n)} = "${v}"`, obj: (n, v) => `\t${pascal(n)} := "${v}"` },
  cs: { ext: 'cs', header: 'namespace Shop.Config;\n\npublic static class Keys\n{\n', footer: '}\n', line: (n, v) => `    public const string ${pascal(n)} = "${v}";` },
  rb: { ext: 'rb', header: "require 'json'\n\n", line: (n, v) => `${snake(n)} = '${v}'`, obj: (n, v) => `CONFIG[:${snake(n)}] = '${v}'` },
  php: { ext: 'php', header: '<?php\n\nreturn [\n', footer: '];\n', line: (n, v) => `    '${snake(n)}' => '${v}',` },
  yaml: { ext: 'yaml', header: 'service:\n  name: billing\n  replicas: 2\nsettings:\n', line: (n, v) => `  ${snake(n)}: ${v}`, quotedLine: (n, v) => `  ${snake(n)}: "${v}"` },
  json: { ext: 'json', header: '{\n  "name": "billing",\n', footer: '  "version": 3\n}\n', line: (n, v) => `  "${snake(n)}": "${v}",` },
  env: { path: (i) => `services/svc${i}/.env`, header: 'NODE_ENV=production\nPORT=8080\n', line: (n, v) => `${upper(n)}=${v}` },
  properties: { ext: 'properties', header: 'server.port=8080\nspring.application.name=billing\n', line: (n, v) => `app.${dotted(n)}=${v}` },
  ini: { ext: 'ini', header: '[service]\nname = billing\n\n[secrets]\n', line: (n, v) => `${snake(n)} = ${v}` },
  xml: { ext: 'config', header: '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <appSettings>\n', footer: '  </appSettings>\n</configuration>\n', line: (n, v) => `    <add key="${pascal(n)}" value="${v}" />` },
  docker: { path: (i) => `images/img${i}/Dockerfile`, header: 'FROM node:20-alpine\nWORKDIR /app\n', line: (n, v) => `ENV ${upper(n)}=${v}` },
  sh: { ext: 'sh', header: '#!/usr/bin/env bash\nset -euo pipefail\n', line: (n, v) => `export ${upper(n)}="${v}"` },
  tf: { ext: 'tf', header: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n', footer: '}\n', line: (n, v) => `  ${snake(n)} = "${v}"` },
};
const FORMAT_NAMES = Object.keys(FORMATS);

// ---- generators ----------------------------------------------------------------------------------
const SECRET_NAMES = ['apiKey', 'api_secret', 'clientSecret', 'authToken', 'accessToken', 'refreshToken', 'jwtSecret', 'sessionSecret', 'encryptionKey',
  'signingKey', 'webhookSecret', 'appSecret', 'consumerSecret', 'secretKey', 'masterKey', 'licenseKey', 'serviceToken', 'privateApiKey', 'hmacSecret', 'stripeApiKey'];
const PASSWORD_NAMES = ['password', 'dbPassword', 'smtpPassword', 'redisPassword', 'adminPassword', 'mysqlRootPassword', 'keystorePassword', 'ldapPassword', 'db_pass', 'passwd'];
const SYMBOLS = '!@#%^&*-_=+';

function secretValue(r) {
  switch (r.int(6)) {
    case 0: return str(r, ALNUM, 16 + r.int(25));
    case 1: return str(r, HEX, r.pick([32, 40, 64]));
    case 2: return str(r, B64, 22 + r.int(20)) + r.pick(['', '=', '==']);
    case 3: return str(r, ALNUM + SYMBOLS, 24 + r.int(30));
    case 4: return `${str(r, LOWER, 4)}-${str(r, ALNUM, 8)}-${str(r, ALNUM, 8)}-${str(r, ALNUM, 6)}`;
    default: return str(r, B64URL, 30 + r.int(20));
  }
}

function passwordValue(r) {
  const word = r.pick(['Winter', 'harbor', 'Quartz', 'mango', 'Falcon', 'orbit', 'Cedar', 'nimbus', 'Tango', 'velvet']);
  switch (r.int(4)) {
    case 0: return `${word}${str(r, DIGITS, 2 + r.int(3))}${r.pick([...SYMBOLS])}`;
    case 1: return str(r, ALNUM, 10 + r.int(10));
    case 2: return `${str(r, ALNUM, 4)}${r.pick([...SYMBOLS])}${str(r, ALNUM, 5)}${r.pick([...SYMBOLS])}${str(r, DIGITS, 2)}`;
    default: return `${word.toLowerCase()}-${str(r, LOWER + DIGITS, 6)}-${str(r, DIGITS, 3)}`;
  }
}

/** Look-alikes: values in secret-named slots that are not secrets. Each is [name, value, quotedOnly?]. */
function genericLookAlike(r, fmt) {
  const ref = {
    js: ['process.env.API_KEY', 'config.apiKey', 'getSecret("stripe")'], ts: ['process.env.TOKEN ?? ""', 'env.SESSION_SECRET'],
    py: ['os.environ["API_KEY"]', 'os.getenv("DB_PASSWORD")', 'settings.SECRET_KEY'], java: ['System.getenv("API_TOKEN")', 'props.getProperty("secret")'],
    go: ['os.Getenv("API_TOKEN")', 'cfg.Secret'], cs: ['Environment.GetEnvironmentVariable("API_KEY")', 'configuration["Jwt:Secret"]'],
    rb: ['ENV["API_KEY"]', 'Rails.application.credentials.secret_key_base'], php: ["getenv('DB_PASSWORD')", "env('APP_KEY')"],
    yaml: ['${API_TOKEN}', '{{ .Values.apiToken }}', '!Ref DbPassword', '"{{ vault_db_password }}"'], json: ['${API_KEY}', '{{API_KEY}}'],
    env: ['${API_KEY}', '', '$SHARED_SECRET'], properties: ['${DB_PASSWORD}', '${vcap.services.db.credentials.password}'], ini: ['%(db_password)s', '${SECRET}'],
    xml: ['$(ApiSecret)', '${env.NEXUS_PASSWORD}'], docker: ['$API_TOKEN', '${NPM_TOKEN}'], sh: ['$(vault kv get -field=token secret/ci)', '${GITHUB_TOKEN}'], tf: ['var.db_password', 'data.aws_secretsmanager_secret_version.db.secret_string'],
  };
  const quotedRef = ['js', 'ts', 'py', 'java', 'go', 'cs', 'rb', 'php', 'tf'].includes(fmt);
  const choice = r.int(5);
  if (choice === 0) {
    // References and lookups: written without quotes in code.
    const v = r.pick(ref[fmt]);
    return { name: r.pick([...SECRET_NAMES, ...PASSWORD_NAMES]), value: v, raw: quotedRef };
  }
  if (choice === 1) {
    return { name: r.pick([...SECRET_NAMES, ...PASSWORD_NAMES]), value: r.pick(['changeme', '<your-api-key>', 'YOUR_API_KEY_HERE', 'xxxxxxxxxxxxxxxxxxxx', '********', 'REPLACE_ME', 'your-secret-key', 'TODO', 'dummy-secret', '%s', '{{ secret }}', 'example-token', 'secret', 'password', '0123456789abcdef', 'aaaaaaaaaaaaaaaa', 'abcabcabcabcabc']) };
  }
  if (choice === 2) {
    const pairs = [
      ['tokenUrl', 'https://auth.example-corp.com/oauth2/token'], ['secretName', 'prod/billing/db'], ['passwordField', 'user_password'],
      ['tokenType', 'Bearer'], ['apiKeyHeader', 'X-Api-Key'], ['secretArn', `arn:aws:secretsmanager:eu-west-1:${str(r, DIGITS, 12)}:secret:db-${str(r, ALNUM, 6)}`],
      ['secretKeyFile', '/run/secrets/app_key'], ['passwordPolicy', 'min-length-12'], ['tokenizer', 'cl100k_base'], ['authTokenTtl', '3600s'],
      ['passwordResetPath', '/account/reset'], ['apiKeyId', `key_${str(r, LOWER + DIGITS, 8)}`], ['accessTokenCookieName', '__Host-session'],
      ['credentialsProvider', 'aws-sdk-default'], ['secretStore', 'azure-keyvault'], ['signingKeyAlgorithm', 'RS256'], ['passwordHashAlgorithm', 'argon2id'],
      ['masterKeyVersion', '2'], ['tokenAudience', 'api://billing'], ['clientSecretExpiry', '2026-12-31'],
    ];
    const [name, value] = r.pick(pairs);
    return { name, value };
  }
  if (choice === 3) {
    // Random-looking values under names that are not secret: hashes, ids, integrity values.
    const pairs = [
      ['commitSha', str(r, HEX, 40)], ['checksum', str(r, HEX, 64)], ['requestId', uuid(r)], ['integrity', `sha512-${str(r, B64, 86)}==`],
      ['etag', str(r, HEX, 32)], ['buildId', str(r, ALNUM, 20)], ['imageDigest', `sha256:${str(r, HEX, 64)}`], ['traceId', str(r, HEX, 32)],
      ['publicKeyFingerprint', `SHA256:${str(r, B64, 43)}`], ['cacheKey', `v1-deps-${str(r, HEX, 40)}`],
    ];
    const [name, value] = r.pick(pairs);
    return { name, value };
  }
  // Documented example and test-mode keys.
  const pairs = [
    ['awsAccessKeyId', 'AKIAIOSFODNN7EXAMPLE'], ['awsSecretAccessKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'], ['stripeKey', `sk_test_${str(r, ALNUM, 24)}`],
    ['stripePublishableKey', `pk_live_${str(r, ALNUM, 24)}`], ['githubToken', githubTokenBadChecksum(r, 'ghp')], ['mapboxToken', `pk.eyJ1Ijoi${str(r, B64URL, 30)}.${str(r, B64URL, 22)}`],
    ['twilioAccountSid', `AC${str(r, HEX, 32)}`], ['googleClientId', `${str(r, DIGITS, 12)}-${str(r, LOWER + DIGITS, 32)}.apps.googleusercontent.com`],
    ['sentryDsn', `https://${str(r, HEX, 32)}@o${str(r, DIGITS, 6)}.ingest.sentry.io/${str(r, DIGITS, 7)}`], ['slackToken', 'xoxb-your-bot-token'],
  ];
  const [name, value] = r.pick(pairs);
  return { name, value };
}

/** Structured look-alikes, each under the name it would have in real code: test keys, bad checksums, placeholders, hashes. */
const STRUCTURED_LOOKALIKES = (r) => [
  ['githubToken', `ghp_${str(r, ALNUM, 30)}${str(r, ALNUM, 6)}`], // checksum wrong with overwhelming probability
  ['githubAppToken', githubTokenBadChecksum(r, r.pick(['gho', 'ghs', 'ghu']))],
  ['stripeTestKey', `sk_test_${str(r, ALNUM, 24)}`], ['stripePublishableKey', `pk_live_${str(r, ALNUM, 24)}`], ['stripeRestrictedTestKey', `rk_test_${str(r, ALNUM, 24)}`],
  ['awsAccessKeyId', 'AKIAIOSFODNN7EXAMPLE'], ['awsKeyPrefix', `AKIA${str(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12)}`], ['slackBotToken', `xoxb-${str(r, DIGITS, 5)}`], ['slackUserToken', 'xoxp-your-token-here'],
  ['gitlabToken', `glpat-${'x'.repeat(20)}`], ['npmTokenPrefix', `npm_${str(r, ALNUM, 20)}`], ['twilioAccountSid', `AC${str(r, HEX, 32)}`], ['openaiKeyPrefix', `sk-${str(r, ALNUM, 10)}`],
  ['hfModel', `hf_${str(r, LOWER, 10)}`], ['sendgridKeyId', `SG.${str(r, B64URL, 10)}`], ['mapsKeyPrefix', `AIza${str(r, B64URL, 20)}`], ['requestId', uuid(r)], ['commitSha', str(r, HEX, 40)],
  ['integrity', `sha256-${str(r, B64, 43)}=`], ['logoData', `data:image/png;base64,iVBORw0KGgo${str(r, B64, 80)}`], ['mapboxPublicToken', `pk.eyJ1Ijoi${str(r, B64URL, 30)}.${str(r, B64URL, 22)}`],
  ['shopifyToken', `shpat_${'0'.repeat(32)}`], ['googleClientId', `${str(r, DIGITS, 12)}-${str(r, LOWER + DIGITS, 32)}.apps.googleusercontent.com`], ['squareApplicationId', `sq0idp-${str(r, B64URL, 22)}`],
];

function privateKeySample(r) {
  const label = r.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY']);
  return pem(r, label, 4 + r.int(8));
}

// ---- assembling files ----------------------------------------------------------------------------
class FileBuilder {
  constructor(path, header = '') {
    this.path = path;
    this.text = header;
    this.samples = [];
  }
  line() {
    return this.text.split('\n').length; // 1-based line the next chunk starts on
  }
  add(chunk, label) {
    const start = this.line();
    this.text += `${chunk}\n`;
    if (label) this.samples.push({ line: start, endLine: start + chunk.split('\n').length - 1, ...label });
  }
}

function emit(f, fmt, name, value, label, r, { raw = false } = {}) {
  const F = FORMATS[fmt];
  let text;
  if (raw) {
    text = F.line(name, '\u0000').replace(/(['"])\u0000\1/, value); // a reference in code: no quotes
  } else if (fmt === 'yaml' && r.int(2) === 0) {
    text = F.quotedLine(name, value);
  } else if (F.obj && r.int(3) === 0) {
    text = F.obj(name, value);
  } else {
    text = F.line(name, value);
  }
  f.add(text, label);
}

export function makeCorpus(seed = 20261122) {
  const r = rng(seed);
  const files = [];
  const builders = {};
  let fileCount = 0;
  const open = (fmt) => {
    const F = FORMATS[fmt];
    const i = fileCount++;
    const path = F.path ? F.path(i) : `src/${fmt}/module${i}.${F.ext}`;
    const b = new FileBuilder(path, F.header);
    b.fmt = fmt;
    files.push(b);
    return b;
  };
  const fileFor = (fmt) => {
    let b = builders[fmt];
    if (!b || b.samples.length >= 14) b = builders[fmt] = open(fmt);
    return b;
  };

  // Structured tokens: every kind, in several formats.
  for (const k of TOKEN_KINDS) {
    if (k.kind === 'jwt') continue;
    for (let n = 0; n < 4; n++) {
      const fmt = FORMAT_NAMES[r.int(FORMAT_NAMES.length)];
      const value = k.gen(r);
      emit(fileFor(fmt), fmt, k.name, value, { truth: true, category: 'structured', kind: k.kind }, r);
    }
  }
  for (let n = 0; n < 130; n++) {
    const fmt = FORMAT_NAMES[r.int(FORMAT_NAMES.length)];
    const [name, value] = r.pick(STRUCTURED_LOOKALIKES(r));
    emit(fileFor(fmt), fmt, name, value, { truth: false, category: 'structured', kind: 'look-alike' }, r);
  }

  // Generic secrets and passwords: random values under secret names, in every format.
  for (let n = 0; n < 180; n++) {
    const fmt = FORMAT_NAMES[n % FORMAT_NAMES.length];
    const isPassword = r.int(3) === 0;
    const name = r.pick(isPassword ? PASSWORD_NAMES : SECRET_NAMES);
    const value = isPassword ? passwordValue(r) : secretValue(r);
    emit(fileFor(fmt), fmt, name, value, { truth: true, category: 'generic', kind: isPassword ? 'password' : 'secret' }, r);
  }
  for (let n = 0; n < 200; n++) {
    const fmt = FORMAT_NAMES[n % FORMAT_NAMES.length];
    const { name, value, raw } = genericLookAlike(r, fmt);
    emit(fileFor(fmt), fmt, name, value, { truth: false, category: 'generic', kind: 'look-alike' }, r, { raw });
  }

  // Private keys: PEM files, keys inside code, JSON with escaped newlines, YAML block scalars.
  for (let n = 0; n < 40; n++) {
    const key = privateKeySample(r);
    const style = n % 5;
    const label = { truth: true, category: 'private-key', kind: 'pem' };
    if (style === 0) {
      const b = new FileBuilder(`deploy/keys/${r.pick(['server', 'signing', 'id_rsa', 'tls'])}-${n}.pem`);
      b.add(key, label);
      files.push(b);
    } else if (style === 1) {
      const b = new FileBuilder(`config/sa-${n}.json`, '{\n  "type": "service_account",\n  "project_id": "billing-prod",\n');
      b.add(`  "private_key": "${key.replace(/\n/g, '\\n')}\\n",`, label);
      b.add('  "client_email": "billing@billing-prod.iam.gserviceaccount.com"\n}');
      files.push(b);
    } else if (style === 2) {
      const b = new FileBuilder(`src/js/signer${n}.js`, "const jwt = require('jsonwebtoken');\n");
      b.add(`const privateKey = \`${key}\`;`, label);
      b.add("module.exports = (payload) => jwt.sign(payload, privateKey, { algorithm: 'RS256' });");
      files.push(b);
    } else if (style === 3) {
      const b = new FileBuilder(`helm/values-${n}.yaml`, 'tls:\n  enabled: true\n');
      b.add(`  key: |\n${key.split('\n').map((l) => `    ${l}`).join('\n')}`, label);
      files.push(b);
    } else {
      const b = new FileBuilder(`src/py/sign${n}.py`, 'import jwt\n\n');
      b.add(`PRIVATE_KEY = """${key}"""`, label);
      files.push(b);
    }
  }
  const pgpKey = () => `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF${str(r, B64, 58)}\n${str(r, B64, 64)}\n${str(r, B64, 64)}\n=${str(r, B64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`;
  for (let n = 0; n < 6; n++) {
    const b = new FileBuilder(`ops/gpg/release-${n}.asc`);
    b.add(pgpKey(), { truth: true, category: 'private-key', kind: 'pgp' });
    files.push(b);
  }
  for (let n = 0; n < 40; n++) {
    const b = new FileBuilder(`docs/keys/sample-${n}.${r.pick(['pem', 'txt', 'md'])}`);
    const kind = n % 6;
    const label = { truth: false, category: 'private-key', kind: 'look-alike' };
    if (kind === 0) b.add(pem(r, 'PUBLIC KEY', 6), label);
    else if (kind === 1) b.add(pem(r, 'CERTIFICATE', 10), label);
    else if (kind === 2) b.add(`ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${str(r, B64, 300)} deploy@ci`, label);
    else if (kind === 3) b.add('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----', label);
    else if (kind === 4) b.add('Paste the key between the markers:\n-----BEGIN PRIVATE KEY-----\n<your private key here>\n-----END PRIVATE KEY-----', label);
    else b.add(`const PEM_HEADER = "-----BEGIN PRIVATE KEY-----";\nconst isKey = (s) => s.startsWith(PEM_HEADER);`, label);
    files.push(b);
  }

  // JWTs.
  for (let n = 0; n < 24; n++) {
    const fmt = r.pick(['js', 'ts', 'py', 'json', 'yaml', 'env', 'sh']);
    emit(fileFor(fmt), fmt, r.pick(['accessToken', 'idToken', 'serviceJwt', 'bearer']), jwt(r), { truth: true, category: 'jwt', kind: 'jwt' }, r);
  }
  const b64u = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  for (let n = 0; n < 24; n++) {
    const fmt = r.pick(['js', 'ts', 'py', 'json', 'yaml']);
    const v = r.pick([
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      `${b64u({ alg: 'none', typ: 'JWT' })}.${b64u({ sub: str(r, DIGITS, 6) })}.`,
      `${b64u({ alg: 'HS256', typ: 'JWT' })}`,
      `${b64u({ kid: str(r, HEX, 8), use: 'sig' })}`,
      `${b64u({ alg: 'RS256' })}.${b64u({ sub: 'x' })}.${'A'.repeat(40)}`,
    ]);
    emit(fileFor(fmt), fmt, r.pick(['sampleToken', 'jwtHeader', 'unsignedToken', 'jwksEntry']), v, { truth: false, category: 'jwt', kind: 'look-alike' }, r);
  }

  // Credentials in URLs and connection strings.
  const host = () => `${r.pick(['db', 'cache', 'mq', 'mongo', 'sql'])}-${str(r, LOWER, 5)}.internal.example-corp.net`;
  for (let n = 0; n < 48; n++) {
    const pw = r.int(2) ? str(r, ALNUM, 12 + r.int(12)) : passwordValue(r).replace(/[@/#%:]/g, 'x');
    const user = r.pick(['app', 'svc_billing', 'admin', 'etl', 'reporting']);
    const url = r.pick([
      `postgres://${user}:${pw}@${host()}:5432/orders`, `postgresql://${user}:${pw}@${host()}/app?sslmode=require`, `mysql://${user}:${pw}@${host()}:3306/shop`,
      `mongodb+srv://${user}:${pw}@cluster0.${str(r, LOWER + DIGITS, 5)}.mongodb.net/prod`, `mongodb://${user}:${pw}@${host()}:27017/admin`, `redis://:${pw}@${host()}:6379/0`,
      `rediss://default:${pw}@${host()}:6380`, `amqp://${user}:${pw}@${host()}:5672/vhost`, `https://${user}:${pw}@nexus.example-corp.net/repository/npm/`,
      `Server=${host()};Database=Orders;User Id=${user};Password=${pw};`, `ftp://${user}:${pw}@ftp.example-corp.net/upload`, `mssql://${user}:${pw}@${host()}:1433/crm`,
    ]);
    const fmt = r.pick(['js', 'py', 'java', 'go', 'cs', 'yaml', 'json', 'env', 'properties', 'tf', 'docker', 'sh']);
    emit(fileFor(fmt), fmt, r.pick(['databaseUrl', 'connectionString', 'brokerUrl', 'cacheUrl', 'registryUrl', 'dsn']), url, { truth: true, category: 'url', kind: 'url' }, r);
  }
  for (let n = 0; n < 48; n++) {
    const url = r.pick([
      'postgres://postgres:postgres@localhost:5432/dev', 'amqp://guest:guest@localhost:5672', 'mysql://root:root@127.0.0.1:3306/test',
      'postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app', 'postgresql://user:password@host:5432/database', 'mongodb://localhost:27017/app',
      `https://${host()}/api/v1`, 'git@github.com:example-corp/billing.git', 'https://user:pass@example.com/', 'redis://localhost:6379/0',
      'Server=localhost;Database=Orders;Trusted_Connection=True;', 'http://localhost:8080/health', `https://${str(r, LOWER, 6)}.example.com:8443/path@v2`,
      'mongodb+srv://<username>:<password>@cluster0.mongodb.net/', 'Server=db;User Id=sa;Password={0};', 'https://%s:%s@%s/repo',
    ]);
    const fmt = r.pick(['js', 'py', 'java', 'go', 'yaml', 'json', 'env', 'properties']);
    emit(fileFor(fmt), fmt, r.pick(['databaseUrl', 'connectionString', 'brokerUrl', 'repoUrl', 'healthUrl']), url, { truth: false, category: 'url', kind: 'look-alike' }, r);
  }

  // Files that should never be committed.
  const fileSample = (path, text, truth, kind) => {
    const b = new FileBuilder(path);
    b.add(text, { truth, category: 'file', kind });
    files.push(b);
  };
  for (let n = 0; n < 4; n++) {
    fileSample(`pkg${n}/.npmrc`, `//npm.internal.example-corp.net/:_authToken=${str(r, B64URL, 40)}`, true, 'npmrc');
    fileSample(`home${n}/.netrc`, `machine git.example-corp.net\n  login deploy\n  password ${str(r, ALNUM, 24)}`, true, 'netrc');
    fileSample(`home${n}/.pgpass`, `${host()}:5432:orders:app:${str(r, ALNUM, 18)}`, true, 'pgpass');
    fileSample(`web${n}/.htpasswd`, `admin:$apr1$${str(r, ALNUM, 8)}$${str(r, ALNUM + './', 22)}`, true, 'htpasswd');
    fileSample(`ci${n}/.docker/config.json`, `{\n  "auths": {\n    "registry.example-corp.net": {\n      "auth": "${Buffer.from(`ci:${str(r, ALNUM, 20)}`).toString('base64')}"\n    }\n  }\n}`, true, 'docker-config');
    fileSample(`k8s/app${n}/secret.yaml`, `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app${n}\ntype: Opaque\ndata:\n  DB_PASSWORD: ${Buffer.from(str(r, ALNUM, 18)).toString('base64')}`, true, 'k8s-secret');
    fileSample(`ftp${n}/sitemanager.xml`, `<FileZilla3><Servers><Server><Host>ftp.example-corp.net</Host><User>web</User><Pass encoding="base64">${Buffer.from(str(r, ALNUM, 14)).toString('base64')}</Pass></Server></Servers></FileZilla3>`, true, 'filezilla');
    fileSample(`site${n}/.ftpconfig`, `{\n  "protocol": "sftp",\n  "host": "web.example-corp.net",\n  "user": "deploy",\n  "pass": "${str(r, ALNUM, 16)}"\n}`, true, 'ftpconfig');
    fileSample(`home${n}/.git-credentials`, `https://deploy:${str(r, ALNUM, 20)}@git.example-corp.net`, true, 'git-credentials');
    fileSample(`home${n}/.bash_history`, `ls -la\nmysql -u root -p${str(r, ALNUM, 14)} orders\ncd /srv`, true, 'history');
    fileSample(`wp${n}/wp-config.php`, `<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_PASSWORD', '${passwordValue(r)}' );`, true, 'wp-config');
    fileSample(`db${n}/my.cnf`, `[client]\nuser = app\npassword = ${str(r, ALNUM, 16)}`, true, 'my.cnf');
  }
  for (let n = 0; n < 4; n++) {
    fileSample(`pkg${n}/x/.npmrc`, '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true', false, 'npmrc');
    fileSample(`k8s/app${n}/configmap.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app${n}\ndata:\n  LOG_LEVEL: ${Buffer.from('debug').toString('base64')}\n  FEATURE_FLAGS: ${Buffer.from('search,export').toString('base64')}`, false, 'k8s-configmap');
    fileSample(`k8s/app${n}/sealed.yaml`, `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app${n}\ntype: Opaque\ndata:\n  DB_USER: ${Buffer.from('app').toString('base64')}\n  DB_PASSWORD: ${Buffer.from('changeme').toString('base64')}`, false, 'k8s-secret');
    fileSample(`ci${n}/.docker/config.json`, '{\n  "auths": { "registry.example-corp.net": {} },\n  "credsStore": "desktop"\n}', false, 'docker-config');
    fileSample(`home${n}/x/.netrc`, 'machine example.com\n  login <user>\n  password <password>', false, 'netrc');
    fileSample(`svc${n}/.env.example`, 'DATABASE_URL=\nSTRIPE_SECRET_KEY=\nSESSION_SECRET=changeme\nAPI_TOKEN=<your-token>', false, 'env-example');
    fileSample(`home${n}/x/.bash_history`, 'mysql -u root -p orders\nexport API_TOKEN="$(pass show ci/token)"\ndocker login --password-stdin', false, 'history');
    fileSample(`wp${n}/x/wp-config.php`, "<?php\ndefine( 'DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') );\ndefine( 'AUTH_KEY', 'put your unique phrase here' );", false, 'wp-config');
  }

  // Hard cases, written to be difficult rather than to be caught: secrets without a telling name or in
  // prose, and look-alikes that do have one (test fixtures, hashes, public keys, pagination tokens).
  const hard = (path, header, lines) => {
    const b = new FileBuilder(path, header);
    for (const [text, truth, kind] of lines) b.add(text, { truth, category: 'generic', kind: `hard-${kind}` });
    files.push(b);
  };
  for (let n = 0; n < 4; n++) {
    hard(`src/hard/client${n}.js`, "'use strict';\n", [
      [`const client = new ApiClient('${str(r, ALNUM, 32)}');`, true, 'unnamed-argument'],
      [`// temporary key for the staging API: ${str(r, ALNUM, 28)}`, true, 'in-comment'],
      [`const creds = { user: 'svc', value: '${str(r, ALNUM + SYMBOLS, 20)}' };`, true, 'unnamed-key'],
      [`const passphrase = 'correct horse battery ${str(r, LOWER, 6)}';`, true, 'passphrase-with-spaces'],
      [`const dbPassword = '${str(r, LOWER, 4)}${str(r, DIGITS, 2)}';`, true, 'short-password'],
      [`const apiKey = "${str(r, HEX, 24)}"; // ${r.pick(['prod', 'live', 'main'])}`, true, 'hex-key'],
      [`const nextPageToken = 'CAUQ${str(r, ALNUM, 4)}';`, false, 'pagination'],
      [`const tokenAddress = '0x${str(r, HEX, 40)}';`, false, 'wallet-address'],
      [`const vapidPublicKey = 'B${str(r, B64URL, 86)}';`, false, 'public-key'],
      [`const passwordHash = '$2b$12$${str(r, ALNUM + './', 53)}';`, false, 'bcrypt-hash'],
      [`const secretMessage = 'Your secret is safe with us';`, false, 'prose'],
      [`const tokenCount = '${str(r, DIGITS, 4)}';`, false, 'number'],
    ]);
    hard(`test/hard/login${n}.test.js`, "const { login } = require('../src/auth');\n", [
      [`await login({ email: 'ana@example.com', password: 'Test1234!' });`, false, 'test-fixture'],
      [`const password = 'correct-Horse-9';`, false, 'test-fixture'],
      [`expect(hash('password123')).not.toEqual('password123');`, false, 'test-fixture'],
      [`const sessionSecret = 'test-session-secret';`, false, 'test-fixture'],
    ]);
    hard(`config/hard/app${n}.yaml`, 'app:\n', [
      [`  mail:\n    smtp_auth: ${str(r, ALNUM, 20)}`, true, 'unusual-name'],
      [`  signing:\n    value: ${str(r, B64, 40)}`, true, 'unnamed-key'],
      [`  cache_key_prefix: ${str(r, LOWER, 6)}-v${r.int(9)}`, false, 'prefix'],
      [`  api_key_rotation_days: "90"`, false, 'number'],
      [`  secret_version: "${str(r, HEX, 8)}"`, false, 'version'],
    ]);
  }

  for (const b of files) if (FORMATS[b.fmt]?.footer) b.text += FORMATS[b.fmt].footer;
  return files.map((b) => ({ path: b.path, text: b.text, samples: b.samples }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'corpus', 'credentials');
  const corpus = makeCorpus();
  for (const f of corpus) {
    mkdirSync(dirname(join(out, f.path)), { recursive: true });
    writeFileSync(join(out, f.path), f.text);
  }
  writeFileSync(join(out, 'labels.json'), JSON.stringify(corpus.map(({ path, samples }) => ({ path, samples })), null, 1));
  const all = corpus.flatMap((f) => f.samples);
  console.log(`${corpus.length} files, ${all.filter((s) => s.truth).length} true secrets, ${all.filter((s) => !s.truth).length} look-alikes -> ${out}`);
}
