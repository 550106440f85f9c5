// Runs the chosen monitors on every worker during each sample (started at each sample's start, stopped with SIGINT at the
// next one or at the end), keeps their raw output beside the sample and adds per-sample means as non-primary metrics.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import type { SampleProgress, StepLogger } from '../../plugins/types.js';
import type { PbenchEntry, PbenchIteration } from '../../result/pbench.js';
import type { ExecResult, Target } from '../targets/types.js';
import type { MonitorMetric, MonitorTool } from './types.js';
import { average } from './types.js';
import { makeDirs } from '../../make-dirs.js';

/**
 * `sh -c` script (constant; the stop file and the monitor's argv are positional words): exec the monitor in the shell's
 * place and, in a background watcher, send it SIGINT once the stop file exists. sysstat only completes its JSON on SIGINT.
 */
const WRAPPER = 'stop=$1; shift; ( while [ ! -e "$stop" ] && kill -0 $$ 2>/dev/null; do sleep 0.1; done; kill -INT $$ 2>/dev/null ) & exec "$@"';

/** Folder of one sample's monitor output for one worker: `<iteration>/sample<N>/monitors/<worker>/`. */
export const monitorDir = (outDir: string, iteration: string, sample: number, worker: string): string => join(outDir, iteration, `sample${sample}`, 'monitors', worker.replace(/[^A-Za-z0-9_.-]/g, '_'));

interface Running {
  worker: Target;
  tool: MonitorTool;
  dir: string;
  stopFile: string;
  done: Promise<ExecResult | undefined>;
}

export class MonitorSession {
  private running: Running[] = [];
  private readonly stopping: Promise<void>[] = [];
  /** iteration name → sample numbers monitored. */
  private readonly samples = new Map<string, number[]>();

  private readonly tools: readonly MonitorTool[];
  private readonly workers: readonly Target[];
  private readonly outDir: string;
  private readonly signal: AbortSignal;
  private readonly log: StepLogger;
  private readonly interval: number;

  constructor(o: { tools: readonly MonitorTool[]; workers: readonly Target[]; outDir: string; signal: AbortSignal; log: StepLogger; interval?: number }) {
    this.tools = o.tools;
    this.workers = o.workers;
    this.outDir = o.outDir;
    this.signal = o.signal;
    this.log = o.log;
    this.interval = o.interval ?? 1;
  }

  /** Every tool is installed on every worker (EnvironmentError naming the first missing one). */
  async check(): Promise<void> {
    for (const w of this.workers) {
      for (const t of this.tools) {
        const r = await w.transport.exec(['sh', '-c', 'command -v "$1"', 'sh', t.binary], { reject: false, signal: this.signal });
        if (r.failed) throw new EnvironmentError(`monitor ${t.name}: '${t.binary}' is not installed on ${w.name}`, { code: 'PERFGATE_MONITOR_NOT_FOUND', hint: 'apt-get install sysstat (dnf install sysstat; vmstat is in procps)' });
      }
    }
  }

  /** A sample starts: stop the previous sample's monitors (in the background) and start this one's. */
  sample(p: SampleProgress): void {
    this.stopAll();
    this.samples.set(p.iteration, [...(this.samples.get(p.iteration) ?? []), p.sample]);
    this.running = this.workers.flatMap((worker) => this.tools.map((tool) => this.start(worker, tool, monitorDir(this.outDir, p.iteration, p.sample, worker.name))));
  }

  private start(worker: Target, tool: MonitorTool, dir: string): Running {
    const stopFile = `/tmp/perfgate-monitor-${randomBytes(6).toString('hex')}`;
    const done = worker.transport
      .exec(['sh', '-c', WRAPPER, 'sh', stopFile, ...tool.argv(this.interval)], { reject: false, signal: this.signal, timeoutMs: 24 * 3_600_000 })
      .catch(() => undefined);
    return { worker, tool, dir, stopFile, done };
  }

  private stopAll(): void {
    for (const r of this.running) {
      this.stopping.push(
        (async () => {
          await r.worker.transport.exec(['touch', r.stopFile], { reject: false });
          const result = await r.done;
          await r.worker.transport.exec(['rm', '-f', r.stopFile], { reject: false });
          await makeDirs(r.dir);
          await writeFile(join(r.dir, r.tool.file), result?.stdout ?? '');
          if (result?.stderr.trim()) this.log.warn(`monitor ${r.tool.name} on ${r.worker.name}: ${result.stderr.trim().split('\n')[0]}`);
        })().catch((e: unknown) => this.log.warn(`monitor ${r.tool.name} on ${r.worker.name} could not be stopped: ${(e as Error).message}`)),
      );
    }
    this.running = [];
  }

  /** Stop whatever still runs and wait until every raw file is written. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopAll();
    await Promise.all(this.stopping);
  }

  /** Stop, then add each monitor's per-sample means to the iterations as non-primary, lower-is-better `latency` metrics. */
  async finish(result: PbenchIteration[]): Promise<void> {
    await this.stop();
    for (const it of result) {
      const sampleNumbers = this.samples.get(it.iteration_name) ?? [];
      // metric → worker → per-sample values (undefined: that sample had no report)
      const values = new Map<string, { unit: string; perWorker: Map<string, (number | undefined)[]> }>();
      for (const [si, s] of sampleNumbers.entries()) {
        for (const w of this.workers) {
          for (const t of this.tools) {
            const raw = await readFile(join(monitorDir(this.outDir, it.iteration_name, s, w.name), t.file), 'utf8').catch(() => '');
            for (const [metric, m] of Object.entries(t.summarize(raw)) as [string, MonitorMetric][]) {
              const v = values.get(metric) ?? { unit: m.unit, perWorker: new Map() };
              const list = v.perWorker.get(w.name) ?? Array.from<number | undefined>({ length: sampleNumbers.length });
              list[si] = m.value;
              v.perWorker.set(w.name, list);
              values.set(metric, v);
            }
          }
        }
      }
      if (values.size === 0) continue;
      const latency = ((it.iteration_data.latency ??= {}) as Record<string, PbenchEntry[]>);
      for (const [metric, v] of values) {
        if (latency[metric]) continue; // never shadow a workload's own metric
        const entries: PbenchEntry[] = [];
        if (this.workers.length > 1) for (const [w, list] of v.perWorker) entries.push(entry(list, w, 'client', metric, v.unit));
        // `all`: per sample, the mean over the workers that reported it.
        const all = sampleNumbers.map((_, si) => {
          const got = [...v.perWorker.values()].map((l) => l[si]).filter((x): x is number => x !== undefined);
          return got.length > 0 ? average(got) : undefined;
        });
        entries.push(entry(all, 'all', 'aggregate', metric, v.unit));
        latency[metric] = entries;
      }
    }
  }
}

/** A pbench entry over the samples that have a value (mean, n−1 stddev, stddev %). */
function entry(list: readonly (number | undefined)[], client: string, role: 'client' | 'aggregate', metric: string, unit: string): PbenchEntry {
  const values = list.filter((x): x is number => x !== undefined);
  const mean = values.length > 0 ? average(values) : 0;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (values.length - 1)) : 0;
  return {
    client_hostname: client,
    role,
    mean,
    stddev: sd,
    stddevpct: mean === 0 ? 0 : (sd / Math.abs(mean)) * 100,
    description: `${metric} (monitor)`,
    uid: `${client}:${metric}`,
    samples: values.map((value) => ({ value })),
    unit,
    direction: 'lower',
  };
}
