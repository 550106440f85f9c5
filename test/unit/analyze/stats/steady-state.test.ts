// Known values of the SNIA PTS steady-state test (reference/fio-and-peers.md §7.5 worked examples, hand-computed cases).
import { describe, expect, it } from 'vitest';
import { EXCURSION_LIMIT, RANGE_LIMIT, SNIA_WINDOW, steadyState } from '../../../../src/analyze/stats/steady-state.js';

describe('steadyState (SNIA PTS)', () => {
  it('reproduces the worked example 20, 21, 21, 19 (β = −0.3, R = 2, ȳ = 20.25, steady)', () => {
    const r = steadyState([20, 21, 21, 19], 4);
    expect(r?.mean).toBeCloseTo(20.25, 12);
    expect(r?.range).toBe(2);
    expect(r?.slope).toBeCloseTo(-0.3, 12);
    expect(r?.excursion).toBeCloseTo(0.9, 12); // |β|·(W−1)
    expect(r?.rangePct).toBeCloseTo((2 / 20.25) * 100, 10);
    expect(r?.excursionPct).toBeCloseTo((0.9 / 20.25) * 100, 10);
    expect(r).toMatchObject({ window: 4, rangeOk: true, excursionOk: true, steady: true });
  });

  it('ten samples rising by 2 from 100: β = 2, R = 18, ȳ = 109: steady for StorPerf, not for SNIA with W = 10', () => {
    const y = Array.from({ length: 10 }, (_, i) => 100 + 2 * i);
    const r = steadyState(y, 10);
    expect(r?.slope).toBeCloseTo(2, 12);
    expect(r?.range).toBe(18);
    expect(r?.mean).toBeCloseTo(109, 12);
    if (!r) throw new Error('no result');
    // StorPerf's looser rule checks the slope per sample: |β| ≤ 0.10·ȳ and R ≤ 0.20·ȳ
    expect(Math.abs(r.slope) <= 0.1 * r.mean && r.range <= 0.2 * r.mean).toBe(true);
    // SNIA: the fitted line moves 2 × 9 = 18 across the window, above 10 % of 109
    expect(r.excursion).toBeCloseTo(18, 12);
    expect(r.excursionPct).toBeCloseTo((18 / 109) * 100, 10);
    expect(r).toMatchObject({ rangeOk: true, excursionOk: false, steady: false });
  });

  it('judges only the last W points (a ramp before a flat window is steady)', () => {
    const r = steadyState([0, 50, 100, 100, 101, 99, 100, 100]);
    expect(r).toMatchObject({ window: SNIA_WINDOW, mean: 100, range: 2, steady: true });
    expect(r?.slope).toBeCloseTo(-0.1, 12); // window 100, 101, 99, 100, 100: Σ(x−2)(y−100) = −1·1 + 1·0 … = −1, Σ(x−2)² = 10
  });

  it('fails on the data excursion alone when the line is flat (100, 130, 100, 130, 100: β = 0, R = 30 > 22.4)', () => {
    const r = steadyState([100, 130, 100, 130, 100]);
    expect(r?.slope).toBe(0);
    expect(r?.mean).toBe(112);
    expect(r).toMatchObject({ range: 30, excursion: 0, rangeOk: false, excursionOk: true, steady: false });
    expect(r?.rangePct).toBeCloseTo((30 / 112) * 100, 10);
  });

  it('a flat series is steady with zero excursions', () => {
    expect(steadyState([5000, 5000, 5000, 5000, 5000, 5000])).toEqual({ window: 5, mean: 5000, range: 0, slope: 0, excursion: 0, rangePct: 0, excursionPct: 0, rangeOk: true, excursionOk: true, steady: true });
  });

  it('all zeros is steady (0 ≤ 0), with 0 % excursions', () => {
    expect(steadyState([0, 0, 0, 0, 0])).toMatchObject({ mean: 0, range: 0, slope: 0, rangePct: 0, excursionPct: 0, steady: true });
  });

  it('a zero average with a non-zero range is not steady and has infinite percentages', () => {
    expect(steadyState([-1, 1, -1, 1, 0])).toMatchObject({ mean: 0, range: 2, rangePct: Infinity, steady: false });
  });

  it('gives no verdict with fewer than W points or non-finite values', () => {
    expect(steadyState([1, 2, 3, 4])).toBeUndefined();
    expect(steadyState([])).toBeUndefined();
    expect(steadyState([1, 2], 3)).toBeUndefined();
    expect(steadyState([1, 2, NaN, 4, 5])).toBeUndefined();
  });

  it('refuses a window below 2 or not an integer', () => {
    expect(() => steadyState([1, 2, 3], 1)).toThrow(RangeError);
    expect(() => steadyState([1, 2, 3], 2.5)).toThrow(RangeError);
  });

  it('uses the SNIA limits: 20 % range, 10 % fitted-line excursion', () => {
    expect([RANGE_LIMIT, EXCURSION_LIMIT, SNIA_WINDOW]).toEqual([0.2, 0.1, 5]);
    // exactly at the limits is steady (≤): ȳ = 100, R = 20, β = 2.5 so |β|·(W−1) = 10 (binary-exact values)
    const r = steadyState([102.5, 93.75, 92.5, 98.75, 112.5]);
    expect(r).toMatchObject({ mean: 100, range: 20, slope: 2.5, excursion: 10, rangePct: 20, excursionPct: 10, steady: true });
  });
});
