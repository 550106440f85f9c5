// Local transport: runs argv arrays as child processes in their own process group, killed as a group on timeout or abort.
import { spawn } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ExecError } from './exec-error.js';
import { killGroup, trackGroup, untrackGroup } from './process-groups.js';
import { quoteArgv } from './shell-quote.js';
import type { ExecOptions, ExecResult, Target, Transport } from './types.js';
import { makeDirs } from '../../make-dirs.js';

/** Grace period between SIGTERM and SIGKILL when stopping a command. */
const KILL_GRACE_MS = 2000;

export class LocalTransport implements Transport {
  readonly kind = 'local';

  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const [file, ...args] = argv;
    if (file === undefined) return Promise.reject(new TypeError('exec needs a non-empty argv'));
    const command = quoteArgv(argv);
    const started = performance.now();
    return new Promise((resolvePromise, rejectPromise) => {
      if (opts.signal?.aborted) {
        rejectPromise(opts.signal.reason);
        return;
      }
      const child = spawn(file, args, {
        cwd: opts.cwd,
        env: opts.env ? { ...process.env, ...opts.env } : process.env,
        detached: true, // own process group: we kill the whole tree, and a terminal Ctrl-C reaches only us
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const pgid = child.pid;
      if (pgid !== undefined) trackGroup(pgid);
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let aborted = false;
      let killTimer: NodeJS.Timeout | undefined;
      const stop = () => {
        if (pgid === undefined) return;
        killGroup(pgid, 'SIGTERM');
        killTimer ??= setTimeout(() => killGroup(pgid, 'SIGKILL'), KILL_GRACE_MS);
      };
      const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), stop()), opts.timeoutMs) : undefined;
      const onAbort = () => ((aborted = true), stop());
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8').on('data', (c: string) => ((stdout += c), opts.onStdout?.(c)));
      child.stderr.setEncoding('utf8').on('data', (c: string) => ((stderr += c), opts.onStderr?.(c)));
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input ?? '');
      let spawnError: Error | undefined;
      child.on('error', (e) => (spawnError = e));
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (pgid !== undefined) {
          killGroup(pgid, 'SIGKILL'); // leftovers the command forked into the background
          untrackGroup(pgid);
        }
        if (killTimer) clearTimeout(killTimer);
        const result: ExecResult = {
          command,
          exitCode: code ?? undefined,
          signal: signal ?? undefined,
          stdout,
          stderr: spawnError ? `${stderr}${spawnError.message}\n` : stderr,
          durationMs: performance.now() - started,
          timedOut,
          failed: spawnError !== undefined || timedOut || aborted || code !== 0,
        };
        if (aborted) rejectPromise(opts.signal?.reason ?? new Error('aborted'));
        else if (result.failed && opts.reject !== false) rejectPromise(new ExecError(result, opts.timeoutMs));
        else resolvePromise(result);
      });
    });
  }

  async copyTo(localPath: string, remotePath: string): Promise<void> {
    await makeDirs(dirname(remotePath));
    await copyFile(localPath, remotePath);
  }

  async copyFrom(remotePath: string, localPath: string): Promise<void> {
    await makeDirs(dirname(localPath));
    await copyFile(remotePath, localPath);
  }

  async close(): Promise<void> {}
}

/** The local machine as a target. */
export function localTarget(name = 'localhost', address = '127.0.0.1'): Target {
  return { name, address, transport: new LocalTransport(), labels: { kind: 'local' } };
}
