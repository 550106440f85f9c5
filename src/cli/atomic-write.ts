// Write a file through a temporary sibling and a rename: a reader, or a run stopped half-way, never sees half a file.
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Whether a rename may replace `path`: it does not exist, or is a plain file (not a link, device, FIFO or folder). */
function replaceable(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return true;
  }
}

/**
 * Write `text` to `path` atomically on one file system: first `.<name>.<pid>.tmp` beside it, then a rename over
 * `path`. On failure the temporary file is removed and the file-system error is thrown as it is (callers name the
 * option it came from). The file gets the mode a plain write would give a new file (0666 less the umask).
 * Anything but a plain file is written in place: a symbolic link keeps pointing where it did, and `/dev/stdout`
 * or a FIFO gets the bytes instead of being replaced.
 */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  if (!replaceable(path)) {
    writeFileSync(path, text);
    return;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable (ENOTDIR, EACCES): nothing was written
    }
    throw e;
  }
}
