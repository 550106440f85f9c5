// Family tests of the robust method on hand-computed values: the precision-weighted family mean and its history variance.
import { describe, expect, it } from 'vitest';
import type { PreparedHistory } from '../../../../src/analyze/perfgate-model/history.js';
import { familyTests, type GroupMember } from '../../../../src/compare/methods/robust-groups.js';
import type { ResultBase } from '../../../../src/compare/methods/robust-result.js';
import type { Check } from '../../../../src/result/types.js';

/** A member with history z (one segment, no steps) and candidate y on the log scale. */
function member(i: number, z: number[], y: number, weight?: number): GroupMember {
  const center = z.reduce((a, b) => a + b, 0) / z.length;
  const kept = z.map((v, b) => ({ build: b, value: Math.exp(v) }));
  const prep = { scale: 'log', points: kept, z, y, madn: NaN, kept, zKept: z, removed: undefined, keptFar: undefined, steps: [], segmentStart: 0, center, n: z.length, own: { s2: NaN, df: 0 } } as PreparedHistory;
  const id = `P/fio/0000:./it${i}/throughput/iops_sec.mean`;
  const dst: Check = { id, profile: 'P', test: 'fio', serial: '0000', iteration: `it${i}`, workflow: 'throughput', metric: 'iops_sec', kind: 'mean', primary: true, value: Math.exp(y), valueIsInt: false, unit: 'IOPS', direction: 'higher', params: {}, source: '' };
  const base: ResultBase = { id, kind: 'mean', primary: true, direction: 'higher', src: undefined, dst, history: [] };
  return { base, prep, excess: 0, runs: 1, weight };
}

const run = (ms: GroupMember[], weighted: boolean) => familyTests(ms, new Map(ms.map((m) => [m, 'F'])), 0, 0, weighted)[0]!;

describe('family tests', () => {
  // Residuals around the member means: m0 (+1, −1, 0), m1 (0, +2, −2), m2 (−3, 0, +3).
  const ms = () => [member(0, [1, -1, 0], -1, 1), member(1, [0, 2, -2], -2, 1), member(2, [-3, 0, 3], 3, 2)];

  it('unweighted: a_b is the plain mean of the residuals, s_a² = Σ a_b²/(B − 1), ā the plain mean of y − μ̂', () => {
    const g = run(ms(), false);
    expect(g.base.id).toBe('P/fio/0000:./*/throughput/iops_sec.mean');
    // a = (−2/3, 1/3, 1/3); Σ a² = 6/9; / 2 = 1/3. ā = (−1 − 2 + 3)/3 = 0.
    expect(g.test.variance.s2).toBeCloseTo(1 / 3, 12);
    expect(g.test.variance.df).toBe(2);
    expect(g.test.d).toBeCloseTo(0, 12);
    expect(g.evidence.join(' ')).not.toMatch(/weighted/);
  });

  it('weighted: a_b = Σ w r / Σ w and ā = Σ w (y − μ̂) / Σ w with the members’ weights', () => {
    const g = run(ms(), true);
    // w = (1, 1, 2), Σw = 4: a = ((1 + 0 − 6)/4, (−1 + 2 + 0)/4, (0 − 2 + 6)/4) = (−5/4, 1/4, 1); Σ a² = 42/16; / 2.
    expect(g.test.variance.s2).toBeCloseTo(42 / 32, 12);
    expect(g.test.d).toBeCloseTo((-1 - 2 + 6) / 4, 12);
    expect(g.evidence.join(' ')).toMatch(/precision-weighted/);
    // Members without a usable weight count 1.
    const h = run([member(0, [1, -1, 0], -1, undefined), member(1, [0, 2, -2], -2, NaN), member(2, [-3, 0, 3], 3, 1)], true);
    expect(h.test.d).toBeCloseTo(0, 12);
  });
});
