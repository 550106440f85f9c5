// Lists the sub-folders of a result-tree level the way run-perf's glob `*` matches them.
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/** One folder's listing: sub-folders as run-perf's glob `*` sees them (sorted), regular files, other names. */
export interface Listing {
  /** false when the folder could not be listed (then everything else is empty). */
  readable: boolean;
  /** Why it could not be listed (an errno code such as EACCES), when it could not. */
  error?: string;
  dirs: string[];
  /** Regular files (not symlinks). */
  files: ReadonlySet<string>;
  /** Symbolic links that do not lead to a folder (to a file, or dangling): what they lead to may change later. */
  links: readonly string[];
}

const EMPTY: Listing = Object.freeze({ readable: false, dirs: [], files: new Set<string>(), links: [] }) as Listing;

/**
 * One readdir of dir: sub-folders as run-perf's glob `*` sees them (symlinks to folders followed, hidden
 * names starting with `.` not matched), the regular files, and the other symlinks.
 */
export function listDir(dir: string): Listing {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // a missing folder (or a file where one was expected) is simply empty; anything else is worth saying
    return code === undefined || code === 'ENOENT' || code === 'ENOTDIR' ? EMPTY : { ...EMPTY, error: code };
  }
  const dirs: string[] = [];
  const files = new Set<string>();
  const links: string[] = [];
  for (const e of entries) {
    if (e.isFile()) files.add(e.name);
    else if (e.isDirectory()) {
      if (!e.name.startsWith('.')) dirs.push(e.name);
    } else if (e.isSymbolicLink()) {
      if (isDir(join(dir, e.name))) {
        if (!e.name.startsWith('.')) dirs.push(e.name);
      } else links.push(e.name);
    }
  }
  if (dirs.length > 1) dirs.sort();
  return { readable: true, dirs, files, links };
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

/**
 * Whether the tree at `root` holds any PROFILE/TEST/SERIAL/result.json of a serial the reader reads: a tree that
 * does but yields no check (every iteration a `-failN` one) is a result, not the folder that holds results.
 */
export function holdsResultFiles(root: string, includeIncorrect = false): boolean {
  for (const profile of globDirs(root)) {
    for (const test of globDirs(join(root, profile))) {
      for (const serial of globDirs(join(root, profile, test))) {
        // (the reader skips serials that do not start with a digit unless incorrect results are included)
        if ((includeIncorrect || /^[0-9]/.test(serial)) && existsSync(join(root, profile, test, serial, 'result.json'))) return true;
      }
    }
  }
  return false;
}
