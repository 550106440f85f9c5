// The transport abstraction every target (local, ssh, k8s) implements: run argv, stream output, copy files.

export interface ExecOptions {
  /** Kill the command (the remote process too, not just the channel) after this many ms. */
  timeoutMs?: number;
  /** Abort: kill the command and reject with the abort reason. */
  signal?: AbortSignal;
  env?: Readonly<Record<string, string>>;
  cwd?: string;
  /** Text written to the command's stdin, then closed. */
  input?: string;
  /** Default true: a non-zero exit, signal or timeout rejects with ExecError. false: resolve with the result. */
  reject?: boolean;
  /** Streamed output, as it arrives. */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ExecResult {
  /** The argv as one display string, quoted for a POSIX shell (for logs and transcripts; secrets masked). */
  command: string;
  exitCode?: number;
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** Non-zero exit, a signal, a timeout or an abort. */
  failed: boolean;
}

/** How a target runs commands and moves files. Implementations: local, ssh, k8s (and fakes in tests). */
export interface Transport {
  readonly kind: 'local' | 'ssh' | 'k8s' | (string & {});
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Copy a local file to the target. */
  copyTo(localPath: string, remotePath: string): Promise<void>;
  /** Copy a file from the target to a local path. */
  copyFrom(remotePath: string, localPath: string): Promise<void>;
  /** Close connections; safe to call twice. */
  close(): Promise<void>;
}

/** A machine (or pod) workloads run on. */
export interface Target {
  /** Short name used in result ids, transcripts and metadata (e.g. `localhost`, `host1`, `fio-worker-0`). */
  readonly name: string;
  /** Address as the workload sees it (e.g. for `fio --client`). */
  readonly address: string;
  readonly transport: Transport;
  readonly labels: Readonly<Record<string, string>>;
}
