// A code-cache file: V8's bytecode behind a header with its length and checksum, read only when this user alone could have written it.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** `PGCC` and the format's version. */
const MAGIC = 0x31434750;
const HEADER = 12;

/**
 * A 32-bit checksum of the bytes: FNV-1a's multiply-xor step (Fowler, Noll and Vo) over 32-bit words in the machine's
 * byte order (a file never leaves its machine: its name carries the architecture), then over the trailing bytes. Not
 * cryptographic: it finds a torn or corrupted file, which V8 would otherwise run (release builds do not check their
 * code cache's checksum: a flipped byte crashed compare-perf at every start). The words are read through an
 * Int32Array, not a DataView: twice as fast before V8 optimises the loop, which is most of a start's 100,000 words.
 */
export function wordChecksum(bytes: Uint8Array): number {
  const words = bytes.length >>> 2;
  // an Int32Array needs a 4-byte aligned start: a buffer sliced from Node's pool may not have one
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const a = new Int32Array(aligned.buffer, aligned.byteOffset, words);
  let h = 0x811c9dc5;
  for (let i = 0; i < words; i++) h = Math.imul(h ^ (a[i] as number), 0x01000193);
  for (let i = words * 4; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

/** The file's content for V8's cached data: header (magic, length, checksum) and the data. */
export function sealCodeCache(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER + data.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(data.length, 4);
  out.writeUInt32LE(wordChecksum(data), 8);
  out.set(data, HEADER);
  return out;
}

/** The cached data inside a file's content, or undefined when it is not a whole, intact code-cache file. */
export function unsealCodeCache(content: Buffer): Buffer | undefined {
  if (content.length < HEADER || content.readUInt32LE(0) !== MAGIC || content.readUInt32LE(4) !== content.length - HEADER) return undefined;
  const data = content.subarray(HEADER);
  return wordChecksum(data) === content.readUInt32LE(8) ? data : undefined;
}

/**
 * The file's bytes when it is a regular file of this user that nobody else can read or write, as perfgate creates it
 * (0600): bytecode runs as code, so a file that arrived some other way (a checkout, a restored folder) is not used.
 * Symbolic links are not followed, and a FIFO does not block the start.
 */
export function readOwnFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    if (!st.isFile() || (st.mode & 0o077) !== 0 || (uid !== undefined && st.uid !== uid)) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
