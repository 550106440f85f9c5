// Family tests for the robust method: the mean change of like metrics against the history of their mean residual.
import type { PreparedHistory } from '../../analyze/perfgate-model/history.js';
import { segmentBounds } from '../../analyze/stats/change-points/binary-segmentation.js';
import { mean } from '../../analyze/stats/descriptive.js';
import { fitVariancePrior, moderateVariance } from '../../analyze/stats/empirical-bayes-variance.js';
import type { Check, Direction } from '../../result/types.js';
import type { ResultBase } from './robust-result.js';
import { testCheck, type CheckTest } from './robust-test.js';

export interface GroupMember {
  base: ResultBase;
  prep: PreparedHistory;
  excess: number;
  /** Runs averaged in the member's candidate value (see testCheck). */
  runs: number;
  /**
   * The member's variance evidence for its weight in the family mean: own residual sum of squares and df, and the
   * prior (d₀, s₀²) it was moderated with (§3.4). Absent: weight 1.
   */
  variance?: { ss: number; df: number; d0: number; s02: number };
}

/** Moderated variance (d₀s₀² + SS)/(d₀ + df); undefined without any df. */
function moderated(ss: number, df: number, d0: number, s02: number): number | undefined {
  const prior = d0 > 0 && Number.isFinite(s02) ? d0 : 0;
  const den = prior + df;
  if (!(den > 0)) return undefined;
  const v = (prior * (prior > 0 ? s02 : 0) + Math.max(0, ss)) / den;
  return v > 0 && Number.isFinite(v) ? v : undefined;
}

/**
 * The member's weight 1/s̃² in the family mean: from all its builds for the candidate (weightOf), and for
 * history build b from the builds other than b (leftOutWeight: the leave-one-out variance SS − r_b²·n/(n − 1) with
 * df − 1, n the size of b's segment). Weights computed from the very residuals they weight would favour the members whose
 * residuals happen to be small and so understate the family series' variance; left-out weights make every
 * history value, like the candidate, an out-of-sample draw.
 */
function weightOf(m: GroupMember): number {
  const v = m.variance;
  if (!v) return 1;
  const full = moderated(v.ss, v.df, v.d0, v.s02);
  return full === undefined ? 1 : 1 / full;
}

/** The weight of a member with variance evidence v at a history build: residual r in a segment of segSize, `full` its all-builds moderated variance. */
function leftOutWeight(v: NonNullable<GroupMember['variance']>, full: number | undefined, r: number, segSize: number): number {
  if (segSize < 2) return full === undefined ? 1 : 1 / full;
  const loo = moderated(v.ss - (r * r * segSize) / (segSize - 1), v.df - 1, v.d0, v.s02) ?? full;
  return loo === undefined ? 1 : 1 / loo;
}

export interface GroupTest {
  base: ResultBase;
  prep: PreparedHistory;
  test: CheckTest;
  members: number;
  evidence: string[];
}

/**
 * The family's history series a_b (see familyTests), builds ascending. Each member's residuals around its segment
 * means and their segment sizes go to one flat array per family, indexed by member and build (size 0: the member has
 * no kept value at that build), so the per-build pass is a plain loop; each member's all-builds variance, which the
 * left-out weight falls back to, is computed once.
 */
export function familySeries(ms: readonly GroupMember[], weighted: boolean): number[] {
  const k = ms.length;
  let nb = 0;
  for (let i = 0; i < k; i++) {
    const kb = ms[i]!.prep.keptBuilds;
    for (let j = 0; j < kb.length; j++) if (kb[j]! >= nb) nb = kb[j]! + 1;
  }
  const res = new Float64Array(k * nb);
  const size = new Int32Array(k * nb);
  const full: (number | undefined)[] = [];
  for (let i = 0; i < k; i++) {
    residualsInto(ms[i]!.prep, res, size, i * nb);
    const v = ms[i]!.variance;
    full.push(v ? moderated(v.ss, v.df, v.d0, v.s02) : undefined);
  }
  const a: number[] = [];
  for (let b = 0; b < nb; b++) {
    let sw = 0;
    let swr = 0;
    let n = 0;
    for (let i = 0; i < k; i++) {
      const sz = size[i * nb + b]!;
      if (sz === 0) continue;
      const r = res[i * nb + b]!;
      const v = ms[i]!.variance;
      const w = weighted && v ? leftOutWeight(v, full[i], r, sz) : 1;
      sw += w;
      swr += w * r;
      n++;
    }
    // (a build no member has: n = 0, never at least half of k ≥ 2)
    if (n * 2 >= k) a.push(swr / sw);
  }
  return a;
}

/** A member's kept history values minus their segment's mean (summed in order, as mean() does), and the segment's size, at offset + build. */
function residualsInto(p: PreparedHistory, res: Float64Array, size: Int32Array, offset: number): void {
  const bounds = segmentBounds(p.steps, p.zKept.length);
  const z = p.zKept;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]!;
    const to = bounds[k + 1]!;
    let sum = 0;
    for (let i = from; i < to; i++) sum += z[i]!;
    const m = sum / (to - from);
    for (let i = from; i < to; i++) {
      const at = offset + p.keptBuilds[i]!;
      res[at] = z[i]! - m;
      size[at] = to - from;
    }
  }
}

/** The grouped check's id: the family's members with the iteration merged, like run-perf's first grouping. */
function groupId(c: Check): string {
  return `${c.profile}/${c.test}/${c.serial}:./*/${c.workflow}/${c.metric}.${c.kind}`;
}

/**
 * One test per family of ≥ 2 log-scale members with a known direction. The family's history series is
 * a_b = Σ w_ib r_ib / Σ w_ib (member residuals around their segment means, builds where at least half the members
 * have a value), with w_ib = 1/s̃_i² the inverse of each member's moderated variance computed without build b when
 * `weighted` (the precision-weighted mean: a noisy or heavy-tailed member no longer dominates the family's noise;
 * see weightOf for why left out), else 1. The candidate's weights use all builds. Its variance includes whatever
 * noise the members share (machine- and family-wide factors), so correlation needs no model. The candidate is
 * ā = Σ w_i (y_i − μ̂_i) / Σ w_i, tested like a single check (prediction t test) with the variance moderated
 * across families (Smyth 2004) and the members' excess within-run variance Σ w_i² v_i / (Σ w_i)².
 */
export function familyTests(members: readonly GroupMember[], families: ReadonlyMap<GroupMember, string>, tolerance: number, maxPriorDf: number, weighted = false): GroupTest[] {
  const byFamily = new Map<string, GroupMember[]>();
  for (const m of members) {
    if (m.prep.scale !== 'log' || m.base.direction === 'unknown' || m.prep.y === undefined) continue;
    const f = families.get(m)!;
    (byFamily.get(f) ?? byFamily.set(f, []).get(f)!).push(m);
  }
  const series: { f: string; ms: GroupMember[]; s2: number; df: number; ay: number; n: number; direction: Direction; builds: number }[] = [];
  for (const [f, ms] of byFamily) {
    if (ms.length < 2) continue;
    const a = familySeries(ms, weighted);
    if (a.length < 2) continue;
    const s2 = a.reduce((acc, x) => acc + x * x, 0) / (a.length - 1);
    const w = ms.map((m) => (weighted ? weightOf(m) : 1));
    const wSum = w.reduce((x, y) => x + y, 0);
    const ay = ms.reduce((acc, m, i) => acc + w[i]! * (m.prep.y! - m.prep.center), 0) / wSum;
    series.push({ f, ms, s2, df: a.length - 1, ay, n: mean(ms.map((m) => m.prep.n)), direction: ms[0]!.base.direction, builds: a.length });
  }
  const prior = fitVariancePrior(series.map((s) => ({ s2: s.s2, df: s.df, group: 'families' })));
  const s02 = prior.s0ByGroup.get('families');
  const out: GroupTest[] = [];
  for (const s of series) {
    const others = series.reduce((acc, o) => acc + (o === s ? 0 : o.df), 0);
    const d0 = Math.min(prior.d0, maxPriorDf, others);
    const v = s02 !== undefined && d0 > 0 ? moderateVariance({ s2: s.s2, df: s.df }, d0, s02) : { s2: s.s2, df: s.df };
    const ws = s.ms.map((m) => (weighted ? weightOf(m) : 1));
    const wTot = ws.reduce((x, y) => x + y, 0);
    const excess = s.ms.reduce((acc, m, i) => acc + ws[i]! * ws[i]! * m.excess, 0) / (wTot * wTot);
    const prep = { scale: 'log', center: 0, y: s.ay, n: s.n } as PreparedHistory;
    const first = s.ms[0]!.base;
    const check = first.dst ?? first.src!;
    const base: ResultBase = { id: groupId(check), kind: 'mean', primary: true, direction: s.direction, src: undefined, dst: undefined, history: [], values: undefined };
    const evidence = [`family mean of ${s.ms.length} checks over ${s.builds} build(s) (shared noise included)`];
    if (weighted) evidence.push('members weighted by 1/s̃² (precision-weighted family mean)');
    if (d0 > 0 && s02 !== undefined) evidence.push(`variance pooled across families: +${Number(d0.toPrecision(3))} df`);
    // Members re-run together (a confirmation re-runs whole tests); the fewest runs is the safe count.
    const runs = Math.min(...s.ms.map((m) => m.runs));
    if (runs > 1) evidence.push(`candidate: mean of ${runs} runs (confirmation re-runs pooled)`);
    out.push({ base, prep, test: testCheck(prep, v, excess, 'mean', s.direction, tolerance, runs), members: s.ms.length, evidence });
  }
  return out;
}
