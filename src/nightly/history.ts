// The nightly history folder: its runs, which of them are good, the baseline, and a lock against two nights at once.
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { INCOMPLETE_MARKER } from '../result/read-tree.js';
import { makeDirsSync } from '../make-dirs.js';
import { pidAlive } from '../pid-alive.js';

/** What became of one night. */
export type NightVerdict = 'baseline' | 'pass' | 'regression' | 'nothing-compared' | 'failed' | 'interrupted';

const VERDICTS: ReadonlySet<string> = new Set<NightVerdict>(['baseline', 'pass', 'regression', 'nothing-compared', 'failed', 'interrupted']);

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
  /** The first comparison's verdict, when a confirmation followed it. */
  firstDecision?: NightVerdict;
  /** One line on how the verdict came about. */
  note?: string;
  /** When the run was accepted as good by hand (--accept) or made the baseline (--rebaseline). */
  acceptedAt?: string;
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

/** run-perf wrote a result tree there (its RUNPERF_METADATA), complete or not. */
export const wroteTree = (run: string): boolean => existsSync(join(run, 'RUNPERF_METADATA'));
/** A result tree that was not interrupted. */
export const completeRun = (run: string): boolean => wroteTree(run) && !existsSync(join(run, INCOMPLETE_MARKER));
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
  const hint = 'give the folder nightly-perf --history created; restore history.json from a backup if it was edited';
  if (typeof s !== 'object' || s === null || s.version !== 1 || !Array.isArray(s.good) || !Array.isArray(s.nights) || (s.baseline !== undefined && typeof s.baseline !== 'string')) {
    throw new InputError(`${file} is not a nightly-perf history (version 1, with "good" and "nights" lists)`, { code: 'PERFGATE_NIGHTLY_HISTORY', file, hint });
  }
  s.nights.forEach((n: unknown, i) => {
    const r = n as Partial<NightRecord> | null;
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || typeof r.verdict !== 'string' || !VERDICTS.has(r.verdict) || typeof r.exitCode !== 'number') {
      throw new InputError(`${file}: nights[${i}] is not a night record (id, verdict, exitCode)`, { code: 'PERFGATE_NIGHTLY_HISTORY', file, hint });
    }
  });
  return { version: 1, baseline: s.baseline, good: s.good.filter((g): g is string => typeof g === 'string'), nights: s.nights };
}

/** Write history.json atomically (a crash leaves the old or the new file, never half of one). */
export function saveHistory(dir: string, state: HistoryState): void {
  const file = join(dir, HISTORY_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

/** A fresh run id from the time: UTC YYYYMMDD-HHMMSS, suffixed when a night or a folder has it already. */
export function newRunId(dir: string, now: Date, state: HistoryState): string {
  const base = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const taken = new Set(state.nights.map((n) => n.id));
  let id = base;
  for (let k = 2; taken.has(id) || existsSync(runPath(dir, id)) || existsSync(runPath(dir, `${id}-confirm`)); k++) id = `${base}-${k}`;
  return id;
}

/** Who holds a lock: a process on a host, told apart from a later process with the same pid by its start time. */
interface LockOwner {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (/proc/PID/stat), when the system has /proc. */
  start?: string;
}

function startOf(pid: number): string | undefined {
  try {
    // field 22 of /proc/PID/stat, counted after the command name (which may hold spaces) closes with ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}


/**
 * Whether the lock's owner is gone: on this host, when no process has its pid, or the process that has it started at
 * another time (a new container's pid 1, a reused pid), or it is this very process. A lock from another host (a
 * shared folder) is taken as live: its process cannot be seen from here.
 */
function ownerGone(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid || !pidAlive(owner.pid)) return true;
  const start = startOf(owner.pid);
  return owner.start !== undefined && start !== undefined && start !== owner.start;
}

function readOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host, start: typeof o.start === 'string' ? o.start : undefined } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Take the history's lock (a file naming its owner, created exclusively). A lock whose owner is gone is taken over
 * (`onStale` is told): it is first renamed aside and removed only if it is still the one that was judged stale, so
 * two nights that find the same stale lock cannot both proceed. A live owner is a usage error. Returns the release.
 */
export function lockHistory(dir: string, onStale: (owner: string) => void): () => void {
  makeDirsSync(dir);
  const file = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), start: startOf(process.pid) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const owner = readOwner(text);
    const who = owner ? `process ${owner.pid} on ${owner.host}` : 'an unreadable lock';
    if (owner && !ownerGone(owner)) {
      throw new UsageError(`${dir} is in use by nightly-perf ${who}`, `wait for it to finish; if no such run is going on, remove ${file}`, 'PERFGATE_NIGHTLY_LOCKED');
    }
    const aside = `${file}.${process.pid}.stale`;
    try {
      renameSync(file, aside);
    } catch {
      continue; // another night moved it first
    }
    if (readFileSync(aside, 'utf8') === text) {
      rmSync(aside, { force: true });
      onStale(who);
    } else renameSync(aside, file); // a fresh lock was taken meanwhile: put it back
  }
  throw new UsageError(`cannot lock ${dir}`, `remove ${file} if no nightly-perf is running`, 'PERFGATE_NIGHTLY_LOCKED');
}
