// furthestFrom (the outlier screen without a residual array) equals furthest() of the residuals on seeded and edge inputs.
import { describe, expect, it } from 'vitest';
import { furthest, furthestFrom } from '../../../../src/analyze/perfgate-model/furthest.js';
import { median } from '../../../../src/analyze/stats/descriptive.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';

const both = (xs: number[], m: number): [number, number] => [furthestFrom(xs, m), furthest(xs.map((x) => x - m))];

describe('furthestFrom', () => {
  it('equals furthest of the residuals on 3,000 seeded series (log and linear scales, ties from rounding)', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const rng = createRng(seed);
      const n = 1 + (seed % 61);
      const round = seed % 3 === 0 ? 10 : seed % 3 === 1 ? 1e6 : 0;
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = 100 + 5 * rng.normal();
        const r = round > 0 ? Math.round(v * round) / round : v;
        xs.push(seed % 2 === 0 ? Math.log(r) : r);
      }
      const m = median(xs);
      const [a, b] = both(xs, m);
      expect(a, `seed ${seed}`).toBe(b);
    }
  });

  it('agrees on edge cases: ties, zeros, NaN, infinities, one value', () => {
    const cases: [number[], number][] = [
      [[5], 5],
      [[0, 0, 0], 0],
      [[1, 3, 1, 3, 2], 2],
      [[2, 1, 3], 2],
      [[1, NaN, 5, 2], 2],
      [[NaN, 1, 5], 1],
      [[1, 2, 3], NaN],
      [[-0, 0, 1e-300, -1e-300], 0],
      [[1, Infinity, 3], 2],
      [[-Infinity, Infinity, 3], 3],
      [[1e308, -1e308, 0], 0],
    ];
    for (const [xs, m] of cases) {
      const [a, b] = both(xs, m);
      expect(a, JSON.stringify(xs)).toBe(b);
    }
  });
});
