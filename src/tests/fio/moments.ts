// Combining latency summaries (N, mean, stddev, min, max) of several jobs or workers into one, exactly.

/** A latency summary as fio reports it: count, mean, sample standard deviation (n−1), min, max. */
export interface Moments {
  n: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
}

export const EMPTY_MOMENTS: Moments = { n: 0, mean: 0, stddev: 0, min: 0, max: 0 };

/**
 * Pool summaries of disjoint sets of observations: the mean weighted by n, and the variance by the parallel
 * (Chan, Golub & LeVeque 1979) formula M2 = Σ[(nᵢ−1)·sᵢ² + nᵢ·(x̄ᵢ − x̄)²], s = √(M2/(N−1)), with fio's n−1 convention
 * (stat.c, calc_lat). Parts with n = 0 are ignored. Assumes each part's stddev is itself a sample (n−1) stddev.
 */
export function combineMoments(parts: readonly Moments[]): Moments {
  const live = parts.filter((p) => p.n > 0);
  const n = live.reduce((a, p) => a + p.n, 0);
  if (n === 0) return EMPTY_MOMENTS;
  if (live.length === 1) return live[0] as Moments; // exactly fio's numbers, without n·mean/n rounding
  const mean = live.reduce((a, p) => a + p.n * p.mean, 0) / n;
  const m2 = live.reduce((a, p) => a + (p.n - 1) * p.stddev ** 2 + p.n * (p.mean - mean) ** 2, 0);
  return {
    n,
    mean,
    stddev: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
    min: Math.min(...live.map((p) => p.min)),
    max: Math.max(...live.map((p) => p.max)),
  };
}
