// strip-run-perf's destination: built in a hidden sibling folder and moved into place only when complete.
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { osErrorReason } from '../os-error-reason.js';
import { pidAlive } from '../pid-alive.js';
import { makeDirsSync } from '../make-dirs.js';

/** A UsageError naming the output path and the OS reason when `e` is a file-system error; otherwise `e` itself. */
export function outputError(dst: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return e;
  const file = fileOnTheWay(dst);
  const reason = file !== undefined ? `${file} is a file, not a folder` : osErrorReason(code);
  return new UsageError(`destination '${dst}' cannot be written (${code}: ${reason})`, 'pass a new DST folder in a writable folder, e.g. ./stripped', 'PERFGATE_OUTPUT_UNWRITABLE');
}

/** The nearest existing ancestor of `path` when it is a file (so nothing can be created under it). */
function fileOnTheWay(path: string): string | undefined {
  for (let p = dirname(path); dirname(p) !== p; p = dirname(p)) {
    if (existsSync(p)) return statSync(p).isDirectory() ? undefined : p;
  }
  return undefined;
}

/** The first missing folder on the way to `path` (the one mkdir -p would create first), or undefined if `path` exists. */
function firstMissing(path: string): string | undefined {
  let missing: string | undefined;
  for (let p = path; !existsSync(p); p = dirname(p)) {
    missing = p;
    if (dirname(p) === p) break;
  }
  return missing;
}

/**
 * Create a new folder `PREFIX<pid>-` + 12 random hex digits with a plain mkdir, so it gets the mode any new folder
 * gets (0777 less the umask, or the parent's default ACL), not mkdtemp's 0700: renamed into place, it becomes DST.
 * The pid lets a later run tell a staging folder left by a run that was killed (Ctrl-C) from one still being written.
 */
function makeStagingDirSync(prefix: string): string {
  for (let attempt = 0; ; attempt++) {
    const dir = `${prefix}${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw e;
    }
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}


/**
 * Remove the staging folders `.NAME.partial-<pid>-<hex>` beside `dst` whose process is gone: strip-run-perf stops at
 * once on Ctrl-C (its work is synchronous), which leaves the folder it was filling. A folder of a live process (or
 * of a pid reused since) is left alone, and so is anything not named exactly like a staging folder.
 */
function removeStaleStaging(parent: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  const prefix = `.${name}.partial-`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)-[0-9a-f]{12}$/.exec(entry.slice(prefix.length));
    if (!m || pidAlive(Number(m[1]))) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

export interface StagedOutput {
  /** Folder to write into; it becomes `dst` on commit. */
  readonly tmp: string;
  /** Move the finished tree into `dst`. */
  commit(): void;
  /** Remove everything this output created (never a folder that existed before). */
  discard(): void;
}

/**
 * Check `dst` (absent, or an empty folder: results are never overwritten) and create a hidden temporary
 * sibling `.NAME.partial-<pid>-XXXXXXXXXXXX` to write into (removing those of killed runs first); a new `dst` has the mode of a plain mkdir. Throws UsageError
 * when the destination cannot be created.
 */
export function stageOutput(dst: string): StagedOutput {
  if (!existsSync(dst) && isLink(dst)) {
    // a link to nothing: the copy could never be moved there, so say so before copying
    throw new UsageError(`destination '${dst}' is a symbolic link to a missing path`, 'remove the link or let it point to an empty folder', 'PERFGATE_OUTPUT_EXISTS');
  }
  if (existsSync(dst)) {
    if (!statSync(dst).isDirectory()) {
      throw new UsageError(`destination '${dst}' exists and is a file`, 'choose a new folder; strip-run-perf never overwrites results', 'PERFGATE_OUTPUT_EXISTS');
    }
    if (readdirSync(dst).length > 0) {
      throw new UsageError(`destination '${dst}' exists and is not empty`, 'choose a new folder; strip-run-perf never overwrites results', 'PERFGATE_OUTPUT_EXISTS');
    }
  }
  const parent = dirname(dst);
  const created = firstMissing(parent);
  let tmp: string;
  removeStaleStaging(parent, basename(dst));
  try {
    makeDirsSync(parent);
    tmp = makeStagingDirSync(join(parent, `.${basename(dst)}.partial-`));
  } catch (e) {
    if (created) rmSync(created, { recursive: true, force: true });
    throw outputError(dst, e);
  }
  const discard = () => {
    rmSync(tmp, { recursive: true, force: true });
    if (created) rmSync(created, { recursive: true, force: true });
  };
  const commit = () => {
    const moved: string[] = [];
    try {
      if (!existsSync(dst)) renameSync(tmp, dst);
      else {
        // An empty folder given as DST is kept (its owner and mode too): move the entries in.
        if (readdirSync(dst).length > 0) throw Object.assign(new Error('destination filled meanwhile'), { code: 'ENOTEMPTY' });
        for (const name of readdirSync(tmp)) {
          renameSync(join(tmp, name), join(dst, name));
          moved.push(name);
        }
        rmdirSync(tmp);
      }
    } catch (e) {
      for (const name of moved) rmSync(join(dst, name), { recursive: true, force: true });
      discard();
      throw outputError(dst, e);
    }
  };
  return { tmp, commit, discard };
}
