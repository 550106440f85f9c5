// Prints run-perf's own overhead: per sample beyond the workload's runtime, and the fixed cost of one invocation (target ≤ 0.5 s/sample).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinPlugin } from '../src/plugins/builtin.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const dist = join(REPO, 'dist/bin/run-perf.js');
const runPerf = existsSync(dist) ? [dist] : ['--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/run-perf.ts')];

interface Measured {
  wallSeconds: number;
  workloadSeconds: number;
  samples: number;
}

/** Run run-perf once on a test whose samples each take `sampleSeconds` of workload runtime (sleep time, fio runtime). */
function measure(test: string, samples: number, sampleSeconds: number): Measured {
  const out = join(mkdtempSync(join(tmpdir(), 'perfgate-bench-')), 'r');
  const started = performance.now();
  const r = spawnSync(process.execPath, [...runPerf, '--output', out, '--retry-tests', '1', '--', test], { encoding: 'utf8' });
  const wallSeconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`run-perf failed (${r.status}): ${r.stderr}`);
  const name = test.slice(0, test.indexOf(':'));
  if (!existsSync(join(out, 'Localhost', name, '0000', 'result.json'))) throw new Error(`no result.json in ${out}`);
  return { wallSeconds, workloadSeconds: samples * sampleSeconds, samples };
}

function report(label: string, small: Measured, large: Measured): void {
  // two runs differing only in the number of samples: the slope is the per-sample overhead, the rest is fixed cost
  const perSample = (large.wallSeconds - large.workloadSeconds - (small.wallSeconds - small.workloadSeconds)) / (large.samples - small.samples);
  const fixed = small.wallSeconds - small.workloadSeconds - perSample * small.samples;
  console.log(label);
  for (const m of [small, large]) console.log(`  ${m.samples} samples: wall ${m.wallSeconds.toFixed(3)} s, workload runtime ${m.workloadSeconds.toFixed(3)} s`);
  console.log(`  overhead per sample: ${(perSample * 1000).toFixed(1)} ms (target ≤ 500 ms); fixed per invocation: ${fixed.toFixed(3)} s (Node start, environment_world, metadata)`);
}

const sleep = (n: number) => `command:${JSON.stringify({ command: ['sleep', '0.2'], samples: n })}`;
report('command workload (sleep 0.2 s per sample):', measure(sleep(2), 2, 0.2), measure(sleep(12), 12, 0.2));

if (builtinPlugin.workloads?.['fio']) {
  const data = mkdtempSync(join(tmpdir(), 'perfgate-bench-fio-'));
  const params = { 'test-types': 'read', 'block-sizes': 4, runtime: 1, ramptime: 0, 'file-size': 16, targets: data, ioengine: 'psync', direct: 0, iodepth: 1 };
  const fio = (n: number) => `fio:${JSON.stringify({ ...params, samples: n })}`;
  const small = measure(fio(1), 1, 1);
  const large = measure(fio(4), 4, 1);
  report('fio workload (runtime 1 s per sample, ramptime 0, 16 MiB psync reads):', small, large);
  // bare fio on the same job, to split the per-sample time into fio's own start-up/teardown and run-perf's share
  const job = join(data, 'bare.fio');
  writeFileSync(job, `[global]\nruntime=1\ntime_based\nsize=16m\nioengine=psync\ndirect=0\niodepth=1\nrw=read\nbs=4k\ndirectory=${data}\n[bare]\n`);
  spawnSync('fio', ['--output-format=json+', job], { encoding: 'utf8' }); // lay out the file once
  const runs = 4;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) if (spawnSync('fio', ['--output-format=json+', job], { encoding: 'utf8' }).status !== 0) throw new Error('bare fio failed');
  const bare = (performance.now() - t0) / 1000 / runs;
  const perSample = (large.wallSeconds - large.workloadSeconds - (small.wallSeconds - small.workloadSeconds)) / (large.samples - small.samples);
  console.log(`  bare fio run (same job, runtime 1 s): ${bare.toFixed(3)} s wall, i.e. fio's own overhead ${((bare - 1) * 1000).toFixed(1)} ms`);
  console.log(`  run-perf's own share per fio sample (beyond bare fio): ${((perSample - (bare - 1)) * 1000).toFixed(1)} ms (target ≤ 500 ms)`);
  console.log(`  perfgate's own time per fio sample, measured in-process (wall minus fio's exec time): ${(await inProcessFio(data)).toFixed(1)} ms`);
} else {
  console.log('fio workload: not registered yet (src/tests/fio); skipped');
}

/** The fio workload driven directly, with a transport that sums fio's own exec time: the rest is perfgate's, per sample. */
async function inProcessFio(data: string): Promise<number> {
  const { localTarget } = await import('../src/runner/targets/local.js');
  const { createFioWorkload } = await import('../src/tests/fio/index.js');
  const base = localTarget();
  let fioMs = 0;
  const transport = Object.assign(Object.create(Object.getPrototypeOf(base.transport) as object) as typeof base.transport, base.transport, {
    exec: async (argv: readonly string[], o?: Parameters<typeof base.transport.exec>[1]) => {
      const r = await base.transport.exec(argv, o);
      if (argv[1] === '--output-format=json+') fioMs += r.durationMs;
      return r;
    },
  });
  const host = { ...base, transport };
  const samples = 6;
  const w = createFioWorkload({ 'test-types': 'read', 'block-sizes': 4, runtime: 1, ramptime: 0, samples, 'file-size': 16, targets: data, ioengine: 'psync', direct: 0, iodepth: 1 });
  const ctx = { resultDir: '/', signal: new AbortController().signal, log: { info: () => undefined, warn: () => undefined, debug: () => undefined }, main: host, workers: [host], outDir: mkdtempSync(join(tmpdir(), 'perfgate-bench-out-')), iterations: [], onSample: () => undefined };
  await w.check?.(ctx);
  const t0 = performance.now();
  await w.run(ctx);
  const wall = performance.now() - t0;
  await w.cleanup?.(ctx);
  return (wall - fioMs) / samples;
}
