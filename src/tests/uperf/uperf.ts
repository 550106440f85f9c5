// The uperf workload: `uperf -s` on a worker, the master with a generated profile on the main host; pbench-uperf's names and metrics.
//
// uperf is not packaged on Debian 12 (nor npm/PyPI): where it is missing, check() fails with an install hint. The run path
// below drives the real binary and is not exercised by perfgate's CI; the profile XML and the parser are tested.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import type { PlannedIteration, Workload, WorkloadContext } from '../../plugins/types.js';
import type { PbenchEntry, PbenchIteration } from '../../result/pbench.js';
import { describeEnd } from '../../runner/targets/exec-error.js';
import type { ExecResult, Target } from '../../runner/targets/types.js';
import { pbenchEntry } from '../command/stats.js';
import type { UperfParams, UperfProtocol, UperfTestType } from './params.js';
import { parseUperfParams } from './params.js';
import type { UperfSample } from './parse.js';
import { parseUperfOutput, UperfFailure } from './parse.js';
import { uperfProfileXml } from './profile.js';
import { makeDirs } from '../../make-dirs.js';

interface UperfIteration extends PlannedIteration {
  testType: UperfTestType;
  protocol: UperfProtocol;
  messageSize: number;
  instances: number;
}

/** pbench-uperf's iteration names: `tcp_stream-64B-1i`, `udp_rr-1B-8i`. */
export const iterationName = (protocol: string, testType: string, size: number, instances: number): string => `${protocol}_${testType}-${size}B-${instances}i`;

function expand(p: UperfParams): UperfIteration[] {
  const out: UperfIteration[] = [];
  for (const testType of p.testTypes) {
    for (const protocol of p.protocols) {
      for (const messageSize of p.messageSizes) {
        for (const instances of p.instances) {
          out.push({
            name: iterationName(protocol, testType, messageSize, instances),
            params: { 'test-type': testType, protocol, 'message-size': messageSize, instances },
            samples: p.samples,
            estimatedSampleSeconds: p.runtime + 2,
            testType,
            protocol,
            messageSize,
            instances,
          });
        }
      }
    }
  }
  return out;
}

/** The server (`uperf -s`) runs on the second worker when there is one, else on the main host. */
const serverTarget = (ctx: Pick<WorkloadContext, 'main' | 'workers'>): Target => ctx.workers[1] ?? ctx.main;

async function runSample(p: UperfParams, it: UperfIteration, ctx: WorkloadContext, dir: string): Promise<UperfSample> {
  await makeDirs(dir);
  const server = serverTarget(ctx);
  const port = p.port ?? 20000 + Math.floor(Math.random() * 40000);
  const xml = uperfProfileXml({ name: it.name, testType: it.testType, protocol: it.protocol, messageSize: it.messageSize, instances: it.instances, runtime: p.runtime, remoteHost: server.address });
  const local = join(dir, 'profile.xml');
  await writeFile(local, xml);
  const remote = `/tmp/perfgate-uperf-${randomBytes(6).toString('hex')}.xml`;
  await ctx.main.transport.copyTo(local, remote);
  const stopServer = new AbortController();
  const serverRun: Promise<ExecResult | undefined> = server.transport
    .exec([p.binary, '-s', '-P', String(port)], { signal: AbortSignal.any([ctx.signal, stopServer.signal]), reject: false, timeoutMs: (p.runtime + 120) * 1000 })
    .catch(() => undefined);
  try {
    // uperf -s prints nothing when ready; give it a moment and make sure it did not exit (e.g. port taken).
    const early = await Promise.race([serverRun, new Promise<'up'>((resolve) => setTimeout(() => resolve('up'), 1000))]);
    if (early !== 'up') throw new UperfFailure(`uperf server on ${server.name} exited at once${early ? `: ${early.stderr.trim() || early.stdout.trim()}` : ''}`);
    const argv = [p.binary, '-m', remote, '-R', '-a', '-i', '1', '-P', String(port)];
    const r = await ctx.main.transport.exec(argv, { signal: ctx.signal, reject: false, timeoutMs: (p.runtime + 60) * 1000 });
    await writeFile(join(dir, 'uperf.stdout'), r.stdout);
    if (r.stderr) await writeFile(join(dir, 'uperf.stderr'), r.stderr);
    try {
      const sample = parseUperfOutput(r.stdout, { rr: it.testType === 'rr', instances: it.instances });
      if (r.failed) throw new UperfFailure(`uperf ${describeEnd(r)}`);
      return sample;
    } catch (e) {
      throw new UperfFailure(`uperf on ${ctx.main.name} → server ${server.name} (${server.address}:${port}) failed: ${(e as Error).message}`);
    }
  } finally {
    stopServer.abort(new Error('uperf sample done'));
    const s = await serverRun;
    if (s) await writeFile(join(dir, 'uperf-server.txt'), s.stdout + s.stderr);
    await ctx.main.transport.exec(['rm', '-f', remote], { reject: false });
  }
}

/** result.json's iteration: Gb_sec (primary for stream/maerts/bidirec) or trans_sec (primary for rr) and usec. */
export function uperfIteration(it: Pick<UperfIteration, 'name' | 'testType' | 'params'>, number: number, samples: readonly UperfSample[]): PbenchIteration {
  const rr = it.testType === 'rr';
  const entry = (values: number[], description: string, unit: string, direction: 'higher' | 'lower'): PbenchEntry[] => [pbenchEntry(values, { clientHostname: 'all', role: 'aggregate', description, unit, direction })];
  const throughput: Record<string, PbenchEntry[]> = { Gb_sec: entry(samples.map((s) => s.gbSec), 'Gb_sec', 'Gb/s', 'higher') };
  if (rr) throughput['trans_sec'] = entry(samples.map((s) => s.transSec), 'trans_sec', 'trans/s', 'higher');
  const usec = samples.map((s) => s.usec);
  const latency = rr && usec.every((v) => v !== undefined) ? { usec: entry(usec, 'usec', 'usec', 'lower') } : undefined;
  return {
    iteration_name: it.name,
    iteration_number: number,
    iteration_data: {
      parameters: { benchmark: [{ benchmark_name: 'uperf', primary_metric: rr ? 'trans_sec' : 'Gb_sec', samples: samples.length, ...it.params }] },
      throughput,
      ...(latency ? { latency } : {}),
    },
  };
}

/** Factory registered as the built-in test `uperf`. */
export function createUperfWorkload(options: Record<string, unknown>): Workload {
  const p = parseUperfParams(options);
  const iterations = expand(p);
  return {
    name: 'uperf',
    plan: () => iterations.map(({ name, params, samples, estimatedSampleSeconds }) => ({ name, params, samples, estimatedSampleSeconds })),
    async check(ctx) {
      for (const host of new Set([ctx.main, serverTarget(ctx)])) {
        const r = await host.transport.exec(['sh', '-c', 'command -v "$1"', 'sh', p.binary], { reject: false, signal: ctx.signal });
        if (r.failed) {
          throw new EnvironmentError(`uperf is not installed on ${host.name} ('${p.binary}' not found)`, {
            code: 'PERFGATE_UPERF_NOT_FOUND',
            hint: 'uperf has no Debian package: build it from https://github.com/uperf/uperf (autoreconf -fi && ./configure && make install), or give its path in "binary"; iperf3 is the packaged alternative',
          });
        }
      }
    },
    async run(ctx) {
      const out: PbenchIteration[] = [];
      for (const [i, it] of iterations.entries()) {
        const samples: UperfSample[] = [];
        for (let s = 1; s <= it.samples; s++) {
          ctx.onSample({ iteration: it.name, iterationIndex: i, iterations: iterations.length, sample: s, samples: it.samples });
          samples.push(await runSample(p, it, ctx, join(ctx.outDir, it.name, `sample${s}`)));
        }
        out.push(uperfIteration(it, i + 1, samples));
      }
      return out;
    },
  };
}
