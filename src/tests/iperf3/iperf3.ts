// The iperf3 workload: a one-shot server on a worker, the client (`--json`) on the main host; Gb_sec, retransmits, UDP jitter/loss, CPU.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { cartesian, sweepSuffix } from '../../plugins/sweep.js';
import type { PlannedIteration, Workload, WorkloadContext } from '../../plugins/types.js';
import type { PbenchEntry, PbenchIteration } from '../../result/pbench.js';
import { describeEnd } from '../../runner/targets/exec-error.js';
import { quoteArgv } from '../../runner/targets/shell-quote.js';
import type { Target } from '../../runner/targets/types.js';
import { pbenchEntry } from '../command/stats.js';
import type { Iperf3Params } from './params.js';
import { parseIperf3Params } from './params.js';
import type { Iperf3Sample } from './parse.js';
import { Iperf3Failure, parseIperf3Json } from './parse.js';
import { startIperf3Server } from './server.js';
import { makeDirs } from '../../make-dirs.js';

/** The primary metric, as pbench-uperf names stream throughput. */
export const PRIMARY = 'Gb_sec';

interface Iperf3Iteration extends PlannedIteration {
  protocol: 'tcp' | 'udp';
  parallel: number;
  length?: string;
  bitrate?: string;
}

function expand(p: Iperf3Params): Iperf3Iteration[] {
  const swept: Record<string, Iperf3Params['protocol']> = { protocol: p.protocol, parallel: p.parallel };
  if (p.length !== undefined) swept['length'] = p.length;
  if (p.bitrate !== undefined) swept['bitrate'] = p.bitrate;
  return cartesian(swept).map((combo) => {
    const protocol = combo.values['protocol'] as 'tcp' | 'udp';
    const v = combo.values;
    return {
      // `tcp`, `udp-parallel4`, `tcp-length64K`: the protocol leads, the other varying values follow.
      name: `${protocol}${sweepSuffix({ values: v, varying: combo.varying.filter((k) => k !== 'protocol') })}`,
      params: { ...v },
      samples: p.samples,
      estimatedSampleSeconds: p.duration + p.omit + 1,
      protocol,
      parallel: Number(v['parallel']),
      length: v['length'] === undefined ? undefined : String(v['length']),
      bitrate: v['bitrate'] === undefined ? undefined : String(v['bitrate']),
    };
  });
}

/** The client's argv for one sample. */
export function clientArgv(p: Iperf3Params, it: Iperf3Iteration, address: string, port: number): string[] {
  const argv = ['iperf3', '-c', address, '-p', String(port), '--json', '-t', String(p.duration), '-P', String(it.parallel)];
  if (p.omit > 0) argv.push('-O', String(p.omit));
  if (it.protocol === 'udp') argv.push('-u');
  if (it.bitrate !== undefined) argv.push('-b', it.bitrate);
  if (it.length !== undefined) argv.push('-l', it.length);
  if (p.reverse) argv.push('-R');
  return argv;
}

/** The server runs on the second worker when there is one (a real network path), else on the main host. */
export const serverTarget = (ctx: Pick<WorkloadContext, 'main' | 'workers'>): Target => ctx.workers[1] ?? ctx.main;

async function runSample(p: Iperf3Params, it: Iperf3Iteration, ctx: WorkloadContext, dir: string): Promise<Iperf3Sample> {
  await makeDirs(dir);
  const target = serverTarget(ctx);
  const maxSeconds = p.duration + p.omit + 60;
  const server = await startIperf3Server(target, p.port, ctx.signal, maxSeconds);
  try {
    const argv = clientArgv(p, it, target.address, server.port);
    // A client that hangs (e.g. UDP replies that never arrive) is killed 30 s after its test should have ended.
    const clientMs = (p.duration + p.omit + 30) * 1000;
    const r = await ctx.main.transport.exec(argv, { signal: ctx.signal, reject: false, timeoutMs: clientMs });
    await writeFile(join(dir, 'iperf3.json'), r.stdout);
    if (r.stderr) await writeFile(join(dir, 'iperf3.stderr'), r.stderr);
    try {
      return parseIperf3Json(r.stdout);
    } catch (e) {
      const why = r.failed && !r.stdout.includes('{') ? `${quoteArgv(argv)} ${describeEnd(r, clientMs)}: ${r.stderr.trim().split('\n').pop() ?? ''}` : (e as Error).message;
      throw new Iperf3Failure(`iperf3 client on ${ctx.main.name} → server ${target.name} (${target.address}:${server.port}) failed: ${why}`);
    }
  } finally {
    await writeFile(join(dir, 'iperf3-server.txt'), await server.stop(5000));
  }
}

interface Metric {
  name: string;
  workflow: 'throughput' | 'latency';
  unit: string;
  direction: 'higher' | 'lower';
  pick: (s: Iperf3Sample) => number | undefined;
}

/** Every metric but Gb_sec is lower-is-better, so it sits under `latency` (the workflows run-perf reads). */
const METRICS: readonly Metric[] = [
  { name: PRIMARY, workflow: 'throughput', unit: 'Gb/s', direction: 'higher', pick: (s) => s.gbSec },
  { name: 'retransmits', workflow: 'latency', unit: 'count', direction: 'lower', pick: (s) => s.retransmits },
  { name: 'jitter_ms', workflow: 'latency', unit: 'ms', direction: 'lower', pick: (s) => s.jitterMs },
  { name: 'lost_pct', workflow: 'latency', unit: '%', direction: 'lower', pick: (s) => s.lostPercent },
  { name: 'cpu_client_pct', workflow: 'latency', unit: '%', direction: 'lower', pick: (s) => s.cpuHostPct },
  { name: 'cpu_server_pct', workflow: 'latency', unit: '%', direction: 'lower', pick: (s) => s.cpuRemotePct },
];

/** result.json's iteration from the samples' measurements (a metric appears when every sample has it). */
export function iperf3Iteration(name: string, number: number, params: Record<string, unknown>, samples: readonly Iperf3Sample[]): PbenchIteration {
  const data: Record<'throughput' | 'latency', Record<string, PbenchEntry[]>> = { throughput: {}, latency: {} };
  for (const m of METRICS) {
    const values = samples.map(m.pick);
    if (values.length === 0 || values.some((v) => v === undefined)) continue;
    data[m.workflow][m.name] = [pbenchEntry(values as number[], { clientHostname: 'all', role: 'aggregate', description: m.name, unit: m.unit, direction: m.direction })];
  }
  return {
    iteration_name: name,
    iteration_number: number,
    iteration_data: {
      parameters: { benchmark: [{ benchmark_name: 'iperf3', primary_metric: PRIMARY, samples: samples.length, ...params }] },
      throughput: data.throughput,
      ...(Object.keys(data.latency).length ? { latency: data.latency } : {}),
    },
  };
}

/** Factory registered as the built-in test `iperf3`. */
export function createIperf3Workload(options: Record<string, unknown>): Workload {
  const p = parseIperf3Params(options);
  const iterations = expand(p);
  return {
    name: 'iperf3',
    plan: () => iterations.map(({ name, params, samples, estimatedSampleSeconds }) => ({ name, params, samples, estimatedSampleSeconds })),
    async check(ctx) {
      for (const host of new Set([ctx.main, serverTarget(ctx)])) {
        const r = await host.transport.exec(['iperf3', '--version'], { reject: false, signal: ctx.signal });
        if (r.failed) throw new EnvironmentError(`iperf3 is not installed on ${host.name}`, { code: 'PERFGATE_IPERF3_NOT_FOUND', hint: 'apt-get install iperf3 (or dnf install iperf3)' });
      }
    },
    async run(ctx) {
      const out: PbenchIteration[] = [];
      for (const [i, it] of iterations.entries()) {
        const samples: Iperf3Sample[] = [];
        for (let s = 1; s <= it.samples; s++) {
          ctx.onSample({ iteration: it.name, iterationIndex: i, iterations: iterations.length, sample: s, samples: it.samples });
          samples.push(await runSample(p, it, ctx, join(ctx.outDir, it.name, `sample${s}`)));
        }
        out.push(iperf3Iteration(it.name, i + 1, { protocol: it.protocol, parallel: it.parallel, duration: p.duration, ...(it.length ? { length: it.length } : {}), ...(it.bitrate ? { bitrate: it.bitrate } : {}) }, samples));
      }
      return out;
    },
  };
}
