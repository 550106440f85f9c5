// run-perf's destination modifiers: "average of all builds" (avg) and "failed in N of the builds" (n_of).
import type { EvalContext } from './evaluate.js';
import type { ScoreRecord } from './record.js';
import { weightedScore } from './record.js';
import { modifierWeight } from './uncertainty.js';

interface Running {
  sum: number;
  count: number;
  failures: number;
  seen: number;
}

/** Per-check running sums over the references (fed in order) and the destination. */
export type ModifierState = Map<string, Running>;

export function createModifierState(): ModifierState {
  return new Map();
}

function rescore(rec: ScoreRecord, ctx: EvalContext): void {
  rec.score = weightedScore(rec.parts) ?? rec.score;
  Object.assign(rec, ctx.policy.classify(rec.score, rec.tolerance, rec.kind, rec.direction));
}

/**
 * Feed a record into the running state and, for the destination, append the modifiers' parts (spec §4.2):
 * avg = 2·mean(scores so far), then n_of = failures/(N+1)·T·1.1 signed like the current score; each
 * weighted W/u(count) while count < 8. n_of sees the score after avg was added.
 */
export function applyModifiers(rec: ScoreRecord, state: ModifierState, ctx: EvalContext): void {
  const { modelBuildsAverage: wAvg, nOutOfResults: wNof, nOutOfResultsN: n } = ctx.options;
  let run = state.get(rec.id);
  if (!run) {
    run = { sum: 0, count: 0, failures: 0, seen: 0 };
    state.set(rec.id, run);
  }
  if (wAvg > 0) {
    run.sum += rec.score;
    run.count += 1;
    if (ctx.apply) {
      rec.parts.push({ name: 'avg', diff: (run.sum / run.count) * 2, weight: modifierWeight(wAvg, run.count) });
      rescore(rec, ctx);
    }
  }
  if (wNof > 0) {
    run.seen += 1;
    if (ctx.policy.failed(rec)) run.failures += 1;
    if (ctx.apply) {
      const magnitude = (run.failures / (n + 1)) * rec.tolerance * 1.1;
      rec.parts.push({ name: 'n_of', diff: rec.score > 0 ? magnitude : -magnitude, weight: modifierWeight(wNof, run.seen) });
      rescore(rec, ctx);
    }
  }
}
