import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** An environment where git uses no one's personal configuration and commits need no identity set up. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test Author', GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author', GIT_COMMITTER_EMAIL: 'author@example.com',
};

/** A real git repository in a temporary folder, driven with the git command line. */
export class TempRepo {
  readonly dir: string;

  constructor(prefix = 'warden-git-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.git('init', '-q', '-b', 'main');
  }

  /** Runs git and returns stdout; throws with git's stderr when it fails. */
  git(...args: string[]): string {
    return this.gitResult(...args).stdout;
  }

  gitResult(...args: string[]): { status: number; stdout: string; stderr: string } {
    const r = spawnSync('git', args, { cwd: this.dir, env: GIT_ENV, encoding: 'utf8' });
    if (r.error) throw r.error;
    return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  }

  write(path: string, text: string): this {
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return this;
  }

  remove(path: string): this {
    rmSync(join(this.dir, path));
    return this;
  }

  /** Stages everything and commits; returns the new commit id. */
  commit(message: string, date?: string): string {
    this.git('add', '-A');
    const env = date ? { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : GIT_ENV;
    const r = spawnSync('git', ['commit', '-q', '--no-verify', '-m', message], { cwd: this.dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git commit failed: ${r.stderr}`);
    return this.git('rev-parse', 'HEAD').trim();
  }
}
