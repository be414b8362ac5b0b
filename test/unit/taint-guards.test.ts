import { testRule } from '../helpers/ruleTester';
import pathTraversal from '../../server/src/rules/ast/path-traversal';
import openRedirect from '../../server/src/rules/ast/open-redirect';

// Guards as per-branch sanitisers in JS taint (taint.ts `guardedFor`): a check that validates a value
// for one sink class makes it safe inside the branch where the check holds and after a statement that
// exits when it fails, unless the value is assigned again in between. Each valid case has an invalid
// twin below that differs only in where the check sits or what it checks.

const FS = "const fs = require('fs');\nconst path = require('path');\n";

testRule(pathTraversal, {
  valid: [
    // An allow-list, then an early return
    `${FS}app.get('/f', (req, res) => {\n  const name = req.query.f;\n  if (!ALLOWED.includes(name)) return res.sendStatus(404);\n  fs.readFile(path.join(base, name), cb);\n});`,
    // A Set, inside the branch where it holds
    `${FS}app.get('/f', (req, res) => {\n  if (KNOWN.has(req.query.f)) fs.readFile(req.query.f, cb);\n});`,
    // indexOf(x) !== -1 on a list of the program's own
    `${FS}app.get('/f', (req, res) => {\n  if (FILES.indexOf(req.query.f) !== -1) { fs.readFile(req.query.f, cb); }\n});`,
    // A words-only anchored pattern, also held in a constant and used with &&
    `${FS}app.get('/f', (req, res) => {\n  if (/^[\\w-]+$/.test(req.params.name)) res.sendFile(path.join(dir, req.params.name));\n});`,
    `${FS}const NAME = /^[a-z0-9]+$/i;\napp.get('/f', (req, res) => NAME.test(req.query.f) && fs.readFile(req.query.f, cb));`,
    // A normalised path that starts with its base; the join's result is what is checked
    `${FS}app.get('/f', (req, res) => {\n  const p = path.resolve(base, req.query.f);\n  if (!p.startsWith(base + path.sep)) throw new Error('outside');\n  fs.readFileSync(p);\n});`,
    // path.resolve(x).indexOf(base) === 0 guards x itself
    `${FS}app.get('/f', (req, res) => {\n  if (path.resolve(req.query.f).indexOf(base) !== 0) return;\n  fs.readFileSync(req.query.f);\n});`,
    // `..` at the start of the relative path, or an absolute one: outside
    `${FS}app.get('/f', (req, res) => {\n  const rel = path.relative(base, path.resolve(base, req.query.f));\n  if (rel.startsWith('..') || path.isAbsolute(rel)) {\n    res.status(403);\n    return;\n  }\n  fs.createReadStream(path.join(base, req.query.f));\n});`,
    // A number
    `${FS}app.get('/f', (req, res) => {\n  const id = req.query.id;\n  if (!Number.isInteger(id)) return;\n  fs.readFile(\`\${base}/\${id}.json\`, cb);\n});`,
    // Checked in the handler, opened in a helper of the file (NodeBB's admin uploads); the default `|| ''` is the program's own
    `${FS}async function list(folder) { return fs.promises.readdir(folder); }\napp.get('/u', async (req, res, next) => {\n  const current = path.join(root, req.query.dir || '');\n  if (!file.isPathInside(root, current)) return next(new Error('invalid'));\n  await fs.promises.lstat(path.join(root, req.query.dir));\n  res.json(await list(current));\n});`,
    // Handed on through methods of the class to the one that checks it (parse-server's PagesRouter)
    `${FS}class Pages {\n  route(req) {\n    const abs = path.resolve(this.root, req.params[0]);\n    return this.file(abs);\n  }\n  file(p) { return this.read(p); }\n  read(f) {\n    const n = path.normalize(f);\n    if (!n.startsWith(this.root)) throw new Error('outside');\n    return fs.promises.readFile(n);\n  }\n}`,
    // A conditional join, checked before use (NodeBB's theme screenshot)
    `${FS}app.get('/t', (req, res) => {\n  const shot = cfg.s ? path.join(dir, req.query.s) : '';\n  if (shot && !shot.startsWith(dir)) throw new Error('outside');\n  send(shot);\n});`,
    // Overwritten by a `..` removal before the join (a later assignment hides the earlier value)
    `${FS}function f(req, res) {\n  let p = req.body.path;\n  p = p.replace(/^(\\.\\.(\\/|\\\\|$))+/, '');\n  return path.join(opts.path, p);\n}`,
  ],
  invalid: [
    {
      // The check holds in the other branch
      code: `${FS}app.get('/f', (req, res) => {\n  const name = req.query.f;\n  if (ALLOWED.includes(name)) res.send('ok');\n  else fs.readFile(name, cb);\n});`,
      errors: [{ line: 6, column: 20, endLine: 6, endColumn: 24, message: '`readFile` opens a path built from request data' }],
    },
    {
      // The failing branch does not exit
      code: `${FS}app.get('/f', (req, res) => {\n  const name = req.query.f;\n  if (!ALLOWED.includes(name)) console.warn('unknown file');\n  fs.readFile(name, cb);\n});`,
      errors: [{ line: 6, column: 15, endLine: 6, endColumn: 19 }],
    },
    {
      // Assigned again after the check
      code: `${FS}app.get('/f', (req, res) => {\n  let name = req.query.f;\n  if (!ALLOWED.includes(name)) return;\n  name = req.query.g;\n  fs.readFile(name, cb);\n});`,
      errors: [{ line: 7, column: 15, endLine: 7, endColumn: 19 }],
    },
    {
      // The list comes from the request too
      code: `${FS}app.get('/f', (req, res) => {\n  if (req.query.list.includes(req.query.f)) fs.readFile(req.query.f, cb);\n});`,
      errors: [{ line: 4, column: 57, endLine: 4, endColumn: 68 }],
    },
    {
      // A prefix test on the raw value: `/srv/../etc/passwd` starts with `/srv/`
      code: `${FS}app.get('/f', (req, res) => {\n  if (req.query.f.startsWith('/srv/')) fs.readFile(req.query.f, cb);\n});`,
      errors: [{ line: 4, column: 52, endLine: 4, endColumn: 63 }],
    },
    {
      // A pattern that admits `/` and `.`, or is not anchored
      code: `${FS}app.get('/f', (req, res) => {\n  if (/^[\\w./]+$/.test(req.query.f)) fs.readFile(req.query.f, cb);\n  if (/\\w+/.test(req.query.g)) fs.readFile(req.query.g, cb);\n});`,
      errors: [{ line: 4, column: 50, endLine: 4, endColumn: 61 }, { line: 5, column: 44, endLine: 5, endColumn: 55 }],
    },
    {
      // Another value is checked
      code: `${FS}app.get('/f', (req, res) => {\n  if (!ALLOWED.includes(req.query.g)) return;\n  fs.readFile(req.query.f, cb);\n});`,
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 26 }],
    },
    {
      // No method on the way checks it
      code: `${FS}class Pages {\n  route(req) {\n    const abs = path.resolve(this.root, req.params[0]);\n    return this.file(abs);\n  }\n  file(p) { return this.read(p); }\n  read(f) { return fs.promises.readFile(f); }\n}`,
      errors: [{ line: 5, column: 17, endLine: 5, endColumn: 55, message: '`path.resolve` builds a file path from request data' }],
    },
    {
      code: `${FS}app.get('/t', (req, res) => {\n  const shot = cfg.s ? path.join(dir, req.query.s) : '';\n  send(shot);\n});`,
      errors: [{ line: 4, column: 24, endLine: 4, endColumn: 51 }],
    },
    {
      // The join's result is returned unchecked (the `..` removal sits in a branch that may not run)
      code: `${FS}function f(req, res) {\n  let p = req.body.path;\n  if (strict) p = p.replace(/^(\\.\\.(\\/|\\\\|$))+/, '');\n  return path.join(opts.path, p);\n}`,
      errors: [{ line: 6, column: 10, endLine: 6, endColumn: 33, message: '`path.join` builds a file path from request data' }],
    },
  ],
});

testRule(openRedirect, {
  valid: [
    `app.get('/r', (req, res) => {\n  const next = req.query.next;\n  if (!ALLOWED.includes(next)) return res.redirect('/');\n  res.redirect(next);\n});`,
    // The origin of the parsed URL is the site's own
    `app.get('/r', (req, res) => {\n  if (new URL(req.query.next, 'https://acme.io').origin === 'https://acme.io') res.redirect(req.query.next);\n});`,
    `app.get('/r', (req, res) => {\n  const target = req.query.next;\n  const u = new URL(target, base);\n  if (u.host !== req.get('host')) throw new Error('offsite');\n  res.redirect(target);\n});`,
    // A literal prefix that ends the host, or a path on this site
    `app.get('/r', (req, res) => {\n  const t = req.query.t;\n  return t.startsWith('https://acme.io/') ? res.redirect(t) : res.redirect('/');\n});`,
    // A page name of word characters
    `app.get('/r', (req, res) => /^\\w+$/.test(req.query.page) && res.redirect(req.query.page));`,
    // Equal to a literal
    `app.get('/r', (req, res) => { if (req.query.to === '/home') res.redirect(req.query.to); });`,
  ],
  invalid: [
    {
      // A substring test is no allow-list
      code: `app.get('/r', (req, res) => {\n  if (req.query.next.includes('acme.io')) res.redirect(req.query.next);\n});`,
      errors: [{ line: 2, column: 56, endLine: 2, endColumn: 70, message: 'redirect target comes from the request' }],
    },
    {
      // A prefix that does not end the host: `https://acme.io.evil.io`
      code: `app.get('/r', (req, res) => {\n  const t = req.query.t;\n  if (t.startsWith('https://acme.io')) res.redirect(t);\n});`,
      errors: [{ line: 3, column: 53, endLine: 3, endColumn: 54 }],
    },
    {
      // The host of another URL is compared
      code: `app.get('/r', (req, res) => {\n  const u = new URL(req.query.back);\n  if (u.host !== 'acme.io') return;\n  res.redirect(req.query.next);\n});`,
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 30 }],
    },
    {
      // Checked in a callback that runs later: the redirect is not inside it
      code: `app.get('/r', (req, res) => {\n  const next = req.query.next;\n  [next].forEach((n) => { if (!ALLOWED.includes(n)) return; });\n  res.redirect(next);\n});`,
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 20 }],
    },
  ],
});
