// Lists the sub-folders of a result-tree level the way run-perf's glob `*` matches them.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Sub-folders of dir, sorted, as run-perf's glob `*` sees them: symlinks to folders are followed and
 * hidden names (starting with `.`) are not matched.
 */
export function globDirs(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || (e.isSymbolicLink() && isDir(join(dir, e.name)))))
    .map((e) => e.name)
    .sort();
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
