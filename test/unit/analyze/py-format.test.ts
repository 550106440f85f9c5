// Known values of Python's float repr and %-formatting, checked against CPython 3.11 output.
import { describe, expect, it } from 'vitest';
import { pyFixed, pyFloatRepr, pyFloatReprGeneral, pyNumber } from '../../../src/analyze/py-format.js';

describe('pyFloatRepr matches Python repr()', () => {
  it.each([
    [100, '100.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [9.998118672690678e-5, '9.998118672690678e-05'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1234567890123456.8, '1234567890123456.8'],
    [0.0001, '0.0001'],
    [1e-7, '1e-07'],
    [-8.2325, '-8.2325'],
    [179348.461, '179348.461'],
    [1e22, '1e+22'],
    [0.1 + 0.2, '0.30000000000000004'],
    [9999999999999998, '9999999999999998.0'],
    [0.00010000000000000002, '0.00010000000000000002'],
    [9.999999999999999e-5, '9.999999999999999e-05'],
    [-1e-4, '-0.0001'],
    [123456789012345.6, '123456789012345.6'],
  ])('repr(%s) is %s', (x, want) => {
    expect(pyFloatRepr(x)).toBe(want);
  });
});

describe('pyFloatRepr fast path', () => {
  it('equals the exponent-form algorithm on random doubles of every magnitude and at the edges', () => {
    const bits = new DataView(new ArrayBuffer(8));
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const xs: number[] = [1e-4, 1e16, -1e16, 1e15, 1e-3, 0.5, 1, 2 ** 53, 2 ** 53 + 2];
    for (const edge of [1e-4, 1e16]) {
      bits.setFloat64(0, edge);
      const b = bits.getBigUint64(0);
      for (const d of [-2n, -1n, 1n, 2n]) {
        bits.setBigUint64(0, b + d);
        xs.push(bits.getFloat64(0));
      }
    }
    for (let i = 0; i < 20000; i++) {
      const e = Math.floor(rand() * 48) - 12;
      const x = (rand() < 0.5 ? -1 : 1) * rand() * 10 ** e;
      xs.push(x, Math.round(x), Number(x.toPrecision(1 + Math.floor(rand() * 17))));
    }
    for (const x of xs) expect(pyFloatRepr(x)).toBe(pyFloatReprGeneral(x));
  });
});

describe('pyNumber keeps JSON ints plain', () => {
  it('prints lexical ints without .0 and floats with it', () => {
    expect(pyNumber(0, true)).toBe('0');
    expect(pyNumber(-100, true)).toBe('-100');
    expect(pyNumber(0, false)).toBe('0.0');
  });
});

describe('pyFixed rounds exact ties half to even like %-formatting', () => {
  it.each([
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [-0.125, 2, '-0.12'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [1.005, 2, '1.00'],
    [-7.894, 2, '-7.89'],
    [8.875, 2, '8.88'],
    [183743.165, 2, '183743.17'],
  ])('%%.%sf of %s', (x, d, want) => {
    expect(pyFixed(x, d)).toBe(want);
  });
});
