// Binary segmentation by mean shifts with a Bonferroni-controlled two-sample t test, for short histories.
import { moderatedDf, moderatedVariance, type VariancePrior } from '../empirical-bayes-variance.js';
import type { VarianceEstimate } from '../pooled-variance.js';
import { studentTQuantile } from '../student-t.js';
import { tPValue } from '../t-tests.js';

export interface BinarySegmentationOptions {
  /** Family-wise level for declaring any step in an unchanged series. @default 0.01 */
  alpha?: number;
  /** Minimum points per segment. @default 2 */
  minSize?: number;
  /** Extra variance information (e.g. the pooled family variance) combined as a prior with d₀ df. */
  prior?: { d0: number; s2: number };
}

export interface Step {
  /** Index of the first point after the step. */
  index: number;
  /** Mean after − mean before (adjacent segments at the time of the split). */
  shift: number;
  t: number;
  df: number;
  /** Bonferroni-adjusted p-value (× number of candidate splits in that segment). */
  pValue: number;
}

/**
 * Boundaries of the segments that steps (sorted by index) cut a series of n points into: 0, each step's index, n.
 * One helper for every caller: in V8 a step list is an empty array of one kind or an array of Step objects of
 * another, and inline copies at each call site meant one deoptimization (and a recompilation of the caller) each.
 */
export function segmentBounds(steps: readonly Step[], n: number): number[] {
  const bounds = [0];
  for (const s of steps) bounds.push(s.index);
  bounds.push(n);
  return bounds;
}

/** Residual variance of z around the means of the segments given by sorted boundaries. */
export function segmentResidualVariance(z: readonly number[], bounds: readonly number[]): VarianceEstimate {
  let ss = 0;
  for (let s = 0; s + 1 < bounds.length; s++) {
    const from = bounds[s]!;
    const to = bounds[s + 1]!;
    // the segment's mean, summed in order as mean() does (no copy of the segment)
    let sum = 0;
    for (let i = from; i < to; i++) sum += z[i]!;
    const m = sum / (to - from);
    for (let i = from; i < to; i++) ss += (z[i]! - m) ** 2;
  }
  const df = z.length - (bounds.length - 1);
  return df > 0 ? { s2: ss / df, df } : { s2: NaN, df: 0 };
}

/**
 * Prefix sums of z − z̄ and its squares, so any segment's sum and residual sum of squares is O(1)
 * (centring first keeps the one-pass formula Σx² − (Σx)²/n accurate for small spreads).
 */
interface Prefix {
  s1: Float64Array;
  s2: Float64Array;
}

function prefixSums(z: readonly number[]): Prefix {
  const n = z.length;
  // z's mean summed here as mean() does (in order): mean() itself, also called with other kinds of arrays, was
  // optimised for this caller's and deoptimised by the next
  let sum = 0;
  for (let i = 0; i < n; i++) sum += z[i]!;
  const c = n > 0 ? sum / n : 0;
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const d = (z[i] as number) - c;
    s1[i + 1] = (s1[i] as number) + d;
    s2[i + 1] = (s2[i] as number) + d * d;
  }
  return { s1, s2 };
}

const segSum = (p: Prefix, a: number, b: number): number => (p.s1[b] as number) - (p.s1[a] as number);
/** Residual sum of squares of segment [a, b) around its mean (never negative). */
function segSS(p: Prefix, a: number, b: number): number {
  const n = b - a;
  if (n <= 1) return 0;
  const s = segSum(p, a, b);
  return Math.max(0, (p.s2[b] as number) - (p.s2[a] as number) - (s * s) / n);
}

/**
 * Best split of segment [start, end) given the current segmentation: for each τ the two-sample statistic
 * t = (ȳ₂ − ȳ₁)/(s̃·√(1/n₁ + 1/n₂)), with s̃² the residual variance of the whole series under the
 * segmentation plus this split, moderated by the prior; p is two-sided and multiplied by the number of
 * candidate splits (Bonferroni), so on an unchanged normal series P(false step) ≤ α.
 * Linear in the segment's length (prefix sums).
 */
function bestStep(p: Prefix, nz: number, bounds: readonly number[], start: number, end: number, minSize: number, alpha: number, prior?: { d0: number; s2: number }): Step | undefined {
  const candidates = end - start - 2 * minSize + 1;
  if (candidates < 1) return undefined;
  let ssAll = 0;
  for (let s = 0; s + 1 < bounds.length; s++) ssAll += segSS(p, bounds[s] as number, bounds[s + 1] as number);
  const ssOthers = ssAll - segSS(p, start, end);
  const df = nz - bounds.length; // segments after the split: bounds.length
  // The moderated df is the same for every τ, so the p-value falls as |t| grows: find the largest |t|, then
  // evaluate the t tail only for the splits whose |t| ties with it (within rounding), choosing among those as
  // the per-split rule does (smallest p, then larger |t|, then the first), instead of once per candidate split.
  // The splits' statistics go to work arrays owned by this module (one allocation per run, not three per call).
  if (work.taus.length < candidates) work = { taus: new Int32Array(2 * candidates), ts: new Float64Array(2 * candidates), shifts: new Float64Array(2 * candidates) };
  const { taus, ts, shifts } = work;
  // The moderated df does not depend on the split (nor on s², see moderatedDf): one value for every τ.
  const ownDf = df > 0 ? df : 0;
  const vdf = prior ? moderatedDf(NaN, ownDf, prior.d0, prior.s2) : ownDf;
  if (!(vdf > 0)) return undefined;
  const maxAbs = splitStatistics(p, start, end, minSize, ssOthers, df, ownDf, prior, work);
  // a NaN statistic first (NaN data) wins, as it did under the per-split rule (nothing compares below NaN)
  if (Number.isNaN(ts[0])) return { index: taus[0] as number, shift: shifts[0] as number, t: ts[0] as number, df: vdf, pValue: NaN };
  if (maxAbs < clearlyBelow(alpha, candidates, vdf)) return notSignificant(taus[0] as number, ts[0] as number, shifts[0] as number, vdf);
  return mostSignificant(candidates, maxAbs === Infinity ? Infinity : maxAbs - maxAbs * 1e-9, vdf, work);
}

/**
 * The statistics of every split τ of [start, end) into the work arrays (split index, t, shift), in order; returns the
 * largest |t|. A loop of its own, apart from the t tail bestStep may need: the hot part is then small to optimise.
 */
function splitStatistics(p: Prefix, start: number, end: number, minSize: number, ssOthers: number, df: number, ownDf: number, prior: { d0: number; s2: number } | undefined, w: Work): number {
  const { taus, ts, shifts } = w;
  // segSum and segSS written out over local prefix values (the same operations in the same order)
  const c1 = p.s1;
  const c2 = p.s2;
  const sumStart = c1[start] as number;
  const sqStart = c2[start] as number;
  const sumEnd = c1[end] as number;
  const sqEnd = c2[end] as number;
  let count = 0;
  let maxAbs = -1;
  for (let tau = start + minSize; tau <= end - minSize; tau++) {
    const n1 = tau - start;
    const n2 = end - tau;
    const sumTau = c1[tau] as number;
    const sqTau = c2[tau] as number;
    const before = sumTau - sumStart;
    const after = sumEnd - sumTau;
    const ss1 = n1 <= 1 ? 0 : Math.max(0, sqTau - sqStart - (before * before) / n1);
    const ss2 = n2 <= 1 ? 0 : Math.max(0, sqEnd - sqTau - (after * after) / n2);
    // the moderated variance of moderateVariance(own, d₀, s₀²), without its two objects per split
    const s2 = df > 0 ? Math.max(0, ssOthers + ss1 + ss2) / df : NaN;
    const vs2 = prior ? moderatedVariance(s2, ownDf, prior.d0, prior.s2) : s2;
    const shift = after / n2 - before / n1;
    const se = Math.sqrt(vs2 * (1 / n1 + 1 / n2));
    const t = se > 0 ? shift / se : shift === 0 ? 0 : shift > 0 ? Infinity : -Infinity;
    taus[count] = tau;
    ts[count] = t;
    shifts[count] = shift;
    count++;
    if (Math.abs(t) > maxAbs) maxAbs = Math.abs(t);
  }
  return maxAbs;
}

/**
 * Among the first `count` splits, those whose |t| ties with the largest (|t| ≥ near), the one the per-split rule
 * chooses: smallest Bonferroni p, then larger |t|, then the first.
 */
function mostSignificant(count: number, near: number, vdf: number, w: Work): Step | undefined {
  const { taus, ts, shifts } = w;
  const candidates = count;
  let best: Step | undefined;
  for (let i = 0; i < count; i++) {
    const t = ts[i] as number;
    if (!(Math.abs(t) >= near)) continue;
    const pv = Math.min(1, tPValue(t, vdf, 'two-sided') * candidates);
    if (best === undefined || pv < best.pValue || (pv === best.pValue && Math.abs(t) > Math.abs(best.t))) {
      best = { index: taus[i] as number, shift: shifts[i] as number, t, df: vdf, pValue: pv };
    }
  }
  return best;
}

/**
 * A |t| below which a split's Bonferroni p, min(1, 2·P(T > |t|)·candidates), is surely above α: 0.999 times the t
 * quantile where it equals α (studentTQuantile is accurate to ~1e-12 and the tail falls strictly in |t|, so the margin
 * leaves no doubt; a |t| that close is tested exactly). −Infinity (never below) unless 0 < α < 1.
 */
function clearlyBelow(alpha: number, candidates: number, df: number): number {
  if (!(alpha > 0 && alpha < 1)) return -Infinity;
  // The histories of one report mostly share their length and prior, hence (α, candidates, df): the last bound is kept.
  if (alpha === lastBound.alpha && candidates === lastBound.candidates && df === lastBound.df) return lastBound.value;
  const value = 0.999 * studentTQuantile(1 - alpha / (2 * candidates), df);
  lastBound = { alpha, candidates, df, value };
  return value;
}
let lastBound = { alpha: NaN, candidates: NaN, df: NaN, value: NaN };

/**
 * The step that stands for a segment whose best split is surely not significant: p = 1, which is above α and above
 * every significant p, so binarySegmentation neither accepts it nor prefers it to a significant split elsewhere.
 */
function notSignificant(index: number, t: number, shift: number, df: number): Step {
  return { index, shift, t, df, pValue: 1 };
}

/** bestStep's work arrays (split index, t and shift per candidate split), grown as needed; nothing survives a call. */
interface Work {
  taus: Int32Array;
  ts: Float64Array;
  shifts: Float64Array;
}
let work: Work = { taus: new Int32Array(64), ts: new Float64Array(64), shifts: new Float64Array(64) };

/**
 * Binary segmentation (Scott & Knott 1974; Vostrikova 1981) of a short series by mean shifts: split the
 * segment with the most significant step while its Bonferroni p ≤ α. Assumes normal noise with one
 * variance across segments (a step moves the level, not the spread). Guarantee: on a series without a
 * change, the probability of reporting one is ≤ α (the first test is a Bonferroni test at level α).
 */
export function binarySegmentation(z: readonly number[], options: BinarySegmentationOptions = {}): Step[] {
  const alpha = options.alpha ?? 0.01;
  const minSize = Math.max(1, options.minSize ?? 2);
  const bounds = [0, z.length];
  const steps: Step[] = [];
  const prefix = prefixSums(z);
  for (;;) {
    let best: Step | undefined;
    for (let s = 0; s + 1 < bounds.length; s++) {
      const b = bestStep(prefix, z.length, bounds, bounds[s]!, bounds[s + 1]!, minSize, alpha, options.prior);
      if (b !== undefined && (best === undefined || b.pValue < best.pValue)) best = b;
    }
    if (best === undefined || !(best.pValue <= alpha)) break;
    steps.push(best);
    bounds.push(best.index);
    bounds.sort((a, b) => a - b);
  }
  return steps.sort((a, b) => a.index - b.index);
}

/** Convenience: the prior for binarySegmentation from a fitted variance prior and a group name. */
export function stepPrior(prior: VariancePrior, group: string): { d0: number; s2: number } | undefined {
  const s2 = prior.s0ByGroup.get(group);
  return s2 === undefined || !(prior.d0 > 0) ? undefined : { d0: prior.d0, s2 };
}
