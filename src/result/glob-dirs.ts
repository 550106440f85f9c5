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

/** A run-perf failure folder's name (`__error__`, `__error0__`, ...). */
export const ERROR_DIR = /^__error.*__$/;

/** A serial run-perf counts as a correct result (others are read only with --include-incorrect-results). */
export const CORRECT_SERIAL = /^[0-9]/;

/**
 * True when `dir` holds results a reader scores: a PROFILE/TEST/SERIAL/result.json (only correct serials unless
 * `includeIncorrect`) or an __error*__ folder at depth 0–3.
 */
export function hasResults(dir: string, includeIncorrect = true): boolean {
  const walk = (rel: string, depth: number): boolean => {
    for (const name of globDirs(join(dir, rel))) {
      if (ERROR_DIR.test(name)) return true;
      if (name.startsWith('__')) continue;
      const r = join(rel, name);
      if (depth < 2) {
        if (walk(r, depth + 1)) return true;
      } else if (globDirs(join(dir, r)).some((n) => ERROR_DIR.test(n))) return true;
      else if ((includeIncorrect || CORRECT_SERIAL.test(name)) && existsSync(join(dir, r, 'result.json'))) return true;
    }
    return false;
  };
  return walk('', 0);
}
