// strip-run-perf: copy only what compare-perf, analyze-perf and diff-perf need from a result tree (MB → KB).
import { cpSync, lstatSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError, isPerfgateError } from '../errors.js';
import { CORRECT_SERIAL, ERROR_DIR, listDir } from '../result/glob-dirs.js';
import { readRegularText } from '../result/regular-file.js';
import { INCOMPLETE_MARKER } from '../result/read-tree.js';
import { parseJsonLex } from '../result/json-lex.js';
import { writeJsonLex } from './json-write.js';
import { outputError, stageOutput } from './output-dir.js';
import { reduceResultJson } from './reduce.js';
import { assertResultTree } from './result-root.js';
import { assertSeparateTrees } from './separate-trees.js';
import { makeDirsSync } from '../make-dirs.js';

export interface StripOptions {
  /** Also keep non-numeric serials (partial/incorrect results). */
  includeIncorrect?: boolean;
  /** Also keep `__sysinfo*__` folders at root and profile level. */
  attachSysinfo?: boolean;
}

export interface StripSummary {
  files: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** Bytes of the files under `path` (symbolic links followed, each folder once; what cannot be read counts 0: the figure is informative). */
function duSize(path: string, seen = new Set<string>()): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  const id = `${st.dev}:${st.ino}`;
  if (seen.has(id)) return 0;
  seen.add(id);
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    return 0;
  }
  return names.reduce((sum, name) => sum + duSize(join(path, name), seen), 0);
}

/** The sub-folders of a folder of SRC; one that cannot be listed is an input error (its results would be lost). */
function subfolders(dir: string): string[] {
  const listing = listDir(dir);
  if (listing.error !== undefined) {
    throw new InputError(`${dir} cannot be listed (${listing.error}): what it holds would be missing from the copy`, { code: 'PERFGATE_RESULT_UNREADABLE', file: dir, hint: 'check the permissions of the result tree' });
  }
  return listing.dirs;
}

/**
 * Whether `path` exists: false only when it is missing. Anything else that stops a look at it (EACCES on a folder
 * one may list but not enter) is an input error, not a silently missing file.
 */
function present(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new InputError(`${path} cannot be read (${code ?? (e as Error).message})`, { code: 'PERFGATE_RESULT_UNREADABLE', file: path, hint: 'check the permissions of the result tree' });
  }
}

/**
 * A cpSync filter for one copy: folders and regular files are copied (links followed), a link to nothing is left
 * out (the readers pass it by too), and so is a link back to a folder it is inside of (it would recurse until
 * ELOOP); anything else is an input error.
 */
function onlyFilesAndFolders(): (source: string) => boolean {
  // each folder's real path, by the path it is copied from (folders come before what they hold)
  const folders = new Map<string, string>();
  return (source) => {
    let st;
    try {
      st = statSync(source);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && lstatSync(source).isSymbolicLink()) return false;
      throw e;
    }
    if (st.isDirectory()) {
      const real = realpathSync(source);
      for (let p = dirname(source); folders.has(p); p = dirname(p)) if (folders.get(p) === real) return false;
      folders.set(source, real);
      return true;
    }
    if (st.isFile()) return true;
    throw new InputError(`${source} is neither a regular file nor a folder`, { code: 'PERFGATE_RESULT_UNREADABLE', file: source, hint: 'remove the named pipe, socket or device from the result tree' });
  };
}

/** Copy the kept parts of `src` into the (empty) folder `out`; returns how many items were kept. */
function copyKept(src: string, out: string, options: StripOptions): number {
  let files = 0;
  const copyFile = (rel: string) => {
    makeDirsSync(dirname(join(out, rel)));
    cpSync(join(src, rel), join(out, rel), { dereference: true, filter: onlyFilesAndFolders() });
    files++;
  };
  const copyDir = (rel: string) => {
    cpSync(join(src, rel), join(out, rel), { recursive: true, dereference: true, filter: onlyFilesAndFolders() });
    files++;
  };
  for (const marker of ['RUNPERF_METADATA', INCOMPLETE_MARKER]) if (present(join(src, marker))) copyFile(marker);
  const keepSpecial = (rel: string, depth: number) => {
    for (const name of subfolders(join(src, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (ERROR_DIR.test(name)) copyDir(r);
      else if (options.attachSysinfo && depth <= 1 && /^__sysinfo.*__$/.test(name)) copyDir(r);
    }
  };
  const levels = (rel: string) => subfolders(join(src, rel)).filter((n) => !n.startsWith('__'));
  keepSpecial('', 0);
  for (const profile of levels('')) {
    keepSpecial(profile, 1);
    for (const test of levels(profile)) {
      keepSpecial(`${profile}/${test}`, 2);
      for (const serial of levels(`${profile}/${test}`)) {
        const rel = `${profile}/${test}/${serial}`;
        keepSpecial(rel, 3);
        if (!options.includeIncorrect && !CORRECT_SERIAL.test(serial)) continue;
        const resultFile = join(src, rel, 'result.json');
        if (!present(resultFile)) continue;
        let data;
        try {
          data = parseJsonLex(readRegularText(resultFile));
        } catch (e) {
          throw new InputError(`${resultFile}: ${(e as Error).message}`, { code: 'PERFGATE_RESULT_MALFORMED', file: resultFile, hint: 'fix or remove the broken result.json, then run strip-run-perf again' });
        }
        makeDirsSync(join(out, rel));
        writeFileSync(join(out, rel, 'result.json'), writeJsonLex(reduceResultJson(data)));
        files++;
        if (present(join(src, rel, 'RUNPERF_METADATA.json'))) copyFile(`${rel}/RUNPERF_METADATA.json`);
      }
    }
  }
  return files;
}

/**
 * Strip `src` into `dst`, which must not exist or be empty (results are never overwritten) and must lie outside
 * `src` (UsageError otherwise, before anything is written). The tree is
 * written into a hidden sibling folder and moved into place at the end, so a failure leaves no partial `dst`.
 */
export function stripRunPerf(src: string, dst: string, options: StripOptions = {}): StripSummary {
  assertResultTree(src);
  assertSeparateTrees(src, dst);
  // measured before anything is written, so the figure is SRC's alone
  const bytesBefore = duSize(src);
  const staged = stageOutput(dst);
  let files: number;
  try {
    files = copyKept(src, staged.tmp, options);
  } catch (e) {
    staged.discard();
    throw fileError(e, src, staged.tmp, dst);
  }
  staged.commit();
  return { files, bytesBefore, bytesAfter: duSize(dst) };
}

/** Errors only writing causes. */
const WRITE_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG']);

/** Node's codes for a file of SRC that cpSync cannot copy (it names the copy's path, under `tmp`, not SRC's). */
const UNCOPYABLE = new Set(['ERR_FS_CP_FIFO_PIPE', 'ERR_FS_CP_SOCKET', 'ERR_FS_CP_UNKNOWN']);

/**
 * A file-system error while copying: a file of SRC that cannot be read or copied is an input error (naming SRC's
 * path), checked first, since a failed copy also names its destination; writing under `tmp` is an output error.
 */
function fileError(e: unknown, src: string, tmp: string, dst: string): unknown {
  if (isPerfgateError(e)) return e;
  const err = e as { code?: unknown; path?: unknown; dest?: unknown };
  if (typeof err.code !== 'string') return e;
  const under = (p: string, root: string) => p === root || p.startsWith(root + '/');
  const paths = [err.path, err.dest].filter((p): p is string => typeof p === 'string');
  if (UNCOPYABLE.has(err.code)) {
    const copy = paths.find((p) => under(p, tmp));
    const original = copy === undefined ? (paths[0] ?? src) : src + copy.slice(tmp.length);
    return new InputError(`${original} is neither a regular file nor a folder (${err.code})`, { code: 'PERFGATE_RESULT_UNREADABLE', file: original, hint: 'remove the named pipe, socket or device from the result tree' });
  }
  // a full or read-only destination fails a copy that names both paths: that is the output's fault
  if (WRITE_FAILURES.has(err.code) && paths.some((p) => under(p, tmp))) return outputError(dst, e);
  const read = paths.find((p) => under(p, src));
  if (read !== undefined) {
    return new InputError(`${read} cannot be read (${err.code})`, { code: 'PERFGATE_RESULT_UNREADABLE', file: read, hint: 'check the permissions of the result tree' });
  }
  if (paths.some((p) => under(p, tmp))) return outputError(dst, e);
  return e;
}
