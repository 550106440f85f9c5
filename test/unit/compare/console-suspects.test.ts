// The console summary names the suspect checks (the two-stage confirmation screen) and how to confirm them.
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../src/compare/reporters/console.js';
import type { BuildInfo, CheckResult, ComparisonReport } from '../../../src/compare/types.js';
import { makeReport } from '../../support/report-fixture.js';

function withSuspects(report: ComparisonReport, pick: (r: CheckResult) => boolean): ComparisonReport {
  const builds = report.builds.map((b): BuildInfo => (b.role === 'destination' ? { ...b, results: b.results.map((r) => (pick(r) ? { ...r, suspect: true } : r)) } : b));
  return { ...report, builds };
}

describe('console: suspect checks', () => {
  it('counts them with their tests and the confirmation commands, and says nothing when there are none', () => {
    const report = makeReport({ builds: 4, checks: 60, seed: 7, shiftRate: 0 });
    const dst = report.builds.at(-1)!;
    const passing = dst.results.filter((r) => r.verdict === 'pass' && !r.grouped && r.primary).slice(0, 2);
    expect(passing.length).toBe(2);
    const ids = new Set(passing.map((r) => r.id));
    const text = renderConsole(withSuspects(report, (r) => ids.has(r.id)), { color: false, verbose: 0 });
    const tests = [...new Set(passing.map((r) => `${r.profile}/${r.test}`))].sort();
    expect(text).toContain(`2 suspect checks in ${tests.length} test${tests.length > 1 ? 's' : ''} (${tests.join(', ')})`);
    expect(text).toContain('run-perf --rerun-failed REPORT.json --rerun-suspects');
    expect(renderConsole(report, { color: false, verbose: 0 })).not.toContain('suspect');
  });
});
