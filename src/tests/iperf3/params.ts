// Parameters of the iperf3 workload, validated all at once; lists sweep (protocol, parallel, length, bitrate).
import { ConfigError } from '../../errors.js';
import type { Scalar } from '../../plugins/sweep.js';

export interface Iperf3Params {
  /** `tcp` or `udp`; a list sweeps. @default "tcp" */
  protocol: Scalar | Scalar[];
  /** Parallel client streams (`-P`); a list sweeps. @default 1 */
  parallel: Scalar | Scalar[];
  /** Seconds per sample (`-t`). @default 10 */
  duration: number;
  /** Seconds omitted at the start of each sample (`-O`, TCP slow start). @default 0 */
  omit: number;
  /** Buffer / datagram length (`-l`, e.g. `128K`, `1400`); a list sweeps. @default iperf3's own */
  length?: Scalar | Scalar[];
  /** Target bitrate (`-b`, e.g. `100M`); iperf3's UDP default is 1 Mbit/s; a list sweeps. */
  bitrate?: Scalar | Scalar[];
  /** Server sends, client receives (`-R`). @default false */
  reverse: boolean;
  /** Server port; default: a free port picked per sample (retried when taken). */
  port?: number;
  /** Samples (separate iperf3 runs) per iteration. @default 3 */
  samples: number;
}

const KNOWN = new Set(['protocol', 'parallel', 'duration', 'omit', 'length', 'bitrate', 'reverse', 'port', 'samples']);
const SIZE = /^\d+(\.\d+)?[KMGkmg]?$/;

const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
/** A comma-separated string (`"1,4,8"`, run-perf's style) becomes a list. */
const splitCommas = (v: unknown): unknown => (typeof v === 'string' && v.includes(',') ? v.split(',').map((s) => s.trim()) : v);
const asNumber = (v: unknown): unknown => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);

/** Validate and default the raw JSON params; throws one ConfigError listing every problem. */
export function parseIperf3Params(raw: Record<string, unknown>): Iperf3Params {
  const issues: string[] = [];
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) issues.push(`${k}: unknown parameter (known: ${[...KNOWN].join(', ')})`);
  const protocol = splitCommas(raw['protocol'] ?? 'tcp');
  if (!list(protocol).every((p) => p === 'tcp' || p === 'udp') || list(protocol).length === 0) issues.push('protocol: must be "tcp", "udp" or a list of them');
  const parallelRaw = splitCommas(raw['parallel'] ?? 1);
  const parallel = Array.isArray(parallelRaw) ? parallelRaw.map(asNumber) : asNumber(parallelRaw);
  if (!list(parallel).every(isPositiveInt) || list(parallel).length === 0) issues.push('parallel: must be a positive integer or a list of them');
  const duration = asNumber(raw['duration'] ?? 10);
  if (!isPositiveInt(duration)) issues.push('duration: must be a positive integer of seconds');
  const omit = asNumber(raw['omit'] ?? 0);
  if (!(Number.isInteger(omit) && (omit as number) >= 0)) issues.push('omit: must be a non-negative integer of seconds');
  const length = splitCommas(raw['length']);
  if (length !== undefined && !list(length).every((v) => SIZE.test(String(v)))) issues.push('length: must be a size such as 1400, "128K" or a list of them');
  const bitrate = splitCommas(raw['bitrate']);
  if (bitrate !== undefined && !list(bitrate).every((v) => SIZE.test(String(v)))) issues.push('bitrate: must be a rate such as "100M", "1G" or a list of them');
  const reverse = raw['reverse'] ?? false;
  if (typeof reverse !== 'boolean') issues.push('reverse: must be true or false');
  const port = asNumber(raw['port']);
  if (port !== undefined && !(Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536)) issues.push('port: must be a TCP port number');
  const samples = asNumber(raw['samples'] ?? 3);
  if (!isPositiveInt(samples)) issues.push('samples: must be a positive integer');
  if (issues.length > 0) throw new ConfigError(`test 'iperf3' has invalid parameters`, issues, 'see docs/workloads.md#iperf3');
  return {
    protocol: protocol as Scalar | Scalar[],
    parallel: parallel as Scalar | Scalar[],
    duration: duration as number,
    omit: omit as number,
    length: length as Scalar | Scalar[] | undefined,
    bitrate: bitrate as Scalar | Scalar[] | undefined,
    reverse: reverse as boolean,
    port: port as number | undefined,
    samples: samples as number,
  };
}
