// A run's own abort signal: it follows the caller's and allows any number of listeners.
import { setMaxListeners } from 'node:events';

/**
 * A signal aborted (with the same reason) when `outer` is. A run listens on it once per command in flight
 * (every host's environment commands at once, parallel copies, fio workers), which is expected, not the leak
 * Node warns of past 10 listeners; the caller's own signal gets one listener, removed by `release`.
 */
export function followSignal(outer: AbortSignal): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const abort = () => controller.abort(outer.reason);
  if (outer.aborted) abort();
  else outer.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, release: () => outer.removeEventListener('abort', abort) };
}
