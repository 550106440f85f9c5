// numpy-exact pairwise sum/mean/std and the dgesv-exact 2x2 solve, on values computed with numpy 2.4.6.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npMean, npStd, pairwiseSum } from '../../../../src/analyze/runperf-model/numpy-stats.js';
import { solveBand } from '../../../../src/analyze/runperf-model/solve.js';
import { trainCheck } from '../../../../src/analyze/runperf-model/train.js';
import { uncertainty } from '../../../../src/analyze/runperf-model/uncertainty.js';

/** x_i = 1e5 + (i·7919 mod 997)/3 + 1/(i+1): every step correctly rounded, so numpy and JS see the same doubles. */
const series = (n: number) => Array.from({ length: n }, (_, i) => 1e5 + ((i * 7919) % 997) / 3 + 1 / (i + 1));
const naive = (v: number[]) => v.reduce((s, x) => s + x, 0);

describe('numpy pairwise summation', () => {
  // [n, numpy.sum, numpy.mean, numpy.std] from python3 -c "import numpy as np; ..." (numpy 2.4.6)
  const known: [number, number, number, number][] = [
    [5, 501141.61666666664, 100228.32333333333, 115.25502813808389],
    [9, 901977.4956349207, 100219.7217372134, 87.59723112890295],
    [17, 1702736.7728858558, 100160.98664034446, 93.9988586321926],
    [100, 10017286.854044186, 100172.86854044186, 94.85322338747564],
    [129, 12922269.107565697, 100172.62874081936, 97.03199111630354],
    [300, 30050805.949330546, 100169.35316443515, 96.51892199935021],
    [1000, 100166117.15213752, 100166.11715213752, 96.13482186597712],
  ];
  it.each(known)('n=%i matches numpy sum, mean and std bit for bit', (n, sum, mean, std) => {
    const v = series(n);
    expect(pairwiseSum(v)).toBe(sum);
    expect(npMean(v)).toBe(mean);
    expect(npStd(v)).toBe(std);
  });
  it('differs from a naive left-to-right sum where numpy does (n=17, 129, 1000)', () => {
    for (const n of [17, 129, 1000]) expect(naive(series(n))).not.toBe(pairwiseSum(series(n)));
    expect(naive(series(5))).toBe(pairwiseSum(series(5)));
  });
  it('sums a sub-range', () => {
    expect(pairwiseSum([1, 2, 3, 4], 1, 2)).toBe(5);
    expect(pairwiseSum([])).toBe(0);
  });
  it('std of one value is 0', () => {
    expect(npStd([42.5])).toBe(0);
  });
});

describe('2x2 solve (LAPACK dgesv recipe)', () => {
  // numpy.linalg.solve([[hi, 1], [lo, 1]], [t, -t]) with numpy 2.4.6
  const known: [number, number, number, number, number][] = [
    [183743.169491525, 172656.847457627, 4, 0.0007216099239710762, -128.59089456698393],
    [6883.76271186441, 6391.23728813559, 8, 0.03248563267834356, -215.6233869025054],
    [-5.5, -7.25, 4, 4.571428571428571, 29.14285714285714],
    [3.0, -2.0, 4, 1.5999999999999999, -0.8000000000000002],
    [0.1, 0.30000000000000004, 4, -39.99999999999999, 7.999999999999999],
  ];
  it.each(known)('hi=%d lo=%d t=%d', (hi, lo, t, a, b) => {
    expect(solveBand(hi, lo, t)).toEqual([a, b]);
  });
  it('is singular (undefined) when hi == lo, as numpy raises LinAlgError', () => {
    expect(solveBand(0, 0, 4)).toBeUndefined();
    expect(solveBand(2.5, 2.5, 4)).toBeUndefined();
  });
});

describe('uncertainty', () => {
  it('follows run-perf table and is 1 from 9 observations', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 100].map(uncertainty)).toEqual([7, 2.3, 1.7, 1.4, 1.3, 1.3, 1.2, 1.2, 1, 1]);
    expect(() => uncertainty(0)).toThrow(RangeError);
  });
});

describe('random training sets against numpy (numpy-cases.json, from gen-numpy-cases.py)', () => {
  interface NumpyCase {
    values: number[];
    tolerance: number;
    mean: number;
    std: number;
    linear: [number, number, number, number];
    stddev: [number, number, number, number];
  }
  const file = JSON.parse(readFileSync(join(import.meta.dirname, 'numpy-cases.json'), 'utf8')) as { numpy: string; cases: NumpyCase[] };
  it('has cases of every size class', () => {
    expect(new Set(file.cases.map((c) => c.values.length))).toEqual(new Set([1, 2, 3, 5, 8, 9, 17, 129, 257]));
  });
  it.each(file.cases.map((c, i) => [i, c.values.length, c.tolerance, c] as const))('case %i (n=%i, t=%i): mean, std and both models bit for bit', (_i, _n, t, c) => {
    expect(npMean(c.values)).toBe(c.mean);
    expect(npStd(c.values)).toBe(c.std);
    for (const kind of ['linear', 'stddev'] as const) {
      const e = trainCheck(kind, c.values, t);
      expect([e?.equation[0], e?.equation[1], e?.mmin, e?.mmax]).toEqual(c[kind]);
    }
  });
});
