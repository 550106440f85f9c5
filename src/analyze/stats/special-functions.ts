// Special functions for the statistics: log-gamma, the regularized incomplete beta, digamma and trigamma.
import { memo2 } from './memo2.js';

/**
 * ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9 coefficients, as in Numerical Recipes 3rd ed.
 * §6.1 and Godfrey's coefficients), with the reflection formula for x < 0.5. Relative error ≈ 1e-15.
 */
export function lnGamma(x: number): number {
  if (!(x > 0)) {
    if (Number.isNaN(x) || x === 0 || Number.isInteger(x)) return Infinity;
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const g = 7;
  const c = LANCZOS;
  const z = x - 1;
  let a = c[0]!;
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** lnGamma's Lanczos coefficients (one array for every call). */
const LANCZOS: readonly number[] = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * Continued fraction of the incomplete beta function, evaluated with the modified Lentz method
 * (Numerical Recipes 3rd ed. §6.4 `betacf`; Lentz 1976, Thompson & Barnett 1986).
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const EPS = 1e-16;
  const FPMIN = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1 (Numerical Recipes 3rd ed.
 * §6.4 `betai`): the continued fraction converges fast for x < (a+1)/(a+b+2); otherwise the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) is used.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnBetaFront(a, b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * lnΓ(a + b) − lnΓ(a) − lnΓ(b), the incomplete beta's −ln B(a, b), memoised: a report's p-values share a few (a, b)
 * pairs (the t tail's a = ν/2 over repeated df, b = ½), and each costs three lnGamma.
 */
const lnBetaFront = memo2((a, b) => lnGamma(a + b) - lnGamma(a) - lnGamma(b));

/** Digamma ψ(x) = d ln Γ(x)/dx for x > 0: recurrence up to x ≥ 10, then the asymptotic (Stirling) series. */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Trigamma ψ'(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series (Abramowitz & Stegun 6.4.12). */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN;
  let r = 0;
  while (x < 10) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - (5 / 66) * f))));
}

/**
 * Inverse of trigamma for y > 0, by Smyth's Newton iteration on 1/ψ'(x) (Smyth 2004, limma
 * `trigammaInverse`): starts at 0.5 + 1/y and converges monotonically.
 */
export function trigammaInverse(y: number): number {
  if (!(y > 0)) return NaN;
  if (y > 1e7) return 1 / Math.sqrt(y);
  if (y < 1e-6) return 1 / y;
  let x = 0.5 + 1 / y;
  for (let i = 0; i < 50; i++) {
    const tri = trigamma(x);
    const dif = (tri * (1 - tri / y)) / tetragamma(x);
    x += dif;
    if (-dif / x < 1e-8) break;
  }
  return x;
}

/** Tetragamma ψ''(x) for x > 0 (the derivative of trigamma), used by trigammaInverse's Newton step. */
function tetragamma(x: number): number {
  let r = 0;
  while (x < 10) {
    r -= 2 / (x * x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return r - f - f / x - f * f * (1 / 2 - f * (1 / 6 - f * (1 / 6 - (3 / 10) * f)));
}
