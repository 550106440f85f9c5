// Retry policy for SSH connects: transient network failures are retried with back-off; key and auth failures are not.
import { PerfgateError } from '../../../errors.js';

/** Back-off before attempt n (0-based): 0, 0.3 s, 1 s, 2 s, … */
export function backoffMs(attempt: number): number {
  return attempt === 0 ? 0 : Math.min(300 * 3 ** (attempt - 1), 5000);
}

/** Codes worth another try: the host may come back (sshd restarting, a network blip). */
export const TRANSIENT_CODES = new Set(['PERFGATE_SSH_CONNECT_FAILED', 'PERFGATE_SSH_CONNECTION_LOST']);

export function isTransient(e: unknown): boolean {
  return e instanceof PerfgateError && TRANSIENT_CODES.has(e.code);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(t), reject(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Run `connect` up to `attempts` times while it fails transiently; the last error is thrown. */
export async function withRetries<T>(connect: (attempt: number) => Promise<T>, attempts: number, signal?: AbortSignal, onRetry?: (e: unknown, attempt: number) => void): Promise<T> {
  let last: unknown;
  for (let n = 0; n < Math.max(1, attempts); n++) {
    if (n > 0) {
      onRetry?.(last, n);
      await sleep(backoffMs(n), signal);
    }
    try {
      return await connect(n);
    } catch (e) {
      last = e;
      if (!isTransient(e)) throw e;
    }
  }
  throw last;
}
