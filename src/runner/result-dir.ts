// The result tree on disk: creates the output folder (never overwriting), atomic file writes, serial and __error<N>__ allocation.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { osErrorReason } from '../os-error-reason.js';
import { makeDirs } from '../make-dirs.js';

/** Create the run's output folder. An existing folder is refused unless `resume`, which requires it to exist. */
export async function createOutputDir(path: string, resume: boolean): Promise<void> {
  const exists = existsSync(path);
  if (exists && !resume) {
    throw new UsageError(`output folder ${path} already exists; perfgate never deletes or overwrites results`, 'pass another --output, or --resume to continue that run', 'PERFGATE_OUTPUT_EXISTS');
  }
  if (!exists && resume) throw new UsageError(`--resume: output folder ${path} does not exist`, 'give the --output of the run to continue', 'PERFGATE_RESUME_MISSING');
  try {
    await makeDirs(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw e;
    throw new UsageError(`output folder ${path} cannot be created (${code}: ${osErrorReason(code)})`, 'pass an --output in a writable folder, e.g. --output ./result', 'PERFGATE_OUTPUT_UNWRITABLE');
  }
}

/** Write a file so readers see either the old or the complete new content (write a sibling, then rename). */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await makeDirs(dirname(path));
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A fresh `tmpXXXXXX` folder under `PROFILE/TEST/` for a run in progress (readers skip non-numeric serials). */
export async function createTmpSerial(testDir: string): Promise<string> {
  await makeDirs(testDir);
  return mkdtemp(join(testDir, 'tmp'));
}

/** Claim the first free name `format(n)` under `dir` with an exclusive mkdir (safe against concurrent writers). */
async function claim(dir: string, format: (n: number) => string): Promise<string> {
  await makeDirs(dir);
  for (let n = 0; ; n++) {
    const path = join(dir, format(n));
    try {
      await mkdir(path);
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** `%04d` serial name. */
export const serialName = (n: number): string => String(n).padStart(4, '0');

/**
 * Publish a completed run: claim the first free `%04d` under `testDir` and rename the tmp folder onto that
 * (empty, just-created) placeholder in one step. Returns the serial folder.
 */
export async function commitSerial(tmpDir: string, testDir: string): Promise<string> {
  const target = await claim(testDir, serialName);
  await rename(tmpDir, target);
  return target;
}

/** A new, empty `__error<N>__` folder under `parent` (first free N). */
export function createErrorDir(parent: string): Promise<string> {
  return claim(parent, (n) => `__error${n}__`);
}
