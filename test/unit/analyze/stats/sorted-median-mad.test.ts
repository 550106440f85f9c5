// Median and MAD(n) from one native sort (medianAndMadn, madOfSorted): known values, and equal to median/madAround/madnAround on seeded random lists.
import { describe, expect, it } from 'vitest';
import { median } from '../../../../src/analyze/stats/descriptive.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { MAD_NORMAL_CONSTANT, madAround, madn, madnAround, madOfSorted, medianAndMadn } from '../../../../src/analyze/stats/robust-scale.js';

/** Object.is, so that −0 and +0 (and NaN) are told apart. */
const same = (a: number, b: number): void => expect(Object.is(a, b), `${a} vs ${b}`).toBe(true);

/** An ascending copy, in the order the medians follow (−0 before +0, NaN last). */
const asc = (xs: readonly number[]): Float64Array => Float64Array.from(xs).sort();

describe('medianAndMadn', () => {
  it('gives known medians and MADn, leaves its argument alone and keeps nothing between calls', () => {
    const xs = [3, -0, 0, NaN, -1];
    same(medianAndMadn(xs).median, 0);
    expect(xs).toEqual([3, -0, 0, NaN, -1]);
    expect(medianAndMadn([5, 1, 3]).median).toBe(3);
    expect(medianAndMadn([4, 1, 3, 2]).median).toBe(2.5);
    expect(medianAndMadn([]).median).toBeNaN();
    expect(medianAndMadn([]).madn).toBeNaN();
    expect(medianAndMadn([5]).median).toBe(5);
    expect(medianAndMadn([5]).madn).toBeNaN();
    same(medianAndMadn([0, -0, -0]).median, -0);
    expect(medianAndMadn([1, 2, 3, 4, 100])).toEqual({ median: 3, madn: 1.206 * MAD_NORMAL_CONSTANT * 1 });
    // its work array is reused: a shorter list after a longer one, and back
    const long = Array.from({ length: 300 }, (_, i) => 299 - i);
    const first = medianAndMadn(long);
    expect(first.median).toBe(149.5);
    expect(medianAndMadn([2, 1])).toEqual({ median: 1.5, madn: 1.196 * MAD_NORMAL_CONSTANT * 0.5 });
    expect(medianAndMadn(long)).toEqual(first);
  });
});

describe('madOfSorted / medianAndMadn', () => {
  it('give the known MAD of small lists around their median and around another centre', () => {
    expect(madOfSorted(asc([1, 2, 3, 4, 100]), 3)).toBe(1);
    expect(madOfSorted(asc([1, 2, 3, 4, 100]), 0)).toBe(3); // m outside the values: the general way
    expect(madOfSorted(asc([1, 2, 3, 4]), 2.5)).toBe(1);
    expect(madOfSorted(asc([7]), 7)).toBe(0);
    expect(madOfSorted(asc([]), 0)).toBeNaN();
    expect(madOfSorted(asc([1, NaN, 3]), 3)).toBe(2); // deviations 2, 0, NaN: NaN sorts last, as in median()
    expect(madOfSorted(asc([1, 2, Infinity]), 2)).toBe(1);
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
      const s = asc(xs);
      const m = median(xs);
      const c = medianAndMadn(xs);
      same(c.median, m);
      same(c.madn, madnAround(xs, m));
      same(madn(xs), madnAround(xs, m));
      same(madOfSorted(s, m), madAround(xs, m));
      const other = t % 5 === 0 ? 0 : t % 5 === 1 ? -0 : t % 5 === 2 ? (xs[0] ?? 0) : m + (rng.next() - 0.5);
      same(madOfSorted(s, other), madAround(xs, other));
    }
  });
});
