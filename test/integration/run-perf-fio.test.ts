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
