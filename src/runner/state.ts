// The run's progress file (`.perfgate-run.json` at the tree root), which --resume reads to skip finished tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from './result-dir.js';

export const STATE_FILE = '.perfgate-run.json';

export interface RunState {
  version: 1;
  /** Keys of every planned test run (`<profile index>:<profile>/<test index>:<test>`), in order. */
  planned: string[];
  /** Finished (published) test runs. */
  done: string[];
  /** Test runs that failed every attempt. */
  failed: string[];
}

export const testKey = (pi: number, profile: string, ti: number, test: string): string => `${pi}:${profile}/${ti}:${test}`;

/** Load the state of the run being resumed; its plan must equal the new one. */
export function loadState(root: string, planned: readonly string[]): RunState {
  const file = join(root, STATE_FILE);
  if (!existsSync(file)) throw new UsageError(`--resume: ${root} has no ${STATE_FILE}; it was not written by perfgate's run-perf`, 'start a new run with another --output', 'PERFGATE_RESUME_NO_STATE');
  const state = JSON.parse(readFileSync(file, 'utf8')) as RunState;
  if (JSON.stringify(state.planned) !== JSON.stringify(planned)) {
    throw new UsageError(`--resume: the profiles and tests differ from the run in ${root} (${state.planned.join(', ')})`, 'repeat the original command line with --resume', 'PERFGATE_RESUME_MISMATCH');
  }
  return state;
}

export function saveState(root: string, state: RunState): Promise<void> {
  return writeFileAtomic(join(root, STATE_FILE), JSON.stringify(state, null, 2) + '\n');
}
