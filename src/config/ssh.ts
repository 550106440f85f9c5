// Validates the SSH parts of the config: host objects in "hosts", and the "ssh" section (known_hosts, keys, jump hosts, timeouts).
import type { SshHostWritten, SshSettings } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const HOST_KEYS = ['name', 'address', 'user', 'port', 'key', 'passwordEnv', 'jump', 'labels', 'knownHosts'];
const SSH_KEYS = ['knownHosts', 'acceptNewHostKeys', 'insecureSkipHostKeyCheck', 'key', 'user', 'passwordEnv', 'agent', 'keepaliveIntervalMs', 'connectTimeoutMs', 'connectAttempts', 'hosts'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const str = (v: unknown) => typeof v === 'string' && v !== '';
const port = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;

/** One host object (`{name, address, user, port, key, passwordEnv, jump, labels, knownHosts}`); paths made absolute. */
export function validateSshHost(v: unknown, at: string, issues: string[], abs: (p: string) => string): SshHostWritten | undefined {
  if (!isObject(v)) return void issues.push(`${at}: must be "name:[user@]address[:port]" or a host object {name, address, user, port, key, ...}`);
  const before = issues.length;
  for (const k of Object.keys(v)) if (!HOST_KEYS.includes(k) && k !== 'password') issues.push(`${at}.${k}: unknown key (known: ${HOST_KEYS.join(', ')})`);
  if (!str(v['name']) || /[:@/\s]/.test(String(v['name']))) issues.push(`${at}.name: must be a non-empty name without ':', '@', '/' or spaces`);
  if (!str(v['address'])) issues.push(`${at}.address: must be a host name or IP address`);
  for (const k of ['user', 'key', 'jump', 'knownHosts'] as const) if (v[k] !== undefined && !str(v[k])) issues.push(`${at}.${k}: must be a non-empty string`);
  if (v['port'] !== undefined && !port(v['port'])) issues.push(`${at}.port: must be an integer 1-65535`);
  if ('password' in v) issues.push(`${at}.password: passwords are never read from files; use passwordEnv: "VAR" (or --ssh-password-env)`);
  if (v['passwordEnv'] !== undefined && !(typeof v['passwordEnv'] === 'string' && ENV_NAME.test(v['passwordEnv']))) issues.push(`${at}.passwordEnv: must name an environment variable`);
  const labels = v['labels'];
  if (labels !== undefined && !(isObject(labels) && Object.values(labels).every((x) => typeof x === 'string'))) issues.push(`${at}.labels: must be an object of string values`);
  if (issues.length > before) return undefined;
  const h = v as unknown as SshHostWritten;
  return { ...h, key: h.key === undefined ? undefined : abs(h.key), knownHosts: h.knownHosts === undefined ? undefined : abs(h.knownHosts) };
}

/** The "ssh" section; returns the normalised settings (paths absolute). */
export function validateSsh(raw: unknown, issues: string[], abs: (p: string) => string): SshSettings {
  if (raw === undefined) return {};
  if (!isObject(raw)) return (issues.push('ssh: must be an object'), {});
  for (const k of Object.keys(raw)) if (!SSH_KEYS.includes(k) && k !== 'password') issues.push(`ssh.${k}: unknown key (known: ${SSH_KEYS.join(', ')})`);
  for (const k of ['knownHosts', 'key', 'user'] as const) if (raw[k] !== undefined && !str(raw[k])) issues.push(`ssh.${k}: must be a non-empty string`);
  for (const k of ['acceptNewHostKeys', 'insecureSkipHostKeyCheck'] as const) if (raw[k] !== undefined && typeof raw[k] !== 'boolean') issues.push(`ssh.${k}: must be true or false`);
  if (raw['passwordEnv'] !== undefined && !(typeof raw['passwordEnv'] === 'string' && ENV_NAME.test(raw['passwordEnv']))) issues.push('ssh.passwordEnv: must name an environment variable');
  if ('password' in raw) issues.push('ssh.password: passwords are never read from files; use passwordEnv: "VAR" (or --ssh-password-env)');
  if (raw['agent'] !== undefined && typeof raw['agent'] !== 'boolean' && !str(raw['agent'])) issues.push('ssh.agent: must be true, false or the agent socket path');
  for (const k of ['keepaliveIntervalMs', 'connectTimeoutMs'] as const) if (raw[k] !== undefined && !(Number.isInteger(raw[k]) && (raw[k] as number) >= 100)) issues.push(`ssh.${k}: must be an integer ≥ 100 (milliseconds)`);
  if (raw['connectAttempts'] !== undefined && !(Number.isInteger(raw['connectAttempts']) && (raw['connectAttempts'] as number) >= 1)) issues.push('ssh.connectAttempts: must be an integer ≥ 1');
  let hosts: SshHostWritten[] | undefined;
  if (raw['hosts'] !== undefined) {
    if (!Array.isArray(raw['hosts'])) issues.push('ssh.hosts: must be a list of host objects');
    else hosts = raw['hosts'].map((h: unknown, i) => validateSshHost(h, `ssh.hosts.${i}`, issues, abs)).filter((h): h is SshHostWritten => h !== undefined);
  }
  const s = raw as SshSettings;
  return { ...s, knownHosts: s.knownHosts === undefined ? undefined : abs(s.knownHosts), key: s.key === undefined ? undefined : abs(s.key), hosts };
}
