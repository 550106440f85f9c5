// run-perf's uncertainty factor for n observations, used by the stddev model, grouped checks and modifiers.

/** Factor per number of observations 1..8 (run-perf's table); 1 from 9 on. */
const TABLE = [7, 2.3, 1.7, 1.4, 1.3, 1.3, 1.2, 1.2] as const;

/** run-perf `get_uncertainty(n)`: how much wider a band drawn from n samples must be (1 for n > 8). */
export function uncertainty(n: number): number {
  if (n < 1) throw new RangeError(`uncertainty needs at least one observation, got ${n}`);
  return n <= TABLE.length ? (TABLE[n - 1] as number) : 1;
}
