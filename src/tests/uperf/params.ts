// Parameters of the uperf workload, with pbench-uperf's names and run-perf's defaults; lists (or "a,b" strings) sweep.
import { ConfigError } from '../../errors.js';

export type UperfTestType = 'stream' | 'maerts' | 'bidirec' | 'rr';
export type UperfProtocol = 'tcp' | 'udp';

export interface UperfParams {
  /** `stream` (client writes), `maerts` (client reads), `bidirec` (both), `rr` (request/response). @default ["stream"] */
  testTypes: UperfTestType[];
  /** @default ["tcp"] */
  protocols: UperfProtocol[];
  /** Message sizes in bytes (rr: request and response size). @default [1, 64, 16384] (run-perf) */
  messageSizes: number[];
  /** Threads per sample (uperf `nthreads`). @default [1] */
  instances: number[];
  /** Seconds per sample. @default 60 (run-perf) */
  runtime: number;
  /** @default 3 */
  samples: number;
  /** uperf master/slave control port; default: a free port picked per sample. */
  port?: number;
  /** The uperf binary. @default "uperf" */
  binary: string;
}

const KNOWN = new Set(['test-types', 'protocols', 'message-sizes', 'instances', 'runtime', 'samples', 'port', 'binary']);
const TYPES = ['stream', 'maerts', 'bidirec', 'rr'];

/** `"a,b"`, `["a","b"]` or a single value → list of strings. */
const words = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((s) => s.trim());
const positiveInts = (v: unknown): number[] | undefined => {
  const out = words(v).map(Number);
  return out.length > 0 && out.every((n) => Number.isInteger(n) && n > 0) ? out : undefined;
};

/** Validate and default the raw JSON params; throws one ConfigError listing every problem. */
export function parseUperfParams(raw: Record<string, unknown>): UperfParams {
  const issues: string[] = [];
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) issues.push(`${k}: unknown parameter (known: ${[...KNOWN].join(', ')})`);
  const testTypes = words(raw['test-types'] ?? 'stream');
  if (!testTypes.every((t) => TYPES.includes(t))) issues.push(`test-types: each must be one of ${TYPES.join(', ')}`);
  const protocols = words(raw['protocols'] ?? 'tcp');
  if (!protocols.every((p) => p === 'tcp' || p === 'udp')) issues.push('protocols: each must be tcp or udp');
  const messageSizes = positiveInts(raw['message-sizes'] ?? '1,64,16384');
  if (!messageSizes) issues.push('message-sizes: must be positive byte counts, e.g. "1,64,16384"');
  const instances = positiveInts(raw['instances'] ?? 1);
  if (!instances) issues.push('instances: must be positive thread counts, e.g. "1,8"');
  const runtime = Number(raw['runtime'] ?? 60);
  if (!(Number.isInteger(runtime) && runtime > 0)) issues.push('runtime: must be a positive integer of seconds');
  const samples = Number(raw['samples'] ?? 3);
  if (!(Number.isInteger(samples) && samples > 0)) issues.push('samples: must be a positive integer');
  const port = raw['port'] === undefined ? undefined : Number(raw['port']);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) issues.push('port: must be a TCP port number');
  const binary = raw['binary'] ?? 'uperf';
  if (typeof binary !== 'string' || binary === '') issues.push('binary: must be the uperf command name or path');
  if (issues.length > 0) throw new ConfigError(`test 'uperf' has invalid parameters`, issues, 'see docs/workloads.md#uperf');
  return {
    testTypes: testTypes as UperfTestType[],
    protocols: protocols as UperfProtocol[],
    messageSizes: messageSizes ?? [],
    instances: instances ?? [],
    runtime,
    samples,
    port,
    binary: binary as string,
  };
}
