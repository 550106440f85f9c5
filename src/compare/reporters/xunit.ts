// xUnit (JUnit XML) of the destination's checks, valid against the Jenkins JUnit XSD; read by Jenkins, GitLab, GitHub actions.
import { isFailure } from '../summary.js';
import type { CheckResult, ComparisonReport } from '../types.js';
import { RunperfStatus } from '../types.js';
import { xmlAttr, xmlText } from './xml-escape.js';

export type CaseOutcome = 'pass' | 'failure' | 'error' | 'skipped';

/**
 * Outcome of one test case. run-perf (compat): FAIL_LOSS → failure, FAIL_GAIN → skipped, ERROR → error.
 * perfgate: regression → failure, error → error, improvement → skipped (failure with --fail-on-improvement).
 */
export function caseOutcome(r: CheckResult, report: ComparisonReport): CaseOutcome {
  if (report.mode === 'runperf') {
    if (r.status === RunperfStatus.FAIL_LOSS) return 'failure';
    if (r.status === RunperfStatus.FAIL_GAIN) return 'skipped';
    if (r.status < 0) return 'error';
    return 'pass';
  }
  if (r.verdict === 'error') return 'error';
  if (r.verdict === 'improvement') return isFailure(r, { compat: false, failOnImprovement: report.options['failOnImprovement'] === true }) ? 'failure' : 'skipped';
  if (r.verdict === 'regression') return 'failure';
  return 'pass';
}

/** The test cases: primary destination checks; grouped ones too, except in compat mode (run-perf never wrote them). */
export function xunitCases(report: ComparisonReport): CheckResult[] {
  const dst = report.builds.at(-1)?.results ?? [];
  return dst.filter((r) => r.primary && (!r.grouped || report.mode !== 'runperf'));
}

function split(id: string): { classname: string; name: string } {
  const slash = id.lastIndexOf('/');
  return slash < 0 ? { classname: '', name: id } : { classname: id.slice(0, slash), name: id.slice(slash + 1) };
}

function message(r: CheckResult, report: ComparisonReport): string {
  return report.mode === 'runperf' ? r.details : `${r.verdict}: ${r.details}`;
}

/** Render the report as one `<testsuite>`. `tests` counts all destination records in compat mode (run-perf quirk 20). */
export function renderXunit(report: ComparisonReport): string {
  const cases = xunitCases(report);
  const counts = { failure: 0, error: 0, skipped: 0, pass: 0 };
  const body: string[] = [];
  for (const r of cases) {
    const outcome = caseOutcome(r, report);
    counts[outcome]++;
    const { classname, name } = split(r.id);
    const open = `\t<testcase classname="${xmlAttr(classname)}" name="${xmlAttr(name)}" time="0.000"`;
    const msg = message(r, report);
    if (outcome === 'pass') {
      body.push(report.mode === 'runperf' ? `${open}/>` : `${open}>\n\t\t<system-out>${xmlText(msg)}</system-out>\n\t</testcase>`);
    } else if (outcome === 'skipped') {
      body.push(`${open}>\n\t\t<skipped>${xmlText(msg)}</skipped>\n\t</testcase>`);
    } else {
      body.push(`${open}>\n\t\t<${outcome} type="${outcome}" message="${xmlAttr(msg)}">${xmlText(msg)}</${outcome}>\n\t</testcase>`);
    }
  }
  const dst = report.builds.at(-1)?.results ?? [];
  const tests = report.mode === 'runperf' ? dst.filter((r) => !r.grouped).length : cases.length;
  const suite = report.mode === 'runperf' ? 'runperf' : 'perfgate';
  const head =
    `<testsuite name="${suite}" timestamp="${xmlAttr(report.createdAt.replace(/Z$/, ''))}" tests="${tests}" ` +
    `errors="${counts.error}" failures="${counts.failure}" skipped="${counts.skipped}" time="0.000">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...body, '</testsuite>', ''].join('\n');
}
