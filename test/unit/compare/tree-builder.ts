// Writes small hand-made run-perf result trees (pbench-like result.json) for compare-perf tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** metric → [mean, stddevpct] */
export type Metrics = Record<string, readonly [number, number]>;

export interface IterationSpec {
  profile?: string;
  test?: string;
  serial?: string;
  iteration: string;
  primary: string;
  throughput?: Metrics;
  latency?: Metrics;
  params?: Record<string, string | number>;
}

function entries(m: Metrics | undefined) {
  if (!m) return undefined;
  return Object.fromEntries(Object.entries(m).map(([k, [mean, stddevpct]]) => [k, [{ client_hostname: 'all', mean, stddevpct }]]));
}

/** Write a tree at `dir`: RUNPERF_METADATA plus one result.json per profile/test/serial. */
export function writeTree(dir: string, iterations: readonly IterationSpec[], metadata: Record<string, string> = { build: '1' }): string {
  const files = new Map<string, unknown[]>();
  for (const it of iterations) {
    const rel = join(it.profile ?? 'Localhost', it.test ?? 'fio', it.serial ?? '0000');
    const list = files.get(rel) ?? [];
    list.push({
      iteration_name: it.iteration,
      iteration_data: {
        parameters: { benchmark: [{ benchmark_name: 'fio', primary_metric: it.primary, ...it.params }] },
        ...(it.throughput ? { throughput: entries(it.throughput) } : {}),
        ...(it.latency ? { latency: entries(it.latency) } : {}),
      },
    });
    files.set(rel, list);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'RUNPERF_METADATA'), Object.entries(metadata).map(([k, v]) => `${k}:${v}\n`).join(''));
  for (const [rel, list] of files) {
    mkdirSync(join(dir, rel), { recursive: true });
    writeFileSync(join(dir, rel, 'result.json'), JSON.stringify(list));
  }
  return dir;
}

/** A fio-like iteration: IOPS (primary by default) and mean completion latency. */
export function fioIteration(iteration: string, iops: number, clat: number, options: { primary?: 'iops_sec' | 'clat'; stddev?: number; profile?: string } = {}): IterationSpec {
  const sd = options.stddev ?? 1;
  return {
    iteration,
    profile: options.profile,
    primary: options.primary ?? 'iops_sec',
    throughput: { iops_sec: [iops, sd] },
    latency: { clat: [clat, sd] },
  };
}
