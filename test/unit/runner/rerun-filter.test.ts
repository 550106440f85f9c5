// run-perf --rerun-failed: the failed PROFILE/TEST pairs of a compare-perf JSON report, and the plan filtered to them.
import { describe, expect, it } from 'vitest';
import { failedTestsOfReport, filterPlan } from '../../../src/runner/rerun-filter.js';
import type { ResolvedPlan, ResolvedTest } from '../../../src/runner/resolve-plan.js';

const report = (results: object[]) => JSON.stringify({ tool: 'perfgate', builds: [{ role: 'source', results: [] }, { role: 'destination', results }] });

function test(profile: string, name: string): ResolvedTest {
  return { key: `${profile}/${name}`, profile, test: name, params: {}, iterations: [], create: () => Promise.reject(new Error('unused')) };
}
const plan = (): ResolvedPlan => {
  const profiles = [
    { dir: 'Localhost', params: {}, create: () => Promise.reject(new Error('unused')), tests: [test('Localhost', 'fio'), test('Localhost', 'iperf3')] },
    { dir: 'Niced', params: {}, create: () => Promise.reject(new Error('unused')), tests: [test('Niced', 'fio')] },
  ];
  return { profiles, tests: profiles.flatMap((p) => p.tests) };
};

describe('--rerun-failed', () => {
  it('lists the destination regressions and errors once each', () => {
    const text = report([
      { profile: 'Localhost', test: 'fio', verdict: 'regression' },
      { profile: 'Localhost', test: 'fio', verdict: 'regression' },
      { profile: 'Localhost', test: 'iperf3', verdict: 'pass' },
      { profile: 'Niced', test: 'fio', verdict: 'improvement' },
      { profile: 'Niced', test: '*', verdict: 'error' },
    ]);
    expect(failedTestsOfReport(text, 'r.json')).toEqual([
      { profile: 'Localhost', test: 'fio' },
      { profile: 'Niced', test: '*' },
    ]);
  });

  it('skips regressions of checks that do not fail the report (non-primary, not grouped)', () => {
    const text = report([
      { profile: 'Localhost', test: 'fio', verdict: 'regression', primary: false, grouped: false },
      { profile: 'Localhost', test: 'iperf3', verdict: 'regression', primary: false, grouped: true },
      { profile: 'Niced', test: 'fio', verdict: 'regression', primary: true, grouped: false },
    ]);
    expect(failedTestsOfReport(text, 'r.json')).toEqual([
      { profile: 'Localhost', test: 'iperf3' },
      { profile: 'Niced', test: 'fio' },
    ]);
  });

  it('with suspects, also selects the tests of suspect results (the confirmation screen); by default only failures', () => {
    const text = report([
      { profile: 'Localhost', test: 'fio', verdict: 'minor-loss', suspect: true },
      { profile: 'Localhost', test: 'iperf3', verdict: 'minor-loss' },
      { profile: 'Niced', test: 'fio', verdict: 'pass', suspect: false },
    ]);
    expect(failedTestsOfReport(text, 'r.json', true)).toEqual([{ profile: 'Localhost', test: 'fio' }]);
    expect(failedTestsOfReport(text, 'r.json')).toEqual([]);
    expect(failedTestsOfReport(report([{ profile: 'Niced', test: 'fio', verdict: 'minor-loss' }]), 'old.json', true)).toEqual([]);
  });

  it('filters the plan, `*` matching every test of a profile', () => {
    const p = filterPlan(plan(), [{ profile: 'Localhost', test: 'fio' }, { profile: 'Niced', test: '*' }]);
    expect(p.tests.map((t) => t.key)).toEqual(['Localhost/fio', 'Niced/fio']);
    expect(filterPlan(plan(), []).profiles).toEqual([]);
    expect(filterPlan(plan(), [{ profile: '*', test: 'fio' }]).tests.map((t) => t.key)).toEqual(['Localhost/fio', 'Niced/fio']);
  });

  it('refuses files that are not compare-perf JSON reports, naming the file', () => {
    expect(() => failedTestsOfReport('{', 'bad.json')).toThrow(/bad\.json is not JSON/);
    expect(() => failedTestsOfReport('{"builds":[]}', 'x.json')).toThrow(/x\.json is not a compare-perf JSON report/);
  });
});
