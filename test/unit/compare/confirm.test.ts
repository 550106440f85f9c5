// mergeConfirmation: re-runs pool their samples into the destination's checks; errors and strangers are not merged.
import { describe, expect, it } from 'vitest';
import { mergeConfirmation } from '../../../src/compare/confirm.js';
import type { Check, ResultTree } from '../../../src/result/types.js';

function check(id: string, value: number | string, samples?: number[]): Check {
  const kind = id.endsWith('.stddev') ? 'stddev' : id.endsWith('.error') ? 'error' : 'mean';
  return {
    id, profile: 'Localhost', test: 'fio', serial: '0000', iteration: 'read-4KiB', workflow: 'throughput', metric: 'iops_sec',
    kind, primary: true, value, valueIsInt: false, unit: 'IOPS', direction: 'higher', samples, params: {}, source: 'x',
  };
}
const tree = (name: string, checks: Check[]): ResultTree => ({ name, path: `/r/${name}`, metadata: {}, checks, warnings: [], incomplete: false });
const MEAN = 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean';
const SD = 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.stddev';

describe('mergeConfirmation', () => {
  it('pools samples and recomputes the mean and the stddev %', () => {
    const dst = tree('dst', [check(MEAN, 90, [88, 90, 92]), check(SD, 2.22)]);
    const re = tree('re', [check(MEAN, 100, [99, 100, 101]), check(SD, 1)]);
    const out = mergeConfirmation(dst, [re]);
    const mean = out.tree.checks.find((c) => c.id === MEAN);
    expect(mean?.value).toBe(95);
    expect(mean?.samples).toEqual([88, 90, 92, 99, 100, 101]);
    // sample stddev of the six values: sqrt(((7²+5²+3²+4²+5²+6²)/5) = sqrt(160/5) = sqrt(32); in % of 95
    const sd = out.tree.checks.find((c) => c.id === SD);
    expect(sd?.value).toBeCloseTo((Math.sqrt(32) / 95) * 100, 12);
    expect(out.merged).toEqual([MEAN, SD]);
    expect(mean?.runs).toBe(2);
    expect(sd?.runs).toBe(2);
    // a third run on top of an already merged destination counts every run
    expect(mergeConfirmation(out.tree, [re]).tree.checks.find((c) => c.id === MEAN)?.runs).toBe(3);
    expect(out.notes[0]).toMatch(/combined with 1 confirmation run\(s\): 2 check\(s\)/);
  });

  it('weights means by sample count when samples are missing, and takes the RMS of stddev %', () => {
    const dst = tree('dst', [check(MEAN, 90), check(SD, 3)]);
    const re = tree('re', [check(MEAN, 96, [95, 96, 97]), check(SD, 4)]);
    const out = mergeConfirmation(dst, [re]);
    expect(out.tree.checks.find((c) => c.id === MEAN)?.value).toBe((90 * 1 + 96 * 3) / 4);
    expect(out.tree.checks.find((c) => c.id === SD)?.value).toBeCloseTo(Math.sqrt((9 + 16) / 2), 12);
  });

  it('keeps error checks as they are and reports confirmation errors and unmatched checks', () => {
    const err = 'Localhost/fio/0000:./ERROR/ERROR/ERROR.error';
    const dst = tree('dst', [check(err, 'boom'), check(MEAN, 90, [90])]);
    const re = tree('re', [check(err, 'again\nmore'), check('Other/fio/0000:./x/throughput/iops_sec.mean', 1)]);
    const out = mergeConfirmation(dst, [re]);
    expect(out.tree.checks.find((c) => c.id === err)?.value).toBe('boom');
    expect(out.tree.checks.find((c) => c.id === MEAN)?.value).toBe(90);
    expect(out.merged).toEqual([]);
    expect(out.notes.some((n) => n.includes("has an error check") && n.endsWith('again'))).toBe(true);
    expect(out.notes.some((n) => n.includes('1 check(s) have no counterpart'))).toBe(true);
  });

  it('returns the destination unchanged without confirmations', () => {
    const dst = tree('dst', [check(MEAN, 90, [90])]);
    const out = mergeConfirmation(dst, []);
    expect(out.tree.checks).toEqual(dst.checks);
    expect(out.notes).toEqual([]);
  });
});
