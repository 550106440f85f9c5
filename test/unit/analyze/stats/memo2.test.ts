// memo2: a memoised pure function returns the function's values, computes each pair once, and stays bounded.
import { describe, expect, it } from 'vitest';
import { memo2 } from '../../../../src/analyze/stats/memo2.js';

describe('memo2', () => {
  it('returns f(a, b), calling f once per pair while the pair is held', () => {
    let calls = 0;
    const f = memo2((a, b) => {
      calls++;
      return a * 10 + b;
    });
    expect([f(1, 2), f(1, 2), f(2, 1), f(1, 3), f(2, 1)]).toEqual([12, 12, 21, 13, 21]);
    expect(calls).toBe(3);
  });

  it('stays correct past its limit (the outer map starts over; a full inner map stops storing)', () => {
    let calls = 0;
    const f = memo2((a, b) => {
      calls++;
      return a - b;
    }, 3);
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) expect(f(a, b)).toBe(a - b);
    expect(calls).toBe(100);
    calls = 0;
    expect(f(9, 0)).toBe(9); // held: within the last outer map's first 3 keys
    expect(f(9, 9)).toBe(0); // not held: the inner map was full
    expect(calls).toBe(1);
  });
});
