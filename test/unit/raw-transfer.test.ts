import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { parse, parserInUse, useParser, type OxcTransfer } from '../../server/src/engine/parser';
import { rawTransferUnsupported } from '../../server/src/engine/rawTransfer';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import type { TSESTree } from '../../server/src/engine/ast';
import { fuzzOptions, jsProgram, tried } from '../helpers/fuzz';

const ROOT = join(__dirname, '..', '..', '..');

/** The tree, or the error message, the native binding gives with one hand-over. */
function parseBy(transfer: OxcTransfer, text: string, jsx: boolean): TSESTree.Program | { error: string } {
  useParser('oxc-native', transfer);
  try {
    return parse(text, jsx);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    useParser(undefined);
  }
}

/** Raw transfer must give exactly the JSON hand-over's tree after the adapter: every field, every position. */
function sameTree(text: string, jsx: boolean): boolean {
  const raw = parseBy('raw', text, jsx);
  const json = parseBy('json', text, jsx);
  assert.deepStrictEqual(raw, json, text.length > 300 ? `${text.slice(0, 300)}…` : text);
  return !('error' in raw);
}

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(e.name)) files.push(join(dir, e.name));
    }
  };
  for (const dir of ['server/src', 'client/src', 'scripts', 'test/unit', 'test/corpus']) walk(join(ROOT, dir));
  return files;
}

// Run on a Node that can make raw transfer's buffer (22 or later); elsewhere these are pending, and the
// test at the end runs this file under the Node 24 that VS Code's tests use, when this machine has it.
describe('oxc raw transfer against the JSON hand-over (Node 22 or later)', function () {
  this.timeout(600_000);
  before(function () {
    const why = rawTransferUnsupported();
    if (why && process.env.WARDEN_EXPECT_RAW_TRANSFER) throw new Error(`raw transfer was expected here: ${why}`);
    if (why) this.skip();
  });

  it('is what the native binding uses by default, and says so', () => {
    useParser('oxc-native');
    try {
      assert.deepEqual(parserInUse().transfer, { kind: 'raw', why: undefined });
      assert.match(parserInUse().description, /, raw transfer\)$/);
    } finally {
      useParser(undefined);
    }
    useParser('oxc-native', 'json');
    try {
      assert.deepEqual(parserInUse().transfer, { kind: 'json', why: 'WARDEN_OXC_TRANSFER=json' });
    } finally {
      useParser(undefined);
    }
  });

  it('the same tree, field for field, for every source file of Warden itself and its corpus', () => {
    let parsed = 0;
    for (const file of sourceFiles()) if (sameTree(readFileSync(file, 'utf8'), !file.endsWith('.ts'))) parsed++;
    assert.ok(parsed > 200, `${parsed} files`);
  });

  it('the same tree for the shapes the adapter handles, non-ASCII text and syntax errors', () => {
    const texts = [
      'x = /a+b/giu; y = 12n; z = /[/; w = /(?<n>x)\\k<n>/v; big = 0x1fn',
      'f((a), ((b)), (c as any), <T>(d));',
      "'use strict'; \"use client\"; x",
      '#!/usr/bin/env node\nrun()',
      'x = `a${b}c${`d${e}`}`',
      // UTF-16 positions after characters of 2, 3 and 4 UTF-8 bytes.
      'const é = "ü"; /* 中文 */ const s = "😀"; eval(q);\r\nconst t = "x"; exec(cmd)',
      '// 😀😀😀\nconst password = "hunter2-but-longer"; const re = /😀+/u;',
      'app.get("/", (req, res) => { const r = await db.query(req.query.q); });',
      'if (!module.parent) return;\nexports.x = 1;',
      // Syntax errors: the same first error, at the same place, either way.
      'const = 1;', 'function (', 'let x = "unterminated', 'class { }', 'a ? b :', '😀 = 1',
    ];
    for (const text of texts) for (const jsx of [false, true]) sameTree(text, jsx);
    // A lone surrogate: both read the text as UTF-8, where it is U+FFFD, and positions stay UTF-16. The
    // one difference is for the better: raw transfer's `raw` is the source text, as typescript-estree's
    // is, where the JSON hand-over gives U+FFFD.
    const text = 'const t = "\uD800"; exec(cmd)';
    const literal = (program: TSESTree.Program | { error: string }) => ((program as TSESTree.Program).body[0] as TSESTree.VariableDeclaration).declarations[0]!.init as TSESTree.StringLiteral;
    useParser('typescript-estree');
    const reference = literal(parse(text, false));
    useParser(undefined);
    const raw = literal(parseBy('raw', text, false));
    assert.deepEqual([raw.raw, raw.start, raw.end], [reference.raw, reference.start, reference.end]);
    assert.equal(literal(parseBy('json', text, false)).raw, '"\uFFFD"');
  });

  it('the same tree for generated programs (fast-check)', () => {
    fc.assert(
      fc.property(jsProgram, fc.boolean(), (text, jsx) => {
        tried('raw-transfer');
        sameTree(text, jsx);
      }),
      fuzzOptions(),
    );
  });

  it('reuses its shared buffer without leaking one parse into the next (large, small, broken, large again)', () => {
    const files = sourceFiles();
    const big = files.map((f) => readFileSync(f, 'utf8')).join('\n;\n').slice(0, 600_000);
    const texts = [big, 'eval(x)', 'const = 1;', '', big.slice(0, 200_000), 'const a = [1, 2, 3];', big];
    for (const text of texts) sameTree(text, false);
  });

  it('every AST rule gives the same findings at the same positions on the labelled corpus, raw against JSON against the reference', () => {
    const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
    const dir = join(ROOT, 'test', 'corpus', 'vulnerable');
    let compared = 0;
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|ts|jsx|tsx|mjs|cjs)$/.test(f))) {
      const text = readFileSync(join(dir, name), 'utf8');
      const run = (parser: 'oxc-native' | 'typescript-estree', transfer?: OxcTransfer) => {
        useParser(parser, transfer);
        try {
          return analyze({ text, path: name }, ruleset);
        } finally {
          useParser(undefined);
        }
      };
      const raw = run('oxc-native', 'raw');
      assert.deepEqual(raw, run('oxc-native', 'json'), name);
      assert.deepEqual(raw.findings, run('typescript-estree').findings, name);
      compared += raw.findings.length;
    }
    assert.ok(compared > 50, `${compared} findings compared`);
  });

  it('a file nested too deeply still fails cleanly (the text rules run, the process lives)', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const text = `eval(x);\nconst a = ${'[\n'.repeat(20_000)}${']\n'.repeat(20_000)};`;
    useParser('oxc-native', 'raw');
    try {
      const result = analyze({ text, path: 'deep.ts' }, ruleset);
      assert.equal(result.parseError, 'the code is nested too deeply to parse; the text rules still ran');
    } finally {
      useParser(undefined);
    }
  });
});

/**
 * The Node 24 that scripts/vscode/install.mjs caches for the real-VS-Code tests (VS Code's extension
 * host runs Node 22 or later), or `WARDEN_NODE22`; undefined when neither is here.
 */
function nodeWithRawTransfer(): string | undefined {
  if (process.env.WARDEN_NODE22) return process.env.WARDEN_NODE22;
  const version = /NODE_VERSION = '([\d.]+)'/.exec(readFileSync(join(ROOT, 'scripts', 'vscode', 'install.mjs'), 'utf8'))?.[1];
  assert.ok(version, 'scripts/vscode/install.mjs names its NODE_VERSION');
  const node = join(process.env.WARDEN_VSCODE_CACHE || join(homedir(), '.cache', 'warden-vscode'), `node-${version}`, 'bin', 'node');
  return existsSync(node) ? node : undefined;
}

describe('raw transfer under the Node VS Code runs the server on', function () {
  this.timeout(1_800_000);

  it('passes this file, the parser conformance, the AST rule tables (each case compared with typescript-estree) and the analysis worker (its young generation) under Node 22 or later (run from an older Node)', function () {
    // On Node 22 or later the suites above ran in this process already.
    if (!rawTransferUnsupported()) this.skip();
    const node = nodeWithRawTransfer();
    // Pending without it: `node scripts/vscode/install.mjs` (or any `npm run test:vscode`) caches it.
    if (!node) this.skip();
    const files = ['raw-transfer', 'parser-conformance', 'node-offsets', 'ast-rules', 'patterns-ast', 'dataflow-flow', 'sink-classes', 'js-patterns', 'analysis-worker'].map((f) => join(ROOT, 'out', 'test', 'unit', `${f}.test.js`));
    const out = execFileSync(node, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--reporter', 'dot', '--timeout', '600000', ...files], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WARDEN_EXPECT_RAW_TRANSFER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.match(out, /\d+ passing/);
    assert.doesNotMatch(out, /failing/);
  });
});
