// What every evaluation script needs to read public material at a pinned commit from the `fetch` tool's
// mirrors (bare git directories under /work/.mirror/<owner>+<name>/repo), and to place findings on lines.
// Nothing read here is committed: trees are extracted into temporary folders at run time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** Offsets where each line starts, for `lineAt`. */
export function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line holding `offset`. */
export function lineAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
