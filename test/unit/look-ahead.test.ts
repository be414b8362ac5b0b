import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze, lookAhead, wouldParse, type LookAhead } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';

const ROOT = join(__dirname, '..', '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * `warden scan` on one thread looks at the files ahead of the one it analyses (`lookAhead`): their
 * keywords, rules and prefilter answers, and whether they will be parsed, whose parse it starts on the
 * parse thread. Handed to `analyze`, that must change nothing but when the work is done.
 */
describe('looking ahead at the next files (warden scan, one thread)', function () {
  this.timeout(120_000);
  const ruleset = compileRuleset({}, BUILTIN_CATALOG);
  const corpus = filesUnder(join(ROOT, 'test', 'corpus')).map((f) => ({ path: relative(ROOT, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }));
  const odd = [
    // A byte-order mark (analysed as a space), a file the AST rules skip, a minified one, an empty one.
    { path: 'src/bom.ts', text: "\ufeffimport { exec } from 'child_process';\nexec('ls ' + req.query.dir);\n" },
    { path: 'src/plain.ts', text: 'export const answer = 42;\n' },
    { path: 'src/app.min.js', text: `var a=${'1+'.repeat(4000)}1;eval(req.query.x);` },
    { path: 'src/empty.js', text: '' },
    { path: 'config/settings.json', text: '{ "password": "Sup3r-S3cret-Value!" }\n' },
  ];
  const files = [...corpus, ...odd];

  it('gives every file of test/corpus and some odd ones the same result as analyze alone, its parse sent ahead in order', () => {
    const alone = files.map((f) => analyze(f, ruleset));
    // As the scan does it: all looked at (parses started) first, then analysed in the same order.
    const aheads = files.map((f) => lookAhead(f, ruleset));
    const withAhead = files.map((f, i) => analyze(f, ruleset, { ahead: aheads[i] }));
    assert.deepEqual(withAhead, alone);
    // It says which files are parsed as `wouldParse` does, and some are.
    assert.deepEqual(aheads.map((a) => a?.parses === true), files.map((f) => wouldParse(f, ruleset)));
    assert.ok(aheads.filter((a) => a?.parses).length >= 10, 'files parsed');
    assert.ok(alone.reduce((n, r) => n + r.findings.length, 0) > 50, 'findings compared');
  });

  it('is not used for another text, path or ruleset', () => {
    const file = { path: 'src/run.ts', text: "import { exec } from 'child_process';\nexec('ls ' + req.query.dir);\n" };
    const other = { path: 'src/other.ts', text: 'export const answer = 42;\n' };
    const expected = analyze(file, ruleset);
    assert.equal(expected.findings.length, 1);
    const stale: (LookAhead | undefined)[] = [
      lookAhead(other, ruleset, {}, false),
      lookAhead({ ...other, path: file.path }, ruleset, {}, false),
      lookAhead({ ...file, path: 'src/elsewhere.ts' }, ruleset, {}, false),
      lookAhead(file, compileRuleset({}, BUILTIN_CATALOG), {}, false),
    ];
    for (const ahead of stale) assert.deepEqual(analyze(file, ruleset, { ahead }), expected);
  });
});
