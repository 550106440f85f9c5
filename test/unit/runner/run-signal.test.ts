// followSignal: the run's signal follows the caller's, takes any number of listeners, and lets go of the caller's.
import { getMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followSignal } from '../../../src/runner/run-signal.js';

/** MaxListenersExceededWarning messages emitted while `f` runs (warnings arrive on a later tick). */
async function warningsDuring(f: () => void): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(w.name);
  process.on('warning', onWarning);
  try {
    f();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off('warning', onWarning);
  }
  return seen.filter((n) => n === 'MaxListenersExceededWarning');
}

describe('followSignal', () => {
  it('aborts with the caller’s reason, at once when the caller already aborted', () => {
    const outer = new AbortController();
    const { signal } = followSignal(outer.signal);
    expect(signal.aborted).toBe(false);
    outer.abort(new Error('SIGINT'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('SIGINT');
    expect(followSignal(outer.signal).signal.aborted).toBe(true);
  });

  it('takes a listener per command in flight without a leak warning', async () => {
    const many = (s: AbortSignal) => () => {
      for (let i = 0; i < 25; i++) s.addEventListener('abort', () => undefined);
    };
    // a plain signal warns past Node's default limit of 10 (the run-perf SSH test fails that way without followSignal)
    expect(getMaxListeners(new AbortController().signal)).toBe(10);
    expect(await warningsDuring(many(followSignal(new AbortController().signal).signal))).toEqual([]);
  });

  it('leaves no listener on the caller’s signal once released, so many runs can share it', async () => {
    const outer = new AbortController();
    const runs = () => {
      for (let i = 0; i < 25; i++) followSignal(outer.signal).release();
    };
    expect(await warningsDuring(runs)).toEqual([]);
    const { signal, release } = followSignal(outer.signal);
    release();
    outer.abort();
    expect(signal.aborted).toBe(false);
  });
});
