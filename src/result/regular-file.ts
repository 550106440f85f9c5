// Reads a result's file only when it is a regular one of sane size: a FIFO would block the reader, a device never end.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Larger than any result.json, metadata or model (and than the longest string V8 can make of it). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** What a path that is not a regular file is, for messages. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'this file';
}

function notRegular(st: Stats): Error {
  const code = st.isDirectory() ? 'EISDIR' : 'ENOTREG';
  return Object.assign(new Error(`${code}: ${kindOf(st)} is not a regular file`), { code });
}

function tooLarge(max: number): Error {
  return Object.assign(new Error(`EFBIG: larger than ${max / 1024 / 1024} MiB`), { code: 'EFBIG' });
}

/**
 * The bytes of a regular file (symbolic links followed). Anything else throws an Error with code ENOTREG (or
 * EISDIR for a folder) before it is opened, so no FIFO blocks and no device is opened; the open itself does not
 * wait for a FIFO's writer, and the file is checked again once open. At most `max` bytes are read (EFBIG
 * beyond): some files that call themselves regular never end (/proc/self/pagemap reports a size of 0).
 */
export function readRegularFile(path: string, max = MAX_FILE_BYTES): Buffer {
  const before = statSync(path);
  if (!before.isFile()) throw notRegular(before);
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(st);
    if (st.size > max) throw tooLarge(max);
    // one byte more than the size (or than the limit) tells a file that grew, or has no stated size, from one that ended
    let buf = Buffer.allocUnsafe(Math.min(st.size > 0 ? st.size + 1 : 64 * 1024, max + 1));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > max) throw tooLarge(max);
    }
    return buf.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** readRegularFile as UTF-8 text. */
export function readRegularText(path: string): string {
  return readRegularFile(path).toString('utf8');
}
