// Steady-state test of a per-interval series after SNIA PTS: data excursion and the fitted line's excursion over the last W rounds.

/** SNIA PTS measurement window: 5 rounds. */
export const SNIA_WINDOW = 5;
/** Allowed data excursion max − min, as a fraction of the window average (SNIA PTS; StorPerf's RANGE_DEVIATION). */
export const RANGE_LIMIT = 0.2;
/** Allowed excursion of the least-squares line across the window, as a fraction of the window average (SNIA PTS). */
export const EXCURSION_LIMIT = 0.1;

export interface SteadyState {
  /** W: the number of last points judged. */
  window: number;
  /** ȳ: average over the window. */
  mean: number;
  /** R = max − min over the window (data excursion). */
  range: number;
  /** β: least-squares slope per interval over the window. */
  slope: number;
  /** |β|·(W−1): how far the fitted line moves across the window (slope excursion). */
  excursion: number;
  /** R in % of |ȳ| (0 when R = 0; Infinity when ȳ = 0 and R > 0). */
  rangePct: number;
  /** |β|·(W−1) in % of |ȳ| (0 when it is 0; Infinity when ȳ = 0 otherwise). */
  excursionPct: number;
  rangeOk: boolean;
  excursionOk: boolean;
  /** R ≤ 0.20·|ȳ| and |β|·(W−1) ≤ 0.10·|ȳ|. */
  steady: boolean;
}

const pct = (v: number, of: number) => (v === 0 ? 0 : of === 0 ? Infinity : (v / of) * 100);

/**
 * SNIA Solid State Storage Performance Test Specification (PTS) Enterprise, steady-state definition: over a measurement
 * window of W rounds (default 5), with ȳ the window average, the data excursion R = max − min must be ≤ 20 % of ȳ and
 * the excursion of the least-squares line across the window, |β|·(W−1), must be ≤ 10 % of ȳ. β is the ordinary
 * least-squares slope β = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)² with x = 0…W−1 (the interval index).
 *
 * This is stricter than OPNFV StorPerf's rule (|β| ≤ 10 % of ȳ per sample, i.e. looser by about W−1), see
 * reference/fio-and-peers.md §7.5: ten values rising by 2 from 100 are steady for StorPerf, not for SNIA.
 * An all-zero window is steady (0 ≤ 0), as in StorPerf. Only the last W points count; with fewer than W points there
 * is no verdict: the result is undefined ("not enough intervals"). Non-finite values also give undefined.
 */
export function steadyState(y: readonly number[], window: number = SNIA_WINDOW): SteadyState | undefined {
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`steady-state window must be an integer ≥ 2, got ${window}`);
  if (y.length < window) return undefined;
  const w = y.slice(y.length - window);
  if (w.some((v) => !Number.isFinite(v))) return undefined;
  const mean = w.reduce((a, b) => a + b, 0) / window;
  const range = Math.max(...w) - Math.min(...w);
  const xBar = (window - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  w.forEach((v, x) => {
    sxy += (x - xBar) * (v - mean);
    sxx += (x - xBar) ** 2;
  });
  const slope = sxy / sxx;
  const excursion = Math.abs(slope) * (window - 1);
  const scale = Math.abs(mean);
  const rangeOk = range <= RANGE_LIMIT * scale;
  const excursionOk = excursion <= EXCURSION_LIMIT * scale;
  return { window, mean, range, slope, excursion, rangePct: pct(range, scale), excursionPct: pct(excursion, scale), rangeOk, excursionOk, steady: rangeOk && excursionOk };
}
