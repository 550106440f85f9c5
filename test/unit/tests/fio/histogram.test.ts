// json+ histogram percentiles (fio's rule, checked against fio's own values), bin merging and pooled latency moments.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binCount, binsFromJson, mergeBins, percentilesFromBins } from '../../../../src/tests/fio/histogram.js';
import { combineMoments } from '../../../../src/tests/fio/moments.js';
import { parseFioOutput } from '../../../../src/tests/fio/parse.js';
import { FIO_SAMPLES } from '../../../support/fixtures.js';

const parse = (f: string) => parseFioOutput(readFileSync(join(FIO_SAMPLES, f), 'utf8'));

describe('percentilesFromBins', () => {
  it("reproduces every one of fio's 17 percentile values, for each client and a standalone job", () => {
    const entries = [...parse('cs-3servers-loopback.jsonplus.json').entries, ...parse('standalone.jsonplus.json').entries];
    expect(entries).toHaveLength(4);
    for (const e of entries) {
      const clat = e.read.clat_ns;
      const keys = Object.keys(clat.percentile ?? {});
      expect(keys).toHaveLength(17);
      const mine = percentilesFromBins(binsFromJson(clat.bins), keys.map(Number));
      expect(mine).toEqual(keys.map((k) => clat.percentile?.[k]));
      expect(binCount(binsFromJson(clat.bins))).toBe(clat.N);
    }
  });

  it('takes the first bucket whose cumulative count reaches p/100·N (known values)', () => {
    const bins = new Map([
      [10, 1],
      [20, 2],
      [30, 1],
    ]);
    expect(percentilesFromBins(bins, [1, 25, 50, 75, 75.1, 100])).toEqual([10, 10, 20, 20, 30, 30]);
    expect(percentilesFromBins(new Map(), [50])).toEqual([undefined]);
  });
});

describe('merging', () => {
  it('sums counts per bucket', () => {
    const m = mergeBins([binsFromJson({ '286': 4, '290': 1 }), binsFromJson({ '290': 2, '1000': 3 })]);
    expect([...m.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [286, 4],
      [290, 3],
      [1000, 3],
    ]);
  });

  it('pools latency moments exactly as fio does for its "All clients" entry (mean, n−1 stddev, min, max)', () => {
    const o = parse('cs-3servers-loopback.jsonplus.json');
    const pooled = combineMoments(o.entries.map((e) => ({ n: e.read.clat_ns.N, mean: e.read.clat_ns.mean, stddev: e.read.clat_ns.stddev, min: e.read.clat_ns.min, max: e.read.clat_ns.max })));
    const all = o.allClients[0]?.read.clat_ns;
    expect(pooled.n).toBe(all?.N);
    expect(pooled.mean).toBeCloseTo(all?.mean ?? NaN, 5);
    expect(pooled.stddev).toBeCloseTo(all?.stddev ?? NaN, 5);
    expect([pooled.min, pooled.max]).toEqual([all?.min, all?.max]);
  });

  it('pools known values: {1,2,3} and {5,7} give mean 3.6 and stddev √(34/4)·… by the parallel formula', () => {
    // {1,2,3}: n=3 mean 2 s=1; {5,7}: n=2 mean 6 s=√2; all five: mean 3.6, sample variance 5.8
    const p = combineMoments([
      { n: 3, mean: 2, stddev: 1, min: 1, max: 3 },
      { n: 2, mean: 6, stddev: Math.SQRT2, min: 5, max: 7 },
      { n: 0, mean: 0, stddev: 0, min: 0, max: 0 },
    ]);
    expect(p.n).toBe(5);
    expect(p.mean).toBeCloseTo(3.6, 12);
    expect(p.stddev).toBeCloseTo(Math.sqrt(5.8), 12);
    expect([p.min, p.max]).toEqual([1, 7]);
  });
});
