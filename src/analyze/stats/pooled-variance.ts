// Pooled variance across like metrics: the df-weighted mean of their variances, and its degrees of freedom.

export interface VarianceEstimate {
  /** Variance estimate s². */
  s2: number;
  /** Its degrees of freedom ν (s²·ν/σ² ~ χ²(ν) under normality). */
  df: number;
}

/**
 * Pooled variance s_p² = Σ ν_i s_i² / Σ ν_i with ν_p = Σ ν_i (the classic pooled estimate under equal
 * variances, e.g. Snedecor & Cochran 1989 §6.9). Items with ν_i ≤ 0 or non-finite s_i² are ignored;
 * an empty family gives { s2: NaN, df: 0 }.
 */
export function pooledVariance(items: readonly VarianceEstimate[]): VarianceEstimate {
  let num = 0;
  let df = 0;
  for (const it of items) {
    if (!(it.df > 0) || !Number.isFinite(it.s2)) continue;
    num += it.df * it.s2;
    df += it.df;
  }
  return df > 0 ? { s2: num / df, df } : { s2: NaN, df: 0 };
}
