// Aggregation of fio entries and the metrics a sample yields, on recorded fio 3.33 outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeConcurrent, statsFromEntries } from '../../../../src/tests/fio/aggregate.js';
import { binCount, percentilesFromBins } from '../../../../src/tests/fio/histogram.js';
import { metricInfo, sampleMetrics } from '../../../../src/tests/fio/metrics.js';
import { parseFioOutput } from '../../../../src/tests/fio/parse.js';
import { renderJobFile } from '../../../../src/tests/fio/job-file.js';
import { ConfigError } from '../../../../src/errors.js';
import { FIO_SAMPLES } from '../../../support/fixtures.js';

const parse = (f: string) => parseFioOutput(readFileSync(join(FIO_SAMPLES, f), 'utf8'));

describe('aggregation', () => {
  it('sums rates over clients like fio\'s "All clients" but keeps the bins, so percentiles exist', () => {
    const o = parse('cs-3servers-loopback.jsonplus.json');
    const all = mergeConcurrent(o.entries.map((e) => statsFromEntries([e])));
    const fioAll = o.allClients[0];
    expect(all.read.iops).toBeCloseTo(fioAll?.read.iops ?? NaN, 5);
    expect(Math.abs(all.read.bwBytes - (fioAll?.read.bw_bytes ?? NaN))).toBeLessThanOrEqual(1); // fio recomputes it from bytes/runtime
    expect(all.read.ioBytes).toBe(fioAll?.read.io_bytes);
    expect(binCount(all.read.clatBins)).toBe(fioAll?.read.clat_ns.N);
    expect(fioAll?.read.clat_ns.bins).toBeUndefined();
    const [p50, p99] = percentilesFromBins(all.read.clatBins, [50, 99]);
    const perClient50 = o.entries.map((e) => e.read.clat_ns.percentile?.['50.000000'] ?? NaN);
    expect(p50).toBeGreaterThanOrEqual(Math.min(...perClient50));
    expect(p50).toBeLessThanOrEqual(Math.max(...perClient50));
    expect(p99).toBeGreaterThan(p50 ?? Infinity);
  });

  it('weights the rates of sequential job groups by runtime instead of adding them', () => {
    const o = parse('cs-two-groups-all-clients-quirk.json');
    const client = o.entries.filter((e) => e.port === 8765);
    const [rr, rw] = client;
    const s = statsFromEntries(client);
    // group 0 read for 1001 ms; group 1 wrote for its own runtime: each direction's rate is its own group's
    expect(s.read.iops).toBeCloseTo(rr?.read.iops ?? NaN, 6);
    expect(s.write.iops).toBeCloseTo(rw?.write.iops ?? NaN, 6);
    expect(s.read.totalIos + s.write.totalIos).toBe((rr?.read.total_ios ?? 0) + (rw?.write.total_ios ?? 0));
  });
});

describe('sampleMetrics', () => {
  it('yields pbench iops_sec, bandwidth, mean latencies (slat only when measured) and json+ percentiles', () => {
    const e = parse('standalone.jsonplus.json').entries[0];
    if (!e) throw new Error('no entry');
    const m = sampleMetrics(statsFromEntries([e]));
    expect(Object.keys(m)).toEqual(['iops_sec', 'MiB_sec', 'clat', 'lat', 'clat_p50', 'clat_p90', 'clat_p99', 'clat_p99_9']);
    expect(m['iops_sec']).toBe(e.read.iops + e.write.iops);
    expect(m['MiB_sec']).toBeCloseTo(e.read.bw_bytes / 1048576, 9);
    expect(m['clat_p99']).toBe(e.read.clat_ns.percentile?.['99.000000']);
    expect(m['clat_p99_9']).toBe(e.read.clat_ns.percentile?.['99.900000']);
    const direct = parseFioOutput(readFileSync(join(FIO_SAMPLES, 'standalone-libaio-direct.json'), 'utf8')).entries;
    const md = sampleMetrics(statsFromEntries(direct));
    expect(md['slat']).toBe(direct[0]?.read.slat_ns.mean);
    expect(md['clat_p99']).toBeUndefined(); // plain json: no bins, no percentile metrics
  });

  it('describes each metric with workflow, unit and direction', () => {
    expect(metricInfo('iops_sec')).toMatchObject({ workflow: 'throughput', unit: 'IOPS', direction: 'higher' });
    expect(metricInfo('write_MiB_sec')).toMatchObject({ workflow: 'throughput', unit: 'MiB/s', description: 'Write bandwidth in MiB per second' });
    expect(metricInfo('clat_p99_9')).toMatchObject({ workflow: 'latency', unit: 'ns', direction: 'lower', description: '99.9th percentile of completion latency (json+ bins)' });
    expect(metricInfo('slat').description).toBe('Average submission latency per I/O operation');
  });
});

describe('renderJobFile', () => {
  it('refuses section and option names or values that could inject options', () => {
    expect(() => renderJobFile([{ name: 'a]\n[b', options: {} }])).toThrow(ConfigError);
    expect(() => renderJobFile([{ name: 'a', options: { 'x=1\ny': 1 } }])).toThrow(ConfigError);
    expect(() => renderJobFile([{ name: 'a', options: { filename: '/x\nexec_prerun=sh' } }])).toThrow(/line break/);
    expect(renderJobFile([{ name: 'a', options: { time_based: true, thinktime: false, size: '1m' } }], '[b]\nrw=read\n\n')).toBe('[a]\ntime_based\nsize=1m\n\n[b]\nrw=read\n');
  });
});
