// Builds run-perf's SSH settings from flags, the config's "ssh" section and the environment (HOME, USER, SSH_AUTH_SOCK, password variables).
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { SshHostWritten, SshSettings } from '../config/types.js';
import type { EmitEvent } from '../runner/events.js';
import type { SshRunOptions } from '../runner/hosts.js';
import { DEFAULT_SECURITY } from '../runner/targets/ssh/index.js';
import type { RunPerfArgs } from './run-perf-args.js';

export function sshRunOptions(args: RunPerfArgs, cfg: SshSettings, configured: readonly SshHostWritten[], env: Readonly<Record<string, string | undefined>>, cwd: string, emit: EmitEvent): SshRunOptions {
  const home = env['HOME'] || homedir();
  const knownHosts = args.knownHosts ? resolve(cwd, args.knownHosts) : cfg.knownHosts;
  const userKnownHosts = join(home, '.ssh', 'known_hosts');
  return {
    security: {
      ...DEFAULT_SECURITY,
      knownHostsFiles: knownHosts ? [knownHosts] : [userKnownHosts, '/etc/ssh/ssh_known_hosts'],
      knownHostsWrite: knownHosts ?? userKnownHosts,
      acceptNewHostKeys: args.acceptNewHostKeys || cfg.acceptNewHostKeys === true,
      insecureSkipHostKeyCheck: args.insecureSkipHostKeyCheck || cfg.insecureSkipHostKeyCheck === true,
      defaultKeyFiles: ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(home, '.ssh', f)),
      agent: cfg.agent === false ? undefined : typeof cfg.agent === 'string' ? cfg.agent : env['SSH_AUTH_SOCK'] || undefined,
      keepaliveIntervalMs: cfg.keepaliveIntervalMs ?? DEFAULT_SECURITY.keepaliveIntervalMs,
      readyTimeoutMs: cfg.connectTimeoutMs ?? DEFAULT_SECURITY.readyTimeoutMs,
      connectAttempts: cfg.connectAttempts ?? DEFAULT_SECURITY.connectAttempts,
      onLog: (host, message) => emit({ kind: 'log', level: /NOT verified|accepted new|dropped/.test(message) ? 'warn' : 'info', source: `ssh ${host}`, message }),
    },
    defaultUser: args.sshUser ?? cfg.user ?? (env['USER'] || userInfo().username),
    defaultKeyFile: args.sshKey ? resolve(cwd, args.sshKey) : cfg.key,
    defaultPasswordEnv: args.sshPasswordEnv ?? cfg.passwordEnv,
    readPassword: (variable) => env[variable],
    configured,
  };
}
