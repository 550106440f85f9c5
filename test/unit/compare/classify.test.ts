// Status classes on known values: run-perf's exact rule (with its T/2 quirk) and perfgate's direction-aware one.
import { describe, expect, it } from 'vitest';
import { runperfStatus } from '../../../src/compare/methods/runperf.js';
import { classifyDirectional } from '../../../src/compare/methods/tolerance.js';
import { weightedScore } from '../../../src/compare/scoring/record.js';
import { modifierWeight, uncertainty } from '../../../src/compare/scoring/uncertainty.js';

describe('runperfStatus (run-perf result.py semantics)', () => {
  it.each([
    [0, 5, 2, 'MINOR_LOSS: quirk 16, score < T/2'],
    [2.4, 5, 2, 'still MINOR_LOSS below T/2'],
    [2.5, 5, 0, 'PASS only at exactly T/2'],
    [2.6, 5, 1, 'MINOR_GAIN above T/2'],
    [5, 5, 1, 'the edge T is inside'],
    [-5, 5, 2, 'the edge -T is inside'],
    [5.01, 5, -3, 'FAIL_GAIN beyond +T'],
    [-5.01, 5, -1, 'FAIL_LOSS beyond -T'],
    [0, 0, 0, 'error checks: identical text passes'],
    [1, 0, -3, 'error checks: changed text is FAIL_GAIN'],
  ])('score %d at T=%d → %d (%s)', (score, t, want) => {
    expect(runperfStatus(score, t)).toBe(want);
  });
});

describe('classifyDirectional (perfgate)', () => {
  it.each([
    [-10, 'higher', 'regression'],
    [10, 'higher', 'improvement'],
    [-10, 'lower', 'improvement'],
    [10, 'lower', 'regression'],
    [2.5, 'higher', 'pass'],
    [-2.5, 'lower', 'pass'],
    [3, 'higher', 'minor-gain'],
    [-3, 'higher', 'minor-loss'],
    [3, 'lower', 'minor-loss'],
    [10, 'unknown', 'regression'],
    [-10, 'unknown', 'regression'],
    [1, 'unknown', 'pass'],
  ] as const)('score %d, %s is better → %s', (score, direction, want) => {
    expect(classifyDirectional(score, 5, 'mean', direction).verdict).toBe(want);
  });
  it('error checks pass only unchanged', () => {
    expect(classifyDirectional(0, 0, 'error', 'unknown').verdict).toBe('pass');
    expect(classifyDirectional(1, 0, 'error', 'unknown').verdict).toBe('error');
  });
});

describe('scoring helpers', () => {
  it('weighted score ignores weight-0 parts and is undefined without weights', () => {
    expect(weightedScore([{ name: 'model0', diff: 4, weight: 1 }, { name: 'raw', diff: 100, weight: 0 }])).toBe(4);
    expect(weightedScore([{ name: 'raw', diff: 3, weight: 0 }])).toBeUndefined();
    // C04's destination: model 21.78 (w 1), avg 10.94 and n_of 3.67 (w 1/1.4) → 13.27
    const w = modifierWeight(1, 4);
    expect(w).toBeCloseTo(1 / 1.4, 15);
    expect(weightedScore([{ name: 'model0', diff: 21.78, weight: 1 }, { name: 'avg', diff: 10.94, weight: w }, { name: 'n_of', diff: 3.67, weight: w }])).toBeCloseTo(13.27, 2);
  });
  it('uses u(n) for the modifier weight below 8 builds and the plain weight from 8 on', () => {
    expect(uncertainty(2)).toBe(2.3);
    expect(modifierWeight(2, 1)).toBeCloseTo(2 / 7, 15);
    expect(modifierWeight(2, 8)).toBe(2);
  });
});
