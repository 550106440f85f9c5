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
  const n = xs.length;
  if (n === 0) return NaN;
  const a = new Float64Array(n);
  let nan = false;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    a[i] = x;
    if (x !== x) nan = true;
  }
  const h = n >> 1;
  if (n <= 16 || nan) return sortedMedian(a);
  // Selection (Hoare 1961, "FIND"): expected O(n) instead of the sort's O(n log n); the values are the same
  // order statistics, so the result equals the sorted median.
  const hi = selectInPlace(a, n % 2 === 1 ? h : h - 1);
  let m = hi;
  if (n % 2 === 0) {
    // after selecting position h − 1, every value right of it is ≥ it: the next order statistic is their minimum
    let next = Infinity;
    for (let i = h; i < n; i++) if (a[i]! < next) next = a[i]!;
    m = 0.5 * (hi + next);
  }
  // a zero: selection does not order −0 before +0 as the sort does, so let the sort decide its sign
  return m !== 0 ? m : sortedMedian(a);
}

/** Median by sorting a in place (a typed array sorts numerically in native code, −0 before +0, NaN last). */
function sortedMedian(a: Float64Array): number {
  a.sort();
  const h = a.length >> 1;
  return a.length % 2 === 1 ? a[h]! : 0.5 * (a[h - 1]! + a[h]!);
}

/** The k-th smallest value of a (0-based), partially reordering a in place: Hoare's selection with a middle pivot. */
function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
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
