// Detects failed fio runs (exit code, per-entry errno, missing clients, short runtimes, error chatter) although fio often exits 0.
import { constants } from 'node:os';
import { EnvironmentError } from '../../errors.js';
import type { FioEntry, FioOutput } from './parse.js';
import { DIRECTIONS } from './parse.js';

/** A fio run that failed; `problems` lists every finding, the message joins the first few. */
export class FioRunError extends EnvironmentError {
  readonly problems: readonly string[];
  constructor(where: string, problems: readonly string[], hint = 'see the fio output kept in the sample folder (*.json, *.log)') {
    const shown = problems.slice(0, 4).join('; ') + (problems.length > 4 ? `; and ${problems.length - 4} more` : '');
    super(`fio failed on ${where}: ${shown}`, { code: 'PERFGATE_FIO_FAILED', hint });
    this.name = 'FioRunError';
    this.problems = problems;
  }
}

/** `ENOSPC` for 28: fio reports errno values. */
export function errnoName(code: number): string {
  const hit = Object.entries(constants.errno).find(([, v]) => v === code);
  return hit ? hit[0] : `errno ${code}`;
}

/** Chatter and stderr lines that mean a job or a client did not run as asked (fio-and-peers §2.7). */
const BAD_LINE = /Bad option|job .* dropped|failed parsing|is not a directory|failed to connect|Connection refused|\berr=\s*[1-9]|io_u error|exited with error|fio: failed|fio: pid=/i;

/** Lines of fio's chatter or stderr that report errors (deduplicated, in order). */
export function errorLines(lines: readonly string[]): string[] {
  return [...new Set(lines.map((l) => l.trim()).filter((l) => l !== '' && BAD_LINE.test(l)))];
}

/** The longest direction runtime of an entry (ms): `job_runtime` is summed over jobs under group_reporting. */
export function entryRuntimeMs(e: FioEntry): number {
  return Math.max(...DIRECTIONS.map((d) => e[d].runtime));
}

export interface ExpectedRun {
  /** Expected (hostname, port) client entries in client mode; omitted for standalone runs. */
  clients?: readonly { host: string; port: number; name: string }[];
  /** Planned time-based runtime in seconds: a shorter run means fio was stopped early (partial results). */
  runtimeSeconds?: number;
}

const label = (e: FioEntry) => (e.hostname === undefined ? `job '${e.jobname}'` : `${e.hostname},${e.port ?? '?'} job '${e.jobname}'`);

/**
 * Every problem in a parsed fio run: entries with a non-zero `error`, no entries at all, expected clients without
 * an entry, entries that ran shorter than planned, and error lines in the chatter. Empty when the run is good.
 */
export function findProblems(out: FioOutput, expected: ExpectedRun = {}): string[] {
  const problems: string[] = [];
  if (out.entries.length === 0) problems.push('fio reported no job results (every job was dropped or never ran)');
  for (const e of out.entries) if (e.error !== 0) problems.push(`${label(e)} ended with error ${e.error} (${errnoName(e.error)})`);
  for (const c of expected.clients ?? []) {
    if (!out.entries.some((e) => e.hostname === c.host && e.port === c.port)) problems.push(`no results from ${c.name} (fio server ${c.host},${c.port})`);
  }
  if (expected.runtimeSeconds !== undefined && expected.runtimeSeconds > 0) {
    const planned = expected.runtimeSeconds * 1000;
    for (const e of out.entries) {
      const ran = entryRuntimeMs(e);
      if (e.error === 0 && ran < planned * 0.9) problems.push(`${label(e)} ran ${ran} ms of the planned ${planned} ms (stopped early: partial results)`);
    }
  }
  for (const line of errorLines(out.chatter)) problems.push(`fio said: ${line}`);
  return problems;
}
