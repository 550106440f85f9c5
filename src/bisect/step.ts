// The `git bisect run` callback: measure HEAD (optionally 2 out of 3 times) and answer good (0), bad (1) or skip (125).
import { join } from 'node:path';
import { git } from './git.js';
import { buildAndRun, classify } from './run-step.js';
import type { BisectStep } from './state.js';
import { loadState, saveState } from './state.js';

/** Exit code that tells `git bisect run` to skip the commit. */
export const BISECT_SKIP = 125;

/** Exit code of an interrupted step: 130 (>= 128) makes `git bisect run` stop instead of judging the commit. */
export const STEP_INTERRUPTED = 130;

export async function bisectStep(workdir: string, signal?: AbortSignal): Promise<number> {
  const state = loadState(workdir);
  const commit = git(state.repo, ['rev-parse', 'HEAD']).stdout.trim();
  const index = state.steps.length + 1;
  const step: BisectStep = { commit, results: [], votes: [], verdict: 'skip' };
  const log = join(workdir, 'session.log');
  const runs = state.twoOutOfThree ? 3 : 1;
  for (let i = 1; i <= runs; i++) {
    const name = `step-${String(index).padStart(3, '0')}-${commit.slice(0, 10)}-${i}`;
    const outcome = await buildAndRun(state, workdir, name, log, signal);
    if (outcome.interrupted || signal?.aborted) {
      // Not a verdict: the commit was not judged. bisect-perf reads the mark, resets the bisect and exits 130.
      state.interrupted = `step ${index} (${commit.slice(0, 10)}) run ${i}: ${outcome.note ?? 'interrupted'}`;
      saveState(workdir, state);
      return STEP_INTERRUPTED;
    }
    if (!outcome.ok) {
      step.votes.push(outcome.note ?? 'failed');
      step.reason = outcome.note;
      break;
    }
    step.results.push(outcome.result);
    // (buildAndRun refused a result diff-perf cannot read; the ends were checked the same way before the bisect)
    const vote = classify(state, workdir, outcome.result);
    step.votes.push(vote);
    if (typeof vote === 'string') {
      step.reason = vote;
      break;
    }
    const good = step.votes.filter((v) => v === 0).length;
    const bad = step.votes.filter((v) => v === 1).length;
    if (!state.twoOutOfThree || good >= 2 || bad >= 2) break;
  }
  const good = step.votes.filter((v) => v === 0).length;
  const bad = step.votes.filter((v) => v === 1).length;
  if (step.reason === undefined && good + bad > 0) step.verdict = good > bad ? 'good' : 'bad';
  state.steps.push(step);
  saveState(workdir, state);
  return step.verdict === 'good' ? 0 : step.verdict === 'bad' ? 1 : BISECT_SKIP;
}
