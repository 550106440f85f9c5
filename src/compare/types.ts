// The comparison report every reporter renders, and the pluggable decision-method contract.
import type { Check, CheckKind, Direction, Metadata } from '../result/types.js';

/** run-perf's status codes (result.py): kept for --compat runperf, the xUnit mapping and the HTML colours. */
export const RunperfStatus = { PASS: 0, MINOR_GAIN: 1, MINOR_LOSS: 2, SKIP: 99, FAIL_LOSS: -1, ERROR: -2, FAIL_GAIN: -3 } as const;
export type RunperfStatusCode = (typeof RunperfStatus)[keyof typeof RunperfStatus];

/**
 * perfgate's verdict for one check, direction-aware: a `regression` is a change in the worse direction
 * beyond the band; an `improvement` is beyond the band in the better direction (fails only with
 * --fail-on-improvement); `minor-*` are inside the band but beyond half of it; `error` is a missing or
 * failed result.
 */
export type Verdict = 'pass' | 'minor-gain' | 'minor-loss' | 'improvement' | 'regression' | 'error';

/** One weighted sub-result that went into a run-perf style score (raw, model<i>, mraw<i>, avg, n_of). */
export interface ScorePart {
  name: string;
  /** The part's value, in % (mean checks) or absolute difference (stddev checks). */
  diff: number;
  weight: number;
}

/** The outcome of comparing one check of the destination (or of a reference) against the source. */
export interface CheckResult {
  id: string;
  kind: CheckKind;
  primary: boolean;
  /** A grouped check (run-perf's merged iterations/profiles); members are other CheckResults. */
  grouped: boolean;
  profile: string;
  test: string;
  direction: Direction;
  unit: string;
  /** Source value (undefined when missing in the source). */
  src: number | string | undefined;
  /** Destination value (undefined when missing in the destination). */
  dst: number | string | undefined;
  /** Values of all the references in order (undefined where missing), for tables and charts; may be shared between builds. */
  history: readonly (number | string | undefined)[];
  /** Relative change dst vs src in % (mean checks) or stddev-% difference (stddev checks). */
  change?: number;
  /** Confidence interval of the change, same unit as `change`, when the method estimates one. */
  changeCi?: readonly [number, number];
  /** Accepted band for `change`, same unit (e.g. [-5, 5] for ±5 %), when defined. */
  band?: readonly [number, number];
  /** run-perf style score (weighted mean of parts) or the method's standardized score. */
  score: number;
  tolerance: number;
  parts: readonly ScorePart[];
  /** p-value of the method's test, and its multiplicity-adjusted value. */
  pValue?: number;
  adjustedPValue?: number;
  verdict: Verdict;
  /** The run-perf status (compat mode computes it exactly; default mode maps the verdict onto it). */
  status: RunperfStatusCode;
  /** One-line explanation (numbers, band, evidence); used in console, xUnit messages and HTML tooltips. */
  details: string;
  /** What evidence the decision used, e.g. ["raw", "model0", "history n=5", "samples n=3"]. */
  evidence: readonly string[];
  /** Model band of the source from the first model that has the check: [mmax, mmin] in %. */
  modelBand?: readonly [number, number];
  /** Test parameters of the destination check (source's when missing) for the params-differ hint. */
  params?: Readonly<Record<string, string>>;
  /**
   * Not a regression, but worth a confirmation re-run: the robust method's two-stage screen
   * (docs/statistics.md §3.12). `run-perf --rerun-failed REPORT --rerun-suspects` selects its test.
   */
  suspect?: boolean;
}

/** One build column: source, references, destination. */
export interface BuildInfo {
  name: string;
  path: string;
  role: 'source' | 'reference' | 'destination';
  metadata: Metadata;
  incomplete: boolean;
  /**
   * For references and the destination: their check results against the source (sorted by id). A reference's
   * list may be computed afresh on each read (a getter, so a long history never holds every reference's
   * results at once): read it once and keep the array when it is needed twice. A reference's results may be
   * views whose fields are accessors: read their fields (or JSON.stringify them, which calls toJSON); a spread
   * `{ ...r }` or structuredClone copies none of them.
   */
  readonly results: readonly CheckResult[];
  /**
   * For a reference, when its method can judge it without results: its verdicts alone, equal to what `results`
   * holds (same entries, same order), far cheaper than reading `results` (the method judges every reference's
   * verdicts in one pass, on the first call). Non-enumerable, so reports never serialize it.
   */
  readonly verdictColumn?: () => VerdictColumn;
}

/** Flags of a VerdictColumn entry. */
export const VerdictFlag = { PRIMARY: 1, GROUPED: 2 } as const;

/** Every verdict, in the order of VerdictColumn codes. */
export const VERDICTS: readonly Verdict[] = ['pass', 'minor-gain', 'minor-loss', 'improvement', 'regression', 'error'];

/** A VerdictColumn code where the build has no result of that id. */
export const VERDICT_ABSENT = 255;

/**
 * One build's verdicts without its CheckResults: what a report's reference column shows and counts. The build's
 * results are the ids whose code is not VERDICT_ABSENT, in this order (grouped checks last, as in `results`); all the
 * references of one report may share one `ids` array.
 */
export interface VerdictColumn {
  readonly ids: readonly string[];
  /** Per id: the verdict's index in VERDICTS, or VERDICT_ABSENT. */
  readonly codes: Uint8Array;
  /** Per id: the run-perf status (RunperfStatusCode; 0 where absent). */
  readonly statuses: Int8Array;
  /** Per id: VerdictFlag bits. */
  readonly flags: Uint8Array;
}

export interface Summary {
  regressions: number;
  improvements: number;
  minorGains: number;
  minorLosses: number;
  passes: number;
  errors: number;
  /** Primary, non-grouped checks compared. */
  primary: number;
  groupFailures: number;
  nonPrimaryFailures: number;
  total: number;
  /** Counts per `profile/test`. */
  byProfileTest: Readonly<Record<string, { regressions: number; improvements: number; passes: number; errors: number }>>;
}

export interface ComparisonReport {
  schemaVersion: 1;
  tool: 'perfgate';
  version: string;
  /** `runperf`: exact Python verdicts; `perfgate`: direction-aware default. */
  mode: 'runperf' | 'perfgate';
  /** Name of the decision method (e.g. `tolerance`, `robust-history`). */
  method: string;
  createdAt: string;
  options: Readonly<Record<string, unknown>>;
  builds: readonly BuildInfo[];
  summary: Summary;
  exitCode: 0 | 2 | 3;
  warnings: readonly string[];
}

/** Everything known about one check when deciding on the destination. */
export interface DecisionInput {
  id: string;
  src: Check | undefined;
  /** References in order (undefined where the check is missing). */
  refs: readonly (Check | undefined)[];
  dst: Check | undefined;
}

/** Which build a decision is about: the destination, or a reference judged against the source (report columns). */
export interface DecideContext {
  role: 'reference' | 'destination';
}

/** A pluggable way to decide verdicts; gets every check at once so it can control report-wide error rates. */
export interface DecisionMethod {
  readonly name: string;
  /** Verdicts of `inputs[].dst` (including grouped checks the method adds); refs are the history in order. */
  decide(inputs: readonly DecisionInput[], context?: DecideContext): CheckResult[];
  /**
   * Optional single pass over all builds: one result list per reference (in order) and last the destination.
   * Without it the engine calls decide() once per reference (quadratic in the number of builds).
   */
  decideBuilds?(inputs: readonly DecisionInput[]): CheckResult[][];
  /**
   * Optional, preferred by the engine: the destination's results at once and each reference's report column on
   * demand (`references[j]()` judges reference j when called), so reports that show no reference column never
   * pay for one and the others hold one reference's results at a time.
   */
  decideReport?(inputs: readonly DecisionInput[]): DecidedReport;
}

/** What decideReport returns: the destination's results, and a function per reference (in order) giving its results. */
export interface DecidedReport {
  /** May be a getter that judges the destination on first read (a caller wanting only the references never pays for it). */
  readonly destination: CheckResult[];
  references: readonly (() => CheckResult[])[];
  /** Optional, per reference (in order): its verdicts alone, equal to its results' (see BuildInfo.verdictColumn). */
  referenceVerdicts?: readonly (() => VerdictColumn)[];
}
