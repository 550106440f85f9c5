// Verdict order, labels and colours of the HTML report, and the meaning of compare-perf's exit codes.
import type { ComparisonReport, Verdict } from '../../types.js';

/** Verdicts from most to least severe: the report's default sort order ("regressions first"). */
export const VERDICT_ORDER: readonly Verdict[] = ['regression', 'error', 'improvement', 'minor-loss', 'minor-gain', 'pass'];

/** Human labels; the colours (run-perf's meaning) live in templates/report.css as `.v-<verdict>`. */
export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = {
  regression: 'regression',
  error: 'error',
  improvement: 'improvement',
  'minor-loss': 'minor loss',
  'minor-gain': 'minor gain',
  pass: 'pass',
};

/** The banner at the top: what compare-perf's exit code (same numbers as src/cli/exit-codes.ts) says, with counts. */
export function exitMeaning(report: Pick<ComparisonReport, 'exitCode' | 'summary' | 'mode' | 'options'>): { label: string; text: string } {
  const s = report.summary;
  switch (report.exitCode) {
    case 0:
      return { label: 'OK', text: 'exit code 0: no primary or grouped check failed' };
    case 3:
      return { label: 'NOTHING COMPARED', text: 'exit code 3: the destination had no checks to compare' };
    case 2: {
      const counts: [number, string, string][] = [
        [s.regressions, 'regression', 'regressions'],
        [s.errors, 'error', 'errors'],
        [s.groupFailures, 'group failure', 'group failures'],
      ];
      if (report.mode === 'runperf' || report.options.failOnImprovement === true) counts.push([s.improvements, 'improvement', 'improvements']);
      const what = counts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
      const reason = what.length ? what.join(', ') : 'failed checks';
      const extra = report.mode === 'runperf' ? ' (run-perf rule: improvements beyond the tolerance fail too)' : '';
      return { label: s.regressions > 0 ? 'REGRESSION' : 'FAILED', text: `exit code 2: ${reason} among primary and grouped checks${extra}` };
    }
  }
}
