// The metrics a fio sample yields (pbench's iops_sec, clat, lat, slat plus bandwidth, percentiles, per-direction values).
import type { DirectionStats, FioStats } from './aggregate.js';
import { totalOverDirections } from './aggregate.js';
import { percentilesFromBins } from './histogram.js';
import type { DirectionName } from './parse.js';

export interface MetricInfo {
  workflow: 'throughput' | 'latency';
  unit: string;
  direction: 'higher' | 'lower';
  description: string;
}

/** Percentiles computed from the merged json+ bins, and their metric-name suffixes (no `.`: it breaks run-perf ids). */
export const PERCENTILES: readonly (readonly [number, string])[] = [
  [50, 'p50'],
  [90, 'p90'],
  [99, 'p99'],
  [99.9, 'p99_9'],
];

const MIB = 1024 * 1024;

/** Metric name → description, unit, workflow. Latencies are in ns, as pbench-fio writes clat/lat/slat. */
export function metricInfo(name: string): MetricInfo {
  const dir = /^(read|write|trim)_/.exec(name)?.[1];
  const base = dir ? name.slice(dir.length + 1) : name;
  const which = dir ? `${dir} ` : '';
  if (base === 'iops_sec') return { workflow: 'throughput', unit: 'IOPS', direction: 'higher', description: `Number of ${which}I/O operations per second` };
  if (base === 'MiB_sec') return { workflow: 'throughput', unit: 'MiB/s', direction: 'higher', description: `${dir ? `${dir[0]?.toUpperCase()}${dir.slice(1)} b` : 'B'}andwidth in MiB per second` };
  if (base === 'iops_ss_excursion_pct') return { workflow: 'throughput', unit: '%', direction: 'lower', description: 'Steady state (SNIA PTS): excursion of the least-squares line of per-interval IOPS over the window, in % of its average' };
  if (base === 'iops_ss_range_pct') return { workflow: 'throughput', unit: '%', direction: 'lower', description: 'Steady state (SNIA PTS): max − min of per-interval IOPS over the window, in % of its average' };
  const pct = /^clat_(p[0-9_]+)$/.exec(base)?.[1];
  if (pct) return { workflow: 'latency', unit: 'ns', direction: 'lower', description: `${pct.slice(1).replace('_', '.')}th percentile of ${which}completion latency (json+ bins)` };
  const kinds: Record<string, string> = { clat: 'completion', lat: 'total', slat: 'submission' };
  return { workflow: 'latency', unit: 'ns', direction: 'lower', description: `Average ${kinds[base] ?? base} latency per ${which}I/O operation` };
}

function directionMetrics(s: DirectionStats, prefix: string, out: Record<string, number>, withSlat: boolean): void {
  out[`${prefix}iops_sec`] = s.iops;
  out[`${prefix}MiB_sec`] = s.bwBytes / MIB;
  if (s.clat.n > 0) out[`${prefix}clat`] = s.clat.mean;
  if (s.lat.n > 0) out[`${prefix}lat`] = s.lat.mean;
  if (withSlat && s.slat.n > 0) out[`${prefix}slat`] = s.slat.mean;
  const values = percentilesFromBins(s.clatBins, PERCENTILES.map(([p]) => p));
  PERCENTILES.forEach(([, suffix], i) => {
    const v = values[i];
    if (v !== undefined) out[`${prefix}clat_${suffix}`] = v;
  });
}

/**
 * Metrics of one sample. Unprefixed ones pool all directions (pbench's iops_sec is reads + writes); a mixed workload
 * (I/O in more than one direction) adds `read_…`/`write_…` variants. Latency metrics appear only when fio measured them
 * (slat is 0 samples for synchronous engines).
 */
export function sampleMetrics(stats: FioStats): Record<string, number> {
  const out: Record<string, number> = {};
  directionMetrics(totalOverDirections(stats), '', out, true);
  const active = (['read', 'write', 'trim'] as DirectionName[]).filter((d) => stats[d].totalIos > 0);
  if (active.length > 1) for (const d of active) directionMetrics(stats[d], `${d}_`, out, false);
  return out;
}
