import { writeFile as writeFileByCallback } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from './walk';

/** `fs/promises`' `writeFile` through `fs`'s callback: a scan then never loads `node:fs/promises` (scripts/build.mjs, `lazyFsPromises`). */
const writeFile = promisify(writeFileByCallback);

/** Writes a report, saying which path could not be written and why. */
export async function writeReport(cwd: string, file: string, text: string): Promise<void> {
  const full = resolve(cwd, file);
  try {
    await writeFile(full, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `the folder ${dirname(full)} does not exist`
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a folder'
      : code === 'ENOSPC' ? 'the disk is full'
      : code === 'EROFS' ? 'the file system is read-only'
      : code ?? String(error);
    throw new UsageError(`cannot write the report to ${file}: ${why}.`);
  }
}
