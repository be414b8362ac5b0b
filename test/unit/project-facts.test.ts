import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { onlyBelowMajor, onlyFromMajor, type ProjectFacts } from '../../server/src/engine/project';
import { ProjectFactsReader } from '../../server/src/projectFacts';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules/index';
import { run } from '../helpers/cli';
import { LspHarness } from '../helpers/lsp';

// js-yaml 3's `load` reads `!!js/function`; 4's does not. A file that shows no 3.x API is judged by the
// project's package.json: the installed version, else the declared range.
const LOADER = "const yaml = require('js-yaml');\nmodule.exports = (text) => yaml.load(text);\n";
const facts = (range: string): ProjectFacts => ({ versions: { 'js-yaml': range }, manifest: 'package.json' });

describe('project facts: dependency versions from package.json', () => {
  it('onlyBelowMajor reads ranges and versions, and says no when unsure', () => {
    for (const r of ['^3.14.1', '~3.0.0', '3.x', '3', '3.13.1', '>=3.0.0 <4.0.0', '<4']) assert.equal(onlyBelowMajor(facts(r), 'js-yaml', 4), true, r);
    // a later major allowed, no range at all, or a pre-release (left unknown rather than guessed)
    for (const r of ['^4.1.0', '*', 'latest', '>=3', 'github:nodeca/js-yaml', '', '^3 || ^4', '4.0.0-beta.1 || ^3', '^3.0.0-beta']) assert.equal(onlyBelowMajor(facts(r), 'js-yaml', 4), false, r);
    assert.equal(onlyBelowMajor(undefined, 'js-yaml', 4), false);
    assert.equal(onlyBelowMajor(facts('^3.0.0'), '@koa/cors', 5), false, 'another package: unknown');
    for (const [r, expected] of [['^5.0.0', true], ['5.1.0', true], ['>=5', true], ['^4.0.0', false], ['*', false], ['^4 || ^5', false]] as const) {
      assert.equal(onlyFromMajor({ versions: { '@koa/cors': r }, manifest: 'package.json' }, '@koa/cors', 5), expected, r);
    }
  });

  it('given as a function, the facts are read only for a file some rule parses, and then used', () => {
    const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
    const asked: string[] = [];
    const project = (path: string) => () => {
      asked.push(path);
      return facts('^3.14.1');
    };
    // The keyword `jwt` is there but the rule's text check fails (a key from the environment): not parsed, not asked.
    const credentials = compileRuleset({ preset: 'strict', categories: ['credentials'] }, BUILTIN_CATALOG);
    analyze({ text: 'jwt.sign(payload, process.env.JWT_SECRET);\n', path: 'sign.js' }, credentials, { project: project('sign.js') });
    analyze({ text: 'const a = 1;\n', path: 'plain.js' }, ruleset, { project: project('plain.js') });
    const found = analyze({ text: LOADER, path: 'loader.js' }, ruleset, { project: project('loader.js') });
    assert.deepEqual(asked, ['loader.js']);
    assert.ok(found.findings.some((f) => f.ruleId === 'unsafe-deserialization' && /js-yaml 3/.test(f.message)));
  });

  it('@koa/cors without an origin: the message says which default the project gets', () => {
    const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
    const text = "const cors = require('@koa/cors');\napp.use(cors());\n";
    const message = (range?: string) => analyze({ text, path: 'app.js' }, ruleset, { project: range ? { versions: { '@koa/cors': range }, manifest: 'package.json' } : undefined })
      .findings.filter((f) => f.ruleId === 'cors-any-origin').map((f) => [text.slice(f.start, f.end), f.message.slice(0, f.message.indexOf('. It ') + 1)]);
    assert.deepEqual(message('^4.0.0'), [['cors()', '`@koa/cors` before 5.0.0 (@koa/cors ^4.0.0 in package.json) without an `origin` answers every website with its own Origin (CVE-2023-49803), which turns into a full bypass as soon as credentials are allowed on the response.']]);
    assert.deepEqual(message('5.0.0'), [['cors()', '`@koa/cors` 5 (@koa/cors 5.0.0 in package.json) without an `origin` answers every origin with `*`.']]);
    assert.deepEqual(message(), [['cors()', "`@koa/cors` without an `origin` answers every origin: `*` from version 5.0.0, and before it (CVE-2023-49803) the request's own Origin, which turns into a full bypass as soon as credentials are allowed on the response."]]);
  });

  describe('ProjectFactsReader', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'warden-facts-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('finds the nearest package.json, prefers the installed version, and re-reads a changed manifest', () => {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '^3.14.0', express: '^4' }, devDependencies: { '@koa/cors': '^4.0.0' } }));
      mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
      const reader = new ProjectFactsReader();
      assert.deepEqual(reader.factsFor(join(dir, 'src', 'lib', 'a.js')), { versions: { 'js-yaml': '^3.14.0', '@koa/cors': '^4.0.0' }, manifest: '../../package.json' });
      assert.equal(reader.factsFor(join(dir, 'index.js'))!.manifest, 'package.json');

      mkdirSync(join(dir, 'node_modules', 'js-yaml'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', 'js-yaml', 'package.json'), JSON.stringify({ version: '3.14.1' }));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '^3.14.0' } }));
      utimesSync(join(dir, 'package.json'), new Date(), new Date(Date.now() + 5000));
      assert.deepEqual(reader.factsFor(join(dir, 'src', 'a.js')), { versions: { 'js-yaml': '3.14.1' }, manifest: '../package.json' });
    });

    it('a nested package governs its own files; no manifest, bad JSON or no versioned package give nothing', () => {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '^3.14.0' } }));
      mkdirSync(join(dir, 'packages', 'b'), { recursive: true });
      writeFileSync(join(dir, 'packages', 'b', 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '^4.1.0' } }));
      mkdirSync(join(dir, 'packages', 'c'), { recursive: true });
      writeFileSync(join(dir, 'packages', 'c', 'package.json'), '{ not json');
      mkdirSync(join(dir, 'packages', 'd'), { recursive: true });
      writeFileSync(join(dir, 'packages', 'd', 'package.json'), JSON.stringify({ dependencies: { yaml: '^2' } }));
      const reader = new ProjectFactsReader();
      assert.equal(reader.factsFor(join(dir, 'packages', 'b', 'x.js'))!.versions['js-yaml'], '^4.1.0');
      assert.equal(reader.factsFor(join(dir, 'packages', 'c', 'x.js')), undefined);
      assert.equal(reader.factsFor(join(dir, 'packages', 'd', 'x.js')), undefined);
      assert.equal(reader.factsFor(join(dir, 'x.js'))!.versions['js-yaml'], '^3.14.0');
    });

    it('a fixed reader (one scan) gives each folder the facts it first read, whatever the manifest becomes', () => {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '^3.14.0' } }));
      mkdirSync(join(dir, 'src'));
      const fixed = new ProjectFactsReader(true);
      const watching = new ProjectFactsReader();
      for (const reader of [fixed, watching]) assert.equal(reader.factsFor(join(dir, 'src', 'a.js'))!.versions['js-yaml'], '^3.14.0');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '^4.1.0' } }));
      utimesSync(join(dir, 'package.json'), new Date(), new Date(Date.now() + 5000));
      assert.equal(fixed.factsFor(join(dir, 'src', 'b.js'))!.versions['js-yaml'], '^3.14.0');
      assert.equal(watching.factsFor(join(dir, 'src', 'b.js'))!.versions['js-yaml'], '^4.1.0');
      // A folder first asked now reads the manifest as it is.
      assert.equal(fixed.factsFor(join(dir, 'c.js'))!.versions['js-yaml'], '^4.1.0');
    });
  });

  describe('unsafe-deserialization with the project facts', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const found = (project?: ProjectFacts) => analyze({ text: LOADER, path: 'src/load.js' }, ruleset, { project }).findings.filter((f) => f.ruleId === 'unsafe-deserialization');

    it('reports js-yaml load in a project on js-yaml 3, with the fact in the message and the safeLoad fix', () => {
      const [finding, ...rest] = found(facts('^3.14.1'));
      assert.equal(rest.length, 0);
      assert.equal(LOADER.slice(finding!.start, finding!.end), 'yaml.load(text)');
      assert.match(finding!.message, /^This project runs js-yaml 3 \(js-yaml \^3\.14\.1 in package\.json\), whose `load` builds `!!js\/function` values/);
      assert.deepEqual(finding!.fix!.edits.map((e) => [LOADER.slice(e.start, e.end), e.newText]), [['load', 'safeLoad']]);
    });

    it('stays silent on js-yaml 4, on an unknown version, and with an explicit schema', () => {
      assert.deepEqual(found(facts('^4.1.0')), []);
      assert.deepEqual(found(undefined), []);
      assert.deepEqual(analyze({ text: "const yaml = require('js-yaml');\nyaml.load(t, { schema: yaml.CORE_SCHEMA });", path: 'a.js' }, ruleset, { project: facts('^3.14.1') }).findings, []);
    });
  });

  describe('read by the CLI and the server', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'warden-facts-run-'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '~3.13.1' } }));
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'load.js'), LOADER);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('warden scan reports it in a js-yaml 3 project and not once package.json moves to 4', async () => {
      const first = await run(['scan', '--format', 'json'], dir);
      const ids = (out: string) => (JSON.parse(out) as { findings: { ruleId: string; message: string }[] }).findings;
      assert.deepEqual(ids(first.stdout).map((f) => f.ruleId), ['unsafe-deserialization'], first.stderr);
      assert.match(ids(first.stdout)[0]!.message, /js-yaml ~3\.13\.1 in \.\.\/package\.json/);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '^4.1.0' } }));
      const second = await run(['scan', '--format', 'json'], dir);
      assert.deepEqual(ids(second.stdout), []);
    });

    it('the language server reads the package.json of a document on disk', async () => {
      const lsp = new LspHarness();
      try {
        await lsp.initialize(pathToFileURL(dir).toString());
        const { diagnostics } = await lsp.open(pathToFileURL(join(dir, 'src', 'load.js')).toString(), LOADER, 'javascript');
        assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unsafe-deserialization', 1, 27]]);
        assert.match(String(diagnostics[0]!.message), /js-yaml ~3\.13\.1 in \.\.\/package\.json/);

        // package.json moves to js-yaml 4; an edit in another function (which alone would keep the load
        // call's finding from the previous version) is analysed with the new facts.
        const uri = pathToFileURL(join(dir, 'src', 'read.js')).toString();
        const read = "const yaml = require('js-yaml');\nfunction read(text) {\n  return yaml.load(text);\n}\nfunction other() {\n  return 1;\n}\n";
        assert.equal((await lsp.open(uri, read, 'javascript')).diagnostics.length, 1);
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'js-yaml': '^4.1.0' } }));
        utimesSync(join(dir, 'package.json'), new Date(), new Date(Date.now() + 5000));
        const next = lsp.nextDiagnostics(uri, 2);
        lsp.edit(uri, [{ range: { start: { line: 5, character: 9 }, end: { line: 5, character: 10 } }, newText: '2' }]);
        assert.deepEqual((await next).diagnostics, []);
      } finally {
        await lsp.shutdown();
      }
    });
  });
});
