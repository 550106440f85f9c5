// Student and Welch t-tests (one- and two-sample) with one- or two-sided p-values from the t distribution.
import { mean, sampleVariance } from './descriptive.js';
import { studentTSf } from './student-t.js';

/** Which alternative the p-value is for: `greater` means the (second − first) / sample mean is larger. */
export type Alternative = 'two-sided' | 'greater' | 'less';

export interface TTestResult {
  /** The t statistic. NaN when the standard error is 0 and the difference is 0. */
  t: number;
  /** Degrees of freedom (fractional for Welch). */
  df: number;
  /** Estimated difference (two-sample: mean(b) − mean(a); one-sample: mean − mu0). */
  estimate: number;
  /** Standard error of the estimate. */
  stdErr: number;
  pValue: number;
}

/** p-value of a t statistic for the given alternative; handles t = ±Infinity (zero variance, non-zero effect). */
export function tPValue(t: number, df: number, alternative: Alternative): number {
  if (Number.isNaN(t)) return 1;
  if (alternative === 'greater') return studentTSf(t, df);
  if (alternative === 'less') return studentTSf(-t, df);
  return Math.min(1, 2 * studentTSf(Math.abs(t), df));
}

/** Ratio estimate/stdErr with the zero-variance conventions: 0/0 → NaN (no evidence), x/0 → ±Infinity. */
function ratio(estimate: number, stdErr: number): number {
  if (stdErr > 0) return estimate / stdErr;
  if (estimate === 0) return NaN;
  return estimate > 0 ? Infinity : -Infinity;
}

/** One-sample t-test of H0: mean = mu0 (Student 1908). Needs ≥ 2 values. */
export function oneSampleTTest(xs: readonly number[], mu0 = 0, alternative: Alternative = 'two-sided'): TTestResult {
  const n = xs.length;
  if (n < 2) throw new RangeError(`oneSampleTTest needs at least 2 values, got ${n}`);
  const estimate = mean(xs) - mu0;
  const stdErr = Math.sqrt(sampleVariance(xs) / n);
  const df = n - 1;
  const t = ratio(estimate, stdErr);
  return { t, df, estimate, stdErr, pValue: tPValue(t, df, alternative) };
}

/** Two-sample Student t-test with pooled variance (equal variances assumed), df = n_a + n_b − 2. */
export function studentTTest(a: readonly number[], b: readonly number[], alternative: Alternative = 'two-sided'): TTestResult {
  const na = a.length;
  const nb = b.length;
  if (na < 1 || nb < 1 || na + nb < 3) throw new RangeError(`studentTTest needs n_a + n_b ≥ 3 with both ≥ 1, got ${na} and ${nb}`);
  const va = na > 1 ? sampleVariance(a) : 0;
  const vb = nb > 1 ? sampleVariance(b) : 0;
  const df = na + nb - 2;
  const sp2 = ((na - 1) * va + (nb - 1) * vb) / df;
  const estimate = mean(b) - mean(a);
  const stdErr = Math.sqrt(sp2 * (1 / na + 1 / nb));
  const t = ratio(estimate, stdErr);
  return { t, df, estimate, stdErr, pValue: tPValue(t, df, alternative) };
}

/**
 * Welch–Satterthwaite degrees of freedom for a sum of independent variance terms v_i = s_i²/n_i, each with
 * ν_i degrees of freedom: ν = (Σ v_i)² / Σ (v_i² / ν_i) (Satterthwaite 1946; Welch 1947).
 */
export function welchSatterthwaiteDf(terms: readonly { variance: number; df: number }[]): number {
  let num = 0;
  let den = 0;
  for (const { variance, df } of terms) {
    num += variance;
    if (variance > 0) den += (variance * variance) / df;
  }
  if (den === 0) return Infinity;
  return (num * num) / den;
}

/** Welch's unequal-variance t-test (Welch 1947): estimate mean(b) − mean(a). Needs ≥ 2 values per sample. */
export function welchTTest(a: readonly number[], b: readonly number[], alternative: Alternative = 'two-sided'): TTestResult {
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) throw new RangeError(`welchTTest needs at least 2 values per sample, got ${na} and ${nb}`);
  const va = sampleVariance(a) / na;
  const vb = sampleVariance(b) / nb;
  const estimate = mean(b) - mean(a);
  const stdErr = Math.sqrt(va + vb);
  const df = welchSatterthwaiteDf([
    { variance: va, df: na - 1 },
    { variance: vb, df: nb - 1 },
  ]);
  const t = ratio(estimate, stdErr);
  return { t, df: Number.isFinite(df) ? df : na + nb - 2, estimate, stdErr, pValue: tPValue(t, Number.isFinite(df) ? df : na + nb - 2, alternative) };
}
