// Trains run-perf's per-check linear models: min/max ("linear", version 2) and 3-sigma ("stddev", version 1).
import { npMean, npStd } from './numpy-stats.js';
import type { RunperfModelEntry } from './model-file.js';
import { solveBand } from './solve.js';
import { uncertainty } from './uncertainty.js';

/** The two model kinds of analyze-perf: `-l` (min/max of the training values) and `-s` (3 sigma). */
export type ModelKind = 'linear' | 'stddev';

/** `__metadata__.version` written for each kind. */
export const MODEL_VERSION: Readonly<Record<ModelKind, number>> = { linear: 2, stddev: 1 };

/** run-perf makes a model at most 10 % stricter than the raw check: the band is at least ±t/1.1 % of the average. */
const TOO_STRICT_COEFFICIENT = 1.1;

/** The band [lo, hi] a model maps onto <-t, +t>, before the ±t/1.1 % floor. */
function rawBand(kind: ModelKind, values: readonly number[], avg: number): [number, number] {
  if (kind === 'linear') {
    let lo = values[0] as number;
    let hi = lo;
    for (const v of values) {
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
    return [lo, hi];
  }
  const spread = 3 * npStd(values) * uncertainty(values.length);
  return [avg - spread, avg + spread];
}

/**
 * Train one check (runperf-spec §3.2/§3.3). avg = numpy mean; the band is widened to at least
 * avg·(1 ± t/100/1.1); then a, b solve a·hi + b = t, a·lo + b = −t. Returns undefined when the
 * system is singular (hi == lo, e.g. all-zero stddevs): run-perf leaves such checks out.
 */
export function trainCheck(kind: ModelKind, values: readonly number[], tolerance: number): RunperfModelEntry | undefined {
  if (values.length === 0) return undefined;
  const avg = npMean(values);
  let [lo, hi] = rawBand(kind, values, avg);
  const c = tolerance / 100 / TOO_STRICT_COEFFICIENT;
  const floorHi = avg * (1 + c);
  if (floorHi > hi) hi = floorHi;
  const floorLo = avg * (1 - c);
  if (floorLo < lo) lo = floorLo;
  const eq = solveBand(hi, lo, tolerance);
  if (!eq) return undefined;
  return { equation: eq, raw: avg, mmin: ((lo - avg) / avg) * 100, mmax: ((hi - avg) / avg) * 100 };
}

/** Re-centre a model entry on a new average, keeping its slope (run-perf rebase: b = −a·avg_new). raw/mmin/mmax stay (upstream quirk). */
export function rebaseCheck(entry: RunperfModelEntry, values: readonly number[]): RunperfModelEntry {
  const a = entry.equation[0];
  const b = -a * npMean(values);
  const rebased: RunperfModelEntry = { ...entry, equation: [a, b] };
  if (entry.lexical) {
    // b is a new Python float even if the old file had an int there (a keeps its lexical form)
    const eq = entry.lexical['equation'];
    rebased.lexical = { ...entry.lexical, equation: [Array.isArray(eq) && eq[0] !== undefined ? eq[0] : a, b] };
  }
  return rebased;
}
