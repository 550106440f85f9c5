// Kubernetes transport: runs argv in a pod over the WebSocket exec API (v5/v4 channels), kills it remotely on timeout/abort, copies files with exec+cat.
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
import { Exec } from '@kubernetes/client-node';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { EnvironmentError } from '../../errors.js';
import { ExecError } from './exec-error.js';
import { quoteArgv } from './shell-quote.js';
import type { ExecOptions, ExecResult, Target, Transport } from './types.js';
import { makeDirs } from '../../make-dirs.js';

/** Grace period between the remote SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2000;
/** How long to wait for the status frame after the remote kill before giving up on the socket. */
const SOCKET_GIVE_UP_MS = 5000;
const PID_MARK = 'PERFGATE_PID=';

/**
 * The shell wrapper every command runs in: report the PID on stderr (so a timeout can kill the command, since closing the
 * socket does not: kubernetes-client/javascript#2532), change directory, then exec the argv unchanged ("$@": no quoting).
 */
const WRAPPER = `printf '${PID_MARK}%s\\n' "$$" >&2; if [ -n "$1" ]; then cd "$1" || exit 126; fi; shift; exec "$@"`;

export interface PodRef {
  namespace: string;
  pod: string;
  container: string;
}

interface RawExec {
  status: Promise<V1Status>;
  close(): void;
  protocol: string;
}

/** One exec call with an options object instead of client-node's nine positional arguments. Resolves once the socket is open. */
async function openExec(kc: KubeConfig, ref: PodRef, command: string[], io: { stdout: Writable; stderr: Writable; stdin: PassThrough | null }): Promise<RawExec> {
  let settle: { resolve: (s: V1Status) => void; reject: (e: Error) => void } | undefined;
  const status = new Promise<V1Status>((resolve, reject) => (settle = { resolve, reject }));
  status.catch(() => undefined);
  let ws;
  try {
    ws = await new Exec(kc).exec(ref.namespace, ref.pod, ref.container, command, io.stdout, io.stderr, io.stdin, false, (s) => settle?.resolve(s));
  } catch (e) {
    throw connectError(ref, e);
  }
  // Exec resolves when the socket opens; a socket closing without a status frame is the only sign of a lost connection.
  ws.on('close', () => setTimeout(() => settle?.reject(new EnvironmentError(`exec in pod ${ref.namespace}/${ref.pod} lost its connection before the command ended`, { code: 'PERFGATE_K8S_EXEC_LOST', hint: 'the pod may have been deleted or restarted, or the API server went away; see kubectl describe pod' })), 50));
  return { status, close: () => ws.close(), protocol: ws.protocol };
}

function connectError(ref: PodRef, e: unknown): EnvironmentError {
  const detail = (e as { message?: string; error?: { message?: string } }).error?.message ?? (e as Error).message ?? String(e);
  return new EnvironmentError(`cannot exec in pod ${ref.namespace}/${ref.pod}: ${detail}`, {
    code: 'PERFGATE_K8S_EXEC_FAILED',
    hint: 'check that the pod is Running (kubectl get pod) and that you may create pods/exec in the namespace',
    cause: e,
  });
}

/** The exit code in a v4/v5 status: 0 on Success, `details.causes[reason=ExitCode]` on NonZeroExitCode, undefined otherwise. */
export function exitCodeOf(status: V1Status): number | undefined {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause?.message === undefined ? undefined : Number(cause.message);
}

function textSink(onText: (t: string) => void): Writable {
  const dec = new StringDecoder('utf8');
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      onText(dec.write(chunk));
      cb();
    },
    final(cb) {
      const rest = dec.end();
      if (rest) onText(rest);
      cb();
    },
  });
}

export class K8sTransport implements Transport {
  readonly kind = 'k8s';
  private readonly kc: KubeConfig;
  readonly ref: PodRef;

  constructor(kc: KubeConfig, ref: PodRef) {
    this.kc = kc;
    this.ref = ref;
  }

  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return this.run(argv, opts, opts.input === undefined ? undefined : Buffer.from(opts.input, 'utf8'));
  }

  private async run(argv: readonly string[], opts: ExecOptions, input: Buffer | undefined): Promise<ExecResult> {
    if (argv.length === 0) throw new TypeError('exec needs a non-empty argv');
    if (opts.signal?.aborted) throw opts.signal.reason;
    const command = quoteArgv(argv);
    const started = performance.now();
    const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`);
    const wrapped = ['sh', '-c', WRAPPER, 'perfgate', opts.cwd ?? '', ...(env.length > 0 ? ['env', ...env] : []), ...argv];
    let stdout = '';
    let stderr = '';
    let pid: string | undefined;
    /** A stop asked for before the command reported its PID: kill as soon as the PID arrives. */
    let stopRequested = false;
    let head = '';
    const stdin = input === undefined ? null : new PassThrough();
    const raw = await openExec(this.kc, this.ref, wrapped, {
      stdout: textSink((t) => ((stdout += t), opts.onStdout?.(t))),
      stderr: textSink((t) => {
        if (pid === undefined) {
          head += t;
          const nl = head.indexOf('\n');
          if (nl < 0) return;
          const first = head.slice(0, nl);
          pid = first.startsWith(PID_MARK) ? first.slice(PID_MARK.length) : '';
          if (stopRequested) void this.killRemote(pid);
          t = first.startsWith(PID_MARK) ? head.slice(nl + 1) : head;
          head = '';
          if (t === '') return;
        }
        stderr += t;
        opts.onStderr?.(t);
      }),
      stdin,
    });
    if (stdin) {
      if (raw.protocol !== 'v5.channel.k8s.io') {
        raw.close();
        throw new EnvironmentError(`exec in pod ${this.ref.namespace}/${this.ref.pod}: the API server speaks ${raw.protocol || 'an old exec protocol'}, and sending stdin needs v5.channel.k8s.io`, {
          code: 'PERFGATE_K8S_EXEC_NO_V5',
          hint: 'use Kubernetes ≥ 1.30 (or enable the TranslateStreamCloseWebsocketRequests feature gate)',
        });
      }
      stdin.end(input);
    }
    let timedOut = false;
    let aborted = false;
    let giveUp: NodeJS.Timeout | undefined;
    const stop = () => {
      stopRequested = true;
      if (pid !== undefined) void this.killRemote(pid);
      giveUp ??= setTimeout(() => raw.close(), KILL_GRACE_MS + SOCKET_GIVE_UP_MS);
    };
    const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), stop()), opts.timeoutMs) : undefined;
    const onAbort = () => ((aborted = true), stop());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    let status: V1Status | undefined;
    let lost: unknown;
    try {
      status = await raw.status;
    } catch (e) {
      lost = e;
    } finally {
      if (timer) clearTimeout(timer);
      if (giveUp) clearTimeout(giveUp);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    if (aborted) throw opts.signal?.reason ?? new Error('aborted');
    if (lost !== undefined && !timedOut) throw lost;
    const exitCode = status ? exitCodeOf(status) : undefined;
    if (status && exitCode === undefined && status.message) stderr += `${status.message}\n`;
    const result: ExecResult = { command, exitCode, stdout, stderr, durationMs: performance.now() - started, timedOut, failed: timedOut || exitCode !== 0 };
    if (result.failed && opts.reject !== false) throw new ExecError(result, opts.timeoutMs);
    return result;
  }

  /** Stop a command remotely: SIGTERM its process group (or the process), then SIGKILL after the grace period. */
  private async killRemote(pid: string | undefined): Promise<void> {
    if (!pid || !/^\d+$/.test(pid)) return;
    const kill = async (sig: string) => {
      const raw = await openExec(this.kc, this.ref, ['sh', '-c', `kill -${sig} -${pid} 2>/dev/null || kill -${sig} ${pid} 2>/dev/null; true`], { stdout: new PassThrough(), stderr: new PassThrough(), stdin: null }).catch(() => undefined);
      await raw?.status.catch(() => undefined);
    };
    await kill('TERM');
    await new Promise((r) => setTimeout(r, KILL_GRACE_MS));
    await kill('KILL');
  }

  async copyTo(localPath: string, remotePath: string): Promise<void> {
    const data = await readFile(localPath);
    await this.run(['sh', '-c', 'mkdir -p "$(dirname "$1")" && cat > "$1"', 'perfgate', remotePath], { timeoutMs: 600_000 }, data).catch((e: unknown) => {
      throw new EnvironmentError(`copy of ${localPath} to ${this.ref.pod}:${remotePath} failed: ${(e as Error).message}`, { code: 'PERFGATE_K8S_COPY_FAILED', hint: 'the image needs sh and cat, and the target folder must be writable', cause: e });
    });
  }

  async copyFrom(remotePath: string, localPath: string): Promise<void> {
    const chunks: Buffer[] = [];
    let err = '';
    const raw = await openExec(this.kc, this.ref, ['cat', remotePath], {
      stdout: new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }),
      stderr: textSink((t) => (err += t)),
      stdin: null,
    });
    const status = await raw.status;
    if (exitCodeOf(status) !== 0) throw new EnvironmentError(`copy of ${this.ref.pod}:${remotePath} failed: ${err.trim() || status.message}`, { code: 'PERFGATE_K8S_COPY_FAILED', hint: 'check that the file exists in the pod' });
    await makeDirs(dirname(localPath));
    await writeFile(localPath, Buffer.concat(chunks));
  }

  async close(): Promise<void> {}
}

/** A pod as a target: exec and copies go through the API server; `address` is the pod IP other pods reach it on. */
export function k8sTarget(kc: KubeConfig, ref: PodRef, address: string, labels: Readonly<Record<string, string>> = {}): Target {
  return { name: ref.pod, address, transport: new K8sTransport(kc, ref), labels: { kind: 'k8s', namespace: ref.namespace, pod: ref.pod, ...labels } };
}
