import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import { analyze } from '../../server/src/engine/engine';
import { loadAllGrammars } from '../../server/src/treesitter/runtime';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { LineIndex } from '../../server/src/engine/lines';

/**
 * The labelled vulnerable corpus (test/corpus/vulnerable): `ruleid: <id>` in a comment labels the next
 * line; JSON files carry `<line> <rule-id>` rows in a sidecar `<file>.labels`. Every label must be
 * found by its rule on its line, no pattern rule may report an unlabelled line, and every
 * insecure-pattern rule needs at least three labelled positives. `npm run eval` prints the same
 * figures per rule, next to eslint-plugin-security.
 */
const ROOT = join(__dirname, '..', '..', '..');
const CORPUS = join(ROOT, 'test', 'corpus', 'vulnerable');
const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const isPattern = (id: string) => !['credentials', 'suppression', 'custom'].includes(ruleset.meta(id)?.category ?? 'custom');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.labels') ? [] : [p];
  });
}

function labels(path: string, text: string): string[] {
  if (existsSync(`${path}.labels`)) {
    return readFileSync(`${path}.labels`, 'utf8').split('\n').filter((r) => r.trim()).map((r) => {
      const [line, rule] = r.trim().split(/\s+/);
      return `${line} ${rule}`;
    });
  }
  const out: string[] = [];
  let pending: string[] = [];
  text.split('\n').forEach((row, i) => {
    const m = /ruleid:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/.exec(row);
    if (m) pending.push(...m[1]!.split(/\s*,\s*/));
    else if (pending.length) {
      out.push(...pending.map((rule) => `${i + 1} ${rule}`));
      pending = [];
    }
  });
  return out;
}

describe('labelled vulnerable corpus', () => {
  before(async function () {
    this.timeout(60_000);
    await loadAllGrammars();
  });
  const perRule = new Map<string, number>();
  for (const file of files(CORPUS)) {
    const rel = relative(CORPUS, file).split(sep).join('/');
    it(rel, () => {
      const text = readFileSync(file, 'utf8');
      const expected = labels(file, text).sort();
      for (const l of expected) perRule.set(l.split(' ')[1]!, (perRule.get(l.split(' ')[1]!) ?? 0) + 1);
      const lines = new LineIndex(text);
      const actual = analyze({ text, path: rel }, ruleset).findings
        .filter((f) => isPattern(f.ruleId))
        .map((f) => `${lines.positionAt(f.start).line + 1} ${f.ruleId}`)
        .sort();
      assert.deepEqual([...new Set(actual)], [...new Set(expected)]);
    });
  }
  it('has at least three labelled positives for every insecure-pattern rule', () => {
    const ids = [...BUILTIN_CATALOG.astRules.map((r) => r.meta.id), ...(BUILTIN_CATALOG.treeRules ?? []).map((r) => r.meta.id), ...BUILTIN_CATALOG.textRules.map((r) => r.id)].filter(isPattern);
    const thin = ids.filter((id) => (perRule.get(id) ?? 0) < 3);
    assert.deepEqual(thin, []);
  });
});
