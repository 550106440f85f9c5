// What differs between run-perf's exact verdicts and perfgate's direction-aware ones: signs, classes, groups, messages.
import type { Check, CheckKind, Direction } from '../../result/types.js';
import type { MethodOptions } from '../methods/options.js';
import type { RunperfStatusCode, Verdict } from '../types.js';
import type { ScoreRecord } from './record.js';

export interface Classified {
  status: RunperfStatusCode;
  verdict: Verdict;
}

/** Grouping keys of a record: run-perf's three merged names, or none. */
export interface GroupKey {
  level: 1 | 2 | 3;
  name: string;
}

export interface ScoringPolicy {
  readonly name: string;
  /** The raw difference of one check (mean: % change; stddev: stddev-% points; error: 0/1). */
  rawDiff(kind: CheckKind, src: number | string, dst: number | string): number;
  /** Informational distance of dst from a model's training average `raw`. */
  mrawDiff(kind: CheckKind, raw: number, src: number, dst: number): number;
  classify(score: number, tolerance: number, kind: CheckKind, direction: Direction): Classified;
  /** Whether a record counts as a failed build for the n_of modifier. */
  failed(record: ScoreRecord): boolean;
  /** The value a record contributes to its groups, or undefined when it is not grouped. */
  groupValue(record: ScoreRecord, check: Check): number | undefined;
  groupKeys(record: ScoreRecord, check: Check): GroupKey[];
  /**
   * Whether a check the source marks primary stays primary when the build's result no longer does (perfgate: yes,
   * so a destination that lost its `primary_metric` cannot turn a regression into a non-primary failure; run-perf:
   * the build's own flag).
   */
  readonly keepSourcePrimary: boolean;
  /** Direction of grouped records (run-perf: none; perfgate: groups average "goodness", higher is better). */
  readonly groupDirection: Direction;
  /** The one-line explanation of a record. */
  details(record: ScoreRecord): string;
  /** Tolerance of a kind, and how run-perf prints it. */
  tolerance(kind: CheckKind, options: MethodOptions): { value: number; text: string };
}
