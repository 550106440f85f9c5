// fio json+ latency histograms: merging bins across jobs and workers, and percentiles by fio's own rule.

/** Histogram: bucket value in ns → number of I/Os (only non-empty buckets). */
export type Bins = Map<number, number>;

/** Read a json+ `clat_ns.bins` object (`{"286": 4, …}`). */
export function binsFromJson(bins: Readonly<Record<string, number>> | undefined): Bins {
  const out: Bins = new Map();
  for (const [k, v] of Object.entries(bins ?? {})) if (v > 0) out.set(Number(k), (out.get(Number(k)) ?? 0) + v);
  return out;
}

/**
 * Merge histograms by summing counts per bucket. Every fio uses the same log-linear bucket scheme (values below
 * 128 ns exact, each further power of two split into 64 buckets keyed by their midpoint), so the merged histogram
 * is exactly what fio would report for the combined I/Os (fio-and-peers §2.6).
 */
export function mergeBins(list: Iterable<ReadonlyMap<number, number>>): Bins {
  const out: Bins = new Map();
  for (const bins of list) for (const [k, v] of bins) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** Total number of I/Os in a histogram. */
export function binCount(bins: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const v of bins.values()) n += v;
  return n;
}

/**
 * Percentiles by fio's rule (stat.c, calc_clat_percentiles): with buckets sorted by value and N the total count,
 * the p-th percentile is the first bucket value whose cumulative count reaches p/100 · N. This reproduces fio's own
 * `percentile` values exactly. Returns undefined for each p when the histogram is empty.
 */
export function percentilesFromBins(bins: ReadonlyMap<number, number>, ps: readonly number[]): (number | undefined)[] {
  const n = binCount(bins);
  if (n === 0) return ps.map(() => undefined);
  const sorted = [...bins.entries()].sort((a, b) => a[0] - b[0]);
  return ps.map((p) => {
    const need = (p / 100) * n;
    let cum = 0;
    for (const [value, count] of sorted) {
      cum += count;
      if (cum >= need) return value;
    }
    return sorted.at(-1)?.[0];
  });
}
