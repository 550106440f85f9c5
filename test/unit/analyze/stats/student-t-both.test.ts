// studentTSfBoth: both one-sided tails of t(ν) from one incomplete beta, exactly studentTSf(t) and studentTSf(−t); known values.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { studentTSf, studentTSfBoth } from '../../../../src/analyze/stats/student-t.js';

const same = (a: number, b: number): void => expect(Object.is(a, b), `${a} vs ${b}`).toBe(true);

describe('studentTSfBoth', () => {
  it('gives known tails (scipy.stats.t.sf)', () => {
    const p = studentTSfBoth(2, 3);
    expect(Math.abs(p.upper / 0.06966298427942152 - 1)).toBeLessThan(1e-11);
    expect(Math.abs(p.lower / (1 - 0.06966298427942152) - 1)).toBeLessThan(1e-11);
    expect(studentTSfBoth(1, 1).upper).toBeCloseTo(0.25, 14); // Cauchy: P(T > 1) = 1/4
    expect(studentTSfBoth(1, 1).lower).toBeCloseTo(0.75, 14);
    expect(studentTSfBoth(Infinity, 3)).toEqual({ upper: 0, lower: 1 });
    expect(studentTSfBoth(-Infinity, 3)).toEqual({ upper: 1, lower: 0 });
    expect(studentTSfBoth(NaN, 3).upper).toBeNaN();
    expect(studentTSfBoth(1, 0).lower).toBeNaN();
  });

  it('equals studentTSf at t and at −t bit for bit on 5,000 seeded (t, ν), zeros of both signs and infinite ν included', () => {
    const rng = createRng(5);
    for (let i = 0; i < 5000; i++) {
      const t = i % 50 === 0 ? (i % 100 === 0 ? 0 : -0) : (rng.next() - 0.5) * (i % 3 === 0 ? 40 : 6);
      const df = i % 97 === 0 ? Infinity : i % 2 === 0 ? 1 + Math.floor(rng.next() * 90) : 0.5 + rng.next() * 60;
      const p = studentTSfBoth(t, df);
      same(p.upper, studentTSf(t, df));
      same(p.lower, studentTSf(-t, df));
    }
  });
});
