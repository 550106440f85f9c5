// Remote exec of an argv: POSIX-quoted, wrapped so the command's process group can be killed on timeout or abort (not just its channel).
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import { EnvironmentError } from '../../../errors.js';
import type { PerfgateError } from '../../../errors.js';
import { ExecError } from '../exec-error.js';
import { quoteArgv, quoteWord } from '../shell-quote.js';
import type { ExecOptions, ExecResult } from '../types.js';
import type { ExitStatus, OpenedExec, SshConnection } from './connection.js';

/** Grace between SIGTERM and SIGKILL to the remote process group, and again before the channel is dropped. */
export const KILL_GRACE_MS = 2000;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PID_LINE = /PERFGATE_PID:([0-9a-f-]{36}):(\d+)\n/;

/**
 * The shell text sent to sshd. sshd runs it with the user's (POSIX) login shell as a new session, so the
 * shell's pid is the process-group id; it prints that pid, then `exec`s the argv, which keeps the pid.
 * Every word is single-quoted: nothing in argv, env or cwd is ever interpreted by the remote shell.
 */
export function remoteScript(argv: readonly string[], id: string, opts: Pick<ExecOptions, 'env' | 'cwd'> = {}): string {
  if (argv.length === 0) throw new TypeError('exec needs a non-empty argv');
  for (const w of [...argv, ...Object.entries(opts.env ?? {}).flat(), opts.cwd ?? '']) if (w.includes('\0')) throw new TypeError('argv, env and cwd cannot contain NUL bytes');
  const parts = [`echo "PERFGATE_PID:${id}:$$"`];
  const exports = [`PERFGATE_EXEC_ID=${id}`];
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (!ENV_NAME.test(k)) throw new TypeError(`invalid environment variable name ${JSON.stringify(k)}`);
    exports.push(`${k}=${quoteWord(v)}`);
  }
  parts.push(`export ${exports.join(' ')}`);
  if (opts.cwd !== undefined) parts.push(`cd ${quoteWord(opts.cwd)} || exit 127`);
  parts.push(`exec ${quoteArgv(argv)}`);
  return parts.join('; ');
}

/** Kill the process group `pid` (still ours while its channel is open). */
export const killCommand = (pid: number, signal: 'TERM' | 'KILL') => `kill -s ${signal} -- -${pid} 2>/dev/null || kill -s ${signal} ${pid} 2>/dev/null; true`;

/** Kill `pid`'s group only if it is still the command tagged `id` (after a reconnect the pid may have been reused). */
export const guardedKillCommand = (pid: number, id: string) => `if grep -qa 'PERFGATE_EXEC_ID=${id}' /proc/${pid}/environ 2>/dev/null; then ${killCommand(pid, 'KILL')}; fi`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Open the exec channel. Nothing has run yet, so it is safe to retry: once on a connection found dead
 * (reconnecting), and for a while when sshd refuses a session because closing ones still count.
 */
async function openChannel(conn: SshConnection, script: string, signal?: AbortSignal): Promise<OpenedExec> {
  for (let n = 0; ; n++) {
    const client = await conn.ready(signal);
    try {
      return await conn.openExec(client, script);
    } catch (e) {
      const code = (e as PerfgateError).code;
      const retry = (code === 'PERFGATE_SSH_CONNECTION_LOST' && n < 1) || (code === 'PERFGATE_SSH_CHANNEL_FAILED' && n < 20);
      if (!retry || signal?.aborted) throw e;
      if (code === 'PERFGATE_SSH_CONNECTION_LOST') conn.forget(client);
      await sleep(code === 'PERFGATE_SSH_CHANNEL_FAILED' ? 100 : 0);
    }
  }
}

/** Run argv on the connection's host; resolves or rejects like LocalTransport.exec. */
export async function remoteExec(conn: SshConnection, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const id = randomUUID();
  const script = remoteScript(argv, id, opts);
  const command = quoteArgv(argv);
  if (opts.signal?.aborted) throw opts.signal.reason;
  await conn.acquire(opts.signal);
  let released = false;
  const release = () => (released ? undefined : ((released = true), conn.release()));
  let ch: ClientChannel;
  let exit: ExitStatus;
  try {
    ({ channel: ch, exit } = await openChannel(conn, script, opts.signal));
  } catch (e) {
    release();
    throw e;
  }
  const started = performance.now();
  return new Promise<ExecResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let head = ''; // stdout before the pid line (login-shell noise is dropped)
    let pid: number | undefined;
    let exitCode: number | undefined;
    let signal: string | undefined;
    let timedOut = false;
    let aborted = false;
    let stopping = false;
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const outDec = new StringDecoder('utf8');
    const errDec = new StringDecoder('utf8');
    const emitOut = (text: string) => {
      if (text === '') return;
      stdout += text;
      opts.onStdout?.(text);
    };
    const onOut = (chunk: Buffer) => {
      const text = outDec.write(chunk);
      if (pid !== undefined) return emitOut(text);
      head += text;
      const m = PID_LINE.exec(head);
      if (m && m[1] === id) {
        pid = Number(m[2]);
        const rest = head.slice((m.index ?? 0) + m[0].length);
        head = '';
        if (stopping) void conn.runQuiet(killCommand(pid, 'TERM'));
        emitOut(rest);
      } else if (head.length > 65536) {
        emitOut(head);
        head = '';
        pid = -1; // no pid line: cannot kill by group, only close the channel
      }
    };
    const stop = () => {
      if (stopping) return;
      stopping = true;
      if (pid !== undefined && pid > 0) void conn.runQuiet(killCommand(pid, 'TERM'));
      timers.push(
        setTimeout(() => {
          if (pid !== undefined && pid > 0) void conn.runQuiet(killCommand(pid, 'KILL'));
          timers.push(setTimeout(() => finish(), KILL_GRACE_MS));
        }, KILL_GRACE_MS),
      );
    };
    const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), stop()), opts.timeoutMs) : undefined;
    const onAbort = () => ((aborted = true), stop());
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = () => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      release();
      try {
        ch.close();
      } catch {
        // already closed
      }
      ({ code: exitCode, signal } = exit);
      emitOut(head + outDec.end());
      const tail = errDec.end();
      if (tail) {
        stderr += tail;
        opts.onStderr?.(tail);
      }
      const durationMs = performance.now() - started;
      const cutOff = exitCode === undefined && signal === undefined;
      if (cutOff && pid !== undefined && pid > 0) {
        // the process may have outlived its channel: kill it now if the connection still works, else after reconnecting
        conn.queueAfterReconnect(guardedKillCommand(pid, id));
        void conn.runQuiet(guardedKillCommand(pid, id));
      }
      if (aborted) return reject(opts.signal?.reason ?? new Error('aborted'));
      if (cutOff && !stopping) {
        return reject(
          new EnvironmentError(`connection to host ${conn.endpoint.name} was lost while running: ${command}`, {
            code: 'PERFGATE_SSH_CONNECTION_LOST',
            hint: 'the command was cut off (its process is killed once the host is reachable again); the next command reconnects',
          }),
        );
      }
      const result: ExecResult = { command, exitCode, signal, stdout, stderr, durationMs, timedOut, failed: timedOut || exitCode !== 0 };
      if (result.failed && opts.reject !== false) reject(new ExecError(result, opts.timeoutMs));
      else resolve(result);
    };

    ch.on('data', onOut);
    ch.stderr.on('data', (chunk: Buffer) => {
      const text = errDec.write(chunk);
      if (text === '') return;
      stderr += text;
      opts.onStderr?.(text);
    });
    ch.on('close', finish);
    ch.on('error', () => undefined);
    if (opts.input !== undefined) ch.end(opts.input);
    else ch.end();
  });
}
