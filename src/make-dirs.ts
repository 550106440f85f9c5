// Creates a folder with its missing parents (mkdir -p) without Node 20's recursive mkdir, which never returns where a parent exists but refuses entries with ENOENT (/proc, /sys).
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

function isDirSync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `mkdir -p path`: create the folder and whatever parents are missing, each with `mode` (before the umask), and
 * succeed when it is already a folder. Throws what mkdir(2) says otherwise (ENOTDIR, EACCES, ...), including the
 * ENOENT of a file system that takes no new entries, where `mkdirSync(path, { recursive: true })` loops forever
 * (it creates the existing parent again and again).
 */
export function makeDirsSync(path: string, mode?: number): void {
  const missing: string[] = [];
  for (let dir = resolve(path); ; ) {
    try {
      mkdirSync(dir, { mode });
      break;
    } catch (e) {
      // as Node's recursive mkdir: any failure but a missing parent is fine when a folder is there (EEXIST; EISDIR for / on macOS)
      if (code(e) !== 'ENOENT' && isDirSync(dir)) break;
      const parent = dirname(dir);
      if (code(e) !== 'ENOENT' || parent === dir) throw e;
      missing.push(dir);
      dir = parent;
    }
  }
  // parents first; each was missing a moment ago, so another process creating it too is fine
  for (let i = missing.length - 1; i >= 0; i--) {
    const dir = missing[i] as string;
    try {
      mkdirSync(dir, { mode });
    } catch (e) {
      if (!isDirSync(dir)) throw e;
    }
  }
}

/**
 * makeDirsSync for async callers. The few mkdir(2) calls it makes are as quick as the thread-pool round trips of an
 * asynchronous version, which would be a second copy of the same walk.
 */
export async function makeDirs(path: string, mode?: number): Promise<void> {
  makeDirsSync(path, mode);
}
