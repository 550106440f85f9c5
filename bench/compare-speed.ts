// Prints compare-perf's wall time and peak RSS on synthetic run-perf histories (SRC + refs + DST), e.g. 10 builds x 5000 checks.
// Usage: npx tsx bench/compare-speed.ts [BUILDSxCHECKS ...]   (default: 2x500 60x500 10x5000 1000x500)
// Runs dist/cli/compare-perf.js when built (npm run build), else src through tsx (much slower start-up);
// COMPARE_PERF_JS=/path/to/compare-perf.js picks another build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env['COMPARE_PERF_JS'] ?? join(REPO, 'dist/cli/compare-perf.js');
const bin = existsSync(dist) ? [dist] : ['--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/compare-perf.ts')];

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

/** Mean of a metric of iteration i in build b: ±3 % noise; the last build loses 8 % IOPS on every 10th iteration. */
function meanOf(metric: string, i: number, rand: () => number, regress: boolean): number {
  const base = 1000 * (i + 1) * (metric === 'iops_sec' ? 100 : 1);
  const shift = regress && i % 10 === 0 ? (metric === 'iops_sec' ? 0.92 : 1.08) : 1;
  return base * shift * (1 + (rand() - 0.5) * 0.06);
}

/** One build in run-perf layout: 8 checks (4 metrics x mean/stddev) per iteration, over 2 profiles. */
function writeBuild(root: string, build: number, checks: number, last: boolean): void {
  const rand = rng(build + 1);
  const iterations = Math.ceil(checks / (2 * METRICS.length));
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'RUNPERF_METADATA'), `build:${build}\nmachine:127.0.0.1\ndistro:Synthetic\n`);
  for (const profile of ['Localhost', 'TunedLibvirt']) {
    const list = [];
    for (let i = 0; i < Math.ceil(iterations / 2); i++) {
      const data: Record<string, Record<string, object[]>> = { throughput: {}, latency: {} };
      for (const [workflow, metric] of METRICS) {
        const mean = meanOf(metric, i, rand, last);
        (data[workflow] as Record<string, object[]>)[metric] = [{ client_hostname: 'all', role: 'aggregate', mean, stddevpct: rand() * 3 }];
      }
      list.push({ iteration_name: `rw-${4 << i % 8}KiB-${i}`, iteration_data: { parameters: { benchmark: [{ benchmark_name: 'fio', primary_metric: 'iops_sec' }] }, ...data } });
    }
    const dir = join(root, profile, 'fio', '0000');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'result.json'), JSON.stringify(list));
  }
}

/** A run-perf linear model over every .mean check (band ±4 % of the nominal mean at t = 4). */
function writeModel(file: string, checks: number): void {
  const iterations = Math.ceil(checks / (2 * METRICS.length));
  const model: Record<string, unknown> = { __metadata__: { version: 2, tolerance: 4 } };
  for (const profile of ['Localhost', 'TunedLibvirt']) {
    for (let i = 0; i < Math.ceil(iterations / 2); i++) {
      for (const [workflow, metric] of METRICS) {
        const raw = 1000 * (i + 1) * (metric === 'iops_sec' ? 100 : 1);
        const a = 4 / (raw * 0.04);
        model[`${profile}/fio/0000:./rw-${4 << i % 8}KiB-${i}/${workflow}/${metric}.mean`] = { equation: [a, -a * raw], raw, mmin: -4, mmax: 4 };
      }
    }
  }
  writeFileSync(file, JSON.stringify(model));
}

function run(label: string, argv: string[], values: number): void {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %e', process.execPath, ...bin, ...argv], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0 && r.status !== 2 && r.status !== 3) throw new Error(`compare-perf failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [rssKb = 'NaN'] = r.stderr.trim().split('\n').pop()?.split(' ') ?? [];
  console.log(`  ${label.padEnd(44)} wall ${wall.toFixed(3)} s, peak RSS ${(Number(rssKb) / 1024).toFixed(1)} MB, ${((wall * 1e6) / values).toFixed(2)} us per value, exit ${r.status}`);
}

function measure(builds: number, checks: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-compare-bench-'));
  try {
    const results: string[] = [];
    for (let b = 0; b < builds; b++) {
      const r = join(dir, `result_${String(b).padStart(5, '0')}`);
      writeBuild(r, b, checks, b === builds - 1);
      results.push(r);
    }
    writeModel(join(dir, 'model.json'), checks);
    const values = builds * checks;
    console.log(`${builds} builds x ${checks} checks (${values} values):`);
    const out = (f: string) => join(dir, f);
    run('--compat runperf -l model --xunit --html', ['--compat', 'runperf', '-l', out('model.json'), '--xunit', out('a.xml'), '--html', out('a.html'), '--', ...results], values);
    run('--method tolerance -l model --xunit --html', ['--method', 'tolerance', '-l', out('model.json'), '--xunit', out('b.xml'), '--html', out('b.html'), '--', ...results], values);
    run('default method --xunit --json', ['--xunit', out('c.xml'), '--json', out('c.json'), '--', ...results], values);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['2x500', '60x500', '10x5000', '1000x500'];
{
  const started = performance.now();
  spawnSync(process.execPath, [...bin, '--help'], { encoding: 'utf8' });
  console.log(`compare-perf --help: ${((performance.now() - started) / 1000).toFixed(3)} s (${existsSync(dist) ? 'dist' : 'tsx from src'})`);
}
for (const size of sizes) {
  const [b, c] = size.split('x').map(Number);
  if (!b || !c) throw new Error(`bad size '${size}', expected BUILDSxCHECKS`);
  measure(b, c);
}
