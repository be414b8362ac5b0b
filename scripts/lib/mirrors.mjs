// What every evaluation script needs to read public material at a pinned commit from the `fetch` tool's
// mirrors (bare git directories under /work/.mirror/<owner>+<name>/repo), and to place findings on lines.
// Needs `npm run build` first (the line index is the engine's).
// Nothing read here is committed: trees are extracted into temporary folders at run time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const { LineIndex } = createRequire(import.meta.url)('../../out/server/src/engine/lines.js');

/** Where the mirrors are (`WARDEN_MIRRORS`; `WARDEN_MIRROR` is read too, as some scripts documented it). */
export const MIRRORS = process.env.WARDEN_MIRRORS ?? process.env.WARDEN_MIRROR ?? '/work/.mirror';

export function git(dir, ...args) {
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** The bare git directory of `repo` (`owner/name` or `owner+name`), or undefined with a message when it or its pinned commit is missing. */
export function mirror({ repo, commit }) {
  const dir = join(MIRRORS, repo.replace('/', '+'), 'repo');
  if (!existsSync(dir)) return undefined;
  try {
    git(dir, 'cat-file', '-e', `${commit}^{commit}`);
  } catch {
    console.log(`${repo}: pinned commit ${commit} missing in ${dir}; fetch it again.`);
    return undefined;
  }
  return dir;
}

/** The pinned tree's files under `paths` (all when empty), extracted into a new temporary folder (git archive | tar). */
export function archive(dir, commit, paths = [], label = 'eval') {
  const out = mkdtempSync(join(tmpdir(), `warden-${label.replace(/[^\w.-]/g, '-')}-`));
  const tar = execFileSync('git', ['--git-dir', dir, 'archive', commit, ...paths], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', out], { input: tar });
  return out;
}

/** Every file under `dir` whose name `keep` accepts, sorted. */
export function listFiles(dir, keep = () => true) {
  const out = [];
  const visit = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (keep(e.name)) out.push(p);
    }
  };
  visit(dir);
  return out.sort();
}

/** `line(offset)` → the 1-based line of `offset` in `text`, through the engine's own LineIndex (build first). */
export function lineOf(text) {
  const index = new LineIndex(text);
  return (offset) => index.lineAt(offset) + 1;
}
