// Multiplicity adjustment of p-values: Holm's step-down (FWER) and Benjamini–Hochberg's step-up (FDR).

/** Indices of p sorted ascending (stable for ties). */
function order(p: readonly number[]): number[] {
  return p.map((_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
}

/**
 * Holm's step-down adjusted p-values (Holm 1979, "A simple sequentially rejective multiple test
 * procedure"): p̃_(i) = max_{j ≤ i} min(1, (K − j + 1)·p_(j)). Rejecting p̃ ≤ α controls the family-wise
 * error rate at α under any dependence. NaN entries are treated as 1.
 */
export function holmAdjust(p: readonly number[]): number[] {
  const k = p.length;
  const q = p.map((x) => (Number.isNaN(x) ? 1 : x));
  const out = new Array<number>(k);
  let running = 0;
  order(q).forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (k - rank) * q[idx]!));
    out[idx] = running;
  });
  return out;
}

/**
 * Benjamini–Hochberg step-up adjusted p-values (Benjamini & Hochberg 1995): p̃_(i) = min_{j ≥ i}
 * min(1, K·p_(j)/j). Rejecting p̃ ≤ q controls the false discovery rate at q for independent or positively
 * dependent (PRDS) tests. NaN entries are treated as 1.
 */
export function benjaminiHochbergAdjust(p: readonly number[]): number[] {
  const k = p.length;
  const q = p.map((x) => (Number.isNaN(x) ? 1 : x));
  const idx = order(q);
  const out = new Array<number>(k);
  let running = 1;
  for (let r = k - 1; r >= 0; r--) {
    const i = idx[r]!;
    running = Math.min(running, Math.min(1, (k * q[i]!) / (r + 1)));
    out[i] = running;
  }
  return out;
}

/**
 * The per-test level at which Holm's procedure stopped for a family at FWER α: α/(K − r) where r is the
 * number of rejections (α/1 when everything was rejected). A test not rejected would have needed p below it.
 */
export function holmStopLevel(p: readonly number[], alpha: number): number {
  const k = p.length;
  const s = p.map((x) => (Number.isNaN(x) ? 1 : x)).sort((a, b) => a - b);
  for (let r = 0; r < k; r++) if (s[r]! > alpha / (k - r)) return alpha / (k - r);
  return alpha;
}
