// familyTests' one-pass family series (flat residual arrays, each member's all-builds variance once) equals the former per-build Map rule on seeded families.
import { describe, expect, it } from 'vitest';
import type { PreparedHistory } from '../../../../src/analyze/perfgate-model/history.js';
import { segmentBounds, type Step } from '../../../../src/analyze/stats/change-points/binary-segmentation.js';
import { mean } from '../../../../src/analyze/stats/descriptive.js';
import { fitVariancePrior, moderateVariance } from '../../../../src/analyze/stats/empirical-bayes-variance.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { familyTests, type GroupMember, type GroupTest } from '../../../../src/compare/methods/robust-groups.js';
import type { ResultBase } from '../../../../src/compare/methods/robust-result.js';
import { testCheck } from '../../../../src/compare/methods/robust-test.js';
import type { Check, Direction } from '../../../../src/result/types.js';

// ---- the former implementation (a Map of [residual, segment size] per member and build, weights per build) ----
function moderated(ss: number, df: number, d0: number, s02: number): number | undefined {
  const prior = d0 > 0 && Number.isFinite(s02) ? d0 : 0;
  const den = prior + df;
  if (!(den > 0)) return undefined;
  const v = (prior * (prior > 0 ? s02 : 0) + Math.max(0, ss)) / den;
  return v > 0 && Number.isFinite(v) ? v : undefined;
}
function weightOf(m: GroupMember, r?: number, segSize?: number): number {
  const v = m.variance;
  if (!v) return 1;
  const full = moderated(v.ss, v.df, v.d0, v.s02);
  if (r === undefined || segSize === undefined || segSize < 2) return full === undefined ? 1 : 1 / full;
  const loo = moderated(v.ss - (r * r * segSize) / (segSize - 1), v.df - 1, v.d0, v.s02) ?? full;
  return loo === undefined ? 1 : 1 / loo;
}
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
function groupId(c: Check): string {
  return `${c.profile}/${c.test}/${c.serial}:./*/${c.workflow}/${c.metric}.${c.kind}`;
}
function formerFamilyTests(members: readonly GroupMember[], families: ReadonlyMap<GroupMember, string>, tolerance: number, maxPriorDf: number, weighted = false): GroupTest[] {
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
// ---- end of the former implementation ----

/** A log-scale member: history over some of `builds` builds (a few left out), optional steps, candidate y. */
function member(rng: ReturnType<typeof createRng>, i: number, builds: number, direction: Direction, weighted: boolean): GroupMember {
  const keptBuilds: number[] = [];
  for (let b = 0; b < builds; b++) if (rng.next() > 0.15) keptBuilds.push(b);
  if (keptBuilds.length === 0) keptBuilds.push(0);
  const zKept = keptBuilds.map((b) => Math.log(100 + i) + 0.02 * rng.normal() + (b > builds / 2 && i % 3 === 0 ? 0.1 : 0));
  const steps: Step[] = [];
  if (i % 3 === 0 && zKept.length >= 4) steps.push({ index: Math.floor(zKept.length / 2), shift: 0.1, t: 5, df: 3, pValue: 0.001 });
  if (i % 7 === 0 && zKept.length >= 3) steps.unshift({ index: 1, shift: 0, t: 0, df: 1, pValue: 0.001 }); // a segment of one value
  const bounds = segmentBounds(steps, zKept.length);
  const start = bounds[bounds.length - 2]!;
  const last = zKept.slice(start);
  const center = last.reduce((a, b) => a + b, 0) / last.length;
  let ss = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const seg = zKept.slice(bounds[k], bounds[k + 1]);
    const m = mean(seg);
    for (const z of seg) ss += (z - m) ** 2;
  }
  const df = zKept.length - (bounds.length - 1);
  const prep = { scale: 'log', builds: keptBuilds, values: zKept.map(Math.exp), z: zKept, y: center + 0.03 * rng.normal(), madn: NaN, median: NaN, keptBuilds, keptValues: zKept.map(Math.exp), zKept, removed: undefined, keptFar: undefined, steps, segmentStart: start, center, n: last.length, own: { s2: NaN, df: 0 } } as PreparedHistory;
  const id = `P/fio/0000:./it${i}/throughput/iops_sec.mean`;
  const dst: Check = { id, profile: 'P', test: 'fio', serial: '0000', iteration: `it${i}`, workflow: 'throughput', metric: 'iops_sec', kind: 'mean', primary: true, value: Math.exp(prep.y!), valueIsInt: false, unit: 'IOPS', direction, params: {}, source: '' };
  const base: ResultBase = { id, kind: 'mean', primary: true, direction, src: undefined, dst, history: [] };
  const variance = !weighted || i % 5 === 4 ? undefined : { ss, df, d0: i % 2 ? 4 : 0, s02: i % 4 === 1 ? NaN : 0.0004 };
  return { base, prep, excess: i % 6 === 0 ? 1e-4 : 0, runs: 1 + (i % 2), variance };
}

describe('familyTests: the one-pass family series', () => {
  it('gives the former per-build rule\'s tests (values, variances, evidence) on 300 seeded reports of 1-4 families', () => {
    const rng = createRng(20261204);
    let groups = 0;
    for (let t = 0; t < 300; t++) {
      const weighted = t % 3 !== 0;
      const members: GroupMember[] = [];
      const families = new Map<GroupMember, string>();
      const nf = 1 + (t % 4);
      for (let f = 0; f < nf; f++) {
        const k = 1 + Math.floor(rng.next() * 12);
        const builds = 2 + Math.floor(rng.next() * 40);
        for (let i = 0; i < k; i++) {
          const m = member(rng, i + 100 * f, builds, i % 9 === 8 ? 'lower' : 'higher', weighted);
          members.push(m);
          families.set(m, `F${f}`);
        }
      }
      const got: GroupTest[] = familyTests(members, families, 5, 20, weighted);
      expect(got).toEqual(formerFamilyTests(members, families, 5, 20, weighted));
      const want = formerFamilyTests(members, families, 5, 20, weighted);
      for (let g = 0; g < got.length; g++) {
        expect(Object.is(got[g]!.test.d, want[g]!.test.d)).toBe(true);
        expect(Object.is(got[g]!.test.variance.s2, want[g]!.test.variance.s2)).toBe(true);
      }
      groups += got.length;
    }
    expect(groups).toBeGreaterThan(300);
  });
});
