// The prefill job file: same sections and data-file names as the samples, layout options only, rw=write bs=1M; fio accepts it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFioParams } from '../../../../src/tests/fio/params.js';
import { expandIterations, jobFileFor } from '../../../../src/tests/fio/plan.js';
import { prefillJobFile } from '../../../../src/tests/fio/prefill.js';
import type { ResolvedTarget } from '../../../../src/tests/fio/targets.js';

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
