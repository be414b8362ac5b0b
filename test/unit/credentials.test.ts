import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { base62, crc32 } from '../../server/src/engine/validators';
import { BUILTIN_CATALOG, TEXT_RULES } from '../../server/src/rules';
import { CREDENTIAL_AST_RULES, CREDENTIAL_TEXT_RULES, STRUCTURED_TOKEN_RULES } from '../../server/src/rules/credentials';
import literalJwtKey from '../../server/src/rules/ast/literal-jwt-key';
import literalSessionSecret from '../../server/src/rules/ast/literal-session-secret';
import literalCipherKey from '../../server/src/rules/ast/literal-cipher-key';
import literalDbPassword from '../../server/src/rules/ast/literal-db-password';
import literalOauthClientSecret from '../../server/src/rules/ast/literal-oauth-client-secret';
import jwtPasswordInPayload from '../../server/src/rules/ast/jwt-password-in-payload';
import { applyFixes, testRule } from '../helpers/ruleTester';
import type { TextRuleSpec } from '../../server/src/engine/textRules';

const rule = (id: string): TextRuleSpec => {
  const found = TEXT_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

/** A GitHub token with a valid checksum, built from a fixed 30-character body (not a real token). */
const githubToken = (prefix: string, body: string) => `${prefix}_${body}${base62(crc32(body), 6)}`;
const GHP = githubToken('ghp', 'R4nd0mB0dyF0rW4rd3nT3st5Xq9Zk2');
const B64_LINE = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0';

/**
 * Whether a rule's secret group sits inside a look-behind (Mailchimp's key before its `-us18`): the match then
 * starts after the secret, so no fix can replace the literal that holds it.
 */
function secretInLookBehind(r: TextRuleSpec): boolean {
  const { pattern, secretGroup = 1 } = r;
  const open: boolean[] = []; // for each group open here: whether it is a look-behind
  let groups = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      while (pattern[++i] !== ']') if (pattern[i] === '\\') i++;
    } else if (c === ')') {
      open.pop();
    } else if (c === '(') {
      const lookBehind = pattern.startsWith('(?<=', i) || pattern.startsWith('(?<!', i);
      const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(pattern.slice(i))?.[1];
      const capturing = pattern[i + 1] !== '?' || named !== undefined;
      if (capturing && (typeof secretGroup === 'number' ? ++groups === secretGroup : named === secretGroup)) return open.includes(true);
      open.push(lookBehind);
    }
  }
  return false;
}

describe('credential rules: coverage', () => {
  it('has at least 60 structured token kinds besides keys, URLs, generic and file rules', () => {
    assert.ok(STRUCTURED_TOKEN_RULES.length >= 60, `${STRUCTURED_TOKEN_RULES.length} structured rules`);
    for (const r of STRUCTURED_TOKEN_RULES) {
      assert.equal(r.confidence, 'high', r.id);
      assert.ok(r.validators && r.validators.length > 0, `${r.id} checks its value (placeholder, checksum or documented example)`);
      assert.ok(r.envFix || secretInLookBehind(r), `${r.id} offers the environment fix`);
    }
  });
  it('puts every credential rule in the credentials category with a keyword prefilter', () => {
    for (const r of CREDENTIAL_TEXT_RULES) {
      assert.equal(r.category, 'credentials', r.id);
      assert.ok(r.keywords.length > 0 && r.keywords.every((k) => k === k.toLowerCase()), r.id);
    }
    for (const r of CREDENTIAL_AST_RULES) assert.equal(r.meta.category, 'credentials', r.meta.id);
  });
});

testRule(rule('github-personal-access-token'), {
  valid: [
    `const token = '${GHP.slice(0, -1)}${GHP.endsWith('A') ? 'B' : 'A'}';`, // checksum broken
    'const token = process.env.GITHUB_TOKEN;',
  ],
  invalid: [
    { code: `const token = '${GHP}';`, errors: [{ line: 1, column: 16, endLine: 1, endColumn: 56, message: 'GitHub personal access token' }], output: 'const token = process.env.TOKEN;' },
    { code: `# deploy\nexport GITHUB_TOKEN=${GHP}\n`, path: 'deploy.sh', errors: [{ line: 2, column: 21, endColumn: 61 }] },
  ],
});

// The same layout with a broken checksum: a warning of its own, never the structured rule's error.
const GHP_BROKEN = `${GHP.slice(0, -1)}${GHP.endsWith('A') ? 'B' : 'A'}`;
testRule(rule('github-token-bad-checksum'), {
  valid: [`const token = '${GHP}';`, "const token = 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';", "const token = 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';"],
  invalid: [
    { code: `const token = '${GHP_BROKEN}';`, errors: [{ line: 1, column: 16, endLine: 1, endColumn: 56, message: 'cannot authenticate as written' }] },
    { code: `GH_TOKEN=${GHP_BROKEN.replace(/^ghp/, 'ghs')}`, path: '.env', errors: [{ line: 1, column: 10, endColumn: 50 }] },
  ],
});

// GitLab issues each token kind at one length (GitLab's generators: Devise.friendly_token 20, SecureRandom.hex(20)
// 40 for trigger tokens, hex(32) 64 for OAuth application secrets, base 36 of 16 random bytes 24–25 for incoming
// mail tokens, friendly_token(50) for agent tokens), or routable: a base64url payload, `.`, a two-character length
// and a seven-character CRC (with a `.` after the length in later releases). Other lengths are no token GitLab made.
const at = (token: string) => ({ code: `const t = '${token}';`, errors: [{ line: 1, column: 12, endLine: 1, endColumn: 12 + token.length }] });
const GL_ROUTABLE = 'T3nLq8Rv2Xk9Mw4Zp7Hb5Jc6Nd1Fy';
testRule(rule('gitlab-personal-access-token'), {
  valid: [
    "const t = 'glpat-Xq7vR2mKp9LtZ4wNb8HcQz';", // 22: longer than friendly_token's 20, and no routable suffix
    `const t = 'glpat-${GL_ROUTABLE}Qw8Rt2Ky6Pm4Vb9Nc3';`, // 47 with no suffix
  ],
  invalid: [at('glpat-Xq7vR2mKp9LtZ4wNb8Hc'), at(`glpat-${GL_ROUTABLE}.01a7k2m9q`), at(`glpat-${GL_ROUTABLE}.01.a7k2m9qz4`)],
});
testRule(rule('gitlab-ci-token'), {
  valid: [
    "const t = 'glimt-Mq7vR2mKp9LtZ4wNb8Hc3Jd';", // 23
    "const t = 'glimt-Mq7vR2mKp9LtZ4wNb8Hc3Jd6WqPz3';", // 29
    "const t = 'glptt-Xq7vR2mKp9LtZ4wNb8Hc';", // 20: trigger tokens are 40
    "const t = 'glptt-Xq7vR2mKp9LtZ4wNb8HcXq7vR2mKp9LtZ4wNb8HcJd6WqP';", // 46
    "const t = 'gloas-Xq7vR2mKp9LtZ4wNb8HcXq7vR2mKp9LtZ4wNb8';", // 38: OAuth application secrets are 64
    "const t = 'glagent-Xq7vR2mKp9LtZ4wNb8Hc';", // 20: agent tokens are 50
    `const t = 'glsoat-${GL_ROUTABLE}Qw8Rt2Ky6Pm4Vb9Nc3Lh5J';`, // 51 with no routable suffix
  ],
  invalid: [
    at('gldt-AkM5IVBiHfEgUgwRHufa'),
    at('glcbt-1a_Cjcjc8wMc37PTL1jZfLM'),
    at('glimt-3k9x2m7q8v4z1n6b5w0r2t8y4'),
    at('glptt-9f3a61c07be24d58a1f06c3e92b7d4a85e1f6c20'),
    at('gloas-4c9e1f7a2b8d3e6f0a5c1b9d7e3f2a8c6b4d0e9f1a7c3b5d8e2f6a0c4b9d1e7f'),
    at('glagent-Xq7vR2mKp9LtZ4wNb8HcXq7vR2mKp9LtZ4wNb8HcJd6WqPz3Rs'),
    at(`glrt-t1_${GL_ROUTABLE}.01a7k2m9q`),
  ],
});

describe('credential rules: GitHub tokens by checksum', () => {
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
  const found = (token: string) => analyze({ text: `const token = '${token}';`, path: 'src/gh.js' }, ruleset).findings.map((f) => [f.ruleId, f.severity, f.message]);
  it('reports a token that passes the checksum as an error and one that fails as a warning saying so, each once and masked', () => {
    const good = found(GHP), bad = found(GHP_BROKEN);
    assert.deepEqual(good.map(([id, sev]) => [id, sev]), [['github-personal-access-token', 'error']]);
    assert.deepEqual(bad.map(([id, sev]) => [id, sev]), [['github-token-bad-checksum', 'warning']]);
    assert.ok(!String(bad[0]![2]).includes(GHP_BROKEN.slice(4, 12)), 'masked');
  });
});

/** 1-based column of `needle` in `code`, and the column just after it. */
const span = (code: string, needle: string) => ({ line: 1, column: code.indexOf(needle) + 1, endColumn: code.indexOf(needle) + needle.length + 1 });

// Grafana API keys: issued ones decode to {"k":…,"n":…,"id":…} (an error); a value that only starts so is a lookalike (a warning).
const GRAFANA_KEY = Buffer.from(JSON.stringify({ k: 'Qm7TfE2xLp0RkV9sWn3bYc4dAbZ8uY1Q', n: 'ci-deploy', id: 1 })).toString('base64').replace(/=+$/, '');
const GRAFANA_NOT_ISSUED = 'eyJrIjoiq7xk2mv9tb4wz1rc8nf5hd3jp6ls0ygae4u8i2o6p0a3s5d7f9g1h3j5k7l9z2x4c6v8b0n1m3q';
describe('credential rules: Grafana keys issued and made up', () => {
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
  const found = (value: string) => analyze({ text: `GRAFANA_API_KEY=${value}`, path: '.env' }, ruleset).findings.map((f) => [f.ruleId, f.severity]);
  it('reports an issued key as an error, a value that does not decode as a warning, and a glc_ token without base64 JSON as a warning, each once', () => {
    assert.deepEqual(found(GRAFANA_KEY), [['grafana-api-key', 'error']]);
    assert.deepEqual(found(GRAFANA_NOT_ISSUED), [['grafana-key-bad-layout', 'warning']]);
    assert.deepEqual(found('glc_q7xk2mv9tb4wz1rc8nf5hd3jp6ls0yga'), [['grafana-key-bad-layout', 'warning']]);
  });
});

testRule(rule('grafana-api-key'), {
  valid: [{ code: `GRAFANA_API_KEY=${GRAFANA_NOT_ISSUED}`, path: '.env' }],
  invalid: [{ code: `curl -H "Authorization: Bearer ${GRAFANA_KEY}" https://grafana.internal/api/search`, path: 'ops/find.sh', errors: [span(`curl -H "Authorization: Bearer ${GRAFANA_KEY}" https://grafana.internal/api/search`, GRAFANA_KEY)] }],
});

const SLACK_HOOK_ODD = 'https://hooks.slack.com/workflows/q7xk2mv9tb4wz1rc8nf5hd3jp6ls0ygae';
const SLACK_HOOK = 'https://hooks.slack.com/services/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';
testRule(rule('webhook-url-bad-layout'), {
  valid: [{ code: `const hook = '${SLACK_HOOK}';`, path: 'src/notify.js' }, { code: "const hook = 'https://hooks.slack.com/services/';", path: 'src/notify.js' }],
  invalid: [{ code: `const hook = '${SLACK_HOOK_ODD}';`, path: 'src/notify.js', errors: [{ ...span(`const hook = '${SLACK_HOOK_ODD}';`, SLACK_HOOK_ODD), message: 'cannot be a webhook' }] }],
});

const CURL_KEY = 'curl https://api.stripe.com/v1/charges -u rk_4eC39HqLyjWDarjtT1zdp7dc: -d amount=2000';
testRule(rule('curl-user-key'), {
  valid: [{ code: 'curl https://api.stripe.com/v1/charges -u "$STRIPE_KEY:" -d amount=2000', path: 'ci/charge.sh' }, { code: 'curl -u deploy-bot: https://api.internal/', path: 'ci/deploy.sh' }],
  invalid: [{ code: CURL_KEY, path: 'docs/billing.md', errors: [span(CURL_KEY, 'rk_4eC39HqLyjWDarjtT1zdp7dc')] }],
});

const SUMO = 'export SUMOLOGIC_ACCESSID="suVq3Lk8Tz1Wm4"';
testRule(rule('sumologic-access-id'), {
  valid: [{ code: 'export SUMOLOGIC_COLLECTOR="suVq3Lk8Tz1Wm4"', path: 'ci/logs.sh' }],
  invalid: [{ code: SUMO, path: 'ci/logs.sh', errors: [span(SUMO, 'suVq3Lk8Tz1Wm4')] }],
});

// Telegram's own documented example does not start AA; a token that does not is reported where the line names Telegram.
const TELEGRAM = 'TELEGRAM_BOT_TOKEN = "5190374862:Bx7kQ2mV9tL4wZ1rC8nF5hD3jP6sY0gEa4u"';
testRule(rule('telegram-bot-token'), {
  valid: [{ code: 'BUILD_ID = "5190374862:Bx7kQ2mV9tL4wZ1rC8nF5hD3jP6sY0gEa4u"', path: 'app/settings.py' }],
  invalid: [{ code: TELEGRAM, path: 'app/settings.py', errors: [span(TELEGRAM, '5190374862:Bx7kQ2mV9tL4wZ1rC8nF5hD3jP6sY0gEa4u')] }],
});

testRule(rule('aws-access-key-id'), {
  valid: [{ code: 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', path: '.env' }],
  invalid: [{ code: 'AWS_ACCESS_KEY_ID=AKIAZ7QXS4D2L5RVN3KB', path: '.env', errors: [{ line: 1, column: 19, endColumn: 39, message: 'rotate' }] }],
});

testRule(rule('private-key'), {
  valid: ['-----BEGIN CERTIFICATE-----\n' + B64_LINE + '\n-----END CERTIFICATE-----'],
  invalid: [
    { code: `-----BEGIN RSA PRIVATE KEY-----\n${B64_LINE}\n-----END RSA PRIVATE KEY-----\n`, path: 'id_rsa', errors: [{ line: 1, column: 1, endLine: 2, endColumn: 78 }] },
    { code: `{"key": "-----BEGIN PRIVATE KEY-----\\n${B64_LINE}\\n-----END PRIVATE KEY-----\\n"}`, path: 'sa.json', errors: [{ line: 1, column: 10, endLine: 1, endColumn: 116 }] },
  ],
});

testRule(rule('generic-secret'), {
  valid: [
    { code: 'API_SECRET = os.environ["API_SECRET"]', path: 'settings.py' },
    { code: "API_SECRET = 'your-api-secret-here'", path: 'settings.py' },
    { code: "TOKEN_URL = 'https://auth.example.com/token'", path: 'settings.py' },
    { code: "csrf_token = 'a8f5f167f44f4964e6c998dee827110c'", path: 'settings.py' },
    // Values that spell out their own name are labels (enum members, event names), not secrets.
    { code: '    ACCESS_TOKEN_WITH_AUTH_SCHEME: "AccessToken_With_AuthScheme",', path: 'constants.js' },
    { code: '    ACQUIRE_TOKEN_START: "msal:acquireTokenStart",', path: 'events.ts' },
    { code: 'export const PlatformAuthDOMGetToken = "platformAuthDOMGetToken";', path: 'telemetry.ts' },
    { code: '    SHA256_TOKEN_TO_REFRESH: "token_sha256_to_refresh",', path: 'constants.ts' },
  ],
  invalid: [
    // Sharing words with the name is not enough when the rest of the value looks random.
    { code: 'API_SECRET = "api_secret_Zq8xLm2Vp9Rt"', path: 'settings.py', errors: [{ line: 1, column: 15, endColumn: 38 }] },
    {
      code: 'API_SECRET = "q8ZrT3vLm2Xk9PwY4sNb7HcJ5dRf6GtA"', path: 'settings.py',
      errors: [{ line: 1, column: 15, endColumn: 47, message: 'Secret assigned a literal' }],
      output: 'API_SECRET = os.environ["API_SECRET"]',
    },
  ],
});

testRule(rule('hardcoded-password'), {
  valid: [
    { code: 'String dbPassword = System.getenv("DB_PASSWORD");', path: 'Db.java' },
    { code: 'String passwordLabel = "Enter your password";', path: 'Db.java' },
    { code: 'const FLOW_PASSWORD_REQUIRED_V2 = "FlowPasswordRequiredResultV2";', path: 'flows.js' },
    { code: 'const FLOW_EXISTING_ACCOUNT_PASSWORD_REQUIRED_V2 = "FlowExistingAccountPasswordRequiredResultV2";', path: 'flows.js' },
  ],
  invalid: [
    { code: 'DB_PASSWORD = "db_password_2024"', path: 'settings.py', errors: [{ line: 1, column: 16, endColumn: 32 }] },
    { code: '    String dbPassword = "Xk9#mP2$qL";', path: 'Db.java', errors: [{ line: 1, column: 26, endColumn: 36 }], output: '    String dbPassword = System.getenv("DB_PASSWORD");' },
  ],
});

testRule(rule('connection-string-password'), {
  valid: [{ code: 'url: postgres://postgres:postgres@localhost:5432/dev', path: 'docker-compose.yml' }],
  invalid: [
    {
      code: 'url: postgres://app:Zq8xLm2Vp9Rt@db.internal:5432/orders', path: 'docker-compose.yml',
      errors: [{ line: 1, column: 21, endColumn: 33 }],
      output: 'url: postgres://app:${POSTGRES_PASSWORD}@db.internal:5432/orders',
    },
  ],
});

testRule(rule('kubernetes-secret-data'), {
  valid: [{ code: 'kind: ConfigMap\ndata:\n  password: WnE4eExtMlZwOVJ0\n', path: 'cm.yaml' }],
  invalid: [{ code: 'apiVersion: v1\nkind: Secret\ndata:\n  password: WnE4eExtMlZwOVJ0\n', path: 'secret.yaml', errors: [{ line: 4, column: 13, endColumn: 29 }] }],
});

describe('a Kubernetes Secret manifest', () => {
  it('leaves its values to kubernetes-secret-data: `kind: Secret` in any case, quoted, nested, with a comment; not another kind nor a commented one', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const found = (kind: string) => analyze({ text: `apiVersion: v1\n${kind}\nmetadata:\n  name: db\nstringData:\n  api_token: 9fK2xQ7mZp4LwT8vB3nR6yHc\n`, path: 'k8s/db.yaml' }, ruleset).findings.map((f) => f.ruleId);
    assert.deepEqual(found('kind: Secret'), ['kubernetes-secret-data']);
    assert.deepEqual(found('kind: Secret\r'), ['kubernetes-secret-data']);
    for (const kind of ["KIND :  'secret'", '  - kind:\t"Secret" # c']) assert.deepEqual(found(kind), [], kind);
    for (const kind of ['kind: ConfigMap', 'kind: SecretStore', '# kind: Secret', 'kind: Secret-ish']) assert.deepEqual(found(kind), ['config-secret'], kind);
  });
});

testRule(literalJwtKey, {
  valid: [
    // options objects: from the environment, a parameter (what the caller passes is not known here), a key deleted before use
    "const opts = { secretOrKey: process.env.JWT_SECRET };\nnew JwtStrategy(opts, verify);",
    'function setup(opts) {\n  opts.secretOrKey = opts.secretOrKey || fallback;\n  return new JwtStrategy(opts, verify);\n}',
    "const opts = { secret: 'k3y-one', algorithms: ['HS256'] };\ndelete opts.secret;\napp.use(jwt(opts));",
    "const Strategy = require('passport-local').Strategy;\nnew Strategy({ secretOrKey: 'k3y-one' });", // not passport-jwt's
    'jwt.sign({ id }, process.env.JWT_SECRET);', "jwt.verify(token, publicKey, { algorithms: ['RS256'] });",
    "const secret = process.env.SECRET;\njwt.sign(p, secret);",
    "let secret = 'dev';\nsecret = process.env.SECRET;\njwt.sign(p, secret);", // not a constant
    "const other = require('other-lib');\nconst s = 'k3y';\nother.sign(p, s);",
    // a parameter of the same name shadows the file's constant: the key is whatever the caller passes
    "const secret = 'shhhhh';\nfunction sign(p, secret) { return jwt.sign(p, secret); }",
    "var a = b;\nvar b = a;\njwt.sign(p, a);", // names pointing at each other: no literal, and the walk ends
    // two bindings in one scope: which one reaches the call is not known here
    "let secret = 'a-one';\nif (prod) { secret = 'b-two'; }\njwt.sign(p, secret);",
    // a field written twice (the second from the environment), or `this` of a plain function: not followed
    "class A {\n  constructor() { this.k = 'shhhhh'; this.k = process.env.K; }\n  s() { return new JwtStrategy({ jwtFromRequest, secretOrKey: this.k }, cb); }\n}",
    "function A() { this.k = 'shhhhh'; return new JwtStrategy({ jwtFromRequest, secretOrKey: this.k }, cb); }",
    "class A {\n  constructor() { this.k = 'shhhhh'; }\n  s() { return function () { return new JwtStrategy({ jwtFromRequest, secretOrKey: this.k }, cb); }; }\n}",
    // options kept on `this`: set after the use, or by another function (its own `this`)
    "module.exports = () => {\n  passport.use(new JwtStrategy(this.o, cb));\n  this.o = { jwtFromRequest, secretOrKey: 'k3y-one' };\n};",
    "function init() { this.o = { jwtFromRequest, secretOrKey: 'k3y-one' }; }\nfunction use() { passport.use(new JwtStrategy(this.o, cb)); }",
  ],
  invalid: [
    // passport-jwt's Strategy under another name
    { code: "const Strat = require('passport-jwt').Strategy;\nconst x = new Strat({ secretOrKey: 'k3y-one' });", errors: [{ line: 2, column: 36, endColumn: 45 }] },
    // passport-jwt's own example: the key set on an options object before the strategy is made
    {
      code: "var opts = {};\nopts.jwtFromRequest = ExtractJwt.fromAuthHeaderAsBearerToken();\nopts.secretOrKey = 'k3y-one';\npassport.use(new JwtStrategy(opts, verify));",
      errors: [{ line: 3, column: 20, endColumn: 29, message: 'Literal JWT signing key' }],
      output: "var opts = {};\nopts.jwtFromRequest = ExtractJwt.fromAuthHeaderAsBearerToken();\nopts.secretOrKey = process.env.JWT_SECRET;\npassport.use(new JwtStrategy(opts, verify));",
    },
    // options kept on `this` in a module-level arrow (`this` is module.exports there), then passed on
    {
      code: "module.exports = (options) => {\n  let secretz = 'k3y-one';\n  this.passportOptions = { jwtFromRequest: ExtractJwt.fromHeader('x'), secretOrKey: secretz };\n  passport.use(new JwtStrategy(this.passportOptions, cb));\n};",
      errors: [{ line: 3, column: 85, endColumn: 92, message: 'in the constant secretz' }],
    },
    // a class's options field, set in the constructor and passed on in a method
    {
      code: "class Auth {\n  constructor() { this.opts = { jwtFromRequest, secretOrKey: 'k3y-one' }; }\n  setup() { passport.use(new JwtStrategy(this.opts, cb)); }\n}",
      errors: [{ line: 2, column: 62, endColumn: 71 }],
    },
    // Object.assign of a constant given to express-jwt
    {
      code: "let secret = 'k3y-one';\nconst opts = Object.assign({ issuer: 'http://issuer' }, { secret });\napp.get('/p', jwt(opts), handler);",
      errors: [{ line: 2, column: 59, endColumn: 65, message: 'in the constant secret' }],
      output: "let secret = process.env.JWT_SECRET;\nconst opts = Object.assign({ issuer: 'http://issuer' }, { secret });\napp.get('/p', jwt(opts), handler);",
    },
    { code: "jwt\n  .sign({ id: user.id }, 'k');", errors: [{ line: 2, column: 26, endLine: 2, endColumn: 29 }] },
    { code: "passport.use(new JwtStrategy({ jwtFromRequest, 'secretOrKey': \"k\" }, cb));", errors: [{ line: 1, column: 63, endLine: 1, endColumn: 66 }] },
    { code: "const t = jwt.sign({ id }, 'shhhhh');", errors: [{ line: 1, column: 28, endColumn: 36, message: 'JWT' }], output: 'const t = jwt.sign({ id }, process.env.JWT_SECRET);' },
    { code: "app.use(expressjwt({ secret: 'k3y', algorithms: ['HS256'] }));", errors: [{ line: 1, column: 30, endColumn: 35 }] },
    { code: "const t = JWT.sign(payload, jose.JWK.asKey('raz-dva'));", errors: [{ line: 1, column: 44, endColumn: 53 }] },
    // a constant holding the literal: reported at the use, fixed at the literal
    {
      code: "const secret = 'shhhhh';\nconst t = jwt.sign(payload, secret);",
      errors: [{ line: 2, column: 29, endColumn: 35, message: 'in the constant secret' }],
      output: "const secret = process.env.JWT_SECRET;\nconst t = jwt.sign(payload, secret);",
    },
    // jsonwebtoken under another name, required or imported
    { code: "const jsonwt = require('jsonwebtoken');\njsonwt.sign(payload, 'some-secret');", errors: [{ line: 2, column: 22, endColumn: 35 }] },
    { code: "import * as tokens from 'jsonwebtoken';\ntokens.verify(t, 'some-secret');", errors: [{ line: 2, column: 18, endColumn: 31 }] },
    { code: "const { sign } = require('jsonwebtoken');\nsign({ id }, 'some-secret');", errors: [{ line: 2, column: 14, endColumn: 27 }] },
    // jose 1-2: the constant inside JWK.asKey
    { code: "const secret13 = 'shhhhh';\nJWT.verify(payload, JWK.asKey(secret13));", errors: [{ line: 2, column: 31, endColumn: 39 }] },
    // two names between the use and the literal (jose: a key made of a constant)
    { code: "const secret16 = 'shhhhh';\nconst key16 = JWK.asKey(secret16);\nJWT.verify(payload, key16);", errors: [{ line: 3, column: 21, endColumn: 26, message: 'in the constant key16' }] },
    // a class field set once (njsscan's passport sample): reported at the use, fixed at the literal
    {
      code: "class Auth {\n  constructor() {\n    this.jwt_secret = 'HARDCODED-SECRET';\n    passport.use(new JwtStrategy({ jwtFromRequest, secretOrKey: this.jwt_secret }, cb));\n  }\n}",
      errors: [{ line: 4, column: 70, endColumn: 80, message: 'in the field this.jwt_secret' }],
      output: "class Auth {\n  constructor() {\n    this.jwt_secret = process.env.JWT_SECRET;\n    passport.use(new JwtStrategy({ jwtFromRequest, secretOrKey: this.jwt_secret }, cb));\n  }\n}",
    },
    { code: "class Auth {\n  key = 'shhhhh';\n  s() { return new JwtStrategy({ jwtFromRequest, secretOrKey: this.key }, cb); }\n}", errors: [{ line: 3, column: 68, endColumn: 71 }] },
    // writes to another `this` (a nested class, a plain function's own) are not the field's: still one write
    {
      code: "class A {\n  constructor() { this.k = 'shhhhh'; }\n  m() { return class B { constructor() { this.k = process.env.K; } }; }\n  s() { return new JwtStrategy({ jwtFromRequest, secretOrKey: this.k }, cb); }\n}",
      errors: [{ line: 4, column: 68, endColumn: 69, message: 'in the field this.k' }],
    },
    {
      code: "class A {\n  constructor() { this.k = 'shhhhh'; }\n  m() { return function () { this.k = process.env.K; }; }\n  s() { return new JwtStrategy({ jwtFromRequest, secretOrKey: this.k }, cb); }\n}",
      errors: [{ line: 4, column: 68, endColumn: 69, message: 'in the field this.k' }],
    },
    { code: "passport.use(new JwtStrategy({ secretOrKey: 'shhhhh' }, cb));", errors: [{ line: 1, column: 45, endColumn: 53 }] },
    // a constant named in passport's option
    { code: "const secretz = 'HARDCODED-SECRET';\nconst o = new JwtStrategy({ jwtFromRequest, secretOrKey: secretz }, cb);", errors: [{ line: 2, column: 58, endColumn: 65, message: 'in the constant secretz' }] },
    // a `let` never reassigned holds its literal too
    { code: "let secret = 'shhhhh';\njwt.sign(p, secret);", errors: [{ line: 2, column: 13, endColumn: 19, message: 'in the constant secret' }] },
    // shadowing: the binding in scope at the use is the one followed (the outer one comes from the environment)
    {
      code: "const key = process.env.K;\nfunction mint(p) {\n  const key = 'inner-k3y';\n  return jwt.sign(p, key);\n}",
      errors: [{ line: 4, column: 22, endColumn: 25, message: 'in the constant key' }],
      output: "const key = process.env.K;\nfunction mint(p) {\n  const key = process.env.JWT_SECRET;\n  return jwt.sign(p, key);\n}",
    },
  ],
}, 'auth.js');

testRule(literalSessionSecret, {
  valid: [
    'app.use(session({ secret: process.env.SESSION_SECRET }));',
    "const config = { secret: process.env.SESSION_SECRET };\napp.use(session(config));",
    // the name in scope at the use is the inner one, from the environment
    "let a = 'k3y';\nfunction f() {\n  let a = process.env.S;\n  app.use(session({ secret: a }));\n}",
    // express-session signs with `secret` only and ignores `keys` (cookie-session's option)
    "const session = require('express-session');\napp.use(session({ keys: ['key1', 'key2'], secret: process.env.S }));",
    "import session from 'express-session';\nconst opts = { keys: ['key1', 'key2'] };\napp.use(session(opts));",
  ],
  invalid: [
    { code: "app.use(session({ 'secret': /* rotate */ 'k3y' }));", errors: [{ line: 1, column: 42, endLine: 1, endColumn: 47 }] },
    { code: "app\n  .keys = ['k1'];", errors: [{ line: 2, column: 12, endLine: 2, endColumn: 16 }] },
    { code: "const sealed = await sealData(data, { password: 'pw-0123456789' });", errors: [{ line: 1, column: 49, endLine: 1, endColumn: 64 }] },
    { code: "app.use(session({ secret: 'keyboard cat', resave: false }));", errors: [{ line: 1, column: 27, endColumn: 41 }], output: 'app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));' },
    { code: "const config = {\n  secret: 'a1',\n  resave: false,\n};\napp.use(session(config));", errors: [{ line: 2, column: 11, endColumn: 15 }] },
    // a constant: reported where it signs the cookies, fixed at the literal
    {
      code: "let a = 'k3y';\napp.use(session({ secret: a }));",
      errors: [{ line: 2, column: 27, endColumn: 28, message: 'in the constant a' }],
      output: "let a = process.env.SESSION_SECRET;\napp.use(session({ secret: a }));",
    },
    // an inner function's own binding does not hide the file's constant at a use outside it
    { code: "let a = 'k3y';\nfunction f() { let a = process.env.S; }\napp.use(session({ secret: a }));", errors: [{ line: 3, column: 27, endColumn: 28 }] },
    { code: "const cookieSecret = 'k3y-one';\napp.use(cookieParser(cookieSecret));", errors: [{ line: 2, column: 22, endColumn: 34, message: 'in the constant cookieSecret' }] },
    { code: "app.keys = ['im a newer secret', 'i like turtle'];", errors: [{ line: 1, column: 13 }, { line: 1, column: 34 }] },
    // cookie-session's `keys` sign its cookies, whatever the factory is called
    { code: "const session = require('cookie-session');\napp.use(session({ keys: ['key1', 'key2'] }));", errors: [{ line: 2, column: 26, endColumn: 32 }, { line: 2, column: 34, endColumn: 40 }] },
    // express-session's own `secret` is still reported
    { code: "const session = require('express-session');\napp.use(session({ keys: ['key1'], secret: 'k3y-one' }));", errors: [{ line: 2, column: 43, endColumn: 52 }] },
  ],
}, 'server.js');

testRule(literalCipherKey, {
  valid: [
    'crypto.createCipheriv("aes-256-gcm", key, iv);',
    "const key = process.env.HMAC_KEY;\ncrypto.createHmac('sha256', key);",
    "let key = 'k3y-one';\nkey = load();\ncrypto.createHmac('sha256', key);", // not a constant
  ],
  invalid: [
    { code: "crypto.createCipheriv('aes-256-gcm', Buffer.from('0123456789abcdef0123456789abcdef'), iv);", errors: [{ line: 1, column: 50, endColumn: 84 }] },
    { code: "crypto.createHmac('sha256', 'pa4qacea4VK9t9nGv7yZtwmj');", errors: [{ line: 1, column: 29, endColumn: 55, message: 'HMAC_SECRET' }] },
    // a constant: reported at the use, fixed at the literal
    {
      code: "const HMAC_KEY = 'k3y-one';\nconst h = crypto.createHmac('sha256', HMAC_KEY);",
      errors: [{ line: 2, column: 39, endColumn: 47, message: 'in the constant HMAC_KEY' }],
      output: "const HMAC_KEY = process.env.HMAC_SECRET;\nconst h = crypto.createHmac('sha256', HMAC_KEY);",
    },
  ],
}, 'crypto.ts');

testRule(literalOauthClientSecret, {
  valid: [
    'passport.use(new GoogleStrategy({ clientID: cfg.id, clientSecret: process.env.GOOGLE_SECRET, callbackURL }, verify));',
    "new FacebookStrategy({ clientSecret: config });",
    "const options = { clientSecret: 'not-a-strategy' };", // no strategy in sight
  ],
  invalid: [
    {
      code: "passport.use(new FacebookStrategy({\n  clientID: config.appId,\n  clientSecret: 'HARDCODED-SECRET',\n}, verify));",
      errors: [{ line: 3, column: 17, endColumn: 35, message: 'OAuth client secret' }],
      output: "passport.use(new FacebookStrategy({\n  clientID: config.appId,\n  clientSecret: process.env.OAUTH_CLIENT_SECRET,\n}, verify));",
    },
    { code: "const s = 'tw1tt3r-consumer';\nnew TwitterStrategy({ consumerKey: k, consumerSecret: s }, cb);", errors: [{ line: 2, column: 55, endColumn: 56, message: 'in the constant s' }] },
    { code: "new OAuth2Strategy({ authorizationURL, tokenURL, clientID: 'app', clientSecret: `s3cr3t` }, cb);", errors: [{ line: 1, column: 81, endColumn: 89 }] },
  ],
}, 'auth.js');

testRule(jwtPasswordInPayload, {
  valid: [
    'jwt.sign({ sub: user.id, role: user.role }, process.env.JWT_SECRET);',
    'jwt.sign({ ...user, password: undefined }, key);', // stripped before signing
    'jwt.sign({ id, password: null, passwordHash: void 0 }, key);',
    'jwt.sign({ id, passwordChangedAt: user.passwordChangedAt, mustChangePassword: true }, key);', // about the password, not the password
    'const { password, ...claims } = user;\njwt.sign(claims, key);', // the rest leaves the password out
    'const payload = { id };\npayload.password = user.password;\ndelete payload.password;\njwt.sign(payload, key);',
    'jwt.verify(token, key, { password: 1 });', // verifying reads a token, it puts nothing in one
    'bcrypt.hash(password, 10).then((hash) => jwt.sign({ id }, key));',
    "const enc = require('./codec');\nenc.encode({ password });", // not jwt-simple
    'jwt.sign(user.toJSON(), key);', // fields of a call are not followed
  ],
  invalid: [
    { code: 'const token = jwt.sign({ id: user.id, password: user.password }, key);', errors: [{ line: 1, column: 39, endColumn: 62, message: 'Password put into a JWT payload' }] },
    { code: 'jwt.sign({ password }, key);', errors: [{ line: 1, column: 12, endColumn: 20 }] },
    { code: "jwt.sign({ user: { 'hashed_password': row.hash } }, key);", errors: [{ line: 1, column: 20, endColumn: 47 }] },
    { code: 'const payload = { one: 1, two: 2, password: 123 };\nJWT.sign(payload, key);', errors: [{ line: 1, column: 35, endColumn: 48 }] },
    { code: 'let payload;\npayload = { user: { pwd: p } };\njwt.sign(payload, key);', errors: [{ line: 2, column: 21, endColumn: 27 }] },
    { code: 'function f(user) {\n  const payload = {};\n  payload.user.password = user.password;\n  return jwt.sign(payload, key);\n}', errors: [{ line: 3, column: 3, endColumn: 24 }] },
    { code: "const payload = Object.assign({ password: 'bar' }, { bar: 123 });\njwt.sign(payload, key);", errors: [{ line: 1, column: 33, endColumn: 48 }] },
    { code: 'const creds = { passwd: pw };\njwt.sign({ id, ...creds }, key);', errors: [{ line: 1, column: 17, endColumn: 27 }] },
    { code: "const jsonwt = require('jsonwebtoken');\nconst t = jsonwt.sign({ password: p }, k);", errors: [{ line: 2, column: 25, endColumn: 36 }] },
    { code: "import { sign } from 'jsonwebtoken';\nsign({ passphrase: p }, k);", errors: [{ line: 2, column: 8, endColumn: 21 }] },
    { code: "const jwt = require('jwt-simple');\njwt.encode({ password: p }, secret);", errors: [{ line: 2, column: 14, endColumn: 25 }] },
    { code: "const token = await new SignJWT({ sub, password: body.password }).setProtectedHeader({ alg: 'HS256' }).sign(key);", errors: [{ line: 1, column: 40, endColumn: 63 }] },
    { code: "jws.sign({ header: { alg: 'HS256' }, payload: { password: p }, secret });", errors: [{ line: 1, column: 49, endColumn: 60 }] },
  ],
}, 'auth.ts');

testRule(literalDbPassword, {
  valid: ['new Pool({ password: process.env.DB_PASSWORD });', "new Pool({ password: '' });"],
  invalid: [
    { code: "new Pool({ [\"password\"]: 'pw' });", errors: [{ line: 1, column: 26, endLine: 1, endColumn: 30 }] },
    { code: "new Sequelize('db', 'user', `pw`);", errors: [{ line: 1, column: 29, endLine: 1, endColumn: 33 }] },
    { code: "const pool = new Pool({ user: 'app', password: 'hunter22' });", errors: [{ line: 1, column: 48, endColumn: 58 }] },
    { code: "knex({ client: 'pg', connection: { host, password: 'pw' } });", errors: [{ line: 1, column: 52 }] },
  ],
}, 'db.ts');

describe('literal secrets reported at their use: the literal as a related location', () => {
  const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
  it('points at the literal a constant holds, with no secret in its message', () => {
    const code = "const JWT_KEY = 'k3y-one-two';\nfunction mint(p) {\n  return jwt.sign(p, JWT_KEY);\n}";
    const [f] = analyze({ text: code, path: 'src/auth.js' }, ruleset).findings.filter((x) => x.ruleId === 'literal-jwt-key');
    assert.ok(f);
    assert.equal(code.slice(f.start, f.end), 'JWT_KEY');
    assert.equal(code.slice(0, f.start).split('\n').length, 3);
    assert.deepEqual(f.related?.map((r) => [code.slice(r.start, r.end), r.message]), [["'k3y-one-two'", 'the JWT signing key is written here']]);
  });
  it('adds none when the literal is at the use', () => {
    const code = "jwt.sign(p, 'k3y-one-two');";
    const [f] = analyze({ text: code, path: 'src/auth.js' }, ruleset).findings.filter((x) => x.ruleId === 'literal-jwt-key');
    assert.ok(f);
    assert.equal(f.related, undefined);
  });
  it('points at the call that takes an options object built before it', () => {
    const code = "var opts = {};\nopts.secretOrKey = 'k3y-one';\npassport.use(new JwtStrategy(opts, verify));";
    const [f] = analyze({ text: code, path: 'src/auth.js' }, ruleset).findings.filter((x) => x.ruleId === 'literal-jwt-key');
    assert.ok(f);
    assert.deepEqual(f.related?.map((r) => [code.slice(r.start, r.end), r.message]), [['JwtStrategy', 'the options with the key are passed here']]);
  });
  it('keeps one finding for one secret: a weaker rule at the literal gives way to the use that names it', () => {
    // weak-literal-credential alone reports `const secret = 'shhhhh'`; literal-jwt-key reports its use
    const alone = analyze({ text: "const secret = 'shhhhh';", path: 'src/auth.js' }, ruleset).findings.map((x) => x.ruleId);
    assert.deepEqual(alone, ['weak-literal-credential']);
    const code = "const secret = 'shhhhh';\nconst t = jwt.sign({ id }, secret);";
    const found = analyze({ text: code, path: 'src/auth.js' }, ruleset).findings;
    assert.deepEqual(found.map((x) => [x.ruleId, code.slice(x.start, x.end)]), [['literal-jwt-key', 'secret']]);
  });
});

describe('credential rules: the environment fix', () => {
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
  const secret = 'q8ZrT3vLm2Xk9PwY4sNb7HcJ5dRf6GtA';
  const cases: { path: string; code: string; output: string; name: string }[] = [
    { path: 'client.ts', code: `const apiKey: string = "${secret}";`, output: 'const apiKey: string = process.env.API_KEY;', name: 'API_KEY' },
    { path: 'settings.py', code: `CONFIG["signing_key"] = "${secret}"`, output: 'CONFIG["signing_key"] = os.environ["SIGNING_KEY"]', name: 'SIGNING_KEY' },
    { path: 'Keys.java', code: `private static final String CLIENT_SECRET = "${secret}";`, output: 'private static final String CLIENT_SECRET = System.getenv("CLIENT_SECRET");', name: 'CLIENT_SECRET' },
    { path: 'config.go', code: `cfg.AuthToken = "${secret}"`, output: 'cfg.AuthToken = os.Getenv("AUTH_TOKEN")', name: 'AUTH_TOKEN' },
    { path: 'Keys.cs', code: `var webhookSecret = "${secret}";`, output: 'var webhookSecret = Environment.GetEnvironmentVariable("WEBHOOK_SECRET");', name: 'WEBHOOK_SECRET' },
    { path: 'config.php', code: `'api_secret' => '${secret}',`, output: "'api_secret' => getenv('API_SECRET'),", name: 'API_SECRET' },
    { path: 'secrets.rb', code: `config.access_token = '${secret}'`, output: 'config.access_token = ENV["ACCESS_TOKEN"]', name: 'ACCESS_TOKEN' },
    { path: 'docker-compose.yml', code: `services:\n  api:\n    environment:\n      API_TOKEN: ${secret}\n`, output: 'services:\n  api:\n    environment:\n      API_TOKEN: ${API_TOKEN}\n', name: 'API_TOKEN' },
    { path: 'config/app.yml', code: `database:\n  password: "Xk9#mP2$qL"\n`, output: 'database:\n  password: ${DATABASE_PASSWORD}\n', name: 'DATABASE_PASSWORD' },
    { path: 'application.properties', code: 'spring.datasource.password=Xk9mP2qLz8', output: 'spring.datasource.password=${SPRING_DATASOURCE_PASSWORD}', name: 'SPRING_DATASOURCE_PASSWORD' },
    { path: 'main.tf', code: `  client_secret = "${secret}"`, output: '  client_secret = var.client_secret', name: 'TF_VAR_client_secret' },
  ];
  for (const c of cases) {
    it(`${c.path}: replaces the literal with the lookup and adds ${c.name}= to .env.example`, () => {
      const findings = analyze({ text: c.code, path: c.path }, ruleset).findings.filter((f) => f.fix && ruleset.meta(f.ruleId)?.category === 'credentials');
      assert.ok(findings.length > 0, 'a finding with a fix');
      assert.equal(applyFixes(c.code, findings), c.output);
      const fileEdits = findings[0]!.fix!.fileEdits ?? [];
      assert.deepEqual(fileEdits, [{ relativePath: '.env.example', append: `${c.name}=\n` }]);
    });
  }
});

describe('credential rules: third-party markers', () => {
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
  const markers: [string, string][] = [
    ['config.js', `const token = '${GHP}'; // gitleaks:allow -- revoked test token`],
    ['settings.py', `GITHUB_TOKEN = "${GHP}"  # pragma: allowlist secret -- revoked test token`],
    ['client.ts', `const token = '${GHP}'; // secretlint-disable-line -- revoked test token`],
    ['deploy.sh', `export GITHUB_TOKEN=${GHP} # trufflehog:ignore -- revoked test token`],
  ];
  for (const [path, code] of markers) {
    it(`${path}: ${code.slice(code.indexOf(' -- ') - 16)} silences the credential finding on its line`, () => {
      const result = analyze({ text: code, path }, ruleset);
      assert.deepEqual(result.findings.filter((f) => f.ruleId === 'github-personal-access-token'), []);
      assert.ok(result.suppressed.some((s) => s.finding.ruleId === 'github-personal-access-token'));
    });
  }
  it('does not reach the next line', () => {
    const result = analyze({ text: `// gitleaks:allow -- fixture\nconst token = '${GHP}';`, path: 'a.js' }, ruleset);
    assert.equal(result.findings.filter((f) => f.ruleId === 'github-personal-access-token').length, 1);
  });
  it('does not silence rules outside the credentials category', () => {
    const result = analyze({ text: "const h = crypto.createHash('md5'); // gitleaks:allow -- fixture", path: 'a.js' }, ruleset);
    assert.equal(result.findings.filter((f) => f.ruleId === 'weak-hash').length, 1);
  });
});

describe('credential rules: no secret value in any message', () => {
  const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
  const texts: { text: string; path: string }[] = [];
  for (const r of CREDENTIAL_TEXT_RULES) {
    for (const e of r.examples.match) texts.push(typeof e === 'string' ? { text: e, path: 'example.txt' } : { text: e.text, path: e.path ?? 'example.txt' });
  }
  texts.push({ path: 'server.js', text: "app.use(session({ secret: 'keyboard cat' }));\nconst t = jwt.sign(p, 'shhhhh-signing');\nnew Pool({ password: 'hunter22' });" });
  it(`holds for the findings on ${texts.length} examples`, () => {
    let checked = 0;
    for (const { text, path } of texts) {
      for (const f of analyze({ text, path }, ruleset).findings) {
        if (ruleset.meta(f.ruleId)?.category !== 'credentials' || !f.secret) continue;
        const reported = text.slice(f.start, f.end).replace(/^["'`]|["'`]$/g, '');
        // No run of 8 characters of the reported secret may appear in the message, the masked form or the fix's file edits.
        const shown = [f.message, f.secret.masked, ...(f.fix?.fileEdits ?? []).map((e) => e.append), f.fix?.title ?? ''].join('\n');
        for (let i = 0; i + 8 <= reported.length; i++) {
          const window = reported.slice(i, i + 8);
          if (/^[A-Za-z_]+$/.test(window) && /^[A-Z_]+$|^[a-z]+$/.test(window)) continue; // words such as BEGIN or PRIVATE
          assert.ok(!shown.includes(window), `${f.ruleId}: "${window}" appears in ${JSON.stringify(shown)}`);
        }
        assert.ok(f.message.includes(f.secret.kind) || /rotate|revoke|change/i.test(f.message), `${f.ruleId} says what to do`);
        checked++;
      }
    }
    assert.ok(checked > 150, `${checked} findings checked`);
  });
});

// SonarQube: the typed tokens anywhere, and a 40-character value under the scanner's token property.
const SONAR_USER_TOKEN = 'squ_3e8b1d6f9a2c5e7b0d4f8a1c3e6b9d2f5a7c0e48';
const SONAR_OLD_TOKEN = 'Zr4tK8mQ2vX6nB1cW9pL3hF7jD5sG0yT8uE2iA6o';
testRule(rule('sonarqube-token'), {
  valid: [
    { code: 'sonar.login=admin', path: 'sonar-project.properties' },
    { code: `sonar.projectKey=${SONAR_OLD_TOKEN}`, path: 'sonar-project.properties' },
    { code: 'SONAR_LOGIN: squ_0000000000000000000000000000000000000000', path: '.gitlab-ci.yml' },
  ],
  invalid: [
    { code: `sonar.login=${SONAR_OLD_TOKEN}`, path: 'sonar-project.properties', errors: [span(`sonar.login=${SONAR_OLD_TOKEN}`, SONAR_OLD_TOKEN)] },
    { code: `SONAR_LOGIN := "${SONAR_USER_TOKEN}"`, path: 'Makefile', errors: [span(`SONAR_LOGIN := "${SONAR_USER_TOKEN}"`, SONAR_USER_TOKEN)] },
    { code: `token: ${SONAR_USER_TOKEN}`, path: 'ci.yml', errors: [span(`token: ${SONAR_USER_TOKEN}`, SONAR_USER_TOKEN)] },
  ],
});

describe('credential rules: `creds` names a credential as `credentials` does', () => {
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
  const found = (text: string, path: string) => analyze({ text, path }, ruleset).findings.filter((f) => ruleset.meta(f.ruleId)?.category === 'credentials').map((f) => [f.ruleId, text.slice(f.start, f.end)]);
  it('reports a random value under creds in notes, config and code, once each, and not a reference or a call', () => {
    const value = 'pQ7vL2xN9kR4tW8mZ3bF6hJ1sD5c';
    assert.deepEqual(found(`registry_creds = ${value}`, 'notes/deploy.txt'), [['text-config-secret', value]]);
    assert.deepEqual(found(`REGISTRY_CREDS=${value}`, '.env'), [['config-secret', value]]);
    assert.deepEqual(found(`const dbCreds = '${value}';`, 'src/db.js').map(([, v]) => v), [value]);
    assert.deepEqual(found('REGISTRY_CREDS=${REGISTRY_CREDS}', '.env'), []);
    assert.deepEqual(found('creds = load_creds(path)', 'src/db.py'), []);
  });
});

testRule(rule('curl-header-credential'), {
  valid: [{ code: 'curl https://deploy.corp.net/api/releases\n\nX-Deploy-ApiKey: 9c41e2d7-5b0a-4f3e-a8d6-21f7c0b3e954', path: 'notes.txt' }],
  invalid: [
    {
      code: 'curl https://deploy.corp.net/api/releases\n  -H "X-Deploy-ApiKey: 9c41e2d7-5b0a-4f3e-a8d6-21f7c0b3e954"',
      path: 'notes.txt',
      errors: [{ line: 2, column: 24, endColumn: 60 }],
    },
  ],
});
