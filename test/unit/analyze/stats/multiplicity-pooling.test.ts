// Known values of Holm, Benjamini–Hochberg, pooled variance and Smyth's empirical-Bayes variance prior.
import { describe, expect, it } from 'vitest';
import { fitVariancePrior, moderateVariance } from '../../../../src/analyze/stats/empirical-bayes-variance.js';
import { benjaminiHochbergAdjust, holmAdjust, holmStopLevel } from '../../../../src/analyze/stats/multiplicity.js';
import { pooledVariance } from '../../../../src/analyze/stats/pooled-variance.js';

describe('multiplicity', () => {
  const p = [0.01, 0.04, 0.03, 0.005];
  it('Holm step-down (worked by hand: sorted 0.005·4, 0.01·3, 0.03·2, 0.04·1 with running max)', () => {
    const h = holmAdjust(p);
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => expect(h[i]).toBeCloseTo(want, 14));
  });
  it('Benjamini–Hochberg step-up matches scipy.stats.false_discovery_control', () => {
    const q = benjaminiHochbergAdjust(p);
    [0.02, 0.04, 0.04, 0.02].forEach((want, i) => expect(q[i]).toBeCloseTo(want, 14));
  });
  it('caps at 1, treats NaN as 1, single test unchanged', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([Number.NaN, 0.01])).toEqual([1, 0.02]);
    expect(holmAdjust([0.3])).toEqual([0.3]);
    expect(benjaminiHochbergAdjust([0.3])).toEqual([0.3]);
    expect(holmAdjust([])).toEqual([]);
  });
  it('Holm stop level: α/(K − rejections)', () => {
    expect(holmStopLevel(p, 0.05)).toBeCloseTo(0.05 / 2, 14); // 0.005 ≤ .0125, 0.01 ≤ .0167, 0.03 > .025
    expect(holmStopLevel([0.9, 0.8], 0.05)).toBeCloseTo(0.025, 14);
    expect(holmStopLevel([0.001, 0.002], 0.05)).toBe(0.05);
  });
});

describe('variance pooling', () => {
  it('pooled variance is the df-weighted mean', () => {
    const r = pooledVariance([
      { s2: 1, df: 4 },
      { s2: 4, df: 2 },
      { s2: Number.NaN, df: 3 },
      { s2: 9, df: 0 },
    ]);
    expect(r.s2).toBeCloseTo((4 + 8) / 6, 14);
    expect(r.df).toBe(6);
    expect(pooledVariance([]).df).toBe(0);
  });
  it('homogeneous families: the moment estimate of d₀ is infinite, s₀² the geometric-type mean', () => {
    const items = [1.0, 2.0, 0.5, 1.5].map((s2) => ({ s2, df: 4, group: 'A' })).concat([4.0, 6.0, 3.0].map((s2) => ({ s2, df: 4, group: 'B' })));
    const prior = fitVariancePrior(items);
    expect(prior.d0).toBe(Infinity);
    // scipy: exp(mean(e)) with e = ln s² − ψ(2) + ln 2
    expect(prior.s0ByGroup.get('A')).toBeCloseTo(1.4502400906561357, 10);
    expect(prior.s0ByGroup.get('B')).toBeCloseTo(5.451649472925383, 10);
  });
  it('heterogeneous families: d₀ and s₀² match a scipy (digamma, polygamma, brentq) computation of Smyth 2004', () => {
    const items = [0.05, 2.0, 0.6, 4.0].map((s2) => ({ s2, df: 4, group: 'A' })).concat([0.5, 9.0, 30.0].map((s2) => ({ s2, df: 4, group: 'B' })));
    const prior = fitVariancePrior(items);
    expect(prior.d0).toBeCloseTo(1.2612518545828884, 6);
    expect(prior.s0ByGroup.get('A')).toBeCloseTo(0.34677228843943136, 6);
    expect(prior.s0ByGroup.get('B')).toBeCloseTo(2.5415744164353704, 6);
  });
  it('too little information: no pooling; zero variances are left out', () => {
    expect(fitVariancePrior([{ s2: 1, df: 4, group: 'A' }]).d0).toBe(0);
    expect(fitVariancePrior([{ s2: 0, df: 4, group: 'A' }, { s2: 0, df: 4, group: 'A' }]).used).toBe(0);
  });
  it('moderated variance: weighted by df; d₀ = 0 returns the item; infinite d₀ the prior', () => {
    expect(moderateVariance({ s2: 4, df: 4 }, 20, 1)).toEqual({ s2: (20 + 16) / 24, df: 24 });
    expect(moderateVariance({ s2: 4, df: 4 }, 0, 1)).toEqual({ s2: 4, df: 4 });
    expect(moderateVariance({ s2: 4, df: 4 }, Infinity, 1)).toEqual({ s2: 1, df: Infinity });
    expect(moderateVariance({ s2: Number.NaN, df: 0 }, 10, 2)).toEqual({ s2: 2, df: 10 });
  });
});
