import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AST_RULES, TEMPLATE_RULES, TEXT_RULES, TREE_RULES } from '../../server/src/rules';
import { lessonFor } from '../../server/src/lessons';
import type { RuleMeta } from '../../server/src/engine/types';
import { metaOf } from '../../server/src/engine/textRules';

const LESSONS = join(__dirname, '..', '..', '..', 'lessons');
const METAS: RuleMeta[] = [...AST_RULES.map((r) => r.meta), ...TREE_RULES.map((r) => r.meta), ...TEMPLATE_RULES.map((r) => r.meta), ...TEXT_RULES.map(metaOf)];

/** The sections every lesson has, in this order; the first paragraph under the first is the hover summary. */
const SECTIONS = [
  '## What the problem is',
  '## Why it matters when outside developers work on your code',
  '## Insecure example',
  '## Secure example',
  '## How to fix',
  '## References',
];

describe('lessons', () => {
  it('exist for every built-in rule, and only for rules that exist', () => {
    const missing = METAS.filter((m) => !existsSync(join(LESSONS, `${m.id}.md`))).map((m) => m.id);
    assert.deepEqual(missing, [], `write lessons/<rule-id>.md for: ${missing.join(', ')}`);
    const ids = new Set(METAS.map((m) => m.id));
    const orphans = readdirSync(LESSONS).filter((f) => f.endsWith('.md') && !ids.has(f.slice(0, -3)));
    assert.deepEqual(orphans, []);
  });

  for (const meta of METAS) {
    it(`${meta.id}: has every section, code examples, and its CWE/OWASP references`, function () {
      const file = join(LESSONS, `${meta.id}.md`);
      if (!existsSync(file)) this.skip();
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^# \S.*\n/, 'starts with a # title');
      let at = 0;
      for (const heading of SECTIONS) {
        const i = text.indexOf(`\n${heading}\n`, at);
        assert.ok(i > at, `"${heading}" missing or out of order`);
        at = i;
      }
      const section = (h: string) => {
        const start = text.indexOf(`\n${h}\n`) + h.length + 2;
        const next = text.indexOf('\n## ', start);
        return text.slice(start, next < 0 ? undefined : next).trim();
      };
      for (const h of SECTIONS) assert.ok(section(h).length > 20, `"${h}" is empty`);
      assert.match(section('## Insecure example'), /```[a-z]*\n[\s\S]+?\n```/, 'insecure example has a code block');
      assert.match(section('## Secure example'), /```[a-z]*\n[\s\S]+?\n```/, 'secure example has a code block');
      const refs = section('## References');
      for (const cwe of meta.cwe) assert.ok(refs.includes(`https://cwe.mitre.org/data/definitions/${cwe.slice(4)}.html`), `links ${cwe}`);
      for (const owasp of meta.owasp) assert.ok(refs.includes(owasp), `names ${owasp}`);

      const lesson = lessonFor(meta.id, LESSONS);
      assert.ok(lesson);
      assert.equal(lesson.summary, section(SECTIONS[0]!).split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim(), 'the hover summary is the first paragraph');
      assert.ok(lesson.summary.length >= 40 && lesson.summary.length <= 400, `summary length ${lesson.summary.length}`);
    });
  }
});
