import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { parse, parserInUse, useParser } from '../../server/src/engine/parser';
import { ParseThread } from '../../server/src/engine/parseThread';
import { parseProgram, settleParseCache, type ParseCache } from '../../server/src/engine/reparse';
import { walkPreorder } from '../../server/src/engine/tree';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { AST_RULES, BUILTIN_CATALOG } from '../../server/src/rules';
import { lastAstUnitsRun } from '../../server/src/engine/astReuse';
import { FUZZ_RUNS, fuzzOptions, tried } from '../helpers/fuzz';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { LspHarness } from '../helpers/lsp';

const ROOT = join(__dirname, '..', '..', '..');

/** A fresh parse with the parser in use, as text the tests can compare: every field but `parent`. */
function full(text: string, jsx = false): string {
  return serialise(parse(text, jsx));
}

function serialise(tree: unknown): string {
  // A BigInt literal's value (`2n`) has no JSON form: written as its text, so a tree holding one still compares.
  return JSON.stringify(tree, (key, value: unknown) => (key === 'parent' ? undefined : typeof value === 'bigint' ? `${value}n` : value));
}

/** Parses `next` with the cache of `previous` and checks the tree is exactly a fresh parse's. */
function step(cache: ParseCache, next: string, jsx = false): ParseCache['last'] {
  let expected: string | undefined;
  try {
    expected = full(next, jsx);
  } catch {
    assert.throws(() => parseProgram(next, jsx, cache), 'a text that does not parse fails with the cache too');
    assert.equal(cache.program, undefined, 'no stale tree is kept after a failure');
    return undefined;
  }
  const program = parseProgram(next, jsx, cache);
  assert.equal(serialise(program), expected, `tree of the edited text (${cache.last})`);
  checkNodeList(cache, program);
  return cache.last;
}

let steps = 0;

/**
 * The node list the re-parse made (`ParseCache.nodes`), if it made one, is a fresh walk's: the same
 * nodes in the same order, each with the parent a fresh walk gives it. Then, as `runAstRules` does,
 * the list is kept for the next edit, on every other step (so the fallback that moves nodes with a
 * walk of the tree runs too).
 */
function checkNodeList(cache: ParseCache, program: TSESTree.Program): void {
  const made = cache.nodesOf === program && cache.nodes ? cache.nodes.map((n) => [n, (n as { parent?: TSESTree.Node }).parent] as const) : undefined;
  const fresh: TSESTree.Node[] = [];
  fresh.length = walkPreorder(program, undefined, 0, fresh, 0);
  if (made) {
    assert.equal(made.length, fresh.length, 'as many nodes as a fresh walk');
    made.forEach(([node, parent], i) => {
      assert.ok(node === fresh[i], `node ${i} (${node.type}) is a fresh walk's`);
      assert.ok(parent === (fresh[i] as { parent?: TSESTree.Node }).parent, `node ${i} (${node.type}) has its parent`);
    });
  }
  if (steps++ % 2 === 0) Object.assign(cache, { nodes: fresh, nodesOf: program });
}

const SERVICE = `import { readFile } from 'node:fs/promises';
import { exec } from 'node:child_process';

export function hash(data: string) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export async function load(path: string) {
  const text = await readFile(path, 'utf8');
  return text.split('\\n');
}

export function run(req: { query: { cmd: string } }) {
  exec('ls ' + req.query.cmd);
}

const limit = 10
let count = 0
export default { hash, load, run, limit, count };
`;

describe('incremental parse (reparse)', () => {
  it('re-parses only the statements an edit touched, and the tree equals a fresh parse', () => {
    const cache: ParseCache = {};
    assert.equal(step(cache, SERVICE), 'full');
    const edited = SERVICE.replace("text.split('\\n')", "text.split('\\r\\n')");
    assert.equal(step(cache, edited), 'partial');
    assert.equal(step(cache, edited.replace('sha256', 'md5')), 'partial');
  });

  it('re-uses the whole tree when the text did not change (a new ruleset or settings)', () => {
    const cache: ParseCache = {};
    step(cache, SERVICE);
    const before = cache.program;
    assert.equal(step(cache, SERVICE), 'partial');
    assert.equal(cache.program, before);
  });

  it('moves the offsets of everything after the edit, a default specifier and its name once each', () => {
    const text = `import first from 'a';\nconst x = 1;\nimport second from 'b';\nconst y = 2;\n`;
    const cache: ParseCache = {};
    step(cache, text);
    const edited = text.replace('const x = 1;', 'const x = 12345;');
    assert.equal(step(cache, edited), 'partial');
    const program = cache.program!;
    const imp = program.body[2];
    assert.ok(imp?.type === 'ImportDeclaration');
    const spec = imp.specifiers[0]!;
    assert.equal(edited.slice(spec.start, spec.end), 'second', 'the specifier moved once');
    assert.equal(edited.slice(spec.local.start, spec.local.end), 'second', 'its name moved once');
  });

  it('falls back to a full parse where the edit changes how neighbouring statements end (no semicolons)', () => {
    const cache: ParseCache = {};
    step(cache, SERVICE);
    // `let count = 0` followed by a line starting with `(` continues the expression in a full parse.
    const hazard = SERVICE.replace('export default', '(count)\nexport default');
    step(cache, hazard);
    step(cache, hazard.replace('const limit = 10', 'const limit = 10;'));
  });

  it('sees an import or export come or go (the file becomes a module or a script)', () => {
    const script = `const a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\n`;
    const cache: ParseCache = {};
    step(cache, script);
    step(cache, script.replace('const b = 2;', 'export const b = 2;'));
    step(cache, script);
  });

  it('parses a module\'s statements as a module\'s (top-level await) and notices the last import going', () => {
    const text = `import { get } from 'http';\nconst a = 1;\nconst data = await load();\nconst b = 2;\nconst c = 3;\n`;
    const cache: ParseCache = {};
    step(cache, text);
    assert.equal(step(cache, text.replace('await load()', 'await load(a)')), 'partial');
    assert.equal(step(cache, text.replace("import { get } from 'http';", '')), 'full');
  });

  it('keeps the directive prologue right', () => {
    const text = `'use strict';\n'use client';\nfoo();\n'not a directive';\nbar();\n`;
    const cache: ParseCache = {};
    step(cache, text);
    step(cache, text.replace('foo();', '"now a directive";'));
    step(cache, text.replace("'use strict';\n", ''));
    step(cache, text.replace('bar();', 'baz();'));
  });

  it('drops the tree on a syntax error and parses in full once the text is fixed', () => {
    const cache: ParseCache = {};
    step(cache, SERVICE);
    assert.equal(step(cache, SERVICE.replace('return text', 'return (text')), undefined);
    assert.equal(step(cache, SERVICE), 'full');
  });

  it('an edit\'s region is parsed ahead, while the text rules run, and the re-parse takes that parse (native binding, JSON and raw hand-over)', function () {
    const text = `import { exec } from 'node:child_process';
import crypto from 'node:crypto';
export class Handler {
  run(req: { query: { cmd: string } }) {
    exec(req.query.cmd);
    return crypto.createHash('md5').update('x').digest('hex');
  }
  other() {
    const a = 1;
    return a;
  }
}
const after = 2;
`;
    const edits = [
      text.replace('const a = 1;', 'const a = 12;'), // inside a method: the region of its statements
      text.replace('const after = 2;', 'const after = 23;'), // a top-level statement
      text.replace('exec(req.query.cmd);', 'exec(req.query.cmd2);'), // a finding's own line
    ];
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const counts = { call: 0, start: 0, startSpaced: 0 };
    const proto = ParseThread.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = Object.fromEntries(Object.keys(counts).map((k) => [k, proto[k]!]));
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) {
      proto[key] = function (this: unknown, ...args: unknown[]) {
        counts[key]++;
        return originals[key]!.apply(this, args);
      };
    }
    try {
      for (const transfer of ['json', undefined] as const) {
        useParser('oxc-native', transfer);
        try {
          parserInUse();
        } catch {
          this.skip(); // no native binding on this platform: nothing is parsed ahead
        }
        for (const edited of edits) {
          const cache: ParseCache = {};
          analyze({ text, path: 'handler.ts' }, ruleset, { parseCache: cache });
          for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] = 0;
          const result = analyze({ text: edited, path: 'handler.ts' }, ruleset, { parseCache: cache });
          assert.equal(cache.last, 'partial');
          assert.equal(counts.start + counts.startSpaced, 1, `${transfer ?? 'default'}: one parse started ahead`);
          assert.equal(counts.call, 0, `${transfer ?? 'default'}: and no parse asked for and waited on afterwards`);
          assert.deepEqual(result.findings, analyze({ text: edited, path: 'handler.ts' }, ruleset).findings);
        }
      }
    } finally {
      Object.assign(proto, originals);
      useParser(undefined);
    }
  });

  describe('inside braces: only the members or statements an edit touched in a class or function', () => {
    const MODEL = `import crypto from 'node:crypto';

@Table({ tableName: 'users' })
export default class User extends Model {
  @Column name: string
  secret = 'x'

  static async findByEmail(email: string) {
    const user = await this.findOne({ where: { email } });
    if (!user) throw new Error('no such user');
    return user;
  }

  hash(password: string): string {
    return crypto.createHash('sha256').update(password).digest('hex');
  }

  get label() {
    return \`\${this.name}\`;
  }
}

describe('User', () => {
  it('hashes', async () => {
    const u = new User();
    expect(u.hash('a')).toBe('b');
  }, 5000);

  it('finds', () => {
    expect(User.findByEmail('a')).toBeDefined();
  });
});
export const after = 1;
`;

    it('re-parses one method statement, moves what follows and stretches the class, the export and the program', () => {
      const cache: ParseCache = {};
      step(cache, MODEL);
      assert.equal(step(cache, MODEL.replace("'no such user'", "'no user with that email'")), 'partial');
      assert.equal(cache.depth, 2, 'the method body, inside the class body');
    });

    it('reaches into a call\'s arrow function (describe/it) and moves the arguments after it', () => {
      const cache: ParseCache = {};
      step(cache, MODEL);
      assert.equal(step(cache, MODEL.replace("expect(u.hash('a'))", "expect(u.hash('abc'))")), 'partial');
      assert.equal(cache.depth, 2);
      assert.equal(step(cache, cache.text!.replace("toBe('b')", "toBe('')")), 'partial');
    });

    it('edits between members, at a list\'s first and last item, and of a class field without a semicolon', () => {
      const cache: ParseCache = {};
      step(cache, MODEL);
      let text = MODEL;
      for (const [from, to] of [["secret = 'x'", "secret = 'y'\n  other = 2"], ['  @Column name', '  @Column() name'], ['return `${this.name}`;', 'return this.name'],
        ['  get label', '  private count = 0\n  get label'], ['  }\n}\n\ndescribe', '  }\n  [key: string]: unknown\n}\n\ndescribe']] as const) {
        text = text.replace(from, to);
        assert.ok(text.includes(to));
        assert.equal(step(cache, text), 'partial', `${from} → ${to}`);
      }
    });

    it('falls back where braces no longer pair up, an item now continues into the next, or a script would become a module', () => {
      const cache: ParseCache = {};
      step(cache, MODEL);
      // A closing brace typed inside a method ends the class early: the region's shape differs.
      step(cache, MODEL.replace("if (!user) throw", "}\n  if (!user) throw"));
      step(cache, MODEL);
      // `secret = 'x'` followed by a computed member continues as an index: `'x'\n[k]`.
      step(cache, MODEL.replace("  static async", "  [k] = 1\n  static async"));
      step(cache, MODEL);
      const script = "class A {\n  m() {\n    return 1;\n  }\n}\nvar await = 2;\n";
      step(cache, script);
      step(cache, script.replace('return 1;', 'return import.meta;'));
    });

    it('gives the same findings as an analysis without the cache', () => {
      const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
      const parseCache: ParseCache = {};
      let text = MODEL;
      analyze({ text, path: 'src/models/User.ts' }, ruleset, { parseCache });
      for (const [from, to] of [["'sha256'", "'md5'"], ["'no such user'", 'eval(email)'], ["toBe('b')", "toBe('http://api.acme-payments.io/v1')"]] as const) {
        text = text.replace(from, to);
        const withCache = analyze({ text, path: 'src/models/User.ts' }, ruleset, { parseCache });
        const without = analyze({ text, path: 'src/models/User.ts' }, ruleset);
        assert.equal(parseCache.last, 'partial');
        assert.ok(parseCache.depth! > 0);
        assert.deepEqual(withCache, without);
      }
      assert.deepEqual(analyze({ text, path: 'src/models/User.ts' }, ruleset).findings.map((f) => f.ruleId).sort(), ['eval-non-literal', 'password-fast-hash', 'weak-hash']);
    });

    it("re-reads a class's field writes after an edit inside one of its methods (literal-jwt-key follows this.jwtSecret)", () => {
      const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
      const parseCache: ParseCache = {};
      const jwtIds = (text: string) => analyze({ text, path: 'src/auth.ts' }, ruleset, { parseCache }).findings.filter((f) => f.ruleId === 'literal-jwt-key').length;
      const base = [
        "import jwt from 'jsonwebtoken';",
        'export class Auth {',
        '  private jwtSecret: string;',
        '  constructor() {',
        "    this.jwtSecret = 'x9Qv27LpT4mZ8kRw';",
        '  }',
        '  token(id: string) {',
        '    return jwt.sign({ id }, this.jwtSecret);',
        '  }',
        '  rotate(next: string) {',
        '    return next.length;',
        '  }',
        '}',
        '',
      ].join('\n');
      assert.equal(jwtIds(base), 1);
      // a second write in another method: the field no longer holds one literal
      const rotated = base.replace('return next.length;', 'this.jwtSecret = next;\n    return next.length;');
      assert.equal(jwtIds(rotated), 0);
      assert.equal(parseCache.last, 'partial');
      assert.equal(jwtIds(base), 1);
      assert.equal(parseCache.last, 'partial');
    });

    it('reaches into object literals, also in a decorator (the class body after it is left blank in the region)', () => {
      const cache: ParseCache = {};
      const scoped = MODEL.replace('@Table', "@Scopes(() => ({\n  withTeam: {\n    include: [{ model: Team, as: 'team' }],\n  },\n  active: { where: { suspendedAt: null } },\n}))\n@Table").replace('export default class User', 'class User');
      // (Decorators written before `export` lie outside the export's range: such an edit re-parses the statement.)
      step(cache, scoped);
      assert.equal(step(cache, scoped.replace("as: 'team'", "as: 'members', required: true")), 'partial');
      assert.equal(cache.depth, 3, 'the object in the array in the object of the scopes');
      let text = cache.text!;
      for (const [from, to] of [['  active: {', '  inactive: { paranoid: false },\n  active: {'], ["@Table({ tableName: 'users' })", "@Table({ tableName: 'people' })"],
        ['const config = {', 'const config = {\n  port: 1,'], ['  },\n  active', '  },\n  ...more,\n  active']] as const) {
        text = text.replace(from, to);
        if (!text.includes(to)) text = `${text}export const config = {\n  port: 1,\n};\n`;
        assert.ok(step(cache, text), `${from} → ${to}`);
      }
      assert.equal(cache.last, 'partial');
      // A property typed so that it runs into the next one is a full parse's call.
      step(cache, text.replace("suspendedAt: null } },", "suspendedAt: null } }"));
    });

    it('keeps the old tree when nothing changed and never keeps a broken one', () => {
      const cache: ParseCache = {};
      step(cache, MODEL);
      assert.equal(step(cache, MODEL.replace('return user;', 'return (user;')), undefined);
      assert.equal(step(cache, MODEL), 'full');
    });
  });

  it('gives the same findings as an analysis without the cache', () => {
    const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
    const parseCache: ParseCache = {};
    let text = SERVICE;
    analyze({ text, path: 'src/service.ts' }, ruleset, { parseCache });
    for (const [from, to] of [['sha256', 'md5'], ["'ls ' + req.query.cmd", '`ls ${req.query.cmd}`'], ['const limit = 10', "const url = 'http://api.example.com'"]] as const) {
      text = text.replace(from, to);
      const withCache = analyze({ text, path: 'src/service.ts' }, ruleset, { parseCache });
      const without = analyze({ text, path: 'src/service.ts' }, ruleset);
      assert.equal(parseCache.last, 'partial');
      assert.deepEqual(withCache, without);
      assert.ok(without.findings.length > 0);
    }
  });

  it('in the server: diagnostics after a run of edits equal those of the final text opened fresh', async function () {
    this.timeout(60_000);
    const root = mkdtempSync(join(tmpdir(), 'warden-reparse-lsp-'));
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(root).toString());
      const edited = pathToFileURL(join(root, 'edited.ts')).toString();
      await lsp.open(edited, SERVICE, 'typescript');
      let version = 1;
      const edits: [string, string][] = [['sha256', 'md5'], ['const limit = 10', "const limit = fetch('http://api.acme-payments.io/v1')"],
        ["'ls ' + req.query.cmd", "'ls'"], ['return text', 'eval(path);\n  return text']];
      for (const [from, to] of edits) {
        const text = lsp.text(edited);
        const at = text.indexOf(from);
        const position = (offset: number) => {
          const before = text.slice(0, offset).split('\n');
          return { line: before.length - 1, character: before[before.length - 1]!.length };
        };
        version = lsp.edit(edited, [{ range: { start: position(at), end: position(at + from.length) }, newText: to }]);
      }
      const after = await lsp.nextDiagnostics(edited, version);
      const fresh = await lsp.open(pathToFileURL(join(root, 'fresh.ts')).toString(), lsp.text(edited), 'typescript');
      const shape = (d: typeof after.diagnostics) => d.map((x) => ({ code: x.code, range: x.range, message: x.message }));
      assert.deepEqual(shape(after.diagnostics), shape(fresh.diagnostics));
      // path-traversal: `load(path)` opens a path no caller in the file passes (info, low confidence)
      assert.deepEqual(after.diagnostics.map((d) => d.code).sort(), ['eval-non-literal', 'path-traversal', 'plaintext-http-url', 'weak-hash']);
    } finally {
      await lsp.shutdown();
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('fuzz: random edit sequences on real files equal fresh parses', () => {
    const files: [string, string, boolean][] = [
      ['TypeScript module', readFileSync(join(ROOT, 'server', 'src', 'engine', 'skip.ts'), 'utf8'), false],
      ['TypeScript module', readFileSync(join(ROOT, 'server', 'src', 'engine', 'lines.ts'), 'utf8'), false],
      // One big class, as most models and services are: edits land inside its methods.
      ['TypeScript class', readFileSync(join(ROOT, 'server', 'src', 'engine', 'parseThread.ts'), 'utf8'), false],
      // A decorated model: its decorators are cut down to `@x` in the region, the members still parse as in the file.
      ['decorated class', `import { Table, Column, Scopes } from 'sequelize-typescript';\n@Scopes(() => ({\n  withTeam: { include: [{ model: Team, as: 'team' }] },\n  active: { where: { suspendedAt: null } },\n}))\n@Table({ tableName: 'users', modelName: 'user' })\nclass User extends Model<Attrs> {\n  @Column\n  name: string;\n\n  @Column({ type: DataType.STRING, validate: { len: [0, 255] } })\n  email: string;\n\n  @Trace({ spanName: \"user\" })\n  async save(options?: { force: boolean }) {\n    const hash = crypto.createHash('md5');\n    return hash.update(this.email).digest('hex');\n  }\n\n  static async findByEmail(email: string) {\n    return this.findOne({ where: { email } });\n  }\n}\n\nexport default User;\n`, false],
      // Object literals: a model's scopes in a decorator (the class body after it), configuration
      // objects and arrays, an arrow function returning an object, a method's decorator before its body.
      ['object literals', `import { Scopes, Table } from 'sequelize-typescript';\n@Scopes(() => ({\n  withTeam: {\n    include: [\n      {\n        model: Team,\n        as: "team",\n        required: true,\n      },\n    ],\n  },\n  withAuth: (id: string) => ({ where: { id, lastActiveAt: { [Op.gt]: 1 } }, order: [['createdAt', 'DESC']] }),\n  ...extra,\n  get count() { return 1 },\n}))\n@Table({ tableName: 'users', paranoid: true })\nclass User extends Model {\n  @Column(DataType.UUID)\n  id: string;\n\n  @Hook({ on: 'save', order: 2 })\n  static async touch(model: User) {\n    model.at = new Date();\n  }\n}\nexport const config = {\n  port: 3000,\n  db: { host: 'x', pool: [1, 2, { max: 5 }] },\n  handler() {\n    return { ok: true };\n  },\n};\nmodule.exports = { a: 1, b: () => ({ c: [{ d: 2 }] }) };\n`, false],
      // One big call, as most test files are.
      ['test file', `import { strict as assert } from 'node:assert';\ndescribe('a', () => {\n  beforeEach(async function () {\n    await setup();\n  });\n  it('b', () => {\n    const x = f(1)\n    assert.equal(x, 2)\n  }, 500);\n  it('c', async () => {\n    for (const y of [1, 2]) {\n      await g(y);\n    }\n  });\n});\n`, false],
      ['CommonJS with a prologue', `'use strict';\n${SERVICE.replace(/^import .*$/gm, "const fs = require('fs');").replace(/export (default )?/g, '')}`, false],
      ['TSX', `import React from 'react';\nexport function A(p: { html: string }) {\n  return <div dangerouslySetInnerHTML={{ __html: p.html }} />;\n}\nconst b = <B x={1}>text</B>\nexport const c = 3\n`, true],
    ];
    const PIECES = [';', '\n', '}', '{', '(', ')', '`', "'", '"', '/*', '*/', '//', 'export ', 'import x from "y";', "'use strict';", 'await x', '<', '>',
      'const z = 1', 'function f() {', '=>', ' ', 'x', '${', 'yield', 'class C {}', '@dec ', 'as any', '\r\n', '#'];
    // Mostly edits that keep the file parseable (so the next edit has a tree to start from), some that break it.
    const KEEP = [' ', '\n', 'x', '1', '\n;\n', '\nfoo();\n', '// note\n', '/* c */', '\nconst q = 1\n', '\n(q)\n', '\n`t`\n', '\n[1].map(f)\n'];
    const edit = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(8) }),
      insert: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KEEP) }, { weight: 1, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }),
    });
    let partial = 0;
    let nested = 0;
    for (const [name, text, jsx] of files) {
      it(`${name} (${text.length} characters)`, () => {
        fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
          tried('reparse');
          const cache: ParseCache = {};
          step(cache, text, jsx);
          let current = text;
          for (const e of edits) {
            const at = Math.floor(e.at * current.length);
            current = current.slice(0, at) + e.insert + current.slice(at + e.remove);
            if (step(cache, current, jsx) === 'partial') {
              partial++;
              if (cache.depth! > 0) nested++;
            }
          }
        }), fuzzOptions(Math.max(20, Math.floor(FUZZ_RUNS / 10))));
      });
    }
    after(() => assert.ok(partial > 0 && nested > 0, 'the partial paths ran, at the top level and inside braces'));
  });

  describe('whole analyses with the document cache equal fresh ones', () => {
    // Values flow between functions of one file (engine/taint.ts), and what is learnt about a function
    // (its bindings, its return values) is kept with its node across edits: an edit inside a method
    // re-parses only its statements and keeps the method's node, so those facts must be dropped.
    const FLOWS = `import express from 'express';
import { exec } from 'node:child_process';
import crypto from 'node:crypto';

const app = express();

export class Users {
  async find(req, res) {
    const q = { name: 'x' };
    const user = await User.findOne(q);
    res.json(user, req.query.page);
  }

  run(req) {
    const cmd = 'ls';
    exec(cmd);
    return helper(req.query.dir);
  }
}

function helper(dir) {
  const out = dir;
  return out;
}

app.get('/h', (req, res) => {
  const h = crypto.createHash('sha256');
  res.send(helper('x'));
});
`;
    const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
    const path = 'src/users.ts';
    const fresh = (text: string) => analyze({ text, path }, ruleset, { today: '2026-01-01' });
    const cached = (text: string, parseCache: ParseCache) => analyze({ text, path }, ruleset, { today: '2026-01-01', parseCache });

    it('after an edit that changes what a local holds inside a kept method', () => {
      const parseCache: ParseCache = {};
      cached(FLOWS, parseCache);
      const edited = FLOWS.replace("const q = { name: 'x' };", 'const q = req.body;');
      const withCache = cached(edited, parseCache);
      assert.equal(parseCache.last, 'partial');
      assert.ok(parseCache.depth! > 0, 're-parsed inside the method');
      assert.deepEqual(withCache, fresh(edited));
      assert.ok(withCache.findings.some((f) => f.ruleId === 'nosql-injection'), 'the new flow is found');
    });

    it('fuzz: random edits of statements that make or break flows', () => {
      // Mostly at the start of a line inside a function body (four spaces in), where kept nodes hold facts.
      const lineStarts = (text: string, inBodies: boolean) => [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)]
        .filter((at) => !inBodies || text.startsWith('    ', at));
      const SNIPPETS = ['    q = req.body;\n', "    q = { name: 'y' };\n", '    exec(cmd);\n', '    cmd = req.query.c;\n', '    let cmd = req.query.c;\n', '    return req.params.id;\n',
        "  const out = 'fixed';\n", '    await User.findOne(q);\n', "    const h = crypto.createHash('md5');\n", '    eval(dir);\n', '  }\n', '  {\n', ' ', '\n'];
      const edit = fc.record({ line: fc.double({ min: 0, max: 1, noNaN: true }), inBodies: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        removeLine: fc.boolean(), insert: fc.constantFrom(...SNIPPETS) });
      let inside = 0;
      fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        tried('reparse-analysis');
        const parseCache: ParseCache = {};
        let text = FLOWS;
        assert.deepEqual(cached(text, parseCache), fresh(text));
        for (const e of edits) {
          const starts = lineStarts(text, e.inBodies);
          if (starts.length === 0) starts.push(0);
          const at = starts[Math.floor(e.line * starts.length)]!;
          const end = e.removeLine ? (text.indexOf('\n', at) + 1 || text.length) : at;
          text = text.slice(0, at) + e.insert + text.slice(end);
          assert.deepEqual(cached(text, parseCache), fresh(text), text);
          if (parseCache.last === 'partial' && parseCache.depth! > 0) inside++;
        }
      }), fuzzOptions(Math.max(20, Math.floor(FUZZ_RUNS / 5))));
      assert.ok(inside > 0, 'edits were re-parsed inside braces');
    });
  });
});

describe('per-function reuse of AST findings (the editor)', function () {
  this.timeout(300_000);
  it('every AST rule states how far it reads (scope), and a unit-scoped rule lists only regexes as its whole-text tests', () => {
    for (const rule of AST_RULES) {
      assert.ok(rule.scope === 'unit' || rule.scope === 'file', `${rule.meta.id} declares scope 'unit' or 'file' (ARCHITECTURE.md)`);
      for (const re of rule.fileText ?? []) assert.ok(re instanceof RegExp && !re.global && !re.sticky, rule.meta.id);
    }
  });

  // Functions that call each other (taint follows arguments into parameters and return values out),
  // a class whose methods read its fields, module constants and imports the rules follow, lazy
  // requires, and whole-file text tests (`serve-index`, the credentials header, `verify(`).
  const UNITS = `import express from 'express';
import jwt from 'jsonwebtoken';
import { exec } from 'node:child_process';
import crypto from 'node:crypto';
import session from 'express-session';

const SECRET = 'hunter2-super-secret-key';
const banner = \`Auth  service \${SECRET.length}\`;
const app = express();
app.use(session({ secret: process.env.S }));

export class Auth {
  key = 'abc-static-signing-key';
  private token: string;

  sign(user) {
    sink('ls');
    return jwt.sign(user, SECRET);
  }

  check(t) {
    return jwt.verify(t, this.key);
  }

  run(req, res) {
    const cmd = 'ls';
    exec(build(cmd));
    cp.exec(req.query.z);
    res.send(wrap(req.body.x));
  }

  page(req, res) {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    const decoded = jwt.decode(req.query.t);
    digest('fixed');
    return decoded;
  }

  tokenFor = (user) =>
    jwt.sign({ id: user.id, at: Date.now() }, this.key);
}

function build(c) {
  const out = c;
  return out;
}

export function wrap(v) {
  return v;
}

const shell = (x) => {
  const y = x;
  return y;
};

const pipe = (req) => exec(wrap(req.query.p));

function sink(p) {
  exec(p);
}

function load() {
  const x = 1;
  return x;
}

function digest(data) {
  eval(data);
  return crypto.createHash('md5').update(data).digest('hex');
}

export async function handler(event) {
  const name = event.name;
  return name;
}
`;
  /** Statements typed at the start of a line inside a function body (where reuse applies). */
  const STATEMENTS = ['    exec(req.query.c);\n', '    return build(req.params.id);\n', '    exec(shell(x));\n', '    this.key = req.body.k;\n',
    "    this.token = 'another-literal-token';\n", "    const jwtLib = require('jsonwebtoken');\n", '    eval(v);\n', '    res.redirect(req.query.next);\n',
    '    return jwt.verify(t, SECRET);\n', '    }\n', '    wrap(req.query.w);\n', "    const serveIndex = require('serve-index'); app.use(serveIndex('/'));\n",
    "    res.setHeader('Access-Control-Allow-Credentials', 'true');\n", "    jwt.sign({}, 'inline-jwt-secret-value');\n", '    return wrap(event.body);\n',
    '    return req.query.c;\n', '    sink(req.query.s);\n', '    return shell(req.body.s);\n', '    const y = req.query.y;\n', '    sink(build(event.name));\n',
    "    const cp = require('child_process');\n", '    function build(c) { return c; }\n', '    const build = (c) => req.query.c;\n', ' '];
  /** Typed inside an arrow function's expression body: values, calls that link units, a field write, broken syntax. */
  const EXPRESSIONS = ['req.query.e, ', "'literal-arg-value', ", 'build(req.body.b), ', "(this.token = 'x'), ", 'eval(user), ', 'sink(req.query.s), ', 'x', ')', ' '];
  /** Rewrites elsewhere: parameters, returns, module constants, imports, class fields, calls, syntax. */
  const REWRITES: [string, string][] = [['(v)', '(v, req)'], ['return v;', "return 'constant';"], ["const SECRET = 'hunter2-super-secret-key'", 'const SECRET = process.env.S'],
    ["import session from 'express-session';", "import session from 'express-session';\nimport serveIndex from 'serve-index';"], ["key = 'abc-static-signing-key'", 'key = process.env.K'],
    ['function build(c)', 'function build(req)'], ['exec(build(cmd))', 'exec(cmd)'], ['return out;', 'return out.trim();'], ['(data)', '(req, res)'],
    ['export async function handler', 'async function handler'], ["import { exec } from 'node:child_process';", "import { exec } from 'child_process';"],
    ['  private token: string;', '  private token = req.query;'], ['return y;', 'return exec(y);'], ['jwt.verify(t, this.key)', 'jwt.verify(t, this.token)'], ['jwt.verify(', 'jwt.check('], ['{', ''], ['}', ''], ['(', ''], [';', ''],
    // Inside arrow functions' expression bodies: a value, a call link, a field write, the arrow ending sooner.
    ['at: Date.now()', 'at: req.query.t'], ['exec(wrap(', 'exec(build('], ['at: Date.now()', 'at: (this.key = user.k)'], ['req.query.p))', 'req.query.p)), extra'],
    ['}, this.key)', "}, 'inline-literal-key')"], ['wrap(req.query.p)', 'req.query.p']];
  const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
  const path = 'src/auth.ts';
  const fresh = (text: string) => analyze({ text, path }, ruleset, { today: '2026-01-01' });
  const cached = (text: string, parseCache: ParseCache) => analyze({ text, path }, ruleset, { today: '2026-01-01', parseCache });

  it('keeps the other functions\' findings after an edit inside one, and runs the functions it calls or is called by', () => {
    const parseCache: ParseCache = {};
    cached(UNITS, parseCache);
    // Inside `shell`, linked to nothing: only the root and `shell` run again.
    const a = UNITS.replace('const y = x;', 'const y = x;\n  const z = 1;');
    assert.equal(lastAstUnitsRun(parseCache)?.total, 14);
    assert.deepEqual(cached(a, parseCache), fresh(a));
    const units = lastAstUnitsRun(parseCache)!;
    assert.deepEqual(units, { run: 2, total: 14 });
    // Inside `build`, which `run` calls: `run` runs again with it, and so do `wrap`, which `run` calls
    // too, and `pipe`, which calls `wrap`.
    const b = a.replace('const out = c;', 'const out = req.query.c;');
    const withB = cached(b, parseCache);
    assert.deepEqual(withB, fresh(b));
    assert.ok(withB.findings.some((f) => f.ruleId === 'command-injection' && f.confidence === 'high'), 'run\'s exec now takes request data');
    assert.deepEqual(lastAstUnitsRun(parseCache), { run: 5, total: 14 });
    // Inside an arrow function's expression body (`tokenFor = (user) => jwt.sign(…)`): the root and it.
    const b2 = b.replace('at: Date.now()', 'at: Date.now() + 1');
    assert.deepEqual(cached(b2, parseCache), fresh(b2));
    assert.deepEqual(lastAstUnitsRun(parseCache), { run: 2, total: 14 });
    // A field write: every method may read it, so the whole file runs.
    const c = b2.replace("const cmd = 'ls';", "const cmd = 'ls';\n    this.key = 'changed-signing-key';");
    assert.deepEqual(cached(c, parseCache), fresh(c));
    assert.deepEqual(lastAstUnitsRun(parseCache), { run: 14, total: 14 });
  });

  it('fuzz: random edit sequences (statements in bodies, rewrites of headers, returns, calls, constants, imports, fields, broken syntax) equal fresh analyses', () => {
    // Starts of lines inside function bodies, by function (a method's lines are four spaces in, a
    // top-level function's two), so that each function is as likely to be edited as any other.
    const bodies = (text: string) => {
      const groups: number[][] = [];
      let current: number[] | undefined;
      for (const m of text.matchAll(/^.*$/gm)) {
        const line = m[0];
        if (/^(?:export )?(?:async )?function|^const \w+ = \(|^  (?:async )?\w+\(.*\{$/.test(line)) groups.push((current = []));
        else if (/^\S|^  \}/.test(line)) current = undefined;
        else if (current && line.startsWith('  ')) current.push(m.index!);
      }
      return groups.filter((g) => g.length > 0);
    };
    // Unbiased picks: fast-check's default bias towards small numbers would type the first few statements
    // into the first functions almost every time.
    const pick = fc.noBias(fc.nat(10_000));
    const edit = fc.record({ kind: fc.constantFrom('statement', 'statement', 'statement', 'statement', 'statement', 'space', 'space', 'delete', 'rewrite', 'char', 'expression', 'expression'), at: pick.map((n) => n / 10_001), pick, snippet: pick });
    let reused = 0;
    let analyses = 0;
    let turn = 0;
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
      tried('reparse-unit-reuse');
      const parseCache: ParseCache = {};
      let text = UNITS;
      assert.deepEqual(cached(text, parseCache), fresh(text));
      for (const e of edits) {
        if (e.kind === 'rewrite') {
          const [from, to] = REWRITES[e.pick % REWRITES.length]!;
          const hits = [...text.matchAll(new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) => m.index!);
          if (hits.length === 0) continue;
          const at = hits[Math.floor(e.at * hits.length)]!;
          text = text.slice(0, at) + to + text.slice(at + from.length);
        } else if (e.kind === 'space') {
          // Spacing anywhere (also in strings and templates): a space or tab typed, or one deleted.
          const at = Math.floor(e.at * text.length);
          if (e.pick % 2 === 0) text = text.slice(0, at) + ' \t'[e.snippet % 2] + text.slice(at);
          else if (text[at] === ' ' || text[at] === '\t') text = text.slice(0, at) + text.slice(at + 1);
          else continue;
        } else if (e.kind === 'expression') {
          // Inside an arrow function's expression body, right after its first call's `(`.
          const spots = [...text.matchAll(/=>\s*[\w.]+\(/g)].map((m) => m.index! + m[0].length);
          if (spots.length === 0) continue;
          const at = spots[Math.floor(e.at * spots.length)]!;
          text = text.slice(0, at) + EXPRESSIONS[e.snippet % EXPRESSIONS.length]! + text.slice(at);
        } else if (e.kind === 'char') {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + 'x);{}'[e.pick % 5] + text.slice(at);
        } else {
          const groups = bodies(text);
          if (groups.length === 0) continue;
          const starts = groups[Math.floor(e.at * groups.length)]!;
          const at = starts[e.pick % starts.length]!;
          const end = e.kind === 'delete' ? (text.indexOf('\n', at) + 1 || text.length) : at;
          text = text.slice(0, at) + (e.kind === 'delete' ? '' : STATEMENTS[e.snippet % STATEMENTS.length]!) + text.slice(end);
        }
        assert.deepEqual(cached(text, parseCache), fresh(text), text);
        // What the analysis left for the next version (its units' facts, its proofs) is done by the owner
        // when idle (the analysis worker) or, if not, by the next analysis: both, by turns. (Reading the
        // units run settles too, so it is read on the settled turns only.)
        if (turn++ % 2 === 1) continue;
        settleParseCache(parseCache);
        analyses++;
        const units = lastAstUnitsRun(parseCache);
        if (units && units.run < units.total) reused++;
      }
    }), fuzzOptions(Math.max(30, Math.floor(FUZZ_RUNS / 6))));
    assert.ok(reused > analyses / 5, `findings were kept in ${reused} of ${analyses} analyses`);
  });
});
