// The robust method's last resort when the history gives no variance (one build, no like metrics): the within-run samples (Welch).
import { welchTTest, type Alternative } from '../../analyze/stats/t-tests.js';
import type { Check } from '../../result/types.js';
import { RunperfStatus, type CheckResult } from '../types.js';
import { fmt } from './robust-result.js';

const usable = (xs: readonly number[] | undefined): xs is readonly number[] => xs !== undefined && xs.length >= 2 && xs.every((x) => Number.isFinite(x));

/**
 * A tolerance-rule regression of a `.mean` check, checked against the within-run samples of the source and
 * the candidate: Welch's t test (Welch 1947) on ln values (raw values when any is ≤ 0), one-sided in the
 * worse direction (two-sided when the direction is unknown), at `level` (the caller's Bonferroni share of α).
 * Not significant → the change is within what the runs' own samples scatter: `minor-loss` (inconclusive),
 * never a failure. Significant → the regression stands, with the test as evidence. Within-run samples miss
 * the run-to-run component of the noise, so this can only remove alarms, never add one.
 */
export function checkBySamples(r: CheckResult, src: Check | undefined, dst: Check | undefined, level: number): CheckResult {
  if (r.verdict !== 'regression' || r.grouped || r.kind !== 'mean' || !usable(src?.samples) || !usable(dst?.samples)) return r;
  const a = src.samples;
  const b = dst.samples;
  const log = [...a, ...b].every((x) => x > 0);
  const tr = (xs: readonly number[]) => (log ? xs.map(Math.log) : [...xs]);
  const alternative: Alternative = r.direction === 'higher' ? 'less' : r.direction === 'lower' ? 'greater' : 'two-sided';
  const w = welchTTest(tr(a), tr(b), alternative);
  const what = `within-run samples (${a.length} vs ${b.length}): Welch t=${fmt(w.t)}, df=${fmt(w.df)}, p=${fmt(w.pValue)}`;
  if (w.pValue <= level) return { ...r, details: `${r.details}; ${what} ≤ ${fmt(level)}`, evidence: [...r.evidence, 'within-run samples (Welch)'] };
  return {
    ...r,
    verdict: 'minor-loss',
    status: RunperfStatus.MINOR_LOSS,
    pValue: w.pValue,
    details: `${r.details}; ${what} > ${fmt(level)}: the samples do not confirm it, so inconclusive, not a regression (add reference builds or re-run with --confirm)`,
    evidence: [...r.evidence, 'within-run samples (Welch)'],
  };
}

/**
 * A tolerance-rule "regression" of a `.stddev` check (more within-run noise) is reported, not gated, as in the
 * statistical path (docs/statistics.md §3.6): a variance-only change is not a regression of the metric.
 */
export function stddevNotGated(r: CheckResult): CheckResult {
  if (r.verdict !== 'regression' || r.grouped || r.kind !== 'stddev') return r;
  return { ...r, verdict: 'minor-loss', status: RunperfStatus.MINOR_LOSS, details: `${r.details}; more within-run noise is reported, not gated (not a regression of the metric)` };
}
