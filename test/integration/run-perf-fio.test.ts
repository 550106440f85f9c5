// run-perf with the real fio on localhost: the tree compare-perf and analyze-perf read, and a fio failure recorded as __error__.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePerfCommand } from '../../src/cli/analyze-perf-command.js';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Command } from '../../src/cli/main.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { readResultTree } from '../../src/result/read-tree.js';

async function cli(prog: string, command: Command, argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd, { CI: '1' });
  const code = await runCommand(prog, command, io);
  return { code, out: io.out(), err: io.err() };
}

const cwd = mkdtempSync(join(tmpdir(), 'perfgate-rp-fio-'));
const data = join(cwd, 'data');
mkdirSync(data);
// run-perf's string syntax, as existing command lines pass it; tiny sizes, 1 s samples, a synchronous engine that works anywhere
const FIO = `fio:${JSON.stringify({ 'test-types': 'randread', 'block-sizes': '4', runtime: '1', ramptime: '0', samples: '2', 'file-size': '4', targets: data, ioengine: 'psync', direct: '0', iodepth: '1' })}`;

describe('run-perf with the fio test on localhost', () => {
  beforeAll(async () => {
    for (const build of ['base', 'cand']) {
      const r = await cli('run-perf', runPerfCommand, ['--output', build, '--metadata', `build=${build}`, '--', FIO], cwd);
      expect(r.err).toContain(`fio@Localhost done: Localhost/fio/0000`);
      expect(r.code).toBe(0);
    }
  }, 120_000);

  it('writes a result tree with pbench checks, units, directions and the raw fio JSON of each sample', () => {
    const tree = readResultTree('base', cwd);
    expect(tree.incomplete).toBe(false);
    const byId = new Map(tree.checks.map((c) => [c.id, c]));
    const iops = byId.get('Localhost/fio/0000:./randread-4KiB/throughput/iops_sec.mean');
    expect(iops).toMatchObject({ primary: true, direction: 'higher', unit: 'IOPS' });
    expect(iops?.value).toBeGreaterThan(0);
    expect(byId.get('Localhost/fio/0000:./randread-4KiB/throughput/iops_sec.stddev')).toMatchObject({ primary: true, direction: 'lower', unit: '%' });
    for (const m of ['clat', 'lat', 'clat_p50', 'clat_p90', 'clat_p99', 'clat_p99_9']) expect(byId.get(`Localhost/fio/0000:./randread-4KiB/latency/${m}.mean`)).toMatchObject({ primary: false, direction: 'lower', unit: 'ns' });
    expect(byId.get('Localhost/fio/0000:./randread-4KiB/throughput/MiB_sec.mean')).toMatchObject({ direction: 'higher', unit: 'MiB/s' });
    expect(tree.checks.some((c) => c.id.includes('ERROR'))).toBe(false);
    const serial = join(cwd, 'base/Localhost/fio/0000');
    expect(readdirSync(serial).sort()).toEqual(['RUNPERF_METADATA.json', 'jobs', 'randread-4KiB', 'result.json']);
    const raw = JSON.parse(readFileSync(join(serial, 'randread-4KiB/sample2/localhost.json'), 'utf8')) as { 'fio version': string; jobs: unknown[] };
    expect(raw['fio version']).toMatch(/^fio-3\./);
    expect(raw.jobs).toHaveLength(1);
    expect(readdirSync(data)).toEqual([]); // data files removed after the test
  });

  it('is compared by compare-perf (identical results pass; two builds give an xUnit case for the primary metric)', async () => {
    const same = await cli('compare-perf', comparePerfCommand, ['base', 'base'], cwd);
    expect(same.code).toBe(0);
    const r = await cli('compare-perf', comparePerfCommand, ['--xunit', 'result.xml', 'base', 'cand'], cwd);
    expect([0, 2]).toContain(r.code); // two 1 s samples on a shared machine may really differ by more than 5 %
    const xml = readFileSync(join(cwd, 'result.xml'), 'utf8');
    expect(xml).toContain('<testcase classname="Localhost/fio/0000:./randread-4KiB/throughput" name="iops_sec.mean"');
  });

  it('is read by analyze-perf into a linear model', async () => {
    const r = await cli('analyze-perf', analyzePerfCommand, ['-t', '8', '-l', 'model.json', 'base', 'cand'], cwd);
    expect(r.code).toBe(0);
    const model = JSON.parse(readFileSync(join(cwd, 'model.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(model)).toContain('Localhost/fio/0000:./randread-4KiB/throughput/iops_sec.mean');
  });

  it('records a failing fio run (ENOSPC on /dev/full) as __error0__ and exits 4', async () => {
    const bad = `fio:${JSON.stringify({ 'test-types': 'write', 'block-sizes': 4, runtime: 1, ramptime: 0, samples: 1, targets: '/dev/full', ioengine: 'psync', direct: 0, iodepth: 1, 'fio-options': { size: '1m' } })}`;
    const r = await cli('run-perf', runPerfCommand, ['--output', 'broken', '--retry-tests', '1', '--', bad], cwd);
    expect(r.code).toBe(4);
    const exception = readFileSync(join(cwd, 'broken/Localhost/fio/0/__error0__/exception'), 'utf8');
    expect(exception).toMatch(/execution failure: fio failed on localhost: job 'perfgate-localhost-0' ended with error 28 \(ENOSPC\)/);
    expect(existsSync(join(cwd, 'broken/Localhost/fio/0000'))).toBe(false);
    expect(readResultTree('broken', cwd).checks.map((c) => c.id)).toEqual(['Localhost/fio/0:./ERROR/ERROR/ERROR.error']);
  });
});

describe('run-perf with fio steady state and prefill (real fio)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-rp-fio-ss-'));
  const target = join(dir, 'data');
  mkdirSync(target);
  const SS = `fio:${JSON.stringify({ 'test-types': 'randread', 'block-sizes': '4', runtime: '3', ramptime: '0', samples: '2', 'file-size': '8', targets: target, ioengine: 'psync', direct: '0', iodepth: '1', 'log-avg-msec': '500', 'steady-state-window': '3', prefill: 'true' })}`;
  let run: { code: number; out: string; err: string };
  beforeAll(async () => {
    run = await cli('run-perf', runPerfCommand, ['-v', '--output', 'ss', '--', SS], dir); // -v: info lines (the prefill step) on the console
    expect(run.code).toBe(0);
  }, 120_000);

  it('writes the steady-state metrics (%, lower is better, not primary) and a steady_state record for every sample', () => {
    const serial = join(dir, 'ss/Localhost/fio/0000');
    type Sample = { value: number; timeseries?: unknown[]; steady_state?: { steady: boolean | null; window: number; intervals: number; interval_msec: number; mean?: number; range_pct?: number; excursion_pct?: number } };
    type Entry = { client_hostname: string; unit?: string; direction?: string; samples?: Sample[] };
    const result = JSON.parse(readFileSync(join(serial, 'result.json'), 'utf8')) as { iteration_name: string; iteration_data: { throughput: Record<string, Entry[]> } }[];
    expect(result.map((i) => i.iteration_name)).toEqual(['randread-4KiB']);
    const tp = result[0]?.iteration_data.throughput ?? {};
    const all = (m: string) => tp[m]?.find((e) => e.client_hostname === 'all');
    // samples stay samples: the prefill run is not one of them
    expect(all('iops_sec')?.samples).toHaveLength(2);
    expect(readdirSync(join(serial, 'randread-4KiB')).sort()).toEqual(['sample1', 'sample2']);
    const states = all('iops_sec')?.samples?.map((s) => s.steady_state) ?? [];
    for (const ss of states) {
      // 3 s logged every 500 ms: 5 or 6 intervals, judged over the last 3
      expect(ss).toMatchObject({ window: 3, interval_msec: 500 });
      expect(ss?.intervals).toBeGreaterThanOrEqual(3);
      expect(typeof ss?.steady).toBe('boolean');
      expect(ss?.mean).toBeGreaterThan(0);
    }
    for (const m of ['iops_ss_excursion_pct', 'iops_ss_range_pct']) {
      expect(all(m)).toMatchObject({ unit: '%', direction: 'lower' });
      expect(all(m)?.samples?.map((s) => s.value)).toEqual(states.map((ss) => (m === 'iops_ss_range_pct' ? ss?.range_pct : ss?.excursion_pct)));
    }
    const byId = new Map(readResultTree('ss', dir).checks.map((c) => [c.id, c]));
    expect(byId.get('Localhost/fio/0000:./randread-4KiB/throughput/iops_ss_excursion_pct.mean')).toMatchObject({ primary: false, direction: 'lower', unit: '%' });
    expect(byId.get('Localhost/fio/0000:./randread-4KiB/throughput/iops_sec.mean')).toMatchObject({ primary: true, direction: 'higher' });
  });

  it('prefilled the data files once with a separate, parse-checked fio job before the first sample', () => {
    const serial = join(dir, 'ss/Localhost/fio/0000');
    expect(readdirSync(join(serial, 'jobs')).sort()).toEqual(['randread-4KiB.fio', 'randread-4KiB.prefill.fio']);
    expect(readdirSync(join(serial, 'prefill/randread-4KiB')).sort()).toEqual(['localhost.fio', 'localhost.json']);
    expect(readFileSync(join(serial, 'prefill/randread-4KiB/localhost.fio'), 'utf8')).toMatch(/^rw=write\nbs=1M$/m);
    type Job = { jobname: string; error: number; write: { io_bytes: number }; read: { io_bytes: number } };
    const prefill = JSON.parse(readFileSync(join(serial, 'prefill/randread-4KiB/localhost.json'), 'utf8')) as { jobs: Job[] };
    const sample = JSON.parse(readFileSync(join(serial, 'randread-4KiB/sample1/localhost.json'), 'utf8')) as { jobs: Job[] };
    // the whole 8 MiB file written once, by the job (hence data file) the samples then read
    expect(prefill.jobs.map((j) => [j.jobname, j.error, j.write.io_bytes])).toEqual([['perfgate-localhost-0', 0, 8 * 1024 * 1024]]);
    expect(sample.jobs.map((j) => j.jobname)).toEqual(['perfgate-localhost-0']);
    expect(sample.jobs[0]?.read.io_bytes).toBeGreaterThan(0);
    expect(run.err).toMatch(/prefill for randread-4KiB: writing the data files once \(rw=write, bs=1M\) on localhost/);
    expect(readdirSync(target)).toEqual([]); // prefilled data files removed with the others
  });

  it('is still compared by compare-perf (the extra metrics do not break it)', async () => {
    const r = await cli('compare-perf', comparePerfCommand, ['-vv', 'ss', 'ss'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pass +Localhost\/fio\/0000:\.\/randread-4KiB\/throughput\/iops_ss_excursion_pct\.mean .*lower is better/);
    expect(r.out).toMatch(/pass +Localhost\/fio\/0000:\.\/randread-4KiB\/throughput\/iops_ss_range_pct\.mean/);
  });
});

describe('run-perf with fio samples too short for the steady-state window (real fio)', () => {
  it('says "steady state not judged" once per run, not once per sample', async () => {
    const short = `fio:${JSON.stringify({ 'test-types': 'randread', 'block-sizes': '4', runtime: '2', ramptime: '0', samples: '3', 'file-size': '4', targets: data, ioengine: 'psync', direct: '0', iodepth: '1', 'log-avg-msec': '1000' })}`;
    const r = await cli('run-perf', runPerfCommand, ['--output', 'short', '--', short], cwd);
    expect(r.code).toBe(0);
    expect(r.err.match(/steady state not judged/g)?.length).toBe(1);
    expect(r.err).toContain('(said once: other samples as short are not judged either)');
    // every sample still records that it was not judged
    const tree = JSON.parse(readFileSync(join(cwd, 'short/Localhost/fio/0000/result.json'), 'utf8')) as { iteration_data: { throughput: { iops_sec: { client_hostname: string; samples?: { steady_state?: { steady: boolean | null } }[] }[] } } }[];
    const all = tree[0]?.iteration_data.throughput.iops_sec.find((e) => e.client_hostname === 'all');
    expect(all?.samples?.map((x) => x.steady_state?.steady)).toEqual([null, null, null]);
  }, 60_000);
});
