// Why a pod is not Ready, in one phrase: Pending with its scheduler event, ImagePullBackOff, CrashLoopBackOff with the exit code, or a failing probe.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { Kube } from './client.js';

/** Waiting reasons that will not fix themselves: waiting longer only wastes the timeout. */
const HOPELESS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError', 'CreateContainerError']);

/** A pod that cannot become Ready without a change (bad image, config error, or a crash loop past 2 restarts). */
export function hopeless(p: V1Pod): boolean {
  const s = p.status?.containerStatuses?.[0];
  const reason = s?.state?.waiting?.reason ?? '';
  return HOPELESS.has(reason) || (reason === 'CrashLoopBackOff' && (s?.restartCount ?? 0) >= 2);
}

async function latestWarning(kube: Kube, namespace: string, name: string): Promise<CoreV1Event | undefined> {
  const events = await kube.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name}` }).catch(() => undefined);
  const warnings = (events?.items ?? []).filter((e) => e.type === 'Warning');
  const time = (e: CoreV1Event) => new Date(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? 0).getTime();
  return warnings.sort((a, b) => time(b) - time(a))[0];
}

/** `Pending: FailedScheduling: 0/3 nodes are available: ...`, `ImagePullBackOff: ...`, `CrashLoopBackOff (exit 1, 3 restarts): ...`. */
export async function describePod(kube: Kube, namespace: string, name: string, pod: V1Pod | undefined): Promise<string> {
  if (!pod) return 'not created (see kubectl describe statefulset for FailedCreate events)';
  const s = pod.status?.containerStatuses?.[0];
  const waiting = s?.state?.waiting;
  if (waiting?.reason) {
    const last = s?.lastState?.terminated;
    const extra = waiting.reason === 'CrashLoopBackOff' ? ` (exit ${last?.exitCode ?? '?'}, ${s?.restartCount ?? 0} restarts)` : '';
    const ev = await latestWarning(kube, namespace, name);
    return `${waiting.reason}${extra}: ${ev?.message ?? waiting.message ?? ''}`.trim();
  }
  const ev = await latestWarning(kube, namespace, name);
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase === 'Pending') {
    const sched = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    const why = ev ? `${ev.reason}: ${ev.message}` : (sched?.message ?? 'waiting to be scheduled');
    return `Pending: ${why}`;
  }
  if (phase === 'Running') return `Running but not Ready${ev ? `: ${ev.reason}: ${ev.message}` : ' (readiness probe failing: fio --server not listening)'}`;
  return `${phase}${ev ? `: ${ev.reason}: ${ev.message}` : ''}`;
}
