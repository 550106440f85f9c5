// The SSH transport and target: commands and file copies on a remote host over one reused ssh2 connection.
import type { ExecOptions, ExecResult, Target, Transport } from '../types.js';
import { SshConnection } from './connection.js';
import { remoteExec } from './exec.js';
import { download, upload } from './sftp.js';
import type { SshEndpoint, SshSecurity } from './types.js';

export { SshConnection } from './connection.js';
export type { SshEndpoint, SshSecurity } from './types.js';
export { DEFAULT_SECURITY, describeEndpoint } from './types.js';

export class SshTransport implements Transport {
  readonly kind = 'ssh';
  readonly connection: SshConnection;

  constructor(endpoint: SshEndpoint, security: SshSecurity) {
    this.connection = new SshConnection(endpoint, security);
  }

  /** Connect now (to fail early on a bad host, key or password); later calls reuse the connection. */
  async connect(signal?: AbortSignal): Promise<void> {
    await this.connection.ready(signal);
  }

  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
    return remoteExec(this.connection, argv, opts);
  }

  copyTo(localPath: string, remotePath: string): Promise<void> {
    return upload(this.connection, localPath, remotePath);
  }

  copyFrom(remotePath: string, localPath: string): Promise<void> {
    return download(this.connection, remotePath, localPath);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

/** A remote host as a target; `address` is what workloads on other hosts use to reach it (e.g. fio --client). */
export function sshTarget(endpoint: SshEndpoint, security: SshSecurity, labels: Readonly<Record<string, string>> = {}): Target {
  return {
    name: endpoint.name,
    address: endpoint.host,
    transport: new SshTransport(endpoint, security),
    labels: { kind: 'ssh', user: endpoint.user, port: String(endpoint.port), ...labels },
  };
}
