// One scored check of one build, run-perf style: weighted sub-results (raw, model<i>, mraw<i>, avg, n_of) → score.
import type { CheckKind, Direction } from '../../result/types.js';
import type { RunperfStatusCode, ScorePart, Verdict } from '../types.js';

/** A scored record. Mutable while a build is evaluated (modifiers append parts), then frozen into a CheckResult. */
export interface ScoreRecord {
  id: string;
  kind: CheckKind;
  primary: boolean;
  grouped: boolean;
  direction: Direction;
  tolerance: number;
  /** Tolerance as run-perf prints it (`5`, `5.0`, `5.75`, `1`, `0`). */
  toleranceText: string;
  parts: ScorePart[];
  /** Non-empty for broken records (missing in source/target): status ERROR, score −100. */
  errors: string[];
  /** Sources as run-perf prints them: each model's raw, then the source value. */
  sourceTexts: string[];
  /** The source value as printed. */
  srcText: string;
  dstText: string;
  score: number;
  status: RunperfStatusCode;
  verdict: Verdict;
  /** Member ids of a grouped record. */
  members?: string[];
}

/** Weighted mean of the parts, Σ diff·w / Σ w; undefined when no part has weight (spec §4.2). */
export function weightedScore(parts: readonly ScorePart[]): number | undefined {
  let num = 0;
  let den = 0;
  for (const p of parts) {
    num += p.diff * p.weight;
    den += p.weight;
  }
  return den === 0 ? undefined : num / den;
}

/** run-perf's label of one part, for messages only: GOOD inside ±tolerance, else BIG (> 0) or SMALL. */
export function partLabel(diff: number, tolerance: number): 'GOOD' | 'BIG' | 'SMALL' {
  if (Math.abs(diff) <= tolerance) return 'GOOD';
  return diff > 0 ? 'BIG' : 'SMALL';
}
