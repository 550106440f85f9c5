// Parses `--hosts` entries (`name:addr`, `name:user@addr[:port]`, `addr`, configured names) and creates their local or SSH targets.
import { isIP } from 'node:net';
import { ConfigError, EnvironmentError, UsageError } from '../errors.js';
import type { SshHostWritten } from '../config/types.js';
import { localTarget } from './targets/local.js';
import { sshTarget, SshTransport } from './targets/ssh/index.js';
import type { SshEndpoint, SshSecurity } from './targets/ssh/index.js';
import type { Target } from './targets/types.js';

export interface HostSpec {
  name: string;
  address: string;
  /** Present for SSH hosts: from `user@` in --hosts, a host object in the config, or a remote address. */
  ssh?: {
    user?: string;
    port?: number;
    keyFile?: string;
    passwordEnv?: string;
    /** Jump host: a configured host's name or `user@addr[:port]`. */
    jump?: string;
    knownHosts?: string;
  };
  labels?: Readonly<Record<string, string>>;
}

const isIp = (a: string) => /^\d+\.\d+\.\d+\.\d+$/.test(a) || a.includes(':');

/** Split `user@addr[:port]` / `addr[:port]` / `[v6]:port`; port only when `withPort`. */
function splitLogin(text: string, word: string): { user?: string; address: string; port?: number } {
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  let rest = at >= 0 ? text.slice(at + 1) : text;
  let port: number | undefined;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? (rest.split(':').length === 2 ? /^([^:]+):(\d+)$/.exec(rest) : null);
  if (m) {
    rest = m[1] ?? rest;
    port = m[2] === undefined ? undefined : Number(m[2]);
  }
  if (user === '' || rest === '' || (port !== undefined && !(port >= 1 && port <= 65535))) throw new UsageError(`--hosts '${word}' is not [name:][user@]address[:port]`, 'e.g. --hosts host1:perf@10.0.0.5:22 host2:perf@10.0.0.6');
  return { user, address: rest, port };
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;
const HOST_FORMS = 'write NAME:USER@ADDR[:PORT], NAME:ADDR or ADDR, e.g. --hosts lab1:perf@10.0.0.5:22 localhost:127.0.0.1';

/** Refuse what no machine can be called: a name unfit for a folder, an address neither IP nor host name, a user with spaces or colons. */
function checkHostParts(word: string, name: string | undefined, login: { user?: string; address: string }): void {
  const bad = (what: string) => new UsageError(`--hosts '${word}': ${what}`, HOST_FORMS, 'PERFGATE_USAGE_HOSTS');
  if (name !== undefined && (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..')) throw bad(`host name '${name}' may hold only letters, digits, '.', '_' and '-'`);
  if (isIP(login.address) === 0 && !HOSTNAME.test(login.address)) throw bad(`'${login.address}' is neither an IP address nor a host name`);
  if (login.user !== undefined && /[\s:/]/.test(login.user)) throw bad(`user '${login.user}' may not hold spaces, ':' or '/'`);
}

/**
 * `host1:192.168.1.5` → {host1, 192.168.1.5}; `box.example.com` → {box, box.example.com} (run-perf's rule);
 * `host1:perf@10.0.0.5:2222` and `perf@10.0.0.5` → SSH hosts (name = the address for IPs).
 */
export function parseHostSpec(word: string): HostSpec {
  if (word === '') throw new UsageError('empty --hosts entry', 'write name:address, name:user@address[:port] or address');
  const at = word.indexOf('@');
  const colon = word.indexOf(':');
  const hasName = colon > 0 && (at < 0 || colon < at) && !word.startsWith('[') && !(at < 0 && word.includes('::'));
  const name = hasName ? word.slice(0, colon) : undefined;
  const login = splitLogin(hasName ? word.slice(colon + 1) : word, word);
  checkHostParts(word, name, login);
  const derived = isIp(login.address) ? login.address : (login.address.split('.')[0] ?? login.address);
  const spec: HostSpec = { name: name ?? derived, address: login.address };
  if (login.user !== undefined || login.port !== undefined) spec.ssh = { user: login.user, port: login.port };
  return spec;
}

/** A config file's host object as a HostSpec. */
export function hostFromConfig(h: SshHostWritten): HostSpec {
  return { name: h.name, address: h.address, ssh: { user: h.user, port: h.port, keyFile: h.key, passwordEnv: h.passwordEnv, jump: h.jump, knownHosts: h.knownHosts }, labels: h.labels };
}

/** Resolve --hosts words or config entries; a bare word naming a configured host (config hosts or ssh.hosts) picks that host. */
export function resolveHosts(entries: readonly (string | SshHostWritten)[], configured: readonly SshHostWritten[] = []): HostSpec[] {
  return entries.map((e) => {
    if (typeof e !== 'string') return hostFromConfig(e);
    const named = configured.find((c) => c.name === e);
    return named ? hostFromConfig(named) : parseHostSpec(e);
  });
}

export const isLocalAddress = (address: string): boolean => /^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(address);

/** Whether a host is driven over SSH: it has SSH settings (user@, a port, a config object) or a non-local address. */
export const isSshHost = (h: HostSpec): boolean => h.ssh !== undefined || !isLocalAddress(h.address);

/** How SSH hosts log in; the CLI builds it (it alone reads the environment). */
export interface SshRunOptions {
  security: SshSecurity;
  /** Login when a host names none (config ssh.user, else the current user). */
  defaultUser: string;
  /** --ssh-key / ssh.key: used for hosts without their own key. */
  defaultKeyFile?: string;
  /** --ssh-password-env / ssh.passwordEnv: the variable holding the password for hosts without their own. */
  defaultPasswordEnv?: string;
  /** Reads a password from the named environment variable (undefined when unset). */
  readPassword: (variable: string) => string | undefined;
  /** Configured hosts jump hosts may name. */
  configured: readonly SshHostWritten[];
}

function endpointFor(h: HostSpec, o: SshRunOptions, seen: readonly string[] = []): SshEndpoint {
  const s = h.ssh ?? {};
  const passwordEnv = s.passwordEnv ?? o.defaultPasswordEnv;
  let password: string | undefined;
  if (passwordEnv !== undefined) {
    password = o.readPassword(passwordEnv);
    if (password === undefined) throw new UsageError(`the SSH password variable ${passwordEnv} (for host ${h.name}) is not set`, `export ${passwordEnv}=... before running, or use a key`);
  }
  let jump: SshEndpoint | undefined;
  if (s.jump !== undefined) {
    const path = [...seen, h.name];
    if (path.includes(s.jump)) throw new ConfigError(`jump hosts form a loop: ${[...path, s.jump].join(' -> ')}`, [], 'fix the "jump" entries in the config');
    const named = o.configured.find((c) => c.name === s.jump);
    const spec = named ? hostFromConfig(named) : parseHostSpec(s.jump);
    jump = endpointFor(spec, o, path);
  }
  return { name: h.name, host: h.address, port: s.port ?? 22, user: s.user ?? o.defaultUser, keyFile: s.keyFile ?? o.defaultKeyFile, password, jump, knownHosts: s.knownHosts };
}

/** Targets for the hosts: local transport for local addresses, SSH for the rest (needs `ssh`). */
export function createTargets(hosts: readonly HostSpec[], ssh?: SshRunOptions): Target[] {
  return hosts.map((h) => {
    if (!isSshHost(h)) return localTarget(h.name, h.address);
    if (!ssh) {
      throw new EnvironmentError(`host ${h.name} (${h.address}) is remote, but no SSH settings were given`, { code: 'PERFGATE_HOST_REMOTE_UNSUPPORTED', hint: 'run through the run-perf CLI, or pass SSH options to createTargets' });
    }
    return sshTarget(endpointFor(h, ssh), ssh.security, { ...(h.labels ?? {}) });
  });
}

/** Connect every SSH target at once (fail early, before anything runs); on failure close them all and throw. */
export async function connectTargets(targets: readonly Target[], signal?: AbortSignal): Promise<void> {
  const results = await Promise.allSettled(targets.map((t) => (t.transport instanceof SshTransport ? t.transport.connect(signal) : Promise.resolve())));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failed.length === 0) return;
  await Promise.all(targets.map((t) => t.transport.close()));
  const first = failed[0] as Error & { code?: string; hint?: string };
  if (failed.length === 1) throw first;
  throw new EnvironmentError(`${failed.length} of ${targets.length} hosts cannot be reached: ${failed.map((e) => e.message).join('; ')}`, { code: first.code ?? 'PERFGATE_SSH_CONNECT_FAILED', hint: first.hint, cause: first });
}
