// Lists the sub-folders of a result-tree level the way run-perf's glob `*` matches them.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/** One folder's listing: sub-folders as run-perf's glob `*` sees them (sorted), and every entry's name. */
export interface Listing {
  dirs: string[];
  names: ReadonlySet<string>;
}

const EMPTY: Listing = Object.freeze({ dirs: [], names: new Set<string>() }) as Listing;

/**
 * One readdir of dir: sub-folders as run-perf's glob `*` sees them (symlinks to folders followed, hidden
 * names starting with `.` not matched) and the names of all entries. An unreadable folder lists as empty.
 */
export function listDir(dir: string): Listing {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return EMPTY;
  }
  const dirs: string[] = [];
  const names = new Set<string>();
  for (const e of entries) {
    names.add(e.name);
    if (e.isFile() || e.name.startsWith('.')) continue;
    if (e.isDirectory() || (e.isSymbolicLink() && isDir(join(dir, e.name)))) dirs.push(e.name);
  }
  if (dirs.length > 1) dirs.sort();
  return { dirs, names };
}

/** Sub-folders of dir, sorted, as run-perf's glob `*` sees them. */
export function globDirs(dir: string): string[] {
  return listDir(dir).dirs;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
