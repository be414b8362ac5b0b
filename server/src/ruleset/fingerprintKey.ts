import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIN_FINGERPRINT_KEY_LENGTH } from '../engine/secrets';
import { RulesetError } from './load';

/** Where a workspace keeps the key of its credential fingerprints; committed with the code. */
export const FINGERPRINT_KEY_FILE = '.warden/fingerprint.key';
/** A team-supplied key (e.g. a CI secret) overrides the file. */
export const FINGERPRINT_KEY_ENV = 'WARDEN_FINGERPRINT_KEY';
const MAX_KEY_BYTES = 1024;

/**
 * The key for credential fingerprints of the workspace at `root`: `WARDEN_FINGERPRINT_KEY` if set,
 * else `.warden/fingerprint.key` (a regular file, not a link, at most 1 KB), else none. A key
 * shorter than MIN_FINGERPRINT_KEY_LENGTH is refused: it could be guessed as easily as a password.
 */
export function readFingerprintKey(root: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[FINGERPRINT_KEY_ENV]?.trim();
  if (fromEnv) return checked(fromEnv, FINGERPRINT_KEY_ENV);
  if (!root) return undefined;
  const file = join(root, FINGERPRINT_KEY_FILE);
  let fd: number | undefined;
  try {
    if (lstatSync(file).isSymbolicLink()) throw new RulesetError(file, 1, '(file)', 'is a symbolic link; the fingerprint key must be a plain file in .warden/');
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) throw new RulesetError(file, 1, '(file)', 'is not a regular file; run "warden init --fingerprint-key" to create the key');
    const buffer = Buffer.alloc(MAX_KEY_BYTES + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    if (length > MAX_KEY_BYTES) throw new RulesetError(file, 1, '(file)', `is over ${MAX_KEY_BYTES} bytes; a fingerprint key is one line`);
    return checked(buffer.toString('utf8', 0, length).trim(), file);
  } catch (error) {
    if (error instanceof RulesetError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RulesetError(file, 1, '(file)', `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function checked(key: string, where: string): string {
  if (key.length < MIN_FINGERPRINT_KEY_LENGTH) {
    throw new RulesetError(where, 1, '(key)', `the fingerprint key is ${key.length < 8 ? 'very ' : ''}short; use at least ${MIN_FINGERPRINT_KEY_LENGTH} random characters, e.g. from "warden init --fingerprint-key"`);
  }
  return key;
}

/** Writes a new random key to `.warden/fingerprint.key` under `root`; refuses to replace one. Returns the file. */
export function createFingerprintKey(root: string): string {
  const file = join(root, FINGERPRINT_KEY_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx' });
  return file;
}
