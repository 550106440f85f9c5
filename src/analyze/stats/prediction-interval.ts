// Prediction intervals and tests for new observations against a normal sample with estimated variance.
import { studentTQuantile } from './student-t.js';
import { tPValue, type Alternative } from './t-tests.js';

/**
 * Reference distribution of the history: centre μ̂ (mean of n values), scale s with ν degrees of
 * freedom (ν may exceed n − 1 when the variance is pooled across metrics or a longer window).
 */
export interface Reference {
  center: number;
  scale: number;
  df: number;
  /** Number of values the centre averages. */
  n: number;
}

/**
 * Standard error of (ȳ_m − μ̂) for the mean of m new observations: s·√(1/m + 1/n), plus an optional extra
 * variance term (e.g. excess within-run noise of the candidate). Under normality (ȳ − μ̂)/se ~ t(ν)
 * (the classic prediction interval, e.g. Hahn & Meeker 1991, "Statistical Intervals", §4.7).
 */
export function predictionStdErr(ref: Reference, m = 1, extraVariance = 0): number {
  return Math.sqrt(ref.scale * ref.scale * (1 / m + 1 / ref.n) + extraVariance);
}

/** Two-sided (1 − α) prediction interval for the mean of m new observations: μ̂ ± t_{1−α/2}(ν)·se. */
export function predictionInterval(ref: Reference, level = 0.95, m = 1, extraVariance = 0): [number, number] {
  const half = studentTQuantile(1 - (1 - level) / 2, ref.df) * predictionStdErr(ref, m, extraVariance);
  return [ref.center - half, ref.center + half];
}

export interface PredictionTest {
  /** y − μ̂. */
  difference: number;
  stdErr: number;
  /** (y − μ̂)/se; ±Infinity for a non-zero difference with zero variance, NaN for 0/0. */
  t: number;
  df: number;
  pValue: number;
}

/** Tests whether a new value y (or the mean of m new values) belongs to the reference distribution. */
export function predictionTest(ref: Reference, y: number, alternative: Alternative = 'two-sided', m = 1, extraVariance = 0): PredictionTest {
  const difference = y - ref.center;
  const stdErr = predictionStdErr(ref, m, extraVariance);
  let t: number;
  if (stdErr > 0) t = difference / stdErr;
  else t = difference === 0 ? NaN : difference > 0 ? Infinity : -Infinity;
  return { difference, stdErr, t, df: ref.df, pValue: tPValue(t, ref.df, alternative) };
}
