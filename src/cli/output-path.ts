// Whether a path the user gave for an output file can be written, asked before any work is done.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Why `path` cannot be written as a file (EISDIR, ENOTDIR, EACCES, ENOENT, ...), or undefined when it looks
 * writable. `makesFolders`: the command creates missing folders (compare-perf's reports), so the nearest existing
 * ancestor is what must be a writable folder; otherwise (analyze-perf's models) the parent must exist.
 */
export function unwritableReason(path: string, makesFolders: boolean): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'EISDIR';
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return code ?? 'unknown';
  }
  let dir = dirname(path);
  if (makesFolders) while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    if (!statSync(dir).isDirectory()) return 'ENOTDIR';
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'unknown';
  }
}
