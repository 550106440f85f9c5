// Run one bisect child (build, run-perf, git bisect run, compare-perf) in its own process group, stopped as a group on abort.
import { spawn } from 'node:child_process';
import { killGroup, trackGroup, untrackGroup } from '../runner/targets/process-groups.js';

export interface ChildResult {
  /** Exit code, or undefined when the child was killed by a signal or did not start. */
  code: number | undefined;
  /** The signal that killed the child, if any. */
  signal: NodeJS.Signals | undefined;
  /** Why the child could not be started (e.g. ENOENT). */
  error: Error | undefined;
  /** The child stopped because of SIGINT/SIGTERM: ours (aborted), or its own (exit 130/143, killed by SIGINT/SIGTERM). */
  interrupted: boolean;
}

export interface ChildOptions {
  cwd: string;
  /** Aborted on SIGINT/SIGTERM of bisect-perf: the child's group gets the same signal, then SIGKILL after `graceMs`. */
  signal?: AbortSignal;
  /** Each chunk of stdout and stderr, as it arrives. */
  onOutput?: (chunk: string) => void;
  /** Time the child gets to stop on its own (run-perf marks its result folder incomplete) before SIGKILL. */
  graceMs?: number;
}

/** Exit codes of a process stopped by SIGINT or SIGTERM (128 + signal number, what shells and perfgate's CLIs use). */
const INTERRUPT_CODES = new Set([130, 143]);

/** The signal to forward: the one main.ts recorded as the abort reason, SIGTERM otherwise. */
function forwardedSignal(signal: AbortSignal): NodeJS.Signals {
  const reason: unknown = signal.reason;
  const name = reason instanceof Error ? reason.message : String(reason);
  return name === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
}

/** True when a finished child was stopped by SIGINT/SIGTERM (its own or one we forwarded). */
export function wasInterrupted(code: number | undefined, signal: NodeJS.Signals | undefined): boolean {
  return (code !== undefined && INTERRUPT_CODES.has(code)) || signal === 'SIGINT' || signal === 'SIGTERM';
}

/** Run argv; never rejects. Children get no stdin and their own process group (a terminal Ctrl-C reaches only bisect-perf, which forwards it). */
export function runChild(argv: readonly string[], opts: ChildOptions): Promise<ChildResult> {
  const [file = '', ...args] = argv;
  if (opts.signal?.aborted) return Promise.resolve({ code: undefined, signal: undefined, error: undefined, interrupted: true });
  return new Promise((resolvePromise) => {
    const child = spawn(file, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = child.pid;
    if (pgid !== undefined) trackGroup(pgid);
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      aborted = true;
      if (pgid === undefined || !opts.signal) return;
      killGroup(pgid, forwardedSignal(opts.signal));
      killTimer = setTimeout(() => killGroup(pgid, 'SIGKILL'), opts.graceMs ?? 10_000);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (c: string) => opts.onOutput?.(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => opts.onOutput?.(c));
    let error: Error | undefined;
    child.on('error', (e) => (error = e));
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (pgid !== undefined) {
        killGroup(pgid, 'SIGKILL'); // whatever the child left running in its group
        untrackGroup(pgid);
      }
      const c = code ?? undefined;
      const s = signal ?? undefined;
      resolvePromise({ code: c, signal: s, error, interrupted: aborted || wasInterrupted(c, s) });
    });
  });
}
