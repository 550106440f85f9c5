// One pass over each reference's results for the HTML report: its failure counts and its verdict on every table row.
import { isFailure, type FailurePolicy } from '../../summary.js';
import type { CheckResult, ComparisonReport } from '../../types.js';
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

/** Failure counts of one build's results against the source. */
export function countResults(results: readonly CheckResult[], policy: FailurePolicy): BuildCounts {
  const c = { regressions: 0, improvements: 0, groupFailures: 0, nonPrimaryFailures: 0, errors: 0, total: results.length };
  for (const r of results) {
    const failed = isFailure(r, policy);
    if (r.grouped) {
      if (failed) c.groupFailures++;
    } else if (!r.primary) {
      if (failed) c.nonPrimaryFailures++;
    } else if (r.verdict === 'regression') c.regressions++;
    else if (r.verdict === 'improvement') c.improvements++;
    else if (r.verdict === 'error') c.errors++;
  }
  return c;
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

/**
 * Each reference's results are read exactly once (a long history's references are judged on demand and never
 * all held at once): counted, and their verdicts written into a rows × references byte grid.
 */
export function referenceColumns(report: ComparisonReport, rowIds: readonly string[], policy: FailurePolicy): ReferenceColumns {
  const refs = report.builds.filter((b) => b.role === 'reference');
  const row = new Map<string, number>();
  rowIds.forEach((id, i) => row.set(id, i));
  const n = refs.length;
  const grid = new Uint8Array(rowIds.length * n).fill(MISSING);
  const counts = refs.map((b, j) => {
    const results = b.results;
    for (const r of results) {
      const i = row.get(r.id);
      const v = VERDICT_ORDER.indexOf(r.verdict);
      if (i !== undefined && v >= 0) grid[i * n + j] = DIGIT0 + v;
    }
    return countResults(results, policy);
  });
  const decoder = new TextDecoder();
  return { counts, verdicts: (i) => decoder.decode(grid.subarray(i * n, (i + 1) * n)) };
}
