// compare-perf --confirm: merges re-runs of the failed workloads into the destination so the method decides on the combined evidence.
import type { Check, ResultTree } from '../result/types.js';

export interface ConfirmedTree {
  tree: ResultTree;
  /** Ids of destination checks that received confirmation evidence. */
  merged: readonly string[];
  /** Human-readable notes (unmatched checks, missing samples) for the report's warnings. */
  notes: readonly string[];
}

const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Sample standard deviation (n − 1); 0 for a single value. */
function sampleStddev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** The id of the `.mean` check a `.stddev` check describes. */
const meanIdOf = (stddevId: string): string => stddevId.replace(/\.stddev$/, '.mean');

/**
 * Combine one destination `.mean` check with its re-runs. With per-sample values everywhere the samples are
 * pooled and the mean recomputed; otherwise the means are averaged, weighting each run by its sample count
 * (1 when unknown).
 */
const runsOf = (all: readonly Check[]): number => all.reduce((n, c) => n + (c.runs ?? 1), 0);

function mergeMean(dst: Check, extra: readonly Check[]): Check {
  const all = [dst, ...extra];
  const numeric = all.filter((c): c is Check & { value: number } => typeof c.value === 'number');
  if (numeric.length !== all.length) return dst;
  if (all.every((c) => c.samples && c.samples.length > 0)) {
    const samples = all.flatMap((c) => c.samples ?? []);
    return { ...dst, value: meanOf(samples), valueIsInt: false, samples, runs: runsOf(all) };
  }
  const weights = numeric.map((c) => c.samples?.length || 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const value = numeric.reduce((a, c, i) => a + c.value * (weights[i] ?? 1), 0) / total;
  return { ...dst, value, valueIsInt: false, samples: undefined, runs: runsOf(all) };
}

/** Combine a `.stddev` check (stddev in % of the mean): from the pooled samples when known, else the root mean square. */
function mergeStddev(dst: Check, extra: readonly Check[], mergedMean: Check | undefined): Check {
  if (mergedMean?.samples && mergedMean.samples.length > 1 && typeof mergedMean.value === 'number' && mergedMean.value !== 0) {
    return { ...dst, value: (sampleStddev(mergedMean.samples) / Math.abs(mergedMean.value)) * 100, valueIsInt: false, runs: runsOf([dst, ...extra]) };
  }
  const values = [dst, ...extra].map((c) => c.value);
  if (!values.every((v): v is number => typeof v === 'number')) return dst;
  return { ...dst, value: Math.sqrt(meanOf(values.map((v) => v * v))), valueIsInt: false, runs: runsOf([dst, ...extra]) };
}

/**
 * Merge confirmation runs (result trees of `run-perf --rerun-failed`) into the destination. Checks match by id;
 * error checks are never merged (a failure stays a failure), and confirmation checks with no counterpart are
 * listed in `notes`, not added.
 */
export function mergeConfirmation(destination: ResultTree, confirmations: readonly ResultTree[]): ConfirmedTree {
  const extraById = new Map<string, Check[]>();
  const notes: string[] = [];
  const dstIds = new Set(destination.checks.map((c) => c.id));
  for (const t of confirmations) {
    let unmatched = 0;
    for (const c of t.checks) {
      if (c.kind === 'error') {
        notes.push(`confirmation run '${t.name}' has an error check ${c.id}: ${String(c.value).split('\n')[0]}`);
        continue;
      }
      if (!dstIds.has(c.id)) {
        unmatched++;
        continue;
      }
      const list = extraById.get(c.id) ?? [];
      list.push(c);
      extraById.set(c.id, list);
    }
    if (unmatched > 0) notes.push(`confirmation run '${t.name}': ${unmatched} check(s) have no counterpart in the destination and were ignored`);
  }
  const means = new Map<string, Check>();
  for (const c of destination.checks) {
    const extra = extraById.get(c.id);
    if (c.kind === 'mean' && extra) means.set(c.id, mergeMean(c, extra));
  }
  const merged: string[] = [];
  const checks = destination.checks.map((c) => {
    const extra = extraById.get(c.id);
    if (!extra || c.kind === 'error') return c;
    merged.push(c.id);
    return c.kind === 'mean' ? (means.get(c.id) ?? c) : mergeStddev(c, extra, means.get(meanIdOf(c.id)));
  });
  if (confirmations.length > 0) {
    notes.unshift(`destination '${destination.name}' combined with ${confirmations.length} confirmation run(s): ${merged.length} check(s) decided on the pooled evidence`);
  }
  return { tree: { ...destination, checks }, merged, notes };
}
