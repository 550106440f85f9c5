// Robust location and scale: the median absolute deviation, normalised and small-sample corrected.
import { median, medianOfAbsDeviations } from './descriptive.js';

/** Consistency constant of the MAD at the normal: 1/Φ⁻¹(3/4) (Hampel 1974; Rousseeuw & Croux 1993). */
export const MAD_NORMAL_CONSTANT = 1.482602218505602;

/**
 * Small-sample correction factors b_n for the MAD (Croux & Rousseeuw 1992, "Time-efficient algorithms for
 * two highly robust estimators of scale", Table 1), n = 2..9; for n > 9, b_n = n/(n − 0.8).
 */
const SMALL_SAMPLE: Readonly<Record<number, number>> = { 2: 1.196, 3: 1.495, 4: 1.363, 5: 1.206, 6: 1.2, 7: 1.14, 8: 1.129, 9: 1.107 };

/** Raw median absolute deviation from the median, MAD = med |x_i − med x|; NaN for an empty list. */
export function mad(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  return madAround(xs, median(xs));
}

/** med |x_i − m| for a given centre m (the MAD when m is the median: a caller that has the median saves a selection). */
export function madAround(xs: readonly number[], m: number): number {
  return medianOfAbsDeviations(xs, m);
}

/**
 * An ascending copy of xs (−0 before +0, NaN last: the typed-array order every median here follows) in a module-owned
 * array of exactly xs.length values, overwritten by the next call (private: medianAndMadn reads it before returning).
 * The engine's typed-array sort is native code, fast from the first call, where a selection written in JS runs
 * interpreted in a one-shot process (a report's medians).
 */
function sortedScratch(xs: readonly number[]): Float64Array {
  const n = xs.length;
  if (view.length !== n) {
    if (sortBuffer.length < n) sortBuffer = new Float64Array(Math.max(n, 2 * sortBuffer.length));
    view = sortBuffer.subarray(0, n);
  }
  view.set(xs);
  return view.sort();
}

let sortBuffer = new Float64Array(256);
let view = sortBuffer.subarray(0, 0);

/** Median of an ascending array (sortedScratch's order): median() of the same values; NaN when empty. */
function medianOfSorted(s: Float64Array): number {
  const n = s.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 === 1 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
}

/**
 * madAround(s, m) for an ascending array s (see sortedScratch) and m inside its range: the deviations |s_i − m| are
 * two ascending runs from where s crosses m (leftwards and rightwards), so their middle order statistics come from
 * merging those runs up to the middle instead of selecting among all n. Values with a NaN or an infinity (and an m
 * outside) take the general way: the same deviations, their median as median() takes it.
 */
export function madOfSorted(s: Float64Array, m: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  if (!(Number.isFinite(s[0]!) && Number.isFinite(s[n - 1]!) && m >= s[0]! && m <= s[n - 1]!)) return madAroundSorted(s, m);
  let j = n >> 1; // first index with s[j] ≥ m
  while (j > 0 && s[j - 1]! >= m) j--;
  while (j < n && s[j]! < m) j++;
  let i = j - 1;
  const h = n >> 1;
  let below = 0; // order statistic h − 1 of the deviations
  let d = 0;
  for (let r = 0; r <= h; r++) {
    below = d;
    // both runs ascend: the smaller head is the next order statistic (Math.abs as madAround computes each deviation)
    if (j >= n || (i >= 0 && Math.abs(s[i]! - m) <= Math.abs(s[j]! - m))) d = Math.abs(s[i--]! - m);
    else d = Math.abs(s[j++]! - m);
  }
  return n % 2 === 1 ? d : 0.5 * (below + d);
}

function madAroundSorted(s: Float64Array, m: number): number {
  const a: number[] = [];
  for (let i = 0; i < s.length; i++) a.push(s[i]!);
  return madAround(a, m);
}

/**
 * MADn: the MAD scaled to estimate σ of normal data, b_n · 1.4826 · MAD, with Croux & Rousseeuw's
 * small-sample factor b_n (unbiased for normal samples). Breakdown point 50 %: one gross outlier in five
 * values moves it by a bounded amount. NaN for fewer than 2 values; 0 when half the values are equal.
 */
export function madn(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  return medianAndMadn(xs).madn;
}

/**
 * median(xs) and madnAround(xs, median(xs)), the same values, from one native sort of a copy of xs (see sortedScratch
 * and madOfSorted); median NaN when xs is empty, madn NaN below 2 values.
 */
export function medianAndMadn(xs: readonly number[]): { median: number; madn: number } {
  const s = sortedScratch(xs);
  const m = medianOfSorted(s);
  return { median: m, madn: madnOfSorted(s, m) };
}

/** madn with the median m of xs given (see madAround). */
export function madnAround(xs: readonly number[], m: number): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const bn = SMALL_SAMPLE[n] ?? n / (n - 0.8);
  return bn * MAD_NORMAL_CONSTANT * madAround(xs, m);
}

/** madnAround for an ascending array s and its median m (see madOfSorted). */
function madnOfSorted(s: Float64Array, m: number): number {
  const n = s.length;
  if (n < 2) return NaN;
  // (the table read only where it has the key: a missing integer key is a slow lookup while the code is cold)
  const bn = n <= 9 ? SMALL_SAMPLE[n]! : n / (n - 0.8);
  return bn * MAD_NORMAL_CONSTANT * madOfSorted(s, m);
}

/**
 * Modified z-score of x against a sample's median and a scale (Iglewicz & Hoaglin 1993 use 0.6745·(x − med)/MAD,
 * i.e. (x − med)/(1.4826·MAD)); Infinity when the scale is 0 and x differs from the median.
 */
export function robustZ(x: number, center: number, scale: number): number {
  const d = x - center;
  if (d === 0) return 0;
  if (!(scale > 0)) return d > 0 ? Infinity : -Infinity;
  return d / scale;
}
