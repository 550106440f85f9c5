// Family tests for the robust method: the mean change of like metrics against the history of their mean residual.
import type { PreparedHistory } from '../../analyze/perfgate-model/history.js';
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
}

export interface GroupTest {
  base: ResultBase;
  prep: PreparedHistory;
  test: CheckTest;
  members: number;
  evidence: string[];
}

/** Residuals of the kept history values around their segment means, by build index. */
function residualsByBuild(p: PreparedHistory): Map<number, number> {
  const bounds = [0, ...p.steps.map((s) => s.index), p.zKept.length];
  const out = new Map<number, number>();
  for (let k = 0; k + 1 < bounds.length; k++) {
    const seg = p.zKept.slice(bounds[k], bounds[k + 1]);
    const m = mean(seg);
    seg.forEach((z, j) => out.set(p.kept[bounds[k]! + j]!.build, z - m));
  }
  return out;
}

/** The grouped check's id: the family's members with the iteration merged, like run-perf's first grouping. */
function groupId(c: Check): string {
  return `${c.profile}/${c.test}/${c.serial}:./*/${c.workflow}/${c.metric}.${c.kind}`;
}

/**
 * One test per family of ≥ 2 log-scale members with a known direction. The family's history series is
 * a_b = mean_i r_ib (member residuals around their segment means, builds where at least half the members
 * have a value); its variance includes whatever noise the members share (machine- and family-wide
 * factors), so correlation needs no model. The candidate is ā = mean_i (y_i − μ̂_i), tested like a single
 * check (prediction t test) with the variance moderated across families (Smyth 2004) and the members'
 * excess within-run variance Σ v_i / m².
 */
export function familyTests(members: readonly GroupMember[], families: ReadonlyMap<GroupMember, string>, tolerance: number, maxPriorDf: number): GroupTest[] {
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
      const vals = res.map((r) => r.get(b)).filter((v): v is number => v !== undefined);
      if (vals.length * 2 >= ms.length) a.push(mean(vals));
    }
    if (a.length < 2) continue;
    const s2 = a.reduce((acc, x) => acc + x * x, 0) / (a.length - 1);
    const ay = mean(ms.map((m) => m.prep.y! - m.prep.center));
    series.push({ f, ms, s2, df: a.length - 1, ay, n: mean(ms.map((m) => m.prep.n)), direction: ms[0]!.base.direction, builds: a.length });
  }
  const prior = fitVariancePrior(series.map((s) => ({ s2: s.s2, df: s.df, group: 'families' })));
  const s02 = prior.s0ByGroup.get('families');
  const out: GroupTest[] = [];
  for (const s of series) {
    const others = series.reduce((acc, o) => acc + (o === s ? 0 : o.df), 0);
    const d0 = Math.min(prior.d0, maxPriorDf, others);
    const v = s02 !== undefined && d0 > 0 ? moderateVariance({ s2: s.s2, df: s.df }, d0, s02) : { s2: s.s2, df: s.df };
    const excess = s.ms.reduce((acc, m) => acc + m.excess, 0) / (s.ms.length * s.ms.length);
    const prep = { scale: 'log', center: 0, y: s.ay, n: s.n } as PreparedHistory;
    const first = s.ms[0]!.base;
    const check = first.dst ?? first.src!;
    const base: ResultBase = { id: groupId(check), kind: 'mean', primary: true, direction: s.direction, src: undefined, dst: undefined, history: [] };
    const evidence = [`family mean of ${s.ms.length} checks over ${s.builds} build(s) (shared noise included)`];
    if (d0 > 0 && s02 !== undefined) evidence.push(`variance pooled across families: +${Number(d0.toPrecision(3))} df`);
    // Members re-run together (a confirmation re-runs whole tests); the fewest runs is the safe count.
    const runs = Math.min(...s.ms.map((m) => m.runs));
    if (runs > 1) evidence.push(`candidate: mean of ${runs} runs (confirmation re-runs pooled)`);
    out.push({ base, prep, test: testCheck(prep, v, excess, 'mean', s.direction, tolerance, runs), members: s.ms.length, evidence });
  }
  return out;
}
