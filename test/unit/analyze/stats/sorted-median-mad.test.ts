// Median and MAD(n) from one native sort (sortedScratch, medianOfSorted, madOfSorted, madnOfSorted): known values, and equal to median/madAround/madnAround on seeded random lists.
import { describe, expect, it } from 'vitest';
import { median, medianOfSorted, sortedScratch } from '../../../../src/analyze/stats/descriptive.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { madAround, madnAround, madnOfSorted, madOfSorted } from '../../../../src/analyze/stats/robust-scale.js';

/** Object.is, so that −0 and +0 (and NaN) are told apart. */
const same = (a: number, b: number): void => expect(Object.is(a, b), `${a} vs ${b}`).toBe(true);

describe('sortedScratch / medianOfSorted', () => {
  it('sorts a copy (−0 before +0, NaN last) and gives known medians', () => {
    const xs = [3, -0, 0, NaN, -1];
    expect(Array.from(sortedScratch(xs))).toEqual([-1, -0, 0, 3, NaN]);
    expect(xs).toEqual([3, -0, 0, NaN, -1]);
    expect(medianOfSorted(sortedScratch([5, 1, 3]))).toBe(3);
    expect(medianOfSorted(sortedScratch([4, 1, 3, 2]))).toBe(2.5);
    expect(medianOfSorted(sortedScratch([]))).toBeNaN();
    same(medianOfSorted(sortedScratch([0, -0, -0])), -0);
    // the scratch is reused: a shorter list after a longer one, and back
    expect(medianOfSorted(sortedScratch(Array.from({ length: 300 }, (_, i) => 299 - i)))).toBe(149.5);
    expect(Array.from(sortedScratch([2, 1]))).toEqual([1, 2]);
  });
});

describe('madOfSorted / madnOfSorted', () => {
  it('give the known MAD of small lists around their median and around another centre', () => {
    expect(madOfSorted(sortedScratch([1, 2, 3, 4, 100]), 3)).toBe(1);
    expect(madOfSorted(sortedScratch([1, 2, 3, 4, 100]), 0)).toBe(3); // m outside the values: the general way
    expect(madOfSorted(sortedScratch([1, 2, 3, 4]), 2.5)).toBe(1);
    expect(madOfSorted(sortedScratch([7]), 7)).toBe(0);
    expect(madOfSorted(sortedScratch([]), 0)).toBeNaN();
    expect(madnOfSorted(sortedScratch([5]), 5)).toBeNaN();
    expect(madOfSorted(sortedScratch([1, NaN, 3]), 3)).toBe(2); // deviations 2, 0, NaN: NaN sorts last, as in median()
    expect(madOfSorted(sortedScratch([1, 2, Infinity]), 2)).toBe(1);
  });

  it('equal median, madAround and madnAround on 6,000 seeded lists (ties, zeros of both signs, wide, infinities, NaN, other centres)', () => {
    const rng = createRng(20261202);
    for (let t = 0; t < 6000; t++) {
      const n = 1 + Math.floor(rng.next() * 120);
      const kind = t % 6;
      const xs = Array.from({ length: n }, () => {
        const u = rng.next();
        if (kind === 0) return Math.log(1 + u * 1e3);
        if (kind === 1) return Math.floor(u * 4) - 2;
        if (kind === 2) return u < 0.5 ? -0 : u < 0.7 ? 0 : u < 0.85 ? 1 : -1;
        if (kind === 3) return (u - 0.5) * 1e300;
        if (kind === 4) return u < 0.05 ? -Infinity : u < 0.1 ? Infinity : u < 0.12 ? NaN : u;
        return 5;
      });
      const s = sortedScratch(xs);
      const m = median(xs);
      same(medianOfSorted(s), m);
      same(madOfSorted(s, m), madAround(xs, m));
      same(madnOfSorted(s, m), madnAround(xs, m));
      const other = t % 5 === 0 ? 0 : t % 5 === 1 ? -0 : t % 5 === 2 ? (xs[0] ?? 0) : m + (rng.next() - 0.5);
      same(madOfSorted(s, other), madAround(xs, other));
    }
  });
});
