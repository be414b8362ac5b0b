import evalNonLiteral from '../../server/src/rules/ast/eval-non-literal';
import tlsVerificationDisabled from '../../server/src/rules/ast/tls-verification-disabled';
import weakHash from '../../server/src/rules/ast/weak-hash';
import { testRule } from '../helpers/ruleTester';

testRule(tlsVerificationDisabled, {
  valid: [
    'https.request({ rejectUnauthorized: true });',
    'const agent = new https.Agent({ ca: fs.readFileSync("ca.pem") });',
    'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";',
  ],
  invalid: [
    {
      code: 'const agent = new https.Agent({\n  rejectUnauthorized: false,\n});',
      errors: [{ line: 2, column: 23, endLine: 2, endColumn: 28, message: 'rejectUnauthorized' }],
      output: 'const agent = new https.Agent({\n  rejectUnauthorized: true,\n});',
    },
    {
      code: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
      errors: [{ line: 1, column: 1, endColumn: 47, message: 'NODE_TLS_REJECT_UNAUTHORIZED' }],
    },
    { code: 'request({ url, strictSSL: false })', errors: [{ line: 1, column: 27 }], output: 'request({ url, strictSSL: true })' },
  ],
});

testRule(weakHash, {
  valid: ["crypto.createHash('sha256')", 'createHash(algorithm)', "crypto.createHash('sha512').update(x)", 'createHmac("sha1", key)'],
  invalid: [
    {
      code: "const h = crypto.createHash('md5').update(password).digest('hex');",
      errors: [{ line: 1, column: 29, endColumn: 34, message: 'MD5' }],
      output: "const h = crypto.createHash('sha256').update(password).digest('hex');",
    },
    { code: 'createHmac("md5", key)', errors: [{ line: 1, column: 12, message: 'MD5' }], output: 'createHmac("sha256", key)' },
  ],
});

testRule(evalNonLiteral, {
  valid: ['eval("1 + 1")', 'new Function("a", "b", "return a + b")', 'obj.eval(x)',
    "const SRC = 'return 1 + 1';\nconst run = new Function(SRC);\neval(SRC);", 'const plugin = require(name);\nsetTimeout(handler, 10);',
    // a timer given a function, or a member that is not the request's
    "app.get('/t', (req, res) => { setTimeout(req.app.locals.tick, 10); setTimeout(options.onDone, 0); });",
    // a request name bound to something else: `request` is the HTTP client here, not a handler's request
    "const request = require('request');\nsetTimeout(request.get, 0);",
    // a browser Worker (no worker_threads import) loads a URL, not code
    "app.get('/w', (req, res) => new Worker(req.query.src, { eval: true }));",
    // the indirect eval, the global Function and function constructors, given constants; an object's own `eval`
    "(0, eval)('this');\nnew globalThis.Function('return 1');\nconst AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;\nnew AsyncFunction('await 1');",
    'const self = this;\nself.eval(expr);\nconst F = compile;\nnew F(code);\nconst isAsync = fn.constructor.name === "AsyncFunction";'],
  invalid: [
    {
      code: "app.get('/m', (req, res) => {\n  const plugin = require(req.query.module);\n  plugin(req, res);\n});",
      errors: [{ line: 2, column: 26, endLine: 2, endColumn: 42, message: '`require` loads a module the request names' }],
    },
    // Code of unknown origin is a warning, request data an error (as every data-flow rule).
    { code: 'eval(userInput);', errors: [{ line: 1, column: 1, endColumn: 16, severity: 'warning', confidence: 'medium' }] },
    {
      // jQuery's globalEval runs its first argument as a script of the page; constants are silent.
      code: "function run(snippet) {\n  $.globalEval(snippet);\n  jQuery.globalEval('<p>' + location.hash + '</p>', { nonce: n });\n  $.globalEval('init()');\n}",
      errors: [
        { line: 2, column: 3, endLine: 2, endColumn: 24, message: '`$.globalEval` runs code built at run time', severity: 'warning', confidence: 'medium' },
        { line: 3, column: 3, endLine: 3, endColumn: 66, message: '`jQuery.globalEval` runs code built at run time', severity: 'error', confidence: 'high' },
      ],
    },
    { code: 'const f = new Function("x", body);', errors: [{ line: 1, column: 11, endColumn: 34 }] },
    { code: 'window.eval(`${a}`)', errors: [{ line: 1, column: 1 }] },
    {
      // a constant script handing request data from its context to an evaluator in the same context
      code: "import vm = require('vm');\nconst safeEval = require('notevil');\napp.post('/o', ({ body }, res) => {\n  const sandbox = { safeEval, lines: body.lines };\n  vm.runInContext('safeEval(lines)', sandbox);\n  vm.runInContext(\"safeEval('lines')\", sandbox);\n  vm.runInNewContext('eval(x)', { eval, x: body.x });\n  vm.runInNewContext('check(lines)', { check: validate, lines: body.lines });\n});",
      path: 'a.ts',
      errors: [
        { line: 5, column: 3, endLine: 5, endColumn: 46, message: 'passes request data (`lines`) to `safeEval`', severity: 'error' },
        { line: 7, column: 3, endLine: 7, endColumn: 53, message: 'passes request data (`x`) to `eval`' },
      ],
    },
    {
      // worker_threads: `eval: true` runs the string as the worker's code; without it, the file the request names
      code: "const { Worker } = require('node:worker_threads');\napp.post('/w', (req, res) => {\n  new Worker(req.body.code, { eval: true });\n  const opts = { eval: true };\n  new Worker(`postMessage(${req.query.n})`, opts);\n  new Worker(req.query.script);\n  new Worker(path.join(__dirname, 'task.js'));\n  new Worker(`postMessage(1)`, { eval: true });\n});\nfunction task(src) {\n  return new Worker(src, { eval: true });\n}\nfunction load(file) {\n  return new Worker(file);\n}",
      errors: [
        { line: 3, column: 14, endLine: 3, endColumn: 27, message: '`new Worker` with `eval: true` runs request data', severity: 'error', confidence: 'high' },
        { line: 5, column: 14, endLine: 5, endColumn: 43, message: '`new Worker` with `eval: true` runs request data', severity: 'error', confidence: 'high' },
        { line: 6, column: 14, endLine: 6, endColumn: 30, message: '`new Worker` runs the file the request names', severity: 'error', confidence: 'high' },
        { line: 11, column: 21, endLine: 11, endColumn: 24, message: 'runs a string built at run time', severity: 'warning', confidence: 'low' },
      ],
    },
    {
      // the indirect eval `(0, eval)`, the global Function under its global names, and the constructors of
      // async and generator functions (or Function under another name), which compile their last argument
      code: "app.post('/c', (req, res) => {\n  (0, eval)(req.body.code);\n  new globalThis.Function('a', req.body.code);\n  window.Function(req.body.code);\n});\nconst AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;\nconst F = Function;\nfunction run(src) {\n  new AsyncFunction('a', src);\n  (function* () {}).constructor(src);\n  new F(src);\n}",
      errors: [
        { line: 2, column: 3, endLine: 2, endColumn: 27, message: '`eval` runs code built at run time', severity: 'error', confidence: 'high' },
        { line: 3, column: 3, endLine: 3, endColumn: 46, message: '`new globalThis.Function` compiles code', severity: 'error', confidence: 'high' },
        { line: 4, column: 3, endLine: 4, endColumn: 33, message: '`window.Function` runs code built at run time', severity: 'error', confidence: 'high' },
        { line: 9, column: 3, endLine: 9, endColumn: 30, message: '`new AsyncFunction` compiles code' },
        { line: 10, column: 3, endLine: 10, endColumn: 37, message: '`Function` runs code built at run time' },
        { line: 11, column: 3, endLine: 11, endColumn: 13, message: '`new F` compiles code' },
      ],
    },
    {
      // a request holds strings, never a function: the timer compiles the client's text
      code: "app.get('/t', (req, res) => {\n  setInterval(req.body.name, 0);\n});",
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 28, message: '`setInterval` with a string from the request', severity: 'error', confidence: 'high' }],
    },
  ],
});
