import * as assert from 'node:assert/strict';
import { findClose, findMatching, scanOutsideStrings } from '../../server/src/templates/sites';

/** The one quote-aware walk the template scanners share (`templates/sites.ts`). */
describe('template scanner: outside strings, with bracket depth', () => {
  it('visits only characters outside strings, with the depth after each bracket', () => {
    const text = `a("x)", [b, 'y]'], \`c}\`) d`;
    const seen: string[] = [];
    scanOutsideStrings(text, 0, text.length, (_i, c, depth) => {
      seen.push(`${c}${depth}`);
      return undefined;
    });
    assert.equal(seen.join(' '), 'a0 (1 ,1  1 [2 b2 ,2  2 ]1 ,1  1 )0  0 d0');
  });

  it('stops with a result, resumes after a skip, and leaves backticks alone when asked', () => {
    const text = 'x || y | `a|b` | z';
    const pipes: number[] = [];
    scanOutsideStrings(text, 0, text.length, (i, c) => {
      if (c !== '|') return undefined;
      if (text[i + 1] === '|') return { next: i + 1 };
      pipes.push(i);
      return undefined;
    }, { backtick: false });
    assert.deepEqual(pipes, [7, 11, 15]);
    assert.equal(scanOutsideStrings(text, 0, text.length, (i, c) => (c === '|' ? { stop: i } : undefined)), 2);
    assert.equal(scanOutsideStrings(text, 0, text.length, () => undefined), -1);
  });

  it('finds a closing tag past quoted look-alikes, and an unclosed quote ends with its line', () => {
    assert.equal(findClose('{{ "}}" + a }}', 2, '}}'), 12);
    assert.equal(findClose('{{ it\'s\n }}', 2, '}}'), 9);
    assert.equal(findClose('{{ `a\n}}` }}', 2, '}}'), 10);
    assert.equal(findClose('{{ a', 2, '}}'), -1);
  });

  it('matches brackets by kind, past strings; a wrong closer or none gives -1', () => {
    assert.equal(findMatching('f(a, [")"], {b: "}"})', 1), 20);
    assert.equal(findMatching('f(a]', 1), -1);
    assert.equal(findMatching('f(a', 1), -1);
    assert.equal(findMatching('x \\") y', 0), -1);
  });
});
