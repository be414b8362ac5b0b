import * as fc from 'fast-check';

/**
 * Shared settings for the property-based tests: a fixed seed so a failure reproduces, and a run count
 * that CI can raise (`WARDEN_FUZZ_RUNS=2000 npm test`). Every input a property sees is counted, and
 * the total is printed once at the end (the README quotes it).
 */
export const FUZZ_SEED = Number(process.env.WARDEN_FUZZ_SEED ?? 0x7761726e);
export const FUZZ_RUNS = Number(process.env.WARDEN_FUZZ_RUNS ?? 1000);

const counts = new Map<string, number>();

/** Counts one input tried by the suite `name`. */
export function tried(name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

export function fuzzOptions(runs = FUZZ_RUNS): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true };
}

export function fuzzCounts(): ReadonlyMap<string, number> {
  return counts;
}

/** Root-level hook: prints the inputs each fuzz suite tried in this run. */
after(() => {
  if (counts.size === 0) return;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts].map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`\n  fuzz: ${total} inputs tried (seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs per property): ${parts}`);
});

/** One path per language family the engine knows, so every rule kind gets its turn. */
export const FAMILY_PATHS = [
  'src/app.js', 'src/app.ts', 'src/view.tsx', 'src/view.jsx', 'src/mod.mjs', 'tool.py', 'config/app.yaml', 'settings.json',
  'Dockerfile', '.env', 'main.go', 'src/Main.java', 'Program.cs', 'index.php', 'app.rb', 'deploy.sh', 'infra/main.tf',
  'app.properties', 'setup.ini', 'pom.xml', 'README.md', 'notes.txt', 'docker-compose.yml', 'k8s/secret.yaml',
] as const;

/** Pieces of source that steer generated text into keyword prefilters, scopes, and parsers' corners. */
const TOKENS = [
  'const ', 'let ', 'var ', 'password', 'secret', 'api_key', 'token', 'AKIAZ7QXS4D2L5RVN3KB', 'ghp_', 'sk_live_', 'xoxb-',
  '-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', 'eval(', 'exec(', 'crypto.createHash(', "'md5'",
  'http://', 'https://', 'rejectUnauthorized: false', 'verify=False', 'Math.random()', 'innerHTML = ', 'require(',
  'import ', 'from ', 'def ', 'class ', 'func ', 'public static void ', '=', ' = ', ':', ': ', '"', "'", '`', '${', '}',
  '{', '(', ')', '[', ']', ';', ',', '.', '\\', '\\"', '//', '/*', '*/', '#', '<!--', '-->', '"""', "'''", '<<EOF', '\n',
  '\r\n', '\r', '\t', '  ', 'warden-ignore', 'warden-ignore-next-line aws-access-key-id -- test fixture', 'nosec', '\ufeff',
  '\u2028', '\u0000', '\ud800', '\udc00', '😀', 'é', 'FROM node:20', 'ENV ', 'ARG ', 'RUN curl ', 'KEY=', 'export ',
  '- ', '---', 'AWS_SECRET_ACCESS_KEY', 'Tr0ub4dor&3x!', 'jdbc:mysql://user:pass@host/db', 'mongodb://u:p@h',
];

/** Code-like text: a random sequence of tokens and random characters. */
export const codeLike = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) }), { maxLength: 120 })
  .map((parts) => parts.join(''));

/** Text of every kind the engine can meet in an editor or on disk. */
export const anyText = fc.oneof(
  { weight: 3, arbitrary: codeLike },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
  // Random bytes decoded the ways a file can be: UTF-8 (with U+FFFD), Latin-1, UTF-16.
  { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('utf8', 'latin1', 'utf16le') as fc.Arbitrary<BufferEncoding>).map(([b, enc]) => Buffer.from(b).toString(enc)) },
  // A BOM in front, or text encoded in one encoding and decoded in another.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('\ufeff', '\ufffe', '\u00ef\u00bb\u00bf', ''), codeLike).map(([bom, t]) => bom + t) },
  { weight: 1, arbitrary: codeLike.map((t) => Buffer.from(t, 'utf8').toString('latin1')) },
  { weight: 1, arbitrary: codeLike.map((t) => Buffer.from(t, 'utf16le').toString('utf8')) },
  // Deep nesting, long lines, unterminated strings and comments.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('(', '[', '{', 'f(', '{a:', 'if (a) {', '- ', '  ', '<a>', '"${'), fc.integer({ min: 1, max: 3000 }), codeLike).map(([open, n, t]) => `x = ${open.repeat(n)}${t}`) },
  { weight: 1, arbitrary: fc.tuple(codeLike, fc.constantFrom('a', ' ', '"', "'", 'A1', '\\', '=', '/', '*', '0'), fc.integer({ min: 1, max: 60000 })).map(([t, c, n]) => t + c.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(codeLike, fc.constantFrom('"', "'", '`', '/*', '"""', '<!--', '/', '#', '${', "r'", '<<EOF\n'), codeLike).map(([a, open, b]) => a + open + b) },
);

/** Callee names the AST rules look for (sinks, crypto, TLS, JWT, cookies, logging…). */
const CALLEES = [
  'eval', 'Function', 'setTimeout', 'exec', 'execSync', 'child_process.exec', 'cp.spawn', 'crypto.createHash', 'crypto.createCipheriv',
  'crypto.createCipher', 'crypto.pbkdf2Sync', 'crypto.generateKeyPairSync', 'crypto.randomBytes', 'Math.random', 'jwt.sign', 'jwt.verify',
  'jwt.decode', 'res.cookie', 'res.redirect', 'res.send', 'res.json', 'res.sendFile', 'fs.readFile', 'fs.readFileSync', 'path.join',
  'db.query', 'pool.query', 'knex.raw', 'collection.find', 'User.findOne', 'console.log', 'logger.info', 'https.request', 'https.Agent',
  'tls.connect', 'fetch', 'axios.get', 'require', 'yaml.load', 'serialize.unserialize', 'document.write', 'app.use', 'cors', 'session',
  'bypassSecurityTrustHtml', 'this.sanitizer.bypassSecurityTrustHtml', 'new Function', 'new https.Agent', 'new RegExp',
];
const KEYS = ['rejectUnauthorized', 'secure', 'httpOnly', 'sameSite', 'algorithms', 'algorithm', 'origin', 'credentials', 'secret', 'password',
  'minVersion', 'secureProtocol', 'modulusLength', 'iterations', 'dangerouslySetInnerHTML', '__html', 'verify', 'expiresIn', 'key', 'iv'];

/**
 * Syntactically valid JavaScript built from the shapes AST rules meet: calls to the callees they look
 * for with every kind of argument (none, spread, templates, nested calls, objects with computed and
 * shorthand keys, functions, optional chaining), assignments to sinks, JSX-free so every path parses.
 */
const js = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom("'md5'", "'sha1'", "'aes-128-ecb'", "'des'", "'TLSv1'", 'false', 'true', '0', '1024', '1000', 'null', 'undefined', "'none'",
      "'*'", "'http://example.com'", "'AKIAZ7QXS4D2L5RVN3KB'", "'Tr0ub4dor&3x!'", 'req.query.id', 'req.body', 'req.params.file', 'userInput',
      'process.env.SECRET', '`x${y}`', '`select * from t where id=${id}`', "'select * from t where id=' + id", '[]', '{}', 'this', 'super.x',
      '/re/g', '1n'),
    tie('call'),
    tie('object'),
    fc.tuple(tie('expr'), fc.constantFrom(' + ', ' || ', ' ?? ', ' && ', ' === ', ', '), tie('expr')).map(([a, op, b]) => `(${a}${op}${b})`),
    tie('expr').map((e) => `(() => ${e})`),
    tie('expr').map((e) => `(async function () { return await ${e}; })`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(c ? ${a} : ${b})`),
    tie('expr').map((e) => `\`a\${${e}}b\``),
    tie('expr').map((e) => `[${e}, ...${e}]`),
  ) as fc.Arbitrary<string>,
  call: fc.tuple(fc.constantFrom(...CALLEES), fc.constantFrom('', '?.'), fc.array(fc.oneof(tie('expr') as fc.Arbitrary<string>, fc.constant('...args')), { maxLength: 3 }))
    .map(([callee, optional, args]) => (callee.startsWith('new ') ? `${callee}(${args.join(', ')})` : `${callee}${optional}(${args.join(', ')})`)) as fc.Arbitrary<string>,
  object: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom('plain', 'computed', 'string', 'shorthand', 'method', 'spread'), tie('expr') as fc.Arbitrary<string>), { maxLength: 4 })
    .map((props) => `({ ${props.map(([k, kind, v]) => {
      switch (kind) {
        case 'computed': return `[${JSON.stringify(k)}]: ${v}`;
        case 'string': return `${JSON.stringify(k)}: ${v}`;
        case 'shorthand': return k;
        case 'method': return `${k}() { return ${v}; }`;
        case 'spread': return `...${v}`;
        default: return `${k}: ${v}`;
      }
    }).join(', ')} })`) as fc.Arbitrary<string>,
  statement: fc.oneof(
    (tie('expr') as fc.Arbitrary<string>).map((e) => `${e.startsWith('{') ? `(${e})` : e};`),
    fc.tuple(fc.constantFrom('const password', 'let token', 'el.innerHTML', 'el.outerHTML', 'process.env.NODE_TLS_REJECT_UNAUTHORIZED', 'exports.secret', 'this.apiKey', '[a, b]'), tie('expr') as fc.Arbitrary<string>)
      .map(([target, e]) => `${target} = ${e};`),
    fc.tuple(tie('statement'), tie('statement')).map(([a, b]) => `if (req.query.x) { ${a} } else { ${b} }`),
    tie('statement').map((s) => `app.get('/x', async (req, res, next) => { try { ${s} } catch (err) { res.status(500).send(err.stack); } });`),
    tie('statement').map((s) => `function handler(req, res) { ${s} return; }`),
    tie('statement').map((s) => `class C { #p = 1; static { ${s} } m() { ${s} } }`),
  ) as fc.Arbitrary<string>,
}));

export const jsProgram = fc.array(js.statement, { minLength: 1, maxLength: 6 }).map((s) => s.join('\n'));
