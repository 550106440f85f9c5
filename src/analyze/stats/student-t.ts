// Student's t distribution: CDF, survival function and quantile, via the regularized incomplete beta.
import { normalCdf, normalQuantile, normalSf } from './normal.js';
import { lnGamma, regularizedIncompleteBeta } from './special-functions.js';
import { memo2 } from './memo2.js';

/**
 * P(T > t) for T ~ t(ν), ν > 0 (may be fractional, e.g. Welch–Satterthwaite; Infinity gives the normal):
 * P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (Abramowitz & Stegun 26.7.1 with 26.5.27; Numerical Recipes §6.14).
 */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return normalSf(t);
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/**
 * studentTSf(t, ν) and studentTSf(−t, ν) at once (a test's p-values of both directions): the tail ½·I_{ν/(ν+t²)}(ν/2, ½)
 * depends on t² alone, so one incomplete beta serves both; each is exactly what studentTSf returns.
 */
export function studentTSfBoth(t: number, df: number): { upper: number; lower: number } {
  if (Number.isNaN(t) || !(df > 0) || df === Infinity || t === Infinity || t === -Infinity) return { upper: studentTSf(t, df), lower: studentTSf(-t, df) };
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return { upper: t >= 0 ? tail : 1 - tail, lower: -t >= 0 ? tail : 1 - tail };
}

/** P(T ≤ t) for T ~ t(ν). */
export function studentTCdf(t: number, df: number): number {
  if (df === Infinity) return normalCdf(t);
  return studentTSf(-t, df);
}

/** Density of t(ν) (e.g. Abramowitz & Stegun 26.7.1). */
export function studentTPdf(t: number, df: number): number {
  const lnC = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lnC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The quantile t_p(ν): the t with P(T ≤ t) = p. Newton steps on the survival function from the normal
 * quantile (Cornish–Fisher start, Abramowitz & Stegun 26.7.5), kept inside a bracket and finished by
 * bisection when Newton stalls; ~1e-12 relative accuracy for every ν > 0.
 */
export function studentTQuantile(p: number, df: number): number {
  return quantile(df, p);
}

// Memoised: a report asks for the same few (p, ν) pairs for hundreds of checks (levels and df repeat), and each
// answer costs a Newton iteration over incomplete beta functions.
const quantile = memo2((df, p) => tQuantile(p, df));

function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  if (p < 0.5) return -tQuantile(1 - p, df);
  const q = 1 - p;
  const z = normalQuantile(p);
  let t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  if (!(t > 0) || !Number.isFinite(t)) t = Math.max(1, z);
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 100; i++) {
    const sf = studentTSf(t, df);
    if (sf > q) lo = t;
    else hi = t;
    const step = (sf - q) / studentTPdf(t, df);
    let next = t + step;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = hi === Infinity ? Math.max(2 * t, lo + 1) : 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-13 * Math.abs(next)) return next;
    t = next;
  }
  return t;
}
