// Student's t distribution: CDF, survival function and quantile, via the regularized incomplete beta.
import { normalCdf, normalQuantile, normalSf } from './normal.js';
import { regularizedIncompleteBeta } from './special-functions.js';

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

/** P(T ≤ t) for T ~ t(ν). */
export function studentTCdf(t: number, df: number): number {
  if (df === Infinity) return normalCdf(t);
  return studentTSf(-t, df);
}

/**
 * The quantile t_p(ν): the t with P(T ≤ t) = p. Bracketed bisection refined to ~1e-12 relative accuracy on
 * the monotone CDF (robust for every ν > 0, including the heavy-tailed ν < 1 case).
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  // Upper tail: find t > 0 with sf(t) = 1 − p.
  const q = 1 - p;
  let lo = 0;
  let hi = Math.max(1, normalQuantile(p));
  while (studentTSf(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTSf(mid, df) > q) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-13 * hi) break;
  }
  return 0.5 * (lo + hi);
}
