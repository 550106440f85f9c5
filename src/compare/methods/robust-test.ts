// The robust method's per-check test: moderated variance, prediction-interval t test, effect thresholds and band.
import type { PreparedHistory } from '../../analyze/perfgate-model/history.js';
import { untransformChange } from '../../analyze/perfgate-model/history.js';
import type { VarianceEstimate } from '../../analyze/stats/pooled-variance.js';
import { studentTQuantile, studentTSf, studentTSfBoth } from '../../analyze/stats/student-t.js';
import type { CheckKind, Direction } from '../../result/types.js';

/** What the test found for one check (transformed scale unless noted). */
export interface CheckTest {
  /** y − centre. */
  d: number;
  /** Standard error of the prediction (includes the candidate's excess within-run variance). */
  se: number;
  df: number;
  /** Variance used (moderated) and the evidence it came from. */
  variance: VarianceEstimate;
  /** One-sided p of a change in the worse direction (two-sided when the direction is unknown). */
  pWorse: number;
  /** One-sided p of a change in the better direction (NaN when the direction is unknown). */
  pBetter: number;
  /** Goodness sign: +1 higher is better, −1 lower is better, 0 unknown. */
  g: 1 | -1 | 0;
  /** Minimum practical effects on the transformed scale, worse and better side. */
  tauWorse: number;
  tauBetter: number;
}

export const goodness = (direction: Direction): 1 | -1 | 0 => (direction === 'higher' ? 1 : direction === 'lower' ? -1 : 0);

/** t/se with the zero-variance conventions (0/0 → no evidence). */
function pUpper(x: number, se: number, df: number): number {
  if (se > 0) return studentTSf(x / se, df);
  return x > 0 ? 0 : 1;
}

/**
 * Minimum practical effects on the transformed scale: for log-scale checks a fall of tol % is
 * −ln(1 − tol/100) and a rise ln(1 + tol/100); linear checks use tol % of |centre| (0 for a zero
 * centre: then any significant change counts); stddev checks use the stddev tolerance in points.
 */
function thresholds(prep: PreparedHistory, kind: CheckKind, tol: number, g: 1 | -1 | 0, up: boolean): [number, number] {
  if (kind === 'stddev') return [tol, tol];
  if (prep.scale === 'linear') return [(tol / 100) * Math.abs(prep.center), (tol / 100) * Math.abs(prep.center)];
  const rise = Math.log1p(tol / 100);
  const fall = tol < 100 ? -Math.log1p(-tol / 100) : Infinity;
  if (g === 1) return [fall, rise];
  if (g === -1) return [rise, fall];
  return up ? [rise, rise] : [fall, fall];
}

/**
 * Prediction test of the candidate y against the history's last segment: (y − μ̂)/se ~ t(ν) with
 * se² = s̃²(1/m + 1/n) + excess, s̃² the moderated run-to-run variance with ν df and m the number of
 * independent runs averaged in the candidate (1, or more after compare-perf --confirm).
 */
export function testCheck(prep: PreparedHistory, variance: VarianceEstimate, excess: number, kind: CheckKind, direction: Direction, tol: number, runs = 1): CheckTest {
  const y = prep.y ?? NaN;
  const d = y - prep.center;
  const se = Math.sqrt(variance.s2 * (1 / Math.max(1, runs) + 1 / prep.n) + excess);
  const g = goodness(direction);
  // indexed, not destructured: array destructuring runs the iterator protocol, slow in cold code
  const taus = thresholds(prep, kind, tol, g, d >= 0);
  const tauWorse = taus[0];
  const tauBetter = taus[1];
  if (g === 0) {
    const p = Math.min(1, 2 * pUpper(Math.abs(d), se, variance.df));
    return { d, se, df: variance.df, variance, pWorse: d === 0 ? 1 : p, pBetter: NaN, g, tauWorse, tauBetter };
  }
  const e = -g * d;
  if (!(se > 0)) return { d, se, df: variance.df, variance, pWorse: pUpper(e, se, variance.df), pBetter: pUpper(-e, se, variance.df), g, tauWorse, tauBetter };
  // pUpper(e) and pUpper(−e) from one t tail ((−e)/se is −(e/se) exactly)
  const p = studentTSfBoth(e / se, variance.df);
  return { d, se, df: variance.df, variance, pWorse: p.upper, pBetter: p.lower, g, tauWorse, tauBetter };
}

/** The smallest effect flagged at a one-sided level: max(c·se, τ − t₀.₉₅·se), c the t quantile at that level. */
export function flagEdge(test: CheckTest, level: number, tau: number, twoSided: boolean): number {
  const c = studentTQuantile(1 - (twoSided ? level / 2 : level), test.df);
  const t95 = studentTQuantile(0.95, test.df);
  return Math.max(c * test.se, tau - t95 * test.se);
}

/** Whether a (worse or better) effect e ≥ 0 is not shown to be below τ: e + t₀.₉₅·se ≥ τ. */
export function practical(test: CheckTest, e: number, tau: number): boolean {
  return e + studentTQuantile(0.95, test.df) * test.se >= tau;
}

/** Converts a transformed-scale difference to the reported unit: % for mean checks, points for stddev checks. */
export function toChange(prep: PreparedHistory, kind: CheckKind, d: number): number | undefined {
  if (kind === 'stddev') return d;
  return untransformChange(prep.scale, d, prep.center);
}

/** Two-sided 95 % confidence interval of the change, in the reported unit. */
export function changeInterval(prep: PreparedHistory, kind: CheckKind, test: CheckTest): [number, number] | undefined {
  const h = studentTQuantile(0.975, test.df) * test.se;
  const lo = toChange(prep, kind, test.d - h);
  const hi = toChange(prep, kind, test.d + h);
  return lo === undefined || hi === undefined ? undefined : [lo, hi];
}
