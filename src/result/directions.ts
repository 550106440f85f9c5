// Infers a metric's unit and better direction from its workflow and name (perfgate's fio/uperf/iperf3 names included).
import type { CheckKind, Direction } from './types.js';

const LOWER = /(^|_)(lat|clat|slat|usec|msec|nsec|latency|retransmits|cpu|await|util|time|duration|wall)(_|$)/i;
const HIGHER = /(^|_)(iops|sec|Gb|Mb|bw|KiB|MiB|bandwidth|trans|ops|throughput)(_|$)/i;

const KNOWN_UNITS: Readonly<Record<string, string>> = {
  iops_sec: 'IOPS',
  Gb_sec: 'Gb/s',
  trans_sec: 'trans/s',
  clat: 'ns',
  lat: 'ns',
  slat: 'ns',
  usec: 'usec',
};

/**
 * Direction of a metric. An explicit direction in the file wins. Otherwise: the `throughput`
 * workflow is higher-is-better, `latency` lower-is-better, and other workflows are judged by name;
 * `.stddev` checks (relative noise) are lower-is-better; unknown names are two-sided.
 */
export function inferDirection(workflow: string, metric: string, kind: CheckKind, explicit?: unknown): Direction {
  if (kind === 'stddev') return 'lower';
  if (kind === 'error') return 'unknown';
  if (explicit === 'higher' || explicit === 'lower') return explicit;
  if (workflow === 'throughput') return 'higher';
  if (workflow === 'latency') return 'lower';
  if (LOWER.test(metric)) return 'lower';
  if (HIGHER.test(metric)) return 'higher';
  return 'unknown';
}

/** Unit of a metric: explicit in the file, else known pbench names, else the metric name itself. */
export function inferUnit(workflow: string, metric: string, kind: CheckKind, explicit?: unknown): string {
  if (kind === 'stddev') return '%';
  if (kind === 'error') return '';
  if (typeof explicit === 'string' && explicit !== '') return explicit;
  if (workflow === 'latency' && /^(clat|lat|slat)_p/.test(metric)) return 'ns';
  return KNOWN_UNITS[metric] ?? metric;
}
