// uperf workload: parameters and pbench names, profile XML (checked by xmllint), the parser on written outputs, and the missing-binary error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, EnvironmentError } from '../../../../src/errors.js';
import type { WorkloadContext } from '../../../../src/plugins/types.js';
import { localTarget } from '../../../../src/runner/targets/local.js';
import { createUperfWorkload, parseUperfOutput, UperfFailure, uperfIteration, uperfProfileXml } from '../../../../src/tests/uperf/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('uperf parameters and plan', () => {
  it('uses run-perf defaults and pbench-uperf iteration names', () => {
    const w = createUperfWorkload({});
    expect(w.plan().map((i) => i.name)).toEqual(['tcp_stream-1B-1i', 'tcp_stream-64B-1i', 'tcp_stream-16384B-1i']);
    expect(w.plan()[0]).toMatchObject({ samples: 3, estimatedSampleSeconds: 62 });
  });

  it('sweeps test types, protocols, sizes and instances given as lists or "a,b" strings', () => {
    const w = createUperfWorkload({ 'test-types': 'stream,rr', protocols: ['tcp', 'udp'], 'message-sizes': 64, instances: '1,8', runtime: 10 });
    expect(w.plan().map((i) => i.name)).toEqual([
      'tcp_stream-64B-1i', 'tcp_stream-64B-8i', 'udp_stream-64B-1i', 'udp_stream-64B-8i',
      'tcp_rr-64B-1i', 'tcp_rr-64B-8i', 'udp_rr-64B-1i', 'udp_rr-64B-8i',
    ]);
  });

  it('reports every bad parameter at once', () => {
    let e: unknown;
    try {
      createUperfWorkload({ 'test-types': 'stream,ping', protocols: 'sctp', 'message-sizes': '64,0', runtime: 0, extra: 1 });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).issues.map((i) => i.split(':')[0])).toEqual(['extra', 'test-types', 'protocols', 'message-sizes', 'runtime']);
  });
});

describe('uperf profile XML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-uperf-'));
  const xmllint = (xml: string) => {
    const f = join(dir, `p${Math.random()}.xml`);
    writeFileSync(f, xml);
    return execFileSync('xmllint', ['--xpath', 'concat(count(//group), "|", string(//transaction[2]/@duration), "|", string(//flowop[1]/@options), "|", count(//transaction[2]/flowop))', f], { encoding: 'utf8' }).trim();
  };
  const spec = { name: 'tcp_stream-64B-1i', protocol: 'tcp' as const, messageSize: 64, instances: 4, runtime: 30, remoteHost: '127.0.0.1' };

  it('writes well-formed profiles whose second transaction is the measured one', () => {
    expect(xmllint(uperfProfileXml({ ...spec, testType: 'stream' }))).toBe('1|30s|remotehost=127.0.0.1 protocol=tcp|1');
    expect(xmllint(uperfProfileXml({ ...spec, testType: 'rr' }))).toBe('1|30s|remotehost=127.0.0.1 protocol=tcp|2');
    expect(xmllint(uperfProfileXml({ ...spec, testType: 'bidirec' }))).toBe('2|30s|remotehost=127.0.0.1 protocol=tcp|2');
    const stream = uperfProfileXml({ ...spec, testType: 'stream' });
    expect(stream).toContain('<group nthreads="4">');
    expect(stream).toContain('<flowop type="write" options="count=16 size=64"/>');
    expect(uperfProfileXml({ ...spec, testType: 'maerts' })).toContain('<flowop type="read" options="count=16 size=64"/>');
  });

  it('escapes names and hosts so the XML stays well-formed', () => {
    const xml = uperfProfileXml({ ...spec, testType: 'stream', name: 'a"<&>b', remoteHost: 'h"x&y' });
    expect(xmllint(xml)).toBe('1|30s|remotehost=h"x&y protocol=tcp|1');
  });
});

describe('uperf output parser (outputs written from the documented format)', () => {
  it('computes Gb_sec from the Txn2 byte count over the sampled time of a stream run', () => {
    const s = parseUperfOutput(fixture('tcp_stream-16384B-1i.stdout.txt'), { rr: false, instances: 1 });
    const seconds = (1796083205123.9646 - 1796083200123.4568) / 1000;
    expect(s.profile).toBe('tcp_stream-16384B-1i');
    expect(s.bytes).toBe(346500 * 16384);
    expect(s.seconds).toBeCloseTo(seconds, 9);
    expect(s.gbSec).toBeCloseTo((346500 * 16384 * 8) / 1e9 / seconds, 9);
    expect(s.usec).toBeUndefined();
  });

  it('counts an rr transaction as one write plus one read and derives the per-thread round trip', () => {
    const s = parseUperfOutput(fixture('tcp_rr-64B-2i.stdout.txt'), { rr: true, instances: 2 });
    const seconds = (1796083205123.9646 - 1796083200123.4568) / 1000;
    expect(s.ops).toBe(257400 / 2);
    expect(s.transSec).toBeCloseTo(128700 / seconds, 6);
    expect(s.usec).toBeCloseTo((1e6 * 2) / (128700 / seconds), 6);
  });

  it('raises uperf errors and refuses output without measurements', () => {
    expect(() => parseUperfOutput(fixture('server-down.stdout.txt'), { rr: false, instances: 1 })).toThrow(new UperfFailure('uperf: ** TCP: Cannot connect to 127.0.0.1:24817 Connection refused'));
    expect(() => parseUperfOutput('Starting 1 threads running profile:x ...\n', { rr: false, instances: 1 })).toThrow(/fewer than two Txn2/);
    expect(() => parseUperfOutput(`${fixture('tcp_stream-16384B-1i.stdout.txt')}\nWARNING: Errors detected during run\n`, { rr: false, instances: 1 })).toThrow(/Errors detected/);
  });

  it('makes trans_sec primary for rr and Gb_sec for stream, with usec as a lower-is-better latency', () => {
    const rr = parseUperfOutput(fixture('tcp_rr-64B-2i.stdout.txt'), { rr: true, instances: 2 });
    const it0 = uperfIteration({ name: 'tcp_rr-64B-2i', testType: 'rr', params: { protocol: 'tcp' } }, 1, [rr, { ...rr, transSec: rr.transSec / 2, usec: (rr.usec ?? 0) * 2 }]);
    expect(it0.iteration_data.parameters?.benchmark?.[0]).toMatchObject({ benchmark_name: 'uperf', primary_metric: 'trans_sec', samples: 2 });
    expect(it0.iteration_data.throughput?.['trans_sec']?.[0]?.mean).toBeCloseTo((rr.transSec * 3) / 4, 6);
    expect(it0.iteration_data.latency?.['usec']?.[0]).toMatchObject({ client_hostname: 'all', direction: 'lower', unit: 'usec' });
    const st = parseUperfOutput(fixture('tcp_stream-16384B-1i.stdout.txt'), { rr: false, instances: 1 });
    const it1 = uperfIteration({ name: 'tcp_stream-16384B-1i', testType: 'stream', params: {} }, 1, [st]);
    expect(it1.iteration_data.parameters?.benchmark?.[0]?.['primary_metric']).toBe('Gb_sec');
    expect(Object.keys(it1.iteration_data.throughput ?? {})).toEqual(['Gb_sec']);
    expect(it1.iteration_data.latency).toBeUndefined();
  });
});

describe('uperf prerequisites', () => {
  it('fails with an EnvironmentError and an install hint when the binary is missing', async () => {
    const host = localTarget();
    const ctx: WorkloadContext = {
      resultDir: '/',
      signal: new AbortController().signal,
      log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
      main: host,
      workers: [host],
      outDir: mkdtempSync(join(tmpdir(), 'perfgate-uperf-')),
      iterations: [],
      onSample: () => undefined,
    };
    const e = await createUperfWorkload({ binary: 'uperf-not-installed-perfgate' }).check?.(ctx).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EnvironmentError);
    expect((e as EnvironmentError).message).toBe("uperf is not installed on localhost ('uperf-not-installed-perfgate' not found)");
    expect((e as EnvironmentError).hint).toMatch(/no Debian package: build it from https:\/\/github.com\/uperf\/uperf/);
  });
});
