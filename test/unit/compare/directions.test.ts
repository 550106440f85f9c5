// Default (perfgate) mode knows directions: throughput drops and latency rises fail, the opposite are improvements.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePerf } from '../../../src/compare/compare.js';
import { createMethod, DEFAULT_METHOD_OPTIONS } from '../../../src/compare/methods/index.js';
import type { MethodOptions } from '../../../src/compare/methods/index.js';
import type { CheckResult, ComparisonReport } from '../../../src/compare/types.js';
import { fioIteration, writeTree } from './tree-builder.js';

const tmp = mkdtempSync(join(tmpdir(), 'perfgate-directions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** Compare a source and a destination iteration set; returns the report. */
function compare(
  src: Parameters<typeof fioIteration>,
  dst: Parameters<typeof fioIteration>,
  opts: Partial<MethodOptions> & { method?: string; compat?: boolean } = {},
): ComparisonReport {
  const dir = join(tmp, String(n++));
  writeTree(join(dir, 'src'), [fioIteration(...src)]);
  writeTree(join(dir, 'dst'), [fioIteration(...dst)]);
  const methodOptions = { ...DEFAULT_METHOD_OPTIONS, ...opts };
  const methodName = opts.compat ? 'runperf' : (opts.method ?? 'tolerance');
  return comparePerf({
    results: ['src', 'dst'],
    cwd: dir,
    method: createMethod(methodName, methodOptions),
    methodOptions,
    mode: opts.compat ? 'runperf' : 'perfgate',
    version: 'test',
  });
}

function check(report: ComparisonReport, suffix: string): CheckResult {
  const r = report.builds.at(-1)?.results.find((x) => x.id.endsWith(suffix));
  if (!r) throw new Error(`no check ending in ${suffix}`);
  return r;
}

describe('tolerance method (default mode)', () => {
  it('fails on a throughput drop beyond the tolerance', () => {
    const report = compare(['read-4KiB', 1000, 100], ['read-4KiB', 900, 100]);
    const iops = check(report, 'read-4KiB/throughput/iops_sec.mean');
    expect(iops.verdict).toBe('regression');
    expect(iops.change).toBeCloseTo(-10, 10);
    expect(iops.direction).toBe('higher');
    expect(report.exitCode).toBe(2);
    expect(report.summary.regressions).toBe(1);
  });

  it('reports a throughput rise as an improvement that does not fail', () => {
    const report = compare(['read-4KiB', 1000, 100], ['read-4KiB', 1100, 100]);
    expect(check(report, 'iops_sec.mean').verdict).toBe('improvement');
    expect(report.exitCode).toBe(0);
    expect(report.summary.improvements).toBe(1);
  });

  it('fails on an improvement only with --fail-on-improvement', () => {
    const report = compare(['read-4KiB', 1000, 100], ['read-4KiB', 1100, 100], { failOnImprovement: true });
    expect(check(report, 'iops_sec.mean').verdict).toBe('improvement');
    expect(report.exitCode).toBe(2);
  });

  it('passes a latency drop as an improvement and fails a latency rise (latency primary)', () => {
    const drop = compare(['read-4KiB', 1000, 100, { primary: 'clat' }], ['read-4KiB', 1000, 80, { primary: 'clat' }]);
    const clat = check(drop, 'latency/clat.mean');
    expect(clat.direction).toBe('lower');
    expect(clat.verdict).toBe('improvement');
    expect(drop.exitCode).toBe(0);
    const rise = compare(['read-4KiB', 1000, 100, { primary: 'clat' }], ['read-4KiB', 1000, 120, { primary: 'clat' }]);
    expect(check(rise, 'latency/clat.mean').verdict).toBe('regression');
    expect(rise.exitCode).toBe(2);
  });

  it('where run-perf (compat) fails a latency drop as a loss and a throughput rise as FAIL_GAIN', () => {
    const drop = compare(['read-4KiB', 1000, 100, { primary: 'clat' }], ['read-4KiB', 1000, 80, { primary: 'clat' }], { compat: true });
    expect(check(drop, 'latency/clat.mean').status).toBe(-1);
    expect(drop.exitCode).toBe(2);
    const gain = compare(['read-4KiB', 1000, 100], ['read-4KiB', 1100, 100], { compat: true });
    expect(check(gain, 'iops_sec.mean').status).toBe(-3);
    expect(gain.exitCode).toBe(2);
  });

  it('classifies inside the band without the T/2 quirk: pass up to T/2, minor beyond', () => {
    const same = compare(['read-4KiB', 1000, 100], ['read-4KiB', 1000, 100]);
    expect(check(same, 'iops_sec.mean').verdict).toBe('pass');
    expect(check(same, 'iops_sec.mean').status).toBe(0);
    const small = compare(['read-4KiB', 1000, 100], ['read-4KiB', 990, 100]);
    expect(check(small, 'iops_sec.mean').verdict).toBe('pass');
    const minorLoss = compare(['read-4KiB', 1000, 100], ['read-4KiB', 970, 100]);
    expect(check(minorLoss, 'iops_sec.mean').verdict).toBe('minor-loss');
    const minorGain = compare(['read-4KiB', 1000, 100], ['read-4KiB', 1030, 100]);
    expect(check(minorGain, 'iops_sec.mean').verdict).toBe('minor-gain');
    expect(minorLoss.exitCode).toBe(0);
    // run-perf calls a 0 % change MINOR_LOSS (quirk 16); compat keeps that.
    const sameCompat = compare(['read-4KiB', 1000, 100], ['read-4KiB', 1000, 100], { compat: true });
    expect(check(sameCompat, 'iops_sec.mean').status).toBe(2);
  });

  it('judges noise: a stddev rise beyond -s is a regression (primary for the primary metric, as in run-perf)', () => {
    const report = compare(['read-4KiB', 1000, 100, { stddev: 1 }], ['read-4KiB', 1000, 100, { stddev: 9 }]);
    const sd = check(report, 'iops_sec.stddev');
    expect(sd.direction).toBe('lower');
    expect(sd.verdict).toBe('regression');
    expect(sd.change).toBe(8);
    expect(sd.primary).toBe(true);
    const clatSd = check(report, 'latency/clat.stddev');
    expect(clatSd.primary).toBe(false);
    expect(clatSd.verdict).toBe('regression');
    expect(report.summary.nonPrimaryFailures).toBe(1);
    expect(report.exitCode).toBe(2);
    const quieter = compare(['read-4KiB', 1000, 100, { stddev: 9 }], ['read-4KiB', 1000, 100, { stddev: 1 }]);
    expect(check(quieter, 'iops_sec.stddev').verdict).toBe('improvement');
    expect(quieter.exitCode).toBe(0);
  });

  it('averages grouped checks by goodness, so mixed directions cannot cancel out', () => {
    const dir = join(tmp, 'groups');
    writeTree(join(dir, 'src'), [fioIteration('read-4KiB', 1000, 100), fioIteration('read-64KiB', 1000, 100)]);
    writeTree(join(dir, 'dst'), [fioIteration('read-4KiB', 960, 100), fioIteration('read-64KiB', 960, 100)]);
    const methodOptions = { ...DEFAULT_METHOD_OPTIONS };
    const report = comparePerf({ results: ['src', 'dst'], cwd: dir, method: createMethod('tolerance', methodOptions), methodOptions, mode: 'perfgate', version: 't' });
    const groups = report.builds.at(-1)?.results.filter((r) => r.grouped) ?? [];
    expect(groups.map((g) => g.id)).toEqual(['Localhost/fio/0000:./read-*/throughput/iops_sec.mean', '*/fio/0000:./read-*/throughput/iops_sec.mean', 'Localhost/*/*:./*-*/*/*.mean']);
    // Each member lost 4 % (a minor loss at T=5); the group's band is 5·2.3/2 = 5.75 → a minor loss, not a failure.
    for (const g of groups) {
      expect(g.score).toBeCloseTo(-4, 10);
      expect(g.tolerance).toBeCloseTo(5.75, 12);
      expect(g.verdict).toBe('minor-loss');
    }
  });

  it('reports a check missing in the destination as an error and fails', () => {
    const dir = join(tmp, 'missing');
    writeTree(join(dir, 'src'), [fioIteration('read-4KiB', 1000, 100), fioIteration('read-64KiB', 1000, 100)]);
    writeTree(join(dir, 'dst'), [fioIteration('read-4KiB', 1000, 100)]);
    const methodOptions = { ...DEFAULT_METHOD_OPTIONS };
    const report = comparePerf({ results: ['src', 'dst'], cwd: dir, method: createMethod('tolerance', methodOptions), methodOptions, mode: 'perfgate', version: 't' });
    const missing = check(report, 'read-64KiB/throughput/iops_sec.mean');
    expect(missing.verdict).toBe('error');
    expect(missing.details).toContain('Not present in target results');
    expect(report.exitCode).toBe(2);
  });

  it('exits 3 when the destination has no checks at all', () => {
    const dir = join(tmp, 'empty');
    writeTree(join(dir, 'src'), []);
    writeTree(join(dir, 'dst'), []);
    const methodOptions = { ...DEFAULT_METHOD_OPTIONS };
    const report = comparePerf({ results: ['src', 'dst'], cwd: dir, method: createMethod('tolerance', methodOptions), methodOptions, mode: 'perfgate', version: 't' });
    expect(report.exitCode).toBe(3);
  });
});
