// One check's history as perfgate's robust method sees it: scale choice, one-outlier screen, segmentation, estimates.
import { binarySegmentation, segmentBounds, segmentResidualVariance, type Step } from '../stats/change-points/binary-segmentation.js';
import { furthest, furthestFrom } from './furthest.js';
import { medianOfRange } from '../stats/descriptive.js';
import type { VarianceEstimate } from '../stats/pooled-variance.js';
import { madn, medianAndMadn } from '../stats/robust-scale.js';

/** `log`: relative changes (all values > 0); `linear`: absolute changes (zeros or negatives present, or stddev checks). */
export type ValueScale = 'log' | 'linear';

/** Settings of the history analysis (documented in docs/statistics.md §3). */
export interface HistorySettings {
  /** A history value further than this many robust σ from the median is an outlier (at most one is left out; 3.5 is Iglewicz & Hoaglin's modified-z cut-off). */
  outlierZ: number;
  /** Family-wise level of the step test that finds an earlier accepted change. */
  stepAlpha: number;
  /** Minimum builds on each side of a step. */
  minSegment: number;
  /** Prior df given to the family's median MADn in the step test. */
  stepPriorDf: number;
}

export const DEFAULT_HISTORY_SETTINGS: HistorySettings = { outlierZ: 3.5, stepAlpha: 0.01, minSegment: 2, stepPriorDf: 10 };

/** One numeric history value: `build` 0 is the source, j + 1 is reference j. */
export interface HistoryPoint {
  build: number;
  value: number;
}

/** A history as parallel arrays (one object per value made the analysis of a long history mostly allocation). */
export interface Series {
  scale: ValueScale;
  /** Build of each history value, ascending: 0 is the source, j + 1 reference j. */
  builds: number[];
  /** The numeric history values, untransformed. */
  values: number[];
  /** Transformed history (ln x or x). */
  z: number[];
  /** Transformed candidate, when numeric. */
  y: number | undefined;
  /** MADn of z (NaN below 2 values). */
  madn: number;
  /** Median of z (NaN when empty). */
  median: number;
}

export interface PreparedHistory extends Series {
  /** Builds, values and transformed values kept after the outlier screen (the Series' own arrays when none was left out). */
  keptBuilds: number[];
  keptValues: number[];
  zKept: number[];
  removed: HistoryPoint | undefined;
  /** A far point that was kept because the candidate lies in the same tail (bimodal guard). */
  keptFar: HistoryPoint | undefined;
  /** Steps found in zKept (indices into zKept). */
  steps: Step[];
  /** Index into zKept where the last segment starts. */
  segmentStart: number;
  /** Mean of the last segment (transformed scale) and its size. */
  center: number;
  n: number;
  /** Residual variance around the segment means, with n_kept − segments df. */
  own: VarianceEstimate;
}

export const transform = (scale: ValueScale, x: number): number => (scale === 'log' ? Math.log(x) : x);
export const untransformChange = (scale: ValueScale, d: number, center: number): number | undefined => {
  if (scale === 'log') return (Math.exp(d) - 1) * 100;
  return center === 0 ? undefined : (d / Math.abs(center)) * 100;
};

/** Transforms a history (values by build, see Series): log when the check is a mean and every value (and the candidate) is > 0. */
export function toSeries(builds: number[], values: number[], candidate: number | undefined, kind: 'mean' | 'stddev'): Series {
  // The loops are in small helpers, this function has none: it runs once per check and is never hot enough to be
  // optimised (with its helpers inlined twice over), while each helper is optimised alone, cheaply.
  const log = kind === 'mean' && (candidate === undefined || candidate > 0) && allPositive(values);
  // linear: z is the values themselves (nothing changes either array)
  const z = log ? logs(values) : values;
  const scale: ValueScale = log ? 'log' : 'linear';
  // median and MADn from one native sort of z: the same values as median(z) and madnAround(z, median(z))
  const c = medianAndMadn(z);
  return { scale, builds, values, z, y: candidate === undefined ? undefined : transform(scale, candidate), madn: c.madn, median: c.median };
}

function allPositive(xs: readonly number[]): boolean {
  for (let i = 0; i < xs.length; i++) if (!(xs[i]! > 0)) return false;
  return true;
}

function logs(xs: readonly number[]): number[] {
  const z: number[] = [];
  for (let i = 0; i < xs.length; i++) z.push(Math.log(xs[i]!));
  return z;
}

/**
 * Finds earlier steps, screens at most one outlier and estimates centre and spread.
 * - Steps: binary segmentation with a Bonferroni t test (family MADn as a prior with `stepPriorDf` df);
 *   the centre is the mean of the segment after the last step; the spread pools all segments' residuals.
 * - Outlier: the point furthest from its segment's median, if beyond `outlierZ`·max(MADn of the residuals,
 *   family MADn) and at least 4 points remain; it is kept when the candidate lies in the same tail at ≥ half
 *   its distance (the history then shows the metric does visit that region, e.g. a second mode). After a
 *   removal the segmentation is redone without it.
 */
export function prepareHistory(series: Series, familyMadn: number | undefined, settings: HistorySettings): PreparedHistory {
  // (no loops here, see toSeries: they are in the helpers below)
  const { z, builds, values } = series;
  const prior = familyMadn !== undefined && familyMadn > 0 && settings.stepPriorDf > 0 ? { d0: settings.stepPriorDf, s2: familyMadn * familyMadn } : undefined;
  let keptBuilds = builds;
  let keptValues = values;
  let zKept = z;
  let removed: HistoryPoint | undefined;
  let keptFar: HistoryPoint | undefined;
  let steps = segmentsOf(z, settings, prior);
  const nz = z.length;
  if (nz >= 5) {
    // Without steps and with n odd, the residuals' median is z's (finite) middle value minus itself, a zero, so their
    // absolute deviations are exactly |z_i − med z|: their MADn is the series' own (no two more selections), and the
    // furthest residual is found over z − med z directly, without the residual array.
    const plain = steps.length === 0 && nz % 2 === 1;
    let lastMedian = series.median;
    let residMadn = series.madn;
    let worst: number;
    let dist: number;
    if (plain) {
      worst = furthestFrom(z, lastMedian);
      dist = z[worst]! - lastMedian;
    } else {
      const resid: number[] = [];
      lastMedian = residualsAroundMedians(z, segmentBounds(steps, nz), steps.length > 0, series.median, resid);
      residMadn = madn(resid);
      worst = furthest(resid);
      dist = resid[worst]!;
    }
    const scale = Math.max(residMadn || 0, familyMadn ?? 0);
    if (scale > 0 && Math.abs(dist) > settings.outlierZ * scale) {
      const y = series.y;
      const sameTail = y !== undefined && Math.sign(y - lastMedian) === Math.sign(dist) && Math.abs(y - lastMedian) >= Math.abs(dist) / 2;
      const point: HistoryPoint = { build: builds[worst]!, value: values[worst]! };
      if (sameTail) keptFar = point;
      else {
        removed = point;
        keptBuilds = without(builds, worst);
        keptValues = without(values, worst);
        zKept = without(z, worst);
        steps = segmentsOf(zKept, settings, prior);
      }
    }
  }
  const nk = zKept.length;
  const segmentStart = steps.length > 0 ? steps[steps.length - 1]!.index : 0;
  const own = nk >= 2 ? segmentResidualVariance(zKept, segmentBounds(steps, nk)) : { s2: NaN, df: 0 };
  const n = nk - segmentStart;
  // the Series fields listed, not spread: a spread followed by more fields is about ten times slower in cold code (Node 20)
  return { scale: series.scale, builds, values, z, y: series.y, madn: series.madn, median: series.median, keptBuilds, keptValues, zKept, removed, keptFar, steps, segmentStart, center: n === 0 ? NaN : sumFrom(zKept, segmentStart) / n, n, own };
}

/** Steps of a history (none below 2·minSegment values). */
function segmentsOf(z: readonly number[], settings: HistorySettings, prior: { d0: number; s2: number } | undefined): Step[] {
  return z.length >= 2 * settings.minSegment ? binarySegmentation(z, { alpha: settings.stepAlpha, minSize: settings.minSegment, prior }) : [];
}

/**
 * Appends to `resid` each z minus its segment's median (without steps, the series' own `median`), and returns the last
 * segment's median. A segment is never empty (≥ minSegment ≥ 1 points).
 */
function residualsAroundMedians(z: readonly number[], bounds: readonly number[], hasSteps: boolean, median: number, resid: number[]): number {
  let lastMedian = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]!;
    const to = bounds[k + 1]!;
    let m = median;
    if (hasSteps) {
      m = medianOfRange(z, from, to);
    }
    lastMedian = m;
    for (let i = from; i < to; i++) resid.push(z[i]! - m);
  }
  return lastMedian;
}

/** Σ xs[i] for i ≥ from, summed in order as mean() does. */
function sumFrom(xs: readonly number[], from: number): number {
  let sum = 0;
  for (let i = from; i < xs.length; i++) sum += xs[i]!;
  return sum;
}

/** A copy of xs without its i-th value. */
function without(xs: readonly number[], i: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < xs.length; k++) if (k !== i) out.push(xs[k]!);
  return out;
}
