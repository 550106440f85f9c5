// Writes deterministic synthetic run-perf histories (builds × checks) and a matching linear model for the speed benchmarks.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/analyze/stats/prng.js';

/** Metrics of every iteration: 2 checks each (mean, stddev), so 8 checks per iteration. */
export const METRICS = [
  ['throughput', 'iops_sec'],
  ['latency', 'clat'],
  ['latency', 'lat'],
  ['latency', 'slat'],
] as const;

const PROFILES = ['Localhost', 'TunedLibvirt'] as const;

/** Iterations per profile so that a build holds about `checks` checks (rounded up to a multiple of 16). */
function iterationsPerProfile(checks: number): number {
  return Math.ceil(Math.ceil(checks / (2 * METRICS.length)) / PROFILES.length);
}

/** The iteration name run-perf would write for fio iteration i. */
const iterationName = (i: number): string => `rw-${4 << i % 8}KiB-${i}`;

/** Nominal mean of a metric at iteration i (before noise and regressions). */
const nominal = (metric: string, i: number): number => 1000 * (i + 1) * (metric === 'iops_sec' ? 100 : 1);

export interface BuildOptions {
  /** Build number: seeds the noise and is written to RUNPERF_METADATA. */
  build: number;
  /** Approximate checks per build. */
  checks: number;
  /** Move every 10th iteration 8 % the wrong way (IOPS down, latency up). */
  regress?: boolean;
}

/**
 * One build in run-perf layout: RUNPERF_METADATA and PROFILE/fio/0000/result.json for 2 profiles. Each metric
 * has a per-client entry and the `client_hostname: "all"` aggregate with two samples; means carry ±3 % noise.
 */
export function writeBuild(root: string, { build, checks, regress = false }: BuildOptions): void {
  const rand = createRng(build + 1).next;
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'RUNPERF_METADATA'), `build:${build}\nmachine:127.0.0.1\ndistro:Synthetic\n`);
  for (const profile of PROFILES) {
    const list = [];
    for (let i = 0; i < iterationsPerProfile(checks); i++) {
      const data: Record<string, Record<string, object[]>> = { throughput: {}, latency: {} };
      for (const [workflow, metric] of METRICS) {
        const shift = regress && i % 10 === 0 ? (metric === 'iops_sec' ? 0.92 : 1.08) : 1;
        const mean = nominal(metric, i) * shift * (1 + (rand() - 0.5) * 0.06);
        (data[workflow] as Record<string, object[]>)[metric] = [
          { client_hostname: '127.0.0.1-1', role: 'client', mean, stddevpct: rand() * 3 },
          { client_hostname: 'all', role: 'aggregate', mean, stddevpct: rand() * 3, samples: [{ value: mean * 0.99 }, { value: mean * 1.01 }] },
        ];
      }
      list.push({
        iteration_name: iterationName(i),
        iteration_data: { parameters: { benchmark: [{ benchmark_name: 'fio', primary_metric: 'iops_sec', bs: `${4 << i % 8}k` }] }, ...data },
      });
    }
    const dir = join(root, profile, 'fio', '0000');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'result.json'), JSON.stringify(list));
  }
}

/** A run-perf linear model over every .mean check (band ±4 % of the nominal mean at t = 4). */
export function writeModel(file: string, checks: number): void {
  const model: Record<string, unknown> = { __metadata__: { version: 2, tolerance: 4 } };
  for (const profile of PROFILES) {
    for (let i = 0; i < iterationsPerProfile(checks); i++) {
      for (const [workflow, metric] of METRICS) {
        const raw = nominal(metric, i);
        const a = 4 / (raw * 0.04);
        model[`${profile}/fio/0000:./${iterationName(i)}/${workflow}/${metric}.mean`] = { equation: [a, -a * raw], raw, mmin: -4, mmax: 4 };
      }
    }
  }
  writeFileSync(file, JSON.stringify(model));
}

export interface History {
  /** The temporary folder holding everything (remove it when done). */
  dir: string;
  /** Result folders, oldest first; the last one is the destination and regresses when asked. */
  results: string[];
  /** Checks per build actually written. */
  checksPerBuild: number;
}

/** Write `builds` results of about `checks` checks each into a new temporary folder. */
export function writeHistory(builds: number, checks: number, options: { regressLast?: boolean; prefix?: string } = {}): History {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'perfgate-bench-'));
  const results: string[] = [];
  for (let b = 0; b < builds; b++) {
    const root = join(dir, `result_${String(b).padStart(5, '0')}`);
    writeBuild(root, { build: b, checks, regress: options.regressLast === true && b === builds - 1 });
    results.push(root);
  }
  return { dir, results, checksPerBuild: iterationsPerProfile(checks) * PROFILES.length * METRICS.length * 2 };
}

/** Parse `BUILDSxCHECKS` arguments (e.g. 60x500). */
export function parseSizes(args: string[], defaults: string[]): Array<{ builds: number; checks: number }> {
  return (args.length > 0 ? args : defaults).map((s) => {
    const [builds, checks] = s.split('x').map(Number);
    if (!builds || !checks) throw new Error(`size '${s}' is not BUILDSxCHECKS (e.g. 60x500)`);
    return { builds, checks };
  });
}
