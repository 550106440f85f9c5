// The contract of a system monitor (iostat, vmstat, mpstat): how to start it and how to condense its raw output.

/** One condensed value of a monitored sample, e.g. `iostat_vda_util_pct`. */
export interface MonitorMetric {
  value: number;
  unit: string;
}

export interface MonitorTool {
  readonly name: string;
  /** Binary that must exist on every worker. */
  readonly binary: string;
  /** File name of the raw output kept per sample and worker. */
  readonly file: string;
  /** argv printing one report every `interval` seconds until interrupted with SIGINT. */
  argv(interval: number): string[];
  /** Mean values over the reports of one sample's raw output; empty when it holds no report. */
  summarize(raw: string): Record<string, MonitorMetric>;
}

/** Metric-name-safe word: run-perf check ids split on `.` and `/`. */
export const safeName = (text: string): string => text.replace(/[^A-Za-z0-9_]/g, '_');

export const average = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
