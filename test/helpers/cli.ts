import { runCli, type CliIO } from '../../server/src/cli/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd` and captures what it prints; `terminal` fakes a TTY and an environment. */
export async function run(args: string[], cwd: string, terminal: Pick<CliIO, 'stdoutIsTTY' | 'stderrIsTTY' | 'env'> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), ...terminal };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
