// History mode: change points of every primary metric over an ordered series of builds (E-divisive means), as a listing.
import type { ResultTree } from '../../result/types.js';
import { eDivisive } from '../stats/change-points/e-divisive.js';
import { median } from '../stats/descriptive.js';

export interface ChangeListOptions {
  /** Significance level of each permutation test. @default 0.01 */
  pThreshold?: number;
  /** Permutations per test. @default 199 */
  permutations?: number;
  /** Minimum builds per segment. @default 3 */
  minSize?: number;
  seed?: number;
  /** Also analyse non-primary checks. @default false */
  all?: boolean;
}

export interface ListedChange {
  id: string;
  /** First build after the change (name) and its position in the series. */
  build: string;
  index: number;
  /** The build before it (the culprit range is (previous, build]). */
  previous: string;
  /** Medians of the segments before and after, in the metric's units. */
  before: number;
  after: number;
  /** Relative change of the medians in % (undefined for a zero median), and its sign judged by direction. */
  change: number | undefined;
  /** `regression`, `improvement` or `change` (direction unknown). */
  kind: 'regression' | 'improvement' | 'change';
  pValue: number;
  /** 1 − p. */
  confidence: number;
}

/**
 * Change points per check over `trees` (oldest first): E-divisive means (Matteson & James 2014) with a
 * seeded permutation test per split, on ln values when all are > 0. Sorted by build, then check id.
 */
export function listChanges(trees: readonly ResultTree[], options: ChangeListOptions = {}): ListedChange[] {
  const series = new Map<string, { direction: string; points: { build: number; value: number }[] }>();
  trees.forEach((tree, b) => {
    for (const c of tree.checks) {
      if ((!c.primary && !options.all) || c.kind === 'error' || typeof c.value !== 'number' || !Number.isFinite(c.value)) continue;
      const e = series.get(c.id) ?? { direction: c.direction, points: [] };
      e.points.push({ build: b, value: c.value });
      series.set(c.id, e);
    }
  });
  const out: ListedChange[] = [];
  for (const [id, { direction, points }] of series) {
    const values = points.map((p) => p.value);
    const log = values.every((v) => v > 0);
    const z = log ? values.map(Math.log) : values;
    const cps = eDivisive(z, { pThreshold: options.pThreshold ?? 0.01, permutations: options.permutations ?? 199, minSize: options.minSize ?? 3, seed: options.seed ?? 1 });
    const bounds = [0, ...cps.map((c) => c.index), values.length];
    cps.forEach((cp, k) => {
      const before = median(values.slice(bounds[k], bounds[k + 1]));
      const after = median(values.slice(bounds[k + 1], bounds[k + 2]));
      const change = before === 0 ? undefined : ((after - before) / Math.abs(before)) * 100;
      const up = after > before;
      const kind = direction === 'unknown' ? 'change' : (direction === 'higher') === up ? 'improvement' : 'regression';
      const b = points[cp.index]!.build;
      out.push({ id, build: trees[b]!.name, index: b, previous: trees[points[cp.index - 1]!.build]!.name, before, after, change, kind, pValue: cp.pValue, confidence: 1 - cp.pValue });
    });
  }
  return out.sort((a, b) => a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** How many series listChanges tests (primary numeric checks, or all with `all`). */
export function seriesCount(trees: readonly ResultTree[], all = false): number {
  const ids = new Set<string>();
  for (const t of trees) for (const c of t.checks) if ((c.primary || all) && c.kind !== 'error' && typeof c.value === 'number' && Number.isFinite(c.value)) ids.add(c.id);
  return ids.size;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * The fewest builds for which the permutation test can reach `pThreshold` for a clean step: the 2 of
 * C(n, ⌊n/2⌋) orderings that put the same values on each side match it, so the exact p is at least
 * q = 2/C(n, ⌊n/2⌋), and the Monte-Carlo estimate (1 + exceedances)/(B + 1) with B permutations is
 * (1 + B·q)/(B + 1) on average.
 */
export function minBuildsForChanges(pThreshold = 0.01, permutations = 199): number {
  let n = 2;
  while ((1 + (permutations * 2) / binomial(n, Math.floor(n / 2))) / (permutations + 1) > pThreshold) n++;
  return n;
}

/** A plain-text listing, one change per line, for analyze-perf --changes. */
export function formatChanges(changes: readonly ListedChange[], builds: number, metrics?: number): string {
  const tested = metrics === undefined ? '' : ` (${metrics} metric(s) tested)`;
  if (changes.length === 0) {
    const need = minBuildsForChanges();
    const why = builds < need ? `: too few builds to detect any change: with ${builds} builds the permutation test cannot reach p ≤ 0.01 even for a clean step; give at least ${need} (20 or more for steps near the noise)` : '';
    return `No change points over ${builds} builds${tested}${why}.\n`;
  }
  const lines = changes.map((c) => {
    const size = c.change === undefined ? `${c.before} → ${c.after}` : `${c.change > 0 ? '+' : ''}${c.change.toFixed(2)}%`;
    return `${c.kind.toUpperCase().padEnd(11)} ${c.build} (after ${c.previous})  ${size.padStart(9)}  ${c.id}  median ${fmt(c.before)} → ${fmt(c.after)}, p=${c.pValue.toFixed(3)}, confidence ${(100 * c.confidence).toFixed(1)}%`;
  });
  return `${changes.length} change point(s) over ${builds} builds${tested}:\n${lines.join('\n')}\n`;
}

const fmt = (x: number): string => String(Number(x.toPrecision(6)));
