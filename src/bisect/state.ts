// The bisect session's state file (workdir/state.json): inputs, reference results and every step's verdict.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type StepVerdict = 'good' | 'bad' | 'skip';

export interface BisectStep {
  commit: string;
  /** Result folders of the runs of this step (relative to the workdir). */
  results: string[];
  /** diff-perf's pick for each run: 0 = closer to good, 1 = closer to bad, or an error note. */
  votes: (0 | 1 | string)[];
  verdict: StepVerdict;
  reason?: string;
}

export interface BisectState {
  version: 1;
  repo: string;
  good: string;
  bad: string;
  /** argv run in the repository before each run (e.g. ['sh', '/abs/build.sh']). */
  build: string[];
  /** argv prefix starting run-perf; `--output DIR` and the user's run-perf arguments are appended. */
  runPerf: string[];
  runArgs: string[];
  repeat: number;
  twoOutOfThree: boolean;
  goodResults: string[];
  badResults: string[];
  steps: BisectStep[];
  /** Set when SIGINT/SIGTERM stopped the session: where it stopped (the interrupted run is not recorded as a step). */
  interrupted?: string;
}

export const STATE_FILE = 'state.json';

export function loadState(workdir: string): BisectState {
  return JSON.parse(readFileSync(join(workdir, STATE_FILE), 'utf8')) as BisectState;
}

/** Write atomically (tmp + rename) so an interrupted step never leaves a torn state file. */
export function saveState(workdir: string, state: BisectState): void {
  const tmp = join(workdir, `${STATE_FILE}.tmp`);
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, join(workdir, STATE_FILE));
}
