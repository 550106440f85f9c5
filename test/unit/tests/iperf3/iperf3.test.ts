// iperf3 workload: the parser on real iperf3 3.12 outputs, parameter validation and sweeps, and real runs on 127.0.0.1.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors.js';
import type { SampleProgress, WorkloadContext } from '../../../../src/plugins/types.js';
import { localTarget } from '../../../../src/runner/targets/local.js';
import { createIperf3Workload, Iperf3Failure, parseIperf3Json } from '../../../../src/tests/iperf3/index.js';
import { clientArgv, iperf3Iteration } from '../../../../src/tests/iperf3/iperf3.js';
import { parseIperf3Params } from '../../../../src/tests/iperf3/params.js';
import { FIO_SAMPLES } from '../../../support/fixtures.js';

const sample = (name: string) => readFileSync(join(FIO_SAMPLES, name), 'utf8');

function context(workers = [localTarget()]): WorkloadContext & { progress: SampleProgress[] } {
  const progress: SampleProgress[] = [];
  return {
    resultDir: '/',
    signal: new AbortController().signal,
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
    main: workers[0] ?? localTarget(),
    workers,
    outDir: mkdtempSync(join(tmpdir(), 'perfgate-iperf3-')),
    iterations: [],
    onSample: (p) => progress.push(p),
    progress,
  };
}

describe('iperf3 JSON parser', () => {
  it('reads TCP throughput (receiver), retransmits and CPU from a real loopback run', () => {
    const s = parseIperf3Json(sample('iperf3-tcp-loopback.json'));
    expect(s.protocol).toBe('TCP');
    expect(s.gbSec).toBeCloseTo(20.99064847054683, 9);
    expect(s.retransmits).toBe(25);
    expect(s.cpuHostPct).toBeCloseTo(86.9245642687014, 9);
    expect(s.cpuRemotePct).toBeCloseTo(43.26399323894922, 9);
    expect(s.jitterMs).toBeUndefined();
    expect(s.streams).toBe(1);
  });

  it('reads UDP throughput, jitter and loss', () => {
    const s = parseIperf3Json(sample('iperf3-udp-loopback.json'));
    expect(s.protocol).toBe('UDP');
    expect(s.gbSec).toBeCloseTo(0.0999998360132829, 12);
    expect(s.jitterMs).toBeCloseTo(0.00859823356875754, 12);
    expect(s.lostPercent).toBe(0);
    expect(s.retransmits).toBeUndefined();
  });

  it('raises the error iperf3 reports with exit code 0 when the server is down', () => {
    expect(() => parseIperf3Json(sample('iperf3-server-down.json'))).toThrow(new Iperf3Failure('iperf3: unable to connect to server: Connection refused'));
  });

  it('rejects empty, truncated and unfinished reports', () => {
    expect(() => parseIperf3Json('')).toThrow(/printed no JSON/);
    expect(() => parseIperf3Json(sample('iperf3-tcp-loopback.json').slice(0, 500))).toThrow(/not valid JSON/);
    expect(() => parseIperf3Json('{"start": {}, "intervals": [], "end": {}}')).toThrow(/no end.sum_received/);
  });
});

describe('iperf3 parameters and plan', () => {
  it('reports every bad parameter at once', () => {
    let e: unknown;
    try {
      createIperf3Workload({ protocol: 'sctp', parallel: 0, duration: -1, bitrate: 'fast', bogus: 1 });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).issues.map((i) => i.split(':')[0])).toEqual(['bogus', 'protocol', 'parallel', 'duration', 'bitrate']);
  });

  it('sweeps lists (and run-perf style comma strings) into named iterations', () => {
    const w = createIperf3Workload({ protocol: 'tcp,udp', parallel: [1, 4], duration: 2, bitrate: '50M' });
    expect(w.plan().map((i) => i.name)).toEqual(['tcp-parallel1', 'tcp-parallel4', 'udp-parallel1', 'udp-parallel4']);
    expect(w.plan()[0]).toMatchObject({ samples: 3, estimatedSampleSeconds: 3, params: { protocol: 'tcp', parallel: 1, bitrate: '50M' } });
  });

  it('builds the client argv from the options', () => {
    const p = parseIperf3Params({ protocol: 'udp', duration: 5, omit: 1, bitrate: '100M', length: 1400, reverse: true });
    const it0 = { name: 'udp', params: {}, samples: 3, estimatedSampleSeconds: 6, protocol: 'udp' as const, parallel: 2, length: '1400', bitrate: '100M' };
    expect(clientArgv(p, it0, '127.0.0.1', 30000)).toEqual(['iperf3', '-c', '127.0.0.1', '-p', '30000', '--json', '-t', '5', '-P', '2', '-O', '1', '-u', '-b', '100M', '-l', '1400', '-R']);
  });

  it('condenses samples into pbench entries with Gb_sec primary and only the metrics every sample has', () => {
    const tcp = parseIperf3Json(sample('iperf3-tcp-loopback.json'));
    const it0 = iperf3Iteration('tcp', 1, { protocol: 'tcp' }, [tcp, { ...tcp, gbSec: 10, retransmits: 5 }]);
    const d = it0.iteration_data;
    expect(d.parameters?.benchmark?.[0]).toMatchObject({ benchmark_name: 'iperf3', primary_metric: 'Gb_sec', samples: 2 });
    expect(d.throughput?.['Gb_sec']?.[0]).toMatchObject({ client_hostname: 'all', direction: 'higher', unit: 'Gb/s' });
    expect(d.throughput?.['Gb_sec']?.[0]?.mean).toBeCloseTo((20.99064847054683 + 10) / 2, 9);
    expect(d.latency?.['retransmits']?.[0]).toMatchObject({ mean: 15, direction: 'lower' });
    expect(Object.keys(d.latency ?? {}).sort()).toEqual(['cpu_client_pct', 'cpu_server_pct', 'retransmits']);
  });
});

describe('iperf3 workload on 127.0.0.1 (real iperf3)', () => {
  it('runs TCP and UDP samples against its own one-shot server and keeps each raw report', async () => {
    const w = createIperf3Workload({ protocol: ['tcp', 'udp'], duration: 1, samples: 2, bitrate: '20M' });
    const ctx = context();
    await w.check?.(ctx);
    const result = await w.run(ctx);
    expect(result.map((r) => r.iteration_name)).toEqual(['tcp', 'udp']);
    const tcp = result[0]?.iteration_data;
    const udp = result[1]?.iteration_data;
    expect(tcp?.throughput?.['Gb_sec']?.[0]?.samples).toHaveLength(2);
    // -b 20M paces both protocols: the received rate is close to 0.02 Gb/s.
    for (const d of [tcp, udp]) {
      expect(d?.throughput?.['Gb_sec']?.[0]?.mean).toBeGreaterThan(0.015);
      expect(d?.throughput?.['Gb_sec']?.[0]?.mean).toBeLessThan(0.025);
    }
    expect(Object.keys(udp?.latency ?? {})).toEqual(expect.arrayContaining(['jitter_ms', 'lost_pct']));
    expect(tcp?.latency?.['retransmits']).toBeDefined();
    expect(ctx.progress.map((p) => `${p.iteration}#${p.sample}`)).toEqual(['tcp#1', 'tcp#2', 'udp#1', 'udp#2']);
    const raw = JSON.parse(readFileSync(join(ctx.outDir, 'udp/sample2/iperf3.json'), 'utf8')) as { start: { test_start: { protocol: string } } };
    expect(raw.start.test_start.protocol).toBe('UDP');
    expect(readFileSync(join(ctx.outDir, 'tcp/sample1/iperf3-server.txt'), 'utf8')).toContain('Server listening on');
  });

  it('fails clearly when the server port is taken by something that is not an iperf3 server', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const w = createIperf3Workload({ duration: 1, samples: 1, port });
      const ctx = context();
      await expect(w.run(ctx)).rejects.toThrow(/iperf3 server on localhost did not start: .*Address already in use/);
    } finally {
      blocker.close();
    }
  });

  it('says iperf3 is missing on the host that lacks it', async () => {
    const w = createIperf3Workload({ duration: 1, samples: 1 });
    const ctx = context();
    const bare = { ...ctx.main, name: 'bare', transport: { ...ctx.main.transport, kind: 'local', exec: (argv: readonly string[], o?: object) => ctx.main.transport.exec(['iperf3-definitely-missing', ...argv.slice(1)], o) } };
    await expect(w.check?.({ ...ctx, main: bare, workers: [bare] })).rejects.toThrow('iperf3 is not installed on bare');
    expect(existsSync(ctx.outDir)).toBe(true);
  });
});
