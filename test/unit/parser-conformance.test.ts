import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as fc from 'fast-check';
import { NATIVE_PARSE_STACK_MB, parse, parseSpaced, joinSpaced, parserInUse, startParse, startParseSpaced, useParser, nativeTargets, PARSER_NAMES, type ParserName, type OxcTransfer, type SpacedText } from '../../server/src/engine/parser';
import { rawTransferUnsupported } from '../../server/src/engine/rawTransfer';
import { forEachChild } from '../../server/src/engine/tree';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import type { TSESTree } from '../../server/src/engine/ast';
import { FUZZ_RUNS, fuzzOptions, jsProgram, tried } from '../helpers/fuzz';

const ROOT = join(__dirname, '..', '..', '..');

function parseWith(parser: ParserName, text: string, jsx: boolean): TSESTree.Program {
  useParser(parser);
  try {
    return parse(text, jsx);
  } finally {
    useParser(undefined);
  }
}

/**
 * A tree as the rules see it, to compare across parsers: each node's type, offsets (`start`/`end`, which
 * both carry after the adapters) and the plain values both parsers give (names, operators, literal
 * values, flags), its children by the shared visitor keys; a field one parser leaves undefined and the
 * other null is the same.
 */
function shape(node: TSESTree.Node, other: TSESTree.Node, parentType = ''): unknown {
  const plain = (v: unknown) => (v === null ? undefined : v instanceof RegExp ? String(v) : v);
  const fields: Record<string, unknown> = { type: node.type, range: [node.start, node.end] };
  const mine = node as unknown as Record<string, unknown>;
  const theirs = other as unknown as Record<string, unknown>;
  for (const key of Object.keys(mine)) {
    if (key === 'start' || key === 'end' || key === 'parent' || key === 'range' || !(key in theirs)) continue; // a field only one parser has
    // typescript-estree takes a string statement in a class's `static { }` block for a directive; it is not one.
    if (key === 'directive' && parentType === 'StaticBlock') continue;
    const value = plain(mine[key]);
    if (typeof value === 'object' && value !== null) continue; // children, below
    if (value === undefined && plain(theirs[key]) === undefined) continue;
    fields[key] = value;
  }
  const children: unknown[] = [];
  const otherChildren: TSESTree.Node[] = [];
  forEachChild(other, (c) => otherChildren.push(c));
  let i = 0;
  forEachChild(node, (c) => children.push(shape(c, otherChildren[i++] ?? c, node.type)));
  return { ...fields, children };
}

function compare(text: string, jsx: boolean): 'same' | 'both-fail' {
  let reference: TSESTree.Program | undefined;
  let oxc: TSESTree.Program | undefined;
  try {
    reference = parseWith('typescript-estree', text, jsx);
  } catch {
    // below: oxc must fail too
  }
  try {
    oxc = parseWith('oxc-native', text, jsx);
  } catch (error) {
    assert.equal(reference, undefined, `oxc rejects what typescript-estree parses: ${String(error)}\n${text}`);
    return 'both-fail';
  }
  assert.ok(reference, `oxc parses what typescript-estree rejects:\n${text}`);
  assert.deepEqual(shape(oxc, reference), shape(reference, oxc), text.length > 300 ? `${text.slice(0, 300)}…` : text);
  return 'same';
}

describe('parser conformance: oxc against typescript-estree', function () {
  this.timeout(600_000);

  it('the same tree after the adapter for generated programs (fast-check)', () => {
    let same = 0;
    fc.assert(
      fc.property(jsProgram, fc.boolean(), (text, jsx) => {
        tried('parser-conformance');
        if (compare(text, jsx) === 'same') same++;
      }),
      fuzzOptions(),
    );
    assert.ok(same > FUZZ_RUNS / 2, `most generated programs parse (${same})`);
  });

  it('the same tree after the adapter for every source file of Warden itself and the literal shapes the adapter handles', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (/\.(ts|tsx|js|mjs)$/.test(e.name)) files.push(join(dir, e.name));
      }
    };
    for (const dir of ['server/src', 'client/src', 'scripts', 'test/unit', 'test/corpus']) walk(join(ROOT, dir));
    let same = 0;
    for (const file of files) if (compare(readFileSync(file, 'utf8'), !file.endsWith('.ts')) === 'same') same++;
    assert.ok(same > 100, `${same} files`);
    // The adapter's own cases: regular expressions (one this Node cannot build), BigInt, parentheses, directives, a hashbang, templates.
    for (const text of ['x = /a+b/giu; y = 12n; z = /[/; w = /(?<n>x)\\k<n>/v', 'f((a), ((b)), (c as any), <T>(d));', "'use strict'; \"use client\"; x", '#!/usr/bin/env node\nrun()', 'x = `a${b}c${`d${e}`}`',
      // Early errors typescript-estree leaves to the checker: oxc's tree is kept, not refused.
      'app.get("/", (req, res) => { const r = await db.query(req.query.q); });', 'if (!module.parent) return;\nexports.x = 1;']) {
      compare(text, false);
    }
  });

  it('every AST rule gives the same findings at the same positions on the labelled corpus under both parsers', () => {
    const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
    const dir = join(ROOT, 'test', 'corpus', 'vulnerable');
    let compared = 0;
    const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|ts|jsx|tsx|mjs|cjs)$/.test(f));
    for (const name of names) {
      const text = readFileSync(join(dir, name), 'utf8');
      const [oxc, reference] = (['oxc-native', 'typescript-estree'] as const).map((parser) => {
        useParser(parser);
        try {
          return analyze({ text, path: name }, ruleset).findings;
        } finally {
          useParser(undefined);
        }
      });
      assert.deepEqual(oxc, reference, name);
      compared += oxc!.length;
    }
    assert.ok(compared > 50, `${compared} findings compared`);
  });
});

describe('the parser module: native, WebAssembly, reference', function () {
  this.timeout(120_000);
  const text = "import { exec } from 'child_process';\nexport function run(req: any) { exec('ls ' + req.query.dir); }\n";

  for (const name of PARSER_NAMES) {
    it(`${name}: loads, says so, and gives the same findings`, () => {
      useParser(name);
      try {
        const info = parserInUse();
        assert.equal(info.name, name);
        // The native binding says how its trees are handed over: raw transfer where this Node can (22 or later).
        const transfer = rawTransferUnsupported() ? 'JSON transfer' : 'raw transfer';
        assert.match(info.description, name === 'typescript-estree' ? /^@typescript-eslint\/typescript-estree \d/ : name === 'oxc-wasm' ? /^oxc-parser \d+\.\d+\.\d+ \(WebAssembly\)$/ : new RegExp(`^oxc-parser \\d+\\.\\d+\\.\\d+ \\(${nativeTargets()[0]}, ${transfer}\\)$`));
        if (name === 'oxc-native') assert.deepEqual(info.transfer, rawTransferUnsupported() ? { kind: 'json', why: rawTransferUnsupported() } : { kind: 'raw', why: undefined });
        const result = analyze({ text, path: 'src/run.ts' }, compileRuleset({}, BUILTIN_CATALOG));
        assert.equal(result.parseError, undefined);
        assert.deepEqual(result.findings.map((f) => [f.ruleId, f.start, f.end]), [['command-injection', 75, 96]]);
      } finally {
        useParser(undefined);
      }
    });
  }

  // JSON asked for, and the default: raw transfer where this Node can (22 or later; run the file on Node 24 to see it), else JSON.
  for (const asked of ['json', undefined] as const) {
  it(`on a thread with the parse thread's stack (warden scan's workers) the native binding parses on that thread (${asked ?? 'default'} transfer): the same trees, nesting 50,000 deep included`, async function () {
    this.timeout(120_000);
    const texts: [string, boolean][] = [['const a = 1;\n', false], ['function f(x: number) { return x + 1; }\n', false], ['const el = <div>{a}</div>;\n', true], ['const r = /a+/u, s = `${r}`;\n', false]];
    // About 65 MB of oxc's stack: a worker with the default 4 MB would be killed, not given an error.
    const deep = `x = ${'['.repeat(50_000)}${']'.repeat(50_000)};\n`;
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const p = require(workerData.parser);
      p.parseOnThisThread();
      p.useParser('oxc-native', workerData.asked);
      let error;
      try { p.parse('x = 1 +;', false); } catch (e) { error = e.message; }
      parentPort.postMessage({
        description: p.parserInUse().description,
        trees: workerData.texts.map(([t, jsx]) => JSON.stringify(p.parse(t, jsx))),
        deep: p.parse(workerData.deep, false).body.length,
        error,
      });`;
    const worker = new Worker(source, { eval: true, workerData: { parser: join(ROOT, 'out', 'server', 'src', 'engine', 'parser.js'), texts, deep, asked }, resourceLimits: { stackSizeMb: NATIVE_PARSE_STACK_MB } });
    const out = await new Promise<{ description: string; trees: string[]; deep: number; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the worker stopped (exit code ${code})`)));
    });
    await worker.terminate();
    const transfer = asked === 'json' || rawTransferUnsupported() ? 'JSON transfer' : 'raw transfer';
    assert.match(out.description, new RegExp(`^oxc-parser \\d+\\.\\d+\\.\\d+ \\(${nativeTargets()[0]}, ${transfer}, on this thread\\)$`));
    useParser('oxc-native', 'json');
    try {
      assert.deepEqual(out.trees, texts.map(([t, jsx]) => JSON.stringify(parse(t, jsx))));
      assert.throws(() => parse('x = 1 +;', false), (e: Error) => e.message === out.error);
    } finally {
      useParser(undefined);
    }
    assert.equal(out.deep, 1);
  });
  }

  it('a text given as its parts (the re-parse\'s blanked region) parses as the joined text does, errors and the reference parser\'s rescue included', () => {
    // A number is that many spaces: the JSON hand-over builds the text on the parse thread.
    const cases: { parts: SpacedText; jsx: boolean; sourceType?: 'module' }[] = [
      { parts: [0, 'class A {', 30, 'm() { return <b>{1}</b>; }', 4, '}'], jsx: true },
      { parts: [12, 'export class B {', 0, '@x', 2, '\n  f = 1;', 100, '}'], jsx: false, sourceType: 'module' },
      { parts: [3, 'x = 1 +', 5, ';'], jsx: false },
      { parts: [0, 'const r = /a/gg;', 2, 'exec(req.query.cmd);'], jsx: false },
      { parts: [0, 'const s = "\u00e9\u{1F600}";', 70000, 'let t = 1;'], jsx: false },
    ];
    for (const [name, transfer] of [['oxc-native', 'json'], ['oxc-native', undefined], ['oxc-wasm', undefined], ['typescript-estree', undefined]] as const) {
      useParser(name, transfer);
      try {
        for (const { parts, jsx, sourceType } of cases) {
          const text = joinSpaced(parts);
          assert.equal(text.length, parts.reduce<number>((n, p) => n + (typeof p === 'number' ? p : p.length), 0));
          let expected: string;
          try {
            expected = JSON.stringify(parse(text, jsx, sourceType));
          } catch (error) {
            expected = `throws ${(error as Error).message}`;
          }
          let actual: string;
          try {
            actual = JSON.stringify(parseSpaced(parts, jsx, sourceType));
          } catch (error) {
            actual = `throws ${(error as Error).message}`;
          }
          assert.equal(actual, expected, `${name} ${transfer ?? ''}: ${text.trim().slice(0, 40)}`);
        }
      } finally {
        useParser(undefined);
      }
    }
  });

  it('a parse started ahead (startParse, a big file\'s) gives what a plain parse gives; another parse, or none, in between changes nothing', () => {
    const big = readFileSync(join(ROOT, 'server', 'src', 'engine', 'taint.ts'), 'utf8');
    const other = readFileSync(join(ROOT, 'server', 'src', 'engine', 'engine.ts'), 'utf8');
    const broken = `${other}\nconst x = ;\n`;
    const outcome = (text: string, jsx: boolean) => {
      try {
        return JSON.stringify(parse(text, jsx));
      } catch (error) {
        return `throws ${(error as Error).message}`;
      }
    };
    for (const [name, transfer] of [['oxc-native', 'json'], ['oxc-native', undefined], ['oxc-wasm', undefined], ['typescript-estree', undefined]] as const) {
      useParser(name, transfer);
      try {
        const expected = { big: outcome(big, false), bigJsx: outcome(big, true), other: outcome(other, false), broken: outcome(broken, false) };
        assert.match(expected.broken, /^throws /);
        const label = `${name} ${transfer ?? ''}`;
        startParse(big, false);
        assert.equal(outcome(big, false), expected.big, `${label}: taken by the parse of the same text`);
        startParse(big, false);
        assert.equal(outcome(other, false), expected.other, `${label}: another text first waits for the started parse and drops it`);
        assert.equal(outcome(big, false), expected.big, `${label}: and nothing of it is left for the next parse`);
        startParse(big, false);
        assert.equal(outcome(big, true), expected.bigJsx, `${label}: the same text read with other options`);
        startParse(big, false);
        startParse(other, false);
        assert.equal(outcome(other, false), expected.other, `${label}: a second start replaces the first`);
        startParse(broken, false);
        assert.equal(outcome(broken, false), expected.broken, `${label}: a syntax error, as a plain parse gives it`);
        startParse(big, false);
        assert.equal(outcome(big, false), expected.big, `${label}: after a failed parse`);
      } finally {
        useParser(undefined);
      }
    }
  });

  it('a parse of parts started ahead (startParseSpaced, an edit\'s region) gives what a plain parse gives; other parts, another parse, or none, in between change nothing', () => {
    const source = readFileSync(join(ROOT, 'server', 'src', 'engine', 'taint.ts'), 'utf8');
    // A region as the re-parse makes them: kept text with runs of spaces between (numbers).
    const parts: SpacedText = [0, source.slice(0, 400), 2000, source.slice(2400, 2900), source.length - 2900];
    const same: SpacedText = [0, source.slice(0, 400), 2000, source.slice(2400, 2900), source.length - 2900]; // equal, not the same array
    const shifted: SpacedText = [1, source.slice(0, 400), 1999, source.slice(2400, 2900), source.length - 2900];
    const broken: SpacedText = [10, 'const x = ;', 100];
    const outcome = (p: SpacedText, jsx = false) => {
      try {
        return JSON.stringify(parseSpaced(p, jsx));
      } catch (error) {
        return `throws ${(error as Error).message}`;
      }
    };
    const whole = (text: string) => {
      try {
        return JSON.stringify(parse(text, false));
      } catch (error) {
        return `throws ${(error as Error).message}`;
      }
    };
    for (const [name, transfer] of [['oxc-native', 'json'], ['oxc-native', undefined], ['oxc-wasm', undefined], ['typescript-estree', undefined]] as const) {
      useParser(name, transfer);
      try {
        const expected = { parts: outcome(parts), jsx: outcome(parts, true), shifted: outcome(shifted), broken: outcome(broken), source: whole(source) };
        assert.equal(expected.parts, whole(joinSpaced(parts)));
        assert.match(expected.broken, /^throws /);
        const label = `${name} ${transfer ?? ''}`;
        startParseSpaced(parts, false);
        assert.equal(outcome(same), expected.parts, `${label}: taken by the parse of equal parts`);
        startParseSpaced(parts, false);
        assert.equal(outcome(shifted), expected.shifted, `${label}: other parts first wait for the started parse and drop it`);
        assert.equal(outcome(parts), expected.parts, `${label}: and nothing of it is left for the next parse`);
        startParseSpaced(parts, false);
        assert.equal(outcome(parts, true), expected.jsx, `${label}: the same parts read with other options`);
        startParseSpaced(parts, false);
        assert.equal(whole(source), expected.source, `${label}: a whole parse after a started one`);
        startParseSpaced(parts, false);
        startParse(source, false);
        assert.equal(whole(source), expected.source, `${label}: a start of another kind replaces it`);
        startParseSpaced(parts, false);
        startParseSpaced(shifted, false);
        assert.equal(outcome(shifted), expected.shifted, `${label}: a second start replaces the first`);
        startParseSpaced(broken, false);
        assert.equal(outcome(broken), expected.broken, `${label}: a syntax error, as a plain parse gives it`);
        startParseSpaced(parts, false);
        assert.equal(outcome(parts), expected.parts, `${label}: after a failed parse`);
      } finally {
        useParser(undefined);
      }
    }
  });

  it('a file oxc rejects only for a regular expression literal\'s flags is parsed by the reference parser; other syntax errors still fail', () => {
    // A path pasted after `{` reads as `/Users/` with flags `me`; TypeScript leaves flags to the checker.
    const pasted = "const { exec } = require('child_process');\nrouter.post('/x', (req, res) => {/Users/me/a.js\n  exec(req.body.cmd);\n});\n";
    const flags = 'const r = /a/gg;\nexec(req.query.cmd);\n';
    for (const name of ['oxc-native', 'oxc-wasm'] as const) {
      useParser(name);
      try {
        const pastedFindings = analyze({ text: pasted, path: 'src/a.js' }, compileRuleset({}, BUILTIN_CATALOG));
        assert.equal(pastedFindings.parseError, undefined, name);
        assert.deepEqual(pastedFindings.findings.map((f) => [f.ruleId, f.start, f.end]), [['command-injection', 98, 110]], name); // req.body.cmd
        const program = parse(flags, false);
        assert.equal(program.body.length, 2, name);
        // A real syntax error is not rescued, and keeps oxc's message.
        assert.throws(() => parse('x = /a/g;\nx = 1 +;\n', false), (e: Error) => !/in regular expression/.test(e.message), name);
        // Both parsers fail: oxc's first error is the one reported.
        assert.throws(() => parse('x = /a/gg +;\n', false), /regular expression literal/, name);
      } finally {
        useParser(undefined);
      }
    }
  });

  it('chooses the native binding first, and the bundled CLI says which parser it uses (--version), also when told another', () => {
    assert.equal(parserInUse().name, 'oxc-native');
    assert.deepEqual(parserInUse().notLoaded, []);
    const cli = join(ROOT, 'dist', 'cli.js');
    assert.match(execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' }), /parser: oxc-parser \d+\.\d+\.\d+ \(linux-x64-gnu|parser: oxc-parser .*\(/);
    for (const name of ['oxc-wasm', 'typescript-estree'] as const) {
      const out = execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8', env: { ...process.env, WARDEN_PARSER: name } });
      assert.match(out, name === 'oxc-wasm' ? /parser: oxc-parser .* \(WebAssembly\)/ : /parser: @typescript-eslint\/typescript-estree/);
      assert.doesNotMatch(out, /ExperimentalWarning|WASI/);
    }
  });

  it('names the platforms oxc publishes native bindings for', () => {
    assert.deepEqual(nativeTargets('linux', 'x64'), ['linux-x64-gnu', 'linux-x64-musl']);
    assert.deepEqual(nativeTargets('linux', 'arm'), ['linux-arm-gnueabihf', 'linux-arm-musleabihf']);
    assert.deepEqual(nativeTargets('win32', 'arm64'), ['win32-arm64-msvc']);
    assert.deepEqual(nativeTargets('darwin', 'arm64'), ['darwin-arm64']);
  });

  it('takes over the parse thread the loader started before the server bundle, and starts no second one', () => {
    // In its own process, as the loader (dist/server.js) and the bundle share one: every Worker counted.
    const engine = join(ROOT, 'out', 'server', 'src', 'engine');
    const script = `
      const threads = require('node:worker_threads');
      const Worker = threads.Worker;
      let started = 0;
      threads.Worker = class extends Worker { constructor(...a) { super(...a); started++; } };
      const spawn = require(${JSON.stringify(join(engine, 'parseThreadSpawn.js'))});
      spawn.startParseThreadEarly(${JSON.stringify(engine)});
      const early = started;
      const parser = require(${JSON.stringify(join(engine, 'parser.js'))});
      parser.startParser();
      const taken = spawn.takeEarlyParseThread() === undefined;
      const program = parser.parse('const a = 1;', false);
      console.log(JSON.stringify({ early, started, taken, parser: parser.parserInUse().name, body: program.body.length }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, WARDEN_PARSER: '' } }));
    assert.deepEqual(out, { early: 1, started: 1, taken: true, parser: 'oxc-native', body: 1 });
    // Asked for another parser, the loader starts none.
    const other = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, WARDEN_PARSER: 'typescript-estree' } }));
    assert.deepEqual(other, { early: 0, started: 0, taken: true, parser: 'typescript-estree', body: 1 });
  });
});



