// The robust method's number formatting: precise() equals the round trip String(Number(x.toPrecision(d))) it replaces.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { fmt, precise } from '../../../../src/compare/methods/robust-result.js';

const roundTrip = (x: number, d: number): string => String(Number(x.toPrecision(d)));

describe('precise', () => {
  it('drops trailing fractional zeros and keeps integers and exponent forms as the round trip does', () => {
    expect(precise(1.2, 3)).toBe('1.2');
    expect(precise(9.996, 3)).toBe('10');
    expect(precise(999.6, 3)).toBe('1000');
    expect(precise(0.001, 3)).toBe('0.001');
    expect(precise(-0, 3)).toBe('0');
    expect(precise(123456789, 6)).toBe('123457000');
    expect(precise(1.5e-9, 6)).toBe('1.5e-9');
    expect(precise(2e25, 3)).toBe('2e+25');
    expect(precise(Infinity, 6)).toBe('Infinity');
    expect(precise(NaN, 6)).toBe('NaN');
    expect(fmt(0.0001234)).toBe('1.2e-4');
  });

  it('equals String(Number(x.toPrecision(d))) for 20,000 seeded values over 40 decades, both signs, d = 3 and 6', () => {
    const rng = createRng(11);
    for (let t = 0; t < 20000; t++) {
      const x = (rng.next() < 0.5 ? -1 : 1) * 10 ** (rng.next() * 40 - 20) * (t % 7 === 0 ? Math.round(rng.next() * 1000) / 1000 : 1);
      expect(precise(x, 3)).toBe(roundTrip(x, 3));
      expect(precise(x, 6)).toBe(roundTrip(x, 6));
    }
  });
});
