// The fio workload: parameters, sweep plan and job files, then real fio runs (standalone and client/server) and their failures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, EnvironmentError } from '../../../../src/errors.js';
import type { WorkloadContext } from '../../../../src/plugins/types.js';
import type { PbenchEntry } from '../../../../src/result/pbench.js';
import { localTarget } from '../../../../src/runner/targets/local.js';
import type { Target } from '../../../../src/runner/targets/types.js';
import { createFioWorkload, FioRunError, probeTcp } from '../../../../src/tests/fio/index.js';
import { parseFioParams } from '../../../../src/tests/fio/params.js';
import { expandIterations, jobFileFor } from '../../../../src/tests/fio/plan.js';
import { freePort } from '../../../support/free-port.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `perfgate-fio-${p}-`));
/** Tiny real runs: 1 s, no ramp, 4 MiB files, synchronous engine (works on any filesystem), logged every 200 ms. */
const tiny = (target: string, extra: Record<string, unknown> = {}) => ({ 'test-types': 'randread', 'block-sizes': '4', runtime: '1', ramptime: '0', samples: 2, 'file-size': 4, targets: target, ioengine: 'psync', direct: 0, iodepth: 1, 'log-avg-msec': 200, ...extra });

function context(workers?: Target[]): WorkloadContext {
  const host = localTarget();
  return {
    resultDir: '/',
    signal: new AbortController().signal,
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
    main: host,
    workers: workers ?? [host],
    outDir: tmp('out'),
    iterations: [],
    onSample: () => undefined,
  };
}

const failure = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);
const entry = (list: PbenchEntry[] | undefined, client: string) => list?.find((e) => e.client_hostname === client);


describe('fio parameters and plan', () => {
  it('reports every bad parameter at once, with its name', () => {
    const e = (() => {
      try {
        parseFioParams({ 'test-types': 'read,sideways', 'block-sizes': '4,x', runtime: '-1', bogus: 1, targets: 'relative/dir', 'fio-options': { 'bad key': 1 } }, '/');
      } catch (x) {
        return x as ConfigError;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect(e?.issues.map((i) => i.split(':')[0])).toEqual(['bogus', 'test-types', 'block-sizes', 'fio-options.bad key', 'targets', 'runtime']);
  });

  it("defaults like run-perf's fio: read,write,rw × 4,64,1024 KiB, 3 samples, runtime 180 + ramp 10", () => {
    const its = expandIterations(parseFioParams({}, '/'));
    expect(its.map((i) => i.name)).toEqual(['read-4KiB', 'read-64KiB', 'read-1024KiB', 'write-4KiB', 'write-64KiB', 'write-1024KiB', 'rw-4KiB', 'rw-64KiB', 'rw-1024KiB']);
    expect(its[0]).toMatchObject({ samples: 3, estimatedSampleSeconds: 191, options: { rw: 'read', bs: '4k', ioengine: 'libaio', direct: 1, iodepth: 32, numjobs: 1, size: '1024m' } });
  });

  it('sweeps lists (JSON arrays or "a,b" strings) and names iterations after the varying values', () => {
    const p = parseFioParams({ 'test-types': 'randread', 'block-sizes': [4, 64], numjobs: '1,8', iodepth: 4, 'fio-options': { rwmixread: [50, 70], norandommap: null } }, '/');
    expect(expandIterations(p).map((i) => i.name)).toEqual([
      'randread-4KiB-numjobs1-rwmixread50',
      'randread-4KiB-numjobs1-rwmixread70',
      'randread-4KiB-numjobs8-rwmixread50',
      'randread-4KiB-numjobs8-rwmixread70',
      'randread-64KiB-numjobs1-rwmixread50',
      'randread-64KiB-numjobs1-rwmixread70',
      'randread-64KiB-numjobs8-rwmixread50',
      'randread-64KiB-numjobs8-rwmixread70',
    ]);
  });

  it('renders one job section per target, tags data files per worker, and lets raw fio-options win', () => {
    const p = parseFioParams({ 'test-types': 'write', 'block-sizes': 64, runtime: 5, ramptime: 1, 'fio-options': { ramp_time: 2, norandommap: true } }, '/');
    const it0 = expandIterations(p)[0];
    if (!it0) throw new Error('no iteration');
    const text = jobFileFor(it0, p, [{ path: '/data', kind: 'dir' }, { path: '/dev/sdz', kind: 'device' }], 'host1');
    expect(text).toBe(
      '[global]\nruntime=5\nramp_time=2\ntime_based\ngroup_reporting=1\nfilename_format=perfgate-fio.host1.$jobname.$jobnum.$filenum\n' +
        'write_iops_log=host1\nwrite_bw_log=host1\nwrite_lat_log=host1\nlog_avg_msec=1000\nrw=write\nbs=64k\nioengine=libaio\ndirect=1\niodepth=32\nnumjobs=1\nsize=1024m\nnorandommap\n\n' +
        '[perfgate-host1-0]\ndirectory=/data\n\n[perfgate-host1-1]\nfilename=/dev/sdz\n',
    );
    expect(() => parseFioParams({ 'fio-options': { description: 'x\n[evil]\nexec_prerun=rm -rf /' } }, '/')).toThrow(ConfigError);
  });

  it('appends a user job file after its own [global]; iterations are named after the file', () => {
    const dir = tmp('jobfile');
    writeFileSync(join(dir, 'my-job.fio'), '[mine]\nrw=randwrite\nbs=8k\nsize=4m\n');
    const p = parseFioParams({ 'job-file': 'my-job.fio', iodepth: '1,2', targets: dir }, dir);
    const its = expandIterations(p);
    expect(its.map((i) => i.name)).toEqual(['my-job-iodepth1', 'my-job-iodepth2']);
    const text = jobFileFor(its[0] as (typeof its)[0], p, [{ path: dir, kind: 'dir' }], 'w');
    expect(text).toMatch(/^\[global\]\n[^[]*iodepth=1\n[^[]*directory=.*\n\n\[mine\]\nrw=randwrite\n/);
    expect(text).not.toContain('ioengine=');
    expect(() => parseFioParams({ 'job-file': 'nope.fio' }, dir)).toThrow(ConfigError);
  });
});

describe('fio workload with real fio', () => {
  it('runs each sample as a separate fio, keeps the raw JSON, and writes pbench entries with units and directions', async () => {
    const ctx = context();
    const data = tmp('data');
    const w = createFioWorkload(tiny(data, { 'test-types': 'randread,randrw' }));
    await w.check?.(ctx);
    const [rd, rw] = await w.run(ctx);
    await w.cleanup?.(ctx);
    expect(rd?.iteration_name).toBe('randread-4KiB');
    expect(rd?.iteration_data.parameters?.benchmark?.[0]).toMatchObject({ benchmark_name: 'fio', primary_metric: 'iops_sec', rw: 'randread', bs: '4k', runtime: '1', clients: 'localhost', mode: 'standalone' });
    const iops = rd?.iteration_data.throughput?.['iops_sec'];
    expect(iops?.map((e) => e.client_hostname)).toEqual(['localhost', 'all']);
    const all = entry(iops, 'all');
    expect(all).toMatchObject({ role: 'aggregate', unit: 'IOPS', direction: 'higher' });
    // the aggregate's samples are exactly fio's IOPS in the raw JSON kept for each sample
    const raw = [1, 2].map((s) => JSON.parse(readFileSync(join(ctx.outDir, 'randread-4KiB', `sample${s}`, 'localhost.json'), 'utf8')) as { jobs: { read: { iops: number; clat_ns: { mean: number } } }[] });
    expect(all?.samples?.map((s) => s.value)).toEqual(raw.map((r) => r.jobs[0]?.read.iops));
    expect(all?.mean).toBeCloseTo(((raw[0]?.jobs[0]?.read.iops ?? 0) + (raw[1]?.jobs[0]?.read.iops ?? 0)) / 2, 6);
    expect(entry(rd?.iteration_data.latency?.['clat'], 'all')?.samples?.map((s) => s.value)).toEqual(raw.map((r) => r.jobs[0]?.read.clat_ns.mean));
    const lat = rd?.iteration_data.latency ?? {};
    expect(Object.keys(lat)).toEqual(['clat', 'lat', 'clat_p50', 'clat_p90', 'clat_p99', 'clat_p99_9']); // psync: no submission latency
    expect(entry(lat['clat_p99'], 'all')).toMatchObject({ unit: 'ns', direction: 'lower' });
    expect(entry(lat['clat_p50'], 'all')?.mean).toBeLessThanOrEqual(entry(lat['clat_p99_9'], 'all')?.mean ?? 0);
    // a mixed workload adds per-direction rates that add up to the total
    const tp = rw?.iteration_data.throughput ?? {};
    expect(Object.keys(tp).filter((m) => !m.includes('_ss_'))).toEqual(['iops_sec', 'MiB_sec', 'read_iops_sec', 'read_MiB_sec', 'write_iops_sec', 'write_MiB_sec']); // steady-state metrics when 5 intervals were logged
    expect((entry(tp['read_iops_sec'], 'all')?.mean ?? 0) + (entry(tp['write_iops_sec'], 'all')?.mean ?? 0)).toBeCloseTo(entry(tp['iops_sec'], 'all')?.mean ?? NaN, 6);
    // fio's per-interval logs are kept beside the raw JSON and become each sample's time series
    expect(readdirSync(join(ctx.outDir, 'randread-4KiB', 'sample1'))).toContain('localhost_iops.1.log');
    const ts = all?.samples?.[0]?.timeseries ?? [];
    expect(ts.length).toBeGreaterThan(0);
    expect(ts.every((p) => p.date % 200 === 0 && p.value > 0)).toBe(true);
    // the job files were validated up front and perfgate's data files are gone afterwards
    expect(readdirSync(join(ctx.outDir, 'jobs')).sort()).toEqual(['randread-4KiB.fio', 'randrw-4KiB.fio']);
    expect(readdirSync(data)).toEqual([]);
  });

  it('rejects a job fio cannot parse before running anything (fio --parse-only)', async () => {
    const ctx = context();
    const w = createFioWorkload(tiny(tmp('data'), { 'fio-options': { bogus_option: 1 } }));
    const e = await failure(w.check?.(ctx) ?? Promise.resolve());
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).issues[0]).toMatch(/^randread-4KiB: .*Bad option <bogus_option=1>/);
  });

  it('throws FioRunError naming the errno when fio hits an I/O error, never averaging it in', async () => {
    const ctx = context();
    const w = createFioWorkload(tiny('/dev/full', { 'test-types': 'write', 'fio-options': { size: '1m' } }));
    await w.check?.(ctx);
    const e = await failure(w.run(ctx));
    await w.cleanup?.(ctx);
    expect(e).toBeInstanceOf(FioRunError);
    expect(e?.message).toMatch(/^fio failed on localhost: job 'perfgate-localhost-0' ended with error 28 \(ENOSPC\)/);
    expect((e as FioRunError).problems).toContain('fio exited with 1');
  });

  it('says how to install fio when the binary is missing', async () => {
    const e = await failure(createFioWorkload(tiny(tmp('data'), { fio: 'fio-not-installed-xyz' })).check?.(context()) ?? Promise.resolve());
    expect(e).toBeInstanceOf(EnvironmentError);
    expect(e?.message).toMatch(/fio is not installed on localhost/);
    expect((e as EnvironmentError).hint).toMatch(/apt-get install fio/);
  });

  it('runs several workers in client/server mode: per-worker entries and an "all" that sums them per sample', async () => {
    const port = await freePort();
    const ctx = context([localTarget('w1', '127.0.0.2'), localTarget('w2', '127.0.0.3')]);
    const w = createFioWorkload(tiny(tmp('data'), { 'server-port': port }));
    await w.check?.(ctx);
    try {
      const [it0] = await w.run(ctx);
      const iops = it0?.iteration_data.throughput?.['iops_sec'];
      expect(iops?.map((e) => e.client_hostname)).toEqual(['w1', 'w2', 'all']);
      const [a, b, all] = [entry(iops, 'w1'), entry(iops, 'w2'), entry(iops, 'all')];
      all?.samples?.forEach((s, i) => expect(s.value).toBeCloseTo((a?.samples?.[i]?.value ?? 0) + (b?.samples?.[i]?.value ?? 0), 6));
      expect(it0?.iteration_data.parameters?.benchmark?.[0]).toMatchObject({ mode: 'client-server', clients: 'w1,w2' });
      const files = readdirSync(join(ctx.outDir, 'randread-4KiB', 'sample1')).sort();
      expect(files.filter((f) => !f.includes('.log.'))).toEqual(['fio-client.json', 'fio-client.log', 'w1.fio', 'w2.fio']);
      // per-interval logs shipped back by each server, suffixed with its host, feed the time series
      expect(files).toContain('w1_iops.1.log.127.0.0.2');
      expect(files).toContain('w2_iops.1.log.127.0.0.3');
      expect(a?.samples?.[0]?.timeseries?.length).toBeGreaterThan(0);
      expect(all?.samples?.[0]?.timeseries?.[0]?.value).toBeCloseTo((a?.samples?.[0]?.timeseries?.[0]?.value ?? 0) + (b?.samples?.[0]?.timeseries?.[0]?.value ?? 0), 6);
    } finally {
      await w.cleanup?.(ctx);
    }
  });

  it('stops fio when the run is aborted and leaves no fio process or server behind', async () => {
    const port = await freePort();
    for (const workers of [undefined, [localTarget('w1', '127.0.0.2'), localTarget('w2', '127.0.0.3')]]) {
      const ac = new AbortController();
      const ctx = { ...context(workers), signal: ac.signal, onSample: () => void setTimeout(() => ac.abort(new Error('stopped by test')), 1500) };
      const w = createFioWorkload(tiny(tmp('data'), { runtime: 60, 'server-port': port }));
      await w.check?.(ctx);
      const e = await failure(w.run(ctx));
      await w.cleanup?.(ctx);
      expect(e?.message).toBe('stopped by test');
      const alive = () => spawnSync('pgrep', ['-f', `${ctx.outDir}|--server=ip:127.0.0.[23],${port}`], { encoding: 'utf8' }).stdout.trim();
      for (let i = 0; i < 50 && alive() !== ''; i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive()).toBe('');
      expect(await probeTcp('127.0.0.2', port)).toBe('refused');
    }
  });
});
