// SshTransport against a real private sshd: argv intact, streaming, exit codes, remote kill on timeout/abort, SFTP, reuse, reconnect.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PerfgateError } from '../../src/errors.js';
import { ExecError } from '../../src/runner/targets/exec-error.js';
import { DEFAULT_SECURITY, SshTransport } from '../../src/runner/targets/ssh/index.js';
import type { SshSecurity } from '../../src/runner/targets/ssh/index.js';
import { disposeSshd, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

let s: Sshd;
let t: SshTransport;
const tmp = mkdtempSync(join(tmpdir(), 'perfgate-ssht-'));

const security = (sshd: Sshd): SshSecurity => ({ ...DEFAULT_SECURITY, knownHostsFiles: [sshd.knownHosts], knownHostsWrite: sshd.knownHosts, defaultKeyFiles: [] });
const transport = (sshd: Sshd) => new SshTransport({ name: 'h1', host: sshd.address, port: sshd.port, user: sshd.user, keyFile: sshd.clientKey }, security(sshd));

/** pids (as text) of processes whose command line contains `tag`. */
const pgrep = (tag: string): string[] => {
  try {
    return execFileSync('pgrep', ['-f', tag], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** Wait (polling, up to 10 s) until no process matches `tag`; returns what is still running. */
async function goneWithin(tag: string): Promise<string[]> {
  for (let i = 0; i < 200 && pgrep(tag).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return pgrep(tag);
}

/** A remote sleeper with a unique tag in its argv (GNU sleep adds its arguments up). */
const tagged = () => `0.000${randomInt(1e9)}`;

beforeAll(async () => {
  s = await startSshd({ address: '127.0.0.21' });
  t = transport(s);
});

afterAll(async () => {
  await t?.close();
  await disposeSshd(s);
});

describe('SshTransport exec', () => {
  it('delivers argv full of shell metacharacters intact and runs nothing else', async () => {
    const mark = join(tmp, 'pwned');
    const nasty = [`$(touch ${mark})`, `\`touch ${mark}\``, `; touch ${mark}`, `| touch ${mark}`, `&& touch ${mark} #`, `'`, `"`, '\\', 'a\nb', '*', '~', '$HOME', '!', '', '  two  spaces ', 'é€ ✓', '%s'];
    const r = await t.exec(['printf', '%s\\0', ...nasty], { env: { WEIRD: `$(touch ${mark})'"` } });
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(nasty);
    const env = await t.exec(['sh', '-c', 'printf %s "$WEIRD"'], { env: { WEIRD: `$(touch ${mark})'"` }, cwd: '/tmp' });
    expect(env.stdout).toBe(`$(touch ${mark})'"`);
    expect(existsSync(mark)).toBe(false);
    expect(r.command.startsWith(`printf '%s\\0' '$(touch ${mark})' '\`touch`)).toBe(true);
  });

  it('streams stdout and stderr as they come, and reports exit codes', async () => {
    const chunks: string[] = [];
    let firstBeforeEnd = false;
    let ended = false;
    const p = t.exec(['sh', '-c', 'for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.3; done; exit 3'], {
      reject: false,
      onStdout: (c) => (chunks.push(c), (firstBeforeEnd ||= !ended)),
    });
    const r = await p.finally(() => (ended = true));
    expect(firstBeforeEnd).toBe(true);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toBe('out1\nout2\nout3\n');
    expect(r.stderr).toBe('err1\nerr2\nerr3\n');
    expect(r).toMatchObject({ exitCode: 3, failed: true, timedOut: false });
    const e = await t.exec(['sh', '-c', 'echo bad >&2; exit 5']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExecError);
    expect((e as ExecError).message).toBe("command failed: sh -c 'echo bad >&2; exit 5' exited with code 5: bad");
    expect((await t.exec(['cat'], { input: 'fed via stdin\n' })).stdout).toBe('fed via stdin\n');
    expect((await t.exec(['no-such-binary-here'], { reject: false })).exitCode).toBe(127);
  });

  it('kills the remote process group when a command hangs past its timeout', async () => {
    const tag = tagged();
    const e = await t.exec(['sh', '-c', `sleep 900 ${tag} & sleep 901 ${tag}; echo never`], { timeoutMs: 1000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExecError);
    expect((e as ExecError).result).toMatchObject({ timedOut: true, signal: 'SIGTERM' });
    expect((e as ExecError).message).toContain('timed out after 1000 ms');
    expect(await goneWithin(tag)).toEqual([]);
  });

  it('escalates to SIGKILL when the command ignores SIGTERM', async () => {
    const tag = tagged();
    const r = await t.exec(['sh', '-c', `trap '' TERM; sleep 900 ${tag}`], { timeoutMs: 500, reject: false });
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL', failed: true });
    expect(await goneWithin(tag)).toEqual([]);
  });

  it('kills the remote process on abort and rejects with the reason', async () => {
    const tag = tagged();
    const ac = new AbortController();
    const p = t.exec(['sh', '-c', `echo started; sleep 900 ${tag}`], { signal: ac.signal, onStdout: () => ac.abort(new Error('stop now')) });
    await expect(p).rejects.toThrow('stop now');
    expect(await goneWithin(tag)).toEqual([]);
  });
});

describe('SshTransport files and connection', () => {
  it('uploads and downloads files over SFTP, creating folders', async () => {
    const src = join(tmp, 'payload.bin');
    const data = randomBytes(1024 * 1024 + 7);
    writeFileSync(src, data, { mode: 0o750 });
    const remote = `/tmp/perfgate-sftp-${randomInt(1e9)}/a/b/payload.bin`;
    await t.copyTo(src, remote);
    const ls = await t.exec(['stat', '-c', '%s %a', remote]);
    expect(ls.stdout.trim()).toBe(`${data.length} 750`);
    const back = join(tmp, 'down', 'x', 'payload.bin');
    await t.copyFrom(remote, back);
    expect(readFileSync(back).equals(data)).toBe(true);
    await t.exec(['rm', '-rf', remote.split('/a/')[0] as string]);
    const missing = await t.copyFrom('/nonexistent/perfgate/file', join(tmp, 'nope')).catch((x: unknown) => x);
    expect((missing as PerfgateError).code).toBe('PERFGATE_SSH_COPY_FAILED');
  });

  it('reuses one connection for many commands, also beyond sshd MaxSessions at once', async () => {
    const before = t.connection.connects;
    const rs = await Promise.all(Array.from({ length: 25 }, (_, i) => t.exec(['sh', '-c', `sleep 0.2; echo ${i}`])));
    expect(rs.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
    expect(t.connection.connects).toBe(before);
    expect(before).toBe(1);
  });

  it('gives up waiting for a channel slot when aborted, and the slots stay usable', async () => {
    const ac = new AbortController();
    const busy = Array.from({ length: 8 }, () => t.exec(['sleep', '0.5']));
    const waiting = t.exec(['echo', 'never'], { signal: ac.signal });
    ac.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    await Promise.all(busy);
    expect((await Promise.all(Array.from({ length: 9 }, (_, i) => t.exec(['echo', String(i)])))).map((r) => r.stdout)).toEqual(Array.from({ length: 9 }, (_, i) => `${i}\n`));
  });

  it('reconnects when the connection dropped between commands', async () => {
    expect((await t.exec(['echo', 'a'])).stdout).toBe('a\n');
    const n = t.connection.connects;
    s.dropConnections();
    for (let i = 0; i < 100 && t.connection.connected; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await t.exec(['echo', 'b'])).stdout).toBe('b\n');
    expect(t.connection.connects).toBe(n + 1);
  });

  it('fails a command cut off by a dropped connection, then kills its orphan after reconnecting', async () => {
    const tag = tagged();
    const p = t.exec(['sh', '-c', `echo started; sleep 900 ${tag}`], { onStdout: () => s.dropConnections() });
    const e = await p.catch((x: unknown) => x);
    expect((e as PerfgateError).code).toBe('PERFGATE_SSH_CONNECTION_LOST');
    expect((e as PerfgateError).message).toContain('was lost while running: sh -c');
    expect((await t.exec(['echo', 'next'])).stdout).toBe('next\n');
    expect(await goneWithin(tag)).toEqual([]);
  });

  it('notices a peer that silently stops answering through keep-alives, then reconnects', async () => {
    const quick = new SshTransport({ name: 'h1', host: s.address, port: s.port, user: s.user, keyFile: s.clientKey }, { ...security(s), keepaliveIntervalMs: 200, keepaliveCountMax: 2 });
    const tag = tagged();
    try {
      const p = quick.exec(['sh', '-c', `echo started; sleep 900 ${tag}`], { onStdout: () => s.freezeConnections(true) });
      const e = await p.catch((x: unknown) => x);
      expect((e as PerfgateError).code).toBe('PERFGATE_SSH_CONNECTION_LOST');
      s.freezeConnections(false);
      expect((await quick.exec(['echo', 'back'])).stdout).toBe('back\n');
      expect(quick.connection.connects).toBe(2);
      expect(await goneWithin(tag)).toEqual([]);
    } finally {
      s.freezeConnections(false);
      await quick.close();
    }
  });
});
