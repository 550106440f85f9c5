// One scored check of one build, run-perf style: weighted sub-results (raw, model<i>, mraw<i>, avg, n_of) → score.
import type { CheckKind, Direction } from '../../result/types.js';
import { pyFixed, pyNumber } from '../../analyze/py-format.js';
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
  /** Source and destination values (broken records: 0 and -100; grouped: the group value), formatted only when printed. */
  srcValue: number | string;
  srcIsInt: boolean;
  dstValue: number | string;
  dstIsInt: boolean;
  /** Training averages of the models that have the check (run-perf prints them before the source). */
  modelRaws: number[];
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

/** A value as run-perf prints a source: floats `%.2f`, ints and text plain. */
export function sourceText(value: number | string, isInt: boolean): string {
  if (typeof value === 'string') return value;
  return isInt && Number.isInteger(value) ? String(value) : pyFixed(value, 2);
}

/** A value as Python's str() prints it (ints plain, floats in repr). */
export function valueText(value: number | string, isInt: boolean): string {
  return typeof value === 'string' ? value : pyNumber(value, isInt);
}

/** run-perf's "(sources; dst)" parts: each model's raw, then the source value; and the destination value. */
export function recordTexts(rec: ScoreRecord): { sources: string[]; src: string; dst: string } {
  const src = sourceText(rec.srcValue, rec.srcIsInt);
  return { sources: [...rec.modelRaws.map((r) => sourceText(r, false)), src], src, dst: valueText(rec.dstValue, rec.dstIsInt) };
}
