import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { analyze, prepareLanguages } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { re2jsMatcher } from '../../server/src/engine/re2Matcher';
import { v8Matcher } from '../../server/src/engine/textRules';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { fetchHttps, type FetchText } from '../../server/src/ruleset/fetch';
import { loadRuleset, parseRuleset, RulesetError, sha256 } from '../../server/src/ruleset/load';
import { STARTER_RULESET } from '../../server/src/ruleset/starter';
import { loadError, rulesetFolder, writeRulesetFile } from '../helpers/rulesets';
import { fuzzOptions, tried } from '../helpers/fuzz';

const CUSTOM = `customRules:
  - id: acme-internal-host
    message: Internal hostnames must come from configuration.
    severity: warning
    pattern: '\\b[a-z0-9-]+\\.internal\\b'
    languages: [javascript, typescript, python]
    examples: { match: ["host: 'db.internal'"], noMatch: ["host: process.env.DB_HOST"] }
`;

const folder = (): string => rulesetFolder('warden-ruleset-');
const write = writeRulesetFile;

describe('team ruleset loader', () => {
  it('loads the starter file written by "warden init" and "Create team ruleset"', async () => {
    const dir = folder();
    const loaded = await loadRuleset(write(dir, '.warden/ruleset.yaml', STARTER_RULESET));
    assert.equal(loaded.config.preset, 'recommended');
    assert.deepEqual(loaded.required, ['aws-access-key-id', 'private-key']);
    assert.equal(loaded.config.rules?.['weak-hash']?.severity, 'error');
    assert.deepEqual(loaded.config.suppressions?.forbid, ['private-key']);
    assert.equal(loaded.config.suppressions?.maxDays, 90);
  });

  it("loads the starter's commented custom rule once uncommented, with its examples checked", async () => {
    const uncommented = STARTER_RULESET.replace(/^# (customRules:|training:|  )/gm, '$1');
    const loaded = await loadRuleset(write(folder(), 'r.yaml', uncommented));
    assert.deepEqual(loaded.config.customRules?.map((r) => r.id), ['acme-internal-host']);
    assert.equal(loaded.config.training?.baseUrl, 'https://learn.example.com/secure-coding/');
  });

  it('reads a file saved with a byte-order mark, YAML or JSON', async () => {
    const yaml = await loadRuleset(write(folder(), 'r.yaml', '\ufeffrules:\n  weak-hash: off\n'));
    const json = await loadRuleset(write(folder(), 'r.json', '\ufeff{ "rules": { "weak-hash": "off" } }'));
    assert.equal(yaml.config.rules?.['weak-hash']?.severity, 'off');
    assert.equal(json.config.rules?.['weak-hash']?.severity, 'off');
  });

  it('reads the same ruleset from JSON', async () => {
    const loaded = await loadRuleset(write(folder(), 'ruleset.json', JSON.stringify({ extends: ['warden:strict'], rules: { 'weak-hash': 'off' } })));
    assert.equal(loaded.config.preset, 'strict');
    assert.equal(loaded.config.rules?.['weak-hash']?.severity, 'off');
  });

  // Each broken ruleset names the file, the line and the field, and says how to fix it.
  const broken: { name: string; text: string; file?: string; line: number; field: string; says: RegExp }[] = [
    { name: 'invalid YAML', text: 'rules:\n  weak-hash: error\n eval-non-literal: off\n', line: 3, field: '(syntax)', says: /fix the YAML syntax/ },
    { name: 'a tab as indentation', text: 'rules:\n  weak-hash: error\n\teval-non-literal: off\n', line: 3, field: '(syntax)', says: /Tabs are not allowed/ },
    { name: 'a repeated key', text: 'rules:\n  weak-hash: error\n  weak-hash: off\n', line: 3, field: '(syntax)', says: /remove or merge the repeated key/ },
    { name: 'invalid JSON', file: 'ruleset.json', text: '{\n  "rules": {\n    "weak-hash": "error",\n  }\n}\n', line: 4, field: '(syntax)', says: /fix the JSON syntax/ },
    { name: 'a wrong severity in JSON', file: 'ruleset.json', text: '{\n  "rules": {\n    "weak-hash": "loud"\n  }\n}\n', line: 3, field: 'rules.weak-hash', says: /"loud" is not one of off, info, warning, error/ },
    { name: 'an unknown key in JSON', file: 'ruleset.json', text: '{\n  "rules": {},\n  "ignorepaths": []\n}\n', line: 3, field: 'ignorepaths', says: /unknown key "ignorepaths"; did you mean "ignorePaths"\?/ },
    { name: 'an unknown rule id', text: 'extends: [warden:recommended]\nrules:\n  weak-hsh: error\n', line: 3, field: 'rules.weak-hsh', says: /unknown rule id "weak-hsh"; did you mean "weak-hash"\?/ },
    { name: 'a wrong severity', text: 'rules:\n  weak-hash: loud\n', line: 2, field: 'rules.weak-hash', says: /"loud" is not one of off, info, warning, error/ },
    { name: 'a wrong type', text: 'ignorePaths: fixtures/**\n', line: 1, field: 'ignorePaths', says: /must be a list/ },
    { name: 'an unknown key', text: 'rules: {}\nrequried: [weak-hash]\n', line: 2, field: 'requried', says: /unknown key "requried"; did you mean "required"\?/ },
    { name: 'an unpinned URL', text: 'extends:\n  - https://example.com/base.yaml\n', line: 2, field: 'extends[0]', says: /#sha256-<base64/ },
    { name: 'plain http', text: 'extends:\n  - http://example.com/base.yaml#sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', line: 2, field: 'extends[0]', says: /plain http is refused/ },
    { name: 'a training link over http', text: 'training:\n  rules:\n    weak-hash: http://learn.example.com/x\n', line: 3, field: 'training.rules.weak-hash', says: /https/ },
    {
      name: 'a back-reference RE2 cannot run',
      text: 'customRules:\n  - id: twice\n    message: Say it once.\n    pattern: (\\w+) \\1\n    examples: { match: ["a a"], noMatch: ["a b"] }\n',
      line: 4, field: 'customRules[0].pattern', says: /no back-references or look-around.*rewrite the pattern/,
    },
    {
      name: 'look-ahead RE2 cannot run',
      text: 'customRules:\n  - id: ahead\n    message: m\n    pattern: "password(?=:)"\n    examples: { match: ["password:"], noMatch: ["pass"] }\n',
      line: 4, field: 'customRules[0].pattern', says: /RE2/,
    },
    {
      name: 'a pattern too large to match quickly',
      text: 'customRules:\n  - id: huge\n    message: m\n    pattern: "' + '[a-z]{1000}'.repeat(6) + '"\n    examples: { match: ["a"], noMatch: ["b"] }\n',
      line: 4, field: 'customRules[0].pattern', says: /compiles to 6002 steps, over the limit of 5000.*Shorten counted repetitions/,
    },
    {
      name: 'a match example the rule misses',
      text: CUSTOM.replace("host: 'db.internal'", "host: 'db.intern'"),
      line: 7, field: 'customRules[0].examples.match[0]', says: /does not flag its own example "host: 'db.intern'".*fix the pattern/,
    },
    {
      name: 'a noMatch example the rule flags',
      text: CUSTOM.replace('host: process.env.DB_HOST', 'cache.internal'),
      line: 7, field: 'customRules[0].examples.noMatch[0]', says: /flags "cache.internal", which it must not/,
    },
    {
      name: 'a custom rule without examples',
      text: 'customRules:\n  - id: no-examples\n    message: m\n    pattern: x\n',
      line: 2, field: 'customRules[0]', says: /missing "examples"/,
    },
    {
      name: 'a custom rule reusing a built-in id',
      text: CUSTOM.replace('acme-internal-host', 'weak-hash'),
      line: 2, field: 'customRules[0].id', says: /already a built-in rule; give the custom rule its own id/,
    },
    {
      name: 'a secretGroup the pattern lacks',
      text: CUSTOM.replace('    severity: warning', '    secretGroup: 2'),
      line: 4, field: 'customRules[0].secretGroup', says: /no capture group 2/,
    },
    {
      name: 'a file extension where a language id belongs',
      text: CUSTOM.replace('languages: [javascript, typescript, python]', 'languages: [js, typescript]'),
      line: 6, field: 'customRules[0].languages[0]', says: /"js" is not a language id; use "javascript"/,
    },
        { name: 'a required rule switched off', text: 'required: [weak-hash]\nrules:\n  weak-hash: off\n', line: 3, field: 'rules.weak-hash', says: /cannot be off because it is listed under required/ },
    { name: 'a newer minVersion', text: 'minVersion: 99.0.0\n', line: 1, field: 'minVersion', says: /needs Warden 99\.0\.0 or later.*update the Warden extension/ },
    { name: 'a missing extended file', text: 'extends:\n  - ./base.yaml\n', line: 2, field: 'extends[0]', says: /cannot read .*base\.yaml \(ENOENT\); check the path/ },
    { name: 'a maxDays of zero', text: 'suppressions:\n  maxDays: 0\n', line: 2, field: 'suppressions.maxDays', says: /must be >= 1/ },
  ];
  for (const c of broken) {
    it(`reports ${c.name} with file, line, field and a fix`, async () => {
      const file = write(folder(), c.file ?? 'ruleset.yaml', c.text);
      const error = await loadError(file);
      assert.equal(error.file, file);
      assert.equal(error.line, c.line, error.message);
      assert.equal(error.field, c.field, error.message);
      assert.match(error.problem, c.says);
      assert.ok(error.message.startsWith(`${file}:${c.line}: ${c.field}: `));
    });
  }

  it('locates a problem inside an extended file in that file', async () => {
    const dir = folder();
    write(dir, 'base.yaml', 'rules:\n  eval-non-literal: error\n  nope-rule: off\n');
    const error = await loadError(write(dir, 'team.yaml', 'extends: [./base.yaml]\n'));
    assert.equal(error.file, join(dir, 'base.yaml'));
    assert.equal(error.line, 3);
  });

  it('merges extends in order: later files win per rule, required and forbid accumulate', async () => {
    const dir = folder();
    write(dir, 'base.yaml', 'extends: [warden:strict]\nrules:\n  weak-hash: error\n  eval-non-literal: info\nrequired: [weak-hash]\nsuppressions: { forbid: [weak-hash], maxDays: 30 }\n');
    const loaded = await loadRuleset(write(dir, 'team.yaml', 'extends: [./base.yaml]\nrules:\n  eval-non-literal: warning\nrequired: [eval-non-literal]\nsuppressions: { maxDays: 60 }\n'));
    assert.equal(loaded.config.preset, 'strict');
    assert.equal(loaded.config.rules?.['weak-hash']?.severity, 'error');
    assert.equal(loaded.config.rules?.['eval-non-literal']?.severity, 'warning');
    assert.deepEqual(loaded.required.sort(), ['eval-non-literal', 'weak-hash']);
    assert.deepEqual(loaded.config.suppressions?.forbid, ['weak-hash']);
    assert.equal(loaded.config.suppressions?.maxDays, 30, 'the stricter limit wins');
    assert.deepEqual(loaded.origins['eval-non-literal'], { source: join(dir, 'team.yaml'), line: 3 });
    assert.deepEqual(loaded.origins['weak-hash'], { source: join(dir, 'base.yaml'), line: 3 });
    assert.deepEqual(loaded.sources, [join(dir, 'team.yaml'), join(dir, 'base.yaml')]);
  });

  it('refuses to switch off a rule that an extended ruleset requires', async () => {
    const dir = folder();
    write(dir, 'base.yaml', 'required: [weak-hash]\n');
    const error = await loadError(write(dir, 'team.yaml', 'extends: [./base.yaml]\nrules:\n  weak-hash: off\n'));
    assert.equal(error.line, 3);
    assert.match(error.problem, /a ruleset this one extends requires it/);
  });

  it('detects an extends cycle', async () => {
    const dir = folder();
    write(dir, 'a.yaml', 'extends: [./b.yaml]\n');
    write(dir, 'b.yaml', 'extends: [./a.yaml]\n');
    const error = await loadError(join(dir, 'a.yaml'));
    assert.match(error.problem, /extends itself/);
  });

  it('turns on a required rule that the preset leaves off', async () => {
    const lowConfidence = [...BUILTIN_CATALOG.textRules.filter((r) => r.confidence === 'low').map((r) => r.id), ...BUILTIN_CATALOG.astRules.filter((r) => r.meta.confidence === 'low').map((r) => r.meta.id)][0];
    if (!lowConfidence) return;
    const loaded = await loadRuleset(write(folder(), 'r.yaml', `required: [${lowConfidence}]\n`));
    const ruleset = compileRuleset(loaded.config, BUILTIN_CATALOG);
    assert.ok(ruleset.active.some((r) => r.meta.id === lowConfidence));
  });
});

describe('team ruleset: every built-in rule can be named', () => {
  it('the template rule too: off, or another severity, as `warden rules` lists it', async () => {
    const catalog = BUILTIN_CATALOG;
    assert.ok((catalog.templateRules ?? []).some((r) => r.meta.id === 'template-unescaped-output'));
    await prepareLanguages(['views/a.ejs']);
    const template = { text: '<p><%- bio %></p>\n', path: 'views/a.ejs' };
    const dir = folder();
    const found = (config: Parameters<typeof compileRuleset>[0]) => analyze(template, compileRuleset(config, catalog)).findings.map((f) => [f.ruleId, f.severity]);
    assert.deepEqual(found({}), [['template-unescaped-output', 'warning']]);
    const off = await loadRuleset(write(dir, '.warden/ruleset.yaml', 'rules:\n  template-unescaped-output: off\n'));
    assert.deepEqual(found(off.config), []);
    const error = await loadRuleset(write(dir, '.warden/ruleset.yaml', 'rules:\n  template-unescaped-output: error\n'));
    assert.deepEqual(found(error.config), [['template-unescaped-output', 'error']]);
  });
});

describe('remote rulesets pinned by hash', () => {
  const BASE = 'rules:\n  weak-hash: error\nrequired: [weak-hash]\n';
  const PIN = sha256(BASE);
  const URL_OK = `https://rules.example.com/base.yaml#sha256-${PIN}`;

  function fakeFetch(body: string | Error): FetchText & { calls: string[] } {
    const calls: string[] = [];
    const f = ((url: string) => {
      calls.push(url);
      return body instanceof Error ? Promise.reject(body) : Promise.resolve(Buffer.from(body));
    }) as unknown as FetchText & { calls: string[] };
    f.calls = calls;
    return f;
  }

  it('fetches a pinned URL once, caches it, and then works offline', async () => {
    const dir = folder();
    const cacheDir = join(dir, 'cache');
    const file = write(dir, 'team.yaml', `extends:\n  - ${URL_OK}\n`);
    const online = fakeFetch(BASE);
    const first = await loadRuleset(file, { fetch: online, cacheDir, allowFetch: true });
    assert.deepEqual(online.calls, ['https://rules.example.com/base.yaml']);
    assert.deepEqual(first.required, ['weak-hash']);
    assert.equal(readdirSync(cacheDir).length, 1);

    const offline = fakeFetch(new Error('ENOTFOUND'));
    const second = await loadRuleset(file, { fetch: offline, cacheDir, allowFetch: true });
    assert.deepEqual(offline.calls, [], 'a cached copy with the right hash is used without the network');
    assert.deepEqual(second.required, ['weak-hash']);
  });

  it('refuses content whose hash differs, and says how to fix it', async () => {
    const dir = folder();
    const file = write(dir, 'team.yaml', `extends:\n  - ${URL_OK}\n`);
    const error = await loadError(file, { fetch: fakeFetch(`${BASE}# tampered\n`), cacheDir: join(dir, 'cache'), allowFetch: true });
    assert.equal(error.file, file);
    assert.equal(error.line, 2);
    assert.equal(error.field, 'extends[0]');
    assert.match(error.problem, /does not match its pinned hash .* it was refused\. If the change is intended, update the hash/);
  });

  it('reports an unreachable URL without a cache, with the way out', async () => {
    const dir = folder();
    const file = write(dir, 'team.yaml', `extends:\n  - ${URL_OK}\n`);
    const error = await loadError(file, { fetch: fakeFetch(new Error('ECONNREFUSED')), cacheDir: join(dir, 'cache'), allowFetch: true });
    assert.equal(error.line, 2);
    assert.match(error.problem, /cannot fetch https:\/\/rules\.example\.com\/base\.yaml \(ECONNREFUSED\) and there is no cached copy; connect once/);
  });

  it('never fetches in an untrusted workspace, but uses a cached copy', async () => {
    const dir = folder();
    const cacheDir = join(dir, 'cache');
    const file = write(dir, 'team.yaml', `extends:\n  - ${URL_OK}\n`);
    const spy = fakeFetch(BASE);
    const error = await loadError(file, { fetch: spy, cacheDir, allowFetch: false });
    assert.deepEqual(spy.calls, []);
    assert.match(error.problem, /not trusted, so it was not fetched; trust the workspace/);
    await loadRuleset(file, { fetch: spy, cacheDir, allowFetch: true });
    const untrusted = await loadRuleset(file, { fetch: spy, cacheDir, allowFetch: false });
    assert.equal(spy.calls.length, 1);
    assert.deepEqual(untrusted.required, ['weak-hash']);
  });

  it('ignores a cached copy that was tampered with', async () => {
    const dir = folder();
    const cacheDir = join(dir, 'cache');
    const file = write(dir, 'team.yaml', `extends:\n  - ${URL_OK}\n`);
    await loadRuleset(file, { fetch: fakeFetch(BASE), cacheDir, allowFetch: true });
    const cached = join(cacheDir, readdirSync(cacheDir)[0]!);
    writeFileSync(cached, 'rules: {}\n');
    const error = await loadError(file, { fetch: fakeFetch(new Error('offline')), cacheDir, allowFetch: true });
    assert.match(error.problem, /cannot fetch/);
  });

  it('does not let a remote ruleset extend a local path', async () => {
    const remote = 'extends: [../secrets.yaml]\n';
    const url = `https://rules.example.com/r.yaml#sha256-${sha256(remote)}`;
    const dir = folder();
    const error = await loadError(write(dir, 'team.yaml', `extends: ["${url}"]\n`), { fetch: fakeFetch(remote), cacheDir: join(dir, 'c'), allowFetch: true });
    assert.equal(error.file, url);
    assert.match(error.problem, /can extend only presets and pinned https URLs/);
  });

  describe('over real https on 127.0.0.1 (self-signed certificate made by openssl)', () => {
    let server: Server | undefined;
    let port = 0;
    let ca = '';
    const bodies: Record<string, { status: number; body?: string; location?: string }> = {};

    before(function () {
      const dir = folder();
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
          '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      } catch {
        this.skip();
      }
      ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
      server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: ca }, (req, res) => {
        const reply = bodies[req.url ?? ''] ?? { status: 404 };
        if (reply.status === 0) return; // never answer
        res.writeHead(reply.status, reply.location ? { location: reply.location } : {});
        res.end(reply.body ?? '');
      });
      return new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      }));
    });

    after(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    it('fetches a pinned ruleset and follows an https redirect', async () => {
      bodies['/base.yaml'] = { status: 200, body: BASE };
      bodies['/moved.yaml'] = { status: 302, location: `https://127.0.0.1:${port}/base.yaml` };
      const dir = folder();
      const file = write(dir, 'team.yaml', `extends:\n  - https://127.0.0.1:${port}/moved.yaml#sha256-${PIN}\n`);
      const loaded = await loadRuleset(file, { ca, cacheDir: join(dir, 'cache'), allowFetch: true });
      assert.deepEqual(loaded.required, ['weak-hash']);
    });

    it('refuses a redirect to plain http', async () => {
      bodies['/downgrade.yaml'] = { status: 301, location: 'http://127.0.0.1:1/base.yaml' };
      await assert.rejects(fetchHttps(`https://127.0.0.1:${port}/downgrade.yaml`, { timeoutMs: 5000, maxBytes: 1024, ca }), /refused http: \(only https is allowed\)/);
    });

    it('refuses a body over the size limit and an HTTP error', async () => {
      bodies['/big.yaml'] = { status: 200, body: 'x'.repeat(4096) };
      await assert.rejects(fetchHttps(`https://127.0.0.1:${port}/big.yaml`, { timeoutMs: 5000, maxBytes: 1024, ca }), /larger than 1 KB/);
      await assert.rejects(fetchHttps(`https://127.0.0.1:${port}/missing.yaml`, { timeoutMs: 5000, maxBytes: 1024, ca }), /HTTP 404/);
    });

    it('gives up on a server that never answers', async () => {
      bodies['/silent.yaml'] = { status: 0 };
      await assert.rejects(fetchHttps(`https://127.0.0.1:${port}/silent.yaml`, { timeoutMs: 300, maxBytes: 1024, ca }), /no answer within 0\.3 s/);
    });

    it('does not trust the self-signed certificate without the CA', async () => {
      bodies['/base.yaml'] = { status: 200, body: BASE };
      await assert.rejects(fetchHttps(`https://127.0.0.1:${port}/base.yaml`, { timeoutMs: 5000, maxBytes: 1024 }), /SELF_SIGNED|self.signed|DEPTH_ZERO/i);
    });
  });
});

describe('custom rules on RE2', () => {
  const cases: { pattern: string; flags?: string; text: string }[] = [
    { pattern: '\\b[a-z0-9-]+\\.internal\\b', text: "a = 'db.internal'; b = 'x.internal.com'; c = 'internal'" },
    { pattern: '(?<key>token)\\s*=\\s*"([^"]+)"', text: 'token = "abc" ; token="😀😀" ;' },
    { pattern: 'é+', flags: 'i', text: 'ÉéE😀éé' },
    { pattern: '^secret$', flags: 'm', text: 'x\nsecret\nsecrets\nsecret' },
    { pattern: 'a.b', flags: 's', text: 'a\nb axb' },
  ];
  for (const c of cases) {
    it(`reports the same offsets and groups as V8 for /${c.pattern}/${c.flags ?? ''}`, () => {
      const toRows = (m: ReturnType<typeof v8Matcher>) => [...m.matches(c.text)].map((x) => [x.start, x.end, x.text, x.group(1), x.group(2)]);
      assert.deepEqual(toRows(re2jsMatcher(c.pattern, c.flags)), toRows(v8Matcher(c.pattern, c.flags)));
    });
  }

  it('finishes a pattern that makes a backtracking engine explode', () => {
    const matches = [...re2jsMatcher('(a+)+$').matches(`${'a'.repeat(5000)}!`)];
    assert.deepEqual(matches, []);
  });

  it('is what compileRuleset uses for custom rules: RE2-only syntax works', () => {
    const ruleset = compileRuleset({
      customRules: [{
        id: 'acme-token', title: 't', description: 'd', recommendation: 'r', category: 'custom', severity: 'warning', confidence: 'high',
        cwe: [], owasp: [], keywords: [], pattern: '(?P<tok>acme_[a-z]{4})', secretGroup: 'tok', message: 'Move {masked} out of code.',
        examples: { match: ['acme_abcd'], noMatch: ['acme'] },
      }],
    }, BUILTIN_CATALOG);
    const result = analyze({ text: "const t = 'acme_wxyz';", path: 'a.js' }, ruleset);
    const hit = result.findings.find((f) => f.ruleId === 'acme-token');
    assert.ok(hit);
    assert.equal(hit.start, 11);
    assert.ok(!hit.message.includes('acme_wxyz'));
  });
});

describe('suppression policy from the ruleset', () => {
  const today = '2026-11-22';
  async function analyseWith(rulesetText: string, code: string) {
    const loaded = await loadRuleset(write(folder(), 'r.yaml', rulesetText));
    return analyze({ text: code, path: 'app.js' }, compileRuleset(loaded.config, BUILTIN_CATALOG), { today });
  }
  const MD5 = "const h = crypto.createHash('md5');";

  it('forbids suppressing chosen rules', async () => {
    const r = await analyseWith('suppressions: { forbid: [weak-hash] }\n', `// warden-ignore weak-hash -- legacy checksum\n${MD5}\n`);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['warden-suppression-forbidden', 'weak-hash']);
  });

  it('caps the expiry at maxDays', async () => {
    const far = `// warden-ignore weak-hash -- legacy checksum until 2027-06-01\n${MD5}\n`;
    const near = `// warden-ignore weak-hash -- legacy checksum until 2026-12-01\n${MD5}\n`;
    assert.deepEqual((await analyseWith('suppressions: { maxDays: 30 }\n', far)).findings.map((f) => f.ruleId), ['warden-suppression-too-long', 'weak-hash']);
    const forever = await analyseWith('suppressions: { maxDays: 30 }\n', `// warden-ignore weak-hash -- legacy checksum\n${MD5}\n`);
    assert.deepEqual(forever.findings.map((f) => f.ruleId), ['warden-suppression-missing-until', 'weak-hash']);
    assert.match(forever.findings[0]!.message, /caps suppressions at 30 days, so it does not apply\. End it with `until YYYY-MM-DD`, no later than 2026-12-22/);
    const ok = await analyseWith('suppressions: { maxDays: 30 }\n', near);
    assert.deepEqual(ok.findings, []);
    assert.equal(ok.suppressed[0]?.suppression.until, '2026-12-01');
  });

  it('lets an expired suppression lapse and requires a reason', async () => {
    const expired = await analyseWith('rules: {}\n', `// warden-ignore weak-hash -- legacy until 2026-01-01\n${MD5}\n`);
    assert.deepEqual(expired.findings.map((f) => f.ruleId), ['warden-suppression-expired', 'weak-hash']);
    const noReason = await analyseWith('rules: {}\n', `// warden-ignore weak-hash\n${MD5}\n`);
    assert.deepEqual(noReason.findings.map((f) => f.ruleId), ['warden-suppression-reason', 'weak-hash']);
  });

  it('applies ignorePaths and per-rule path excludes', async () => {
    const loaded = await loadRuleset(write(folder(), 'r.yaml', 'ignorePaths: ["fixtures/**"]\nrules:\n  weak-hash: { severity: error, paths: { exclude: ["test/**"] } }\n'));
    const ruleset = compileRuleset(loaded.config, BUILTIN_CATALOG);
    assert.ok(analyze({ text: MD5, path: 'fixtures/a.js' }, ruleset).skipped);
    assert.deepEqual(analyze({ text: MD5, path: 'test/a.js' }, ruleset).findings, []);
    assert.deepEqual(analyze({ text: MD5, path: 'src/a.js' }, ruleset).findings.map((f) => [f.ruleId, f.severity]), [['weak-hash', 'error']]);
  });

  it('activeFor gives exactly the rules whose path filters take the path, one list per group of answers', () => {
    // Built-in filters (test folders, credential files, workflows) and team ones: on a rule with a
    // built-in filter (slack-webhook-url: test files excluded), on AST rules, on a rule set twice.
    const ruleset = compileRuleset({
      rules: {
        'weak-hash': { severity: 'error', paths: { exclude: ['test/**'] } },
        'sql-injection': { severity: 'warning', paths: { include: ['server/**', 'lib/*.ts'] } },
        'eval-non-literal': { severity: 'warning', paths: { include: ['server/**'], exclude: ['server/gen/**'] } },
        'slack-webhook-url': { severity: 'error', paths: { exclude: ['docs/**'] } },
      },
    }, BUILTIN_CATALOG);
    const paths = [
      'src/a.ts', 'src/b.ts', 'test/a.test.ts', 'server/x.ts', 'server/gen/y.ts', 'lib/z.ts', 'lib/deep/z.ts', 'docs/a.md',
      '.github/workflows/ci.yml', 'a/.npmrc', 'config.json', 'src/__tests__/a.ts', 'src/a.spec.js', 'settings/dev.py', '',
      // Empty names (the globs' general way), a file named as a test folder, upper case, a vendored bundle.
      'a//test/x.ts', '/test/x.ts', 'test/', 'src//.npmrc', 'src/test', 'Test/a.ts', 'vendor/x/y.js', 'x/third_party/a.min.js',
      'app/staging-config/a.env', 'x/.docker/config.json', 'x/containers/auth.json', 'settings/development.py', 'a.test.ts',
    ];
    for (const path of paths) {
      const expected = ruleset.active.filter((r) => r.appliesTo(path)).map((r) => r.meta.id);
      assert.deepEqual(ruleset.activeFor(path).map((r) => r.meta.id), expected, path);
    }
    // The answers for the two files of src/ are the same: so is the list (asked in between for another).
    const first = ruleset.activeFor('src/a.ts');
    ruleset.activeFor('test/a.test.ts');
    assert.equal(ruleset.activeFor('src/b.ts'), first);
    assert.notDeepEqual(ruleset.activeFor('test/a.test.ts').map((r) => r.meta.id), first.map((r) => r.meta.id));
    assert.ok(!ruleset.activeFor('test/a.test.ts').some((r) => r.meta.id === 'weak-hash'));
    assert.ok(ruleset.activeFor('server/x.ts').some((r) => r.meta.id === 'eval-non-literal'));
    assert.ok(!ruleset.activeFor('server/gen/y.ts').some((r) => r.meta.id === 'eval-non-literal'));
    // The required-only copy groups its own rules.
    const required = compileRuleset({ required: ['weak-hash'], rules: { 'weak-hash': { severity: 'error', paths: { exclude: ['test/**'] } } } }, BUILTIN_CATALOG).onlyRequired();
    assert.deepEqual(required.activeFor('src/a.ts').map((r) => r.meta.id), ['weak-hash']);
    assert.deepEqual(required.activeFor('test/a.ts').map((r) => r.meta.id), []);
  });

  it('fuzz: activeFor agrees with every rule\'s own filter on paths made of the filters\' names (globs asked all at once)', () => {
    // The credential rules' filters, the built-in ruleset's, and team filters with `!` globs in both lists.
    const rulesets = [
      compileRuleset({ categories: ['credentials'] }, BUILTIN_CATALOG),
      compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG),
      compileRuleset({
        rules: {
          'weak-hash': { severity: 'error', paths: { include: ['src/**', '!src/gen/**'], exclude: ['!**/*.ts'] } },
          'sql-injection': { severity: 'warning', paths: { include: ['!lib/**'] } },
          'eval-non-literal': { severity: 'warning', paths: { include: ['**/a/**/b', '*.{js,ts}', 'x?/[ab]*'] } },
        },
      }, BUILTIN_CATALOG),
    ];
    const names = ['test', 'tests', 'spec', 'vendor', 'third_party', '.github', 'workflows', 'settings', 'src', 'gen', 'lib', 'a', 'b', 'x1',
      'staging', 'my-stage', 'docs', '.docker', 'containers', 'a.js', 'a.ts', 'ci.yml', 'x.min.js', 'a.test.ts', 'test_a.py', 'dev.py',
      'config.json', 'auth.json', '.npmrc', '.netrc', 'README.md', 'a-dev.yml', 'Test', 'A.JS', ''];
    const path = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 6 }).map((n) => n.join('/'));
    fc.assert(fc.property(path, (p) => {
      tried('activeFor');
      for (const ruleset of rulesets) {
        assert.deepEqual(ruleset.activeFor(p).map((r) => r.meta.id), ruleset.active.filter((r) => r.appliesTo(p)).map((r) => r.meta.id), p);
      }
    }), fuzzOptions());
  });

  it('links findings to the team training pages: rule, then CWE, then base URL', async () => {
    const loaded = await loadRuleset(write(folder(), 'r.yaml', [
      'training:',
      '  baseUrl: https://learn.example.com/sc',
      '  rules: { weak-hash: "https://learn.example.com/hashing" }',
      '  cwe: { CWE-95: "https://learn.example.com/eval" }',
      '',
    ].join('\n')));
    const ruleset = compileRuleset(loaded.config, BUILTIN_CATALOG);
    assert.equal(ruleset.teamLesson('weak-hash'), 'https://learn.example.com/hashing');
    assert.equal(ruleset.teamLesson('eval-non-literal'), 'https://learn.example.com/eval');
    assert.equal(ruleset.teamLesson('aws-access-key-id'), 'https://learn.example.com/sc/aws-access-key-id');
  });
});

describe('re2jsMatcher agrees with V8 (property)', () => {
  // A grammar both engines read the same way: literals, classes, groups, alternation, quantifiers.
  const atom = fc.constantFrom('a', 'b', 'é', ' ', '[ab]', '[^a]', '[a-c]', '\\d', 'x');
  const piece = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{1,3}', '+?', '*?')).map(([a, q]) => a + q);
  const seq = fc.array(piece, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
  // Inside a repeated group, only pieces that cannot match empty: the engines differ on repeating an
  // empty iteration (ECMAScript's empty-check), which no sensible rule relies on.
  const solid = fc.array(fc.tuple(atom, fc.constantFrom('', '+', '{1,3}', '+?')).map(([a, q]) => a + q), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(''));
  const pattern = fc.oneof(
    seq,
    fc.tuple(seq, seq).map(([a, b]) => `(${a})|${b}`),
    fc.tuple(seq, solid).map(([a, b]) => `${a}(${b})+`),
  );
  const text = fc.array(fc.constantFrom('a', 'b', 'é', ' ', '1', 'c', 'x'), { maxLength: 40 }).map((xs) => xs.join(''));

  it('finds the same matches at the same UTF-16 offsets, with the same groups', () => {
    fc.assert(fc.property(pattern, text, fc.constantFrom('', 'i'), (p, t, flags) => {
      const rows = (m: ReturnType<typeof v8Matcher>) => [...m.matches(t)].map((x) => [x.start, x.end, x.group(1) ?? null]);
      assert.deepEqual(rows(re2jsMatcher(p, flags)), rows(v8Matcher(p, flags)), `/${p}/${flags} on ${JSON.stringify(t)}`);
    }), { numRuns: Number(process.env.WARDEN_PROPERTY_RUNS ?? 500) });
  });
});

describe('ruleset loader on arbitrary input (property)', () => {
  it('either returns a config or throws a RulesetError with a line inside the file', () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null),
        fc.constantFrom('off', 'error', 'warden:strict', 'weak-hash', 'https://x.example/r.yaml', '(a)\\1', '[', 'CWE-798'),
        fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(tie('key') as fc.Arbitrary<string>, tie('any'), { maxKeys: 3 })),
      key: fc.constantFrom('extends', 'rules', 'required', 'customRules', 'training', 'ignorePaths', 'minVersion', 'suppressions',
        'weak-hash', 'severity', 'paths', 'id', 'pattern', 'message', 'examples', 'match', 'noMatch', 'maxDays', 'forbid', 'x'),
    }));
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      value.any.map((v) => JSON.stringify(v) ?? ''),
      value.any.map((v) => `rules:\n  weak-hash: ${JSON.stringify(v)}\n`),
      fc.dictionary(value.key, value.any, { maxKeys: 4 }).map((v) => JSON.stringify(v, null, 2)),
    );
    fc.assert(fc.property(text, fc.constantFrom('r.yaml', 'r.json'), (t, name) => {
      try {
        parseRuleset(t, name);
      } catch (error) {
        assert.ok(error instanceof RulesetError, `not a RulesetError: ${String(error)} for ${JSON.stringify(t)}`);
        assert.ok(error.line >= 1 && error.line <= t.split('\n').length, `line ${error.line} outside the file`);
        assert.ok(error.problem.length > 10);
      }
    }), { numRuns: Number(process.env.WARDEN_PROPERTY_RUNS ?? 500) });
  });
});
