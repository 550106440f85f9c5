// Descriptive statistics: mean, sample variance (Welford), median and sorted-copy helpers.

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  // indexed, not for-of: the same sum in the same order, without the iterator protocol (slow while cold, big when inlined)
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
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
  const n = xs.length;
  if (n === 0) return NaN;
  const a = scratch(n);
  for (let i = 0; i < n; i++) a[i] = xs[i]!;
  return medianInPlace(a, n);
}

let buffer = new Float64Array(256);

/**
 * The module's work array, of at least n values, reused by every median here (the functions stay pure: nothing is
 * kept between calls, and no median runs while another holds it). A fresh typed array per median cost more than the
 * selection itself.
 */
function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(Math.max(n, 2 * buffer.length));
  return buffer;
}

/** Median of xs[from..to) (to > from), as median() of that slice. */
export function medianOfRange(xs: readonly number[], from: number, to: number): number {
  const n = to - from;
  const a = scratch(n);
  for (let i = from; i < to; i++) a[i - from] = xs[i]!;
  return medianInPlace(a, n);
}

/** Median of |x − centre| over xs (NaN for none): the MAD when centre is the median. */
export function medianOfAbsDeviations(xs: readonly number[], centre: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const a = scratch(n);
  for (let i = 0; i < n; i++) a[i] = Math.abs(xs[i]! - centre);
  return medianInPlace(a, n);
}

/**
 * Median of the first n values of a (n ≥ 1), reordering them: exactly the median of those values sorted (−0 before
 * +0, as a typed array sorts). With a NaN among them, the native sort of a copy decides (NaN last).
 */
export function medianInPlace(a: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) if (a[i] !== a[i]) return sortedMedian(a.slice(0, n));
  const h = n >> 1;
  // Selection (Hoare 1961, "FIND"): expected O(n) instead of the sort's O(n log n); the values are the same
  // order statistics, so the result equals the sorted median.
  const hi = selectInPlace(a, n, n % 2 === 1 ? h : h - 1);
  let m = hi;
  if (n % 2 === 0) {
    // after selecting position h − 1, every value right of it is ≥ it: the next order statistic is their minimum
    let next = Infinity;
    for (let i = h; i < n; i++) if (a[i]! < next) next = a[i]!;
    m = 0.5 * (hi + next);
  }
  if (m !== 0) return m;
  // A zero median (e.g. of residuals around a median): selection does not order −0 before +0 as the sort does, so
  // the sign of a zero order statistic comes from its position: the sort puts the negatives and −0s first.
  let before = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    if (x < 0 || (x === 0 && 1 / x < 0)) before++;
  }
  const zeroAt = (k: number): number => (k < before ? -0 : 0);
  if (n % 2 === 1) return zeroAt(h);
  // two opposite non-zero middle values give +0 as they are; two zeros take their signs from their positions
  return hi === 0 ? 0.5 * (zeroAt(h - 1) + zeroAt(h)) : m;
}

/** Median by sorting a in place (a typed array sorts numerically in native code, −0 before +0, NaN last). */
function sortedMedian(a: Float64Array): number {
  a.sort();
  const h = a.length >> 1;
  return a.length % 2 === 1 ? a[h]! : 0.5 * (a[h - 1]! + a[h]!);
}

/** The k-th smallest of the first n values of a (0-based), partially reordering them: Hoare's selection with a middle pivot. */
function selectInPlace(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
