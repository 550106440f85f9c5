// The nightly history folder: its runs, which of them are good, the baseline, and a lock against two nights at once.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';

/** What became of one night. */
export type NightVerdict = 'baseline' | 'pass' | 'regression' | 'nothing-compared' | 'failed' | 'interrupted' | 'accepted';

export interface NightRecord {
  /** Run id, also the folder name under runs/ (UTC `YYYYMMDD-HHMMSS`, with `-2`, `-3`… on a clash). */
  id: string;
  verdict: NightVerdict;
  /** Exit code nightly-perf returned for this night. */
  exitCode: number;
  /** ISO time the night started. */
  startedAt: string;
  /** The confirmation run's id, when tests were re-run. */
  confirm?: string;
  /** One line on how the verdict came about. */
  note?: string;
}

/** history.json, version 1. Paths are run ids (folders under runs/). */
export interface HistoryState {
  version: 1;
  /** The run every night is compared against (compare-perf's SRC). */
  baseline?: string;
  /** Runs that passed (or were accepted), oldest first; the last N are compare-perf's references. */
  good: string[];
  nights: NightRecord[];
}

export const HISTORY_FILE = 'history.json';
const LOCK_FILE = '.lock';

export const runsDir = (dir: string): string => join(dir, 'runs');
export const runPath = (dir: string, id: string): string => join(dir, 'runs', id);
export const reportsPath = (dir: string, id: string): string => join(dir, 'reports', id);

/** Read history.json (an empty history when the folder is new). */
export function loadHistory(dir: string): HistoryState {
  const file = join(dir, HISTORY_FILE);
  if (!existsSync(file)) return { version: 1, good: [], nights: [] };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: ${(e as Error).message}`, { code: 'PERFGATE_NIGHTLY_HISTORY', file, hint: 'restore it from a backup, or move the folder away to start a new history' });
  }
  const s = data as Partial<HistoryState>;
  if (typeof s !== 'object' || s === null || s.version !== 1 || !Array.isArray(s.good) || !Array.isArray(s.nights) || (s.baseline !== undefined && typeof s.baseline !== 'string')) {
    throw new InputError(`${file} is not a nightly-perf history (version 1, with "good" and "nights" lists)`, { code: 'PERFGATE_NIGHTLY_HISTORY', file, hint: 'give the folder nightly-perf --history created' });
  }
  return { version: 1, baseline: s.baseline, good: s.good.filter((g): g is string => typeof g === 'string'), nights: s.nights };
}

/** Write history.json atomically (a crash leaves the old or the new file, never half of one). */
export function saveHistory(dir: string, state: HistoryState): void {
  const file = join(dir, HISTORY_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

/** A fresh run id from the time: UTC YYYYMMDD-HHMMSS, suffixed when that folder exists already. */
export function newRunId(dir: string, now: Date): string {
  const base = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let id = base;
  for (let k = 2; existsSync(runPath(dir, id)) || existsSync(runPath(dir, `${id}-confirm`)); k++) id = `${base}-${k}`;
  return id;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the history's lock (a file holding our pid, created exclusively). A lock left by a process that no longer
 * exists is taken over (`onStale` is told); a live one is a usage error. Returns the release function.
 */
export function lockHistory(dir: string, onStale: (pid: number) => void): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) {
        throw new UsageError(`${dir} is in use by nightly-perf process ${pid}`, `wait for it to finish; if no such run is going on, remove ${file}`, 'PERFGATE_NIGHTLY_LOCKED');
      }
      onStale(pid);
      rmSync(file, { force: true });
    }
  }
  throw new UsageError(`cannot lock ${dir}`, `remove ${file} if no nightly-perf is running`, 'PERFGATE_NIGHTLY_LOCKED');
}
