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

/** What compare-perf's exit code says (the same numbers as src/cli/exit-codes.ts). */
export function exitMeaning(code: ComparisonReport['exitCode']): { label: string; text: string } {
  switch (code) {
    case 0:
      return { label: 'OK', text: 'exit code 0: no primary or grouped check regressed' };
    case 2:
      return { label: 'REGRESSION', text: 'exit code 2: at least one primary or grouped check failed' };
    case 3:
      return { label: 'NOTHING COMPARED', text: 'exit code 3: the destination had no checks to compare' };
  }
}
