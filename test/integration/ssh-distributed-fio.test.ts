// run-perf with distributed fio and iperf3 across two SSH hosts (real sshd on 127.0.0.2/.3, real fio client/server, real iperf3), read back and compared.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { readResultTree } from '../../src/result/read-tree.js';
import { disposeSshd, freePort, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

let h1: Sshd;
let h2: Sshd;
let cwd: string;
let data: string;

async function run(prog: string, command: typeof runPerfCommand, argv: string[]) {
  const io = memoryIo(argv, cwd, { HOME: cwd, USER: 'nobody' });
  const code = await runCommand(prog, command, io);
  return { code, out: io.out(), err: io.err() };
}

const hosts = () => ['--hosts', `h1:${h1.user}@127.0.0.2:${h1.port}`, `h2:${h2.user}@127.0.0.3:${h2.port}`, '--known-hosts', join(cwd, 'known_hosts'), '--ssh-key', h1.clientKey];
const fio = (port: number, extra: Record<string, unknown> = {}) =>
  `fio:${JSON.stringify({ 'test-types': 'read', 'block-sizes': 4, runtime: 1, ramptime: 0, 'file-size': 8, targets: data, ioengine: 'psync', direct: 0, samples: 2, 'server-port': port, ...extra })}`;

interface Entry {
  client_hostname: string;
  mean: number;
  samples: { value: number }[];
}
const iops = (dir: string) => (JSON.parse(readFileSync(join(cwd, dir, 'Hosts/fio/0000/result.json'), 'utf8')) as { iteration_data: { throughput: { iops_sec: Entry[] } } }[])[0]?.iteration_data.throughput.iops_sec ?? [];

/** Live (not zombie) fio processes of `user`, waiting up to 5 s for servers that are shutting down. */
async function fioProcessesOf(user: string): Promise<string[]> {
  const live = () =>
    execFileSync('ps', ['-u', user, '-o', 'pid=,stat=,comm='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([, stat, comm]) => comm === 'fio' && !stat?.startsWith('Z'))
      .map(([pid]) => pid ?? '');
  for (let i = 0; i < 100 && live().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return live();
}

beforeAll(async () => {
  h1 = await startSshd({ address: '127.0.0.2' });
  h2 = await startSshd({ address: '127.0.0.3' });
  writeFileSync(join(h2.dir, 'authorized_keys'), readFileSync(`${h1.clientKey}.pub`));
  cwd = mkdtempSync(join(tmpdir(), 'perfgate-sshfio-'));
  chmodSync(cwd, 0o777);
  data = join(cwd, 'data');
  mkdirSync(data, { mode: 0o777 });
  chmodSync(data, 0o777);
  writeFileSync(join(cwd, 'known_hosts'), readFileSync(h1.knownHosts, 'utf8') + readFileSync(h2.knownHosts, 'utf8'));
});

afterAll(async () => {
  await disposeSshd(h1);
  await disposeSshd(h2);
});

describe('distributed fio on two SSH hosts', () => {
  it('runs fio --server on both hosts and one --client, writing per-host entries and the summed "all" entry', async () => {
    const port = await freePort('127.0.0.2');
    for (const out of ['base', 'cand']) {
      const r = await run('run-perf', runPerfCommand, [...hosts(), '--profiles', 'Hosts', '-v', '--output', out, '--', fio(port)]);
      expect(r.err).toContain('fio fio-3');
      expect(r.err).toContain('on h1, h2; client/server mode');
      expect(r.code).toBe(0);
    }
    const entries = iops('base');
    expect(entries.map((e) => e.client_hostname)).toEqual(['h1', 'h2', 'all']);
    const [a, b, all] = entries as [Entry, Entry, Entry];
    expect(a.mean).toBeGreaterThan(0);
    expect(b.mean).toBeGreaterThan(0);
    all.samples.forEach((s, i) => expect(s.value).toBeCloseTo((a.samples[i]?.value ?? NaN) + (b.samples[i]?.value ?? NaN), 3));
    const client = readFileSync(join(cwd, 'base/Hosts/fio/0000/read-4KiB/sample1/fio-client.log'), 'utf8');
    expect(client).toContain(`--client=127.0.0.2,${port}`);
    expect(client).toContain(`--client=127.0.0.3,${port}`);
    const meta = readFileSync(join(cwd, 'base/RUNPERF_METADATA'), 'utf8');
    const world = JSON.parse(/^environment_world:(.*)$/m.exec(meta)?.[1] ?? '[]') as Record<string, string>[];
    expect(world.map((w) => [w['general']?.split('\n')[0], w['fio']])).toEqual([['Name:h1', expect.stringMatching(/^fio-3/)], ['Name:h2', expect.stringMatching(/^fio-3/)]]);
    expect(readFileSync(join(cwd, 'base/__sessions__/h2'), 'utf8')).toContain(` sh fio ip:127.0.0.3,${port} `);
    expect(await fioProcessesOf(h1.user)).toEqual([]);

    const tree = readResultTree('base', cwd);
    expect(tree.incomplete).toBe(false);
    const mean = tree.checks.find((c) => c.id === 'Hosts/fio/0000:./read-4KiB/throughput/iops_sec.mean');
    expect(mean?.value).toBeCloseTo(all.mean, 6);
    const xml = join(cwd, 'result.xml');
    const cmp = await run('compare-perf', comparePerfCommand, ['--tolerance', '1000', '--stddev-tolerance', '1000', '--xunit', xml, 'base', 'cand']);
    expect(cmp.code).toBe(0);
    const junit = readFileSync(xml, 'utf8');
    expect(junit).toContain('<testcase classname="Hosts/fio/0000:./read-4KiB/throughput" name="iops_sec.mean"');
    expect(junit).toMatch(/<testsuite [^>]*failures="0"/);
  });

  it('runs standalone fio on a single SSH host unchanged (Localhost profile)', async () => {
    const r = await run('run-perf', runPerfCommand, ['--hosts', `h2:${h2.user}@127.0.0.3:${h2.port}`, '--known-hosts', join(cwd, 'known_hosts'), '--ssh-key', h1.clientKey, '-v', '--output', 'single', '--', fio(8765, { samples: 1 })]);
    expect(r.err).toContain('on h2; standalone');
    expect(r.code).toBe(0);
    const mean = readResultTree('single', cwd).checks.find((c) => c.id === 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean');
    expect(mean?.value).toBeGreaterThan(0);
    expect(readFileSync(join(cwd, 'single/__sessions__/h2'), 'utf8')).toMatch(/^fio --output-format=json\+ /m);
  });

  it('checks fio on every host first and says how to install it when missing', async () => {
    const port = await freePort('127.0.0.2');
    const r = await run('run-perf', runPerfCommand, [...hosts(), '--profiles', 'Hosts', '--retry-tests', '1', '--output', 'nofio', '--', fio(port, { fio: 'fio-not-installed-here' })]);
    expect(r.code).toBe(4);
    const exception = readFileSync(join(cwd, 'nofio/Hosts/fio/0/__error0__/exception'), 'utf8');
    expect(exception).toMatch(/fio is not installed on h[12]/);
    expect(readFileSync(join(cwd, 'nofio/Hosts/fio/0/__error0__/traceback'), 'utf8') + r.err).toContain('fio');
  });

  it('runs iperf3 between the hosts: the server on the second, the client on the first', async () => {
    const r = await run('run-perf', runPerfCommand, [...hosts(), '--profiles', 'Hosts', '--output', 'net', '--', 'iperf3:{"duration":1,"samples":1}']);
    expect(r.code).toBe(0);
    const client = readFileSync(join(cwd, 'net/__sessions__/h1'), 'utf8');
    expect(client).toMatch(/^iperf3 .*-c 127\.0\.0\.3 /m);
    expect(readFileSync(join(cwd, 'net/__sessions__/h2'), 'utf8')).toMatch(/iperf3 .*(-s|--server)/);
    const gb = readResultTree('net', cwd).checks.find((c) => c.id.endsWith('Gb_sec.mean'));
    expect(gb?.value).toBeGreaterThan(0);
  });
});
