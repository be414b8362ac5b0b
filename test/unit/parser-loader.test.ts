import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWithCodeCache } from '../../server/src/parserLoader';
import { wouldParse } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';

describe('parser loading with a V8 code cache (parserLoader)', () => {
  let dir: string;
  let module: string;
  let cache: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-code-cache-'));
    module = join(dir, 'parser.js');
    cache = join(dir, 'cache');
    writeFileSync(module, `const path = require('node:path');\nfunction parse(x) { return { type: 'Program', body: [x], base: path.basename(__filename) }; }\nmodule.exports = { parse };\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  type Parser = { parse(x: string): { body: string[]; base: string } };

  /** Loads the module in a fresh process, as each CLI run and worker thread does; says whether the cache was used. */
  function loadInProcess(): { cacheUsed: boolean; body: string[]; base: string } {
    const loader = join(__dirname, '..', '..', 'server', 'src', 'parserLoader.js');
    const script = `const l = require(${JSON.stringify(loader)}).loadWithCodeCache(${JSON.stringify(module)}, ${JSON.stringify(cache)});
      const r = l.exports.parse('x'); l.saveCache(); console.log(JSON.stringify({ cacheUsed: l.cacheUsed, body: r.body, base: r.base }));`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { cacheUsed: boolean; body: string[]; base: string };
  }

  it('compiles without a cache, writes one after real work, and uses it on the next start', () => {
    const first = loadInProcess();
    assert.deepEqual(first, { cacheUsed: false, body: ['x'], base: 'parser.js' }, 'the module sees its own __filename and require');
    assert.equal(readdirSync(cache).filter((f) => f.endsWith('.v8cache')).length, 1);
    assert.equal(loadInProcess().cacheUsed, true);
  });

  it('a damaged cache is rejected by V8, the module still loads, and the cache is written again', () => {
    loadInProcess();
    const [file] = readdirSync(cache);
    writeFileSync(join(cache, file!), Buffer.from('not a code cache at all'));
    assert.deepEqual(loadInProcess(), { cacheUsed: false, body: ['x'], base: 'parser.js' });
    assert.equal(loadInProcess().cacheUsed, true);
  });

  it('a changed module does not use the old cache', () => {
    loadInProcess();
    writeFileSync(module, `module.exports = { parse: (x) => ({ body: [x, x], base: 'changed' }) };\n`);
    assert.deepEqual(loadInProcess(), { cacheUsed: false, body: ['x', 'x'], base: 'changed' });
  });

  it('an unwritable cache folder changes nothing but speed', () => {
    writeFileSync(join(dir, 'blocked'), 'a file where the folder would be');
    const load = loadWithCodeCache<Parser>(module, join(dir, 'blocked', 'cache'));
    assert.doesNotThrow(() => load.saveCache());
    assert.deepEqual(load.exports.parse('d').body, ['d']);
  });
});

describe('wouldParse (which files a scan sends to the parsing thread)', () => {
  const ruleset = compileRuleset({ preset: 'recommended' }, BUILTIN_CATALOG);
  const cases: [string, string, boolean][] = [
    ['src/run.js', 'eval(userCode);', true],
    ['src/run.ts', "const h = crypto.createHash('md5');", true],
    ['src/plain.js', 'export const add = (a, b) => a + b;', false],
    ['src/comment.js', '// we never call eval here\nexport const x = 1;', false],
    ['tool.py', 'eval(user_code)', false],
  ];
  for (const [path, text, expected] of cases) {
    it(`${path}: ${expected ? 'parsed' : 'not parsed'}`, () => assert.equal(wouldParse({ text, path }, ruleset), expected));
  }
  it('agrees with the analysis: a file it says is not parsed reports no parse error even when broken', () => {
    const ignored = compileRuleset({ preset: 'recommended', ignorePaths: ['vendor/**'] }, BUILTIN_CATALOG);
    assert.equal(wouldParse({ text: 'eval(x);', path: 'vendor/lib.js' }, ignored), false);
  });
});
