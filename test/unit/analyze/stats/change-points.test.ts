// Change-point detection: E-divisive statistic values, detection and false-alarm behaviour; binary segmentation.
import { describe, expect, it } from 'vitest';
import { binarySegmentation, segmentResidualVariance } from '../../../../src/analyze/stats/change-points/binary-segmentation.js';
import { eDivisive } from '../../../../src/analyze/stats/change-points/e-divisive.js';
import { createRng, shuffleInPlace } from '../../../../src/analyze/stats/prng.js';

const noisy = (seed: number, levels: readonly [number, number][], sd = 1): number[] => {
  const rng = createRng(seed);
  const out: number[] = [];
  for (const [len, level] of levels) for (let i = 0; i < len; i++) out.push(level + sd * rng.normal());
  return out;
};

describe('prng', () => {
  it('is deterministic per seed and roughly standard normal', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 20000 }, () => a.normal());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.normal()));
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
    expect(shuffleInPlace([1, 2, 3, 4, 5], createRng(1)).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('E-divisive means', () => {
  it('reports the energy statistic Q̂ of the best split (brute-force Python value 19.71428571428571)', () => {
    const cps = eDivisive([1, 2, 1.5, 8, 9, 8.5, 7], { minSize: 2, pThreshold: 1, permutations: 9 });
    expect(cps[0]?.index).toBe(3);
    expect(cps[0]?.statistic).toBeCloseTo(19.71428571428571, 10);
  });
  it('finds a 3σ step at the right place with a small p-value', () => {
    const z = noisy(7, [
      [30, 0],
      [30, 3],
    ]);
    const cps = eDivisive(z, { seed: 3 });
    expect(cps).toHaveLength(1);
    expect(Math.abs(cps[0]!.index - 30)).toBeLessThanOrEqual(1);
    expect(cps[0]!.pValue).toBeLessThanOrEqual(0.01);
  });
  it('finds two steps (up then down)', () => {
    const z = noisy(11, [
      [25, 0],
      [25, 4],
      [25, 1],
    ]);
    const idx = eDivisive(z, { seed: 5 }).map((c) => c.index);
    expect(idx).toHaveLength(2);
    expect(Math.abs(idx[0]! - 25)).toBeLessThanOrEqual(1);
    expect(Math.abs(idx[1]! - 50)).toBeLessThanOrEqual(1);
  });
  it('rarely reports a change on unchanged series (≤ pThreshold by construction)', () => {
    let falseSeries = 0;
    for (let s = 0; s < 40; s++) if (eDivisive(noisy(100 + s, [[30, 5]]), { seed: s, permutations: 99 }).length > 0) falseSeries++;
    expect(falseSeries).toBeLessThanOrEqual(6); // expected ≈ 2 of 40 at p = 0.05
  });
  it('is deterministic for a seed, and constant series have no change', () => {
    const z = noisy(3, [
      [10, 0],
      [10, 2],
    ]);
    expect(eDivisive(z, { seed: 9 })).toEqual(eDivisive(z, { seed: 9 }));
    expect(eDivisive(new Array(20).fill(4))).toEqual([]);
    expect(eDivisive([1, 2, 3])).toEqual([]);
  });
});

describe('binary segmentation (short histories)', () => {
  it('finds an accepted −5 % step in a 10-build history at CV 1 %', () => {
    const z = [0.004, -0.01, 0.006, -0.002, 0.011, -0.05, -0.061, -0.048, -0.043, -0.055];
    const steps = binarySegmentation(z);
    expect(steps.map((s) => s.index)).toEqual([5]);
    expect(steps[0]!.shift).toBeCloseTo(-0.0514 - 0.0018, 12);
    expect(steps[0]!.pValue).toBeLessThan(0.01);
  });
  it('does not split a flat noisy history, and respects the minimum segment', () => {
    expect(binarySegmentation([0.01, -0.004, 0.006, -0.012, 0.002, 0.009, -0.007])).toEqual([]);
    // A jump on the last point only is not a step with minSize 2.
    expect(binarySegmentation([0, 0.001, -0.001, 0.0005, 0.2]).every((s) => s.index <= 3)).toBe(true);
  });
  it('uses a variance prior: a small shift is a step only when the prior says the noise is small', () => {
    const z = [0, 0.002, -0.002, 0.02, 0.018, 0.022];
    expect(binarySegmentation(z, { prior: { d0: 30, s2: 0.002 ** 2 } })).toHaveLength(1);
    expect(binarySegmentation(z, { prior: { d0: 30, s2: 0.03 ** 2 } })).toHaveLength(0);
  });
  it('false-step rate on unchanged normal series stays below α', () => {
    let hits = 0;
    for (let s = 0; s < 400; s++) if (binarySegmentation(noisy(500 + s, [[8, 0]]), { alpha: 0.05 }).length > 0) hits++;
    expect(hits / 400).toBeLessThan(0.08);
  });
  it('the prefix-sum scan chooses the same split, shift and t as the direct definition', () => {
    // Direct: for each τ, recompute the residual variance of the whole series with segmentResidualVariance.
    const direct = (z: number[]) => {
      let best: { index: number; shift: number; t: number } | undefined;
      for (let tau = 2; tau <= z.length - 2; tau++) {
        const v = segmentResidualVariance(z, [0, tau, z.length]);
        const l = z.slice(0, tau);
        const r = z.slice(tau);
        const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        const shift = avg(r) - avg(l);
        const t = shift / Math.sqrt(v.s2 * (1 / l.length + 1 / r.length));
        if (!best || Math.abs(t) > Math.abs(best.t)) best = { index: tau, shift, t };
      }
      return best!;
    };
    for (let s = 0; s < 20; s++) {
      const z = noisy(900 + s, [
        [7 + (s % 5), 1000],
        [9, 1000 + 1 + (s % 3)],
      ]);
      const want = direct(z);
      // With α = 1 the first round's split (the largest |t|) is always kept.
      const first = binarySegmentation(z, { alpha: 1 }).find((st) => st.index === want.index);
      expect(first).toBeDefined();
      expect(first!.shift).toBeCloseTo(want.shift, 9);
      expect(first!.t).toBeCloseTo(want.t, 6);
    }
  });
  it('segment residual variance', () => {
    const v = segmentResidualVariance([1, 3, 10, 12], [0, 2, 4]);
    expect(v).toEqual({ s2: (1 + 1 + 1 + 1) / 2, df: 2 });
  });
});
