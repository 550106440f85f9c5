// run-perf on SSH hosts (private sshd on 127.0.0.2/.3): the tree, per-host environment and transcripts, host-key and auth errors, faults mid-run, password masking.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { readResultTree } from '../../src/result/read-tree.js';
import { disposeSshd, freePort, startSshd, TEST_PASSWORD } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

let h1: Sshd;
let h2: Sshd;
let knownHosts: string;
const home = mkdtempSync(join(tmpdir(), 'perfgate-sshrp-home-')); // no ~/.ssh keys, no agent: only what the test gives

async function runPerf(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const io = memoryIo(argv, cwd, { HOME: home, USER: 'nobody', ...env });
  const code = await runCommand('run-perf', runPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

/** A work folder the remote test user can write to (the hosts are this machine, logged in as another user). */
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'perfgate-sshrp-'));
  chmodSync(d, 0o777);
  return d;
};
const hostArg = (name: string, s: Sshd) => `${name}:${s.user}@${s.address}:${s.port}`;
const ops = (extra: Record<string, unknown> = {}) => `command:${JSON.stringify({ command: ['sh', '-c', 'printf "{\\"ops_sec\\": %s}\\n" 100'], samples: 2, ...extra })}`;

/** Every file under `dir`, as text. */
function allText(dir: string): string {
  let text = '';
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) text += readFileSync(join(e.parentPath, e.name), 'utf8');
  return text;
}

const accepted = (s: Sshd) => s.log().split('\n').filter((l) => /Accepted (publickey|password) for /.test(l)).length;

beforeAll(async () => {
  h1 = await startSshd({ address: '127.0.0.2' });
  h2 = await startSshd({ address: '127.0.0.3', password: true });
  knownHosts = join(tmp(), 'known_hosts');
  writeFileSync(knownHosts, readFileSync(h1.knownHosts, 'utf8') + readFileSync(h2.knownHosts, 'utf8'));
  // both servers accept the same client key, so one --ssh-key serves both
  writeFileSync(join(h2.dir, 'authorized_keys'), readFileSync(`${h1.clientKey}.pub`));
});

afterAll(async () => {
  await disposeSshd(h1);
  await disposeSshd(h2);
});

describe('run-perf on two SSH hosts', () => {
  it('runs host-level steps on both hosts over one connection each, with per-host environment and transcripts', async () => {
    const cwd = tmp();
    const marks = join(cwd, 'setup-ran');
    writeFileSync(join(cwd, 'setup.sh'), `echo "$SSH_CONNECTION" | cut -d' ' -f3 >> ${marks}\n`);
    const before = [accepted(h1), accepted(h2)];
    // both hosts' environment commands run at once on the run's signal: expected, not a listener leak
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const r = await runPerf(['--hosts', hostArg('h1', h1), hostArg('h2', h2), '--known-hosts', knownHosts, '--ssh-key', h1.clientKey, '--host-setup-script', 'setup.sh', '--output', 'out', '--', ops()], cwd).finally(() => setTimeout(() => process.off('warning', onWarning), 50));
    await new Promise((r) => setTimeout(r, 60));
    expect(warnings.filter((n) => n === 'MaxListenersExceededWarning')).toEqual([]);
    expect(r.err).toContain('command@Localhost done: Localhost/command/0000');
    expect(r.code).toBe(0);
    expect(readFileSync(marks, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['127.0.0.2', '127.0.0.3']);
    const meta = readFileSync(join(cwd, 'out/RUNPERF_METADATA'), 'utf8');
    expect(meta).toContain('machine:127.0.0.2,127.0.0.3\n');
    const world = JSON.parse(/^environment_world:(.*)$/m.exec(meta)?.[1] ?? '[]') as Record<string, string>[];
    expect(world.map((w) => w['general']?.split('\n')[0])).toEqual(['Name:h1', 'Name:h2']);
    expect(world[0]?.['fio']).toMatch(/^fio-\d/);
    const t1 = readFileSync(join(cwd, 'out/__sessions__/h1'), 'utf8');
    expect(t1).toContain('# test command@Localhost\n');
    expect(t1).toMatch(/^sh -x \/tmp\/perfgate-host-setup-\d+-h1\.sh$/m);
    expect(readFileSync(join(cwd, 'out/__sessions__/h2'), 'utf8')).toContain('# environment\ncat /etc/os-release\n');
    expect([accepted(h1) - (before[0] ?? 0), accepted(h2) - (before[1] ?? 0)]).toEqual([1, 1]);
    const tree = readResultTree('out', cwd);
    expect(tree.incomplete).toBe(false);
    expect(tree.checks.find((c) => c.id === 'Localhost/command/0000:./sh/throughput/ops_sec.mean')).toMatchObject({ value: 100 });
  });

  it('records a host-setup failure against its host while the other host completes its setup', async () => {
    const cwd = tmp();
    const marks = join(cwd, 'setup-ran');
    writeFileSync(join(cwd, 'setup.sh'), `a=$(echo "$SSH_CONNECTION" | cut -d' ' -f3)\n[ "$a" = 127.0.0.3 ] && { echo "no disk here" >&2; exit 7; }\nsleep 0.5; echo "$a" >> ${marks}\n`);
    const r = await runPerf(['--hosts', hostArg('h1', h1), hostArg('h2', h2), '--known-hosts', knownHosts, '--ssh-key', h1.clientKey, '--host-setup-script', 'setup.sh', '--output', 'out', '--', ops()], cwd);
    expect(r.code).toBe(69);
    expect(r.err).toContain('run-perf: error: --host-setup-script failed on h2 (exit 7)');
    expect(readFileSync(marks, 'utf8')).toBe('127.0.0.2\n');
    expect(readFileSync(join(cwd, 'out/__error0__/details'), 'utf8')).toContain('host: h2 (127.0.0.3)');
    expect(existsSync(join(cwd, 'out/__error1__'))).toBe(false);
  });
});

describe('run-perf SSH errors before anything runs', () => {
  it('refuses an unknown host with its SHA256 fingerprint, creates nothing, and --accept-new-host-keys records it', async () => {
    const cwd = tmp();
    const kh = join(cwd, 'kh');
    writeFileSync(kh, '');
    const r = await runPerf(['--hosts', hostArg('h1', h1), '--known-hosts', kh, '--ssh-key', h1.clientKey, '--output', 'out', '--', ops()], cwd);
    expect(r.code).toBe(69);
    expect(r.err).toContain(`run-perf: error: host h1 ([127.0.0.2]:${h1.port}) is not in known_hosts (${kh}); it offered ED25519 key ${h1.fingerprint}\n  hint: if ${h1.fingerprint} is that host's key, rerun with --accept-new-host-keys`);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    const ok = await runPerf(['--hosts', hostArg('h1', h1), '--known-hosts', kh, '--accept-new-host-keys', '--ssh-key', h1.clientKey, '--output', 'out', '--', ops({ samples: 1 })], cwd);
    expect(ok.code).toBe(0);
    expect(ok.err).toContain(`accepted new host key ED25519 key ${h1.fingerprint}`);
    expect(readFileSync(kh, 'utf8')).toBe(`[127.0.0.2]:${h1.port} ${h1.hostKeyLine}\n`);
  });

  it('refuses a wrong host key, a failed login and a refused port with exit 69 and one clear line each', async () => {
    const cwd = tmp();
    const wrong = join(cwd, 'wrong');
    writeFileSync(wrong, `[127.0.0.2]:${h1.port} ${h2.hostKeyLine}\n`);
    const changed = await runPerf(['--hosts', hostArg('h1', h1), '--known-hosts', wrong, '--ssh-key', h1.clientKey, '--', ops()], cwd);
    expect(changed.code).toBe(69);
    expect(changed.err).toContain(`host key of h1 ([127.0.0.2]:${h1.port}) has CHANGED`);
    const auth = await runPerf(['--hosts', `h1:root@127.0.0.2:${h1.port}`, '--known-hosts', knownHosts, '--ssh-key', h1.clientKey, '--', ops()], cwd);
    expect(auth.code).toBe(69);
    expect(auth.err).toContain(`run-perf: error: authentication failed for host h1 (root@127.0.0.2:${h1.port}); tried: key`);
    const port = await freePort('127.0.0.2');
    const refused = await runPerf(['--hosts', `h1:perfci@127.0.0.2:${port}`, hostArg('h2', h2), '--known-hosts', knownHosts, '--ssh-key', h1.clientKey, '--', ops()], cwd);
    expect(refused.code).toBe(69);
    expect(refused.err).toContain(`run-perf: error: cannot connect to host h1 (perfci@127.0.0.2:${port}): connection refused`);
    expect(readdirSync(cwd)).toEqual(['wrong']);
  });

  it('logs in with a password from an environment variable and writes it nowhere', async () => {
    const cwd = tmp();
    const r = await runPerf(['--hosts', hostArg('h2', h2), '--known-hosts', knownHosts, '--ssh-password-env', 'PG_SSH_PW', '--log', 'debug.log', '-vv', '--output', 'out', '--metadata', 'build=1', '--', ops({ samples: 1 })], cwd, { PG_SSH_PW: TEST_PASSWORD });
    expect(r.code).toBe(0);
    expect(h2.log()).toContain('Accepted password for perfci');
    const everything = allText(join(cwd, 'out')) + readFileSync(join(cwd, 'debug.log'), 'utf8') + r.err + r.out;
    expect(everything).toContain('--ssh-password-env PG_SSH_PW');
    expect(everything).not.toContain(TEST_PASSWORD);
    const unset = await runPerf(['--hosts', hostArg('h2', h2), '--known-hosts', knownHosts, '--ssh-password-env', 'PG_SSH_PW', '--', ops()], cwd);
    expect(unset.code).toBe(64);
    expect(unset.err).toContain('run-perf: error: the SSH password variable PG_SSH_PW (for host h2) is not set');
  });
});

describe('run-perf SSH faults during the run', () => {
  it('records an attempt cut off by a killed connection as an error, retries it and continues', async () => {
    const cwd = tmp();
    const runs = join(cwd, 'runs');
    const flaky = `command:${JSON.stringify({ command: ['sh', '-c', `mkdir -p ${runs}; n=$(ls ${runs} | wc -l); touch ${runs}/$n; [ "$n" = 0 ] && sleep 30; echo '{"ops_sec": 7}'`], samples: 1, __NAME__: 'flaky' })}`;
    const p = runPerf(['--hosts', hostArg('h1', h1), '--known-hosts', knownHosts, '--ssh-key', h1.clientKey, '--retry-tests', '2', '--output', 'out', '--', flaky, ops({ samples: 1 })], cwd);
    while (!existsSync(join(runs, '0'))) await new Promise((res) => setTimeout(res, 50));
    h1.dropConnections();
    const r = await p;
    expect(r.code).toBe(0);
    const exception = readFileSync(join(cwd, 'out/Localhost/flaky/0/__error0__/exception'), 'utf8');
    expect(exception).toContain('test flaky@Localhost attempt 0 execution failure: connection to host h1 was lost while running: sh -c');
    expect(readdirSync(join(cwd, 'out/Localhost/flaky')).sort()).toEqual(['0', '0000']);
    expect(readdirSync(join(cwd, 'out/Localhost/command')).sort()).toEqual(['0000']);
    expect(readFileSync(join(cwd, 'out/__sessions__/h1'), 'utf8')).toContain('#   -> connection to host h1 was lost');
    expect(readResultTree('out', cwd).checks.filter((c) => c.id.endsWith('ops_sec.mean')).map((c) => c.value).sort()).toEqual([100, 7]);
  });

  it('keeps going when a host vanishes mid-run: later attempts fail as errors, the run ends (exit 4) without hanging', async () => {
    const h3 = await startSshd({ address: '127.0.0.4' });
    try {
      const cwd = tmp();
      const started = join(cwd, 'started');
      const slow = `command:${JSON.stringify({ command: ['sh', '-c', `touch ${started}; sleep 30; echo '{"ops_sec": 1}'`], samples: 1, __NAME__: 'slow' })}`;
      const p = runPerf(['--hosts', hostArg('h3', h3), '--known-hosts', h3.knownHosts, '--ssh-key', h3.clientKey, '--retry-tests', '2', '--output', 'out', '--', slow, ops({ samples: 1 })], cwd);
      while (!existsSync(started)) await new Promise((res) => setTimeout(res, 50));
      await h3.stop();
      const r = await p;
      expect(r.code).toBe(4);
      expect(readdirSync(join(cwd, 'out/Localhost/slow')).sort()).toEqual(['0', '1']);
      expect(readdirSync(join(cwd, 'out/Localhost/command')).sort()).toEqual(['0', '1']);
      expect(readFileSync(join(cwd, 'out/Localhost/slow/0/__error0__/exception'), 'utf8')).toContain('connection to host h3 was lost');
      expect(readFileSync(join(cwd, 'out/Localhost/command/1/__error0__/exception'), 'utf8')).toContain(`cannot connect to host h3 (perfci@127.0.0.4:${h3.port}): connection refused`);
      expect(statSync(join(cwd, 'out/RUNPERF_METADATA')).isFile()).toBe(true);
      expect(readResultTree('out', cwd).incomplete).toBe(false);
    } finally {
      await disposeSshd(h3);
    }
  });

  it('stops on SIGINT: the remote command is killed and the folder is kept, marked incomplete (exit 130)', async () => {
    const cwd = tmp();
    const started = join(cwd, 'started');
    const tag = `0.000${Date.now() % 1e9}`;
    const long = `command:${JSON.stringify({ command: ['sh', '-c', `touch ${started}; sleep 900 ${tag}; echo '{"ops_sec": 1}'`], samples: 1 })}`;
    const ac = new AbortController();
    const io = { ...memoryIo(['--hosts', hostArg('h1', h1), '--known-hosts', knownHosts, '--ssh-key', h1.clientKey, '--output', 'out', '--', long], cwd, { HOME: home, USER: 'nobody' }), signal: ac.signal };
    const p = runCommand('run-perf', runPerfCommand, io);
    while (!existsSync(started)) await new Promise((res) => setTimeout(res, 50));
    ac.abort(new Error('SIGINT'));
    expect(await p).toBe(130);
    const left = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(tag) && !l.startsWith('ps '));
    expect(left()).toEqual([]);
    expect(readResultTree('out', cwd).incomplete).toBe(true);
  });
});
