// Turns per-sample fio metrics (per worker and merged) into a pbench-like result.json iteration with `all` entries.
import type { PbenchEntry, PbenchIteration } from '../../result/pbench.js';
import { pbenchEntry } from '../command/stats.js';
import { metricInfo } from './metrics.js';
import type { SampleSteadyState } from './steady.js';
import type { SeriesPoint } from './timeseries.js';

/** One sample's metrics: per worker (by name) and over all workers (sums of rates, merged histograms). */
export interface SampleMetrics {
  workers: { name: string; metrics: Record<string, number>; series?: Record<string, SeriesPoint[]>; steadyState?: SampleSteadyState }[];
  all: Record<string, number>;
  /** Per-interval values over all workers (from fio's iops/bw/lat logs), by metric. */
  series?: Record<string, SeriesPoint[]>;
  /** Steady state of the per-interval IOPS over all workers (SNIA PTS), when fio logged intervals. */
  steadyState?: SampleSteadyState;
}

type Sample = NonNullable<PbenchEntry['samples']>[number];

/** `iops_sec` samples also carry their `steady_state` record (perfgate addition; other readers ignore it). */
function withSteadyState(entry: PbenchEntry, states: readonly (SampleSteadyState | undefined)[]): PbenchEntry {
  if (!states.some((s) => s !== undefined)) return entry;
  return {
    ...entry,
    samples: entry.samples?.map((s, i): Sample => {
      const state = states[i];
      if (!state) return s;
      const withState: Sample & { steady_state: SampleSteadyState } = { ...s, steady_state: state };
      return withState;
    }),
  };
}

/** pbench samples: the value and, when fio logged intervals for this metric, its `timeseries`. */
function withSeries(entry: PbenchEntry, series: readonly (Record<string, SeriesPoint[]> | undefined)[], metric: string): PbenchEntry {
  if (!series.some((s) => s?.[metric])) return entry; // a run shorter than one logging interval logs nothing
  return { ...entry, samples: entry.samples?.map((s, i) => ({ ...s, timeseries: series[i]?.[metric] ?? [] })) };
}

/** Throughput first (iops_sec leading), then latencies, each in first-seen order. */
function metricOrder(names: readonly string[]): string[] {
  const rank = (m: string) => (m === 'iops_sec' ? 0 : metricInfo(m).workflow === 'throughput' ? 1 : 2);
  return [...names].sort((a, b) => rank(a) - rank(b));
}

/**
 * The pbench iteration: for each metric every sample yielded, one entry per worker (`client_hostname` = worker name,
 * role client) and the `client_hostname: "all"` aggregate (mean, n−1 stddev, stddevpct, samples), with unit and direction.
 */
export function buildIteration(name: string, number: number, benchmark: Record<string, unknown>, samples: readonly SampleMetrics[]): PbenchIteration {
  const first = samples[0];
  const names = first ? Object.keys(first.all).filter((m) => samples.every((s) => s.all[m] !== undefined)) : [];
  const throughput: Record<string, PbenchEntry[]> = {};
  const latency: Record<string, PbenchEntry[]> = {};
  for (const m of metricOrder(names)) {
    const info = metricInfo(m);
    const common = { description: info.description, unit: info.unit, direction: info.direction };
    const ss = (e: PbenchEntry, states: (SampleSteadyState | undefined)[]) => (m === 'iops_sec' ? withSteadyState(e, states) : e);
    const perWorker = (first?.workers ?? []).map((w, i) =>
      ss(
        withSeries(
          pbenchEntry(
            samples.map((s) => s.workers[i]?.metrics[m] ?? 0),
            { clientHostname: w.name, role: 'client', ...common },
          ),
          samples.map((s) => s.workers[i]?.series),
          m,
        ),
        samples.map((s) => s.workers[i]?.steadyState),
      ),
    );
    const all = ss(
      withSeries(
        pbenchEntry(
          samples.map((s) => s.all[m] as number),
          { clientHostname: 'all', role: 'aggregate', ...common },
        ),
        samples.map((s) => s.series),
        m,
      ),
      samples.map((s) => s.steadyState),
    );
    (info.workflow === 'throughput' ? throughput : latency)[m] = [...perWorker, all];
  }
  return {
    iteration_name: name,
    iteration_number: number,
    iteration_data: {
      parameters: { benchmark: [{ benchmark_name: 'fio', primary_metric: 'iops_sec', ...benchmark }] },
      throughput,
      latency,
    },
  };
}
