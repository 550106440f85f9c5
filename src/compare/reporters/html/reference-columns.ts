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

/** Count `times` results with the same flags, verdict and failure (given whether they fail the policy) into `c`. */
function tally(c: BuildCounts, grouped: boolean, primary: boolean, verdict: Verdict, failed: boolean, times: number): void {
  if (grouped) {
    if (failed) c.groupFailures += times;
  } else if (!primary) {
    if (failed) c.nonPrimaryFailures += times;
  } else if (verdict === 'regression') c.regressions += times;
  else if (verdict === 'improvement') c.improvements += times;
  else if (verdict === 'error') c.errors += times;
}

/** Failure counts of one build's results against the source. */
export function countResults(results: readonly CheckResult[], policy: FailurePolicy): BuildCounts {
  const c = emptyCounts(results.length);
  for (const r of results) tally(c, r.grouped, r.primary, r.verdict, isFailure(r, policy), 1);
  return c;
}

/** How many verdict codes there are: a code at or above it is VERDICT_ABSENT, or not a code at all. */
const CODES = VERDICTS.length;

/** Per kind of column entry (code, status as a byte, 2 bits of flags): how many; all zero between countColumn calls. */
const TIMES = new Int32Array(CODES * 256 * 4);

/**
 * Failure counts of one build's verdict column (equal to countResults of the results it stands for). Entries are
 * first counted per kind (code, status, flags) in one pass over the typed arrays; each kind seen is then asked
 * of isFailure and tallied once, with its count. A code that is neither a verdict's nor VERDICT_ABSENT (only from a
 * malformed column) is an entry: it counts in the total, and nowhere else.
 */
export function countColumn(column: VerdictColumn, policy: FailurePolicy): BuildCounts {
  const { codes, flags, statuses } = column;
  const c = emptyCounts(0);
  const times = TIMES;
  const seen: number[] = [];
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code >= CODES) {
      if (code !== VERDICT_ABSENT) c.total++;
      continue;
    }
    const kind = (((code << 8) | ((statuses[i] as number) & 255)) << 2) | ((flags[i] as number) & 3);
    const before = times[kind] as number;
    if (before === 0) seen.push(kind);
    times[kind] = before + 1;
  }
  for (const kind of seen) {
    const n = times[kind] as number;
    times[kind] = 0;
    const verdict = VERDICTS[kind >> 10] as Verdict;
    const status = ((kind >> 2) & 255) << 24 >> 24;
    c.total += n;
    const failed = isFailure({ status: status as RunperfStatusCode, verdict }, policy);
    tally(c, (kind & VerdictFlag.GROUPED) !== 0, (kind & VerdictFlag.PRIMARY) !== 0, verdict, failed, n);
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
      // a code that is no verdict's (only from a malformed third-party column) shows as missing, never as a NUL
      if (i >= 0 && code < CHAR.length) grid[i * n + j] = CHAR[code] as number;
    }
    return countColumn(column, policy);
  });
  // one string for the whole grid (ASCII), each row's a slice of it
  const all = new TextDecoder().decode(grid);
  return { counts, verdicts: (i) => all.slice(i * n, (i + 1) * n) };
}
