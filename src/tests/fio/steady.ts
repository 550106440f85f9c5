// Steady state of a fio sample's per-interval IOPS (SNIA PTS test): the record kept per sample, its metrics and its warning.
import { EXCURSION_LIMIT, RANGE_LIMIT, steadyState } from '../../analyze/stats/steady-state.js';
import type { SeriesPoint } from './timeseries.js';

/** Metrics (in % of the window average, lower is better) added to each sample when steady state could be judged. */
export const SS_METRICS = ['iops_ss_excursion_pct', 'iops_ss_range_pct'] as const;

/** The `steady_state` object written beside a sample's IOPS value and time series in result.json. */
export interface SampleSteadyState {
  /** true/false, or null when there were fewer intervals than the window (no verdict). */
  steady: boolean | null;
  method: 'SNIA PTS';
  metric: 'iops_sec';
  /** W: last intervals judged. */
  window: number;
  /** Intervals fio logged for this sample. */
  intervals: number;
  interval_msec: number;
  /** ȳ, R = max − min, least-squares β per interval, |β|·(W−1), and R and |β|·(W−1) in % of ȳ (absent without a verdict). */
  mean?: number;
  range?: number;
  slope?: number;
  excursion?: number;
  range_pct?: number;
  excursion_pct?: number;
  /** Which criterion held: R ≤ 20 % of |ȳ|, |β|·(W−1) ≤ 10 % of |ȳ| (absent without a verdict). */
  range_ok?: boolean;
  excursion_ok?: boolean;
  range_limit_pct: number;
  excursion_limit_pct: number;
}

/** Judge the last `window` intervals of a sample's IOPS series; undefined without a series (logging off or too short a run). */
export function sampleSteadyState(series: readonly SeriesPoint[] | undefined, window: number, intervalMs: number): SampleSteadyState | undefined {
  if (!series || series.length === 0) return undefined;
  const base = { method: 'SNIA PTS', metric: 'iops_sec', window, intervals: series.length, interval_msec: intervalMs, range_limit_pct: RANGE_LIMIT * 100, excursion_limit_pct: EXCURSION_LIMIT * 100 } as const;
  const r = steadyState(
    series.map((p) => p.value),
    window,
  );
  if (!r) return { steady: null, ...base };
  return {
    steady: r.steady,
    ...base,
    mean: r.mean,
    range: r.range,
    slope: r.slope,
    excursion: r.excursion,
    // ȳ = 0 with a non-zero spread gives infinite percentages: left out (JSON has no Infinity)
    ...(Number.isFinite(r.rangePct) ? { range_pct: r.rangePct } : {}),
    ...(Number.isFinite(r.excursionPct) ? { excursion_pct: r.excursionPct } : {}),
    range_ok: r.rangeOk,
    excursion_ok: r.excursionOk,
  };
}

/** `iops_ss_excursion_pct` and `iops_ss_range_pct` of a judged sample (finite values only). */
export function steadyStateMetrics(ss: SampleSteadyState | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (ss?.excursion_pct !== undefined) out['iops_ss_excursion_pct'] = ss.excursion_pct;
  if (ss?.range_pct !== undefined) out['iops_ss_range_pct'] = ss.range_pct;
  return out;
}

const fmt = (v: number | undefined) => (v === undefined ? '∞' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** One console line when a sample did not reach steady state or could not be judged; undefined when steady. */
export function steadyStateWarning(iteration: string, sample: number, ss: SampleSteadyState | undefined): string | undefined {
  if (!ss || ss.steady === true) return undefined;
  const at = `iteration ${iteration} sample ${sample}`;
  if (ss.steady === null) return `${at}: steady state not judged (${ss.intervals} interval(s) of ${ss.interval_msec} ms < steady-state-window ${ss.window}); consider a longer runtime or a shorter log-avg-msec`;
  const why: string[] = [];
  if (ss.range_ok === false) why.push(`range ${fmt(ss.range_pct)} % > ${ss.range_limit_pct} %`);
  if (ss.excursion_ok === false) why.push(`slope excursion ${fmt(ss.excursion_pct)} % > ${ss.excursion_limit_pct} %`);
  return `${at}: not steady (${why.join(', ')} over the last ${ss.window} intervals); consider a longer ramptime or runtime`;
}
