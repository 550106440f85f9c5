// The perfgate model file (versioned JSON written by analyze-perf --format perfgate): what the robust method needs per check.
import type { Direction } from '../../result/types.js';
import type { ValueScale } from './history.js';

export const PERFGATE_MODEL_FORMAT = 'perfgate-model';
export const PERFGATE_MODEL_VERSION = 1;

/** A change point found in a check's training history. */
export interface ModelChangePoint {
  /** Name of the first build after the change. */
  build: string;
  /** Its index in the model's `builds`. */
  index: number;
  /** Size of the shift in % (log-scale checks) or in the metric's units (linear checks). */
  change: number;
  /** Bonferroni-adjusted p-value of the step test. */
  pValue: number;
}

export interface PerfgateModelCheck {
  kind: 'mean' | 'stddev';
  direction: Direction;
  /** Like metrics whose variances are pooled: `profile/test/serial:workflow/metric.kind`. */
  family: string;
  scale: ValueScale;
  /** Numeric builds in the history, and how many the last segment (after the last change point) holds. */
  n: number;
  segmentLength: number;
  /** Mean of the last segment on the model scale (ln of the value for `log`), and the median in the metric's units. */
  center: number;
  location: number;
  /** Residual variance on the model scale around the segment means, and its degrees of freedom. */
  s2: number;
  df: number;
  /** MADn of the history on the model scale (robust scale). */
  madn: number;
  /** A history value left out as a gross outlier (build name), if any. */
  outlier?: string;
  changePoints: ModelChangePoint[];
}

export interface PerfgateModelFamily {
  /** Pooled residual variance of the members (model scale) and its df. */
  s2: number;
  df: number;
  members: number;
  /** Empirical-Bayes prior scale s₀² of the family (absent when there is no pooling). */
  s02?: number;
}

export interface PerfgateModel {
  format: typeof PERFGATE_MODEL_FORMAT;
  version: typeof PERFGATE_MODEL_VERSION;
  tool: 'perfgate';
  createdAt: string;
  /** Training builds in order (oldest first). */
  builds: string[];
  /** Settings the history analysis used. */
  settings: { outlierZ: number; stepAlpha: number; minSegment: number };
  /** Empirical-Bayes prior degrees of freedom d₀ shared by all families (0: none, capped). */
  priorDf: number;
  families: Record<string, PerfgateModelFamily>;
  checks: Record<string, PerfgateModelCheck>;
}
