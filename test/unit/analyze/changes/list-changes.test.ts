// analyze-perf --changes: E-divisive change points over ordered builds, with culprit range, size, direction and confidence.
import { describe, expect, it } from 'vitest';
import { formatChanges, listChanges, minBuildsForChanges, seriesCount } from '../../../../src/analyze/changes/list-changes.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { tree } from '../perfgate-model/trees.js';

describe('listChanges', () => {
  const rng = createRng(9);
  const trees = Array.from({ length: 30 }, (_, b) =>
    tree(`nightly-${b}`, {
      'read-a': 1000 * (b >= 18 ? 0.95 : 1) * (1 + 0.01 * rng.normal()),
      'read-b': 2000 * (b >= 10 ? 1.08 : 1) * (1 + 0.01 * rng.normal()),
      'read-c': 3000 * (1 + 0.01 * rng.normal()),
    }),
  );
  const changes = listChanges(trees);

  it('lists each shift at its build, with direction, size and confidence', () => {
    expect(changes.map((c) => [c.build, c.id.split('/')[3], c.kind])).toEqual([
      ['nightly-10', 'read-b', 'improvement'],
      ['nightly-18', 'read-a', 'regression'],
    ]);
    const a = changes[1]!;
    expect(a.previous).toBe('nightly-17');
    expect(a.change!).toBeGreaterThan(-7);
    expect(a.change!).toBeLessThan(-3);
    expect(a.confidence).toBeGreaterThanOrEqual(0.99);
    expect(formatChanges(changes, 30)).toMatch(/^2 change point\(s\) over 30 builds:\nIMPROVEMENT nightly-10 \(after nightly-9\)/);
  });

  it('an unchanged history lists nothing', () => {
    const flat = trees.map((t) => ({ ...t, checks: t.checks.filter((c) => c.iteration === 'read-c') }));
    expect(listChanges(flat)).toEqual([]);
    expect(formatChanges([], 30)).toBe('No change points over 30 builds.\n');
    expect(formatChanges([], 30, seriesCount(flat))).toBe('No change points over 30 builds (1 metric(s) tested).\n');
  });

  it('says when the series is too short for the permutation test to ever reach p ≤ 0.01', () => {
    // 2/C(10,5) = 0.0079 exact, but 199 permutations estimate (1 + 199·0.0079)/200 ≈ 0.013 on average: 11 builds needed
    expect(minBuildsForChanges()).toBe(11);
    expect(minBuildsForChanges(0.05)).toBe(8);
    // a 50 % step in 8 builds is not found, and the listing says why
    const short = Array.from({ length: 8 }, (_, b) => tree(`b${b}`, { 'read-a': 1000 * (b >= 4 ? 0.5 : 1) }));
    expect(listChanges(short)).toEqual([]);
    expect(formatChanges([], 8, seriesCount(short))).toMatch(/^No change points over 8 builds \(1 metric\(s\) tested\): too few builds to detect any change: .* give at least 11/);
    // with 12 it is found
    const longer = Array.from({ length: 12 }, (_, b) => tree(`b${b}`, { 'read-a': 1000 * (b >= 6 ? 0.5 : 1) * (1 + 0.001 * ((b * 7) % 5)) }));
    expect(listChanges(longer).map((c) => c.build)).toEqual(['b6']);
  });
});
