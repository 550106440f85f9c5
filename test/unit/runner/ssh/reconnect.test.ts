// Connect retries: transient SSH failures are retried with back-off, host-key and auth failures are not.
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../../src/errors.js';
import { backoffMs, withRetries } from '../../../../src/runner/targets/ssh/reconnect.js';

const err = (code: string) => new EnvironmentError(code, { code });

describe('withRetries', () => {
  it('backs off 0, 0.3, 0.9, 2.7 s, capped at 5 s', () => {
    expect([0, 1, 2, 3, 4, 9].map(backoffMs)).toEqual([0, 300, 900, 2700, 5000, 5000]);
  });

  it('retries refused connections until one succeeds, reporting each retry', async () => {
    const seen: number[] = [];
    let calls = 0;
    const r = await withRetries(async () => (++calls < 2 ? Promise.reject(err('PERFGATE_SSH_CONNECT_FAILED')) : 'up'), 3, undefined, (_e, n) => seen.push(n));
    expect(r).toBe('up');
    expect(calls).toBe(2);
    expect(seen).toEqual([1]);
  });

  it('does not retry a host-key or auth failure, and throws the last transient error after all attempts', async () => {
    let calls = 0;
    await expect(withRetries(async () => (calls++, Promise.reject(err('PERFGATE_SSH_HOST_KEY_CHANGED'))), 3)).rejects.toThrow('PERFGATE_SSH_HOST_KEY_CHANGED');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetries(async () => (calls++, Promise.reject(err('PERFGATE_SSH_CONNECT_FAILED'))), 2)).rejects.toThrow('PERFGATE_SSH_CONNECT_FAILED');
    expect(calls).toBe(2);
  });

  it('stops waiting when aborted', async () => {
    const ac = new AbortController();
    const p = withRetries(async () => Promise.reject(err('PERFGATE_SSH_CONNECT_FAILED')), 5, ac.signal, () => ac.abort(new Error('stop')));
    await expect(p).rejects.toThrow('stop');
  });
});
