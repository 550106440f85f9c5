// fio steady state per sample: the steady_state record, its metrics in result.json, the console warning and the parameters.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors.js';
import { parseFioParams } from '../../../../src/tests/fio/params.js';
import type { SampleMetrics } from '../../../../src/tests/fio/result.js';
import { buildIteration } from '../../../../src/tests/fio/result.js';
import { sampleSteadyState, steadyStateMetrics, steadyStateWarning } from '../../../../src/tests/fio/steady.js';
import type { SeriesPoint } from '../../../../src/tests/fio/timeseries.js';

const series = (values: number[], ms = 500): SeriesPoint[] => values.map((value, i) => ({ date: (i + 1) * ms, value }));

describe('sampleSteadyState', () => {
  it('judges the last W intervals of the IOPS series (SNIA PTS) and keeps ȳ, R, β and both percentages', () => {
    // a warm-up climb, then 20, 21, 21, 19 (reference §7.5: β = −0.3, R = 2, ȳ = 20.25)
    const ss = sampleSteadyState(series([5, 12, 20, 21, 21, 19]), 4, 500);
    expect(ss).toMatchObject({ steady: true, method: 'SNIA PTS', metric: 'iops_sec', window: 4, intervals: 6, interval_msec: 500, range: 2, range_ok: true, excursion_ok: true, range_limit_pct: 20, excursion_limit_pct: 10 });
    expect(ss?.mean).toBeCloseTo(20.25, 12);
    expect(ss?.slope).toBeCloseTo(-0.3, 12);
    expect(ss?.excursion_pct).toBeCloseTo((0.9 / 20.25) * 100, 10);
    expect(steadyStateMetrics(ss)).toEqual({ iops_ss_excursion_pct: ss?.excursion_pct, iops_ss_range_pct: ss?.range_pct });
    expect(steadyStateWarning('read-4KiB', 1, ss)).toBeUndefined();
  });

  it('says which criterion failed, in % of the average, with a hint', () => {
    const rising = series(Array.from({ length: 10 }, (_, i) => 100 + 2 * i)); // β = 2, R = 18, ȳ = 109
    const ss = sampleSteadyState(rising, 10, 500);
    expect(ss).toMatchObject({ steady: false, range_ok: true, excursion_ok: false });
    expect(steadyStateWarning('read-4KiB', 2, ss)).toBe('iteration read-4KiB sample 2: not steady (slope excursion 16.5 % > 10 % over the last 10 intervals); consider a longer ramptime or runtime');
    const jumpy = sampleSteadyState(series([100, 131, 100, 131, 100]), 5, 1000); // β = 0, R = 31, ȳ = 112.4: 27.6 %
    expect(steadyStateWarning('x', 3, jumpy)).toBe('iteration x sample 3: not steady (range 27.6 % > 20 % over the last 5 intervals); consider a longer ramptime or runtime');
  });

  it('gives no verdict (steady: null, no metrics) with fewer intervals than the window, and nothing without a series', () => {
    const ss = sampleSteadyState(series([1, 2, 3, 4]), 5, 1000);
    expect(ss).toEqual({ steady: null, method: 'SNIA PTS', metric: 'iops_sec', window: 5, intervals: 4, interval_msec: 1000, range_limit_pct: 20, excursion_limit_pct: 10 });
    expect(steadyStateMetrics(ss)).toEqual({});
    expect(steadyStateWarning('r', 1, ss)).toMatch(/^iteration r sample 1: steady state not judged \(4 interval\(s\) of 1000 ms < steady-state-window 5\)/);
    expect(sampleSteadyState(undefined, 5, 1000)).toBeUndefined();
    expect(sampleSteadyState([], 5, 1000)).toBeUndefined();
    expect(steadyStateWarning('r', 1, undefined)).toBeUndefined();
  });

  it('an idle series (all zeros) is steady with 0 % excursions', () => {
    const ss = sampleSteadyState(series([0, 0, 0, 0, 0]), 5, 1000);
    expect(ss).toMatchObject({ steady: true, range_pct: 0, excursion_pct: 0 });
  });
});

describe('steady state in result.json', () => {
  it('adds lower-is-better % metrics per worker and for all, and a steady_state object beside each iops_sec sample', () => {
    const s1 = sampleSteadyState(series([100, 100, 100]), 3, 500);
    const s2 = sampleSteadyState(series([100, 120, 140]), 3, 500);
    const sample = (ss: typeof s1, iops: number): SampleMetrics => ({
      workers: [{ name: 'w1', metrics: { iops_sec: iops, ...steadyStateMetrics(ss) }, steadyState: ss }],
      all: { iops_sec: iops, clat: 5, ...steadyStateMetrics(ss) },
      steadyState: ss,
    });
    const it0 = buildIteration('read-4KiB', 1, {}, [sample(s1, 100), sample(s2, 120)]);
    const tp = it0.iteration_data.throughput ?? {};
    expect(Object.keys(tp)).toEqual(['iops_sec', 'iops_ss_excursion_pct', 'iops_ss_range_pct']);
    const all = tp['iops_ss_excursion_pct']?.find((e) => e.client_hostname === 'all');
    expect(all).toMatchObject({ unit: '%', direction: 'lower', role: 'aggregate' });
    expect(all?.samples?.map((s) => s.value)).toEqual([0, (40 / 120) * 100]);
    expect(tp['iops_ss_range_pct']?.map((e) => e.client_hostname)).toEqual(['w1', 'all']);
    const iops = tp['iops_sec']?.find((e) => e.client_hostname === 'all');
    const states = iops?.samples?.map((s) => (s as { steady_state?: { steady: boolean } }).steady_state?.steady);
    expect(states).toEqual([true, false]);
    // primary stays iops_sec; the steady-state metrics are extra information
    expect(it0.iteration_data.parameters?.benchmark?.[0]).toMatchObject({ primary_metric: 'iops_sec' });
    expect(JSON.parse(JSON.stringify(it0))).toEqual(it0); // plain JSON (no Infinity/undefined surprises)
  });
});

describe('steady-state-window and prefill parameters', () => {
  it('default to 5 and false, accept run-perf strings', () => {
    expect(parseFioParams({}, '/')).toMatchObject({ steadyStateWindow: 5, prefill: false });
    expect(parseFioParams({ 'steady-state-window': '3', prefill: 'true' }, '/')).toMatchObject({ steadyStateWindow: 3, prefill: true });
    expect(parseFioParams({ prefill: 1 }, '/').prefill).toBe(true);
    expect(parseFioParams({ prefill: '0' }, '/').prefill).toBe(false);
  });

  it('refuse a window below 2, a non-boolean prefill and prefill with a job file', () => {
    let e: unknown;
    try {
      parseFioParams({ 'steady-state-window': 1, prefill: 'sometimes' }, '/');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).issues).toEqual(['steady-state-window: must be at least 2 intervals (SNIA PTS uses 5)', 'prefill: must be true or false, got "sometimes"']);
    expect(() => parseFioParams({ prefill: true, 'job-file': '/dev/null' }, '/')).toThrow(ConfigError);
  });
});
