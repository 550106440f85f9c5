// run-perf with the real iperf3 on loopback: the tree, Gb_sec as primary check, compare-perf reading two runs, and a server on a second worker.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePerfCommand } from '../../src/cli/analyze-perf-command.js';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import type { WorkloadContext } from '../../src/plugins/types.js';
import { readResultTree } from '../../src/result/read-tree.js';
import { localTarget } from '../../src/runner/targets/local.js';
import { createIperf3Workload } from '../../src/tests/iperf3/index.js';

async function cli(prog: string, command: typeof runPerfCommand, argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd);
  const code = await runCommand(prog, command, io);
  return { code, out: io.out(), err: io.err() };
}

describe('run-perf iperf3 (real iperf3 on 127.0.0.1)', () => {
  it('writes Gb_sec (primary), retransmits and CPU checks that compare-perf and analyze-perf read', { timeout: 90_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-iperf3-'));
    const test = `iperf3:${JSON.stringify({ duration: 1, samples: 2, parallel: [1, 2] })}`;
    for (const out of ['base', 'cand']) {
      const r = await cli('run-perf', runPerfCommand, ['--output', out, '--', test], cwd);
      expect(r.err).toContain('iperf3@Localhost done: Localhost/iperf3/0000');
      expect(r.code).toBe(0);
    }
    const tree = readResultTree('base', cwd);
    const gb = tree.checks.find((c) => c.id === 'Localhost/iperf3/0000:./tcp-parallel2/throughput/Gb_sec.mean');
    expect(gb).toMatchObject({ primary: true, direction: 'higher' });
    expect(Number(gb?.value)).toBeGreaterThan(0.05); // loopback TCP moves far more than 50 Mbit/s
    expect(tree.checks.find((c) => c.id === 'Localhost/iperf3/0000:./tcp-parallel1/latency/retransmits.mean')).toMatchObject({ primary: false, direction: 'lower' });
    expect(tree.checks.find((c) => c.id === 'Localhost/iperf3/0000:./tcp-parallel1/latency/cpu_client_pct.mean')).toBeDefined();
    const raw = JSON.parse(readFileSync(join(cwd, 'base/Localhost/iperf3/0000/tcp-parallel2/sample2/iperf3.json'), 'utf8')) as { start: { test_start: { num_streams: number } } };
    expect(raw.start.test_start.num_streams).toBe(2);
    // compare-perf reads both trees and decides on the Gb_sec checks (loopback throughput is noisy: any verdict is fine)
    const cmp = await cli('compare-perf', comparePerfCommand, ['--json', '-', 'base', 'cand'], cwd);
    expect([0, 2, 3]).toContain(cmp.code);
    expect(cmp.out).toContain('tcp-parallel2/throughput/Gb_sec.mean');
    // analyze-perf learns a model from the two runs; it covers the primary Gb_sec checks
    const ana = await cli('analyze-perf', analyzePerfCommand, ['-s', 'model.json', 'base', 'cand'], cwd);
    expect(ana.code).toBe(0);
    expect(readFileSync(join(cwd, 'model.json'), 'utf8')).toContain('Localhost/iperf3/0000:./tcp-parallel1/throughput/Gb_sec.mean');
  });

  it('runs the server on the second worker and the client on the main host', { timeout: 30_000 }, async () => {
    const main = localTarget('client', '127.0.0.1');
    const server = localTarget('server', '127.0.0.2');
    const ctx: WorkloadContext = {
      resultDir: '/',
      signal: new AbortController().signal,
      log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
      main,
      workers: [main, server],
      outDir: mkdtempSync(join(tmpdir(), 'perfgate-iperf3-')),
      iterations: [],
      onSample: () => undefined,
    };
    // TCP: iperf3's UDP test hangs across loopback aliases (the server answers from 127.0.0.1, not 127.0.0.2).
    const w = createIperf3Workload({ duration: 1, samples: 1, bitrate: '10M' });
    await w.check?.(ctx);
    const [it0] = await w.run(ctx);
    expect(it0?.iteration_name).toBe('tcp');
    const raw = JSON.parse(readFileSync(join(ctx.outDir, 'tcp/sample1/iperf3.json'), 'utf8')) as { start: { connecting_to: { host: string } } };
    expect(raw.start.connecting_to.host).toBe('127.0.0.2');
    expect(it0?.iteration_data.throughput?.['Gb_sec']?.[0]?.mean).toBeCloseTo(0.01, 2);
  });
});
