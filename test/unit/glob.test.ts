import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { compileGlobs, Glob, GlobError, GlobSet, IgnoreFile, MAX_ALTERNATIVES } from '../../server/src/engine/glob';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { walk } from '../../server/src/cli/walk';
import { FUZZ_RUNS, fuzzOptions, tried } from '../helpers/fuzz';
import { writeTree } from '../helpers/tree';

/** The 65-byte `.gitignore` that made `ignore`'s regular expression backtrack for minutes on a 48-level path. */
const HANG_PATTERN = `${'**/a/'.repeat(12)}**/b`;
const deepPath = (levels: number, leaf = 'x') => [...Array<string>(levels).fill('a'), leaf].join('/');

describe('globs and ignore files (linear-time matcher)', () => {
  it('matches globs as picomatch does (dot files included)', () => {
    const table: [string, string, boolean][] = [
      ['**', 'a/b/c.js', true], ['*', 'a.js', true], ['*', 'a/b.js', false], ['*.js', 'a.js', true], ['*.js', 'src/a.js', false],
      ['src/**', 'src/a/b.ts', true], ['src/**', 'src', true], ['src/**', 'srcx/a', false], ['src/**/*.ts', 'src/a.ts', true],
      ['src/**/*.ts', 'src/x/y/a.ts', true], ['src/**/*.ts', 'src/x/a.js', false], ['**/test/**', 'x/test/b/c.js', true],
      ['**/a/**/b', 'a/b', true], ['**/a/**/b', 'x/a/y/z/b', true], ['**/a/**/b', 'a/x', false], ['{a,b}/*.js', 'b/c.js', true],
      ['{a,b}/*.js', 'c/c.js', false], ['src/{x,y/z}/**', 'src/y/z/q', true], ['[ab]*.js', 'bz.js', true], ['[ab]*.js', 'cz.js', false],
      ['[!a]*', 'bz', true], ['[!a]*', 'az', false], ['[a-c]?.js', 'bq.js', true], ['?.js', 'ab.js', false], ['.env*', '.env.local', true],
      ['**/.env', 'x/.env', true], ['**/*.min.js', 'x/y.min.js', true], ['a\\*b', 'a*b', true], ['a\\*b', 'axb', false],
      ['*a*a*a*b', 'xaxaxab', true], ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac', false],
    ];
    for (const [glob, path, expected] of table) assert.equal(new Glob(glob).matches(path), expected, `${glob} on ${path}`);
  });

  it('a list matches when a glob does and no !glob does', () => {
    const m = compileGlobs(['src/**', '!src/gen/**']);
    assert.equal(m('src/a.ts'), true);
    assert.equal(m('src/gen/a.ts'), false);
    assert.equal(m('lib/a.ts'), false);
    assert.equal(compileGlobs([])('a'), false);
  });

  it('reads .gitignore lines with git\'s meaning', () => {
    const ig = new IgnoreFile(['# comment', '', 'node_modules/', '*.log', '/build', 'docs/*.md', 'keep/**', '!keep/this.txt', '\\#hash', 'trail\\ ', 'spaces   '].join('\n'));
    const cases: [string, boolean, boolean][] = [
      ['node_modules', true, true], ['node_modules', false, false], ['x/node_modules', true, true],
      ['a.log', false, true], ['x/y/a.LOG', false, true], ['build', true, true], ['x/build', true, false],
      ['docs/a.md', false, true], ['docs/x/a.md', false, false], ['keep', true, false], ['keep/a.txt', false, true],
      ['keep/this.txt', false, false], ['#hash', false, true], ['trail ', false, true], ['spaces', false, true], ['# comment', false, false],
    ];
    for (const [path, isDir, expected] of cases) assert.equal(ig.ignores(path, isDir), expected, `${path}${isDir ? '/' : ''}`);
    assert.equal(ig.decide('keep/this.txt', false), false, 'a ! line re-includes');
    assert.equal(ig.decide('src/a.ts', false), undefined, 'no line matches');
  });

  it('a path met outside a walk (git diff, history) is ignored when one of its folders is', () => {
    const ig = new IgnoreFile(['node_modules/', '*.min.js', '!keep.js'].join('\n'));
    assert.equal(ig.ignoresFileOrFolder('node_modules/x/keep.js'), true);
    assert.equal(ig.ignoresFileOrFolder('src/node_modules/y.js'), true);
    assert.equal(ig.ignoresFileOrFolder('src/a.min.js'), true);
    assert.equal(ig.ignoresFileOrFolder('src/node_modules.js'), false);
    assert.equal(ig.ignoresFileOrFolder('src/a.js'), false);
  });

  it('the .gitignore that hung a scan matches at 48 and at 2,000 levels', () => {
    const ig = new IgnoreFile(HANG_PATTERN);
    assert.equal(ig.ignores(deepPath(48), false), false);
    assert.equal(ig.ignores(deepPath(48, 'b'), false), true);
    assert.equal(ig.ignores(deepPath(2000), true), false);
    assert.equal(new Glob(`${'*a'.repeat(40)}*b`).matches('a'.repeat(250)), false);
  });

  it('patterns of more segments than a state set in one number holds (31 and over) match as shorter ones do', () => {
    for (const count of [29, 30, 31, 32, 40]) {
      // `count` segments: count - 2 literal names, `**`, then `b`.
      const glob = `${Array.from({ length: count - 2 }, (_, i) => `n${i}`).join('/')}/**/b`;
      const names = Array.from({ length: count - 2 }, (_, i) => `n${i}`);
      const table: [string, boolean][] = [
        [[...names, 'b'].join('/'), true], [[...names, 'x', 'y', 'b'].join('/'), true], [[...names, 'x', 'b', 'c'].join('/'), false],
        [[...names.slice(0, -1), 'b'].join('/'), false], [[...names, 'b', 'b'].join('/'), true], [[...names, '', 'b'].join('/'), false],
      ];
      for (const [path, expected] of table) {
        assert.equal(new Glob(glob).matches(path), expected, `${count} segments on ${path}`);
        assert.equal(reference(glob, path), expected, `reference: ${count} segments on ${path}`);
      }
    }
    // Every segment a `**` or a star (the state set's every bit in play).
    const stars = Array.from({ length: 36 }, (_, i) => (i % 2 === 0 ? '**' : '*')).join('/');
    assert.equal(new Glob(stars).matches(Array(18).fill('a').join('/')), reference(stars, Array(18).fill('a').join('/')));
    assert.equal(new Glob(stars).matches(Array(17).fill('a').join('/')), false);
  });

  it('refuses a brace pattern with too many alternatives, with a clear error', () => {
    assert.throws(() => new Glob('{a,b}'.repeat(9)), (e: unknown) => e instanceof GlobError && e.message.includes(String(MAX_ALTERNATIVES)));
    assert.equal(new Glob('{a,b}'.repeat(8)).matches('abababab'), true);
  });

  it('fuzz: random globs and ignore files agree with a plain reference matcher and never throw', () => {
    const alphabet = ['a', 'b', '.', '*', '?', '/', '**', '[ab]', '[!a]', '{a,b}', '\\*', '!', '#', ' '];
    const pattern = fc.array(fc.constantFrom(...alphabet), { maxLength: 8 }).map((p) => p.join(''));
    const path = fc.array(fc.array(fc.constantFrom('a', 'b', '.', '*'), { minLength: 1, maxLength: 4 }).map((n) => n.join('')), { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
    fc.assert(fc.property(pattern, path, fc.boolean(), (p, s, isDir) => {
      tried('globs and ignore files');
      new IgnoreFile(p).decide(s, isDir);
      let glob: Glob;
      try {
        glob = new Glob(p);
      } catch (e) {
        if (e instanceof GlobError) return;
        throw e;
      }
      assert.equal(glob.matches(s), reference(p, s), `${JSON.stringify(p)} on ${JSON.stringify(s)}`);
    }), fuzzOptions());
  });

  it('fuzz: a folder matched once and its names after (a walk), and several globs at once (rule filters), answer as each glob does', () => {
    const alphabet = ['a', 'b', 'A', '.', '*', '?', '/', '**', '**/', '[ab]', '{a,b}', '.js', '!', 'x/**', '**/a/**'];
    const pattern = fc.array(fc.constantFrom(...alphabet), { maxLength: 8 }).map((p) => p.join(''));
    // Names may be empty here (`a//b`, `/a`, `a/`): those paths take the general way.
    const path = fc.array(fc.array(fc.constantFrom('a', 'b', 'A', '.', '.js', 'x'), { maxLength: 3 }).map((n) => n.join('')), { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
    fc.assert(fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), path, fc.boolean(), fc.boolean(), (patterns, s, isDir, ignoreCase) => {
      tried('globs by folder and in sets');
      let globs: Glob[];
      try {
        globs = patterns.map((p) => new Glob(p, { ignoreCase }));
      } catch (e) {
        if (e instanceof GlobError) return;
        throw e;
      }
      const slash = s.lastIndexOf('/');
      const folder = slash < 0 ? undefined : s.slice(0, slash);
      const name = s.slice(slash + 1);
      for (const glob of globs) assert.equal(glob.matchesIn(glob.inFolder(folder), name), glob.matches(s), `${glob.source} on ${JSON.stringify(s)}`);
      const set = GlobSet.of(globs);
      assert.equal(set === undefined, ignoreCase);
      if (set) assert.equal(set.matching(s), globs.reduce((bits, g, i) => bits | (g.matches(s) ? 1 << i : 0), 0), `${patterns.join(' ')} on ${JSON.stringify(s)}`);
      const ig = new IgnoreFile(patterns.join('\n'));
      assert.equal(ig.inFolder(folder)(name, isDir), ig.decide(s, isDir), `${JSON.stringify(patterns)} on ${JSON.stringify(s)}`);
    }), fuzzOptions());
  });

  it('a set of globs keeps what it learnt of a folder per folder, and refuses what it cannot hold', () => {
    const globs = ['**/test/**', '**/vendor/**/*.js', '**/*.min.js', 'src/*.ts', '**/.npmrc'].map((g) => new Glob(g));
    const set = GlobSet.of(globs)!;
    const expect = (path: string) => globs.reduce((bits, g, i) => bits | (g.matches(path) ? 1 << i : 0), 0);
    for (const path of ['vendor/a/b.js', 'vendor/a/b.ts', 'vendor/a/x.min.js', 'src/a.ts', 'src/test', 'src/test/a.ts', 'src/.npmrc', 'a.ts', 'vendor/a/b.js']) {
      assert.equal(set.matching(path), expect(path), path);
    }
    assert.equal(GlobSet.of(Array.from({ length: 31 }, (_, i) => new Glob(`a${i}`))), undefined);
    assert.equal(GlobSet.of([new Glob('a', { ignoreCase: true })]), undefined);
  });

  it('fuzz: a walk under a random .gitignore lists exactly the files no line (on them or their folders) ignores', async () => {
    const files = ['a.js', 'b.env', 'a/x.js', 'a/b/y.js', 'b/a/z.env', 'src/a/b/c.js', '.hidden/k.js', 'keep/a.txt'];
    const root = writeTree('warden-fuzz-gi-', Object.fromEntries(files.map((f) => [f, 'x'])));
    const line = fc.array(fc.constantFrom('a', 'b', '*', '**', '/', '.js', '.env', '!', '?', 'keep', 'src', '[ab]', '#'), { minLength: 1, maxLength: 5 }).map((p) => p.join(''));
    try {
      await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 5 }), async (lines) => {
        tried('walk under random .gitignore');
        const text = lines.join('\n');
        writeFileSync(join(root, '.gitignore'), text);
        const ig = new IgnoreFile(text);
        const expected = ['.gitignore', ...files].filter((f) => !ig.ignoresFileOrFolder(f)).sort();
        const listed = (await walk(root, ['.'])).files.map((f) => f.relativePath).sort();
        assert.deepEqual(listed, expected, JSON.stringify(text));
      }), fuzzOptions(Math.min(FUZZ_RUNS, 150)));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * A deliberately naive matcher for the same syntax: braces expanded, then plain recursion over the
 * characters (exponential, fine on the fuzzer's short inputs). Independent of the segment matcher.
 */
function reference(pattern: string, path: string): boolean {
  return expand(pattern).some((p) => {
    // `**` as a whole segment: zero or more names, each followed by `/`, or the end.
    const parts = splitSegments(p);
    const collapsed = parts.filter((x, i) => !(x === '**' && parts[i - 1] === '**'));
    return rec(collapsed, 0, path.split('/'), 0);
  });
}

function splitSegments(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\' && i + 1 < p.length) cur += p[i]! + p[++i]!;
    else if (p[i] === '/') {
      out.push(cur);
      cur = '';
    } else cur += p[i]!;
  }
  out.push(cur);
  return out;
}

function rec(segs: string[], i: number, names: string[], j: number): boolean {
  if (i === segs.length) return j === names.length;
  if (segs[i] === '**') {
    if (rec(segs, i + 1, names, j)) return true;
    return j < names.length && names[j] !== '' && rec(segs, i, names, j + 1);
  }
  return j < names.length && name(segs[i]!, 0, names[j]!, 0) && rec(segs, i + 1, names, j + 1);
}

function name(p: string, i: number, s: string, j: number): boolean {
  if (i === p.length) return j === s.length;
  const c = p[i]!;
  if (c === '*') return name(p, i + 1, s, j) || (j < s.length && name(p, i, s, j + 1));
  if (j >= s.length) return false;
  if (c === '?') return name(p, i + 1, s, j + 1);
  if (c === '\\' && i + 1 < p.length) return p[i + 1] === s[j] && name(p, i + 2, s, j + 1);
  if (c === '[') {
    const close = p.indexOf(']', i + 2);
    if (close > 0) {
      let body = p.slice(i + 1, close);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      if (body.length > 0) return body.includes(s[j]!) !== negated && name(p, close + 1, s, j + 1);
    }
  }
  return c === s[j] && name(p, i + 1, s, j + 1);
}

function expand(p: string): string[] {
  const open = p.indexOf('{');
  if (open < 0 || (open > 0 && p[open - 1] === '\\')) return [p];
  const close = p.indexOf('}', open);
  if (close < 0) return [p.replace('{', '\\{')];
  const options = p.slice(open + 1, close).split(',');
  if (options.length < 2) return [p];
  return options.flatMap((o) => expand(p.slice(0, open) + o + p.slice(close + 1)));
}
