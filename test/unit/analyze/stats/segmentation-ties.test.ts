// Binary segmentation's one-tail-per-scan search picks the same steps as testing every split (ties included).
import { describe, expect, it } from 'vitest';
import { binarySegmentation, type Step } from '../../../../src/analyze/stats/change-points/binary-segmentation.js';
import { moderateVariance } from '../../../../src/analyze/stats/empirical-bayes-variance.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { tPValue } from '../../../../src/analyze/stats/t-tests.js';

/**
 * The per-split rule with the implementation's arithmetic (centred prefix sums), so exact ties round alike: every
 * split of every segment gets its own t tail; smallest p, then larger |t|, then the first.
 */
function reference(z: readonly number[], alpha: number, minSize: number, prior?: { d0: number; s2: number }): Step[] {
  const c = z.reduce((a, b) => a + b, 0) / z.length;
  const s1 = new Float64Array(z.length + 1);
  const s2 = new Float64Array(z.length + 1);
  z.forEach((x, i) => {
    s1[i + 1] = s1[i]! + (x - c);
    s2[i + 1] = s2[i]! + (x - c) * (x - c);
  });
  const sum = (a: number, b: number) => s1[b]! - s1[a]!;
  const ss = (a: number, b: number) => (b - a <= 1 ? 0 : Math.max(0, s2[b]! - s2[a]! - (sum(a, b) * sum(a, b)) / (b - a)));
  const bounds = [0, z.length];
  const steps: Step[] = [];
  for (;;) {
    let best: Step | undefined;
    for (let s = 0; s + 1 < bounds.length; s++) {
      const start = bounds[s]!;
      const end = bounds[s + 1]!;
      const candidates = end - start - 2 * minSize + 1;
      if (candidates < 1) continue;
      let all = 0;
      for (let k = 0; k + 1 < bounds.length; k++) all += ss(bounds[k]!, bounds[k + 1]!);
      const others = all - ss(start, end);
      const df = z.length - bounds.length;
      let segBest: Step | undefined;
      for (let tau = start + minSize; tau <= end - minSize; tau++) {
        const own = df > 0 ? { s2: Math.max(0, others + ss(start, tau) + ss(tau, end)) / df, df } : { s2: NaN, df: 0 };
        const v = prior ? moderateVariance(own, prior.d0, prior.s2) : own;
        if (!(v.df > 0)) continue;
        const n1 = tau - start;
        const n2 = end - tau;
        const shift = sum(tau, end) / n2 - sum(start, tau) / n1;
        const se = Math.sqrt(v.s2 * (1 / n1 + 1 / n2));
        const t = se > 0 ? shift / se : shift === 0 ? 0 : shift > 0 ? Infinity : -Infinity;
        const pv = Math.min(1, tPValue(t, v.df, 'two-sided') * candidates);
        if (!segBest || pv < segBest.pValue || (pv === segBest.pValue && Math.abs(t) > Math.abs(segBest.t))) segBest = { index: tau, shift, t, df: v.df, pValue: pv };
      }
      if (segBest && (!best || segBest.pValue < best.pValue)) best = segBest;
    }
    if (!best || !(best.pValue <= alpha)) break;
    steps.push(best);
    bounds.push(best.index);
    bounds.sort((a, b) => a - b);
  }
  return steps.sort((a, b) => a.index - b.index);
}

const indices = (steps: readonly Step[]) => steps.map((s) => s.index);

describe('binary segmentation: one tail per scan', () => {
  it('keeps the per-split choice on an exact tie whose |t| and p round in opposite directions', () => {
    const z = [2, 0, 2, 0, 1, 2, 0, 0, 2, 0, 1, 2, 2, 0, 0, 2, 1, 2, 1, 0, 0, 2, 1, 1, 2, 2, 2, 1, 0, 1, 0, 2, 2, 2, 0, 2, 1, 0];
    const prior = { d0: 0.5, s2: 1 };
    expect(indices(binarySegmentation(z, { alpha: 1, minSize: 1, prior }))).toEqual(indices(reference(z, 1, 1, prior)));
  });

  it('finds the same steps as testing every split on 3,000 seeded series (ties, priors, alphas up to 1)', () => {
    const rng = createRng(20261201);
    for (let i = 0; i < 3000; i++) {
      const len = 4 + Math.floor(rng.next() * 30);
      const z = Array.from({ length: len }, () => (i % 2 ? Math.floor(rng.next() * 3) : rng.next() + (rng.next() < 0.1 ? 2 : 0)));
      const alpha = [0.01, 0.2, 1][i % 3]!;
      const minSize = 1 + (i % 3);
      const prior = i % 4 ? { d0: 0.5 + (i % 5), s2: 0.5 } : undefined;
      expect(indices(binarySegmentation(z, { alpha, minSize, prior })), JSON.stringify({ z, alpha, minSize, prior })).toEqual(indices(reference(z, alpha, minSize, prior)));
    }
  });

  it('skips the t tail only where the best split is surely not significant: same steps and p-values near α', () => {
    // steps of random size around the detection limit, so the best p falls on both sides of α
    const rng = createRng(20261202);
    let found = 0;
    for (let i = 0; i < 2000; i++) {
      const len = 8 + Math.floor(rng.next() * 60);
      const at = 2 + Math.floor(rng.next() * (len - 4));
      const size = rng.next() * 2.5;
      const z = Array.from({ length: len }, (_, k) => rng.normal() * 0.5 + (k >= at ? size : 0));
      const alpha = [0.01, 0.05, 0.2][i % 3]!;
      const prior = i % 2 ? { d0: 10, s2: 0.25 } : undefined;
      const got = binarySegmentation(z, { alpha, minSize: 2, prior });
      const want = reference(z, alpha, 2, prior);
      expect(indices(got), JSON.stringify({ z, alpha, prior })).toEqual(indices(want));
      got.forEach((s, k) => expect(s.pValue).toBeCloseTo(want[k]!.pValue, 12));
      found += got.length > 0 ? 1 : 0;
    }
    // both outcomes occur
    expect(found).toBeGreaterThan(200);
    expect(found).toBeLessThan(1800);
  });

  it('gives the per-split rule\'s steps field for field (index, shift, t, df, p) on 2,000 seeded series with and without priors', () => {
    const rng = createRng(20261203);
    for (let i = 0; i < 2000; i++) {
      const len = 4 + Math.floor(rng.next() * 70);
      const at = 2 + Math.floor(rng.next() * (len - 3));
      const z = Array.from({ length: len }, (_, k) => (i % 3 === 0 ? Math.floor(rng.next() * 3) : rng.normal() * 0.3 + (k >= at ? rng.next() * 2 : 0)));
      const alpha = [0.01, 0.2, 1][i % 3]!;
      const prior = i % 4 === 0 ? undefined : i % 4 === 1 ? { d0: 10, s2: 0.09 } : i % 4 === 2 ? { d0: Infinity, s2: 0.09 } : { d0: 0.5 + (i % 5), s2: 0 };
      expect(binarySegmentation(z, { alpha, minSize: 2, prior }), JSON.stringify({ z, alpha, prior })).toEqual(reference(z, alpha, 2, prior));
    }
  });

  it('gives the per-split rule\'s steps when runs of series share length, α and prior (the bound is reused), 1,000 seeded series', () => {
    const rng = createRng(20261204);
    for (let i = 0; i < 1000; i++) {
      // runs of 50 alike (a report's histories), then a change of length, α or prior
      const run = Math.floor(i / 50);
      const len = run % 4 === 3 ? 40 : 59;
      const alpha = run % 5 === 4 ? 0.05 : 0.01;
      const prior = run % 3 === 2 ? { d0: 10, s2: 0.04 } : { d0: 10, s2: 0.09 };
      const at = 2 + Math.floor(rng.next() * (len - 3));
      const jump = i % 7 === 0 ? 0.5 + rng.next() : 0;
      const z = Array.from({ length: len }, (_, k) => rng.normal() * 0.3 + (k >= at ? jump : 0));
      expect(binarySegmentation(z, { alpha, minSize: 2, prior }), JSON.stringify({ z, alpha, prior })).toEqual(reference(z, alpha, 2, prior));
    }
  });
});
