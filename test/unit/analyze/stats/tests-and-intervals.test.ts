// Known values of the descriptive and robust statistics, t-tests and prediction intervals (scipy 1.17.1, hand-worked).
import { describe, expect, it } from 'vitest';
import { mean, median, sampleStdDev, sampleVariance } from '../../../../src/analyze/stats/descriptive.js';
import { predictionInterval, predictionTest } from '../../../../src/analyze/stats/prediction-interval.js';
import { mad, madn, robustZ } from '../../../../src/analyze/stats/robust-scale.js';
import { oneSampleTTest, studentTTest, welchSatterthwaiteDf, welchTTest } from '../../../../src/analyze/stats/t-tests.js';

// Welch's classic example data (also used by scipy's tests); values below are scipy.stats.ttest_ind output.
const A = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
const B = [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3];

describe('descriptive and robust statistics', () => {
  it('mean, variance, median on small samples', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleVariance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 14);
    expect(sampleStdDev([1, 1, 1])).toBe(0); // zero variance
    expect(sampleVariance([5])).toBeNaN(); // one sample: undefined
    expect(mean([])).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
  it('MAD and MADn', () => {
    // med = 3, |x − 3| = 2,1,0,1,97 → MAD = 1; one gross outlier barely matters.
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    expect(madn([1, 2, 3, 4, 100])).toBeCloseTo(1.206 * 1.482602218505602, 12);
    expect(madn([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBeCloseTo((11 / 10.2) * 1.482602218505602 * 3, 12);
    expect(madn([5, 5, 5, 9])).toBe(0); // half equal: zero scale
    expect(madn([5])).toBeNaN();
    expect(robustZ(8, 5, 0)).toBe(Infinity);
    expect(robustZ(5, 5, 0)).toBe(0);
    expect(robustZ(2, 5, 1.5)).toBe(-2);
  });
});

describe('t-tests', () => {
  it('Welch test matches scipy.stats.ttest_ind(B, A, equal_var=False)', () => {
    const r = welchTTest(A, B);
    expect(r.t).toBeCloseTo(2.225512039969852, 12);
    expect(r.df).toBeCloseTo(24.524634944257343, 10);
    expect(r.pValue).toBeCloseTo(0.035484530830010394, 12);
    expect(welchTTest(A, B, 'greater').pValue).toBeCloseTo(0.035484530830010394 / 2, 12);
    expect(welchTTest(A, B, 'less').pValue).toBeCloseTo(1 - 0.035484530830010394 / 2, 12);
  });
  it('Student test matches scipy.stats.ttest_ind(B, A)', () => {
    const r = studentTTest(A, B);
    expect(r.t).toBeCloseTo(1.6544465858664001, 12);
    expect(r.df).toBe(28);
    expect(r.pValue).toBeCloseTo(0.10920550418088569, 12);
  });
  it('one-sample test matches scipy.stats.ttest_1samp(alternative="greater")', () => {
    const r = oneSampleTTest([5.1, 4.9, 5.6, 5.8, 6.0, 5.3], 5.0, 'greater');
    expect(r.t).toBeCloseTo(2.6053232999393154, 12);
    expect(r.pValue).toBeCloseTo(0.023969962333167262, 12);
  });
  it('zero variance: equal means give no evidence, different means are certain', () => {
    expect(welchTTest([3, 3], [3, 3]).pValue).toBe(1);
    const r = welchTTest([3, 3], [4, 4], 'greater');
    expect(r.t).toBe(Infinity);
    expect(r.pValue).toBe(0);
    expect(welchTTest([3, 3], [4, 4], 'less').pValue).toBe(1);
  });
  it('1- and 2-sample edge cases', () => {
    expect(() => oneSampleTTest([1])).toThrow(RangeError);
    expect(() => welchTTest([1], [2, 3])).toThrow(RangeError);
    // Student with one value on one side: df = 1 + 2 − 2 = 1, s² from the other side.
    const r = studentTTest([10], [12, 14]);
    expect(r.df).toBe(1);
    expect(r.estimate).toBe(3);
    expect(r.stdErr).toBeCloseTo(Math.sqrt(2 * (1 + 0.5)), 12);
  });
  it('Welch–Satterthwaite df: equal variances and sizes give 2(n − 1); one zero term gives the other df', () => {
    expect(welchSatterthwaiteDf([{ variance: 1, df: 4 }, { variance: 1, df: 4 }])).toBeCloseTo(8, 12);
    expect(welchSatterthwaiteDf([{ variance: 0, df: 4 }, { variance: 2, df: 9 }])).toBeCloseTo(9, 12);
    expect(welchSatterthwaiteDf([{ variance: 0, df: 4 }])).toBe(Infinity);
  });
});

describe('prediction interval and test', () => {
  it('PI half-width is t_{0.975}(ν)·s·√(1 + 1/n) (t_{0.975}(4) = 2.7764451051977934)', () => {
    const [lo, hi] = predictionInterval({ center: 100, scale: 2, df: 4, n: 5 }, 0.95);
    const half = 2.7764451051977934 * 2 * Math.sqrt(1 + 1 / 5);
    expect(lo).toBeCloseTo(100 - half, 9);
    expect(hi).toBeCloseTo(100 + half, 9);
  });
  it('a new value at the PI edge has p = α/2 one-sided', () => {
    const ref = { center: 0, scale: 1, df: 4, n: 5 };
    const edge = 2.7764451051977934 * Math.sqrt(1.2);
    expect(predictionTest(ref, edge, 'greater').pValue).toBeCloseTo(0.025, 10);
    expect(predictionTest(ref, -edge, 'less').pValue).toBeCloseTo(0.025, 10);
    expect(predictionTest(ref, -edge, 'greater').pValue).toBeCloseTo(0.975, 10); // direction flip
    expect(predictionTest(ref, edge, 'two-sided').pValue).toBeCloseTo(0.05, 10);
  });
  it('mean of m new values and an extra variance term widen/narrow the se as stated', () => {
    const ref = { center: 0, scale: 3, df: 10, n: 9 };
    expect(predictionTest(ref, 1, 'greater', 3).stdErr).toBeCloseTo(3 * Math.sqrt(1 / 3 + 1 / 9), 12);
    expect(predictionTest(ref, 1, 'greater', 1, 16).stdErr).toBeCloseTo(Math.sqrt(9 * (1 + 1 / 9) + 16), 12);
  });
  it('zero variance: same value passes, any other value is certain', () => {
    const ref = { center: 5, scale: 0, df: 4, n: 5 };
    expect(predictionTest(ref, 5, 'greater').pValue).toBe(1);
    expect(predictionTest(ref, 5.1, 'greater').pValue).toBe(0);
    expect(predictionTest(ref, 5.1, 'less').pValue).toBe(1);
  });
});
