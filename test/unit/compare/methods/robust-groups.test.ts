// Family tests of the robust method on hand-computed values: the precision-weighted family mean and its history variance.
import { describe, expect, it } from 'vitest';
import type { PreparedHistory } from '../../../../src/analyze/perfgate-model/history.js';
import { familyTests, type GroupMember } from '../../../../src/compare/methods/robust-groups.js';
import type { ResultBase } from '../../../../src/compare/methods/robust-result.js';
import type { Check } from '../../../../src/result/types.js';

/** A member with history z (one segment, no steps) and candidate y on the log scale. */
function member(i: number, z: number[], y: number, weighted = true): GroupMember {
  const center = z.reduce((a, b) => a + b, 0) / z.length;
  const builds = z.map((_, b) => b);
  const values = z.map((v) => Math.exp(v));
  const prep = { scale: 'log', builds, values, z, y, madn: NaN, median: NaN, keptBuilds: builds, keptValues: values, zKept: z, removed: undefined, keptFar: undefined, steps: [], segmentStart: 0, center, n: z.length, own: { s2: NaN, df: 0 } } as PreparedHistory;
  const id = `P/fio/0000:./it${i}/throughput/iops_sec.mean`;
  const dst: Check = { id, profile: 'P', test: 'fio', serial: '0000', iteration: `it${i}`, workflow: 'throughput', metric: 'iops_sec', kind: 'mean', primary: true, value: Math.exp(y), valueIsInt: false, unit: 'IOPS', direction: 'higher', params: {}, source: '' };
  const base: ResultBase = { id, kind: 'mean', primary: true, direction: 'higher', src: undefined, dst, history: [] };
  const ss = z.reduce((a, v) => a + (v - center) ** 2, 0);
  return { base, prep, excess: 0, runs: 1, variance: weighted ? { ss, df: z.length - 1, d0: 0, s02: NaN } : undefined };
}

const run = (ms: GroupMember[], weighted: boolean) => familyTests(ms, new Map(ms.map((m) => [m, 'F'])), 0, 0, weighted)[0]!;

describe('family tests', () => {
  // Residuals around the member means: m0 (+1, −1, 0), m1 (0, +2, −2), m2 (−3, 0, +3); SS 2, 8, 18 with 2 df each.
  const ms = () => [member(0, [1, -1, 0], -1), member(1, [0, 2, -2], -2), member(2, [-3, 0, 3], 3)];

  it('unweighted: a_b is the plain mean of the residuals, s_a² = Σ a_b²/(B − 1), ā the plain mean of y − μ̂', () => {
    const g = run(ms(), false);
    expect(g.base.id).toBe('P/fio/0000:./*/throughput/iops_sec.mean');
    // a = (−2/3, 1/3, 1/3); Σ a² = 6/9; / 2 = 1/3. ā = (−1 − 2 + 3)/3 = 0.
    expect(g.test.variance.s2).toBeCloseTo(1 / 3, 12);
    expect(g.test.variance.df).toBe(2);
    expect(g.test.d).toBeCloseTo(0, 12);
    expect(g.evidence.join(' ')).not.toMatch(/weighted/);
  });

  it('weighted: history build b weighs members by 1/s̃² without b (leave-one-out), the candidate by 1/s̃² of all builds', () => {
    const g = run(ms(), true);
    // Left-out variances (SS − r²·3/2)/1 per build: b0 (0.5, 8, 4.5), b1 (0.5, 2, 18), b2 (2, 2, 4.5).
    const wmean = (w: number[], r: number[]) => w.reduce((a, x, i) => a + x * r[i]!, 0) / w.reduce((a, x) => a + x, 0);
    const a = [wmean([2, 1 / 8, 1 / 4.5], [1, 0, -3]), wmean([2, 1 / 2, 1 / 18], [-1, 2, 0]), wmean([1 / 2, 1 / 2, 1 / 4.5], [0, -2, 3])];
    expect(g.test.variance.s2).toBeCloseTo(a.reduce((x, v) => x + v * v, 0) / 2, 12);
    // The candidate: weights 2/SS = (1, 1/4, 1/9) on y − μ̂ = (−1, −2, 3).
    expect(g.test.d).toBeCloseTo(wmean([1, 1 / 4, 1 / 9], [-1, -2, 3]), 12);
    expect(g.evidence.join(' ')).toMatch(/precision-weighted/);
    // Members without variance evidence weigh 1.
    const h = run([member(0, [1, -1, 0], -1, false), member(1, [0, 2, -2], -2, false), member(2, [-3, 0, 3], 3, false)], true);
    expect(h.test.d).toBeCloseTo(0, 12);
    expect(h.test.variance.s2).toBeCloseTo(1 / 3, 12);
  });
});
