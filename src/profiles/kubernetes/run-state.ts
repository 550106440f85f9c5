// The state of one Kubernetes profile run: API access, options, run id, what perfgate created, and the workers seen.
import type { Kube } from './client.js';
import type { KubernetesOptions } from './options.js';
import type { PodWatch } from './pod-watch.js';

export interface WorkerRecord {
  pod: string;
  node?: string;
  pod_ip?: string;
  image?: string;
  image_id?: string;
  pvc?: string;
  pv?: string;
  storage_class?: string;
  capacity?: string;
  csi_driver?: string;
  volume_handle?: string;
}

export interface KubeRun {
  kube: Kube;
  o: KubernetesOptions;
  runId: string;
  serverVersion?: string;
  /** True once perfgate created the namespace (revert then deletes the whole namespace). */
  createdNamespace: boolean;
  /** True once anything was created (revert has work to do). */
  created: boolean;
  watch?: PodWatch;
  /** Every worker pod the run used, across scale steps (for the metadata). */
  seen: Map<string, WorkerRecord>;
}

/** How to delete this run's objects by hand (printed with --keep, and at apply so a hard kill still leaves the recipe). */
export function deleteCommand(run: KubeRun): string {
  return run.createdNamespace
    ? `kubectl delete namespace ${run.o.namespace}`
    : `kubectl -n ${run.o.namespace} delete statefulset,service,pod,pvc -l perfgate.io/run-id=${run.runId}`;
}
