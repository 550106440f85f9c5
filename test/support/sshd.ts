// Private OpenSSH servers for tests: own host keys, authorized_keys and sshd_config in a tmp dir, on 127.0.0.x; stops only its own processes.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
/** The test account: `/bin/sh` as shell (no heavy rc files), created when running as root. */
export const TEST_USER = 'perfci';
/** Password set on the test account for password-auth tests (the account only ever logs in to these loopback sshds). */
export const TEST_PASSWORD = 'pg-Test-pw-7c1e9a';

export interface SshdOptions {
  /** Loopback address to listen on (127.0.0.x). @default 127.0.0.1 */
  address?: string;
  /** Also accept password logins (TEST_PASSWORD; the account has it in any case). */
  password?: boolean;
  /** Extra sshd_config lines. */
  extraConfig?: string[];
}

export interface Sshd {
  address: string;
  port: number;
  user: string;
  dir: string;
  /** The client's private key file (ed25519, no passphrase). */
  clientKey: string;
  /** A known_hosts file holding this server's host key as `[addr]:port`. */
  knownHosts: string;
  /** The host key's public line (`ssh-ed25519 AAAA…`). */
  hostKeyLine: string;
  /** `SHA256:…` of the host key, as printed by `ssh-keygen -lf`. */
  fingerprint: string;
  pid(): number | undefined;
  log(): string;
  /** Start again on the same address, port and keys. */
  start(): Promise<void>;
  /** SIGTERM the listener and all its connection processes; wait until the port is closed. */
  stop(): Promise<void>;
  /** Kill the per-connection sshd processes (dropping every open connection), keeping the listener. */
  dropConnections(): void;
  /** SIGSTOP (true) or SIGCONT (false) the per-connection sshd processes: a peer that silently stops answering. */
  freezeConnections(frozen: boolean): void;
}

const run = (file: string, args: string[], input?: string) => execFileSync(file, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });

/** Run an account command, retrying while another test file holds the passwd/shadow lock (they start in parallel). */
function accountCommand(file: string, args: string[], input?: string): void {
  for (let n = 0; ; n++) {
    try {
      run(file, args, input);
      return;
    } catch (e) {
      const text = String((e as { stderr?: string }).stderr ?? e);
      if (/already exists/.test(text)) return;
      if (n >= 50 || !/lock|try again/i.test(text)) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

/** Make sure the test account exists (root only; otherwise use the current user). */
export function ensureTestUser(password = false): string {
  if (process.getuid?.() !== 0) return userInfo().username;
  try {
    run('id', ['-u', TEST_USER]);
  } catch {
    accountCommand('useradd', ['-m', '-s', '/bin/sh', TEST_USER]);
  }
  // a new account's '!' password means locked (sshd then refuses even keys); every test file sets the same
  // password, so files starting in parallel all converge on one state
  if (password || run('getent', ['shadow', TEST_USER]).split(':')[1]?.startsWith('!')) accountCommand('chpasswd', [], `${TEST_USER}:${TEST_PASSWORD}\n`);
  return TEST_USER;
}

/** A free TCP port on `address` (bound and released). */
export function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, address, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on address:port. */
export function portOpen(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ host: address, port });
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

async function waitPort(address: string, port: number, open: boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while ((await portOpen(address, port)) !== open) {
    if (Date.now() > end) throw new Error(`sshd on ${address}:${port} did not ${open ? 'open' : 'close'} its port`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Pids of every descendant of `pid` (from /proc). */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) {
      if (pp !== p) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

const kill = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    // gone
  }
};

/** Listener pids of this process's servers: SIGTERMed when the process exits, so none outlives its test file. */
const running = new Set<number>();
process.once('exit', () => running.forEach((pid) => kill(pid, 'SIGTERM')));

/** Start a private sshd. Needs /usr/sbin/sshd (openssh-server). */
export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  const address = opts.address ?? '127.0.0.1';
  const user = ensureTestUser(opts.password);
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-sshd-'));
  chmodSync(dir, 0o755);
  mkdirSync('/run/sshd', { recursive: true });
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'perfgate-test-host', '-f', join(dir, 'host_ed25519')]);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'perfgate-test-client', '-f', join(dir, 'client_ed25519')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')), { mode: 0o644 });
  chmodSync(join(dir, 'authorized_keys'), 0o644);
  chmodSync(join(dir, 'client_ed25519'), 0o600);
  const port = await freePort(address);
  const cfg = join(dir, 'sshd_config');
  writeFileSync(
    cfg,
    [
      `Port ${port}`,
      `ListenAddress ${address}`,
      `HostKey ${join(dir, 'host_ed25519')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      `PasswordAuthentication ${opts.password ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'UsePAM no',
      'StrictModes no',
      'UseDNS no',
      'MaxStartups 100',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      ...(opts.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  run(SSHD, ['-t', '-f', cfg]);
  const hostKeyLine = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[${address}]:${port} ${hostKeyLine}\n`);
  const fingerprint = run('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'host_ed25519.pub')]).split(' ')[1] ?? '';
  let child: ChildProcess | undefined;
  const logFile = join(dir, 'sshd.log');

  const sshd: Sshd = {
    address,
    port,
    user,
    dir,
    clientKey: join(dir, 'client_ed25519'),
    knownHosts,
    hostKeyLine,
    fingerprint,
    pid: () => child?.pid,
    log: () => readFileSync(logFile, 'utf8'),
    async start() {
      const err = openSync(logFile, 'a');
      child = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', err] });
      const pid = child.pid;
      if (pid !== undefined) {
        running.add(pid);
        child.once('exit', () => running.delete(pid));
      }
      await waitPort(address, port, true);
    },
    async stop() {
      const pid = child?.pid;
      if (pid === undefined || child?.exitCode !== null || child.signalCode !== null) return;
      const kids = descendants(pid);
      kill(pid, 'SIGTERM');
      for (const k of kids) kill(k, 'SIGKILL');
      await new Promise<void>((r) => (child?.exitCode !== null || child?.signalCode !== null ? r() : child.once('exit', () => r())));
      await waitPort(address, port, false);
    },
    dropConnections() {
      for (const k of connectionProcesses()) kill(k, 'SIGKILL');
    },
    freezeConnections(frozen) {
      for (const k of connectionProcesses()) kill(k, frozen ? 'SIGSTOP' : 'SIGCONT');
    },
  };
  /** The sshd processes serving connections (children of the listener named sshd; not the users' commands). */
  const connectionProcesses = (): number[] => {
    const pid = child?.pid;
    if (pid === undefined) return [];
    return descendants(pid).filter((k) => {
      try {
        return readFileSync(`/proc/${k}/comm`, 'utf8').trim() === 'sshd';
      } catch {
        return false;
      }
    });
  };
  await sshd.start();
  return sshd;
}

/** Stop the server and remove its folder. */
export async function disposeSshd(s: Sshd | undefined): Promise<void> {
  if (!s) return;
  await s.stop();
  rmSync(s.dir, { recursive: true, force: true });
}
