// ExecError: a command run through a Transport failed (exit code, signal, timeout or abort); carries the result.
import { PerfgateError } from '../../errors.js';
import type { ExecResult } from './types.js';

/** One line describing how a command ended, e.g. `exited with code 2`, `timed out after 5000 ms`. */
export function describeEnd(result: ExecResult, timeoutMs?: number): string {
  if (result.timedOut) return `timed out after ${timeoutMs ?? '?'} ms`;
  if (result.signal) return `was killed by ${result.signal}`;
  return `exited with code ${result.exitCode ?? '?'}`;
}

export class ExecError extends PerfgateError {
  readonly result: ExecResult;
  constructor(result: ExecResult, timeoutMs?: number) {
    const tail = result.stderr.trim().split('\n').slice(-3).join(' | ');
    super(`command failed: ${result.command} ${describeEnd(result, timeoutMs)}${tail ? `: ${tail}` : ''}`, {
      code: 'PERFGATE_EXEC_FAILED',
      kind: 'environment',
      hint: 'run the command by hand on that host to see why it fails',
    });
    this.name = 'ExecError';
    this.result = result;
  }
}
