// SSH host and security settings: where a host is, how to log in, and how host keys are checked.

/** One SSH host (or jump host). */
export interface SshEndpoint {
  /** Short name used in results, transcripts and messages. */
  name: string;
  /** Address or DNS name. */
  host: string;
  port: number;
  user: string;
  /** Private key file; tried before the agent and the default keys. */
  keyFile?: string;
  /** Password, only when given explicitly (never written anywhere). */
  password?: string;
  /** Reach this host through another one (OpenSSH's ProxyJump). */
  jump?: SshEndpoint;
  /** Extra known_hosts file for this host (checked before the shared ones). */
  knownHosts?: string;
}

/** Settings shared by every SSH connection of a run. */
export interface SshSecurity {
  /** known_hosts files to verify against, in order (default: ~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts). */
  knownHostsFiles: readonly string[];
  /** Where accepted new keys are written (--accept-new-host-keys). */
  knownHostsWrite: string;
  acceptNewHostKeys: boolean;
  /** Accept any host key (explicit opt-in; a warning is logged per host). */
  insecureSkipHostKeyCheck: boolean;
  /** Keys tried when a host has none of its own (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa that exist). */
  defaultKeyFiles: readonly string[];
  /** ssh-agent socket (SSH_AUTH_SOCK), tried after the host's key. */
  agent?: string;
  /** Keep-alive probe interval; the connection counts as dead after keepaliveCountMax unanswered probes. */
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** Connect + handshake + auth time limit. */
  readyTimeoutMs: number;
  /** Connection attempts for transient failures (refused, reset, timed out). */
  connectAttempts: number;
  /** Called with notable events (connected, reconnecting, accepted a new key); never with secrets. */
  onLog?: (host: string, message: string) => void;
}

export const DEFAULT_SECURITY: Omit<SshSecurity, 'knownHostsFiles' | 'knownHostsWrite' | 'defaultKeyFiles'> = {
  acceptNewHostKeys: false,
  insecureSkipHostKeyCheck: false,
  keepaliveIntervalMs: 10_000,
  keepaliveCountMax: 3,
  readyTimeoutMs: 15_000,
  connectAttempts: 3,
};

/** `user@host:port` for messages. */
export function describeEndpoint(e: SshEndpoint): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${e.user}@${host}:${e.port}${e.jump ? ` via ${e.jump.name}` : ''}`;
}
