// The run-perf configuration: what a config file may hold (written form) and the normalised form the CLI merges flags into.

/** `"name"`, `["name", {options}]`, or run-perf's `"Name:{json}"`. */
export type WrittenItem = string | [string, Record<string, unknown>];

/** A perfgate config file (perfgate.config.{ts,js,mjs,json,yaml}, .perfgaterc, or package.json's "perfgate"). */
export interface PerfgateConfig {
  /** `name:address`, `name:user@address[:port]`, `address`, a name from ssh.hosts, or a host object. @default ["localhost:127.0.0.1"] */
  hosts?: (string | SshHostWritten)[];
  /** SSH settings shared by all SSH hosts (see docs/targets.md). */
  ssh?: SshSettings;
  /** @default ["Localhost"] */
  profiles?: WrittenItem[];
  tests?: WrittenItem[];
  /** npm packages or local paths (./my-plugin.js), optionally with options. */
  plugins?: WrittenItem[];
  /** @default ./result_YYYYMMDD_HHMMSS */
  output?: string;
  metadata?: Record<string, string | number | boolean>;
  /** @default 3 */
  retryTests?: number;
  hostSetupScript?: string;
  keepTmpFiles?: boolean;
  verbose?: number;
  log?: string;
}

export interface NormalizedItem {
  name: string;
  params: Record<string, unknown>;
}

/** A validated config; paths are absolute (relative to the config file's folder). */
export interface NormalizedConfig {
  file?: string;
  /** Folder plugins are resolved from: the config file's folder, else the working directory. */
  projectDir: string;
  hosts?: (string | SshHostWritten)[];
  ssh: SshSettings;
  profiles?: NormalizedItem[];
  tests?: NormalizedItem[];
  plugins: NormalizedItem[];
  output?: string;
  metadata: Record<string, string>;
  retryTests?: number;
  hostSetupScript?: string;
  keepTmpFiles?: boolean;
  verbose?: number;
  log?: string;
}

/** An SSH host in the config file. Passwords are never read from files: `passwordEnv` names an environment variable. */
export interface SshHostWritten {
  name: string;
  address: string;
  user?: string;
  /** @default 22 */
  port?: number;
  /** Private key file. */
  key?: string;
  passwordEnv?: string;
  /** Jump host: the name of a host in ssh.hosts or hosts, or `user@address[:port]`. */
  jump?: string;
  labels?: Record<string, string>;
  /** Extra known_hosts file for this host. */
  knownHosts?: string;
}

export interface SshSettings {
  /** known_hosts file to verify against and record accepted keys in. @default ~/.ssh/known_hosts (+ /etc/ssh/ssh_known_hosts) */
  knownHosts?: string;
  acceptNewHostKeys?: boolean;
  insecureSkipHostKeyCheck?: boolean;
  /** Default private key for hosts without their own. */
  key?: string;
  /** Default login. @default the current user */
  user?: string;
  passwordEnv?: string;
  /** Use ssh-agent: true (SSH_AUTH_SOCK, the default), false, or a socket path. */
  agent?: boolean | string;
  keepaliveIntervalMs?: number;
  connectTimeoutMs?: number;
  connectAttempts?: number;
  /** Named hosts usable in --hosts and as jump hosts without running tests on them. */
  hosts?: SshHostWritten[];
}
