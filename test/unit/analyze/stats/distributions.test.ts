// Known values of the special functions, the normal and the Student-t distribution (scipy 1.17.1 and printed tables).
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalSf } from '../../../../src/analyze/stats/normal.js';
import { digamma, lnGamma, regularizedIncompleteBeta, trigamma, trigammaInverse } from '../../../../src/analyze/stats/special-functions.js';
import { studentTCdf, studentTPdf, studentTQuantile, studentTSf } from '../../../../src/analyze/stats/student-t.js';

const rel = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

describe('special functions', () => {
  it.each([
    // scipy.special.betainc(a, b, x)
    [0.4, 2, 3, 0.5248], // closed form: 1 − (1−x)^4·(1 + 4x) ... = 0.5248 exactly
    [0.1, 0.5, 0.5, 0.20483276469913345],
    [0.3, 10, 20, 0.3640040810719437],
    [0.99, 2.5, 0.5, 0.8310822789720563],
  ])('I_%s(%s, %s) = %s', (x, a, b, want) => {
    expect(rel(regularizedIncompleteBeta(x, a, b), want)).toBeLessThan(1e-12);
  });
  it('I_x at the ends and for bad arguments', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN();
  });
  it.each([
    [0.5, 0.5723649429247], // ln √π
    [10, 12.801827480081469], // ln 9!
    [100.5, 361.43554046777757],
    [1e-3, 6.907178885383853],
  ])('lnGamma(%s) = %s (scipy.special.gammaln)', (x, want) => {
    expect(rel(lnGamma(x), want)).toBeLessThan(1e-13);
  });
  it('digamma and trigamma (scipy.special.digamma / polygamma(1, x))', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13); // −γ (Euler–Mascheroni)
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13);
    expect(digamma(7.3)).toBeCloseTo(1.917820335637986, 13);
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 13);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 12);
    expect(trigamma(7.3)).toBeCloseTo(0.14679576813142703, 13);
  });
  it('trigammaInverse inverts trigamma (scipy brentq: ψ\'(x) = 0.3 at x = 3.808719012051168)', () => {
    expect(trigammaInverse(0.3)).toBeCloseTo(3.808719012051168, 7);
    for (const x of [0.01, 0.7, 2, 15, 300]) expect(rel(trigammaInverse(trigamma(x)), x)).toBeLessThan(1e-6);
  });
});

describe('normal distribution', () => {
  it('quantiles and tails (scipy.stats.norm)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(rel(normalSf(5), 2.866515718791933e-7)).toBeLessThan(1e-6);
    expect(normalCdf(-1.2)).toBeCloseTo(0.11506967022170822, 7);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('Student t distribution', () => {
  it.each([
    // Two-sided 95 % critical values from any printed t table (e.g. Fisher & Yates), scipy.stats.t.ppf digits.
    [1, 0.975, 12.706204736174694],
    [2, 0.975, 4.302652729749462],
    [4, 0.975, 2.7764451051977934],
    [4, 0.995, 4.604094871349992],
    [10, 0.95, 1.8124611228116756],
    [30, 0.999, 3.3851848668293045],
    [4, 0.9995, 8.610301581379522],
    [24, 0.99995, 4.6543811468823595],
    [2.5, 0.9, 1.7302509288071766], // fractional df (Welch)
  ])('t quantile df=%s p=%s is %s', (df, p, want) => {
    expect(rel(studentTQuantile(p, df), want)).toBeLessThan(1e-10);
    expect(rel(studentTQuantile(1 - p, df), -want)).toBeLessThan(1e-10);
  });
  it.each([
    [1, 1.0, 0.25], // Cauchy: P(T > 1) = 1/4 exactly
    [3, 2.0, 0.06966298427942152],
    [5, -1.5, 0.9030481598787634],
    [10, 4.0, 0.0012591663123683473],
    [24, 5.5, 5.894234442803547e-6],
    [7.7, 2.2, 0.03014086384410238],
  ])('P(T_%s > %s) = %s (scipy.stats.t.sf)', (df, t, want) => {
    expect(rel(studentTSf(t, df), want)).toBeLessThan(1e-11);
    expect(rel(studentTCdf(-t, df), want)).toBeLessThan(1e-11);
  });
  it('infinite df is the normal, infinite t is certain', () => {
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963984540054, 9);
    expect(studentTSf(Infinity, 3)).toBe(0);
    expect(studentTSf(-Infinity, 3)).toBe(1);
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTSf(1, 0)).toBeNaN();
    expect(studentTPdf(0, 1)).toBeCloseTo(1 / Math.PI, 14); // Cauchy density at 0
    expect(studentTPdf(2, 5)).toBeCloseTo(0.06509031032621647, 13); // scipy.stats.t.pdf(2, 5)
  });
});
