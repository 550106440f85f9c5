// familyTests' one-pass family series (flat residual arrays, each member's all-builds variance once) equals the former per-build Map rule on seeded families, bit for bit.
import { describe, expect, it } from 'vitest';
import type { PreparedHistory } from '../../../../src/analyze/perfgate-model/history.js';
import { segmentBounds, type Step } from '../../../../src/analyze/stats/change-points/binary-segmentation.js';
import { mean } from '../../../../src/analyze/stats/descriptive.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { familySeries, type GroupMember } from '../../../../src/compare/methods/robust-groups.js';
import type { ResultBase } from '../../../../src/compare/methods/robust-result.js';
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
/** The former series of one family: per build ascending, the (weighted) mean residual of the members kept there, when at least half are. */
function formerSeries(ms: readonly GroupMember[], weighted: boolean): number[] {
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
  return a;
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
  it('equals the former per-build rule bit for bit (familyTests is otherwise unchanged) on 1,200 seeded families', () => {
    const rng = createRng(20261204);
    let series = 0;
    for (let t = 0; t < 1200; t++) {
      const weighted = t % 3 !== 0;
      const k = 1 + Math.floor(rng.next() * 12);
      const builds = 2 + Math.floor(rng.next() * 40);
      const ms = Array.from({ length: k }, (_, i) => member(rng, i + 100 * (t % 4), builds, i % 9 === 8 ? 'lower' : 'higher', weighted));
      const got = familySeries(ms, weighted);
      const want = formerSeries(ms, weighted);
      expect(got.length).toBe(want.length);
      got.forEach((x, b) => expect(Object.is(x, want[b]), `family ${t}, build ${b}: ${x} vs ${want[b]}`).toBe(true));
      if (got.length >= 2) series++;
    }
    expect(series).toBeGreaterThan(600);
  });
});
