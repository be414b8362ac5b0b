import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * What a JavaScript/TypeScript start leaves unloaded (docs/engineering.md, start-up, sixth pass): the
 * tree-sitter languages' specs load with their language's first file. Checked in a fresh process, since
 * this one has loaded everything the other tests needed.
 */
const src = join(__dirname, '..', '..', 'server', 'src');

function inFreshNode(script: string): unknown {
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, SRC: src } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('start-up: what loads on first use', () => {
  it('analysing a TypeScript file loads no tree-sitter language spec; reading one loads that one only', function () {
    this.timeout(60_000);
    const result = inFreshNode(`
      const { join, sep } = require('node:path');
      const src = process.env.SRC;
      const { analyze } = require(join(src, 'engine', 'engine.js'));
      const { compileRuleset } = require(join(src, 'engine', 'ruleset.js'));
      const { BUILTIN_CATALOG } = require(join(src, 'rules', 'index.js'));
      const { LANGUAGE_SPECS } = require(join(src, 'languages', 'index.js'));
      const specsLoaded = () => Object.keys(require.cache)
        .filter((f) => f.startsWith(join(src, 'languages') + sep) && f !== join(src, 'languages', 'index.js'))
        .map((f) => f.slice(join(src, 'languages').length + 1).split(sep)[0]).sort();
      const r = analyze({ text: "import { exec } from 'child_process';\\nexec(req.query.cmd);\\n", path: 'a.ts' }, compileRuleset({}, BUILTIN_CATALOG));
      const afterTs = specsLoaded();
      const keys = Object.keys(LANGUAGE_SPECS);
      const knowsPython = Object.prototype.hasOwnProperty.call(LANGUAGE_SPECS, 'python');
      const afterKeys = specsLoaded();
      const python = LANGUAGE_SPECS.python;
      console.log(JSON.stringify({ findings: r.findings.map((f) => f.ruleId), afterTs, keys, knowsPython, afterKeys, afterPython: specsLoaded(), pythonId: python.id, same: python === LANGUAGE_SPECS.python }));
    `) as { findings: string[]; afterTs: string[]; keys: string[]; knowsPython: boolean; afterKeys: string[]; afterPython: string[]; pythonId: string; same: boolean };
    assert.ok(result.findings.includes('command-injection'), `the TypeScript file was analysed: ${result.findings.join(', ')}`);
    assert.deepEqual(result.afterTs, []);
    assert.deepEqual(result.keys, ['python', 'java', 'php', 'go', 'csharp', 'ruby']);
    assert.equal(result.knowsPython, true);
    assert.deepEqual(result.afterKeys, [], 'listing the languages loads none of them');
    assert.deepEqual(result.afterPython, ['python']);
    assert.equal(result.pythonId, 'python');
    assert.equal(result.same, true, 'a spec is loaded once');
  });
});
