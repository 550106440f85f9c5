// Types of run-perf's pbench-like result.json (a list of iterations), as written by run-perf and read by compare-perf.

/** One per-client (or the `client_hostname: "all"` aggregate) entry of a metric. */
export interface PbenchEntry {
  client_hostname: string;
  role?: 'client' | 'aggregate' | (string & {});
  mean: number;
  stddev?: number;
  stddevpct: number;
  closest_sample?: string;
  description?: string;
  uid?: string;
  samples?: { value: number; timeseries?: { date: number; value: number }[] }[];
  /** perfgate additions (ignored by the Python tools). */
  unit?: string;
  direction?: 'higher' | 'lower';
}

export interface PbenchIterationData {
  parameters?: {
    benchmark?: Record<string, unknown>[];
    user?: Record<string, unknown>[];
  };
  throughput?: Record<string, PbenchEntry[]>;
  latency?: Record<string, PbenchEntry[]>;
  [workflow: string]: unknown;
}

/** One element of result.json. */
export interface PbenchIteration {
  iteration_name: string;
  iteration_number?: number;
  iteration_data: PbenchIterationData;
}

export type PbenchResult = PbenchIteration[];
