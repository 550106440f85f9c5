// Options every decision method receives (tolerances, models, modifiers, alpha), built once by the CLI or the API.
import type { PerfgateModel } from '../../analyze/perfgate-model/types.js';

/** One check of a run-perf linear/stddev model: score = a·value + b maps the learned band onto <-t, +t>. */
export interface ModelCheck {
  equation: readonly [number, number];
  /** Average of the training builds (null for legacy models without it). */
  raw: number | null;
  /** Band of the training builds around `raw`, in % (absent in legacy models). */
  mmin?: number;
  mmax?: number;
}

/** A loaded model as the methods see it: a lookup by check id. */
export interface ModelLookup {
  /** File name or label, for messages. */
  readonly name: string;
  get(id: string): ModelCheck | undefined;
  /** The parsed model when the file is a perfgate model (its `get` then finds nothing: the robust method reads it whole). */
  readonly perfgate?: PerfgateModel;
}

export interface MethodOptions {
  /** Accepted ±% for `.mean` checks (run-perf -t; default 5). */
  tolerance: number;
  /** Accepted ± for `.stddev` checks, in stddev-% points (run-perf -s; default 5). */
  stddevTolerance: number;
  /** Print tolerances as run-perf does: `5` for the default, `5.0` when given explicitly (compat messages). */
  toleranceGiven?: boolean;
  stddevToleranceGiven?: boolean;
  /** analyze-perf models in command-line order (-l). */
  models: readonly ModelLookup[];
  /** Weight of the "average of all builds" modifier (0 = off). */
  modelBuildsAverage: number;
  /** Weight of the "failed in N of the builds" modifier (0 = off). */
  nOutOfResults: number;
  /** How many builds may fail before n_of pushes a check out of tolerance (default 2). */
  nOutOfResultsN: number;
  /** `--compat runperf`: run-perf's rules where the mode decides them (e.g. which checks are primary). */
  compat?: boolean;
  /** Family-wise significance level for statistical methods (default 0.05). */
  alpha: number;
  /**
   * Budget of the two-stage confirmation's screen (docs/statistics.md §3.12): a gated check that is not a regression
   * is `suspect` when K·p ≤ screen (K gated checks, p its one-sided p of a worse change) and its change is not shown
   * below the tolerance; `run-perf --rerun-failed` re-runs its test too. On a no-change report the expected number
   * of suspects is at most `screen` (Bonferroni), so at most that share of clean nights re-runs. 0 turns it off.
   * @default 0.5
   */
  screen?: number;
  /** Count improvements beyond the band as failures (default: report them, do not fail). */
  failOnImprovement: boolean;
  verbose: number;
}

export const DEFAULT_METHOD_OPTIONS: MethodOptions = {
  tolerance: 5,
  stddevTolerance: 5,
  models: [],
  modelBuildsAverage: 0,
  nOutOfResults: 0,
  nOutOfResultsN: 2,
  alpha: 0.05,
  failOnImprovement: false,
  verbose: 0,
};
