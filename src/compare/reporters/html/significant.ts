// Rounding to significant digits for the report's payload: exactly Number(x.toPrecision(p)), mostly without strings.

/** 10^0 … 10^22: every one is exactly a double, so a product or quotient with one is correctly rounded. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** Below this distance from a half, the scaled value's rounding error (≤ 1.2e-10 for p ≤ 6) could flip the rounding. */
const TIE_MARGIN = 1e-6;

/**
 * Number(x.toPrecision(p)) for 1 ≤ p ≤ 6, bit for bit. The fast path scales |x| by an exact power of ten into
 * [10^(p-1), 10^p) (one correctly rounded operation, error ≤ half an ulp, far below TIE_MARGIN), rounds to the
 * integer n that toPrecision's digits spell, and divides (or multiplies) n by the same exact power: a correctly
 * rounded result, hence the double nearest the decimal, which is what Number() parses. Anything it cannot settle
 * (near a tie, a power-of-ten boundary, zero, non-finite or extreme magnitudes) takes the string path.
 */
export function roundSignificant(x: number, p: number): number {
  const a = Math.abs(x);
  if (p < 1 || p > 6 || !(a >= 1e-200 && a < 1e200)) return Number(x.toPrecision(p));
  const k = p - 1 - Math.floor(Math.log10(a));
  if (k > 22 || k < -22) return Number(x.toPrecision(p));
  const scale = POW10[k < 0 ? -k : k] as number;
  const y = k >= 0 ? a * scale : a / scale;
  const floor = Math.floor(y);
  const frac = y - floor;
  if (Math.abs(frac - 0.5) < TIE_MARGIN) return Number(x.toPrecision(p));
  const n = frac > 0.5 ? floor + 1 : floor;
  if (n <= (POW10[p - 1] as number) || n >= (POW10[p] as number)) return Number(x.toPrecision(p));
  const r = k >= 0 ? n / scale : n * scale;
  return x < 0 ? -r : r;
}
