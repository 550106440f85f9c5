// Distributed fio against real `fio --server` processes on 127.0.0.2 / 127.0.0.3: aggregation, a dead server, bad jobs, adoption.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTarget } from '../../src/runner/targets/local.js';
import type { FioServer } from '../../src/tests/fio/index.js';
import { FIO_SERVER_LABEL, FioRunError, labelledFioServer, probeTcp, renderJobFile, runDistributedFio, startFioServer, startFioServers, stopFioServers } from '../../src/tests/fio/index.js';
import { binCount, percentilesFromBins } from '../../src/tests/fio/histogram.js';
import { freePort } from '../support/free-port.js';

const dir = mkdtempSync(join(tmpdir(), 'perfgate-fio-dist-'));
let PORT = 0;
const workers = [localTarget('w1', '127.0.0.2'), localTarget('w2', '127.0.0.3')];
let servers: FioServer[] = [];


function job(worker: string, extra: Record<string, string> = {}): string {
  const data = join(dir, worker);
  mkdirSync(data, { recursive: true });
  return renderJobFile([
    { name: 'global', options: { ioengine: 'psync', directory: data, size: '4m', runtime: 1, time_based: true, group_reporting: 1, filename_format: `perfgate-fio.${worker}.$jobnum.$filenum` } },
    { name: 'randread', options: { rw: 'randread', bs: '4k', ...extra } },
  ]);
}

beforeAll(async () => {
  PORT = await freePort();
  servers = await startFioServers(workers, { port: PORT });
});
afterAll(async () => {
  await stopFioServers(servers);
});

describe('distributed fio (client/server)', () => {
  it('runs one job file per worker at once and aggregates by summing rates and merging histogram bins', async () => {
    const outDir = join(dir, 'ok');
    const r = await runDistributedFio({ main: localTarget(), servers, jobFiles: [job('w1'), job('w2')], outDir, runtimeSeconds: 1 });
    expect(r.workers.map((w) => [w.server.worker.name, w.server.host, w.entries.length])).toEqual([
      ['w1', '127.0.0.2', 1],
      ['w2', '127.0.0.3', 1],
    ]);
    const [a, b] = r.workers.map((w) => w.stats.read);
    expect(a && b).toBeTruthy();
    if (!a || !b) return;
    expect(a.iops).toBeGreaterThan(0);
    expect(r.all.read.iops).toBeCloseTo(a.iops + b.iops, 6);
    expect(r.all.read.bwBytes).toBe(a.bwBytes + b.bwBytes);
    // merged histogram holds every I/O of both workers, and its p99 lies between the workers' own p99s
    expect(binCount(r.all.read.clatBins)).toBe(a.clat.n + b.clat.n);
    expect(r.all.read.clat.n).toBe(a.clat.n + b.clat.n);
    const [p99a, p99b, p99] = [a, b, r.all.read].map((s) => percentilesFromBins(s.clatBins, [99])[0] ?? NaN);
    expect(p99).toBeGreaterThanOrEqual(Math.min(p99a ?? 0, p99b ?? 0));
    expect(p99).toBeLessThanOrEqual(Math.max(p99a ?? 0, p99b ?? 0));
    // fio's own "All clients" entry is present but never used
    expect(r.output.allClients).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(outDir, 'fio-client.json'), 'utf8')).client_stats).toHaveLength(3);
    expect(readFileSync(join(outDir, 'w2.fio'), 'utf8')).toContain(`directory=${join(dir, 'w2')}`);
    // each server laid out its own data files
    expect(existsSync(join(dir, 'w1', '127.0.0.2.perfgate-fio.w1.0.0'))).toBe(true);
  });

  it('reports an unknown option that fio drops silently (exit 0, no entry for that worker)', async () => {
    const e = await runDistributedFio({ main: localTarget(), servers, jobFiles: [job('w1'), job('w2', { bogus_option: '1' })], outDir: join(dir, 'bad-opt'), runtimeSeconds: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FioRunError);
    const problems = (e as FioRunError).problems.join('\n');
    expect(problems).toMatch(/no results from w2 \(fio server 127\.0\.0\.3,/);
    expect(problems).toMatch(/Bad option <bogus_option=1>/);
  });

  it('adopts a labelled running server without stopping it, and refuses to start a second server on a busy port', async () => {
    const adopted = labelledFioServer(localTarget('pod-0', '10.9.9.9'));
    expect(adopted).toBeUndefined();
    const w1 = workers[0];
    if (!w1) return;
    const labelled = labelledFioServer({ ...w1, labels: { [FIO_SERVER_LABEL]: `127.0.0.2,${PORT}` } });
    expect(labelled?.started).toBe(false);
    await labelled?.stop();
    expect(await probeTcp('127.0.0.2', PORT)).toBe('open');
    await expect(startFioServer(w1, { port: PORT })).rejects.toThrow(/already listens/);
  });

  it('fails clearly when one server was killed before the run although fio exits 0', async () => {
    const lone = await startFioServer(localTarget('w3', '127.0.0.3'), { port: PORT + 1 });
    await lone.stop();
    expect(await probeTcp('127.0.0.3', PORT + 1)).toBe('refused');
    const w1 = servers[0];
    if (!w1) return;
    const e = await runDistributedFio({ main: localTarget(), servers: [w1, lone], jobFiles: [job('w1'), job('w3')], outDir: join(dir, 'dead'), runtimeSeconds: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FioRunError);
    expect((e as Error).message).toMatch(/^fio failed on w1, w3 .*no results from w3 \(fio server 127\.0\.0\.3,\d+\)/);
    expect((e as FioRunError).problems.join('\n')).toMatch(/failed to connect to 127\.0\.0\.3/);
  });
});
