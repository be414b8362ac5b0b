import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export const AWS = 'AKIAZ7QXS4D2L5RVN3KB';
export const KEY_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0';

/**
 * A folder with one finding of each kind the CLI tests check (an AWS key id, a password, disabled TLS checks,
 * MD5, eval; a private key file), and copies of the key where the walk must not look (node_modules/, a
 * folder .gitignore names).
 */
export function plantedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'config.js'), [
    `const accessKeyId = '${AWS}';`,
    "const dbPassword = 'Tr0ub4dor&3x!';",
    'https.get(url, { rejectUnauthorized: false });',
    "const h = crypto.createHash('md5');",
    'eval(userInput);',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'deploy_key'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`);
  // Ignored by default and by .gitignore: must not be scanned.
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), `const k = '${AWS}';`);
  mkdirSync(join(dir, 'generated'));
  writeFileSync(join(dir, 'generated', 'keys.js'), `const k = '${AWS}';`);
  writeFileSync(join(dir, '.gitignore'), 'generated/\n');
  return dir;
}
