// Descriptive statistics: mean, sample variance (Welford), median and sorted-copy helpers.

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Sample variance with n − 1 in the denominator (Welford's one-pass update, numerically stable);
 * NaN for fewer than 2 values.
 */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  let m = 0;
  let m2 = 0;
  let n = 0;
  for (const x of xs) {
    n++;
    const d = x - m;
    m += d / n;
    m2 += d * (x - m);
  }
  return m2 / (n - 1);
}

/** Sample standard deviation (n − 1); NaN for fewer than 2 values. */
export function sampleStdDev(xs: readonly number[]): number {
  return Math.sqrt(sampleVariance(xs));
}

/** A sorted copy (ascending). */
export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Median (the mean of the two middle values for even n); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  // A typed array sorts numerically in native code, several times faster than a comparator sort.
  const s = Float64Array.from(xs).sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
}
