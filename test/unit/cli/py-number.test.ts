// Command-line numbers read as Python's float() and int() read them: the answers below are CPython 3.11's.
import { describe, expect, it } from 'vitest';
import { pyFloat, pyInt } from '../../../src/cli/py-number.js';

describe('pyFloat', () => {
  it.each([
    ['5', 5],
    [' 5 ', 5],
    ['+4', 4],
    ['-4', -4],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1_000.5', 1000.5],
    ['1_0e1_0', 1e11],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
  ])('float(%j) is %d', (text, value) => expect(pyFloat(text)).toBe(value));

  it.each(['', ' ', '0x10', '0b1', '1__0', '_1', '1_', '1_.5', '1._5', '1e', 'e5', '5,0', '1.2.3', 'infinit', '--1'])('float(%j) raises: NaN', (text) => {
    expect(pyFloat(text)).toBeNaN();
  });

  it('nan is NaN', () => expect(pyFloat('NaN')).toBeNaN());
});

describe('pyInt', () => {
  it.each([
    ['5', 5],
    [' -3 ', -3],
    ['1_000', 1000],
    ['+7', 7],
  ])('int(%j) is %d', (text, value) => expect(pyInt(text)).toBe(value));

  it.each(['5.0', '1e3', '0x10', '', '1__0', 'five'])('int(%j) raises: undefined', (text) => expect(pyInt(text)).toBeUndefined());
});
