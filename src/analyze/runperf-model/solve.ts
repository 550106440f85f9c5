// The 2x2 solve of run-perf's models, reproducing LAPACK dgesv (partial pivoting, no FMA) bit for bit.

/**
 * Solve `a·hi + b = t`, `a·lo + b = −t` as numpy.linalg.solve([[hi, 1], [lo, 1]], [t, −t]) does with a
 * reference LAPACK dgesv (runperf-spec §7): pivot on the larger |x| (hi on ties), m = other·(1/pivot),
 * u22 = 1 − m, y2 = other_rhs − m·pivot_rhs, b = y2/u22, a = (pivot_rhs − b)/pivot.
 * Returns undefined for a singular system (an exactly zero pivot), where numpy raises LinAlgError.
 */
export function solveBand(hi: number, lo: number, t: number): [number, number] | undefined {
  const hiPivot = Math.abs(hi) >= Math.abs(lo);
  const px = hiPivot ? hi : lo;
  const prhs = hiPivot ? t : -t;
  const ox = hiPivot ? lo : hi;
  const orhs = hiPivot ? -t : t;
  if (px === 0) return undefined;
  const m = ox * (1 / px);
  const u22 = 1 - m;
  if (u22 === 0) return undefined;
  const y2 = orhs - m * prhs;
  const b = y2 / u22;
  const a = (prhs - b) / px;
  return [a, b];
}
