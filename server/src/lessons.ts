import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Lesson {
  ruleId: string;
  title: string;
  /** The first paragraph: what the problem is, in a sentence or two. */
  summary: string;
  markdown: string;
}

const cache = new Map<string, Lesson | undefined>();

/** The bundled lesson for a rule, read once from `lessons/<rule-id>.md`. */
export function lessonFor(ruleId: string, lessonsDir: string): Lesson | undefined {
  const key = `${lessonsDir}\0${ruleId}`;
  if (cache.has(key)) return cache.get(key);
  const file = join(lessonsDir, `${ruleId}.md`);
  let lesson: Lesson | undefined;
  if (/^[a-z0-9-]+$/.test(ruleId) && existsSync(file)) {
    const markdown = readFileSync(file, 'utf8');
    const title = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? ruleId;
    const body = markdown.replace(/^#.*$/m, '').trim();
    const summary = body.split(/\n\s*\n/).find((p) => p.trim() && !p.startsWith('#'))?.replace(/\s+/g, ' ').trim() ?? '';
    lesson = { ruleId, title, summary, markdown };
  }
  cache.set(key, lesson);
  return lesson;
}
