// SSH connection set-up against real sshd: host keys (unknown, accepted, hashed, changed, skipped), auth failures, refused ports, passwords, jump hosts.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PerfgateError } from '../../src/errors.js';
import { DEFAULT_SECURITY, SshTransport } from '../../src/runner/targets/ssh/index.js';
import type { SshEndpoint, SshSecurity } from '../../src/runner/targets/ssh/index.js';
import { disposeSshd, freePort, startSshd, TEST_PASSWORD } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

let a: Sshd; // key + password auth
let b: Sshd; // reached through a as a jump host
const tmp = mkdtempSync(join(tmpdir(), 'perfgate-ssha-'));
const opened: SshTransport[] = [];

const endpoint = (s: Sshd, extra: Partial<SshEndpoint> = {}): SshEndpoint => ({ name: 'lab1', host: s.address, port: s.port, user: s.user, keyFile: s.clientKey, ...extra });
const security = (knownHosts: string, extra: Partial<SshSecurity> = {}): SshSecurity => ({ ...DEFAULT_SECURITY, knownHostsFiles: [knownHosts], knownHostsWrite: knownHosts, defaultKeyFiles: [], connectAttempts: 1, ...extra });
const open = (e: SshEndpoint, sec: SshSecurity) => {
  const t = new SshTransport(e, sec);
  opened.push(t);
  return t;
};
const failure = async (t: SshTransport): Promise<PerfgateError> => {
  const e = await t.exec(['true']).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(PerfgateError);
  return e as PerfgateError;
};

beforeAll(async () => {
  a = await startSshd({ address: '127.0.0.23', password: true });
  b = await startSshd({ address: '127.0.0.24' });
});

afterAll(async () => {
  await Promise.all(opened.map((t) => t.close()));
  await disposeSshd(a);
  await disposeSshd(b);
});

describe('host keys', () => {
  it('refuses an unknown host, naming it and the SHA256 fingerprint ssh-keygen shows', async () => {
    const empty = join(tmp, 'empty_known_hosts');
    writeFileSync(empty, '');
    const e = await failure(open(endpoint(a), security(empty)));
    expect(e.code).toBe('PERFGATE_SSH_HOST_KEY_UNKNOWN');
    expect(e.message).toBe(`host lab1 ([${a.address}]:${a.port}) is not in known_hosts (${empty}); it offered ED25519 key ${a.fingerprint}`);
    expect(e.hint).toContain('--accept-new-host-keys');
    expect(readFileSync(empty, 'utf8')).toBe('');
  });

  it('with --accept-new-host-keys records the key, which later connections then verify', async () => {
    const file = join(tmp, 'accept', 'known_hosts');
    const logs: string[] = [];
    const t = open(endpoint(a), security(file, { acceptNewHostKeys: true, onLog: (h, m) => logs.push(`${h}: ${m}`) }));
    expect((await t.exec(['echo', 'ok'])).stdout).toBe('ok\n');
    expect(readFileSync(file, 'utf8')).toBe(`[${a.address}]:${a.port} ${a.hostKeyLine}\n`);
    expect(logs.join('\n')).toContain(`lab1: accepted new host key ED25519 key ${a.fingerprint}`);
    expect(execFileSync('ssh-keygen', ['-F', `[${a.address}]:${a.port}`, '-f', file], { encoding: 'utf8' })).toContain(a.hostKeyLine);
    const again = open(endpoint(a), security(file));
    expect((await again.exec(['echo', 'again'])).stdout).toBe('again\n');
  });

  it('verifies against a known_hosts file hashed by ssh-keygen -H', async () => {
    const file = join(tmp, 'hashed_known_hosts');
    copyFileSync(a.knownHosts, file);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/);
    expect((await open(endpoint(a), security(file)).exec(['echo', 'hashed'])).stdout).toBe('hashed\n');
  });

  it('refuses a changed host key with both fingerprints, unless explicitly told to skip the check', async () => {
    const file = join(tmp, 'wrong_known_hosts');
    writeFileSync(file, `[${a.address}]:${a.port} ${b.hostKeyLine}\n`);
    const e = await failure(open(endpoint(a), security(file)));
    expect(e.code).toBe('PERFGATE_SSH_HOST_KEY_CHANGED');
    expect(e.message).toBe(`host key of lab1 ([${a.address}]:${a.port}) has CHANGED: it offered ED25519 key ${a.fingerprint}, but ${file}:1 has ${b.fingerprint}`);
    const logs: string[] = [];
    const skip = open(endpoint(a), security(file, { insecureSkipHostKeyCheck: true, onLog: (_h, m) => logs.push(m) }));
    expect((await skip.exec(['echo', 'unsafe'])).stdout).toBe('unsafe\n');
    expect(logs).toContain(`host key NOT verified (--insecure-skip-host-key-check): ED25519 key ${a.fingerprint}`);
  });
});

describe('authentication and reachability', () => {
  it('reports an authentication failure with the methods tried', async () => {
    const other = join(tmp, 'other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const e = await failure(open(endpoint(b, { keyFile: other }), security(b.knownHosts)));
    expect(e.code).toBe('PERFGATE_SSH_AUTH_FAILED');
    expect(e.message).toBe(`authentication failed for host lab1 (${b.user}@${b.address}:${b.port}); tried: key`);
    const none = await failure(open(endpoint(b, { keyFile: undefined }), security(b.knownHosts)));
    expect(none.code).toBe('PERFGATE_SSH_NO_AUTH');
    const wrongPw = await failure(open(endpoint(a, { keyFile: undefined, password: 'not-it' }), security(a.knownHosts)));
    expect(wrongPw.code).toBe('PERFGATE_SSH_AUTH_FAILED');
    expect(wrongPw.message).not.toContain('not-it');
  });

  it('logs in through a real ssh-agent holding the key', async () => {
    const sock = join(tmp, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
      execFileSync('ssh-add', ['-q', b.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const t = open(endpoint(b, { keyFile: undefined }), security(b.knownHosts, { agent: sock }));
      expect((await t.exec(['echo', 'via agent'])).stdout).toBe('via agent\n');
      await t.close();
    } finally {
      agent.kill();
    }
  });

  it('logs in with a password given explicitly', async () => {
    const t = open(endpoint(a, { keyFile: undefined, password: TEST_PASSWORD }), security(a.knownHosts));
    expect((await t.exec(['id', '-un'])).stdout).toBe(`${a.user}\n`);
  });

  it('reports a refused port clearly after retrying', async () => {
    const port = await freePort('127.0.0.25');
    const logs: string[] = [];
    const t = open({ name: 'gone', host: '127.0.0.25', port, user: 'x', keyFile: a.clientKey }, security(a.knownHosts, { connectAttempts: 2, onLog: (_h, m) => logs.push(m) }));
    const e = await failure(t);
    expect(e.code).toBe('PERFGATE_SSH_CONNECT_FAILED');
    expect(e.message).toBe(`cannot connect to host gone (x@127.0.0.25:${port}): connection refused`);
    expect(logs[0]).toMatch(/^connect attempt 2 of 2 after: cannot connect/);
  });

  it('reports a server that accepts TCP but drops every connection, and one that never speaks SSH', async () => {
    const dropper = createServer((sock) => sock.destroy());
    const silent = createServer(() => undefined);
    const held: Socket[] = [];
    silent.on('connection', (sock) => held.push(sock));
    await new Promise<void>((r) => dropper.listen(0, '127.0.0.25', r));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.25', r));
    try {
      const port = (srv: typeof dropper) => (srv.address() as { port: number }).port;
      const dropped = await failure(open({ name: 'flaky', host: '127.0.0.25', port: port(dropper), user: 'x', keyFile: a.clientKey }, security(a.knownHosts)));
      expect(dropped.code).toBe('PERFGATE_SSH_CONNECT_FAILED');
      expect(dropped.message).toMatch(/^cannot connect to host flaky \(x@127\.0\.0\.25:\d+\): /);
      const mute = await failure(open({ name: 'mute', host: '127.0.0.25', port: port(silent), user: 'x', keyFile: a.clientKey }, security(a.knownHosts, { readyTimeoutMs: 500 })));
      expect(mute.message).toMatch(/^cannot connect to host mute \(x@127\.0\.0\.25:\d+\): no SSH handshake within 500 ms$/);
    } finally {
      held.forEach((sock) => sock.destroy());
      dropper.close();
      silent.close();
    }
  });

  it('reaches a host through a jump host (ProxyJump), verifying both keys', async () => {
    const both = join(tmp, 'both_known_hosts');
    writeFileSync(both, readFileSync(a.knownHosts, 'utf8') + readFileSync(b.knownHosts, 'utf8'));
    const jump = endpoint(a, { name: 'bastion' });
    const t = open({ ...endpoint(b), jump }, security(both));
    const r = await t.exec(['sh', '-c', 'echo "$SSH_CONNECTION"']);
    expect(r.stdout.split(' ')[2]).toBe(b.address);
    expect(b.log()).toContain('Accepted publickey');
    const noJumpKey = join(tmp, 'only_b');
    copyFileSync(b.knownHosts, noJumpKey);
    const e = await failure(open({ ...endpoint(b), jump }, security(noJumpKey)));
    expect(e.code).toBe('PERFGATE_SSH_HOST_KEY_UNKNOWN');
    expect(e.message).toContain('host bastion');
  });
});
