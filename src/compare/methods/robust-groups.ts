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
 * The member's weight 1/s̃² in the family mean: from all its builds for the candidate (`r` undefined), and for
 * history build b from the builds other than b (the leave-one-out variance: SS − r_b²·n/(n − 1) with df − 1, n the
 * size of b's segment). Weights computed from the very residuals they weight would favour the members whose
 * residuals happen to be small and so understate the family series' variance; left-out weights make every
 * history value, like the candidate, an out-of-sample draw.
 */
function weightOf(m: GroupMember, r?: number, segSize?: number): number {
  const v = m.variance;
  if (!v) return 1;
  const full = moderated(v.ss, v.df, v.d0, v.s02);
  if (r === undefined || segSize === undefined || segSize < 2) return full === undefined ? 1 : 1 / full;
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

/** Residuals of the kept history values around their segment means, and the segment's size, by build index. */
function residualsByBuild(p: PreparedHistory): Map<number, [number, number]> {
  const bounds = segmentBounds(p.steps, p.zKept.length);
  const out = new Map<number, [number, number]>();
  for (let k = 0; k + 1 < bounds.length; k++) {
    const seg = p.zKept.slice(bounds[k], bounds[k + 1]);
    const m = mean(seg);
    seg.forEach((z, j) => out.set(p.keptBuilds[bounds[k]! + j]!, [z - m, seg.length]));
  }
  return out;
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
    const res = ms.map((m) => residualsByBuild(m.prep));
    const builds = new Set<number>();
    for (const r of res) for (const b of r.keys()) builds.add(b);
    const a: number[] = [];
    for (const b of [...builds].sort((x, y) => x - y)) {
      let sw = 0;
      let swr = 0;
      let n = 0;
      res.forEach((r, i) => {
        const v = r.get(b);
        if (v === undefined) return;
        const w = weighted ? weightOf(ms[i]!, v[0], v[1]) : 1;
        sw += w;
        swr += w * v[0];
        n++;
      });
      if (n * 2 >= ms.length) a.push(swr / sw);
    }
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
