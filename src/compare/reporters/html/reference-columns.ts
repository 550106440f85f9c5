// One pass over each reference's verdicts for the HTML report: its failure counts and its verdict on every table row.
import { isFailure, type FailurePolicy } from '../../summary.js';
import { VERDICT_ABSENT, VERDICTS, VerdictFlag, type BuildInfo, type CheckResult, type ComparisonReport, type RunperfStatusCode, type Verdict, type VerdictColumn } from '../../types.js';
import { VERDICT_ORDER } from './labels.js';

/** run-perf's per-build failure columns of the builds table. */
export interface BuildCounts {
  regressions: number;
  improvements: number;
  groupFailures: number;
  nonPrimaryFailures: number;
  errors: number;
  total: number;
}

function emptyCounts(total: number): BuildCounts {
  return { regressions: 0, improvements: 0, groupFailures: 0, nonPrimaryFailures: 0, errors: 0, total };
}

/** Count one result (given by its flags, verdict and whether it fails the policy) into `c`. */
function tally(c: BuildCounts, grouped: boolean, primary: boolean, verdict: Verdict, failed: boolean): void {
  if (grouped) {
    if (failed) c.groupFailures++;
  } else if (!primary) {
    if (failed) c.nonPrimaryFailures++;
  } else if (verdict === 'regression') c.regressions++;
  else if (verdict === 'improvement') c.improvements++;
  else if (verdict === 'error') c.errors++;
}

/** Failure counts of one build's results against the source. */
export function countResults(results: readonly CheckResult[], policy: FailurePolicy): BuildCounts {
  const c = emptyCounts(results.length);
  for (const r of results) tally(c, r.grouped, r.primary, r.verdict, isFailure(r, policy));
  return c;
}

/** Failure counts of one build's verdict column (equal to countResults of the results it stands for). */
export function countColumn(column: VerdictColumn, policy: FailurePolicy): BuildCounts {
  const { codes, flags, statuses } = column;
  const c = emptyCounts(0);
  // whether a (verdict, status) pair fails, asked of isFailure once per pair: 0 not yet known, 1 passes, 2 fails
  const failing = new Uint8Array(VERDICTS.length * 256);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === VERDICT_ABSENT) continue;
    c.total++;
    const status = statuses[i] as number;
    const pair = code * 256 + (status & 255);
    if (failing[pair] === 0) failing[pair] = isFailure({ status: status as RunperfStatusCode, verdict: VERDICTS[code] as Verdict }, policy) ? 2 : 1;
    const f = flags[i] as number;
    tally(c, (f & VerdictFlag.GROUPED) !== 0, (f & VerdictFlag.PRIMARY) !== 0, VERDICTS[code] as Verdict, failing[pair] === 2);
  }
  return c;
}

/** The column a list of results stands for. */
export function columnOfResults(results: readonly CheckResult[]): VerdictColumn {
  return {
    ids: results.map((r) => r.id),
    codes: Uint8Array.from(results, (r) => VERDICTS.indexOf(r.verdict)),
    statuses: Int8Array.from(results, (r) => r.status),
    flags: Uint8Array.from(results, (r) => (r.primary ? VerdictFlag.PRIMARY : 0) | (r.grouped ? VerdictFlag.GROUPED : 0)),
  };
}

/** A build's verdict column: the method's own when it has one, else read from its results. */
export function verdictColumnOf(build: BuildInfo): VerdictColumn {
  return build.verdictColumn ? build.verdictColumn() : columnOfResults(build.results);
}

export interface ReferenceColumns {
  /** Counts per reference, in build order. */
  counts: BuildCounts[];
  /** A row's reference verdicts: one character per reference (the index in VERDICT_ORDER, `.` when missing). */
  verdicts(row: number): string;
}

/** '.' then '0'..'9': a reference's verdict on a row, as the payload's refVerdicts string holds it. */
const MISSING = 46;
const DIGIT0 = 48;
/** Per VerdictColumn code: its refVerdicts character. */
const CHAR: Uint8Array = Uint8Array.from(VERDICTS, (v) => DIGIT0 + VERDICT_ORDER.indexOf(v));

/**
 * Each reference's verdicts are read exactly once (a long history's references are judged on demand and never
 * all held at once): counted, and written into a rows × references byte grid.
 */
export function referenceColumns(report: ComparisonReport, rowIds: readonly string[], policy: FailurePolicy): ReferenceColumns {
  const refs = report.builds.filter((b) => b.role === 'reference');
  const row = new Map<string, number>();
  rowIds.forEach((id, i) => row.set(id, i));
  const n = refs.length;
  const grid = new Uint8Array(rowIds.length * n).fill(MISSING);
  // references usually share their ids array: map it to table rows once (-1: not a row)
  let lastIds: readonly string[] | undefined;
  let rows = new Int32Array(0);
  const counts = refs.map((b, j) => {
    const column = verdictColumnOf(b);
    const { ids, codes } = column;
    if (ids !== lastIds) {
      rows = Int32Array.from(ids, (id) => row.get(id) ?? -1);
      lastIds = ids;
    }
    for (let k = 0; k < codes.length; k++) {
      const i = rows[k] as number;
      const code = codes[k] as number;
      if (i >= 0 && code !== VERDICT_ABSENT) grid[i * n + j] = CHAR[code] as number;
    }
    return countColumn(column, policy);
  });
  const decoder = new TextDecoder();
  return { counts, verdicts: (i) => decoder.decode(grid.subarray(i * n, (i + 1) * n)) };
}
