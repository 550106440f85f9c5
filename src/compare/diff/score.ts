// diff-perf's scoring (run-perf §5): how close each candidate group is to the source, per primary/secondary level.
// Pure: takes plain values, returns per-id scores and level totals.

/** A value of one check in one result: the mean (or error text) and its relative stddev in % (0 = none). */
export interface DiffValue {
  mean: number | string;
  stddevPct: number;
}

export interface SourceEntry extends DiffValue {
  primary: boolean;
}

export interface IdScore {
  id: string;
  primary: boolean;
  method: 'sigma' | 'distance';
  /** Score of each candidate group (mean of its members). */
  groups: number[];
  /** Score of each member, per group. */
  members: number[][];
}

export interface DiffScores {
  /** Totals per level: [primary, secondary], each a list over candidate groups. */
  totals: [number[], number[]];
  ids: IdScore[];
  /** Ids skipped (not in any candidate, or indistinguishable). */
  skipped: string[];
}

export interface ScoreOptions {
  /** Multiplies σ: >1 flattens the curve (more tolerant), <1 sharpens it. Default 1. */
  flatten: number;
  /** Reproduce run-perf exactly, including its crash when only the source has a stddev (quirk 26). */
  compat: boolean;
}

/** Thrown in compat mode where the Python tool raises (exit 255). */
export class DiffScoreError extends Error {}

/** Gaussian kernel scaled so equality scores ≈ 1: exp(−(x−s)²/(2σ²))·2.51/√(2π). */
const SIGMA_SCALE = 2.51 / Math.sqrt(2 * Math.PI);

function sigmaScores(src: SourceEntry, groups: (DiffValue | undefined)[][], opts: ScoreOptions): number[][] | undefined {
  const candStd: number[] = [];
  for (const g of groups) for (const m of g) if (m && m.stddevPct && typeof m.mean === 'number') candStd.push((m.stddevPct * m.mean) / 100);
  const srcStd = src.stddevPct && typeof src.mean === 'number' ? (src.stddevPct * src.mean) / 100 : undefined;
  if (candStd.length === 0 && srcStd === undefined) return undefined;
  if (candStd.length === 0) {
    if (opts.compat) throw new DiffScoreError('max() arg is an empty sequence (only the source has a stddev)');
    return undefined; // fall back to the distance method
  }
  let sigma = Math.max(...candStd);
  if (srcStd !== undefined) sigma = Math.max(sigma, srcStd);
  sigma *= opts.flatten;
  // (a tiny σ, e.g. from --flatten-coefficient 1e-300, squares to 0: Python divides by zero there too)
  if (sigma === 0 || !Number.isFinite(sigma) || 2 * sigma * sigma === 0) {
    if (opts.compat) throw new DiffScoreError('float division by zero (sigma is 0)');
    return undefined;
  }
  const s = src.mean as number;
  return groups.map((g) =>
    g.map((m) => (m && typeof m.mean === 'number' ? Math.exp(-((m.mean - s) ** 2) / (2 * sigma * sigma)) * SIGMA_SCALE : 0)),
  );
}

function distanceScores(src: SourceEntry, groups: (DiffValue | undefined)[][]): number[][] | undefined {
  const dist = (m: DiffValue | undefined): number | undefined => {
    if (!m) return undefined;
    if (typeof m.mean === 'number' && typeof src.mean === 'number') return Math.abs(m.mean - src.mean);
    return m.mean === src.mean ? 0 : 1;
  };
  const raw = groups.map((g) => g.map(dist));
  const present = raw.flat().filter((d): d is number => d !== undefined);
  const missing = present.length !== raw.flat().length;
  const max = present.length ? Math.max(...present) : 0;
  const min = present.length ? Math.min(...present) : 0;
  if (!missing && max === min) return undefined; // indistinguishable
  const missingValue = max === min ? (min === 0 ? 1 : 2 * min) : 2 * max;
  const filled = raw.map((g) => g.map((d) => (d === undefined ? missingValue : d)));
  const norm = Math.max(...filled.flat()) / 3;
  return filled.map((g) => g.map((d) => Math.exp(-((d / norm) ** 2) / 2) / 2));
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Score candidate groups against the source. `candidates[g][m]` maps id → value for member m of group g.
 * Ids of the source absent from every candidate are skipped.
 */
export function scoreCandidates(source: ReadonlyMap<string, SourceEntry>, candidates: ReadonlyMap<string, DiffValue>[][], opts: ScoreOptions): DiffScores {
  const totals: [number[], number[]] = [candidates.map(() => 0), candidates.map(() => 0)];
  const ids: IdScore[] = [];
  const skipped: string[] = [];
  for (const [id, src] of source) {
    const groups = candidates.map((g) => g.map((member) => member.get(id)));
    if (!groups.some((g) => g.some((m) => m !== undefined))) {
      skipped.push(id);
      continue;
    }
    let method: IdScore['method'] = 'sigma';
    let members = sigmaScores(src, groups, opts);
    if (!members) {
      method = 'distance';
      members = distanceScores(src, groups);
    }
    if (!members) {
      skipped.push(id);
      continue;
    }
    const groupScores = members.map(mean);
    const level = src.primary ? 0 : 1;
    groupScores.forEach((s, i) => (totals[level][i] = (totals[level][i] ?? 0) + s));
    ids.push({ id, primary: src.primary, method, groups: groupScores, members });
  }
  return { totals, ids, skipped };
}

/** Pick the winner: highest primary total; ties broken by the secondary total; then the first. */
export function pickWinner(totals: [number[], number[]]): { index: number; unresolvedLevels: number[] } {
  let tied = totals[0].map((_, i) => i);
  const unresolvedLevels: number[] = [];
  for (let level = 0; level < 2; level++) {
    const values: number[] = totals[level] ?? [];
    const best = Math.max(...tied.map((i) => values[i] ?? -Infinity));
    tied = tied.filter((i) => values[i] === best);
    if (tied.length === 1) return { index: tied[0] ?? 0, unresolvedLevels };
    unresolvedLevels.push(level);
  }
  return { index: tied[0] ?? 0, unresolvedLevels };
}
