// strip-run-perf keeps exactly what comparisons read: the stripped tree yields the same checks, much smaller.
import { mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stripRunPerfCommand } from '../../../src/cli/strip-run-perf-command.js';
import { memoryIo } from '../../../src/cli/io.js';
import { readResultTree } from '../../../src/result/read-tree.js';
import { stripRunPerf } from '../../../src/strip/strip.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';
import { iteration, writeTree } from '../result/tree-builder.js';

const RESULTS = COMPAT_RESULTS;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'perfgate-strip-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('stripRunPerf', () => {
  it.each(['1_base/result_20200726_080654', '9_bad/result_three_bad', '2_kernel_update/result_20200726_114437'])('keeps every check of %s identical', (tree) => {
    const out = join(tmp(), 'stripped');
    const summary = stripRunPerf(join(RESULTS, tree), out);
    const a = readResultTree(join(RESULTS, tree), '/');
    const b = readResultTree(out, '/');
    // every field of every check (values, units, directions, parameters, samples), not only the values
    expect(b.checks.map((c) => ({ ...c }))).toEqual(a.checks.map((c) => ({ ...c })));
    expect(b.metadata).toEqual(a.metadata);
    expect(summary.bytesAfter).toBeLessThan(summary.bytesBefore);
  });

  it('keeps the per-sample values the robust method and --confirm read (and an invalid sample list stays invalid)', () => {
    const src = writeTree(tmp(), {
      RUNPERF_METADATA: 'build:1\n',
      'L/fio/0000/result.json': [iteration('a', { 'throughput/iops_sec': { mean: 100, stddevpct: 15, samples: [80, 120, 95, 105, 100] }, 'latency/clat': { mean: 5, stddevpct: 1 } })],
      'L/fio/0001/result.json': JSON.stringify([iteration('b', { 'throughput/iops_sec': { mean: 100, stddevpct: 15, samples: [80, 120] } })]).replace('{"value":120}', '"x"'),
    });
    const out = join(tmp(), 'stripped');
    stripRunPerf(src, out);
    const a = readResultTree(src, '/');
    const b = readResultTree(out, '/');
    expect(b.checks.map((c) => ({ ...c }))).toEqual(a.checks.map((c) => ({ ...c })));
    expect(b.checks.find((c) => c.id === 'L/fio/0000:./a/throughput/iops_sec.mean')?.samples).toEqual([80, 120, 95, 105, 100]);
    expect(b.checks.find((c) => c.id === 'L/fio/0001:./b/throughput/iops_sec.mean')?.samples).toBeUndefined();
  });

  it('copies __error__ folders whole', () => {
    const out = join(tmp(), 's');
    stripRunPerf(join(RESULTS, '9_bad/result_three_bad'), out);
    expect(readdirSync(join(out, 'Localhost/fio/1/__error0__')).sort()).toEqual(['details', 'exception', 'traceback']);
  });

  it('refuses to write into a non-empty destination', () => {
    const out = tmp();
    stripRunPerf(join(RESULTS, '1_base/result_20200726_080654'), join(out, 'x'));
    expect(() => stripRunPerf(join(RESULTS, '1_base/result_20200726_080654'), join(out, 'x'))).toThrow(/exists and is not empty/);
  });
});

describe('strip-run-perf command', () => {
  it('prints the size reduction and exits 0', async () => {
    const out = join(tmp(), 'o');
    const io = memoryIo([join(RESULTS, '1_base/result_20200726_080654'), out], '/');
    expect(await stripRunPerfCommand(io)).toBe(0);
    expect(io.out()).toMatch(/KiB → [\d.]+ KiB \([\d.]+ %\)/);
    expect(existsSync(join(out, 'RUNPERF_METADATA'))).toBe(true);
  });
  it('rejects a wrong argument count with a usage error', async () => {
    const io = memoryIo(['only-one'], '/');
    await expect(stripRunPerfCommand(io)).rejects.toThrow(/expected SRC and DST/);
  });
});
