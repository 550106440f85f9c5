// One reusable ssh2 connection per host: host-key check, key/agent/password auth, keep-alives, jump hosts, channel limit, reconnect.
import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AuthenticationType, ClientChannel, ConnectConfig } from 'ssh2';
import type { PerfgateError } from '../../../errors.js';
import { EnvironmentError } from '../../../errors.js';
import { hostKeyCheck } from './host-key-check.js';
import { fingerprint } from './host-keys.js';
import { withRetries } from './reconnect.js';
import type { SshEndpoint, SshSecurity } from './types.js';
import { describeEndpoint } from './types.js';

type Client = ssh2.Client;

/** How a remote command ended: an exit code, or the signal that killed it (`SIGTERM`). */
export interface ExitStatus {
  code?: number;
  signal?: string;
}

export interface OpenedExec {
  channel: ClientChannel;
  exit: ExitStatus;
}
type AuthMethod = { type: AuthenticationType; username: string; [k: string]: unknown };

/** sshd allows 10 sessions per connection (MaxSessions); keep two free for kills and SFTP. */
export const MAX_CHANNELS = 8;

/** Host-key algorithms ssh2 offers, strongest first; the types known_hosts has for a host go first. */
const HOST_KEY_ALGOS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

function algorithmsFor(types: readonly string[]): string[] {
  const preferred = types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t])).filter((t) => HOST_KEY_ALGOS.includes(t));
  return [...new Set([...preferred, ...HOST_KEY_ALGOS])];
}

function connectFailed(e: SshEndpoint, why: string, cause?: unknown): EnvironmentError {
  return new EnvironmentError(`cannot connect to host ${e.name} (${describeEndpoint(e)}): ${why}`, {
    code: 'PERFGATE_SSH_CONNECT_FAILED',
    hint: `check that sshd runs there and listens on port ${e.port} (try: ssh -p ${e.port} ${e.user}@${e.host} true)`,
    cause,
  });
}

export class SshConnection {
  readonly endpoint: SshEndpoint;
  readonly security: SshSecurity;
  /** How many times a connection was established (1 when it was reused throughout). */
  connects = 0;
  /** `SHA256:…` of the host key seen at the last connect. */
  hostKeyFingerprint: string | undefined;
  private client: Client | undefined;
  private pending: Promise<Client> | undefined;
  private jump: SshConnection | undefined;
  private closed = false;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  /** Commands to run as soon as the host is reachable again (kills of commands orphaned by a dropped connection). */
  private readonly afterReconnect: string[] = [];

  constructor(endpoint: SshEndpoint, security: SshSecurity) {
    this.endpoint = endpoint;
    this.security = security;
  }

  private log(message: string): void {
    this.security.onLog?.(this.endpoint.name, message);
  }

  /** The ready client, connecting (with retries for transient failures) when there is none. */
  ready(signal?: AbortSignal): Promise<Client> {
    if (this.closed) return Promise.reject(new EnvironmentError(`connection to ${this.endpoint.name} was closed`, { code: 'PERFGATE_SSH_CLOSED' }));
    if (this.client) return Promise.resolve(this.client);
    this.pending ??= withRetries(() => this.connectOnce(), this.security.connectAttempts, signal, (e, n) =>
      this.log(`connect attempt ${n + 1} of ${this.security.connectAttempts} after: ${(e as Error).message}`),
    ).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** True while a connection is up. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  private authMethods(): AuthMethod[] {
    const e = this.endpoint;
    const username = e.user;
    const methods: AuthMethod[] = [];
    const keyMethod = (file: string, explicit: boolean): AuthMethod | undefined => {
      let key: Buffer;
      try {
        key = readFileSync(file);
      } catch (err) {
        if (!explicit) return undefined;
        throw new EnvironmentError(`cannot read SSH key ${file} for host ${e.name}: ${(err as Error).message}`, { code: 'PERFGATE_SSH_KEY_UNREADABLE', hint: 'give a readable private key file (--ssh-key FILE or "key" in the host config)' });
      }
      const parsed = ssh2.utils.parseKey(key);
      if (parsed instanceof Error) {
        if (!explicit) return undefined;
        throw new EnvironmentError(`cannot use SSH key ${file} for host ${e.name}: ${parsed.message}`, { code: 'PERFGATE_SSH_KEY_UNUSABLE', hint: 'keys with a passphrase must be loaded into ssh-agent (ssh-add FILE)' });
      }
      return { type: 'publickey', username, key };
    };
    if (e.keyFile) methods.push(keyMethod(e.keyFile, true) as AuthMethod);
    if (this.security.agent) methods.push({ type: 'agent', username, agent: this.security.agent });
    if (!e.keyFile) for (const f of this.security.defaultKeyFiles) {
      const m = keyMethod(f, false);
      if (m) methods.push(m);
    }
    if (e.password !== undefined) methods.push({ type: 'password', username, password: e.password });
    if (methods.length === 0) {
      throw new EnvironmentError(`no way to log in to host ${e.name} (${describeEndpoint(e)}): no key, agent or password`, { code: 'PERFGATE_SSH_NO_AUTH', hint: 'pass --ssh-key FILE, start ssh-agent, or give a password with --ssh-password-env VAR' });
    }
    return methods;
  }

  private describeMethods(methods: readonly AuthMethod[]): string {
    return methods.map((m) => (m.type === 'publickey' ? 'key' : m.type)).join(', ');
  }

  private async openJumpSocket(): Promise<Duplex | undefined> {
    const j = this.endpoint.jump;
    if (!j) return undefined;
    this.jump ??= new SshConnection(j, this.security);
    const client = await this.jump.ready();
    return new Promise((resolve, reject) =>
      client.forwardOut('127.0.0.1', 0, this.endpoint.host, this.endpoint.port, (err, stream) =>
        err ? reject(connectFailed(this.endpoint, `jump host ${j.name} cannot reach ${this.endpoint.host}:${this.endpoint.port}: ${err.message}`, err)) : resolve(stream),
      ),
    );
  }

  private connectOnce(): Promise<Client> {
    const e = this.endpoint;
    const methods = this.authMethods();
    const check = hostKeyCheck(e, this.security, (m) => this.log(m));
    const config: ConnectConfig = {
      host: e.host,
      port: e.port,
      username: e.user,
      readyTimeout: this.security.readyTimeoutMs,
      keepaliveInterval: this.security.keepaliveIntervalMs,
      keepaliveCountMax: this.security.keepaliveCountMax,
      hostVerifier: (key: Buffer) => {
        this.hostKeyFingerprint = fingerprint(key);
        return check.verify(key);
      },
      authHandler: methods as never,
      algorithms: { serverHostKey: algorithmsFor(check.knownTypes()) as never },
    };
    return this.openJumpSocket().then(
      (sock) =>
        new Promise<Client>((resolve, reject) => {
          const c = new ssh2.Client();
          let settled = false;
          const fail = (err: PerfgateError) => {
            if (settled) return;
            settled = true;
            c.end();
            reject(err);
          };
          c.on('ready', () => {
            settled = true;
            this.connects++;
            if (this.closed) return (c.end(), reject(new EnvironmentError(`connection to ${e.name} was closed`, { code: 'PERFGATE_SSH_CLOSED' })));
            this.client = c;
            if (this.connects > 1) this.log(`reconnected (connection ${this.connects})`);
            c.setNoDelay(true);
            this.flushAfterReconnect(c);
            resolve(c);
          });
          c.on('error', (err: Error & { level?: string; code?: string }) => {
            if (settled) return this.log(`connection error: ${err.message}`);
            if (check.failure) return fail(check.failure);
            if (err.level === 'client-authentication') {
              return fail(new EnvironmentError(`authentication failed for host ${e.name} (${describeEndpoint(e)}); tried: ${this.describeMethods(methods)}`, { code: 'PERFGATE_SSH_AUTH_FAILED', hint: `check the user name and that the public key is in ${e.user}'s ~/.ssh/authorized_keys there (or pass --ssh-key FILE)` }));
            }
            if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return fail(new EnvironmentError(`host ${e.name}: cannot resolve ${e.host}`, { code: 'PERFGATE_SSH_HOST_NOT_FOUND', hint: 'check the address in --hosts or the config file' }));
            const why = err.code === 'ECONNREFUSED' ? 'connection refused' : err.level === 'client-timeout' ? `no SSH handshake within ${this.security.readyTimeoutMs} ms` : err.message;
            fail(connectFailed(e, why, err));
          });
          const gone = () => {
            if (!settled) return fail(connectFailed(e, 'the server closed the connection during the handshake'));
            if (this.client === c) {
              this.client = undefined;
              if (!this.closed) this.log('connection dropped; the next command reconnects');
            }
          };
          c.on('end', gone);
          c.on('close', gone);
          try {
            c.connect({ ...config, ...(sock ? { sock } : {}) });
          } catch (err) {
            fail(connectFailed(e, (err as Error).message, err));
          }
        }),
    );
  }

  /** Wait for a free channel slot (sshd's MaxSessions), then hold it until release(). */
  async acquire(signal?: AbortSignal): Promise<void> {
    while (this.active >= MAX_CHANNELS) {
      if (signal?.aborted) throw signal.reason;
      await new Promise<void>((r) => {
        const wake = () => {
          signal?.removeEventListener('abort', wake);
          const i = this.waiters.indexOf(wake);
          if (i >= 0) this.waiters.splice(i, 1);
          r();
        };
        this.waiters.push(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
    if (signal?.aborted) {
      if (this.active < MAX_CHANNELS) this.waiters.shift()?.(); // pass on a slot we may have been woken for
      throw signal.reason;
    }
    this.active++;
  }

  release(): void {
    this.active--;
    this.waiters.shift()?.();
  }

  /** Open an exec channel on the current connection (the caller holds a slot, or is a short kill). */
  openExec(client: Client, command: string): Promise<OpenedExec> {
    return new Promise((resolve, reject) =>
      client.exec(command, (err, channel) => {
        if (!err) {
          // listen at once: a fast command's exit status can arrive in the same packet as the open confirmation
          const exit: ExitStatus = {};
          channel.on('exit', (code: number | null, signal?: string) => (typeof code === 'number' ? (exit.code = code) : (exit.signal = signal)));
          return resolve({ channel, exit });
        }
        const lost = this.client !== client || /no response|not connected/i.test(err.message);
        reject(
          lost
            ? new EnvironmentError(`connection to host ${this.endpoint.name} was lost before the command started`, { code: 'PERFGATE_SSH_CONNECTION_LOST', hint: 'the next command reconnects; check the host and the network', cause: err })
            : new EnvironmentError(`host ${this.endpoint.name} refused a new session: ${err.message}`, { code: 'PERFGATE_SSH_CHANNEL_FAILED', hint: "raise sshd's MaxSessions, or run fewer commands at once", cause: err }),
        );
      }),
    );
  }

  /** Drop a client found dead before its 'close' event, so the next ready() reconnects. */
  forget(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end();
  }

  /** Run a short command and ignore its outcome (kills); never waits more than `timeoutMs`. */
  async runQuiet(command: string, timeoutMs = 5000, client = this.client): Promise<boolean> {
    if (!client) return false;
    try {
      const { channel: ch } = await this.openExec(client, command);
      return await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => (ch.close(), resolve(false)), timeoutMs);
        ch.on('data', () => undefined);
        ch.stderr.on('data', () => undefined);
        ch.on('close', () => (clearTimeout(t), resolve(true)));
        ch.end();
      });
    } catch {
      return false;
    }
  }

  /** Run `command` once the host is reachable again (used to kill what a dropped connection left behind). */
  queueAfterReconnect(command: string): void {
    this.afterReconnect.push(command);
  }

  private flushAfterReconnect(client: Client): void {
    const commands = this.afterReconnect.splice(0);
    if (commands.length > 0 && this.client === client) void this.runQuiet(commands.join('; '));
  }

  /** End the connection (and the jump host's); safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const c = this.client ?? (await this.pending?.catch(() => undefined));
    this.client = undefined;
    if (c) {
      if (this.afterReconnect.length > 0) await this.runQuiet(this.afterReconnect.splice(0).join('; '), 5000, c);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        c.once('close', () => (clearTimeout(t), resolve()));
        c.end();
      });
    }
    await this.jump?.close();
  }
}
