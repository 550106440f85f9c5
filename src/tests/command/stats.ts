// Condenses per-sample values into a pbench `all` entry: mean, sample standard deviation (n−1), stddev %, closest sample.
import type { PbenchEntry } from '../../result/pbench.js';

/** Arithmetic mean of a non-empty list. */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (Bessel's n−1 correction); 0 for a single value. */
export function sampleStddev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

export interface EntryOptions {
  clientHostname: string;
  role: 'client' | 'aggregate';
  description: string;
  unit: string;
  direction: 'higher' | 'lower';
}

/** A pbench per-client (or `all`) entry for a metric measured once per sample. */
export function pbenchEntry(values: readonly number[], o: EntryOptions): PbenchEntry {
  const m = mean(values);
  const sd = sampleStddev(values);
  let closest = 0;
  values.forEach((v, i) => {
    if (Math.abs(v - m) < Math.abs((values[closest] ?? v) - m)) closest = i;
  });
  return {
    client_hostname: o.clientHostname,
    role: o.role,
    mean: m,
    stddev: sd,
    stddevpct: m === 0 ? 0 : (sd / Math.abs(m)) * 100,
    closest_sample: String(closest + 1),
    description: o.description,
    uid: `${o.clientHostname}:${o.description}`,
    samples: values.map((value) => ({ value })),
    unit: o.unit,
    direction: o.direction,
  };
}
