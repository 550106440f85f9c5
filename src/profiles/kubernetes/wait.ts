// Waiting until the expected pods are Ready, with progress, a fast failure for hopeless pods and a timeout naming each stuck pod and why.
import type { V1Pod } from '@kubernetes/client-node';
import { EnvironmentError } from '../../errors.js';
import type { StepLogger } from '../../plugins/types.js';
import type { Kube } from './client.js';
import { describePod, hopeless } from './diagnose.js';
import type { PodWatch } from './pod-watch.js';
import { isPodReady } from './pod-watch.js';

export interface WaitOptions {
  timeoutMs: number;
  log: StepLogger;
  signal?: AbortSignal;
  /** Minimum time between progress lines. @default 2000 */
  progressEveryMs?: number;
}

const MAX_NAMED = 5;

/** Resolve with the pods (in `names` order) once all are Ready; throw PERFGATE_K8S_PODS_NOT_READY naming the stuck ones. */
export async function waitForReady(kube: Kube, namespace: string, watch: PodWatch, names: readonly string[], o: WaitOptions): Promise<V1Pod[]> {
  const started = Date.now();
  const ready = () => names.filter((n) => {
    const p = watch.pods.get(n);
    return p !== undefined && isPodReady(p);
  }).length;
  let lastCount = -1;
  let lastLog = 0;
  const every = o.progressEveryMs ?? 2000;
  const progress = () => {
    const n = ready();
    if (n !== lastCount && (Date.now() - lastLog >= every || n === names.length)) {
      lastCount = n;
      lastLog = Date.now();
      o.log.info(`pods Ready: ${n}/${names.length} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  };
  const ticker = setInterval(progress, Math.min(every, 1000));
  let ok: boolean;
  try {
    ok = await watch.until(() => (progress(), ready() === names.length || names.some((n) => {
      const p = watch.pods.get(n);
      return p !== undefined && hopeless(p);
    })), o.timeoutMs, o.signal);
  } finally {
    clearInterval(ticker);
  }
  if (o.signal?.aborted) throw o.signal.reason;
  if (ok && ready() === names.length) return names.map((n) => watch.pods.get(n) as V1Pod);
  const stuck = names.filter((n) => {
    const p = watch.pods.get(n);
    return p === undefined || !isPodReady(p);
  });
  const failedFast = stuck.some((n) => {
    const p = watch.pods.get(n);
    return p !== undefined && hopeless(p);
  });
  const named = stuck.slice(0, MAX_NAMED);
  const reasons = await Promise.all(named.map(async (n) => `${n}: ${await describePod(kube, namespace, n, watch.pods.get(n))}`));
  const more = stuck.length > named.length ? `; and ${stuck.length - named.length} more` : '';
  const when = failedFast ? `after ${((Date.now() - started) / 1000).toFixed(0)} s (will not recover)` : `after ${Math.round(o.timeoutMs / 1000)} s`;
  throw new EnvironmentError(`${stuck.length} of ${names.length} pods not Ready ${when}: ${reasons.join('; ')}${more}`, {
    code: 'PERFGATE_K8S_PODS_NOT_READY',
    hint: `kubectl -n ${namespace} describe pod ${stuck[0] ?? ''} shows the details${failedFast ? '' : '; raise "readyTimeout" if the cluster is just slow'}`,
  });
}
