// median by selection: equal to the sorted-array median on known values and on thousands of seeded random lists; its range and deviation forms.
import { describe, expect, it } from 'vitest';
import { median, medianOfAbsDeviations, medianOfRange } from '../../../../src/analyze/stats/descriptive.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';

/** The definition: sort, take the middle value or the mean of the two middle values. */
function sortedMedian(xs: readonly number[]): number {
  const s = Float64Array.from(xs).sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
}

describe('median (selection for n > 16)', () => {
  it('gives known medians of long lists, odd and even, with ties', () => {
    const odd = Array.from({ length: 101 }, (_, i) => (i * 37) % 101); // a permutation of 0..100
    expect(median(odd)).toBe(50);
    const even = Array.from({ length: 100 }, (_, i) => (i * 37) % 100); // 0..99
    expect(median(even)).toBe(49.5);
    expect(median([...Array(30).fill(3), ...Array(31).fill(1)])).toBe(1);
    expect(median([...Array(30).fill(3), ...Array(30).fill(1)])).toBe(2);
  });

  it('equals the sorted median on 5,000 seeded random lists of 1-400 values (uniform, integer ties, constant, wide)', () => {
    const rng = createRng(20261201);
    for (let t = 0; t < 5000; t++) {
      const n = 1 + Math.floor(rng.next() * 400);
      const kind = t % 4;
      const xs = Array.from({ length: n }, () => (kind === 0 ? rng.next() : kind === 1 ? Math.floor(rng.next() * 5) : kind === 2 ? 7 : (rng.next() - 0.5) * 1e9));
      expect(median(xs)).toBe(sortedMedian(xs));
    }
  });

  it('gives a zero median the sign the sort gives it (−0 sorts before +0)', () => {
    const negZeros = [...Array(20).fill(-0), ...Array(10).fill(0), 5];
    expect(Object.is(median(negZeros), sortedMedian(negZeros))).toBe(true);
    expect(Object.is(median(negZeros), -0)).toBe(true);
    const mixed = [...Array(15).fill(-1), -0, 0, ...Array(15).fill(1)];
    expect(Object.is(median(mixed), sortedMedian(mixed))).toBe(true);
  });

  it('equals the sorted median, sign of zero included, on 3,000 seeded lists of signed zeros, ±1 and tiny values (short and long)', () => {
    const rng = createRng(7);
    const pool = [-0, 0, 1, -1, 5e-324, -5e-324];
    for (let t = 0; t < 3000; t++) {
      const n = 1 + Math.floor(rng.next() * (t % 2 === 0 ? 8 : 60));
      const xs = Array.from({ length: n }, () => pool[Math.floor(rng.next() * (t % 3 === 0 ? 2 : pool.length))]!);
      expect(Object.is(median(xs), sortedMedian(xs))).toBe(true);
    }
  });

  it('keeps the sort path for NaN (it sorts last, as before) and returns NaN for an empty list', () => {
    const xs = Array.from({ length: 40 }, (_, i) => i);
    xs[3] = NaN;
    expect(median(xs)).toBe(sortedMedian(xs));
    expect(median([])).toBeNaN();
  });
});

describe('medianOfRange and medianOfAbsDeviations (the work array stays inside descriptive.ts)', () => {
  it('give known values', () => {
    expect(medianOfRange([5, 1, 9, 3, 7], 1, 4)).toBe(3);
    expect(medianOfRange([5, 1, 9, 3, 7], 0, 5)).toBe(5);
    expect(medianOfRange([5, 1, 9, 3], 2, 4)).toBe(6);
    expect(medianOfAbsDeviations([1, 2, 3, 4, 100], 3)).toBe(1);
    expect(medianOfAbsDeviations([], 3)).toBeNaN();
  });

  it('equal median() of the slice and of the deviations on 2,000 seeded lists', () => {
    const rng = createRng(20261202);
    for (let t = 0; t < 2000; t++) {
      const n = 1 + Math.floor(rng.next() * 300);
      const xs = Array.from({ length: n }, () => (t % 2 === 0 ? rng.next() : Math.floor(rng.next() * 4)));
      const from = Math.floor(rng.next() * n);
      const to = from + 1 + Math.floor(rng.next() * (n - from));
      expect(medianOfRange(xs, from, to)).toBe(median(xs.slice(from, to)));
      const c = median(xs);
      expect(medianOfAbsDeviations(xs, c)).toBe(median(xs.map((x) => Math.abs(x - c))));
    }
  });
});
