// E-divisive means change-point detection (Matteson & James 2014) with a seeded permutation test.
import { createRng, shuffleInPlace, type Rng } from '../prng.js';

export interface EDivisiveOptions {
  /** Significance level of each permutation test. @default 0.05 (MongoDB's choice) */
  pThreshold?: number;
  /** Permutations per test (p has resolution 1/(R + 1)). @default 199 */
  permutations?: number;
  /** Minimum number of points in a segment. @default 3 */
  minSize?: number;
  /** Seed of the permutation generator: results are deterministic for a seed. @default 1 */
  seed?: number;
  /** Exponent α ∈ (0, 2) of the energy distance. @default 1 */
  exponent?: number;
}

export interface EDivisiveChange {
  /** Index of the first point of the new segment. */
  index: number;
  /** The energy statistic Q̂ at the split. */
  statistic: number;
  /** Permutation p-value, (#{Q̂_perm ≥ Q̂} + 1)/(R' + 1) over the R' permutations run. */
  pValue: number;
}

interface Best {
  index: number;
  q: number;
}

/**
 * Best split of z[start, end) maximising Q̂(τ) = (n m/(n + m))·Ê, with the energy distance
 * Ê = 2/(nm) Σ|X_i − Y_j|^α − Σ_{i<k}|X_i − X_k|^α/C(n,2) − Σ_{j<k}|Y_j − Y_k|^α/C(m,2)
 * (Matteson & James 2014, JASA 109(505), eq. 5 with κ fixed at the segment end, as Hunter/Otava do).
 * O(L²) by moving one point at a time from the right to the left part.
 */
function bestSplit(z: readonly number[], start: number, end: number, minSize: number, exponent: number): Best | undefined {
  const len = end - start;
  if (len < 2 * minSize) return undefined;
  const d = (i: number, j: number): number => Math.abs(z[start + i]! - z[start + j]!) ** exponent;
  // Initial state: left = [0, minSize), right = [minSize, len).
  let wl = 0;
  let wr = 0;
  let between = 0;
  for (let i = 0; i < len; i++) {
    for (let j = i + 1; j < len; j++) {
      const v = d(i, j);
      if (j < minSize) wl += v;
      else if (i >= minSize) wr += v;
      else between += v;
    }
  }
  let best: Best | undefined;
  for (let tau = minSize; tau <= len - minSize; tau++) {
    const n = tau;
    const m = len - tau;
    const e = (2 * between) / (n * m) - (n > 1 ? wl / ((n * (n - 1)) / 2) : 0) - (m > 1 ? wr / ((m * (m - 1)) / 2) : 0);
    const q = ((n * m) / (n + m)) * e;
    if (best === undefined || q > best.q) best = { index: start + tau, q };
    if (tau === len - minSize) break;
    // Move point tau from the right part to the left part.
    let toLeft = 0;
    let toRight = 0;
    for (let i = 0; i < tau; i++) toLeft += d(i, tau);
    for (let j = tau + 1; j < len; j++) toRight += d(tau, j);
    between += toRight - toLeft;
    wl += toLeft;
    wr -= toRight;
  }
  return best;
}

/** The largest Q̂ over all segments of a segmentation (given as sorted boundaries including 0 and n). */
function bestOverSegments(z: readonly number[], bounds: readonly number[], minSize: number, exponent: number): Best | undefined {
  let best: Best | undefined;
  for (let s = 0; s + 1 < bounds.length; s++) {
    const b = bestSplit(z, bounds[s]!, bounds[s + 1]!, minSize, exponent);
    if (b !== undefined && (best === undefined || b.q > best.q)) best = b;
  }
  return best;
}

/** Permutes the values within each segment (Matteson & James 2014 §3.2), returning a new array. */
function permuteWithinSegments(z: readonly number[], bounds: readonly number[], rng: Rng): number[] {
  const out = [...z];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const seg = out.slice(bounds[s], bounds[s + 1]);
    shuffleInPlace(seg, rng);
    for (let i = 0; i < seg.length; i++) out[bounds[s]! + i] = seg[i]!;
  }
  return out;
}

/**
 * Hierarchical divisive change-point detection: repeatedly take the split with the largest Q̂ over the
 * current segments and keep it if a permutation test (values permuted within the current segments) gives
 * p ≤ pThreshold; stop at the first non-significant split. Distribution-free: under an unchanged series
 * of exchangeable values, the chance of reporting any change point is ≤ pThreshold. The permutation loop
 * stops early once p > pThreshold is certain (Besag & Clifford 1991 sequential Monte Carlo p-values).
 */
export function eDivisive(z: readonly number[], options: EDivisiveOptions = {}): EDivisiveChange[] {
  const pThreshold = options.pThreshold ?? 0.05;
  const permutations = options.permutations ?? 199;
  const minSize = Math.max(1, options.minSize ?? 3);
  const exponent = options.exponent ?? 1;
  const rng = createRng(options.seed ?? 1);
  const bounds = [0, z.length];
  const changes: EDivisiveChange[] = [];
  const maxExceed = Math.floor(pThreshold * (permutations + 1));
  for (;;) {
    const best = bestOverSegments(z, bounds, minSize, exponent);
    if (best === undefined || !(best.q > 0)) break;
    let exceed = 0;
    let run = 0;
    for (; run < permutations; run++) {
      const pb = bestOverSegments(permuteWithinSegments(z, bounds, rng), bounds, minSize, exponent);
      if (pb !== undefined && pb.q >= best.q) exceed++;
      if (exceed > maxExceed) {
        run++;
        break;
      }
    }
    const pValue = (exceed + 1) / (run + 1);
    if (pValue > pThreshold) break;
    changes.push({ index: best.index, statistic: best.q, pValue });
    bounds.push(best.index);
    bounds.sort((a, b) => a - b);
  }
  return changes.sort((a, b) => a.index - b.index);
}
