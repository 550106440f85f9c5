// MAD with a known centre: madAround/madnAround equal mad/madn at the median, and the odd-n residual shortcut history.ts relies on.
import { describe, expect, it } from 'vitest';
import { median } from '../../../../src/analyze/stats/descriptive.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { mad, madAround, madn, madnAround } from '../../../../src/analyze/stats/robust-scale.js';

describe('madAround / madnAround', () => {
  it('give the known MAD of a small list around its median and around another centre', () => {
    expect(madAround([1, 2, 3, 4, 100], 3)).toBe(1);
    expect(madAround([1, 2, 3, 4, 100], 0)).toBe(3);
    expect(madAround([], 0)).toBeNaN();
    expect(madnAround([5], 5)).toBeNaN();
  });

  it('equal mad and madn at the median, and for odd n the MADn of the residuals around the median is the MADn (2,000 seeded lists)', () => {
    const rng = createRng(3);
    for (let t = 0; t < 2000; t++) {
      const n = 2 + Math.floor(rng.next() * 80);
      const xs = Array.from({ length: n }, () => (t % 3 === 0 ? Math.floor(rng.next() * 4) : Math.log(1 + rng.next() * 1e3)));
      const m = median(xs);
      expect(madAround(xs, m)).toBe(mad(xs));
      expect(madnAround(xs, m)).toBe(madn(xs));
      if (n % 2 === 1) expect(madn(xs.map((x) => x - m))).toBe(madn(xs));
    }
  });
});
