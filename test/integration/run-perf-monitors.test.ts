// run-perf --monitor: the iostat/mpstat/vmstat summaries on real sysstat outputs, and a real run keeping raw output per sample.
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import type { PbenchResult } from '../../src/result/pbench.js';
import { readResultTree } from '../../src/result/read-tree.js';
import { iostat } from '../../src/runner/monitors/iostat.js';
import { parseMonitorList } from '../../src/runner/monitors/index.js';
import { mpstat } from '../../src/runner/monitors/mpstat.js';
import { sysstatStatistics } from '../../src/runner/monitors/sysstat-json.js';
import { vmstat } from '../../src/runner/monitors/vmstat.js';
import { FIO_SAMPLES } from '../support/fixtures.js';

const IOSTAT = readFileSync(join(FIO_SAMPLES, 'iostat-dxy-json-during-fio.json'), 'utf8');

describe('monitor summaries', () => {
  it('iostat: mean %util and read/write-weighted await of each active device (real sysstat 12.6 JSON)', () => {
    const m = iostat.summarize(IOSTAT);
    expect(Object.keys(m)).toEqual(['iostat_vda_util_pct', 'iostat_vda_await_ms']);
    expect(m['iostat_vda_util_pct']?.value).toBeCloseTo((50.4 + 90.8 + 84.4 + 90 + 88.8 + 38.4) / 6, 9);
    const rows = [[47916, 0.13, 40, 9.4], [92964, 0.13, 3, 3.33], [91783, 0.12, 1, 0], [87480, 0.13, 20, 2.8], [89042, 0.13, 1, 0], [40564, 0.12, 4, 2.5]] as const;
    const awaits = rows.map(([r, ra, w, wa]) => (r * ra + w * wa) / (r + w));
    expect(m['iostat_vda_await_ms']).toEqual({ value: expect.closeTo(awaits.reduce((a, b) => a + b) / 6, 12) as number, unit: 'ms' });
  });

  it('reads a sysstat document cut short (SIGTERM) up to its last complete report', () => {
    const cut = IOSTAT.slice(0, IOSTAT.lastIndexOf('"disk_device"'));
    expect(sysstatStatistics(IOSTAT)).toHaveLength(6);
    expect(sysstatStatistics(cut)).toHaveLength(5);
    expect(iostat.summarize('')).toEqual({});
  });

  it('vmstat drops the since-boot row; mpstat reports all-CPU and busiest-CPU busy %', () => {
    const v = vmstat.summarize(['procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----', ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st', ' 1  0 0 100 10 10 0 0 5 5 10 10 3 1 96 0 0', ' 2  0 0 100 10 10 0 0 5 5 10 10 50 10 30 10 0', ' 2  0 0 100 10 10 0 0 5 5 10 10 60 10 20 10 0', ''].join('\n'));
    expect(v).toEqual({ vmstat_cpu_busy_pct: { value: 75, unit: '%' }, vmstat_iowait_pct: { value: 10, unit: '%' } });
    const load = (idle: number[]) => ({ 'cpu-load': [{ cpu: 'all', idle: idle[0] }, { cpu: '0', idle: idle[1] }, { cpu: '1', idle: idle[2] }] });
    const doc = JSON.stringify({ sysstat: { hosts: [{ statistics: [load([50, 0, 100]), load([70, 40, 100])] }] } });
    expect(mpstat.summarize(doc)).toEqual({ mpstat_busy_pct: { value: 40, unit: '%' }, mpstat_max_cpu_busy_pct: { value: 80, unit: '%' } });
  });

  it('rejects unknown monitor names with the list of known ones', () => {
    expect(parseMonitorList(['iostat,vmstat', 'iostat']).map((t) => t.name)).toEqual(['iostat', 'vmstat']);
    expect(() => parseMonitorList(['iostat,sar'])).toThrow("unknown monitor 'sar'");
  });
});

describe('run-perf --monitor (real iostat, vmstat, mpstat)', () => {
  it('keeps each sample\'s raw monitor output beside it and adds non-primary metrics', { timeout: 60_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-mon-'));
    // A CPU-busy sample of ~1.5 s (so that each 1 s monitor reports at least once) writing a file with fsync.
    const busy = 'dd if=/dev/zero of=data bs=64k count=64 conv=fsync 2>/dev/null; end=$(($(date +%s%N) + 1500000000)); while [ $(date +%s%N) -lt $end ]; do :; done';
    const test = `command:${JSON.stringify({ command: ['sh', '-c', busy], cwd, samples: 2, name: 'busy' })}`;
    const io = memoryIo(['--output', 'out', '--monitor', 'iostat,vmstat', '--monitor', 'mpstat', '--', test], cwd);
    const code = await runCommand('run-perf', runPerfCommand, io);
    expect(io.err()).toContain('command@Localhost done');
    expect(code).toBe(0);
    const serial = join(cwd, 'out/Localhost/command/0000');
    for (const s of ['sample1', 'sample2']) {
      const dir = join(serial, 'busy', s, 'monitors/localhost');
      expect(readdirSync(dir).sort()).toEqual(['iostat.json', 'mpstat.json', 'vmstat.txt']);
      // sysstat ended by SIGINT: complete JSON documents with at least one report
      expect(sysstatStatistics(readFileSync(join(dir, 'mpstat.json'), 'utf8')).length).toBeGreaterThan(0);
      expect(JSON.parse(readFileSync(join(dir, 'iostat.json'), 'utf8'))).toHaveProperty('sysstat.hosts');
      expect(readFileSync(join(dir, 'vmstat.txt'), 'utf8')).toMatch(/ r +b +swpd/);
    }
    const result = JSON.parse(readFileSync(join(serial, 'result.json'), 'utf8')) as PbenchResult;
    const latency = result[0]?.iteration_data.latency ?? {};
    const busyPct = latency['mpstat_busy_pct']?.find((e) => e.client_hostname === 'all');
    expect(busyPct).toMatchObject({ unit: '%', direction: 'lower' });
    expect(busyPct?.samples).toHaveLength(2);
    // a shell spins the whole time: the busiest CPU is well above idle
    expect(latency['mpstat_max_cpu_busy_pct']?.[0]?.mean).toBeGreaterThan(25);
    expect(latency['vmstat_cpu_busy_pct']).toBeDefined();
    const checks = readResultTree('out', cwd).checks;
    expect(checks.find((c) => c.id === 'Localhost/command/0000:./busy/latency/mpstat_busy_pct.mean')).toMatchObject({ primary: false, direction: 'lower' });
    expect(checks.find((c) => c.id === 'Localhost/command/0000:./busy/latency/wall_seconds.mean')?.primary).toBe(true);
  });

  it('rejects an unknown monitor before running anything (exit 64)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-mon-'));
    const io = memoryIo(['--output', 'out', '--monitor', 'iotop', '--', 'command:{"command":["true"]}'], cwd);
    expect(await runCommand('run-perf', runPerfCommand, io)).toBe(64);
    expect(io.err()).toContain("unknown monitor 'iotop'");
    expect(readdirSync(cwd)).toEqual([]);
  });
});
