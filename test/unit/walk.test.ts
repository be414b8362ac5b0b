import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { walk } from '../../server/src/cli/walk';
import { writeTree } from '../helpers/tree';

const tree = (files: Record<string, string>) => writeTree('warden-walk-', files);

describe('folder walk', () => {
  it('lists files depth first in name order, whatever order the folders finish in', async () => {
    // Folders of very different sizes are walked together; the listing must not depend on timing.
    const files: Record<string, string> = { 'z.js': 'z', 'a.js': 'a', 'm/b.js': 'b', 'm/a.js': 'a', 'b/only.js': 'x' };
    for (let i = 0; i < 200; i++) files[`big/f${String(i).padStart(3, '0')}.js`] = 'x'.repeat(i);
    for (let i = 0; i < 5; i++) files[`big/n${i}/deep/f.js`] = 'y';
    const root = tree(files);
    const { files: listed, skipped } = await walk(root, ['.']);
    assert.deepEqual(skipped, []);
    const expected = [
      'a.js', 'b/only.js',
      ...Array.from({ length: 200 }, (_, i) => `big/f${String(i).padStart(3, '0')}.js`),
      ...Array.from({ length: 5 }, (_, i) => `big/n${i}/deep/f.js`),
      'm/a.js', 'm/b.js', 'z.js',
    ];
    assert.deepEqual(listed.map((f) => f.relativePath), expected);
    assert.equal(listed.find((f) => f.relativePath === 'big/f150.js')?.size, 150);
    assert.equal(listed[0]!.path, join(root, 'a.js'));
    // Each entry's path and its path from the root are what `join` and `relative` give.
    for (const f of listed) {
      assert.equal(f.path, join(root, ...f.relativePath.split('/')));
      assert.equal(f.relativePath, relative(root, f.path).split(sep).join('/'));
    }
  });

  it('applies a nested .gitignore below its own folder only, and the default excludes everywhere', async () => {
    const root = tree({
      'pkg/.gitignore': 'secret.txt\ngen/\n',
      'pkg/secret.txt': 's', 'pkg/gen/out.js': 'g', 'pkg/keep.js': 'k',
      'secret.txt': 'not ignored here', 'gen/out.js': 'nor here',
      'web/node_modules/dep/index.js': 'dep', 'web/app.min.js': 'min', 'web/app.js': 'app',
    });
    const { files } = await walk(root, ['.']);
    assert.deepEqual(files.map((f) => f.relativePath), ['gen/out.js', 'pkg/.gitignore', 'pkg/keep.js', 'secret.txt', 'web/app.js']);
  });

  it("leaves out Yarn's own release bundle, plugins, cache and PnP loader, but not the project's .yarnrc", async () => {
    const root = tree({
      '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-4.13.0.cjs\n', '.yarn/releases/yarn-4.13.0.cjs': 'yarn',
      '.yarn/plugins/@yarnpkg/plugin-x.cjs': 'p', '.yarn/cache/dep.zip': 'z', '.pnp.cjs': 'pnp', '.pnp.loader.mjs': 'l',
      'src/index.js': 'app',
    });
    const { files } = await walk(root, ['.']);
    assert.deepEqual(files.map((f) => f.relativePath), ['.yarnrc.yml', 'src/index.js']);
  });

  it('walks a target outside the working folder with paths relative to it, and honours extra ignores', async () => {
    const root = tree({ 'work/.keep': '', 'other/a.js': 'a', 'other/skip/b.js': 'b' });
    const { files } = await walk(join(root, 'work'), ['../other'], { extraIgnores: ['skip/'] });
    // Extra ignores are written relative to the working folder: outside it they do not apply. (The
    // default excludes apply below whatever folder is named, and skip/ is not one of them.)
    assert.deepEqual(files.map((f) => f.relativePath), ['../other/a.js', '../other/skip/b.js']);
    assert.deepEqual(files.map((f) => f.path), [join(root, 'other', 'a.js'), join(root, 'other', 'skip', 'b.js')]);
    const inside = await walk(root, ['other'], { extraIgnores: ['other/skip/'] });
    assert.deepEqual(inside.files.map((f) => f.relativePath), ['other/a.js']);
  });

  it('gives a target holding the working folder (`..`) paths as `relative` does, on the way to the folder too', async () => {
    const root = tree({ 'work/.keep': '', 'work/sub/c.js': 'c', 'other/a.js': 'a', 'other/skip/b.js': 'b', 'z.js': 'z', 'workx/d.js': 'd' });
    const work = join(root, 'work');
    for (const target of ['..', '../other', join(root, 'workx'), '.']) {
      const { files } = await walk(work, [target]);
      for (const f of files) assert.equal(f.relativePath, relative(work, f.path).split(sep).join('/'), `${target}: ${f.path}`);
      if (target === '..') assert.deepEqual(files.map((f) => f.relativePath), ['../other/a.js', '../other/skip/b.js', '.keep', 'sub/c.js', '../workx/d.js', '../z.js']);
    }
  });

  it('reports a symbolic link in its place without following it', async () => {
    const root = tree({ 'a.js': 'a', 'sub/x.js': 'x', 'z.js': 'z' });
    symlinkSync(join(root, 'a.js'), join(root, 'b-link.js'));
    symlinkSync(root, join(root, 'sub', 'loop'));
    const { files, skipped } = await walk(root, ['.']);
    assert.deepEqual(files.map((f) => f.relativePath), ['a.js', 'sub/x.js', 'z.js']);
    assert.deepEqual(skipped, [
      { relativePath: 'b-link.js', reason: 'symbolic link, not followed' },
      { relativePath: 'sub/loop', reason: 'symbolic link, not followed' },
    ]);
  });

  it('reads the same entries in the same order when blocking, and reads no folder before its caller\'s next turn', async () => {
    const files: Record<string, string> = {
      '.gitignore': 'secret.txt\n/out/\n*.log\n', 'secret.txt': 's', 'out/x.js': 'o', 'a.log': 'l',
      'pkg/.gitignore': '!secret.txt\ngen/\n', 'pkg/secret.txt': 'kept by !', 'pkg/gen/g.js': 'g', 'pkg/out/x.js': 'not anchored here',
      'web/node_modules/dep/index.js': 'dep', 'web/app.min.js': 'min', 'web/App.js': 'A', 'web/app.js': 'a', 'web/_b.js': 'b',
    };
    for (let i = 0; i < 40; i++) files[`many/f${i}.ts`] = 'x'.repeat(i);
    const root = tree(files);
    symlinkSync(root, join(root, 'many', 'loop'));
    for (const [targets, extraIgnores] of [[['.'], undefined], [['pkg', 'web'], ['web/_b.js']], [['web/app.js', 'many'], undefined]] as const) {
      const options = { extraIgnores: extraIgnores && [...extraIgnores] };
      assert.deepEqual(await walk(root, [...targets], { ...options, blocking: true }), await walk(root, [...targets], options));
    }
    // `warden scan` starts its workers after calling `walk`: the first read must wait for a later turn.
    let asked = 0;
    const walking = walk(root, ['.'], { blocking: true, isCancelled: () => (asked++, false) });
    assert.equal(asked, 0);
    assert.equal((await walking).files.length, (await walk(root, ['.'])).files.length);
    assert.ok(asked > 0);
  });

  it('lists a subfolder of 130,000 files (its list joined without spreading it into one call)', async function () {
    this.timeout(120_000);
    // `out.files.push(...below.files)` threw "Maximum call stack size exceeded" past about 120,000 files.
    const root = tree({ 'a.js': 'a', 'z.js': 'z' });
    mkdirSync(join(root, 'm'));
    try {
      for (let i = 0; i < 130_000; i++) writeFileSync(join(root, 'm', `f${i}`), '');
      const { files, skipped } = await walk(root, ['.'], { blocking: true });
      assert.deepEqual(skipped, []);
      assert.equal(files.length, 130_002);
      assert.deepEqual([files[0]!.relativePath, files[1]!.relativePath, files[130_001]!.relativePath], ['a.js', 'm/f0', 'z.js']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('walks a tree deeper than a path can name when blocking, as it does otherwise', async () => {
    const root = tree({ 'top.js': 't' });
    // Deeper than PATH_MAX: the bottom folders cannot be read by path (ENAMETOOLONG) and are reported.
    const start = process.cwd();
    try {
      process.chdir(root);
      for (let i = 0; i < 2100; i++) {
        mkdirSync('d');
        process.chdir('d');
      }
      writeFileSync('deep.js', 'x');
    } finally {
      process.chdir(start);
    }
    try {
      const blocking = await walk(root, ['.'], { blocking: true });
      assert.deepEqual(blocking, await walk(root, ['.']));
      assert.deepEqual(blocking.files.map((f) => f.relativePath), ['top.js']);
      assert.equal(blocking.skipped.length, 1);
      assert.match(blocking.skipped[0]!.reason, /ENAMETOOLONG/);
    } finally {
      execFileSync('rm', ['-rf', root]);
    }
  });
});
