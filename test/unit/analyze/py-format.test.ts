// Known values of Python's float repr and %-formatting, checked against CPython 3.11 output.
import { describe, expect, it } from 'vitest';
import { pyFixed, pyFloatRepr, pyNumber } from '../../../src/analyze/py-format.js';

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
  ])('repr(%s) is %s', (x, want) => {
    expect(pyFloatRepr(x)).toBe(want);
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
