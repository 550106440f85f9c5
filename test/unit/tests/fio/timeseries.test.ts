// fio per-interval logs (recorded standalone and client-mode logs) → pbench time series.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFioLog, parseLogName, seriesFromLogs } from '../../../../src/tests/fio/timeseries.js';
import { FIO_SAMPLES } from '../../../support/fixtures.js';

const LOGS = join(FIO_SAMPLES, 'logs');
const log = (name: string) => ({ name, text: readFileSync(join(LOGS, name), 'utf8') });

describe('fio per-interval logs', () => {
  it('names every recorded log file: prefix, kind, job number and, in client mode, the host', () => {
    expect(readdirSync(LOGS).sort().map((n) => parseLogName(n))).toEqual([
      { prefix: 'ts', kind: 'bw', job: 1, host: '' },
      { prefix: 'ts', kind: 'clat', job: 1, host: '' },
      { prefix: 'ts', kind: 'iops', job: 1, host: '' },
      { prefix: 'ts', kind: 'lat', job: 1, host: '' },
      { prefix: 'w1', kind: 'iops', job: 1, host: '127.0.0.1' },
      { prefix: 'w1', kind: 'lat', job: 1, host: '127.0.0.1' },
      { prefix: 'w2', kind: 'iops', job: 1, host: '127.0.0.1' },
    ]);
    expect(parseLogName('localhost.log')).toBeUndefined();
    expect(parseLogName('fio-client.log')).toBeUndefined();
  });

  it('turns a standalone job\'s logs into series on whole intervals (1000, 2001 → 1000, 2000), bandwidth in MiB/s', () => {
    const files = ['ts_bw.1.log', 'ts_clat.1.log', 'ts_iops.1.log', 'ts_lat.1.log'].map(log);
    const s = seriesFromLogs(files, 1000);
    const iops = parseFioLog(log('ts_iops.1.log').text);
    expect(s['iops_sec']).toEqual(iops.map((l) => ({ date: Math.round(l.time / 1000) * 1000, value: l.value })));
    const bw = parseFioLog(log('ts_bw.1.log').text);
    expect(s['MiB_sec']?.map((p) => p.value)).toEqual(bw.map((l) => l.value / 1024));
    expect(s['clat']?.[0]).toEqual({ date: 1000, value: 82763 });
    expect(Object.keys(s).sort()).toEqual(['MiB_sec', 'clat', 'iops_sec', 'lat']);
  });

  it('adds up the rates of workers that ran together and weights their latencies by IOPS', () => {
    const s = seriesFromLogs(['w1_iops.1.log.127.0.0.1', 'w2_iops.1.log.127.0.0.1', 'w1_lat.1.log.127.0.0.1'].map(log), 1000);
    const [a, b] = ['w1_iops.1.log.127.0.0.1', 'w2_iops.1.log.127.0.0.1'].map((n) => parseFioLog(log(n).text));
    expect(s['iops_sec']?.[0]).toEqual({ date: 1000, value: (a?.[0]?.value ?? 0) + (b?.[0]?.value ?? 0) });
    expect(s['lat']?.[0]).toEqual({ date: 1000, value: 94992 }); // only w1 logged latency
    // two jobs of equal latency weight: 100 ns at 1 IOPS and 400 ns at 3 IOPS → 325 ns
    const mixed = seriesFromLogs(
      [
        { name: 'x_iops.1.log', text: '1000, 1, 0, 0, 0\n' },
        { name: 'x_iops.2.log', text: '1000, 3, 0, 0, 0\n' },
        { name: 'x_lat.1.log', text: '1000, 100, 0, 0, 0\n' },
        { name: 'x_lat.2.log', text: '999, 400, 0, 0, 0\n' },
      ],
      1000,
    );
    expect(mixed['lat']).toEqual([{ date: 1000, value: 325 }]);
  });
});
