// Prints analyze-perf's wall time and peak RSS on synthetic run-perf histories (builds x checks), e.g. 50 x 2000.
// Usage: npx tsx bench/analyze-speed.ts [BUILDSxCHECKS ...]   (default: 2x500 60x500 50x2000 1000x500)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const dist = join(REPO, 'dist/cli/analyze-perf.js');
const bin = existsSync(dist) ? [dist] : ['--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/analyze-perf.ts')];

/** Deterministic PRNG (mulberry32) so every run measures the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METRICS = [
  ['throughput', 'iops_sec'],
  ['latency', 'clat'],
  ['latency', 'lat'],
  ['latency', 'slat'],
] as const;

/** One build in run-perf layout: 2 checks (mean, stddev) per metric, 4 metrics per iteration, 2 profiles. */
function writeBuild(root: string, build: number, checks: number): void {
  const rand = rng(build + 1);
  const iterations = Math.ceil(checks / (2 * METRICS.length));
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'RUNPERF_METADATA'), `build:${build}\nmachine:127.0.0.1\ndistro:Synthetic\n`);
  for (const profile of ['Localhost', 'TunedLibvirt']) {
    const list = [];
    for (let i = 0; i < Math.ceil(iterations / 2); i++) {
      const data: Record<string, Record<string, object[]>> = { throughput: {}, latency: {} };
      for (const [workflow, metric] of METRICS) {
        const base = 1000 * (i + 1) * (metric === 'iops_sec' ? 100 : 1);
        const mean = base * (1 + (rand() - 0.5) * 0.06);
        (data[workflow] as Record<string, object[]>)[metric] = [
          { client_hostname: '127.0.0.1-1', role: 'client', mean, stddevpct: rand() * 3 },
          { client_hostname: 'all', role: 'aggregate', mean, stddevpct: rand() * 3, samples: [{ value: mean * 0.99 }, { value: mean * 1.01 }] },
        ];
      }
      list.push({
        iteration_name: `rw-${4 << i % 8}KiB-${i}`,
        iteration_data: { parameters: { benchmark: [{ benchmark_name: 'fio', primary_metric: 'iops_sec', bs: `${4 << i % 8}k` }] }, ...data },
      });
    }
    const dir = join(root, profile, 'fio', '0000');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'result.json'), JSON.stringify(list));
  }
}

function measure(builds: number, checks: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-analyze-bench-'));
  try {
    const results: string[] = [];
    for (let b = 0; b < builds; b++) {
      const r = join(dir, `result_${String(b).padStart(5, '0')}`);
      writeBuild(r, b, checks);
      results.push(r);
    }
    const argv = ['-f', '%M %U %S', process.execPath, ...bin, '-s', join(dir, 'stddev.json'), '-l', join(dir, 'linear.json'), '-c', join(dir, 'data.csv'), '--', ...results];
    const started = performance.now();
    const r = spawnSync('/usr/bin/time', argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
    const wall = (performance.now() - started) / 1000;
    if (r.status !== 0) throw new Error(`analyze-perf failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const [rssKb = 'NaN', user = 'NaN', sys = 'NaN'] = r.stderr.trim().split('\n').pop()?.split(' ') ?? [];
    const values = builds * checks;
    console.log(
      `${String(builds).padStart(5)} builds x ${String(checks).padStart(5)} checks: wall ${wall.toFixed(3)} s, CPU ${(Number(user) + Number(sys)).toFixed(2)} s, peak RSS ${(Number(rssKb) / 1024).toFixed(1)} MB, ${((wall * 1e6) / values).toFixed(2)} us wall per value (-l, -s and -c)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).length ? process.argv.slice(2) : ['2x500', '60x500', '50x2000', '1000x500'];
console.log(`analyze-perf via ${existsSync(dist) ? 'dist/ (built)' : 'tsx (run npm run build first for production figures)'}; Node ${process.version}`);
for (const s of sizes) {
  const [b, c] = s.split('x').map(Number);
  if (!b || !c) throw new Error(`size '${s}' is not BUILDSxCHECKS`);
  measure(b, c);
}
