// Prints the SSH transport's costs: per-sample overhead of fio over SSH beyond localhost (target ≤ 0.5 s) and connecting 10 hosts at once (target < 1 s).
// Needs root and openssh-server (private sshd processes on 127.0.0.3x, as the tests use). Run: npx tsx bench/ssh-overhead.ts
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../src/cli/io.js';
import { runCommand } from '../src/cli/main.js';
import { runPerfCommand } from '../src/cli/run-perf-command.js';
import { LocalTransport } from '../src/runner/targets/local.js';
import { DEFAULT_SECURITY, SshTransport } from '../src/runner/targets/ssh/index.js';
import { disposeSshd, startSshd } from '../test/support/sshd.js';
import type { Sshd } from '../test/support/sshd.js';

const work = mkdtempSync(join(tmpdir(), 'perfgate-bench-ssh-'));
chmodSync(work, 0o777);
const data = join(work, 'data');
mkdirSync(data);
chmodSync(data, 0o777);

async function wall(hostArgs: string[], test: string): Promise<number> {
  const out = join(mkdtempSync(join(work, 'r-')), 'out');
  const io = memoryIo([...hostArgs, '--retry-tests', '1', '--output', out, '--', test], work, { HOME: work, USER: 'nobody' });
  const t0 = performance.now();
  const code = await runCommand('run-perf', runPerfCommand, io);
  const s = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`run-perf exited ${code}: ${io.err()}`);
  return s;
}

/** Per-sample time beyond the workload's runtime: the slope between a 1-sample and an N-sample run (fixed costs cancel). */
async function perSample(hostArgs: string[], test: (n: number) => string, n: number, runtime: number): Promise<number> {
  await wall(hostArgs, test(1)); // warm-up: lays out fio's data file
  const one = await wall(hostArgs, test(1));
  const many = await wall(hostArgs, test(n));
  return (many - one) / (n - 1) - runtime;
}

/** Median of `reps` measurements, local and SSH interleaved so machine load affects both alike. */
async function compare(local: string[], ssh: string[], test: (n: number) => string, n: number, runtime: number, reps = 3): Promise<[number, number]> {
  const l: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < reps; i++) {
    l.push(await perSample(local, test, n, runtime));
    s.push(await perSample(ssh, test, n, runtime));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return [median(l), median(s)];
}

const servers: Sshd[] = [];
try {
  const h = await startSshd({ address: '127.0.0.30' });
  servers.push(h);
  const ssh = ['--hosts', `h1:${h.user}@${h.address}:${h.port}`, '--known-hosts', h.knownHosts, '--ssh-key', h.clientKey];
  const local = ['--hosts', 'localhost:127.0.0.1'];
  const N = 5;
  const sleep = (n: number) => `command:${JSON.stringify({ command: ['sleep', '0.2'], samples: n })}`;
  // per-command round trip (a sample runs a handful of commands): many repetitions give a stable figure
  const lt = new LocalTransport();
  const st = new SshTransport({ name: 'h1', host: h.address, port: h.port, user: h.user, keyFile: h.clientKey }, { ...DEFAULT_SECURITY, knownHostsFiles: [h.knownHosts], knownHostsWrite: h.knownHosts, defaultKeyFiles: [] });
  const roundTrip = async (t: LocalTransport | SshTransport) => {
    const ms: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await t.exec(['true']);
      ms.push(performance.now() - t0);
    }
    return ms.sort((a, b) => a - b)[20] ?? NaN;
  };
  await st.connect();
  const [rl, rs] = [await roundTrip(lt), await roundTrip(st)];
  await st.close();
  console.log(`one command ('true'), median of 40: local ${rl.toFixed(1)} ms, over an open SSH connection ${rs.toFixed(1)} ms → SSH adds ${(rs - rl).toFixed(1)} ms per command`);
  const [cl, cs] = await compare(local, ssh, sleep, N, 0.2);
  console.log(`command workload (sleep 0.2 s), per sample beyond the workload (median of 3): localhost ${(cl * 1000).toFixed(0)} ms, SSH ${(cs * 1000).toFixed(0)} ms → SSH adds ${((cs - cl) * 1000).toFixed(0)} ms (target ≤ 500 ms)`);
  const fio = (n: number) => `fio:${JSON.stringify({ 'test-types': 'read', 'block-sizes': 4, runtime: 1, ramptime: 0, 'file-size': 16, targets: data, ioengine: 'psync', direct: 0, samples: n })}`;
  const [fl, fs] = await compare(local, ssh, fio, N, 1);
  console.log(`fio (runtime 1 s, standalone), per sample beyond fio's runtime (median of 3): localhost ${(fl * 1000).toFixed(0)} ms, SSH ${(fs * 1000).toFixed(0)} ms → SSH adds ${((fs - fl) * 1000).toFixed(0)} ms (target ≤ 500 ms)`);

  for (let i = 1; i < 10; i++) servers.push(await startSshd({ address: `127.0.0.${30 + i}` }));
  const sec = (s: Sshd) => ({ ...DEFAULT_SECURITY, knownHostsFiles: [s.knownHosts], knownHostsWrite: s.knownHosts, defaultKeyFiles: [] });
  const transports = servers.map((s, i) => new SshTransport({ name: `h${i}`, host: s.address, port: s.port, user: s.user, keyFile: s.clientKey }, sec(s)));
  const t0 = performance.now();
  await Promise.all(transports.map((t) => t.connect()));
  const parallel = performance.now() - t0;
  const t1 = performance.now();
  await Promise.all(transports.map((t) => t.exec(['true'])));
  const execAll = performance.now() - t1;
  await Promise.all(transports.map((t) => t.close()));
  const single: number[] = [];
  for (const s of servers.slice(0, 5)) {
    const t = new SshTransport({ name: 'x', host: s.address, port: s.port, user: s.user, keyFile: s.clientKey }, sec(s));
    const t2 = performance.now();
    await t.connect();
    single.push(performance.now() - t2);
    await t.close();
  }
  single.sort((a, b) => a - b);
  console.log(`connection set-up (handshake, host-key check, key auth): 10 hosts in parallel ${parallel.toFixed(0)} ms (target < 1000 ms); one host alone: median ${single[2]?.toFixed(0)} ms`);
  console.log(`then one command on each of the 10 open connections at once: ${execAll.toFixed(0)} ms`);
} finally {
  for (const s of servers) await disposeSshd(s);
}
