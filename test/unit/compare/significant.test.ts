// roundSignificant equals Number(x.toPrecision(p)) bit for bit: random magnitudes, near ties, near powers of ten, edge values.
import { describe, expect, it } from 'vitest';
import { roundSignificant } from '../../../src/compare/reporters/html/significant.js';
import { createRng } from '../../../src/analyze/stats/prng.js';

/** The project's seeded mulberry32, as a plain uniform draw. */
const rng = (seed: number): (() => number) => createRng(seed).next;

function mismatches(values: readonly number[]): string[] {
  const bad: string[] = [];
  for (const x of values) {
    for (let p = 1; p <= 6; p++) {
      const want = Number(x.toPrecision(p));
      const got = roundSignificant(x, p);
      if (!Object.is(got, want)) bad.push(`${x} p=${p}: ${got} != ${want}`);
    }
  }
  return bad;
}

describe('roundSignificant', () => {
  it('equals Number(x.toPrecision(p)) on edge values', () => {
    const edge = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 1.5, 2.5, 9.5, 99.5, 999999.5, 9999995, 0.1, 0.3, 1e-7, 1e21, 123456789, 5e-324, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 169245.372881356, 183743.17, -7.8869];
    expect(mismatches(edge)).toEqual([]);
  });
  it('equals it on random values of every magnitude, decimals with one digit too many ending in 5, and neighbours of powers of ten', () => {
    const r = rng(7);
    const values: number[] = [];
    for (let i = 0; i < 40000; i++) {
      values.push((r() - 0.5) * 10 ** (Math.floor(r() * 80) - 40));
      values.push(Math.round(r() * 1e9) / 10 ** Math.floor(r() * 12));
      const digits = 1 + Math.floor(r() * 6);
      const tie = (Math.floor(r() * 9 * 10 ** digits) + 10 ** digits) * 10 + 5;
      values.push(tie / 10 ** Math.floor(r() * 20), -tie * 10 ** Math.floor(r() * 8));
      const e = Math.floor(r() * 50) - 25;
      values.push(10 ** e * (1 - Number.EPSILON), 10 ** e * (1 + Number.EPSILON), 10 ** e * (1 - r() * 1e-5), 10 ** e * (1 + r() * 1e-6));
    }
    expect(mismatches(values)).toEqual([]);
  });
});
