import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { git, topLevel } from './git';
import { parseArgs } from './args';
import { UsageError } from './walk';
import type { CliIO } from './cli';

/** The line that marks a hook as Warden's own, so installing again updates it without --force. */
export const HOOK_MARKER = '# warden-pre-commit-hook';

const HOOK_USAGE = `Usage: warden hook install [--force]

Installs a git pre-commit hook that runs "warden scan --staged" (with --baseline .warden/baseline.json
when that file exists) and refuses the commit when what it adds has findings.
An existing pre-commit hook that is not Warden's is left alone unless --force is given; it is then
kept as pre-commit.warden-backup. Skip the hook for one commit with "git commit --no-verify".
With the pre-commit framework, use the "warden" hook from this repository's .pre-commit-hooks.yaml instead.
`;

/** Single-quotes a string for a POSIX shell. */
function sh(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that runs this CLI: the Node running now and the CLI's entry, `dist/cli.js` beside this
 * bundle (dist/warden-cli.js), or, from the compiled sources the tests use, `main.js` beside this file.
 */
function cliEntry(): string {
  return join(__dirname, basename(__filename) === 'hook.js' ? 'main.js' : 'cli.js');
}

/** The hook script: this Warden when it is still where it was installed from, else `warden` on PATH. */
export function hookScript(node: string = process.execPath, entry: string = cliEntry()): string {
  return `#!/bin/sh
${HOOK_MARKER}
# Installed by "warden hook install": refuses a commit whose staged changes add findings.
# Skip it once with "git commit --no-verify"; accept today's findings with "warden baseline".
set -u
if [ -f .warden/baseline.json ]; then set -- --baseline .warden/baseline.json; else set --; fi
if [ -x ${sh(node)} ] && [ -f ${sh(entry)} ]; then
  exec ${sh(node)} ${sh(entry)} scan --staged "$@"
elif command -v warden >/dev/null 2>&1; then
  exec warden scan --staged "$@"
else
  echo "warden: the pre-commit hook cannot find Warden (install it with npm install -g, or run warden hook install again)." >&2
  exit 1
fi
`;
}

/** `warden hook install [--force]`. */
export async function hookCommand(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, [], ['--force', '--help', '-h']);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout(HOOK_USAGE);
    return 0;
  }
  if (positional[0] !== 'install' || positional.length > 1) {
    throw new UsageError(`hook takes one action, "install" (warden hook install [--force]).`);
  }
  await topLevel(io.cwd);
  // Where git looks for hooks, core.hooksPath included.
  const dir = resolve(io.cwd, (await git(io.cwd, ['rev-parse', '--git-path', 'hooks'])).toString('utf8').trim());
  const file = join(dir, 'pre-commit');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  const ours = existing?.includes(HOOK_MARKER) ?? false;
  if (existing !== undefined && !ours) {
    if (!flags.has('--force')) {
      io.stderr(`warden: ${file} already exists and is not Warden's; it was left unchanged. Add "warden scan --staged" to it yourself, or run "warden hook install --force" to replace it (the old hook is kept as pre-commit.warden-backup).\n`);
      return 1;
    }
    await rename(file, `${file}.warden-backup`);
  }
  await mkdir(dir, { recursive: true });
  await writeFile(file, hookScript(), { mode: 0o755 });
  await chmod(file, 0o755);
  const note = existing !== undefined && !ours ? ` (the previous hook is in ${file}.warden-backup)` : ours ? ' (updated)' : '';
  io.stdout(`Installed the Warden pre-commit hook in ${file}${note}.\nEach commit is now scanned with "warden scan --staged"; skip it once with "git commit --no-verify".\n`);
  return 0;
}
