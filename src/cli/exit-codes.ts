// The one table of perfgate's exit codes, shared by every binary and documented in the README.
import type { ErrorKind } from '../errors.js';

export const ExitCode = {
  /** Everything compared (or ran) and no regression was found. */
  OK: 0,
  /** Internal error: a bug in perfgate (message says how to report it). */
  INTERNAL: 1,
  /** compare-perf, nightly-perf: at least one primary or grouped check regressed (run-perf compatible). */
  REGRESSION: 2,
  /** compare-perf: nothing was compared, e.g. the destination has no checks (run-perf compatible). */
  NOTHING_COMPARED: 3,
  /** Bad command line: unknown option or value, missing argument, unwritable output path, missing --config file; compare-perf: a missing result (as run-perf). */
  USAGE: 64,
  /** Bad input data: a missing, unreadable or malformed result tree, result.json, model, report or CSV. */
  INPUT: 65,
  /** Bad configuration: config file content, plugins, unknown profile/test names and their options. */
  CONFIG: 78,
  /** A required tool, host or service is missing or unreachable (fio not installed, ssh refused, ...). */
  ENVIRONMENT: 69,
  /** run-perf, nightly-perf: some tests failed after all retries (results of the others were kept). */
  TESTS_FAILED: 4,
  /** bisect-perf: git bisect finished without isolating one commit (too many skipped steps). */
  BISECT_INCONCLUSIVE: 5,
  /** Interrupted by SIGINT/SIGTERM; the result directory is kept and marked incomplete. */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit code for a given error kind. */
export function exitCodeFor(kind: ErrorKind): ExitCodeValue {
  switch (kind) {
    case 'usage':
      return ExitCode.USAGE;
    case 'input':
      return ExitCode.INPUT;
    case 'config':
      return ExitCode.CONFIG;
    case 'environment':
      return ExitCode.ENVIRONMENT;
    case 'interrupted':
      return ExitCode.INTERRUPTED;
    case 'internal':
      return ExitCode.INTERNAL;
  }
}
