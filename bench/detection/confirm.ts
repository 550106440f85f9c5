// Confirmation detectors: perfgate robust, and when the report fails, a re-run of the failed tests pooled in by mergeConfirmation.
import { decisionInputs, type CompareTrees } from '../../src/compare/compare.js';
import { mergeConfirmation } from '../../src/compare/confirm.js';
import { DEFAULT_METHOD_OPTIONS, createMethod } from '../../src/compare/methods/index.js';
import { createRobustMethod, type RobustSettings } from '../../src/compare/methods/robust.js';
import type { ScreenedResult } from '../../src/compare/methods/robust-result.js';
import type { CheckResult } from '../../src/compare/types.js';
import type { ResultTree } from '../../src/result/types.js';
import { failedTestsOfReport, type FailedTest } from '../../src/runner/rerun-filter.js';
import { perfgateRobust, type Detector } from './detectors.js';

/** What a confirming detector needs from the benchmark: the report's builds and a way to re-run tests of its candidate. */
export interface ConfirmSource {
  trees: CompareTrees;
  /** A fresh run of the candidate restricted to the given PROFILE/TEST pairs (run-perf --rerun-failed). */
  rerun(failed: readonly FailedTest[], attempt?: number): ResultTree;
}

/**
 * The tests `run-perf --rerun-failed REPORT.json` re-runs after this decision: the report goes through the real
 * selection (failedTestsOfReport: every PROFILE/TEST with a `regression` or `error` destination result).
 */
export function failedTests(results: readonly CheckResult[], suspects = false): FailedTest[] {
  const report = { tool: 'perfgate', builds: [{ role: 'destination', results: results.map((r) => ({ profile: r.profile, test: r.test, verdict: r.verdict, primary: r.primary, grouped: r.grouped, suspect: (r as ScreenedResult).suspect })) }] };
  return failedTestsOfReport(JSON.stringify(report), 'bench-report.json', suspects);
}

/**
 * perfgate robust at --alpha/--tolerance with the nightly's confirmation step: decide; if the report fails (or, with
 * the two-stage screen at `screen` > 0, holds a suspect check), re-run the selected tests, merge them into the candidate with mergeConfirmation and decide again on the merged tree
 * exactly as compare-perf --confirm does (src/compare/compare.ts: merge, decisionInputs, the destination's
 * decision). The final verdict is the second decision.
 */
export function perfgateRobustConfirm(alpha: number, tolerance: number, screen = 0, rounds = 1, settings?: Partial<RobustSettings>, label = ''): Detector {
  const base = perfgateRobust(alpha, tolerance);
  const options = { ...DEFAULT_METHOD_OPTIONS, alpha, tolerance, screen };
  const method = settings ? createRobustMethod(options, { settings }) : createMethod('robust', options);
  return {
    name: `perfgate robust α=${alpha} -t ${tolerance} +confirm${screen > 0 ? ` s${screen}` : ''}${rounds > 1 ? ` ×${rounds}` : ''}${label}`,
    run(inputs, confirm) {
      let results = method.decide(inputs, { role: 'destination' });
      if (!confirm) return results;
      const reruns: ResultTree[] = [];
      for (let round = 1; round <= rounds; round++) {
        // Without the screen, only a failing report re-runs (its failed tests); with it, any suspect test re-runs too.
        const selected = screen > 0 || base.fails(results) ? failedTests(results, screen > 0) : [];
        if (selected.length === 0) break;
        reruns.push(confirm.rerun(selected, round));
        const merged = mergeConfirmation(confirm.trees.destination, reruns).tree;
        const again = decisionInputs({ ...confirm.trees, destination: merged }).filter((i) => i.src || i.dst);
        results = method.decide(again, { role: 'destination' });
      }
      return results;
    },
    fails: base.fails,
    flagsRegression: base.flagsRegression,
  };
}
