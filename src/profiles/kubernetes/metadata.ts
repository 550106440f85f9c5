// Per-worker facts for RUNPERF_METADATA: node, pod IP, image digest, PVC, PV, storage class and capacity.
import type { V1Pod } from '@kubernetes/client-node';
import { selector, VOLUME } from './manifests.js';
import type { KubeRun, WorkerRecord } from './run-state.js';

/** Remember each worker pod's facts (no API calls: this runs on the way to the first sample). */
export function recordWorkers(run: KubeRun, pods: readonly V1Pod[]): void {
  for (const p of pods) {
    const name = p.metadata?.name ?? '';
    const rec: WorkerRecord = {
      pod: name,
      node: p.spec?.nodeName,
      pod_ip: p.status?.podIP,
      image: p.status?.containerStatuses?.[0]?.image ?? p.spec?.containers[0]?.image,
      image_id: p.status?.containerStatuses?.[0]?.imageID || undefined,
      pvc: p.spec?.volumes?.find((v) => v.name === VOLUME)?.persistentVolumeClaim?.claimName,
    };
    run.seen.set(name, rec);
  }
}

/** Add claim and volume details to the recorded workers: one PVC list, then the PVs (best effort: metadata never fails a run). */
export async function resolveVolumes(run: KubeRun): Promise<void> {
  const { core } = run.kube;
  const claims = await core.listNamespacedPersistentVolumeClaim({ namespace: run.o.namespace, labelSelector: selector(run.runId) }).catch(() => undefined);
  const byName = new Map((claims?.items ?? []).map((c) => [c.metadata?.name ?? '', c]));
  await Promise.all(
    [...run.seen.values()].map(async (rec) => {
      const pvc = rec.pvc ? byName.get(rec.pvc) : undefined;
      if (!pvc) return;
      rec.pv = pvc.spec?.volumeName;
      rec.storage_class = pvc.spec?.storageClassName;
      rec.capacity = pvc.status?.capacity?.['storage'];
      if (!rec.pv || rec.csi_driver) return;
      const pv = await core.readPersistentVolume({ name: rec.pv }).catch(() => undefined);
      rec.csi_driver = pv?.spec?.csi?.driver;
      rec.volume_handle = pv?.spec?.csi?.volumeHandle;
    }),
  );
}

/** `environment_profile_Kubernetes`: the cluster, the options that shape the workers, and every worker used. */
export function profileInfo(run: KubeRun): Record<string, unknown> {
  const o = run.o;
  return {
    api_server: run.kube.server,
    server_version: run.serverVersion,
    namespace: o.namespace,
    run_id: run.runId,
    statefulset: `${o.name}-${run.runId}`,
    image: o.image,
    storage_class: o.storageClass ?? '(cluster default)',
    volume_size: o.volumeSize,
    access_mode: o.accessMode,
    mount_path: o.mountPath,
    worker_counts: o.workers,
    driver: o.driver,
    node_selector: o.nodeSelector,
    workers: [...run.seen.values()].map((w) => Object.fromEntries(Object.entries(w).filter(([, v]) => v !== undefined))).sort((a, b) => a.pod.localeCompare(b.pod, undefined, { numeric: true })),
  };
}
