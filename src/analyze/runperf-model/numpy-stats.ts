// numpy-exact mean and population std: numpy's pairwise summation (8 accumulators, blocks of 128), bit for bit.

/**
 * numpy's `pairwise_sum` (numpy/core/src/umath/loops_utils.h): sequential below 8 elements, 8 interleaved
 * accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) up to 128 elements, and above that a
 * recursive split at a multiple of 8. Matches numpy.sum/mean of a float64 array bit for bit.
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = a[start + j] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = (r[j] as number) + (a[start + i + j] as number);
    }
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** `numpy.mean(v)`: pairwise sum divided by n. */
export function npMean(v: ArrayLike<number>): number {
  return pairwiseSum(v) / v.length;
}

/** `numpy.std(v)` (ddof 0): sqrt(pairwise_sum((x − mean)²) / n). */
export function npStd(v: ArrayLike<number>): number {
  const m = npMean(v);
  const sq = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const d = (v[i] as number) - m;
    sq[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(sq) / v.length);
}
