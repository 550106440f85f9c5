// The command workload: validation, sweep plan, and real runs yielding wall time plus printed JSON numbers as pbench entries.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors.js';
import type { SampleProgress, WorkloadContext } from '../../../../src/plugins/types.js';
import { localTarget } from '../../../../src/runner/targets/local.js';
import { pbenchEntry } from '../../../../src/tests/command/stats.js';
import { createCommandWorkload } from '../../../../src/tests/command/index.js';
import { guessDirection, parseOutputMetrics } from '../../../../src/tests/command/output-metrics.js';

function context(): WorkloadContext & { progress: SampleProgress[] } {
  const host = localTarget();
  const progress: SampleProgress[] = [];
  return {
    resultDir: '/',
    signal: new AbortController().signal,
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
    main: host,
    workers: [host],
    outDir: mkdtempSync(join(tmpdir(), 'perfgate-cmd-')),
    iterations: [],
    onSample: (p) => progress.push(p),
    progress,
  };
}

describe('command workload', () => {
  it('reports every bad parameter at once', () => {
    const e = (() => {
      try {
        createCommandWorkload({ command: 'echo hi', samples: 0, parallel: [0], bogus: 1 });
      } catch (x) {
        return x as ConfigError;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect(e?.issues.map((i) => i.split(':')[0])).toEqual(['bogus', 'command', 'samples', 'parallel']);
  });

  it('plans one iteration per combination of swept vars and parallelism', () => {
    const w = createCommandWorkload({ command: ['sleep', '{t}'], vars: { t: [0.1, 0.2] }, parallel: [1, 2], samples: 2, estimate: 0.5 });
    expect(w.plan().map((i) => [i.name, i.samples, i.estimatedSampleSeconds])).toEqual([
      ['sleep-t0_1-parallel1', 2, 0.5],
      ['sleep-t0_1-parallel2', 2, 0.5],
      ['sleep-t0_2-parallel1', 2, 0.5],
      ['sleep-t0_2-parallel2', 2, 0.5],
    ]);
  });

  it('runs the command, keeps raw output and turns printed JSON into the primary metric', async () => {
    const ctx = context();
    const script = 'printf "{\\"ops_sec\\": %s, \\"p99_ms\\": 2}\\n" "$1"';
    const w = createCommandWorkload({ command: ['sh', '-c', script, 'sh', '{n}'], vars: { n: 10 }, samples: 3, parallel: [1, 2] });
    await w.check?.(ctx);
    const [one, two] = await w.run(ctx);
    expect(ctx.progress).toHaveLength(6);
    expect(one?.iteration_name).toBe('sh-parallel1');
    expect(one?.iteration_data.parameters?.benchmark?.[0]).toMatchObject({ benchmark_name: 'command', primary_metric: 'ops_sec', n: 10, parallel: 1 });
    const all1 = one?.iteration_data.throughput?.['ops_sec']?.at(-1);
    expect(all1).toMatchObject({ client_hostname: 'all', mean: 10, stddevpct: 0, direction: 'higher' });
    expect(all1?.samples).toEqual([{ value: 10 }, { value: 10 }, { value: 10 }]);
    // two parallel copies: the rate adds up, the latency is averaged, per-client entries come first
    const ops2 = two?.iteration_data.throughput?.['ops_sec'];
    expect(ops2?.map((e) => [e.client_hostname, e.mean])).toEqual([['localhost-1', 10], ['localhost-2', 10], ['all', 20]]);
    expect(two?.iteration_data.latency?.['p99_ms']?.at(-1)?.mean).toBe(2);
    expect(two?.iteration_data.latency?.['wall_seconds']?.at(-1)?.direction).toBe('lower');
    expect(readFileSync(join(ctx.outDir, 'sh-parallel2', 'sample3', 'localhost-2.stdout'), 'utf8')).toBe('{"ops_sec": 10, "p99_ms": 2}\n');
  });

  it('fails the check for a missing binary and the run for a failing command', async () => {
    const ctx = context();
    await expect(createCommandWorkload({ command: ['no-such-binary-xyz'] }).check?.(ctx)).rejects.toThrow(/not installed on localhost/);
    await expect(createCommandWorkload({ command: ['sh', '-c', 'exit 7'], samples: 1 }).run(ctx)).rejects.toThrow(/exited with code 7/);
  });

  it('condenses samples like pbench: mean, n−1 stddev, stddev % and the closest sample', () => {
    const e = pbenchEntry([2, 4, 4, 4, 5, 5, 7, 9], { clientHostname: 'all', role: 'aggregate', description: 'x', unit: '', direction: 'higher' });
    expect(e.mean).toBe(5);
    expect(e.stddev).toBeCloseTo(2.138089935, 8);
    expect(e.stddevpct).toBeCloseTo(42.7617987, 6);
    expect(e.closest_sample).toBe('5');
  });

  it('parses the last JSON line and guesses directions from pbench-style names', () => {
    expect(parseOutputMetrics('noise\n{"a.b": 1, "s": "x", "c": 2.5}\n')).toEqual({ a_b: 1, c: 2.5 });
    expect(parseOutputMetrics('{"a": 1}\nnot json')).toEqual({});
    expect(['iops_sec', 'Gb_sec', 'lat_ms', 'wall_seconds', 'usec', 'score'].map(guessDirection)).toEqual(['higher', 'higher', 'lower', 'lower', 'lower', 'higher']);
  });
});

describe('command workload with "metrics" dot-paths', () => {
  it('picks numbers out of a multi-line JSON document such as fio --output-format=json', async () => {
    const ctx = context();
    const doc = JSON.stringify({ jobs: [{ write: { iops: 1234.5, lat_ns: { mean: 800 } } }] }, null, 2);
    const w = createCommandWorkload({ command: ['printf', '%s\\n', doc], samples: 2, metrics: { iops_sec: 'jobs.0.write.iops', lat_ns: 'jobs.0.write.lat_ns.mean' } });
    const [it0] = await w.run(ctx);
    expect(it0?.iteration_data.parameters?.benchmark?.[0]?.['primary_metric']).toBe('iops_sec');
    expect(it0?.iteration_data.throughput?.['iops_sec']?.at(-1)?.mean).toBe(1234.5);
    expect(it0?.iteration_data.latency?.['lat_ns']?.at(-1)?.mean).toBe(800);
    await expect(createCommandWorkload({ command: ['printf', '%s', doc], samples: 1, metrics: { x: 'jobs.0.nope' } }).run(ctx)).rejects.toThrow("no number at 'jobs.0.nope'");
  });
});
