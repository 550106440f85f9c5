// Empirical-Bayes variance moderation (Smyth 2004): a scaled inverse-χ² prior per group, fitted by moments of log s².
import { digamma, trigamma, trigammaInverse } from './special-functions.js';
import type { VarianceEstimate } from './pooled-variance.js';

export interface GroupedVariance extends VarianceEstimate {
  /** Group (family) the item belongs to; the prior scale is per group, the prior df is shared. */
  group: string;
}

export interface VariancePrior {
  /** Prior degrees of freedom d₀ (Infinity: the groups look homogeneous; 0: no pooling). */
  d0: number;
  /** Prior scale s₀² per group. */
  s0ByGroup: ReadonlyMap<string, number>;
  /** Items (with s² > 0 and ν > 0) that entered the fit. */
  used: number;
}

/**
 * Fits σ_i² ~ s₀,g²·d₀/χ²(d₀) to observed s_i² with ν_i df (Smyth 2004, "Linear models and empirical Bayes
 * methods for assessing differential expression in microarray experiments", SAGMB 3(1), §6; limma's
 * `fitFDist`), with one location per group: e_i = ln s_i² − ψ(ν_i/2) + ln(ν_i/2) has mean ln s₀,g² − ψ(d₀/2) +
 * ln(d₀/2) and variance ψ'(ν_i/2) + ψ'(d₀/2), so ψ'(d₀/2) = Var_within-groups(e) − mean ψ'(ν_i/2).
 * Items with s² = 0 carry no log-scale information and are left out. Fewer than 2 residual df → d₀ = 0.
 */
export function fitVariancePrior(items: readonly GroupedVariance[]): VariancePrior {
  const usable = items.filter((it) => it.df > 0 && it.s2 > 0 && Number.isFinite(it.s2));
  const byGroup = new Map<string, { e: number[] }>();
  const e = usable.map((it) => Math.log(it.s2) - digamma(it.df / 2) + Math.log(it.df / 2));
  usable.forEach((it, i) => {
    const g = byGroup.get(it.group) ?? { e: [] };
    g.e.push(e[i]!);
    byGroup.set(it.group, g);
  });
  const groupMean = new Map<string, number>();
  let ss = 0;
  let resDf = 0;
  for (const [name, g] of byGroup) {
    const m = g.e.reduce((a, b) => a + b, 0) / g.e.length;
    groupMean.set(name, m);
    for (const x of g.e) ss += (x - m) ** 2;
    resDf += g.e.length - 1;
  }
  if (resDf < 2) return { d0: 0, s0ByGroup: new Map(), used: usable.length };
  const meanTri = usable.reduce((a, it) => a + trigamma(it.df / 2), 0) / usable.length;
  const excess = ss / resDf - meanTri;
  const d0 = excess > 0 ? 2 * trigammaInverse(excess) : Infinity;
  const s0ByGroup = new Map<string, number>();
  for (const [name, m] of groupMean) {
    s0ByGroup.set(name, Number.isFinite(d0) ? Math.exp(m + digamma(d0 / 2) - Math.log(d0 / 2)) : Math.exp(m));
  }
  return { d0, s0ByGroup, used: usable.length };
}

/**
 * Posterior (moderated) variance s̃² = (d₀ s₀² + ν s²)/(d₀ + ν) with d₀ + ν degrees of freedom (Smyth 2004
 * eq. 4); under the prior, (y − μ̂)/(s̃·c) is exactly t(d₀ + ν). d₀ = 0 returns the item unchanged.
 */
export function moderateVariance(item: VarianceEstimate, d0: number, s02: number): VarianceEstimate {
  if (!(d0 > 0) || !(s02 >= 0)) return item;
  return { s2: moderatedVariance(item.s2, item.df, d0, s02), df: moderatedDf(item.s2, item.df, d0, s02) };
}

/** s̃² of moderateVariance({ s2, df }, d₀, s₀²), as a number (for loops that would otherwise make an object per call). */
export function moderatedVariance(s2: number, df: number, d0: number, s02: number): number {
  if (!(d0 > 0) || !(s02 >= 0)) return s2;
  if (!(df > 0) || !Number.isFinite(s2) || d0 === Infinity) return s02;
  return (d0 * s02 + df * s2) / (d0 + df);
}

/** The df of moderateVariance({ s2, df }, d₀, s₀²): d₀ + max(0, ν) (ν when there is no prior), whatever s² is. */
export function moderatedDf(s2: number, df: number, d0: number, s02: number): number {
  if (!(d0 > 0) || !(s02 >= 0)) return df;
  if (!(df > 0) || !Number.isFinite(s2) || d0 === Infinity) return d0 === Infinity ? Infinity : d0 + Math.max(0, df);
  return d0 + df;
}
