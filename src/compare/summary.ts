// Counts of the destination's verdicts (summary table, per profile/test) and the exit code they imply.
import type { CheckResult, Summary } from './types.js';

export interface FailurePolicy {
  /** run-perf's rule: any status < 0 fails (FAIL_GAIN included). */
  compat: boolean;
  failOnImprovement: boolean;
}

/** Whether a destination check counts as a failure under the mode's rule. */
export function isFailure(r: Pick<CheckResult, 'status' | 'verdict'>, policy: FailurePolicy): boolean {
  if (policy.compat) return r.status < 0;
  return r.verdict === 'regression' || r.verdict === 'error' || (policy.failOnImprovement && r.verdict === 'improvement');
}

/** Summary of the destination: verdict counts over primary non-grouped checks, failures by kind. */
export function summarize(results: readonly CheckResult[], policy: FailurePolicy): Summary {
  const s = {
    regressions: 0,
    improvements: 0,
    minorGains: 0,
    minorLosses: 0,
    passes: 0,
    errors: 0,
    primary: 0,
    groupFailures: 0,
    nonPrimaryFailures: 0,
    total: results.length,
  };
  const byProfileTest: Record<string, { regressions: number; improvements: number; passes: number; errors: number }> = {};
  for (const r of results) {
    const failed = isFailure(r, policy);
    if (r.grouped) {
      if (failed) s.groupFailures++;
      continue;
    }
    if (!r.primary) {
      if (failed) s.nonPrimaryFailures++;
      continue;
    }
    s.primary++;
    const key = `${r.profile}/${r.test}`;
    const pt = (byProfileTest[key] ??= { regressions: 0, improvements: 0, passes: 0, errors: 0 });
    switch (r.verdict) {
      case 'regression':
        s.regressions++;
        pt.regressions++;
        break;
      case 'improvement':
        s.improvements++;
        pt.improvements++;
        break;
      case 'error':
        s.errors++;
        pt.errors++;
        break;
      case 'minor-gain':
        s.minorGains++;
        pt.passes++;
        break;
      case 'minor-loss':
        s.minorLosses++;
        pt.passes++;
        break;
      default:
        s.passes++;
        pt.passes++;
    }
  }
  return { ...s, byProfileTest };
}

/** 3 when the destination produced no checks at all, 2 when a primary or grouped check failed, else 0. */
export function exitCodeOf(results: readonly CheckResult[], policy: FailurePolicy): 0 | 2 | 3 {
  if (results.length === 0) return 3;
  return results.some((r) => (r.primary || r.grouped) && isFailure(r, policy)) ? 2 : 0;
}
