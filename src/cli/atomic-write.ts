// Write a file through a temporary sibling and a rename: a reader, or a run stopped half-way, never sees half a file.
import { chmodSync, lstatSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Errors creating the temporary file that writing in place may not meet: a file writable in a folder that is not. */
const IN_PLACE_AFTER = new Set(['EACCES', 'EPERM', 'EROFS', 'ENAMETOOLONG']);

/**
 * Write `text` to `path` atomically on one file system: first `.<name>.<pid>.tmp` beside it, then a rename over
 * `path`. An existing file keeps its permission bits (a private 0600 report stays private). Written in place
 * instead, as a plain write would be:
 * - anything but a plain file: a symbolic link keeps pointing where it did, and `/dev/stdout` or a FIFO gets the
 *   bytes instead of being replaced;
 * - a file with other hard links, which a rename would leave with the old content;
 * - an existing file whose folder does not let us create the temporary file (a writable file in a read-only or
 *   sticky folder, a name too long for the suffix).
 * On failure the temporary file is removed and the file-system error is thrown as it is (callers name the option
 * it came from).
 */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const st = lstatOrUndefined(path);
  if (st !== undefined && (!st.isFile() || st.nlink > 1)) {
    writeFileSync(path, text);
    return;
  }
  const tmp = join(dirname(path), `.${basename(path).slice(0, 64)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
  } catch (e) {
    rmQuietly(tmp);
    if (st !== undefined && IN_PLACE_AFTER.has((e as NodeJS.ErrnoException).code ?? '')) {
      writeFileSync(path, text);
      return;
    }
    throw e;
  }
  try {
    if (st !== undefined) chmodSync(tmp, st.mode & 0o7777);
    renameSync(tmp, path);
  } catch (e) {
    rmQuietly(tmp);
    throw e;
  }
}

function rmQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // the folder itself is unusable (ENOTDIR, EACCES): nothing was written
  }
}
