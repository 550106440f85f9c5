// run-perf --rerun-failed: keep only the tests a compare-perf JSON report found regressed or failed.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { ResolvedPlan } from './resolve-plan.js';

/** A `PROFILE/TEST` pair to re-run; `*` matches every profile or test (run-perf's error checks use it). */
export interface FailedTest {
  profile: string;
  test: string;
}

/** The fields of a compare-perf JSON report's destination results that the re-run selection reads. */
export interface ReportResult {
  profile?: unknown;
  test?: unknown;
  verdict?: unknown;
  suspect?: unknown;
  primary?: unknown;
  grouped?: unknown;
}

interface ReportShape {
  tool?: unknown;
  builds?: { role?: unknown; results?: ReportResult[] }[];
}

/** A regression of a check that counts toward the exit code: a primary or grouped one (a report without these fields counts every one). */
export function gatingRegression(r: ReportResult): boolean {
  return r.verdict === 'regression' && (r.primary !== false || r.grouped === true);
}

/** A result that fails the report: an error, or a gating regression. */
const failing = (r: ReportResult): boolean => r.verdict === 'error' || gatingRegression(r);

/** The destination's results of a `compare-perf --json` report's text. */
export function reportDestination(text: string, file: string): ReportResult[] {
  let report: ReportShape;
  try {
    report = JSON.parse(text) as ReportShape;
  } catch (e) {
    throw new InputError(`${file} is not JSON: ${(e as Error).message}`, { code: 'PERFGATE_RERUN_REPORT', hint: 'give the file written by compare-perf --json FILE' });
  }
  const dst = Array.isArray(report.builds) ? report.builds.find((b) => b.role === 'destination') : undefined;
  if (report.tool !== 'perfgate' || !dst || !Array.isArray(dst.results)) {
    throw new InputError(`${file} is not a compare-perf JSON report (no builds[role=destination].results)`, { code: 'PERFGATE_RERUN_REPORT', hint: 'give the file written by compare-perf --json FILE' });
  }
  return dst.results;
}

/** Read a report file and return its destination's results. */
export function readReportDestination(file: string): ReportResult[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read --rerun-failed report ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { code: 'PERFGATE_RERUN_REPORT', hint: 'write it with compare-perf --json FILE' });
  }
  return reportDestination(text, file);
}

/**
 * The `PROFILE/TEST` pairs to re-run among a report's destination results: those with an `error` result or a gating
 * `regression`, and with `suspects` also those with a `suspect` result (the robust method's confirmation screen,
 * docs/statistics.md §3.12: not significant after adjustment, but worth a second run).
 */
export function failedTestsOf(results: readonly ReportResult[], suspects = false): FailedTest[] {
  const seen = new Map<string, FailedTest>();
  for (const r of results) {
    if (!failing(r) && !(suspects && r.suspect === true)) continue;
    const profile = typeof r.profile === 'string' && r.profile !== '' ? r.profile : '*';
    const test = typeof r.test === 'string' && r.test !== '' ? r.test : '*';
    seen.set(`${profile}/${test}`, { profile, test });
  }
  return [...seen.values()];
}

/** The tests to re-run from a report's text. */
export const failedTestsOfReport = (text: string, file: string, suspects = false): FailedTest[] => failedTestsOf(reportDestination(text, file), suspects);

/** Read the report file and return its failed tests (and, with `suspects`, the suspect ones). */
export const readFailedTests = (file: string, suspects = false): FailedTest[] => failedTestsOf(readReportDestination(file), suspects);

const matches = (f: FailedTest, profile: string, test: string): boolean => (f.profile === '*' || f.profile === profile) && (f.test === '*' || f.test === test);

/** The plan restricted to the failed tests (profiles left without tests are dropped). */
export function filterPlan(plan: ResolvedPlan, failed: readonly FailedTest[]): ResolvedPlan {
  const profiles = plan.profiles
    .map((p) => ({ ...p, tests: p.tests.filter((t) => failed.some((f) => matches(f, t.profile, t.test))) }))
    .filter((p) => p.tests.length > 0);
  return { profiles, tests: profiles.flatMap((p) => p.tests) };
}
