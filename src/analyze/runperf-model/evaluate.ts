// What compare-perf takes from a run-perf model for one check: the model score a·x+b and the informational mraw.
import type { RunperfModel } from './model-file.js';

export interface RunperfModelScore {
  /** `a·dst + b`: the check's score in <-t, +t> units (weight 1 in compare-perf). */
  model: number;
  /**
   * `mraw`: the difference to the model's training average (weight 0, informational); for `.mean`
   * checks `(dst − raw)/|raw|·100` (0 when src is 0, as run-perf), otherwise `raw − dst`.
   * Undefined when the model has no raw (legacy models).
   */
  mraw: number | undefined;
  /** The model's training average (run-perf appends it to the check's sources), null in legacy models. */
  raw: number | null;
  /** Band edges in % of raw, for the HTML (`mmax/mmin` superscript); undefined in legacy models. */
  mmin: number | undefined;
  mmax: number | undefined;
}

/**
 * Score one check with one model, as run-perf's compare-perf does (runperf-spec §4.2).
 * Returns undefined when the model does not contain the check. `src` is the source value of the check.
 * Where run-perf would divide by a zero raw (a crash upstream), mraw is 0.
 */
export function runperfModelScore(model: RunperfModel, checkId: string, dst: number, src: number): RunperfModelScore | undefined {
  const entry = model.checks.get(checkId);
  if (!entry) return undefined;
  const [a, b] = entry.equation;
  let mraw: number | undefined;
  if (entry.raw !== null) {
    if (checkId.endsWith('.mean')) mraw = src === 0 || entry.raw === 0 ? 0 : ((dst - entry.raw) / Math.abs(entry.raw)) * 100;
    else mraw = entry.raw - dst;
  }
  return { model: a * dst + b, mraw, raw: entry.raw, mmin: entry.mmin, mmax: entry.mmax };
}
