// Worker and driver pods as perfgate Targets: exec over the API, the pod IP as address, and the running fio server named in a label.
import type { V1Pod } from '@kubernetes/client-node';
import { k8sTarget } from '../../runner/targets/k8s.js';
import type { Target } from '../../runner/targets/types.js';
import { FIO_SERVER_LABEL } from '../../tests/fio/index.js';
import { CONTAINER } from './manifests.js';
import type { KubeRun } from './run-state.js';

export function workerTarget(run: KubeRun, pod: V1Pod): Target {
  const ip = pod.status?.podIP ?? '';
  return k8sTarget(run.kube.kc, { namespace: run.o.namespace, pod: pod.metadata?.name ?? '', container: CONTAINER }, ip, {
    role: 'fio-worker',
    node: pod.spec?.nodeName ?? '',
    // the pod's `fio --server` is already running: the fio test adopts it instead of starting one
    [FIO_SERVER_LABEL]: `${ip},${run.o.port}`,
  });
}

export function driverTarget(run: KubeRun, pod: V1Pod): Target {
  return k8sTarget(run.kube.kc, { namespace: run.o.namespace, pod: pod.metadata?.name ?? '', container: CONTAINER }, pod.status?.podIP ?? '', { role: 'fio-driver', node: pod.spec?.nodeName ?? '' });
}

/** Worker pod names for `count` replicas, in ordinal order. */
export function workerNames(stsName: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${stsName}-${i}`);
}
