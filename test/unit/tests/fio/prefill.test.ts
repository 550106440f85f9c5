// The prefill job file: same sections and data-file names as the samples, layout options only, rw=write bs=1M; fio accepts it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkloadContext } from '../../../../src/plugins/types.js';
import { localTarget } from '../../../../src/runner/targets/local.js';
import { createFioWorkload } from '../../../../src/tests/fio/index.js';
import { parseFioParams } from '../../../../src/tests/fio/params.js';
import { expandIterations, jobFileFor } from '../../../../src/tests/fio/plan.js';
import { prefillJobFile } from '../../../../src/tests/fio/prefill.js';
import type { ResolvedTarget } from '../../../../src/tests/fio/targets.js';
import { freePort } from '../../../support/free-port.js';

const params = (extra: Record<string, unknown> = {}) => parseFioParams({ 'test-types': 'randread', 'block-sizes': '4', 'file-size': 8, numjobs: 2, iodepth: '1,8', ioengine: 'psync', direct: 0, prefill: true, 'fio-options': { rwmixread: 70 }, ...extra }, '/');

describe('prefillJobFile', () => {
  const targets: ResolvedTarget[] = [
    { path: '/data', kind: 'dir' },
    { path: '/dev/vdb', kind: 'device' },
  ];

  it('keeps the job sections and file names of the samples, the layout options, and writes sequentially in 1 MiB blocks', () => {
    const [it0] = expandIterations(params());
    if (!it0) throw new Error('no iteration');
    expect(prefillJobFile(it0, targets, 'w1')).toBe(
      [
        '[global]',
        'ioengine=psync',
        'direct=0',
        'numjobs=2',
        'size=8m',
        'rw=write',
        'bs=1M',
        'group_reporting=1',
        'filename_format=perfgate-fio.w1.$jobname.$jobnum.$filenum',
        '',
        '[perfgate-w1-0]',
        'directory=/data',
        '',
        '[perfgate-w1-1]',
        'filename=/dev/vdb',
        'numjobs=1', // a file or device is written once, not once per clone
        '',
      ].join('\n'),
    );
    // the sample's job file has the same section names and file_format, so fio opens the same data files
    const sample = jobFileFor(it0, params(), targets, 'w1');
    for (const line of ['[perfgate-w1-0]', '[perfgate-w1-1]', 'filename_format=perfgate-fio.w1.$jobname.$jobnum.$filenum']) expect(sample).toContain(line);
  });

  it('is the same for iterations that differ only in options that do not change the files (iodepth), so they prefill once', () => {
    const [a, b] = expandIterations(params());
    expect(a?.name).not.toBe(b?.name);
    if (!a || !b) throw new Error('no iterations');
    expect(prefillJobFile(a, targets, 'w1')).toBe(prefillJobFile(b, targets, 'w1'));
    const [big] = expandIterations(params({ 'file-size': 16 }));
    if (!big) throw new Error('no iteration');
    expect(prefillJobFile(big, targets, 'w1')).not.toBe(prefillJobFile(a, targets, 'w1'));
  });

  it('passes fio --parse-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-fio-prefill-'));
    const [it0] = expandIterations(params());
    if (!it0) throw new Error('no iteration');
    const file = join(dir, 'prefill.fio');
    writeFileSync(file, prefillJobFile(it0, [{ path: dir, kind: 'dir' }], 'localhost'));
    const r = spawnSync('fio', ['--parse-only', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Bad option|failed/i);
  });
});


describe('prefill with real fio in client/server mode', () => {
  it('writes every worker\'s files once through fio --client before the first sample, and judges steady state per worker', async () => {
    const port = await freePort();
    const host = localTarget();
    const logs: string[] = [];
    const ctx: WorkloadContext = {
      resultDir: '/',
      signal: new AbortController().signal,
      log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), debug: () => undefined },
      main: host,
      workers: [localTarget('w1', '127.0.0.2'), localTarget('w2', '127.0.0.3')],
      outDir: mkdtempSync(join(tmpdir(), 'perfgate-fio-prefill-out-')),
      iterations: [],
      onSample: () => undefined,
    };
    const data = mkdtempSync(join(tmpdir(), 'perfgate-fio-prefill-data-'));
    // two iterations with the same files (iodepth only differs): one prefill
    const w = createFioWorkload({ 'test-types': 'randread', 'block-sizes': 4, runtime: 1, ramptime: 0, samples: 1, 'file-size': 4, targets: data, ioengine: 'psync', direct: 0, iodepth: '1,2', 'log-avg-msec': 200, 'steady-state-window': 3, prefill: true, 'server-port': port });
    await w.check?.(ctx);
    try {
      const its = await w.run(ctx);
      expect(its.map((i) => i.iteration_name)).toEqual(['randread-4KiB-iodepth1', 'randread-4KiB-iodepth2']);
      expect(readdirSync(join(ctx.outDir, 'prefill'))).toEqual(['randread-4KiB-iodepth1']);
      const files = readdirSync(join(ctx.outDir, 'prefill', 'randread-4KiB-iodepth1')).sort();
      expect(files).toEqual(['fio-client.json', 'fio-client.log', 'w1.fio', 'w2.fio']);
      const out = JSON.parse(readFileSync(join(ctx.outDir, 'prefill', 'randread-4KiB-iodepth1', 'fio-client.json'), 'utf8')) as { client_stats: { jobname: string; hostname?: string; write: { io_bytes: number } }[] };
      const written = out.client_stats.filter((c) => c.jobname !== 'All clients').map((c) => [c.jobname, c.write.io_bytes]);
      expect(written.sort()).toEqual([['perfgate-w1-0', 4 * 1024 * 1024], ['perfgate-w2-0', 4 * 1024 * 1024]]);
      expect(logs.filter((l) => l.startsWith('info prefill for'))).toEqual(['info prefill for randread-4KiB-iodepth1: writing the data files once (rw=write, bs=1M) on w1, w2', expect.stringMatching(/^info prefill for randread-4KiB-iodepth1 done in \d+\.\d s$/)]);
      const iops = its[0]?.iteration_data.throughput?.['iops_sec'] ?? [];
      expect(iops.map((e) => e.client_hostname)).toEqual(['w1', 'w2', 'all']);
      for (const e of iops) expect((e.samples?.[0] as { steady_state?: { window: number } }).steady_state?.window).toBe(3);
      expect(its[0]?.iteration_data.parameters?.benchmark?.[0]).toMatchObject({ prefill: '1', mode: 'client-server' });
    } finally {
      await w.cleanup?.(ctx);
    }
    expect(readdirSync(data)).toEqual([]);
  }, 60_000);
});
